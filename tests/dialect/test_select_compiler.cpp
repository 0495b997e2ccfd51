// The SELECT compiler on both dialects: every literal bound (never in the
// SQL text), placeholders in the dialect's style, ILIKE as SQLAlchemy renders
// it per dialect, implicit FROM, joins, LIMIT/OFFSET, and the type rules of
// the expression language (coercion of literals, refused operators).
#include <catch2/catch.hpp>

#include "sql/builders.hpp"
#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/sql/select_compiler.hpp"
#include "orm/sql/expression.hpp"

using namespace orm;
using namespace orm::testing;
using sql::Literal;

namespace {

struct Shop {
    MetaData md;
    Table* customers;
    Table* orders;
    Shop() {
        customers = &add_table(md, "customers");
        add_pk(*customers);
        add_column(*customers, "name", ty(TypeKind::String, 50));
        add_column(*customers, "order", ty(TypeKind::Integer));   // a reserved word: quoted
        add_column(*customers, "balance", numeric(TypeKind::Numeric, 10, 2));
        orders = &add_table(md, "orders");
        add_pk(*orders);
        add_column(*orders, "customer_id", ty(TypeKind::Integer));
        add_fk(*orders, {"customer_id"}, "customers", {"id"});
    }
    sql::ExprPtr c(const std::string& name) { return sql::column(*customers, *customers->column(name)); }
    sql::ExprPtr o(const std::string& name) { return sql::column(*orders, *orders->column(name)); }
};

sql::ExprPtr lit(Literal l) { return sql::bind(std::move(l)); }

}  // namespace

TEST_CASE("select compiler: values are bound with each dialect's placeholders") {
    Shop s;
    sql::Select sel;
    sel.columns = {s.c("id"), s.c("name")};
    sel.where = {sql::compare("=", s.c("name"), lit(Literal::string("O'Brien; DROP TABLE x")))};
    sel.order_by = {sql::ordering(s.c("id"), true)};
    sel.limit = 3;
    auto lite = dialect::get_dialect("sqlite").statement_compiler()->compile(sel);
    CHECK(lite.sql ==
          "SELECT customers.id, customers.name \nFROM customers \nWHERE customers.name = ?1 ORDER BY customers.id DESC\n LIMIT ?2");
    REQUIRE(lite.params.size() == 2);
    CHECK(lite.params[0].value.text == "O'Brien; DROP TABLE x");
    CHECK(lite.params[0].type->kind == TypeKind::String);   // coerced to the column's type
    CHECK(lite.params[1].value.i == 3);
    auto pg = dialect::get_dialect("postgresql").statement_compiler()->compile(sel);
    CHECK(pg.sql.find("customers.name = $1") != std::string::npos);
    CHECK(pg.sql.find("LIMIT $2") != std::string::npos);
    CHECK(pg.sql.find("O'Brien") == std::string::npos);
}

TEST_CASE("select compiler: ILIKE is lower() LIKE lower() on SQLite and ILIKE on PostgreSQL") {
    Shop s;
    auto e = sql::compare("ILIKE", s.c("name"), lit(Literal::string("s%")));
    CHECK(dialect::get_dialect("sqlite").statement_compiler()->compile_expression(e).sql == "lower(customers.name) LIKE lower(?1)");
    CHECK(dialect::get_dialect("postgresql").statement_compiler()->compile_expression(e).sql == "customers.name ILIKE $1");
}

TEST_CASE("select compiler: an offset without a limit is LIMIT -1 on SQLite") {
    Shop s;
    sql::Select sel;
    sel.columns = {s.c("id")};
    sel.offset = 2;
    auto lite = dialect::get_dialect("sqlite").statement_compiler()->compile(sel);
    CHECK(lite.sql.find("LIMIT -1 OFFSET ?1") != std::string::npos);
    auto pg = dialect::get_dialect("postgresql").statement_compiler()->compile(sel);
    CHECK(pg.sql.find("OFFSET $1") != std::string::npos);
    CHECK(pg.sql.find("LIMIT") == std::string::npos);
}

TEST_CASE("select compiler: implicit FROM lists every table read, joins attach to their entry") {
    Shop s;
    sql::Select sel;
    sel.columns = {s.c("name"), s.o("id")};
    CHECK(dialect::get_dialect("sqlite").statement_compiler()->compile(sel).sql.find("FROM customers, orders") != std::string::npos);
    sel.from = {{s.customers, {{s.orders, sql::compare("=", s.c("id"), s.o("customer_id")), true}}}};
    CHECK(dialect::get_dialect("sqlite").statement_compiler()->compile(sel).sql.find(
              "FROM customers LEFT OUTER JOIN orders ON customers.id = orders.customer_id") != std::string::npos);
    // A reserved word is quoted by the dialect's rules.
    sql::Select q;
    q.columns = {s.c("order")};
    CHECK(dialect::get_dialect("postgresql").statement_compiler()->compile(q).sql.find("customers.\"order\"") != std::string::npos);
}

TEST_CASE("select compiler: operators and groupings") {
    Shop s;
    auto lite = dialect::get_dialect("sqlite").statement_compiler();
    auto e = sql::or_({sql::and_({sql::compare(">", s.c("id"), lit(Literal::integer(1))),
                                  sql::compare("<", s.c("id"), lit(Literal::integer(5)))}),
                       sql::not_(sql::in_(s.c("id"), {lit(Literal::integer(7)), lit(Literal::integer(8))}))});
    // Every composite operand is parenthesised: the Python expression's grouping, whatever SQL's precedence.
    CHECK(lite->compile_expression(e).sql ==
          "((customers.id > ?1) AND (customers.id < ?2)) OR (NOT (customers.id IN (?3, ?4)))");
    CHECK(lite->compile_expression(sql::compare("=", s.c("name"), lit(Literal::null()))).sql == "customers.name IS NULL");
    CHECK(lite->compile_expression(sql::compare("!=", s.c("name"), lit(Literal::null()))).sql == "customers.name IS NOT NULL");
    CHECK(lite->compile_expression(sql::in_(s.c("id"), {})).sql == "1 != 1");
    CHECK(lite->compile_expression(sql::like_affix(s.c("name"), lit(Literal::string("x")), true, true)).sql ==
          "customers.name LIKE ((?1 || ?2) || ?3)");
    CHECK(lite->compile_expression(sql::between(s.c("id"), lit(Literal::integer(1)), lit(Literal::integer(3)))).sql ==
          "customers.id BETWEEN ?1 AND ?2");
    CHECK(lite->compile_expression(sql::function("count", {})).sql == "count(*)");
    auto cased = sql::case_({{sql::compare("=", s.c("id"), lit(Literal::integer(1))), lit(Literal::string("one"))}},
                            lit(Literal::string("other")));
    CHECK(lite->compile_expression(cased).sql == "CASE WHEN customers.id = ?1 THEN ?2 ELSE ?3 END");
    CHECK(cased->type->kind == TypeKind::String);
}

TEST_CASE("expression types: SQLAlchemy's coercions and result types") {
    Shop s;
    CHECK(sql::arithmetic("+", s.c("id"), lit(Literal::integer(1)))->type->kind == TypeKind::Integer);
    CHECK(sql::arithmetic("*", s.c("id"), s.c("balance"))->type->kind == TypeKind::Numeric);
    CHECK(sql::arithmetic("+", s.c("name"), lit(Literal::string("x")))->op == "||");
    CHECK(sql::function("count", {s.c("id")})->type->kind == TypeKind::Integer);
    CHECK(sql::function("sum", {s.c("balance")})->type->scale == 2);
    CHECK(sql::function("avg", {s.c("balance")})->type == nullptr);   // NullType, as in SQLAlchemy 1.4
    CHECK(sql::function("lower", {s.c("name")})->result_name() == "lower");
    CHECK(sql::label(s.c("id"), "n")->result_name() == "n");
    CHECK(s.c("name")->result_name() == "name");
}

TEST_CASE("expression types: operators on types that do not combine are refused") {
    Shop s;
    CHECK_THROWS_WITH(sql::arithmetic("+", s.c("id"), lit(Literal::string("x"))),
                      "unsupported operand types for +: Integer column 'customers.id' and str 'x'");
    CHECK_THROWS_AS(sql::arithmetic("-", s.c("name"), lit(Literal::string("x"))), InputError);
    CHECK_THROWS_AS(sql::arithmetic("*", s.c("name"), s.c("id")), InputError);
    CHECK_THROWS_AS(sql::negative(s.c("name")), InputError);
}

TEST_CASE("select compiler: aliased tables, subqueries and EXISTS render as SQLAlchemy renders them") {
    Shop s;
    auto compile = [](const sql::Select& sel) { return dialect::get_dialect("sqlite").statement_compiler()->compile(sel).sql; };
    auto c2 = [&](const std::string& name) { return sql::aliased_column(*s.customers, *s.customers->column(name), "c2"); };
    // A column read through an alias brings `table AS alias` into the implicit FROM.
    sql::Select self;
    self.columns = {s.c("id"), c2("id")};
    self.where = {sql::compare("=", s.c("name"), c2("name"))};
    CHECK_THAT(compile(self), Catch::Contains("SELECT customers.id, c2.id \nFROM customers, customers AS c2 \nWHERE customers.name = c2.name"));
    // An alias joined explicitly is not repeated.
    self.where.clear();
    self.from = {sql::FromEntry{s.customers, {sql::Join(s.customers, sql::compare("=", s.c("name"), c2("name")), true, "c2")}}};
    CHECK_THAT(compile(self), Catch::Contains("FROM customers LEFT OUTER JOIN customers AS c2 ON customers.name = c2.name"));
    CHECK_THAT(compile(self), !Catch::Contains(", customers AS c2"));
    // A subquery under a name; its columns are read by label.
    sql::Select inner;
    inner.columns = {sql::label(s.c("id"), "customers_id")};
    inner.limit = 2;
    sql::Select outer;
    outer.columns = {sql::aliased_column(*s.customers, *s.customers->column("id"), "anon_1", "customers_id")};
    outer.from = {sql::FromEntry(std::make_shared<sql::Select>(inner), "anon_1")};
    CHECK_THAT(compile(outer), Catch::Contains("SELECT anon_1.customers_id \nFROM (SELECT customers.id AS customers_id \nFROM customers\n LIMIT ?1) AS anon_1"));
    // EXISTS correlates what the enclosing SELECT reads, and adds nothing to its FROM.
    sql::Select sub;
    sub.where = {sql::compare("=", s.c("id"), s.o("customer_id"))};
    sub.correlate = {sql::FromRef{s.customers, ""}};
    sql::Select q;
    q.columns = {s.c("id")};
    q.where = {sql::exists(sub)};
    CHECK(compile(q) == "SELECT customers.id \nFROM customers \nWHERE EXISTS (SELECT 1 \nFROM orders \nWHERE customers.id = orders.customer_id)");
    sql::Select unrelated;   // the enclosing SELECT does not read customers: nothing to correlate
    unrelated.columns = {s.o("id")};
    unrelated.where = {sql::exists(sub)};
    CHECK_THAT(compile(unrelated), Catch::Contains("FROM orders \nWHERE EXISTS (SELECT 1 \nFROM customers, orders"));
}
