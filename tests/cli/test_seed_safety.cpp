// Seeds that would go wrong silently or fail without saying where (issue
// "No silent success", item 5): records no conflict can be detected for
// warn (an error with --strict), Numeric precision is checked before the
// database on both engines, and a database error names the record.
#include <catch2/catch.hpp>

#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

const std::vector<std::string> kEngines = {"sqlite", "postgresql"};

const char* kModels = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()


class Tag(Base):
    __tablename__ = "tags"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(20))


class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
    price = sa.Column(sa.Numeric(10, 2))


class Note(Base):
    __tablename__ = "notes"
    id = sa.Column(sa.Integer, primary_key=True)
    item_id = sa.Column(sa.Integer, sa.ForeignKey("items.id"))
)py";

struct Db {
    TempDir dir;
    std::string url;
    Db(const std::string& engine, const std::string& name) {
        url = engine == "sqlite" ? "sqlite:///" + (dir / (name + ".db")).string()
                                 : create_database("cli_seed_safety_" + name + "_" + std::to_string(::getpid()));
        write_file(dir / "models.py", kModels);
        REQUIRE(orm({"create-all"}).exit_code == 0);
    }
    RunResult orm(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--url", url});
        return run_orm(args, {}, "", dir.path());
    }
    RunResult seed(const std::string& json, std::vector<std::string> more = {}) const {
        write_file(dir / "seed.json", json);
        std::vector<std::string> args = {"seed", "seed.json"};
        args.insert(args.end(), more.begin(), more.end());
        return orm(args);
    }
};

size_t count_of(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("seed safety: records with no key and no unique value warn under skip/update, and fail under --strict") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Db db(engine, "nokey");
            const std::string tags = "{\"Tag\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}\n";
            auto first = db.seed(tags, {"--on-conflict", "skip"});
            INFO(first.err);
            REQUIRE(first.exit_code == 0);
            CHECK_THAT(first.err, Catch::Contains("warning: seed.json:1:10: /Tag/0: a Tag record with no primary key and no "
                                                  "unique value: --on-conflict skip cannot tell it from a row already there"));
            CHECK(count_of(first.err, "warning:") == 1);   // once per class
            std::string after = data_snapshot(db.url);
            auto strict = db.orm({"--strict", "seed", "seed.json", "--on-conflict", "update"});
            CHECK(strict.exit_code == 3);
            CHECK_THAT(strict.err, Catch::Contains("seed.json:1:10: error: /Tag/0: a Tag record with no primary key"));
            CHECK(data_snapshot(db.url) == after);
            // Records with their keys: no warning.
            auto keyed = db.seed("{\"Tag\": [{\"id\": 1, \"name\": \"a\"}]}\n", {"--on-conflict", "skip"});
            CHECK(keyed.exit_code == 0);
            CHECK_THAT(keyed.err, !Catch::Contains("warning"));
        }
    }
}

TEST_CASE("seed safety: a value too wide for Numeric(10, 2) is exit 3 at its place on both engines") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Db db(engine, "numeric");
            std::string before = data_snapshot(db.url);
            auto r = db.seed("{\"Item\": [{\"id\": 1, \"price\": 12345678.99},\n          {\"id\": 2, \"price\": 12345678901}]}\n");
            CHECK(r.exit_code == 3);
            CHECK_THAT(r.err, Catch::Contains("seed.json:2:30: error: /Item/1/price: 12345678901 has 11 digits before the "
                                                "decimal point, more than the 8 the precision and scale allow for column "
                                                "'price' (Numeric(10, 2))"));
            CHECK(data_snapshot(db.url) == before);
            auto text = db.seed("{\"Item\": [{\"id\": 3, \"price\": \"-000123456789.5\"}]}\n");
            CHECK(text.exit_code == 3);
            CHECK_THAT(text.err, Catch::Contains("has 9 digits before the decimal point"));
            auto fits = db.seed("{\"Item\": [{\"id\": 1, \"price\": 12345678.99}, {\"id\": 2, \"price\": \"-0.5\"}]}\n");
            INFO(fits.err);
            CHECK(fits.exit_code == 0);
            CHECK(rows(db.url, "SELECT price FROM items ORDER BY id") != "");
        }
    }
}

TEST_CASE("seed safety: a database error while writing names the record that failed") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            Db db(engine, "located");
            // Rows already there: the foreign key is checked as each row goes in.
            REQUIRE(db.seed("{\"Item\": [{\"id\": 1}], \"Note\": [{\"id\": 1, \"item_id\": 1}]}\n").exit_code == 0);
            std::string before = data_snapshot(db.url);
            auto one = db.seed("{\"Note\": [\n  {\"id\": 2, \"item_id\": 99}]}\n");
            CHECK(one.exit_code == 4);
            CHECK_THAT(one.err, Catch::Contains("seed.json:2:3: /Note/0: "));
            CHECK(data_snapshot(db.url) == before);
            auto several = db.seed("{\"Note\": [\n  {\"id\": 3, \"item_id\": 1},\n  {\"id\": 4, \"item_id\": 98}]}\n");
            CHECK(several.exit_code == 4);
            if (engine == "postgresql") CHECK_THAT(several.err, Catch::Contains("seed.json:3:3: /Note/1: "));
            else CHECK_THAT(several.err, Catch::Contains("from seed.json:2:3: /Note/0 to seed.json:3:3: /Note/1"));
            CHECK(data_snapshot(db.url) == before);
        }
    }
}
