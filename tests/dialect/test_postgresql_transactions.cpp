// PostgreSQL transactions and savepoints, as callers rely on them: a failed
// statement inside a savepoint rolled back leaves the outer transaction
// usable and its earlier writes committed; rolling back the outer
// transaction leaves nothing; errors at COMMIT carry the server's SQLSTATE,
// message and DETAIL as any statement's do; a transaction begun or ended by
// SQL text is still one the driver connection can end or begin.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "support/fixtures.hpp"
#include "support/pg_cluster.hpp"

using namespace orm::dialect;

namespace {

constexpr auto kind_of = &orm_test::driver_error_kind;

std::unique_ptr<Connection> fresh(const std::string& name) {
    return get_dialect("postgresql").connect(orm_test::connect_params(orm_test::create_database(name)));
}

std::string values(Connection& c) {
    auto v = c.query("SELECT coalesce(string_agg(x::text, ',' ORDER BY x), '') FROM t")->scalar();
    return v->as_text();
}

// The DriverError `f` throws.
DriverError error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const DriverError& e) {
        return e;
    }
    FAIL("no DriverError");
    return DriverError("", ErrorKind::other, "");
}

}  // namespace

TEST_CASE("postgresql: a failed statement in a savepoint rolled back leaves the transaction usable", "[postgresql]") {
    auto c = fresh("txn_savepoints");
    c->execute("CREATE TABLE t (x INT PRIMARY KEY)");

    c->begin();
    c->execute("INSERT INTO t VALUES ($1)", {1});
    c->savepoint("sp");
    c->execute("INSERT INTO t VALUES ($1)", {2});
    CHECK(kind_of([&] { c->execute("INSERT INTO t VALUES ($1)", {1}); }) == ErrorKind::unique_violation);
    // The transaction is aborted until the savepoint is rolled back to.
    CHECK(error_of([&] { c->execute("INSERT INTO t VALUES ($1)", {3}); }).code() == "25P02");
    c->rollback_to_savepoint("sp");
    c->release_savepoint("sp");   // a savepoint rolled back to still exists, as in SQL
    c->execute("INSERT INTO t VALUES ($1)", {3});
    // Nested: releasing the outer savepoint releases the inner one with it.
    c->savepoint("a");
    c->savepoint("b");
    c->execute("INSERT INTO t VALUES ($1)", {4});
    c->release_savepoint("a");
    // Rolling back to an outer savepoint discards the inner ones' writes.
    c->savepoint("a");
    c->execute("INSERT INTO t VALUES ($1)", {5});
    c->savepoint("b");
    c->execute("INSERT INTO t VALUES ($1)", {6});
    c->rollback_to_savepoint("a");
    c->commit();
    CHECK_FALSE(c->in_transaction());
    CHECK(values(*c) == "1,3,4");

    // Rolling back the outer transaction leaves nothing, released savepoints' writes included.
    c->begin();
    c->execute("INSERT INTO t VALUES ($1)", {7});
    c->savepoint("s");
    c->execute("INSERT INTO t VALUES ($1)", {8});
    c->release_savepoint("s");
    c->savepoint("open");
    c->execute("INSERT INTO t VALUES ($1)", {9});
    c->rollback();
    CHECK_FALSE(c->in_transaction());
    CHECK(values(*c) == "1,3,4");

    // A savepoint in an aborted transaction fails as the server says; a rollback recovers.
    c->begin();
    CHECK_THROWS(c->execute("SELECT 1/0"));
    auto e = error_of([&] { c->savepoint("late"); });
    CHECK(e.code() == "25P02");
    CHECK(e.server_message() == "current transaction is aborted, commands ignored until end of transaction block");
    c->rollback();
    CHECK_FALSE(c->in_transaction());
    CHECK_THROWS_WITH(c->release_savepoint("bad name"), Catch::Contains("invalid savepoint name"));
}

TEST_CASE("postgresql: a transaction begun or ended by SQL text", "[postgresql]") {
    auto c = fresh("txn_sql_text");
    c->execute("CREATE TABLE t (x INT PRIMARY KEY)");
    // Ended by SQL text: the driver connection sees it over and can begin again.
    c->begin();
    c->execute("INSERT INTO t VALUES ($1)", {1});
    c->execute("COMMIT");
    CHECK_FALSE(c->in_transaction());
    CHECK_THROWS_WITH(c->commit(), Catch::Contains("no transaction is in progress"));
    c->begin();
    c->execute("INSERT INTO t VALUES ($1)", {2});
    c->commit();
    // Begun by SQL text: savepoints and the end go through the connection all the same.
    c->execute("BEGIN");
    CHECK(c->in_transaction());
    c->execute("INSERT INTO t VALUES ($1)", {3});
    c->savepoint("sp");
    c->execute("INSERT INTO t VALUES ($1)", {4});
    c->rollback_to_savepoint("sp");
    c->commit();
    CHECK_FALSE(c->in_transaction());
    CHECK(values(*c) == "1,2,3");
}

TEST_CASE("postgresql: an error at COMMIT reads as the same error from a statement", "[postgresql]") {
    auto c = fresh("txn_commit_errors");
    c->execute(
        "CREATE TABLE p (id INT PRIMARY KEY);"
        "CREATE TABLE ch (id INT PRIMARY KEY, p_id INT REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);"
        "CREATE TABLE u (v TEXT UNIQUE DEFERRABLE INITIALLY DEFERRED);"
        "CREATE TABLE r (x INT);"
        "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION USING MESSAGE = 'first line' || chr(10) || 'second line', DETAIL = 'one' || chr(10) || 'two', "
        "HINT = 'a hint'; END $$;"
        "CREATE CONSTRAINT TRIGGER r_boom AFTER INSERT ON r DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION boom()");

    // Each deferred check fails at COMMIT (through libpqxx) and, with the
    // constraints made immediate, at the INSERT (through libpq): same error.
    auto both = [&](const std::string& insert) {
        c->begin();
        c->execute(insert);
        DriverError at_commit = error_of([&] { c->commit(); });
        CHECK_FALSE(c->in_transaction());
        c->begin();
        c->execute("SET CONSTRAINTS ALL IMMEDIATE");
        DriverError at_insert = error_of([&] { c->execute(insert); });
        c->rollback();
        CHECK(at_commit.code() == at_insert.code());
        CHECK(at_commit.kind() == at_insert.kind());
        CHECK(at_commit.server_message() == at_insert.server_message());
        CHECK(at_commit.statement() == "COMMIT");
        return at_commit;
    };
    auto fk = both("INSERT INTO ch VALUES (1, 9)");
    CHECK(fk.kind() == ErrorKind::foreign_key_violation);
    CHECK(fk.server_message() ==
          "insert or update on table \"ch\" violates foreign key constraint \"ch_p_id_fkey\"\n"
          "DETAIL: Key (p_id)=(9) is not present in table \"p\".");
    CHECK_THAT(fk.what(), Catch::EndsWith("[SQL: COMMIT]"));
    auto unique = both("INSERT INTO u VALUES (E'a\\nb'), (E'a\\nb')");
    CHECK(unique.code() == "23505");
    CHECK(unique.server_message() ==
          "duplicate key value violates unique constraint \"u_v_key\"\nDETAIL: Key (v)=(a\nb) already exists.");
    auto raised = both("INSERT INTO r VALUES (1)");
    CHECK(raised.code() == "P0001");
    CHECK(raised.server_message() == "first line\nsecond line\nDETAIL: one\ntwo");
    CHECK(c->query("SELECT (SELECT count(*) FROM ch) + (SELECT count(*) FROM u) + (SELECT count(*) FROM r)")
              ->scalar()->as_int() == 0);
}
