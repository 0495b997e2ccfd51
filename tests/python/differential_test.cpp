// Differential check against CPython: each snippet is parsed here and by
// /usr/bin/python3's `ast` (rendered by data/ast_compact.py in the same
// compact format as ast_dump.cpp), and the two renderings must be equal.
#include <catch2/catch.hpp>

#include <sstream>

#include "python/test_helpers.hpp"
#include "support/process.hpp"

using namespace orm::python;
using namespace orm::python::testing;

namespace {

const char* const snippets[] = {
    // literals and strings
    "x = 1, 0x1F, 0o17, 0b101, 1_000, 1.5, .5, 1., 1e10, 1_000.5, 2j, 1.5e-3j, ...\n",
    "s = 'a' \"b\" '''c\nd''' \"\"\"e\"\"\" r'\\d+' R\"\\n\"\nb = b'\\x00\\xff' rb'\\x' Br'\\y'\n",
    "s = 'tab\\there\\\\ \\' \\\" \\x41 \\101 \\u00e9 \\U0001F600 \\a\\b\\f\\v\\r \\q'\n",
    "s = 'caf\xc3\xa9 \xe2\x82\xac'\nb = b'\\u00e9'\n",
    "s = 'one\\\ntwo'\n",
    // operators and precedence
    "a = -x ** -y ** 2 * ~z // 3 % 4 @ m - +b << 1 >> 2 & 3 ^ 4 | 5\n",
    "a = not x == y < z <= w != v > u >= t is s is not r in q not in p and o or n and not m\n",
    "a = x if y else z if w else v\nb = lambda: 0\nc = lambda x, y=1, *a, k, m=2, **kw: x\n",
    "a = lambda x, /, y, *, z: (x, y, z)\nb = (y := 10)\nif (n := len(a)) > 10: pass\n",
    "a = 2 ** 3 ** 4\nb = (-2) ** 2\nc = a - b - c\nd = a / b * c\n",
    // calls, attributes, subscripts
    "Column(Integer, ForeignKey('a.id', ondelete='CASCADE'), *cols, primary_key=True, **kw)\n",
    "sum(x * 2 for x in range(10) if x if x > 2)\nf(*a, *b, c=1, **d, e=2)\n",
    "a[1]\na[1:2]\na[::2]\na[:, 1]\na[1:2, ::3, ...]\na[x, y]\na[()]\na[b][c].d(e)[f:g:h]\n",
    "q = session.query(Customer.id).filter(Customer.town == 'Norfolk').order_by(Customer.id.desc()).limit(3)\n",
    // displays and comprehensions
    "a = [], [1, 2,], (), (1,), {}, {1, 2}, {'a': 1, **b, 'c': 2}, [*a, *b], {*a}\n",
    "a = [x for x in y]\nb = {x for x in y}\nc = {k: v for k, v in d.items() if v}\nd = (x for x in y for z in x)\n",
    "a = [(x, y) for x, *y in z]\nb = [await x async for x in y]\n",
    // statements
    "a = b = c = 1\na, b = b, a\n[a, *b] = c\na.b, c[d] = 1, 2\nx += 1\ny **= 2\nz //= 3\nw @= m\n",
    "x: int\ny: Mapped[Optional[str]] = mapped_column(String(30))\nself.x: int = 3\n",
    "import a, b.c as d\nfrom . import x\nfrom ..a.b import (c, d as e,)\nfrom ... import y\nfrom m import *\n",
    "pass; x = 1; del a, b[0], c.d;\nglobal g, h\nassert x, 'msg'\nraise\nraise E\nraise E from e\n",
    "def f():\n    nonlocal_x = 1\n    return\ndef g(): return 1, 2\n",
    "@dec\n@dec.attr(1)\nclass A(Base, metaclass=M):\n    '''Doc.'''\n    x = 1\n\n    def f(self, a: int = 1, *args: str, b, **kw) -> None:\n        pass\n",
    "class A: pass\nclass B(): x = 1; y = 2\nasync def f(a, b, /, c):\n    await g()\n    async with a as b: pass\n    async for x in y: pass\n",
    "if a:\n    pass\nelif b:\n    x\nelif c: y\nelse:\n    z\n",
    "for x in y:\n    break\nelse:\n    continue\nwhile x:\n    x -= 1\nelse: pass\nfor a, b in c: pass\n",
    "with a: pass\nwith a as b, c as (d, e): pass\nwith (a as b, c): pass\nwith (a, b): pass\nwith (a) as b: pass\n",
    "try:\n    x\nexcept:\n    pass\ntry: x\nexcept (A, B) as e: y\nexcept C: z\nelse: w\nfinally: v\n",
    "def gen():\n    yield\n    yield x\n    x = yield y\n    yield from z\n    await (yield)\n",
    "match = 1\nmatch(x)\nmatch x:\n    case 1:\n        pass\n    case _:\n        pass\nprint(match)\n",
    "x = (1 +\n     2)\ny = 1 + \\\n    2\nz = [\n  1,\n  2,  # comment\n]\n",
    "if True:\n\tx = 1\n\tif y:\n\t\tz = 2\n",
    "def f(a,\n      b=2,\n      *,\n      c):\n    return a\n",
};

}  // namespace

TEST_CASE("differential: ASTs equal CPython's for a set of snippets", "[python][differential]") {
    orm_test::TempDir dir;
    std::vector<std::string> args = {(orm_test::source_dir() / "tests/python/data/ast_compact.py").string()};
    std::vector<std::string> ours;
    int i = 0;
    for (const char* snippet : snippets) {
        auto path = dir / ("s" + std::to_string(i++) + ".py");
        orm_test::write_file(path, snippet);
        args.push_back(path.string());
        ours.push_back(parse_dump(snippet));
    }
    auto result = orm_test::run_python(args);
    REQUIRE(result.err == "");
    REQUIRE(result.exit_code == 0);
    std::istringstream lines(result.out);
    std::string line;
    for (size_t k = 0; k < ours.size(); ++k) {
        REQUIRE(std::getline(lines, line));
        INFO(snippets[k]);
        CHECK(ours[k] == line);
    }
}
