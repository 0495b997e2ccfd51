// Column / mapped_column, ForeignKey, the constraint classes and Index, and
// the default values columns carry.
#include <climits>
#include <cstdint>
#include <set>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

using K = Value::Kind;
using schema::ClauseKind;

namespace {

const char* kKnownCallables = "datetime.now, datetime.utcnow, date.today, uuid.uuid4";

bool is_dialect_kwarg(const std::string& k) {
    static const std::vector<std::string> prefixes = {"postgresql_", "sqlite_", "mysql_", "mariadb_", "mssql_", "oracle_"};
    for (auto& p : prefixes)
        if (k.rfind(p, 0) == 0) return true;
    return false;
}

bool truthy(Reader& r, const Value& v, const std::string& what) {
    if (v.is(K::Bool)) return v.flag;
    if (v.is(K::None)) return false;
    if (v.is(K::Int)) return v.text != "0";
    r.fail("'" + what + "' must be True or False, got " + v.type_name(), v.loc);
}

// The optional string argument `k` (also at position `index`, when given).
std::optional<std::string> opt_str(Reader& r, const Args& a, const std::string& k, std::optional<size_t> index = {}) {
    const Value* v = index ? a.get(k, *index) : a.get(k);
    if (!v || v->is(K::None)) return std::nullopt;
    if (!v->is(K::String)) r.fail("'" + k + "' must be a string, got " + v->type_name(), v->loc);
    return v->text;
}

std::optional<std::string> deferrable_of(Reader& r, const Args& a) {
    const Value* v = a.get("deferrable");
    if (!v || v->is(K::None)) return std::nullopt;
    return truthy(r, *v, "deferrable") ? "DEFERRABLE" : "NOT DEFERRABLE";
}

}  // namespace

nlohmann::json to_json(Reader& r, const Value& v) {
    switch (v.kind) {
        case K::None: return nullptr;
        case K::Bool: return v.flag;
        case K::Int:
            if (auto n = parse_python_integer(v.text)) return *n;
            return v.text;   // beyond 64 bits: its digits
        case K::Float:
            if (auto d = parse_real(v.text)) return *d;
            return v.text;
        case K::String: return v.text;
        case K::Tuple: case K::List: {
            nlohmann::json j = nlohmann::json::array();
            for (auto& i : v.items) j.push_back(to_json(r, i));
            return j;
        }
        case K::Dict: {
            nlohmann::json j = nlohmann::json::object();
            for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
                auto key = literal_string(v.items[i]);
                if (!key) r.fail("info keys must be literals", v.items[i].loc);
                j[*key] = to_json(r, v.items[i + 1]);
            }
            return j;
        }
        default:
            r.fail("info= values must be literals (strings, numbers, lists, dicts), got " + v.type_name(), v.loc);
    }
}

static nlohmann::json info_of(Reader& r, const Args& a) {
    const Value* v = a.get("info");
    if (!v || v->is(K::None)) return nlohmann::json::object();
    if (!v->is(K::Dict)) r.fail("info= must be a dict", v->loc);
    return to_json(r, *v);
}

// A SQL expression with no column references, as a clause.
static schema::ClausePtr standalone_clause(Reader& r, const SqlNode& n, const std::string& context) {
    if (n.opaque) r.fail(context + " uses '" + n.text + "', which orm cannot render as SQL", n.loc);
    if (n.kind == ClauseKind::Column) r.fail(context + " cannot refer to a column", n.loc);
    std::vector<schema::ClausePtr> args;
    for (auto& a : n.args) args.push_back(standalone_clause(r, *a, context));
    return schema::Clause::make(n.kind, n.text, std::move(args), n.type);
}

// FetchedValue(): the server computes the value by means the DDL does not
// state (a trigger); SQLAlchemy emits nothing for it.
bool is_fetched_value(const Value& v) { return v.is(K::Opaque) && v.text == "sqlalchemy:FetchedValue"; }
// DefaultClause(arg, for_update=False), as make_default_clause builds it.
bool is_default_clause(const Value& v) { return v.is(K::Opaque) && v.text == "sqlalchemy:DefaultClause"; }

schema::ClausePtr server_default_clause(Reader& r, const Value& v) {
    if (is_default_clause(v)) return server_default_clause(r, v.items.at(0));
    if (v.is(K::String)) return schema::Clause::make(ClauseKind::String, v.text);
    // A member of a str enum (StrEnum, `class S(str, Enum)`) is a str to SQLAlchemy: its value is the default.
    if (auto* inst = v.py.as<python::InstanceObject>(); inst && v.is(K::EnumMember))
        if (auto* text = python::str_of(inst->builtin_value)) return schema::Clause::make(ClauseKind::String, *text);
    if (v.is(K::Sql)) return standalone_clause(r, *v.sql, "server_default");
    r.fail("server_default must be a string, text(...) or a SQL expression such as func.now(), got " + v.type_name(), v.loc);
}

schema::ColumnDefault python_default(Reader& r, const Value& v, const std::string& keyword) {
    schema::ColumnDefault d;
    d.loc = v.loc;
    switch (v.kind) {
        case K::String: d.scalar = schema::Clause::make(ClauseKind::String, v.text); return d;
        case K::Int: case K::Float: d.scalar = schema::Clause::make(ClauseKind::Number, v.text); return d;
        case K::Bool: d.scalar = schema::Clause::make(v.flag ? ClauseKind::True : ClauseKind::False, ""); return d;
        case K::None: d.scalar = schema::Clause::make(ClauseKind::Null, ""); return d;
        case K::EnumMember: d.scalar = schema::Clause::make(ClauseKind::String, v.text); return d;
        case K::Sql:
            d.kind = schema::ColumnDefault::Kind::Sql;
            d.scalar = standalone_clause(r, *v.sql, keyword);
            return d;
        default: break;
    }
    std::string shown = v.expr ? r.text_of(v.expr->loc) : v.type_name();
    if (v.is(K::Symbol)) {
        static const std::vector<std::pair<std::string, std::string>> known = {
            {"datetime.datetime.now", "datetime.now"}, {"datetime.datetime.utcnow", "datetime.utcnow"},
            {"datetime.date.today", "date.today"}, {"uuid.uuid4", "uuid.uuid4"},
        };
        for (auto& [q, canon] : known)
            if (v.text == q) {
                d.kind = schema::ColumnDefault::Kind::Callable;
                d.callable = canon;
                d.text = shown;
                return d;
            }
    }
    if (!v.py.is_none()) {
        if (Bridge* b = current_bridge()) {
            // Anything else Python computed: kept for a seed to run (a callable) or convert (a value).
            python::Value pv = v.py;
            d.kind = schema::ColumnDefault::Kind::Python;
            d.python = pv;
            d.python_callable = pv.is(python::ObjKind::Function) || pv.is(python::ObjKind::Native) ||
                                pv.is(python::ObjKind::BoundMethod) || pv.is(python::ObjKind::Class) ||
                                (pv.is(python::ObjKind::Host) && !pv.host<SaObject>()) || pv.is(python::ObjKind::Opaque);
            d.interpreter = &b->in;
            d.text = shown;
            return d;
        }
    }
    r.fail(keyword + "=" + shown + " is not a value orm can read; use a literal, server_default, or one of: " +
           kKnownCallables, v.loc);
}

// A Column object in `n` that has no name yet (a class-body Column(Integer)
// is named only when its class is assembled), or nullptr.
static const SqlNode* unnamed_column(const SqlNode& n) {
    if (n.kind == ClauseKind::Column && n.column && n.column->column.name.empty()) return &n;
    for (auto& a : n.args)
        if (const SqlNode* u = unnamed_column(*a)) return u;
    return nullptr;
}

Value make_fetched_value(SourceLocation loc) {
    Value v = Value::make(K::Opaque, loc);
    v.text = "sqlalchemy:FetchedValue";
    return v;
}

Value make_default_clause(Reader& r, const Args& a, SourceLocation loc) {
    const Value* arg = a.get("arg", 0);
    if (!arg) r.fail("DefaultClause() needs the default's SQL text or expression", loc);
    Value v = Value::make(K::Opaque, loc);
    v.text = "sqlalchemy:DefaultClause";
    v.items = {*arg};
    if (const Value* u = a.get("for_update", 1)) v.flag = truthy(r, *u, "for_update");
    return v;
}

namespace {

std::optional<std::int64_t> option_int(Reader& r, const Args& a, const std::string& name) {
    const Value* v = a.get(name);
    if (!v || v->is(K::None)) return std::nullopt;
    if (!v->is(K::Int)) r.fail("'" + name + "' must be an integer, got " + v->type_name(), v->loc);
    return int_value(r, *v, "'" + name + "'");
}

std::optional<bool> option_bool(Reader& r, const Args& a, const std::string& name) {
    const Value* v = a.get(name);
    if (!v || v->is(K::None)) return std::nullopt;
    return truthy(r, *v, name);
}

void read_identity_options(Reader& r, const Args& a, schema::IdentityOptions& o) {
    o.start = option_int(r, a, "start");
    o.increment = option_int(r, a, "increment");
    o.minvalue = option_int(r, a, "minvalue");
    o.maxvalue = option_int(r, a, "maxvalue");
    o.cache = option_int(r, a, "cache");
    o.nominvalue = option_bool(r, a, "nominvalue").value_or(false);
    o.nomaxvalue = option_bool(r, a, "nomaxvalue").value_or(false);
    o.order = option_bool(r, a, "order");
    o.cycle = option_bool(r, a, "cycle");
}

Value generator_value(const std::string& name, ColumnGenerator g, SourceLocation loc) {
    Value v = Value::make(K::Opaque, loc);
    v.text = "sqlalchemy:" + name;
    v.generator = std::make_shared<ColumnGenerator>(std::move(g));
    return v;
}

}  // namespace

Value make_identity(Reader& r, const Args& a, SourceLocation loc) {
    schema::Identity identity;
    identity.always = option_bool(r, a, "always").value_or(false);
    read_identity_options(r, a, identity);
    return generator_value("Identity", identity, loc);
}

Value make_computed(Reader& r, const Args& a, SourceLocation loc) {
    const Value* text = a.get("sqltext", 0);
    if (!text) r.fail("Computed() needs the SQL expression that computes the column", loc);
    schema::Computed computed;
    computed.sqltext = server_default_clause(r, *text);
    if (computed.sqltext->kind == ClauseKind::String)  // a plain string is SQL text here, not a literal
        computed.sqltext = schema::Clause::make(ClauseKind::Text, computed.sqltext->text);
    if (const Value* p = a.get("persisted", 1); p && !p->is(K::None)) computed.persisted = truthy(r, *p, "persisted");
    computed.loc = loc;
    return generator_value("Computed", computed, loc);
}

Value make_sequence(Reader& r, const Args& a, SourceLocation loc) {
    const Value* name = a.get("name", 0);
    if (!name || !name->is(K::String)) r.fail("Sequence() needs its name as a string", loc);
    schema::Sequence sequence;
    sequence.name = name->text;
    if (const Value* s = a.get("schema"); s && s->is(K::String)) sequence.schema = s->text;
    read_identity_options(r, a, sequence);
    if (const Value* start = a.get("start", 1); start && start->is(K::Int) && !sequence.start)
        sequence.start = int_value(r, *start, "start");
    return generator_value("Sequence", sequence, loc);
}

Value make_column(Reader& r, const Args& a, SourceLocation loc, bool mapped) {
    auto col = std::make_shared<ColumnDecl>();
    col->is_mapped_column = mapped;
    col->loc = loc;
    schema::Column& c = col->column;
    c.loc = loc;
    size_t i = 0;
    if (i < a.pos.size() && a.pos[i].is(K::String)) c.name = a.pos[i++].text;
    for (; i < a.pos.size(); ++i) {
        const Value& p = a.pos[i];
        if (p.is(K::ForeignKey)) { col->foreign_keys.push_back(*p.fk); continue; }
        if (p.is(K::Constraint)) {
            // Given to a Column, a CHECK collects the Column objects of its
            // expression at once (ColumnCollectionMixin._set_parent), which
            // SQLAlchemy refuses for one not yet named.
            if (p.constraint->kind == ConstraintDecl::Kind::Check && p.constraint->sqltext)
                if (const SqlNode* u = unnamed_column(*p.constraint->sqltext))
                    r.fail("Can't add unnamed column to column collection", u->loc);
            col->inline_constraints.push_back(p.constraint);
            continue;
        }
        if (is_fetched_value(p)) continue;
        if (p.generator) {
            if (auto* identity = std::get_if<schema::Identity>(p.generator.get())) c.identity = *identity;
            if (auto* computed = std::get_if<schema::Computed>(p.generator.get())) c.computed = *computed;
            if (auto* sequence = std::get_if<schema::Sequence>(p.generator.get())) c.sequence = *sequence;
            continue;
        }
        // Column(None, ForeignKey(...)): no type given; the foreign key's
        // target gives it once resolved (as SQLAlchemy's NullType does).
        if (p.is(K::None) && !col->has_type) continue;
        if (is_default_clause(p)) {
            (p.flag ? c.server_onupdate : c.server_default) = server_default_clause(r, p);
            continue;
        }
        if (p.is(K::Opaque) && p.text.rfind("sqlalchemy:", 0) == 0)
            r.fail(p.text.substr(11) + "() in a Column cannot be read by orm (identity columns, sequences, computed "
                   "and fetched values are not supported)", p.loc);
        if (col->has_type) r.fail("Column() got a second type", p.loc);
        c.type = type_from_value(r, p);
        col->has_type = true;
    }
    static const std::set<std::string> known = {
        "name", "type_", "primary_key", "nullable", "default", "server_default", "onupdate", "server_onupdate",
        "unique", "index", "autoincrement", "comment", "info", "key", "quote", "doc", "system", "insert_default",
        "sort_order", "init", "repr", "default_factory", "compare", "kw_only", "deferred", "deferred_group",
        "deferred_raiseload", "active_history", "use_existing_column", "hash",
    };
    std::vector<std::string> unknown;
    for (auto& [k, v] : a.kw) {
        if (!known.count(k) && !is_dialect_kwarg(k)) { unknown.push_back(k); continue; }
        if (k == "name") {
            if (!v.is(K::String)) r.fail("Column name must be a string", v.loc);
            c.name = v.text;
        } else if (k == "type_") {
            c.type = type_from_value(r, v);
            col->has_type = true;
        } else if (k == "primary_key") {
            c.primary_key = truthy(r, v, k);
        } else if (k == "nullable") {
            if (!v.is(K::None)) { c.nullable = truthy(r, v, k); col->nullable_given = true; }
        } else if (k == "default" || k == "insert_default") {
            if (!v.is(K::None)) c.default_value = python_default(r, v, k);
        } else if (k == "onupdate") {
            if (!v.is(K::None)) c.onupdate = python_default(r, v, k);
        } else if (k == "server_default") {
            if (!v.is(K::None) && !is_fetched_value(v)) c.server_default = server_default_clause(r, v);
        } else if (k == "server_onupdate") {
            if (!v.is(K::None) && !is_fetched_value(v)) c.server_onupdate = server_default_clause(r, v);
        } else if (k == "unique") {
            if (!v.is(K::None)) {
                if (v.is(K::String)) r.fail("The 'unique' keyword argument on Column is boolean only", v.loc);
                c.unique = truthy(r, v, k);
            }
        } else if (k == "index") {
            if (!v.is(K::None)) {
                if (v.is(K::String))
                    r.fail("The 'index' keyword argument on Column is boolean only. To create indexes with a specific "
                           "name, create an explicit Index object external to the Table.", v.loc);
                c.index = truthy(r, v, k);
            }
        } else if (k == "autoincrement") {
            if (v.is(K::String) && v.text == "auto") c.autoincrement = schema::Autoincrement::Auto;
            else if (v.is(K::String) && v.text == "ignore_fk") c.autoincrement = schema::Autoincrement::IgnoreFk;
            else c.autoincrement = truthy(r, v, k) ? schema::Autoincrement::True : schema::Autoincrement::False;
        } else if (k == "comment") {
            if (v.is(K::String)) c.comment = v.text;
            else if (!v.is(K::None)) r.fail("comment must be a string", v.loc);
        } else if (k == "info") {
            c.info = info_of(r, a);
        } else if (k == "key") {
            if (!v.is(K::String)) r.fail("key must be a string", v.loc);
            c.key = v.text;
            col->key_given = true;
        } else if (k == "sort_order") {
            if (!v.is(K::Int)) r.fail("sort_order must be an integer", v.loc);
            const std::int64_t order = int_value(r, v, "sort_order");
            if (order < INT_MIN || order > INT_MAX) r.fail("sort_order " + v.text + " is out of range", v.loc);
            col->sort_order = static_cast<int>(order);
        } else if (k == "default_factory") {
            c.default_value = python_default(r, v, k);
        } else if (k == "use_existing_column") {
            col->use_existing_column = v.is(K::Bool) && v.flag;
        }
    }
    if (!unknown.empty()) {
        std::string list;
        for (auto& u : unknown) list += (list.empty() ? "'" : ", '") + u + "'";
        r.fail(std::string("Unknown arguments passed to ") + (mapped ? "mapped_column" : "Column") + ": [" + list + "]",
               a.get(unknown[0])->loc);
    }
    if (!col->key_given && !c.name.empty()) c.key = c.name;
    // An identity column is NOT NULL unless the model says otherwise (SQLAlchemy's Column).
    if (!col->nullable_given) c.nullable = !c.primary_key && !c.identity;
    col->creation_order = r.next_order();  // SQLAlchemy numbers a Column after its arguments
    Value v = Value::make(K::Column, loc);
    v.column = col;
    return v;
}

Value make_foreign_key(Reader& r, const Args& a, SourceLocation loc) {
    auto fk = std::make_shared<ForeignKeyDecl>();
    fk->loc = loc;
    const Value* spec = a.get("column", 0);
    if (!spec) r.fail("ForeignKey() needs a target column", loc);
    if (spec->is(K::String)) fk->target = spec->text;
    else if (spec->is(K::Column)) fk->target_column = spec->column;
    else r.fail("ForeignKey() takes 'table.column' or a Column, got " + spec->type_name(), spec->loc);
    fk->name = opt_str(r, a, "name");
    fk->ondelete = opt_str(r, a, "ondelete");
    fk->onupdate = opt_str(r, a, "onupdate");
    fk->match = opt_str(r, a, "match");
    fk->initially = opt_str(r, a, "initially");
    fk->deferrable = deferrable_of(r, a);
    if (auto* u = a.get("use_alter")) fk->use_alter = truthy(r, *u, "use_alter");
    fk->info = info_of(r, a);
    Value v = Value::make(K::ForeignKey, loc);
    v.fk = fk;
    return v;
}

static SqlPtr column_ref(Reader& r, const Value& v, const std::string& context) {
    if (v.is(K::String)) {
        auto n = std::make_shared<SqlNode>();
        n->kind = ClauseKind::Column;
        n->text = v.text;
        n->loc = v.loc;
        return n;
    }
    if (v.is(K::Column)) return to_sql(r, v, context);
    r.fail(context + " takes column names or Column objects, got " + v.type_name(), v.loc);
}

Value make_constraint(Reader& r, ConstraintDecl::Kind kind, const Args& a, SourceLocation loc) {
    auto c = std::make_shared<ConstraintDecl>();
    c->kind = kind;
    c->loc = loc;
    using CK = ConstraintDecl::Kind;
    const char* what = kind == CK::PrimaryKey ? "PrimaryKeyConstraint" : kind == CK::Unique ? "UniqueConstraint"
                     : kind == CK::Check ? "CheckConstraint" : kind == CK::ForeignKey ? "ForeignKeyConstraint" : "Index";
    size_t first = 0;
    if (kind == CK::Index) {
        const Value* name = a.get("name", 0);
        if (!name) r.fail("Index() needs a name (or None) as its first argument", loc);
        if (name->is(K::String)) c->name = name->text;
        else if (!name->is(K::None)) r.fail("an Index's name must be a string or None", name->loc);
        first = a.get("name") ? 0 : 1;
        for (size_t i = first; i < a.pos.size(); ++i) {
            const Value& p = a.pos[i];
            c->columns.push_back(p.is(K::String) ? column_ref(r, p, what) : to_sql(r, p, "Index()"));
        }
        if (auto* u = a.get("unique")) c->unique = truthy(r, *u, "unique");
        // A string WHERE is SQL text (SQLAlchemy coerces it as a DDL expression), not a string literal.
        auto where = [&](const Value& w, const char* name) {
            return w.is(K::String) ? sql_node(ClauseKind::Text, w.text, {}, w.loc) : to_sql(r, w, name);
        };
        if (auto* w = a.get("postgresql_where")) c->postgresql_where = where(*w, "postgresql_where");
        if (auto* w = a.get("sqlite_where")) c->sqlite_where = where(*w, "sqlite_where");
        c->postgresql_using = opt_str(r, a, "postgresql_using");
        if (auto* inc = a.get("postgresql_include")) {
            if (!inc->is_sequence()) r.fail("postgresql_include must be a list of column names", inc->loc);
            for (auto& x : inc->items) {
                if (x.is(K::String)) c->postgresql_include.push_back(x.text);
                else if (x.is(K::Column)) c->postgresql_include.push_back(x.column->column.name);
                else r.fail("postgresql_include must list column names", x.loc);
            }
        }
        if (auto* ops = a.get("postgresql_ops")) {
            if (!ops->is(K::Dict)) r.fail("postgresql_ops must be a dict of column name to operator class", ops->loc);
            for (size_t i = 0; i + 1 < ops->items.size(); i += 2) {
                const Value& k = ops->items[i];
                const Value& v = ops->items[i + 1];
                if (!k.is(K::String) || !v.is(K::String))
                    r.fail("postgresql_ops must map column names to operator class names", k.loc);
                c->postgresql_ops.emplace_back(k.text, v.text);
            }
        }
    } else if (kind == CK::Check) {
        const Value* s = a.get("sqltext", 0);
        if (!s) r.fail("CheckConstraint() needs its SQL text", loc);
        if (!s->is(K::String)) {
            c->sqltext = to_sql(r, *s, "CheckConstraint()");
        } else {
            auto n = std::make_shared<SqlNode>();
            n->kind = ClauseKind::Text;
            n->text = s->text;
            n->loc = s->loc;
            c->sqltext = n;
        }
        c->name = opt_str(r, a, "name", 1);  // CheckConstraint(sqltext, name=None, ...)
    } else if (kind == CK::ForeignKey) {
        const Value* cols = a.get("columns", 0);
        const Value* refs = a.get("refcolumns", 1);
        if (!cols || !refs || !cols->is_sequence() || !refs->is_sequence())
            r.fail("ForeignKeyConstraint() takes a list of local columns and a list of referenced columns", loc);
        if (cols->items.size() != refs->items.size())
            r.fail("ForeignKeyConstraint number of constrained columns must match the number of referenced columns.", loc);
        for (auto& x : cols->items) c->columns.push_back(column_ref(r, x, what));
        for (auto& x : refs->items) {
            if (x.is(K::String)) c->refcolumns.push_back(x.text);
            else if (x.is(K::Column) && !x.column->table.empty()) c->refcolumns.push_back(x.column->table + "." + x.column->column.key);
            else r.fail("ForeignKeyConstraint refcolumns must be 'table.column' strings or table-bound columns", x.loc);
            c->refcolumn_locs.push_back(x.loc);
        }
        // ForeignKeyConstraint(columns, refcolumns, name=None, onupdate=None, ondelete=None, ...)
        c->name = opt_str(r, a, "name", 2);
        c->onupdate = opt_str(r, a, "onupdate", 3);
        c->ondelete = opt_str(r, a, "ondelete", 4);
        c->match = opt_str(r, a, "match");
        if (auto* u = a.get("use_alter")) c->use_alter = truthy(r, *u, "use_alter");
    } else {
        for (auto& p : a.pos) c->columns.push_back(column_ref(r, p, what));
        c->name = opt_str(r, a, "name");
    }
    if (kind != CK::Index) {
        c->deferrable = deferrable_of(r, a);
        c->initially = opt_str(r, a, "initially");
    }
    c->info = info_of(r, a);
    c->creation_order = r.next_order();
    register_floating_constraint(r, c);
    Value v = Value::make(K::Constraint, loc);
    v.constraint = c;
    return v;
}

}  // namespace orm::declarative
