// orm migrate end to end: init, revision --autogenerate, upgrade/downgrade,
// current/heads/history (text and JSON), stamp; the exit codes users script
// against (4 for a failing revision or a lock timeout, 5 for a modified
// applied file or autogenerate away from head, a migration lock another
// holds past --lock-timeout); two runs started together apply each revision
// once; SIGKILL mid-migration leaves the database at a revision boundary; orm check folds "at head" in; the shop history's --sql
// output on both dialects is what the online run executes.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "orm/engine/engine.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;

namespace {

const std::vector<std::string> kEngines = {"sqlite", "postgresql"};

std::string url_for(const std::string& engine, const TempDir& dir, const std::string& name) {
    if (engine == "sqlite") return "sqlite:///" + (dir / (name + ".db")).string();
    return create_database("cli_migrate_" + name + "_" + std::to_string(::getpid()));
}

struct Project {
    TempDir dir;
    std::vector<std::string> ids;
    std::string url;

    RunResult orm(std::vector<std::string> args) const {
        std::vector<std::string> full = {"--url", url, "--migrations", (dir / "migrations").string()};
        full.insert(full.end(), args.begin(), args.end());
        return run_orm(full, {}, "", dir.path());
    }
    std::string add(const std::string& id, const std::string& upgrade, const std::string& downgrade = "    pass") {
        std::string down = ids.empty() ? "None" : "'" + ids.back() + "'";
        std::string text = "\"\"\"revision " + id + "\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
                           "revision = '" + id + "'\ndown_revision = " + down +
                           "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n" + upgrade +
                           "\n\n\ndef downgrade() -> None:\n" + downgrade + "\n";
        ids.push_back(id);
        std::string path = (dir / ("migrations/versions/" + id + ".py")).string();
        write_file(path, text);
        return path;
    }
};

std::string create(const std::string& table) {
    return "    op.create_table('" + table + "', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))";
}

std::string current(const Project& p) {
    auto r = p.orm({"migrate", "current", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    return j["current"].is_null() ? "base" : j["current"].get<std::string>();
}

const char* kModels = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
)py";

}  // namespace

TEST_CASE("cli migrate: init then autogenerate then upgrade and history and downgrade", "[cli][migrate]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p;
            p.url = url_for(engine, p.dir, "flow");
            write_file(p.dir / "models.py", kModels);
            auto init = p.orm({"migrate", "init", "--format", "json"});
            REQUIRE(init.exit_code == 0);
            CHECK(json::parse(init.out) == json{{"created", (p.dir / "migrations/versions").string()}});
            CHECK(std::filesystem::is_directory(p.dir / "migrations/versions"));
            CHECK(p.orm({"migrate", "init"}).exit_code == 2);   // already there
            auto again = p.orm({"migrate", "init", "--format", "json"});
            CHECK(again.exit_code == 2);
            CHECK_THAT(json::parse(again.out)["error"]["message"].get<std::string>(), Catch::Contains("already exists"));
            auto first = p.orm({"migrate", "revision", "--autogenerate", "-m", "customers", "--rev-id", "aaa111"});
            REQUIRE(first.exit_code == 0);
            CHECK(first.out == (p.dir / "migrations/versions/aaa111_customers.py").string() + "\n");
            std::string text = read_file(p.dir / "migrations/versions/aaa111_customers.py");
            CHECK(text.find("op.create_table('customers',") != std::string::npos);
            CHECK(text.find("down_revision = None") != std::string::npos);
            // `orm migrate` alone upgrades to head.
            auto up = p.orm({"migrate"});
            REQUIRE(up.exit_code == 0);
            CHECK(up.err.find("running upgrade base -> aaa111, customers") != std::string::npos);
            CHECK(current(p) == "aaa111");
            CHECK(p.orm({"migrate", "current"}).out == "aaa111 (head)\n");
            CHECK(p.orm({"check"}).exit_code == 0);
            // A model change: autogenerate the next revision from the database at head.
            write_file(p.dir / "models.py", std::string(kModels) + "    email = sa.Column(sa.String(100))\n");
            auto second = p.orm({"migrate", "revision", "--autogenerate", "-m", "add email", "--format", "json"});
            REQUIRE(second.exit_code == 0);
            auto sj = json::parse(second.out);
            CHECK(sj["down_revision"] == "aaa111");
            CHECK(sj["operations"] == 1);
            std::string id = sj["revision"];
            CHECK(id.size() == 12);
            // Not at head now: check says so; autogenerate refuses (exit 5).
            auto check = p.orm({"check"});
            CHECK(check.exit_code == 1);
            CHECK(check.out.find("the database is at revision aaa111, the migrations head is " + id) != std::string::npos);
            auto refused = p.orm({"migrate", "revision", "--autogenerate", "-m", "too early"});
            CHECK(refused.exit_code == 5);
            CHECK(refused.err.find("the database is at revision aaa111 but the migrations head is " + id) != std::string::npos);
            auto heads = p.orm({"migrate", "heads"});
            CHECK(heads.out == id + " (head)\n");
            auto up2 = p.orm({"migrate", "upgrade", "--format", "json"});
            REQUIRE(up2.exit_code == 0);
            auto uj = json::parse(up2.out);
            CHECK(uj["applied"].size() == 1);
            CHECK(uj["at_head"] == true);
            CHECK(p.orm({"check"}).exit_code == 0);
            auto history = p.orm({"migrate", "history"});
            CHECK(history.out == "aaa111 -> " + id + " (head), add email\n<base> -> aaa111, customers\n");
            auto hj = json::parse(p.orm({"migrate", "history", "--format", "json"}).out);
            REQUIRE(hj.size() == 2);
            CHECK(hj[0]["revision"] == id);
            CHECK(hj[1]["down_revision"].is_null());
            CHECK(p.orm({"migrate", "history", "--verbose"}).out.find("Parent: aaa111") != std::string::npos);
            auto down = p.orm({"migrate", "downgrade", "base", "--yes"});
            REQUIRE(down.exit_code == 0);
            CHECK(current(p) == "base");
            CHECK(p.orm({"migrate", "downgrade"}).exit_code == 2);   // TARGET is required
            auto stamp = p.orm({"migrate", "stamp", "head"});
            CHECK(stamp.exit_code == 0);
            CHECK(current(p) == id);
            CHECK(p.orm({"migrate", "upgrade", "nosuchrev"}).exit_code == 2);
            CHECK(p.orm({"migrate", "revision", "-m", "x", "--rev-id", "has-dash"}).exit_code == 2);
            CHECK(p.orm({"migrate", "revision", "-m", "x", "--rev-id", std::string(33, 'a')}).exit_code == 2);
            CHECK(p.orm({"migrate", "revision", "-m", "x", "--rev-id", "aaa111"}).exit_code == 2);   // taken
        }
    }
}

TEST_CASE("cli migrate: a failing revision is exit 4 and names the revision and operation and SQL", "[cli][migrate]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p;
            p.url = url_for(engine, p.dir, "fail");
            for (int i = 1; i <= 5; ++i)
                p.add("r" + std::to_string(i),
                      create("t" + std::to_string(i)) + (i == 3 ? "\n    op.execute('UPDATE nowhere SET x = 1')" : ""));
            auto r = p.orm({"migrate"});
            CHECK(r.exit_code == 4);
            CHECK(r.err.find("revision r3 (revision r3) failed in op.execute at ") != std::string::npos);
            CHECK(r.err.find("r3.py:14:5") != std::string::npos);
            CHECK(r.err.find("[SQL: UPDATE nowhere SET x = 1]") != std::string::npos);
            CHECK(r.err.find("the database stays at revision r2") != std::string::npos);
            CHECK(current(p) == "r2");
        }
    }
}

TEST_CASE("cli migrate: an operation on a table the schema lacks is exit 3 before anything of it runs", "[cli][migrate]") {
    Project p;
    p.url = url_for("sqlite", p.dir, "missing");
    p.add("r1", create("one"));
    std::string second = p.add("r2", create("two") + "\n    op.add_column('nowhere', sa.Column('x', sa.Integer()))");
    auto r = p.orm({"migrate"});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find(second + ":14:5: error:") != std::string::npos);
    CHECK(current(p) == "r1");
}

TEST_CASE("cli migrate: an applied file edited afterwards is exit 5 unless --allow-modified", "[cli][migrate]") {
    Project p;
    p.url = url_for("sqlite", p.dir, "edit");
    std::string first = p.add("r1", create("one"));
    REQUIRE(p.orm({"migrate"}).exit_code == 0);
    write_file(first, read_file(first) + "# edited\n");
    p.add("r2", create("two"));
    auto r = p.orm({"migrate"});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find(first) != std::string::npos);
    CHECK(current(p) == "r1");
    auto cur = json::parse(p.orm({"migrate", "current", "--format", "json"}).out);
    CHECK(cur["modified"][0]["revision"] == "r1");
    CHECK(p.orm({"migrate", "--allow-modified"}).exit_code == 0);
    CHECK(current(p) == "r2");
}

TEST_CASE("cli migrate: two runs started together apply each revision once", "[cli][migrate]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p;
            p.url = url_for(engine, p.dir, "race");
            // The first revision takes a while, so the second run starts while it holds the lock.
            std::string slow = engine == "sqlite"
                ? "    op.execute('CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) SELECT x FROM c')"
                : "    op.execute('SELECT pg_sleep(1.5)')";
            p.add("r1", create("one") + "\n" + slow);
            p.add("r2", create("two"));
            std::string cmd = std::string(ORM_BINARY) + " --url '" + p.url + "' --migrations migrations migrate --format json";
            auto r = run_process({"bash", "-c", "(" + cmd + " > a.json 2> a.err; echo $? > a.rc) & (" + cmd +
                                                    " > b.json 2> b.err; echo $? > b.rc) & wait"},
                                 {}, "", p.dir.path());
            REQUIRE(r.exit_code == 0);
            CHECK(read_file(p.dir / "a.rc") == "0\n");
            CHECK(read_file(p.dir / "b.rc") == "0\n");
            auto a = json::parse(read_file(p.dir / "a.json")), b = json::parse(read_file(p.dir / "b.json"));
            // Each revision was applied by one of them. On SQLite the lock is the whole run's, so one run
            // applied both and the other found nothing to do; on PostgreSQL it is each revision's
            // (taken in its transaction, as a transaction-pooling PgBouncer needs), so the runs may share them.
            CHECK(a["applied"].size() + b["applied"].size() == 2);
            if (engine == "sqlite") CHECK((a["applied"].empty() || b["applied"].empty()));
            CHECK(a["current"] == "r2");
            CHECK(b["current"] == "r2");
            // orm_migration_log: each revision once.
            auto db = orm::engine::create_engine(p.url);
            auto conn = db.connect();
            auto rows = conn.query("SELECT revision, count(*) FROM orm_migration_log GROUP BY revision ORDER BY revision")->all();
            REQUIRE(rows.size() == 2);
            CHECK(rows[0][1].as_int() == 1);
            CHECK(rows[1][1].as_int() == 1);
        }
    }
}

TEST_CASE("cli migrate: a run waiting longer than --lock-timeout gives up with exit 4", "[cli][migrate]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p;
            p.url = url_for(engine, p.dir, "lock");
            p.add("r1", create("one"));
            // The test holds the migration lock itself, as a run in progress would (in a transaction:
            // on PostgreSQL the lock is the transaction's).
            auto db = orm::engine::create_engine(p.url);
            auto conn = db.connect();
            auto tx = conn.begin();
            auto lock = db.dialect().acquire_migration_lock(conn.runner(), db.url().to_connect_params(), 1);
            auto refused = p.orm({"migrate", "--lock-timeout", "0.5"});
            CHECK(refused.exit_code == 4);
            CHECK_THAT(refused.err, Catch::Contains("holds the migration lock; gave up after 0.500 s"));
            CHECK(current(p) == "base");
            lock.reset();   // released: the next run goes ahead
            tx.rollback();
            CHECK(p.orm({"migrate", "--lock-timeout", "0.5"}).exit_code == 0);
            CHECK(current(p) == "r1");
        }
    }
}

TEST_CASE("cli migrate: SIGKILL in the middle of a migration leaves the database at a revision boundary", "[cli][migrate]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p;
            p.url = url_for(engine, p.dir, "kill");
            p.add("r1", create("one"));
            std::string slow = engine == "sqlite"
                ? "    op.execute('CREATE TABLE slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000000) SELECT x FROM c')"
                : "    op.execute('SELECT pg_sleep(4)')";
            p.add("r2", create("two") + "\n" + slow);
            p.add("r3", create("three"));
            std::string cmd = std::string(ORM_BINARY) + " --url '" + p.url + "' --migrations migrations migrate";
            // Killed once r1 is in (the progress line of r2 is out) and r2's
            // statement is running: polled for (the server's pg_stat_activity
            // shows the pg_sleep; SQLite's rollback journal appears when r2
            // begins writing), up to a minute.
            std::string running = engine == "sqlite"
                ? "test -e kill.db-journal"
                : "psql -X -At -d '" + p.url + "' -c \"SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' "
                  "AND pid <> pg_backend_pid()\" | grep -q 1";
            auto r = run_process({"bash", "-c", cmd + " 2> run.err & pid=$!; for i in $(seq 6000); do "
                                                "grep -q 'r1 -> r2' run.err 2>/dev/null && " + running +
                                                " && break; sleep 0.01; done; kill -9 $pid; wait $pid; echo $?"},
                                 {}, "", p.dir.path());
            CHECK(r.out == "137\n");
            CHECK(current(p) == "r1");
            auto tables = orm_test::run_orm({"--url", p.url, "inspect", "--format", "json"}).out;
            CHECK(tables.find("\"two\"") == std::string::npos);
            // The next run takes it from there (on PostgreSQL once the killed session's backend has gone).
            auto again = p.orm({"migrate", "--lock-timeout", "30"});
            CHECK(again.exit_code == 0);
            CHECK(current(p) == "r3");
        }
    }
}

TEST_CASE("cli migrate: the shop history's --sql output is what the online run executes", "[cli][migrate]") {
    const auto shop = source_dir() / "share/examples/shop";
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            TempDir dir;
            std::string url = url_for(engine, dir, "shop");
            auto offline = run_orm({"--url", url, "migrate", "upgrade", "--sql"}, {}, "", shop);
            REQUIRE(offline.exit_code == 0);
            auto online = run_orm({"--url", url, "migrate", "--format", "json"}, {}, "", shop);
            REQUIRE(online.exit_code == 0);
            std::string expected;
            json applied = json::parse(online.out)["applied"];
            for (auto& step : applied)
                for (auto& s : step["statements"]) expected += s.get<std::string>() + ";\n\n";
            // The offline script: the same statements, with the version bookkeeping and transaction control around them.
            std::string script = offline.out, statements;
            size_t start = 0;
            while (start < script.size()) {
                size_t end = script.find(";\n\n", start);
                std::string s = script.substr(start, end - start);
                start = end + 3;
                while (s.rfind("-- ", 0) == 0) s = s.substr(s.find("\n\n") + 2);
                if (s == "BEGIN" || s == "COMMIT" || s.rfind("PRAGMA foreign_key", 0) == 0 ||
                    s.find("_orm_fk_guard") != std::string::npos || s.find("alembic_version") != std::string::npos)
                    continue;
                statements += s + ";\n\n";
            }
            CHECK(statements == expected);
            CHECK(script.find("-- Running upgrade  -> ede6e278b826") != std::string::npos);
            CHECK(script.find("-- Running upgrade ede6e278b826 -> 9c2ef6f16744") != std::string::npos);
            if (engine == "sqlite") {
                CHECK(statements.find("ALTER TABLE items ADD COLUMN quantity INTEGER;") != std::string::npos);
                // SQLite cannot add a NOT NULL column without a default: customers is rebuilt.
                CHECK(script.find("PRAGMA foreign_keys=OFF;\n\nBEGIN;") != std::string::npos);
                CHECK(statements.find("address VARCHAR(200) NOT NULL") != std::string::npos);
            } else {
                CHECK(statements.find("ALTER TABLE customers ADD COLUMN address VARCHAR(200) NOT NULL;") != std::string::npos);
                CHECK(statements.find("ALTER TABLE items ADD COLUMN quantity INTEGER;") != std::string::npos);
            }
            // And the database is where the models are.
            CHECK(run_orm({"--url", url, "check"}, {}, "", shop).exit_code == 0);
        }
    }
}

TEST_CASE("cli migrate: the first README command migrates and seeds the shop example twice over", "[cli][migrate]") {
    // The line after `cd share/examples/shop`, run in a copy of the example
    // (its migrations link included) with the binary under test.
    std::string readme = read_file(source_dir() / "README.md");
    auto block = readme.find("```sh\n");
    REQUIRE(block != std::string::npos);
    std::string line = readme.substr(block + 6, readme.find('\n', block + 6) - block - 6);
    auto cd = line.find("cd share/examples/shop && ");
    REQUIRE(cd != std::string::npos);
    std::string tail = line.substr(cd + std::string("cd share/examples/shop && ").size());
    CHECK(tail.find("orm migrate") != std::string::npos);
    for (size_t at; (at = tail.find("../../../build/orm")) != std::string::npos;)
        tail.replace(at, std::string("../../../build/orm").size(), ORM_BINARY);
    TempDir dir;
    std::filesystem::create_directories(dir / "share/examples");
    std::filesystem::copy(source_dir() / "share/examples/shop", dir / "share/examples/shop",
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
    std::filesystem::copy(source_dir() / "migrations", dir / "migrations", std::filesystem::copy_options::recursive);
    std::filesystem::remove(dir / "share/examples/shop/shop.db");
    for (int run = 0; run < 2; ++run) {
        auto r = run_process({"bash", "-c", "set -e; " + tail}, {}, "", dir / "share/examples/shop");
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
    }
    auto check = run_orm({"check"}, {}, "", dir / "share/examples/shop");
    CHECK(check.exit_code == 0);
    auto ids = run_orm({"query", "session.query(Customer.id).all()", "--format", "json"}, {}, "", dir / "share/examples/shop");
    REQUIRE(ids.exit_code == 0);
    CHECK(json::parse(ids.out).size() == 6);
}

TEST_CASE("cli migrate: revisions read the keywords the migrations folder's env.py passes to context.configure()",
          "[cli][migrate]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Project p;
            p.url = url_for(engine, p.dir, "env_opts");
            // Read, not run: config.attributes is the application's, which orm does not have.
            write_file(p.dir / "migrations/env.py", R"py(from alembic import context

context.configure(connection=context.config.attributes['connection'], compare_type=True,
                  profile=context.config.attributes['profile'])
)py");
            p.add("r1", create("one") + "\n    assert op.get_context().opts['compare_type'] is True");
            std::string second = p.add("r2", create("two") + "\n    op.get_context().opts['profile'].name");
            auto r = p.orm({"migrate"});
            CHECK(r.exit_code == 3);
            CHECK(r.err.find(second + ":14:5: error: RuntimeError: opts['profile'] (its attribute 'name' read) is "
                             "what env.py passes to context.configure() at " + (p.dir / "migrations/env.py").string() +
                             ":4:19") != std::string::npos);
            CHECK(current(p) == "r1");
        }
    }
}
