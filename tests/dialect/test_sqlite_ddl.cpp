// SQLite DDL specifics (expected text from SQLAlchemy 1.4.46).
#include <catch2/catch.hpp>

#include "orm/dialect/sqlite/sqlite_ddl.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

TEST_CASE("sqlite: quoting follows SQLite's reserved words") {
    auto c = dialect::make_sqlite_ddl_compiler();
    CHECK(c->quote("users") == "users");
    CHECK(c->quote("order") == "\"order\"");
    CHECK(c->quote("Name") == "\"Name\"");
    CHECK(c->quote("a b") == "\"a b\"");
    CHECK(c->quote("1st") == "\"1st\"");
    CHECK(c->quote("we\"ird") == "\"we\"\"ird\"");
    CHECK(c->quote("user") == "user");  // reserved on PostgreSQL, not SQLite
}

TEST_CASE("sqlite: server defaults, booleans, functions") {
    auto c = dialect::make_sqlite_ddl_compiler();
    Column col;
    col.server_default = func("now");
    CHECK(c->column_default_string(col) == "(CURRENT_TIMESTAMP)");
    col.server_default = Clause::make(ClauseKind::True, "");
    CHECK(c->column_default_string(col) == "(1)");
    col.server_default = text("0");
    CHECK(c->column_default_string(col) == "0");
    col.server_default = str("a\\b'c");
    CHECK(c->column_default_string(col) == "'a\\b''c'");
}

TEST_CASE("sqlite: sqlite_autoincrement and WITHOUT ROWID") {
    MetaData md;
    Table& t = add_table(md, "t");
    t.dialect_options["sqlite_autoincrement"] = "True";
    t.dialect_options["sqlite_with_rowid"] = "False";
    add_pk(t);
    add_column(t, "x", ty(TypeKind::String, 5));
    auto c = dialect::make_sqlite_ddl_compiler();
    CHECK(c->create_table(md, t) ==
          "CREATE TABLE t (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\tx VARCHAR(5)\n)\n WITHOUT ROWID");
}

TEST_CASE("sqlite: schema-qualified index names") {
    MetaData md;
    Table tt;
    tt.name = "s";
    tt.schema = "sales";
    Table& s = md.add_table(std::move(tt));
    add_pk(s);
    add_column(s, "a", ty(TypeKind::Integer));
    add_column(s, "b", ty(TypeKind::Integer));
    Index& ix = add_index(s, "ix_s_ab", {Clause::make(ClauseKind::Binary, "+", {colref("a"), colref("b")}),
                                         Clause::make(ClauseKind::Desc, "", {colref("b")})});
    auto c = dialect::make_sqlite_ddl_compiler();
    CHECK(c->create_index(md, s, ix, false) == "CREATE INDEX sales.ix_s_ab ON s (a + b, b DESC)");
    CHECK(c->drop_index(md, s, ix, false) == "DROP INDEX sales.ix_s_ab");
    CHECK(c->create_index(md, s, ix, true) == "CREATE INDEX IF NOT EXISTS sales.ix_s_ab ON s (a + b, b DESC)");
    CHECK(c->drop_index(md, s, ix, true) == "DROP INDEX IF EXISTS sales.ix_s_ab");
}
