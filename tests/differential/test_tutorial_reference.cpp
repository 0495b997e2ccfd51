// The tutorial's shop models (tests/reference/tutorial_models.py)
// against the DDL SQLAlchemy 1.4.46 emitted for them
// (tests/reference/tutorial_create_all.{sqlite,postgresql}.sql),
// statement for statement. Order.line_items cannot be configured by
// SQLAlchemy, but create_all needs only the tables.
#include <catch2/catch.hpp>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using orm_test::read_file;
using orm_test::run_orm;
using orm_test::reference_dir;
using orm_test::TempDir;

namespace {

fs::path tutorial() { return reference_dir() / "tutorial_models.py"; }

std::vector<std::string> reference(const std::string& dialect) {
    return canonical_statements(read_file(reference_dir() / ("tutorial_create_all." + dialect + ".sql")));
}

}  // namespace

TEST_CASE("differential harness: sa_ddl.py reproduces the reference DDL", "[differential][tutorial]") {
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(dialect) {
            CHECK(statement_diff(reference(dialect), canonical_statements(sa_ddl(tutorial(), dialect, "create"))) == "");
        }
    }
}

TEST_CASE("create-all --sql on the tutorial models equals the reference DDL", "[differential][tutorial][sql]") {
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION("--url " << dialect) {
            TempDir dir;
            const std::string url = offline_url(dialect, dir.path());
            auto result = run_orm({"--models", tutorial().string(), "--url", url, "create-all", "--sql"});
            INFO("exit " << result.exit_code << "; stderr:\n" << result.err);
            CHECK(result.exit_code == 0);
            const auto diff = statement_diff(reference(dialect), canonical_statements(result.out));
            if (!diff.empty()) FAIL_CHECK("tutorial, " << dialect << ":\n" << diff);
        }
    }
    SECTION("the file's own create_engine URL (postgres+psycopg2://...) selects PostgreSQL") {
        // No --url, ORM_URL or DATABASE_URL (run_orm clears them): the models
        // file's URL applies; `postgres://` is accepted with a warning, and
        // its password is never printed.
        TempDir dir;
        auto result = run_orm({"--models", tutorial().string(), "create-all", "--sql"}, {}, "", dir.path());
        INFO("exit " << result.exit_code << "; stderr:\n" << result.err);
        CHECK(result.exit_code == 0);
        const auto diff = statement_diff(reference("postgresql"), canonical_statements(result.out));
        if (!diff.empty()) FAIL_CHECK("tutorial, file URL:\n" << diff);
        CHECK(result.err.find(":pass@") == std::string::npos);
        CHECK(result.out.find(":pass@") == std::string::npos);
    }
}

TEST_CASE("PostgreSQL-only types are a clear error on SQLite", "[differential][sql]") {
    // SQLAlchemy cannot compile JSONB for SQLite either (CompileError).
    const auto models = differential_dir() / "models" / "pg_types.py";
    TempDir dir;
    auto result = run_orm({"--models", models.string(), "--url", offline_url("sqlite", dir.path()),
                           "create-all", "--sql"});
    INFO("stdout:\n" << result.out << "\nstderr:\n" << result.err);
    CHECK(result.exit_code == 3);
    CHECK(result.err.find("pg_types.py:") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "must_not_exist.db"));
}
