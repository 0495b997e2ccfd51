"""Executes a SQL script read from stdin against a database URL, in one
transaction (for the hand-written SQLAlchemy 2.0 DDL in test_mapped20.cpp).
Statements end with ';' at the end of a line; `--` comment lines are skipped.

usage: /usr/bin/python3 sa_exec.py URL < script.sql
"""
import sys

from sqlalchemy import create_engine


def statements(script):
    current = []
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        if line.rstrip().endswith(";"):
            current.append(line.rstrip()[:-1])
            yield "\n".join(current)
            current = []
        else:
            current.append(line)
    if "".join(current).strip():
        yield "\n".join(current)


def main(argv):
    if len(argv) != 1:
        raise SystemExit(__doc__)
    engine = create_engine(argv[0])
    try:
        with engine.begin() as conn:
            for statement in statements(sys.stdin.read()):
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
