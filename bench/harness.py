"""Shared helpers for the benchmark cases (bench/case_*.py)."""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"


def best_of(argv, repeat, env=None, cwd=None, stdin=None):
    """Best wall time in seconds of `repeat` runs of argv; fails loudly on a non-zero exit.
    `stdin` is a path read as the process's standard input."""
    best = None
    for _ in range(repeat):
        fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env, cwd=cwd, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if stdin:
            fin.close()
        if proc.returncode != 0:
            sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{proc.stderr.decode()}")
        best = elapsed if best is None else min(best, elapsed)
    return best


def measure(argv, env=None, cwd=None, stdin=None):
    """Run argv once: (wall seconds, peak RSS MiB). Fails loudly on a non-zero exit."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if stdin:
        fin.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"benchmark command failed ({code}): {' '.join(argv)}\n{err.decode()}")
    return elapsed, usage.ru_maxrss / 1024.0


def row(case, t_orm, anchor, t_anchor, target, met, note=""):
    """One line of the results table. Ratio = anchor time / orm time."""
    return {"case": case, "orm": t_orm, "anchor": anchor, "anchor_s": t_anchor,
            "target": target, "met": bool(met), "note": note}
