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
