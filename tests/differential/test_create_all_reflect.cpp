// The schema `orm create-all` builds equals the one SQLAlchemy 1.4's own
// create_all builds from the same models file, as SQLAlchemy's inspector
// sees them (sa_reflect.py's canonical JSON), on SQLite (temp files) and
// PostgreSQL (fresh databases of the test cluster). Then: a second
// create-all changes nothing, and drop-all --yes leaves no model tables
// (and, on PostgreSQL, no enum types or sequences).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using orm_test::run_orm;
using orm_test::TempDir;

namespace {

std::string reflect(const std::string& url) { return run_sa_script("sa_reflect.py", {url}); }

void check_reflect(const fs::path& path, const std::vector<std::string>& dialects) {
    const std::string name = path.stem().string();
    for (const auto& dialect : dialects) {
        DYNAMIC_SECTION("create-all, " << dialect) {
            TempDir dir;
            const auto orm_db = fresh_database(dialect, "diff_" + name + "_orm", dir.path());
            const auto sa_db = fresh_database(dialect, "diff_" + name + "_sa", dir.path());
            const std::string models = path.string();
            INFO(name << ".py on " << dialect << "; orm database " << orm_db << ", SQLAlchemy database " << sa_db);

            run_sa_script("sa_create.py", {models, sa_db});
            const auto expected = reflect(sa_db);

            auto created = run_orm({"--models", models, "--url", orm_db, "create-all"});
            INFO("orm create-all: exit " << created.exit_code << "; stderr:\n" << created.err);
            CHECK(created.exit_code == 0);
            const auto got = reflect(orm_db);
            const auto diff = json_diff(expected, got);
            if (!diff.empty()) FAIL_CHECK(name << ".py, " << dialect << ": reflected schemas differ:\n" << diff);

            auto again = run_orm({"--models", models, "--url", orm_db, "create-all"});
            INFO("second orm create-all: exit " << again.exit_code << "; stderr:\n" << again.err);
            CHECK(again.exit_code == 0);
            const auto after_again = json_diff(got, reflect(orm_db));
            if (!after_again.empty()) FAIL_CHECK("a second create-all changed the schema:\n" << after_again);

            auto dropped = run_orm({"--models", models, "--url", orm_db, "drop-all", "--yes"});
            INFO("orm drop-all --yes: exit " << dropped.exit_code << "; stderr:\n" << dropped.err);
            CHECK(dropped.exit_code == 0);
            const auto left = nlohmann::json::parse(reflect(orm_db));
            INFO("after drop-all:\n" << left.dump(1));
            CHECK(left["tables"].empty());
            if (dialect == "postgresql") {
                CHECK(left["enums"].empty());      // SQLAlchemy's drop_all drops them too
                CHECK(left["sequences"].empty());  // SERIAL sequences go with their tables
            }
        }
    }
}

}  // namespace

#define ORM_DIFF_REFLECT_CASE(NAME)                                                                     \
    TEST_CASE("create-all builds the schema SQLAlchemy 1.4 builds: " NAME ".py", "[differential][db]") { \
        const auto file = models_file(differential_dir() / "models" / NAME ".py"); \
        REQUIRE(!file.dialects.empty()); \
        check_reflect(file.path, file.dialects);                                        \
    }

ORM_DIFF_REFLECT_CASE("blog")
ORM_DIFF_REFLECT_CASE("column_checks")
ORM_DIFF_REFLECT_CASE("constraints")
ORM_DIFF_REFLECT_CASE("enums")
ORM_DIFF_REFLECT_CASE("extras")
ORM_DIFF_REFLECT_CASE("import_styles")
ORM_DIFF_REFLECT_CASE("kitchen_sink")
ORM_DIFF_REFLECT_CASE("mixins")
ORM_DIFF_REFLECT_CASE("naming")
ORM_DIFF_REFLECT_CASE("naming_module_metadata")
ORM_DIFF_REFLECT_CASE("pg_types")
ORM_DIFF_REFLECT_CASE("quoting")
ORM_DIFF_REFLECT_CASE("server_defaults")
ORM_DIFF_REFLECT_CASE("shop")
ORM_DIFF_REFLECT_CASE("sqlite_types")
ORM_DIFF_REFLECT_CASE("sqlmodel_models")

TEST_CASE("create-all builds the schema SQLAlchemy 1.4 builds: the tutorial's models", "[differential][db][tutorial]") {
    check_reflect(orm_test::reference_dir() / "tutorial_models.py", {"sqlite", "postgresql"});
}
