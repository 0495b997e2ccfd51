#!/usr/bin/python3
"""What SQLAlchemy itself makes of a models file: the DDL its create_all()
emits for a dialect, statement by statement, for checking orm against
SQLAlchemy on a project (orm reads the same file without Python):

    python3 /usr/share/orm/dump_metadata.py models.py sqlite > sa.sql
    orm --url sqlite:// create-all --sql > orm.sql
    diff sa.sql orm.sql

usage: python3 dump_metadata.py MODELS.py [sqlite|postgresql]   (default sqlite)

Needs SQLAlchemy 1.4 (Debian: python3-sqlalchemy); no database is used.
The models file is imported by path; its own create_engine(...) returns an
inert engine while it is imported, so that a driver that is not installed,
or a create_all() run at import time, does nothing. The file's MetaData is
its declarative base's, or a module-level MetaData: exactly one holding
tables. Each statement is printed as SQLAlchemy compiles it for the
dialect, followed by ';' and a blank line, as orm's --sql output is.
"""
import importlib.util
import os
import sys
import uuid

import sqlalchemy
import sqlalchemy.engine
from sqlalchemy import MetaData, create_mock_engine


class _InertEngine:
    """What the models file's create_engine() returns while it is imported."""

    def __init__(self, url):
        self.url = url

    def _run_ddl_visitor(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        raise RuntimeError(f"the models file used engine.{name} while it was imported")


def _inert_create_engine(url, *args, **kwargs):
    return _InertEngine(url)


def load_module(path):
    saved = (sqlalchemy.create_engine, sqlalchemy.engine.create_engine)
    sqlalchemy.create_engine = sqlalchemy.engine.create_engine = _inert_create_engine
    # Imports of the project's other modules resolve from the models file's folder.
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        name = "orm_models_" + uuid.uuid4().hex
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sqlalchemy.create_engine, sqlalchemy.engine.create_engine = saved


def find_metadata(module):
    found = []
    for value in vars(module).values():
        md = value if isinstance(value, MetaData) else getattr(value, "metadata", None) if isinstance(value, type) else None
        if isinstance(md, MetaData) and md.tables and all(md is not f for f in found):
            found.append(md)
    if len(found) != 1:
        raise SystemExit(f"expected exactly one MetaData with tables in the models file, found {len(found)}")
    return found[0]


def create_all_ddl(metadata, dialect):
    statements = []

    def executor(ddl, *multiparams, **params):
        statements.append(str(ddl.compile(dialect=engine.dialect)).strip())

    engine = create_mock_engine(f"{dialect}://", executor)
    metadata.create_all(engine, checkfirst=False)
    return statements


def main(argv):
    if len(argv) not in (1, 2) or (len(argv) == 2 and argv[1] not in ("sqlite", "postgresql")):
        raise SystemExit(__doc__)
    metadata = find_metadata(load_module(argv[0]))
    for statement in create_all_ddl(metadata, argv[1] if len(argv) == 2 else "sqlite"):
        print(statement + ";\n")


if __name__ == "__main__":
    main(sys.argv[1:])
