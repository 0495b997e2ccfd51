#include <catch2/catch.hpp>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

TEST_CASE("expressions: names, attributes, calls", "[python][expressions]") {
    CHECK(expr_dump("sa.Column") == "Attribute(Name('sa'), 'Column')");
    CHECK(expr_dump("Column(Integer, primary_key=True)") ==
          "Call(Name('Column'), [Name('Integer')], [primary_key=Constant(True)])");
    CHECK(expr_dump("f(*a, **k)") == "Call(Name('f'), [Starred(Name('a'))], [**Name('k')])");
}

TEST_CASE("expressions: precedence and associativity", "[python][expressions]") {
    // ** is right-associative and binds tighter than a unary minus on its left.
    CHECK(expr_dump("-2 ** -3 ** 2") ==
          "UnaryOp(USub, BinOp(Constant(2), Pow, UnaryOp(USub, BinOp(Constant(3), Pow, Constant(2)))))");
    CHECK(expr_dump("a - b - c") == "BinOp(BinOp(Name('a'), Sub, Name('b')), Sub, Name('c'))");
    CHECK(expr_dump("a + b * c") == "BinOp(Name('a'), Add, BinOp(Name('b'), Mult, Name('c')))");
    CHECK(expr_dump("a | b ^ c & d << e") ==
          "BinOp(Name('a'), BitOr, BinOp(Name('b'), BitXor, BinOp(Name('c'), BitAnd, BinOp(Name('d'), LShift, Name('e')))))");
    CHECK(expr_dump("(a == 1) & ~(b < 2) | c") ==
          "BinOp(BinOp(Compare(Name('a'), [Eq], [Constant(1)]), BitAnd, UnaryOp(Invert, Compare(Name('b'), [Lt], "
          "[Constant(2)]))), BitOr, Name('c'))");
    CHECK(expr_dump("not a or b and c") ==
          "BoolOp(Or, [UnaryOp(Not, Name('a')), BoolOp(And, [Name('b'), Name('c')])])");
    CHECK(expr_dump("a or b or c") == "BoolOp(Or, [Name('a'), Name('b'), Name('c')])");
}

TEST_CASE("expressions: comparisons chain", "[python][expressions]") {
    CHECK(expr_dump("a < b <= c") == "Compare(Name('a'), [Lt, LtE], [Name('b'), Name('c')])");
    CHECK(expr_dump("a not in b is not c") == "Compare(Name('a'), [NotIn, IsNot], [Name('b'), Name('c')])");
    CHECK(expr_dump("x is None") == "Compare(Name('x'), [Is], [Constant(None)])");
}

TEST_CASE("expressions: conditional, lambda, walrus, await, yield", "[python][expressions]") {
    CHECK(expr_dump("a if b else c if d else e") ==
          "IfExp(Name('b'), Name('a'), IfExp(Name('d'), Name('c'), Name('e')))");
    CHECK(expr_dump("lambda: datetime.now()") == "Lambda([], Call(Attribute(Name('datetime'), 'now'), [], []))");
    CHECK(expr_dump("lambda a, *b, c=1, **d: a") == "Lambda([a, *b, c=Constant(1), **d], Name('a'))");
    CHECK(expr_dump("(y := f(x))") == "NamedExpr(Name('y'), Call(Name('f'), [Name('x')], []))");
    CHECK(expr_dump("await x.y") == "Await(Attribute(Name('x'), 'y'))");
    CHECK(parse_dump("def g():\n    yield from h()\n") ==
          "Module([FunctionDef('g', [], [Expr(YieldFrom(Call(Name('h'), [], [])))], [], None)])");
}

TEST_CASE("expressions: subscripts and slices", "[python][expressions]") {
    CHECK(expr_dump("a[1:2]") == "Subscript(Name('a'), Slice(Constant(1), Constant(2), None))");
    CHECK(expr_dump("a[::2]") == "Subscript(Name('a'), Slice(None, None, Constant(2)))");
    CHECK(expr_dump("a[:, 1]") == "Subscript(Name('a'), Tuple([Slice(None, None, None), Constant(1)]))");
    CHECK(expr_dump("Mapped[Optional[str]]") ==
          "Subscript(Name('Mapped'), Subscript(Name('Optional'), Name('str')))");
    CHECK(expr_dump("Mapped[str | None]") ==
          "Subscript(Name('Mapped'), BinOp(Name('str'), BitOr, Constant(None)))");
    CHECK(expr_dump("Dict[str, int]") == "Subscript(Name('Dict'), Tuple([Name('str'), Name('int')]))");
}

TEST_CASE("expressions: displays and comprehensions", "[python][expressions]") {
    CHECK(expr_dump("{'a': 1, **b}") == "Dict([Constant('a'), None], [Constant(1), Name('b')])");
    CHECK(expr_dump("{1, 2}") == "Set([Constant(1), Constant(2)])");
    CHECK(expr_dump("(1,)") == "Tuple([Constant(1)])");
    CHECK(expr_dump("()") == "Tuple([])");
    CHECK(expr_dump("[*a, b]") == "List([Starred(Name('a')), Name('b')])");
    CHECK(expr_dump("{k: v for k, v in x if v}") ==
          "DictComp(Name('k'), Name('v'), [comprehension(Tuple([Name('k'), Name('v')]), Name('x'), [Name('v')])])");
    CHECK(expr_dump("f(x for x in y)") ==
          "Call(Name('f'), [GeneratorExp(Name('x'), [comprehension(Name('x'), Name('y'), [])])], [])");
    CHECK(expr_dump("a, *b") == "Tuple([Name('a'), Starred(Name('b'))])");
}

TEST_CASE("expressions: locations", "[python][expressions]") {
    auto e = parse_expression(src("session.query(Customer).filter(Customer.town == 'Norfolk')"));
    auto call = e->as<Call>();
    REQUIRE(call);
    CHECK(call->loc.column == 1);
    CHECK(call->loc.end_column == 59);
    auto attr = call->func->as<Attribute>();
    REQUIRE(attr);
    CHECK(attr->attr == "filter");
    CHECK(attr->attr_loc.column == 25);
    CHECK(attr->attr_loc.end_column == 31);
    auto cmp = call->args[0]->as<Compare>();
    REQUIRE(cmp);
    CHECK(cmp->loc.column == 32);  // a binary node starts where its left operand does
    CHECK(cmp->comparators[0]->loc.column == 49);
    auto bin = parse_expression(src("(a) + b"));
    // As CPython: the node starts at the '(', the operand inside it at 'a'.
    CHECK(bin->loc.column == 1);
    CHECK(bin->as<BinOp>()->left->loc.column == 2);
    auto call_with_keyword = parse_expression(src("f(x, key=1)"));   // kept: kw refers into it
    const auto& kw = call_with_keyword->as<Call>()->keywords[0];
    CHECK(kw.loc.column == 6);
    CHECK(kw.loc.end_column == 11);
}

TEST_CASE("expressions: parse_expression accepts surrounding whitespace and bracketed newlines", "[python][expressions]") {
    CHECK(expr_dump("\n  session.query(\n    Customer\n  ).all()  \n\n") ==
          "Call(Attribute(Call(Attribute(Name('session'), 'query'), [Name('Customer')], []), 'all'), [], [])");
    try {
        parse_expression(src("Customer.id == 1 garbage"));
        FAIL("no error");
    } catch (const orm::InputError& e) {
        CHECK(e.message() == "invalid syntax: unexpected text after the expression");
        CHECK(e.location().column == 18);
    }
    CHECK_THROWS_AS(parse_expression(src("a\nb")), orm::InputError);
    CHECK_THROWS_AS(parse_expression(src("   ")), orm::InputError);
}

TEST_CASE("expressions: dotted_name and Call::keyword", "[python][expressions]") {
    auto e = parse_expression(src("sa.orm.relationship('A', backref='b')"));
    auto call = e->as<Call>();
    REQUIRE(call);
    CHECK(dotted_name(*call->func) == std::optional<std::string>("sa.orm.relationship"));
    CHECK_FALSE(dotted_name(*e));
    REQUIRE(call->keyword("backref"));
    CHECK(call->keyword("backref")->value->as<Constant>()->value == "b");
    CHECK(call->keyword("uselist") == nullptr);
}
