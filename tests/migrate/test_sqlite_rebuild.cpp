// operation_sql on SQLite: what ALTER TABLE does directly, and the 12-step
// rebuild for the rest, run against real databases: a 100,000-row table
// rebuilt keeps every row, its indexes and the foreign keys pointing at it;
// AUTOINCREMENT keeps its sequence; views that still work survive, a view
// the change breaks and triggers that would be lost make it refuse.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/engine/engine.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/compare.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/sql/ddl_compiler.hpp"
#include "support/process.hpp"
#include "support/fixtures.hpp"

using namespace orm;
using namespace orm::migrate;

namespace {

orm_test::ModelsFile models(const std::string& text) {
    return orm_test::read_models(text, "models.py");
}

const char* kPrelude = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()
)py";

const char* kItems = R"py(
class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
    sku = sa.Column(sa.String(20), nullable=False, unique=True)
    qty = sa.Column(sa.Integer, index=True)
    price = sa.Column(sa.Numeric(10, 2))
    __table_args__ = (sa.Index("ix_items_lower_sku", sa.func.lower(sku)),)

class Line(Base):
    __tablename__ = "lines"
    id = sa.Column(sa.Integer, primary_key=True)
    item_id = sa.Column(sa.Integer, sa.ForeignKey("items.id"), nullable=False)
)py";

TableRef ref(const std::string& t) { return TableRef{t, std::nullopt}; }

std::string first_words(const OperationSql& sql) {
    std::string out;
    for (const auto& s : sql.statements) out += s.sql.substr(0, s.sql.find_first_of("(\n")) + "|";
    return out;
}

// What the runner does with a rebuild: foreign keys off outside the
// transaction, checked before COMMIT.
void run(engine::Connection& conn, const OperationSql& sql) {
    if (sql.sqlite_rebuild) conn.execute("PRAGMA foreign_keys=OFF");
    auto tx = conn.begin();
    for (const auto& s : sql.statements) conn.execute(s.sql, s.params);
    auto check = conn.query("PRAGMA foreign_key_check");
    const bool dangling = check->next();
    check.reset();
    if (dangling) throw DatabaseError("foreign_key_check reported rows");
    tx.commit();
    conn.execute("PRAGMA foreign_keys=ON");
}

std::int64_t count(engine::Connection& conn, const std::string& sql) {
    auto r = conn.query(sql);
    REQUIRE(r->next());
    return r->row()[0].as_int();
}

struct Db {
    orm_test::TempDir dir;
    engine::Engine engine = engine::create_engine("sqlite:///" + (dir / "r.db").string());
    engine::Connection conn = engine.connect();
    std::unique_ptr<sql::DDLCompiler> compiler = dialect::get_dialect("sqlite").ddl_compiler();

    explicit Db(const std::string& models_text) {
        auto m = models(kPrelude + models_text);
        engine::create_all(conn, m.metadata, {});
    }
    SchemaState state() { return engine::reflect(conn); }
};

}  // namespace

TEST_CASE("SQLite: ALTER TABLE where it can, a rebuild where it cannot", "[migrate][sqlite]") {
    Db db(kItems);
    const SchemaState s = db.state();
    auto sql = [&](MigrationOp op) { return operation_sql(op, s, *db.compiler); };

    AddColumnOp plain;
    plain.table = ref("items");
    plain.column.name = "note";
    plain.column.type.kind = schema::TypeKind::Text;
    CHECK(first_words(sql(plain)) == "ALTER TABLE items ADD COLUMN note TEXT|");
    CHECK_FALSE(sql(plain).sqlite_rebuild);

    AddColumnOp with_fk = plain;
    with_fk.column.name = "parent_id";
    with_fk.column.type.kind = schema::TypeKind::Integer;
    schema::ForeignKeyConstraint fk;
    fk.name = "fk_items_parent";
    fk.columns = {"parent_id"};
    fk.referred_table = "items";
    fk.referred_columns = {"id"};
    with_fk.foreign_keys = {fk};
    REQUIRE(sql(with_fk).statements.size() == 1);
    CHECK(sql(with_fk).statements[0].sql ==
          "ALTER TABLE items ADD COLUMN parent_id INTEGER CONSTRAINT fk_items_parent REFERENCES items (id)");

    AddColumnOp not_null = plain;
    not_null.column.nullable = false;   // without a default: SQLite refuses ADD COLUMN
    CHECK(sql(not_null).sqlite_rebuild);
    not_null.column.server_default = schema::Clause::make(schema::ClauseKind::String, "none");
    CHECK_FALSE(sql(not_null).sqlite_rebuild);
    AddColumnOp expr_default = plain;
    expr_default.column.server_default = schema::Clause::make(schema::ClauseKind::Text, "CURRENT_TIMESTAMP");
    CHECK(sql(expr_default).sqlite_rebuild);

    DropColumnOp drop_price;
    drop_price.table = ref("items");
    drop_price.column = "price";
    CHECK(first_words(sql(drop_price)) == "ALTER TABLE items DROP COLUMN price|");
    DropColumnOp drop_qty = drop_price;   // indexed
    drop_qty.column = "qty";
    CHECK(sql(drop_qty).sqlite_rebuild);
    DropColumnOp drop_sku = drop_price;   // unique
    drop_sku.column = "sku";
    CHECK(sql(drop_sku).sqlite_rebuild);

    AlterColumnOp rename;
    rename.table = ref("items");
    rename.column = "qty";
    rename.new_column_name = "quantity";
    CHECK(first_words(sql(rename)) == "ALTER TABLE items RENAME qty TO quantity|");
    AlterColumnOp nullable = rename;
    nullable.new_column_name.reset();
    nullable.nullable = false;
    CHECK(sql(nullable).sqlite_rebuild);

    RenameTableOp rename_table;
    rename_table.table = ref("items");
    rename_table.new_name = "products";
    CHECK(first_words(sql(rename_table)) == "ALTER TABLE items RENAME TO products|");

    CreateCheckConstraintOp check;
    check.table = ref("items");
    check.constraint.sqltext = schema::Clause::make(schema::ClauseKind::Text, "qty >= 0");
    const auto rebuilt = sql(check);
    CHECK(rebuilt.sqlite_rebuild);
    CHECK(first_words(rebuilt) ==
          "CREATE TEMP TABLE _orm_rebuild_guard |INSERT INTO _orm_rebuild_guard SELECT 1 FROM sqlite_master WHERE type = "
          "'trigger' AND tbl_name = 'items'|DROP TABLE _orm_rebuild_guard|CREATE TABLE _orm_new_items |INSERT INTO "
          "_orm_new_items |DROP TABLE items|PRAGMA legacy_alter_table=ON|ALTER TABLE _orm_new_items RENAME TO "
          "items|PRAGMA legacy_alter_table=OFF|CREATE INDEX ix_items_lower_sku ON items |CREATE INDEX ix_items_qty ON "
          "items |ALTER TABLE items RENAME TO _orm_check_items|ALTER TABLE _orm_check_items RENAME TO items|");

    // A batch is one rebuild, however many of its operations need one.
    BatchAlterTableOp batch;
    batch.table = ref("items");
    batch.ops = {nullable, check, drop_sku, plain};
    const auto one = sql(batch);
    int creates = 0;
    for (const auto& s : one.statements) creates += s.sql.rfind("CREATE TABLE _orm_new_items", 0) == 0;
    CHECK(creates == 1);
    // recreate="never": what needs a rebuild is refused.
    batch.recreate = "never";
    CHECK_THROWS_AS(sql(batch), InputError);
    batch.ops = {plain, rename};
    CHECK_FALSE(sql(batch).sqlite_rebuild);
}

TEST_CASE("SQLite: a rebuild of 100000 rows keeps every row and its indexes and foreign keys", "[migrate][sqlite][db]") {
    Db db(kItems);
    {
        auto tx = db.conn.begin();
        std::vector<dialect::Params> items, lines;
        for (int i = 1; i <= 100000; ++i) {
            items.push_back({i, "SKU-" + std::to_string(i), i % 97, std::to_string(i) + ".25"});
            if (i % 10 == 0) lines.push_back({i / 10, i});
        }
        db.conn.executemany("INSERT INTO items (id, sku, qty, price) VALUES (?1, ?2, ?3, ?4)", items);
        db.conn.executemany("INSERT INTO lines (id, item_id) VALUES (?1, ?2)", lines);
        tx.commit();
    }
    const SchemaState before = db.state();
    // qty becomes NOT NULL BIGINT, price NUMERIC(12, 2), a CHECK appears: one rebuild.
    BatchAlterTableOp batch;
    batch.table = ref("items");
    AlterColumnOp qty;
    qty.table = batch.table;
    qty.column = "qty";
    qty.nullable = false;
    qty.type = schema::TypeEngine{};
    qty.type->kind = schema::TypeKind::BigInteger;
    AlterColumnOp price;
    price.table = batch.table;
    price.column = "price";
    price.type = schema::TypeEngine{};
    price.type->kind = schema::TypeKind::Numeric;
    price.type->precision = 12;
    price.type->scale = 2;
    CreateCheckConstraintOp check;
    check.table = batch.table;
    check.constraint.name = "ck_items_qty";
    check.constraint.sqltext = schema::Clause::make(schema::ClauseKind::Text, "qty >= 0");
    batch.ops = {qty, price, check};
    const auto sql = operation_sql(batch, before, *db.compiler);
    REQUIRE(sql.sqlite_rebuild);
    run(db.conn, sql);

    CHECK(count(db.conn, "SELECT count(*) FROM items") == 100000);
    CHECK(count(db.conn, "SELECT count(*) FROM items WHERE sku = 'SKU-' || id AND qty = id % 97") == 100000);
    CHECK(count(db.conn, "SELECT count(*) FROM lines JOIN items ON items.id = lines.item_id") == 10000);
    // The new definition, its indexes and the foreign key from lines, as reflection sees them.
    SchemaState expected = db.state();
    SchemaState replayed = copy_state(before);
    apply_operation(batch, replayed);
    CHECK(compare_metadata(replayed.metadata, expected).empty());
    const auto* items = expected.metadata.table("items");
    REQUIRE(items);
    CHECK(items->indexes.size() == 2);
    CHECK(items->unique_constraints.size() == 1);
    CHECK(items->check_constraints.size() == 1);
    CHECK_FALSE(items->column("qty")->nullable);
    CHECK(expected.metadata.table("lines")->foreign_keys.at(0).referred_table == "items");
    CHECK(count(db.conn, "SELECT count(*) FROM pragma_index_list('items') WHERE origin = 'u'") == 1);   // UNIQUE (sku)
    // Enforcement is back on, and the foreign key still holds.
    CHECK_THROWS_AS(db.conn.execute("INSERT INTO lines (id, item_id) VALUES (999999, 424242)"), DatabaseError);
    CHECK_THROWS_AS(db.conn.execute("UPDATE items SET qty = -1 WHERE id = 1"), DatabaseError);
}

TEST_CASE("SQLite: a rebuild keeps AUTOINCREMENT's sequence", "[migrate][sqlite][db]") {
    Db db(R"py(
class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"sqlite_autoincrement": True}
    id = sa.Column(sa.Integer, primary_key=True)
    kind = sa.Column(sa.String(10))
)py");
    db.conn.execute("INSERT INTO events (kind) VALUES ('a'), ('b'), ('c')");
    db.conn.execute("DELETE FROM events WHERE id = 3");
    AlterColumnOp op;
    op.table = ref("events");
    op.column = "kind";
    op.nullable = false;
    run(db.conn, operation_sql(op, db.state(), *db.compiler));
    db.conn.execute("INSERT INTO events (kind) VALUES ('d')");
    CHECK(count(db.conn, "SELECT max(id) FROM events") == 4);   // 3 is not handed out again
}

TEST_CASE("SQLite: a rebuild keeps views that still work and refuses to lose triggers or break views", "[migrate][sqlite][db]") {
    Db db(kItems);
    db.conn.execute("INSERT INTO items (id, sku, qty, price) VALUES (1, 'A', 5, 1.5)");
    db.conn.execute("CREATE VIEW stock AS SELECT sku, qty FROM items");

    AlterColumnOp price;
    price.table = ref("items");
    price.column = "price";
    price.nullable = false;
    run(db.conn, operation_sql(price, db.state(), *db.compiler));
    CHECK(count(db.conn, "SELECT qty FROM stock WHERE sku = 'A'") == 5);

    // Dropping a column the view reads: refused, naming the view, nothing changed.
    DropColumnOp drop_qty;
    drop_qty.table = ref("items");
    drop_qty.column = "qty";
    try {
        run(db.conn, operation_sql(drop_qty, db.state(), *db.compiler));
        FAIL("the rebuild broke view stock without a word");
    } catch (const DatabaseError& e) {
        CHECK_THAT(e.what(), Catch::Contains("view stock"));
    }
    db.conn.execute("PRAGMA foreign_keys=ON");
    CHECK(count(db.conn, "SELECT qty FROM items WHERE id = 1") == 5);

    db.conn.execute("DROP VIEW stock");
    db.conn.execute("CREATE TRIGGER items_audit AFTER UPDATE ON items BEGIN SELECT 1; END");
    try {
        run(db.conn, operation_sql(price, db.state(), *db.compiler));
        FAIL("the rebuild dropped trigger items_audit without a word");
    } catch (const DatabaseError& e) {
        CHECK_THAT(e.what(), Catch::Contains("table items has triggers"));
    }
    db.conn.execute("PRAGMA foreign_keys=ON");
    CHECK(count(db.conn, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'") == 1);
}
