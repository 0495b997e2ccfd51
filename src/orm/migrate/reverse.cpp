// reverse_operations: the downgrade of a list of operations, as Alembic's
// ops.reverse(): each operation's inverse, computed on the schema just
// before it (replayed), last operation first.
#include <algorithm>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/autogenerate.hpp"
#include "orm/migrate/autogenerate_detail.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

using schema::Table;
using detail::enum_change_ops;
using detail::postgresql_using;

namespace {

// The same constraint before and after an operation.
bool same(const schema::UniqueConstraint& a, const schema::UniqueConstraint& b) {
    return a.name == b.name && a.columns == b.columns;
}
bool same(const schema::ForeignKeyConstraint& a, const schema::ForeignKeyConstraint& b) {
    return a.name == b.name && a.columns == b.columns && a.referred_table == b.referred_table &&
           a.referred_columns == b.referred_columns;
}
bool same(const schema::CheckConstraint& a, const schema::CheckConstraint& b) {
    return a.name == b.name && a.sqltext == b.sqltext;
}

class Reverser {
public:
    explicit Reverser(const SchemaState& before)
        : state_(copy_state(before)), compiler_(dialect::get_dialect(before.dialect).ddl_compiler()) {}

    std::vector<MigrationOp> run(const std::vector<MigrationOp>& ops) {
        std::vector<MigrationOp> out;
        for (const auto& op : ops) {
            auto inverse = reverse(op);
            apply_operation(op, state_);
            out.insert(out.begin(), inverse.begin(), inverse.end());
        }
        return out;
    }

private:
    SchemaState state_;   // the schema before the operation being reversed
    std::unique_ptr<sql::DDLCompiler> compiler_;

    const Table& table(const TableRef& ref, const SourceLocation& loc) const {
        const Table* t = find_table(state_, ref);
        if (!t) throw InputError("no table '" + ref.fullname() + "' in the schema at this point", nullptr, loc);
        return *t;
    }

    // The table as `op` leaves it (replayed on that table alone).
    Table after(const MigrationOp& op, const TableRef& ref) const {
        SchemaState mini;
        mini.dialect = state_.dialect;
        mini.metadata.schema = state_.metadata.schema;
        mini.enums = state_.enums;
        if (const Table* t = find_table(state_, ref)) mini.metadata.tables.push_back(std::make_unique<Table>(*t));
        apply_operation(op, mini);
        const Table* t = find_table(mini, ref);
        return t ? *t : Table{};
    }

    // Operations that create what `before` has and `after` lacks (constraints and indexes).
    static std::vector<MigrationOp> restore(const TableRef& ref, const Table& before, const Table& after) {
        std::vector<MigrationOp> out;
        if (!before.primary_key.columns.empty() && after.primary_key.columns.empty()) {
            CreatePrimaryKeyOp op;
            op.table = ref;
            op.constraint = before.primary_key;
            out.push_back(std::move(op));
        }
        auto missing = [](const auto& list, const auto& c) {
            return std::none_of(list.begin(), list.end(), [&](const auto& x) { return same(x, c); });
        };
        for (const auto& u : before.unique_constraints)
            if (missing(after.unique_constraints, u)) {
                CreateUniqueConstraintOp op;
                op.table = ref;
                op.constraint = u;
                out.push_back(std::move(op));
            }
        for (const auto& f : before.foreign_keys)
            if (missing(after.foreign_keys, f)) {
                CreateForeignKeyOp op;
                op.table = ref;
                op.constraint = f;
                out.push_back(std::move(op));
            }
        for (const auto& c : before.check_constraints)
            if (missing(after.check_constraints, c)) {
                CreateCheckConstraintOp op;
                op.table = ref;
                op.constraint = c;
                out.push_back(std::move(op));
            }
        for (const auto& ix : before.indexes)
            if (std::none_of(after.indexes.begin(), after.indexes.end(), [&](const schema::Index& x) { return x.name == ix.name; })) {
                CreateIndexOp op;
                op.table = ref;
                op.index = ix;
                out.push_back(std::move(op));
            }
        return out;
    }

    // Drops for what `after` has and `before` lacks: the inverse of a create.
    static std::vector<MigrationOp> remove_new(const TableRef& ref, const Table& before, const Table& after) {
        std::vector<MigrationOp> out;
        auto is_new = [](const auto& list, const auto& c) {
            return std::none_of(list.begin(), list.end(), [&](const auto& x) { return same(x, c); });
        };
        auto drop = [&](const auto& c, const char* type) {
            DropConstraintOp op;
            op.table = ref;
            op.name = c.name.value_or("");
            op.type = type;
            op.existing = c;
            out.push_back(std::move(op));
        };
        for (const auto& u : after.unique_constraints)
            if (is_new(before.unique_constraints, u)) drop(u, "unique");
        for (const auto& f : after.foreign_keys)
            if (is_new(before.foreign_keys, f)) drop(f, "foreignkey");
        for (const auto& c : after.check_constraints)
            if (is_new(before.check_constraints, c)) drop(c, "check");
        if (before.primary_key.columns.empty() && !after.primary_key.columns.empty()) drop(after.primary_key, "primary");
        return out;
    }

    std::vector<MigrationOp> reverse(const MigrationOp& op) {
        return std::visit([&](const auto& o) { return inverse(o, op); }, op.as_variant());
    }

    // ---- the inverse of each kind of operation, on the schema before it ----

    std::vector<MigrationOp> inverse(const CreateTableOp& o, const MigrationOp& op) {
        DropTableOp r;
        r.table = TableRef{o.table.name, o.table.schema};
        r.existing = after(op, r.table);
        return {r};
    }

    std::vector<MigrationOp> inverse(const DropTableOp& o, const MigrationOp& op) {
        CreateTableOp r;
        r.table = table(o.table, o.loc);
        return {r};
    }

    std::vector<MigrationOp> inverse(const RenameTableOp& o, const MigrationOp& op) {
        table(o.table, o.loc);
        RenameTableOp r;
        r.table = TableRef{o.new_name, o.table.schema};
        r.new_name = o.table.name;
        return {r};
    }

    std::vector<MigrationOp> inverse(const CreateTableCommentOp& o, const MigrationOp& op) {
        CreateTableCommentOp r;
        r.table = o.table;
        r.comment = table(o.table, o.loc).comment;
        r.existing_comment = o.comment;
        return {r};
    }

    std::vector<MigrationOp> inverse(const AddColumnOp& o, const MigrationOp& op) {
        const Table t = after(op, o.table);
        DropColumnOp r;
        r.table = o.table;
        r.column = o.column.name;
        r.existing = *t.column(o.column.name);
        return {r};
    }

    std::vector<MigrationOp> inverse(const DropColumnOp& o, const MigrationOp& op) {
        const Table& before = table(o.table, o.loc);
        const schema::Column* c = before.column(o.column);
        if (!c) throw InputError("table '" + before.fullname() + "' has no column '" + o.column + "'", nullptr, o.loc);
        AddColumnOp r;
        r.table = o.table;
        r.column = *c;
        r.column.unique.reset();
        r.column.index.reset();
        r.column.nullable = !sql::DDLCompiler::column_not_null(before, *c);
        std::vector<MigrationOp> out{r};
        auto rest = restore(o.table, before, after(op, o.table));
        out.insert(out.end(), rest.begin(), rest.end());
        return out;
    }

    std::vector<MigrationOp> inverse(const AlterColumnOp& o, const MigrationOp& op) {
        const Table& t = table(o.table, o.loc);
        const schema::Column* c = t.column(o.column);
        if (!c) throw InputError("table '" + t.fullname() + "' has no column '" + o.column + "'", nullptr, o.loc);
        AlterColumnOp r;
        r.table = o.table;
        r.column = o.new_column_name.value_or(o.column);
        if (o.new_column_name && *o.new_column_name != o.column) r.new_column_name = o.column;
        r.existing_type = o.type ? *o.type : c->type;
        r.existing_nullable = o.nullable ? *o.nullable : c->nullable;
        r.existing_server_default = o.server_default ? *o.server_default : c->server_default;
        r.existing_comment = o.comment ? *o.comment : c->comment;
        if (o.type) {
            r.type = c->type;
            // USING runs before the rename back: the column as it is named then.
            // USING belongs to an in-place ALTER COLUMN ... TYPE, where the dialect has ALTER.
            if (compiler_->supports_alter() && o.postgresql_using)
                r.postgresql_using = postgresql_using(r.column, *o.type, c->type, *compiler_, state_.metadata)
                                         .value_or(compiler_->quote(r.column) + "::" +
                                                   compiler_->type_spec(c->type, state_.metadata, nullptr));
        }
        if (o.nullable) r.nullable = c->nullable;
        if (o.server_default) r.server_default = c->server_default;
        if (o.comment) r.comment = c->comment;
        return {r};
    }

    std::vector<MigrationOp> inverse(const CreateIndexOp& o, const MigrationOp& op) {
        DropIndexOp r;
        r.table = o.table;
        r.name = o.index.name.value_or("");
        r.existing = o.index;
        return {r};
    }

    std::vector<MigrationOp> inverse(const DropIndexOp& o, const MigrationOp& op) {
        for (const auto& t : state_.metadata.tables) {
            if (!o.table.name.empty() && t.get() != find_table(state_, o.table)) continue;
            for (const auto& ix : t->indexes)
                if (ix.name == o.name) {
                    CreateIndexOp r;
                    r.table = TableRef{t->name, t->schema};
                    r.index = ix;
                    return {r};
                }
        }
        throw InputError("no index named '" + o.name + "'", nullptr, o.loc);
    }

    std::vector<MigrationOp> inverse(const CreateForeignKeyOp& o, const MigrationOp& op) {
        return remove_new(o.table, table(o.table, o.loc), after(op, o.table));
    }

    std::vector<MigrationOp> inverse(const CreateUniqueConstraintOp& o, const MigrationOp& op) {
        return remove_new(o.table, table(o.table, o.loc), after(op, o.table));
    }

    std::vector<MigrationOp> inverse(const CreateCheckConstraintOp& o, const MigrationOp& op) {
        return remove_new(o.table, table(o.table, o.loc), after(op, o.table));
    }

    std::vector<MigrationOp> inverse(const CreatePrimaryKeyOp& o, const MigrationOp& op) {
        return remove_new(o.table, table(o.table, o.loc), after(op, o.table));
    }

    std::vector<MigrationOp> inverse(const DropConstraintOp& o, const MigrationOp& op) {
        auto ops = restore(o.table, table(o.table, o.loc), after(op, o.table));
        // A constraint dropped by its conventional name (it had none) comes
        // back under that name: Alembic's batch cannot add an unnamed one.
        if (!o.naming_convention.empty())
            for (auto& r : ops)
                if (auto* u = std::get_if<CreateUniqueConstraintOp>(&r.as_variant()); u && !u->constraint.name)
                    u->constraint.name = o.name;
        return ops;
    }

    std::vector<MigrationOp> inverse(const CreateEnumOp& o, const MigrationOp& op) {
        DropEnumOp r;
        r.spec = o.spec;
        return {r};
    }

    std::vector<MigrationOp> inverse(const DropEnumOp& o, const MigrationOp& op) {
        CreateEnumOp r;
        r.spec = o.spec;
        for (const auto& e : state_.enums)
            if (e.name == sql::enum_type_name(o.spec) && e.schema == o.spec.schema) r.spec = e;
        return {r};
    }

    std::vector<MigrationOp> inverse(const AddEnumValueOp& o, const MigrationOp& op) {
        if (!compiler_->supports_native_enum()) return {};
        SchemaState later = copy_state(state_);
        apply_operation(op, later);
        schema::EnumSpec now;
        for (const auto& e : later.enums)
            if (e.name == sql::enum_type_name(o.spec) && e.schema == o.spec.schema) now = e;
        std::vector<std::string> before_values;
        for (const auto& e : state_.enums)
            if (e.name == sql::enum_type_name(o.spec) && e.schema == o.spec.schema) before_values = e.values;
        return enum_change_ops(now, before_values, later, {}, *compiler_);
    }

    std::vector<MigrationOp> inverse(const ExecuteOp& o, const MigrationOp& op) {
        throw InputError("op.execute() cannot be reversed: write the downgrade by hand", nullptr, o.loc);
    }

    std::vector<MigrationOp> inverse(const BulkInsertOp& o, const MigrationOp& op) {
        throw InputError("op.bulk_insert() cannot be reversed: write the downgrade by hand", nullptr, o.loc);
    }

    std::vector<MigrationOp> inverse(const BatchAlterTableOp& o, const MigrationOp& op) {
        Reverser inner(state_);
        BatchAlterTableOp r;
        r.table = o.table;
        r.recreate = o.recreate;
        r.ops = inner.run(o.ops);
        return {r};
    }
};

}  // namespace

std::vector<MigrationOp> reverse_operations(const std::vector<MigrationOp>& upgrade, const SchemaState& before) {
    return Reverser(before).run(upgrade);
}

}  // namespace orm::migrate
