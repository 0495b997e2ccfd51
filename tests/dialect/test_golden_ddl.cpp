// create_all / drop_all output compared with what SQLAlchemy 1.4.46 emits for
// the same metadata (tests/sql/golden/*.sql, written by golden_ddl.py, whose
// Python definitions these builders mirror one for one).
#include <catch2/catch.hpp>

#include "orm/dialect/postgresql/postgresql_ddl.hpp"
#include "orm/dialect/sqlite/sqlite_ddl.hpp"
#include "orm/schema/naming.hpp"
#include "sql/builders.hpp"

using namespace orm;
using namespace orm::testing;

namespace {

std::string golden(const std::string& name, const std::string& dialect) {
    return orm_test::read_file(std::string(ORM_SOURCE_DIR) + "/tests/sql/golden/" + name + "." + dialect + ".sql");
}

// The golden files sort each table's run of CREATE INDEX statements, since
// SQLAlchemy's order for them is arbitrary (Table.indexes is a set).
std::vector<sql::DdlStatement> sort_index_runs(std::vector<sql::DdlStatement> stmts) {
    auto is_index = [](const sql::DdlStatement& s) { return s.kind == sql::DdlKind::CreateIndex; };
    for (auto it = stmts.begin(); it != stmts.end();) {
        if (!is_index(*it)) { ++it; continue; }
        auto end = std::find_if_not(it, stmts.end(), is_index);
        std::sort(it, end, [](const auto& a, const auto& b) { return a.sql < b.sql; });
        it = end;
    }
    return stmts;
}

void check_golden(MetaData& md, const std::string& name, std::vector<std::string> dialects = {"sqlite", "postgresql"}) {
    apply_naming_conventions(md);
    for (const auto& d : dialects) {
        INFO(name << " on " << d);
        auto compiler = d == "sqlite" ? dialect::make_sqlite_ddl_compiler() : dialect::make_postgresql_ddl_compiler();
        std::string got = render(sort_index_runs(sql::create_all_ddl(md, *compiler))) + "-- drop_all\n\n" +
                          render(sql::drop_all_ddl(md, *compiler));
        CHECK(got == golden(name, d));
    }
}

// unique=True on a column: the flag plus the UniqueConstraint SQLAlchemy makes for it.
void column_unique(Table& t, const std::string& col) {
    t.column(col)->unique = true;
    add_unique(t, {col});
}

}  // namespace

TEST_CASE("golden: every generic and upper-case type, enums, booleans") {
    MetaData md;
    Table& g = add_table(md, "generic");
    add_pk(g);
    add_column(g, "a", ty(TypeKind::SmallInteger));
    add_column(g, "b", ty(TypeKind::BigInteger));
    add_column(g, "c", ty(TypeKind::String));
    add_column(g, "d", ty(TypeKind::String, 30));
    add_column(g, "e", ty(TypeKind::Unicode, 10));
    add_column(g, "f", ty(TypeKind::Text));
    add_column(g, "g", ty(TypeKind::UnicodeText));
    add_column(g, "h", ty(TypeKind::Boolean));
    add_column(g, "i", ty(TypeKind::Date));
    add_column(g, "j", ty(TypeKind::DateTime));
    TypeEngine tz = ty(TypeKind::DateTime);
    tz.timezone = true;
    add_column(g, "k", tz);
    add_column(g, "l", ty(TypeKind::Time));
    add_column(g, "m", ty(TypeKind::Interval));
    add_column(g, "n", ty(TypeKind::Float));
    add_column(g, "o", numeric(TypeKind::Float, 24));
    add_column(g, "p", ty(TypeKind::Numeric));
    add_column(g, "q", numeric(TypeKind::Numeric, 12));
    add_column(g, "r", numeric(TypeKind::Numeric, 10, 2));
    add_column(g, "s", ty(TypeKind::LargeBinary));
    add_column(g, "t", ty(TypeKind::PickleType));
    add_column(g, "u", ty(TypeKind::JSON));
    TypeEngine coll = ty(TypeKind::String, 20);
    coll.collation = "C";
    add_column(g, "v", coll);

    Table& u = add_table(md, "upper");
    add_pk(u, "id", ty(TypeKind::INTEGER));
    add_column(u, "a", ty(TypeKind::SMALLINT));
    add_column(u, "b", ty(TypeKind::BIGINT));
    add_column(u, "c", ty(TypeKind::VARCHAR, 10));
    add_column(u, "d", ty(TypeKind::NVARCHAR, 10));
    add_column(u, "e", ty(TypeKind::CHAR, 3));
    add_column(u, "f", ty(TypeKind::NCHAR, 2));
    add_column(u, "g", ty(TypeKind::TEXT));
    add_column(u, "h", ty(TypeKind::CLOB));
    add_column(u, "i", ty(TypeKind::BOOLEAN));
    add_column(u, "j", ty(TypeKind::DATE));
    add_column(u, "k", ty(TypeKind::DATETIME));
    add_column(u, "l", ty(TypeKind::TIMESTAMP));
    TypeEngine ts = ty(TypeKind::TIMESTAMP);
    ts.timezone = true;
    add_column(u, "m", ts);
    add_column(u, "n", ty(TypeKind::TIME));
    add_column(u, "o", ty(TypeKind::FLOAT));
    add_column(u, "p", ty(TypeKind::REAL));
    add_column(u, "q", numeric(TypeKind::NUMERIC, 8, 3));
    add_column(u, "r", numeric(TypeKind::DECIMAL, 6, 1));
    add_column(u, "s", ty(TypeKind::BLOB));
    add_column(u, "t", ty(TypeKind::BINARY, 16));
    add_column(u, "u", ty(TypeKind::VARBINARY, 8));

    Table& e = add_table(md, "enums");
    add_pk(e, "id", ty(TypeKind::BigInteger));
    add_column(e, "native", enum_type({"draft", "published"}, "status"));
    add_column(e, "again", enum_type({"draft", "published"}, "status"));
    add_column(e, "plain", enum_type({"a", "bb", "ccc"}, "plain_kind", false));
    add_column(e, "checked", enum_type({"x", "y"}, "xy", false, true));
    TypeEngine flag = ty(TypeKind::Boolean);
    flag.create_constraint = true;
    flag.constraint_name = "flag_bool";
    add_column(e, "flag", flag);
    flag.constraint_name.reset();
    add_column(e, "flag2", flag);
    check_golden(md, "types");
}

TEST_CASE("golden: PostgreSQL types") {
    MetaData md;
    Table& t = add_table(md, "pgtypes");
    add_pk(t, "id", ty(TypeKind::SmallInteger));
    add_column(t, "a", ty(TypeKind::PG_JSONB));
    add_column(t, "b", ty(TypeKind::PG_UUID));
    add_column(t, "c", array_of(ty(TypeKind::Integer)));
    TypeEngine arr2 = array_of(ty(TypeKind::String, 20));
    arr2.dimensions = 2;
    add_column(t, "d", arr2);
    add_column(t, "e", ty(TypeKind::PG_INET));
    add_column(t, "f", ty(TypeKind::PG_TSVECTOR));
    add_column(t, "g", ty(TypeKind::PG_BYTEA));
    TypeEngine iv = ty(TypeKind::PG_INTERVAL);
    iv.fields = "DAY";
    add_column(t, "h", iv);
    add_column(t, "i", numeric(TypeKind::PG_TIMESTAMP, 3));
    add_column(t, "j", ty(TypeKind::PG_DOUBLE_PRECISION));
    add_column(t, "k", ty(TypeKind::PG_CIDR));
    add_column(t, "l", ty(TypeKind::PG_MACADDR));
    add_column(t, "m", ty(TypeKind::PG_MONEY));
    add_column(t, "n", ty(TypeKind::PG_HSTORE));
    TypeEngine sw = enum_type({"on", "off"}, "Switch");
    sw.kind = TypeKind::PG_ENUM;
    add_column(t, "o", sw);
    add_column(t, "p", ty(TypeKind::PG_JSON));
    add_column(t, "q", ty(TypeKind::PG_INT4RANGE));
    TypeEngine tm = ty(TypeKind::PG_TIME);
    tm.timezone = true;
    add_column(t, "r", tm);
    check_golden(md, "pg_types", {"postgresql"});
}

TEST_CASE("golden: server defaults, comments, SERIAL choice") {
    MetaData md;
    Table& t = add_table(md, "defaults");
    t.comment = "defaults of each kind";
    add_pk(t).autoincrement = Autoincrement::False;
    add_column(t, "a", ty(TypeKind::String, 10)).server_default = str("it's");
    add_column(t, "b", ty(TypeKind::Integer)).server_default = text("0");
    add_column(t, "c", ty(TypeKind::DateTime)).server_default = func("now");
    add_column(t, "d", ty(TypeKind::DateTime)).server_default = func("current_timestamp");
    add_column(t, "e", ty(TypeKind::Boolean)).server_default = Clause::make(ClauseKind::True, "");
    add_column(t, "f", ty(TypeKind::Boolean), false).server_default = Clause::make(ClauseKind::False, "");
    add_column(t, "g", ty(TypeKind::String, 10)).server_default = func("lower", {str("ABC")});
    add_column(t, "h", ty(TypeKind::String, 10)).server_default = str("back\\slash");
    Table& s = add_table(md, "serials");
    add_pk(s, "big", ty(TypeKind::BigInteger));
    add_column(s, "x", ty(TypeKind::Integer)).comment = "it's x";
    Table& c = add_table(md, "composite");
    add_pk(c, "a");
    add_pk(c, "b");
    add_column(c, "c", numeric(TypeKind::Numeric, 5, 0));
    check_golden(md, "defaults");
}

TEST_CASE("golden: named and unnamed constraints, composite keys, FK actions") {
    MetaData md;
    Table& p = add_table(md, "parent");
    add_pk(p);
    add_column(p, "code", ty(TypeKind::String, 5), false);
    add_pk(p, "version").autoincrement = Autoincrement::False;
    Table& c = add_table(md, "child");
    // __table_args__-style constraints exist before the columns attach.
    add_unique(c, {"pcode", "pver"}, "uq_child_pcode_pver");
    add_check(c, "qty > 0", "ck_qty_positive");
    add_check(c, "qty < 1000");
    auto& comp = add_fk(c, {"parent_id", "pver"}, "parent", {"id", "version"}, false);
    comp.name = "fk_child_parent";
    comp.deferrable = "DEFERRABLE";
    comp.initially = "DEFERRED";
    add_pk(c);
    add_column(c, "parent_id", ty(TypeKind::Integer));
    auto& fk = add_fk(c, {"parent_id"}, "parent", {"id"});
    fk.ondelete = "CASCADE";
    fk.onupdate = "SET NULL";
    add_column(c, "pcode", ty(TypeKind::String, 5));
    add_column(c, "pver", ty(TypeKind::Integer));
    add_column(c, "email", ty(TypeKind::String, 100));
    column_unique(c, "email");
    add_column(c, "qty", ty(TypeKind::Integer), false);
    Table& l = add_table(md, "link");
    l.primary_key.name = "pk_link";
    l.primary_key.implicit_generated = false;  // an explicit PrimaryKeyConstraint
    add_pk(l, "a");
    add_fk(l, {"a"}, "parent", {"id"});
    add_pk(l, "b");
    add_fk(l, {"b"}, "child", {"id"}).name = "fk_link_b";
    check_golden(md, "constraints");
}

TEST_CASE("golden: indexes named, unnamed, unique, expression, partial") {
    MetaData md;
    Table& u = add_table(md, "users");
    add_pk(u);
    add_column(u, "email", ty(TypeKind::String, 100)).index = true;
    add_index(u, std::nullopt, {colref("email")}).from_column = true;
    Column& name = add_column(u, "name", ty(TypeKind::String, 50));
    name.index = true;
    name.unique = true;
    add_index(u, std::nullopt, {colref("name")}, true).from_column = true;
    add_column(u, "active", ty(TypeKind::Boolean));
    add_index(u, "ix_users_lower_email", {func("lower", {colref("email")})}, true);
    auto& partial = add_index(u, "ix_active_name", {colref("active"), colref("name")});
    partial.postgresql_where = text("active");
    partial.sqlite_where = text("active = 1");
    check_golden(md, "indexes");
}

TEST_CASE("golden: naming conventions and PostgreSQL name truncation") {
    MetaData md;
    md.naming_convention = {{"ix", "ix_%(column_0_label)s"},
                            {"uq", "uq_%(table_name)s_%(column_0_N_name)s"},
                            {"ck", "ck_%(table_name)s_%(constraint_name)s"},
                            {"fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"},
                            {"pk", "pk_%(table_name)s"}};
    Table& a = add_table(md, "account");
    add_pk(a);
    add_column(a, "slug", ty(TypeKind::String, 20));
    column_unique(a, "slug");
    Table& e = add_table(md, "entry_with_a_really_quite_long_table_name_for_truncation");
    add_unique(e, {"x", "account_identifier_with_long_name"});
    add_check(e, "x > 0", "positive");
    add_pk(e);
    add_column(e, "account_identifier_with_long_name", ty(TypeKind::Integer));
    add_fk(e, {"account_identifier_with_long_name"}, "account", {"id"});
    add_column(e, "x", ty(TypeKind::Integer)).index = true;
    add_index(e, std::nullopt, {colref("x")}).from_column = true;
    add_column(e, "kind", enum_type({"a", "b"}, "kind", false, true));
    check_golden(md, "naming");
}

TEST_CASE("golden: quoting of reserved, mixed-case and special names") {
    MetaData md;
    Table& u = add_table(md, "user");
    add_pk(u);
    add_column(u, "Name", ty(TypeKind::String, 10));
    add_column(u, "order", ty(TypeKind::Integer));
    add_column(u, "select", ty(TypeKind::Integer)).index = true;
    add_index(u, std::nullopt, {colref("select")}).from_column = true;
    add_column(u, "has space", ty(TypeKind::Integer));
    add_column(u, "2nd", ty(TypeKind::Integer));
    add_column(u, "ok_name$", ty(TypeKind::Integer));
    Table& c = add_table(md, "CamelCase");
    add_pk(c, "ID");
    add_column(c, "user_id", ty(TypeKind::Integer));
    add_fk(c, {"user_id"}, "user", {"id"});
    check_golden(md, "quoting");
}

TEST_CASE("golden: foreign-key cycles (ALTER on PostgreSQL, inline on SQLite)") {
    MetaData md;
    Table& z = add_table(md, "zeta");
    add_pk(z);
    Table& b = add_table(md, "b");
    add_pk(b);
    add_column(b, "a_id", ty(TypeKind::Integer));
    add_fk(b, {"a_id"}, "a", {"id"}).name = "fk_b_a";
    Table& a = add_table(md, "a");
    add_pk(a);
    add_column(a, "b_id", ty(TypeKind::Integer));
    add_fk(a, {"b_id"}, "b", {"id"});
    Table& al = add_table(md, "alpha");
    add_pk(al);
    add_column(al, "zeta_id", ty(TypeKind::Integer));
    add_fk(al, {"zeta_id"}, "zeta", {"id"});
    check_golden(md, "cycles");
}

TEST_CASE("golden: use_alter and self-referencing foreign keys") {
    MetaData md;
    Table& n = add_table(md, "node");
    add_pk(n);
    add_column(n, "parent_id", ty(TypeKind::Integer));
    add_fk(n, {"parent_id"}, "node", {"id"});
    add_column(n, "tree_id", ty(TypeKind::Integer));
    auto& fk = add_fk(n, {"tree_id"}, "tree", {"id"});
    fk.use_alter = true;
    fk.name = "fk_node_tree";
    Table& t = add_table(md, "tree");
    add_pk(t);
    add_column(t, "root_id", ty(TypeKind::Integer));
    add_fk(t, {"root_id"}, "node", {"id"});
    check_golden(md, "use_alter");
}

TEST_CASE("golden: CheckConstraint given to Column renders inline after the column") {
    MetaData md;
    md.naming_convention = {{"ck", "ck_%(table_name)s_%(column_0_name)s"}};
    Table& b = add_table(md, "budget");
    add_check(b, "amount < 1000000", "amount_cap");  // table-level, made before Table()
    add_pk(b);
    add_column(b, "amount", numeric(TypeKind::Numeric, 12, 2), false);
    add_check(b, "amount >= 0", "amount_nonnegative").column = "amount";
    add_column(b, "cap", ty(TypeKind::Integer));
    auto& cap = add_check(b, "cap < 100");  // unnamed: the convention names it, column_0_name empty for text()
    cap.column = "cap";
    cap.deferrable = "DEFERRABLE";
    cap.initially = "DEFERRED";
    add_column(b, "code", ty(TypeKind::String, 5));
    add_check(b, "length(code) = 5", "code_len").column = "code";
    column_unique(b, "code");
    TypeEngine flag = ty(TypeKind::Boolean);
    flag.create_constraint = true;
    add_column(b, "flag", flag);
    add_check(b, "flag IS NOT NULL", "flag_set").column = "flag";
    check_golden(md, "column_checks");
}

TEST_CASE("golden: composite primary key lists its autoincrement=True column first unless explicit") {
    MetaData md;
    Table& r = add_table(md, "readings");
    add_pk(r, "sensor", ty(TypeKind::String, 20));
    add_pk(r, "seq").autoincrement = Autoincrement::True;
    add_column(r, "value", ty(TypeKind::Float));
    Table& t = add_table(md, "three");
    add_pk(t, "a", ty(TypeKind::String, 5));
    add_pk(t, "b", ty(TypeKind::String, 5));
    add_pk(t, "c", ty(TypeKind::BigInteger)).autoincrement = Autoincrement::True;
    Table& n = add_table(md, "no_autoinc");
    add_pk(n, "a");
    add_pk(n, "b");
    // PrimaryKeyConstraint("sensor", "seq", name=...) and PrimaryKeyConstraint(name=...)
    // over primary_key=True columns: both explicit, so both keep table order.
    for (auto [name, pk_name] : {std::pair{"explicit_pk", "pk_explicit"}, std::pair{"empty_pk", "pk_empty"}}) {
        Table& e = add_table(md, name);
        add_pk(e, "sensor", ty(TypeKind::String, 20));
        add_pk(e, "seq").autoincrement = Autoincrement::True;
        e.primary_key.name = pk_name;
        e.primary_key.implicit_generated = false;
    }
    check_golden(md, "pk_order", {"postgresql"});
}
