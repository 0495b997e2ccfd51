// orm diff reports nothing for a database built from the same models: by
// orm's create-all and by SQLAlchemy 1.4's create_all, for every models file
// on each of its dialects (server defaults, CHECK bodies, index
// expressions and type spellings come back from the database in its own
// words; none of that may show as a difference).
#include <catch2/catch.hpp>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using orm_test::run_orm;
using orm_test::TempDir;

namespace {

// `with_sqlalchemy`: also check a database SQLAlchemy 1.4 built (not for
// the 2.0-style files, which 1.4 cannot import).
void check_empty_diff(const ModelsFile& file, bool with_sqlalchemy) {
    for (const auto& dialect : file.dialects) {
        for (const std::string builder : {"orm", "sqlalchemy"}) {
            if (builder == "sqlalchemy" && !with_sqlalchemy) continue;
            DYNAMIC_SECTION(file.name << ", " << dialect << ", built by " << builder) {
                TempDir dir;
                const auto db = fresh_database(dialect, "diff_empty_" + file.name + "_" + builder, dir.path());
                // Every models file here builds on its dialects (create-all's
                // own tests prove it); a file that stops building fails here too
                // rather than passing with nothing compared.
                auto created = builder == "orm"
                                   ? run_orm({"--models", file.path.string(), "--url", db, "create-all"})
                                   : orm_test::run_python({(differential_dir() / "sa_create.py").string(),
                                                           file.path.string(), db});
                INFO(file.name << ".py on " << dialect << ": " << builder << " could not build the database:\n"
                               << created.err);
                REQUIRE(created.exit_code == 0);
                auto diff = run_orm({"--models", file.path.string(), "--url", db, "diff", "--exit-code"});
                INFO(file.name << ".py on " << dialect << "\nstdout:\n" << diff.out << "\nstderr:\n" << diff.err);
                CHECK(diff.exit_code == 0);
                CHECK(diff.out.empty());
            }
        }
    }
}

}  // namespace

TEST_CASE("diff is empty for a database built from the same models", "[differential][db][diff]") {
    for (const auto& file : models_files(differential_dir() / "models")) check_empty_diff(file, true);
    for (const auto& file : models_files(differential_dir() / "mapped20")) check_empty_diff(file, false);
}
