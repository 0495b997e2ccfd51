// Commands that destroy data follow one rule (issue "No silent success",
// items 6 and 7): a person at a terminal is asked, a script must say --yes,
// --sql never asks; `orm reset` starts the database again from the
// migrations; an applied revision edited afterwards shows in `orm check`
// and is accepted after review by `orm migrate repair`.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"
#include "support/pty.hpp"

using namespace orm_test;
using nlohmann::json;

namespace {

const std::vector<std::string> kEngines = {"sqlite", "postgresql"};

const char* kModels = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
)py";

const char* kRevision = R"py("""customers"""
from alembic import op
import sqlalchemy as sa

revision = 'r1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('customers', sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('name', sa.String(50), nullable=False), sa.PrimaryKeyConstraint('id'))


def downgrade():
    op.drop_table('customers')
)py";

// A project at r1 with a customer row.
struct Project {
    TempDir dir;
    std::string url;

    explicit Project(const std::string& engine, const std::string& name) {
        url = engine == "sqlite" ? "sqlite:///" + (dir / (name + ".db")).string()
                                 : create_database("cli_destructive_" + name + "_" + std::to_string(::getpid()));
        write_file(dir / "models.py", kModels);
        write_file(dir / "migrations/versions/r1.py", kRevision);
        REQUIRE(orm({"migrate"}).exit_code == 0);
        REQUIRE(orm({"seed", "-"}, R"({"Customer": [{"id": 1, "name": "Ann"}]})").exit_code == 0);
    }
    RunResult orm(std::vector<std::string> args, const std::string& input = "") const {
        args.insert(args.begin(), {"--url", url});
        return run_orm(args, {}, input, dir.path());
    }
    std::vector<std::string> orm_argv(const std::vector<std::string>& args) const {
        std::vector<std::string> argv = {ORM_BINARY, "--url", url};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }
};

PtyOptions in(const Project& p) {
    PtyOptions o;
    o.cwd = p.dir.path();
    o.env = {{"ORM_URL", ""}, {"DATABASE_URL", ""}, {"TERM", "dumb"}};
    return o;
}

}  // namespace

TEST_CASE("destructive: migrate downgrade outside a terminal needs --yes, and --sql never asks") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p(engine, "downgrade");
            std::string before = data_snapshot(p.url);
            auto refused = p.orm({"migrate", "downgrade", "base"});
            CHECK(refused.exit_code == 5);
            CHECK_THAT(refused.err, Catch::Contains("error: migrate downgrade reverts r1, which may drop tables and their "
                                                    "data: pass --yes to confirm"));
            CHECK(data_snapshot(p.url) == before);
            auto offline = p.orm({"migrate", "downgrade", "r1:base", "--sql"});
            INFO(offline.err);
            CHECK(offline.exit_code == 0);
            CHECK_THAT(offline.out, Catch::Contains("DROP TABLE customers"));
            CHECK(data_snapshot(p.url) == before);
            auto done = p.orm({"migrate", "downgrade", "base", "--yes"});
            INFO(done.err);
            CHECK(done.exit_code == 0);
            CHECK(table_names(p.url) == std::vector<std::string>{"alembic_version", "orm_migration_log"});
            // Nothing left to revert: nothing to ask.
            CHECK(p.orm({"migrate", "downgrade", "base"}).exit_code == 0);
        }
    }
}

TEST_CASE("destructive: on a terminal migrate downgrade asks, and 'no' changes nothing") {
    Project p("sqlite", "ask");
    std::string before = data_snapshot(p.url);
    {
        PtyProcess orm(p.orm_argv({"migrate", "downgrade", "base"}), in(p));
        REQUIRE(orm.wait_for("? Data they hold may be lost. [y/N]"));
        orm.type("n\r");
        auto r = orm.finish();
        CHECK(r.exit_code == 5);
        CHECK_THAT(r.out, Catch::Contains("nothing changed"));
    }
    CHECK(data_snapshot(p.url) == before);
    PtyProcess orm(p.orm_argv({"migrate", "downgrade", "base"}), in(p));
    REQUIRE(orm.wait_for("[y/N]"));
    orm.type("y\r");
    CHECK(orm.finish().exit_code == 0);
    CHECK(table_names(p.url) == std::vector<std::string>{"alembic_version", "orm_migration_log"});
}

TEST_CASE("destructive: orm reset drops the models' tables and the version table, then migrates to head") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p(engine, "reset");
            std::string before = data_snapshot(p.url);
            auto refused = p.orm({"reset"});
            CHECK(refused.exit_code == 5);
            CHECK_THAT(refused.err, Catch::Contains("reset drops the models' tables and their data: pass --yes"));
            CHECK(data_snapshot(p.url) == before);
            auto r = p.orm({"reset", "--yes", "--format", "json"});
            INFO(r.err);
            REQUIRE(r.exit_code == 0);
            auto doc = json::parse(r.out);
            CHECK(doc["dropped"] == json::array({"customers"}));
            CHECK(doc["version_table_dropped"] == true);
            CHECK(doc["applied"] == json::array({"r1"}));
            CHECK(rows(p.url, "SELECT count(*) FROM customers") == "0\n");
            CHECK(rows(p.url, "SELECT version_num FROM alembic_version") == "'r1'\n");
        }
    }
}

TEST_CASE("destructive: orm reset with no migrations folder is exit 3 and drops nothing") {
    Project p("sqlite", "reset_nofolder");
    std::string before = data_snapshot(p.url);
    auto r = p.orm({"--migrations", "elsewhere", "reset", "--yes"});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("no migrations folder"));
    CHECK(data_snapshot(p.url) == before);
}

TEST_CASE("destructive: an applied revision edited afterwards fails orm check, orm migrate repair accepts it") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p(engine, "repair");
            const std::string path = "migrations/versions/r1.py";   // as orm names it, from where it runs
            CHECK(p.orm({"check"}).exit_code == 0);
            write_file(p.dir / path, read_file(p.dir / path) + "# reviewed: a comment only\n");
            auto check = p.orm({"check"});
            CHECK(check.exit_code == 1);
            CHECK_THAT(check.out, Catch::Contains("! applied revision r1 was modified since it ran: " + path));
            CHECK_THAT(check.out, Catch::Contains("orm migrate repair r1"));
            auto check_json = json::parse(p.orm({"check", "--format", "json"}).out);
            CHECK(check_json["matches"] == false);
            CHECK(check_json["modified_revisions"][0]["revision"] == "r1");
            CHECK(p.orm({"migrate"}).exit_code == 5);
            // Naming a revision that is not modified is an error, and records nothing.
            std::string log_before = rows(p.url, "SELECT count(*) FROM orm_migration_log");
            auto wrong = p.orm({"migrate", "repair", "zzz"});
            CHECK(wrong.exit_code == 2);
            CHECK(rows(p.url, "SELECT count(*) FROM orm_migration_log") == log_before);
            auto repaired = p.orm({"migrate", "repair", "r1"});
            INFO(repaired.err);
            REQUIRE(repaired.exit_code == 0);
            CHECK_THAT(repaired.err, Catch::Contains("accepted " + path + " (revision r1)"));
            CHECK(rows(p.url, "SELECT direction FROM orm_migration_log WHERE revision = 'r1' ORDER BY id") ==
                  "'upgrade'\n'repair'\n");
            CHECK(p.orm({"check"}).exit_code == 0);
            CHECK(p.orm({"migrate"}).exit_code == 0);
            CHECK_THAT(p.orm({"migrate", "repair"}).err, Catch::Contains("nothing to repair"));
        }
    }
}
