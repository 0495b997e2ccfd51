// `orm create-all --sql` / `drop-all --sql` against SQLAlchemy 1.4's own DDL
// (sa_ddl.py: metadata.create_all / drop_all through create_mock_engine),
// statement for statement, for every models file under models/ and each of
// the dialects its first line names. --sql must not connect: the SQLite
// URL's file must not appear, and the PostgreSQL URL points at nothing.
#include <catch2/catch.hpp>

#include <set>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using orm_test::run_orm;
using orm_test::TempDir;

namespace {

// The files with a test case below; a models file added without one fails
// the coverage test.
const std::vector<std::string> kModels = {
    "blog",   "column_checks", "constraints", "enums",    "extras",   "generated",   "import_styles", "kitchen_sink",
    "mixins", "naming",        "naming_module_metadata",  "pg_types",        "quoting",       "server_defaults",
    "shop",   "sqlite_types",  "real_world_idioms",       "sqlmodel_models",
};

void check_sql(const std::string& name, const std::string& op) {
    const auto file = models_file(differential_dir() / "models" / (name + ".py"));
    REQUIRE(!file.dialects.empty());
    for (const auto& dialect : file.dialects) {
        if (op == "drop" && !file.compare_drop_sql(dialect)) continue;
        DYNAMIC_SECTION(op << "-all --sql, " << dialect) {
            const auto expected = canonical_statements(sa_ddl(file.path, dialect, op));
            REQUIRE(!expected.empty());
            TempDir dir;
            const std::string url = offline_url(dialect, dir.path());
            const std::vector<std::string> args = {"--models", file.path.string(), "--url", url,
                                                   op + "-all", "--sql"};
            auto result = run_orm(args);
            INFO("orm --models " << file.path.string() << " --url " << url << " " << op << "-all --sql");
            INFO("exit " << result.exit_code << "; stderr:\n" << result.err);
            CHECK(result.exit_code == 0);
            const auto diff = statement_diff(expected, canonical_statements(result.out));
            if (!diff.empty()) FAIL_CHECK(name << ".py, " << dialect << ", " << op << "-all --sql differs from SQLAlchemy:\n" << diff);
            if (dialect == "sqlite") CHECK_FALSE(fs::exists(dir.path() / "must_not_exist.db"));
        }
    }
}

}  // namespace

TEST_CASE("differential: every models file has a create-all --sql test", "[differential]") {
    std::set<std::string> on_disk, listed(kModels.begin(), kModels.end());
    for (const auto& file : models_files(differential_dir() / "models")) {
        on_disk.insert(file.name);
        INFO(file.name << ".py");
        CHECK(!file.dialects.empty());  // first line: "# dialects: ..."
    }
    CHECK(on_disk == listed);
}

#define ORM_DIFF_SQL_CASE(NAME)                                                                  \
    TEST_CASE("create-all --sql equals SQLAlchemy 1.4: " NAME ".py", "[differential][sql]") {    \
        check_sql(NAME, "create");                                                               \
    }                                                                                            \
    TEST_CASE("drop-all --sql equals SQLAlchemy 1.4: " NAME ".py", "[differential][sql][drop]") { \
        check_sql(NAME, "drop");                                                                 \
    }

ORM_DIFF_SQL_CASE("blog")
ORM_DIFF_SQL_CASE("column_checks")
ORM_DIFF_SQL_CASE("constraints")
ORM_DIFF_SQL_CASE("enums")
ORM_DIFF_SQL_CASE("extras")
ORM_DIFF_SQL_CASE("generated")
ORM_DIFF_SQL_CASE("import_styles")
ORM_DIFF_SQL_CASE("kitchen_sink")
ORM_DIFF_SQL_CASE("mixins")
ORM_DIFF_SQL_CASE("naming")
ORM_DIFF_SQL_CASE("naming_module_metadata")
ORM_DIFF_SQL_CASE("pg_types")
ORM_DIFF_SQL_CASE("quoting")
ORM_DIFF_SQL_CASE("real_world_idioms")
ORM_DIFF_SQL_CASE("server_defaults")
ORM_DIFF_SQL_CASE("shop")
ORM_DIFF_SQL_CASE("sqlite_types")
ORM_DIFF_SQL_CASE("sqlmodel_models")
