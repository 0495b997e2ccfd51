// The per-dialect side of operation_sql, as alembic.ddl.impl.DefaultImpl and
// its subclasses: one virtual method per operation, the base class emitting
// the generic ALTER TABLE statements, postgresql.cpp and sqlite.cpp
// overriding what their database does differently. Internal to migrate/.
#pragma once

#include <memory>
#include <string>

#include "orm/migrate/operation_sql.hpp"

namespace orm::migrate::ddl {

class Impl {
public:
    explicit Impl(const sql::DDLCompiler& compiler) : compiler_(compiler) {}
    virtual ~Impl() = default;

    // Appends the statements for `op` on `state` (the schema before it).
    void compile(const MigrationOp& op, const SchemaState& state, OperationSql& out) const;

protected:
    const sql::DDLCompiler& compiler_;

    virtual void create_table(const CreateTableOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void drop_table(const DropTableOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void rename_table(const RenameTableOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void table_comment(const CreateTableCommentOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void add_column(const AddColumnOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void drop_column(const DropColumnOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void alter_column(const AlterColumnOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void create_index(const CreateIndexOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void drop_index(const DropIndexOp& op, const SchemaState& state, OperationSql& out) const;
    // Create*ConstraintOp: ALTER TABLE t ADD <constraint clause>.
    virtual void add_constraint(const MigrationOp& op, const SchemaState& state, OperationSql& out) const;
    virtual void drop_constraint(const DropConstraintOp& op, const SchemaState& state, OperationSql& out) const;
    // Native enum types: nothing where the dialect has none.
    virtual void create_enum(const CreateEnumOp&, const SchemaState&, OperationSql&) const {}
    virtual void drop_enum(const DropEnumOp&, const SchemaState&, OperationSql&) const {}
    virtual void add_enum_value(const AddEnumValueOp&, const SchemaState&, OperationSql&) const {}
    virtual void bulk_insert(const BulkInsertOp& op, const SchemaState& state, OperationSql& out) const;
    // The inner operations one after another, the state advancing.
    virtual void batch(const BatchAlterTableOp& op, const SchemaState& state, OperationSql& out) const;

    // ---- helpers --------------------------------------------------------
    static void emit(OperationSql& out, std::string sql, dialect::Params params = {});
    // The state's table, or InputError at `loc`.
    static const schema::Table& table_of(const SchemaState& state, const TableRef& ref, const SourceLocation& loc);
    std::string table_name(const TableRef& ref) const;
    std::string alter_table(const TableRef& ref) const { return "ALTER TABLE " + table_name(ref); }
    // A server default as DEFAULT renders it.
    std::string default_sql(const schema::ClausePtr& clause) const;
    // The dialect's placeholder: "$1" / "?1".
    std::string placeholder(size_t n) const;
    // The table after `op` (a copy of the state's, replayed).
    static schema::Table table_after(const MigrationOp& op, const SchemaState& state, const TableRef& ref);
    // A constraint name ready for DDL.
    std::string constraint_name(const std::string& name) const;
    // COMMENT ON COLUMN t.c IS '...' / NULL.
    std::string column_comment_sql(const TableRef& ref, const std::string& column,
                                   const std::optional<std::string>& comment) const;
};

std::unique_ptr<Impl> make_postgresql_impl(const sql::DDLCompiler& compiler);
std::unique_ptr<Impl> make_sqlite_impl(const sql::DDLCompiler& compiler);
// SQLite's answer to sqlite_needs_rebuild().
bool sqlite_op_needs_rebuild(const MigrationOp& op, const SchemaState& state);

}  // namespace orm::migrate::ddl
