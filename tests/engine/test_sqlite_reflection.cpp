// SQLite reflection: the PRAGMAs plus the stored CREATE TABLE / CREATE INDEX
// text (constraint names, CHECK bodies, UNIQUE, AUTOINCREMENT, expression and
// partial indexes), declared types mapped as SQLAlchemy's SQLite dialect
// maps them, and the schema-text parser on its own.
#include <catch2/catch.hpp>

#include "orm/dialect/sqlite/sqlite_reflection.hpp"
#include "orm/dialect/sqlite/sqlite_schema_parser.hpp"
#include "orm/engine/engine.hpp"
#include "orm/engine/reflection.hpp"
#include "support/process.hpp"

using namespace orm;
using schema::ClauseKind;
using schema::TypeKind;

namespace {

engine::ReflectedSchema reflect_sql(const std::string& url, const std::string& ddl) {
    auto eng = engine::create_engine(url);
    auto conn = eng.connect();
    conn.execute(ddl);
    return engine::reflect(conn);
}

}  // namespace

TEST_CASE("SQLite declared types map as SQLAlchemy's SQLite dialect maps them", "[dialect][sqlite][reflect]") {
    using dialect::sqlite_type_from_declared;
    auto v = sqlite_type_from_declared("VARCHAR(50)");
    CHECK(v.kind == TypeKind::VARCHAR);
    CHECK(v.length == 50);
    auto n = sqlite_type_from_declared("NUMERIC(14, 2)");
    CHECK(n.kind == TypeKind::NUMERIC);
    CHECK(n.precision == 14);
    CHECK(n.scale == 2);
    CHECK(sqlite_type_from_declared("int").kind == TypeKind::INTEGER);
    CHECK(sqlite_type_from_declared("DATETIME").kind == TypeKind::DATETIME);
    CHECK(sqlite_type_from_declared("BOOLEAN").kind == TypeKind::BOOLEAN);
    CHECK(sqlite_type_from_declared("DOUBLE").kind == TypeKind::FLOAT);
    CHECK(sqlite_type_from_declared("JSON").kind == TypeKind::JSON);
    // Unknown names fall back on SQLite's affinity rules.
    CHECK(sqlite_type_from_declared("MEDIUMINT").kind == TypeKind::INTEGER);
    CHECK(sqlite_type_from_declared("CHARACTER VARYING(9)").kind == TypeKind::TEXT);
    CHECK(sqlite_type_from_declared("DOUBLE PRECISION").kind == TypeKind::REAL);
    CHECK(sqlite_type_from_declared("").kind == TypeKind::BLOB);
    CHECK(sqlite_type_from_declared("MONEY").kind == TypeKind::NUMERIC);
}

TEST_CASE("The SQLite schema-text parser reads names, bodies and options", "[dialect][sqlite][reflect]") {
    using namespace dialect::sqlite_parse;
    auto t = parse_create_table(
        "CREATE TABLE \"we\"\"ird\" (\n"
        "  id INTEGER CONSTRAINT pk_w PRIMARY KEY AUTOINCREMENT,\n"
        "  [name] VARCHAR(20) NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > (1)),\n"
        "  `ref` int CONSTRAINT fk_w_ref REFERENCES other(id) ON DELETE CASCADE,\n"
        "  amount NUMERIC(10, 2) DEFAULT (0 + 1), -- comment, with a comma\n"
        "  CONSTRAINT uq_w UNIQUE (name, ref),\n"
        "  CHECK (amount >= 0 AND name <> ','),\n"
        "  FOREIGN KEY(name, amount) REFERENCES x (a, b)\n"
        ")");
    CHECK(t.name == "we\"ird");
    REQUIRE(t.columns.size() == 4);
    CHECK(t.columns[1].name == "name");
    CHECK(t.columns[1].type == "VARCHAR(20)");
    CHECK(t.columns[1].collation == std::optional<std::string>("NOCASE"));
    CHECK(t.columns[3].type == "NUMERIC(10, 2)");
    REQUIRE(t.primary_key);
    CHECK(t.primary_key->name == std::optional<std::string>("pk_w"));
    CHECK(t.autoincrement);
    REQUIRE(t.unique_constraints.size() == 2);
    CHECK_FALSE(t.unique_constraints[0].name);
    CHECK(t.unique_constraints[1].name == std::optional<std::string>("uq_w"));
    CHECK(t.unique_constraints[1].columns == std::vector<std::string>{"name", "ref"});
    REQUIRE(t.checks.size() == 2);
    CHECK(t.checks[0].sqltext == "length(name) > (1)");
    CHECK(t.checks[0].column == std::optional<std::string>("name"));
    CHECK(t.checks[1].sqltext == "amount >= 0 AND name <> ','");
    REQUIRE(t.foreign_keys.size() == 2);
    CHECK(t.foreign_keys[0].name == std::optional<std::string>("fk_w_ref"));
    CHECK(t.foreign_keys[1].referred_columns == std::vector<std::string>{"a", "b"});

    auto ix = parse_create_index("CREATE UNIQUE INDEX \"ix\" ON t (lower(name), \"b\" DESC, c COLLATE NOCASE) WHERE b > 0");
    CHECK(ix.unique);
    CHECK(ix.name == "ix");
    REQUIRE(ix.items.size() == 3);
    CHECK_FALSE(ix.items[0].column);
    CHECK(ix.items[0].expression == "lower(name)");
    CHECK(ix.items[1].column == std::optional<std::string>("b"));
    CHECK(ix.items[1].desc);
    CHECK(ix.items[2].column == std::optional<std::string>("c"));
    CHECK(ix.where == std::optional<std::string>("b > 0"));
}

TEST_CASE("SQLite reflection: columns, keys, constraints and indexes", "[dialect][sqlite][reflect]") {
    orm_test::TempDir dir;
    auto r = reflect_sql("sqlite:///" + (dir / "r.db").string(), R"sql(
CREATE TABLE parents (
    id INTEGER NOT NULL,
    code VARCHAR(8) NOT NULL,
    region CHAR(2) DEFAULT 'eu' NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_parents_code UNIQUE (code, region)
);
CREATE TABLE kids (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id INTEGER,
    name TEXT NOT NULL,
    price NUMERIC(10, 2) DEFAULT 0,
    born DATETIME DEFAULT (CURRENT_TIMESTAMP),
    active BOOLEAN DEFAULT 1 NOT NULL,
    CONSTRAINT ck_kids_price CHECK (price >= 0),
    CHECK (active IN (0, 1)),
    CONSTRAINT fk_kids_parent FOREIGN KEY(parent_id) REFERENCES parents (id) ON DELETE CASCADE ON UPDATE SET NULL,
    FOREIGN KEY(name) REFERENCES parents (code)
);
CREATE INDEX ix_kids_name_lower ON kids (lower(name));
CREATE UNIQUE INDEX uq_kids_name ON kids (name, born DESC) WHERE active = 1;
CREATE TABLE pairs (a INTEGER NOT NULL, b VARCHAR(3) NOT NULL, CONSTRAINT pk_pairs PRIMARY KEY (b, a));
)sql");
    const auto& md = r.metadata;
    CHECK(r.dialect == "sqlite");
    REQUIRE(md.tables.size() == 3);
    CHECK(md.tables[0]->name == "kids");

    const auto* parents = md.table("parents");
    CHECK(parents->primary_key.columns == std::vector<std::string>{"id"});
    CHECK_FALSE(parents->primary_key.name);
    CHECK(parents->column("id")->autoincrement == schema::Autoincrement::Auto);
    CHECK(parents->column("code")->type.kind == TypeKind::VARCHAR);
    CHECK(parents->column("code")->type.length == 8);
    CHECK(parents->column("region")->server_default->text == "'eu'");
    REQUIRE(parents->unique_constraints.size() == 1);
    CHECK(parents->unique_constraints[0].name == std::optional<std::string>("uq_parents_code"));
    CHECK(parents->indexes.empty());   // the automatic indexes back the constraints

    const auto* kids = md.table("kids");
    CHECK(kids->dialect_options.at("sqlite_autoincrement") == "True");
    CHECK(kids->column("price")->type.precision == 10);
    CHECK(kids->column("born")->server_default->text == "CURRENT_TIMESTAMP");
    CHECK_FALSE(kids->column("active")->nullable);
    REQUIRE(kids->check_constraints.size() == 2);
    CHECK(kids->check_constraints[0].name == std::optional<std::string>("ck_kids_price"));
    CHECK(kids->check_constraints[0].sqltext->text == "price >= 0");
    CHECK_FALSE(kids->check_constraints[1].name);
    CHECK(kids->check_constraints[1].sqltext->text == "active IN (0, 1)");
    REQUIRE(kids->foreign_keys.size() == 2);
    CHECK(kids->foreign_keys[0].name == std::optional<std::string>("fk_kids_parent"));
    CHECK(kids->foreign_keys[0].ondelete == std::optional<std::string>("CASCADE"));
    CHECK(kids->foreign_keys[0].onupdate == std::optional<std::string>("SET NULL"));
    CHECK(kids->foreign_keys[1].columns == std::vector<std::string>{"name"});
    CHECK(kids->foreign_keys[1].referred_columns == std::vector<std::string>{"code"});
    CHECK_FALSE(kids->foreign_keys[1].name);
    REQUIRE(kids->indexes.size() == 2);
    CHECK(kids->indexes[0].name == std::optional<std::string>("ix_kids_name_lower"));
    CHECK(kids->indexes[0].expressions[0]->kind == ClauseKind::Text);
    CHECK(kids->indexes[0].expressions[0]->text == "lower(name)");
    const auto& uq = kids->indexes[1];
    CHECK(uq.unique);
    CHECK(uq.expressions[0]->kind == ClauseKind::Column);
    CHECK(uq.expressions[1]->kind == ClauseKind::Desc);
    REQUIRE(uq.sqlite_where);
    CHECK(uq.sqlite_where->text == "active = 1");

    const auto* pairs = md.table("pairs");
    CHECK(pairs->primary_key.columns == std::vector<std::string>{"b", "a"});
    CHECK(pairs->primary_key.name == std::optional<std::string>("pk_pairs"));
}
