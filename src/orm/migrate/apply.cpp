#include "orm/migrate/apply.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/schema/naming.hpp"
#include "orm/sql/identifier_preparer.hpp"

namespace orm::migrate {

using schema::Clause;
using schema::ClauseKind;
using schema::ClausePtr;
using schema::Table;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }

// Walks `sql`, calling `on_ident(start, end, name, quoted)` for each
// identifier token outside string literals and not naming a type after "::".
template <class F>
void scan_identifiers(const std::string& sql, F&& on_ident) {
    size_t i = 0;
    const size_t n = sql.size();
    bool after_cast = false;
    while (i < n) {
        char c = sql[i];
        if (c == '\'') {
            ++i;
            while (i < n) {
                if (sql[i] == '\'' && i + 1 < n && sql[i + 1] == '\'') i += 2;
                else if (sql[i++] == '\'') break;
            }
            after_cast = false;
        } else if (c == ':' && i + 1 < n && sql[i + 1] == ':') {
            i += 2;
            after_cast = true;
        } else if (c == '"') {
            size_t start = i++;
            std::string name;
            while (i < n) {
                if (sql[i] == '"' && i + 1 < n && sql[i + 1] == '"') {
                    name += '"';
                    i += 2;
                } else if (sql[i] == '"') {
                    ++i;
                    break;
                } else {
                    name += sql[i++];
                }
            }
            if (!after_cast) on_ident(start, i, name, true);
            after_cast = false;
        } else if (ident_start(c)) {
            size_t start = i;
            while (i < n && ident_char(sql[i])) ++i;
            if (!after_cast) on_ident(start, i, sql.substr(start, i - start), false);
            after_cast = false;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < n && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '.')) ++i;
            after_cast = false;
        } else {
            if (!std::isspace(static_cast<unsigned char>(c))) after_cast = false;
            ++i;
        }
    }
}

bool same_ident(const std::string& token, bool quoted, const std::string& column) {
    return quoted ? token == column : lower(token) == lower(column);
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

void rename_in(std::vector<std::string>& v, const std::string& from, const std::string& to) {
    for (auto& s : v)
        if (s == from) s = to;
}

class Replayer {
public:
    Replayer(SchemaState& state, const std::shared_ptr<const SourceFile>& source)
        : state_(state), source_(source), dialect_(dialect::get_dialect(state.dialect)) {}

    void apply(const MigrationOp& op) {
        names_.reset();
        std::visit([this](const auto& o) { this->on(o); }, op.as_variant());
    }

private:
    SchemaState& state_;
    const std::shared_ptr<const SourceFile>& source_;
    const dialect::Dialect& dialect_;
    SourceLocation loc_;

    [[noreturn]] void fail(const std::string& message) const { throw InputError(message, source_, loc_); }

    Table& table(const TableRef& ref) {
        Table* t = find_table(state_, ref);
        if (!t) fail("no table '" + ref.fullname() + "' in the schema at this point");
        return *t;
    }

    schema::Column& column(Table& t, const std::string& name) {
        schema::Column* c = t.column(name);
        if (!c) fail("table '" + t.fullname() + "' has no column '" + name + "'");
        return *c;
    }

    // Every constraint and index name in use (PostgreSQL names them per
    // schema), gathered once per replayed operation.
    std::set<std::string>& names_in_use() const {
        if (names_) return *names_;
        auto& out = names_.emplace();
        for (const auto& t : state_.metadata.tables) {
            out.insert(t->name);
            if (t->primary_key.name) out.insert(*t->primary_key.name);
            for (const auto& c : t->unique_constraints)
                if (c.name) out.insert(*c.name);
            for (const auto& c : t->foreign_keys)
                if (c.name) out.insert(*c.name);
            for (const auto& c : t->check_constraints)
                if (c.name) out.insert(*c.name);
            for (const auto& ix : t->indexes)
                if (ix.name) out.insert(*ix.name);
        }
        return out;
    }
    mutable std::optional<std::set<std::string>> names_;

    // The name the server gives an unnamed constraint (with its numeric
    // suffix on a clash), or nullopt where constraints stay unnamed.
    std::optional<std::string> server_name(const Table& t, const std::vector<std::string>& cols,
                                           const std::string& suffix) const {
        auto name = dialect_.default_constraint_name(t.name, cols, suffix);
        if (!name) return std::nullopt;
        auto& used = names_in_use();
        for (int i = 1; used.count(*name); ++i)
            name = dialect_.default_constraint_name(t.name, cols, suffix + std::to_string(i));
        used.insert(*name);
        return name;
    }

    // The columns of `t` a CHECK body refers to.
    static std::vector<std::string> check_columns(const Table& t, const schema::CheckConstraint& ck) {
        std::vector<std::string> out;
        if (!ck.sqltext) return out;
        for (const auto& c : t.columns)
            if (clause_mentions(*ck.sqltext, c.name)) out.push_back(c.name);
        return out;
    }

    void name_constraints(Table& t) {
        if (!t.primary_key.columns.empty() && !t.primary_key.name)
            t.primary_key.name = server_name(t, {}, "pkey");
        for (auto& c : t.unique_constraints)
            if (!c.name) c.name = server_name(t, c.columns, "key");
        for (auto& c : t.foreign_keys)
            if (!c.name) c.name = server_name(t, c.columns, "fkey");
        for (auto& c : t.check_constraints) {
            if (c.name) continue;
            auto cols = check_columns(t, c);
            c.name = server_name(t, cols.size() == 1 ? cols : std::vector<std::string>{}, "check");
        }
    }

    void forget_index_cache() { state_.metadata.table_index_cache.clear(); }

    // ---- tables ----------------------------------------------------------

    void on(const CreateTableOp& op) {
        loc_ = op.loc;
        TableRef ref{op.table.name, op.table.schema};
        if (find_table(state_, ref)) fail("table '" + ref.fullname() + "' already exists");
        Table t = op.table;
        for (auto& c : t.columns) {
            // Column(unique=True / index=True) became constraints and indexes when the table was read.
            c.unique.reset();
            c.index.reset();
        }
        name_constraints(t);
        // SQLAlchemy's create_table creates the native enum types its columns use (checkfirst).
        if (dialect_.supports_native_enum())
            for (const auto& c : t.columns) add_enum_if_missing(c.type);
        state_.metadata.tables.push_back(std::make_unique<Table>(std::move(t)));
        forget_index_cache();
    }

    void add_enum_if_missing(const schema::TypeEngine& type) {
        const schema::TypeEngine* t = &type;
        while (t->item_type && (t->kind == schema::TypeKind::ARRAY || t->kind == schema::TypeKind::PG_ARRAY))
            t = t->item_type.get();
        if (!(t->kind == schema::TypeKind::Enum || t->kind == schema::TypeKind::PG_ENUM) || !t->enum_spec ||
            !t->enum_spec->native_enum)
            return;
        auto name = enum_name(*t->enum_spec);
        if (name.empty() || find_enum(name, t->enum_spec->schema)) return;
        schema::EnumSpec spec;
        spec.name = name;
        spec.values = t->enum_spec->values;
        spec.schema = t->enum_spec->schema;
        state_.enums.push_back(std::move(spec));
    }

    static std::string enum_name(const schema::EnumSpec& e) {
        if (e.name) return *e.name;
        if (e.python_class) return lower(*e.python_class);
        return "";
    }

    // "public.t" and "t" are the same type on PostgreSQL.
    bool same_schema(const std::optional<std::string>& a, const std::optional<std::string>& b) const {
        const std::string home = dialect_.default_schema_name();
        return a.value_or(home) == b.value_or(home);
    }

    schema::EnumSpec* find_enum(const std::string& name, const std::optional<std::string>& schema) {
        for (auto& e : state_.enums)
            if (e.name && *e.name == name && same_schema(e.schema, schema)) return &e;
        return nullptr;
    }

    void on(const DropTableOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        auto& tables = state_.metadata.tables;
        tables.erase(std::find_if(tables.begin(), tables.end(), [&](const auto& p) { return p.get() == &t; }));
        forget_index_cache();
    }

    void on(const RenameTableOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        TableRef to{op.new_name, op.table.schema};
        if (find_table(state_, to)) fail("table '" + to.fullname() + "' already exists");
        const std::string old = t.name;
        t.name = op.new_name;
        // Both databases follow a rename into the foreign keys that refer to the table.
        for (auto& other : state_.metadata.tables)
            for (auto& fk : other->foreign_keys)
                if (fk.referred_table == old && fk.referred_schema == t.schema) fk.referred_table = op.new_name;
        forget_index_cache();
    }

    void on(const CreateTableCommentOp& op) {
        loc_ = op.loc;
        table(op.table).comment = op.comment;
    }

    // ---- columns ---------------------------------------------------------

    void on(const AddColumnOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        if (t.column(op.column.name)) fail("table '" + t.fullname() + "' already has a column '" + op.column.name + "'");
        schema::Column c = op.column;
        const bool unique = c.unique.value_or(false), index = c.index.value_or(false);
        c.unique.reset();
        c.index.reset();
        t.columns.push_back(c);
        for (auto fk : op.foreign_keys) {
            if (!fk.name) fk.name = server_name(t, fk.columns, "fkey");
            t.foreign_keys.push_back(std::move(fk));
        }
        if (unique) {
            schema::UniqueConstraint u;
            u.columns = {c.name};
            u.name = server_name(t, u.columns, "key");
            t.unique_constraints.push_back(std::move(u));
        }
        if (index) {
            // SQLAlchemy's default convention: ix_<table>_<column>.
            schema::Index ix;
            ix.name = "ix_" + t.name + "_" + c.name;
            ix.expressions = {Clause::make(ClauseKind::Column, c.name)};
            t.indexes.push_back(std::move(ix));
        }
        if (dialect_.supports_native_enum()) add_enum_if_missing(c.type);
    }

    void on(const DropColumnOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        column(t, op.column);
        drop_column_dependents(t, op.column);
        t.columns.erase(std::find_if(t.columns.begin(), t.columns.end(),
                                     [&](const schema::Column& c) { return c.name == op.column; }));
    }

    // What the database drops with a column: the key, constraints and indexes using it.
    static void drop_column_dependents(Table& t, const std::string& col) {
        if (contains(t.primary_key.columns, col)) {
            t.primary_key.columns.clear();
            t.primary_key.name.reset();
        }
        auto& uqs = t.unique_constraints;
        uqs.erase(std::remove_if(uqs.begin(), uqs.end(), [&](const auto& u) { return contains(u.columns, col); }),
                  uqs.end());
        auto& fks = t.foreign_keys;
        fks.erase(std::remove_if(fks.begin(), fks.end(), [&](const auto& f) { return contains(f.columns, col); }),
                  fks.end());
        auto& cks = t.check_constraints;
        cks.erase(std::remove_if(cks.begin(), cks.end(),
                                 [&](const auto& c) { return c.sqltext && clause_mentions(*c.sqltext, col); }),
                  cks.end());
        auto& ixs = t.indexes;
        ixs.erase(std::remove_if(ixs.begin(), ixs.end(),
                                 [&](const schema::Index& ix) {
                                     for (const auto& e : ix.expressions)
                                         if (clause_mentions(*e, col)) return true;
                                     const ClausePtr& w1 = ix.postgresql_where;
                                     const ClausePtr& w2 = ix.sqlite_where;
                                     return (w1 && clause_mentions(*w1, col)) || (w2 && clause_mentions(*w2, col)) ||
                                            contains(ix.postgresql_include, col);
                                 }),
                  ixs.end());
    }

    void on(const AlterColumnOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        schema::Column& c = column(t, op.column);
        if (op.type) {
            c.type = *op.type;
            if (dialect_.supports_native_enum()) add_enum_if_missing(c.type);
        }
        if (op.nullable) c.nullable = *op.nullable;
        if (op.server_default) c.server_default = *op.server_default;
        if (op.comment) c.comment = *op.comment;
        if (op.new_column_name && *op.new_column_name != op.column) {
            const std::string from = op.column, to = *op.new_column_name;
            if (t.column(to)) fail("table '" + t.fullname() + "' already has a column '" + to + "'");
            rename_column(t, from, to);
        }
    }

    void rename_column(Table& t, const std::string& from, const std::string& to) {
        t.column(from)->name = to;
        if (t.column(to)->key == from) t.column(to)->key = to;
        rename_in(t.primary_key.columns, from, to);
        for (auto& u : t.unique_constraints) rename_in(u.columns, from, to);
        for (auto& f : t.foreign_keys) rename_in(f.columns, from, to);
        for (auto& c : t.check_constraints) {
            c.sqltext = rename_in_clause(c.sqltext, from, to);
            if (c.column == from) c.column = to;
        }
        for (auto& ix : t.indexes) {
            for (auto& e : ix.expressions) e = rename_in_clause(e, from, to);
            ix.postgresql_where = rename_in_clause(ix.postgresql_where, from, to);
            ix.sqlite_where = rename_in_clause(ix.sqlite_where, from, to);
            rename_in(ix.postgresql_include, from, to);
        }
        // Foreign keys elsewhere that refer to the column follow it.
        for (auto& other : state_.metadata.tables)
            for (auto& fk : other->foreign_keys)
                if (fk.referred_table == t.name && fk.referred_schema == t.schema) rename_in(fk.referred_columns, from, to);
    }

    // ---- indexes and constraints -------------------------------------------

    void on(const CreateIndexOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        if (!op.index.name) fail("an index needs a name");
        for (const auto& other : state_.metadata.tables)
            for (const auto& ix : other->indexes)
                if (ix.name == op.index.name) {
                    if (op.if_not_exists) return;
                    fail("index '" + *op.index.name + "' already exists");
                }
        for (const auto& e : op.index.expressions)
            if (e->kind == ClauseKind::Column && !t.column(e->text))
                fail("table '" + t.fullname() + "' has no column '" + e->text + "'");
        schema::Index ix = op.index;
        ix.from_column = false;
        ix.postgresql_concurrently = false;   // how it was made, not what it is
        t.indexes.push_back(std::move(ix));
    }

    void on(const DropIndexOp& op) {
        loc_ = op.loc;
        for (auto& t : state_.metadata.tables) {
            if (!op.table.name.empty() && t.get() != find_table(state_, op.table)) continue;
            auto& ixs = t->indexes;
            auto it = std::find_if(ixs.begin(), ixs.end(), [&](const schema::Index& ix) { return ix.name == op.name; });
            if (it != ixs.end()) {
                ixs.erase(it);
                return;
            }
        }
        if (op.if_exists) return;
        if (!op.table.name.empty()) table(op.table);
        fail("no index named '" + op.name + "'" + (op.table.name.empty() ? "" : " on table '" + op.table.fullname() + "'"));
    }

    void check_columns_exist(const Table& t, const std::vector<std::string>& cols) {
        for (const auto& c : cols)
            if (!t.column(c)) fail("table '" + t.fullname() + "' has no column '" + c + "'");
    }

    void check_name_free(const std::optional<std::string>& name) {
        if (name && dialect_.unique_constraint_names() && names_in_use().count(*name))
            fail("a constraint named '" + *name + "' already exists");
    }

    void on(const CreateForeignKeyOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        check_columns_exist(t, op.constraint.columns);
        check_name_free(op.constraint.name);
        auto fk = op.constraint;
        if (!fk.name) fk.name = server_name(t, fk.columns, "fkey");
        t.foreign_keys.push_back(std::move(fk));
    }

    void on(const CreateUniqueConstraintOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        check_columns_exist(t, op.constraint.columns);
        check_name_free(op.constraint.name);
        auto u = op.constraint;
        if (!u.name) u.name = server_name(t, u.columns, "key");
        t.unique_constraints.push_back(std::move(u));
    }

    void on(const CreateCheckConstraintOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        check_name_free(op.constraint.name);
        auto c = op.constraint;
        c.column.reset();
        if (!c.name) {
            auto cols = check_columns(t, c);
            c.name = server_name(t, cols.size() == 1 ? cols : std::vector<std::string>{}, "check");
        }
        t.check_constraints.push_back(std::move(c));
    }

    void on(const CreatePrimaryKeyOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        if (!t.primary_key.columns.empty()) fail("table '" + t.fullname() + "' already has a primary key");
        check_columns_exist(t, op.constraint.columns);
        t.primary_key = op.constraint;
        if (!t.primary_key.name) t.primary_key.name = server_name(t, {}, "pkey");
        for (auto& c : t.columns) c.primary_key = contains(t.primary_key.columns, c.name);
    }

    void on(const DropConstraintOp& op) {
        loc_ = op.loc;
        Table& t = table(op.table);
        const std::string type = op.type.value_or("");
        auto wants = [&](const char* kind) { return type.empty() || type == kind; };
        auto matches = [&](const std::optional<std::string>& name, auto same_content) {
            if (!op.name.empty()) return name && *name == op.name;
            return !name.has_value() && op.existing.has_value() && same_content();
        };
        if (wants("primary") && !t.primary_key.columns.empty() &&
            (matches(t.primary_key.name, [&] { return std::holds_alternative<schema::PrimaryKeyConstraint>(*op.existing); }) ||
             (op.name.empty() && type == "primary"))) {
            t.primary_key = schema::PrimaryKeyConstraint{};
            for (auto& c : t.columns) c.primary_key = false;
            return;
        }
        if (wants("unique") && erase_first(t.unique_constraints, [&](const schema::UniqueConstraint& u) {
                if (!u.name && named_by_convention(op, t, u.columns)) return true;
                return matches(u.name, [&] {
                    auto* e = std::get_if<schema::UniqueConstraint>(&*op.existing);
                    return e && e->columns == u.columns;
                });
            }))
            return;
        if (wants("foreignkey") && erase_first(t.foreign_keys, [&](const schema::ForeignKeyConstraint& f) {
                return matches(f.name, [&] {
                    auto* e = std::get_if<schema::ForeignKeyConstraint>(&*op.existing);
                    return e && e->columns == f.columns && e->referred_table == f.referred_table &&
                           e->referred_columns == f.referred_columns;
                });
            }))
            return;
        if (wants("check") && erase_first(t.check_constraints, [&](const schema::CheckConstraint& c) {
                return matches(c.name, [&] {
                    auto* e = std::get_if<schema::CheckConstraint>(&*op.existing);
                    return e && e->sqltext && c.sqltext && e->sqltext->text == c.sqltext->text &&
                           e->sqltext->kind == c.sqltext->kind;
                });
            }))
            return;
        fail(op.name.empty() ? "no unnamed " + (type.empty() ? std::string("constraint") : type + " constraint") +
                                   " matching the one to drop on table '" + t.fullname() + "'"
                             : "table '" + t.fullname() + "' has no " + (type.empty() ? "" : type + " ") +
                                   "constraint named '" + op.name + "'");
    }

    // An unnamed UNIQUE constraint that the batch's naming_convention names
    // `op.name` (Alembic's recipe for dropping one on SQLite).
    static bool named_by_convention(const DropConstraintOp& op, const Table& t, const std::vector<std::string>& columns) {
        if (op.naming_convention.empty() || op.name.empty()) return false;
        schema::MetaData md;
        md.naming_convention = op.naming_convention;
        schema::ConventionSubject subject;
        subject.target = schema::ConventionTarget::Unique;
        for (const auto& c : columns)
            if (const auto* col = t.column(c)) subject.columns.push_back(col);
        auto name = schema::convention_name(md, t, subject);
        return name && *name == op.name;
    }

    template <class V, class P>
    static bool erase_first(V& v, P pred) {
        auto it = std::find_if(v.begin(), v.end(), pred);
        if (it == v.end()) return false;
        v.erase(it);
        return true;
    }

    // ---- enum types ----------------------------------------------------------

    void on(const CreateEnumOp& op) {
        loc_ = op.loc;
        if (!dialect_.supports_native_enum()) return;   // no such types there
        auto name = enum_name(op.spec);
        if (name.empty()) fail("an enum type needs a name");
        if (find_enum(name, op.spec.schema)) fail("enum type '" + name + "' already exists");
        schema::EnumSpec spec;
        spec.name = name;
        spec.values = op.spec.values;
        spec.schema = op.spec.schema;
        state_.enums.push_back(std::move(spec));
        std::sort(state_.enums.begin(), state_.enums.end(),
                  [](const schema::EnumSpec& a, const schema::EnumSpec& b) { return a.name < b.name; });
    }

    void on(const DropEnumOp& op) {
        loc_ = op.loc;
        if (!dialect_.supports_native_enum()) return;
        auto name = enum_name(op.spec);
        auto& enums = state_.enums;
        auto it = std::find_if(enums.begin(), enums.end(), [&](const schema::EnumSpec& e) {
            return e.name && *e.name == name && same_schema(e.schema, op.spec.schema);
        });
        if (it == enums.end()) fail("no enum type '" + name + "'");
        enums.erase(it);
    }

    void on(const AddEnumValueOp& op) {
        loc_ = op.loc;
        if (!dialect_.supports_native_enum()) return;
        auto name = enum_name(op.spec);
        schema::EnumSpec* e = find_enum(name, op.spec.schema);
        if (!e && op.verbatim) return;   // a type SQL made behind replay's back: the database knows it
        if (!e) fail("no enum type '" + name + "'");
        if (contains(e->values, op.value)) {
            if (op.if_not_exists) return;
            fail("enum type '" + name + "' already has the value '" + op.value + "'");
        }
        auto pos = e->values.end();
        if (op.before || op.after) {
            const std::string& anchor = op.before ? *op.before : *op.after;
            pos = std::find(e->values.begin(), e->values.end(), anchor);
            if (pos == e->values.end() && !op.verbatim) fail("enum type '" + name + "' has no value '" + anchor + "'");
            if (op.after && pos != e->values.end()) ++pos;
        }
        e->values.insert(pos, op.value);
        // Columns of that type see the new value too.
        for (auto& t : state_.metadata.tables)
            for (auto& c : t->columns) {
                schema::TypeEngine* ty = &c.type;
                while (ty->item_type && (ty->kind == schema::TypeKind::ARRAY || ty->kind == schema::TypeKind::PG_ARRAY)) {
                    auto copy = std::make_shared<schema::TypeEngine>(*ty->item_type);
                    ty->item_type = copy;
                    ty = copy.get();
                }
                if (ty->enum_spec && ty->enum_spec->native_enum && enum_name(*ty->enum_spec) == name &&
                    same_schema(ty->enum_spec->schema, op.spec.schema))
                    ty->enum_spec->values = e->values;
            }
    }

    // ---- data and opaque SQL ---------------------------------------------------

    void on(const ExecuteOp&) {}

    void on(const BulkInsertOp& op) {
        loc_ = op.loc;
        if (op.given && !find_table(state_, op.table)) return;   // a table replay cannot see (made by op.execute)
        Table& t = table(op.table);
        for (const auto& row : op.rows)
            for (const auto& [col, _] : row) column(t, col);
    }

    void on(const BatchAlterTableOp& op) {
        loc_ = op.loc;
        table(op.table);
        for (const auto& inner : op.ops) apply(inner);
    }
};

}  // namespace

SchemaState copy_state(const SchemaState& state) {
    SchemaState out;
    out.dialect = state.dialect;
    out.enums = state.enums;
    out.metadata.schema = state.metadata.schema;
    out.metadata.naming_convention = state.metadata.naming_convention;
    out.metadata.source = state.metadata.source;
    for (const auto& t : state.metadata.tables) out.metadata.tables.push_back(std::make_unique<Table>(*t));
    return out;
}

SchemaState table_state(const SchemaState& state, const TableRef& ref) {
    SchemaState out;
    out.dialect = state.dialect;
    out.enums = state.enums;
    out.metadata.schema = state.metadata.schema;
    if (const Table* t = find_table(state, ref)) out.metadata.tables.push_back(std::make_unique<Table>(*t));
    return out;
}

void apply_operation(const MigrationOp& op, SchemaState& state, const std::shared_ptr<const SourceFile>& source) {
    Replayer(state, source).apply(op);
}

void apply_operations(const std::vector<MigrationOp>& ops, SchemaState& state,
                      const std::shared_ptr<const SourceFile>& source) {
    Replayer r(state, source);
    for (const auto& op : ops) r.apply(op);
}

const Table* find_table(const SchemaState& state, const TableRef& ref) {
    if (const Table* t = state.metadata.table(ref.fullname())) return t;
    if (!ref.schema && state.metadata.schema) return state.metadata.table(*state.metadata.schema + "." + ref.name);
    return nullptr;
}

Table* find_table(SchemaState& state, const TableRef& ref) {
    return const_cast<Table*>(find_table(static_cast<const SchemaState&>(state), ref));
}

bool sql_mentions(const std::string& sql, const std::string& column) {
    bool found = false;
    scan_identifiers(sql, [&](size_t, size_t, const std::string& name, bool quoted) {
        if (same_ident(name, quoted, column)) found = true;
    });
    return found;
}

bool clause_mentions(const Clause& clause, const std::string& column) {
    switch (clause.kind) {
    case ClauseKind::Column: return clause.text == column;
    case ClauseKind::Text: return sql_mentions(clause.text, column);
    default: break;
    }
    for (const auto& a : clause.args)
        if (a && clause_mentions(*a, column)) return true;
    return false;
}

std::string rename_in_sql(const std::string& sql, const std::string& from, const std::string& to) {
    std::string out;
    size_t last = 0;
    scan_identifiers(sql, [&](size_t start, size_t end, const std::string& name, bool quoted) {
        if (!same_ident(name, quoted, from)) return;
        out += sql.substr(last, start - last) + sql::generic_identifier_preparer().quote(to);
        last = end;
    });
    return out + sql.substr(last);
}

ClausePtr rename_in_clause(const ClausePtr& clause, const std::string& from, const std::string& to) {
    if (!clause || !clause_mentions(*clause, from)) return clause;
    switch (clause->kind) {
    case ClauseKind::Column: return Clause::make(ClauseKind::Column, to);
    case ClauseKind::Text: return Clause::make(ClauseKind::Text, rename_in_sql(clause->text, from, to));
    default: break;
    }
    std::vector<ClausePtr> args;
    for (const auto& a : clause->args) args.push_back(rename_in_clause(a, from, to));
    return Clause::make(clause->kind, clause->text, std::move(args));
}

}  // namespace orm::migrate
