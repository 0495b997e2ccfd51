#include <catch2/catch.hpp>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

TEST_CASE("statements: module docstring", "[python][statements]") {
    auto m = parse_module(src("'''Models.'''\nimport x\n"));
    REQUIRE(m.docstring);
    CHECK(*m.docstring == "Models.");
    CHECK(m.body.size() == 2);
    CHECK_FALSE(parse_module(src("x = 1\n'''not a docstring'''\n")).docstring);
}

TEST_CASE("statements: class definitions", "[python][statements]") {
    CHECK(parse_dump("@reg.mapped\nclass A(Base, Mixin, metaclass=M, **kw):\n    pass\n") ==
          "Module([ClassDef('A', [Name('Base'), Name('Mixin')], [metaclass=Name('M'), **Name('kw')], [Pass], "
          "[Attribute(Name('reg'), 'mapped')])])");
    CHECK(parse_dump("class A: pass\nclass B(): x = 1; y = 2;\n") ==
          "Module([ClassDef('A', [], [], [Pass], []), ClassDef('B', [], [], [Assign([Name('x')], Constant(1)), "
          "Assign([Name('y')], Constant(2))], [])])");
    auto m = parse_module(src("@dec\nclass Customer(Base):\n    x = 1\n"));
    auto c = m.body[0]->as<ClassDef>();
    REQUIRE(c);
    CHECK(c->loc.line == 2);  // at `class`, as CPython does, not at the decorator
    CHECK(c->name_loc.line == 2);
    CHECK(c->name_loc.column == 7);
    CHECK(c->loc.end_line == 3);
}

TEST_CASE("statements: function definitions and parameters", "[python][statements]") {
    CHECK(parse_dump("def f(a, b: int = 1, /, c=2, *args: str, d, e=3, **kw) -> None: return a\n") ==
          "Module([FunctionDef('f', [a, b:Name('int')=Constant(1), /, c=Constant(2), *args:Name('str'), d, "
          "e=Constant(3), **kw], [Return(Name('a'))], [], Constant(None))])");
    CHECK(parse_dump("def f(*, a): pass\n") == "Module([FunctionDef('f', [*, a], [Pass], [], None)])");
    CHECK(parse_dump("async def f(): await x\n") ==
          "Module([AsyncFunctionDef('f', [], [Expr(Await(Name('x')))], [], None)])");
    auto m = parse_module(src("def f(a, *, b): pass\n"));
    const auto& ps = m.body[0]->as<FunctionDef>()->params;
    REQUIRE(ps.size() == 3);
    CHECK(ps[0].kind == Parameter::Kind::Positional);
    CHECK(ps[1].kind == Parameter::Kind::Separator);
    CHECK(ps[1].name.empty());
    CHECK(ps[2].kind == Parameter::Kind::KeywordOnly);
}

TEST_CASE("statements: control flow", "[python][statements]") {
    CHECK(parse_dump("if a: x\nelif b: y\nelse: z\n") ==
          "Module([If(Name('a'), [Expr(Name('x'))], [If(Name('b'), [Expr(Name('y'))], [Expr(Name('z'))])])])");
    CHECK(parse_dump("for k, v in d.items(): pass\nelse: pass\n") ==
          "Module([For(Tuple([Name('k'), Name('v')]), Call(Attribute(Name('d'), 'items'), [], []), [Pass], [Pass])])");
    CHECK(parse_dump("while x: break\nelse: continue\n") == "Module([While(Name('x'), [Break], [Continue])])");
    CHECK(parse_dump("try: a\nexcept (A, B) as e: b\nexcept: c\nelse: d\nfinally: e\n") ==
          "Module([Try([Expr(Name('a'))], [ExceptHandler(Tuple([Name('A'), Name('B')]), 'e', [Expr(Name('b'))]), "
          "ExceptHandler(None, None, [Expr(Name('c'))])], [Expr(Name('d'))], [Expr(Name('e'))])])");
    CHECK(parse_dump("try: a\nfinally: b\n") == "Module([Try([Expr(Name('a'))], [], [], [Expr(Name('b'))])])");
    // Python 3.14 (PEP 758): an unparenthesized list of types without 'as' is their tuple.
    CHECK(parse_dump("try: a\nexcept A, B: b\n") ==
          "Module([Try([Expr(Name('a'))], [ExceptHandler(Tuple([Name('A'), Name('B')]), None, [Expr(Name('b'))])], [], [])])");
}

TEST_CASE("statements: with", "[python][statements]") {
    CHECK(parse_dump("with a as b, c: pass\n") ==
          "Module([With([withitem(Name('a'), Name('b')), withitem(Name('c'), None)], [Pass])])");
    CHECK(parse_dump("with (\n    a as b,\n    c as d,\n): pass\n") ==
          "Module([With([withitem(Name('a'), Name('b')), withitem(Name('c'), Name('d'))], [Pass])])");
    CHECK(parse_dump("with (a, b) as c: pass\n") ==
          "Module([With([withitem(Tuple([Name('a'), Name('b')]), Name('c'))], [Pass])])");
    CHECK(parse_dump("with open(p) as (x, y): pass\n") ==
          "Module([With([withitem(Call(Name('open'), [Name('p')], []), Tuple([Name('x'), Name('y')]))], [Pass])])");
}

TEST_CASE("statements: assignments", "[python][statements]") {
    CHECK(parse_dump("a = b = 1\n") == "Module([Assign([Name('a'), Name('b')], Constant(1))])");
    CHECK(parse_dump("a, *b = c\n") == "Module([Assign([Tuple([Name('a'), Starred(Name('b'))])], Name('c'))])");
    CHECK(parse_dump("x: Mapped[int] = mapped_column(primary_key=True)\n") ==
          "Module([AnnAssign(Name('x'), Subscript(Name('Mapped'), Name('int')), "
          "Call(Name('mapped_column'), [], [primary_key=Constant(True)]))])");
    CHECK(parse_dump("x: int\n") == "Module([AnnAssign(Name('x'), Name('int'), None)])");
    CHECK(parse_dump("a.b[c] |= d\n") ==
          "Module([AugAssign(Subscript(Attribute(Name('a'), 'b'), Name('c')), BitOr, Name('d'))])");
    CHECK(parse_dump("x = yield\n") == "Module([Assign([Name('x')], Yield(None))])");
}

TEST_CASE("statements: imports", "[python][statements]") {
    CHECK(parse_dump("import sqlalchemy as sa, os.path\n") ==
          "Module([Import([alias('sqlalchemy', 'sa'), alias('os.path')])])");
    CHECK(parse_dump("from sqlalchemy.orm import (\n    declarative_base,\n    relationship as rel,\n)\n") ==
          "Module([ImportFrom('sqlalchemy.orm', [alias('declarative_base'), alias('relationship', 'rel')], 0)])");
    CHECK(parse_dump("from .. import a\nfrom .m import *\nfrom ....x import y\n") ==
          "Module([ImportFrom('', [alias('a')], 2), ImportFrom('m', [alias('*')], 1), ImportFrom('x', [alias('y')], 4)])");
    auto m = parse_module(src("from a import b as c\n"));
    const auto& alias = m.body[0]->as<ImportFrom>()->names[0];
    CHECK(alias.loc.column == 15);
    CHECK(alias.loc.end_column == 21);
}

TEST_CASE("statements: simple statements", "[python][statements]") {
    CHECK(parse_dump("pass; del a, b.c; global x, y\n") ==
          "Module([Pass, Delete([Name('a'), Attribute(Name('b'), 'c')]), Global(['x', 'y'])])");
    CHECK(parse_dump("def f():\n    nonlocal a\n    return 1, 2\n") ==
          "Module([FunctionDef('f', [], [Nonlocal(['a']), Return(Tuple([Constant(1), Constant(2)]))], [], None)])");
    CHECK(parse_dump("raise E('x') from e\nassert a, 'msg'\nraise\n") ==
          "Module([Raise(Call(Name('E'), [Constant('x')], []), Name('e')), Assert(Name('a'), Constant('msg')), "
          "Raise(None, None)])");
}

TEST_CASE("statements: match is parsed with its cases skipped", "[python][statements]") {
    CHECK(parse_dump("match cmd:\n    case [x, y]:\n        pass\n    case _:\n        if z:\n            pass\nw = 1\n") ==
          "Module([Match(Name('cmd')), Assign([Name('w')], Constant(1))])");
    // `match` remains an ordinary name elsewhere.
    CHECK(parse_dump("match = re.match(p, s)\nmatch(x)\nmatch.group(1)\n") ==
          "Module([Assign([Name('match')], Call(Attribute(Name('re'), 'match'), [Name('p'), Name('s')], [])), "
          "Expr(Call(Name('match'), [Name('x')], [])), Expr(Call(Attribute(Name('match'), 'group'), [Constant(1)], []))])");
}

TEST_CASE("statements: locations span the whole statement", "[python][statements]") {
    auto m = parse_module(src("x = 1\nif a:\n    y = f(\n        2)\n"));
    CHECK(m.body[0]->loc.line == 1);
    CHECK(m.body[0]->loc.column == 1);
    CHECK(m.body[0]->loc.end_column == 6);
    CHECK(m.body[1]->loc.line == 2);
    CHECK(m.body[1]->loc.end_line == 4);
    CHECK(m.body[1]->loc.end_column == 11);
}
