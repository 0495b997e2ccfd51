// PostgreSQL's side of operation_sql (alembic.ddl.postgresql.PostgresqlImpl):
// ALTER COLUMN ... TYPE comes first and takes USING; native enum types are
// created, dropped and extended with CREATE TYPE / DROP TYPE / ALTER TYPE.
#include "orm/core/error.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/ddl/impl.hpp"

namespace orm::migrate::ddl {

namespace {

class PostgresqlImpl : public Impl {
public:
    using Impl::Impl;

protected:

    void alter_column(const AlterColumnOp& op, const SchemaState& state, OperationSql& out) const override {
        const schema::Table& t = table_of(state, op.table, op.loc);
        const schema::Column* col = t.column(op.column);
        if (!col) throw InputError("table '" + t.fullname() + "' has no column '" + op.column + "'", nullptr, op.loc);
        if (op.postgresql_using && !op.type)
            throw InputError("postgresql_using must be used with the type_ parameter", nullptr, op.loc);
        if (op.type) {
            std::string sql = alter_table(op.table) + " ALTER COLUMN " + compiler_.quote(op.column) + " TYPE " +
                              compiler_.type_spec(*op.type, state.metadata, col);
            if (op.postgresql_using) sql += " USING " + *op.postgresql_using;
            emit(out, std::move(sql));
        }
        AlterColumnOp rest = op;
        rest.type.reset();
        rest.postgresql_using.reset();
        Impl::alter_column(rest, state, out);
    }

    void create_enum(const CreateEnumOp& op, const SchemaState&, OperationSql& out) const override {
        emit(out, compiler_.create_enum_type(op.spec));
    }

    void drop_enum(const DropEnumOp& op, const SchemaState&, OperationSql& out) const override {
        emit(out, compiler_.drop_enum_type(op.spec));
    }

    void add_enum_value(const AddEnumValueOp& op, const SchemaState& state, OperationSql& out) const override {
        // Validates the type and the anchor value.
        SchemaState after = table_state(state, TableRef{});   // the enum types, no table
        apply_operation(op, after);
        std::string sql = "ALTER TYPE " + compiler_.format_table_name(op.spec.schema, sql::enum_type_name(op.spec).value_or("")) +
                          " ADD VALUE " + compiler_.render_string_literal(op.value);
        if (op.before) sql += " BEFORE " + compiler_.render_string_literal(*op.before);
        else if (op.after) sql += " AFTER " + compiler_.render_string_literal(*op.after);
        emit(out, std::move(sql));
    }
};

}  // namespace

std::unique_ptr<Impl> make_postgresql_impl(const sql::DDLCompiler& compiler) {
    return std::make_unique<PostgresqlImpl>(compiler);
}

}  // namespace orm::migrate::ddl
