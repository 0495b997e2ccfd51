// compare_metadata without the CLI: normalise_sql's canonical forms, and
// models compared with a SQLite database built from other models, renames
// declared with info={"renamed_from": ...} included.
#include <catch2/catch.hpp>

#include <algorithm>

#include "orm/core/source.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/engine/engine.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/compare.hpp"
#include "support/process.hpp"
#include "support/fixtures.hpp"

using namespace orm;
using migrate::normalise_sql;

namespace {

orm_test::ModelsFile models(const std::string& text) {
    return orm_test::read_models(text, "models.py");
}

std::vector<std::string> kinds(const std::vector<migrate::Operation>& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) out.push_back(op.kind + " " + op.table + (op.column ? "." + *op.column : ""));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("normalise_sql: what the database prints equals what the models say", "[migrate][compare]") {
    CHECK(normalise_sql("'active'::character varying") == normalise_sql("'active'"));
    CHECK(normalise_sql("(price >= (0)::numeric)") == normalise_sql("price >= 0"));
    CHECK(normalise_sql("'{}'::character varying[]") == normalise_sql("'{}'"));
    CHECK(normalise_sql("'-1'::integer") == normalise_sql("-1"));
    CHECK(normalise_sql("lower((email)::text)") == normalise_sql("lower(email)"));
    CHECK(normalise_sql("\"Order\" >= 0") == normalise_sql("order >= 0"));
    CHECK(normalise_sql("(role)::text = ANY ((ARRAY['member'::character varying, 'lead'::character varying])::text[])") ==
          normalise_sql("role IN ('member', 'lead')"));
    CHECK(normalise_sql("'2000-01-01'::timestamp without time zone") == normalise_sql("'2000-01-01'"));
    CHECK(normalise_sql("NOW()") == normalise_sql("now()"));
    // CAST(x AS type) as the models write it, x::type as PostgreSQL prints it.
    CHECK(normalise_sql("'5'::character varying(20)") == normalise_sql("CAST('5' AS VARCHAR(20))"));
    CHECK(normalise_sql("(lower((name)::text))::character varying") == normalise_sql("cast(lower(name) as varchar)"));
    CHECK(normalise_sql("'cast(a as b)'") == "'cast(a as b)'");
    // String literals keep their case and spaces; real changes still show.
    CHECK(normalise_sql("'Active'") != normalise_sql("'active'"));
    CHECK(normalise_sql("'a b'") != normalise_sql("'ab'"));
    CHECK(normalise_sql("price >= 0") != normalise_sql("price > 0"));
    CHECK(normalise_sql("'it''s'") == "'it''s'");
    // Operators PostgreSQL prints in its own spelling.
    CHECK(normalise_sql("(char_length((name)::text) >= 1) AND (char_length((name)::text) <= 32)") ==
          normalise_sql("char_length(name) BETWEEN 1 AND 32"));
    CHECK(normalise_sql("(classifier)::text !~~* 'private ::%'::text") == normalise_sql("classifier NOT ILIKE 'private ::%'"));
    CHECK(normalise_sql("((deleted_at IS NULL) AND ((type)::text <> 'metered'::text))") ==
          normalise_sql("deleted_at IS NULL AND type != 'metered'"));
    CHECK(normalise_sql("(name)::text ~~ 'a%'::text") == normalise_sql("name LIKE 'a%'"));
    CHECK(normalise_sql("char_length(name) BETWEEN 1 AND 32") != normalise_sql("char_length(name) BETWEEN 1 AND 31"));
    CHECK(normalise_sql("name LIKE 'a%'") != normalise_sql("name ILIKE 'a%'"));
}

TEST_CASE("compare_metadata: additions, removals, changes and declared renames", "[migrate][compare][db]") {
    orm_test::TempDir dir;
    auto engine = engine::create_engine("sqlite:///" + (dir / "c.db").string());
    auto conn = engine.connect();
    const auto a = models(R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Customer(Base):
    __tablename__ = "clients"
    id = sa.Column(sa.Integer, primary_key=True)
    fullname = sa.Column(sa.String(50), nullable=False, server_default="x")
    flag = sa.Column(sa.Boolean, server_default=sa.false())
)py");
    engine::create_all(conn, a.metadata, {});
    auto reflected = engine::reflect(conn);
    CHECK(migrate::compare_metadata(a.metadata, reflected).empty());

    const auto b = models(R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = {"info": {"renamed_from": "clients"}}
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(80), nullable=False, server_default="x", info={"renamed_from": "fullname"})
    flag = sa.Column(sa.Boolean, server_default=sa.text("0"))
)py");
    auto ops = migrate::compare_metadata(b.metadata, reflected);
    CHECK(kinds(ops) == std::vector<std::string>{"modify_type customers.name", "rename_column customers.name",
                                                 "rename_table customers"});
    for (const auto& op : ops) {
        if (op.kind == "rename_table") {
            CHECK(op.old_value == "clients");
            CHECK(op.new_value == "customers");
            CHECK_FALSE(op.destructive);
        }
        if (op.kind == "rename_column") CHECK(op.old_value == "fullname");
    }

    // Without the declarations the same models are a drop and a create.
    const auto c = models(R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
)py");
    CHECK(kinds(migrate::compare_metadata(c.metadata, reflected)) ==
          std::vector<std::string>{"add_table customers", "remove_table clients"});
}

TEST_CASE("compare_metadata: one unique constraint declared twice under one name is one", "[migrate][compare][db]") {
    orm_test::TempDir dir;
    auto engine = engine::create_engine("sqlite:///" + (dir / "u.db").string());
    auto conn = engine.connect();
    const char* preamble = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base(metadata=sa.MetaData(naming_convention={"uq": "%(table_name)s_%(column_0_name)s_key"}))
)py";
    const auto once = models(std::string(preamble) + R"py(
class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (sa.UniqueConstraint("slug"),)
    id = sa.Column(sa.Integer, primary_key=True)
    slug = sa.Column(sa.String(40), nullable=False)
)py");
    engine::create_all(conn, once.metadata, {});
    auto reflected = engine::reflect(conn);
    // unique=True and a UniqueConstraint("slug"): both named organizations_slug_key.
    const auto twice = models(std::string(preamble) + R"py(
class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = (sa.UniqueConstraint("slug"),)
    id = sa.Column(sa.Integer, primary_key=True)
    slug = sa.Column(sa.String(40), nullable=False, unique=True)
)py");
    CHECK(twice.metadata.tables.at(0)->unique_constraints.size() == 2);
    CHECK(migrate::compare_metadata(twice.metadata, reflected).empty());
}
