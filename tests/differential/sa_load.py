"""Loading a models file with SQLAlchemy 1.4, for the differential tests.

The models file is imported by path. Its own `create_engine(...)` call may
name a driver that is not installed (or the `postgres://` scheme that 1.4
rejects), and it may call `Base.metadata.create_all(engine)` at import time:
both are neutralised by replacing sqlalchemy.create_engine with a factory of
inert engines while the file is imported.
"""
import importlib.util
import sys
import uuid

import sqlalchemy
import sqlalchemy.engine
from sqlalchemy import MetaData


class _InertEngine:
    """What the models file's create_engine() returns: create_all/drop_all
    on it do nothing, and anything else it is asked for fails loudly."""

    def __init__(self, url):
        self.url = url

    def _run_ddl_visitor(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        raise RuntimeError(f"models file used engine.{name} at import time")


def _inert_create_engine(url, *args, **kwargs):
    return _InertEngine(url)


def load_module(path):
    """Imports the models file at `path` and returns the module."""
    saved = (sqlalchemy.create_engine, sqlalchemy.engine.create_engine)
    sqlalchemy.create_engine = _inert_create_engine
    sqlalchemy.engine.create_engine = _inert_create_engine
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
    """The module's MetaData: `Base.metadata` of its declarative base, or a
    module-level MetaData. Exactly one MetaData holding tables is expected."""
    found = []

    def add(md):
        if isinstance(md, MetaData) and all(md is not f for f in found):
            found.append(md)

    for value in vars(module).values():
        if isinstance(value, MetaData):
            add(value)
        elif isinstance(value, type):
            add(getattr(value, "metadata", None))
    with_tables = [md for md in found if md.tables]
    if len(with_tables) != 1:
        raise SystemExit(
            f"expected exactly one MetaData with tables in the models file, found {len(with_tables)}")
    return with_tables[0]


def load_metadata(path):
    return find_metadata(load_module(path))
