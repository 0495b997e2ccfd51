// orm init: a project that works with no flags, under orm and under Alembic,
// and never an overwritten file.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
namespace fs = std::filesystem;

namespace {

RunResult orm_in(const fs::path& dir, const std::vector<std::string>& args) {
    auto r = run_orm(args, {}, "", dir);
    INFO("orm " << args[0] << ": " << r.out << r.err);
    return r;
}

const char* kSeed = R"({"User": [{"email": "ann@example.com", "name": "Ann"}, {"email": "bob@example.com", "name": "Bob"}]})";

// init, then revision --autogenerate, migrate, seed and query, all without a flag.
void check_flow_without_flags(const fs::path& dir) {
    REQUIRE(orm_in(dir, {"migrate", "revision", "--autogenerate", "-m", "init"}).exit_code == 0);
    REQUIRE(orm_in(dir, {"migrate"}).exit_code == 0);
    write_file(dir / "users.json", kSeed);
    REQUIRE(orm_in(dir, {"seed", "users.json"}).exit_code == 0);
    auto query = orm_in(dir, {"query", "session.query(User.email).order_by(User.email)", "--format", "csv"});
    CHECK(query.exit_code == 0);
    CHECK(query.out == "email\nann@example.com\nbob@example.com\n");
    CHECK(orm_in(dir, {"check"}).exit_code == 0);
}

}  // namespace

TEST_CASE("orm init starts a project: commented models.py, migrations/versions/, orm.toml, .gitignore lines") {
    TempDir dir;
    auto r = orm_in(dir.path(), {"init"});
    REQUIRE(r.exit_code == 0);
    CHECK(fs::is_directory(dir / "migrations/versions"));
    auto models = read_file(dir / "models.py");
    CHECK_THAT(models, Catch::Contains("Base = declarative_base()") && Catch::Contains("class User(Base):") &&
                           Catch::Contains("# "));
    CHECK_THAT(read_file(dir / "orm.toml"), Catch::Contains("url = \"sqlite:///app.db\"") &&
                                                Catch::Contains("models = \"models.py\""));
    auto gitignore = read_file(dir / ".gitignore");
    CHECK_THAT(gitignore, Catch::Contains("*.db\n") && Catch::Contains("*.db-journal\n") &&
                              Catch::Contains("*.orm-migrate.lock\n"));
    CHECK_FALSE(fs::exists(dir / "alembic.ini"));
    CHECK_THAT(r.err, Catch::Contains("created") && Catch::Contains("models.py"));
    // The models are read as they are written.
    CHECK_THAT(orm_in(dir.path(), {"create-all", "--sql"}).out, Catch::Contains("CREATE TABLE users"));
}

TEST_CASE("orm init never overwrites: existing files are kept and named, .gitignore only gains what it lacks") {
    TempDir dir;
    write_file(dir / "models.py", "# mine\n");
    write_file(dir / ".gitignore", "node_modules/\n*.db");   // no newline at the end
    auto r = orm_in(dir.path(), {"init"});
    CHECK(r.exit_code == 0);
    CHECK(read_file(dir / "models.py") == "# mine\n");
    CHECK_THAT(r.err, Catch::Contains("kept the existing") && Catch::Contains("models.py"));
    CHECK(fs::exists(dir / "orm.toml"));
    auto gitignore = read_file(dir / ".gitignore");
    CHECK_THAT(gitignore, Catch::StartsWith("node_modules/\n*.db\n"));
    CHECK(gitignore.find("\n*.db\n", gitignore.find("*.db") + 4) == std::string::npos);   // *.db once
    CHECK_THAT(gitignore, Catch::Contains("*.db-wal\n"));

    // Again, with --alembic: the Alembic files are added, nothing else is touched.
    auto toml_before = read_file(dir / "orm.toml");
    auto gitignore_before = read_file(dir / ".gitignore");
    auto again = orm_in(dir.path(), {"init", "--alembic"});
    CHECK(again.exit_code == 0);
    CHECK(fs::exists(dir / "alembic.ini"));
    CHECK(fs::exists(dir / "migrations/env.py"));
    CHECK(read_file(dir / "orm.toml") == toml_before);
    CHECK(read_file(dir / ".gitignore") == gitignore_before);
}

TEST_CASE("orm init --format json: what was created and kept on stdout, and a failure as an error object") {
    TempDir dir;
    write_file(dir / "models.py", "# mine\n");
    auto first = orm_in(dir.path(), {"init", "--format", "json"});
    REQUIRE(first.exit_code == 0);
    auto doc = nlohmann::json::parse(first.out);
    CHECK(doc["directory"] == ".");
    CHECK(doc["dialect"] == "sqlite");
    CHECK(doc["alembic"] == false);
    CHECK(doc["created"] == nlohmann::json::array({"orm.toml", "migrations/versions/"}));
    CHECK(doc["kept"] == nlohmann::json::array({"models.py"}));
    CHECK(doc["gitignore_lines_added"].get<int>() > 0);
    CHECK_THAT(first.err, Catch::Contains("kept the existing models.py"));   // the text stays on stderr

    auto again = orm_in(dir.path(), {"init", "--alembic", "--format", "json"});
    REQUIRE(again.exit_code == 0);
    doc = nlohmann::json::parse(again.out);
    CHECK(doc["created"] == nlohmann::json::array({"alembic.ini", "migrations/env.py", "migrations/script.py.mako"}));
    CHECK(doc["kept"] == nlohmann::json::array({"models.py", "orm.toml", "migrations/versions/"}));
    CHECK(doc["gitignore_lines_added"] == 0);

    // A directory that is a file: exit 2 with the error object on stdout, nothing written.
    write_file(dir / "taken", "x");
    auto bad = orm_in(dir.path(), {"init", "taken", "--format", "json"});
    CHECK(bad.exit_code == 2);
    auto error = nlohmann::json::parse(bad.out)["error"];
    CHECK(error["code"] == 2);
    CHECK(error["kind"] == "usage");
    CHECK_THAT(error["message"].get<std::string>(), Catch::Contains("cannot create 'taken/migrations/versions'"));
    CHECK(read_file(dir / "taken") == "x");
}

TEST_CASE("after orm init, revision --autogenerate, migrate, seed, query and check need no flags (SQLite)") {
    TempDir dir;
    REQUIRE(orm_in(dir.path(), {"init"}).exit_code == 0);
    check_flow_without_flags(dir.path());
    CHECK(fs::exists(dir / "app.db"));   // orm.toml's sqlite:///app.db
}

TEST_CASE("orm init --dialect postgresql: orm.toml names a PostgreSQL database, and the flow works on one") {
    TempDir dir;
    REQUIRE(orm_in(dir.path(), {"init", "--dialect", "postgresql"}).exit_code == 0);
    auto toml = read_file(dir / "orm.toml");
    CHECK_THAT(toml, Catch::Contains("url = \"postgresql://localhost/app\""));
    // Pointed at the throwaway cluster, with a password that must never show.
    create_database("orm_init_flow");
    std::string url = PgCluster::instance().password_url("orm_init_flow");
    auto at = toml.find("postgresql://localhost/app");
    toml.replace(at, std::string("postgresql://localhost/app").size(), url);
    write_file(dir / "orm.toml", toml);
    check_flow_without_flags(dir.path());
    auto config = orm_in(dir.path(), {"config"});
    CHECK_THAT(config.out, Catch::Contains("***") && !Catch::Contains(PgCluster::kPassword));
}

TEST_CASE("orm init --alembic: Alembic upgrades the same folder to the revision orm wrote") {
    TempDir dir;
    REQUIRE(orm_in(dir.path(), {"init", "--alembic"}).exit_code == 0);
    CHECK_THAT(read_file(dir / "migrations/env.py"), Catch::Contains("target_metadata = Base.metadata"));
    CHECK_THAT(read_file(dir / "alembic.ini"), Catch::Contains("sqlalchemy.url = sqlite:///app.db"));
    auto revision = orm_in(dir.path(), {"migrate", "revision", "--autogenerate", "-m", "init"});
    REQUIRE(revision.exit_code == 0);
    auto alembic = run_process({"/usr/bin/python3", "-m", "alembic", "upgrade", "head"}, {}, "", dir.path());
    INFO(alembic.out << alembic.err);
    REQUIRE(alembic.exit_code == 0);
    // orm sees Alembic's work: at head, and the tables match the models.
    auto current = orm_in(dir.path(), {"migrate", "current"});
    CHECK(current.exit_code == 0);
    CHECK_THAT(current.out, Catch::Contains("(head)"));
    CHECK(orm_in(dir.path(), {"check"}).exit_code == 0);
}
