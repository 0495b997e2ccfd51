#!/usr/bin/python3
"""Clean build times of a source tree: `orm` first, then everything else
(the tests), each timed as `cmake --build -j2` runs it in a fresh build
directory (RelWithDebInfo, Ninja). Rows go to bench/results.json under
"build" beside the figures given for the tree before a change.

Usage: bench/build_times.py --source DIR --before-orm S --before-rest S --label "235cf0b -> arch"

The machine's other work weighs on these figures more than on the others
(two compilers fill both cores): the note gives the load average when each
build started.
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
import time

from harness import HERE, row
import run as bench_run


def timed_build(build_dir, target=None):
    load = os.getloadavg()[0]
    argv = ["cmake", "--build", build_dir, "-j2"] + (["--target", target] if target else [])
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, load


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--before-orm", type=float, required=True, help="seconds the orm target took before")
    ap.add_argument("--before-rest", type=float, required=True, help="seconds the rest (tests) took before")
    ap.add_argument("--label", required=True)
    args = ap.parse_args()
    build = tempfile.mkdtemp(prefix="orm-bench-build-")
    try:
        subprocess.run(["cmake", "-S", args.source, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
                       check=True, stdout=subprocess.DEVNULL)
        t_orm, load_orm = timed_build(build, "orm")
        t_rest, load_rest = timed_build(build)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    rows = [
        row("clean build of the orm target", t_orm, "before", args.before_orm, "(recorded, no target)", True,
            f"load {load_orm:.1f} at start"),
        row("then the rest (the tests)", t_rest, "before", args.before_rest, "(recorded, no target)", True,
            f"load {load_rest:.1f} at start"),
    ]
    results_path = os.path.join(HERE, "results.json")
    with open(results_path) as f:
        results = json.load(f)
    results["build"] = {
        "doc": (f"Clean build times ({args.label}), bench/build_times.py: `cmake --build -j2`, orm first, then "
                "everything else; ratio = before / after. Another engineer's builds shared the machine, so these "
                "figures are noisy: read them as an order of magnitude."),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "date": datetime.date.today().isoformat(),
        "rows": rows,
    }
    with open(results_path, "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write(bench_run.render(results))
    for r in rows:
        print(f"{r['case']}: before {r['anchor_s']:.0f} s, after {r['orm']:.0f} s ({r['note']})")


if __name__ == "__main__":
    sys.exit(main())
