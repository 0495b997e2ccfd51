// Assembling tables the way sqlalchemy.Table does: columns attach one by one
// (making their unique/index/foreign-key objects as they do), then the
// constraints and indexes given to the table; foreign keys are resolved
// once the whole file is read.
#include <algorithm>

#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

using K = Value::Kind;
using schema::ClauseKind;
using CK = ConstraintDecl::Kind;

namespace {

const char* kind_name(CK k) {
    switch (k) {
        case CK::PrimaryKey: return "PrimaryKeyConstraint";
        case CK::Unique: return "UniqueConstraint";
        case CK::Check: return "CheckConstraint";
        case CK::ForeignKey: return "ForeignKeyConstraint";
        case CK::Index: return "Index";
    }
    return "constraint";
}

std::string column_name_in(Reader& r, const schema::Table& t, const SqlNode& n, const std::string& context) {
    if (n.column) {
        // A Column object on no table (`func.lower(Column("email"))`) renders as its bare name, as in SQLAlchemy.
        if (n.column->column.name.empty()) r.fail(context + " refers to a Column with no name on no table", n.loc);
        return n.column->column.name;
    }
    if (auto col = r.table_column(t.fullname(), n.text)) return col->column.name;
    r.fail(context + " names column '" + n.text + "', which table '" + t.name + "' does not have", n.loc);
}

// The table every Column object of a constraint is on, or "" while one is unattached.
std::string table_of_columns(const SqlNode& n, bool& unattached) {
    if (n.kind == ClauseKind::Column && n.column) {
        if (n.column->table.empty()) { unattached = true; return ""; }
        return n.column->table;
    }
    for (auto& a : n.args) {
        std::string t = table_of_columns(*a, unattached);
        if (!t.empty()) return t;
    }
    return "";
}

void add_pending_fk(Reader& r, const schema::Table& t, size_t index, std::vector<std::string> locals,
                    std::vector<std::string> targets, std::vector<ColumnPtr> target_cols, std::vector<SourceLocation> locs) {
    Reader::PendingForeignKey p;
    p.table = t.fullname();
    p.constraint = index;
    p.local_columns = std::move(locals);
    p.targets = std::move(targets);
    p.target_columns = std::move(target_cols);
    p.locs = std::move(locs);
    r.pending_fks.push_back(std::move(p));
}

}  // namespace

schema::ClausePtr resolve_sql(Reader& r, const schema::Table& table, const SqlNode& n, const std::string& context) {
    if (n.opaque) r.fail(context + " uses '" + n.text + "', which orm cannot render as SQL", n.loc);
    if (n.kind == ClauseKind::Column)
        return schema::Clause::make(ClauseKind::Column, column_name_in(r, table, n, context));
    std::vector<schema::ClausePtr> args;
    for (auto& a : n.args) args.push_back(resolve_sql(r, table, *a, context));
    return schema::Clause::make(n.kind, n.text, std::move(args), n.type);
}

namespace {

bool has_column_object(const SqlNode& n) {
    if (n.kind == ClauseKind::Column && n.column) return true;
    for (auto& a : n.args)
        if (has_column_object(*a)) return true;
    return false;
}

// The table of every Column object in `n`, "" for one not yet attached.
void column_tables(const SqlNode& n, std::vector<std::string>& out) {
    if (n.kind == ClauseKind::Column && n.column) out.push_back(n.column->table);
    for (auto& a : n.args) column_tables(*a, out);
}

}  // namespace

void register_floating_constraint(Reader& r, const ConstraintPtr& c) {
    bool has_object = false, has_string = false;
    for (auto& col : c->columns) {
        if (has_column_object(*col)) has_object = true;
        if (col->kind == ClauseKind::Column && !col->column) has_string = true;
    }
    // A constraint that also names columns by string waits for a table to be
    // given to it (SQLAlchemy #3411): its Column objects' tables do not decide.
    if (has_string && c->kind != CK::Check) return;
    // A CHECK's columns are the Column objects in its expression.
    if (c->kind == CK::Check && c->sqltext && has_column_object(*c->sqltext)) has_object = true;
    if (!has_object) return;
    r.floating_constraints.push_back(c);
    attach_ready_constraints(r);
}

void attach_ready_constraints(Reader& r) {
    for (size_t i = 0; i < r.floating_constraints.size();) {
        ConstraintPtr c = r.floating_constraints[i];
        if (c->kind == CK::Check) {
            // Joins the table once every Column object of its expression is
            // on one. This holds for a CHECK given to Column(...) too, which
            // SQLAlchemy then renders both after its column and among the
            // table's constraints. CheckConstraint allows columns of several
            // tables (_allow_multiple_tables) and then joins none.
            std::vector<std::string> tables;
            if (c->sqltext) column_tables(*c->sqltext, tables);
            bool waiting = std::find(tables.begin(), tables.end(), "") != tables.end();
            if (!c->attached && waiting) { ++i; continue; }
            r.floating_constraints.erase(r.floating_constraints.begin() + i);
            if (c->attached || tables.empty()) continue;
            bool one_table = std::all_of(tables.begin(), tables.end(), [&](auto& t) { return t == tables.front(); });
            if (auto* t = one_table ? r.find_table(tables.front()) : nullptr) attach_constraint(r, *t, *c);
            continue;
        }
        bool unattached = false;
        std::string table;
        for (auto& col : c->columns) {
            std::string t = table_of_columns(*col, unattached);
            if (table.empty()) table = t;
        }
        if (c->attached) { r.floating_constraints.erase(r.floating_constraints.begin() + i); continue; }
        if (unattached || table.empty()) { ++i; continue; }
        r.floating_constraints.erase(r.floating_constraints.begin() + i);
        if (auto* t = r.find_table(table)) attach_constraint(r, *t, *c);
    }
}

namespace {

void copy_base(const ConstraintDecl& c, schema::ConstraintBase& b) {
    b.name = c.name;
    b.creation_order = c.creation_order;
    b.deferrable = c.deferrable;
    b.initially = c.initially;
    b.info = c.info;
    b.loc = c.loc;
}

// A CheckConstraint given to Column(...) stays the column's (Column.constraints)
// and renders inline after it. Made per table rather than through
// attach_constraint's once-only `attached` flag: a mixin's column is copied
// into every class that uses it, each copy with its own constraint
// (Column._copy copies column.constraints).
// A column-level CHECK compiles without table names: a Column object in it
// is its name, on a table or not (a mixin column's CHECK, copied with it,
// still refers to the mixin's own columns, which never join a table).
schema::ClausePtr resolve_column_check(Reader& r, const schema::Table& t, const SqlNode& n) {
    if (n.kind == ClauseKind::Column && n.column && !n.column->column.name.empty())
        return schema::Clause::make(ClauseKind::Column, n.column->column.name);
    if (n.kind == ClauseKind::Column) return resolve_sql(r, t, n, "CheckConstraint()");
    std::vector<schema::ClausePtr> args;
    for (auto& a : n.args) args.push_back(resolve_column_check(r, t, *a));
    return schema::Clause::make(n.kind, n.text, std::move(args), n.type);
}

void attach_column_check(Reader& r, schema::Table& t, const std::string& column, const ConstraintDecl& c) {
    schema::CheckConstraint ck;
    copy_base(c, ck);
    ck.sqltext = resolve_column_check(r, t, *c.sqltext);
    ck.column = column;
    t.check_constraints.push_back(std::move(ck));
}

}  // namespace

void attach_constraint(Reader& r, schema::Table& t, ConstraintDecl& c) {
    if (c.attached) return;
    c.attached = true;
    std::string context = kind_name(c.kind) + std::string("()");
    std::vector<std::string> names;
    if (c.kind != CK::Index && c.kind != CK::Check)
        for (auto& col : c.columns) names.push_back(column_name_in(r, t, *col, context));
    auto base = [&](schema::ConstraintBase& b) { copy_base(c, b); };
    switch (c.kind) {
        case CK::PrimaryKey: {
            // An explicit primary key replaces the one the columns declared;
            // PrimaryKeyConstraint(name=...) without columns takes those
            // columns over, in table order (PrimaryKeyConstraint._set_parent).
            if (names.empty())
                for (auto& col : t.columns)
                    if (col.primary_key) names.push_back(col.name);
            for (auto& col : t.columns) col.primary_key = false;
            t.primary_key = {};
            base(t.primary_key);
            t.primary_key.implicit_generated = false;
            t.primary_key.columns = names;
            for (auto& n : names) {
                for (auto& col : t.columns)
                    if (col.name == n) {
                        col.primary_key = true;
                        auto decl = r.table_column(t.fullname(), col.key);
                        if (!decl || !decl->nullable_given) col.nullable = false;
                    }
            }
            break;
        }
        case CK::Unique: {
            schema::UniqueConstraint u;
            base(u);
            u.columns = names;
            t.unique_constraints.push_back(std::move(u));
            break;
        }
        case CK::Check: {
            schema::CheckConstraint ck;
            base(ck);
            ck.sqltext = resolve_sql(r, t, *c.sqltext, context);
            t.check_constraints.push_back(std::move(ck));
            break;
        }
        case CK::ForeignKey: {
            schema::ForeignKeyConstraint fk;
            base(fk);
            fk.columns = names;
            fk.ondelete = c.ondelete;
            fk.onupdate = c.onupdate;
            fk.match = c.match;
            fk.use_alter = c.use_alter;
            t.foreign_keys.push_back(std::move(fk));
            add_pending_fk(r, t, t.foreign_keys.size() - 1, names, c.refcolumns, {}, c.refcolumn_locs);
            break;
        }
        case CK::Index: {
            schema::Index ix;
            ix.name = c.name;
            ix.unique = c.unique;
            ix.creation_order = c.creation_order;
            ix.info = c.info;
            ix.loc = c.loc;
            for (auto& e : c.columns) ix.expressions.push_back(resolve_sql(r, t, *e, context));
            if (c.postgresql_where) ix.postgresql_where = resolve_sql(r, t, *c.postgresql_where, "postgresql_where");
            if (c.sqlite_where) ix.sqlite_where = resolve_sql(r, t, *c.sqlite_where, "sqlite_where");
            ix.postgresql_using = c.postgresql_using;
            ix.postgresql_include = c.postgresql_include;
            ix.postgresql_ops = c.postgresql_ops;
            t.indexes.push_back(std::move(ix));
            break;
        }
    }
}

void append_column(Reader& r, schema::Table& t, const ColumnPtr& decl) {
    schema::Column c = decl->column;
    if (c.name.empty()) r.fail("Column must be constructed with a non-blank name or assign a non-blank .name before adding to a Table.", decl->loc);
    if (c.key.empty()) c.key = c.name;
    if (!decl->has_type && decl->foreign_keys.empty())
        r.fail("column '" + c.name + "' has no type (write one, e.g. Column(Integer))", decl->loc);
    if (r.table_column(t.fullname(), c.key) || t.column(c.name))
        r.fail("A column with name '" + c.name + "' is already present in table '" + t.name + "'", decl->loc);
    decl->column.name = c.name;
    decl->column.key = c.key;
    decl->table = t.fullname();
    c.loc = decl->loc;
    t.columns.push_back(c);
    r.table_columns[t.fullname()].push_back(decl);
    if (c.primary_key) t.primary_key.columns.push_back(c.name);
    // Column._set_parent: index=True makes an Index (unique when unique=True), else unique=True a UniqueConstraint.
    if (c.index.value_or(false)) {
        schema::Index ix;
        ix.unique = c.unique.value_or(false);
        ix.from_column = true;
        ix.expressions.push_back(schema::Clause::make(ClauseKind::Column, c.name));
        ix.creation_order = r.next_order();
        ix.loc = decl->loc;
        t.indexes.push_back(std::move(ix));
    } else if (c.unique.value_or(false)) {
        schema::UniqueConstraint u;
        u.columns = {c.name};
        u.creation_order = r.next_order();
        u.loc = decl->loc;
        t.unique_constraints.push_back(std::move(u));
    }
    for (auto& f : decl->foreign_keys) {
        schema::ForeignKeyConstraint fk;
        fk.name = f.name;
        fk.columns = {c.name};
        fk.ondelete = f.ondelete;
        fk.onupdate = f.onupdate;
        fk.match = f.match;
        fk.deferrable = f.deferrable;
        fk.initially = f.initially;
        fk.use_alter = f.use_alter;
        fk.from_column = true;
        fk.info = f.info;
        fk.loc = f.loc;
        fk.creation_order = r.next_order();
        t.foreign_keys.push_back(std::move(fk));
        add_pending_fk(r, t, t.foreign_keys.size() - 1, {c.name}, {f.target}, {f.target_column}, {f.loc});
    }
    for (auto& ic : decl->inline_constraints) {
        if (ic->kind == CK::Check) attach_column_check(r, t, c.name, *ic);
        else attach_constraint(r, t, *ic);
    }
    attach_ready_constraints(r);
}

schema::Table& build_table(Reader& r, const std::string& name, int md, const std::vector<ColumnPtr>& columns,
                           const std::vector<Value>& constraints,
                           const std::vector<std::pair<std::string, Value>>& kwargs, SourceLocation loc) {
    r.claim_metadata(md, loc);
    auto table = std::make_unique<schema::Table>();
    table->name = name;
    table->schema = r.metadatas[md].schema;
    table->loc = loc;
    bool keep_existing = false;
    for (auto& [k, v] : kwargs) {
        if (k == "schema") {
            if (v.is(K::String)) table->schema = v.text;
            else if (v.is(K::None)) table->schema = std::nullopt;
            else r.fail("schema= must be a string", v.loc);
        } else if (k == "comment") {
            if (!v.is(K::String)) r.fail("comment= must be a string", v.loc);
            table->comment = v.text;
        } else if (k == "info") {
            if (!v.is(K::Dict)) r.fail("info= must be a dict", v.loc);
            table->info = to_json(r, v);
        } else if (k == "keep_existing") {
            keep_existing = v.is(K::Bool) && v.flag;
        } else if (k == "extend_existing") {
            if (v.is(K::Bool) && v.flag && r.find_table(table->fullname()))
                r.fail("extend_existing=True (redefining an existing table) cannot be read by orm", v.loc);
        } else if (k == "autoload" || k == "autoload_with" || k == "autoload_replace") {
            r.fail("a reflected table (" + k + "=) cannot be read without a database; declare its columns", v.loc);
        } else if (k.find('_') != std::string::npos && k != "must_exist" && k != "quote_schema" && k != "implicit_returning") {
            auto s = literal_string(v);
            if (!s) r.fail(k + "= must be a literal", v.loc);
            table->dialect_options[k] = *s;
        }
    }
    if (auto* existing = r.find_table(table->fullname())) {
        if (keep_existing) return *existing;
        r.fail("Table '" + table->fullname() + "' is already defined for this MetaData instance.  Specify "
               "'extend_existing=True' to redefine options and columns on an existing Table object.", loc);
    }
    table->primary_key.creation_order = r.next_order();  // Table() makes its PrimaryKeyConstraint first
    table->primary_key.loc = loc;
    r.out->metadata.tables.push_back(std::move(table));
    schema::Table& t = *r.out->metadata.tables.back();
    r.table_columns[t.fullname()];
    for (auto& c : columns) append_column(r, t, c);
    for (auto& v : constraints) {
        if (v.is(K::Constraint)) attach_constraint(r, t, *v.constraint);
        else if (v.is(K::None)) continue;
        // A MetaData among a table's items is a SchemaItem SQLAlchemy attaches to nothing: ignored, as there.
        else if (v.is(K::MetaData)) continue;
        else r.fail("'" + v.type_name() + "' is not a schema item a table can take (expected a constraint or Index)", v.loc);
    }
    return t;
}

Value make_table(Reader& r, const Args& a, SourceLocation loc) {
    if (a.pos.size() < 2 || !a.pos[0].is(K::String))
        r.fail("Table() takes a name and a MetaData, then columns and constraints", loc);
    const Value& md = a.pos[1];
    if (!md.is(K::MetaData)) r.fail("Table()'s second argument must be a MetaData (e.g. Base.metadata), got " + md.type_name(), md.loc);
    std::vector<ColumnPtr> columns;
    std::vector<Value> constraints;
    for (size_t i = 2; i < a.pos.size(); ++i) {
        const Value& v = a.pos[i];
        if (v.is(K::Column)) {
            if (!v.column->table.empty())
                r.fail("Column object '" + v.column->column.key + "' already assigned to Table '" + v.column->table + "'", v.loc);
            columns.push_back(v.column);
        } else {
            constraints.push_back(v);
        }
    }
    schema::Table& t = build_table(r, a.pos[0].text, md.index, columns, constraints, a.kw, loc);
    Value v = Value::make(K::Table, loc);
    v.text = t.fullname();
    return v;
}

void resolve_foreign_keys(Reader& r) {
    for (auto& p : r.pending_fks) {
        schema::Table* t = r.find_table(p.table);
        schema::ForeignKeyConstraint& fk = t->foreign_keys[p.constraint];
        std::optional<std::string> ref_schema;
        std::string ref_table;
        for (size_t i = 0; i < p.local_columns.size(); ++i) {
            SourceLocation at = i < p.locs.size() && p.locs[i].known() ? p.locs[i] : fk.loc;
            std::string tname, cname, target_key;
            std::optional<std::string> sname;
            ColumnPtr target;
            if (i < p.target_columns.size() && p.target_columns[i]) {
                target = p.target_columns[i];
                if (target->table.empty()) r.fail("ForeignKey() refers to a Column that is not attached to any table", at);
                schema::Table* tt = r.find_table(target->table);
                tname = tt->name;
                sname = tt->schema;
            } else {
                const std::string& spec = p.targets[i];
                auto last = spec.rfind('.');
                if (last == std::string::npos || last == 0 || last + 1 == spec.size())
                    r.fail("Invalid foreign key column specification: " + spec, at);
                target_key = spec.substr(last + 1);
                std::string tpart = spec.substr(0, last);
                auto dot = tpart.rfind('.');
                if (dot != std::string::npos) { sname = tpart.substr(0, dot); tname = tpart.substr(dot + 1); }
                else { tname = tpart; sname = r.metadatas[r.owning_metadata].schema; }
                std::string full = sname ? *sname + "." + tname : tname;
                if (!r.find_table(full))
                    r.fail("Foreign key associated with column '" + t->name + "." + p.local_columns[i] +
                           "' could not find table '" + full + "' with which to generate a foreign key to target column '" +
                           target_key + "'", at);
                target = r.table_column(full, target_key);
                if (!target)
                    r.fail("Could not initialize target column for ForeignKey '" + spec + "' on table '" + t->name +
                           "': table '" + tname + "' has no column named '" + target_key + "'", at);
            }
            if (i == 0) { ref_table = tname; ref_schema = sname; }
            else if (ref_table != tname || ref_schema != sname)
                r.fail("ForeignKeyConstraint on " + t->name + " refers to more than one table", at);
            fk.referred_columns.push_back(target->column.name);
            // A column declared without a type takes its referenced column's type, as in SQLAlchemy.
            if (schema::Column* local = t->column(p.local_columns[i])) {
                auto decl = r.table_column(t->fullname(), local->key);
                if (decl && !decl->has_type) {
                    local->type = target->column.type;
                    decl->column.type = target->column.type;
                    decl->has_type = true;
                }
            }
        }
        fk.referred_table = ref_table;
        fk.referred_schema = ref_schema;
    }
    r.pending_fks.clear();
}

}  // namespace orm::declarative
