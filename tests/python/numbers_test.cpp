#include <catch2/catch.hpp>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

namespace {
const Constant& constant(const ExprPtr& e) {
    REQUIRE(e->as<Constant>());
    return *e->as<Constant>();
}
}  // namespace

TEST_CASE("numbers: integers in every base", "[python][numbers]") {
    struct Case {
        const char* text;
        const char* value;
        long long n;
    };
    for (auto c : {Case{"0", "0", 0}, Case{"42", "42", 42}, Case{"1_000_000", "1000000", 1000000},
                   Case{"0x1F", "0x1F", 31}, Case{"0X_ff", "0Xff", 255}, Case{"0o17", "0o17", 15},
                   Case{"0b1010", "0b1010", 10}, Case{"0b_1_0", "0b10", 2}, Case{"00", "00", 0},
                   Case{"9223372036854775807", "9223372036854775807", 9223372036854775807LL}}) {
        INFO(c.text);
        auto e = parse_expression(src(c.text));
        CHECK(constant(e).value_kind == ConstantKind::Int);
        CHECK(constant(e).value == c.value);
        CHECK(constant(e).int_value() == c.n);
    }
    // Beyond 64 bits: an InputError at the literal. (The tree points into its
    // source file, which must outlive it: the sanitizer build caught a test
    // that let it go.)
    auto big_source = src("9223372036854775808");
    auto big = parse_expression(big_source);
    CHECK_THROWS_AS(constant(big).int_value(), orm::InputError);
    auto hex_source = src("0x1_0000_0000_0000_0000");
    auto hex = parse_expression(hex_source);
    CHECK_THROWS_WITH(constant(hex).int_value(), Catch::StartsWith("test.py:1:1: error: integer literal 0x10000000000000000 is beyond 64 bits"));
}

TEST_CASE("numbers: floats and imaginary literals", "[python][numbers]") {
    struct Case {
        const char* text;
        const char* value;
        ConstantKind kind;
    };
    for (auto c : {Case{"1.", "1.", ConstantKind::Float}, Case{".5", ".5", ConstantKind::Float},
                   Case{"1e10", "1e10", ConstantKind::Float}, Case{"1_000.5", "1000.5", ConstantKind::Float},
                   Case{"1.5E-3", "1.5E-3", ConstantKind::Float}, Case{"0777.5", "0777.5", ConstantKind::Float},
                   Case{"2j", "2j", ConstantKind::Imaginary}, Case{"1.5e+3J", "1.5e+3J", ConstantKind::Imaginary},
                   Case{"0e0", "0e0", ConstantKind::Float}}) {
        INFO(c.text);
        auto e = parse_expression(src(c.text));
        CHECK(constant(e).value_kind == c.kind);
        CHECK(constant(e).value == c.value);
    }
}

TEST_CASE("numbers: a keyword glued to a number is still accepted", "[python][numbers]") {
    CHECK(expr_dump("1if x else 2") == "IfExp(Name('x'), Constant(1), Constant(2))");
    // As in CPython, the hex digits run on: this is `0x1f or x in y`.
    CHECK(expr_dump("[0x1for x in y]") ==
          "List([BoolOp(Or, [Constant(0x1f), Compare(Name('x'), [In], [Name('y')])])])");
}

TEST_CASE("numbers: malformed literals", "[python][numbers]") {
    struct Case {
        const char* text;
        const char* message;
    };
    for (auto c : {Case{"x = 1__0\n", "invalid decimal literal"}, Case{"x = 1_\n", "invalid decimal literal"},
                   Case{"x = 1abc\n", "invalid decimal literal"}, Case{"x = 0x\n", "invalid hexadecimal literal"},
                   Case{"x = 0xg\n", "invalid hexadecimal literal"}, Case{"x = 0b102\n", "invalid digit '2' in binary literal"},
                   Case{"x = 0o8\n", "invalid octal literal"},
                   Case{"x = 0777\n", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"}}) {
        INFO(c.text);
        auto f = parse_error(c.text);
        CHECK(f.message == c.message);
        CHECK(f.line == 1);
        CHECK(f.column >= 5);
    }
}
