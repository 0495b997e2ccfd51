// A PostgreSQL bulk load into new tables (Connection::begin_bulk_load, what
// `orm seed` uses): the foreign keys of a child table that it fills from
// empty, whose parents it also filled from empty, are set aside while the
// rows go in and put back, exactly as they were, when it ends: every row is
// then checked, a broken key fails, and a rollback or a dropped connection
// leaves the constraints as they were. Where another session could notice
// (rows from before, a table someone holds) the keys stay and are checked
// row by row.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "support/fixtures.hpp"
#include "support/pg_cluster.hpp"

using namespace orm::dialect;

namespace {

std::unique_ptr<Connection> connect(const std::string& url) {
    return get_dialect("postgresql").connect(orm_test::connect_params(url));
}

const char* kSchema =
    "CREATE TABLE parent (id INT PRIMARY KEY, code TEXT UNIQUE);"
    "CREATE TABLE child (id INT PRIMARY KEY, "
    "  parent_id INT CONSTRAINT child_parent REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE, "
    "  code TEXT CONSTRAINT child_code REFERENCES parent (code) MATCH FULL ON UPDATE NO ACTION);"
    "COMMENT ON CONSTRAINT child_parent ON child IS 'it''s the parent';";

// Every foreign key of the database as the catalog describes it, comments included.
std::string foreign_keys(Connection& c) {
    auto r = c.query(
        "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || "
        "coalesce(obj_description(oid, 'pg_constraint'), '-') FROM pg_constraint WHERE contype = 'f' "
        "ORDER BY 1");
    std::string out;
    while (r->next()) out += r->row()[0].as_text() + "\n";
    return out;
}

std::int64_t count(Connection& c, const std::string& table) {
    return c.query("SELECT count(*) FROM " + table)->scalar()->as_int();
}

ParamRows parents(int n) {
    return {static_cast<std::size_t>(n), [](std::size_t i, Params& p) {
                p = {Value(static_cast<long long>(i + 1)), Value("c" + std::to_string(i + 1))};
            }};
}

// n children of parents 1..parents; the child with id `broken` (if any) names parent 9999.
ParamRows children(int n, int parents, int broken = 0) {
    return {static_cast<std::size_t>(n), [=](std::size_t i, Params& p) {
                long long id = static_cast<long long>(i + 1);
                long long parent = id == broken ? 9999 : static_cast<long long>(i % parents + 1);
                p = {Value(id), Value(parent), Value("c" + std::to_string(i % parents + 1))};
            }};
}

const std::vector<std::string> kParentColumns = {"\"id\"", "\"code\""};
const std::vector<std::string> kChildColumns = {"\"id\"", "\"parent_id\"", "\"code\""};

struct Fixture {
    std::string url;
    std::unique_ptr<Connection> c;
    std::vector<std::string> log;        // what the driver did about foreign keys
    std::vector<std::string> load_locks;  // the lock that makes bulk loads into one database take turns
    std::string keys_before;

    explicit Fixture(const std::string& name) : url(orm_test::create_database(name)), c(connect(url)) {
        c->execute(kSchema);
        keys_before = foreign_keys(*c);
        c->set_statement_log([this](const std::string& sql) {
            (sql.rfind("SELECT pg_catalog.pg_advisory_xact_lock(", 0) == 0 ? load_locks : log).push_back(sql);
        });
    }

    // Begins a transaction and a bulk load of 200 parents and 400 children, all keys holding.
    void load_fresh() {
        c->begin();
        c->begin_bulk_load();
        c->copy_rows("\"parent\"", kParentColumns, parents(200));
        c->copy_rows("\"child\"", kChildColumns, children(400, 200));
    }
};

}  // namespace

TEST_CASE("postgresql bulk load: a child filled from empty has its keys set aside and put back as they were",
          "[postgresql]") {
    Fixture f("fk_deferral_roundtrip");
    auto& c = *f.c;
    REQUIRE(f.keys_before ==
            "child child_code FOREIGN KEY (code) REFERENCES parent(code) MATCH FULL -\n"
            "child child_parent FOREIGN KEY (parent_id) REFERENCES parent(id) ON DELETE CASCADE DEFERRABLE it's the parent\n");
    c.begin();
    c.begin_bulk_load();
    c.copy_rows("\"parent\"", kParentColumns, parents(300));
    c.copy_rows("\"child\"", kChildColumns, children(1000, 300));
    // Set aside: the child's rows went in unchecked, and a second batch is a plain COPY.
    CHECK(foreign_keys(c).empty());
    CHECK(c.copy_rows_sql("\"child\"", kChildColumns) == "COPY \"child\" (\"id\", \"parent_id\", \"code\") FROM STDIN");
    c.copy_rows("\"child\"", kChildColumns,
                {500, [](std::size_t i, Params& p) { p = {Value(static_cast<long long>(1001 + i)), Value(7), Value()}; }});
    CHECK(f.load_locks.size() == 1);   // taken once, when the load began in the open transaction
    REQUIRE(f.log.size() == 2);
    CHECK(f.log[0] == "LOCK TABLE \"child\", parent IN ACCESS EXCLUSIVE MODE NOWAIT");
    CHECK(f.log[1] == "ALTER TABLE \"child\" DROP CONSTRAINT child_parent, DROP CONSTRAINT child_code");
    c.end_bulk_load();
    CHECK(f.log.size() == 4);   // the ALTER ... ADD and the COMMENT
    CHECK(foreign_keys(c) == f.keys_before);
    c.commit();
    auto other = connect(f.url);
    CHECK(foreign_keys(*other) == f.keys_before);
    CHECK(count(*other, "child") == 1500);
    // The keys are real again: a child of a missing parent fails at once.
    CHECK_THROWS_AS(other->execute("INSERT INTO child VALUES (5000, 9999, NULL)", {}), DriverError);
}

TEST_CASE("postgresql bulk load: a row breaking a key set aside fails the load's end, and nothing stays",
          "[postgresql]") {
    Fixture f("fk_deferral_violation");
    auto& c = *f.c;
    c.begin();
    c.begin_bulk_load();
    c.copy_rows("\"parent\"", kParentColumns, parents(200));
    c.copy_rows("\"child\"", kChildColumns, children(1000, 200, 777));
    // Two more rows breaking it, one with the same missing parent: each value once, in the rows' order.
    c.copy_rows("\"child\"", kChildColumns,
                {2, [](std::size_t i, Params& p) { p = {Value(static_cast<long long>(2000 + i)), Value(i ? 9999 : 8888), Value()}; }});
    REQUIRE(foreign_keys(c).empty());
    try {
        c.end_bulk_load();
        FAIL("a child of parent 9999 passed");
    } catch (const ForeignKeyViolation& e) {
        CHECK(e.kind() == ErrorKind::foreign_key_violation);
        CHECK(e.code() == "23503");
        CHECK(std::string(e.server_message()) ==
              "foreign key constraint \"child_parent\" failed: child.parent_id = 9999 is not present in parent.id "
              "(checked at the end of the bulk load)");
        const auto& b = e.breach();
        CHECK(b.schema == "public");
        CHECK(b.table == "child");
        CHECK(b.constraint == "child_parent");
        CHECK(b.columns == std::vector<std::string>{"parent_id"});
        CHECK(b.referenced_table == "parent");
        CHECK(b.referenced_columns == std::vector<std::string>{"id"});
        CHECK(b.keys == std::vector<std::vector<std::string>>{{"9999"}, {"8888"}});
        CHECK_THAT(e.message(1), Catch::Contains("child.parent_id = 8888 is not present in parent.id"));
    }
    c.rollback();
    CHECK(foreign_keys(c) == f.keys_before);
    CHECK(count(c, "parent") == 0);
    CHECK(count(c, "child") == 0);
}

TEST_CASE("postgresql bulk load: a rollback, a lost connection or a savepoint undone bring the keys back",
          "[postgresql]") {
    Fixture f("fk_deferral_rollback");
    SECTION("rollback") {
        f.load_fresh();
        REQUIRE(foreign_keys(*f.c).empty());
        f.c->rollback();
        CHECK(foreign_keys(*f.c) == f.keys_before);
    }
    SECTION("the connection is lost in the middle (as when the process is killed)") {
        f.load_fresh();
        REQUIRE(foreign_keys(*f.c).empty());
        f.c->close();
        auto other = connect(f.url);
        CHECK(foreign_keys(*other) == f.keys_before);
        CHECK(count(*other, "child") == 0);
    }
    SECTION("a rollback to a savepoint taken before the keys were set aside; the load's end then adds none twice") {
        f.c->begin();
        f.c->begin_bulk_load();
        f.c->savepoint("before");
        f.c->copy_rows("\"parent\"", kParentColumns, parents(200));
        f.c->copy_rows("\"child\"", kChildColumns, children(400, 200));
        REQUIRE(foreign_keys(*f.c).empty());
        f.c->rollback_to_savepoint("before");
        CHECK(foreign_keys(*f.c) == f.keys_before);
        f.c->copy_rows("\"parent\"", kParentColumns, parents(200));
        f.c->copy_rows("\"child\"", kChildColumns, children(400, 200));
        f.c->end_bulk_load();
        f.c->commit();
        CHECK(foreign_keys(*f.c) == f.keys_before);
        CHECK(count(*f.c, "child") == 400);
    }
    SECTION("commit without end_bulk_load puts them back first") {
        f.load_fresh();
        REQUIRE(foreign_keys(*f.c).empty());
        f.c->commit();
        CHECK(foreign_keys(*f.c) == f.keys_before);
    }
}

TEST_CASE("postgresql bulk load: keys stay where others could notice or an update would cascade", "[postgresql]") {
    Fixture f("fk_deferral_kept");
    auto& c = *f.c;
    auto load = [&](int first_child) {
        c.begin();
        c.begin_bulk_load();
        c.copy_rows("\"child\"", kChildColumns,
                    {400, [=](std::size_t i, Params& p) {
                         p = {Value(static_cast<long long>(first_child + i)), Value(static_cast<long long>(i % 3 + 1)), Value()};
                     }});
    };
    SECTION("the parent had rows before the load") {
        c.execute("INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        load(1);
        CHECK(foreign_keys(c) == f.keys_before);
        CHECK(f.log.empty());
        c.end_bulk_load();
        c.commit();
        CHECK(count(c, "child") == 400);
    }
    SECTION("the child had rows before the load") {
        c.begin();
        c.begin_bulk_load();
        c.copy_rows("\"parent\"", kParentColumns, parents(200));
        c.execute("INSERT INTO child VALUES (100000, 1, NULL)", {});
        c.copy_rows("\"child\"", kChildColumns, children(400, 200));
        CHECK(foreign_keys(c) == f.keys_before);
        c.end_bulk_load();
        c.commit();
    }
    SECTION("another session holds the parent: no waiting, the rows are checked one by one") {
        auto other = connect(f.url);
        other->begin();
        CHECK(count(*other, "parent") == 0);   // holds ACCESS SHARE until it ends
        f.load_fresh();
        CHECK(foreign_keys(c) == f.keys_before);
        REQUIRE(f.log.size() == 2);   // the LOCK, refused at once and undone, and a note saying so
        CHECK(f.log[1] == "-- foreign keys of \"child\" checked row by row: could not obtain lock on relation \"parent\"");
        c.end_bulk_load();
        c.commit();
        CHECK(count(c, "child") == 400);
        other->rollback();
    }
    SECTION("ON UPDATE CASCADE is kept, the other key set aside") {
        c.execute("ALTER TABLE child DROP CONSTRAINT child_code, "
                  "ADD CONSTRAINT child_code FOREIGN KEY (code) REFERENCES parent (code) ON UPDATE CASCADE");
        std::string keys = foreign_keys(c);
        f.load_fresh();
        CHECK(foreign_keys(c) == "child child_code FOREIGN KEY (code) REFERENCES parent(code) ON UPDATE CASCADE -\n");
        c.end_bulk_load();
        c.commit();
        CHECK(foreign_keys(c) == keys);
    }
    SECTION("outside a transaction each load stands alone") {
        c.begin_bulk_load();
        c.copy_rows("\"parent\"", kParentColumns, parents(200));
        c.copy_rows("\"child\"", kChildColumns, children(400, 200));
        CHECK(f.log.empty());
        CHECK(count(c, "child") == 400);
    }
}

TEST_CASE("postgresql bulk load: a constraint name that needs quoting comes back under the same name",
          "[postgresql]") {
    Fixture f("fk_deferral_quoted_name");
    f.c->execute("ALTER TABLE child RENAME CONSTRAINT child_parent TO \"Child \"\"Parent\"\"\"");
    const std::string keys = foreign_keys(*f.c);
    REQUIRE_THAT(keys, Catch::Contains("child Child \"Parent\" FOREIGN KEY (parent_id)"));
    f.load_fresh();
    REQUIRE(f.log.size() == 2);
    CHECK_THAT(f.log[1], Catch::Contains("DROP CONSTRAINT \"Child \"\"Parent\"\"\""));
    f.c->end_bulk_load();
    f.c->commit();
    CHECK(foreign_keys(*f.c) == keys);
}

TEST_CASE("postgresql bulk load: a second load into the database waits for the first to end", "[postgresql]") {
    Fixture f("fk_deferral_turns");
    f.load_fresh();   // in a transaction, not ended
    auto other = connect(f.url);
    other->execute("SET lock_timeout = '100ms'");   // instead of waiting for the first load to end
    other->begin_bulk_load();
    CHECK(orm_test::driver_error_kind([&] { other->begin(); }) == orm::dialect::ErrorKind::lock_timeout);
    f.c->end_bulk_load();
    f.c->commit();
    other->rollback();
    other->begin_bulk_load();
    other->begin();   // the first load has ended: the second goes ahead
    CHECK(count(*other, "child") == 400);
    other->commit();
}
