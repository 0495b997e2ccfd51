// orm inspect: the JSON document's shape, and the models round trip on
// SQLite and PostgreSQL for every models file of tests/differential/models:
// create-all, inspect --format models, create-all of that file into an
// empty database, inspect again: identical JSON. The written file must also
// be SQLAlchemy 1.4's: its own create_all of it reflects identically too.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path models_dir() { return source_dir() / "tests/differential/models"; }

// The dialects a models file is written for: its first line, "# dialects: sqlite postgresql".
std::vector<std::string> dialects_of(const fs::path& path) {
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    std::vector<std::string> out;
    for (const char* d : {"sqlite", "postgresql"})
        if (first.find(d) != std::string::npos) out.push_back(d);
    return out;
}

std::string fresh_url(const std::string& dialect, const std::string& name, const TempDir& dir) {
    if (dialect == "sqlite") return "sqlite:///" + (dir / (name + ".db")).string();
    return create_database(name);
}

json inspect_json(const std::string& url) {
    auto r = run_orm({"--url", url, "inspect"});
    INFO("orm inspect " << url << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

// `doc` without the CHECK bodies.
json without_check_bodies(json doc) {
    for (auto& t : doc["tables"])
        for (auto& ck : t["check_constraints"]) ck.erase("sqltext");
    return doc;
}

// inspect --format models of `url`, written to `path`, create-all into `target`.
void rebuild(const std::string& url, const fs::path& path, const std::string& target) {
    auto rendered = run_orm({"--url", url, "inspect", "--format", "models"});
    INFO(rendered.err);
    REQUIRE(rendered.exit_code == 0);
    write_file(path, rendered.out);
    auto created = run_orm({"--models", path.string(), "--url", target, "create-all"});
    INFO("models file written by inspect:\n" << rendered.out << "\ncreate-all: " << created.err);
    REQUIRE(created.exit_code == 0);
}

void round_trip(const fs::path& models, const std::string& dialect) {
    const std::string name = models.stem().string();
    TempDir dir;
    const auto original = fresh_url(dialect, "inspect_" + name + "_a", dir);
    const auto rebuilt = fresh_url(dialect, "inspect_" + name + "_b", dir);
    const auto by_sa = fresh_url(dialect, "inspect_" + name + "_c", dir);
    INFO(name << ".py on " << dialect);

    auto created = run_orm({"--models", models.string(), "--url", original, "create-all"});
    INFO(created.err);
    REQUIRE(created.exit_code == 0);
    const json before = inspect_json(original);
    CHECK_FALSE(before["tables"].empty());

    const fs::path written = dir / (name + "_reflected.py");
    rebuild(original, written, rebuilt);
    const json after = inspect_json(rebuilt);
    if (dialect == "postgresql" && after != before) {
        // PostgreSQL does not keep a CHECK's text but re-prints its parse
        // tree, and re-parsing that print can give another tree: an IN list
        // comes back as = ANY (ARRAY[('a'::varchar)::text, ...]), which
        // re-prints as = ANY ((ARRAY['a'::varchar, ...])::text[]). The same
        // condition; and from the second round on the text is stable.
        CHECK(without_check_bodies(after).dump(1) == without_check_bodies(before).dump(1));
        const auto third = fresh_url(dialect, "inspect_" + name + "_d", dir);
        rebuild(rebuilt, dir / (name + "_reflected_again.py"), third);
        CHECK(inspect_json(third).dump(1) == after.dump(1));
    } else {
        CHECK(after.dump(1) == before.dump(1));
    }

    // SQLAlchemy 1.4 imports the same file and builds the same schema.
    auto sa = run_python({"-c",
                          "import runpy, sys, sqlalchemy as sa\n"
                          "ns = runpy.run_path(sys.argv[1])\n"
                          "e = sa.create_engine(sys.argv[2])\n"
                          "ns['Base'].metadata.create_all(e)\n",
                          written.string(), by_sa});
    INFO("SQLAlchemy create_all: " << sa.err);
    REQUIRE(sa.exit_code == 0);
    CHECK(inspect_json(by_sa).dump(1) == after.dump(1));
}

}  // namespace

TEST_CASE("inspect --format json: the documented shape", "[cli][inspect]") {
    TempDir dir;
    const std::string url = "sqlite:///" + (dir / "shape.db").string();
    auto created = run_orm({"--models", (models_dir() / "constraints.py").string(), "--url", url, "create-all"});
    REQUIRE(created.exit_code == 0);
    const json doc = inspect_json(url);
    CHECK(doc["format"] == "orm-metadata/1");
    CHECK(doc["dialect"] == "sqlite");
    CHECK(doc["schema"].is_null());
    CHECK(doc["enums"] == json::array());
    std::vector<std::string> names;
    for (const auto& t : doc["tables"]) names.push_back(t["name"]);
    CHECK(names == std::vector<std::string>{"accounts", "notes", "offices", "regions", "shifts"});
    const json& accounts = doc["tables"][0];
    for (const char* key : {"name", "schema", "comment", "columns", "primary_key", "foreign_keys",
                            "unique_constraints", "check_constraints", "indexes", "options"})
        CHECK(accounts.contains(key));
    const json& balance = accounts["columns"][5];
    CHECK(balance["name"] == "balance");
    CHECK(balance["type"] == json({{"class", "NUMERIC"}, {"sql", "NUMERIC(14, 2)"}, {"precision", 14}, {"scale", 2}}));
    CHECK(balance["nullable"] == false);
    CHECK(balance["default"] == "'0'");
    CHECK(accounts["columns"][0]["autoincrement"] == "auto");
    CHECK(accounts["primary_key"] == json({{"name", nullptr}, {"columns", {"id"}}}));
    CHECK(accounts["unique_constraints"][1] ==
          json({{"name", "uq_accounts_external"}, {"columns", {"external_ref"}}, {"position", 1}}));
    CHECK(accounts["check_constraints"][1] ==
          json({{"name", "ck_accounts_balance_positive"}, {"sqltext", "balance >= 0"}, {"position", 3},
                {"column", nullptr}}));
    CHECK(accounts["indexes"][0] == json({{"name", "ix_accounts_email_lower"},
                                          {"unique", false},
                                          {"expressions", {{{"expression", "lower(email)"}, {"desc", false}}}},
                                          {"where", nullptr},
                                          {"using", nullptr},
                                          {"include", json::array()}}));
    const json& offices = doc["tables"][2];
    CHECK(offices["foreign_keys"][0]["name"] == "fk_offices_region");
    CHECK(offices["foreign_keys"][0]["columns"] == json({"country", "region_code"}));
    CHECK(offices["foreign_keys"][0]["referred_table"] == "regions");
    CHECK(offices["foreign_keys"][0]["ondelete"] == "CASCADE");
    CHECK(offices["foreign_keys"][0]["onupdate"] == "CASCADE");

    auto only = run_orm({"--url", url, "inspect", "--tables", "regions"});
    REQUIRE(only.exit_code == 0);
    CHECK(json::parse(only.out)["tables"].size() == 1);

    auto bad = run_orm({"--url", url, "inspect", "--format", "yaml"});
    CHECK(bad.exit_code == 2);
}

TEST_CASE("inspect --format models round-trips on SQLite", "[cli][inspect][db]") {
    for (const auto& entry : fs::directory_iterator(models_dir())) {
        if (entry.path().extension() != ".py") continue;
        const auto dialects = dialects_of(entry.path());
        if (std::find(dialects.begin(), dialects.end(), "sqlite") == dialects.end()) continue;
        DYNAMIC_SECTION(entry.path().stem().string()) { round_trip(entry.path(), "sqlite"); }
    }
}

TEST_CASE("inspect --format models round-trips on PostgreSQL", "[cli][inspect][db]") {
    for (const auto& entry : fs::directory_iterator(models_dir())) {
        if (entry.path().extension() != ".py") continue;
        const auto dialects = dialects_of(entry.path());
        if (std::find(dialects.begin(), dialects.end(), "postgresql") == dialects.end()) continue;
        DYNAMIC_SECTION(entry.path().stem().string()) { round_trip(entry.path(), "postgresql"); }
    }
}
