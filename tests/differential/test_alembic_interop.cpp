// Interoperability with Alembic 1.8.1 both ways, on SQLite and PostgreSQL,
// through a minimal env.py (tests/differential/alembic/env.py):
// - the revisions Alembic autogenerates for a series of model changes run
//   under `orm migrate` to the schema `alembic upgrade` gives, and back down;
// - the revisions `orm migrate revision --autogenerate` writes for the same
//   series run under `alembic upgrade head` to the schema orm gives, and
//   `alembic downgrade base` takes them back;
// - a database one tool migrated part way is continued by the other;
// - the shop example's history (migrations/) runs under Alembic.
// Schemas are compared as orm reflects them (inspect JSON), the migration
// bookkeeping tables left out.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "differential/diff_support.hpp"
#include "orm/engine/engine.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"

using namespace orm_diff;
using nlohmann::json;
using orm_test::read_file;
using orm_test::run_orm;
using orm_test::run_python;
using orm_test::TempDir;
using orm_test::write_file;

namespace {

// Four steps of a models file: tables, then columns/indexes/constraints
// and a table with an enum type added, then types, nullability and
// defaults changed, then things dropped.
const char* kHead = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()

)py";

const std::vector<std::string> kSteps = {
    R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
    email = sa.Column(sa.String(100))


class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(200), nullable=False)
    price = sa.Column(sa.Numeric(10, 2), server_default=sa.text("0"))
)py",
    R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
    email = sa.Column(sa.String(100))
    town = sa.Column(sa.String(50), index=True)
    __table_args__ = (sa.UniqueConstraint("email", name="uq_customers_email"),)


class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(200), nullable=False)
    price = sa.Column(sa.Numeric(10, 2), server_default=sa.text("0"))


class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    qty = sa.Column(sa.Integer, nullable=False)
    status = sa.Column(sa.Enum("new", "paid", name="order_status"), nullable=False, server_default="new")
    __table_args__ = (sa.CheckConstraint("qty > 0", name="ck_orders_qty"),)
)py",
    R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(80), nullable=False)
    email = sa.Column(sa.String(100), nullable=False)
    town = sa.Column(sa.String(50), index=True)


class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(200), nullable=False)
    price = sa.Column(sa.Numeric(12, 2), server_default=sa.text("1"))
    quantity = sa.Column(sa.Integer)


class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    qty = sa.Column(sa.Integer, nullable=False)
    status = sa.Column(sa.Enum("new", "paid", name="order_status"), nullable=False, server_default="new")
    note = sa.Column(sa.Text)
    __table_args__ = (sa.CheckConstraint("qty > 0", name="ck_orders_qty"), sa.Index("ix_orders_customer_qty", "customer_id", "qty"))
)py",
    R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(80), nullable=False)
    town = sa.Column(sa.String(50), index=True)


class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    qty = sa.Column(sa.Integer, nullable=False)
    status = sa.Column(sa.Enum("new", "paid", name="order_status"), nullable=False, server_default="new")
    note = sa.Column(sa.Text)
    __table_args__ = (sa.CheckConstraint("qty > 0", name="ck_orders_qty"), sa.Index("ix_orders_customer_qty", "customer_id", "qty"))
)py",
};

bool bookkeeping(const std::string& t) { return t == "alembic_version" || t == "orm_migration_log"; }

// The schema as orm reflects it, without the bookkeeping tables.
std::string schema_of(const std::string& url) {
    auto r = run_orm({"--url", url, "inspect", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    json j = json::parse(r.out);
    json tables = json::array();
    for (auto& t : j["tables"])
        if (!bookkeeping(t["name"].get<std::string>())) tables.push_back(t);
    j["tables"] = tables;
    return j.dump(1);
}

// The schema text with each table's columns in name order and without the
// enum types: a downgrade re-adds a dropped column at the end of its table,
// and the drop_table of Alembic's autogenerated downgrades leaves the
// table's enum type behind (in Alembic as in orm, which runs the same file).
std::string unordered(const std::string& schema) {
    json j = json::parse(schema);
    for (auto& t : j["tables"]) {
        auto& cols = t["columns"];
        std::sort(cols.begin(), cols.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
    }
    j.erase("enums");
    return j.dump(1);
}

std::string version_of(const std::string& url) {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    auto v = conn.query("SELECT version_num FROM alembic_version")->scalar();
    return v ? v->as_text() : "base";
}

// A migrations folder Alembic can use as its script_location: env.py and
// the generic template beside versions/, and an alembic.ini pointing at it.
struct Folder {
    TempDir dir;
    fs::path migrations() const { return dir.path() / "migrations"; }
    fs::path ini() const { return dir.path() / "alembic.ini"; }
    Folder() {
        fs::create_directories(migrations() / "versions");
        fs::copy_file(differential_dir() / "alembic/env.py", migrations() / "env.py");
        fs::copy_file("/usr/lib/python3/dist-packages/alembic/templates/generic/script.py.mako",
                      migrations() / "script.py.mako");
        write_file(ini(), "[alembic]\nscript_location = " + migrations().string() + "\n");
    }
    // Runs Alembic; a failure fails the test with its output.
    std::string alembic(const std::string& url, const std::vector<std::string>& args, const std::string& models = "") const {
        std::vector<std::string> argv = {"-m", "alembic", "-c", ini().string()};
        argv.insert(argv.end(), args.begin(), args.end());
        std::map<std::string, std::string> env = {{"ORM_TEST_URL", url}};
        if (!models.empty()) env["ORM_TEST_MODELS"] = models;
        auto r = run_python(argv, env);
        INFO("alembic " << args[0] << ":\n" << r.out << r.err);
        REQUIRE(r.exit_code == 0);
        return r.out + r.err;
    }
    orm_test::RunResult orm(const std::string& url, std::vector<std::string> args, const std::string& models = "") const {
        std::vector<std::string> argv = {"--url", url, "--migrations", migrations().string()};
        if (!models.empty()) {
            argv.push_back("--models");
            argv.push_back(models);
        }
        argv.insert(argv.end(), args.begin(), args.end());
        auto r = run_orm(argv);
        INFO("orm " << args[0] << ":\n" << r.out << r.err);
        return r;
    }
    fs::path step_models(size_t i) const {
        fs::path p = dir.path() / ("models_" + std::to_string(i) + ".py");
        write_file(p, std::string(kHead) + kSteps[i]);
        return p;
    }
};

}  // namespace

TEST_CASE("alembic interop: revisions Alembic autogenerates run under orm migrate to the same schema",
          "[differential][db][migrate]") {
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(dialect) {
            Folder f;
            auto alembic_db = fresh_database(dialect, "interop_a1", f.dir.path());
            auto orm_db = fresh_database(dialect, "interop_o1", f.dir.path());
            std::vector<std::string> schemas;
            for (size_t i = 0; i < kSteps.size(); ++i) {
                f.alembic(alembic_db, {"revision", "--autogenerate", "-m", "step " + std::to_string(i + 1)},
                          f.step_models(i).string());
                f.alembic(alembic_db, {"upgrade", "head"});
                schemas.push_back(schema_of(alembic_db));
                // orm reads every file Alembic wrote and runs the new one.
                auto up = f.orm(orm_db, {"migrate"});
                REQUIRE(up.exit_code == 0);
                INFO("after step " << i + 1);
                CHECK(json_diff(schemas.back(), schema_of(orm_db)) == "");
                // And the database matches the models of the step, as orm sees it.
                CHECK(f.orm(orm_db, {"check"}, f.step_models(i).string()).exit_code == 0);
            }
            CHECK(version_of(orm_db) == version_of(alembic_db));
            // Down, one step at a time, to the schema of each earlier step.
            for (size_t i = kSteps.size() - 1; i > 0; --i) {
                REQUIRE(f.orm(orm_db, {"migrate", "downgrade", "-1", "--yes"}).exit_code == 0);
                f.alembic(alembic_db, {"downgrade", "-1"});
                INFO("down to step " << i);
                CHECK(json_diff(unordered(schemas[i - 1]), unordered(schema_of(orm_db))) == "");
                CHECK(json_diff(schema_of(alembic_db), schema_of(orm_db)) == "");
            }
        }
    }
}

TEST_CASE("alembic interop: revisions orm writes run under alembic upgrade head and downgrade base",
          "[differential][db][migrate]") {
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(dialect) {
            Folder f;
            auto orm_db = fresh_database(dialect, "interop_o2", f.dir.path());
            auto alembic_db = fresh_database(dialect, "interop_a2", f.dir.path());
            auto mixed_db = fresh_database(dialect, "interop_m2", f.dir.path());
            std::vector<std::string> schemas;
            for (size_t i = 0; i < kSteps.size(); ++i) {
                auto models = f.step_models(i).string();
                auto rev = f.orm(orm_db, {"migrate", "revision", "--autogenerate", "-m", "step " + std::to_string(i + 1)}, models);
                REQUIRE(rev.exit_code == 0);
                REQUIRE(f.orm(orm_db, {"migrate"}).exit_code == 0);
                CHECK(f.orm(orm_db, {"check"}, models).exit_code == 0);
                schemas.push_back(schema_of(orm_db));
            }
            // Alembic runs the files orm wrote, up and down.
            f.alembic(alembic_db, {"upgrade", "head"});
            CHECK(json_diff(schemas.back(), schema_of(alembic_db)) == "");
            CHECK(version_of(alembic_db) == version_of(orm_db));
            f.alembic(alembic_db, {"downgrade", "base"});
            auto tables = orm_test::table_names(alembic_db);
            CHECK(tables == std::vector<std::string>{"alembic_version"});

            // A database Alembic took half way is continued by orm, and the other way round.
            f.alembic(mixed_db, {"upgrade", "+2"});
            CHECK(json_diff(schemas[1], schema_of(mixed_db)) == "");
            REQUIRE(f.orm(mixed_db, {"migrate"}).exit_code == 0);
            CHECK(json_diff(schemas.back(), schema_of(mixed_db)) == "");
            REQUIRE(f.orm(mixed_db, {"migrate", "downgrade", "-3", "--yes"}).exit_code == 0);
            CHECK(json_diff(schemas[0], schema_of(mixed_db)) == "");
            f.alembic(mixed_db, {"upgrade", "head"});
            CHECK(json_diff(schemas.back(), schema_of(mixed_db)) == "");
            auto current = f.orm(mixed_db, {"migrate", "current"});
            CHECK(current.out.find(" (head)") != std::string::npos);
        }
    }
}

TEST_CASE("alembic interop: the shop history runs under Alembic as under orm", "[differential][db][migrate]") {
    for (const std::string dialect : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(dialect) {
            Folder f;
            for (auto& e : fs::directory_iterator(orm_test::source_dir() / "migrations/versions"))
                fs::copy_file(e.path(), f.migrations() / "versions" / e.path().filename());
            auto orm_db = fresh_database(dialect, "interop_shop_o", f.dir.path());
            auto alembic_db = fresh_database(dialect, "interop_shop_a", f.dir.path());
            REQUIRE(f.orm(orm_db, {"migrate"}).exit_code == 0);
            f.alembic(alembic_db, {"upgrade", "head"});
            CHECK(json_diff(schema_of(orm_db), schema_of(alembic_db)) == "");
            auto shop_models = (orm_test::source_dir() / "share/examples/shop/models.py").string();
            CHECK(f.orm(alembic_db, {"check"}, shop_models).exit_code == 0);
            f.alembic(alembic_db, {"downgrade", "base"});
            REQUIRE(f.orm(orm_db, {"migrate", "downgrade", "base", "--yes"}).exit_code == 0);
            CHECK(json_diff(schema_of(orm_db), schema_of(alembic_db)) == "");
        }
    }
}

TEST_CASE("alembic interop: orm's drop of an unnamed SQLite UNIQUE (by the batch's naming_convention) runs under Alembic",
          "[differential][db][migrate]") {
    Folder f;
    auto orm_db = fresh_database("sqlite", "interop_uq_o", f.dir.path());
    auto alembic_db = fresh_database("sqlite", "interop_uq_a", f.dir.path());
    const std::string users = "class User(Base):\n    __tablename__ = \"users\"\n"
                              "    id = sa.Column(sa.Integer, primary_key=True)\n";
    auto before = f.dir.path() / "unique.py", after = f.dir.path() / "plain.py";
    write_file(before, std::string(kHead) + users + "    email = sa.Column(sa.String(100), unique=True)\n");
    write_file(after, std::string(kHead) + users + "    email = sa.Column(sa.String(100))\n");
    REQUIRE(f.orm(orm_db, {"migrate", "revision", "--autogenerate", "-m", "users"}, before.string()).exit_code == 0);
    REQUIRE(f.orm(orm_db, {"migrate"}).exit_code == 0);
    REQUIRE(f.orm(orm_db, {"migrate", "revision", "--autogenerate", "-m", "email not unique"}, after.string()).exit_code == 0);
    REQUIRE(f.orm(orm_db, {"migrate"}).exit_code == 0);
    CHECK(f.orm(orm_db, {"check"}, after.string()).exit_code == 0);
    // Alembic runs the same files to the same schema, and back.
    f.alembic(alembic_db, {"upgrade", "head"});
    CHECK(json_diff(schema_of(orm_db), schema_of(alembic_db)) == "");
    CHECK(schema_of(alembic_db).find("\"unique_constraints\": []") != std::string::npos);
    f.alembic(alembic_db, {"downgrade", "-1"});
    REQUIRE(f.orm(orm_db, {"migrate", "downgrade", "-1", "--yes"}).exit_code == 0);
    CHECK(json_diff(schema_of(orm_db), schema_of(alembic_db)) == "");
}
