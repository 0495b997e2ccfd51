"""Runs query expressions through SQLAlchemy 1.4's ORM and prints, for each,
what `orm query --format json` and `--format repr` must print for the same
expression on the same database (the shapes and label rules of
src/orm/query/output.hpp), computed from SQLAlchemy's own result.

usage: /usr/bin/python3 sa_query.py MODELS URL < expressions (one per line)
Prints one JSON object per expression: {"json": TEXT, "repr": TEXT or null
(null for results holding entities, whose repr has a memory address),
"error": null or "NoResultFound: ..." / "MultipleResultsFound: ..."}.
"""
import ast
import base64
import datetime
import decimal
import importlib.util
import json
import sys
import warnings

import sqlalchemy
from sqlalchemy import and_, asc, case, create_engine, desc, false, func, literal, not_, null, or_, true
from sqlalchemy.orm import Query, Session, aliased, joinedload, selectinload
from sqlalchemy.orm.util import AliasedClass
from sqlalchemy.orm.exc import MultipleResultsFound, NoResultFound
from sqlalchemy.sql.functions import FunctionElement

warnings.filterwarnings("ignore")

TERMINALS = {"all", "first", "one", "one_or_none", "scalar", "count", "get"}


def load_models(path):
    spec = importlib.util.spec_from_file_location("models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def value_json(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return json.dumps(v)
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return json.dumps(v.isoformat())
    if isinstance(v, bytes):
        return json.dumps(base64.b64encode(v).decode())
    return json.dumps(v, ensure_ascii=False)


def entity_json(obj):
    if obj is None:
        return "null"
    mapper = sqlalchemy.inspect(obj).mapper
    parts = []
    for attr in mapper.column_attrs:
        parts.append(json.dumps(attr.key) + ": " + value_json(getattr(obj, attr.key)))
    # Relationships already in the instance dict were loaded eagerly (nothing
    # here triggers a lazy load: only loaded ones are read).
    for rel in mapper.relationships:
        if rel.key not in obj.__dict__:
            continue
        loaded = obj.__dict__[rel.key]
        if rel.uselist:
            parts.append(json.dumps(rel.key) + ": [" + ", ".join(entity_json(o) for o in loaded) + "]")
        else:
            parts.append(json.dumps(rel.key) + ": " + entity_json(loaded))
    return "{" + ", ".join(parts) + "}"


def labels_of(query):
    seen, out = {}, []
    for d in query.column_descriptions:
        name = d["name"]
        if not isinstance(name, str) or name.startswith("%("):
            name = d["expr"].name if isinstance(d["expr"], FunctionElement) else "anon"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else "%s_%d" % (name, seen[name]))
    return out


def is_entity(d):
    return isinstance(d["expr"], (type, AliasedClass))


def row_json(query, row):
    descs = query.column_descriptions
    if len(descs) == 1 and is_entity(descs[0]):
        return entity_json(row)
    labels = labels_of(query)
    parts = []
    for label, d, item in zip(labels, descs, row):
        parts.append(json.dumps(label) + ": " + (entity_json(item) if is_entity(d) else value_json(item)))
    return "{" + ", ".join(parts) + "}"


def has_entities(query):
    return any(is_entity(d) for d in query.column_descriptions)


def run(expr, namespace, session):
    tree = ast.parse(expr, mode="eval").body
    terminal = "all"
    query_expr = expr
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Attribute) and tree.func.attr in TERMINALS:
        terminal = tree.func.attr
        query_expr = ast.unparse(tree.func.value)
    query = eval(query_expr, namespace)
    if isinstance(query, (type, AliasedClass)):
        query = session.query(query)
    assert isinstance(query, Query), expr
    result = query.all() if terminal == "all" else eval(expr, namespace)
    if terminal == "all":
        rows = result
        text = "[]\n" if not rows else "[\n" + ",\n".join(row_json(query, r) for r in rows) + "\n]\n"
        rep = None if has_entities(query) else repr(rows) + "\n"
        return text, rep
    if terminal == "count":
        return str(result) + "\n", repr(result) + "\n"
    if terminal == "scalar":
        if has_entities(query):
            return (entity_json(result) if result is not None else "null") + "\n", None
        return value_json(result) + "\n", repr(result) + "\n"
    # first / one / one_or_none / get: a row or None
    if terminal == "get":
        return entity_json(result) + "\n", None
    text = ("null" if result is None else row_json(query, result)) + "\n"
    rep = None if has_entities(query) else repr(result) + "\n"
    return text, rep


def main():
    models = load_models(sys.argv[1])
    engine = create_engine(sys.argv[2])
    namespace = {name: getattr(models, name) for name in dir(models) if not name.startswith("_")}
    namespace.update(func=func, and_=and_, or_=or_, not_=not_, desc=desc, asc=asc, literal=literal,
                     joinedload=joinedload, selectinload=selectinload, aliased=aliased, case=case, null=null, true=true,
                     false=false, Decimal=decimal.Decimal)
    for line in sys.stdin:
        expr = line.strip()
        if not expr:
            continue
        session = Session(engine)
        namespace["session"] = session
        out = {"expr": expr, "json": None, "repr": None, "error": None}
        try:
            out["json"], out["repr"] = run(expr, namespace, session)
        except NoResultFound as e:
            out["error"] = "NoResultFound: " + str(e)
        except MultipleResultsFound as e:
            out["error"] = "MultipleResultsFound: " + str(e)
        session.close()
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
