// INSERT / UPDATE / DELETE compiled by each dialect's statement compiler:
// SQLAlchemy's rendering, every value a placeholder (bound literals and
// caller-supplied parameters, in order), identifiers quoted by the one rule,
// and SQLite's plain '?' for the values of an INSERT.
#include <catch2/catch.hpp>

#include "orm/dialect/dialect.hpp"
#include "orm/sql/dml.hpp"
#include "orm/sql/select_compiler.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

namespace {

struct Tables {
    MetaData md;
    Table* customers;
    Table* users;   // a name PostgreSQL reserves ("user" is; "users" is not), with an upper-case column
    Tables() {
        customers = &add_table(md, "customers");
        add_pk(*customers);
        add_column(*customers, "name", ty(TypeKind::String, 50));
        add_column(*customers, "order", ty(TypeKind::Integer));
        users = &add_table(md, "user");
        add_pk(*users);
        add_column(*users, "Nick", ty(TypeKind::String, 20));
    }
};

const sql::SQLCompiler& lite() { return dialect::get_dialect("sqlite").shared_statement_compiler(); }
const sql::SQLCompiler& pg() { return dialect::get_dialect("postgresql").shared_statement_compiler(); }

}  // namespace

TEST_CASE("INSERT: one row of parameters, many rows, DEFAULT VALUES, RETURNING", "[dialect][dml]") {
    Tables t;
    auto one = sql::insert(*t.customers, {"name", "order"});
    auto lite_one = lite().compile(one);
    CHECK(lite_one.sql == "INSERT INTO customers (name, \"order\") VALUES (?, ?)");
    CHECK(lite_one.parameters_only());
    CHECK(pg().compile(one).sql == "INSERT INTO customers (name, \"order\") VALUES ($1, $2)");

    one.parameter_rows = 2;
    one.returning = {t.customers->column("id")};
    CHECK(lite().compile(one).sql == "INSERT INTO customers (name, \"order\") VALUES (?, ?), (?, ?) RETURNING customers.id");
    auto pg_two = pg().compile(one);
    CHECK(pg_two.sql == "INSERT INTO customers (name, \"order\") VALUES ($1, $2), ($3, $4) RETURNING customers.id");
    CHECK(pg_two.params.size() == 4);
    CHECK(pg_two.parameters_only());

    auto defaults = sql::insert(*t.customers);
    defaults.returning = {t.customers->column("id")};
    CHECK(pg().compile(defaults).sql == "INSERT INTO customers DEFAULT VALUES RETURNING customers.id");
}

TEST_CASE("INSERT of values (Core DML): each value a bound literal, never SQL text", "[dialect][dml]") {
    Tables t;
    auto ins = sql::insert(*t.customers, {"name"});
    ins.rows = {{sql::bind(sql::Literal::string("Ann'; DROP TABLE customers; --"))}, {sql::bind(sql::Literal::string("Bo"))}};
    auto c = pg().compile(ins);
    CHECK(c.sql == "INSERT INTO customers (name) VALUES ($1), ($2)");
    REQUIRE(c.params.size() == 2);
    CHECK(c.params[0].value.text == "Ann'; DROP TABLE customers; --");
    CHECK_FALSE(c.params[0].parameter);
    CHECK_FALSE(c.parameters_only());
}

TEST_CASE("UPDATE and DELETE: SQLAlchemy's rendering, identifiers quoted only where required", "[dialect][dml]") {
    Tables t;
    auto up = sql::update(*t.users, {"Nick"});
    up.where = {sql::column_is_parameter(*t.users, "id")};
    CHECK(lite().compile(up).sql == "UPDATE user SET \"Nick\"=?1 WHERE user.id = ?2");
    auto pg_up = pg().compile(up);
    CHECK(pg_up.sql == "UPDATE \"user\" SET \"Nick\"=$1 WHERE \"user\".id = $2");
    CHECK(pg_up.parameters_only());

    sql::Delete del;
    del.table = t.customers;
    del.where = {sql::column_is_parameter(*t.customers, "id"), sql::column_is_parameter(*t.customers, "order")};
    CHECK(pg().compile(del).sql == "DELETE FROM customers WHERE customers.id = $1 AND customers.\"order\" = $2");
    del.where.clear();
    CHECK(lite().compile(del).sql == "DELETE FROM customers");
}
