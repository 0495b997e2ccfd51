#!/usr/bin/python3
"""Clean build times of two source trees, before and after a change: `orm`
first, then everything else (the tests), each as `cmake --build` runs it in a
fresh build directory (RelWithDebInfo, Ninja). The two trees build side by
side, one job each, so that whatever else the machine does weighs on both
alike. Rows go to bench/results.json under "build".

Usage: bench/build_times.py --before DIR --after DIR --label "235cf0b -> 568fac4" [--orm-only]

Two figures per build: wall seconds, and the CPU seconds (user + system) of
the compilers and linkers it ran. Wall time depends on what else the machine
runs; CPU time hardly does, so the ratio is taken on CPU time and the load
average at each start is noted.
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
import threading
import time

from harness import HERE, row
import run as bench_run


def timed_build(build_dir, target=None):
    """(wall seconds, CPU seconds, load average at start) of one cmake --build -j1."""
    load = os.getloadavg()[0]
    argv = ["cmake", "--build", build_dir, "-j1"] + (["--target", target] if target else [])
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)   # the rusage of this build and every process it waited for
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode})")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, load


def clean_build(source, out, orm_only=False):
    """Times of the orm target and of the rest, in a fresh build directory that is removed after."""
    build = tempfile.mkdtemp(prefix="orm-bench-build-")
    try:
        subprocess.run(["cmake", "-S", source, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
                       check=True, stdout=subprocess.DEVNULL)
        out.append(timed_build(build, "orm"))
        if not orm_only:
            out.append(timed_build(build))
    finally:
        shutil.rmtree(build, ignore_errors=True)


def source_lines(tree, top):
    """Lines of C++ (.cpp and .hpp) under tree/top: what a clean build compiles, to read the times against."""
    total = 0
    for dirpath, _, files in os.walk(os.path.join(tree, top)):
        for name in files:
            if name.endswith((".cpp", ".hpp")):
                with open(os.path.join(dirpath, name), "rb") as f:
                    total += f.read().count(b"\n")
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True, help="source tree before the change")
    ap.add_argument("--after", required=True, help="source tree after the change")
    ap.add_argument("--label", required=True)
    ap.add_argument("--orm-only", action="store_true", help="only the orm target (the tests not built)")
    args = ap.parse_args()
    builds_wanted = 1 if args.orm_only else 2
    before, after = [], []
    builds = [threading.Thread(target=clean_build, args=(args.before, before, args.orm_only)),
              threading.Thread(target=clean_build, args=(args.after, after, args.orm_only))]
    for t in builds:
        t.start()
    for t in builds:
        t.join()
    if len(before) != builds_wanted or len(after) != builds_wanted:
        sys.exit("a build failed")
    rows = []
    for i, (case, top) in enumerate([("clean build of the orm target", "src"),
                                     ("then the rest (the tests)", "tests")][:builds_wanted]):
        (b_wall, b_cpu, b_load), (a_wall, a_cpu, a_load) = before[i], after[i]
        b_lines, a_lines = source_lines(args.before, top), source_lines(args.after, top)
        rows.append(row(f"{case}, CPU seconds", a_cpu, "before", b_cpu, "(recorded, no target)", True,
                        f"{top}/: {b_lines:,} -> {a_lines:,} lines of C++, CPU per 1,000 lines "
                        f"{1000 * b_cpu / b_lines:.1f} s -> {1000 * a_cpu / a_lines:.1f} s; "
                        f"wall {b_wall:.0f} s before (load {b_load:.1f} at start), {a_wall:.0f} s after "
                        f"(load {a_load:.1f})"))
    results_path = os.path.join(HERE, "results.json")
    with open(results_path) as f:
        results = json.load(f)
    results["build"] = {
        "doc": (f"Clean build times ({args.label}), bench/build_times.py: `cmake --build -j1` in a fresh "
                "RelWithDebInfo build directory, orm first, then everything else; the two trees built side by "
                "side in the same run. The figure is the CPU time of the compilers and linkers (user + system), "
                "which other work on the machine hardly moves; wall times are in the note. "
                "Ratio = before / after. Other work may land between the two trees, so the note gives each "
                "tree's lines of C++ and the CPU time per 1,000 lines."),
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
