"""Prints the DDL SQLAlchemy 1.4 emits for a models file.

usage: /usr/bin/python3 sa_ddl.py MODELS.py sqlite|postgresql create|drop [--configure]

`create` is metadata.create_all() and `drop` is metadata.drop_all(), both
through create_mock_engine (checkfirst=False: no database is consulted), in
SQLAlchemy's own statement order. Each statement is printed as
str(ddl.compile(dialect=...)), stripped, followed by ';' and a blank line.
With --configure, the mappers are configured first (relationships checked),
so that a models file that SQLAlchemy could not use fails here.
"""
import sys

from sqlalchemy import create_mock_engine
from sqlalchemy.orm import configure_mappers

import sa_load


def emit(metadata, dialect, op):
    statements = []

    def executor(ddl, *multiparams, **params):
        statements.append(str(ddl.compile(dialect=engine.dialect)).strip())

    engine = create_mock_engine(f"{dialect}://", executor)
    if op == "create":
        metadata.create_all(engine, checkfirst=False)
    else:
        metadata.drop_all(engine, checkfirst=False)
    return statements


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 3 or args[1] not in ("sqlite", "postgresql") or args[2] not in ("create", "drop"):
        raise SystemExit(__doc__)
    metadata = sa_load.load_metadata(args[0])
    if "--configure" in argv:
        configure_mappers()
    for statement in emit(metadata, args[1], args[2]):
        print(statement + ";\n")


if __name__ == "__main__":
    main(sys.argv[1:])
