// orm diff against Alembic 1.8's autogenerate (compare_metadata with
// compare_type and compare_server_default on) for the same database and
// models (diff_cases/before.py built, diff_cases/after.py compared), on
// SQLite and PostgreSQL. The operations are the same, except where orm
// reports more, named here with the reason ours is right:
// - add_check / remove_check: Alembic does not compare CHECK constraints
//   at all, so a changed CHECK body goes unnoticed by it;
// - remove_constraint of an unnamed UNIQUE on SQLite: Alembic skips
//   reflected constraints without a name there (it could not name them in
//   a DROP), so the database keeps a uniqueness the models dropped; orm
//   reports it (SQLite's rebuild drops it);
// - add_index of an expression index (lower(email)) on PostgreSQL: Alembic
//   1.8 skips functional indexes there ("autogenerate skipping functional
//   index"), on both sides, so a new one is never created by it.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using nlohmann::json;
using orm_test::run_orm;
using orm_test::TempDir;

namespace {

std::vector<std::string> orm_keys(const json& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) {
        const std::string kind = op["kind"];
        std::string key = kind + " " + op["table"].get<std::string>();
        if (!op["column"].is_null()) key += "." + op["column"].get<std::string>();
        if (kind.find("index") != std::string::npos) key += " " + op["name"].get<std::string>();
        out.push_back(key);
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("orm diff finds what Alembic 1.8 autogenerate finds", "[differential][db][diff]") {
    const fs::path cases = differential_dir() / "diff_cases";
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(dialect) {
            TempDir dir;
            const auto db = fresh_database(dialect, "diff_vs_alembic", dir.path());
            auto created = run_orm({"--models", (cases / "before.py").string(), "--url", db, "create-all"});
            INFO(created.err);
            REQUIRE(created.exit_code == 0);
            auto diff = run_orm({"--models", (cases / "after.py").string(), "--url", db, "diff", "--format", "json"});
            INFO(diff.err);
            REQUIRE(diff.exit_code == 0);
            std::vector<std::string> ours = orm_keys(json::parse(diff.out));
            const auto alembic =
                json::parse(run_sa_script("alembic_diff.py", {(cases / "after.py").string(), db})).get<std::vector<std::string>>();

            std::vector<std::string> only_ours{"add_check customers", "remove_check customers"};
            if (dialect == "sqlite") only_ours.push_back("remove_constraint customers");
            if (dialect == "postgresql") only_ours.push_back("add_index customers ix_customers_email");
            for (const auto& k : only_ours) {
                auto it = std::find(ours.begin(), ours.end(), k);
                CHECK(it != ours.end());
                if (it != ours.end()) ours.erase(it);
            }
            CHECK(ours == alembic);
        }
    }
}
