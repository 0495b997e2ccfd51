// --models schema.json: the metadata JSON in place of Python models.
//
// Round trip, on SQLite and PostgreSQL, for every models file of
// tests/differential/models: create-all from the models, `inspect --format
// json` of that database, then with `--models` that JSON: create-all --sql
// gives the models' own statements (up to what the database does not keep,
// see comparable()), create-all builds a database that inspects the same,
// and diff finds nothing to do. Also: the commands that need mapped classes
// refuse a JSON (exit 3), bad documents are exit 3 with the JSON pointer and
// line:column, and a document of the other dialect is used with a warning.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "orm/migrate/compare.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path models_dir() { return source_dir() / "tests/differential/models"; }

std::vector<std::string> dialects_of(const fs::path& path) {
    std::ifstream in(path);
    std::string first, second;
    std::getline(in, first);
    std::getline(in, second);
    std::vector<std::string> out;
    // A file whose constructs the metadata JSON does not carry (its second
    // line says which) cannot round-trip through it.
    if (second.rfind("# beyond-metadata-json:", 0) == 0) return out;
    for (const char* d : {"sqlite", "postgresql"})
        if (first.find(d) != std::string::npos) out.push_back(d);
    return out;
}

std::string fresh_url(const std::string& dialect, const std::string& name, const TempDir& dir) {
    if (dialect == "sqlite") return "sqlite:///" + (dir / (name + ".db")).string();
    return create_database(name);
}

// A URL for --sql runs, which must not connect.
std::string offline_url(const std::string& dialect, const TempDir& dir) {
    if (dialect == "sqlite") return "sqlite:///" + (dir / "must_not_exist.db").string();
    return "postgresql://nobody@127.0.0.1:1/must_not_connect";
}

std::string orm_ok(const std::vector<std::string>& args) {
    auto r = run_orm(args);
    std::string command;
    for (const auto& a : args) command += " " + a;
    INFO("orm" << command << "\nexit " << r.exit_code << "; stderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

// `text` split at the commas outside parentheses and quotes.
std::vector<std::string> split_top_level(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    int depth = 0;
    char quote = 0;
    for (char c : text) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            --depth;
        } else if (c == ',' && depth == 0) {
            out.push_back(item);
            item.clear();
            continue;
        }
        item += c;
    }
    out.push_back(item);
    for (auto& s : out) s = std::regex_replace(s, std::regex("^ +| +$"), "");
    return out;
}

std::string unquoted(const std::string& name) {
    return name.size() > 1 && name.front() == '"' ? name.substr(1, name.size() - 2) : name;
}

// PostgreSQL's canonical spelling of a column type, as it stores it.
std::string postgresql_type(std::string item) {
    static const std::vector<std::pair<std::regex, std::string>> aliases = {
        {std::regex(R"( FLOAT\(([1-9]|1[0-9]|2[0-4])\)( |\[|$))"), " REAL$2"},
        {std::regex(R"( FLOAT(\(\d+\))?( |\[|$))"), " DOUBLE PRECISION$2"},
        {std::regex(R"( DECIMAL( |\(|\[|$))"), " NUMERIC$1"},
        {std::regex(R"( NUMERIC\((\d+)\)( |\[|$))"), " NUMERIC($1, 0)$2"},
    };
    for (const auto& [from, to] : aliases) item = std::regex_replace(item, from, to);
    return item;
}

// PostgreSQL's own name for a constraint the models left unnamed.
bool postgresql_generated_name(const std::string& table, const std::string& name) {
    static const std::regex suffix(R"(_(pkey|key\d*|fkey\d*|check\d*)$)");
    return name.rfind(table + "_", 0) == 0 && std::regex_search(name, suffix);
}

// A statement as far as a database keeps it. Reflection cannot tell a CHECK
// written on a column from one written on the table, nor the order of a
// table's constraints; SQLite's catalog gives DEFAULT (expr) without its
// parentheses and CLOB as TEXT. PostgreSQL names the constraints the models
// left unnamed, stores types in its own spelling (FLOAT is DOUBLE
// PRECISION) and defaults, CHECKs and index expressions as parse trees that
// it prints with casts and parentheses: those are compared as normalise_sql
// does for orm diff, and default values not at all here (the diff that
// round_trip() runs compares them). So a CREATE TABLE is compared as its
// columns and its set of constraints, each in that canonical form.
std::string comparable(const std::string& statement, const std::string& dialect) {
    static const std::regex create_table(R"(^CREATE TABLE (\S+|"[^"]*") \((.*)\)$)");
    static const std::regex column_check(R"( (CONSTRAINT \S+ )?CHECK \(.*$)");
    static const std::regex constraint_name(R"(^CONSTRAINT ("[^"]*"|\S+) )");
    const bool pg = dialect == "postgresql";
    std::smatch m;
    if (!std::regex_match(statement, m, create_table))
        return pg && statement.rfind("CREATE", 0) == 0 ? orm::migrate::normalise_sql(statement) : statement;
    const std::string table = unquoted(m[1].str());
    std::vector<std::string> columns, constraints;
    for (auto item : split_top_level(m[2].str())) {
        bool constraint = std::regex_search(item, std::regex("^(CONSTRAINT |PRIMARY KEY|UNIQUE |CHECK |FOREIGN KEY)"));
        std::smatch check;
        if (!constraint && std::regex_search(item, check, column_check)) {
            constraints.push_back(check.str().substr(1));
            item = check.prefix().str();
        }
        if (constraint) {
            constraints.push_back(item);
            continue;
        }
        if (dialect == "sqlite") {
            item = std::regex_replace(item, std::regex(R"( DEFAULT \((.*)\)( NOT NULL)?$)"), " DEFAULT $1$2");
            item = std::regex_replace(item, std::regex(" CLOB"), " TEXT");
        } else {
            item = std::regex_replace(postgresql_type(item), std::regex(R"( DEFAULT .*?( NOT NULL)?$)"), " DEFAULT ...$1");
            item = orm::migrate::normalise_sql(item);
        }
        columns.push_back(item);
    }
    for (auto& c : constraints) {
        std::smatch name;
        if (pg && std::regex_search(c, name, constraint_name) && postgresql_generated_name(table, unquoted(name[1].str())))
            c = name.suffix().str();
        if (pg) c = orm::migrate::normalise_sql(c);
    }
    // PostgreSQL's CREATE TABLE leaves out a UNIQUE over exactly the primary
    // key's columns, so the database (and the JSON read from it) has none.
    if (pg) {
        const std::set<std::string> keys(constraints.begin(), constraints.end());
        std::erase_if(constraints, [&](const std::string& c) {
            return c.rfind("unique", 0) == 0 && keys.count("primarykey" + c.substr(6));
        });
    }
    std::sort(constraints.begin(), constraints.end());
    std::string out = "CREATE TABLE " + m[1].str() + " (";
    for (auto& c : columns) out += "\n  " + c;
    for (auto& c : constraints) out += "\n  " + c;
    return out + "\n)";
}

std::vector<std::string> comparable_set(const std::string& script, const std::string& dialect) {
    std::vector<std::string> out;
    for (const auto& s : sql_statements(script)) out.push_back(comparable(s, dialect));
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string>& statements) {
    std::string out;
    for (const auto& s : statements) out += s + ";\n";
    return out;
}

// The JSON of `url` without what differs between two databases built from
// the same schema: PostgreSQL's re-printed CHECK bodies (see test_inspect.cpp).
json schema_of(const std::string& url, const std::string& dialect) {
    json doc = json::parse(orm_ok({"--url", url, "inspect"}));
    if (dialect == "postgresql")
        for (auto& t : doc["tables"])
            for (auto& ck : t["check_constraints"]) ck.erase("sqltext");
    return doc;
}

void round_trip(const fs::path& models, const std::string& dialect) {
    const std::string name = models.stem().string();
    INFO(name << ".py on " << dialect);
    TempDir dir;
    const auto original = fresh_url(dialect, "models_json_" + name + "_a", dir);
    orm_ok({"--models", models.string(), "--url", original, "create-all"});
    const fs::path schema_json = dir / "schema.json";
    write_file(schema_json, orm_ok({"--url", original, "inspect", "--format", "json"}));

    const auto offline = offline_url(dialect, dir);
    const auto expected = orm_ok({"--models", models.string(), "--url", offline, "create-all", "--sql"});
    const auto got = orm_ok({"--models", schema_json.string(), "--url", offline, "create-all", "--sql"});
    CHECK(joined(comparable_set(got, dialect)) == joined(comparable_set(expected, dialect)));

    // The database the JSON creates is the one the models created, and diff
    // from the JSON against the original finds nothing.
    const auto rebuilt = fresh_url(dialect, "models_json_" + name + "_b", dir);
    orm_ok({"--models", schema_json.string(), "--url", rebuilt, "create-all"});
    CHECK(schema_of(rebuilt, dialect).dump(1) == schema_of(original, dialect).dump(1));
    auto diff = run_orm({"--models", schema_json.string(), "--url", original, "diff", "--exit-code"});
    INFO(diff.out << diff.err);
    CHECK(diff.exit_code == 0);
}

}  // namespace

TEST_CASE("models JSON: inspect's JSON gives the models' create-all, on SQLite", "[cli][models_json]") {
    for (const auto& entry : fs::directory_iterator(models_dir())) {
        if (entry.path().extension() != ".py") continue;
        const auto dialects = dialects_of(entry.path());
        if (std::find(dialects.begin(), dialects.end(), "sqlite") == dialects.end()) continue;
        DYNAMIC_SECTION(entry.path().filename().string()) { round_trip(entry.path(), "sqlite"); }
    }
}

TEST_CASE("models JSON: inspect's JSON gives the models' create-all, on PostgreSQL",
          "[cli][models_json][postgresql]") {
    for (const auto& entry : fs::directory_iterator(models_dir())) {
        if (entry.path().extension() != ".py") continue;
        const auto dialects = dialects_of(entry.path());
        if (std::find(dialects.begin(), dialects.end(), "postgresql") == dialects.end()) continue;
        DYNAMIC_SECTION(entry.path().filename().string()) { round_trip(entry.path(), "postgresql"); }
    }
}

TEST_CASE("models JSON: seed and query need the Python models", "[cli][models_json]") {
    TempDir dir;
    const std::string url = "sqlite:///" + (dir / "shop.db").string();
    orm_ok({"--models", (source_dir() / "share/examples/shop/models.py").string(), "--url", url, "create-all"});
    write_file(dir / "schema.json", orm_ok({"--url", url, "inspect"}));
    write_file(dir / "seed.json", R"({"Customer": [{"first_name": "A"}]})");
    const std::string models = (dir / "schema.json").string();

    auto seed = run_orm({"--models", models, "--url", url, "seed", (dir / "seed.json").string()});
    CHECK(seed.exit_code == 3);
    CHECK_THAT(seed.err, Catch::Contains("seed needs the mapped classes, which only the Python models have"));
    CHECK_THAT(seed.err, Catch::Contains(models + " is a metadata JSON (tables only)"));
    auto query = run_orm({"--models", models, "--url", url, "query", "session.query(Customer).count()"});
    CHECK(query.exit_code == 3);
    CHECK_THAT(query.err, Catch::Contains("query needs the mapped classes"));

    // The table-level commands work: drop-all, and an autogenerated revision with nothing in it.
    auto drop = run_orm({"--models", models, "--url", url, "drop-all", "--sql"});
    INFO(drop.err);
    CHECK(drop.exit_code == 0);
    CHECK_THAT(drop.out, Catch::Contains("DROP TABLE order_lines"));
    const std::string migrations = (dir / "migrations").string();
    orm_ok({"--models", models, "--url", url, "--migrations", migrations, "migrate", "init"});
    orm_ok({"--models", models, "--url", url, "--migrations", migrations, "check"});
    orm_ok({"--models", models, "--url", url, "--migrations", migrations, "migrate", "revision", "--autogenerate",
            "-m", "nothing", "--rev-id", "r1"});
    CHECK_THAT(read_file(dir / "migrations" / "versions" / "r1_nothing.py"), Catch::Contains("def upgrade()"));
}

TEST_CASE("models JSON: bad documents are exit 3 with the JSON pointer and line:column", "[cli][models_json]") {
    TempDir dir;
    auto run = [&](const std::string& text) {
        write_file(dir / "schema.json", text);
        return run_orm({"--models", (dir / "schema.json").string(), "--url", "sqlite://", "create-all", "--sql"});
    };
    auto malformed = run("{\"tables\": [\n  {\"name\": \"t\"\n]}");
    CHECK(malformed.exit_code == 3);
    CHECK_THAT(malformed.err, Catch::Contains("schema.json:3:1: error: malformed JSON: expected ',' or '}' in an object"));

    auto unknown_type = run("{\"format\": \"orm-metadata/1\", \"dialect\": \"sqlite\", \"tables\": [{\"name\": \"t\",\n"
                            "  \"columns\": [{\"name\": \"id\", \"type\": {\"class\": \"Integr\"}}]}]}");
    CHECK(unknown_type.exit_code == 3);
    CHECK_THAT(unknown_type.err, Catch::Contains("schema.json:2:48: error: /tables/0/columns/0/type/class: unknown "
                                                 "type class 'Integr'. Did you mean 'Integer'?"));
    CHECK_THAT(unknown_type.err, Catch::Contains("^"));   // the line, with a caret under the value

    auto wrong_shape = run("{\"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"id\", \"type\": \"INTEGER\"}]}]}");
    CHECK(wrong_shape.exit_code == 3);
    CHECK_THAT(wrong_shape.err, Catch::Contains("/tables/0/columns/0/type: expected a type object, found a string"));

    auto empty = run("{\"tables\": []}");
    CHECK(empty.exit_code == 3);
    CHECK_THAT(empty.err, Catch::Contains("no tables in the metadata JSON"));

    // A type the dialect cannot create is reported at its place in the JSON.
    auto pg_type = run("{\"dialect\": \"postgresql\", \"tables\": [{\"name\": \"t\", \"columns\": [\n"
                       "  {\"name\": \"doc\", \"type\": {\"class\": \"JSONB\", \"dialect\": \"postgresql\"}}]}]}");
    CHECK(pg_type.exit_code == 3);
    CHECK_THAT(pg_type.err, Catch::Contains("schema.json:2:3: error:"));

    auto missing = run_orm({"--models", (dir / "nothing.json").string(), "--url", "sqlite://", "create-all", "--sql"});
    CHECK(missing.exit_code == 2);
}

TEST_CASE("models JSON: a document of the other dialect is used with a warning", "[cli][models_json]") {
    TempDir dir;
    write_file(dir / "schema.json",
               "{\"format\": \"orm-metadata/1\", \"dialect\": \"postgresql\", \"tables\": [{\"name\": \"t\", "
               "\"columns\": [{\"name\": \"id\", \"type\": {\"class\": \"INTEGER\"}, \"nullable\": false}], "
               "\"primary_key\": {\"name\": null, \"columns\": [\"id\"]}}]}");
    auto r = run_orm({"--models", (dir / "schema.json").string(), "--url", "sqlite://", "create-all", "--sql"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("was written for postgresql and the database is sqlite"));
    CHECK_THAT(r.out, Catch::Contains("CREATE TABLE t"));
    auto same = run_orm({"--models", (dir / "schema.json").string(), "--url", "postgresql://x@127.0.0.1:1/x",
                         "create-all", "--sql"});
    CHECK(same.exit_code == 0);
    CHECK(same.err.find("was written for") == std::string::npos);
}
