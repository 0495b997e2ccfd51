// The revision graph: versions/*.py linked into one linear history, targets
// (head, base, ids, prefixes, +N, -N, ID+N) resolved against it, and every
// history orm cannot run (branches, several bases, merges, a missing
// down_revision, a cycle, a duplicate id) refused with an InputError that
// names the file.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "support/process.hpp"

using namespace orm;
using namespace orm::migrate;

namespace {

std::string revision_text(const std::string& id, const std::string& down) {
    return "\"\"\"rev " + id + "\n\nRevision ID: " + id + "\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
           "revision = '" + id + "'\ndown_revision = " + (down.empty() ? std::string("None") : down) +
           "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n    pass\n\n\n"
           "def downgrade() -> None:\n    pass\n";
}

void add(const orm_test::TempDir& dir, const std::string& file, const std::string& id, const std::string& down) {
    orm_test::write_file(dir / ("versions/" + file), revision_text(id, down));
}

std::string error_of(const std::string& dir) {
    try {
        load_revision_graph(dir);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("revision graph: a linear history and its targets", "[migrate][graph]") {
    orm_test::TempDir dir;
    // File names do not order the history; down_revision does.
    add(dir, "c_third.py", "ccc333", "'bbb222'");
    add(dir, "a_first.py", "aaa111", "");
    add(dir, "b_second.py", "bbb222", "'aaa111'");
    add(dir, "d_fourth.py", "bbb999", "'ccc333'");
    orm_test::write_file(dir / "versions/__init__.py", "");
    orm_test::write_file(dir / "versions/notes.txt", "not a revision");
    RevisionGraph g = load_revision_graph(dir.path().string());
    REQUIRE(g.chain().size() == 4);
    CHECK(g.chain()[0].id == "aaa111");
    CHECK(g.chain()[3].id == "bbb999");
    CHECK(g.head() == "bbb999");
    CHECK(g.resolve("head", -1) == 3);
    CHECK(g.resolve("heads", 0) == 3);
    CHECK(g.resolve("base", 2) == -1);
    CHECK(g.resolve("ccc333", -1) == 2);
    CHECK(g.resolve("cc", -1) == 2);        // a unique prefix
    CHECK(g.resolve("+1", -1) == 0);
    CHECK(g.resolve("+2", 1) == 3);
    CHECK(g.resolve("-1", 2) == 1);
    CHECK(g.resolve("-3", 2) == -1);
    CHECK(g.resolve("aaa111+2", 3) == 2);
    CHECK(g.resolve("head-1", -1) == 2);
    CHECK(g.position_of_current(std::nullopt) == -1);
    CHECK(g.position_of_current(std::string("bbb222")) == 1);
    CHECK_THROWS_AS(g.position_of_current(std::string("zzz")), InputError);
    CHECK_THROWS_WITH(g.resolve("bbb", -1), Catch::Contains("prefix of several revisions: bbb222, bbb999"));
    CHECK_THROWS_WITH(g.resolve("fff", -1), Catch::Contains("no revision is identified by 'fff'"));
    CHECK_THROWS_WITH(g.resolve("+2", 2), Catch::Contains("past the head"));
    CHECK_THROWS_WITH(g.resolve("-2", 0), Catch::Contains("below base"));
    CHECK_THROWS_AS(g.resolve("fff", -1), UsageError);
    // A step count past an int is a usage error, not an internal one.
    CHECK_THROWS_AS(g.resolve("+99999999999", 0), UsageError);
    CHECK_THROWS_AS(g.resolve("aaa111-99999999999", 0), UsageError);
}

TEST_CASE("revision graph: no versions folder or an empty one is an empty history", "[migrate][graph]") {
    orm_test::TempDir dir;
    CHECK(load_revision_graph((dir / "nowhere").string()).empty());
    std::filesystem::create_directories(dir / "versions");
    RevisionGraph g = load_revision_graph(dir.path().string());
    CHECK(g.empty());
    CHECK_FALSE(g.head().has_value());
    CHECK(g.resolve("head", -1) == -1);
}

TEST_CASE("revision graph: histories orm cannot run are refused with the file named", "[migrate][graph]") {
    SECTION("a branch: two revisions follow the same one") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        add(dir, "b.py", "b1", "'a1'");
        add(dir, "c.py", "c1", "'a1'");
        std::string e = error_of(dir.path().string());
        CHECK(e.find("the history branches: b1 (") != std::string::npos);
        CHECK(e.find("c1 (") != std::string::npos);
        CHECK(e.find("several heads") != std::string::npos);
        CHECK(e.find("c.py:") != std::string::npos);
    }
    SECTION("two bases") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        add(dir, "b.py", "b1", "");
        CHECK(error_of(dir.path().string()).find("several revisions start the history") != std::string::npos);
    }
    SECTION("a down_revision no file defines") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        add(dir, "b.py", "b1", "'gone'");
        std::string e = error_of(dir.path().string());
        CHECK(e.find("b.py:9:1: error: down_revision 'gone' of revision b1 names no file in versions/") != std::string::npos);
    }
    SECTION("a cycle") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        add(dir, "b.py", "b1", "'c1'");
        add(dir, "c.py", "c1", "'b1'");
        std::string e = error_of(dir.path().string());
        CHECK(e.find("cycle: b1 -> c1 -> b1") != std::string::npos);
    }
    SECTION("a merge revision") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        add(dir, "b.py", "b1", "('a1', 'x1')");
        CHECK(error_of(dir.path().string()).find("cannot run merge revisions yet") != std::string::npos);
    }
    SECTION("one id in two files") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        add(dir, "b.py", "a1", "None");
        CHECK(error_of(dir.path().string()).find("revision id 'a1' is also the id of") != std::string::npos);
    }
    SECTION("a file that is not a revision") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        orm_test::write_file(dir / "versions/helpers.py", "def helper():\n    pass\n");
        CHECK(error_of(dir.path().string()).find("helpers.py:1:1: error: not a revision file") != std::string::npos);
    }
}
