// share/orm/dump_metadata.py run by SQLAlchemy 1.4 (/usr/bin/python3) on
// every models file under models/, for each dialect its first line names:
// `orm create-all --sql` and `drop-all --sql` with `--models schema.json`
// equal SQLAlchemy's own DDL (sa_ddl.py), statement for statement. The JSON
// path runs no Python of orm's: what SQLAlchemy built is what orm creates.
#include <catch2/catch.hpp>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using orm_test::run_orm;
using orm_test::run_python;
using orm_test::TempDir;

namespace {

fs::path dump_script() { return orm_test::source_dir() / "share" / "orm" / "dump_metadata.py"; }

// dump_metadata.py's JSON for `models` on `dialect`, written to `out`;
// its stderr.
std::string dump(const fs::path& models, const std::string& dialect, const fs::path& out, bool warnings_expected) {
    // --no-engine: the models call create_engine() (some with URLs 1.4
    // rejects) and create_all(engine) at import time.
    auto r = run_python({dump_script().string(), models.string(), "--dialect", dialect, "--no-engine"},
                        {{"PYTHONDONTWRITEBYTECODE", "1"}});
    INFO("dump_metadata.py " << models.string() << " --dialect " << dialect << "\nstderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
    if (!warnings_expected) CHECK(r.err.empty());   // nothing the format cannot carry
    orm_test::write_file(out, r.out);
    return r.err;
}

void check_ddl(const ModelsFile& file, const std::string& dialect, const fs::path& json, const std::string& op) {
    const auto expected = canonical_statements(sa_ddl(file.path, dialect, op));
    REQUIRE(!expected.empty());
    TempDir dir;
    const std::string url = offline_url(dialect, dir.path());
    auto result = run_orm({"--models", json.string(), "--url", url, op + "-all", "--sql"});
    INFO("orm --models " << json.string() << " --url " << url << " " << op << "-all --sql\nexit "
                         << result.exit_code << "; stderr:\n" << result.err);
    CHECK(result.exit_code == 0);
    const auto diff = statement_diff(expected, canonical_statements(result.out));
    if (!diff.empty())
        FAIL_CHECK(file.name << ".py through dump_metadata.py, " << dialect << ", " << op
                             << "-all --sql differs from SQLAlchemy:\n" << diff);
    if (dialect == "sqlite") CHECK_FALSE(fs::exists(dir.path() / "must_not_exist.db"));
}

}  // namespace

TEST_CASE("dump_metadata.py: create-all / drop-all --sql from its JSON equal SQLAlchemy 1.4's DDL",
          "[differential][dump_metadata]") {
    for (const auto& file : models_files(differential_dir() / "models")) {
        for (const auto& dialect : file.dialects) {
            DYNAMIC_SECTION(file.name << ".py, " << dialect) {
                TempDir dir;
                const fs::path json = dir / (file.name + ".json");
                const std::string warnings = dump(file.path, dialect, json, !file.beyond_metadata_json.empty());
                if (!file.beyond_metadata_json.empty()) {
                    // What the format cannot carry is named, each construct by its class.
                    for (const auto& construct : file.beyond_metadata_json)
                        CHECK_THAT(warnings, Catch::Contains(construct.substr(0, construct.find('-'))));
                    continue;
                }
                check_ddl(file, dialect, json, "create");
                if (file.compare_drop_sql(dialect)) check_ddl(file, dialect, json, "drop");
            }
        }
    }
}

TEST_CASE("dump_metadata.py: module:attribute, module alone, and what it refuses", "[differential][dump_metadata]") {
    TempDir dir;
    orm_test::write_file(dir / "app" / "__init__.py", "");
    orm_test::write_file(dir / "app" / "models.py",
                         "import sqlalchemy as sa\n"
                         "from sqlalchemy.orm import declarative_base\n"
                         "Base = declarative_base()\n"
                         "other = sa.MetaData()\n"
                         "sa.Table('loose', other, sa.Column('id', sa.Integer, primary_key=True))\n"
                         "class User(Base):\n"
                         "    __tablename__ = 'users'\n"
                         "    id = sa.Column(sa.Integer, primary_key=True)\n");
    auto in_dir = [&](const std::vector<std::string>& args) {
        std::vector<std::string> argv = {"/bin/sh", "-c", "cd \"$0\" && exec /usr/bin/python3 \"$@\"",
                                         dir.path().string(), dump_script().string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return orm_test::run_process(argv, {{"PYTHONDONTWRITEBYTECODE", "1"}});
    };
    auto by_base = in_dir({"app.models:Base", "--dialect", "sqlite"});
    INFO(by_base.err);
    REQUIRE(by_base.exit_code == 0);
    CHECK(by_base.out.find("\"name\": \"users\"") != std::string::npos);
    CHECK(by_base.out.find("\"format\": \"orm-metadata/1\"") != std::string::npos);
    auto by_metadata = in_dir({"app.models:other"});
    REQUIRE(by_metadata.exit_code == 0);
    CHECK(by_metadata.out.find("\"name\": \"loose\"") != std::string::npos);
    CHECK(by_metadata.out.find("\"dialect\": \"postgresql\"") != std::string::npos);   // the default

    // Two MetaData with tables: the module alone does not say which.
    auto ambiguous = in_dir({"app.models"});
    CHECK(ambiguous.exit_code != 0);
    CHECK_THAT(ambiguous.err, Catch::Contains("expected one MetaData with tables in app.models, found"));
    auto not_metadata = in_dir({"app.models:sa"});
    CHECK(not_metadata.exit_code != 0);
    CHECK_THAT(not_metadata.err, Catch::Contains("is neither a MetaData nor has a .metadata"));
}
