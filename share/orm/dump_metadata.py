#!/usr/bin/env python3
"""Write the metadata JSON that `orm --models schema.json` reads, from the
tables SQLAlchemy itself builds when it imports your models.

    python dump_metadata.py app.models:Base > schema.json
    python dump_metadata.py app.models:metadata --dialect sqlite > schema.json
    python dump_metadata.py app.models > schema.json
    python dump_metadata.py path/to/models.py[:Base] > schema.json

Run it with the Python that can import your project (SQLAlchemy 1.4 or 2.0),
from the directory your imports resolve from. TARGET is a module (dotted
name, or a .py file) and optionally ':' and an attribute: a MetaData, or
anything with a `.metadata` (a declarative base, a registry, Flask-
SQLAlchemy's `db`). Without the attribute, the module must hold exactly one
MetaData with tables (through a base class or directly).

No database is consulted. The JSON is the one `orm inspect --format json`
writes (documented in the README), for one dialect (--dialect, default
postgresql): names are the ones SQLAlchemy renders (naming conventions
applied), server defaults, CHECK bodies and index expressions are SQL text as
SQLAlchemy compiles them for that dialect, and TypeDecorators and
with_variant() are resolved to the type the dialect gets. Constructs the
format cannot carry (Sequence, postgresql_ops, ...) are named on
stderr.

Options:
  --dialect sqlite|postgresql   the dialect the SQL text is compiled for
  --no-engine                   while the module is imported, create_engine()
                                returns an engine that never connects (for
                                models that call create_all(engine) at import)
"""
import argparse
import importlib
import importlib.util
import json
import os
import sys

import sqlalchemy
from sqlalchemy import MetaData, create_mock_engine
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnClause, UnaryExpression
from sqlalchemy.types import TypeDecorator, UserDefinedType

FORMAT = "orm-metadata/1"
warnings = []


def warn(where, what):
    warnings.append(f"{where}: {what}")


# -- finding the MetaData ---------------------------------------------------


class _InertEngine:
    """create_engine()'s stand-in under --no-engine: create_all/drop_all do
    nothing, anything else fails loudly."""

    def __init__(self, url, *args, **kwargs):
        self.url = url

    def _run_ddl_visitor(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        raise RuntimeError(f"the models used engine.{name} while being imported (--no-engine)")


def import_module(name, inert_engine):
    saved = (sqlalchemy.create_engine, sqlalchemy.engine.create_engine)
    if inert_engine:
        sqlalchemy.create_engine = sqlalchemy.engine.create_engine = _InertEngine
    try:
        if name.endswith(".py") or os.sep in name:
            path = os.path.abspath(name)
            sys.path.insert(0, os.path.dirname(path))
            module_name = os.path.splitext(os.path.basename(path))[0]
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None:
                raise SystemExit(f"dump_metadata.py: cannot import {name}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
            return module
        sys.path.insert(0, os.getcwd())
        return importlib.import_module(name)
    finally:
        sqlalchemy.create_engine, sqlalchemy.engine.create_engine = saved


def metadata_of(value):
    if isinstance(value, MetaData):
        return value
    try:
        md = getattr(value, "metadata", None)
    except Exception:  # a descriptor that needs an instance or an app context
        return None
    return md if isinstance(md, MetaData) else None


def find_metadata(target, inert_engine):
    module_name, _, attribute = target.rpartition(":") if ":" in target else (target, "", "")
    module = import_module(module_name, inert_engine)
    if attribute:
        value = module
        for part in attribute.split("."):
            value = getattr(value, part)
        md = metadata_of(value)
        if md is None:
            raise SystemExit(f"dump_metadata.py: {target} is neither a MetaData nor has a .metadata")
        return md
    found = {}
    for name, value in vars(module).items():
        md = metadata_of(value)
        if md is not None and md.tables:
            found.setdefault(id(md), (name, md))
    if len(found) != 1:
        names = ", ".join(name for name, _ in found.values()) or "none"
        raise SystemExit(f"dump_metadata.py: expected one MetaData with tables in {module_name}, found {names}; "
                         f"name it as {module_name}:ATTRIBUTE")
    return next(iter(found.values()))[1]


# -- types --------------------------------------------------------------------


def is_projects(t):
    """A type defined outside SQLAlchemy (SQLAlchemy's own Interval and
    PickleType are TypeDecorators too, and orm knows them)."""
    return not type(t).__module__.startswith("sqlalchemy.")


def dialect_type(t, dialect):
    """The type the dialect gets: with_variant() and TypeDecorators resolved."""
    for _ in range(50):
        variants = getattr(t, "_variant_mapping", None)  # SQLAlchemy 2.0
        if variants and dialect.name in variants:
            t = variants[dialect.name]
        elif isinstance(t, TypeDecorator) and (is_projects(t) or type(t).__name__ == "Variant"):  # 1.4's with_variant
            t = t.load_dialect_impl(dialect)
        else:
            return t
    raise SystemExit(f"dump_metadata.py: TypeDecorator {t!r} does not resolve to a type")


def type_class(t):
    """SQLAlchemy's public class the type is (or derives from): a project's
    subclass of String is a String, the driver's _PGUUID a UUID."""
    for cls in type(t).__mro__:
        if cls.__module__.startswith("sqlalchemy.") and not cls.__name__.startswith("_"):
            return cls
    return type(t)


def enum_json(t):
    out = {"name": t.name, "schema": t.schema, "values": list(t.enums)}
    if not t.native_enum:
        out["native_enum"] = False
    longest = max((len(v) for v in t.enums), default=0)
    if getattr(t, "length", None) not in (None, longest):
        out["length"] = t.length
    return out


def type_json(t, dialect, where):
    t = dialect_type(t, dialect)
    if isinstance(t, UserDefinedType):
        raise SystemExit(f"dump_metadata.py: {where}: {type(t).__name__} is a UserDefinedType, which orm cannot render")
    cls = type_class(t)
    if cls.__name__ == "NullType":
        raise SystemExit(f"dump_metadata.py: {where}: the column has no type")
    try:
        sql = t.compile(dialect=dialect)
    except Exception:  # a PostgreSQL type on SQLite: as inspect writes it
        sql = cls.__name__
    out = {"class": cls.__name__, "sql": sql}
    if cls.__module__.startswith("sqlalchemy.dialects.postgresql"):
        out["dialect"] = "postgresql"
    is_enum = isinstance(t, sqlalchemy.Enum)
    if is_enum:
        out["enum"] = enum_json(t)
    elif getattr(t, "length", None) is not None:
        out["length"] = t.length
    precision = getattr(t, "precision", None)
    if isinstance(t, sqlalchemy.Interval) and not out.get("dialect"):
        precision = t.second_precision
    if precision is not None:
        out["precision"] = precision
    if getattr(t, "scale", None) is not None:
        out["scale"] = t.scale
    if getattr(t, "timezone", False) is True:
        out["timezone"] = True
    if getattr(t, "collation", None):
        out["collation"] = t.collation
    if getattr(t, "fields", None):
        out["fields"] = t.fields
    if isinstance(t, sqlalchemy.ARRAY):
        out["item_type"] = type_json(t.item_type, dialect, where)
        if t.dimensions is not None:
            out["dimensions"] = t.dimensions
    return out


# -- tables -------------------------------------------------------------------


class Dumper:
    def __init__(self, dialect):
        self.dialect = dialect
        self.ddl = dialect.ddl_compiler(dialect, None)
        self.sql = self.ddl.sql_compiler
        self.enums = {}

    def text(self, clause):
        if isinstance(clause, str):
            clause = sqlalchemy.text(clause)
        return self.sql.process(clause, include_table=False, literal_binds=True)

    def name(self, constraint):
        """The name SQLAlchemy renders: naming conventions applied, long
        conventional names truncated, unquoted."""
        if constraint.name is None:
            return None
        return self.ddl.preparer.format_constraint(constraint, _alembic_quote=False)

    def default(self, column):
        """The text after DEFAULT in SQLAlchemy's column specification."""
        text = self.ddl.get_column_default_string(column)
        if text is None:
            return None
        try:
            spec = self.ddl.get_column_specification(column)
        except Exception:  # a type the dialect cannot render
            return text
        # SQLite's compiler puts expressions in parentheses.
        return f"({text})" if f" DEFAULT ({text})" in spec else text

    def autoincrement(self, column):
        """The effective setting: SQLAlchemy's choice of autoincrement column
        also weighs Python-side defaults, which the format does not carry."""
        if column is column.table._autoincrement_column:
            return True
        if column.primary_key and column.autoincrement in ("auto", "ignore_fk"):
            return False
        return column.autoincrement

    def column(self, column, where):
        t = dialect_type(column.type, self.dialect)
        if isinstance(t, sqlalchemy.ARRAY):
            t = dialect_type(t.item_type, self.dialect)
        if isinstance(t, sqlalchemy.Enum) and t.native_enum and self.dialect.name == "postgresql":
            self.enums.setdefault((t.schema, t.name), {"name": t.name, "schema": t.schema, "values": list(t.enums)})
        out = {
            "name": column.name,
            "type": type_json(column.type, self.dialect, where),
            "nullable": bool(column.nullable),
            "default": self.default(column),
            "autoincrement": self.autoincrement(column),
            "comment": column.comment,
        }
        identity = getattr(column, "identity", None)
        if identity is not None:
            out["identity"] = "always" if identity.always else "by default"
            if any(getattr(identity, o, None) is not None for o in ("start", "increment", "minvalue", "maxvalue", "cache")):
                warn(where, "Identity()'s options are not in the format: orm creates the identity with defaults")
        computed = getattr(column, "computed", None)
        if computed is not None:
            out["computed"] = {"sqltext": self.text(computed.sqltext), "persisted": computed.persisted}
        if isinstance(column.default, sqlalchemy.Sequence):
            warn(where, "Sequence() is not in the format: orm creates no sequence")
        return out

    def index_expression(self, expr):
        desc = isinstance(expr, UnaryExpression) and expr.modifier is operators.desc_op
        inner = expr.element if desc else expr
        if isinstance(inner, ColumnClause) and inner.table is not None:
            return {"column": inner.name, "desc": desc}
        if not desc and self.dialect.name == "postgresql":
            inner = inner.self_group()  # operators in parentheses, as SQLAlchemy's PostgreSQL DDL has them
        return {"expression": self.text(inner), "desc": desc}

    def index(self, index, where):
        kwargs = index.dialect_kwargs
        prefix = self.dialect.name + "_"
        where_clause = kwargs.get(prefix + "where")
        include = kwargs.get("postgresql_include") or [] if self.dialect.name == "postgresql" else []
        for key, value in kwargs.items():
            if key.startswith(prefix) and key[len(prefix):] not in ("where", "using", "include") and value:
                warn(f"{where}: index {index.name}", f"{key} is not in the format")
        return {
            "name": self.name(index),
            "unique": bool(index.unique),
            "expressions": [self.index_expression(e) for e in index.expressions],
            "where": None if where_clause is None else self.text(where_clause),
            "using": (kwargs.get("postgresql_using") or None) if self.dialect.name == "postgresql" else None,
            "include": [c if isinstance(c, str) else c.name for c in include],
        }

    def deferrable(self, constraint):
        if constraint.deferrable is None:
            return None
        return "DEFERRABLE" if constraint.deferrable else "NOT DEFERRABLE"

    def foreign_key(self, fk, position):
        referred = fk.referred_table
        return {
            "name": self.name(fk),
            "columns": [e.parent.name for e in fk.elements],
            "referred_schema": referred.schema,
            "referred_table": referred.name,
            "referred_columns": [e.column.name for e in fk.elements],
            "ondelete": fk.ondelete,
            "onupdate": fk.onupdate,
            "match": fk.match,
            "deferrable": self.deferrable(fk),
            "initially": fk.initially,
            "use_alter": bool(fk.use_alter),
            "position": position,
        }

    def check(self, ck, position, column=None):
        return {"name": self.name(ck), "sqltext": self.text(ck.sqltext), "column": column, "position": position}

    def table(self, table):
        where = table.fullname
        pk = table.primary_key
        out = {
            "name": table.name,
            "schema": table.schema,
            "comment": table.comment,
            "columns": [self.column(c, f"{where}.{c.name}") for c in table.columns],
            # In the order CREATE TABLE lists them.
            "primary_key": {
                "name": self.name(pk) if pk.columns else None,
                "columns": [c.name for c in (pk.columns_autoinc_first if pk._implicit_generated else pk.columns)],
            },
            "foreign_keys": [],
            "unique_constraints": [],
            "check_constraints": [],
            "indexes": [self.index(ix, where) for ix in sorted(table.indexes, key=lambda ix: str(ix.name))],
            "options": {k: str(v) for k, v in table.dialect_kwargs.items()},
        }
        position = 0
        for c in table._sorted_constraints:
            if c is pk or (c._create_rule is not None and not c._create_rule(self.ddl)):
                continue
            if getattr(c, "initially", None) or getattr(c, "deferrable", None) is not None:
                if not isinstance(c, sqlalchemy.ForeignKeyConstraint):
                    warn(where, f"{type(c).__name__} {c.name}: deferrable/initially is not in the format")
            if isinstance(c, sqlalchemy.ForeignKeyConstraint):
                out["foreign_keys"].append(self.foreign_key(c, position))
            elif isinstance(c, sqlalchemy.UniqueConstraint):
                out["unique_constraints"].append({"name": self.name(c), "columns": [col.name for col in c.columns],
                                                  "position": position})
            elif isinstance(c, sqlalchemy.CheckConstraint):
                out["check_constraints"].append(self.check(c, position))
            else:
                warn(where, f"{type(c).__name__} is not in the format")
                continue
            position += 1
        # CHECKs given to Column(...): CREATE TABLE writes them after their column.
        for col in table.columns:
            for ck in sorted(col.constraints, key=lambda c: c._creation_order):
                out["check_constraints"].append(self.check(ck, position, col.name))
                position += 1
        return out

    def metadata(self, md):
        tables = [self.table(t) for t in md.tables.values()]
        return {
            "format": FORMAT,
            "dialect": self.dialect.name,
            "schema": md.schema,
            "tables": tables,
            "enums": sorted(self.enums.values(), key=lambda e: (e["schema"] or "", e["name"] or "")),
        }


def main(argv):
    parser = argparse.ArgumentParser(
        prog="dump_metadata.py", description="Write the metadata JSON orm reads (--models schema.json).")
    parser.add_argument("target", help="module[:attribute] or path/to/file.py[:attribute]")
    parser.add_argument("--dialect", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--no-engine", action="store_true",
                        help="create_engine() returns an engine that never connects while the module is imported")
    args = parser.parse_args(argv)
    md = find_metadata(args.target, args.no_engine)
    dialect = create_mock_engine(f"{args.dialect}://", None).dialect
    doc = Dumper(dialect).metadata(md)
    sys.stdout.write(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    for w in warnings:
        print(f"dump_metadata.py: warning: {w}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
