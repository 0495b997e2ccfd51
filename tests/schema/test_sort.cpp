// sort_tables_and_constraints: dependency order, definition-order ties,
// cycles, and linear time on large schemas.
#include <catch2/catch.hpp>

#include "orm/schema/sort.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

namespace {
std::vector<std::string> names(const std::vector<const Table*>& ts) {
    std::vector<std::string> out;
    for (auto* t : ts) out.push_back(t->name);
    return out;
}
std::vector<const Table*> all(const MetaData& md) {
    std::vector<const Table*> out;
    for (auto& t : md.tables) out.push_back(t.get());
    return out;
}
}  // namespace

TEST_CASE("tables sort by dependency, ties in definition order (not by name)") {
    MetaData md;
    Table& c = add_table(md, "c");
    add_column(c, "b_id", ty(TypeKind::Integer));
    add_fk(c, {"b_id"}, "b", {"id"});
    add_pk(add_table(md, "z"));
    add_pk(add_table(md, "b"));
    add_pk(add_table(md, "a"));
    auto sorted = sort_tables_and_constraints(md, all(md));
    CHECK(names(sorted.tables) == std::vector<std::string>{"z", "b", "a", "c"});
    CHECK(sorted.separate_fks.empty());
    CHECK(sorted.cycle_tables.empty());
}

TEST_CASE("a cycle moves the cycle tables' foreign keys out") {
    MetaData md;
    Table& a = add_table(md, "a");
    add_pk(a);
    add_fk(a, {"id"}, "b", {"id"});
    Table& b = add_table(md, "b");
    add_pk(b);
    add_fk(b, {"id"}, "a", {"id"});
    auto sorted = sort_tables_and_constraints(md, all(md));
    CHECK(sorted.cycle_tables == std::vector<std::string>{"a", "b"});
    CHECK(sorted.separate_fks.size() == 2);
    // A filter that pins every FK leaves the cycle unbreakable.
    FkFilter pin = [](const ForeignKeyConstraint&) -> std::optional<bool> { return false; };
    CHECK_THROWS_AS(sort_tables_and_constraints(md, all(md), pin), CircularDependencyError);
    // Under the one root, so that a cycle nobody catches is invalid input (exit 3), not an internal error.
    try {
        sort_tables_and_constraints(md, all(md), pin);
    } catch (const orm::Error& e) {
        CHECK(e.category() == orm::ErrorCategory::invalid_input);
    }
}

// How long a schema of thousands of tables takes is bench/case_create_all_sql.py's measure.
TEST_CASE("2,000 chained tables, defined child first, sort parents first") {
    MetaData md;
    for (int i = 0; i < 2000; ++i) {
        // Defined child-first so every level is a separate pass.
        Table& t = add_table(md, "t" + std::to_string(1999 - i));
        add_pk(t);
        add_column(t, "name", ty(TypeKind::String, 40), false);
        if (i < 1999) {
            add_column(t, "parent_id", ty(TypeKind::Integer));
            add_fk(t, {"parent_id"}, "t" + std::to_string(1999 - i - 1), {"id"});
            add_index(t, "ix_" + std::to_string(i), {colref("parent_id")});
        }
    }
    auto sorted = sort_tables_and_constraints(md, all(md));
    REQUIRE(sorted.tables.size() == 2000);
    CHECK(sorted.tables.front()->name == "t0");
    CHECK(sorted.tables.back()->name == "t1999");
}
