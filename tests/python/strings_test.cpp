#include <catch2/catch.hpp>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

TEST_CASE("strings: quote forms", "[python][strings]") {
    CHECK(expr_dump("'a'") == "Constant('a')");
    CHECK(expr_dump("\"a'b\"") == "Constant('a\\'b')");
    CHECK(expr_dump("'''x\ny'''") == "Constant('x\\ny')");
    CHECK(expr_dump("\"\"\"say \"hi\" \"\"\"") == "Constant('say \"hi\" ')");
    CHECK(expr_dump("''") == "Constant('')");
    CHECK(expr_dump("''''''") == "Constant('')");
}

TEST_CASE("strings: prefixes in any case", "[python][strings]") {
    for (const char* p : {"r", "R", "u", "U", "b", "B", "rb", "Rb", "bR", "BR", "br", "f", "F", "fr", "Rf", "rF"}) {
        INFO(p);
        auto e = parse_expression(src(std::string(p) + "'x'"));
        std::string pl = p;
        bool is_f = pl.find_first_of("fF") != std::string::npos;
        bool is_b = pl.find_first_of("bB") != std::string::npos;
        if (is_f) {
            REQUIRE(e->as<JoinedStr>());
            CHECK(e->as<JoinedStr>()->raw == "x");
        } else {
            REQUIRE(e->as<Constant>());
            CHECK(e->as<Constant>()->value_kind == (is_b ? ConstantKind::Bytes : ConstantKind::String));
            CHECK(e->as<Constant>()->value == "x");
        }
    }
    // Not a prefix: a name followed by a string is two tokens (and a syntax error).
    CHECK(parse_error("x = ub'a'\n").message == "invalid syntax");
}

TEST_CASE("strings: escape sequences", "[python][strings]") {
    auto value = [](const std::string& literal) { return parse_expression(src(literal))->as<Constant>()->value; };
    CHECK(value(R"('\n\t\\\'\"')") == "\n\t\\'\"");
    CHECK(value(R"('\a\b\f\v\r')") == "\a\b\f\v\r");
    CHECK(value(R"('\x41\x6a')") == "Aj");
    CHECK(value(R"('\101\0\7')") == std::string("A\0\7", 3));
    CHECK(value(R"('\u00e9')") == "\xC3\xA9");
    CHECK(value(R"('\U0001F600')") == "\xF0\x9F\x98\x80");
    CHECK(value(R"('\d')") == "\\d");  // unknown escapes keep their backslash
    CHECK(value("'a\\\nb'") == "ab");   // backslash-newline continues the literal
    CHECK(value(R"(b'\xff\u00e9')") == "\xFF\\u00e9");  // \u is not an escape in bytes
    // Unicode names, in any case, as CPython reads them.
    CHECK(value(R"(' \N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK} ')") == " \xC2\xBB ");
    CHECK(value(R"('\N{empty set}\N{RIGHTWARDS ARROW}')") == "\xE2\x88\x85\xE2\x86\x92");
    CHECK(value(R"(b'\N{BULLET}')") == "\\N{BULLET}");   // not an escape in bytes
    // Every name Unicode gives, not only the common blocks': a CJK radical,
    // an emoji beyond the BMP, Hangul and CJK names made by rule.
    CHECK(value(R"('\N{KANGXI RADICAL ONE}\N{GRINNING FACE}')") == "\xE2\xBC\x80\xF0\x9F\x98\x80");
    CHECK(value(R"('\N{HANGUL SYLLABLE GA}\N{CJK UNIFIED IDEOGRAPH-4E00}')") == "\xEA\xB0\x80\xE4\xB8\x80");
}

TEST_CASE("strings: raw strings keep backslashes", "[python][strings]") {
    auto value = [](const std::string& literal) { return parse_expression(src(literal))->as<Constant>()->value; };
    CHECK(value(R"(r'\d+\n')") == "\\d+\\n");
    CHECK(value(R"(r'\'')") == "\\'");
    CHECK(value(R"(rb'\x00')") == "\\x00");
}

TEST_CASE("strings: implicit concatenation", "[python][strings]") {
    CHECK(expr_dump("'a' \"b\" '''c'''") == "Constant('abc')");
    CHECK(expr_dump("(\n 'a'\n 'b'\n)") == "Constant('ab')");
    CHECK(expr_dump("b'a' b'b'") == "Constant(b'ab')");
    // One f-string part makes the whole literal an f-string; plain braces are escaped.
    CHECK(expr_dump("'{a}' f'{b}' 'c'") == "JoinedStr('{{a}}{b}c')");
    auto e = parse_expression(src("'x'\n"));
    CHECK(e->loc.column == 1);
    auto c = parse_expression(src("'ab' 'cd'"));
    CHECK(c->loc.end_column == 10);  // spans both parts
}

TEST_CASE("strings: mixing bytes and str is an error", "[python][strings]") {
    auto f = parse_error("x = 'a' b'b'\n");
    CHECK(f.message == "cannot mix bytes and nonbytes literals");
    CHECK(f.line == 1);
    CHECK(f.column == 9);
}

TEST_CASE("strings: escape errors point at the escape", "[python][strings]") {
    auto f = parse_error("x = 'ab\\x4'\n");
    CHECK(f.message == "truncated \\x escape: expected 2 hex digits");
    CHECK(f.line == 1);
    CHECK(f.column == 8);
    f = parse_error("x = '''\n\\N{NO SUCH CHARACTER}'''\n");
    CHECK(f.message == "unknown Unicode character name");
    CHECK(f.line == 2);
    CHECK(f.column == 1);
    f = parse_error("x = b'caf\xC3\xA9'\n");
    CHECK(f.message == "bytes can only contain ASCII literal characters");
    CHECK(f.column == 10);
}

TEST_CASE("strings: unterminated literals", "[python][strings]") {
    auto f = parse_error("x = 'abc\ny = 2\n");
    CHECK(f.message == "unterminated string literal (detected at line 1)");
    CHECK(f.line == 1);
    CHECK(f.column == 5);
    f = parse_error("x = 1\ny = \"\"\"abc\n\nz\n");
    CHECK(f.message == "unterminated triple-quoted string literal (detected at line 4)");
    CHECK(f.line == 2);
    CHECK(f.column == 5);
    f = parse_error("x = 'abc\\");
    CHECK(f.message == "unterminated string literal (detected at line 1)");
}

TEST_CASE("strings: decode_string reports the literal's form", "[python][strings]") {
    auto source = src("Rb'''a\\n'''\n");
    auto tokens = tokenize(source);
    auto lit = decode_string(tokens[0], source);
    CHECK(lit.is_raw);
    CHECK(lit.is_bytes);
    CHECK_FALSE(lit.is_fstring);
    CHECK(lit.value == "a\\n");
}
