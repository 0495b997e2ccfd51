// The Dialect registry and the facts each backend answers for itself:
// what the layers above ask instead of comparing a backend's name.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/sql/identifier_preparer.hpp"

using orm::dialect::get_dialect;
using orm::dialect::find_dialect;

TEST_CASE("one registration per backend, a deprecated alias, unknown names refused", "[dialect]") {
    CHECK(get_dialect("sqlite").name() == "sqlite");
    CHECK(get_dialect("postgresql").name() == "postgresql");
    CHECK(&get_dialect("postgres") == &get_dialect("postgresql"));
    CHECK(find_dialect("oracle") == nullptr);
    CHECK_THROWS_AS(get_dialect("oracle"), orm::UsageError);
    CHECK(orm::dialect::dialect_names() == "sqlite, postgresql");
}

TEST_CASE("traits: what SQLAlchemy's dialects say of themselves", "[dialect]") {
    const auto& lite = get_dialect("sqlite");
    const auto& pg = get_dialect("postgresql");
    CHECK_FALSE(lite.supports_native_boolean());
    CHECK(pg.supports_native_boolean());
    CHECK_FALSE(lite.supports_native_decimal());
    CHECK(pg.supports_native_decimal());
    CHECK_FALSE(lite.supports_native_enum());
    CHECK(pg.supports_native_enum());
    CHECK_FALSE(lite.supports_alter());
    CHECK(pg.supports_alter());
    CHECK_FALSE(lite.enforces_integer_widths());
    CHECK(pg.enforces_integer_widths());
    CHECK(lite.placeholder(2) == "?2");
    CHECK(lite.sequential_placeholder(2) == "?");
    CHECK(pg.placeholder(2) == "$2");
    CHECK(pg.sequential_placeholder(2) == "$2");
    CHECK(lite.foreign_key_pause().has_value());
    CHECK_FALSE(pg.foreign_key_pause().has_value());
}

TEST_CASE("one quoting rule: quoted only when required, per dialect's reserved words", "[dialect]") {
    const auto& lite = get_dialect("sqlite").identifier_preparer();
    const auto& pg = get_dialect("postgresql").identifier_preparer();
    CHECK(lite.quote("customers") == "customers");
    CHECK(lite.quote("Customers") == "\"Customers\"");
    CHECK(lite.quote("order") == "\"order\"");
    CHECK(lite.quote("a\"b") == "\"a\"\"b\"");
    CHECK(pg.quote("user") == "\"user\"");
    CHECK(lite.quote("user") == "user");   // not reserved in SQLite
    CHECK(orm::sql::IdentifierPreparer::quote_identifier("t") == "\"t\"");
}

TEST_CASE("PostgreSQL names unnamed constraints as makeObjectName does, SQLite leaves them unnamed", "[dialect]") {
    const auto& pg = get_dialect("postgresql");
    CHECK(pg.default_constraint_name("t", {"a", "b"}, "key") == "t_a_b_key");
    CHECK(pg.default_primary_key_name("t") == "t_pkey");
    // 63 bytes at most: the longer part loses characters first.
    const std::string table(40, 'x'), column(40, 'y');
    const auto name = pg.default_constraint_name(table, {column}, "fkey");
    REQUIRE(name);
    CHECK(name->size() == 63);
    CHECK(*name == std::string(29, 'x') + "_" + std::string(28, 'y') + "_fkey");
    CHECK_FALSE(get_dialect("sqlite").default_constraint_name("t", {"a"}, "key"));
}

TEST_CASE("server defaults and blobs as each dialect writes them in generated files", "[dialect]") {
    const auto& lite = get_dialect("sqlite");
    const auto& pg = get_dialect("postgresql");
    CHECK(lite.render_ddl_sql_expr("CURRENT_TIMESTAMP", true) == "(CURRENT_TIMESTAMP)");
    CHECK(lite.render_ddl_sql_expr("'x'", true) == "'x'");
    CHECK(lite.render_ddl_sql_expr("lower(x)", false) == "lower(x)");
    CHECK(pg.render_ddl_sql_expr("now()", true) == "now()");
    CHECK(lite.reflected_default_text("CURRENT_TIMESTAMP") == "CURRENT_TIMESTAMP");
    CHECK(lite.reflected_default_text("datetime('now')") == "(datetime('now'))");
    CHECK(lite.render_blob_literal({{0x00, 0xff}}) == "X'00FF'");
    CHECK(pg.render_blob_literal({{0x00, 0xff}}) == "'\\x00FF'::bytea");
}
