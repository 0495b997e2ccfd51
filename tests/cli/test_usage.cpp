// The command line as people type it (issue "No silent success", items 9
// and 11): a mistyped command or option is exit 2 with "did you mean",
// `orm help [COMMAND]` and `orm version` work, unexpected words are listed
// in the order typed; under --format json an error is also a JSON object on
// stdout, on every command.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/db_snapshot.hpp"
#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;

TEST_CASE("usage: a mistyped command is exit 2 with the command meant") {
    for (auto [typed, meant] : std::vector<std::pair<std::string, std::string>>{
             {"craete-all", "create-all"}, {"migarte", "migrate"}, {"drop_all", "drop-all"}, {"chekc", "check"}}) {
        auto r = run_orm({typed});
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::StartsWith("error: unknown command '" + typed + "'; did you mean '" + meant + "'?"));
        CHECK_THAT(r.err, !Catch::Contains("A subcommand is required"));
    }
    auto far = run_orm({"frobnicate"});
    CHECK(far.exit_code == 2);
    CHECK_THAT(far.err, Catch::StartsWith("error: unknown command 'frobnicate' (orm --help lists the commands)"));
    auto none = run_orm({});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, Catch::StartsWith("error: no command given"));
}

TEST_CASE("usage: a mistyped option is exit 2 with the option meant, before or after the command") {
    auto global = run_orm({"--verison"});
    CHECK(global.exit_code == 2);
    CHECK_THAT(global.err, Catch::StartsWith("error: unknown option '--verison'; did you mean '--version'?"));
    auto after = run_orm({"create-all", "--sqll"});
    CHECK(after.exit_code == 2);
    CHECK_THAT(after.err, Catch::StartsWith("error: unknown option '--sqll' for 'create-all'; did you mean '--sql'?"));
    auto missing = run_orm({"-x"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::StartsWith("error: option -x needs a value"));
}

TEST_CASE("usage: unexpected arguments are listed in the order typed") {
    auto r = run_orm({"migrate", "heads", "m", "-m", "merge"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("error: unexpected arguments for 'migrate heads': m -m merge"));
}

TEST_CASE("usage: orm help [COMMAND] and orm version") {
    auto top = run_orm({"help"});
    CHECK(top.exit_code == 0);
    CHECK_THAT(top.out, Catch::Contains("create-all") && Catch::Contains("--models"));
    CHECK_THAT(top.out, Catch::Contains("4   database error"));   // the exit codes, as orm --help shows them
    auto one = run_orm({"help", "drop-all"});
    CHECK(one.exit_code == 0);
    CHECK_THAT(one.out, Catch::Contains("--with-version-table") && Catch::Contains("--yes"));
    auto nested = run_orm({"help", "migrate", "repair"});
    CHECK(nested.exit_code == 0);
    CHECK_THAT(nested.out, Catch::Contains("Accept applied revision files"));
    auto typo = run_orm({"help", "craete-all"});
    CHECK(typo.exit_code == 2);
    CHECK_THAT(typo.err, Catch::Contains("did you mean 'create-all'?"));
    auto version = run_orm({"version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out == run_orm({"--version"}).out);
    CHECK_THAT(version.out, Catch::StartsWith("orm ") && Catch::Contains(ORM_VERSION));
}

TEST_CASE("usage: under --format json an error is also a JSON object on stdout") {
    TempDir dir;
    write_file(dir / "models.py", "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\nclass A(Base)\n");
    auto input = run_orm({"--url", "sqlite:///t.db", "create-all", "--format", "json"}, {}, "", dir.path());
    CHECK(input.exit_code == 3);
    CHECK_THAT(input.err, Catch::StartsWith("models.py:3:14: error: "));
    auto e = json::parse(input.out)["error"];
    CHECK(e["code"] == 3);
    CHECK(e["kind"] == "invalid_input");
    CHECK(e["file"] == "models.py");
    CHECK(e["line"] == 3);
    CHECK(e["column"] == 14);
    CHECK(e["pointer"].is_null());
    CHECK_THAT(e["message"].get<std::string>(), Catch::Contains("expected ':'"));
    CHECK_FALSE(std::filesystem::exists(dir / "t.db"));

    // A seed record's error carries its JSON pointer.
    write_file(dir / "models.py", "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n"
                                  "Base = declarative_base()\nclass A(Base):\n    __tablename__ = 'a'\n"
                                  "    id = sa.Column(sa.Integer, primary_key=True)\n");
    REQUIRE(run_orm({"--url", "sqlite:///t.db", "create-all"}, {}, "", dir.path()).exit_code == 0);
    write_file(dir / "seed.json", "{\"A\": [{\"id\": 1}, {\"id\": \"x\"}]}\n");
    auto seed = run_orm({"--url", "sqlite:///t.db", "seed", "seed.json", "--format", "json"}, {}, "", dir.path());
    CHECK(seed.exit_code == 3);
    auto s = json::parse(seed.out)["error"];
    CHECK(s["pointer"] == "/A/1/id");
    CHECK(s["file"] == "seed.json");
    CHECK(s["line"] == 1);
    CHECK(rows("sqlite:///" + (dir / "t.db").string(), "SELECT count(*) FROM a") == "0\n");

    // A database error: its kind as the driver tells it.
    auto refused = run_orm({"--url", "sqlite:///" + (dir / "missing.db").string(), "check", "--format", "json"}, {}, "",
                           dir.path());
    CHECK(refused.exit_code == 4);
    auto d = json::parse(refused.out)["error"];
    CHECK(d["code"] == 4);
    CHECK(d["kind"] == "connection");
    CHECK_THAT(d["message"].get<std::string>(), Catch::Contains("no such database file"));

    // A usage error too.
    auto usage = run_orm({"craete-all", "--format", "json"});
    CHECK(usage.exit_code == 2);
    CHECK(json::parse(usage.out)["error"]["kind"] == "usage");
}

TEST_CASE("usage: create-all and drop-all take --format json") {
    TempDir dir;
    write_file(dir / "models.py", "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\n"
                                  "Base = declarative_base()\nclass A(Base):\n    __tablename__ = 'a'\n"
                                  "    id = sa.Column(sa.Integer, primary_key=True)\n");
    auto created = run_orm({"--url", "sqlite:///t.db", "create-all", "--format", "json"}, {}, "", dir.path());
    INFO(created.err);
    REQUIRE(created.exit_code == 0);
    auto c = json::parse(created.out);
    CHECK(c["created"] == json::array({"a"}));
    CHECK(c["database"] == "sqlite:///t.db");
    auto dropped = run_orm({"--url", "sqlite:///t.db", "drop-all", "--yes", "--format", "json"}, {}, "", dir.path());
    INFO(dropped.err);
    REQUIRE(dropped.exit_code == 0);
    CHECK(json::parse(dropped.out)["dropped"] == json::array({"a"}));
}

TEST_CASE("usage: orm wait takes --format json, and its failure is a JSON error") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "w.db").string();
    auto ok = run_orm({"--url", url, "wait", "--format", "json"});
    INFO(ok.err);
    REQUIRE(ok.exit_code == 0);
    CHECK(json::parse(ok.out)["accepting"] == true);
    auto missing = run_orm({"--url", "sqlite:///" + (dir / "no/such/dir/w.db").string(), "wait", "--timeout", "0",
                            "--format", "json"});
    CHECK(missing.exit_code == 4);
    CHECK(json::parse(missing.out)["error"]["code"] == 4);
}
