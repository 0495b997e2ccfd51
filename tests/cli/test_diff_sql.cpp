// orm diff --format sql, and the migration engine under it
// (autogenerate, operation_sql, apply, reverse), for every kind of
// difference compare_metadata reports, on SQLite and PostgreSQL:
//   1. create-all from models A and insert rows;
//   2. diff against models B reports exactly the expected operations
//      (kind, table, column, destructive);
//   3. the SQL printed by `orm diff --format sql`, run by sqlite3 / psql,
//      brings the database to B: `orm diff --exit-code` exits 0, the rows
//      are still there;
//   4. replaying the operations on the reflected schema A gives the
//      reflected schema B (compare_metadata finds nothing between them);
//   5. the reversed operations (the downgrade), run the way the migration
//      runner runs them, bring the database back to A with its rows, and
//      replaying them gives the reflected schema A.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "orm/declarative/models_reader.hpp"
#include "orm/engine/engine.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/autogenerate.hpp"
#include "orm/migrate/compare.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/sql/ddl_compiler.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;

namespace {

const char* kPrelude = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()
)py";

const std::string kId = "    id = sa.Column(sa.Integer, primary_key=True)\n";
const std::string kName = "    name = sa.Column(sa.String(100), nullable=False)\n";
const std::string kEmail = "    email = sa.Column(sa.String(100))\n";
const std::string kStatus = "    status = sa.Column(sa.String(20), server_default=\"new\")\n";
const std::string kScore = "    score = sa.Column(sa.Numeric(10, 2))\n";
const std::string kCustomerCols = kId + kName + kEmail + kStatus + kScore;
const std::string kOrderCols = kId +
                               "    customer_id = sa.Column(sa.Integer, sa.ForeignKey(\"customers.id\"))\n"
                               "    note = sa.Column(sa.Text)\n";

std::string customers(const std::string& body) {
    return "\n\nclass Customer(Base):\n    __tablename__ = \"customers\"\n" + body;
}
std::string orders(const std::string& body = kOrderCols, const std::string& table = "orders") {
    return "\n\nclass Order(Base):\n    __tablename__ = \"" + table + "\"\n" + body;
}
std::string shop(const std::string& customer_body = kCustomerCols, const std::string& order_body = kOrderCols,
                 const std::string& extra = "") {
    return kPrelude + customers(customer_body) + orders(order_body) + extra;
}

const std::vector<std::string> kSeed = {
    "INSERT INTO customers (id, name, email, status, score) VALUES (1, 'Ann', 'ann@x.org', 'new', 10.50), "
    "(2, 'Bob', 'bob@x.org', 'vip', 3.25), (3, 'Cy', 'cy@x.org', 'new', 0)",
    "INSERT INTO orders (id, customer_id, note) VALUES (1, 1, 'first'), (2, 1, 'second'), (3, 2, NULL), (4, 3, 'x')",
};

struct Case {
    explicit Case(std::string n) : name(std::move(n)) {}
    std::string name;   // also the database name
    std::vector<std::string> dialects{"sqlite", "postgresql"};
    std::string a, b;
    std::vector<std::string> seed;   // after kSeed
    // "[!]kind table[.column] [name]": ! when destructive; the name for index and enum kinds.
    std::vector<std::string> expected;
    // (query, value) after the upgrade.
    std::vector<std::pair<std::string, std::string>> after_up;
    // Data lost by the upgrade (a dropped column or table): the downgrade
    // cannot bring it back, so the rows are compared by these queries
    // instead of whole.
    std::vector<std::pair<std::string, std::string>> after_down;
    bool loses_data = false;
    bool one_rebuild_on_sqlite = false;   // the SQL rebuilds customers exactly once
};

std::vector<std::string> op_keys(const json& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) {
        const std::string kind = op["kind"];
        std::string key = (op["destructive"].get<bool>() ? "!" : "") + kind;
        if (!op["table"].is_null()) key += " " + op["table"].get<std::string>();
        if (!op["column"].is_null()) key += "." + op["column"].get<std::string>();
        if (kind.find("index") != std::string::npos || kind.find("enum") != std::string::npos)
            key += " " + op["name"].get<std::string>();
        out.push_back(key);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string scalar(orm::engine::Connection& conn, const std::string& sql) {
    auto r = conn.query(sql);
    REQUIRE(r->next());
    const auto& v = r->row()[0];
    switch (v.kind()) {
    case orm::dialect::Value::Kind::null: return "NULL";
    case orm::dialect::Value::Kind::integer: return std::to_string(v.as_int());
    case orm::dialect::Value::Kind::boolean: return v.as_bool() ? "true" : "false";
    case orm::dialect::Value::Kind::text: return v.as_text();
    default: return v.repr();
    }
}

// What the migration runner does with a list of statements: one
// transaction; on SQLite with a rebuild, foreign keys off around it and
// checked before COMMIT.
void run_like_the_runner(orm::engine::Connection& conn, const orm::migrate::OperationSql& sql, bool sqlite) {
    if (sqlite && sql.sqlite_rebuild) conn.execute("PRAGMA foreign_keys=OFF");
    auto tx = conn.begin();
    for (const auto& s : sql.statements) conn.execute(s.sql, s.params);
    if (sqlite) {
        auto check = conn.query("PRAGMA foreign_key_check");
        const bool dangling = check->next();
        check.reset();
        REQUIRE_FALSE(dangling);
    }
    tx.commit();
    if (sqlite) conn.execute("PRAGMA foreign_keys=ON");
}

void run_case(const Case& c) {
    for (const auto& dialect : c.dialects) {
        DYNAMIC_SECTION(dialect) {
            const bool sqlite = dialect == "sqlite";
            TempDir dir;
            const auto db_file = dir / "m.db";
            const std::string url = sqlite ? "sqlite:///" + db_file.string() : create_database("diff_sql_" + c.name);
            write_file(dir / "a.py", c.a);
            write_file(dir / "b.py", c.b);
            const std::string a = (dir / "a.py").string(), b = (dir / "b.py").string();
            auto created = run_orm({"--models", a, "--url", url, "create-all"});
            INFO(created.err);
            REQUIRE(created.exit_code == 0);
            auto engine = orm::engine::create_engine(url);
            auto conn = engine.connect();
            for (const auto& s : kSeed) conn.execute(s);
            for (const auto& s : c.seed) conn.execute(s);
            const std::string rows_before = data_snapshot(url);

            // 2. The differences, exactly.
            auto diff = run_orm({"--models", b, "--url", url, "diff", "--format", "json", "--exit-code"});
            INFO(diff.out << diff.err);
            REQUIRE(diff.exit_code == 1);
            CHECK(op_keys(json::parse(diff.out)) == c.expected);

            // 4 (first half). The engine's view: operations, replayed.
            const auto models_b = orm::declarative::read_models_file(b);
            const auto models_a = orm::declarative::read_models_file(a);
            const orm::migrate::SchemaState state_a = orm::engine::reflect(conn);
            const auto differences = orm::migrate::compare_metadata(models_b.metadata, state_a);
            const auto ops = orm::migrate::operations_from_diff(differences, models_b.metadata, state_a);
            orm::migrate::SchemaState replayed = orm::migrate::copy_state(state_a);
            orm::migrate::apply_operations(ops, replayed);
            CHECK(orm::migrate::compare_metadata(models_b.metadata, replayed).empty());

            // 3. The script, run by the database's own client.
            auto script = run_orm({"--models", b, "--url", url, "diff", "--format", "sql"});
            INFO(script.out << script.err);
            REQUIRE(script.exit_code == 0);
            for (const auto& d : json::parse(diff.out))
                if (d["destructive"].get<bool>()) CHECK_THAT(script.out, Catch::Contains("-- destructive: " + d["kind"].get<std::string>()));
            if (c.one_rebuild_on_sqlite && sqlite) {
                size_t creates = 0;
                for (size_t p = 0; (p = script.out.find("CREATE TABLE _orm_new_customers", p)) != std::string::npos; ++p) ++creates;
                CHECK(creates == 1);
            }
            conn.close();
            auto applied = sqlite ? run_process({"sqlite3", "-bail", db_file.string()}, {}, script.out)
                                  : run_process({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"}, {}, script.out);
            INFO(applied.out << applied.err);
            REQUIRE(applied.exit_code == 0);
            auto after = run_orm({"--models", b, "--url", url, "diff", "--exit-code"});
            INFO(after.out << after.err);
            CHECK(after.exit_code == 0);

            conn = engine.connect();
            for (const auto& [query, value] : c.after_up) {
                INFO(query);
                CHECK(scalar(conn, query) == value);
            }
            // 4 (second half). The replayed schema is the one the database now has.
            const orm::migrate::SchemaState state_b = orm::engine::reflect(conn);
            {
                auto left = orm::migrate::compare_metadata(replayed.metadata, state_b);
                std::string text;
                for (const auto& op : left) text += orm::migrate::describe(op) + "\n";
                INFO("replayed vs reflected:\n" << text);
                CHECK(left.empty());
            }

            // 5. The downgrade.
            const auto down = orm::migrate::reverse_operations(ops, state_a);
            orm::migrate::SchemaState back = orm::migrate::copy_state(replayed);
            orm::migrate::apply_operations(down, back);
            auto compiler = engine.dialect().ddl_compiler();
            orm::migrate::SchemaState compile_state = orm::migrate::copy_state(state_b);
            const auto down_sql = orm::migrate::operations_sql(down, compile_state, *compiler);
            run_like_the_runner(conn, down_sql, sqlite);
            auto restored = run_orm({"--models", a, "--url", url, "diff", "--exit-code"});
            INFO(restored.out << restored.err);
            CHECK(restored.exit_code == 0);
            const orm::migrate::SchemaState state_back = orm::engine::reflect(conn);
            {
                auto left = orm::migrate::compare_metadata(back.metadata, state_back);
                std::string text;
                for (const auto& op : left) text += orm::migrate::describe(op) + "\n";
                INFO("replayed downgrade vs reflected:\n" << text);
                CHECK(left.empty());
            }
            CHECK(orm::migrate::compare_metadata(models_a.metadata, back).empty());
            for (const auto& [query, value] : c.after_down) {
                INFO(query);
                CHECK(scalar(conn, query) == value);
            }
            conn.close();
            if (!c.loses_data) CHECK(data_snapshot(url) == rows_before);
        }
    }
}

const std::vector<std::pair<std::string, std::string>> kRowsKept = {
    {"SELECT count(*) FROM customers", "3"},
    {"SELECT count(*) FROM orders", "4"},
    {"SELECT name FROM customers WHERE id = 2", "Bob"},
    {"SELECT count(*) FROM orders JOIN customers ON customers.id = orders.customer_id", "4"},
};

}  // namespace

TEST_CASE("diff --format sql: add_table", "[cli][diff][migrate][db]") {
    Case c{"add_table"};
    c.a = shop();
    c.b = shop(kCustomerCols, kOrderCols, "\n\nclass Note(Base):\n    __tablename__ = \"notes\"\n" + kId +
                                              "    body = sa.Column(sa.Text, nullable=False)\n"
                                              "    customer_id = sa.Column(sa.Integer, sa.ForeignKey(\"customers.id\"))\n");
    c.expected = {"add_table notes"};
    c.after_up = kRowsKept;
    c.after_up.push_back({"SELECT count(*) FROM notes", "0"});
    run_case(c);
}

TEST_CASE("diff --format sql: remove_table", "[cli][diff][migrate][db]") {
    Case c{"remove_table"};
    c.a = shop(kCustomerCols, kOrderCols, "\n\nclass Old(Base):\n    __tablename__ = \"old\"\n" + kId +
                                              "    label = sa.Column(sa.String(10))\n");
    c.b = shop();
    c.seed = {"INSERT INTO old (id, label) VALUES (1, 'a'), (2, 'b')"};
    c.expected = {"!remove_table old"};
    c.after_up = kRowsKept;
    c.after_down = {{"SELECT count(*) FROM old", "0"}, {"SELECT count(*) FROM orders", "4"}};
    c.loses_data = true;
    run_case(c);
}

TEST_CASE("diff --format sql: add_column", "[cli][diff][migrate][db]") {
    Case c{"add_column"};
    c.a = shop();
    c.b = shop(kCustomerCols + "    phone = sa.Column(sa.String(20))\n"
                               "    vip = sa.Column(sa.Boolean, nullable=False, server_default=sa.false())\n");
    c.expected = {"add_column customers.phone", "add_column customers.vip"};
    c.after_up = kRowsKept;
    c.after_up.push_back({"SELECT count(*) FROM customers WHERE NOT vip AND phone IS NULL", "3"});
    run_case(c);
}

TEST_CASE("diff --format sql: remove_column", "[cli][diff][migrate][db]") {
    Case c{"remove_column"};
    c.a = shop();
    c.b = shop(kId + kName + kEmail + kStatus);
    c.expected = {"!remove_column customers.score"};
    c.after_up = kRowsKept;
    c.after_down = {{"SELECT count(*) FROM customers WHERE score IS NULL", "3"}};
    c.after_down.insert(c.after_down.end(), kRowsKept.begin(), kRowsKept.end());
    c.loses_data = true;
    run_case(c);
}

TEST_CASE("diff --format sql: remove_column of an indexed column", "[cli][diff][migrate][db]") {
    Case c{"remove_indexed_column"};
    c.a = shop(kId + kName + "    email = sa.Column(sa.String(100), index=True)\n" + kStatus + kScore);
    c.b = shop(kId + kName + kStatus + kScore);
    c.expected = {"!remove_column customers.email", "remove_index customers ix_customers_email"};
    c.after_up = kRowsKept;
    c.after_down = kRowsKept;
    c.loses_data = true;
    run_case(c);
}

TEST_CASE("diff --format sql: modify_type widening and narrowing", "[cli][diff][migrate][db]") {
    Case c{"modify_type"};
    c.a = shop();
    c.b = shop(kId + "    name = sa.Column(sa.String(200), nullable=False)\n" +
               "    email = sa.Column(sa.String(50))\n" + kStatus + "    score = sa.Column(sa.Numeric(8, 2))\n");
    c.expected = {"!modify_type customers.email", "!modify_type customers.score", "modify_type customers.name"};
    c.after_up = kRowsKept;
    c.after_up.push_back({"SELECT CAST(score * 100 AS INTEGER) FROM customers WHERE id = 1", "1050"});
    c.after_up.push_back({"SELECT email FROM customers WHERE id = 3", "cy@x.org"});
    run_case(c);
}

TEST_CASE("diff --format sql: modify_type that converts values", "[cli][diff][migrate][db]") {
    Case c{"modify_type_using"};
    c.a = shop(kCustomerCols + "    code = sa.Column(sa.String(10))\n");
    c.b = shop(kCustomerCols + "    code = sa.Column(sa.Integer)\n");
    c.seed = {"UPDATE customers SET code = '42' WHERE id = 1", "UPDATE customers SET code = '7' WHERE id = 2"};
    c.expected = {"!modify_type customers.code"};
    c.after_up = kRowsKept;
    c.after_up.push_back({"SELECT code + 1 FROM customers WHERE id = 1", "43"});
    c.after_down = {{"SELECT code FROM customers WHERE id = 2", "7"}};
    run_case(c);
}

TEST_CASE("diff --format sql: modify_nullable", "[cli][diff][migrate][db]") {
    Case c{"modify_nullable"};
    c.a = shop();
    c.b = shop(kId + kName + "    email = sa.Column(sa.String(100), nullable=False)\n" + kStatus + kScore);
    c.expected = {"!modify_nullable customers.email"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: modify_default", "[cli][diff][migrate][db]") {
    Case c{"modify_default"};
    c.a = shop();
    c.b = shop(kId + kName + kEmail + "    status = sa.Column(sa.String(20), server_default=\"active\")\n" +
               "    score = sa.Column(sa.Numeric(10, 2), server_default=\"0\")\n");
    c.expected = {"modify_default customers.score", "modify_default customers.status"};
    c.after_up = kRowsKept;
    c.after_up.push_back({"SELECT status FROM customers WHERE id = 2", "vip"});
    run_case(c);
}

TEST_CASE("diff --format sql: modify_comment", "[cli][diff][migrate][db]") {
    Case c{"modify_comment"};
    c.dialects = {"postgresql"};   // SQLite keeps no comments
    c.a = shop();
    c.b = shop(kId + "    name = sa.Column(sa.String(100), nullable=False, comment=\"full name\")\n" + kEmail + kStatus + kScore);
    c.expected = {"modify_comment customers.name"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: modify_table_comment", "[cli][diff][migrate][db]") {
    Case c{"modify_table_comment"};
    c.dialects = {"postgresql"};
    c.a = shop();
    c.b = shop(kCustomerCols + "    __table_args__ = {\"comment\": \"people who buy\"}\n");
    c.expected = {"modify_table_comment customers"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: add_index", "[cli][diff][migrate][db]") {
    Case c{"add_index"};
    c.a = shop();
    c.b = shop(kCustomerCols + "    __table_args__ = (sa.Index(\"ix_customers_email\", \"email\", unique=True), "
                               "sa.Index(\"ix_customers_lower_name\", sa.func.lower(name)))\n");
    c.expected = {"add_index customers ix_customers_email", "add_index customers ix_customers_lower_name"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: remove_index", "[cli][diff][migrate][db]") {
    Case c{"remove_index"};
    c.a = shop(kId + "    name = sa.Column(sa.String(100), nullable=False, index=True)\n" + kEmail + kStatus + kScore);
    c.b = shop();
    c.expected = {"remove_index customers ix_customers_name"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: add_constraint", "[cli][diff][migrate][db]") {
    Case c{"add_constraint"};
    c.a = shop();
    c.b = shop(kCustomerCols + "    __table_args__ = (sa.UniqueConstraint(\"email\", name=\"uq_customers_email\"),)\n");
    c.expected = {"add_constraint customers"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: remove_constraint of an unnamed one", "[cli][diff][migrate][db]") {
    Case c{"remove_constraint"};
    c.a = shop(kId + kName + "    email = sa.Column(sa.String(100), unique=True)\n" + kStatus + kScore);
    c.b = shop();
    c.expected = {"remove_constraint customers"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: add_fk", "[cli][diff][migrate][db]") {
    Case c{"add_fk"};
    c.a = shop(kCustomerCols, kId + "    customer_id = sa.Column(sa.Integer)\n    note = sa.Column(sa.Text)\n");
    c.b = shop(kCustomerCols, kId +
                                  "    customer_id = sa.Column(sa.Integer, sa.ForeignKey(\"customers.id\", ondelete=\"CASCADE\"))\n"
                                  "    note = sa.Column(sa.Text)\n");
    c.expected = {"add_fk orders"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: remove_fk", "[cli][diff][migrate][db]") {
    Case c{"remove_fk"};
    c.a = shop();
    c.b = shop(kCustomerCols, kId + "    customer_id = sa.Column(sa.Integer)\n    note = sa.Column(sa.Text)\n");
    c.expected = {"remove_fk orders"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: add_check", "[cli][diff][migrate][db]") {
    Case c{"add_check"};
    c.a = shop();
    c.b = shop(kCustomerCols + "    __table_args__ = (sa.CheckConstraint(\"score >= 0\", name=\"ck_customers_score\"),)\n");
    c.expected = {"add_check customers"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: remove_check", "[cli][diff][migrate][db]") {
    Case c{"remove_check"};
    c.a = shop(kCustomerCols + "    __table_args__ = (sa.CheckConstraint(\"score >= 0\", name=\"ck_customers_score\"),)\n");
    c.b = shop();
    c.expected = {"remove_check customers"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: modify_primary_key", "[cli][diff][migrate][db]") {
    Case c{"modify_primary_key"};
    const std::string link_a = "\n\nclass Link(Base):\n    __tablename__ = \"links\"\n"
                               "    a = sa.Column(sa.Integer, primary_key=True, autoincrement=False)\n"
                               "    b = sa.Column(sa.Integer, nullable=False)\n";
    const std::string link_b = "\n\nclass Link(Base):\n    __tablename__ = \"links\"\n"
                               "    a = sa.Column(sa.Integer, primary_key=True, autoincrement=False)\n"
                               "    b = sa.Column(sa.Integer, primary_key=True, autoincrement=False)\n";
    c.a = shop(kCustomerCols, kOrderCols, link_a);
    c.b = shop(kCustomerCols, kOrderCols, link_b);
    c.seed = {"INSERT INTO links (a, b) VALUES (1, 1), (2, 1)"};
    c.expected = {"modify_primary_key links"};
    c.after_up = {{"SELECT count(*) FROM links", "2"}};
    run_case(c);
}

TEST_CASE("diff --format sql: add_enum", "[cli][diff][migrate][db]") {
    Case c{"add_enum"};
    c.dialects = {"postgresql"};   // native enum types
    c.a = shop();
    c.b = shop(kCustomerCols + "    mood = sa.Column(sa.Enum(\"calm\", \"busy\", name=\"mood\"))\n");
    c.expected = {"add_column customers.mood", "add_enum mood"};
    c.after_up = kRowsKept;
    run_case(c);
}

TEST_CASE("diff --format sql: remove_enum", "[cli][diff][migrate][db]") {
    Case c{"remove_enum"};
    c.dialects = {"postgresql"};
    c.a = shop(kCustomerCols + "    mood = sa.Column(sa.Enum(\"calm\", \"busy\", name=\"mood\"))\n");
    c.b = shop();
    c.seed = {"UPDATE customers SET mood = 'busy' WHERE id = 2"};
    c.expected = {"!remove_column customers.mood", "remove_enum mood"};
    c.after_up = kRowsKept;
    c.after_down = {{"SELECT count(*) FROM customers WHERE mood IS NULL", "3"}};
    c.loses_data = true;
    run_case(c);
}

TEST_CASE("diff --format sql: modify_enum adding a value", "[cli][diff][migrate][db]") {
    Case c{"modify_enum_add"};
    c.dialects = {"postgresql"};
    c.a = shop(kCustomerCols + "    state = sa.Column(sa.Enum(\"open\", \"closed\", name=\"state\"))\n");
    c.b = shop(kCustomerCols + "    state = sa.Column(sa.Enum(\"open\", \"pending\", \"closed\", name=\"state\"))\n");
    c.seed = {"UPDATE customers SET state = 'closed' WHERE id = 2"};
    c.expected = {"modify_enum state"};
    c.after_up = {{"SELECT state FROM customers WHERE id = 2", "closed"},
                  {"SELECT array_to_string(enum_range(NULL::state), ',')", "open,pending,closed"}};
    run_case(c);
}

TEST_CASE("diff --format sql: modify_enum removing a value", "[cli][diff][migrate][db]") {
    Case c{"modify_enum_remove"};
    c.dialects = {"postgresql"};
    c.a = shop(kCustomerCols +
               "    state = sa.Column(sa.Enum(\"open\", \"closed\", \"stale\", name=\"state\"), server_default=\"open\")\n");
    c.b = shop(kCustomerCols + "    state = sa.Column(sa.Enum(\"open\", \"closed\", name=\"state\"), server_default=\"open\")\n");
    c.seed = {"UPDATE customers SET state = 'closed' WHERE id = 2"};
    c.expected = {"!modify_enum state"};
    c.after_up = {{"SELECT state FROM customers WHERE id = 2", "closed"},
                  {"SELECT count(*) FROM customers WHERE state = 'open'", "2"},
                  {"SELECT array_to_string(enum_range(NULL::state), ',')", "open,closed"}};
    run_case(c);
}

TEST_CASE("diff --format sql: rename_table", "[cli][diff][migrate][db]") {
    Case c{"rename_table"};
    c.a = shop();
    c.b = kPrelude + customers(kCustomerCols) +
          orders("    __table_args__ = {\"info\": {\"renamed_from\": \"orders\"}}\n" + kOrderCols, "purchases");
    c.expected = {"rename_table purchases"};
    c.after_up = {{"SELECT count(*) FROM purchases", "4"}, {"SELECT note FROM purchases WHERE id = 2", "second"}};
    run_case(c);
}

TEST_CASE("diff --format sql: rename_column", "[cli][diff][migrate][db]") {
    Case c{"rename_column"};
    c.a = shop();
    c.b = shop(kId + kName + "    email_address = sa.Column(sa.String(100), info={\"renamed_from\": \"email\"})\n" +
               kStatus + kScore);
    c.expected = {"rename_column customers.email_address"};
    c.after_up = kRowsKept;
    c.after_up.push_back({"SELECT email_address FROM customers WHERE id = 1", "ann@x.org"});
    run_case(c);
}

TEST_CASE("diff --format sql: several changes to one table are one SQLite rebuild", "[cli][diff][migrate][db]") {
    Case c{"one_rebuild"};
    c.a = shop(kId + kName + kEmail + kStatus + kScore + "    legacy = sa.Column(sa.Integer)\n");
    c.b = shop(kId + "    name = sa.Column(sa.String(150), nullable=False)\n" +
               "    email = sa.Column(sa.String(100), nullable=False)\n" + kStatus +
               "    score = sa.Column(sa.Numeric(12, 2))\n" + "    phone = sa.Column(sa.String(20))\n" +
               "    __table_args__ = (sa.CheckConstraint(\"length(name) > 0\", name=\"ck_name\"), "
               "sa.Index(\"ix_customers_status\", \"status\"))\n");
    c.seed = {"UPDATE customers SET legacy = id * 10"};
    c.expected = {"!modify_nullable customers.email",
                  "!remove_column customers.legacy",
                  "add_check customers",
                  "add_column customers.phone",
                  "add_index customers ix_customers_status",
                  "modify_type customers.name",
                  "modify_type customers.score"};
    c.after_up = kRowsKept;
    c.after_up.push_back({"SELECT CAST(score * 100 AS INTEGER) FROM customers WHERE id = 2", "325"});
    c.after_down = kRowsKept;
    c.after_down.push_back({"SELECT count(*) FROM customers WHERE legacy IS NULL", "3"});
    c.loses_data = true;
    c.one_rebuild_on_sqlite = true;
    run_case(c);
}
