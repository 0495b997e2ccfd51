// The tutorial's create_all must equal what SQLAlchemy 1.4.46 emitted
// (shared/reference/tutorial_create_all.*.sql), statement for statement.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/dialect/postgresql/postgresql_ddl.hpp"
#include "orm/dialect/sqlite/sqlite_ddl.hpp"
#include "orm/schema/naming.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

TEST_CASE("tutorial create_all matches SQLAlchemy on SQLite") {
    MetaData md = tutorial_metadata();
    apply_naming_conventions(md);
    auto compiler = dialect::make_sqlite_ddl_compiler();
    std::string got = render(sql::create_all_ddl(md, *compiler));
    got.erase(got.size() - 2);  // the reference file ends after the last ";"
    CHECK(got == reference_sql(std::string(ORM_REFERENCE_DIR) + "/tutorial_create_all.sqlite.sql"));
}

TEST_CASE("tutorial create_all matches SQLAlchemy on PostgreSQL") {
    MetaData md = tutorial_metadata();
    apply_naming_conventions(md);
    auto compiler = dialect::make_postgresql_ddl_compiler();
    std::string got = render(sql::create_all_ddl(md, *compiler));
    got.erase(got.size() - 2);
    CHECK(got == reference_sql(std::string(ORM_REFERENCE_DIR) + "/tutorial_create_all.postgresql.sql"));
}

TEST_CASE("tutorial create_all skips existing tables and restricts to --tables") {
    MetaData md = tutorial_metadata();
    auto compiler = dialect::make_postgresql_ddl_compiler();
    sql::CreateAllOptions opts;
    opts.existing_tables = std::set<std::string>{"customers", "items"};
    auto stmts = sql::create_all_ddl(md, *compiler, opts);
    REQUIRE(stmts.size() == 2);
    CHECK(stmts[0].table == "orders");
    CHECK(stmts[1].table == "order_lines");
    CHECK(stmts[1].kind == sql::DdlKind::CreateTable);

    sql::CreateAllOptions only;
    only.tables = std::vector<std::string>{"order_lines", "items"};
    stmts = sql::create_all_ddl(md, *compiler, only);
    REQUIRE(stmts.size() == 2);
    CHECK(stmts[0].table == "items");  // referred-to table first
    CHECK(stmts[1].table == "order_lines");

    only.tables = std::vector<std::string>{"nope"};
    CHECK_THROWS_AS(sql::create_all_ddl(md, *compiler, only), UsageError);
}

TEST_CASE("tutorial drop_all drops in reverse dependency order, only existing tables") {
    MetaData md = tutorial_metadata();
    auto compiler = dialect::make_sqlite_ddl_compiler();
    auto stmts = sql::drop_all_ddl(md, *compiler);
    std::vector<std::string> sqls;
    for (auto& s : stmts) sqls.push_back(s.sql);
    CHECK(sqls == std::vector<std::string>{"DROP TABLE order_lines", "DROP TABLE orders", "DROP TABLE items",
                                           "DROP TABLE customers"});
    sql::DropAllOptions opts;
    opts.existing_tables = std::set<std::string>{"items", "orders"};
    stmts = sql::drop_all_ddl(md, *compiler, opts);
    REQUIRE(stmts.size() == 2);
    CHECK(stmts[0].sql == "DROP TABLE orders");
    CHECK(stmts[1].sql == "DROP TABLE items");
}
