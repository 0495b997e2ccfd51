// Seeds run at once into one database take turns (a transaction-level
// advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so that each sees
// the rows the one before committed: 10 rounds of 4 concurrent
// `orm seed --on-conflict skip` of the shop data leave exactly what one seed
// leaves, and every run exits 0. On SQLite a writer held past the URL's
// ?timeout= is a clear "database is locked" (exit 4).
#include <catch2/catch.hpp>

#include <unistd.h>

#include "orm/engine/engine.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }
std::string shop_seed() { return (source_dir() / "share/examples/shop/seed.json").string(); }

std::string url_for(const std::string& engine, const TempDir& dir, const std::string& name) {
    if (engine == "sqlite") return "sqlite:///" + (dir / (name + ".db")).string();
    return create_database("cli_concurrent_seed_" + name + "_" + std::to_string(::getpid()));
}

RunResult orm_on(const std::string& url, std::vector<std::string> args) {
    std::vector<std::string> all = {"--models", shop_models(), "--url", url};
    all.insert(all.end(), args.begin(), args.end());
    return run_orm(all);
}

}  // namespace

TEST_CASE("cli seed: 10 rounds of 4 concurrent --on-conflict skip seeds equal one seed, and no run fails",
          "[cli][seed]") {
    for (std::string engine : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(engine) {
            TempDir dir;
            // What one seed leaves.
            std::string once = url_for(engine, dir, "once");
            REQUIRE(orm_on(once, {"create-all"}).exit_code == 0);
            REQUIRE(orm_on(once, {"seed", shop_seed(), "--on-conflict", "skip"}).exit_code == 0);
            // Every column but the timestamps the models' Python defaults fill at seed time.
            const std::string contents =
                "SELECT id, first_name, last_name, username, email, address, town FROM customers ORDER BY id";
            const std::string expected = rows(once, contents) + rows(once, "SELECT * FROM items ORDER BY id") +
                                         rows(once, "SELECT id, customer_id FROM orders ORDER BY id") +
                                         rows(once, "SELECT * FROM order_lines ORDER BY id");

            std::string url = url_for(engine, dir, "many");
            REQUIRE(orm_on(url, {"create-all"}).exit_code == 0);
            std::string cmd = std::string(ORM_BINARY) + " --models '" + shop_models() + "' --url '" + url +
                              "' seed '" + shop_seed() + "' --on-conflict skip --format json";
            std::string after_first_round;
            for (int round = 0; round < 10; ++round) {
                std::string script;
                for (int run = 0; run < 4; ++run)
                    script += "(" + cmd + " > " + std::to_string(run) + ".out 2> " + std::to_string(run) +
                              ".err; echo $? > " + std::to_string(run) + ".rc) & ";
                auto r = run_process({"bash", "-c", script + "wait"}, {}, "", dir.path());
                REQUIRE(r.exit_code == 0);
                int inserted_by = 0;
                for (int run = 0; run < 4; ++run) {
                    std::string n = std::to_string(run);
                    INFO("round " << round << ", run " << run << ": " << read_file(dir / (n + ".err")));
                    CHECK(read_file(dir / (n + ".rc")) == "0\n");
                    if (read_file(dir / (n + ".out")).find("\"inserted\": 20") != std::string::npos) ++inserted_by;
                }
                // The first round: one run inserted everything, the others skipped it all; later rounds skip.
                CHECK(inserted_by == (round == 0 ? 1 : 0));
                CHECK(rows(url, contents) + rows(url, "SELECT * FROM items ORDER BY id") +
                          rows(url, "SELECT id, customer_id FROM orders ORDER BY id") +
                          rows(url, "SELECT * FROM order_lines ORDER BY id") ==
                      expected);
                // Later rounds leave every row as it was, timestamps included.
                if (round == 0) after_first_round = data_snapshot(url);
                else CHECK(data_snapshot(url) == after_first_round);
            }
        }
    }
}

TEST_CASE("cli seed: on SQLite, a writer that holds the database past ?timeout= fails the seed with \"database is "
          "locked\" and names the option",
          "[cli][seed][sqlite]") {
    TempDir dir;
    std::string url = url_for("sqlite", dir, "locked");
    REQUIRE(orm_on(url, {"create-all"}).exit_code == 0);
    auto db = orm::engine::create_engine(url);
    auto writer = db.connect();
    writer.execute("BEGIN IMMEDIATE");
    auto r = orm_on(url + "?timeout=0.2", {"seed", shop_seed(), "--on-conflict", "skip"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("database is locked") && Catch::Contains("0.2 s") &&
                          Catch::Contains("?timeout=SECONDS"));
    writer.execute("ROLLBACK");
    CHECK(rows(url, "SELECT count(*) FROM customers") == "0\n");
    auto after = orm_on(url + "?timeout=0.2", {"seed", shop_seed(), "--on-conflict", "skip"});
    INFO(after.err);
    CHECK(after.exit_code == 0);
}
