// Deeply nested input stops with "nesting too deep" at its line:col instead
// of overflowing the stack of the parser or of the walks over the tree it
// builds (the resolver, the interpreter, the tree's destructors).
#include <catch2/catch.hpp>

#include <string>

#include "python/interpreter_helpers.hpp"
#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

namespace {

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("10,000 open parentheses are 'nesting too deep' at the 201st") {
    auto e = parse_error("x = " + repeat("(", 10000));
    CHECK(e.message == "nesting too deep: more than 200 nested brackets, operators or blocks");
    CHECK(e.line == 1);
    CHECK(e.column == 205);   // "x = " then the 201st '('
}

TEST_CASE("nesting up to the limit parses and runs") {
    auto r = run_source("x = " + repeat("(", 199) + "1" + repeat(")", 199) + "\n" +
                        "y = " + repeat("[", 150) + "2" + repeat("]", 150) + "\n");
    CHECK(r.repr("x") == "1");
    CHECK(r.repr("y") == repeat("[", 150) + "2" + repeat("]", 150));
}

TEST_CASE("every kind of recursive construct counts against the limit") {
    for (const std::string& text : {
             "x = " + repeat("[", 10000),
             "x = " + repeat("{1: ", 10000),
             "x = " + repeat("f(", 10000),
             "x = " + repeat("-", 10000) + "1",
             "x = " + repeat("not ", 10000) + "1",
             "x = 2" + repeat(" ** 2", 10000),
             "x = " + repeat("lambda: ", 10000) + "1",
             "x = " + repeat("1 if y else ", 10000) + "1",
             "x = " + repeat("a[", 10000),
         }) {
        INFO(text.substr(0, 20));
        CHECK_THAT(parse_error(text).message, Catch::StartsWith("nesting too deep"));
    }
}

TEST_CASE("long left-leaning chains are 'nesting too deep' past 1000 levels, not a crash") {
    // A flat run of operators, calls or attributes builds a tree as deep as it is long.
    CHECK(parse_error("x = 1" + repeat(" + 1", 100000)).message ==
          "nesting too deep: an expression more than 1000 levels deep");
    CHECK_THAT(parse_error("x = a" + repeat(".b", 100000)).message, Catch::StartsWith("nesting too deep"));
    CHECK_THAT(parse_error("x = f" + repeat("()", 100000)).message, Catch::StartsWith("nesting too deep"));
    // Chains inside nested brackets add up: ((1 + 1 ...) + 1 ...) is 20 x 100 levels deep.
    std::string nested = "1";
    for (int i = 0; i < 20; ++i) nested = "(" + nested + repeat(" + 1", 100) + ")";
    CHECK(parse_error("x = " + nested).message == "nesting too deep: an expression more than 1000 levels deep");
    // Comparisons and boolean operators are flat in the tree: any length is fine.
    CHECK(run_source("x = 1" + repeat(" < 2", 5000) + "\ny = 1" + repeat(" and 1", 5000) + "\n").repr("y") == "1");
    // A chain within the limit runs.
    CHECK(run_source("x = 0" + repeat(" + 1", 900) + "\n").repr("x") == "900");
}

TEST_CASE("deeply nested blocks and elif chains stop with 'nesting too deep'") {
    std::string blocks;
    for (int i = 0; i < 300; ++i) blocks += std::string(static_cast<size_t>(i), ' ') + "if True:\n";
    blocks += std::string(300, ' ') + "pass\n";
    auto e = parse_error(blocks);
    CHECK(e.message == "nesting too deep: more than 200 nested brackets, operators or blocks");
    CHECK(e.line == 201);

    std::string elifs = "x = 3\nif x == 0:\n    pass\n";
    for (int i = 1; i < 5000; ++i) elifs += "elif x == " + std::to_string(i) + ":\n    pass\n";
    CHECK_THAT(parse_error(elifs).message, Catch::StartsWith("nesting too deep"));
    std::string short_elifs = "x = 3\ny = 0\nif x == 0:\n    pass\n";
    for (int i = 1; i < 500; ++i) short_elifs += "elif x == " + std::to_string(i) + ":\n    y = " + std::to_string(i) + "\n";
    CHECK(run_source(short_elifs).repr("y") == "3");
}

TEST_CASE("an f-string's expression counts on from the nesting around it") {
    auto e = parse_error("x = " + repeat("(", 150) + "f'{" + repeat("(", 100) + "1" + repeat(")", 100) + "}'" +
                         repeat(")", 150));
    CHECK_THAT(e.message, Catch::StartsWith("nesting too deep"));
}

TEST_CASE("query expressions have the same limit") {
    try {
        parse_expression(src("session.query(" + repeat("(", 10000)));
        FAIL("no error");
    } catch (const orm::InputError& e) {
        CHECK_THAT(e.message(), Catch::StartsWith("nesting too deep"));
        CHECK(e.location().column == 14 + 200);   // the call's own bracket is the first
    }
}

TEST_CASE("recursion through deep expressions is a RecursionError, not a stack overflow") {
    // Each call sits 150 levels deep in its expression: the recursion limit
    // alone would let the native stack run out first.
    std::string deep = repeat("1 + (", 150) + "f(n - 1)" + repeat(")", 150);
    // The interpreter outlives the exception, whose frames point into its files.
    Interpreter interpreter;
    try {
        interpreter.run_file("prog", src("def f(n):\n    return 0 if n == 0 else " + deep + "\nf(240)\n", "prog.py"),
                             false, "");
        FAIL("no error");
    } catch (const PythonException& e) {
        CHECK(e.message() == "RecursionError: maximum recursion depth exceeded (the calls fill the stack)");
        CHECK(e.location().line == 2);
    }
}
