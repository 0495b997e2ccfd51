// One error root: every error orm raises is an orm::Error with a category,
// and text becomes a number only through the checked converters, which
// refuse what does not fit instead of wrapping or throwing std:: errors.
#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"

using orm::parse_integer;
using orm::parse_real;

TEST_CASE("parse_integer reads the whole text, signed, within the type's range", "[core][number]") {
    CHECK(parse_integer<int>("42") == 42);
    CHECK(parse_integer<int>("-42") == -42);
    CHECK(parse_integer<int>("+42") == 42);
    CHECK(parse_integer<long long>("9223372036854775807") == INT64_MAX);
    CHECK(parse_integer<long long>("-9223372036854775808") == INT64_MIN);
    CHECK_FALSE(parse_integer<long long>("9223372036854775808"));
    CHECK_FALSE(parse_integer<int>("2147483648"));
    CHECK_FALSE(parse_integer<size_t>("-1"));
    CHECK_FALSE(parse_integer<int>(""));
    CHECK_FALSE(parse_integer<int>("+"));
    CHECK_FALSE(parse_integer<int>("+-1"));
    CHECK_FALSE(parse_integer<int>("12abc"));
    CHECK_FALSE(parse_integer<int>(" 12"));
    CHECK_FALSE(parse_integer<int>("1.5"));
}

TEST_CASE("parse_real reads a finite double from the whole text", "[core][number]") {
    CHECK(parse_real("1.5") == 1.5);
    CHECK(parse_real("-2e3") == -2000.0);
    CHECK(parse_real("+0.25") == 0.25);
    CHECK(parse_real("7") == 7.0);
    CHECK_FALSE(parse_real("1e999"));
    CHECK_FALSE(parse_real("inf"));
    CHECK_FALSE(parse_real("nan"));
    CHECK_FALSE(parse_real("1.5x"));
    CHECK_FALSE(parse_real(""));
}

TEST_CASE("parse_python_integer reads Python's integer literals", "[core][number]") {
    using orm::parse_python_integer;
    CHECK(parse_python_integer("42") == 42);
    CHECK(parse_python_integer("-7") == -7);
    CHECK(parse_python_integer("0x1F") == 31);
    CHECK(parse_python_integer("0XfF") == 255);
    CHECK(parse_python_integer("0o17") == 15);
    CHECK(parse_python_integer("0b101") == 5);
    CHECK(parse_python_integer("1_000_000") == 1000000);
    CHECK(parse_python_integer("0x_ff") == 255);
    CHECK(parse_python_integer("9223372036854775807") == INT64_MAX);
    CHECK(parse_python_integer("-9223372036854775808") == INT64_MIN);
    CHECK_FALSE(parse_python_integer("9223372036854775808"));
    CHECK_FALSE(parse_python_integer("1__0"));
    CHECK_FALSE(parse_python_integer("_1"));
    CHECK_FALSE(parse_python_integer("1_"));
    CHECK_FALSE(parse_python_integer("0x"));
    CHECK_FALSE(parse_python_integer("1.5"));
    CHECK_FALSE(parse_python_integer("1e3"));
    CHECK_FALSE(parse_python_integer(""));
}

TEST_CASE("each error type has its category", "[core][errors]") {
    CHECK(orm::UsageError("u").category() == orm::ErrorCategory::usage);
    CHECK(orm::InputError("i").category() == orm::ErrorCategory::invalid_input);
    CHECK(orm::DatabaseError("d").category() == orm::ErrorCategory::database);
    CHECK(orm::ConditionFailed("c").category() == orm::ErrorCategory::condition_failed);
    CHECK(orm::SafetyError("s").category() == orm::ErrorCategory::refused);
    CHECK(orm::InternalError("b").category() == orm::ErrorCategory::internal);
}
