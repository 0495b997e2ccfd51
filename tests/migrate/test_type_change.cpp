// type_change_loses_data: which modify_type differences are destructive.
#include <catch2/catch.hpp>

#include "orm/migrate/type_change.hpp"

using orm::migrate::type_change_loses_data;

TEST_CASE("narrowing type changes lose data and widenings do not", "[migrate][compare]") {
    // Narrowing.
    CHECK(type_change_loses_data("VARCHAR(100)", "VARCHAR(50)"));
    CHECK(type_change_loses_data("NUMERIC(10, 2)", "NUMERIC(8, 2)"));
    CHECK(type_change_loses_data("NUMERIC(10, 2)", "NUMERIC(10, 1)"));
    CHECK(type_change_loses_data("NUMERIC", "NUMERIC(10, 2)"));
    CHECK(type_change_loses_data("BIGINT", "INTEGER"));
    CHECK(type_change_loses_data("INTEGER", "SMALLINT"));
    CHECK(type_change_loses_data("TEXT", "VARCHAR(20)"));
    CHECK(type_change_loses_data("VARCHAR", "VARCHAR(20)"));
    CHECK(type_change_loses_data("DOUBLE PRECISION", "REAL"));
    CHECK(type_change_loses_data("TIMESTAMP", "DATE"));
    CHECK(type_change_loses_data("TIMESTAMP(6) WITH TIME ZONE", "TIMESTAMP(0) WITH TIME ZONE"));
    CHECK(type_change_loses_data("NUMERIC(10, 2)", "INTEGER"));
    CHECK(type_change_loses_data("INTEGER", "NUMERIC(5, 2)"));
    CHECK(type_change_loses_data("BIGINT", "DOUBLE PRECISION"));
    CHECK(type_change_loses_data("INTEGER", "VARCHAR(5)"));
    // Conversions that may fail on existing rows.
    CHECK(type_change_loses_data("VARCHAR(10)", "INTEGER"));
    CHECK(type_change_loses_data("TEXT", "BOOLEAN"));
    CHECK(type_change_loses_data("INTEGER", "INTEGER[]"));
    // Widening.
    CHECK_FALSE(type_change_loses_data("VARCHAR(50)", "VARCHAR(100)"));
    CHECK_FALSE(type_change_loses_data("VARCHAR(50)", "TEXT"));
    CHECK_FALSE(type_change_loses_data("VARCHAR(50)", "VARCHAR"));
    CHECK_FALSE(type_change_loses_data("CHAR", "VARCHAR(5)"));
    CHECK_FALSE(type_change_loses_data("NUMERIC(8, 2)", "NUMERIC(10, 2)"));
    CHECK_FALSE(type_change_loses_data("NUMERIC(8, 2)", "NUMERIC(10, 3)"));
    CHECK_FALSE(type_change_loses_data("NUMERIC(10, 2)", "NUMERIC"));
    CHECK_FALSE(type_change_loses_data("INTEGER", "BIGINT"));
    CHECK_FALSE(type_change_loses_data("SMALLINT", "INTEGER"));
    CHECK_FALSE(type_change_loses_data("INTEGER", "NUMERIC(12, 2)"));
    CHECK_FALSE(type_change_loses_data("INTEGER", "DOUBLE PRECISION"));
    CHECK_FALSE(type_change_loses_data("REAL", "DOUBLE PRECISION"));
    CHECK_FALSE(type_change_loses_data("INTEGER", "TEXT"));
    CHECK_FALSE(type_change_loses_data("DATE", "TIMESTAMP WITHOUT TIME ZONE"));
    CHECK_FALSE(type_change_loses_data("BOOLEAN", "INTEGER"));
    CHECK_FALSE(type_change_loses_data("VARCHAR(20) COLLATE \"C\"", "VARCHAR(20)"));
}
