"""Reflects a live database with SQLAlchemy 1.4's inspector into a
canonical JSON document, so that two databases built from the same models
(one by `orm create-all`, one by SQLAlchemy's create_all) compare equal
as text.

usage: /usr/bin/python3 sa_reflect.py URL

URL: sqlite:///path.db or postgresql://user@host/db (psycopg2).

The document: {"dialect", "tables": {name: {...}}, and on PostgreSQL
"enums" and "sequences"}. Per table: "columns" in ordinal order (name,
type as SQLAlchemy compiles the reflected type, nullable, server default
text, autoincrement when reflected, comment; on SQLite also the declared
type text from PRAGMA table_info), "comment", on SQLite "definition" (the
stored CREATE TABLE text, whitespace folded), "primary_key" (columns,
name), "foreign_keys", "unique_constraints", "check_constraints" and
"indexes", each sorted. Indexes carry the database's own definition
(PostgreSQL's pg_get_indexdef, SQLite's stored CREATE INDEX text with
whitespace folded), since the 1.4 inspector skips expression indexes and
SQLite partial-index predicates.
"""
import json
import re
import sys
import warnings

from sqlalchemy import create_engine, inspect, text


def fold(sql):
    return re.sub(r"\s+", " ", sql).strip() if sql is not None else None


def type_text(coltype, dialect):
    try:
        return coltype.compile(dialect=dialect)
    except Exception:  # NullType and friends: keep what there is
        return repr(coltype)


def sort_key(d):
    return json.dumps(d, sort_keys=True, default=str)


def reflect_table(insp, conn, dialect, name):
    table = {}
    declared = {}
    if dialect.name == "sqlite":
        for row in conn.exec_driver_sql(f'PRAGMA table_info("{name}")'):
            declared[row[1]] = row[2]
    columns = []
    for col in insp.get_columns(name):
        entry = {
            "name": col["name"],
            "type": type_text(col["type"], dialect),
            "nullable": col["nullable"],
            "default": col.get("default"),
            "comment": col.get("comment"),
        }
        if "autoincrement" in col:
            entry["autoincrement"] = col["autoincrement"]
        if dialect.name == "sqlite":
            entry["declared_type"] = declared.get(col["name"])
        columns.append(entry)
    table["columns"] = columns

    if dialect.name == "sqlite":
        # SQLite's schema is the stored CREATE TABLE text; the 1.4 inspector
        # misses unnamed CHECK constraints, so keep the text (whitespace folded).
        row = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        table["definition"] = fold(row[0]) if row else None

    try:
        table["comment"] = insp.get_table_comment(name).get("text")
    except NotImplementedError:
        table["comment"] = None

    pk = insp.get_pk_constraint(name)
    table["primary_key"] = {"columns": pk.get("constrained_columns") or [], "name": pk.get("name")}

    fks = []
    for fk in insp.get_foreign_keys(name):
        options = {k: v for k, v in (fk.get("options") or {}).items() if v is not None}
        fks.append({
            "name": fk.get("name"),
            "columns": fk["constrained_columns"],
            "referred_schema": fk.get("referred_schema"),
            "referred_table": fk["referred_table"],
            "referred_columns": fk["referred_columns"],
            "options": options,
        })
    table["foreign_keys"] = sorted(fks, key=sort_key)

    uqs = [{"name": uq.get("name"), "columns": uq["column_names"]}
           for uq in insp.get_unique_constraints(name)]
    table["unique_constraints"] = sorted(uqs, key=sort_key)

    cks = [{"name": ck.get("name"), "sqltext": fold(ck["sqltext"])}
           for ck in insp.get_check_constraints(name)]
    table["check_constraints"] = sorted(cks, key=sort_key)

    definitions = {}
    if dialect.name == "sqlite":
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (name,))
    else:
        rows = conn.execute(
            text("SELECT indexname, indexdef FROM pg_indexes "
                 "WHERE schemaname = current_schema() AND tablename = :t"), {"t": name})
    for row in rows:
        definitions[row[0]] = fold(row[1])
    indexes = []
    seen = set()
    for ix in insp.get_indexes(name):
        seen.add(ix["name"])
        entry = {
            "name": ix["name"],
            "columns": ix["column_names"],
            "unique": bool(ix["unique"]),
            "definition": definitions.get(ix["name"]),
        }
        if ix.get("dialect_options"):
            entry["dialect_options"] = {k: str(v) for k, v in ix["dialect_options"].items()}
        if ix.get("duplicates_constraint"):
            entry["duplicates_constraint"] = ix["duplicates_constraint"]
        indexes.append(entry)
    # What the inspector skipped (expression indexes) or hides (SQLite's
    # automatic indexes, PostgreSQL's constraint-backed ones), by definition.
    for ix_name, definition in definitions.items():
        if ix_name not in seen:
            if dialect.name == "sqlite" and definition is None:
                indexes.append({"name": ix_name, "automatic": True})
            else:
                indexes.append({"name": ix_name, "definition": definition})
    table["indexes"] = sorted(indexes, key=sort_key)
    return table


def reflect(url):
    engine = create_engine(url)
    try:
        with engine.connect() as conn, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            insp = inspect(conn)
            dialect = engine.dialect
            doc = {"dialect": dialect.name, "tables": {}}
            for name in sorted(insp.get_table_names()):
                doc["tables"][name] = reflect_table(insp, conn, dialect, name)
            if dialect.name == "postgresql":
                doc["enums"] = sorted(
                    ({"name": e["name"], "schema": e.get("schema"), "labels": e["labels"]}
                     for e in insp.get_enums()),
                    key=sort_key)
                doc["sequences"] = sorted(insp.get_sequence_names())
            return doc
    finally:
        engine.dispose()


def main(argv):
    if len(argv) != 1:
        raise SystemExit(__doc__)
    print(json.dumps(reflect(argv[0]), indent=1, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
