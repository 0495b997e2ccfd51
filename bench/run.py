#!/usr/bin/python3
"""The benchmark harness: runs `orm` beside its anchors in one run, on this
machine, and writes the figures and ratios to bench/README.md.

Usage: bench/run.py [--orm build/orm] [--only NAME[,NAME]] [--repeat N]

Each case is a module bench/case_NAME.py with run(orm, repeat, workdir)
returning harness.row(...)s. Cases time whole processes (start-up included),
best of N runs, because that is what a user's CI script pays. Anchors run the
same work through the reference tools: SQLAlchemy 1.4 / Alembic 1.8 under
/usr/bin/python3, the sqlite3 and psql shells.

Results are kept in bench/results.json by case; a run with --only replaces
the rows of the cases it ran and keeps the others, and README.md is
rewritten from the whole file.
"""
import argparse
import datetime
import glob
import importlib
import json
import os
import platform
import sys
import tempfile

from harness import HERE, ROOT


def discover():
    names = sorted(os.path.basename(p)[len("case_"):-3] for p in glob.glob(os.path.join(HERE, "case_*.py")))
    return {n: importlib.import_module(f"case_{n}") for n in names}


def render(results):
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run.py` (run it after a Release build: `bench/run.py --orm build/orm`).",
        "Every figure is the best of several whole-process runs on the same machine in the same run;",
        "the ratio is anchor time / orm time (higher is better for orm).",
        "",
    ]
    for name in sorted(results):
        entry = results[name]
        lines += [f"## {name}", "", entry["doc"], "",
                  f"Machine: {entry['machine']}; run on {entry['date']}.", "",
                  "| case | orm (s) | anchor | anchor (s) | ratio | target | met | note |",
                  "| --- | ---: | --- | ---: | ---: | --- | --- | --- |"]
        for r in entry["rows"]:
            ratio = f"{r['anchor_s'] / r['orm']:.1f}x" if r["orm"] and r["anchor_s"] else ""
            anchor_s = f"{r['anchor_s']:.3f}" if r["anchor_s"] is not None else ""
            lines.append(f"| {r['case']} | {r['orm']:.3f} | {r['anchor']} | {anchor_s} | {ratio} | {r['target']} | "
                         f"{'yes' if r['met'] else 'NO'} | {r.get('note', '')} |")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orm", default=os.path.join(ROOT, "build", "orm"))
    ap.add_argument("--only", help="comma-separated case names")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--readme", default=os.path.join(HERE, "README.md"))
    ap.add_argument("--results", default=os.path.join(HERE, "results.json"))
    args = ap.parse_args()
    orm = os.path.abspath(args.orm)
    cases = discover()
    wanted = args.only.split(",") if args.only else list(cases)
    unknown = [w for w in wanted if w not in cases]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}; known: {', '.join(cases)}")
    results = {}
    if os.path.exists(args.results):
        with open(args.results) as f:
            results = json.load(f)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    for name in wanted:
        with tempfile.TemporaryDirectory() as workdir:
            rows = cases[name].run(orm, args.repeat, workdir)
        results[name] = {"doc": (cases[name].__doc__ or "").strip(), "machine": machine,
                         "date": str(datetime.date.today()), "rows": rows}
        with open(args.results, "w") as f:
            json.dump(results, f, indent=1)
    text = render(results)
    with open(args.readme, "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
