// SQLite's side of operation_sql (alembic.ddl.sqlite.SQLiteImpl plus
// Alembic's batch "move and copy"): ALTER TABLE where SQLite can, and
// otherwise sqlite.org's 12-step rebuild (https://sqlite.org/lang_altertable.html#otheralter):
//
//   CREATE TEMP TABLE _orm_rebuild_guard ...; INSERT ... (refuses when the
//       table has triggers: dropping the table would drop them)
//   CREATE TABLE _orm_new_t (the new definition)
//   INSERT INTO _orm_new_t (kept columns) SELECT kept columns FROM t
//   [sqlite_sequence carried over for an AUTOINCREMENT table]
//   DROP TABLE t
//   PRAGMA legacy_alter_table=ON; ALTER TABLE _orm_new_t RENAME TO t;
//       PRAGMA legacy_alter_table=OFF   (views and other tables' foreign
//       keys keep naming "t", untouched)
//   CREATE INDEX ... (the new definition's indexes)
//   ALTER TABLE t RENAME TO _orm_check_t; ALTER TABLE _orm_check_t RENAME TO t
//       (a rename re-checks every view and trigger: one the change broke
//       fails here, naming the view, and the whole transaction rolls back)
//
// The runner brackets it with PRAGMA foreign_keys=OFF and PRAGMA
// foreign_key_check (OperationSql::sqlite_rebuild).
#include <algorithm>
#include <map>
#include <string_view>

#include "orm/core/error.hpp"
#include "orm/core/overloaded.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/ddl/impl.hpp"
#include "orm/sql/literal_scan.hpp"

namespace orm::migrate::ddl {

using schema::Clause;
using schema::ClauseKind;
using schema::ClausePtr;
using schema::Table;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// A default SQLite's ADD COLUMN accepts: a constant, not CURRENT_* nor an expression in parentheses.
bool constant_default(const ClausePtr& d) {
    if (!d) return true;
    switch (d->kind) {
    case ClauseKind::String: case ClauseKind::Number: case ClauseKind::True: case ClauseKind::False: case ClauseKind::Null:
        return true;
    case ClauseKind::Unary:
        return (d->text == "-" || d->text == "+") && !d->args.empty() && d->args[0]->kind == ClauseKind::Number;
    case ClauseKind::Text: {
        const std::string_view text = sql::trim_space(d->text);
        return sql::is_quoted_string(text) || sql::is_decimal_number(text, true) || sql::is_keyword_constant(text, false);
    }
    default:
        return false;
    }
}

bool null_default(const ClausePtr& d) {
    if (!d) return true;
    if (d->kind == ClauseKind::Null) return true;
    if (d->kind == ClauseKind::Text) {
        return sql::iequals(sql::trim_space(d->text), "NULL");
    }
    return false;
}

bool index_uses(const schema::Index& ix, const std::string& col) {
    for (const auto& e : ix.expressions)
        if (clause_mentions(*e, col)) return true;
    return (ix.sqlite_where && clause_mentions(*ix.sqlite_where, col));
}

// SQLite's type affinity of a declared type (https://sqlite.org/datatype3.html#determination_of_column_affinity).
std::string affinity(std::string declared) {
    for (auto& c : declared) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (declared.find("INT") != std::string::npos) return "INTEGER";
    if (declared.find("CHAR") != std::string::npos || declared.find("CLOB") != std::string::npos ||
        declared.find("TEXT") != std::string::npos)
        return "TEXT";
    if (declared.find("BLOB") != std::string::npos || declared.empty()) return "BLOB";
    if (declared.find("REAL") != std::string::npos || declared.find("FLOA") != std::string::npos ||
        declared.find("DOUB") != std::string::npos)
        return "REAL";
    return "NUMERIC";
}


bool add_column_needs_rebuild(const AddColumnOp& op) {
    const auto& c = op.column;
    if (c.primary_key || c.unique.value_or(false)) return true;
    if (!constant_default(c.server_default)) return true;
    if (!c.nullable && null_default(c.server_default)) return true;
    for (const auto& fk : op.foreign_keys) {
        if (fk.columns.size() != 1 || fk.columns.front() != c.name) return true;
        if (!null_default(c.server_default)) return true;   // SQLite: REFERENCES needs a NULL default
    }
    return false;
}

bool drop_column_needs_rebuild(const DropColumnOp& op, const SchemaState& state) {
    const Table* t = find_table(state, op.table);
    if (!t) return false;
    const std::string& col = op.column;
    if (contains(t->primary_key.columns, col)) return true;
    for (const auto& u : t->unique_constraints)
        if (contains(u.columns, col)) return true;
    for (const auto& f : t->foreign_keys)
        if (contains(f.columns, col)) return true;
    for (const auto& c : t->check_constraints)
        if (c.sqltext && clause_mentions(*c.sqltext, col)) return true;
    for (const auto& ix : t->indexes)
        if (index_uses(ix, col)) return true;
    return false;
}

}  // namespace

bool sqlite_op_needs_rebuild(const MigrationOp& op, const SchemaState& state) {
    return std::visit(
        overloaded{
            [&](const AddColumnOp& o) { return add_column_needs_rebuild(o); },
            [&](const DropColumnOp& o) { return drop_column_needs_rebuild(o, state); },
            [&](const AlterColumnOp& o) { return o.type || o.nullable || o.server_default; },
            [&](const CreateForeignKeyOp&) { return true; },
            [&](const CreateUniqueConstraintOp&) { return true; },
            [&](const CreateCheckConstraintOp&) { return true; },
            [&](const CreatePrimaryKeyOp&) { return true; },
            [&](const DropConstraintOp&) { return true; },
            [&](const BatchAlterTableOp& o) {
                if (o.recreate == "always") return true;
                if (o.recreate == "never") return false;
                SchemaState st = table_state(state, o.table);
                for (const auto& inner : o.ops) {
                    if (sqlite_op_needs_rebuild(inner, st)) return true;
                    apply_operation(inner, st);
                }
                return false;
            },
            [&](const auto&) { return false; },
        },
        op.as_variant());
}

namespace {

class SqliteImpl : public Impl {
public:
    using Impl::Impl;

protected:
    void add_column(const AddColumnOp& op, const SchemaState& state, OperationSql& out) const override {
        table_of(state, op.table, op.loc);
        if (add_column_needs_rebuild(op)) return rebuild_one(op, state, out);
        const auto& md = state.metadata;
        const Table after = table_after(op, state, op.table);
        const schema::Column& col = *after.column(op.column.name);
        std::string sql = alter_table(op.table) + " ADD COLUMN " + compiler_.column_specification(md, after, col);
        // The column's foreign key and type CHECK go inline: SQLite has no ADD CONSTRAINT.
        for (const auto& fk : op.foreign_keys) {
            auto clause = compiler_.foreign_key_clause(md, after, fk);
            if (!clause) continue;
            auto fk_pos = clause->find("FOREIGN KEY(");
            auto ref_pos = clause->find(" REFERENCES ", fk_pos);
            if (fk_pos == std::string::npos || ref_pos == std::string::npos) continue;
            sql += " " + clause->substr(0, fk_pos) + clause->substr(ref_pos + 1);
        }
        for (const auto& check : compiler_.type_bound_checks(md, after)) {
            if (check.column->name != col.name) continue;
            if (check.name)
                sql += " CONSTRAINT " + compiler_.format_constraint_name(*check.name, check.conventional_name, md, col.loc);
            sql += " CHECK (" + check.sqltext + ")";
        }
        emit(out, std::move(sql));
        if (op.column.index.value_or(false))
            for (const auto& ix : after.indexes)
                if (ix.name == "ix_" + after.name + "_" + col.name) emit(out, compiler_.create_index(md, after, ix, false));
    }

    void drop_column(const DropColumnOp& op, const SchemaState& state, OperationSql& out) const override {
        const Table& t = table_of(state, op.table, op.loc);
        if (!t.column(op.column))
            throw InputError("table '" + t.fullname() + "' has no column '" + op.column + "'", nullptr, op.loc);
        if (drop_column_needs_rebuild(op, state)) return rebuild_one(op, state, out);
        Impl::drop_column(op, state, out);
    }

    void alter_column(const AlterColumnOp& op, const SchemaState& state, OperationSql& out) const override {
        const Table& t = table_of(state, op.table, op.loc);
        if (!t.column(op.column))
            throw InputError("table '" + t.fullname() + "' has no column '" + op.column + "'", nullptr, op.loc);
        if (op.type || op.nullable || op.server_default) return rebuild_one(op, state, out);
        // A comment has nowhere to go in SQLite; a rename is direct.
        if (op.new_column_name && *op.new_column_name != op.column)
            emit(out, alter_table(op.table) + " RENAME " + compiler_.quote(op.column) + " TO " +
                          compiler_.quote(*op.new_column_name));
    }

    void add_constraint(const MigrationOp& op, const SchemaState& state, OperationSql& out) const override {
        std::visit(overloaded{
                       [&](const CreateForeignKeyOp& o) { rebuild(o.table, {&op}, state, o.loc, out); },
                       [&](const CreateUniqueConstraintOp& o) { rebuild(o.table, {&op}, state, o.loc, out); },
                       [&](const CreateCheckConstraintOp& o) { rebuild(o.table, {&op}, state, o.loc, out); },
                       [&](const CreatePrimaryKeyOp& o) { rebuild(o.table, {&op}, state, o.loc, out); },
                       [](const auto&) {},
                   },
                   op.as_variant());
    }

    void drop_constraint(const DropConstraintOp& op, const SchemaState& state, OperationSql& out) const override {
        rebuild_one(op, state, out);
    }

    void batch(const BatchAlterTableOp& op, const SchemaState& state, OperationSql& out) const override {
        table_of(state, op.table, op.loc);
        MigrationOp whole{op};
        const bool recreate = sqlite_op_needs_rebuild(whole, state);
        if (!recreate) {
            if (op.recreate == "never") {
                SchemaState st = table_state(state, op.table);
                for (const auto& inner : op.ops) {
                    if (sqlite_op_needs_rebuild(inner, st))
                        throw InputError(op_name(inner) + " needs a table rebuild on SQLite, which recreate=\"never\" forbids",
                                         nullptr, std::visit([](const auto& o) { return o.loc; }, inner.as_variant()));
                    apply_operation(inner, st);
                }
            }
            return Impl::batch(op, state, out);
        }
        std::vector<const MigrationOp*> inner;
        for (const auto& o : op.ops) inner.push_back(&o);
        rebuild(op.table, inner, state, op.loc, out);
    }

private:
    template <class Op>
    void rebuild_one(const Op& op, const SchemaState& state, OperationSql& out) const {
        const MigrationOp whole{op};
        rebuild(op.table, {&whole}, state, op.loc, out);
    }

    // The 12 steps for table `ref`, whose new definition is the state's table after `ops`.
    void rebuild(const TableRef& ref, const std::vector<const MigrationOp*>& ops, const SchemaState& state,
                 const SourceLocation& loc, OperationSql& out) const {
        const Table& old = table_of(state, ref, loc);
        // Replay on a state holding just this table: what the new table looks like.
        SchemaState mini = table_state(state, ref);
        // New column name -> the old column its data comes from.
        std::map<std::string, std::string> source;
        for (const auto& c : old.columns) source[c.name] = c.name;
        auto step = [&](const MigrationOp& op) {
            std::visit(overloaded{
                           [&](const AddColumnOp& o) { source.erase(o.column.name); },
                           [&](const DropColumnOp& o) { source.erase(o.column); },
                           [&](const AlterColumnOp& o) {
                               if (o.new_column_name && *o.new_column_name != o.column && source.count(o.column)) {
                                   source[*o.new_column_name] = source[o.column];
                                   source.erase(o.column);
                               }
                           },
                           [&](const CreateTableOp&) { not_in_batch(op, loc); },
                           [&](const DropTableOp&) { not_in_batch(op, loc); },
                           [&](const RenameTableOp&) { not_in_batch(op, loc); },
                           [&](const BatchAlterTableOp&) { not_in_batch(op, loc); },
                           [&](const ExecuteOp&) { not_in_batch(op, loc); },
                           [&](const BulkInsertOp&) { not_in_batch(op, loc); },
                           [&](const auto&) {},
                       },
                       op.as_variant());
            apply_operation(op, mini);
        };
        for (const MigrationOp* op : ops) step(*op);
        const Table* after = find_table(mini, ref);
        if (!after) throw InputError("the operations leave no table '" + ref.fullname() + "' to rebuild", nullptr, loc);
        const Table neu = *after;
        const auto& md = state.metadata;

        const std::string table = table_name(ref);
        const std::string temp_name = "_orm_new_" + neu.name;
        const std::string temp = compiler_.format_table_name(ref.schema, temp_name);
        const std::string guard = compiler_.quote("_orm_rebuild_guard");

        // Triggers on the table would go with DROP TABLE: refuse, saying so.
        emit(out, "CREATE TEMP TABLE " + guard + " (x INTEGER, CONSTRAINT " +
                      sql::IdentifierPreparer::quote_identifier("orm: table " + old.name +
                                        " has triggers, which rebuilding it would drop; drop them before this "
                                        "migration and create them again after it") +
                      " CHECK (x IS NULL))");
        emit(out, "INSERT INTO " + guard + " SELECT 1 FROM " +
                      (ref.schema ? compiler_.quote(*ref.schema) + "." : std::string()) +
                      "sqlite_master WHERE type = 'trigger' AND tbl_name = " + compiler_.render_string_literal(old.name));
        emit(out, "DROP TABLE " + guard);

        Table created = neu;
        created.name = temp_name;
        emit(out, compiler_.create_table(md, created));

        std::string cols, exprs;
        for (const auto& c : neu.columns) {
            auto it = source.find(c.name);
            if (it == source.end()) continue;
            const schema::Column* was = old.column(it->second);
            std::string expr = compiler_.quote(it->second);
            const std::string new_type = compiler_.type_spec(c.type, md, &c);
            // As Alembic's batch: CAST only when the type affinity changes (JSON excepted).
            if (was && affinity(compiler_.type_spec(was->type, md, was)) != affinity(new_type) &&
                c.type.kind != schema::TypeKind::JSON)
                expr = "CAST(" + expr + " AS " + new_type + ")";
            cols += (cols.empty() ? "" : ", ") + compiler_.quote(c.name);
            exprs += (exprs.empty() ? "" : ", ") + expr;
        }
        if (!cols.empty()) emit(out, "INSERT INTO " + temp + " (" + cols + ") SELECT " + exprs + " FROM " + table);
        auto autoinc = [](const Table& t) {
            auto it = t.dialect_options.find("sqlite_autoincrement");
            return it != t.dialect_options.end() && (it->second == "True" || it->second == "true" || it->second == "1");
        };
        if (autoinc(old) && autoinc(neu)) {
            // Keep AUTOINCREMENT's promise never to reuse a deleted id.
            const std::string seq = (ref.schema ? compiler_.quote(*ref.schema) + "." : std::string()) + "sqlite_sequence";
            emit(out, "DELETE FROM " + seq + " WHERE name = " + compiler_.render_string_literal(temp_name));
            emit(out, "INSERT INTO " + seq + " (name, seq) SELECT " + compiler_.render_string_literal(temp_name) + ", seq FROM " + seq +
                          " WHERE name = " + compiler_.render_string_literal(old.name));
        }
        emit(out, "DROP TABLE " + table);
        emit(out, "PRAGMA legacy_alter_table=ON");
        emit(out, "ALTER TABLE " + temp + " RENAME TO " + compiler_.format_table_name(std::nullopt, neu.name));
        emit(out, "PRAGMA legacy_alter_table=OFF");
        std::vector<const schema::Index*> indexes;
        for (const auto& ix : neu.indexes) indexes.push_back(&ix);
        std::stable_sort(indexes.begin(), indexes.end(), [](const schema::Index* a, const schema::Index* b) {
            return a->creation_order < b->creation_order;
        });
        for (const auto* ix : indexes) emit(out, compiler_.create_index(md, neu, *ix, false));
        const std::string check_name = "_orm_check_" + neu.name;
        emit(out, alter_table(ref) + " RENAME TO " + compiler_.format_table_name(std::nullopt, check_name));
        emit(out, "ALTER TABLE " + compiler_.format_table_name(ref.schema, check_name) + " RENAME TO " +
                      compiler_.format_table_name(std::nullopt, neu.name));
        out.sqlite_rebuild = true;
    }

    [[noreturn]] static void not_in_batch(const MigrationOp& op, const SourceLocation& loc) {
        throw InputError(op_name(op) + " cannot be part of a SQLite table rebuild (a batch_alter_table block)", nullptr,
                         loc);
    }
};

}  // namespace

std::unique_ptr<Impl> make_sqlite_impl(const sql::DDLCompiler& compiler) { return std::make_unique<SqliteImpl>(compiler); }

}  // namespace orm::migrate::ddl
