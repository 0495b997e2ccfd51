#include <catch2/catch.hpp>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

TEST_CASE("indentation: INDENT and DEDENT tokens", "[python][indentation]") {
    CHECK(lex_dump("if a:\n    b\n    if c:\n        d\ne\n") ==
          "NAME if, NAME a, OP :, NEWLINE, INDENT, NAME b, NEWLINE, NAME if, NAME c, OP :, NEWLINE, INDENT, NAME d, "
          "NEWLINE, DEDENT, DEDENT, NAME e, NEWLINE, ENDMARKER");
    // Open blocks are closed at the end of the file.
    CHECK(lex_dump("if a:\n  b") == "NAME if, NAME a, OP :, NEWLINE, INDENT, NAME b, NEWLINE, DEDENT, ENDMARKER");
}

TEST_CASE("indentation: blank and comment lines do not count", "[python][indentation]") {
    CHECK(parse_dump("class A:\n    x = 1\n\n  # odd comment\n        \n    y = 2\n") ==
          "Module([ClassDef('A', [], [], [Assign([Name('x')], Constant(1)), Assign([Name('y')], Constant(2))], [])])");
}

TEST_CASE("indentation: no indentation inside brackets or after a backslash", "[python][indentation]") {
    CHECK(parse_dump("x = [\n1,\n      2]\ny = 1 + \\\n  2\n") ==
          "Module([Assign([Name('x')], List([Constant(1), Constant(2)])), "
          "Assign([Name('y')], BinOp(Constant(1), Add, Constant(2)))])");
}

TEST_CASE("indentation: tabs advance to multiples of eight", "[python][indentation]") {
    // A tab and eight spaces are the same level only if consistent in both
    // measures; a lone tab after a tab-indented line is fine.
    CHECK(parse_dump("if a:\n\tb\n\tc\n") == "Module([If(Name('a'), [Expr(Name('b')), Expr(Name('c'))], [])])");
    CHECK(parse_dump("if a:\n \tb\n \tc\n") == "Module([If(Name('a'), [Expr(Name('b')), Expr(Name('c'))], [])])");
    // Same column with tabs at 8, different with tabs at 1: CPython's TabError.
    CHECK(parse_error("if a:\n  \tb\n\tc\n").message == "inconsistent use of tabs and spaces in indentation");
    auto f = parse_error("if a:\n\tb\n        c\n");
    CHECK(f.message == "inconsistent use of tabs and spaces in indentation");
    CHECK(f.line == 3);
}

TEST_CASE("indentation: errors", "[python][indentation]") {
    auto f = parse_error("x = 1\n  y = 2\n");
    CHECK(f.message == "unexpected indent");
    CHECK(f.line == 2);
    CHECK(f.column == 3);

    f = parse_error("if x:\n    a\n  b\n");
    CHECK(f.message == "unindent does not match any outer indentation level");
    CHECK(f.line == 3);
    CHECK(f.column == 3);

    f = parse_error("if x:\ny = 1\n");
    CHECK(f.message == "expected an indented block after 'if' statement on line 1");
    CHECK(f.line == 2);
    CHECK(f.column == 1);

    f = parse_error("class A:\n\ndef f(): pass\n");
    CHECK(f.message == "expected an indented block after class definition on line 1");
    CHECK(f.line == 3);

    f = parse_error("def f():\n");
    CHECK(f.message == "expected an indented block after function definition on line 1");
}
