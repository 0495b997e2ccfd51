#include "orm/migrate/operation_sql.hpp"

#include "orm/core/error.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/ddl/impl.hpp"

namespace orm::migrate {

namespace {

// Chosen by what the dialect's ALTER TABLE can do, as Alembic's batch mode
// is: where it cannot change constraints or columns, tables are rebuilt
// ("move and copy"); elsewhere ALTER, with native enum types where the
// dialect has them.
std::unique_ptr<ddl::Impl> impl_for(const sql::DDLCompiler& compiler) {
    if (!compiler.supports_alter()) return ddl::make_sqlite_impl(compiler);
    return ddl::make_postgresql_impl(compiler);
}

}  // namespace

OperationSql operation_sql(const MigrationOp& op, const SchemaState& state, const sql::DDLCompiler& compiler) {
    OperationSql out;
    impl_for(compiler)->compile(op, state, out);
    return out;
}

OperationSql operations_sql(const std::vector<MigrationOp>& ops, SchemaState& state, const sql::DDLCompiler& compiler) {
    auto impl = impl_for(compiler);
    OperationSql out;
    for (const auto& op : ops) {
        impl->compile(op, state, out);
        apply_operation(op, state);
    }
    return out;
}

bool sqlite_needs_rebuild(const MigrationOp& op, const SchemaState& state) {
    return ddl::sqlite_op_needs_rebuild(op, state);
}

}  // namespace orm::migrate
