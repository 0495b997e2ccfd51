#include "orm/sql/ddl.hpp"

#include <algorithm>
#include <unordered_set>

#include "orm/core/error.hpp"
#include "orm/schema/sort.hpp"

namespace orm::sql {

using schema::MetaData;
using schema::Table;

namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

// The tables named by options.tables (or all), in that order.
std::vector<const Table*> selected_tables(const MetaData& md, const DdlOptions& options) {
    std::vector<const Table*> out;
    if (!options.tables) {
        for (const auto& t : md.tables) out.push_back(t.get());
        return out;
    }
    std::unordered_set<const Table*> seen;
    for (const auto& name : *options.tables) {
        const Table* t = md.table(name);
        if (!t && md.schema) t = md.table(*md.schema + "." + name);
        if (!t) throw UsageError("no table named '" + name + "' in the models");
        if (seen.insert(t).second) out.push_back(t);
    }
    return out;
}

bool exists(const std::optional<std::set<std::string>>& existing, const std::string& name) {
    return existing && existing->count(name) > 0;
}

// SQLAlchemy resolves every foreign key's target when it sorts the tables:
// a missing table or column is an error there too.
void check_foreign_keys(const MetaData& md, const std::vector<const Table*>& tables) {
    for (const Table* t : tables) {
        for (const auto& fk : t->foreign_keys) {
            const Table* ref = nullptr;
            if (fk.referred_schema) ref = md.table(*fk.referred_schema + "." + fk.referred_table);
            else if (!(ref = md.table(fk.referred_table)) && md.schema) ref = md.table(*md.schema + "." + fk.referred_table);
            std::string local = t->name + "." + (fk.columns.empty() ? std::string() : fk.columns.front());
            std::string target_col = fk.referred_columns.empty() ? std::string() : fk.referred_columns.front();
            if (!ref)
                throw InputError("Foreign key associated with column '" + local + "' could not find table '" +
                                     (fk.referred_schema ? *fk.referred_schema + "." : "") + fk.referred_table +
                                     "' with which to generate a foreign key to target column '" + target_col + "'",
                                 md.source, fk.loc);
            for (const auto& rc : fk.referred_columns)
                if (!ref->column(rc))
                    throw InputError("Could not initialize target column for ForeignKey '" + fk.referred_table + "." +
                                         rc + "' on table '" + t->name + "': table '" + ref->name +
                                         "' has no column named '" + rc + "'",
                                     md.source, fk.loc);
        }
    }
}

std::vector<const schema::Index*> indexes_in_order(const Table& t) {
    // SQLAlchemy keeps Table.indexes in a set, so its order is arbitrary;
    // creation order is the deterministic choice.
    std::vector<const schema::Index*> out;
    for (const auto& ix : t.indexes) out.push_back(&ix);
    std::stable_sort(out.begin(), out.end(),
                     [](const schema::Index* a, const schema::Index* b) { return a->creation_order < b->creation_order; });
    return out;
}

std::string enum_key(const schema::EnumSpec& e) {
    std::string name = enum_type_name(e).value_or("");
    return e.schema ? *e.schema + "." + name : name;
}

// The native enum types of `tables`, first use first, one per name.
std::vector<const schema::EnumSpec*> enums_of(const std::vector<const Table*>& tables, const DDLCompiler& compiler) {
    std::vector<const schema::EnumSpec*> out;
    std::set<std::string> seen;
    for (const Table* t : tables)
        for (const schema::EnumSpec* e : native_enums_of(*t, compiler))
            if (seen.insert(enum_key(*e)).second) out.push_back(e);
    return out;
}

}  // namespace

std::vector<DdlStatement> create_all_ddl(const MetaData& md, const DDLCompiler& compiler, const CreateAllOptions& options) {
    std::vector<const Table*> selected = selected_tables(md, options);
    std::vector<const Table*> to_create;
    for (const Table* t : selected)
        if (!exists(options.existing_tables, t->fullname())) to_create.push_back(t);
    check_foreign_keys(md, to_create);
    schema::TableSort sorted = schema::sort_tables_and_constraints(md, to_create);

    std::vector<DdlStatement> out;
    // MetaData's before_create event: every enum type first (checkfirst skips existing ones).
    for (const schema::EnumSpec* e : enums_of(selected, compiler)) {
        if (exists(options.existing_enums, enum_key(*e))) continue;
        out.push_back({compiler.create_enum_type(*e), "", DdlKind::CreateType});
    }
    // Without ALTER (SQLite) every foreign key stays inline, cycles included.
    std::unordered_set<const schema::ForeignKeyConstraint*> separate;
    if (compiler.supports_alter())
        for (const auto& [t, fk] : sorted.separate_fks) separate.insert(fk);
    for (const Table* t : sorted.tables) {
        std::vector<const schema::ForeignKeyConstraint*> omit;
        for (const auto& fk : t->foreign_keys)
            if (separate.count(&fk)) omit.push_back(&fk);
        const std::string name = t->fullname();
        if (compiler.supports_sequences())
            for (const auto& col : t->columns)
                if (col.sequence) out.push_back({compiler.create_sequence(*col.sequence), name, DdlKind::CreateSequence});
        out.push_back({compiler.create_table(md, *t, omit), name, DdlKind::CreateTable});
        for (const schema::Index* ix : indexes_in_order(*t))
            out.push_back({compiler.create_index(md, *t, *ix, false), name, DdlKind::CreateIndex});
        if (compiler.supports_comments()) {
            if (t->comment) out.push_back({compiler.set_table_comment(*t), name, DdlKind::Comment});
            for (const auto& col : t->columns)
                if (col.comment) out.push_back({compiler.set_column_comment(*t, col), name, DdlKind::Comment});
        }
    }
    if (compiler.supports_alter())
        for (const auto& [t, fk] : sorted.separate_fks)
            out.push_back({compiler.add_foreign_key(md, *t, *fk), t->fullname(), DdlKind::AddConstraint});
    return out;
}

std::vector<DdlStatement> drop_all_ddl(const MetaData& md, const DDLCompiler& compiler, const DropAllOptions& options) {
    std::vector<const Table*> selected = selected_tables(md, options);
    std::vector<const Table*> to_drop;
    for (const Table* t : selected)
        if (!options.existing_tables || exists(options.existing_tables, t->fullname())) to_drop.push_back(t);
    check_foreign_keys(md, to_drop);

    std::vector<DdlStatement> out;
    // Unnamed foreign keys cannot be dropped on their own, so they stay fixed dependencies.
    bool alter = compiler.supports_alter();
    schema::FkFilter filter = [alter](const schema::ForeignKeyConstraint& fk) -> std::optional<bool> {
        if (!alter || !fk.name) return false;
        return std::nullopt;
    };
    std::vector<const Table*> order;
    try {
        schema::TableSort sorted = schema::sort_tables_and_constraints(md, to_drop, filter);
        if (alter)
            for (const auto& [t, fk] : sorted.separate_fks)
                out.push_back({compiler.drop_foreign_key(md, *t, *fk), t->fullname(), DdlKind::DropConstraint});
        order.assign(sorted.tables.rbegin(), sorted.tables.rend());
    } catch (const schema::CircularDependencyError& err) {
        std::string tables = join(err.cycle_tables, ", ");
        if (alter) {
            const Table* first = md.table(err.cycle_tables.front());
            throw InputError("Can't sort tables for DROP; an unresolvable foreign key dependency exists between "
                             "tables: " + tables + ".  Please ensure that the ForeignKey and ForeignKeyConstraint "
                             "objects involved in the cycle have names so that they can be dropped using DROP "
                             "CONSTRAINT.",
                             md.source, first ? first->loc : SourceLocation{});
        }
        if (options.warn)
            options.warn("Can't sort tables for DROP; an unresolvable foreign key dependency exists between tables: " +
                         tables + "; and backend does not support ALTER.  To restore at least a partial sort, apply "
                         "use_alter=True to ForeignKey and ForeignKeyConstraint objects involved in the cycle to "
                         "mark these as known cycles that will be ignored.");
        order = to_drop;
    }
    for (const Table* t : order) {
        out.push_back({compiler.drop_table(*t), t->fullname(), DdlKind::DropTable});
        if (compiler.supports_sequences())
            for (const auto& col : t->columns)
                if (col.sequence) out.push_back({compiler.drop_sequence(*col.sequence), t->fullname(), DdlKind::DropSequence});
    }

    // MetaData's after_drop event: the enum types, unless a table that stays still uses them.
    std::unordered_set<const Table*> dropped(to_drop.begin(), to_drop.end());
    std::set<std::string> still_used;
    for (const auto& t : md.tables) {
        bool stays = !dropped.count(t.get()) &&
                     (!options.existing_tables || exists(options.existing_tables, t->fullname()));
        if (stays)
            for (const schema::EnumSpec* e : native_enums_of(*t, compiler)) still_used.insert(enum_key(*e));
    }
    for (const schema::EnumSpec* e : enums_of(to_drop, compiler)) {
        std::string key = enum_key(*e);
        if (still_used.count(key)) continue;
        if (options.existing_enums && !options.existing_enums->count(key)) continue;
        out.push_back({compiler.drop_enum_type(*e), "", DdlKind::DropType});
    }
    return out;
}

}  // namespace orm::sql
