// SQLAlchemy's objects as Python code sees them: attributes (a column's
// name and table, a table's `c`, a MetaData's tables), methods (desc(),
// with_variant(), append_column(), ...), and the operators that make SQL
// expressions (`column == 5`, `a & b`, `~x`).
#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

using K = Value::Kind;
namespace py = orm::python;

namespace {

SqlPtr node(schema::ClauseKind kind, std::string text, std::vector<SqlPtr> args, SourceLocation loc) {
    auto n = std::make_shared<SqlNode>();
    n->kind = kind;
    n->text = std::move(text);
    n->args = std::move(args);
    n->loc = loc;
    return n;
}

Value sql(SqlPtr n, SourceLocation loc) {
    Value v = Value::make(K::Sql, loc);
    v.sql = std::move(n);
    return v;
}

bool sqlish(const Value& v) { return v.is(K::Column) || v.is(K::Sql); }

// A native method of a SaObject: `self.name(args)` goes to call_sql_method
// (or to `f` when given).
py::Value method(Bridge& b, SaObject& self, std::string name,
                 std::function<py::Value(Bridge&, const Value&, py::CallArgs&)> f = {}) {
    py::Ref<SaObject> keep(&self);
    return py::make_native(self.type_name() + "." + name, [keep, name, f, &b](py::Interpreter&, py::CallArgs& a) {
        if (f) return f(b, keep->value, a);
        Args args = b.to_args(a);
        return b.to_py(call_sql_method(b.r, keep->value, name, args, a.loc));
    });
}

py::Value table_value(Bridge& b, const std::string& fullname, SourceLocation loc) {
    Value t = Value::make(K::Table, loc);
    t.text = fullname;
    return b.to_py(t);
}

py::Value column_value(Bridge& b, const ColumnPtr& c, SourceLocation loc) {
    Value v = Value::make(K::Column, loc);
    v.column = c;
    return b.to_py(v);
}

py::Value tables_dict(Bridge& b, SourceLocation loc) {
    py::Ref<py::DictObject> d = py::make_dict();
    for (auto& t : b.r.out->metadata.tables) d->set_str(t->fullname(), table_value(b, t->fullname(), loc));
    return py::Value(d);
}

std::optional<py::Value> column_attr(Bridge& b, SaObject& self, std::string_view name) {
    const Value& v = self.value;
    if (v.is(K::Column)) {
        const ColumnDecl& c = *v.column;
        if (name == "name") return c.column.name.empty() ? py::Value() : py::make_str(c.column.name);
        if (name == "key") return c.column.key.empty() ? py::Value() : py::make_str(c.column.key);
        if (name == "table") return c.table.empty() ? py::Value() : table_value(b, c.table, v.loc);
        if (name == "primary_key") return py::Value::boolean(c.column.primary_key);
        if (name == "nullable") return py::Value::boolean(c.column.nullable);
        if (name == "unique") return c.column.unique ? py::Value::boolean(*c.column.unique) : py::Value();
        if (name == "index") return c.column.index ? py::Value::boolean(*c.column.index) : py::Value();
        if (name == "comment") return c.column.comment ? py::make_str(*c.column.comment) : py::Value();
        if (name == "type") {
            Value t = Value::make(K::Type, v.loc);
            t.type = std::make_shared<schema::TypeEngine>(c.column.type);
            return b.to_py(t);
        }
        if (name == "info") return b.to_py(Value::make(K::Dict, v.loc));
        if (name == "foreign_keys") return py::make_list();
    }
    static const char* const sql_methods[] = {"desc", "asc", "is_", "isnot", "is_not", "like", "ilike", "label",
                                               "in_", "notin_", "not_in", "startswith", "endswith", "contains",
                                               "between", "collate", "op", "cast", "any", "has", "match", "concat",
                                               "nulls_first", "nulls_last", "nullsfirst", "nullslast", "astext",
                                               "is_distinct_from", "isnot_distinct_from", "distinct", "self_group"};
    for (const char* m : sql_methods)
        if (name == m) return method(b, self, std::string(name));
    return std::nullopt;
}

std::optional<py::Value> table_attr(Bridge& b, SaObject& self, std::string_view name) {
    const Value& v = self.value;
    schema::Table* t = b.r.find_table(v.text);
    if (name == "c" || name == "columns") {
        Value c = v;
        c.kind = K::TableColumns;
        return b.to_py(c);
    }
    if (!t) return std::nullopt;
    if (name == "name") return py::make_str(t->name);
    if (name == "fullname") return py::make_str(t->fullname());
    if (name == "schema") return t->schema ? py::make_str(*t->schema) : py::Value();
    if (name == "comment") return t->comment ? py::make_str(*t->comment) : py::Value();
    if (name == "info") return b.to_py(Value::make(K::Dict, v.loc));
    if (name == "primary_key") {
        std::vector<py::Value> cols;
        for (auto& n : t->primary_key.columns)
            if (const schema::Column* col = t->column(n))
                if (auto decl = b.r.table_column(t->fullname(), col->key)) cols.push_back(column_value(b, decl, v.loc));
        return py::make_list(std::move(cols));
    }
    if (name == "append_column")
        return method(b, self, "append_column", [](Bridge& b, const Value& tv, py::CallArgs& a) {
            if (a.pos.empty()) b.in.raise(b.in.exc.TypeError, "append_column() takes a Column", a.loc);
            Value col = b.to_decl(a.pos[0], a.loc);
            if (!col.is(K::Column)) b.in.raise(b.in.exc.TypeError, "append_column() takes a Column", a.loc);
            if (!col.column->table.empty())
                b.r.fail("Column object '" + col.column->column.key + "' already assigned to Table '" + col.column->table + "'", a.loc);
            append_column(b.r, *b.r.find_table(tv.text), col.column);
            return py::Value();
        });
    if (name == "append_constraint")
        return method(b, self, "append_constraint", [](Bridge& b, const Value& tv, py::CallArgs& a) {
            Value c = a.pos.empty() ? Value() : b.to_decl(a.pos[0], a.loc);
            if (!c.is(K::Constraint)) b.in.raise(b.in.exc.TypeError, "append_constraint() takes a constraint or Index", a.loc);
            attach_constraint(b.r, *b.r.find_table(tv.text), *c.constraint);
            return py::Value();
        });
    for (const char* noop : {"create", "drop", "add_is_dependent_on", "_set_parent"})
        if (name == noop) return py::make_native(std::string("Table.") + noop, [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
    return std::nullopt;
}

std::optional<py::Value> metadata_attr(Bridge& b, SaObject& self, std::string_view name) {
    const Value& v = self.value;
    MetaDataInstance& md = b.r.metadatas[static_cast<std::size_t>(v.index)];
    if (name == "tables") return tables_dict(b, v.loc);
    if (name == "sorted_tables") {
        std::vector<py::Value> out;
        for (auto& t : b.r.out->metadata.tables) out.push_back(table_value(b, t->fullname(), v.loc));
        return py::make_list(std::move(out));
    }
    if (name == "schema") return md.schema ? py::make_str(*md.schema) : py::Value();
    if (name == "naming_convention") {
        py::Ref<py::DictObject> d = py::make_dict();
        for (auto& [k, t] : md.naming_convention) d->set_str(k, py::make_str(t));
        return py::Value(d);
    }
    if (name == "info") return py::Value(py::make_dict());
    for (const char* noop : {"create_all", "drop_all", "reflect", "clear", "remove"})
        if (name == noop) return py::make_native(std::string("MetaData.") + noop, [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
    (void)self;
    return std::nullopt;
}

}  // namespace

std::string SaObject::type_name() const { return value.type_name(); }

std::optional<py::Value> SaObject::get_attr(py::Interpreter& in, std::string_view name) {
    switch (value.kind) {
        case K::Column: case K::Sql: return column_attr(bridge, *this, name);
        case K::Table: return table_attr(bridge, *this, name);
        case K::TableColumns: {
            if (auto col = bridge.r.table_column(value.text, std::string(name))) return column_value(bridge, col, value.loc);
            if (name == "keys")
                return method(bridge, *this, "keys", [](Bridge& b, const Value& v, py::CallArgs&) {
                    std::vector<py::Value> out;
                    if (auto it = b.r.table_columns.find(v.text); it != b.r.table_columns.end())
                        for (auto& c : it->second) out.push_back(py::make_str(c->column.key));
                    return py::make_list(std::move(out));
                });
            bridge.r.fail("table '" + value.text + "' has no column '" + std::string(name) + "'", in.current_location());
        }
        case K::MetaData: return metadata_attr(bridge, *this, name);
        case K::Type: {
            if (name == "length") return value.type->length ? py::Value::integer(*value.type->length) : py::Value();
            if (name == "with_variant" || name == "evaluates_none" || name == "copy" || name == "adapt")
                return method(bridge, *this, std::string(name), [n = std::string(name)](Bridge& b, const Value& v, py::CallArgs& a) {
                    if (n == "with_variant" && a.pos.size() >= 2) {
                        // The variant replaces the type on its dialect(s).
                        std::vector<py::Value> names = a.pos[1].is(py::ObjKind::Str) ? std::vector<py::Value>{a.pos[1]}
                                                                                      : b.in.to_vector(a.pos[1], a.loc);
                        for (auto& dn : names)
                            if (auto* s = py::str_of(dn); s && *s == b.dialect) {
                                Value t = Value::make(K::Type, a.loc);
                                t.type = std::make_shared<schema::TypeEngine>(b.type_of(a.pos[0], a.loc));
                                return b.to_py(t);
                            }
                    }
                    return b.to_py(v);
                });
            if (name == "python_type") return py::Value(new py::OpaqueObject("TypeEngine.python_type", "sqlalchemy", value.loc));
            if (name == "impl") return bridge.to_py(value);
            return std::nullopt;
        }
        case K::Constraint: {
            if (name == "name") return value.constraint->name ? py::make_str(*value.constraint->name) : py::Value();
            if (name == "ddl_if" || name == "info")
                return method(bridge, *this, std::string(name), [](Bridge& b, const Value& v, py::CallArgs&) { return b.to_py(v); });
            return std::nullopt;
        }
        case K::Registry: {
            if (name == "metadata") {
                Value m = Value::make(K::MetaData, value.loc);
                m.index = value.index;
                return bridge.to_py(m);
            }
            if (name == "generate_base")
                return method(bridge, *this, "generate_base", [](Bridge& b, const Value& v, py::CallArgs& a) {
                    return make_declarative_base(b, a, v.index, a.loc, "registry");
                });
            if (name == "mapped")
                return method(bridge, *this, "mapped", [](Bridge& b, const Value& v, py::CallArgs& a) {
                    auto* cls = a.pos.empty() ? nullptr : a.pos[0].as<py::ClassObject>();
                    if (!cls) b.in.raise(b.in.exc.TypeError, "registry.mapped decorates a class", a.loc);
                    map_with_registry(b, *cls, v.index, a.loc);
                    return a.pos[0];
                });
            if (name == "configure" || name == "dispose")
                return py::make_native("registry." + std::string(name), [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
            return std::nullopt;
        }
        case K::Engine:
            if (name == "url") return value.flag ? py::make_str(value.text) : py::Value();
            return py::Value(new py::OpaqueObject("Engine." + std::string(name), "sqlalchemy", value.loc));
        default: return std::nullopt;
    }
}

bool SaObject::set_attr(py::Interpreter& in, std::string_view name, const py::Value& v) {
    if (value.is(K::MetaData) && name == "naming_convention") {
        MetaDataInstance& md = bridge.r.metadatas[static_cast<std::size_t>(value.index)];
        md.naming_convention.clear();
        md.naming_functions.clear();
        md.naming_given = true;
        auto* d = v.as<py::DictObject>();
        if (!d) in.raise(in.exc.TypeError, "naming_convention must be a dict");
        d->for_each([&](const py::Value& k, const py::Value& t) {
            std::string key;
            if (auto* s = py::str_of(k)) key = *s;
            else if (auto* c = k.as<py::ClassObject>()) key = c->name;
            if (const std::string* tmpl = py::str_of(t)) md.naming_convention.emplace_back(key, *tmpl);
            else if (t.is(py::ObjKind::Function) || t.is(py::ObjKind::Native) || t.is(py::ObjKind::BoundMethod))
                md.naming_functions.emplace_back(key, t);  // a custom %(token)s
            else in.raise(in.exc.TypeError, "naming_convention values must be strings or functions");
        });
        return true;
    }
    if (value.is(K::Column) && (name == "info" || name == "doc")) return true;
    in.raise(in.exc.AttributeError, "orm cannot change " + type_name() + "." + std::string(name) +
                                        " after it is made; pass it to the constructor");
}

py::Value SaObject::call(py::Interpreter& in, py::CallArgs& args) {
    in.raise(in.exc.TypeError, "'" + type_name() + "' object is not callable", args.loc);
}

std::optional<py::Value> SaObject::get_item(py::Interpreter& in, const py::Value& key) {
    if (value.is(K::TableColumns)) {
        if (auto* s = py::str_of(key)) return get_attr(in, *s);
        if (key.is_intlike()) {
            auto it = bridge.r.table_columns.find(value.text);
            if (it != bridge.r.table_columns.end() && key.as_int() >= 0 &&
                static_cast<std::size_t>(key.as_int()) < it->second.size())
                return column_value(bridge, it->second[static_cast<std::size_t>(key.as_int())], value.loc);
        }
    }
    if (sqlish(value)) {
        // JSON/ARRAY element access: an expression orm keeps opaque.
        return py::Value(new py::OpaqueObject(type_name() + "[...]", "sqlalchemy", value.loc));
    }
    return std::nullopt;
}

std::optional<py::Value> SaObject::iter(py::Interpreter&) {
    if (!value.is(K::TableColumns)) return std::nullopt;
    std::vector<py::Value> out;
    if (auto it = bridge.r.table_columns.find(value.text); it != bridge.r.table_columns.end())
        for (auto& c : it->second) out.push_back(column_value(bridge, c, value.loc));
    return py::make_list(std::move(out));
}

bool SaObject::contains(py::Interpreter& in, const py::Value& item) {
    if (value.is(K::TableColumns)) {
        if (auto* s = py::str_of(item)) return bridge.r.table_column(value.text, *s) != nullptr;
        return false;
    }
    return HostObject::contains(in, item);
}

std::optional<std::int64_t> SaObject::len(py::Interpreter&) {
    if (value.is(K::TableColumns))
        if (auto it = bridge.r.table_columns.find(value.text); it != bridge.r.table_columns.end())
            return static_cast<std::int64_t>(it->second.size());
    return std::nullopt;
}

std::string SaObject::repr(py::Interpreter&) const {
    switch (value.kind) {
        case K::Column: return "Column('" + value.column->column.name + "')";
        case K::Table: return "Table('" + value.text + "')";
        case K::Type: return value.type->class_name() + "()";
        case K::MetaData: return "MetaData()";
        default: return "<" + type_name() + ">";
    }
}

std::uint64_t SaObject::hash() const {
    const void* key = value.column ? static_cast<const void*>(value.column.get())
                    : value.sql ? static_cast<const void*>(value.sql.get())
                    : value.constraint ? static_cast<const void*>(value.constraint.get())
                                       : static_cast<const void*>(this);
    return reinterpret_cast<std::uintptr_t>(key) * 0x9E3779B97F4A7C15ull;
}

py::ClassObject* SaObject::python_type(py::Interpreter&) const { return nullptr; }

std::optional<py::Value> SaObject::binary_op(py::Interpreter& in, std::string_view op, const py::Value& other,
                                             bool reflected) {
    if (!sqlish(value)) return std::nullopt;
    static const std::vector<std::pair<std::string, std::string>> ops = {
        {"__eq__", "="}, {"__ne__", "!="}, {"__lt__", "<"}, {"__le__", "<="}, {"__gt__", ">"}, {"__ge__", ">="},
        {"__add__", "+"}, {"__sub__", "-"}, {"__mul__", "*"}, {"__truediv__", "/"}, {"__mod__", "%"},
        {"__and__", "AND"}, {"__or__", "OR"}, {"__floordiv__", "/"},
    };
    std::string sql_op;
    for (auto& [name, s] : ops)
        if (name == op) sql_op = s;
    if (sql_op.empty()) return std::nullopt;
    Value rhs = bridge.to_decl(other, in.current_location());
    if (!sqlish(rhs) && !(rhs.is(K::String) || rhs.is(K::Int) || rhs.is(K::Float) || rhs.is(K::Bool) ||
                          rhs.is(K::None) || rhs.is(K::EnumMember)))
        return std::nullopt;
    // Python reflects comparisons (5 < col is col > 5): the operator arrives already reflected.
    if (rhs.is(K::None) && sql_op == "=") sql_op = "IS";
    if (rhs.is(K::None) && sql_op == "!=") sql_op = "IS NOT";
    SourceLocation loc = in.current_location();
    Value self_value = value;
    self_value.loc = loc;  // an error about the operand points at the expression, not at the column's creation
    SqlPtr self_sql = to_sql(bridge.r, self_value, "an expression");
    SqlPtr other_sql = to_sql(bridge.r, rhs, "an expression");
    bool arithmetic = sql_op == "+" || sql_op == "-" || sql_op == "*" || sql_op == "/" || sql_op == "%" ||
                      sql_op == "AND" || sql_op == "OR";
    std::vector<SqlPtr> args = reflected && arithmetic ? std::vector<SqlPtr>{other_sql, self_sql}
                                                       : std::vector<SqlPtr>{self_sql, other_sql};
    return bridge.to_py(sql(node(schema::ClauseKind::Binary, sql_op, std::move(args), loc), loc));
}

std::optional<py::Value> SaObject::unary_op(py::Interpreter& in, std::string_view op) {
    if (!sqlish(value)) return std::nullopt;
    SourceLocation loc = in.current_location();
    if (op == "__invert__")
        return bridge.to_py(sql(node(schema::ClauseKind::Unary, "NOT", {to_sql(bridge.r, value, "~")}, loc), loc));
    if (op == "__neg__")
        return bridge.to_py(sql(node(schema::ClauseKind::Unary, "-", {to_sql(bridge.r, value, "-")}, loc), loc));
    if (op == "__pos__") return bridge.to_py(value);
    return std::nullopt;
}

}  // namespace orm::declarative
