// The metadata JSON reader (orm/migrate/schema_json_reader.hpp): every part
// of the format into schema::MetaData, what the writer writes read back to
// the same DDL, and malformed documents reported at their JSON pointer and
// line:column.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/declarative/models_reader.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/schema_json.hpp"
#include "orm/migrate/schema_json_reader.hpp"
#include "orm/sql/ddl.hpp"

using namespace orm;
using schema::TypeKind;

namespace {

migrate::MetadataDocument read(const std::string& text) {
    return migrate::read_metadata_json(std::make_shared<SourceFile>("schema.json", text));
}

// The InputError reading `text` throws.
InputError read_error(const std::string& text) {
    try {
        read(text);
    } catch (const InputError& e) {
        return e;
    }
    FAIL("no error for:\n" << text);
    throw std::logic_error("unreachable");
}

std::vector<std::string> create_all_sql(const schema::MetaData& md, const std::string& dialect) {
    auto compiler = dialect::get_dialect(dialect).ddl_compiler();
    std::vector<std::string> out;
    for (const auto& s : sql::create_all_ddl(md, *compiler)) out.push_back(s.sql);
    return out;
}

// One table `t` with the given columns (JSON text) and other members.
std::string one_table(const std::string& columns, const std::string& rest = "") {
    return R"json({"format": "orm-metadata/1", "dialect": "postgresql", "tables": [{"name": "t", "columns": [)json" + columns +
           "]" + (rest.empty() ? "" : ", " + rest) + "}]}";
}

const char* kEveryPart = R"json({
  "format": "orm-metadata/1", "dialect": "postgresql", "schema": null,
  "enums": [{"name": "mood", "schema": null, "values": ["sad", "ok"]}],
  "tables": [
    {"name": "parents", "schema": null, "comment": null,
     "columns": [{"name": "id", "type": {"class": "INTEGER", "sql": "INTEGER"}, "nullable": false,
                  "default": null, "autoincrement": true, "comment": null}],
     "primary_key": {"name": "pk_parents", "columns": ["id"]},
     "foreign_keys": [], "unique_constraints": [], "check_constraints": [], "indexes": [], "options": {}},
    {"name": "kids", "schema": "app", "comment": "the kids",
     "columns": [
       {"name": "a", "type": {"class": "VARCHAR", "sql": "VARCHAR(20)", "length": 20, "collation": "C"},
        "nullable": false, "default": "'x'::character varying", "autoincrement": "auto", "comment": "first"},
       {"name": "b", "type": {"class": "INTEGER", "sql": "INTEGER"}, "nullable": false, "default": null,
        "autoincrement": false, "comment": null, "identity": "by default"},
       {"name": "price", "type": {"class": "Numeric", "sql": "NUMERIC(10, 2)", "precision": 10, "scale": 2},
        "nullable": true, "default": null, "autoincrement": "auto", "comment": null},
       {"name": "at", "type": {"class": "TIMESTAMP", "sql": "TIMESTAMP(3) WITH TIME ZONE", "dialect": "postgresql",
                               "precision": 3, "timezone": true}},
       {"name": "doc", "type": {"class": "JSONB", "sql": "JSONB"}},
       {"name": "tags", "type": {"class": "ARRAY", "sql": "VARCHAR(8)[][]", "dialect": "postgresql", "dimensions": 2,
                                 "item_type": {"class": "VARCHAR", "sql": "VARCHAR(8)", "length": 8}}},
       {"name": "status", "type": {"class": "Enum", "sql": "VARCHAR(12)",
                                   "enum": {"name": "status", "schema": null, "values": ["new", "old"],
                                            "native_enum": false, "length": 12}}},
       {"name": "mood", "type": {"class": "ENUM", "sql": "mood", "dialect": "postgresql",
                                 "enum": {"name": "mood", "schema": null}}},
       {"name": "span", "type": {"class": "INTERVAL", "sql": "INTERVAL DAY", "dialect": "postgresql", "fields": "DAY"}},
       {"name": "parent_id", "type": {"class": "INTEGER", "sql": "INTEGER"}}
     ],
     "primary_key": {"name": null, "columns": ["b", "a"]},
     "foreign_keys": [{"name": "fk_parent", "columns": ["parent_id"], "referred_schema": null,
                       "referred_table": "parents", "referred_columns": ["id"], "ondelete": "CASCADE",
                       "onupdate": null, "match": null, "deferrable": true, "initially": "DEFERRED",
                       "use_alter": true, "position": 2}],
     "unique_constraints": [{"name": "uq_price", "columns": ["price"], "position": 0}],
     "check_constraints": [{"name": null, "sqltext": "price > 0", "position": 1, "column": null},
                           {"name": "ck_b", "sqltext": "b > 0", "position": 3, "column": "b"}],
     "indexes": [{"name": "ix_kids", "unique": true,
                  "expressions": [{"column": "a", "desc": true}, {"expression": "lower(a)", "desc": false}],
                  "where": "b > 1", "using": "btree", "include": ["price"]}],
     "options": {"sqlite_autoincrement": true, "postgresql_fillfactor": 70, "mysql_engine": "InnoDB"}}
  ]
})json";

}  // namespace

TEST_CASE("metadata JSON: every part of the format", "[migrate][schema_json]") {
    auto doc = read(kEveryPart);
    CHECK(doc.dialect == "postgresql");
    REQUIRE(doc.enums.size() == 1);
    CHECK(doc.enums[0].values == std::vector<std::string>{"sad", "ok"});
    const auto& md = doc.metadata;
    REQUIRE(md.tables.size() == 2);
    CHECK(md.tables[0]->name == "parents");   // document order
    const schema::Table* kids = md.table("app.kids");
    REQUIRE(kids);
    CHECK(kids->comment == "the kids");
    REQUIRE(kids->columns.size() == 10);

    const auto& a = *kids->column("a");
    CHECK(a.type.kind == TypeKind::VARCHAR);
    CHECK(a.type.length == 20);
    CHECK(a.type.collation == "C");
    CHECK_FALSE(a.nullable);
    REQUIRE(a.server_default);
    CHECK(a.server_default->kind == schema::ClauseKind::Text);
    CHECK(a.server_default->text == "'x'::character varying");
    CHECK(a.comment == "first");
    CHECK(a.primary_key);
    CHECK(kids->column("b")->autoincrement == schema::Autoincrement::False);
    CHECK(kids->column("b")->info["identity"] == "by default");
    CHECK(kids->column("price")->type.kind == TypeKind::Numeric);
    CHECK(kids->column("price")->type.scale == 2);
    const auto& at = kids->column("at")->type;
    CHECK(at.kind == TypeKind::PG_TIMESTAMP);   // "dialect" tells PostgreSQL's TIMESTAMP from the generic one
    CHECK(at.precision == 3);
    CHECK(at.timezone);
    CHECK(kids->column("doc")->type.kind == TypeKind::PG_JSONB);   // no "dialect": the name is PostgreSQL's only
    const auto& tags = kids->column("tags")->type;
    CHECK(tags.kind == TypeKind::PG_ARRAY);
    CHECK(tags.dimensions == 2);
    REQUIRE(tags.item_type);
    CHECK(tags.item_type->kind == TypeKind::VARCHAR);
    const auto& status = kids->column("status")->type;
    CHECK(status.kind == TypeKind::Enum);
    REQUIRE(status.enum_spec);
    CHECK_FALSE(status.enum_spec->native_enum);
    CHECK(status.enum_spec->length == 12);
    const auto& mood = kids->column("mood")->type;
    CHECK(mood.kind == TypeKind::PG_ENUM);
    CHECK(mood.enum_spec->values == std::vector<std::string>{"sad", "ok"});   // from "enums"
    CHECK(kids->column("span")->type.fields == "DAY");

    CHECK(kids->primary_key.columns == std::vector<std::string>{"b", "a"});
    CHECK_FALSE(kids->primary_key.implicit_generated);
    REQUIRE(kids->foreign_keys.size() == 1);
    const auto& fk = kids->foreign_keys[0];
    CHECK(fk.referred_table == "parents");
    CHECK(fk.ondelete == "CASCADE");
    CHECK(fk.deferrable == "DEFERRABLE");
    CHECK(fk.initially == "DEFERRED");
    CHECK(fk.use_alter);
    CHECK(fk.creation_order == 2);
    CHECK(kids->unique_constraints.at(0).creation_order == 0);
    CHECK(kids->check_constraints.at(1).column == "b");
    const auto& ix = kids->indexes.at(0);
    REQUIRE(ix.expressions.size() == 2);
    CHECK(ix.expressions[0]->kind == schema::ClauseKind::Desc);
    CHECK(ix.expressions[0]->args.at(0)->kind == schema::ClauseKind::Column);
    CHECK(ix.expressions[1]->text == "lower(a)");
    REQUIRE(ix.postgresql_where);
    CHECK_FALSE(ix.sqlite_where);   // the predicate is the document's dialect's
    CHECK(ix.postgresql_using == "btree");
    CHECK(ix.postgresql_include == std::vector<std::string>{"price"});
    CHECK(kids->dialect_options.at("sqlite_autoincrement") == "True");
    CHECK(kids->dialect_options.at("postgresql_fillfactor") == "70");

    // The whole document compiles, in the order "position" gives.
    auto ddl = create_all_sql(md, "postgresql");
    REQUIRE(ddl.size() >= 3);
    const std::string create_kids = ddl[2];
    // "identity": an identity column (NOT NULL is implied by it on PostgreSQL).
    CHECK(create_kids.find("b INTEGER GENERATED BY DEFAULT AS IDENTITY CONSTRAINT ck_b CHECK (b > 0)") !=
          std::string::npos);
    CHECK(create_kids.find("PRIMARY KEY (b, a), \n\tCONSTRAINT uq_price UNIQUE (price), \n\tCHECK (price > 0)") !=
          std::string::npos);
    CHECK(create_kids.find("FOREIGN KEY") == std::string::npos);   // use_alter: ALTER TABLE after the tables
}

TEST_CASE("metadata JSON: documents older than \"format\" and \"position\" read in array order",
          "[migrate][schema_json]") {
    auto doc = read(R"json({"dialect": "sqlite", "tables": [{"name": "t",
        "columns": [{"name": "a", "type": {"class": "INTEGER", "sql": "INTEGER"}},
                    {"name": "b", "type": {"class": "INTEGER", "sql": "INTEGER"}}],
        "unique_constraints": [{"name": "u", "columns": ["b"]}],
        "check_constraints": [{"name": "c", "sqltext": "a > 0"}],
        "indexes": [{"name": "ix", "unique": false, "expressions": [{"column": "a", "desc": false}], "where": "a > 1"}]}]})json");
    const auto& t = *doc.metadata.tables.at(0);
    CHECK(t.unique_constraints[0].creation_order < t.check_constraints[0].creation_order);
    CHECK(t.columns[0].nullable);   // SQLAlchemy's default when the key is left out
    CHECK(t.indexes[0].sqlite_where);
    auto ddl = create_all_sql(doc.metadata, "sqlite");
    CHECK(ddl.at(0).find("CONSTRAINT u UNIQUE (b), \n\tCONSTRAINT c CHECK (a > 0)") != std::string::npos);
    CHECK(ddl.at(1) == "CREATE INDEX ix ON t (a) WHERE a > 1");
}

TEST_CASE("metadata JSON: a SQLite expression default gets the parentheses its catalog drops",
          "[migrate][schema_json]") {
    auto doc = read(R"json({"dialect": "sqlite", "tables": [{"name": "t", "columns": [
        {"name": "a", "type": {"class": "INTEGER"}, "default": "1 + 2"},
        {"name": "b", "type": {"class": "DATETIME"}, "default": "CURRENT_TIMESTAMP"},
        {"name": "c", "type": {"class": "VARCHAR"}, "default": "'it''s'"},
        {"name": "d", "type": {"class": "INTEGER"}, "default": "-1"},
        {"name": "e", "type": {"class": "VARCHAR"}, "default": "upper('x')"},
        {"name": "f", "type": {"class": "INTEGER"}, "default": "(1) + (2)"},
        {"name": "g", "type": {"class": "INTEGER"}, "default": "(1 + 2)"}]}]})json");
    const auto& t = *doc.metadata.tables.at(0);
    auto text = [&](const char* name) { return t.column(name)->server_default->text; };
    CHECK(text("a") == "(1 + 2)");
    CHECK(text("b") == "CURRENT_TIMESTAMP");
    CHECK(text("c") == "'it''s'");
    CHECK(text("d") == "-1");
    CHECK(text("e") == "(upper('x'))");
    CHECK(text("f") == "((1) + (2))");
    CHECK(text("g") == "(1 + 2)");
}

TEST_CASE("metadata JSON: what inspect's writer writes reads back to the same DDL", "[migrate][schema_json]") {
    const std::string models = R"json(
import enum
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import declarative_base

Base = declarative_base()

class Color(enum.Enum):
    red = 1
    green = 2

class Parent(Base):
    __tablename__ = "parents"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(40, collation="C"), nullable=False, unique=True, comment="shown")
    __table_args__ = {"comment": "the parents"}

class Child(Base):
    __tablename__ = "children"
    id = sa.Column(sa.BigInteger, primary_key=True)
    parent_id = sa.Column(sa.Integer, sa.ForeignKey("parents.id", ondelete="CASCADE"), nullable=False)
    price = sa.Column(sa.Numeric(10, 2), sa.CheckConstraint("price >= 0", name="price_ok"), server_default="0")
    color = sa.Column(sa.Enum(Color), nullable=False)
    at = sa.Column(sa.DateTime(timezone=True), server_default=sa.func.now())
    tags = sa.Column(postgresql.ARRAY(sa.String(10), dimensions=2))
    doc = sa.Column(postgresql.JSONB)
    __table_args__ = (
        sa.UniqueConstraint("parent_id", "color", name="uq_children_parent_color"),
        sa.CheckConstraint("id > 0", name="ck_children_id"),
        sa.Index("ix_children_lower", sa.func.lower(sa.text("color")), postgresql_using="btree"),
        sa.Index("ix_children_parent", sa.desc("parent_id")),
    )
)json";
    for (const std::string dialect : {"postgresql", "sqlite"}) {
        INFO(dialect);
        std::string text = models;
        if (dialect == "sqlite") {
            // SQLite has no ARRAY or JSONB.
            text.erase(text.find("    tags ="), text.find("    __table_args__ = (") - text.find("    tags ="));
        }
        declarative::LoadOptions options;
        options.dialect = dialect;
        auto loaded = declarative::read_models(std::make_shared<SourceFile>("models.py", text), options);
        const auto expected = create_all_sql(loaded.metadata, dialect);
        dialect::ReflectedSchema reflected;
        reflected.dialect = dialect;
        reflected.metadata = std::move(loaded.metadata);
        const std::string written = migrate::schema_to_json(reflected).dump(2);
        INFO(written);
        auto doc = read(written);
        CHECK(create_all_sql(doc.metadata, dialect) == expected);
        // Read back and written again: the same document.
        dialect::ReflectedSchema again;
        again.dialect = dialect;
        again.metadata = std::move(doc.metadata);
        CHECK(migrate::schema_to_json(again).dump(2) == written);
    }
}

TEST_CASE("metadata JSON: bad documents are reported at their JSON pointer and line:column",
          "[migrate][schema_json]") {
    SECTION("malformed") {
        auto e = read_error("{\"tables\": [\n  {\"name\": \"t\",}\n]}");
        CHECK_THAT(e.what(), Catch::StartsWith("schema.json:2:16: error: malformed JSON: expected a string key"));
    }
    SECTION("not an object") {
        auto e = read_error("[1]");
        CHECK_THAT(e.what(), Catch::StartsWith("schema.json:1:1: error: the document: expected an object, found an array"));
    }
    SECTION("a wrong shape") {
        auto e = read_error("{\"dialect\": \"sqlite\",\n \"tables\": {}}");
        CHECK_THAT(e.what(), Catch::StartsWith("schema.json:2:12: error: /tables: expected an array, found an object"));
    }
    SECTION("tables is required") {
        auto e = read_error("{\"dialect\": \"sqlite\"}");
        CHECK_THAT(e.what(), Catch::Contains("the document: missing \"tables\""));
    }
    SECTION("an unknown type class, with the nearest known one") {
        auto e = read_error(one_table("{\"name\": \"a\",\n \"type\": {\"class\": \"VARCHR\"}}"));
        CHECK_THAT(e.what(), Catch::Contains(
            "schema.json:2:20: error: /tables/0/columns/0/type/class: unknown type class 'VARCHR'. Did you mean 'VARCHAR'?"));
        CHECK(e.location().line == 2);
    }
    SECTION("a column without a type") {
        auto e = read_error(one_table("{\"name\": \"a\"}"));
        CHECK_THAT(e.what(), Catch::Contains("/tables/0/columns/0: missing \"type\""));
    }
    SECTION("a number where a string belongs") {
        auto e = read_error(one_table("{\"name\": 7, \"type\": {\"class\": \"INTEGER\"}}"));
        CHECK_THAT(e.what(), Catch::Contains("/tables/0/columns/0/name: expected a string, found the number 7"));
    }
    SECTION("a constraint on a column the table lacks") {
        auto e = read_error(one_table("{\"name\": \"a\", \"type\": {\"class\": \"INTEGER\"}}",
                                      "\"primary_key\": {\"name\": null, \"columns\": [\"a\", \"b\"]}"));
        CHECK_THAT(e.what(), Catch::Contains("/tables/0/primary_key/columns/1: table 't' has no column 'b'"));
    }
    SECTION("ARRAY without its item type") {
        auto e = read_error(one_table("{\"name\": \"a\", \"type\": {\"class\": \"ARRAY\", \"dialect\": \"postgresql\"}}"));
        CHECK_THAT(e.what(), Catch::Contains("/tables/0/columns/0/type: an ARRAY type needs \"item_type\""));
    }
    SECTION("an Enum without its values") {
        auto e = read_error(one_table("{\"name\": \"a\", \"type\": {\"class\": \"Enum\", \"enum\": {\"name\": \"e\"}}}"));
        CHECK_THAT(e.what(), Catch::Contains("/tables/0/columns/0/type/enum: missing \"values\""));
    }
    SECTION("a bad autoincrement") {
        auto e = read_error(one_table("{\"name\": \"a\", \"type\": {\"class\": \"INTEGER\"}, \"autoincrement\": \"yes\"}"));
        CHECK_THAT(e.what(), Catch::Contains("/tables/0/columns/0/autoincrement: expected \"auto\", \"ignore_fk\", true or false"));
    }
    SECTION("a later format") {
        auto e = read_error("{\"format\": \"orm-metadata/2\", \"tables\": []}");
        CHECK_THAT(e.what(), Catch::Contains("/format: unsupported format 'orm-metadata/2' (orm reads orm-metadata/1)"));
    }
    SECTION("two tables of one name") {
        auto e = read_error("{\"tables\": [{\"name\": \"t\", \"columns\": []},\n {\"name\": \"t\", \"columns\": []}]}");
        CHECK_THAT(e.what(), Catch::StartsWith("schema.json:2:2: error: "));
        CHECK_THAT(e.what(), Catch::Contains("already defined"));
    }
}

TEST_CASE("metadata JSON: a large minified document has exact positions, and errors do not quote its line",
          "[migrate][schema_json]") {
    // 2,000 tables on one line (positions are found from an index of the
    // document; the speed is bench/'s concern, the exact position this test's).
    std::string text = R"json({"dialect": "sqlite", "tables": [)json";
    for (int i = 0; i < 2000; ++i) {
        text += i ? ", " : "";
        text += R"json({"name": "t)json" + std::to_string(i) + R"json(", "columns": [)json";
        for (int c = 0; c < 10; ++c)
            text += std::string(c ? ", " : "") + R"json({"name": "c)json" + std::to_string(c) +
                    R"json(", "type": {"class": "VARCHAR", "length": 50}})json";
        text += "]}";
    }
    text += "]}";
    auto doc = read(text);
    CHECK(doc.metadata.tables.size() == 2000);
    CHECK(doc.metadata.tables[1999]->columns[9].loc.column == static_cast<int>(text.rfind("{\"name\": \"c9\"") + 1));

    std::string bad = text;
    bad.replace(bad.rfind("VARCHAR"), 7, "VARCHR");
    auto e = read_error(bad);
    CHECK_THAT(e.what(), Catch::StartsWith("schema.json:1:"));
    CHECK_THAT(e.what(), Catch::Contains("unknown type class 'VARCHR'"));
    CHECK(std::string(e.what()).size() < 300);   // the one long line is not quoted
}
