"""Regenerates tests/sql/golden/*.sql: the DDL SQLAlchemy 1.4 emits for the
metadata that tests/sql/test_golden_ddl.cpp builds by hand (keep the two in
step). Run with a Python that has SQLAlchemy 1.4:

    /usr/bin/python3 tests/sql/golden_ddl.py

Each file holds create_all's statements, a "-- drop_all" line, then
drop_all's, each statement followed by ";" and a blank line. Each table's
CREATE INDEX statements are sorted (SQLAlchemy's order is arbitrary). The tests do not
need Python."""
import enum
import os
import warnings

from sqlalchemy import (ARRAY, BIGINT, BINARY, BLOB, BOOLEAN, CHAR, CLOB, DATE, DATETIME, DECIMAL, FLOAT,
                        INTEGER, NCHAR, NUMERIC, NVARCHAR, REAL, SMALLINT, TEXT, TIME, TIMESTAMP, VARBINARY,
                        VARCHAR, BigInteger, Boolean, CheckConstraint, Column, Date, DateTime, Enum, Float,
                        ForeignKey, ForeignKeyConstraint, Index, Integer, Interval, JSON, LargeBinary, MetaData,
                        Numeric, PickleType, PrimaryKeyConstraint, SmallInteger, String, Table, Text, Time,
                        UniqueConstraint, Unicode, UnicodeText, create_mock_engine, false, func, text, true)
from sqlalchemy.dialects import postgresql as pg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def sort_index_runs(stmts):
    """SQLAlchemy keeps Table.indexes in a set, so a table's CREATE INDEX
    statements come out in arbitrary order: sort each run of them."""
    out, run = [], []
    for s in stmts + [None]:
        if s is not None and (s.startswith("CREATE INDEX") or s.startswith("CREATE UNIQUE INDEX")):
            run.append(s)
            continue
        out.extend(sorted(run))
        run = []
        if s is not None:
            out.append(s)
    return out


def dump(name, md, dialects=("sqlite", "postgresql")):
    for d in dialects:
        out = []
        eng = create_mock_engine(d + "://", lambda sql, *a, **k: out.append(str(sql.compile(dialect=eng.dialect)).strip()))
        # A mock engine assumes standard_conforming_strings off and doubles
        # backslashes in literals; every PostgreSQL since 9.1 has it on, and
        # SQLAlchemy connected to one writes them once, as orm does.
        eng.dialect._backslash_escapes = False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            md.create_all(eng)
            out.append("-- drop_all")
            md.drop_all(eng)
        out = sort_index_runs(out)
        with open(os.path.join(OUT, "%s.%s.sql" % (name, d)), "w") as f:
            for s in out:
                f.write(s + ("\n\n" if s.startswith("--") else ";\n\n"))


def types():
    md = MetaData()
    Table("generic", md,
          Column("id", Integer, primary_key=True),
          Column("a", SmallInteger), Column("b", BigInteger), Column("c", String), Column("d", String(30)),
          Column("e", Unicode(10)), Column("f", Text), Column("g", UnicodeText), Column("h", Boolean),
          Column("i", Date), Column("j", DateTime), Column("k", DateTime(timezone=True)), Column("l", Time),
          Column("m", Interval), Column("n", Float), Column("o", Float(precision=24)), Column("p", Numeric),
          Column("q", Numeric(12)), Column("r", Numeric(10, 2)), Column("s", LargeBinary), Column("t", PickleType),
          Column("u", JSON), Column("v", String(20, collation="C")))
    Table("upper", md,
          Column("id", INTEGER, primary_key=True),
          Column("a", SMALLINT), Column("b", BIGINT), Column("c", VARCHAR(10)), Column("d", NVARCHAR(10)),
          Column("e", CHAR(3)), Column("f", NCHAR(2)), Column("g", TEXT), Column("h", CLOB), Column("i", BOOLEAN),
          Column("j", DATE), Column("k", DATETIME), Column("l", TIMESTAMP), Column("m", TIMESTAMP(timezone=True)),
          Column("n", TIME), Column("o", FLOAT), Column("p", REAL), Column("q", NUMERIC(8, 3)),
          Column("r", DECIMAL(6, 1)), Column("s", BLOB), Column("t", BINARY(16)), Column("u", VARBINARY(8)))
    Table("enums", md,
          Column("id", BigInteger, primary_key=True),
          Column("native", Enum("draft", "published", name="status")),
          Column("again", Enum("draft", "published", name="status")),
          Column("plain", Enum("a", "bb", "ccc", name="plain_kind", native_enum=False)),
          Column("checked", Enum("x", "y", name="xy", native_enum=False, create_constraint=True)),
          Column("flag", Boolean(create_constraint=True, name="flag_bool")),
          Column("flag2", Boolean(create_constraint=True)))
    dump("types", md)


def pg_types():
    md = MetaData()
    Table("pgtypes", md,
          Column("id", SmallInteger, primary_key=True),
          Column("a", pg.JSONB), Column("b", pg.UUID(as_uuid=True)), Column("c", pg.ARRAY(Integer)),
          Column("d", pg.ARRAY(String(20), dimensions=2)), Column("e", pg.INET), Column("f", pg.TSVECTOR),
          Column("g", pg.BYTEA), Column("h", pg.INTERVAL(fields="DAY")), Column("i", pg.TIMESTAMP(precision=3)),
          Column("j", pg.DOUBLE_PRECISION), Column("k", pg.CIDR), Column("l", pg.MACADDR), Column("m", pg.MONEY),
          Column("n", pg.HSTORE), Column("o", pg.ENUM("on", "off", name="Switch")), Column("p", pg.JSON),
          Column("q", pg.INT4RANGE), Column("r", pg.TIME(timezone=True)))
    dump("pg_types", md, ("postgresql",))


def defaults():
    md = MetaData()
    Table("defaults", md,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", String(10), server_default="it's"),
          Column("b", Integer, server_default=text("0")),
          Column("c", DateTime, server_default=func.now()),
          Column("d", DateTime, server_default=func.current_timestamp()),
          Column("e", Boolean, server_default=true()),
          Column("f", Boolean, server_default=false(), nullable=False),
          Column("g", String(10), server_default=func.lower("ABC")),
          Column("h", String(10), server_default="back\\slash"),
          comment="defaults of each kind")
    Table("serials", md, Column("big", BigInteger, primary_key=True), Column("x", Integer, comment="it's x"))
    Table("composite", md, Column("a", Integer, primary_key=True), Column("b", Integer, primary_key=True),
          Column("c", Numeric(5, 0)))
    dump("defaults", md)


def constraints():
    md = MetaData()
    Table("parent", md, Column("id", Integer, primary_key=True), Column("code", String(5), nullable=False),
          Column("version", Integer, primary_key=True, autoincrement=False))
    Table("child", md,
          Column("id", Integer, primary_key=True),
          Column("parent_id", Integer, ForeignKey("parent.id", ondelete="CASCADE", onupdate="SET NULL")),
          Column("pcode", String(5)), Column("pver", Integer),
          Column("email", String(100), unique=True),
          Column("qty", Integer, nullable=False),
          UniqueConstraint("pcode", "pver", name="uq_child_pcode_pver"),
          CheckConstraint("qty > 0", name="ck_qty_positive"),
          CheckConstraint("qty < 1000"),
          ForeignKeyConstraint(["parent_id", "pver"], ["parent.id", "parent.version"], name="fk_child_parent",
                               deferrable=True, initially="DEFERRED"))
    Table("link", md, Column("a", Integer, ForeignKey("parent.id"), primary_key=True),
          Column("b", Integer, ForeignKey("child.id", name="fk_link_b"), primary_key=True),
          PrimaryKeyConstraint("a", "b", name="pk_link"))
    dump("constraints", md)


def indexes():
    md = MetaData()
    users = Table("users", md,
                  Column("id", Integer, primary_key=True),
                  Column("email", String(100), index=True),
                  Column("name", String(50), index=True, unique=True),
                  Column("active", Boolean))
    Index("ix_users_lower_email", func.lower(users.c.email), unique=True)
    Index("ix_active_name", users.c.active, users.c.name, postgresql_where=text("active"), sqlite_where=text("active = 1"))
    dump("indexes", md)


def naming():
    md = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    Table("account", md, Column("id", Integer, primary_key=True), Column("slug", String(20), unique=True))
    Table("entry_with_a_really_quite_long_table_name_for_truncation", md,
          Column("id", Integer, primary_key=True),
          Column("account_identifier_with_long_name", Integer, ForeignKey("account.id")),
          Column("x", Integer, index=True),
          Column("kind", Enum("a", "b", name="kind", native_enum=False, create_constraint=True)),
          UniqueConstraint("x", "account_identifier_with_long_name"),
          CheckConstraint("x > 0", name="positive"))
    dump("naming", md)


def quoting():
    md = MetaData()
    Table("user", md, Column("id", Integer, primary_key=True), Column("Name", String(10)),
          Column("order", Integer), Column("select", Integer, index=True), Column("has space", Integer),
          Column("2nd", Integer), Column("ok_name$", Integer))
    Table("CamelCase", md, Column("ID", Integer, primary_key=True),
          Column("user_id", Integer, ForeignKey("user.id")))
    dump("quoting", md)


def cycles():
    md = MetaData()
    Table("zeta", md, Column("id", Integer, primary_key=True))
    Table("b", md, Column("id", Integer, primary_key=True),
          Column("a_id", Integer, ForeignKey("a.id", name="fk_b_a")))
    Table("a", md, Column("id", Integer, primary_key=True), Column("b_id", Integer, ForeignKey("b.id")))
    Table("alpha", md, Column("id", Integer, primary_key=True), Column("zeta_id", Integer, ForeignKey("zeta.id")))
    dump("cycles", md)


def use_alter():
    md = MetaData()
    Table("node", md, Column("id", Integer, primary_key=True),
          Column("parent_id", Integer, ForeignKey("node.id")),
          Column("tree_id", Integer, ForeignKey("tree.id", use_alter=True, name="fk_node_tree")))
    Table("tree", md, Column("id", Integer, primary_key=True), Column("root_id", Integer, ForeignKey("node.id")))
    dump("use_alter", md)


def column_checks():
    # CheckConstraint given to Column(...): rendered after that column's
    # specification (Column.constraints), not among the table constraints.
    # One per column: SQLAlchemy keeps Column.constraints in a set.
    md = MetaData(naming_convention={"ck": "ck_%(table_name)s_%(column_0_name)s"})
    Table("budget", md,
          Column("id", Integer, primary_key=True),
          Column("amount", Numeric(12, 2), CheckConstraint("amount >= 0", name="amount_nonnegative"),
                 nullable=False),
          Column("cap", Integer, CheckConstraint("cap < 100", deferrable=True, initially="DEFERRED")),
          Column("code", String(5), CheckConstraint("length(code) = 5", name="code_len"), unique=True),
          Column("flag", Boolean(create_constraint=True), CheckConstraint("flag IS NOT NULL", name="flag_set")),
          CheckConstraint("amount < 1000000", name="amount_cap"))
    dump("column_checks", md)


def pk_order():
    # The implicit primary key of a composite key lists its autoincrement=True
    # column first (PrimaryKeyConstraint.columns_autoinc_first); an explicit
    # PrimaryKeyConstraint keeps its own order. PostgreSQL only: SQLite
    # refuses autoincrement on a composite key.
    md = MetaData()
    Table("readings", md, Column("sensor", String(20), primary_key=True),
          Column("seq", Integer, primary_key=True, autoincrement=True), Column("value", Float))
    Table("three", md, Column("a", String(5), primary_key=True), Column("b", String(5), primary_key=True),
          Column("c", BigInteger, primary_key=True, autoincrement=True))
    Table("no_autoinc", md, Column("a", Integer, primary_key=True), Column("b", Integer, primary_key=True))
    Table("explicit_pk", md, Column("sensor", String(20)), Column("seq", Integer, autoincrement=True),
          PrimaryKeyConstraint("sensor", "seq", name="pk_explicit"))
    Table("empty_pk", md, Column("sensor", String(20), primary_key=True),
          Column("seq", Integer, primary_key=True, autoincrement=True), PrimaryKeyConstraint(name="pk_empty"))
    dump("pk_order", md, dialects=("postgresql",))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for fn in (types, pg_types, defaults, constraints, indexes, naming, quoting, cycles, use_alter, column_checks,
               pk_order):
        fn()
