// orm diff: a database built from models A compared with models B reports
// exactly the operations between them, on SQLite and PostgreSQL; the JSON
// form carries old and new values and the destructive flag; --exit-code;
// orm check over the same databases.
// (No false positives over every models file: tests/differential.)
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "orm/engine/engine.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;

namespace {

// The diff cases' models (also read by tests/differential): a database is
// built from before.py and compared with after.py.
std::string models_a() { return read_file(source_dir() / "tests/differential/diff_cases/before.py"); }
std::string models_b() { return read_file(source_dir() / "tests/differential/diff_cases/after.py"); }

// "kind table[.column] [index name]", sorted: constraint names the database
// chose itself differ between backends, index names do not.
std::vector<std::string> op_keys(const json& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) {
        std::string key = op["kind"].get<std::string>() + " " + (op["table"].is_null() ? "" : op["table"].get<std::string>());
        if (!op["column"].is_null()) key += "." + op["column"].get<std::string>();
        if (op["kind"].get<std::string>().find("index") != std::string::npos) key += " " + op["name"].get<std::string>();
        out.push_back(key);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void check_diff(const std::string& url) {
    TempDir dir;
    write_file(dir / "a.py", models_a());
    write_file(dir / "b.py", models_b());
    const std::string a = (dir / "a.py").string(), b = (dir / "b.py").string();
    REQUIRE(run_orm({"--models", a, "--url", url, "create-all"}).exit_code == 0);

    auto same = run_orm({"--models", a, "--url", url, "diff", "--exit-code"});
    INFO(same.out << same.err);
    CHECK(same.exit_code == 0);
    CHECK(same.out.empty());

    auto diff = run_orm({"--models", b, "--url", url, "diff", "--format", "json", "--exit-code"});
    INFO(diff.out << diff.err);
    CHECK(diff.exit_code == 1);
    const json ops = json::parse(diff.out);
    CHECK(op_keys(ops) == std::vector<std::string>{
                              "add_check customers",
                              "add_column customers.note",
                              "add_constraint customers",
                              "add_fk orders",
                              "add_index customers ix_customers_email",
                              "add_index customers ix_customers_name",
                              "add_table notes",
                              "modify_default customers.status",
                              "modify_nullable customers.email",
                              "modify_type customers.name",
                              "remove_check customers",
                              "remove_column customers.legacy",
                              "remove_constraint customers",
                              "remove_fk orders",
                              "remove_index customers ix_customers_name",
                              "remove_table old",
                          });
    for (const auto& op : ops) {
        const std::string kind = op["kind"];
        if (kind == "modify_type") {
            CHECK(op["old"] == "VARCHAR(50)");
            CHECK(op["new"] == "VARCHAR(80)");
            CHECK(op["destructive"] == false);   // a longer string loses nothing
        }
        if (kind == "remove_table" || kind == "remove_column") CHECK(op["destructive"] == true);
        if (kind == "add_table" || kind == "add_index") CHECK(op["destructive"] == false);
        if (kind == "modify_nullable") CHECK(op["new"] == false);
        if (kind == "add_fk") CHECK(op["new"]["ondelete"] == "CASCADE");
    }

    auto text = run_orm({"--models", b, "--url", url, "diff"});
    CHECK(text.exit_code == 0);   // without --exit-code, differences are not a failure
    // Sentences, not operation names and JSON (the format changed deliberately: issue 16).
    CHECK_THAT(text.out, Catch::Contains("! drop table old with 1 column (data loss)\n"));
    CHECK_THAT(text.out, Catch::Contains("~ column customers.name: type VARCHAR(50) -> VARCHAR(80)\n"));
    CHECK_THAT(text.out, Catch::Contains("! drop column customers.legacy INTEGER NULL (data loss)\n"));
    CHECK_THAT(text.out, Catch::Contains("+ column customers.note TEXT NULL\n"));
    CHECK_THAT(text.out, Catch::Contains("! column customers.email: NULL -> NOT NULL (fails if a row holds NULL)\n"));
    CHECK_THAT(text.out, Catch::Contains("~ column customers.status: server default 'new'"));   // PostgreSQL adds ::character varying
    CHECK_THAT(text.out, Catch::Contains("+ index ix_customers_email on customers (lower(email))\n"));
    CHECK_THAT(text.out, Catch::Contains("+ table notes (id INTEGER NOT NULL)\n"));
    CHECK_THAT(text.err, Catch::Contains("! loses data"));   // the legend, on stderr
    CHECK(text.out.find('{') == std::string::npos);           // no JSON left in the text

    // check: the same comparison as a pass/fail.
    auto ok = run_orm({"--models", a, "--url", url, "check"});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.empty());
    auto bad = run_orm({"--models", b, "--url", url, "check"});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.out, Catch::Contains("! remove_table old"));
    CHECK_THAT(bad.err, Catch::Contains("16 differences"));
    auto bad_json = run_orm({"--models", b, "--url", url, "check", "--format", "json"});
    CHECK(bad_json.exit_code == 1);
    const json doc = json::parse(bad_json.out);
    CHECK(doc["matches"] == false);
    CHECK(doc["differences"].size() == 16);
}

}  // namespace

TEST_CASE("diff reports each kind of difference on SQLite", "[cli][diff][db]") {
    TempDir dir;
    check_diff("sqlite:///" + (dir / "diff.db").string());
}

TEST_CASE("diff reports each kind of difference on PostgreSQL", "[cli][diff][db]") {
    check_diff(create_database("cli_diff_kinds"));
}

TEST_CASE("diff compares the tables of every schema the models name, not only the default one", "[cli][diff][db]") {
    // datacube's tables are all in schema "odc": diff reported every one of them missing.
    TempDir dir;
    const auto url = create_database("cli_diff_schemas");
    {
        auto engine = orm::engine::create_engine(url);
        auto conn = engine.connect();
        conn.execute("CREATE SCHEMA odc; CREATE TABLE odc.thing (id SERIAL PRIMARY KEY); CREATE TABLE odc.stray (id INT);"
                     "CREATE TABLE thing (id INT)");
    }
    write_file(dir / "models.py", R"py(import sqlalchemy as sa
md = sa.MetaData()
sa.Table("thing", md, sa.Column("id", sa.Integer, primary_key=True), schema="odc")
sa.Table("thing", md, sa.Column("id", sa.Integer))
)py");
    auto diff = run_orm({"--models", (dir / "models.py").string(), "--url", url, "diff", "--format", "json"});
    INFO(diff.out << diff.err);
    REQUIRE(diff.exit_code == 0);
    const json ops = json::parse(diff.out);
    REQUIRE(ops.size() == 1);  // the stray table of the models' schema, nothing for the ones both have
    CHECK(ops[0]["kind"] == "remove_table");
    CHECK(ops[0]["table"] == "stray");
}

TEST_CASE("diff reports PostgreSQL enum types added, changed and dropped", "[cli][diff][db]") {
    TempDir dir;
    const auto url = create_database("cli_diff_enums");
    write_file(dir / "a.py", R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Ticket(Base):
    __tablename__ = "tickets"
    id = sa.Column(sa.Integer, primary_key=True)
    state = sa.Column(sa.Enum("open", "closed", name="ticket_state"))
    kind = sa.Column(sa.Enum("bug", "task", name="ticket_kind"))
)py");
    write_file(dir / "b.py", R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Ticket(Base):
    __tablename__ = "tickets"
    id = sa.Column(sa.Integer, primary_key=True)
    state = sa.Column(sa.Enum("open", "closed", "stale", name="ticket_state"))
    priority = sa.Column(sa.Enum("low", "high", name="ticket_priority"))
)py");
    REQUIRE(run_orm({"--models", (dir / "a.py").string(), "--url", url, "create-all"}).exit_code == 0);
    CHECK(run_orm({"--models", (dir / "a.py").string(), "--url", url, "diff", "--exit-code"}).exit_code == 0);
    auto diff = run_orm({"--models", (dir / "b.py").string(), "--url", url, "diff", "--format", "json"});
    INFO(diff.out << diff.err);
    REQUIRE(diff.exit_code == 0);
    const json ops = json::parse(diff.out);
    std::vector<std::string> keys;
    for (const auto& op : ops) keys.push_back(op["kind"].get<std::string>() + " " + op["name"].dump() + " " + op["column"].dump());
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{
                      "add_column null \"priority\"",
                      "add_enum \"ticket_priority\" null",
                      "modify_enum \"ticket_state\" null",
                      "remove_column null \"kind\"",
                      "remove_enum \"ticket_kind\" null",
                  });
    for (const auto& op : ops) {
        if (op["kind"] == "modify_enum") {
            CHECK(op["old"] == json({"open", "closed"}));
            CHECK(op["new"] == json({"open", "closed", "stale"}));
            CHECK(op["destructive"] == false);   // a value added strands no row
        }
    }
}
