// The revision graph as Alembic's RevisionMap keeps it: versions/*.py
// linked by down_revision into a history that may branch (several heads),
// merge (a tuple down_revision), carry branch labels and depends_on; targets
// resolved by Alembic's rules (head, heads, base, ids and prefixes,
// LABEL@head, +N, -N, LABEL@-N, ID+N); the steps between the database's
// heads and a target in Alembic's order with the version-table changes
// Alembic's HeadMaintainer makes; and the histories no tool can run
// (a missing down_revision, a cycle, a duplicate id, a label used twice)
// refused with an InputError that names the file.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "support/process.hpp"

using namespace orm;
using namespace orm::migrate;

namespace {

std::string revision_text(const std::string& id, const std::string& down, const std::string& extra = "") {
    return "\"\"\"rev " + id + "\n\nRevision ID: " + id + "\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
           "revision = '" + id + "'\ndown_revision = " + (down.empty() ? std::string("None") : down) +
           "\n" + (extra.empty() ? "branch_labels = None\ndepends_on = None\n" : extra) +
           "\n\ndef upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n";
}

void add(const orm_test::TempDir& dir, const std::string& file, const std::string& id, const std::string& down,
         const std::string& extra = "") {
    orm_test::write_file(dir / ("versions/" + file), revision_text(id, down, extra));
}

std::string error_of(const std::string& dir) {
    try {
        load_revision_graph(dir);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

std::vector<std::string> ids(const std::vector<const Revision*>& revs) {
    std::vector<std::string> out;
    for (auto* r : revs) out.push_back(r->id);
    return out;
}

// Each step as "up r1" / "down r2" with its version changes: "+r1", "r1>r2", "-r2".
std::vector<std::string> describe(const std::vector<Step>& steps) {
    std::vector<std::string> out;
    for (auto& s : steps) {
        std::string d = (s.upgrade ? "up " : "down ") + s.revision->id;
        for (auto& v : s.versions)
            d += v.kind == VersionChange::Kind::insert ? " +" + v.to
               : v.kind == VersionChange::Kind::remove ? " -" + v.from
                                                       : " " + v.from + ">" + v.to;
        out.push_back(d);
    }
    return out;
}

std::string usage_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const UsageError& e) {
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
    REQUIRE(g.revisions().size() == 4);
    CHECK(ids(g.walk()) == std::vector<std::string>{"bbb999", "ccc333", "bbb222", "aaa111"});
    CHECK(g.head() == "bbb999");
    CHECK(g.heads() == std::vector<std::string>{"bbb999"});
    CHECK(ids(g.resolve("head")) == std::vector<std::string>{"bbb999"});
    CHECK(g.resolve("base").empty());
    CHECK(ids(g.resolve("ccc3")) == std::vector<std::string>{"ccc333"});   // a unique prefix of four or more
    CHECK(describe(g.upgrade_steps({}, "+1")) == std::vector<std::string>{"up aaa111 +aaa111"});
    CHECK(describe(g.upgrade_steps({"bbb222"}, "+2")) ==
          std::vector<std::string>{"up ccc333 bbb222>ccc333", "up bbb999 ccc333>bbb999"});
    CHECK(describe(g.downgrade_steps({"ccc333"}, "-1")) == std::vector<std::string>{"down ccc333 ccc333>bbb222"});
    CHECK(describe(g.downgrade_steps({"ccc333"}, "base")).size() == 3);
    CHECK(describe(g.downgrade_steps({"ccc333"}, "base")).back() == "down aaa111 -aaa111");
    CHECK(describe(g.upgrade_steps({"bbb999"}, "aaa111")).empty());   // below the current revision: nothing to do
    CHECK(describe(g.upgrade_steps({}, "aaa111+2")) == std::vector<std::string>{"up aaa111 +aaa111", "up bbb222 aaa111>bbb222", "up ccc333 bbb222>ccc333"});
    CHECK_THROWS_AS(g.check_current({"zzz"}), InputError);
    // Listed in the order the files were read (a directory's order, as in Alembic).
    const std::string ambiguous = usage_error([&] { g.resolve("bbb"); });
    CHECK(ambiguous.find("Multiple revisions start with 'bbb': ") != std::string::npos);
    CHECK(ambiguous.find("'bbb222'") != std::string::npos);
    CHECK(ambiguous.find("'bbb999'") != std::string::npos);
    CHECK(usage_error([&] { g.resolve("bbb2"); }) == "no error");
    CHECK(usage_error([&] { g.resolve("fff0"); }).find("Can't locate revision identified by 'fff0'") != std::string::npos);
    CHECK(usage_error([&] { g.upgrade_steps({"ccc333"}, "+2"); }).find("didn't produce 2 migrations") != std::string::npos);
    CHECK(usage_error([&] { g.downgrade_steps({"aaa111"}, "-2"); }).find("didn't produce 2 migrations") != std::string::npos);
    // A step count past an int is a usage error, not an internal one.
    CHECK_THROWS_AS(g.upgrade_steps({}, "+99999999999999999999"), UsageError);
}

TEST_CASE("revision graph: no versions folder or an empty one is an empty history", "[migrate][graph]") {
    orm_test::TempDir dir;
    CHECK(load_revision_graph((dir / "nowhere").string()).empty());
    std::filesystem::create_directories(dir / "versions");
    RevisionGraph g = load_revision_graph(dir.path().string());
    CHECK(g.empty());
    CHECK_FALSE(g.head().has_value());
    CHECK(g.upgrade_steps({}, "head").empty());
}

TEST_CASE("revision graph: branches, a merge, labels and depends_on run as Alembic runs them", "[migrate][graph]") {
    orm_test::TempDir dir;
    //        base -> a1 -> b1 (feature) -> b2
    //                  \-> c1 ------------------> m1 (merges b2, c1)
    //        a1 <- d1 (depends_on b1; another base: label 'extra')
    add(dir, "a1.py", "a1", "");
    add(dir, "b1.py", "b1", "'a1'", "branch_labels = ('feature',)\ndepends_on = None\n");
    add(dir, "b2.py", "b2", "'b1'");
    add(dir, "c1.py", "c1", "'a1'");
    RevisionGraph branched = load_revision_graph(dir.path().string());
    CHECK(branched.heads().size() == 2);
    CHECK(usage_error([&] { branched.upgrade_steps({}, "head"); })
              .find("Multiple head revisions are present for given argument 'head'") != std::string::npos);
    CHECK(usage_error([&] { branched.upgrade_steps({}, "head"); }).find("b2") != std::string::npos);
    CHECK(ids(branched.resolve("feature@head")) == std::vector<std::string>{"b2"});
    CHECK(branched.is_branch_point(*branched.find("a1")));
    CHECK(branched.branch_labels(*branched.find("b2")) == std::vector<std::string>{"feature"});
    // upgrade heads from base: the first head's branch whole, then the other; one row per head.
    auto all = describe(branched.upgrade_steps({}, "heads"));
    REQUIRE(all.size() == 4);
    CHECK(all[0] == "up a1 +a1");
    CHECK(std::find(all.begin(), all.end(), "up c1 +c1") != all.end());   // a second head from the branch point: a new row
    // One branch up, then the other.
    CHECK(describe(branched.upgrade_steps({"a1"}, "feature@head")) == std::vector<std::string>{"up b1 a1>b1", "up b2 b1>b2"});
    CHECK(describe(branched.upgrade_steps({"b2"}, "c1")) == std::vector<std::string>{"up c1 +c1"});
    // feature@-1 from both heads: only the feature branch moves.
    CHECK(describe(branched.downgrade_steps({"b2", "c1"}, "feature@-1")) == std::vector<std::string>{"down b2 b2>b1"});

    add(dir, "m1.py", "m1", "('b2', 'c1')");
    RevisionGraph merged = load_revision_graph(dir.path().string());
    CHECK(merged.heads() == std::vector<std::string>{"m1"});
    CHECK(merged.is_merge_point(*merged.find("m1")));
    auto merge_step = merged.upgrade_steps({"b2", "c1"}, "head");
    REQUIRE(merge_step.size() == 1);
    REQUIRE(merge_step[0].versions.size() == 2);   // one row deleted, the other updated to the merge
    CHECK(merge_step[0].versions[0].kind == VersionChange::Kind::remove);
    CHECK(merge_step[0].versions[1].to == "m1");
    CHECK(merge_step[0].from_label == "b2, c1");
    // -1 from a merge point is an ambiguous walk (as in Alembic); down to either parent gives both heads back.
    CHECK(usage_error([&] { merged.downgrade_steps({"m1"}, "-1"); }) == "Ambiguous walk");
    auto unmerge = merged.downgrade_steps({"m1"}, "b2");
    REQUIRE(unmerge.size() == 1);
    CHECK(unmerge[0].versions.size() == 2);
    CHECK(merged.upgrade_steps({}, "head").size() == 5);

    add(dir, "d1.py", "d1", "", "branch_labels = ('extra',)\ndepends_on = 'b1'\n");
    RevisionGraph deps = load_revision_graph(dir.path().string());
    // d1 needs b1 first, though b1 is on another branch.
    auto extra = describe(deps.upgrade_steps({}, "extra@head"));
    REQUIRE(extra.size() == 3);
    CHECK(extra[0] == "up a1 +a1");
    CHECK(extra[1] == "up b1 a1>b1");
    CHECK(extra[2].rfind("up d1", 0) == 0);
}

TEST_CASE("revision graph: histories no tool can run are refused with the file named", "[migrate][graph]") {
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
        CHECK(e.find("go round in a cycle") != std::string::npos);
        CHECK(e.find("b1 -> c1") != std::string::npos);
    }
    SECTION("one id in two files") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        add(dir, "b.py", "a1", "None");
        CHECK(error_of(dir.path().string()).find("revision id 'a1' is also the id of") != std::string::npos);
    }
    SECTION("a branch label used twice") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "", "branch_labels = ('x',)\ndepends_on = None\n");
        add(dir, "b.py", "b1", "'a1'", "branch_labels = ('x',)\ndepends_on = None\n");
        CHECK(error_of(dir.path().string()).find("Branch name 'x' in revision") != std::string::npos);
    }
    SECTION("a file that is not a revision") {
        orm_test::TempDir dir;
        add(dir, "a.py", "a1", "");
        orm_test::write_file(dir / "versions/helpers.py", "def helper():\n    pass\n");
        CHECK(error_of(dir.path().string()).find("helpers.py:1:1: error: not a revision file") != std::string::npos);
    }
}
