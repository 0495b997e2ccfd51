// Migration operations: Alembic's op.* vocabulary (alembic.operations.ops)
// as plain data. Every producer and consumer of schema changes speaks it:
// - revision scripts are read into it (script_reader) and written from it
//   (script_writer), so files round-trip with Alembic;
// - autogenerate turns compare_metadata()'s differences into it
//   (operations_from_diff);
// - the runner replays it on a MetaData to know the schema at every revision
//   without a database (apply), and compiles it to SQL for a dialect
//   (operation_sql), SQLite table rebuilds included.
//
// Each operation carries what Alembic's op.* call carries, including the
// existing_* facts autogenerate records so that a downgrade can be rendered
// and a SQLite rebuild knows the full column.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/dialect/connection.hpp"
#include "orm/dialect/reflection.hpp"
#include "orm/schema/table.hpp"

namespace orm::migrate {

// A table named by an operation: op.add_column("t", ..., schema="s").
struct TableRef {
    std::string name;
    std::optional<std::string> schema;
    // "schema.name" or "name", as schema::Table::fullname() spells it.
    std::string fullname() const { return schema ? *schema + "." + name : name; }
};

// Where the operation was written (a revision script), for error messages;
// empty for operations made by autogenerate.
struct OpBase {
    SourceLocation loc;
};

struct CreateTableOp : OpBase {
    schema::Table table;   // columns, constraints, indexes declared in op.create_table(...)
};
struct DropTableOp : OpBase {
    TableRef table;
    std::optional<schema::Table> existing;   // the table as it was, when known (renders the downgrade)
};
struct RenameTableOp : OpBase {
    TableRef table;
    std::string new_name;
};
struct CreateTableCommentOp : OpBase {   // op.create_table_comment / op.drop_table_comment (comment = nullopt)
    TableRef table;
    std::optional<std::string> comment;
    std::optional<std::string> existing_comment;
};
struct AddColumnOp : OpBase {
    TableRef table;
    schema::Column column;
    // sa.ForeignKey(...) given inside the Column(...): added with the column.
    std::vector<schema::ForeignKeyConstraint> foreign_keys;
};
struct DropColumnOp : OpBase {
    TableRef table;
    std::string column;
    std::optional<schema::Column> existing;   // for the downgrade / rebuild, when known
};
// op.alter_column: every field left nullopt is unchanged. A field engaged
// with an empty inner value means "remove it" (server_default=None drops
// the default, comment=None drops the comment).
struct AlterColumnOp : OpBase {
    TableRef table;
    std::string column;
    std::optional<std::string> new_column_name;
    std::optional<schema::TypeEngine> type;
    std::optional<bool> nullable;
    std::optional<schema::ClausePtr> server_default;        // engaged nullptr: DROP DEFAULT
    std::optional<std::optional<std::string>> comment;
    std::optional<std::string> postgresql_using;
    std::optional<schema::TypeEngine> existing_type;
    std::optional<bool> existing_nullable;
    std::optional<schema::ClausePtr> existing_server_default;
    std::optional<std::optional<std::string>> existing_comment;
};
struct CreateIndexOp : OpBase {
    TableRef table;
    schema::Index index;   // named (op.create_index requires a name, op.f() marks a conventional one)
    bool if_not_exists = false;   // CREATE INDEX IF NOT EXISTS (Alembic 1.12's keyword)
};
struct DropIndexOp : OpBase {
    TableRef table;
    std::string name;
    bool postgresql_concurrently = false;   // DROP INDEX CONCURRENTLY
    bool if_exists = false;                 // DROP INDEX IF EXISTS (Alembic 1.12's keyword)
    std::optional<schema::Index> existing;
};
struct CreateForeignKeyOp : OpBase {
    TableRef table;                           // the source (referring) table
    schema::ForeignKeyConstraint constraint;  // name may be empty (op.create_foreign_key(None, ...))
};
struct CreateUniqueConstraintOp : OpBase {
    TableRef table;
    schema::UniqueConstraint constraint;
};
struct CreateCheckConstraintOp : OpBase {
    TableRef table;
    schema::CheckConstraint constraint;
};
struct CreatePrimaryKeyOp : OpBase {
    TableRef table;
    schema::PrimaryKeyConstraint constraint;
};
// A constraint of any kind, as a DropConstraintOp remembers it.
using AnyConstraint = std::variant<schema::PrimaryKeyConstraint, schema::ForeignKeyConstraint,
                                   schema::UniqueConstraint, schema::CheckConstraint>;
struct DropConstraintOp : OpBase {
    TableRef table;
    std::string name;
    // Alembic's type_: "foreignkey", "unique", "check", "primary" (or nullopt).
    std::optional<std::string> type;
    // The constraint as it was, when known (autogenerate fills it): renders
    // the downgrade, and identifies a constraint without a name (SQLite
    // names none of its own) when `name` is empty.
    std::optional<AnyConstraint> existing;
    // The naming_convention of the batch_alter_table block the op is in:
    // an unnamed constraint whose conventional name is `name` is the one
    // meant (Alembic's recipe for dropping unnamed constraints on SQLite).
    std::vector<std::pair<std::string, std::string>> naming_convention;
};
// PostgreSQL enum types. Scripts spell them the way Alembic runs them:
// postgresql.ENUM(..., name=...).create(op.get_bind(), checkfirst=False),
// .drop(op.get_bind()), and op.execute("ALTER TYPE ... ADD VALUE ...").
struct CreateEnumOp : OpBase {
    schema::EnumSpec spec;
};
struct DropEnumOp : OpBase {
    schema::EnumSpec spec;
};
struct AddEnumValueOp : OpBase {
    schema::EnumSpec spec;   // the type as it is before the op
    std::string value;
    std::optional<std::string> before, after;   // ADD VALUE 'v' BEFORE/AFTER 'w'
    bool if_not_exists = false;                 // ADD VALUE IF NOT EXISTS
    // The statement as op.execute() gave it, run as written; replay follows
    // it where it knows the type and leaves types it does not know to the database.
    std::optional<std::string> verbatim;
};
// op.execute("...") with literal SQL: run as is; replay cannot see into it.
// A Core statement given to op.execute is compiled for the dialect first:
// its values are `params` (bound online, written as literals offline).
struct ExecuteOp : OpBase {
    std::string sql;
    dialect::Params params;
};
// op.bulk_insert(table, [{"col": value, ...}, ...]): values are literal
// clauses (String/Number/True/False/Null, Number keeping its digits), bound
// as parameters by the target column's type when executed.
struct BulkInsertOp : OpBase {
    TableRef table;
    std::vector<std::vector<std::pair<std::string, schema::ClausePtr>>> rows;
    // The table as the revision gave it (sa.table's columns and types): binds
    // the values where the schema does not know the table (one an op.execute made).
    std::optional<schema::Table> given;
};

struct MigrationOp;
// with op.batch_alter_table("t") as batch_op: ... — the inner operations on
// one table, carried out together (one SQLite rebuild for all of them).
struct BatchAlterTableOp : OpBase {
    TableRef table;
    std::optional<std::string> recreate;   // "auto" (default), "always", "never"
    // naming_convention={...}: names the table's unnamed constraints for the block's operations.
    std::vector<std::pair<std::string, std::string>> naming_convention;
    std::vector<MigrationOp> ops;
};

using MigrationOpVariant =
    std::variant<CreateTableOp, DropTableOp, RenameTableOp, CreateTableCommentOp, AddColumnOp, DropColumnOp,
                 AlterColumnOp, CreateIndexOp, DropIndexOp, CreateForeignKeyOp, CreateUniqueConstraintOp,
                 CreateCheckConstraintOp, CreatePrimaryKeyOp, DropConstraintOp, CreateEnumOp, DropEnumOp,
                 AddEnumValueOp, ExecuteOp, BulkInsertOp, BatchAlterTableOp>;

struct MigrationOp : MigrationOpVariant {
    using MigrationOpVariant::MigrationOpVariant;
    const MigrationOpVariant& as_variant() const { return *this; }
    MigrationOpVariant& as_variant() { return *this; }
};

// The schema at a revision: the shape reflection yields (tables + PostgreSQL
// enum types), so a replayed schema and a reflected database compare alike.
using SchemaState = dialect::ReflectedSchema;

// Alembic's op name of an operation: "add_column", "batch_alter_table", ...
std::string op_name(const MigrationOp& op);

}  // namespace orm::migrate
