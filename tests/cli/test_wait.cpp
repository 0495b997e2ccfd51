// orm wait: exit 0 once the database accepts connections, exit 4 when the
// timeout passes first; for CI services and containers.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"
#include "support/pty.hpp"

using namespace orm_test;
namespace fs = std::filesystem;

TEST_CASE("orm wait: a database that accepts connections ends the wait at once") {
    auto& pg = PgCluster::instance();
    auto r = run_orm({"--url", pg.url("postgres"), "wait"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("the database accepts connections") && !Catch::Contains("attempts"));
    TempDir dir;
    CHECK(run_orm({"--url", "sqlite:///" + (dir / "w.db").string(), "wait"}).exit_code == 0);
}

TEST_CASE("orm wait: nothing listening is exit 4 once the timeout passes, the password masked") {
    std::string url = "postgresql://app:" + std::string(PgCluster::kPassword) + "@127.0.0.1:" +
                      std::to_string(unused_port()) + "/app";
    auto r = run_orm({"--url", url, "wait", "--timeout", "0"});
    INFO(r.err);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("did not accept connections within 1 attempt (--timeout 0)") &&
                          !Catch::Contains(PgCluster::kPassword));
}

TEST_CASE("orm wait: keeps trying until the server appears") {
    auto& pg = PgCluster::instance();
    // A socket directory with no server in it yet: the first attempt fails.
    TempDir sockets;
    std::string url = "postgresql://postgres@/postgres?host=" + sockets.path().string() + "&port=" +
                      std::to_string(pg.port());
    PtyOptions tty;
    tty.env = {{"ORM_URL", ""}, {"DATABASE_URL", ""}, {"NO_COLOR", "1"}};
    PtyProcess orm({ORM_BINARY, "--url", url, "wait", "--timeout", "600"}, tty);
    REQUIRE(orm.wait_for("trying again"));
    // The server "starts": its socket appears where orm looks.
    std::string socket = ".s.PGSQL." + std::to_string(pg.port());
    fs::create_symlink(pg.socket_dir() / socket, sockets / socket);
    auto r = orm.finish();
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("the database accepts connections (after "));
}
