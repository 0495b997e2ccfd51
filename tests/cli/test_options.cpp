// Global options, help, version, URL precedence and --echo.
#include <catch2/catch.hpp>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {
std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }
}  // namespace

TEST_CASE("orm --version prints the version and exits 0") {
    auto r = run_orm({"--version"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("orm ") && Catch::Contains(ORM_VERSION));
}

TEST_CASE("every command has its own --help") {
    for (std::string cmd : {"create-all", "drop-all"}) {
        INFO(cmd);
        auto r = run_orm({cmd, "--help"});
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::Contains("--sql") && Catch::Contains("--tables"));
    }
    auto top = run_orm({"--help"});
    CHECK(top.exit_code == 0);
    CHECK_THAT(top.out, Catch::Contains("create-all") && Catch::Contains("--models") && Catch::Contains("--url"));
}

TEST_CASE("unknown commands and options are usage errors (exit 2)") {
    CHECK(run_orm({"frobnicate"}).exit_code == 2);
    CHECK(run_orm({"create-all", "--bogus"}).exit_code == 2);
    CHECK(run_orm({}).exit_code == 2);
}

TEST_CASE("URL precedence: --url > ORM_URL > DATABASE_URL > models file > sqlite:///orm.db") {
    TempDir dir;
    write_file(dir / "models.py", read_file(shop_models()));  // create_engine("sqlite:///shop.db")
    auto created = [&](const std::string& file) { return std::filesystem::exists(dir / file); };
    auto run = [&](std::vector<std::string> args, std::map<std::string, std::string> env) {
        args.push_back("create-all");
        auto r = run_orm(args, env, "", dir.path());
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    };
    run({"--url", "sqlite:///cli.db"}, {{"ORM_URL", "sqlite:///orm_url.db"}, {"DATABASE_URL", "sqlite:///db_url.db"}});
    CHECK(created("cli.db"));
    CHECK_FALSE(created("orm_url.db"));
    run({}, {{"ORM_URL", "sqlite:///orm_url.db"}, {"DATABASE_URL", "sqlite:///db_url.db"}});
    CHECK(created("orm_url.db"));
    CHECK_FALSE(created("db_url.db"));
    run({}, {{"DATABASE_URL", "sqlite:///db_url.db"}});
    CHECK(created("db_url.db"));
    CHECK_FALSE(created("shop.db"));
    run({}, {});
    CHECK(created("shop.db"));

    // Without create_engine() in the models file: sqlite:///orm.db.
    TempDir bare;
    std::string text = read_file(shop_models());
    auto pos = text.find("engine = create_engine(\"sqlite:///shop.db\")");
    REQUIRE(pos != std::string::npos);
    text.erase(pos, std::string("engine = create_engine(\"sqlite:///shop.db\")").size());
    write_file(bare / "models.py", text);
    auto r = run_orm({"create-all"}, {}, "", bare.path());
    REQUIRE(r.exit_code == 0);
    CHECK(std::filesystem::exists(bare / "orm.db"));
}

TEST_CASE("the models path falls back to ORM_MODELS") {
    TempDir dir;
    auto r = run_orm({"--url", "sqlite:///x.db", "create-all", "--sql"}, {{"ORM_MODELS", shop_models()}}, "", dir.path());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("CREATE TABLE customers"));
}

TEST_CASE("echo prints each statement to stderr with the password masked") {
    std::string db = "cli_echo";
    create_database(db);
    std::string url = PgCluster::instance().password_url(db);
    auto r = run_orm({"--models", shop_models(), "--url", url, "--echo", "create-all"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("CREATE TABLE customers"));
    CHECK_THAT(r.err, Catch::Contains("CREATE TABLE order_lines"));
    CHECK_THAT(r.err, !Catch::Contains(PgCluster::kPassword));
    CHECK(r.out.empty());  // diagnostics never go to stdout
}

TEST_CASE("quiet mode silences everything but errors") {
    TempDir dir;
    auto r = run_orm({"-q", "--models", shop_models(), "--url", "sqlite:///" + (dir / "q.db").string(), "create-all"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
}
