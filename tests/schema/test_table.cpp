// Table helpers, MetaData lookups and the autoincrement-column rules of
// SQLAlchemy's PrimaryKeyConstraint._autoincrement_column.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

TEST_CASE("type names map to kinds and back") {
    CHECK(type_kind_from_name("String", false) == TypeKind::String);
    CHECK(type_kind_from_name("INT", false) == TypeKind::INTEGER);
    CHECK(type_kind_from_name("JSONB", false) == std::nullopt);
    CHECK(type_kind_from_name("JSONB", true) == TypeKind::PG_JSONB);
    CHECK(type_kind_from_name("JSON", true) == TypeKind::PG_JSON);
    CHECK(type_kind_from_name("VARCHAR", true) == TypeKind::VARCHAR);
    CHECK(type_kind_from_name("Strin", false) == std::nullopt);
    CHECK(ty(TypeKind::PG_JSONB).class_name() == "JSONB");
    CHECK(ty(TypeKind::Numeric).class_name() == "Numeric");
    CHECK(ty(TypeKind::PG_JSONB).postgresql_only());
    CHECK(ty(TypeKind::PG_INET).postgresql_only());
    CHECK_FALSE(ty(TypeKind::PG_TIMESTAMP).postgresql_only());
    CHECK_FALSE(ty(TypeKind::JSON).postgresql_only());
}

TEST_CASE("MetaData finds tables by full name and rejects duplicates") {
    MetaData md;
    md.source = std::make_shared<SourceFile>("models.py", "a\nb\nclass X(Base):\n");
    add_table(md, "a");
    Table s;
    s.name = "t";
    s.schema = "sales";
    md.add_table(std::move(s));
    CHECK(md.table("a") != nullptr);
    CHECK(md.table("sales.t") != nullptr);
    CHECK(md.table("t") == nullptr);
    // Tables appended directly are found too.
    auto direct = std::make_unique<Table>();
    direct->name = "direct";
    md.tables.push_back(std::move(direct));
    CHECK(md.table("direct") != nullptr);

    Table dup;
    dup.name = "a";
    dup.loc = {3, 1, 3, 8};
    try {
        md.add_table(std::move(dup));
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK_THAT(e.message(), Catch::Contains("Table 'a' is already defined for this MetaData instance"));
        CHECK(e.location().line == 3);
    }
}

TEST_CASE("autoincrement column follows SQLAlchemy's rules") {
    MetaData md;
    Table& simple = add_table(md, "simple");
    add_pk(simple);
    CHECK(simple.autoincrement_column() == simple.column("id"));

    Table& text_pk = add_table(md, "text_pk");
    add_pk(text_pk, "code", ty(TypeKind::String, 5));
    CHECK(text_pk.autoincrement_column() == nullptr);

    Table& numeric_pk = add_table(md, "numeric_pk");
    add_pk(numeric_pk, "n", numeric(TypeKind::Numeric, 10, 0));
    CHECK(numeric_pk.autoincrement_column() != nullptr);  // Numeric affinity counts

    Table& fk_pk = add_table(md, "fk_pk");
    add_pk(fk_pk);
    add_fk(fk_pk, {"id"}, "simple", {"id"});
    CHECK(fk_pk.autoincrement_column() == nullptr);
    fk_pk.column("id")->autoincrement = Autoincrement::IgnoreFk;
    CHECK(fk_pk.autoincrement_column() != nullptr);

    Table& defaulted = add_table(md, "defaulted");
    add_pk(defaulted).server_default = text("1");
    CHECK(defaulted.autoincrement_column() == nullptr);

    Table& off = add_table(md, "off");
    add_pk(off).autoincrement = Autoincrement::False;
    CHECK(off.autoincrement_column() == nullptr);

    Table& composite = add_table(md, "composite");
    add_pk(composite, "a");
    add_pk(composite, "b");
    CHECK(composite.autoincrement_column() == nullptr);
    composite.column("b")->autoincrement = Autoincrement::True;
    CHECK(composite.autoincrement_column() == composite.column("b"));
}
