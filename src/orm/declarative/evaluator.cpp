// The expression evaluator: names, literals, attribute access, calls and the
// few operators SQL expressions in a models file use.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/declarative/reader.hpp"

namespace orm::declarative {

using namespace python;
using K = Value::Kind;

namespace {

const std::set<std::string> kBuiltins = {
    "int", "str", "float", "bool", "bytes", "dict", "list", "set", "tuple", "object", "print", "len",
    "setattr", "getattr", "hasattr", "delattr", "type", "super", "property", "staticmethod", "classmethod",
    "range", "enumerate", "zip", "isinstance", "issubclass", "repr", "sorted", "min", "max", "sum",
    "frozenset", "bytearray", "any", "all", "vars", "id", "hash", "open", "iter", "next", "map", "filter",
    "abs", "round", "chr", "ord", "hex", "format", "Exception", "ValueError", "TypeError", "KeyError",
    "RuntimeError", "AttributeError", "NotImplementedError", "NotImplemented", "__name__", "__file__",
    "__doc__", "globals", "locals", "callable", "reversed", "memoryview", "complex", "slice", "input",
};

// Module paths whose public names SQLAlchemy re-exports under one namespace.
const std::vector<std::pair<std::string, std::string>> kModules = {
    {"sqlalchemy.dialects.postgresql.base", "postgresql"}, {"sqlalchemy.dialects.postgresql.json", "postgresql"},
    {"sqlalchemy.dialects.postgresql.array", "postgresql"}, {"sqlalchemy.dialects.postgresql.types", "postgresql"},
    {"sqlalchemy.dialects.postgresql.ranges", "postgresql"}, {"sqlalchemy.dialects.postgresql.named_types", "postgresql"},
    {"sqlalchemy.dialects.postgresql", "postgresql"}, {"sqlalchemy.dialects.sqlite", "sqlite"},
    {"sqlalchemy.ext.declarative", "sqlalchemy"}, {"sqlalchemy.ext.hybrid", "sqlalchemy"},
    {"sqlalchemy.ext.associationproxy", "sqlalchemy"}, {"sqlalchemy.orm.decl_api", "sqlalchemy"},
    {"sqlalchemy.orm", "sqlalchemy"}, {"sqlalchemy.sql.expression", "sqlalchemy"},
    {"sqlalchemy.sql.schema", "sqlalchemy"}, {"sqlalchemy.sql.sqltypes", "sqlalchemy"},
    {"sqlalchemy.sql.functions", "sqlalchemy"}, {"sqlalchemy.sql", "sqlalchemy"},
    {"sqlalchemy.schema", "sqlalchemy"}, {"sqlalchemy.types", "sqlalchemy"}, {"sqlalchemy.engine", "sqlalchemy"},
    {"sqlalchemy.event", "sqlalchemy"}, {"sqlalchemy", "sqlalchemy"},
};


std::string compare_op(CompareOperator op) {
    switch (op) {
        case CompareOperator::Eq: return "=";
        case CompareOperator::NotEq: return "!=";
        case CompareOperator::Lt: return "<";
        case CompareOperator::LtE: return "<=";
        case CompareOperator::Gt: return ">";
        case CompareOperator::GtE: return ">=";
        case CompareOperator::Is: return "IS";
        case CompareOperator::IsNot: return "IS NOT";
        case CompareOperator::In: return "IN";
        case CompareOperator::NotIn: return "NOT IN";
    }
    return "=";
}

}  // namespace

Value opaque(SourceLocation loc, std::string what) {
    Value v = Value::make(K::Opaque, loc);
    v.text = std::move(what);
    return v;
}

Value string_value(std::string s, SourceLocation loc) {
    Value v = Value::make(K::String, loc);
    v.text = std::move(s);
    return v;
}

SqlPtr sql_node(schema::ClauseKind kind, std::string text, std::vector<SqlPtr> args, SourceLocation loc) {
    auto n = std::make_shared<SqlNode>();
    n->kind = kind;
    n->text = std::move(text);
    n->args = std::move(args);
    n->loc = loc;
    return n;
}

Value sql_value(SqlPtr n, SourceLocation loc) {
    Value v = Value::make(K::Sql, loc);
    v.sql = std::move(n);
    return v;
}

bool is_sqlish(const Value& v) { return v.is(K::Column) || v.is(K::Sql); }

// ------------------------------------------------------------------ helpers

std::string Value::type_name() const {
    switch (kind) {
        case K::None: return "NoneType";
        case K::Bool: return "bool";
        case K::Int: return "int";
        case K::Float: return "float";
        case K::String: return "str";
        case K::Tuple: return "tuple";
        case K::List: return "list";
        case K::Dict: return "dict";
        case K::Symbol: return text;
        case K::Type: return "type";
        case K::Column: return "Column";
        case K::ForeignKey: return "ForeignKey";
        case K::Constraint: return "constraint";
        case K::Sql: return "SQL expression";
        case K::Relationship: return "relationship";
        case K::Backref: return "backref";
        case K::MetaData: return "MetaData";
        case K::Registry: return "registry";
        case K::Table: return "Table";
        case K::TableColumns: return "column collection";
        case K::Class: return "class";
        case K::EnumMember: return "enum member";
        case K::Function: return "function";
        case K::Lambda: return "lambda";
        case K::Engine: return "Engine";
        case K::Opaque: return text.empty() ? "object" : text;
    }
    return "object";
}

const Value* Args::get(const std::string& name) const {
    for (auto& [k, v] : kw)
        if (k == name) return &v;
    return nullptr;
}

const Value* Args::get(const std::string& name, size_t index) const {
    if (auto* v = get(name)) return v;
    return index < pos.size() ? &pos[index] : nullptr;
}

const Value* ClassInfo::attribute(const std::string& n) const {
    for (auto it = attributes.rbegin(); it != attributes.rend(); ++it)
        if (it->first == n) return &it->second;
    return nullptr;
}

std::string canonical_name(const std::string& q) {
    for (auto& [mod, ns] : kModules) {
        if (q.size() > mod.size() && q.compare(0, mod.size(), mod) == 0 && q[mod.size()] == '.')
            return ns + ":" + q.substr(mod.size() + 1);
    }
    return q;
}

std::optional<std::string> literal_string(const Value& v) {
    switch (v.kind) {
        case K::String: case K::Int: case K::Float: return v.text;
        case K::Bool: return std::string(v.flag ? "True" : "False");
        case K::None: return std::string("None");
        default: return std::nullopt;
    }
}

std::int64_t int_value(const Reader& r, const Value& v, const std::string& what) {
    if (auto n = parse_python_integer(v.text)) return *n;
    r.fail(what + " " + v.text + " is beyond 64 bits", v.loc);
}

double float_value(const Reader& r, const Value& v, const std::string& what) {
    std::string text;
    for (char c : v.text)
        if (c != '_') text += c;
    if (auto d = parse_real(text)) return *d;
    // Python reads a literal too large for a double as infinity.
    const bool digits = !text.empty() && text.find_first_not_of("+-0123456789.eE") == std::string::npos;
    if (digits && text.find_first_of("eE") != std::string::npos) return text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    r.fail(what + " " + v.text + " is not a number", v.loc);
}

SqlPtr to_sql(Reader& r, const Value& v, const std::string& context) {
    switch (v.kind) {
        case K::Sql: return v.sql;
        case K::Column: {
            auto n = std::make_shared<SqlNode>();
            n->kind = schema::ClauseKind::Column;
            n->column = v.column;
            n->loc = v.loc;
            return n;
        }
        case K::String: return sql_node(schema::ClauseKind::String, v.text, {}, v.loc);
        case K::Int: case K::Float: return sql_node(schema::ClauseKind::Number, v.text, {}, v.loc);
        case K::Bool: return sql_node(v.flag ? schema::ClauseKind::True : schema::ClauseKind::False, "", {}, v.loc);
        case K::None: return sql_node(schema::ClauseKind::Null, "", {}, v.loc);
        case K::EnumMember: return sql_node(schema::ClauseKind::String, v.text, {}, v.loc);
        case K::Opaque: case K::Function: case K::Lambda: case K::Symbol: case K::Relationship: {
            auto n = sql_node(schema::ClauseKind::Text, v.text.empty() ? v.type_name() : v.text, {}, v.loc);
            std::const_pointer_cast<SqlNode>(n)->opaque = true;
            return n;
        }
        default:
            r.fail("expected a column or SQL expression in " + context + ", got " + v.type_name(), v.loc);
    }
}

// ------------------------------------------------------------------ imports (migration scripts)

void bind_imports(Reader& r, const Stmt& s) {
    if (auto* im = s.as<Import>()) {
        for (auto& a : im->names) {
            Value v = Value::make(K::Symbol, a.loc);
            if (a.asname) {
                v.text = a.name;
                r.globals[*a.asname] = v;
            } else {
                v.text = a.name.substr(0, a.name.find('.'));
                r.globals[v.text] = v;
            }
        }
    } else if (auto* from = s.as<ImportFrom>()) {
        if (from->module == "__future__") {
            for (auto& a : from->names)
                if (a.name == "annotations") r.future_annotations = true;
            return;
        }
        for (auto& a : from->names) {
            if (a.name == "*") {
                if (from->level > 0) r.fail("orm cannot follow a relative star import", a.loc);
                r.star_imports.push_back(from->module);
                continue;
            }
            Value v = Value::make(from->level > 0 ? K::Opaque : K::Symbol, a.loc);
            // A relative import names something in another file of the project: opaque here.
            v.text = from->level > 0 ? "imported " + a.name : from->module + "." + a.name;
            r.globals[a.asname ? *a.asname : a.name] = v;
        }
    }
}

// ------------------------------------------------------------------ names

std::optional<Value> lookup(const Reader& r, const std::string& name, const Scope& scope) {
    if (scope.locals) {
        auto it = scope.locals->find(name);
        if (it != scope.locals->end()) return it->second;
    }
    if (scope.class_ns) {
        for (auto it = scope.class_ns->rbegin(); it != scope.class_ns->rend(); ++it)
            if (it->first == name) return it->second;
    }
    auto it = r.globals.find(name);
    if (it != r.globals.end()) return it->second;
    for (auto& mod : r.star_imports) {
        std::string canon = canonical_name(mod + "." + name);
        static const std::set<std::string> kStarNames = {
            "func", "text", "literal_column", "true", "false", "null", "and_", "or_", "not_", "desc", "asc",
            "cast", "backref", "registry", "create_engine", "declared_attr", "Mapped", "DeclarativeBase",
            "DeclarativeBaseNoMeta", "TypeDecorator", "synonym", "column_property", "deferred", "as_declarative",
            "sessionmaker", "Session", "event", "select", "inspect", "MappedAsDataclass", "validates"};
        bool sa_module = canon.find(':') != std::string::npos;
        if (sa_module && (is_type_name(canon) || is_schema_constructor(canon) || kStarNames.count(name))) {
            Value v = Value::make(K::Symbol, {});
            v.text = mod + "." + name;
            return v;
        }
    }
    if (kBuiltins.count(name)) {
        Value v = Value::make(K::Symbol, {});
        v.text = "builtins." + name;
        return v;
    }
    return std::nullopt;
}

// ------------------------------------------------------------------ attributes

namespace {

// `obj.attr` where attr is a method: resolved when called (call_method).
Value bound_method(const Value& obj, const std::string& attr, SourceLocation at) {
    Value v = opaque(at);
    v.index = obj.index;
    v.items.push_back(obj);
    v.text = attr;
    v.flag = true;  // marks a bound-method placeholder
    return v;
}

}  // namespace

Value get_attribute(Reader& r, const Value& obj, const std::string& attr, SourceLocation at) {
    switch (obj.kind) {
        case K::Symbol: {
            Value v = Value::make(K::Symbol, at);
            v.text = obj.text + "." + attr;
            return v;
        }
        case K::Class: {
            ClassInfo& c = *obj.cls;
            if (attr == "__name__") return string_value(c.name, at);
            if (c.kind == ClassInfo::Kind::Mapped) {
                if (attr == "__table__") { Value v = Value::make(K::Table, at); v.text = c.table; return v; }
                if (attr == "__tablename__") {
                    if (auto* t = r.find_table(c.table)) return string_value(t->name, at);
                }
                for (ClassInfo* k = &c; k; k = k->inherits) {
                    auto it = k->column_attrs.find(attr);
                    if (it != k->column_attrs.end()) { Value v = Value::make(K::Column, at); v.column = it->second; return v; }
                }
            }
            if (c.kind == ClassInfo::Kind::Enum &&
                std::find(c.enum_members.begin(), c.enum_members.end(), attr) != c.enum_members.end()) {
                Value v = Value::make(K::EnumMember, at);
                v.cls = &c;
                v.text = attr;
                return v;
            }
            if ((c.kind == ClassInfo::Kind::Base || c.kind == ClassInfo::Kind::Mapped ||
                 c.kind == ClassInfo::Kind::Abstract) && attr == "metadata") {
                Value v = Value::make(K::MetaData, at);
                v.index = c.metadata;
                return v;
            }
            if (attr == "registry" && c.kind != ClassInfo::Kind::Plain) {
                Value v = Value::make(K::Registry, at);
                v.index = c.metadata;
                return v;
            }
            for (ClassInfo* k : c.mro)
                if (auto* v = k->attribute(attr)) {
                    if (v->is(K::Relationship)) return opaque(at, "relationship attribute");
                    return *v;
                }
            if (c.kind == ClassInfo::Kind::Mapped || c.kind == ClassInfo::Kind::Enum)
                if (attr.rfind("__", 0) != 0 && !c.declared_attrs.count(attr))
                    r.fail("type object '" + c.name + "' has no attribute '" + attr + "'", at);
            return opaque(at);
        }
        case K::Table:
            if (attr == "c" || attr == "columns") { Value v = obj; v.kind = K::TableColumns; v.loc = at; return v; }
            if (attr == "name") {
                if (auto* t = r.find_table(obj.text)) return string_value(t->name, at);
            }
            return bound_method(obj, attr, at);
        case K::TableColumns: {
            if (auto col = r.table_column(obj.text, attr)) { Value v = Value::make(K::Column, at); v.column = col; return v; }
            r.fail("table '" + obj.text + "' has no column '" + attr + "'", at);
        }
        case K::Column:
            if (attr == "name") return string_value(obj.column->column.name, at);
            if (attr == "key") return string_value(obj.column->column.key, at);
            if (attr == "table" && !obj.column->table.empty()) { Value v = Value::make(K::Table, at); v.text = obj.column->table; return v; }
            return bound_method(obj, attr, at);
        default:
            return bound_method(obj, attr, at);
    }
}

// ------------------------------------------------------------------ calls

Args eval_args(Reader& r, const Call& call, const Scope& scope) {
    Args a;
    a.call = &call;
    for (auto& arg : call.args) {
        if (auto* st = arg->as<Starred>()) {
            Value v = eval(r, *st->value, scope);
            if (!v.is_sequence()) r.fail("*arguments must be a literal list or tuple here, got " + v.type_name(), arg->loc);
            for (auto& item : v.items) a.pos.push_back(item);
        } else {
            a.pos.push_back(eval(r, *arg, scope));
        }
    }
    for (auto& k : call.keywords) {
        Value v = eval(r, *k.value, scope);
        if (!k.name) {
            if (!v.is(K::Dict)) r.fail("**arguments must be a literal dict here, got " + v.type_name(), k.loc);
            for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
                if (!v.items[i].is(K::String)) r.fail("keyword names must be strings", v.items[i].loc);
                a.kw.emplace_back(v.items[i].text, v.items[i + 1]);
            }
        } else {
            a.kw.emplace_back(*k.name, std::move(v));
        }
    }
    return a;
}

namespace {

}  // namespace

Value call_value(Reader& r, const Value& callee, const Args& a, SourceLocation loc) {
    switch (callee.kind) {
        case K::Symbol: {
            if (r.call_hook)
                if (auto v = r.call_hook(r, callee.text, a, loc)) return *v;
            std::string canon = canonical_name(callee.text);
            if (canon.rfind("sqlalchemy:", 0) == 0 || canon.rfind("postgresql:", 0) == 0 || canon.rfind("sqlite:", 0) == 0)
                return call_sqlalchemy(r, canon, a, loc);
            if (canon == "builtins.setattr")
                r.fail("setattr() at import time changes classes in a way orm cannot read; "
                       "declare the attribute in the class body instead", loc);
            if (canon == "builtins.dict") {
                Value v = Value::make(K::Dict, loc);
                for (auto& [k, val] : a.kw) { v.items.push_back(string_value(k, loc)); v.items.push_back(val); }
                return a.pos.empty() ? v : opaque(loc);
            }
            if ((canon == "builtins.list" || canon == "builtins.tuple") && a.pos.size() <= 1) {
                if (a.pos.empty()) return Value::make(canon == "builtins.list" ? K::List : K::Tuple, loc);
                if (a.pos[0].is_sequence()) { Value v = a.pos[0]; v.kind = canon == "builtins.list" ? K::List : K::Tuple; return v; }
            }
            return opaque(loc, canon);
        }
        case K::Class: {
            ClassInfo& c = *callee.cls;
            if (c.kind == ClassInfo::Kind::TypeDecorator) {
                if (c.impl.is(K::Symbol) && is_type_name(canonical_name(c.impl.text)))
                    return make_type(r, canonical_name(c.impl.text), a, loc);
                if (c.impl.is(K::Type)) return c.impl;
                r.fail("TypeDecorator " + c.name + " has no readable `impl`", loc);
            }
            return opaque(loc, c.name);
        }
        case K::Opaque:
            if (callee.flag && callee.items.size() == 1) return call_sql_method(r, callee.items[0], callee.text, a, loc);
            return opaque(loc);
        case K::Function: case K::Lambda: case K::Engine: case K::MetaData: case K::Registry:
            return opaque(loc);
        default:
            return opaque(loc);
    }
}

namespace {

// In Column(...), a name that is not defined (or not a SQLAlchemy name) is
// reported as the unknown type it almost always is.
void check_type_args(Reader& r, const Call& call, const Scope& scope) {
    static const std::set<std::string> non_types = {
        "ForeignKey", "CheckConstraint", "UniqueConstraint", "PrimaryKeyConstraint", "Index", "Identity",
        "Sequence", "Computed", "FetchedValue", "DefaultClause", "ForeignKeyConstraint",
    };
    for (auto& arg : call.args) {
        const Expr* head = arg.get();
        if (auto* c = head->as<Call>()) head = c->func.get();
        auto dn = dotted_name(*head);
        if (!dn) continue;
        std::string first = dn->substr(0, dn->find('.'));
        auto v = lookup(r, first, scope);
        SourceLocation at = head->loc;
        std::string shown = *dn;
        if (auto* a = head->as<Attribute>()) { at = a->attr_loc.known() ? a->attr_loc : head->loc; shown = a->attr; }
        if (!v) r.fail("unknown column type '" + shown + "'", at);
        if (!v->is(K::Symbol)) continue;
        std::string canon = canonical_name(v->text + dn->substr(first.size()));
        auto colon = canon.find(':');
        if (colon == std::string::npos) continue;
        std::string name = canon.substr(colon + 1);
        if (!is_type_name(canon) && !non_types.count(name) && name.rfind("func.", 0) != 0 && name != "text" &&
            std::isupper(static_cast<unsigned char>(name[0])))
            r.fail("unknown column type '" + shown + "'", at);
    }
}

}  // namespace

// ------------------------------------------------------------------ eval

namespace {

// A name, looked up in the scope.
Value eval_name(Reader& r, const Expr& e, const Scope& scope) {
    const std::string& id = e.as<Name>()->id;
    auto v = lookup(r, id, scope);
    if (!v) r.fail("name '" + id + "' is not defined", e.loc);
    Value out = *v;
    out.loc = e.loc;
    out.expr = &e;
    return out;
}

// A literal: None, True/False, a number (an int in decimal) or a string.
Value eval_constant(Reader& r, const Expr& e, const Scope& scope) {
    auto* c = e.as<Constant>();
    Value v;
    v.loc = e.loc;
    v.expr = &e;
    switch (c->value_kind) {
        case ConstantKind::None: v.kind = K::None; break;
        case ConstantKind::True: v.kind = K::Bool; v.flag = true; break;
        case ConstantKind::False: v.kind = K::Bool; v.flag = false; break;
        case ConstantKind::Int: {
            // In decimal from here on (0o17 is 15 wherever it goes: a length, a SQL default);
            // a literal beyond 64 bits keeps its text and fails where a number is needed.
            v.kind = K::Int;
            auto n = parse_python_integer(c->value);
            v.text = n ? std::to_string(*n) : c->value;
            break;
        }
        case ConstantKind::Float: v.kind = K::Float; v.text = c->value; break;
        case ConstantKind::String: v.kind = K::String; v.text = c->value; break;
        default: v.kind = K::Opaque; break;
    }
    return v;
}

// A tuple, list or set display, starred items spread.
Value eval_sequence(Reader& r, const Expr& e, const Scope& scope) {
    Value v = Value::make(e.kind == ExprKind::Tuple ? K::Tuple : K::List, e.loc);
    v.expr = &e;
    const auto& elts = e.kind == ExprKind::Tuple ? e.as<Tuple>()->elts
                     : e.kind == ExprKind::List ? e.as<List>()->elts : e.as<Set>()->elts;
    for (auto& x : elts) {
        if (auto* st = x->as<Starred>()) {
            Value s = eval(r, *st->value, scope);
            if (!s.is_sequence()) r.fail("cannot unpack " + s.type_name() + " here", x->loc);
            for (auto& i : s.items) v.items.push_back(i);
        } else {
            v.items.push_back(eval(r, *x, scope));
        }
    }
    return v;
}

// A dict display, ** items spread.
Value eval_dict(Reader& r, const Expr& e, const Scope& scope) {
    auto* d = e.as<Dict>();
    Value v = Value::make(K::Dict, e.loc);
    v.expr = &e;
    for (size_t i = 0; i < d->keys.size(); ++i) {
        Value val = eval(r, *d->values[i], scope);
        if (!d->keys[i]) {
            if (!val.is(K::Dict)) r.fail("cannot spread " + val.type_name() + " into a dict here", d->values[i]->loc);
            for (auto& x : val.items) v.items.push_back(x);
            continue;
        }
        v.items.push_back(eval(r, *d->keys[i], scope));
        v.items.push_back(std::move(val));
    }
    return v;
}

// table.c["name"] and a literal key of a dict; anything else is opaque.
Value eval_subscript(Reader& r, const Expr& e, const Scope& scope) {
    auto* s = e.as<Subscript>();
    Value obj = eval(r, *s->value, scope);
    if (obj.is(K::TableColumns) || obj.is(K::Dict)) {
        Value key = eval(r, *s->slice, scope);
        if (obj.is(K::TableColumns) && key.is(K::String)) return get_attribute(r, obj, key.text, e.loc);
        if (obj.is(K::Dict))
            for (size_t i = 0; i + 1 < obj.items.size(); i += 2)
                if (literal_string(obj.items[i]) && literal_string(obj.items[i]) == literal_string(key)) return obj.items[i + 1];
    }
    return opaque(e.loc);
}

// -number, and ~ over SQL (NOT).
Value eval_unary(Reader& r, const Expr& e, const Scope& scope) {
    auto* u = e.as<UnaryOp>();
    Value operand = eval(r, *u->operand, scope);
    if (u->op == UnaryOperator::USub && (operand.is(K::Int) || operand.is(K::Float))) {
        operand.text = operand.text[0] == '-' ? operand.text.substr(1) : "-" + operand.text;
        operand.loc = e.loc;
        return operand;
    }
    if ((u->op == UnaryOperator::Invert || u->op == UnaryOperator::Not) && is_sqlish(operand) &&
        u->op == UnaryOperator::Invert)
        return sql_value(sql_node(schema::ClauseKind::Unary, "NOT", {to_sql(r, operand, "~")}, e.loc), e.loc);
    return opaque(e.loc);
}

// String concatenation, SQL arithmetic and logic, and int arithmetic within 64 bits.
Value eval_binary(Reader& r, const Expr& e, const Scope& scope) {
    auto* b = e.as<BinOp>();
    Value l = eval(r, *b->left, scope), rt = eval(r, *b->right, scope);
    if (b->op == BinaryOperator::Add && l.is(K::String) && rt.is(K::String)) return string_value(l.text + rt.text, e.loc);
    if (is_sqlish(l) || is_sqlish(rt)) {
        std::string op;
        switch (b->op) {
            case BinaryOperator::Add: op = "+"; break;
            case BinaryOperator::Sub: op = "-"; break;
            case BinaryOperator::Mult: op = "*"; break;
            case BinaryOperator::Div: op = "/"; break;
            case BinaryOperator::Mod: op = "%"; break;
            case BinaryOperator::BitAnd: op = "AND"; break;
            case BinaryOperator::BitOr: op = "OR"; break;
            default: return opaque(e.loc);
        }
        return sql_value(sql_node(schema::ClauseKind::Binary, op, {to_sql(r, l, "an expression"), to_sql(r, rt, "an expression")}, e.loc), e.loc);
    }
    if (l.is(K::Int) && rt.is(K::Int)) {
        auto x = parse_python_integer(l.text), y = parse_python_integer(rt.text);
        long long result = 0;
        bool overflow = !x || !y;
        if (!overflow && b->op == BinaryOperator::Add) overflow = __builtin_add_overflow(*x, *y, &result);
        else if (!overflow && b->op == BinaryOperator::Sub) overflow = __builtin_sub_overflow(*x, *y, &result);
        else if (!overflow && b->op == BinaryOperator::Mult) overflow = __builtin_mul_overflow(*x, *y, &result);
        else return opaque(e.loc);
        if (overflow) return opaque(e.loc);
        Value v = Value::make(K::Int, e.loc);
        v.text = std::to_string(result);
        return v;
    }
    return opaque(e.loc);
}

// One comparison over SQL (== None is IS NULL).
Value eval_compare(Reader& r, const Expr& e, const Scope& scope) {
    auto* c = e.as<Compare>();
    Value l = eval(r, *c->left, scope);
    std::vector<Value> rs;
    for (auto& x : c->comparators) rs.push_back(eval(r, *x, scope));
    if (c->ops.size() == 1 && (is_sqlish(l) || is_sqlish(rs[0]))) {
        std::string op = compare_op(c->ops[0]);
        if (rs[0].is(K::None) && op == "=") op = "IS";
        if (rs[0].is(K::None) && op == "!=") op = "IS NOT";
        return sql_value(sql_node(schema::ClauseKind::Binary, op, {to_sql(r, l, "a comparison"), to_sql(r, rs[0], "a comparison")}, e.loc), e.loc);
    }
    return opaque(e.loc);
}

}  // namespace

Value eval(Reader& r, const Expr& e, const Scope& scope) {
    switch (e.kind) {
        case ExprKind::Name: return eval_name(r, e, scope);
        case ExprKind::Constant: return eval_constant(r, e, scope);
        case ExprKind::Attribute: {
            auto* at = e.as<Attribute>();
            Value obj = eval(r, *at->value, scope);
            Value v = get_attribute(r, obj, at->attr, e.loc);
            v.expr = &e;
            return v;
        }
        case ExprKind::Call: {
            auto* c = e.as<Call>();
            Value callee = eval(r, *c->func, scope);
            if (callee.is(K::Symbol)) {
                std::string canon = canonical_name(callee.text);
                if (canon == "sqlalchemy:Column" || canon == "sqlalchemy:mapped_column") check_type_args(r, *c, scope);
            }
            Args a = eval_args(r, *c, scope);
            Value v = call_value(r, callee, a, e.loc);
            v.expr = &e;
            return v;
        }
        case ExprKind::Tuple: case ExprKind::List: case ExprKind::Set: return eval_sequence(r, e, scope);
        case ExprKind::Dict: return eval_dict(r, e, scope);
        case ExprKind::Subscript: return eval_subscript(r, e, scope);
        case ExprKind::Lambda: {
            Value v = Value::make(K::Lambda, e.loc);
            v.expr = &e;
            return v;
        }
        case ExprKind::UnaryOp: return eval_unary(r, e, scope);
        case ExprKind::BinOp: return eval_binary(r, e, scope);
        case ExprKind::Compare: return eval_compare(r, e, scope);
        case ExprKind::Comprehension:
            if (touches_schema(r, e))
                r.fail("a comprehension that builds schema objects cannot be read; write the columns, tables "
                       "or constraints out one by one", e.loc);
            return opaque(e.loc);
        case ExprKind::JoinedStr: return opaque(e.loc, "f-string");
        default:
            return opaque(e.loc);
    }
}

}  // namespace orm::declarative
