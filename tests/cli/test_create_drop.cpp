// create-all and drop-all against real databases: the shop example on a SQLite
// file and on a throwaway PostgreSQL 15 server.
#include <catch2/catch.hpp>

#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

const std::vector<std::string> kShopTables = {"customers", "items", "order_lines", "orders"};

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }

// create-all, create-all again, drop-all on `url`: the whole life cycle.
void check_life_cycle(const std::string& url) {
    auto first = run_orm({"--models", shop_models(), "--url", url, "create-all"});
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(table_names(url) == kShopTables);
    CHECK_THAT(first.err, Catch::Contains("created customers, items, orders, order_lines (4 tables)"));
    std::string schema = schema_snapshot(url);
    CHECK_THAT(schema, Catch::Contains("customers"));

    auto second = run_orm({"--models", shop_models(), "--url", url, "create-all"});
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.err, Catch::Contains("already there: customers, items, orders, order_lines (4 tables)"));
    CHECK(schema_snapshot(url) == schema);

    auto drop = run_orm({"--models", shop_models(), "--url", url, "drop-all", "--yes"});
    INFO(drop.err);
    REQUIRE(drop.exit_code == 0);
    CHECK(table_names(url).empty());
    CHECK_THAT(drop.err, Catch::Contains("dropped order_lines, orders, items, customers (4 tables)"));

    auto again = run_orm({"--models", shop_models(), "--url", url, "drop-all", "--yes"});
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.err, Catch::Contains("no model tables to drop"));
}

}  // namespace

TEST_CASE("create-all / drop-all life cycle on a SQLite file") {
    TempDir dir;
    check_life_cycle("sqlite:///" + (dir / "shop.db").string());
}

TEST_CASE("create-all / drop-all life cycle on PostgreSQL") {
    check_life_cycle(create_database("cli_life_cycle"));
}

TEST_CASE("create-all uses the models file's own create_engine URL, relative to the working directory") {
    TempDir dir;
    write_file(dir / "models.py", read_file(shop_models()));
    auto r = run_orm({"create-all"}, {}, "", dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(std::filesystem::exists(dir / "shop.db"));
    CHECK(table_names("sqlite:///" + (dir / "shop.db").string()) == kShopTables);
}

TEST_CASE("create-all creates only tables that are missing, leaving existing ones and their rows alone") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all", "--tables", "customers"}).exit_code == 0);
    CHECK(table_names(url) == std::vector<std::string>{"customers"});
    auto r = run_orm({"--models", shop_models(), "--url", url, "create-all"});
    REQUIRE(r.exit_code == 0);
    CHECK(table_names(url) == kShopTables);
    CHECK_THAT(r.err, Catch::Contains("already there: customers (1 table)"));
}

TEST_CASE("a failing create-all leaves the database as it was") {
    // The table name collides with an existing *index* name on PostgreSQL, so the
    // second CREATE fails after the first succeeded: both must be rolled back.
    std::string url = create_database("cli_rollback");
    TempDir dir;
    write_file(dir / "models.py", R"(from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
)");
    PgCluster::instance().admin_exec("CREATE SEQUENCE b", "cli_rollback");
    std::string before = schema_snapshot(url);
    auto r = run_orm({"--models", (dir / "models.py").string(), "--url", url, "create-all"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("already exists"));
    CHECK(table_names(url).empty());
    CHECK(schema_snapshot(url) == before);
}

TEST_CASE("drop-all refuses without --yes when not on a terminal, and drops nothing") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);
    auto r = run_orm({"--models", shop_models(), "--url", url, "drop-all"});
    CHECK(r.exit_code == 5);
    CHECK_THAT(r.err, Catch::Contains("--yes"));
    CHECK(table_names(url) == kShopTables);
}

TEST_CASE("drop-all --tables drops just those tables") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);
    auto r = run_orm({"--models", shop_models(), "--url", url, "drop-all", "--yes", "--tables", "order_lines,orders"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(table_names(url) == std::vector<std::string>{"customers", "items"});
}

TEST_CASE("the tutorial's postgres+psycopg2:// URL is accepted with a warning") {
    std::string url = create_database("cli_postgres_scheme");
    std::string legacy = "postgres+psycopg2://" + url.substr(std::string("postgresql://").size());
    auto r = run_orm({"--models", shop_models(), "--url", legacy, "create-all"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("warning:") && Catch::Contains("postgresql"));
    CHECK(table_names(url) == kShopTables);
}

TEST_CASE("create-all --sql does not connect") {
    // Nothing listens on this port: --sql must still succeed.
    std::string url = "postgresql://u:pw@127.0.0.1:" + std::to_string(unused_port()) + "/db";
    auto r = run_orm({"--models", shop_models(), "--url", url, "create-all", "--sql"});
    CHECK(r.exit_code == 0);
    CHECK(sql_statements(r.out).size() == 4);
    auto d = run_orm({"--models", shop_models(), "--url", url, "drop-all", "--sql"});
    CHECK(d.exit_code == 0);
    CHECK(sql_statements(d.out) == std::vector<std::string>{
        "DROP TABLE order_lines", "DROP TABLE orders", "DROP TABLE items", "DROP TABLE customers"});
}

TEST_CASE("drop-all drops tables in a foreign-key cycle that hold rows, on SQLite") {
    // SQLite creates cyclic foreign keys inline (as SQLAlchemy does) and cannot
    // ALTER them apart, so the drop order alone cannot satisfy both keys.
    TempDir dir;
    write_file(dir / "models.py", R"(from sqlalchemy import Column, Integer, ForeignKey
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    b_id = Column(Integer, ForeignKey("b.id", name="fk_a_b"))
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("a.id", name="fk_b_a"))
)");
    std::string url = "sqlite:///" + (dir / "c.db").string();
    REQUIRE(run_orm({"--models", (dir / "models.py").string(), "--url", url, "create-all"}).exit_code == 0);
    auto insert = run_process({"sqlite3", (dir / "c.db").string(),
                               "PRAGMA foreign_keys=ON; BEGIN; PRAGMA defer_foreign_keys=ON; "
                               "INSERT INTO a VALUES (1, 1); INSERT INTO b VALUES (1, 1); COMMIT;"});
    REQUIRE(insert.exit_code == 0);
    auto r = run_orm({"--models", (dir / "models.py").string(), "--url", url, "drop-all", "--yes"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(table_names(url).empty());
}

TEST_CASE("create-all on many tables names the first eight and counts the rest") {
    TempDir dir;
    std::string models = "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n"
                         "Base = declarative_base()\n";
    for (int i = 0; i < 10; ++i)
        models += "class T" + std::to_string(i) + "(Base):\n    __tablename__ = 't" + std::to_string(i) +
                  "'\n    id = Column(Integer, primary_key=True)\n";
    auto path = dir.path() / "models.py";
    write_file(path, models);
    std::string url = "sqlite:///" + (dir.path() / "many.db").string();
    auto run = run_orm({"--models", path.string(), "--url", url, "create-all"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(table_names(url).size() == 10);
    CHECK_THAT(run.err, Catch::Contains("created t0, t1, t2, t3, t4, t5, t6, t7 and 2 more (10 tables)"));
}
