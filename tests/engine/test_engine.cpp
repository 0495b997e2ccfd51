// Engine and Connection: echo (every statement, its parameters, never the
// password), RAII transactions and savepoints, catalog helpers, connection
// errors, on SQLite and on the PostgreSQL test cluster.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "orm/engine/engine.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm::engine;
using orm::dialect::Params;
using orm::dialect::Value;
using orm_test::PgCluster;

namespace {

struct Captured {
    std::vector<std::string> lines;
    std::string all() const {
        std::string s;
        for (const auto& l : lines) s += l + "\n";
        return s;
    }
};

Engine echo_engine(const std::string& url, Captured& cap) {
    EngineOptions o;
    o.echo = true;
    o.echo_sink = [&cap](const std::string& line) { cap.lines.push_back(line); };
    return create_engine(url, o);
}

}  // namespace

TEST_CASE("engine: echo writes each statement and its parameters before running it", "[engine][echo]") {
    Captured cap;
    Engine engine = echo_engine("sqlite://", cap);
    CHECK(engine.name() == "sqlite");
    CHECK(engine.echo());
    auto conn = engine.connect();
    conn.execute("CREATE TABLE t (x INT, y TEXT)");
    {
        auto tx = conn.begin();
        conn.execute("INSERT INTO t VALUES (?1, ?2)", {1, "one"});
        conn.executemany("INSERT INTO t VALUES (?1, ?2)", {{2, "two"}, {3, Value()}});
        tx.commit();
    }
    CHECK(conn.query("SELECT count(*) FROM t")->scalar()->as_int() == 3);
    const std::vector<std::string> expected = {
        "CREATE TABLE t (x INT, y TEXT)",
        "BEGIN",
        "INSERT INTO t VALUES (?1, ?2)",
        "[parameters: (1, 'one')]",
        "INSERT INTO t VALUES (?1, ?2)",
        "[parameters: 2 sets: [(2, 'two'), (3, None)]]",
        "COMMIT",
        "SELECT count(*) FROM t",
    };
    CHECK(cap.lines == expected);

    // a statement that fails was echoed before it ran
    cap.lines.clear();
    CHECK_THROWS_AS(conn.execute("SELECT * FROM nope"), orm::DatabaseError);
    CHECK(cap.lines == std::vector<std::string>{"SELECT * FROM nope"});

    // echo off: nothing
    cap.lines.clear();
    engine.set_echo(false);
    conn.execute("SELECT 1");
    CHECK(cap.lines.empty());
}

TEST_CASE("engine: echo of long parameters and many parameter sets is shortened", "[engine][echo]") {
    Captured cap;
    Engine engine = echo_engine("sqlite://", cap);
    auto conn = engine.connect();
    conn.execute("CREATE TABLE t (x TEXT)");
    cap.lines.clear();
    conn.execute("INSERT INTO t VALUES (?1)", {std::string(1000, 'a')});
    REQUIRE(cap.lines.size() == 2);
    CHECK_THAT(cap.lines[1], Catch::Contains("characters truncated"));
    CHECK(cap.lines[1].size() < 400);
    std::vector<Params> sets;
    for (int i = 0; i < 25; ++i) sets.push_back({std::to_string(i)});
    cap.lines.clear();
    conn.executemany("INSERT INTO t VALUES (?1)", sets);
    REQUIRE(cap.lines.size() == 2);
    CHECK_THAT(cap.lines[1], Catch::StartsWith("[parameters: 25 sets: [('0',), ('1',)") && Catch::EndsWith(", ...]]"));
}

TEST_CASE("engine: a transaction rolls back unless committed", "[engine]") {
    orm_test::TempDir dir;
    Engine engine = create_engine("sqlite:///" + (dir / "t.db").string());
    auto conn = engine.connect();
    conn.execute("CREATE TABLE t (x INT)");
    {
        auto tx = conn.begin();
        conn.execute("INSERT INTO t VALUES (?1)", {1});
        CHECK(tx.is_active());
        CHECK(conn.in_transaction());
    }   // not committed
    CHECK_FALSE(conn.in_transaction());
    CHECK(conn.query("SELECT count(*) FROM t")->scalar()->as_int() == 0);

    {
        auto tx = conn.begin();
        conn.execute("INSERT INTO t VALUES (?1)", {1});
        {
            auto sp = conn.begin_nested();
            CHECK(sp.is_nested());
            conn.execute("INSERT INTO t VALUES (?1)", {2});
        }   // savepoint rolled back
        {
            auto sp = conn.begin_nested();
            conn.execute("INSERT INTO t VALUES (?1)", {3});
            sp.commit();
        }
        tx.commit();
        CHECK_FALSE(tx.is_active());
        CHECK_THROWS_AS(tx.commit(), orm::DatabaseError);
        tx.rollback();   // no-op once over
    }
    CHECK(conn.query("SELECT group_concat(x) FROM t")->scalar()->as_text() == "1,3");
    CHECK_THROWS_AS(conn.begin_nested(), orm::DatabaseError);

    // moving a transaction moves the responsibility to end it
    {
        auto tx = conn.begin();
        conn.execute("INSERT INTO t VALUES (?1)", {4});
        Transaction moved = std::move(tx);
        CHECK_FALSE(tx.is_active());
        moved.commit();
    }
    CHECK(conn.query("SELECT count(*) FROM t")->scalar()->as_int() == 3);

    // a second connection sees only committed rows; closing rolls back
    auto other = engine.connect();
    {
        auto tx = conn.begin();
        conn.execute("INSERT INTO t VALUES (?1)", {5});
        conn.close();
        CHECK_FALSE(conn.in_transaction());
    }
    CHECK(other.query("SELECT count(*) FROM t")->scalar()->as_int() == 3);
    CHECK(other.table_names() == std::vector<std::string>{"t"});
    CHECK(other.has_table("t"));
    CHECK_FALSE(other.has_table("u"));
    CHECK(other.enum_names().empty());
    CHECK(other.placeholder(1) == "?1");
    CHECK_THROWS_AS(conn.execute("SELECT 1"), orm::DatabaseError);
}

TEST_CASE("engine: prepared statements are echoed at each execution", "[engine][echo]") {
    Captured cap;
    Engine engine = echo_engine("sqlite://", cap);
    auto conn = engine.connect();
    conn.execute("CREATE TABLE t (x INT)");
    auto stmt = conn.prepare("INSERT INTO t VALUES (?1)");
    cap.lines.clear();
    stmt.execute({1});
    stmt.execute({2});
    CHECK(cap.lines ==
          std::vector<std::string>{"INSERT INTO t VALUES (?1)", "[parameters: (1,)]", "INSERT INTO t VALUES (?1)",
                                   "[parameters: (2,)]"});
    CHECK(stmt.sql() == "INSERT INTO t VALUES (?1)");
}

TEST_CASE("engine: PostgreSQL echo never shows the password", "[engine][echo][postgresql]") {
    auto& cluster = PgCluster::instance();
    cluster.create_database("engine_echo");
    std::string url = cluster.password_url("engine_echo");
    Captured cap;
    Engine engine = echo_engine(url, cap);
    CHECK(engine.name() == "postgresql");
    auto conn = engine.connect();
    {
        auto tx = conn.begin();
        conn.execute("CREATE TABLE t (s TEXT)");
        // the password reaches the server as a parameter and in SQL text, but never the echo
        conn.execute("INSERT INTO t VALUES ($1)", {PgCluster::kPassword});
        conn.execute(std::string("INSERT INTO t VALUES ('connect with ") + url + "')");
        conn.execute("CREATE TYPE mood AS ENUM ('ok')");
        tx.commit();
    }
    CHECK(conn.query("SELECT count(*) FROM t WHERE s = $1", {PgCluster::kPassword})->scalar()->as_int() == 1);
    CHECK(conn.table_names() == std::vector<std::string>{"t"});
    CHECK(conn.enum_names() == std::vector<std::string>{"mood"});
    std::string echoed = cap.all();
    CHECK_THAT(echoed, Catch::Contains("INSERT INTO t VALUES ($1)") && Catch::Contains("[parameters: ('***',)]"));
    CHECK_THAT(echoed, Catch::Contains(std::string(PgCluster::kPasswordRole) + ":***@127.0.0.1"));
    CHECK(echoed.find(PgCluster::kPassword) == std::string::npos);

    // the server's error messages are scrubbed too
    try {
        conn.execute(std::string("SELECT '") + PgCluster::kPassword + "'::int");
        FAIL("no error");
    } catch (const orm::DatabaseError& e) {
        CHECK_THAT(e.what(), Catch::Contains("invalid input syntax"));
        CHECK(std::string(e.what()).find(PgCluster::kPassword) == std::string::npos);
    }
}

TEST_CASE("engine: connecting to nothing is a DatabaseError naming the server, not the password",
          "[engine][postgresql]") {
    int port = orm_test::unused_port();
    Engine engine = create_engine("postgresql+psycopg2://app:s3cr3tpw@127.0.0.1:" + std::to_string(port) + "/app");
    try {
        engine.connect();
        FAIL("connected");
    } catch (const orm::DatabaseError& e) {
        std::string m = e.what();
        CHECK_THAT(m, Catch::Contains("could not connect to server at 127.0.0.1:" + std::to_string(port)));
        CHECK(m.find("s3cr3tpw") == std::string::npos);
    }
}

TEST_CASE("engine: the default stderr sink is used when none is given", "[engine][echo]") {
    EngineOptions o;
    o.echo = true;
    Engine engine = create_engine("sqlite://", o);
    auto conn = engine.connect();
    CHECK_NOTHROW(conn.execute("SELECT 1"));   // written to stderr
    CHECK_THROWS_AS(create_engine("mysql://h/db"), orm::UsageError);
}
