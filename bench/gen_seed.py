#!/usr/bin/python3
"""Seed data for the shop example (share/examples/shop/models.py), as orm seed
reads it and as the raw-floor loaders read it.

Usage:
  gen_seed.py json    OUT.json    CUSTOMERS ITEMS ORDERS LINES_PER_ORDER
  gen_seed.py ndjson  OUT.ndjson  CUSTOMERS ITEMS ORDERS LINES_PER_ORDER
  gen_seed.py csv     OUTDIR      CUSTOMERS ITEMS ORDERS LINES_PER_ORDER

json: one document {"Customer": [...], "Item": [...], "Order": [...]} with
  customers and items given "$id"s, each order naming its customer as
  "@c<n>" and holding its lines nested, each line naming its item "@i<n>".
ndjson: the same records one per line: items first (with "$id"s), then each
  customer with its orders nested in "orders" (so only the items need
  aliases, and memory can stay flat however many customers there are).
csv: the rows those records become (ids 1..N in file order, foreign keys
  resolved, created_on / updated_on / date_placed filled as SQLAlchemy
  stores them on SQLite), one file per table with a header line, for the
  sqlite3 shell's .import and psql's COPY.

The data is deterministic (a fixed random seed): every format holds the same rows.
"""
import json
import os
import random
import sys

STAMP = "2024-05-01 12:00:00.000000"
FIRST = ["Toby", "Scott", "John", "Sarah", "Maria", "Li", "Ahmed", "Olga", "Pedro", "Ines"]
LAST = ["Miller", "Harvey", "Lara", "Tomlin", "Garcia", "Wang", "Khan", "Ivanova", "Silva", "Costa"]
TOWNS = ["Wolfden", "Beckinsdale", "Norfolk", "Springfield", "Riverton", "Lakeside"]


def data(customers, items, orders, lines):
    rnd = random.Random(20240501)
    cs = []
    for n in range(1, customers + 1):
        f, l = FIRST[n % len(FIRST)], LAST[(n // 10) % len(LAST)]
        cs.append({"first_name": f, "last_name": l, "username": f"{f.lower()}{l.lower()}{n}",
                   "email": f"{f.lower()}.{l.lower()}{n}@example.com",
                   "address": f"{100 + n % 9000} {LAST[n % len(LAST)]} Street", "town": TOWNS[n % len(TOWNS)]})
    its = []
    for n in range(1, items + 1):
        cost = rnd.randint(100, 99999)
        its.append({"name": f"Item {n}", "cost_price": f"{cost // 100}.{cost % 100:02d}",
                    "selling_price": f"{(cost + 150) // 100}.{(cost + 150) % 100:02d}", "quantity": rnd.randint(0, 500)})
    os_ = []
    for n in range(1, orders + 1):
        os_.append({"customer": rnd.randint(1, customers),
                    "lines": [(rnd.randint(1, items), rnd.randint(1, 20)) for _ in range(lines)]})
    return cs, its, os_


def write_json(path, cs, its, os_):
    with open(path, "w") as f:
        f.write('{"Customer": [\n')
        f.write(",\n".join(json.dumps({"$id": f"c{n}", **c}) for n, c in enumerate(cs, 1)))
        f.write('\n],\n"Item": [\n')
        f.write(",\n".join(json.dumps({"$id": f"i{n}", **i}) for n, i in enumerate(its, 1)))
        f.write('\n],\n"Order": [\n')
        f.write(",\n".join(json.dumps({"customer": f"@c{o['customer']}",
                                        "line_items": [{"item": f"@i{i}", "quantity": q} for i, q in o["lines"]]})
                           for o in os_))
        f.write("\n]}\n")


def write_ndjson(path, cs, its, os_):
    by_customer = {}
    for o in os_:
        by_customer.setdefault(o["customer"], []).append(o)
    with open(path, "w") as f:
        for n, i in enumerate(its, 1):
            f.write(json.dumps({"Item": {"$id": f"i{n}", **i}}) + "\n")
        for n, c in enumerate(cs, 1):
            rec = dict(c)
            mine = by_customer.get(n)
            if mine:
                rec["orders"] = [{"line_items": [{"item": f"@i{i}", "quantity": q} for i, q in o["lines"]]}
                                 for o in mine]
            f.write(json.dumps({"Customer": rec}) + "\n")


def write_csv(outdir, cs, its, os_):
    # Row ids in the order orm and SQLAlchemy insert them: file order per table.
    # (The NDJSON file nests orders under customers, so its order ids differ;
    # the CSV rows match the JSON document.)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "customers.csv"), "w") as f:
        f.write("id,first_name,last_name,username,email,address,town,created_on,updated_on\n")
        for n, c in enumerate(cs, 1):
            f.write(f"{n},{c['first_name']},{c['last_name']},{c['username']},{c['email']},{c['address']},{c['town']},"
                    f"{STAMP},{STAMP}\n")
    with open(os.path.join(outdir, "items.csv"), "w") as f:
        f.write("id,name,cost_price,selling_price,quantity\n")
        for n, i in enumerate(its, 1):
            f.write(f"{n},{i['name']},{i['cost_price']},{i['selling_price']},{i['quantity']}\n")
    with open(os.path.join(outdir, "orders.csv"), "w") as f, open(os.path.join(outdir, "order_lines.csv"), "w") as g:
        f.write("id,customer_id,date_placed\n")
        g.write("id,order_id,item_id,quantity\n")
        line = 0
        for n, o in enumerate(os_, 1):
            f.write(f"{n},{o['customer']},{STAMP}\n")
            for i, q in o["lines"]:
                line += 1
                g.write(f"{line},{n},{i},{q}\n")


def main():
    kind, out = sys.argv[1], sys.argv[2]
    customers, items, orders, lines = (int(a) for a in sys.argv[3:7])
    cs, its, os_ = data(customers, items, orders, lines)
    {"json": write_json, "ndjson": write_ndjson, "csv": write_csv}[kind](out, cs, its, os_)


if __name__ == "__main__":
    main()
