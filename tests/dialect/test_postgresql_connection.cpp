// The PostgreSQL driver connection against the throwaway test cluster:
// bound parameters, streaming with bounded memory, prepared statements,
// pipelined executemany, transactions, catalog queries, and errors.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <string>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "support/fixtures.hpp"
#include "support/pg_cluster.hpp"

using namespace orm::dialect;
using orm_test::PgCluster;

namespace {

// The kind of DriverError a statement fails with.
constexpr auto kind_of = &orm_test::driver_error_kind;

std::unique_ptr<Connection> open_url(const std::string& url) {
    return get_dialect("postgresql").connect(orm_test::connect_params(url));
}

std::unique_ptr<Connection> fresh(const std::string& name) {
    return open_url(orm_test::create_database(name));
}

// This process's resident set size in kB (Linux).
long rss_kb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

}  // namespace

TEST_CASE("postgresql: connects over TCP, over the unix socket, and with a password", "[postgresql]") {
    auto& cluster = PgCluster::instance();
    cluster.create_database("conn_forms");
    for (const auto& url : {cluster.url("conn_forms"), cluster.socket_url("conn_forms"),
                            cluster.password_url("conn_forms")}) {
        INFO(url);
        auto c = open_url(url);
        CHECK(c->query("SELECT current_database()")->scalar()->as_text() == "conn_forms");
        CHECK(c->server_version().rfind("15", 0) == 0);
        CHECK(c->dialect_name() == "postgresql");
        CHECK(c->placeholder(2) == "$2");
    }
}

TEST_CASE("postgresql: every value kind round-trips as a bound parameter", "[postgresql]") {
    auto c = fresh("params");
    Blob blob{{0, 1, 2, 255, '\'', '\\', 0}};
    auto r = c->query("SELECT $1::text, $2, $3, $4, $5, $6, $7::numeric, $8::text",
                      {Value(), Value(true), Value(-9007199254740993LL), Value(0.1), Value("it's; DROP TABLE x"),
                       Value(blob), Value("10.81"), Value("ünïcödé")});
    REQUIRE(r->next());
    const Row& row = r->row();
    CHECK(row[0].is_null());
    CHECK(row[1].as_bool() == true);
    CHECK(row[2].as_int() == -9007199254740993LL);
    CHECK(row[3].as_double() == 0.1);
    CHECK(row[4].as_text() == "it's; DROP TABLE x");
    CHECK(row[5].as_blob() == blob);
    CHECK(row[6].as_text() == "10.81");   // numeric keeps its exact digits
    CHECK(row[7].as_text() == "ünïcödé");
    CHECK(r->columns()[6].type_name == "numeric");
    CHECK(r->columns()[1].type_name == "bool");
    CHECK_FALSE(r->next());

    // Text is inferred by context: a date, an int column, a numeric column, json.
    c->execute("CREATE TABLE t (d DATE, i INT, n NUMERIC(10, 2), j JSONB, b BYTEA, f BOOLEAN)");
    c->execute("INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)", {"2024-02-29", 7, "9.21", "{\"a\": [1]}", blob, false});
    auto t = c->query("SELECT d, i, n, j, b, f FROM t WHERE i = $1", {7});
    REQUIRE(t->next());
    CHECK(t->row()[0].as_text() == "2024-02-29");
    CHECK(t->row()[1].as_int() == 7);
    CHECK(t->row()[2].as_text() == "9.21");
    CHECK(t->row()[3].as_text() == "{\"a\": [1]}");
    CHECK(t->row()[4].as_blob() == blob);
    CHECK(t->row()[5].as_bool() == false);
}

TEST_CASE("postgresql: a million rows stream without being materialised", "[postgresql][stream]") {
    auto c = fresh("stream");
    long before = rss_kb();
    long peak = before;
    auto r = c->query("SELECT n, repeat('x', 100) AS pad FROM generate_series(1, $1::int) AS n", {1000000});
    std::int64_t count = 0, sum = 0;
    while (r->next()) {
        ++count;
        sum += r->row()[0].as_int();
        if (count % 100000 == 0) peak = std::max(peak, rss_kb());
    }
    CHECK(count == 1000000);
    CHECK(sum == 1000000LL * 1000001 / 2);
    // Materialised, the rows would take well over 100 MB; streamed, memory stays flat.
    CHECK(peak - before < 20 * 1024);
}

TEST_CASE("postgresql: closing a result early keeps the connection and transaction usable", "[postgresql][stream]") {
    auto c = fresh("early_close");
    c->begin();
    c->execute("CREATE TABLE t (x INT)");
    {
        auto r = c->query("SELECT n FROM generate_series(1, 100000) AS n");
        REQUIRE(r->next());
        CHECK(r->row()[0].as_int() == 1);
    }   // dropped mid-stream
    auto r2 = c->query("SELECT n FROM generate_series(1, 5) AS n");
    REQUIRE(r2->next());
    // a new statement while r2 is open finishes r2 first
    c->execute("INSERT INTO t VALUES ($1)", {1});
    CHECK_FALSE(r2->next());
    CHECK(c->in_transaction());
    c->commit();
    CHECK(c->query("SELECT count(*) FROM t")->scalar()->as_int() == 1);
}

TEST_CASE("postgresql: prepared statements and pipelined executemany", "[postgresql]") {
    auto c = fresh("prepared");
    c->execute("CREATE TABLE t (id SERIAL PRIMARY KEY, v TEXT NOT NULL UNIQUE, w NUMERIC, flag BOOLEAN)");
    auto ins = c->prepare("INSERT INTO t (v, w, flag) VALUES ($1, $2, $3)");
    CHECK(ins->execute({"a", Value(), Value()}) == 1);    // first use: types inferred by the server
    CHECK(ins->execute({"b", 1.5, true}) == 1);            // later kinds still fit
    CHECK(ins->execute({"c", "2.25", false}) == 1);
    auto sel = c->prepare("SELECT v, w FROM t WHERE id = $1");
    auto r = sel->query({2});
    REQUIRE(r->next());
    CHECK(r->row()[0].as_text() == "b");
    CHECK(r->row()[1].as_text() == "1.5");
    r->close();
    CHECK(sel->query({3})->scalar()->as_text() == "c");

    std::vector<Params> sets;
    for (int i = 0; i < 20000; ++i) sets.push_back({"m" + std::to_string(i), i % 3 ? Value(i) : Value(), i % 2 == 0});
    CHECK(c->executemany("INSERT INTO t (v, w, flag) VALUES ($1, $2, $3)", sets) == 20000);
    CHECK(c->query("SELECT count(*) FROM t")->scalar()->as_int() == 20003);
    CHECK_FALSE(c->in_transaction());

    // A failure in the middle: nothing of the batch stays, the error names the statement.
    std::vector<Params> dup{{"x1", 1, true}, {"x2", 2, true}, {"a", 3, true}, {"x3", 4, true}};
    try {
        c->executemany("INSERT INTO t (v, w, flag) VALUES ($1, $2, $3)", dup);
        FAIL("no error");
    } catch (const DriverError& e) {
        CHECK(e.kind() == ErrorKind::unique_violation);
        CHECK(e.code() == "23505");
        CHECK_THAT(e.what(), Catch::Contains("duplicate key") && Catch::Contains("[SQL: INSERT INTO t"));
    }
    CHECK(c->query("SELECT count(*) FROM t WHERE v LIKE 'x%'")->scalar()->as_int() == 0);
    CHECK_FALSE(c->in_transaction());
    CHECK(c->executemany("SELECT 1", {}) == 0);
}

TEST_CASE("postgresql: transactions roll back, savepoints, an aborted transaction", "[postgresql]") {
    auto c = fresh("txn");
    c->execute("CREATE TABLE t (x INT PRIMARY KEY)");
    c->begin();
    CHECK(c->in_transaction());
    c->execute("INSERT INTO t VALUES ($1)", {1});
    c->rollback();
    CHECK_FALSE(c->in_transaction());
    CHECK(c->query("SELECT count(*) FROM t")->scalar()->as_int() == 0);

    c->begin();
    c->execute("INSERT INTO t VALUES ($1)", {1});
    c->savepoint("sp");
    CHECK(kind_of([&] { c->execute("INSERT INTO t VALUES ($1)", {1}); }) == ErrorKind::unique_violation);
    c->rollback_to_savepoint("sp");
    c->execute("INSERT INTO t VALUES ($1)", {2});
    c->commit();
    CHECK(c->query("SELECT string_agg(x::text, ',' ORDER BY x) FROM t")->scalar()->as_text() == "1,2");

    // COMMIT of a transaction an error aborted: rolled back, and said so.
    c->begin();
    c->execute("INSERT INTO t VALUES ($1)", {3});
    CHECK_THROWS(c->execute("SELECT 1/0"));
    CHECK(c->in_transaction());
    CHECK_THROWS_WITH(c->commit(), Catch::Contains("rolled back"));
    CHECK_FALSE(c->in_transaction());
    CHECK(c->query("SELECT count(*) FROM t")->scalar()->as_int() == 2);
}

TEST_CASE("postgresql: catalog queries list tables and enum types", "[postgresql]") {
    auto c = fresh("catalog");
    CHECK(c->table_names().empty());
    CHECK(c->enum_names().empty());
    c->execute(
        "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TYPE color AS ENUM ('red');"
        "CREATE TABLE b (x mood); CREATE TABLE a (y color); CREATE VIEW v AS SELECT 1;"
        "CREATE SCHEMA other; CREATE TABLE other.z (i INT); CREATE TYPE other.e AS ENUM ('q');"
        "CREATE TABLE p (i INT) PARTITION BY RANGE (i)");
    CHECK(c->table_names() == std::vector<std::string>{"a", "b", "p"});
    CHECK(c->enum_names() == std::vector<std::string>{"color", "mood"});
    CHECK(c->table_names("other") == std::vector<std::string>{"z"});
    CHECK(c->enum_names("other") == std::vector<std::string>{"e"});
    CHECK(c->table_names("nope").empty());
}

TEST_CASE("postgresql: server errors become DriverError with SQLSTATE and kind", "[postgresql]") {
    auto c = fresh("errors");
    c->execute(
        "CREATE TABLE p (id INT PRIMARY KEY, n INT NOT NULL CHECK (n >= 0));"
        "CREATE TABLE ch (id INT PRIMARY KEY, p_id INT REFERENCES p(id))");
    c->execute("INSERT INTO p VALUES (1, 0)");
    CHECK(kind_of([&] { c->execute("INSERT INTO p VALUES ($1, 0)", {1}); }) == ErrorKind::unique_violation);
    CHECK(kind_of([&] { c->execute("INSERT INTO ch VALUES (1, $1)", {9}); }) == ErrorKind::foreign_key_violation);
    CHECK(kind_of([&] { c->execute("INSERT INTO p VALUES (2, $1)", {Value()}); }) == ErrorKind::not_null_violation);
    CHECK(kind_of([&] { c->execute("INSERT INTO p VALUES (2, $1)", {-1}); }) == ErrorKind::check_violation);
    CHECK(kind_of([&] { c->query("SELECT * FROM missing"); }) == ErrorKind::undefined_table);
    try {
        c->execute("INSERT INTO p VALUES (1, 0)");
        FAIL("no error");
    } catch (const DriverError& e) {
        CHECK(e.code() == "23505");
        CHECK(e.category() == orm::ErrorCategory::database);
        CHECK_THAT(e.what(), Catch::Contains("duplicate key value violates unique constraint \"p_pkey\"") &&
                                 Catch::Contains("DETAIL: Key (id)=(1) already exists.") &&
                                 Catch::Contains("[SQL: INSERT INTO p VALUES (1, 0)]"));
    }
    // an error in the middle of a stream
    auto r = c->query("SELECT 10 / (5 - n) FROM generate_series(1, 10) AS n");
    CHECK_THROWS_WITH([&] { while (r->next()) {} }(), Catch::Contains("division by zero"));
    CHECK(c->query("SELECT 1")->scalar()->as_int() == 1);   // still usable
}

TEST_CASE("postgresql: an unreachable server is a DatabaseError without the password", "[postgresql]") {
    int port = orm_test::unused_port();
    std::string url = "postgresql://scott:hunter2@127.0.0.1:" + std::to_string(port) + "/db";
    try {
        open_url(url);
        FAIL("connected to a port where nothing listens");
    } catch (const DriverError& e) {
        std::string m = e.what();
        CHECK_THAT(m, Catch::StartsWith("could not connect to server at 127.0.0.1:" + std::to_string(port) + ": "));
        CHECK_THAT(m, Catch::Contains("Connection refused"));
        CHECK(m.find("hunter2") == std::string::npos);
        CHECK(e.kind() == ErrorKind::connection);
        CHECK(e.category() == orm::ErrorCategory::database);
    }
}

TEST_CASE("postgresql: a wrong password is reported without the password", "[postgresql]") {
    auto& cluster = PgCluster::instance();
    cluster.create_database("wrong_pw");
    std::string url = std::string("postgresql://") + PgCluster::kPasswordRole + ":WrongHunter2@127.0.0.1:" +
                      std::to_string(cluster.port()) + "/wrong_pw";
    try {
        open_url(url);
        FAIL("connected with a wrong password");
    } catch (const DriverError& e) {
        CHECK_THAT(e.what(), Catch::Contains("password authentication failed"));
        CHECK(std::string(e.what()).find("WrongHunter2") == std::string::npos);
    }
}
