// PostgreSQL DDL specifics (expected text from SQLAlchemy 1.4.46).
#include <catch2/catch.hpp>

#include "orm/dialect/postgresql/postgresql_ddl.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

TEST_CASE("postgresql: quoting follows PostgreSQL's reserved words") {
    auto c = dialect::make_postgresql_ddl_compiler();
    CHECK(c->quote("user") == "\"user\"");
    CHECK(c->quote("order") == "\"order\"");
    CHECK(c->quote("name") == "name");
    CHECK(c->quote("CamelCase") == "\"CamelCase\"");
    CHECK(c->quote("ok_name$") == "ok_name$");
}

TEST_CASE("postgresql: server defaults and literals") {
    auto c = dialect::make_postgresql_ddl_compiler();
    Column col;
    col.server_default = func("now");
    CHECK(c->column_default_string(col) == "now()");
    col.server_default = func("CURRENT_TIMESTAMP");
    CHECK(c->column_default_string(col) == "CURRENT_TIMESTAMP");
    col.server_default = Clause::make(ClauseKind::False, "");
    CHECK(c->column_default_string(col) == "false");
    // standard_conforming_strings is on (PostgreSQL's default since 9.1, and
    // orm's connections check it): a backslash is written once.
    col.server_default = str("a\\b'c");
    CHECK(c->column_default_string(col) == "'a\\b''c'");
}

TEST_CASE("postgresql: schema-qualified table, USING, INCLUDE, expression grouping") {
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
    ix.postgresql_using = "GIN";
    ix.postgresql_include = {"a"};
    auto c = dialect::make_postgresql_ddl_compiler();
    CHECK(c->create_index(md, s, ix, false) == "CREATE INDEX ix_s_ab ON sales.s USING gin ((a + b), b DESC) INCLUDE (a)");
    CHECK(c->drop_index(md, s, ix, false) == "DROP INDEX sales.ix_s_ab");
    // IF [NOT] EXISTS (Alembic 1.12's if_not_exists / if_exists), after CONCURRENTLY.
    ix.postgresql_concurrently = true;
    CHECK(c->create_index(md, s, ix, true) ==
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_s_ab ON sales.s USING gin ((a + b), b DESC) INCLUDE (a)");
    CHECK(c->drop_index(md, s, ix, true) == "DROP INDEX CONCURRENTLY IF EXISTS sales.ix_s_ab");
    // An operator class after the column it is keyed by (postgresql_ops).
    Index& ops = add_index(s, "ix_s_a_trgm", {colref("a")});
    ops.postgresql_using = "gin";
    ops.postgresql_ops = {{"a", "gin_trgm_ops"}};
    CHECK(c->create_index(md, s, ops, false) == "CREATE INDEX ix_s_a_trgm ON sales.s USING gin (a gin_trgm_ops)");
    CHECK(c->create_table(md, s) ==
          "CREATE TABLE sales.s (\n\tid SERIAL NOT NULL, \n\ta INTEGER, \n\tb INTEGER, \n\tPRIMARY KEY (id)\n)");
}

TEST_CASE("postgresql: ARRAY of a collated string keeps COLLATE last") {
    MetaData md;
    TypeEngine item = ty(TypeKind::String, 10);
    item.collation = "C";
    auto c = dialect::make_postgresql_ddl_compiler();
    CHECK(c->type_spec(array_of(item), md, nullptr) == "VARCHAR(10)[] COLLATE \"C\"");
}
