// seed::seed through the library: every column type checked and stored,
// NDJSON input, tables without a mapped class, unique constraints.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/seed/seeder.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"
#include "support/fixtures.hpp"

namespace {

const char* kModels = R"PY(
import enum
from sqlalchemy import Column, Integer, String, Boolean, Date, Time, DateTime, JSON, LargeBinary, Enum, Float, \
    Numeric, ForeignKey, Table, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Color(enum.Enum):
    red = 1
    green = 2
tags = Table("thing_tags", Base.metadata,
    Column("thing_id", ForeignKey("things.id"), primary_key=True),
    Column("tag", String(20), primary_key=True))
class Thing(Base):
    __tablename__ = "things"
    __table_args__ = (UniqueConstraint("code", "version"),)
    id = Column(Integer, primary_key=True)
    code = Column(String(10), nullable=False)
    version = Column(Integer, default=1)
    active = Column(Boolean)
    born = Column(Date)
    at = Column(Time)
    seen = Column(DateTime)
    data = Column(JSON)
    blob = Column(LargeBinary)
    color = Column(Enum(Color))
    size = Column(Enum("S", "M", "L", name="size"))
    ratio = Column(Float)
    price = Column(Numeric(12, 4))
    email = Column(String(50), unique=True)
)PY";

struct Fixture {
    orm_test::ModelsFile models;
    std::unique_ptr<orm::session::Registry> registry;
    std::string url;
    orm_test::TempDir dir;

    explicit Fixture(std::string u = "") {
        models = orm_test::read_models(kModels, "models.py");
        registry = std::make_unique<orm::session::Registry>(models.metadata, models.mappers, models.source);
        url = u.empty() ? "sqlite:///" + (dir / "t.db").string() : u;
        auto engine = orm::engine::create_engine(url);
        auto conn = engine.connect();
        orm::engine::create_all(conn, models.metadata, {});
    }
    orm::seed::SeedSummary seed(const std::string& text, orm::seed::SeedOptions opts = {}, bool ndjson = false) {
        orm::seed::SeedInput in{std::make_shared<orm::SourceFile>(ndjson ? "s.ndjson" : "s.json", text), ndjson, ""};
        return orm::seed::seed(orm::engine::create_engine(url), *registry, {in}, opts);
    }
    std::string error(const std::string& text) {
        std::string before = orm_test::data_snapshot(url);
        try {
            seed(text);
        } catch (const orm::Error& e) {
            CHECK(orm_test::data_snapshot(url) == before);
            return e.what();
        }
        return "no error";
    }
    std::string rows(const std::string& sql) { return orm_test::rows(url, sql); }
};

const char* kThing = R"({"Thing": [{"code": "a", "active": true, "born": "2020-02-29", "at": "12:30",
  "seen": "2020-01-02T03:04:05.123456", "data": {"k": [1, "two", null]}, "blob": "AAEC/w==", "color": "green",
  "size": "M", "ratio": 0.25, "price": "12345678.1234", "email": "a@x"}],
  "thing_tags": [{"thing_id": 1, "tag": "new"}]})";

}  // namespace

TEST_CASE("every column type is checked and stored in SQLAlchemy's SQLite forms", "[seed]") {
    Fixture f;
    auto s = f.seed(kThing);
    CHECK(s.total().inserted == 2);
    CHECK(f.rows("SELECT code, version, active, born, at, seen, data, blob, color, size, ratio, price FROM things") ==
          "'a', 1, 1, '2020-02-29', '12:30:00.000000', '2020-01-02 03:04:05.123456', '{\"k\": [1, \"two\", null]}', "
          "b'\\x00\\x01\\x02\\xff', 'green', 'M', 0.25, 12345678.1234\n");
    CHECK(f.rows("SELECT thing_id, tag FROM thing_tags") == "1, 'new'\n");
}

TEST_CASE("every column type through PostgreSQL", "[seed]") {
    Fixture f(orm_test::create_database("seed_types"));
    f.seed(kThing);
    CHECK(f.rows("SELECT code, active, born::text, at::text, seen::text, data::text, color::text, price::text FROM things") ==
          "'a', True, '2020-02-29', '12:30:00', '2020-01-02 03:04:05.123456', '{\"k\": [1, \"two\", null]}', 'green', "
          "'12345678.1234'\n");
}

TEST_CASE("type errors name the column and its type and the position", "[seed]") {
    Fixture f;
    CHECK_THAT(f.error(R"({"Thing": [{"code": "a", "color": "blue"}]})"),
               Catch::StartsWith("s.json:1:35: error: /Thing/0/color: 'blue' is not a member of column 'color''s enum ('red', 'green')"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "a", "active": "yes"}]})"),
               Catch::Contains("/Thing/0/active: expected true or false for column 'active' (Boolean), got a string"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "a", "version": 1.5}]})"),
               Catch::Contains("/Thing/0/version: expected an integer for column 'version' (Integer), got the number 1.5"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "a", "ratio": 1e999}]})"),
               Catch::Contains("/Thing/0/ratio: number 1e999 is out of range for column 'ratio' (Float)"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "abcdefghijk"}]})"),
               Catch::Contains("/Thing/0/code: a string of 11 characters is longer than column 'code' (String(10)) allows"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "a", "born": "2021-02-29"}]})"),
               Catch::Contains("/Thing/0/born: expected an ISO-8601 date (YYYY-MM-DD)"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "a", "blob": "%%"}]})"), Catch::Contains("not valid base64"));
    CHECK_THAT(f.error(R"([1, 2])"), Catch::Contains("expected an object whose keys are class or table names"));
    CHECK_THAT(f.error(R"({"Thing": {"code": "a"}})"), Catch::Contains("/Thing: expected an array of Thing records"));
}

TEST_CASE("conflicts on a composite unique constraint and a unique column within the file and in the database", "[seed]") {
    Fixture f;
    f.seed(R"({"Thing": [{"code": "a", "version": 1, "email": "a@x"}]})");
    CHECK_THAT(f.error(R"({"Thing": [{"code": "a", "version": 1}]})"), Catch::Contains("/Thing/0: a Thing with the same"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "b", "email": "a@x"}]})"), Catch::Contains("/Thing/0: a Thing with the same"));
    CHECK_THAT(f.error(R"({"Thing": [{"code": "c", "version": 1}, {"code": "c", "version": 1}]})"),
               Catch::Contains("/Thing/1: a Thing with the same"));
    orm::seed::SeedOptions skip;
    skip.on_conflict = orm::seed::OnConflict::skip;
    auto s = f.seed(R"({"Thing": [{"code": "a", "version": 1, "ratio": 2.0}, {"code": "d", "version": 1}]})", skip);
    CHECK(s.total().inserted == 1);
    CHECK(s.total().skipped == 1);
    orm::seed::SeedOptions update;
    update.on_conflict = orm::seed::OnConflict::update;
    s = f.seed(R"({"Thing": [{"email": "a@x", "ratio": 2.0}]})", update);
    CHECK(s.total().updated == 1);
    CHECK(f.rows("SELECT code, ratio FROM things ORDER BY id") == "'a', 2.0\n'd', None\n");
    CHECK(s.to_json()["classes"][0]["class"] == "Thing");
}

TEST_CASE("NDJSON: one record per line and errors on the right line", "[seed]") {
    Fixture f;
    auto s = f.seed("{\"Thing\": {\"$id\": \"t\", \"code\": \"a\"}}\n\n{\"thing_tags\": {\"thing_id\": 1, \"tag\": \"x\"}}\n", {}, true);
    CHECK(s.total().inserted == 2);
    try {
        f.seed("{\"Thing\": {\"code\": \"b\"}}\n{\"Thing\": {\"code\": 5}}\n", {}, true);
        FAIL("expected an error");
    } catch (const orm::InputError& e) {
        CHECK_THAT(std::string(e.what()), Catch::StartsWith("s.ndjson:2:20: error: /Thing/code: expected a string"));
    }
    CHECK(f.rows("SELECT count(*) FROM things") == "1\n");
}

TEST_CASE("dry run rolls back", "[seed]") {
    Fixture f;
    orm::seed::SeedOptions dry;
    dry.dry_run = true;
    auto s = f.seed(kThing, dry);
    CHECK(s.dry_run);
    CHECK(s.total().inserted == 2);
    CHECK(f.rows("SELECT count(*) FROM things") == "0\n");
}
