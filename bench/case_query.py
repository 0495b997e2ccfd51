"""orm query (issue 4): 1,000,000 shop customers streamed to CSV and JSON beside
`sqlite3 -csv` / `psql --csv` for the same rows and SQLAlchemy 1.4's
session.query(Customer).all() + json.dumps; peak memory at 100k vs 1M rows;
one small query on SQLite, whole process included."""
import os
import shutil
import socket
import subprocess
import tempfile

from harness import PY, ROOT, best_of, measure, row

MODELS = os.path.join(ROOT, "share", "examples", "shop", "models.py")
PG_BIN = "/usr/lib/postgresql/15/bin"

SA_ALL_JSON = r"""
import importlib.util, json, sys, warnings
warnings.filterwarnings("ignore")
from sqlalchemy import create_engine, inspect
from sqlalchemy.orm import Session
spec = importlib.util.spec_from_file_location("models", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
session = Session(create_engine(sys.argv[2]))
keys = [a.key for a in inspect(m.Customer).column_attrs]
rows = session.query(m.Customer).all()
out = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in ((k, getattr(c, k)) for k in keys)} for c in rows]
sys.stdout.write(json.dumps(out))
"""

INSERT = ("INSERT INTO customers (id, first_name, last_name, username, email, address, town, created_on, updated_on) "
          "VALUES ({})")


def customer_rows(n):
    for i in range(1, n + 1):
        yield (i, f"First{i}", f"Last{i}", f"user{i}", f"user{i}@example.com", f"{i} Kinney Street",
               ("Norfolk", "Wolfden", "Beckinsdale")[i % 3], "2024-01-02 03:04:05.123456", "2024-01-02 03:04:05.123456")


def make_sqlite(orm, path, n):
    import sqlite3
    subprocess.run([orm, "--models", MODELS, "--url", "sqlite:///" + path, "create-all"], check=True,
                   stdout=subprocess.DEVNULL)
    db = sqlite3.connect(path)
    db.executemany(INSERT.format(",".join("?" * 9)), customer_rows(n))
    db.commit()
    db.close()


class Postgres:
    """A throwaway PostgreSQL 15 server in a temporary directory (trust auth)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="orm-bench-query-pg-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        data = os.path.join(self.dir, "data")
        subprocess.run(self.as_user + [f"{PG_BIN}/initdb", "-D", data, "-U", "postgres", "-A", "trust"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run(self.as_user + [f"{PG_BIN}/pg_ctl", "-D", data, "-w", "-l", os.path.join(self.dir, "log"),
                                       "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
                                       "start"], check=True, stdout=subprocess.DEVNULL)
        self.data = data

    def url(self, db="postgres"):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def psql(self, *args, stdin=None):
        return subprocess.run(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", self.url()] + list(args), check=True,
                              stdin=stdin, stdout=subprocess.DEVNULL)

    def stop(self):
        subprocess.run(self.as_user + [f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


def make_postgres(orm, pg, workdir, n):
    subprocess.run([orm, "--models", MODELS, "--url", pg.url(), "create-all"], check=True, stdout=subprocess.DEVNULL)
    csv = os.path.join(workdir, "customers.csv")
    with open(csv, "w") as f:
        for r in customer_rows(n):
            f.write(",".join(str(x) for x in r) + "\n")
    with open(csv) as f:
        pg.psql("-c", "COPY customers FROM STDIN WITH (FORMAT csv)", stdin=f)


def run(orm, repeat, workdir):
    rows = []
    n = 1_000_000
    db = os.path.join(workdir, "shop.db")
    make_sqlite(orm, db, n)
    url = "sqlite:///" + db
    base = [orm, "--models", MODELS, "--url", url, "query", "session.query(Customer)"]
    r = max(1, repeat // 2)
    t_csv = best_of(base + ["--format", "csv"], r)
    t_sqlite = best_of(["sqlite3", "-csv", "-header", db, "SELECT * FROM customers"], r)
    rows.append(row("query 1M customers to CSV, sqlite", t_csv, "sqlite3 -csv", t_sqlite,
                    "orm <= 1.3x sqlite3", t_csv <= 1.3 * t_sqlite))
    t_json = best_of(base + ["--format", "json"], r)
    script = os.path.join(workdir, "sa_all_json.py")
    with open(script, "w") as f:
        f.write(SA_ALL_JSON)
    t_sa = best_of([PY, script, MODELS, url], 1)
    rows.append(row("query 1M customers to JSON, sqlite", t_json, "SQLAlchemy 1.4 query(Customer).all() + json.dumps",
                    t_sa, "orm >= 10x faster", t_sa >= 10 * t_json))

    # Peak memory: the same query over 100k and over 1M rows.
    small = os.path.join(workdir, "shop100k.db")
    make_sqlite(orm, small, n // 10)
    _, mem_small = measure([orm, "--models", MODELS, "--url", "sqlite:///" + small, "query", "session.query(Customer)",
                            "--format", "json"])
    t_big, mem_big = measure(base + ["--format", "json"])
    rows.append(row("query to JSON, peak RSS 100k -> 1M rows, sqlite", t_big, "", None,
                    "flat (1M peak < 1.5x 100k peak)", mem_big < 1.5 * mem_small,
                    f"{mem_small:.1f} MiB -> {mem_big:.1f} MiB"))

    # One small query, whole process.
    t_small = best_of([orm, "--models", MODELS, "--url", url, "query",
                       "session.query(Customer.id, Customer.first_name).filter(Customer.id == 5).one()"], repeat)
    rows.append(row("one small query, sqlite, whole process", t_small, "", None, "< 20 ms", t_small < 0.020))

    pg = Postgres()
    try:
        make_postgres(orm, pg, workdir, n)
        pbase = [orm, "--models", MODELS, "--url", pg.url(), "query", "session.query(Customer)"]
        t_pcsv = best_of(pbase + ["--format", "csv"], r)
        t_psql = best_of(["psql", "-X", "--csv", pg.url(), "-c", "SELECT * FROM customers"], r)
        rows.append(row("query 1M customers to CSV, postgresql", t_pcsv, "psql --csv", t_psql,
                        "orm <= 1.3x psql", t_pcsv <= 1.3 * t_psql))
        t_pjson = best_of(pbase + ["--format", "json"], r)
        t_psa = best_of([PY, script, MODELS, pg.url()], 1)
        rows.append(row("query 1M customers to JSON, postgresql", t_pjson,
                        "SQLAlchemy 1.4 query(Customer).all() + json.dumps", t_psa, "orm >= 10x faster",
                        t_psa >= 10 * t_pjson))
    finally:
        pg.stop()
    return rows
