// What create_all / drop_all refuse, and how they say so.
#include <catch2/catch.hpp>


#include "orm/core/error.hpp"
#include "orm/dialect/postgresql/postgresql_ddl.hpp"
#include "orm/dialect/sqlite/sqlite_ddl.hpp"
#include "orm/schema/naming.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

namespace {
template <class F>
InputError input_error(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    FAIL("no InputError");
    throw;
}
}  // namespace

TEST_CASE("a PostgreSQL-only type on SQLite is an error at the column") {
    MetaData md;
    md.source = std::make_shared<SourceFile>("models.py", "class T(Base):\n    data = Column(JSONB)\n");
    Table& t = add_table(md, "t");
    add_pk(t);
    add_column(t, "data", ty(TypeKind::PG_JSONB)).loc = {2, 5, 2, 9};
    auto sqlite = dialect::make_sqlite_ddl_compiler();
    auto e = input_error([&] { sql::create_all_ddl(md, *sqlite); });
    CHECK_THAT(e.message(), Catch::Contains("type JSONB is only available on PostgreSQL"));
    CHECK(e.location().line == 2);
    CHECK_THAT(std::string(e.what()), Catch::Contains("models.py:2:5"));
    auto pg = dialect::make_postgresql_ddl_compiler();
    CHECK_NOTHROW(sql::create_all_ddl(md, *pg));

    t.columns.back().type = array_of(ty(TypeKind::Integer), TypeKind::ARRAY);
    CHECK_THROWS_AS(sql::create_all_ddl(md, *sqlite), InputError);
}

TEST_CASE("unnamed native enum on PostgreSQL, bad FK phrase, missing FK target") {
    MetaData md;
    Table& t = add_table(md, "t");
    add_pk(t);
    add_column(t, "e", enum_type({"a"}, std::nullopt));
    auto pg = dialect::make_postgresql_ddl_compiler();
    CHECK_THAT(input_error([&] { sql::create_all_ddl(md, *pg); }).message(),
               Catch::Contains("PostgreSQL ENUM type requires a name"));

    MetaData md2;
    Table& c = add_table(md2, "c");
    add_pk(c);
    add_fk(c, {"id"}, "c", {"id"}).ondelete = "EXPLODE";
    CHECK_THAT(input_error([&] { sql::create_all_ddl(md2, *pg); }).message(),
               Catch::Contains("Unexpected SQL phrase: 'EXPLODE'"));

    MetaData md3;
    Table& o = add_table(md3, "orders");
    add_pk(o);
    add_column(o, "customer_id", ty(TypeKind::Integer));
    add_fk(o, {"customer_id"}, "customers", {"id"});
    CHECK_THAT(input_error([&] { sql::create_all_ddl(md3, *pg); }).message(),
               Catch::Contains("could not find table 'customers'"));
}

TEST_CASE("explicit names longer than 63 characters fail on PostgreSQL, convention names truncate") {
    MetaData md;
    Table& t = add_table(md, "t");
    add_pk(t);
    add_column(t, "a", ty(TypeKind::Integer));
    add_unique(t, {"a"}, std::string(70, 'u'));
    auto pg = dialect::make_postgresql_ddl_compiler();
    CHECK_THAT(input_error([&] { sql::create_all_ddl(md, *pg); }).message(),
               Catch::Contains("exceeds maximum length of 63 characters"));
    auto sqlite = dialect::make_sqlite_ddl_compiler();
    CHECK_NOTHROW(sql::create_all_ddl(md, *sqlite));
    // Same arithmetic as SQLAlchemy: name[:55] + "_" + md5(name)[-4:].
    CHECK(pg->format_constraint_name(std::string(70, 'u'), true, md, {}) == std::string(55, 'u') + "_" +
                                                                               std::string("925e"));
}

TEST_CASE("drop_all with an unnamed FK cycle: error on PostgreSQL, warning on SQLite") {
    MetaData md;
    Table& a = add_table(md, "a");
    add_pk(a);
    add_column(a, "b_id", ty(TypeKind::Integer));
    add_fk(a, {"b_id"}, "b", {"id"});
    Table& b = add_table(md, "b");
    add_pk(b);
    add_column(b, "a_id", ty(TypeKind::Integer));
    add_fk(b, {"a_id"}, "a", {"id"});
    auto pg = dialect::make_postgresql_ddl_compiler();
    CHECK_THAT(input_error([&] { sql::drop_all_ddl(md, *pg); }).message(),
               Catch::Contains("Can't sort tables for DROP; an unresolvable foreign key dependency exists between "
                               "tables: a, b.  Please ensure"));
    auto sqlite = dialect::make_sqlite_ddl_compiler();
    std::vector<std::string> warnings;
    sql::DropAllOptions opts;
    opts.warn = [&](const std::string& w) { warnings.push_back(w); };
    auto stmts = sql::drop_all_ddl(md, *sqlite, opts);
    REQUIRE(stmts.size() == 2);
    CHECK(stmts[0].sql == "DROP TABLE a");  // unsorted: definition order
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::Contains("tables: a, b; and backend does not support ALTER"));
    // create_all on SQLite keeps cycle FKs inline, as SQLAlchemy does.
    auto created = sql::create_all_ddl(md, *sqlite);
    REQUIRE(created.size() == 2);
    CHECK_THAT(created[0].sql, Catch::Contains("FOREIGN KEY(b_id) REFERENCES b (id)"));
}

TEST_CASE("enum types: created once before tables, skipped when they exist, dropped after tables") {
    MetaData md;
    Table& t = add_table(md, "t");
    add_pk(t);
    add_column(t, "s", enum_type({"a", "b"}, "status"));
    Table& u = add_table(md, "u");
    add_pk(u);
    add_column(u, "s", enum_type({"a", "b"}, "status"));
    auto pg = dialect::make_postgresql_ddl_compiler();
    auto stmts = sql::create_all_ddl(md, *pg);
    REQUIRE(stmts.size() == 3);
    CHECK(stmts[0].kind == sql::DdlKind::CreateType);
    CHECK(stmts[0].sql == "CREATE TYPE status AS ENUM ('a', 'b')");
    sql::CreateAllOptions opts;
    opts.existing_enums = std::set<std::string>{"status"};
    CHECK(sql::create_all_ddl(md, *pg, opts).size() == 2);

    sql::DropAllOptions drop;
    drop.existing_tables = std::set<std::string>{"t", "u"};
    drop.tables = std::vector<std::string>{"t"};
    auto dropped = sql::drop_all_ddl(md, *pg, drop);
    REQUIRE(dropped.size() == 1);  // u still uses status
    drop.tables.reset();
    dropped = sql::drop_all_ddl(md, *pg, drop);
    REQUIRE(dropped.size() == 3);
    CHECK(dropped[2].sql == "DROP TYPE status");
    // SQLite stores the enum as VARCHAR: no types at all.
    auto sqlite = dialect::make_sqlite_ddl_compiler();
    CHECK(sql::create_all_ddl(md, *sqlite).size() == 2);
}

// How long it takes is bench/case_create_all_sql.py's measure.
TEST_CASE("create_all_ddl for 2,000 tables in a tree: one CREATE TABLE and one CREATE INDEX per table but the root") {
    MetaData md;
    for (int i = 0; i < 2000; ++i) {
        Table& t = add_table(md, "table_" + std::to_string(i));
        add_pk(t);
        add_column(t, "name", ty(TypeKind::String, 40), false);
        add_column(t, "created", ty(TypeKind::DateTime)).server_default = func("now");
        if (i > 0) {
            add_column(t, "parent_id", ty(TypeKind::Integer));
            add_fk(t, {"parent_id"}, "table_" + std::to_string(i / 2), {"id"});
            add_index(t, std::nullopt, {colref("parent_id")});
        }
    }
    apply_naming_conventions(md);
    auto pg = dialect::make_postgresql_ddl_compiler();
    auto stmts = sql::create_all_ddl(md, *pg);
    CHECK(stmts.size() == 3999);
}

TEST_CASE("autoincrement=True on a non-numeric or on a second key column is refused, as SQLAlchemy does") {
    // PrimaryKeyConstraint._autoincrement_column raises these whenever DDL asks
    // for the autoincrement column.
    MetaData md;
    Table& t = add_table(md, "imp");
    add_pk(t, "sensor", ty(TypeKind::String, 20)).autoincrement = Autoincrement::True;
    add_pk(t, "seq");
    auto pg = dialect::make_postgresql_ddl_compiler();
    CHECK(input_error([&] { sql::create_all_ddl(md, *pg); }).message() ==
          "Column type VARCHAR(20) on column 'imp.sensor' is not compatible with autoincrement=True");

    MetaData md2;
    Table& u = add_table(md2, "imp");
    add_pk(u, "sensor").autoincrement = Autoincrement::True;
    add_pk(u, "seq").autoincrement = Autoincrement::True;
    CHECK(input_error([&] { sql::create_all_ddl(md2, *pg); }).message() ==
          "Only one Column may be marked autoincrement=True, found both seq and sensor.");
    // SQLite refuses autoincrement on any composite key first.
    auto sqlite = dialect::make_sqlite_ddl_compiler();
    CHECK_THAT(input_error([&] { sql::create_all_ddl(md2, *sqlite); }).message(),
               Catch::Contains("SQLite does not support autoincrement for composite primary keys"));
}
