// A SQLite bulk load into new tables (Connection::begin_bulk_load, what
// `orm seed` uses): when every table with foreign keys is empty, the keys
// are not enforced row by row during the load's transaction but all checked
// by end_bulk_load(), which names the first row breaking one, unless the
// caller vouches for every reference; enforcement is back on once the
// transaction ends, committed or not. Where rows exist already, or an ON
// UPDATE action would have to run, nothing changes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"

using namespace orm::dialect;

namespace {

std::unique_ptr<Connection> open_memory() {
    ConnectParams p;
    p.backend = "sqlite";
    p.database = ":memory:";
    return get_dialect("sqlite").connect(p);
}

struct Fixture {
    std::unique_ptr<Connection> c = open_memory();
    std::vector<std::string> log;

    explicit Fixture(const std::string& on_update = "NO ACTION") {
        c->execute("CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE);"
                   "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id), "
                   "  code TEXT REFERENCES parent (code) ON UPDATE " + on_update + ")");
        c->set_statement_log([this](const std::string& sql) { log.push_back(sql); });
    }

    bool enforced() { return c->query("PRAGMA foreign_keys")->scalar()->as_bool(); }
    std::int64_t count(const std::string& table) {
        return c->query("SELECT count(*) FROM " + table)->scalar()->as_int();
    }
    // 300 parents and 1,000 children; the child `broken` (if any) names parent 9999.
    void load(int broken = 0) {
        c->begin();
        c->executemany("INSERT INTO parent VALUES (?1, ?2)", [] {
            std::vector<Params> rows;
            for (int i = 1; i <= 300; ++i) rows.push_back({Value(i), Value("c" + std::to_string(i))});
            return rows;
        }());
        std::vector<Params> rows;
        for (int i = 1; i <= 1000; ++i)
            rows.push_back({Value(i), Value(i == broken ? 9999 : i % 300 + 1), Value("c" + std::to_string(i % 300 + 1))});
        c->executemany("INSERT INTO child VALUES (?1, ?2, ?3)", rows);
    }
};

}  // namespace

TEST_CASE("sqlite bulk load: keys of empty tables are checked all at once at the end", "[sqlite]") {
    Fixture f;
    REQUIRE(f.enforced());
    f.c->begin_bulk_load();
    CHECK_FALSE(f.enforced());
    CHECK(f.log == std::vector<std::string>{"PRAGMA foreign_keys = OFF"});

    SECTION("every key holds: committed, and enforced again") {
        f.load();
        f.c->end_bulk_load();
        f.c->commit();
        CHECK(f.enforced());
        CHECK(f.count("child") == 1000);
        CHECK(f.log.back() == "PRAGMA foreign_keys = ON");
        CHECK_THROWS_AS(f.c->execute("INSERT INTO child VALUES (5000, 9999, NULL)", {}), DriverError);
    }
    SECTION("a row breaking a key fails the end, naming it; the rollback keeps nothing and enforces again") {
        f.load(777);
        // Two more rows breaking it, one with the same missing parent: each value once, in rowid order.
        f.c->execute("INSERT INTO child VALUES (2000, 8888, NULL), (2001, 9999, NULL)", {});
        try {
            f.c->end_bulk_load();
            FAIL("a child of parent 9999 passed");
        } catch (const ForeignKeyViolation& e) {
            CHECK(e.kind() == ErrorKind::foreign_key_violation);
            CHECK(std::string(e.what()) ==
                  "FOREIGN KEY constraint failed: child.parent_id = 9999 is not present in parent.id "
                  "(checked at the end of the bulk load)");
            const auto& b = e.breach();
            CHECK(b.table == "child");
            CHECK(b.constraint.empty());
            CHECK(b.columns == std::vector<std::string>{"parent_id"});
            CHECK(b.referenced_table == "parent");
            CHECK(b.referenced_columns == std::vector<std::string>{"id"});
            CHECK(b.keys == std::vector<std::vector<std::string>>{{"9999"}, {"8888"}});
            CHECK_THAT(e.message(1), Catch::Contains("child.parent_id = 8888 is not present in parent.id"));
        }
        f.c->rollback();
        CHECK(f.enforced());
        CHECK(f.count("parent") == 0);
        CHECK(f.count("child") == 0);
    }
    SECTION("a caller that vouches for every reference is not checked again, at the end or at commit") {
        f.load();
        f.c->end_bulk_load(/*references_known=*/true);
        f.c->commit();
        CHECK(f.log == std::vector<std::string>{"PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"});
        CHECK(f.enforced());
        CHECK(f.count("child") == 1000);
    }
    SECTION("checked once: a commit after end_bulk_load does not check again") {
        f.load();
        f.c->end_bulk_load();
        f.c->commit();
        CHECK(f.log == std::vector<std::string>{"PRAGMA foreign_keys = OFF", "PRAGMA foreign_key_check",
                                                "PRAGMA foreign_keys = ON"});
    }
    SECTION("commit without end_bulk_load checks first") {
        f.load(5);
        CHECK_THROWS_AS(f.c->commit(), DriverError);
        f.c->rollback();
        CHECK(f.enforced());
        CHECK(f.count("child") == 0);
    }
}

TEST_CASE("sqlite bulk load: keys stay enforced where rows exist or an update would cascade", "[sqlite]") {
    SECTION("a child table with rows") {
        Fixture f;
        f.c->execute("INSERT INTO parent VALUES (1, 'a'); INSERT INTO child VALUES (1, 1, 'a')");
        f.c->begin_bulk_load();
        CHECK(f.enforced());
        CHECK(f.log.empty());
    }
    SECTION("ON UPDATE CASCADE") {
        Fixture f("CASCADE");
        f.c->begin_bulk_load();
        CHECK(f.enforced());
    }
    SECTION("inside a transaction, where SQLite cannot change it") {
        Fixture f;
        f.c->begin();
        f.c->begin_bulk_load();
        CHECK(f.enforced());
        CHECK_THROWS_AS(f.c->execute("INSERT INTO child VALUES (1, 9999, NULL)", {}), DriverError);
        f.c->rollback();
    }
}
