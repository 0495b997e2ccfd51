#!/usr/bin/python3
"""Two orm binaries side by side: a change's "before" and "after" on the same
machine in the same run, taking turns run by run so that a noisy spell of the
host falls on both. Written for changes that must not cost speed (the
refactors of issue 17); the rows go to bench/results.json under "ab" and
into bench/README.md like every case.

Usage: bench/ab.py --before OLD/orm --after NEW/orm --label "235cf0b -> arch" [--runs 5]

Cases: the shop seed (310,000 rows from JSON, bench/gen_seed.py's shape)
into PostgreSQL and into SQLite, with psql's \\copy / the sqlite3 shell's
.import of the same rows as the floor each ratio is taken against; and
1,000,000 customers queried from PostgreSQL to CSV, with psql --csv as
the floor. The ratio column is before / after (1.0x: the same speed);
the note gives each binary's ratio to the floor, as the seed and query
cases report it.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile

from harness import HERE, PY, PgCluster, row, timed
import case_query
import case_seed
import run as bench_run

MODELS = case_seed.MODELS
TABLES = case_seed.TABLES


def turns(runs, reset, contenders):
    """Best (wall, cpu) of each contender (argv, stdin) over `runs` rounds, reset() before every run."""
    best = [None] * len(contenders)
    for _ in range(runs):
        for i, (argv, stdin) in enumerate(contenders):
            reset()
            wall, cpu, _ = timed(argv, stdin=stdin)
            if best[i] is None or wall < best[i][0]:
                best[i] = (wall, cpu)
    return best


def ab_row(case, before, after, floor, floor_name):
    note = (f"vs {floor_name} {floor[0]:.3f} s: before {floor[0] / before[0]:.2f}x, after {floor[0] / after[0]:.2f}x; "
            f"cpu before {before[1]:.2f} s, after {after[1]:.2f} s")
    return row(case, after[0], "before", before[0], "no regression (ratio >= 0.95x)",
               before[0] / after[0] >= 0.95, note)


def seed_cases(before, after, runs, workdir):
    json_path = os.path.join(workdir, "shop.json")
    csv_dir = os.path.join(workdir, "csv")
    shape = [str(n) for n in case_seed.SHAPE]
    subprocess.run([PY, os.path.join(HERE, "gen_seed.py"), "json", json_path] + shape, check=True)
    subprocess.run([PY, os.path.join(HERE, "gen_seed.py"), "csv", csv_dir] + shape, check=True)
    rows = []
    pg = PgCluster()
    try:
        subprocess.run([after, "--models", MODELS, "--url", pg.url(), "-q", "create-all"], check=True,
                       stdout=subprocess.DEVNULL)

        def reset_pg():
            pg.psql("TRUNCATE " + ", ".join(TABLES) + " RESTART IDENTITY", db="bench")

        copy_sql = os.path.join(workdir, "copy.sql")
        with open(copy_sql, "w") as f:
            for t in TABLES:
                f.write(f"\\copy {t} FROM '{os.path.join(csv_dir, t + '.csv')}' CSV HEADER\n")
        seed = lambda orm: ([orm, "--models", MODELS, "--url", pg.url(), "-q", "seed", json_path], None)
        b, a, floor = turns(runs, reset_pg, [seed(before), seed(after), (pg.psql_argv("bench") + ["-1", "-f", copy_sql], None)])
        rows.append(ab_row("seed shop JSON (310,000 rows), postgresql", b, a, floor, "psql \\copy"))
    finally:
        pg.stop()

    empty, db = os.path.join(workdir, "empty.db"), os.path.join(workdir, "bench.db")
    subprocess.run([after, "--models", MODELS, "--url", "sqlite:///" + empty, "-q", "create-all"], check=True,
                   stdout=subprocess.DEVNULL)
    import_sql = os.path.join(workdir, "import.sql")
    with open(import_sql, "w") as f:
        f.write("BEGIN;\n")
        for t in TABLES:
            f.write(f".import --csv --skip 1 {os.path.join(csv_dir, t + '.csv')} {t}\n")
        f.write("COMMIT;\n")
    seed = lambda orm: ([orm, "--models", MODELS, "--url", "sqlite:///" + db, "-q", "seed", json_path], None)
    b, a, floor = turns(runs, lambda: shutil.copyfile(empty, db),
                        [seed(before), seed(after), (["sqlite3", db], import_sql)])
    rows.append(ab_row("seed shop JSON (310,000 rows), sqlite", b, a, floor, "sqlite3 .import"))
    return rows


def query_cases(before, after, runs, workdir):
    pg = case_query.Postgres()
    try:
        case_query.make_postgres(after, pg, workdir, 1_000_000)
        query = lambda orm: ([orm, "--models", MODELS, "--url", pg.url(), "query", "session.query(Customer)",
                              "--format", "csv"], None)
        b, a, floor = turns(runs, lambda: None, [query(before), query(after),
                                                 (["psql", "-X", "--csv", pg.url(), "-c", "SELECT * FROM customers"], None)])
        return [ab_row("query 1M customers to CSV, postgresql", b, a, floor, "psql --csv")]
    finally:
        pg.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--label", required=True, help='what is compared, e.g. "235cf0b -> arch"')
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    workdir = tempfile.mkdtemp(prefix="orm-bench-ab-")
    try:
        rows = seed_cases(args.before, args.after, args.runs, workdir)
        rows += query_cases(args.before, args.after, args.runs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results_path = os.path.join(HERE, "results.json")
    with open(results_path) as f:
        results = json.load(f)
    results["ab"] = {
        "doc": (f"Before and after, side by side ({args.label}): bench/ab.py runs two orm binaries in turns, "
                f"best of {args.runs}; ratio = before / after (1.0x: the same speed). " + __doc__.split("\n\n")[2]
                .replace("\n", " ")),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; load {os.getloadavg()[0]:.1f}",
        "date": datetime.date.today().isoformat(),
        "rows": rows,
    }
    with open(results_path, "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write(bench_run.render(results))
    for r in rows:
        print(f"{r['case']}: before {r['anchor_s']:.3f} s, after {r['orm']:.3f} s; {r['note']}")


if __name__ == "__main__":
    sys.exit(main())
