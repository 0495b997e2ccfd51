// operation_sql on PostgreSQL against Alembic 1.8's offline (--sql) output:
// alembic_ops_sql.py runs a sequence of op.* calls in as_sql mode; the same
// operations, built here in the same order, are compiled by operation_sql
// on the schema replayed so far, and each case's statements must be
// Alembic's, whitespace aside.
#include <catch2/catch.hpp>

#include <map>

#include "differential/diff_support.hpp"
#include "orm/declarative/models_reader.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/sql/ddl_compiler.hpp"

using namespace orm;
using namespace orm::migrate;
using orm_diff::run_sa_script;

namespace {

declarative::ModelsFile read(const std::string& text) {
    return declarative::read_models(std::make_shared<SourceFile>("models.py", text));
}

const char* kSchema = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False, index=True)
    code = sa.Column(sa.String(10))
    email = sa.Column(sa.String(100))
    status = sa.Column(sa.String(10), server_default="new")

class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer)
    total = sa.Column(sa.Numeric(10, 2))

class Link(Base):
    __tablename__ = "links"
    a = sa.Column(sa.Integer, primary_key=True)
    b = sa.Column(sa.Integer, primary_key=True)
)py";

// Where the columns and tables the operations add come from.
const char* kSources = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)

class Src(Base):
    __tablename__ = "src"
    id = sa.Column(sa.Integer, primary_key=True)
    note = sa.Column(sa.String(200), nullable=False, server_default="x")
    ref_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE"))
    memo = sa.Column(sa.Text, comment="free text")
    code = sa.Column(sa.Integer)
    name = sa.Column(sa.String(80))

class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (sa.Index("ix_notes_mood", "mood"), {"comment": "notes on customers"})
    id = sa.Column(sa.Integer, primary_key=True)
    body = sa.Column(sa.Text, nullable=False)
    mood = sa.Column(sa.Enum("low", "high", name="mood_t"))
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id"))
)py";

TableRef ref(const std::string& name) { return TableRef{name, std::nullopt}; }

schema::ClausePtr text(const std::string& sql) { return schema::Clause::make(schema::ClauseKind::Text, sql); }

// "-- case: NAME" sections of the script's output -> their statements.
std::map<std::string, std::vector<std::string>> cases_of(const std::string& output) {
    std::map<std::string, std::vector<std::string>> out;
    const std::string marker = "-- case: ";
    size_t pos = output.find(marker);
    while (pos != std::string::npos) {
        size_t eol = output.find('\n', pos);
        std::string name = output.substr(pos + marker.size(), eol - pos - marker.size());
        size_t next = output.find(marker, eol);
        out[name] = orm_test::sql_statements(output.substr(eol + 1, next == std::string::npos ? std::string::npos : next - eol - 1));
        pos = next;
    }
    return out;
}

}  // namespace

TEST_CASE("operation_sql on PostgreSQL emits what Alembic 1.8 emits offline", "[differential][migrate]") {
    const auto expected = cases_of(run_sa_script("alembic_ops_sql.py", {}));
    REQUIRE(expected.size() == 22);

    auto schema_models = read(kSchema);
    SchemaState state;
    state.dialect = "postgresql";
    for (const auto& t : schema_models.metadata.tables) apply_operation(CreateTableOp{{}, *t}, state);
    auto sources = read(kSources);
    const schema::Table& src = *sources.metadata.table("src");
    auto compiler = dialect::get_dialect("postgresql").ddl_compiler();

    std::vector<std::pair<std::string, std::vector<MigrationOp>>> cases;
    auto add = [&](std::string name, std::vector<MigrationOp> ops) { cases.emplace_back(std::move(name), std::move(ops)); };
    {
        AddColumnOp op;
        op.table = ref("customers");
        op.column = *src.column("note");
        add("add_column with default", {op});
    }
    {
        AddColumnOp op;
        op.table = ref("orders");
        op.column = *src.column("ref_id");
        op.foreign_keys = src.foreign_keys;
        add("add_column with foreign key", {op});
    }
    {
        AddColumnOp op;
        op.table = ref("customers");
        op.column = *src.column("memo");
        add("add_column with comment", {op});
    }
    {
        AlterColumnOp op;
        op.table = ref("customers");
        op.column = "code";
        op.type = src.column("code")->type;
        op.postgresql_using = "code::integer";
        add("alter_column type using", {op});
    }
    {
        AlterColumnOp op;
        op.table = ref("customers");
        op.column = "name";
        op.nullable = true;
        op.server_default = text("'anon'");
        op.type = src.column("name")->type;
        op.comment = std::optional<std::string>("display name");
        op.new_column_name = "display_name";
        add("alter_column everything", {op});
    }
    {
        AlterColumnOp op;
        op.table = ref("customers");
        op.column = "status";
        op.server_default = schema::ClausePtr();
        add("alter_column drop default", {op});
    }
    {
        AlterColumnOp op;
        op.table = ref("orders");
        op.column = "total";
        op.nullable = false;
        add("alter_column set not null", {op});
    }
    {
        AlterColumnOp op;
        op.table = ref("customers");
        op.column = "code";
        op.new_column_name = "order";
        add("rename column to a reserved word", {op});
    }
    {
        CreateIndexOp op;
        op.table = ref("customers");
        op.index.name = "ix_c";
        op.index.unique = true;
        op.index.expressions = {schema::Clause::make(schema::ClauseKind::Column, "email"), text("lower(status)")};
        op.index.postgresql_where = text("email IS NOT NULL");
        add("create_index unique partial expression", {op});
    }
    {
        DropIndexOp op;
        op.table = ref("customers");
        op.name = "ix_customers_name";
        add("drop_index", {op});
    }
    {
        CreateUniqueConstraintOp op;
        op.table = ref("customers");
        op.constraint.name = "uq_email_status";
        op.constraint.columns = {"email", "status"};
        add("create_unique_constraint named", {op});
        op.constraint.name.reset();
        op.constraint.columns = {"email"};
        add("create_unique_constraint unnamed", {op});
    }
    {
        DropConstraintOp op;
        op.table = ref("customers");
        op.name = "uq_email_status";
        op.type = "unique";
        add("drop_constraint", {op});
    }
    {
        CreateForeignKeyOp op;
        op.table = ref("orders");
        op.constraint.name = "fk_orders_customer";
        op.constraint.columns = {"customer_id"};
        op.constraint.referred_table = "customers";
        op.constraint.referred_columns = {"id"};
        op.constraint.ondelete = "SET NULL";
        add("create_foreign_key", {op});
    }
    {
        CreateCheckConstraintOp op;
        op.table = ref("orders");
        op.constraint.name = "ck_total";
        op.constraint.sqltext = text("total >= 0");
        add("create_check_constraint", {op});
    }
    {
        // links had a key from create_table: dropped first (not part of Alembic's case).
        DropConstraintOp drop;
        drop.table = ref("links");
        drop.name = "links_pkey";
        apply_operation(drop, state);
        CreatePrimaryKeyOp op;
        op.table = ref("links");
        op.constraint.name = "pk_links";
        op.constraint.columns = {"a", "b"};
        add("create_primary_key", {op});
    }
    {
        CreateTableCommentOp set;
        set.table = ref("customers");
        set.comment = "people who buy";
        CreateTableCommentOp drop;
        drop.table = ref("customers");
        drop.existing_comment = "people who buy";
        add("table comments", {set, drop});
    }
    {
        DropColumnOp op;
        op.table = ref("customers");
        op.column = "memo";
        add("drop_column", {op});
    }
    {
        RenameTableOp op;
        op.table = ref("orders");
        op.new_name = "purchases";
        add("rename_table", {op});
    }
    {
        CreateTableOp op;
        op.table = *sources.metadata.table("notes");
        add("create_table with enum index and comment", {op});
    }
    {
        DropTableOp op;
        op.table = ref("notes");
        add("drop_table", {op});
    }
    {
        CreateEnumOp create;
        create.spec.name = "level";
        create.spec.values = {"x", "y"};
        AddEnumValueOp value;
        value.spec = create.spec;
        value.value = "z";
        value.after = "y";
        DropEnumOp drop;
        drop.spec = create.spec;
        drop.spec.values = {"x", "y", "z"};
        add("enum types", {create, value, drop});
    }

    REQUIRE(cases.size() == expected.size());
    for (const auto& [name, ops] : cases) {
        INFO("case: " << name);
        REQUIRE(expected.count(name));
        std::string got;
        for (const auto& op : ops) {
            auto sql = operation_sql(op, state, *compiler);
            CHECK_FALSE(sql.sqlite_rebuild);
            for (const auto& s : sql.statements) got += s.sql + ";\n";
            apply_operation(op, state);
        }
        CHECK(orm_test::sql_statements(got) == expected.at(name));
    }
}
