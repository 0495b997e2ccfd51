// orm against a hot standby (pg_basebackup -R of a primary the test starts):
// the commands that only read (query, inspect, diff, check, migrate
// current/history) work there and write nothing; the commands that write
// (migrate upgrade/downgrade/stamp, seed, create-all, drop-all) exit 4 with
// "the server is a read-only standby" before doing anything.
#include <catch2/catch.hpp>

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

TEST_CASE("cli on a hot standby: reading commands work and write nothing, writing commands exit 4 before doing "
          "anything",
          "[cli][postgresql][standby]") {
    auto primary = PgServer::start();
    primary->admin_exec("CREATE DATABASE shop");
    REQUIRE(orm_in_shop(primary->url("shop"), {"migrate"}).exit_code == 0);
    REQUIRE(orm_in_shop(primary->url("shop"), {"seed", "seed.json"}).exit_code == 0);
    auto standby = PgServer::start_standby(*primary);
    standby->wait_for_replay(*primary);
    REQUIRE(standby->admin_value("SELECT pg_is_in_recovery()") == "t");
    const std::string url = standby->url("shop");
    const std::string before = data_snapshot(url);

    SECTION("reading commands") {
        auto query = orm_in_shop(url, {"query",
                                       "session.query(Customer.id, Customer.first_name).filter(Customer.town == "
                                       "'Norfolk').order_by(Customer.id).all()",
                                       "--format", "repr"});
        INFO(query.err);
        CHECK(query.exit_code == 0);
        CHECK(query.out == "[(3, 'John'), (4, 'Sarah')]\n");
        for (std::vector<std::string> args : {std::vector<std::string>{"inspect", "--format", "json"},
                                              {"diff", "--exit-code"},
                                              {"check"},
                                              {"migrate", "current"},
                                              {"migrate", "history"},
                                              {"migrate", "upgrade", "--sql"}}) {
            auto r = orm_in_shop(url, args);
            INFO(args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << r.out << r.err);
            CHECK(r.exit_code == 0);
        }
    }
    SECTION("writing commands") {
        for (std::vector<std::string> args : {std::vector<std::string>{"migrate"},
                                              {"migrate", "downgrade", "base", "--yes"},
                                              {"migrate", "stamp", "base"},
                                              {"seed", "seed.json", "--on-conflict", "skip"},
                                              {"create-all"},
                                              {"drop-all", "--yes"}}) {
            auto r = orm_in_shop(url, [&] {
                std::vector<std::string> all = {"--echo"};
                all.insert(all.end(), args.begin(), args.end());
                return all;
            }());
            INFO(args[0] << ": " << r.err);
            CHECK(r.exit_code == 4);
            CHECK_THAT(r.err, Catch::Contains("the server is a read-only standby"));
            // Refused before anything: no transaction was begun.
            CHECK_THAT(r.err, !Catch::Contains("BEGIN"));
        }
    }
    // Nothing changed.
    CHECK(data_snapshot(url) == before);
    CHECK(data_snapshot(primary->url("shop")) == before);
}
