// Waiting on the migration lock is never silent (issue "No silent success",
// item 12): orm says who holds it and since when, once in a log.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "orm/engine/engine.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"
#include "support/pty.hpp"

using namespace orm_test;

namespace {

size_t count_of(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("lock wait: a run waiting on the migration lock names its holder, once outside a terminal") {
    for (std::string engine : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(engine) {
            TempDir dir;
            std::string url = engine == "sqlite" ? "sqlite:///" + (dir / "lock.db").string()
                                                 : create_database("cli_lock_wait_" + std::to_string(::getpid()));
            write_file(dir / "migrations/versions/r1.py",
                       "from alembic import op\nimport sqlalchemy as sa\nrevision = 'r1'\ndown_revision = None\n"
                       "def upgrade():\n    op.create_table('one', sa.Column('id', sa.Integer(), primary_key=True))\n"
                       "def downgrade():\n    op.drop_table('one')\n");
            // The test holds the lock, as a run in progress would.
            auto db = orm::engine::create_engine(url);
            auto conn = db.connect();
            std::string holder = engine == "sqlite"
                                     ? "process " + std::to_string(::getpid()) + " since "
                                     : "backend " + conn.query("SELECT pg_backend_pid()")->scalar()->repr();
            // In a transaction: PostgreSQL's migration lock is the transaction's.
            auto tx = conn.begin();
            auto lock = db.dialect().acquire_migration_lock(conn.runner(), db.url().to_connect_params(), 1);
            auto r = run_orm({"--url", url, "migrate", "--lock-timeout", "2.5"}, {}, "", dir.path());
            CHECK(r.exit_code == 4);
            CHECK_THAT(r.err, Catch::Contains("waiting for the migration lock held by " + holder));
            CHECK(count_of(r.err, "waiting for the migration lock") == 1);
            CHECK_THAT(r.err, Catch::Contains("gave up after 2.500 s"));
            CHECK(table_names(url) == std::vector<std::string>{});
            lock.reset();
            tx.rollback();
            auto after = run_orm({"--url", url, "migrate"}, {}, "", dir.path());
            CHECK(after.exit_code == 0);
            CHECK_THAT(after.err, !Catch::Contains("waiting for the migration lock"));
        }
    }
}

TEST_CASE("lock wait: on a terminal the wait is told again each second") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "lock.db").string();
    write_file(dir / "migrations/versions/r1.py",
               "from alembic import op\nimport sqlalchemy as sa\nrevision = 'r1'\ndown_revision = None\n"
               "def upgrade():\n    op.create_table('one', sa.Column('id', sa.Integer(), primary_key=True))\n"
               "def downgrade():\n    op.drop_table('one')\n");
    auto db = orm::engine::create_engine(url);
    auto conn = db.connect();
    auto lock = db.dialect().acquire_migration_lock(conn.runner(), db.url().to_connect_params(), 1);
    PtyOptions tty;
    tty.cwd = dir.path();
    tty.env = {{"ORM_URL", ""}, {"DATABASE_URL", ""}};
    PtyProcess orm({ORM_BINARY, "--url", url, "migrate", "--lock-timeout", "60"}, tty);
    REQUIRE(orm.wait_for("waiting for the migration lock held by process " + std::to_string(::getpid())));
    REQUIRE(orm.wait_for("(1 s)"));   // told again while it still waits
    lock.reset();                     // released: the run goes ahead
    auto r = orm.finish();
    CHECK(r.exit_code == 0);
    CHECK(table_names(url) == std::vector<std::string>{"alembic_version", "one", "orm_migration_log"});
}
