// The scanners that replaced std::regex on text from users and catalogs:
// the same answers as the patterns they replace, at any length.
#include <catch2/catch.hpp>

#include <string>

#include "orm/sql/literal_scan.hpp"

using namespace orm::sql;

TEST_CASE("quoted strings: one literal, '' inside, any length", "[sql][scan]") {
    CHECK(is_quoted_string("''"));
    CHECK(is_quoted_string("'it''s'"));
    CHECK(is_quoted_string("'" + std::string(1000000, 'x') + "'"));
    CHECK_FALSE(is_quoted_string("'a' 'b'"));
    CHECK_FALSE(is_quoted_string("'a''"));
    CHECK_FALSE(is_quoted_string("'"));
    CHECK_FALSE(is_quoted_string("a"));
    CHECK_FALSE(is_quoted_string("'" + std::string(1000000, 'x')));
}

TEST_CASE("numbers, hex integers, blobs and keyword constants", "[sql][scan]") {
    for (const char* yes : {"0", "12", "1.", "1.5", ".5", "1e3", "1.5E-3", ".5e+2"}) CHECK(is_decimal_number(yes, false));
    for (const char* no : {"", ".", "e3", "1e", "1e+", "1.2.3", "+1", "1x", " 1"}) CHECK_FALSE(is_decimal_number(no, false));
    CHECK(is_decimal_number("-1.5", true));
    CHECK(is_decimal_number("+.5", true));
    CHECK_FALSE(is_decimal_number("--1", true));
    CHECK(is_decimal_number(std::string(200000, '9'), false));
    CHECK(is_hex_integer("0x1F"));
    CHECK_FALSE(is_hex_integer("0x"));
    CHECK_FALSE(is_hex_integer("0x1G"));
    CHECK(is_blob_literal("X''"));
    CHECK(is_blob_literal("x'0a1B'"));
    CHECK_FALSE(is_blob_literal("x'0g'"));
    CHECK(is_keyword_constant("null", false));
    CHECK(is_keyword_constant("TRUE", false));
    CHECK_FALSE(is_keyword_constant("CURRENT_DATE", false));
    CHECK(is_keyword_constant("current_timestamp", true));
    CHECK_FALSE(is_keyword_constant("NULLS", true));
}

TEST_CASE("whole words, trimming and wrapped lines", "[sql][scan]") {
    CHECK(replace_word("INT, INT[], POINT, INT_X, xINT, INT", "INT", "INTEGER") ==
          "INTEGER, INTEGER[], POINT, INT_X, xINT, INTEGER");
    CHECK(replace_word("FLOAT", "FLOAT", "DOUBLE PRECISION") == "DOUBLE PRECISION");
    CHECK(trim_space(" \t\n NULL \r\n") == "NULL");
    CHECK(trim_space("   ").empty());
    CHECK(is_wrapped_line("(a)", '(', ')'));
    CHECK_FALSE(is_wrapped_line("()", '(', ')'));
    CHECK_FALSE(is_wrapped_line("(a\nb)", '(', ')'));
    CHECK(is_wrapped_line("'" + std::string(100000, 'q') + "'", '\'', '\''));
}
