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


class PgCluster:
    """A throwaway PostgreSQL 15 server for one benchmark case: initdb into a
    temporary directory, listening on a private port of 127.0.0.1 (trust
    authentication), run as the `postgres` user when we are root, stopped
    and removed on exit. Use as a context manager; url(db) gives an orm URL,
    create_database(name) makes a database."""

    BIN = "/usr/lib/postgresql/15/bin"

    def __init__(self):
        import shutil
        import socket
        import tempfile
        self._shutil = shutil
        self.dir = tempfile.mkdtemp(prefix="orm-bench-pg-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.user = "postgres"

    def _as_server_user(self, argv):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--"] + argv
        return argv

    def __enter__(self):
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres:postgres", self.dir], check=True)
        data = os.path.join(self.dir, "data")
        subprocess.run(self._as_server_user([f"{self.BIN}/initdb", "-D", data, "-U", self.user, "-A", "trust",
                                             "-E", "UTF8", "--no-locale"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(self._as_server_user([f"{self.BIN}/pg_ctl", "-D", data, "-l", os.path.join(self.dir, "log"), "-w",
                                             "-o", f"-p {self.port} -h 127.0.0.1 -k {self.dir}", "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        self.data = data
        return self

    def __exit__(self, *exc):
        subprocess.run(self._as_server_user([f"{self.BIN}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, db, driver=""):
        scheme = f"postgresql+{driver}" if driver else "postgresql"
        return f"{scheme}://{self.user}@127.0.0.1:{self.port}/{db}"

    def psql(self, db, *args, stdin=None):
        """argv of psql against `db` (quiet, stop on error)."""
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
                "-d", db] + list(args)

    def create_database(self, name):
        subprocess.run(self.psql("postgres", "-c", f'CREATE DATABASE "{name}"'), check=True, stdout=subprocess.DEVNULL)
