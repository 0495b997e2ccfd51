// apply_operation: replaying operations on an in-memory schema, with the
// database's side effects (a dropped column takes its indexes and
// constraints along, a rename follows into keys, CHECK bodies and other
// tables' foreign keys, PostgreSQL names unnamed constraints), and the
// errors for operations naming what the schema lacks.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/migrate/apply.hpp"
#include "support/fixtures.hpp"

using namespace orm;
using namespace orm::migrate;

namespace {

SchemaState state_of(const std::string& dialect, const std::string& models_text) {
    auto models = orm_test::read_models(models_text, "models.py");
    SchemaState s;
    s.dialect = dialect;
    for (const auto& t : models.metadata.tables) {
        CreateTableOp op;
        op.table = *t;
        apply_operation(op, s);
    }
    return s;
}

const char* kShop = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(100), unique=True)
    name = sa.Column(sa.String(50), nullable=False, index=True)
    __table_args__ = (sa.CheckConstraint("length(name) > 0"),)

class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id"))
)py";

SourceLocation at(int line) { return SourceLocation{line, 5, line, 9}; }

}  // namespace

TEST_CASE("apply names unnamed constraints as PostgreSQL does and leaves them unnamed on SQLite", "[migrate][apply]") {
    auto pg = state_of("postgresql", kShop);
    const auto* c = pg.metadata.table("customers");
    REQUIRE(c);
    CHECK(c->primary_key.name == std::optional<std::string>("customers_pkey"));
    REQUIRE(c->unique_constraints.size() == 1);
    CHECK(c->unique_constraints[0].name == std::optional<std::string>("customers_email_key"));
    REQUIRE(c->check_constraints.size() == 1);
    CHECK(c->check_constraints[0].name == std::optional<std::string>("customers_name_check"));
    CHECK(pg.metadata.table("orders")->foreign_keys.at(0).name == std::optional<std::string>("orders_customer_id_fkey"));

    auto lite = state_of("sqlite", kShop);
    CHECK_FALSE(lite.metadata.table("customers")->unique_constraints.at(0).name);
    CHECK_FALSE(lite.metadata.table("customers")->primary_key.name);
}

TEST_CASE("apply drop_column takes the indexes and constraints on that column", "[migrate][apply]") {
    auto s = state_of("postgresql", kShop);
    DropColumnOp drop;
    drop.table = {"customers", std::nullopt};
    drop.column = "name";
    apply_operation(drop, s);
    const auto* t = s.metadata.table("customers");
    CHECK_FALSE(t->column("name"));
    CHECK(t->indexes.empty());              // ix_customers_name went with it
    CHECK(t->check_constraints.empty());    // so did the CHECK naming it
    CHECK(t->unique_constraints.size() == 1);   // the one on email stays
}

TEST_CASE("apply alter_column rename follows the column everywhere", "[migrate][apply]") {
    auto s = state_of("postgresql", kShop);
    AlterColumnOp rename;
    rename.table = {"customers", std::nullopt};
    rename.column = "id";
    rename.new_column_name = "customer_no";
    apply_operation(rename, s);
    CHECK(s.metadata.table("customers")->primary_key.columns == std::vector<std::string>{"customer_no"});
    CHECK(s.metadata.table("orders")->foreign_keys.at(0).referred_columns == std::vector<std::string>{"customer_no"});

    AlterColumnOp rename_name;
    rename_name.table = {"customers", std::nullopt};
    rename_name.column = "name";
    rename_name.new_column_name = "Full Name";
    apply_operation(rename_name, s);
    const auto* t = s.metadata.table("customers");
    CHECK(t->check_constraints.at(0).sqltext->text == "length(\"Full Name\") > 0");
    CHECK(t->indexes.at(0).expressions.at(0)->text == "Full Name");
    CHECK(sql_mentions("lower(\"Full Name\")", "Full Name"));
    CHECK_FALSE(sql_mentions("'name' = x", "name"));   // a string literal is not a reference
}

TEST_CASE("apply rename_table follows into other tables' foreign keys", "[migrate][apply]") {
    auto s = state_of("sqlite", kShop);
    RenameTableOp op;
    op.table = {"customers", std::nullopt};
    op.new_name = "clients";
    apply_operation(op, s);
    CHECK_FALSE(s.metadata.table("customers"));
    REQUIRE(s.metadata.table("clients"));
    CHECK(s.metadata.table("orders")->foreign_keys.at(0).referred_table == "clients");
}

TEST_CASE("apply refuses operations naming what the schema lacks at the op location", "[migrate][apply]") {
    auto s = state_of("postgresql", kShop);
    auto source = std::make_shared<SourceFile>("versions/abc_x.py", "line1\nline2\n    op.drop_column('nope', 'x')\n");
    auto fails = [&](MigrationOp op, const std::string& message) {
        try {
            apply_operation(op, s, source);
            FAIL("no error for " + op_name(op));
        } catch (const InputError& e) {
            CHECK(e.message() == message);
            CHECK(e.location().line == 3);
            CHECK_THAT(e.what(), Catch::Contains("versions/abc_x.py:3:5"));
        }
    };
    DropColumnOp no_table;
    no_table.loc = at(3);
    no_table.table = {"nope", std::nullopt};
    no_table.column = "x";
    fails(no_table, "no table 'nope' in the schema at this point");
    DropColumnOp no_column = no_table;
    no_column.table = {"customers", std::nullopt};
    fails(no_column, "table 'customers' has no column 'x'");
    DropConstraintOp no_constraint;
    no_constraint.loc = at(3);
    no_constraint.table = {"customers", std::nullopt};
    no_constraint.name = "uq_missing";
    no_constraint.type = "unique";
    fails(no_constraint, "table 'customers' has no unique constraint named 'uq_missing'");
    DropIndexOp no_index;
    no_index.loc = at(3);
    no_index.table = {"customers", std::nullopt};
    no_index.name = "ix_missing";
    fails(no_index, "no index named 'ix_missing' on table 'customers'");
    DropEnumOp no_enum;
    no_enum.loc = at(3);
    no_enum.spec.name = "mood";
    fails(no_enum, "no enum type 'mood'");
    AddColumnOp twice;
    twice.loc = at(3);
    twice.table = {"customers", std::nullopt};
    twice.column.name = "email";
    fails(twice, "table 'customers' already has a column 'email'");
    CreateTableOp again;
    again.loc = at(3);
    again.table = *s.metadata.table("orders");
    fails(again, "table 'orders' already exists");
}

TEST_CASE("apply: execute changes nothing, a batch applies its operations, enums track values", "[migrate][apply]") {
    auto s = state_of("postgresql", R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Ticket(Base):
    __tablename__ = "tickets"
    id = sa.Column(sa.Integer, primary_key=True)
    state = sa.Column(sa.Enum("open", "closed", name="ticket_state"))
)py");
    REQUIRE(s.enums.size() == 1);   // create_table made the type its column uses
    CHECK(s.enums[0].values == std::vector<std::string>{"open", "closed"});

    ExecuteOp exec;
    exec.sql = "DROP TABLE tickets";
    apply_operation(exec, s);
    CHECK(s.metadata.table("tickets"));

    AddEnumValueOp add;
    add.spec.name = "ticket_state";
    add.value = "stale";
    add.before = "closed";
    apply_operation(add, s);
    CHECK(s.enums[0].values == std::vector<std::string>{"open", "stale", "closed"});
    CHECK(s.metadata.table("tickets")->column("state")->type.enum_spec->values ==
          std::vector<std::string>{"open", "stale", "closed"});

    BatchAlterTableOp batch;
    batch.table = {"tickets", std::nullopt};
    AddColumnOp note;
    note.table = batch.table;
    note.column.name = "note";
    note.column.type.kind = schema::TypeKind::Text;
    batch.ops.push_back(note);
    DropColumnOp drop;
    drop.table = batch.table;
    drop.column = "state";
    batch.ops.push_back(drop);
    apply_operation(batch, s);
    const auto* t = s.metadata.table("tickets");
    CHECK(t->column("note"));
    CHECK_FALSE(t->column("state"));
}
