// The re module's engine under stress: long inputs run without deep C++
// recursion, catastrophic backtracking ends with the step budget's error,
// malformed patterns raise re.error. (Matching itself is compared with
// CPython by the programs in tests/python/programs/re_*.py.)
#include <catch2/catch.hpp>

#include "orm/python/regex.hpp"
#include "python/interpreter_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

TEST_CASE("re: a 200,000-character input does not exhaust the C++ stack", "[python][re]") {
    auto ran = run_source(
        "import re\n"
        "s = 'ab' * 100000\n"
        "m = re.match(r'(a|b)*c', s + 'c')\n"
        "lazy = re.match(r'(?:a|b)*?c', s + 'c')\n"
        "r1 = (m.span(), m.group(1), lazy.end())\n"
        "r2 = re.fullmatch(r'(?:ab)+', s) is not None\n"
        "r3 = len(re.sub(r'(?<!^)(?=[A-Z])', '_', 'Ab' * 100000))\n"
        "r4 = len(re.findall(r'b', s))\n"
        "r5 = re.search(r'(.)*x', s + 'x').span()\n"
        "r6 = len(re.split(r'(?<=a)', s))\n");
    CHECK(ran.repr("r1") == "((0, 200001), 'b', 200001)");
    CHECK(ran.repr("r2") == "True");
    CHECK(ran.repr("r3") == "299999");
    CHECK(ran.repr("r4") == "100000");
    CHECK(ran.repr("r5") == "(0, 200001)");
    CHECK(ran.repr("r6") == "100001");
}

TEST_CASE("re: catastrophic backtracking ends with the step budget's error", "[python][re]") {
    InterpreterOptions options;
    options.step_budget = 2'000'000;
    std::string error = run_error("import re\nm = re.match(r'(a+)+$', 'a' * 40 + 'b')\n", options);
    CHECK_THAT(error, Catch::Contains("step budget"));
    error = run_error("import re\nm = re.findall(r'(x+x+)+y', 'x' * 60)\n", options);
    CHECK_THAT(error, Catch::Contains("step budget"));
}

TEST_CASE("re: a malformed pattern raises re.error with CPython's message", "[python][re]") {
    CHECK_THAT(run_error("import re\nre.compile('(a')\n"),
               Catch::Contains("error: missing ), unterminated subpattern at position 0"));
    CHECK_THAT(run_error("import re\nre.search('[z-a]', 'x')\n"), Catch::Contains("bad character range z-a at position 1"));
    auto ran = run_source(
        "import re\n"
        "try:\n"
        "    re.compile('a**')\n"
        "except re.error as e:\n"
        "    caught = (str(e), e.msg, e.pos, isinstance(e, Exception))\n");
    CHECK(ran.repr("caught") == "('multiple repeat at position 2', 'multiple repeat', 2, True)");
    // Nesting deeper than the parser allows is an error, not a crash.
    CHECK_THAT(run_error("import re\nre.compile('(' * 5000 + ')' * 5000)\n"), Catch::Contains("nested too deeply"));
}

TEST_CASE("re: the engine on its own", "[python][re]") {
    using namespace orm::python::regex;
    auto re = Regex::compile(U"(?P<word>\\w+)@(\\d+)", 0);
    CHECK(re->groups() == 2);
    CHECK(re->flags() == kUnicode);
    Captures cap;
    int ticks = 0;
    Tick tick = [&] { ++ticks; };
    REQUIRE(exec(*re, U"see: café@42!", 0, Mode::Search, false, cap, tick));
    CHECK(cap.start(0) == 5);
    CHECK(cap.end(0) == 12);
    CHECK(cap.start(1) == 5);
    CHECK(cap.end(2) == 12);
    CHECK(cap.lastindex == 2);
    CHECK_FALSE(exec(*re, U"see: café@42!", 0, Mode::Match, false, cap, tick));
    // The tick runs as the VM works: a pattern that backtracks a lot calls it often.
    ticks = 0;
    auto slow = Regex::compile(U"(a|aa)+$", 0);
    CHECK_FALSE(exec(*slow, std::u32string(22, U'a') + U"b", 0, Mode::Match, false, cap, tick));
    CHECK(ticks > 1000);
    try {
        Regex::compile(U"a{2,1}", 0);
        FAIL("no error");
    } catch (const PatternError& e) {
        CHECK(e.msg == "min repeat greater than max repeat");
        CHECK(e.pos == 2);
    }
}
