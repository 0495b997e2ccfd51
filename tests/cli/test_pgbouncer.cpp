// orm through PgBouncer, in session and in transaction pooling: migrate,
// seed, query, check and inspect work as on a direct connection, since orm
// keeps nothing in a server session across transactions (the migration lock
// is a transaction-level advisory lock taken in each revision's transaction,
// seeds take turns by another, statements are sent with their parameters in
// one message, not prepared by name); 20 migrate runs started together
// through a transaction-mode pool apply each revision once.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/db_snapshot.hpp"
#include "support/pg_server.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

std::filesystem::path shop() { return source_dir() / "share/examples/shop"; }

RunResult orm_in_shop(const std::string& url, std::vector<std::string> args) {
    std::vector<std::string> all = {"--url", url};
    all.insert(all.end(), args.begin(), args.end());
    return run_orm(all, {}, "", shop());
}

}  // namespace

TEST_CASE("cli over PgBouncer: migrate, seed, query, check and inspect in session and transaction pooling",
          "[cli][postgresql][pgbouncer]") {
    auto server = PgServer::start();
    for (std::string mode : {"session", "transaction"}) {
        DYNAMIC_SECTION(mode) {
            PgBouncer pool(*server, mode);
            server->admin_exec("CREATE DATABASE shop_" + mode);
            const std::string url = pool.url("shop_" + mode);

            auto migrate = orm_in_shop(url, {"migrate", "--format", "json"});
            INFO(migrate.err);
            REQUIRE(migrate.exit_code == 0);
            CHECK(nlohmann::json::parse(migrate.out)["applied"].size() == 2);
            auto check = orm_in_shop(url, {"check"});
            INFO(check.out << check.err);
            CHECK(check.exit_code == 0);
            // Down and up again through the pool (before the seed: the second revision's NOT NULL columns need empty tables).
            CHECK(orm_in_shop(url, {"migrate", "downgrade", "-1", "--yes"}).exit_code == 0);
            CHECK(orm_in_shop(url, {"migrate"}).exit_code == 0);

            auto seed = orm_in_shop(url, {"seed", "seed.json"});
            INFO(seed.err);
            REQUIRE(seed.exit_code == 0);
            CHECK_THAT(seed.out, Catch::Contains("total: 20 inserted, 0 updated, 0 skipped"));
            auto again = orm_in_shop(url, {"seed", "seed.json", "--on-conflict", "update"});
            INFO(again.err);
            CHECK(again.exit_code == 0);
            CHECK_THAT(again.out, Catch::Contains("total: 0 inserted, 0 updated, 20 skipped"));

            auto query = orm_in_shop(url, {"query",
                                           "session.query(Customer.id, Customer.first_name).filter(Customer.town == "
                                           "'Norfolk').order_by(Customer.id).all()",
                                           "--format", "repr"});
            INFO(query.err);
            CHECK(query.exit_code == 0);
            CHECK(query.out == "[(3, 'John'), (4, 'Sarah')]\n");
            auto eager = orm_in_shop(url, {"query",
                                           "session.query(Order).options(selectinload(Order.line_items)).order_by("
                                           "Order.id)",
                                           "--format", "ndjson"});
            INFO(eager.err);
            CHECK(eager.exit_code == 0);
            CHECK_THAT(eager.out, Catch::Contains("\"line_items\": [{\"id\": 1"));
            auto inspect = orm_in_shop(url, {"inspect", "--format", "json"});
            CHECK(inspect.exit_code == 0);
            CHECK_THAT(inspect.out, Catch::Contains("\"order_lines\""));

            // The same rows as straight to the server.
            CHECK(data_snapshot(url) == data_snapshot(server->url("shop_" + mode)));
        }
    }
}

TEST_CASE("cli over PgBouncer in transaction pooling: 20 migrate runs started together apply each revision once",
          "[cli][postgresql][pgbouncer]") {
    auto server = PgServer::start();
    PgBouncer pool(*server, "transaction");
    server->admin_exec("CREATE DATABASE race");
    const std::string url = pool.url("race");
    TempDir dir;
    const std::vector<std::string> ids = {"r1", "r2", "r3"};
    for (size_t i = 0; i < ids.size(); ++i) {
        std::string down = i == 0 ? "None" : "'" + ids[i - 1] + "'";
        write_file(dir / ("migrations/versions/" + ids[i] + ".py"),
                   "from alembic import op\nimport sqlalchemy as sa\nrevision = '" + ids[i] + "'\ndown_revision = " +
                       down + "\n\ndef upgrade():\n    op.create_table('t_" + ids[i] +
                       "', sa.Column('id', sa.Integer(), primary_key=True))\n"
                       "    op.execute('SELECT pg_sleep(0.2)')\n\ndef downgrade():\n    op.drop_table('t_" + ids[i] +
                       "')\n");
    }
    std::string cmd = std::string(ORM_BINARY) + " --url '" + url + "' --migrations migrations migrate --format json";
    std::string script;
    for (int run = 0; run < 20; ++run) {
        std::string n = std::to_string(run);
        script += "(" + cmd + " > " + n + ".json 2> " + n + ".err; echo $? > " + n + ".rc) & ";
    }
    auto r = run_process({"bash", "-c", script + "wait"}, {}, "", dir.path());
    REQUIRE(r.exit_code == 0);
    size_t applied = 0;
    for (int run = 0; run < 20; ++run) {
        std::string n = std::to_string(run);
        INFO("run " << n << ": " << read_file(dir / (n + ".err")));
        REQUIRE(read_file(dir / (n + ".rc")) == "0\n");
        auto report = nlohmann::json::parse(read_file(dir / (n + ".json")));
        applied += report["applied"].size();
        CHECK(report["current"] == "r3");
    }
    CHECK(applied == 3);
    const std::string direct = server->url("race");
    CHECK(rows(direct, "SELECT revision, count(*) FROM orm_migration_log GROUP BY revision ORDER BY revision") ==
          "'r1', 1\n'r2', 1\n'r3', 1\n");
    CHECK(rows(direct, "SELECT version_num FROM alembic_version") == "'r3'\n");
}
