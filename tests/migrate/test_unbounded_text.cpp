// Text of any length reaches migrate's scanners: a revision's docstring,
// op.execute()'s SQL, reflected defaults and names. None of them may recurse
// per character (std::regex did, and overflowed the stack at 100,000) or
// loop forever on an odd name.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "orm/migrate/render_models.hpp"
#include "orm/migrate/script_reader.hpp"
#include "orm/schema/clause.hpp"

using namespace orm;
using namespace orm::migrate;

namespace {

Revision read(const std::string& docstring, const std::string& upgrade) {
    return read_revision(std::make_shared<SourceFile>(
        "versions/abc_test.py", "\"\"\"" + docstring +
                                    "\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n"
                                    "revision = 'aaaaaaaaaaaa'\ndown_revision = None\n\n"
                                    "def upgrade():\n" + upgrade + "\n\ndef downgrade():\n    pass\n"));
}

}  // namespace

TEST_CASE("a Create Date line of 100,000 characters is read whole", "[migrate][script]") {
    const std::string date(100000, '7');
    Revision rev = read("first\n\nRevision ID: aaaaaaaaaaaa\nCreate Date: " + date + "  \n\nmore", "    pass");
    CHECK(rev.create_date == date);
    CHECK(rev.message == "first");
    // Only a line that starts with it counts, as Alembic's own "Create Date:" line.
    CHECK(read("x Create Date: no\nCreate Date: yes", "    pass").create_date == "yes");
    CHECK(read("no date here", "    pass").create_date.empty());
}

TEST_CASE("op.execute('ALTER TYPE ... ADD VALUE ...') is recognised by a scan, any literal length",
          "[migrate][script]") {
    const std::string label(100000, 'v');
    Revision rev = read("x", "    op.execute(\"ALTER TYPE mood ADD VALUE IF NOT EXISTS '" + label +
                                 "' AFTER 'it''s'\")\n"
                                 "    op.execute(\"  alter type \\\"S\\\".\\\"Mood\\\" add value 'x''y' ; \")\n"
                                 "    op.execute(\"ALTER TYPE mood ADD VALUE 'a' LATER 'b'\")\n"
                                 "    op.execute(\"ALTER TYPE mood ADD VALUE 'a\")");
    REQUIRE(rev.upgrade_ops.size() == 4);
    const auto& first = std::get<AddEnumValueOp>(rev.upgrade_ops[0].as_variant());
    CHECK(first.spec.name == "mood");
    CHECK(first.value == label);
    CHECK(first.if_not_exists);
    CHECK(first.after == std::optional<std::string>("it's"));
    const auto& second = std::get<AddEnumValueOp>(rev.upgrade_ops[1].as_variant());
    CHECK(second.spec.schema == std::optional<std::string>("S"));
    CHECK(second.spec.name == "Mood");
    CHECK(second.value == "x'y");
    CHECK_FALSE(second.if_not_exists);
    // Anything else stays the statement it is.
    CHECK(std::holds_alternative<ExecuteOp>(rev.upgrade_ops[2].as_variant()));
    CHECK(std::holds_alternative<ExecuteOp>(rev.upgrade_ops[3].as_variant()));
}

TEST_CASE("inspect --format models: a column named $$ and a 100,000-character default", "[migrate][render]") {
    dialect::ReflectedSchema reflected;
    reflected.dialect = "sqlite";
    auto t = std::make_unique<schema::Table>();
    t->name = "t";
    schema::Column id;
    id.name = "id";
    id.type.kind = schema::TypeKind::INTEGER;
    id.primary_key = true;
    t->primary_key.columns = {"id"};
    schema::Column dollars = id;
    dollars.name = "$$";
    dollars.primary_key = false;
    schema::Column under = dollars;
    under.name = "__";
    schema::Column note = dollars;
    note.name = "note";
    note.server_default = schema::Clause::make(schema::ClauseKind::Text, "'" + std::string(100000, 'x') + "'");
    t->columns = {id, dollars, under, note};
    reflected.metadata.tables.push_back(std::move(t));
    const std::string out = render_models(reflected);
    CHECK_THAT(out, Catch::Contains("    c__ = sa.Column(\"$$\", sa.INTEGER)"));
    CHECK_THAT(out, Catch::Contains("    c___ = sa.Column(\"__\", sa.INTEGER)"));
    CHECK_THAT(out, Catch::Contains("server_default=sa.text(\"'" + std::string(100000, 'x') + "'\")"));
}
