#include "orm/migrate/ddl/impl.hpp"

#include <algorithm>
#include <set>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/core/overloaded.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/apply.hpp"

namespace orm::migrate::ddl {

std::string Impl::placeholder(size_t n) const { return dialect::get_dialect(compiler_.dialect_name()).placeholder(n); }

using schema::Table;

namespace {


bool integer_type(schema::TypeKind k) {
    using schema::TypeKind;
    return k == TypeKind::Integer || k == TypeKind::SmallInteger || k == TypeKind::BigInteger ||
           k == TypeKind::INTEGER || k == TypeKind::SMALLINT || k == TypeKind::BIGINT;
}

// A bulk_insert value, bound: integers as integers where the column holds
// them, booleans as booleans, every other number as its digits (text), so
// no decimal passes through a binary float.
dialect::Value bound_value(const schema::Clause& c, const schema::Column& column) {
    using schema::ClauseKind;
    switch (c.kind) {
    case ClauseKind::Null: return nullptr;
    case ClauseKind::True: return true;
    case ClauseKind::False: return false;
    case ClauseKind::Number:
        // An integer too big for 64 bits goes as its digits, which the server reads exactly.
        if (integer_type(column.type.kind))
            if (auto n = parse_python_integer(c.text)) return *n;
        return c.text;
    default: return c.text;
    }
}

}  // namespace

void Impl::compile(const MigrationOp& op, const SchemaState& state, OperationSql& out) const {
    std::visit(overloaded{
                   [&](const CreateTableOp& o) { create_table(o, state, out); },
                   [&](const DropTableOp& o) { drop_table(o, state, out); },
                   [&](const RenameTableOp& o) { rename_table(o, state, out); },
                   [&](const CreateTableCommentOp& o) { table_comment(o, state, out); },
                   [&](const AddColumnOp& o) { add_column(o, state, out); },
                   [&](const DropColumnOp& o) { drop_column(o, state, out); },
                   [&](const AlterColumnOp& o) { alter_column(o, state, out); },
                   [&](const CreateIndexOp& o) { create_index(o, state, out); },
                   [&](const DropIndexOp& o) { drop_index(o, state, out); },
                   [&](const CreateForeignKeyOp&) { add_constraint(op, state, out); },
                   [&](const CreateUniqueConstraintOp&) { add_constraint(op, state, out); },
                   [&](const CreateCheckConstraintOp&) { add_constraint(op, state, out); },
                   [&](const CreatePrimaryKeyOp&) { add_constraint(op, state, out); },
                   [&](const DropConstraintOp& o) { drop_constraint(o, state, out); },
                   [&](const CreateEnumOp& o) { create_enum(o, state, out); },
                   [&](const DropEnumOp& o) { drop_enum(o, state, out); },
                   [&](const AddEnumValueOp& o) {
                       // op.execute()'s text runs as written, whatever the backend makes of it.
                       if (o.verbatim) emit(out, *o.verbatim);
                       else add_enum_value(o, state, out);
                   },
                   [&](const ExecuteOp& o) { emit(out, o.sql, o.params); },
                   [&](const BulkInsertOp& o) { bulk_insert(o, state, out); },
                   [&](const BatchAlterTableOp& o) { batch(o, state, out); },
               },
               op.as_variant());
}

// ---------------------------------------------------------------------------
// helpers

void Impl::emit(OperationSql& out, std::string sql, dialect::Params params) {
    out.statements.push_back({std::move(sql), std::move(params)});
}

const Table& Impl::table_of(const SchemaState& state, const TableRef& ref, const SourceLocation& loc) {
    const Table* t = find_table(state, ref);
    if (!t) throw InputError("no table '" + ref.fullname() + "' in the schema at this point", nullptr, loc);
    return *t;
}

std::string Impl::table_name(const TableRef& ref) const { return compiler_.format_table_name(ref.schema, ref.name); }

std::string Impl::default_sql(const schema::ClausePtr& clause) const {
    schema::Column c;
    c.server_default = clause;
    return compiler_.column_default_string(c).value_or("NULL");
}

Table Impl::table_after(const MigrationOp& op, const SchemaState& state, const TableRef& ref) {
    SchemaState after = table_state(state, ref);
    apply_operation(op, after);
    const Table* t = find_table(after, ref);
    return t ? *t : Table{};
}

std::string Impl::constraint_name(const std::string& name) const { return compiler_.quote(name); }

std::string Impl::column_comment_sql(const TableRef& ref, const std::string& column,
                                     const std::optional<std::string>& comment) const {
    return "COMMENT ON COLUMN " + table_name(ref) + "." + compiler_.quote(column) + " IS " +
           (comment ? compiler_.render_string_literal(*comment) : std::string("NULL"));
}

// ---------------------------------------------------------------------------
// tables

void Impl::create_table(const CreateTableOp& op, const SchemaState& state, OperationSql& out) const {
    TableRef ref{op.table.name, op.table.schema};
    if (find_table(state, ref))
        throw InputError("table '" + ref.fullname() + "' already exists", nullptr, op.loc);
    const auto& md = state.metadata;
    const Table& t = op.table;
    // SQLAlchemy's create_table creates the enum types its columns use, unless they exist.
    std::set<std::string> have;
    for (const auto& e : state.enums) have.insert((e.schema ? *e.schema + "." : "") + e.name.value_or(""));
    for (const schema::EnumSpec* e : sql::native_enums_of(t, compiler_)) {
        std::string key = (e->schema ? *e->schema + "." : "") + sql::enum_type_name(*e).value_or("");
        if (have.insert(key).second) emit(out, compiler_.create_enum_type(*e));
    }
    emit(out, compiler_.create_table(md, t));
    std::vector<const schema::Index*> indexes;
    for (const auto& ix : t.indexes) indexes.push_back(&ix);
    std::stable_sort(indexes.begin(), indexes.end(),
                     [](const schema::Index* a, const schema::Index* b) { return a->creation_order < b->creation_order; });
    for (const auto* ix : indexes) emit(out, compiler_.create_index(md, t, *ix, false));
    if (compiler_.supports_comments()) {
        if (t.comment) emit(out, compiler_.set_table_comment(t));
        for (const auto& c : t.columns)
            if (c.comment) emit(out, compiler_.set_column_comment(t, c));
    }
    // use_alter foreign keys are left out of CREATE TABLE where ALTER exists.
    if (compiler_.supports_alter())
        for (const auto& fk : t.foreign_keys)
            if (fk.use_alter) emit(out, compiler_.add_foreign_key(md, t, fk));
}

void Impl::drop_table(const DropTableOp& op, const SchemaState& state, OperationSql& out) const {
    table_of(state, op.table, op.loc);
    emit(out, "DROP TABLE " + table_name(op.table));
}

void Impl::rename_table(const RenameTableOp& op, const SchemaState& state, OperationSql& out) const {
    table_of(state, op.table, op.loc);
    emit(out, alter_table(op.table) + " RENAME TO " + compiler_.format_table_name(std::nullopt, op.new_name));
}

void Impl::table_comment(const CreateTableCommentOp& op, const SchemaState& state, OperationSql& out) const {
    table_of(state, op.table, op.loc);
    if (!compiler_.supports_comments()) return;
    emit(out, "COMMENT ON TABLE " + table_name(op.table) + " IS " +
                  (op.comment ? compiler_.render_string_literal(*op.comment) : std::string("NULL")));
}

// ---------------------------------------------------------------------------
// columns

void Impl::add_column(const AddColumnOp& op, const SchemaState& state, OperationSql& out) const {
    table_of(state, op.table, op.loc);
    const Table after = table_after(op, state, op.table);
    const auto& md = state.metadata;
    const schema::Column& col = *after.column(op.column.name);
    emit(out, alter_table(op.table) + " ADD COLUMN " + compiler_.column_specification(md, after, col));
    // Then, as Alembic's add_column: the column's constraints, its index, its comment.
    for (const auto& fk : op.foreign_keys)
        if (auto clause = compiler_.foreign_key_clause(md, after, fk)) emit(out, alter_table(op.table) + " ADD " + *clause);
    if (op.column.unique.value_or(false)) {
        schema::UniqueConstraint u;
        u.columns = {col.name};
        emit(out, alter_table(op.table) + " ADD " + compiler_.unique_clause(md, u));
    }
    for (const auto& check : compiler_.type_bound_checks(md, after)) {
        if (check.column->name != col.name) continue;
        std::string clause = check.name ? "CONSTRAINT " + compiler_.format_constraint_name(*check.name, check.conventional_name, md, col.loc) + " " : "";
        emit(out, alter_table(op.table) + " ADD " + clause + "CHECK (" + check.sqltext + ")");
    }
    if (op.column.index.value_or(false))
        for (const auto& ix : after.indexes)
            if (ix.name == "ix_" + after.name + "_" + col.name) emit(out, compiler_.create_index(md, after, ix, false));
    if (compiler_.supports_comments() && col.comment) emit(out, column_comment_sql(op.table, col.name, col.comment));
}

void Impl::drop_column(const DropColumnOp& op, const SchemaState& state, OperationSql& out) const {
    const Table& t = table_of(state, op.table, op.loc);
    if (!t.column(op.column))
        throw InputError("table '" + t.fullname() + "' has no column '" + op.column + "'", nullptr, op.loc);
    emit(out, alter_table(op.table) + " DROP COLUMN " + compiler_.quote(op.column));
}

void Impl::alter_column(const AlterColumnOp& op, const SchemaState& state, OperationSql& out) const {
    const Table& t = table_of(state, op.table, op.loc);
    const schema::Column* col = t.column(op.column);
    if (!col) throw InputError("table '" + t.fullname() + "' has no column '" + op.column + "'", nullptr, op.loc);
    const std::string alter = alter_table(op.table) + " ALTER COLUMN " + compiler_.quote(op.column);
    // Alembic's DefaultImpl.alter_column order: nullable, default, type, comment, name last.
    if (op.nullable) emit(out, alter + (*op.nullable ? " DROP NOT NULL" : " SET NOT NULL"));
    if (op.server_default)
        emit(out, alter + (*op.server_default ? " SET DEFAULT " + default_sql(*op.server_default) : " DROP DEFAULT"));
    if (op.type) emit(out, alter + " TYPE " + compiler_.type_spec(*op.type, state.metadata, col));
    if (op.comment && compiler_.supports_comments()) emit(out, column_comment_sql(op.table, op.column, *op.comment));
    if (op.new_column_name && *op.new_column_name != op.column)
        emit(out, alter_table(op.table) + " RENAME " + compiler_.quote(op.column) + " TO " +
                      compiler_.quote(*op.new_column_name));
}

// ---------------------------------------------------------------------------
// indexes and constraints

void Impl::create_index(const CreateIndexOp& op, const SchemaState& state, OperationSql& out) const {
    const Table& t = table_of(state, op.table, op.loc);
    emit(out, compiler_.create_index(state.metadata, t, op.index, op.if_not_exists));
}

void Impl::drop_index(const DropIndexOp& op, const SchemaState& state, OperationSql& out) const {
    for (const auto& t : state.metadata.tables) {
        if (!op.table.name.empty() && t.get() != find_table(state, op.table)) continue;
        for (const auto& ix : t->indexes)
            if (ix.name == op.name) {
                schema::Index dropped = ix;
                dropped.postgresql_concurrently = op.postgresql_concurrently;
                emit(out, compiler_.drop_index(state.metadata, *t, dropped, op.if_exists));
                return;
            }
    }
    if (op.if_exists) {
        // An index that may be absent: its name and the table's schema are all DROP INDEX IF EXISTS needs.
        Table t;
        t.name = op.table.name;
        t.schema = op.table.schema;
        schema::Index dropped;
        dropped.name = op.name;
        dropped.postgresql_concurrently = op.postgresql_concurrently;
        emit(out, compiler_.drop_index(state.metadata, t, dropped, true));
        return;
    }
    throw InputError("no index named '" + op.name + "'", nullptr, op.loc);
}

void Impl::add_constraint(const MigrationOp& op, const SchemaState& state, OperationSql& out) const {
    const auto& md = state.metadata;
    std::visit(overloaded{
                   [&](const CreateForeignKeyOp& o) {
                       const Table& t = table_of(state, o.table, o.loc);
                       if (auto clause = compiler_.foreign_key_clause(md, t, o.constraint))
                           emit(out, alter_table(o.table) + " ADD " + *clause);
                   },
                   [&](const CreateUniqueConstraintOp& o) {
                       table_of(state, o.table, o.loc);
                       emit(out, alter_table(o.table) + " ADD " + compiler_.unique_clause(md, o.constraint));
                   },
                   [&](const CreateCheckConstraintOp& o) {
                       table_of(state, o.table, o.loc);
                       emit(out, alter_table(o.table) + " ADD " + compiler_.check_clause(md, o.constraint));
                   },
                   [&](const CreatePrimaryKeyOp& o) {
                       Table t = table_of(state, o.table, o.loc);
                       t.primary_key = o.constraint;
                       t.primary_key.implicit_generated = false;
                       if (auto clause = compiler_.primary_key_clause(md, t))
                           emit(out, alter_table(o.table) + " ADD " + *clause);
                   },
                   [](const auto&) {},
               },
               op.as_variant());
}

void Impl::drop_constraint(const DropConstraintOp& op, const SchemaState& state, OperationSql& out) const {
    const Table& t = table_of(state, op.table, op.loc);
    std::string name = op.name;
    if (name.empty()) {
        // Unnamed in the script: the name the state knows for the same constraint (PostgreSQL names them all).
        SchemaState after = table_state(state, op.table);
        const Table before = t;
        apply_operation(op, after);   // throws when nothing matches
        const Table& now = *find_table(after, op.table);
        auto gone = [&](const auto& old_list, const auto& new_list) -> std::optional<std::string> {
            for (const auto& c : old_list) {
                bool kept = std::any_of(new_list.begin(), new_list.end(), [&](const auto& n) { return n.name == c.name; });
                if (!kept) return c.name;
            }
            return std::nullopt;
        };
        std::optional<std::string> found;
        if (!now.primary_key.columns.size() && before.primary_key.columns.size()) found = before.primary_key.name;
        if (!found) found = gone(before.unique_constraints, now.unique_constraints);
        if (!found) found = gone(before.foreign_keys, now.foreign_keys);
        if (!found) found = gone(before.check_constraints, now.check_constraints);
        if (!found)
            throw InputError("cannot drop a constraint without a name on table '" + t.fullname() +
                                 "': the database names it itself; give its name",
                             nullptr, op.loc);
        name = *found;
    }
    emit(out, alter_table(op.table) + " DROP CONSTRAINT " + constraint_name(name));
}

// ---------------------------------------------------------------------------
// data and batches

void Impl::bulk_insert(const BulkInsertOp& op, const SchemaState& state, OperationSql& out) const {
    // The table as the schema knows it, else as the revision gave it (a table an op.execute made).
    const Table* known = find_table(state, op.table);
    const Table& t = known ? *known : op.given ? *op.given : table_of(state, op.table, op.loc);
    for (const auto& row : op.rows) {
        if (row.empty()) continue;
        std::string cols, values;
        dialect::Params params;
        for (const auto& [name, value] : row) {
            const schema::Column* col = t.column(name);
            if (!col) throw InputError("table '" + t.fullname() + "' has no column '" + name + "'", nullptr, op.loc);
            cols += (params.empty() ? "" : ", ") + compiler_.quote(name);
            values += (params.empty() ? "" : ", ") + placeholder(params.size() + 1);
            params.push_back(value ? bound_value(*value, *col) : dialect::Value());
        }
        emit(out, "INSERT INTO " + table_name(op.table) + " (" + cols + ") VALUES (" + values + ")", std::move(params));
    }
}

void Impl::batch(const BatchAlterTableOp& op, const SchemaState& state, OperationSql& out) const {
    table_of(state, op.table, op.loc);
    SchemaState st = copy_state(state);
    for (const auto& inner : op.ops) {
        compile(inner, st, out);
        apply_operation(inner, st);
    }
}

}  // namespace orm::migrate::ddl
