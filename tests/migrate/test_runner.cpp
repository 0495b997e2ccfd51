// The migration runner on SQLite and PostgreSQL: a revision that fails
// leaves the database at the one before with nothing of it applied and an
// error naming revision, operation and SQL; modified applied files are
// refused; the offline script is what the online run executes; every
// operation of SPEC §4 upgraded then downgraded gives the schema and rows
// back; a table rebuild keeps 100,000 rows.
#include <catch2/catch.hpp>

#include <regex>

#include "migrate/migrate_helpers.hpp"
#include "orm/core/error.hpp"
#include "orm/migrate/runner.hpp"

using namespace orm;
using namespace orm::migrate;
using migrate_test::History;
using migrate_test::downgrade;
using migrate_test::kEngines;
using migrate_test::upgrade;

namespace {


std::optional<std::string> current_of(const std::string& url, const History& h) {
    auto engine = engine::create_engine(url);
    auto graph = h.graph();
    Migrator m(engine, graph);
    auto heads = m.current();
    if (heads.empty()) return std::nullopt;
    return heads[0];
}


std::string create(const std::string& table) {
    return "    op.create_table('" + table + "', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))";
}

// The statements of an offline script, without comments, transaction
// control, PRAGMAs, the foreign-key guard and alembic_version bookkeeping.
std::vector<std::string> migration_statements(const std::string& script) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < script.size()) {
        size_t end = script.find(";\n\n", start);
        if (end == std::string::npos) end = script.size();
        std::string s = script.substr(start, end - start);
        start = end + 3;
        while (s.rfind("-- ", 0) == 0) s = s.substr(s.find("\n\n") == std::string::npos ? s.size() : s.find("\n\n") + 2);
        if (s.empty() || s == "BEGIN" || s == "COMMIT" || s.rfind("PRAGMA foreign_key", 0) == 0 ||
            s.find("_orm_fk_guard") != std::string::npos || s.find("alembic_version") != std::string::npos)
            continue;
        out.push_back(s);
    }
    return out;
}

}  // namespace

TEST_CASE("runner: a failing statement in revision 3 of 5 leaves the database at revision 2", "[migrate][runner][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", create("one"));
            h.add("r2", create("two"));
            std::string third = h.add("r3", create("three") + "\n    op.execute('INSERT INTO nowhere (x) VALUES (1)')",
                                      "    pass", "the broken one,\nwhose first paragraph has two lines");
            h.add("r4", create("four"));
            h.add("r5", create("five"));
            std::string url = migrate_test::fresh_url(engine, h.dir);
            std::string message;
            try {
                upgrade(url, h);
            } catch (const DatabaseError& e) {
                message = e.what();
            }
            // The revision named on the error's one line: its message's first line.
            CHECK(message.find("revision r3 (the broken one, ...) failed in op.execute at " + third + ":22:5") !=
                  std::string::npos);
            CHECK(message.find("[SQL: INSERT INTO nowhere (x) VALUES (1)]") != std::string::npos);
            CHECK(message.find("the database stays at revision r2") != std::string::npos);
            CHECK(current_of(url, h) == "r2");
            auto tables = orm_test::table_names(url);
            CHECK(std::find(tables.begin(), tables.end(), "two") != tables.end());
            CHECK(std::find(tables.begin(), tables.end(), "three") == tables.end());   // nothing of r3
            CHECK(std::find(tables.begin(), tables.end(), "four") == tables.end());
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM orm_migration_log") == "2");
        }
    }
}

TEST_CASE("runner: an applied revision file that changed is refused unless allowed", "[migrate][runner][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            std::string first = h.add("r1", create("one"));
            h.add("r2", create("two"));
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h, "r1");
            orm_test::write_file(first, orm_test::read_file(first) + "# edited after it ran\n");
            CHECK_THROWS_AS(upgrade(url, h), SafetyError);
            CHECK_THROWS_WITH(upgrade(url, h), Catch::Contains(first) && Catch::Contains("--allow-modified"));
            CHECK_THROWS_AS(downgrade(url, h, "base"), SafetyError);
            CHECK(current_of(url, h) == "r1");
            RunnerOptions allow;
            allow.allow_modified = true;
            CHECK(upgrade(url, h, "head", allow).size() == 1);
            CHECK(current_of(url, h) == "r2");
            // A revision not yet applied may be edited freely.
            History h2;
            h2.add("s1", create("one"));
            std::string later = h2.add("s2", create("two"));
            std::string url2 = migrate_test::fresh_url(engine, h2.dir);
            upgrade(url2, h2, "s1");
            orm_test::write_file(later, orm_test::read_file(later) + "# not applied yet\n");
            CHECK(upgrade(url2, h2).size() == 1);
        }
    }
}

TEST_CASE("runner: upgrade and downgrade with relative targets and stamp keep alembic_version and the log", "[migrate][runner][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", create("one"), "    op.drop_table('one')");
            h.add("r2", create("two"), "    op.drop_table('two')");
            h.add("r3", create("three"), "    op.drop_table('three')");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            CHECK(upgrade(url, h, "+2").size() == 2);
            CHECK(current_of(url, h) == "r2");
            CHECK(upgrade(url, h).size() == 1);
            CHECK(upgrade(url, h).empty());   // nothing to do at head
            CHECK(downgrade(url, h, "-1").size() == 1);
            CHECK(current_of(url, h) == "r2");
            CHECK(upgrade(url, h, "r1").empty());   // below current: nothing to do, as in Alembic
            auto reports = downgrade(url, h, "base");
            REQUIRE(reports.size() == 2);
            CHECK(reports[0].revision == "r2");
            CHECK(reports[0].direction == "downgrade");
            CHECK_FALSE(current_of(url, h).has_value());
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM alembic_version") == "0");
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM orm_migration_log WHERE direction = 'downgrade'") == "3");
            auto engine_ = engine::create_engine(url);
            auto graph = h.graph();
            Migrator m(engine_, graph);
            m.stamp({"r3"});
            CHECK(m.current() == std::vector<std::string>{"r3"});
            CHECK(orm_test::table_names(url) == std::vector<std::string>{"alembic_version", "orm_migration_log"});
            m.stamp({"base"});
            CHECK(m.current().empty());
        }
    }
}

TEST_CASE("runner: the offline script holds the statements the online run executes", "[migrate][runner][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", R"(    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Numeric(precision=10, scale=2), server_default=sa.text('0'), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email', name='uq_customers_email')
    )
    op.create_index('ix_customers_score', 'customers', ['score'], unique=False)
    op.bulk_insert(sa.table('customers', sa.column('id'), sa.column('email')), [{'id': 1, 'email': "o'neil@example.com"}]))",
                  "    op.drop_table('customers')");
            h.add("r2", R"(    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('town', sa.String(length=50), server_default='Norfolk', nullable=False))
        batch_op.alter_column('email', existing_type=sa.String(length=200), type_=sa.String(length=300))
        batch_op.drop_constraint('uq_customers_email', type_='unique'))",
                  R"(    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_customers_email', ['email'])
        batch_op.alter_column('email', existing_type=sa.String(length=300), type_=sa.String(length=200))
        batch_op.drop_column('town'))");
            auto graph = h.graph();
            std::string url = migrate_test::fresh_url(engine, h.dir);
            std::vector<std::string> online;
            for (auto& r : upgrade(url, h))
                for (auto& s : r.statements) online.push_back(s);
            std::string script = offline_script(graph, {}, "r2", true, engine);
            CHECK(migration_statements(script) == online);
            CHECK(script.find("-- Running upgrade  -> r1") != std::string::npos);
            CHECK(script.find("INSERT INTO alembic_version (version_num) VALUES ('r1')") != std::string::npos);
            CHECK(script.find("UPDATE alembic_version SET version_num='r2' WHERE alembic_version.version_num = 'r1'") !=
                  std::string::npos);
            std::vector<std::string> online_down;
            for (auto& r : downgrade(url, h, "base"))
                for (auto& s : r.statements) online_down.push_back(s);
            CHECK(migration_statements(offline_script(graph, {"r2"}, "base", false, engine)) == online_down);
        }
    }
}

namespace {

struct OpCase {
    const char* name;
    std::string upgrade, downgrade;
    bool rows_kept = true;          // false where the downgrade cannot bring rows back (drop_table)
    bool postgresql_only = false;
};

const char* kSetup = R"(    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('town', sa.String(length=50), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_customers_town', 'customers', ['town'], unique=False)
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name='fk_orders_customer'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('pairs',
    sa.Column('a', sa.Integer(), nullable=False),
    sa.Column('b', sa.Integer(), nullable=False)
    )
    op.bulk_insert(sa.table('customers', sa.column('id'), sa.column('name'), sa.column('town')),
        [{'id': 1, 'name': 'Toby', 'town': 'Wolfden'}, {'id': 2, 'name': 'Sarah', 'town': 'Norfolk'}])
    op.bulk_insert(sa.table('orders', sa.column('id'), sa.column('customer_id'), sa.column('note')),
        [{'id': 1, 'customer_id': 1, 'note': 'first'}, {'id': 2, 'customer_id': 2, 'note': None}])
    op.bulk_insert(sa.table('pairs', sa.column('a'), sa.column('b')), [{'a': 1, 'b': 2}, {'a': 2, 'b': 1}]))";

std::vector<OpCase> op_cases() {
    return {
        {"create_table", "    op.create_table('towns', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))",
         "    op.drop_table('towns')"},
        {"drop_table", "    op.drop_table('pairs')",
         "    op.create_table('pairs', sa.Column('a', sa.Integer(), nullable=False), sa.Column('b', sa.Integer(), nullable=False))",
         false},
        {"rename_table", "    op.rename_table('pairs', 'couples')", "    op.rename_table('couples', 'pairs')"},
        {"add_column", "    op.add_column('customers', sa.Column('email', sa.String(length=100), nullable=True))",
         "    op.drop_column('customers', 'email')"},
        {"drop_column", "    op.drop_column('customers', 'score')",
         "    op.add_column('customers', sa.Column('score', sa.Integer(), nullable=True))"},
        {"alter_column type", "    op.alter_column('customers', 'name', existing_type=sa.String(length=50), type_=sa.Text())",
         "    op.alter_column('customers', 'name', existing_type=sa.Text(), type_=sa.String(length=50))"},
        {"alter_column nullable",
         "    op.alter_column('customers', 'town', existing_type=sa.String(length=50), nullable=False)",
         "    op.alter_column('customers', 'town', existing_type=sa.String(length=50), nullable=True)"},
        {"alter_column server_default",
         "    op.alter_column('customers', 'town', existing_type=sa.String(length=50), server_default='Norfolk')",
         "    op.alter_column('customers', 'town', existing_type=sa.String(length=50), server_default=None)"},
        {"alter_column rename", "    op.alter_column('customers', 'town', new_column_name='city')",
         "    op.alter_column('customers', 'city', new_column_name='town')"},
        {"alter_column comment",
         "    op.alter_column('customers', 'town', existing_type=sa.String(length=50), comment='where they live')",
         "    op.alter_column('customers', 'town', existing_type=sa.String(length=50), comment=None, existing_comment='where they live')",
         true, true},
        {"create_index", "    op.create_index('ix_orders_note', 'orders', ['note'], unique=False)",
         "    op.drop_index('ix_orders_note', table_name='orders')"},
        {"drop_index", "    op.drop_index('ix_customers_town', table_name='customers')",
         "    op.create_index('ix_customers_town', 'customers', ['town'], unique=False)"},
        {"create_foreign_key", "    op.create_foreign_key('fk_pairs_a', 'pairs', 'customers', ['a'], ['id'])",
         "    op.drop_constraint('fk_pairs_a', 'pairs', type_='foreignkey')"},
        {"drop_constraint foreign key", "    op.drop_constraint('fk_orders_customer', 'orders', type_='foreignkey')",
         "    op.create_foreign_key('fk_orders_customer', 'orders', 'customers', ['customer_id'], ['id'])"},
        {"create_unique_constraint", "    op.create_unique_constraint('uq_customers_name', 'customers', ['name'])",
         "    op.drop_constraint('uq_customers_name', 'customers', type_='unique')"},
        {"create_check_constraint", "    op.create_check_constraint('ck_pairs_a', 'pairs', 'a > 0')",
         "    op.drop_constraint('ck_pairs_a', 'pairs', type_='check')"},
        {"create_primary_key", "    op.create_primary_key('pk_pairs', 'pairs', ['a', 'b'])",
         "    op.drop_constraint('pk_pairs', 'pairs', type_='primary')"},
        {"create_table_comment", "    op.create_table_comment('orders', 'all orders')",
         "    op.drop_table_comment('orders', existing_comment='all orders')", true, true},
        {"execute", "    op.execute(\"UPDATE customers SET score = 7 WHERE name = 'Toby'\")",
         "    op.execute('UPDATE customers SET score = NULL')"},
        {"bulk_insert", "    op.bulk_insert(sa.table('pairs', sa.column('a'), sa.column('b')), [{'a': 5, 'b': 6}])",
         "    op.execute('DELETE FROM pairs WHERE a = 5')"},
        {"batch_alter_table", R"(    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=100), nullable=True))
        batch_op.alter_column('name', existing_type=sa.String(length=50), type_=sa.String(length=80))
        batch_op.create_index('ix_customers_email', ['email'], unique=False))",
         R"(    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index('ix_customers_email')
        batch_op.alter_column('name', existing_type=sa.String(length=80), type_=sa.String(length=50))
        batch_op.drop_column('email'))"},
        {"enum types", "    postgresql.ENUM('happy', 'sad', name='mood').create(op.get_bind())",
         "    postgresql.ENUM('happy', 'sad', name='mood').drop(op.get_bind())", true, true},
    };
}

}  // namespace

TEST_CASE("runner: each operation upgraded then downgraded gives the schema and the rows back", "[migrate][runner][db]") {
    for (const auto& engine : kEngines) {
        for (const auto& c : op_cases()) {
            if (c.postgresql_only && engine != "postgresql") continue;
            DYNAMIC_SECTION(engine << " " << c.name) {
                History h;
                h.add("setup", kSetup);
                h.add("op", c.upgrade, c.downgrade);
                std::string url = migrate_test::fresh_url(engine, h.dir);
                upgrade(url, h, "setup");
                std::string schema = migrate_test::schema_of(url), data = migrate_test::data_of(url);
                upgrade(url, h);
                // The operation did something.
                CHECK((migrate_test::schema_of(url) != schema || migrate_test::data_of(url) != data));
                if (std::string(c.name) == "alter_column rename")
                    CHECK(migrate_test::scalar(url, "SELECT city FROM customers WHERE id = 1") == "'Wolfden'");
                downgrade(url, h, "-1");
                CHECK(migrate_test::schema_of(url) == schema);
                if (c.rows_kept) CHECK(migrate_test::data_of(url) == data);
                CHECK(current_of(url, h) == "setup");
            }
        }
    }
}

TEST_CASE("runner: a SQLite table rebuild keeps every one of 100000 rows", "[migrate][runner][db]") {
    History h;
    h.add("big", R"(    op.create_table('big', sa.Column('id', sa.Integer(), nullable=False), sa.Column('v', sa.String(length=20), nullable=True), sa.PrimaryKeyConstraint('id'))
    op.execute("INSERT INTO big (id, v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x, 'row ' || x FROM c"))");
    h.add("rebuild", R"(    with op.batch_alter_table('big', schema=None) as batch_op:
        batch_op.alter_column('v', existing_type=sa.String(length=20), type_=sa.Text(), nullable=False))",
          R"(    with op.batch_alter_table('big', schema=None) as batch_op:
        batch_op.alter_column('v', existing_type=sa.Text(), type_=sa.String(length=20), nullable=True))");
    std::string url = migrate_test::fresh_url("sqlite", h.dir);
    upgrade(url, h, "big");
    std::string digest = "SELECT count(*) || ':' || sum(id) || ':' || sum(length(v)) FROM big";
    std::string before = migrate_test::scalar(url, digest);
    CHECK(before == "'100000:5000050000:888895'");
    auto reports = upgrade(url, h);
    REQUIRE(reports.size() == 1);
    bool rebuilt = false;
    for (auto& s : reports[0].statements) rebuilt = rebuilt || s.find("INSERT INTO") != std::string::npos;
    CHECK(rebuilt);
    CHECK(migrate_test::scalar(url, digest) == before);
    CHECK(migrate_test::scalar(url, "SELECT \"notnull\" FROM pragma_table_info('big') WHERE name = 'v'") == "1");
    downgrade(url, h, "big");
    CHECK(migrate_test::scalar(url, digest) == before);
}
