// Core tables, columns and expressions for revisions (see core_objects.hpp).
#include "orm/migrate/core_objects.hpp"

#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::migrate::core {

using declarative::Args;
using K = declarative::Value::Kind;

namespace {

py::Value native(const std::string& name, py::NativeFn fn) { return py::make_native(name, std::move(fn)); }

std::shared_ptr<Node> make_node(Node::Kind kind, std::string op = {}, std::vector<NodePtr> args = {}) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->op = std::move(op);
    n->args = std::move(args);
    return n;
}

// A table object: sa.table(...) / sa.Table(...) / a reflected table.
struct TableObject : py::HostObject {
    TableObject(ScriptRuntime::Impl& r, std::shared_ptr<TableData> d) : rt(r), data(std::move(d)) {}
    ScriptRuntime::Impl& rt;
    std::shared_ptr<TableData> data;
    std::string type_name() const override { return data->clause ? "TableClause" : "Table"; }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override;
    std::string repr(py::Interpreter&) const override { return "table('" + data->table.name + "')"; }
};

// table.c / table.columns.
struct ColumnCollection : py::HostObject {
    explicit ColumnCollection(std::shared_ptr<TableData> d) : data(std::move(d)) {}
    std::shared_ptr<TableData> data;
    std::string type_name() const override { return "ImmutableColumnCollection"; }
    const ColumnObject* find(std::string_view key) const {
        for (auto& c : data->columns)
            if (c->schema_column().key == key || (c->schema_column().key.empty() && c->schema_column().name == key)) return c.get();
        return nullptr;
    }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override {
        if (const ColumnObject* c = find(name)) return py::Value(const_cast<ColumnObject*>(c));
        if (name == "keys")
            return native("ColumnCollection.keys", [d = data](py::Interpreter&, py::CallArgs&) {
                std::vector<py::Value> out;
                for (auto& c : d->columns) out.push_back(py::make_str(c->schema_column().key));
                return py::make_list(std::move(out));
            });
        if (name.substr(0, 2) == "__") return std::nullopt;
        in.raise(in.exc.AttributeError, std::string(name), in.current_location());
    }
    std::optional<py::Value> get_item(py::Interpreter& in, const py::Value& key) override {
        if (auto* s = py::str_of(key)) {
            if (const ColumnObject* c = find(*s)) return py::Value(const_cast<ColumnObject*>(c));
            in.raise(in.exc.KeyError, in.repr(key), in.current_location());
        }
        if (key.is_intlike() && key.as_int() >= 0 && static_cast<std::size_t>(key.as_int()) < data->columns.size())
            return py::Value(data->columns[static_cast<std::size_t>(key.as_int())]);
        return std::nullopt;
    }
    std::optional<py::Value> iter(py::Interpreter&) override {
        std::vector<py::Value> out(data->columns.begin(), data->columns.end());
        return py::make_list(std::move(out));
    }
    std::optional<std::int64_t> len(py::Interpreter&) override { return static_cast<std::int64_t>(data->columns.size()); }
    bool contains(py::Interpreter&, const py::Value& item) override {
        if (auto* s = py::str_of(item)) return find(*s) != nullptr;
        for (auto& c : data->columns)
            if (item.identical(py::Value(c))) return true;
        return false;
    }
};

const char* const kSqlMethods[] = {"in_", "notin_", "not_in", "is_", "isnot", "is_not", "like", "ilike", "notlike",
                                   "not_like", "notilike", "not_ilike", "startswith", "endswith", "contains",
                                   "between", "label", "desc", "asc", "cast", "op", "distinct", "is_distinct_from",
                                   "isnot_distinct_from", "is_not_distinct_from", "concat", "collate", "self_group",
                                   "astext", "nulls_first", "nulls_last"};

bool is_sql_method(std::string_view name) {
    for (const char* m : kSqlMethods)
        if (name == m) return true;
    return false;
}

}  // namespace

// ------------------------------------------------------------------ tables

std::optional<py::Value> TableObject::get_attr(py::Interpreter& in, std::string_view name) {
    const schema::Table& t = data->table;
    if (name == "c" || name == "columns") return py::Value(new ColumnCollection(data));
    if (name == "name") return py::make_str(t.name);
    if (name == "fullname") return py::make_str(t.fullname());
    if (name == "schema") return t.schema ? py::make_str(*t.schema) : py::Value();
    if (name == "primary_key") {
        std::vector<py::Value> cols;
        for (auto& c : data->columns)
            if (c->schema_column().primary_key) cols.push_back(py::Value(c));
        return py::make_list(std::move(cols));
    }
    if (auto m = method(rt, py::Value(this), name)) return m;
    return std::nullopt;
}

namespace {

// The Core table of a mapped class (or of its __table__): its columns are the
// declarative columns themselves, so that Model.attr in an expression is the
// table's column.
std::shared_ptr<TableData> mapped_table(ScriptRuntime::Impl& rt, const py::Value& v) {
    py::Value t = v;
    if (auto* cls = v.as<py::ClassObject>()) {
        const py::Value* tt = cls->lookup("__table__");
        if (!tt) return nullptr;
        t = *tt;
    }
    auto* sa = t.host<declarative::SaObject>();
    if (!sa || !sa->value.is(K::Table)) return nullptr;
    return mapped_table_named(rt, sa->value.text, sa->value.loc);
}

}  // namespace

std::shared_ptr<TableData> mapped_table_named(ScriptRuntime::Impl& rt, const std::string& full, SourceLocation loc) {
    const std::vector<declarative::ColumnPtr>* columns = nullptr;
    if (auto it = rt.reader->table_columns.find(full); it != rt.reader->table_columns.end()) columns = &it->second;
    // A project module runs once, in the first revision that imports it: a
    // later revision using its classes finds their tables among that one's.
    for (auto& [path, models] : rt.revision_models) {
        if (columns && !columns->empty()) break;
        if (auto it = models->table_columns.find(full); it != models->table_columns.end()) columns = &it->second;
    }
    if (!columns || columns->empty()) return nullptr;
    const void* key = columns->front().get();
    if (auto m = rt.mapped_tables.find(key); m != rt.mapped_tables.end())
        return std::static_pointer_cast<TableData>(std::const_pointer_cast<void>(m->second));
    auto data = std::make_shared<TableData>();
    const auto dot = full.rfind('.');
    data->table.name = dot == std::string::npos ? full : full.substr(dot + 1);
    if (dot != std::string::npos) data->table.schema = full.substr(0, dot);
    data->table.loc = loc;
    for (const declarative::ColumnPtr& decl : *columns) {
        declarative::Value cv = declarative::Value::make(K::Column, decl->loc);
        cv.column = decl;
        py::Ref<ColumnObject> col(new ColumnObject(rt, cv));
        col->table = data;
        col->index = data->columns.size();
        data->table.columns.push_back(decl->column);
        if (data->table.columns.back().key.empty()) data->table.columns.back().key = decl->column.name;
        if (decl->column.primary_key) data->table.primary_key.columns.push_back(decl->column.name);
        data->columns.push_back(col);
    }
    rt.mapped_tables[key] = data;
    return data;
}

std::shared_ptr<TableData> table_of(const py::Value& v) {
    if (auto* t = v.host<TableObject>()) return t->data;
    // A mapped class, or its __table__ (a Table a models-style class declared in the revision).
    if (ScriptRuntime::Impl* rt = current_runtime(); rt && (v.as<py::ClassObject>() || v.host<declarative::SaObject>()))
        return mapped_table(*rt, v);
    return nullptr;
}

py::Value table_value(ScriptRuntime::Impl& rt, std::shared_ptr<TableData> data) {
    return py::Value(new TableObject(rt, std::move(data)));
}

py::Ref<ColumnObject> make_column(ScriptRuntime::Impl& rt, const std::string& name, const schema::TypeEngine* type,
                                  SourceLocation loc) {
    auto decl = std::make_shared<declarative::ColumnDecl>();
    decl->column.name = decl->column.key = name;
    decl->column.loc = decl->loc = loc;
    if (type) {
        decl->column.type = *type;
        decl->has_type = true;
    }
    declarative::Value v = declarative::Value::make(K::Column, loc);
    v.column = decl;
    return py::Ref<ColumnObject>(new ColumnObject(rt, v));
}

std::shared_ptr<TableData> make_table(ScriptRuntime::Impl& rt, const std::string& name,
                                      const std::optional<std::string>& schema_name, const std::vector<py::Value>& columns,
                                      SourceLocation loc) {
    auto data = std::make_shared<TableData>();
    data->table.name = name;
    data->table.schema = schema_name;
    data->table.loc = loc;
    for (const py::Value& c : columns) {
        py::Ref<ColumnObject> col;
        if (auto* existing = c.host<ColumnObject>(); existing && !existing->table) {
            col = py::Ref<ColumnObject>(existing);
        } else if (auto* sa = c.host<declarative::SaObject>(); sa && sa->value.is(K::Column)) {
            // A sa.Column(...) of a sa.Table(...): the Core column is its copy.
            const declarative::ColumnDecl& d = *sa->value.column;
            col = make_column(rt, d.column.name, d.has_type ? &d.column.type : nullptr, d.loc);
            schema::Column& sc = col->value.column->column;
            sc.primary_key = d.column.primary_key;
            sc.nullable = d.column.nullable;
            sc.key = d.column.key.empty() ? d.column.name : d.column.key;
        } else {
            continue;   // constraints and indexes of a sa.Table(): Core statements do not need them
        }
        col->table = data;
        col->index = data->columns.size();
        col->value.column->table = data->table.fullname();
        data->table.columns.push_back(col->value.column->column);
        data->columns.push_back(col);
    }
    for (auto& c : data->table.columns)
        if (c.primary_key) data->table.primary_key.columns.push_back(c.name);
    return data;
}

// ------------------------------------------------------------------ columns and expressions

ColumnObject::ColumnObject(ScriptRuntime::Impl& r, declarative::Value v) : SaObject(*r.bridge, std::move(v)), rt(r) {
    rt.core_columns[value.column.get()] = this;
}

ColumnObject::~ColumnObject() {
    auto it = rt.core_columns.find(value.column.get());
    if (it != rt.core_columns.end() && it->second == this) rt.core_columns.erase(it);
}

const schema::Column& ColumnObject::schema_column() const {
    if (table && index < table->table.columns.size()) return table->table.columns[index];
    return value.column->column;
}

std::optional<py::Value> ColumnObject::get_attr(py::Interpreter& in, std::string_view name) {
    ScriptRuntime::Impl* rt = current_runtime();
    if (name == "table") return table && rt ? table_value(*rt, table) : py::Value();
    if (name == "name") return py::make_str(schema_column().name);
    if (name == "key") return py::make_str(schema_column().key.empty() ? schema_column().name : schema_column().key);
    if (rt && is_sql_method(name)) return method(*rt, py::Value(this), name);
    if (rt && (name == "_copy" || name == "copy")) {
        // Column._copy(): the same column for another table; as in SQLAlchemy, foreign keys that
        // belong to a table's constraint (all reflected ones) stay behind.
        py::Ref<ColumnObject> self(this);
        return py::make_native("Column._copy", [self](py::Interpreter&, py::CallArgs& a) {
            auto decl = std::make_shared<declarative::ColumnDecl>();
            decl->column = self->schema_column();
            decl->has_type = self->value.column ? self->value.column->has_type : true;
            decl->nullable_given = true;
            decl->key_given = !decl->column.key.empty() && decl->column.key != decl->column.name;
            decl->loc = a.loc;
            declarative::Value v = declarative::Value::make(declarative::Value::Kind::Column, a.loc);
            v.column = decl;
            return py::Value(new ColumnObject(self->rt, std::move(v)));
        });
    }
    return SaObject::get_attr(in, name);
}

std::optional<py::Value> ColumnObject::binary_op(py::Interpreter& in, std::string_view op, const py::Value& other,
                                                 bool reflected) {
    ScriptRuntime::Impl* rt = current_runtime();
    if (!rt) return SaObject::binary_op(in, op, other, reflected);
    return binary(*rt, py::Value(this), op, other, reflected);
}

std::optional<py::Value> ColumnObject::unary_op(py::Interpreter& in, std::string_view op) {
    ScriptRuntime::Impl* rt = current_runtime();
    if (!rt) return SaObject::unary_op(in, op);
    NodePtr self = node_of(*rt, py::Value(this));
    if (op == "__invert__") return expr_value(*rt, make_node(Node::Kind::Unary, "NOT", {self}));
    if (op == "__neg__") return expr_value(*rt, make_node(Node::Kind::Unary, "-", {self}));
    if (op == "__pos__") return py::Value(this);
    return std::nullopt;
}

std::string ColumnObject::repr(py::Interpreter&) const {
    return "Column('" + schema_column().name + "', table=<" + (table ? table->table.name : std::string()) + ">)";
}

std::optional<py::Value> ExprObject::get_attr(py::Interpreter& in, std::string_view name) {
    ScriptRuntime::Impl* rt = current_runtime();
    if (rt && is_sql_method(name)) return method(*rt, py::Value(this), name);
    if (name == "name" && node->kind == Node::Kind::Label) return py::make_str(node->name);
    return SaObject::get_attr(in, name);
}

std::optional<py::Value> ExprObject::binary_op(py::Interpreter& in, std::string_view op, const py::Value& other,
                                               bool reflected) {
    ScriptRuntime::Impl* rt = current_runtime();
    if (!rt) return SaObject::binary_op(in, op, other, reflected);
    return binary(*rt, py::Value(this), op, other, reflected);
}

std::optional<py::Value> ExprObject::unary_op(py::Interpreter& in, std::string_view op) {
    ScriptRuntime::Impl* rt = current_runtime();
    if (!rt) return SaObject::unary_op(in, op);
    if (op == "__invert__") return expr_value(*rt, make_node(Node::Kind::Unary, "NOT", {node}));
    if (op == "__neg__") return expr_value(*rt, make_node(Node::Kind::Unary, "-", {node}));
    return std::nullopt;
}

bool ExprObject::truthy(py::Interpreter&) const { return true; }

NodePtr node_of(ScriptRuntime::Impl& rt, const py::Value& v) {
    if (auto* c = v.host<ColumnObject>()) {
        auto n = make_node(Node::Kind::Column);
        n->column = py::Ref<ColumnObject>(c);
        return n;
    }
    if (auto* e = v.host<ExprObject>()) return e->node;
    if (auto* sa = v.host<declarative::SaObject>(); sa && sa->value.is(K::Column) && sa->value.column &&
                                                   !sa->value.column->table.empty() &&
                                                   !rt.core_columns.count(sa->value.column.get())) {
        // A mapped class's column (Model.attr) before its table was used as a whole: its Core table now.
        mapped_table_named(rt, sa->value.column->table, sa->value.loc);
        if (auto it = rt.core_columns.find(sa->value.column.get()); it != rt.core_columns.end()) {
            auto n = make_node(Node::Kind::Column);
            n->column = py::Ref<ColumnObject>(const_cast<ColumnObject*>(static_cast<const ColumnObject*>(it->second)));
            return n;
        }
    }
    if (auto* sa = v.host<declarative::SaObject>(); sa && (sa->value.is(K::Sql) || sa->value.is(K::Column))) {
        auto n = make_node(Node::Kind::Sql);
        n->decl = sa->value;
        return n;
    }
    if (v.is_none()) return make_node(Node::Kind::Null);
    auto n = make_node(Node::Kind::Value);
    n->value = v;
    return n;
}

namespace {

// The declarative view of a node: what a models file would make of the same
// expression (sa.column('x') >= 0 in a check constraint). Null where a value
// has no such view (a datetime bound in a WHERE).
std::optional<declarative::Value> decl_of(ScriptRuntime::Impl& rt, const NodePtr& n, SourceLocation loc) {
    using declarative::SqlNode;
    auto sql = [&](schema::ClauseKind kind, std::string text, std::vector<declarative::SqlPtr> args) {
        auto s = std::make_shared<SqlNode>();
        s->kind = kind;
        s->text = std::move(text);
        s->args = std::move(args);
        s->loc = loc;
        declarative::Value v = declarative::Value::make(K::Sql, loc);
        v.sql = s;
        return v;
    };
    auto sub = [&](const NodePtr& a) -> declarative::SqlPtr {
        auto d = decl_of(rt, a, loc);
        if (!d) return nullptr;
        try {
            return declarative::to_sql(*rt.reader, *d, "an expression");
        } catch (const InputError&) {
            return nullptr;
        }
    };
    switch (n->kind) {
        case Node::Kind::Column: return n->column->value;
        case Node::Kind::Sql: return n->decl;
        case Node::Kind::Value: {
            declarative::Value d = rt.bridge->to_decl(n->value, loc);
            if (d.is(K::String) || d.is(K::Int) || d.is(K::Float) || d.is(K::Bool) || d.is(K::None)) return d;
            return std::nullopt;
        }
        case Node::Kind::Null: return sql(schema::ClauseKind::Null, "", {});
        case Node::Kind::True: return sql(schema::ClauseKind::True, "", {});
        case Node::Kind::False: return sql(schema::ClauseKind::False, "", {});
        case Node::Kind::Text: return sql(schema::ClauseKind::Text, n->op, {});
        case Node::Kind::Binary: case Node::Kind::BoolList: {
            std::vector<declarative::SqlPtr> args;
            for (auto& a : n->args) {
                auto s = sub(a);
                if (!s) return std::nullopt;
                args.push_back(s);
            }
            if (n->kind == Node::Kind::BoolList) {
                if (args.empty()) return std::nullopt;
                declarative::SqlPtr acc = args[0];
                for (size_t i = 1; i < args.size(); ++i) acc = sql(schema::ClauseKind::Binary, n->op, {acc, args[i]}).sql;
                declarative::Value v = declarative::Value::make(K::Sql, loc);
                v.sql = acc;
                return v;
            }
            return sql(schema::ClauseKind::Binary, n->op, std::move(args));
        }
        case Node::Kind::Unary: {
            auto s = sub(n->args[0]);
            if (!s) return std::nullopt;
            return sql(schema::ClauseKind::Unary, n->op, {s});
        }
        case Node::Kind::Ordering: {
            auto s = sub(n->args[0]);
            if (!s) return std::nullopt;
            return sql(n->op == "DESC" ? schema::ClauseKind::Desc : schema::ClauseKind::Asc, "", {s});
        }
        case Node::Kind::Function: {
            std::vector<declarative::SqlPtr> args;
            for (auto& a : n->args) {
                auto s = sub(a);
                if (!s) return std::nullopt;
                args.push_back(s);
            }
            return sql(schema::ClauseKind::Function, n->op, std::move(args));
        }
        case Node::Kind::Label: return decl_of(rt, n->args[0], loc);
        default: return std::nullopt;
    }
}

std::string comparison(std::string_view op) {
    static const std::vector<std::pair<std::string_view, std::string>> ops = {
        {"__eq__", "="}, {"__ne__", "!="}, {"__lt__", "<"}, {"__le__", "<="}, {"__gt__", ">"}, {"__ge__", ">="},
    };
    for (auto& [name, sql] : ops)
        if (name == op) return sql;
    return {};
}

std::string reflected_comparison(const std::string& op) {
    if (op == "<") return ">";
    if (op == "<=") return ">=";
    if (op == ">") return "<";
    if (op == ">=") return "<=";
    return op;
}

std::string arithmetic(std::string_view op) {
    static const std::vector<std::pair<std::string_view, std::string>> ops = {
        {"__add__", "+"}, {"__sub__", "-"}, {"__mul__", "*"}, {"__truediv__", "/"}, {"__floordiv__", "/"},
        {"__mod__", "%"}, {"__and__", "AND"}, {"__or__", "OR"},
    };
    for (auto& [name, sql] : ops)
        if (name == op) return sql;
    return {};
}

}  // namespace

py::Value expr_value(ScriptRuntime::Impl& rt, NodePtr n) {
    SourceLocation loc = rt.in->current_location();
    auto decl = decl_of(rt, n, loc);
    declarative::Value v = decl ? *decl : declarative::Value::make(K::Opaque, loc);
    if (!decl) v.text = "a SQL expression with bound values";
    return py::Value(new ExprObject(*rt.bridge, v, std::move(n)));
}

std::optional<py::Value> binary(ScriptRuntime::Impl& rt, const py::Value& self, std::string_view op,
                                const py::Value& other, bool reflected) {
    NodePtr l = node_of(rt, self);
    NodePtr r = node_of(rt, other);
    if (std::string cmp = comparison(op); !cmp.empty()) {
        if (r->kind == Node::Kind::Null) cmp = cmp == "=" ? "IS" : cmp == "!=" ? "IS NOT" : cmp;
        if (reflected) cmp = reflected_comparison(cmp);
        return expr_value(rt, make_node(Node::Kind::Binary, cmp, {l, r}));
    }
    std::string a = arithmetic(op);
    if (a.empty()) return std::nullopt;
    if (a == "AND" || a == "OR")
        return expr_value(rt, make_node(Node::Kind::BoolList, a, reflected ? std::vector<NodePtr>{r, l} : std::vector<NodePtr>{l, r}));
    return expr_value(rt, make_node(Node::Kind::Binary, a, reflected ? std::vector<NodePtr>{r, l} : std::vector<NodePtr>{l, r}));
}

std::optional<py::Value> method(ScriptRuntime::Impl& rt, const py::Value& self, std::string_view name_view) {
    std::string name(name_view);
    ScriptRuntime::Impl* r = &rt;
    if (self.host<TableObject>()) {
        if (name != "insert" && name != "update" && name != "delete" && name != "select" && name != "alias") return std::nullopt;
        return native("Table." + name, [r, self, name](py::Interpreter& in, py::CallArgs& a) {
            py::Value fn = in.getattr(py::Value(in.import_module("sqlalchemy", a.loc)), name == "alias" ? "alias" : name, a.loc);
            py::CallArgs call = a;
            call.pos.insert(call.pos.begin(), self);
            return in.call(fn, call);
        });
    }
    return native("ColumnOperators." + name, [r, self, name](py::Interpreter& in, py::CallArgs& a) -> py::Value {
        NodePtr me = node_of(*r, self);
        auto one = [&](const char* what) {
            if (a.pos.size() != 1) in.raise(in.exc.TypeError, name + "() takes exactly one argument (" + what + ")", a.loc);
            return node_of(*r, a.pos[0]);
        };
        if (name == "in_" || name == "notin_" || name == "not_in") {
            std::vector<NodePtr> items = {me};
            if (a.pos.size() != 1) in.raise(in.exc.TypeError, name + "() takes one collection", a.loc);
            for (auto& x : in.to_vector(a.pos[0], a.loc)) items.push_back(node_of(*r, x));
            return expr_value(*r, make_node(Node::Kind::InList, name == "in_" ? "IN" : "NOT IN", std::move(items)));
        }
        if (name == "is_" || name == "isnot" || name == "is_not")
            return expr_value(*r, make_node(Node::Kind::Binary, name == "is_" ? "IS" : "IS NOT", {me, one("the value")}));
        if (name == "is_distinct_from" || name == "isnot_distinct_from" || name == "is_not_distinct_from")
            return expr_value(*r, make_node(Node::Kind::Binary,
                                            name == "is_distinct_from" ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM",
                                            {me, one("the value")}));
        if (name == "like" || name == "ilike" || name == "notlike" || name == "not_like" || name == "notilike" || name == "not_ilike") {
            bool neg = name.find("not") != std::string::npos;
            bool i = name.find("ilike") != std::string::npos;
            return expr_value(*r, make_node(Node::Kind::Binary, std::string(neg ? "NOT " : "") + (i ? "ILIKE" : "LIKE"),
                                            {me, one("the pattern")}));
        }
        if (name == "startswith" || name == "endswith" || name == "contains") {
            auto n = make_node(Node::Kind::Binary, "LIKE", {me, one("the text")});
            n->name = name;   // the pattern gets its '%' when compiled
            return expr_value(*r, n);
        }
        if (name == "between") {
            if (a.pos.size() != 2) in.raise(in.exc.TypeError, "between() takes the two bounds", a.loc);
            return expr_value(*r, make_node(Node::Kind::Between, "BETWEEN", {me, node_of(*r, a.pos[0]), node_of(*r, a.pos[1])}));
        }
        if (name == "label") {
            auto n = make_node(Node::Kind::Label, "", {me});
            const std::string* s = a.pos.empty() ? nullptr : py::str_of(a.pos[0]);
            n->name = s ? *s : "anon_1";
            return expr_value(*r, n);
        }
        if (name == "desc" || name == "asc" || name == "nulls_first" || name == "nulls_last")
            return expr_value(*r, make_node(Node::Kind::Ordering, name == "desc" ? "DESC" : name == "asc" ? "ASC"
                                                                  : name == "nulls_first" ? "NULLS FIRST" : "NULLS LAST", {me}));
        if (name == "distinct") return expr_value(*r, make_node(Node::Kind::Unary, "DISTINCT ", {me}));
        if (name == "cast") {
            auto n = make_node(Node::Kind::Cast, "", {me});
            if (a.pos.empty()) in.raise(in.exc.TypeError, "cast() takes a type", a.loc);
            n->type = std::make_shared<schema::TypeEngine>(r->bridge->type_of(a.pos[0], a.loc));
            return expr_value(*r, n);
        }
        if (name == "op") {
            const std::string* s = a.pos.empty() ? nullptr : py::str_of(a.pos[0]);
            if (!s) in.raise(in.exc.TypeError, "op() takes the operator as a string", a.loc);
            std::string opname = *s;
            return native("op." + opname, [r, me, opname](py::Interpreter& in, py::CallArgs& b) {
                if (b.pos.size() != 1) in.raise(in.exc.TypeError, "an operator takes one operand", b.loc);
                return expr_value(*r, make_node(Node::Kind::Binary, opname, {me, node_of(*r, b.pos[0])}));
            });
        }
        if (name == "concat") return expr_value(*r, make_node(Node::Kind::Binary, "||", {me, one("the text")}));
        if (name == "self_group" || name == "collate") return self;
        if (name == "astext") return expr_value(*r, make_node(Node::Kind::Unary, "ASTEXT", {me}));
        in.raise(in.exc.NotImplementedError, name + "() is not implemented by orm for Core expressions", a.loc);
    });
}

}  // namespace orm::migrate::core

namespace orm::migrate {

namespace py = orm::python;

std::optional<TableRef> core_table_ref(const python::Value& table) {
    if (auto data = core::table_of(table)) return TableRef{data->table.name, data->table.schema};
    return std::nullopt;
}

const schema::Table* core_table_schema(const python::Value& table) {
    if (auto data = core::table_of(table)) return &data->table;
    return nullptr;
}

python::Value core_table_for(ScriptRuntime::Impl& rt, const schema::Table& table) {
    std::vector<py::Value> cols;
    for (const auto& c : table.columns) {
        py::Ref<core::ColumnObject> col = core::make_column(rt, c.name, &c.type, c.loc);
        col->value.column->column.primary_key = c.primary_key;
        col->value.column->column.nullable = c.nullable;
        cols.push_back(py::Value(col));
    }
    return core::table_value(rt, core::make_table(rt, table.name, table.schema, cols, table.loc));
}

}  // namespace orm::migrate
