"""Shared helpers for the benchmark cases (bench/case_*.py)."""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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


def timed(argv, stdin=None, env=None, cwd=None):
    """Runs argv once: (wall seconds, user+system CPU seconds, peak RSS MiB); fails loudly."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if stdin:
        fin.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"benchmark command failed ({code}): {' '.join(argv)}\n{err.decode()[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def measure(argv, env=None, cwd=None, stdin=None):
    """Run argv once: (wall seconds, peak RSS MiB). Fails loudly on a non-zero exit."""
    wall, _cpu, rss = timed(argv, stdin=stdin, env=env, cwd=cwd)
    return wall, rss


def row(case, t_orm, anchor, t_anchor, target, met, note=""):
    """One line of the results table. Ratio = anchor time / orm time."""
    return {"case": case, "orm": t_orm, "anchor": anchor, "anchor_s": t_anchor,
            "target": target, "met": bool(met), "note": note}


PG_BIN = "/usr/lib/postgresql/15/bin"


class PgCluster:
    """A throwaway PostgreSQL 15 server on a private unix socket (run as postgres when root), tuned for
    benchmarks (no fsync), with a database `bench`; stop() or a with-block removes it."""

    def __init__(self):
        root = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
        self.dir = tempfile.mkdtemp(prefix="orm-bench-pg-", dir=root)
        self.data = os.path.join(self.dir, "data")
        self.user = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._run([f"{PG_BIN}/initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                   "--locale=C", "--no-sync", "--no-instructions"])
        self.server = subprocess.Popen(
            [f"{PG_BIN}/postgres", "-D", self.data, "-p", str(self.port), "-k", self.dir, "-c", "listen_addresses=",
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
             "-c", "autovacuum=off", "-c", "max_wal_size=4GB", "-c", "log_min_messages=warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=self._drop)
        for _ in range(600):
            if subprocess.run([f"{PG_BIN}/pg_isready", "-h", self.dir, "-p", str(self.port)],
                              stdout=subprocess.DEVNULL).returncode == 0:
                break
            time.sleep(0.1)
        else:
            self.stop()
            sys.exit("the benchmark's PostgreSQL server did not start")
        self.psql("CREATE DATABASE bench")

    def _drop(self):
        if self.user:
            os.setgid(self.user.pw_gid)
            os.setuid(self.user.pw_uid)

    def _run(self, argv):
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=self._drop)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed:\n{proc.stdout.decode()}")

    def url(self, db="bench", driver=""):
        """A URL of database `db` over the private socket (`driver`: e.g. psycopg2 for SQLAlchemy)."""
        scheme = f"postgresql+{driver}" if driver else "postgresql"
        return f"{scheme}://postgres@localhost:{self.port}/{db}?host={self.dir}"

    def create_database(self, name):
        self.psql(f'CREATE DATABASE "{name}"')

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def psql_argv(self, db="postgres"):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-p", str(self.port), "-U", "postgres",
                "-d", db]

    def psql(self, sql, db="postgres"):
        out = subprocess.run(self.psql_argv(db) + ["-At", "-c", sql], stdout=subprocess.PIPE, check=True)
        return out.stdout.decode().strip()

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGINT)
            self.server.wait(timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)
