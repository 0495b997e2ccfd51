// operations_from_diff and reverse_operations without a database: the
// "database" is the schema models A replay to. Checks the order the
// operations come in (foreign keys dropped before the tables they tie,
// new tables by dependency with a cycle's keys added after, enum types
// first and last), the SQLite batch grouping, the existing_* facts, and
// that upgrade then downgrade replays back to where it started.
#include <catch2/catch.hpp>

#include "orm/migrate/apply.hpp"
#include "orm/migrate/autogenerate.hpp"
#include "orm/migrate/compare.hpp"
#include "support/fixtures.hpp"

using namespace orm;
using namespace orm::migrate;

namespace {

orm_test::ModelsFile models(const std::string& body) {
    return orm_test::read_models("import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n" + body, "models.py");
}

SchemaState replayed(const std::string& dialect, const schema::MetaData& md) {
    SchemaState s;
    s.dialect = dialect;
    for (const auto& t : md.tables) apply_operation(CreateTableOp{{}, *t}, s);
    return s;
}

std::vector<std::string> names(const std::vector<MigrationOp>& ops) {
    std::vector<std::string> out;
    for (const auto& op : ops) {
        std::string n = op_name(op);
        std::visit(
            [&](const auto& o) {
                using T = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<T, CreateTableOp>) n += " " + o.table.name;
                else if constexpr (std::is_same_v<T, CreateEnumOp> || std::is_same_v<T, DropEnumOp>) n += " " + *o.spec.name;
                else if constexpr (std::is_same_v<T, ExecuteOp>) {}
                else if constexpr (std::is_same_v<T, AddEnumValueOp>) n += " " + o.value;
                else n += " " + o.table.name;
            },
            op.as_variant());
        out.push_back(n);
    }
    return out;
}

// Upgrade, then downgrade: the replayed schema matches B, then A again.
void round_trip(const std::string& dialect, const std::string& a_text, const std::string& b_text) {
    auto a = models(a_text);
    auto b = models(b_text);
    const SchemaState state_a = replayed(dialect, a.metadata);
    auto ops = operations_from_diff(compare_metadata(b.metadata, state_a), b.metadata, state_a);
    SchemaState s = copy_state(state_a);
    apply_operations(ops, s);
    CHECK(compare_metadata(b.metadata, s).empty());
    apply_operations(reverse_operations(ops, state_a), s);
    CHECK(compare_metadata(a.metadata, s).empty());
}

const char* kA = R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
    kind = sa.Column(sa.Enum("person", "company", name="customer_kind"))

class Old(Base):
    __tablename__ = "old"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id"))

class OldTwin(Base):
    __tablename__ = "old_twin"
    id = sa.Column(sa.Integer, primary_key=True)
    old_id = sa.Column(sa.Integer, sa.ForeignKey("old.id", name="fk_twin_old"))
)py";

const char* kB = R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(80), nullable=False)
    level = sa.Column(sa.Enum("low", "high", name="level"))

class Egg(Base):
    __tablename__ = "eggs"
    id = sa.Column(sa.Integer, primary_key=True)
    hen_id = sa.Column(sa.Integer, sa.ForeignKey("hens.id", name="fk_egg_hen"))

class Hen(Base):
    __tablename__ = "hens"
    id = sa.Column(sa.Integer, primary_key=True)
    first_egg_id = sa.Column(sa.Integer, sa.ForeignKey("eggs.id", name="fk_hen_egg"))
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id"))
)py";

}  // namespace

TEST_CASE("autogenerate orders operations the way PostgreSQL accepts them", "[migrate][autogenerate]") {
    auto a = models(kA);
    auto b = models(kB);
    const SchemaState db = replayed("postgresql", a.metadata);
    const auto ops = operations_from_diff(compare_metadata(b.metadata, db), b.metadata, db);
    CHECK(names(ops) == std::vector<std::string>{
                            "create_enum level",
                            "alter_column customers",        // name VARCHAR(50) -> VARCHAR(80)
                            "add_column customers",          // level
                            "drop_column customers",         // kind
                            "create_table eggs",             // a cycle's tables' keys come after them
                            "create_table hens",             // (all of them, as SQLAlchemy's create_all)
                            "create_foreign_key eggs",
                            "create_foreign_key hens",
                            "create_foreign_key hens",
                            "drop_table old_twin",           // refers to old: dropped first
                            "drop_table old",
                            "drop_enum customer_kind",
                        });
    const auto& alter = std::get<AlterColumnOp>(ops[1].as_variant());
    REQUIRE(alter.existing_type);
    CHECK(alter.existing_type->length == 50);
    CHECK(alter.existing_nullable == false);
    CHECK(alter.type->length == 80);
    const auto& drop = std::get<DropColumnOp>(ops[3].as_variant());
    REQUIRE(drop.existing);
    CHECK(drop.existing->type.enum_spec->name == std::optional<std::string>("customer_kind"));
    const auto& dropped = std::get<DropTableOp>(ops[10].as_variant());
    REQUIRE(dropped.existing);
    CHECK(dropped.existing->foreign_keys.size() == 1);
    round_trip("postgresql", kA, kB);
}

TEST_CASE("autogenerate groups a SQLite table's rebuild operations into one batch", "[migrate][autogenerate]") {
    const char* a = R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50))
    email = sa.Column(sa.String(100), unique=True)
    note = sa.Column(sa.Text)

class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
)py";
    const char* b = R"py(
class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
    email = sa.Column(sa.String(100))
    phone = sa.Column(sa.String(20))
    __table_args__ = (sa.CheckConstraint("length(name) > 0", name="ck_name"), sa.Index("ix_customers_phone", "phone"))

class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id"))
    memo = sa.Column(sa.Text)
)py";
    auto ma = models(a);
    auto mb = models(b);
    const SchemaState db = replayed("sqlite", ma.metadata);
    const auto ops = operations_from_diff(compare_metadata(mb.metadata, db), mb.metadata, db);
    // orders: two plain ADD COLUMNs (the key goes inline); customers: one rebuild.
    CHECK(names(ops) == std::vector<std::string>{"add_column orders", "add_column orders", "batch_alter_table customers"});
    const auto& add = std::get<AddColumnOp>(ops[0].as_variant());
    CHECK(add.column.name == "customer_id");
    CHECK(add.foreign_keys.size() == 1);
    const auto& batch = std::get<BatchAlterTableOp>(ops[2].as_variant());
    CHECK(names(batch.ops) == std::vector<std::string>{"drop_constraint customers", "alter_column customers",
                                                        "add_column customers", "drop_column customers",
                                                        "create_check_constraint customers", "create_index customers"});
    // The unnamed UNIQUE gets its name from the batch's naming_convention
    // (Alembic's recipe): a file never says drop_constraint('').
    const auto& drop = std::get<DropConstraintOp>(batch.ops[0].as_variant());
    CHECK(drop.name == "uq_customers_email");
    CHECK(batch.naming_convention ==
          std::vector<std::pair<std::string, std::string>>{{"uq", "uq_%(table_name)s_%(column_0_N_name)s"}});
    REQUIRE(drop.existing);
    CHECK(std::get<schema::UniqueConstraint>(*drop.existing).columns == std::vector<std::string>{"email"});
    round_trip("sqlite", a, b);

    // The downgrade of the batch is a batch.
    const auto down = reverse_operations(ops, db);
    CHECK(names(down).front() == "batch_alter_table customers");
}

TEST_CASE("reverse_operations inverts renames enum values and dropped columns with their indexes", "[migrate][autogenerate]") {
    const char* a = R"py(
class Ticket(Base):
    __tablename__ = "tickets"
    id = sa.Column(sa.Integer, primary_key=True)
    state = sa.Column(sa.Enum("open", "closed", name="state"), server_default="open")
    title = sa.Column(sa.String(50), index=True)
    body = sa.Column(sa.Text)
)py";
    const char* b = R"py(
class Ticket(Base):
    __tablename__ = "issues"
    __table_args__ = {"info": {"renamed_from": "tickets"}}
    id = sa.Column(sa.Integer, primary_key=True)
    state = sa.Column(sa.Enum("open", "pending", "closed", name="state"), server_default="open")
    text = sa.Column(sa.Text, info={"renamed_from": "body"})
)py";
    round_trip("postgresql", a, b);
    round_trip("sqlite", a, b);

    auto ma = models(a);
    auto mb = models(b);
    const SchemaState db = replayed("postgresql", ma.metadata);
    const auto ops = operations_from_diff(compare_metadata(mb.metadata, db), mb.metadata, db);
    CHECK(names(ops) == std::vector<std::string>{"rename_table tickets", "add_enum_value pending", "drop_index issues",
                                                 "alter_column issues", "drop_column issues"});
    const auto down = reverse_operations(ops, db);
    // Last first; the enum value goes by making the type again (the
    // column through text, its default set aside meanwhile).
    CHECK(names(down) == std::vector<std::string>{
                             "add_column issues", "alter_column issues", "create_index issues", "alter_column issues",
                             "alter_column issues", "drop_enum state", "create_enum state", "alter_column issues",
                             "alter_column issues", "rename_table issues"});

    // A column dropped on its own takes its index along; its inverse brings both back.
    DropColumnOp drop;
    drop.table = {"tickets", std::nullopt};
    drop.column = "title";
    const auto back = reverse_operations({drop}, db);
    CHECK(names(back) == std::vector<std::string>{"add_column tickets", "create_index tickets"});
    SchemaState s = copy_state(db);
    apply_operation(drop, s);
    apply_operations(back, s);
    CHECK(compare_metadata(ma.metadata, s).empty());
}
