// Naming conventions as sqlalchemy/sql/naming.py applies them.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/schema/naming.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

TEST_CASE("default convention names column indexes ix_<table>_<column>") {
    MetaData md;
    Table& t = add_table(md, "users");
    add_pk(t);
    add_column(t, "email", ty(TypeKind::String, 10));
    add_index(t, std::nullopt, {colref("email")});
    add_index(t, "explicit", {colref("email")});
    apply_naming_conventions(md);
    CHECK(t.indexes[0].name == "ix_users_email");
    CHECK(t.indexes[0].conventional_name);
    CHECK(t.indexes[1].name == "explicit");
    CHECK_FALSE(t.indexes[1].conventional_name);
    CHECK_FALSE(t.primary_key.name);  // no "pk" key in the default convention
}

TEST_CASE("every column token variant") {
    MetaData md;
    md.naming_convention = {{"uq", "uq_%(table_name)s_%(column_0N_name)s"},
                            {"ix", "ix_%(column_0_N_key)s"},
                            {"fk", "fk_%(column_0_label)s_%(referred_table_name)s_%(referred_column_0_N_name)s"},
                            {"pk", "pk_%(table_name)s_%(column_1_name)s"},
                            {"ck", "ck_%(table_name)s_%(constraint_name)s"}};
    Table& p = add_table(md, "p");
    add_pk(p, "a");
    add_pk(p, "b");
    Table& t = add_table(md, "t");
    add_pk(t);
    add_column(t, "x", ty(TypeKind::Integer)).key = "xkey";
    add_column(t, "y", ty(TypeKind::Integer));
    add_unique(t, {"x", "y"});
    add_index(t, std::nullopt, {colref("x"), colref("y")});
    add_fk(t, {"x", "y"}, "p", {"a", "b"}, false);
    add_check(t, "x > y", "ordered");
    apply_naming_conventions(md);
    CHECK(t.unique_constraints[0].name == "uq_t_xy");
    CHECK(t.indexes[0].name == "ix_xkey_y");
    CHECK(t.foreign_keys[0].name == "fk_t_x_p_a_b");
    CHECK(p.primary_key.name == "pk_p_b");
    CHECK(t.primary_key.name == "pk_t_");  // no second column: the token is empty
    CHECK(t.check_constraints[0].name == "ck_t_ordered");
}

TEST_CASE("class-name keys and explicit names") {
    MetaData md;
    md.naming_convention = {{"UniqueConstraint", "uq_%(column_0_name)s"}};
    Table& t = add_table(md, "t");
    add_column(t, "a", ty(TypeKind::Integer));
    add_unique(t, {"a"});
    add_unique(t, {"a"}, "kept");
    apply_naming_conventions(md);
    CHECK(t.unique_constraints[0].name == "uq_a");
    CHECK(t.unique_constraints[1].name == "kept");  // no %(constraint_name)s: explicit names stay
}

TEST_CASE("convention errors are input errors at the constraint") {
    MetaData md;
    md.source = std::make_shared<SourceFile>("models.py", "x\ny\n");
    md.naming_convention = {{"ck", "ck_%(table_name)s_%(constraint_name)s"}};
    Table& t = add_table(md, "t");
    add_column(t, "a", ty(TypeKind::Integer));
    add_check(t, "a > 0").loc = {2, 1};
    try {
        apply_naming_conventions(md);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK_THAT(e.message(), Catch::Contains("requires that constraint is explicitly named"));
        CHECK(e.location().line == 2);
    }
    MetaData bad;
    bad.naming_convention = {{"uq", "uq_%(nonsense)s"}};
    Table& u = add_table(bad, "u");
    add_column(u, "a", ty(TypeKind::Integer));
    add_unique(u, {"a"});
    CHECK_THROWS_AS(apply_naming_conventions(bad), InputError);
}
