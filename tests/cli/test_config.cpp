// The configuration file and the settings precedence (SPEC §2/§3): flags >
// environment > orm.toml / pyproject.toml [tool.orm] / alembic.ini > the
// models file > defaults, as `orm config` reports them and as commands use them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* kModels = R"py(from sqlalchemy import Column, Integer, create_engine
from sqlalchemy.orm import declarative_base

engine = create_engine("sqlite:///from_models.db")
Base = declarative_base()


class Thing(Base):
    __tablename__ = "things"
    id = Column(Integer, primary_key=True)
)py";

json config_json(const fs::path& dir, const std::vector<std::string>& flags = {},
                 const std::map<std::string, std::string>& env = {}) {
    auto args = flags;
    args.insert(args.end(), {"config", "--format", "json"});
    auto r = run_orm(args, env, "", dir);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

std::string source_of(const json& config, const std::string& setting) {
    return config["settings"][setting]["source"].get<std::string>();
}
std::string value_of(const json& config, const std::string& setting) {
    return config["settings"][setting]["value"].get<std::string>();
}

}  // namespace

TEST_CASE("orm config: the defaults, and the models file's create_engine() URL") {
    TempDir dir;
    auto bare = config_json(dir.path());
    CHECK(source_of(bare, "models") == "the default");
    CHECK(value_of(bare, "models") == "models.py");
    CHECK(source_of(bare, "url") == "the default");
    CHECK(value_of(bare, "url") == "sqlite:///orm.db");
    CHECK(source_of(bare, "migrations") == "the default");
    CHECK(bare["config_file"].is_null());

    write_file(dir / "models.py", kModels);
    auto with_models = config_json(dir.path());
    CHECK(source_of(with_models, "url") == "the models file");
    CHECK(value_of(with_models, "url") == "sqlite:///from_models.db");
}

TEST_CASE("orm config: orm.toml, found from a subdirectory, with paths relative to it") {
    TempDir dir;
    write_file(dir / "app/models.py", kModels);
    write_file(dir / "orm.toml", "models = \"app/models.py\"\nurl = \"sqlite:///data/app.db\"\nmigrations = \"db/migrations\"\n");
    fs::create_directories(dir / "app/sub");
    auto c = config_json(dir / "app/sub");
    CHECK(c["config_file"] == (dir / "orm.toml").string());
    CHECK(source_of(c, "models") == "orm.toml");
    CHECK(value_of(c, "models") == (dir / "app/models.py").string());
    CHECK(source_of(c, "url") == "orm.toml");
    CHECK(value_of(c, "url") == "sqlite:///" + (dir / "data/app.db").string());
    CHECK(value_of(c, "migrations") == (dir / "db/migrations").string());
    CHECK(c["settings"]["url"]["file"] == (dir / "orm.toml").string());

    // Commands use it: the database is created where orm.toml says, from anywhere below it.
    fs::create_directories(dir / "data");
    auto created = run_orm({"create-all"}, {}, "", dir / "app/sub");
    INFO(created.err);
    CHECK(created.exit_code == 0);
    CHECK(fs::exists(dir / "data/app.db"));
    CHECK_FALSE(fs::exists(dir / "app/sub/from_models.db"));
}

TEST_CASE("orm config: pyproject.toml's [tool.orm], a pyproject.toml without one is passed over") {
    TempDir dir;
    write_file(dir / "pyproject.toml", "[project]\nname = \"shop\"\n\n[tool.orm]\nurl = \"sqlite:///py.db\"\nproject_root = \"src\"\n");
    write_file(dir / "inner/pyproject.toml", "[project]\nname = \"inner\"\n");
    auto c = config_json(dir / "inner");
    CHECK(c["config_file"] == (dir / "pyproject.toml").string());
    CHECK(source_of(c, "url") == "pyproject.toml [tool.orm]");
    CHECK(source_of(c, "project_root") == "pyproject.toml [tool.orm]");
    CHECK(value_of(c, "project_root") == (dir / "src").string());
    CHECK(source_of(c, "models") == "the default");
}

TEST_CASE("orm config: alembic.ini's sqlalchemy.url and script_location, below orm.toml") {
    TempDir dir;
    write_file(dir / "alembic.ini", "[alembic]\nscript_location = %(here)s/alembic\nsqlalchemy.url = sqlite:///alembic.db\n");
    auto only_ini = config_json(dir.path());
    CHECK(source_of(only_ini, "url") == "alembic.ini");
    CHECK(value_of(only_ini, "url") == "sqlite:///" + (dir / "alembic.db").string());
    CHECK(source_of(only_ini, "migrations") == "alembic.ini");
    CHECK(value_of(only_ini, "migrations") == (dir / "alembic").string());
    CHECK(only_ini["alembic_ini"] == (dir / "alembic.ini").string());

    write_file(dir / "orm.toml", "url = \"sqlite:///toml.db\"\n");
    auto both = config_json(dir.path());
    CHECK(source_of(both, "url") == "orm.toml");
    CHECK(source_of(both, "migrations") == "alembic.ini");
}

TEST_CASE("orm config: the environment beats the file, flags beat both") {
    TempDir dir;
    write_file(dir / "orm.toml", "models = \"m.py\"\nurl = \"sqlite:///toml.db\"\nmigrations = \"mig\"\n");
    auto env = config_json(dir.path(), {}, {{"DATABASE_URL", "sqlite:///db_url.db"}, {"ORM_MODELS", "env.py"},
                                           {"ORM_MIGRATIONS", "env_mig"}});
    CHECK(source_of(env, "url") == "DATABASE_URL");
    CHECK(source_of(env, "models") == "ORM_MODELS");
    CHECK(value_of(env, "models") == "env.py");
    CHECK(source_of(env, "migrations") == "ORM_MIGRATIONS");
    auto orm_url = config_json(dir.path(), {}, {{"DATABASE_URL", "sqlite:///db_url.db"}, {"ORM_URL", "sqlite:///orm_url.db"}});
    CHECK(source_of(orm_url, "url") == "ORM_URL");
    auto flags = config_json(dir.path(), {"--url", "sqlite:///flag.db", "--models", "flag.py", "--migrations", "flag_mig",
                                          "--project-root", "."},
                             {{"ORM_URL", "sqlite:///orm_url.db"}, {"ORM_MODELS", "env.py"}});
    CHECK(source_of(flags, "url") == "--url");
    CHECK(value_of(flags, "url") == "sqlite:///flag.db");
    CHECK(source_of(flags, "models") == "--models");
    CHECK(source_of(flags, "migrations") == "--migrations");
    CHECK(source_of(flags, "project_root") == "--project-root");
}

TEST_CASE("orm config: -c names the file, text output masks the password") {
    TempDir dir;
    write_file(dir / "conf/custom.toml", "url = \"postgresql://app:s3cret@db.example:5432/shop\"\n");
    auto r = run_orm({"-c", (dir / "conf/custom.toml").string(), "config"}, {}, "", dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("postgresql://app:***@db.example:5432/shop") && !Catch::Contains("s3cret"));
    CHECK_THAT(r.out, Catch::Contains("from custom.toml"));
    CHECK_THAT(r.out, Catch::Contains("configuration file: " + (dir / "conf/custom.toml").string()));
}

TEST_CASE("a broken configuration file is exit 3 with its line and a caret, an unknown key is named") {
    TempDir dir;
    write_file(dir / "orm.toml", "models = \"m.py\"\nurl = sqlite:///x.db\n");
    auto broken = run_orm({"config"}, {}, "", dir.path());
    CHECK(broken.exit_code == 3);
    CHECK_THAT(broken.err, Catch::Contains("orm.toml:2:") && Catch::Contains("^"));

    write_file(dir / "orm.toml", "modles = \"m.py\"\n");
    auto unknown = run_orm({"config"}, {}, "", dir.path());
    CHECK(unknown.exit_code == 3);
    CHECK_THAT(unknown.err, Catch::Contains("unknown setting 'modles'") && Catch::Contains("orm.toml:1:1"));

    write_file(dir / "orm.toml", "url = 5\n");
    CHECK(run_orm({"config"}, {}, "", dir.path()).exit_code == 3);

    write_file(dir / "orm.toml", "url = \"mysql://nope\"\n");
    auto bad_url = run_orm({"create-all", "--sql"}, {}, "", dir.path());
    CHECK(bad_url.exit_code == 2);
    CHECK_THAT(bad_url.err, Catch::Contains("orm.toml"));
}
