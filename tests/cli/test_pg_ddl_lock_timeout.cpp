// Migrating a live PostgreSQL database: a revision whose ALTER TABLE waits
// behind another session's open transaction gives up after
// --ddl-lock-timeout (the server's lock_timeout, set for the revision's
// transaction) with exit 4, naming the table and the blocking backend, and
// leaves the database at the previous revision; --retries runs it again
// after a pause, and a run after the blocker ends succeeds.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "orm/engine/engine.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

struct History {
    TempDir dir;
    std::string url;

    explicit History(const std::string& name)
        : url(create_database("cli_ddl_lock_" + name + "_" + std::to_string(::getpid()))) {
        write_file(dir / "migrations/versions/r1.py",
                   "from alembic import op\nimport sqlalchemy as sa\nrevision = 'r1'\ndown_revision = None\n\n"
                   "def upgrade():\n    op.create_table('items', sa.Column('id', sa.Integer(), primary_key=True))\n\n"
                   "def downgrade():\n    op.drop_table('items')\n");
        write_file(dir / "migrations/versions/r2.py",
                   "from alembic import op\nimport sqlalchemy as sa\nrevision = 'r2'\ndown_revision = 'r1'\n\n"
                   "def upgrade():\n    op.add_column('items', sa.Column('note', sa.Text()))\n\n"
                   "def downgrade():\n    op.drop_column('items', 'note')\n");
    }
    RunResult orm(std::vector<std::string> args) const {
        std::vector<std::string> all = {"--url", url, "--migrations", (dir / "migrations").string()};
        all.insert(all.end(), args.begin(), args.end());
        return run_orm(all, {}, "", dir.path());
    }
    std::string current() const {
        auto r = orm({"migrate", "current", "--format", "json"});
        REQUIRE(r.exit_code == 0);
        auto j = nlohmann::json::parse(r.out);
        return j["current"].is_null() ? "base" : j["current"].get<std::string>();
    }
};

}  // namespace

TEST_CASE("cli migrate: a revision blocked by an open transaction gives up after --ddl-lock-timeout naming the "
          "table and the blocker, and a run after the blocker ends succeeds",
          "[cli][migrate][postgresql]") {
    History h("blocked");
    REQUIRE(h.orm({"migrate", "upgrade", "r1"}).exit_code == 0);

    // Another session reads the table in a transaction it keeps open, as a long report would.
    auto blocker_engine = orm::engine::create_engine(h.url);
    auto blocker = blocker_engine.connect();
    blocker.execute("SET application_name = 'nightly-report'");
    auto blocker_pid = blocker.query("SELECT pg_backend_pid()")->scalar()->as_int();
    auto tx = blocker.begin();
    blocker.query("SELECT count(*) FROM items")->close();

    auto r = h.orm({"--echo", "migrate", "--ddl-lock-timeout", "0.5"});
    INFO(r.err);
    CHECK(r.exit_code == 4);
    // The wait was bounded by the server: lock_timeout set in the revision's transaction.
    CHECK_THAT(r.err, Catch::Contains("set_config('lock_timeout', $1, true)") && Catch::Contains("('500ms',)"));
    CHECK_THAT(r.err, Catch::Contains("revision r2 (") &&
                          Catch::Contains("gave up waiting for a table's lock after 0.5 s (--ddl-lock-timeout)"));
    CHECK_THAT(r.err, Catch::Contains("op.add_column at "));
    CHECK_THAT(r.err, Catch::Contains("blocked by table \"items\": backend " + std::to_string(blocker_pid)));
    CHECK_THAT(r.err, Catch::Contains("application nightly-report") && Catch::Contains("idle in transaction") &&
                          Catch::Contains("holds AccessShareLock") &&
                          Catch::Contains("last statement: SELECT count(*) FROM items"));
    CHECK_THAT(r.err, Catch::Contains("the database stays at revision r1"));
    tx.commit();
    CHECK(h.current() == "r1");
    CHECK(rows(h.url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'items'") == "1\n");

    // The blocker is gone: a run goes through (with the default timeout of 5 s).
    auto again = h.orm({"--echo", "migrate"});
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.err, Catch::Contains("('5000ms',)"));
    CHECK(h.current() == "r2");
}

TEST_CASE("cli migrate: --retries runs a revision that gave up on a lock again, and says how many attempts failed",
          "[cli][migrate][postgresql]") {
    History h("retries");
    REQUIRE(h.orm({"migrate", "upgrade", "r1"}).exit_code == 0);
    auto blocker_engine = orm::engine::create_engine(h.url);
    auto blocker = blocker_engine.connect();
    auto tx = blocker.begin();
    blocker.execute("LOCK TABLE items IN ACCESS SHARE MODE");

    auto r = h.orm({"--echo", "migrate", "--ddl-lock-timeout", "0.2", "--retries", "2"});
    INFO(r.err);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("in each of 3 attempts"));
    size_t attempts = 0;
    for (size_t at = r.err.find("ALTER TABLE items ADD COLUMN note TEXT"); at != std::string::npos;
         at = r.err.find("ALTER TABLE items ADD COLUMN note TEXT", at + 1))
        ++attempts;
    CHECK(attempts >= 3);   // echoed once per attempt (and once in the message)
    tx.commit();
    CHECK(h.current() == "r1");
}

TEST_CASE("cli migrate: with --retries, a revision goes through once the blocking transaction ends",
          "[cli][migrate][postgresql]") {
    History h("retry_succeeds");
    REQUIRE(h.orm({"migrate", "upgrade", "r1"}).exit_code == 0);
    // A psql session holds the table until the test sees orm's second attempt begin, then is ended.
    std::string orm = std::string(ORM_BINARY) + " --echo --url '" + h.url + "' --migrations migrations migrate " +
                      "--ddl-lock-timeout 0.3 --retries 6";
    std::string blocker_running = "psql -X -At -d '" + h.url +
                                  "' -c \"SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                                  "WHERE a.application_name = 'blocker' AND l.granted AND l.relation = 'items'::regclass\"";
    std::string script =
        "PGAPPNAME=blocker psql -X -q -d '" + h.url + "' -c 'BEGIN' -c 'LOCK TABLE items IN ACCESS SHARE MODE' "
        "-c 'SELECT pg_sleep(600)' > blocker.out 2>&1 & "
        "for i in $(seq 6000); do " + blocker_running + " | grep -q 1 && break; sleep 0.01; done; " +
        orm + " > run.out 2> run.err & pid=$!; "
        "for i in $(seq 6000); do [ \"$(grep -c 'lock_timeout' run.err)\" -ge 2 ] && break; sleep 0.01; done; "
        "psql -X -q -d '" + h.url + "' -c \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'blocker'\" > /dev/null; "
        "wait $pid; echo $?";
    auto r = run_process({"bash", "-c", script}, {}, "", h.dir.path());
    INFO(read_file(h.dir / "run.err"));
    CHECK(r.out == "0\n");
    CHECK(h.current() == "r2");
}
