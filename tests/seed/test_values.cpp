// Column values: exact decimals, ISO temporal forms, the stored forms
// SQLAlchemy uses on SQLite and PostgreSQL, and reading them back.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/session/value.hpp"

using orm::session::Value;
using orm::schema::TypeEngine;
using orm::schema::TypeKind;
using orm::session::from_db;
using orm::session::to_db;

namespace {
const orm::dialect::Dialect& sqlite = orm::dialect::get_dialect("sqlite");
const orm::dialect::Dialect& postgresql = orm::dialect::get_dialect("postgresql");

TypeEngine type(TypeKind k, std::optional<int> precision = {}, std::optional<int> scale = {}) {
    TypeEngine t;
    t.kind = k;
    t.precision = precision;
    t.scale = scale;
    return t;
}
}  // namespace

TEST_CASE("decimals are normalised text and never a binary float", "[seed][values]") {
    CHECK(Value::decimal("10.81").as_text() == "10.81");
    CHECK(Value::decimal("+010.50").as_text() == "10.50");
    CHECK(Value::decimal("-0.0").as_text() == "0.0");
    CHECK(Value::decimal("1.5e2").as_text() == "150");
    CHECK(Value::decimal("125e-5").as_text() == "0.00125");
    CHECK(Value::decimal("10.8100000000000000001").as_text() == "10.8100000000000000001");
    CHECK(Value::decimal("10.8") == Value::decimal("10.80"));
    CHECK_THROWS_AS(Value::decimal("cheap"), orm::InputError);
    CHECK_FALSE(orm::session::normalize_decimal("1.2.3"));
    CHECK_FALSE(orm::session::normalize_decimal("."));
    CHECK(Value::decimal("9.21").repr() == "Decimal('9.21')");
}

TEST_CASE("ISO-8601 dates and datetimes and times in SQLAlchemy's storage form", "[seed][values]") {
    CHECK(Value::parse_datetime("2021-03-04T05:06:07.089")->as_text() == "2021-03-04 05:06:07.089000");
    CHECK(Value::parse_datetime("2021-03-04 05:06")->as_text() == "2021-03-04 05:06:00.000000");
    CHECK(Value::parse_datetime("2021-03-04")->as_text() == "2021-03-04 00:00:00.000000");
    CHECK(Value::parse_datetime("2021-03-04T05:06:07Z")->as_text() == "2021-03-04 05:06:07.000000+00:00");
    CHECK(Value::parse_datetime("2021-03-04 05:06:07.5+02")->as_text() == "2021-03-04 05:06:07.500000+02:00");
    CHECK_FALSE(Value::parse_datetime("2021-02-30T00:00:00"));
    CHECK_FALSE(Value::parse_datetime("2021-13-01"));
    CHECK_FALSE(Value::parse_datetime("yesterday"));
    CHECK_FALSE(Value::parse_datetime("2021-03-04T25:00"));
    CHECK(Value::parse_date("2024-02-29"));
    CHECK_FALSE(Value::parse_date("2023-02-29"));
    CHECK(Value::parse_time("05:06:07.1")->as_text() == "05:06:07.100000");
    CHECK(Value::parse_datetime("2021-03-04T05:06:07.089")->repr() == "datetime.datetime(2021, 3, 4, 5, 6, 7, 89000)");
    CHECK(Value::now().as_text().size() == 26);
}

TEST_CASE("bound forms per dialect", "[seed][values]") {
    auto numeric = type(TypeKind::Numeric, 10, 2);
    CHECK(to_db(Value::decimal("10.81"), numeric, sqlite) == orm::dialect::Value("10.81"));
    CHECK(to_db(Value::decimal("10.81"), numeric, postgresql) == orm::dialect::Value("10.81"));
    CHECK(to_db(Value(true), type(TypeKind::Boolean), sqlite) == orm::dialect::Value(1));
    CHECK(to_db(Value(true), type(TypeKind::Boolean), postgresql) == orm::dialect::Value(true));
    // JSON as Python's json.dumps writes it: ", " and ": " separators, ASCII escapes.
    auto j = Value::json(nlohmann::json::parse(R"({"a": [1, 2.5, null], "b": "é"})"));
    CHECK(to_db(j, type(TypeKind::JSON), sqlite) == orm::dialect::Value(R"({"a": [1, 2.5, null], "b": "\u00e9"})"));
}

TEST_CASE("reading back: SQLite REAL numerics get the column's scale as in SQLAlchemy", "[seed][values]") {
    auto numeric = type(TypeKind::Numeric, 10, 2);
    CHECK(from_db(orm::dialect::Value(25), numeric).repr() == "Decimal('25.00')");
    CHECK(from_db(orm::dialect::Value(9.21), numeric).repr() == "Decimal('9.21')");
    CHECK(from_db(orm::dialect::Value("100.10"), numeric).as_text() == "100.10");
    CHECK(from_db(orm::dialect::Value(9.21), type(TypeKind::Numeric)).as_text() == "9.2100000000");
    CHECK(from_db(orm::dialect::Value("2021-03-04 05:06:07.089"), type(TypeKind::DateTime)).as_text() ==
          "2021-03-04 05:06:07.089000");
    CHECK(from_db(orm::dialect::Value(1), type(TypeKind::Boolean)) == Value(true));
    CHECK(from_db(orm::dialect::Value(R"({"a": 1})"), type(TypeKind::JSON)).as_json()["a"] == 1);
}
