// Syntax errors: the first one raises InputError with CPython's meaning,
// saying what was expected, at the right line and column.
#include <catch2/catch.hpp>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

namespace {
struct Case {
    const char* text;
    const char* message;
    int line;
    int column;
};
}  // namespace

TEST_CASE("errors: message, line and column", "[python][errors]") {
    const Case cases[] = {
        {"class A(Base)\n    x = 1\n", "invalid syntax: expected ':'", 1, 14},
        {"for x in y\n  pass\n", "invalid syntax: expected ':'", 1, 11},
        {"x = (1,\n     2\n", "'(' was never closed", 1, 5},
        {"x = [1, 2)\n", "closing parenthesis ')' does not match opening parenthesis '['", 1, 10},
        {"x = [1,\n 2)\n", "closing parenthesis ')' does not match opening parenthesis '[' on line 1", 2, 3},
        {"x = 1)\n", "unmatched ')'", 1, 6},
        {"x = 1 2\n", "invalid syntax", 1, 7},
        {"x = \n", "invalid syntax: expected an expression", 1, 5},
        {"x = 1 +\n", "invalid syntax: expected an expression", 1, 8},
        {"x = $\n", "invalid character '$' (U+0024)", 1, 5},
        {"x = 1 \\ 2\n", "unexpected character after line continuation character", 1, 8},
        {"f() = 1\n", "cannot assign to function call", 1, 1},
        {"1 = x\n", "cannot assign to literal", 1, 1},
        {"a + b = c\n", "cannot assign to expression", 1, 1},
        {"del f()\n", "cannot delete function call", 1, 5},
        {"(a, b) += 1\n", "'tuple' is an illegal expression for augmented assignment", 1, 1},
        {"a, b: int\n", "only single target (not tuple) can be annotated", 1, 1},
        {"f(a=1, b)\n", "positional argument follows keyword argument", 1, 8},
        {"f(**k, b)\n", "positional argument follows keyword argument unpacking", 1, 8},
        {"f(x for x in y, 1)\n", "Generator expression must be parenthesized", 1, 3},
        {"f(a.b=1)\n", "expression cannot contain assignment, perhaps you meant \"==\"?", 1, 3},
        {"def f(a=1, b): pass\n", "non-default argument follows default argument", 1, 12},
        {"def f(*): pass\n", "named arguments must follow bare *", 1, 7},
        {"def f(/, a): pass\n", "at least one argument must precede /", 1, 7},
        {"try:\n    pass\nx = 1\n", "invalid syntax: expected 'except' or 'finally' block", 3, 1},
        {"try:\n    pass\nexcept* E:\n    pass\n", "'except*' (exception groups) is not supported", 3, 7},
        {"try:\n    pass\nexcept A, B as e:\n    pass\n", "multiple exception types must be parenthesized when using 'as'", 3, 8},
        {"x = a if b\n", "invalid syntax: expected 'else' after 'if' expression", 1, 11},
        {"import\n", "invalid syntax: expected a module name", 1, 7},
        {"from x import a,\n", "trailing comma not allowed without surrounding parentheses", 1, 16},
        {"from x imp a\n", "invalid syntax: expected 'import'", 1, 8},
        {"x.1\n", "invalid syntax", 1, 2},
        {"x.\n", "invalid syntax: expected an attribute name after '.'", 1, 3},
        {"@dec\nx = 1\n", "invalid syntax: expected 'class' or 'def' after a decorator", 2, 1},
        {"class 1: pass\n", "invalid syntax: expected a class name", 1, 7},
        {"lambda x: (yield)\n", "no error", 0, 0},
        {"print((*a))\n", "cannot use starred expression here", 1, 8},
        {"(x.y := 1)\n", "cannot use assignment expressions with attribute", 1, 2},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        ParseFailure f = parse_error(c.text);
        CHECK(f.message == c.message);
        CHECK(f.line == c.line);
        CHECK(f.column == c.column);
    }
}

TEST_CASE("errors: the rendered message quotes the line with a caret", "[python][errors]") {
    try {
        parse_module(src("class A(Base)\n    x = 1\n", "models.py"));
        FAIL("no error");
    } catch (const orm::InputError& e) {
        CHECK(std::string(e.what()) ==
              "models.py:1:14: error: invalid syntax: expected ':'\n"
              "  class A(Base)\n"
              "               ^");
        CHECK(e.category() == orm::ErrorCategory::invalid_input);
    }
}

TEST_CASE("errors: the first error wins over a later lexical error", "[python][errors]") {
    // The unterminated string is far ahead; the parser's error comes first in the text.
    auto f = parse_error("x = = 1\n" + std::string(200, '\n') + "y = 'abc\n");
    CHECK(f.message == "invalid syntax: expected an expression");
    CHECK(f.line == 1);
    // A lexical error that a backtracking attempt (a parenthesised `with`) ran into is still reported.
    f = parse_error("with (open('a) as f:\n    pass\n");
    CHECK(f.message == "unterminated string literal (detected at line 1)");
    CHECK(f.column == 12);
}
