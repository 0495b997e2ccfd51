// SQLAlchemy Core's statements and constructors as revisions call them:
// sa.table/sa.column, sa.Table (declared, or reflected with autoload_with),
// text() with bind parameters, select/insert/update/delete and their
// generative methods, and_/or_/not_, literal, literal_column, bindparam,
// case, null/true/false. A statement compiles through the sql layer's
// constructs and the dialect's statement compiler; every value is bound.
#include <functional>
#include <set>

#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/core_objects.hpp"
#include "orm/session/query.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::migrate::core {

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

[[noreturn]] void fail(const std::string& message, SourceLocation loc) {
    if (loc.file) throw InputError(message, loc.file->shared_from_this(), loc);
    throw InputError(message);
}

// Positional arguments, a single list or tuple among them spread (select([a, b]) as select(a, b)).
std::vector<py::Value> spread(py::Interpreter& in, const std::vector<py::Value>& pos, SourceLocation loc) {
    if (pos.size() == 1 && (pos[0].is(py::ObjKind::List) || pos[0].is(py::ObjKind::Tuple))) return in.to_vector(pos[0], loc);
    return pos;
}

// text("..."): to declarative code the TextClause it is (a server_default),
// to Core a statement or expression with bound parameters.
struct TextObject : declarative::SaObject {
    TextObject(ScriptRuntime::Impl& r, declarative::Value v, std::string t)
        : SaObject(*r.bridge, std::move(v)), rt(r), text(std::move(t)) {}
    ScriptRuntime::Impl& rt;
    std::string text;
    std::vector<std::pair<std::string, py::Value>> binds;   // bindparams(name=value)
    std::string type_name() const override { return "TextClause"; }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override {
        py::Ref<TextObject> self(this);
        if (name == "bindparams")
            return native("TextClause.bindparams", [self](py::Interpreter& in, py::CallArgs& a) {
                py::Ref<TextObject> copy(new TextObject(self->rt, self->value, self->text));
                copy->binds = self->binds;
                for (auto& [k, v] : a.kw) copy->binds.emplace_back(k, v);
                for (auto& p : a.pos)
                    if (auto* e = p.host<ExprObject>(); e && e->node->kind == Node::Kind::Param)
                        copy->binds.emplace_back(e->node->name, e->node->value);
                return py::Value(copy);
            });
        if (name == "columns" || name == "execution_options")
            return native("TextClause." + std::string(name), [self](py::Interpreter&, py::CallArgs&) { return py::Value(self); });
        if (auto m = method(rt, py::Value(this), name)) return m;
        return SaObject::get_attr(in, name);
    }
};

// select / insert / update / delete, generative as in SQLAlchemy: each method returns a changed copy.
struct StatementObject : py::HostObject {
    enum class Kind { Select, Insert, Update, Delete } kind = Kind::Select;
    explicit StatementObject(ScriptRuntime::Impl& r) : rt(r) {}
    ScriptRuntime::Impl& rt;
    std::shared_ptr<TableData> table;                        // the DML target
    std::vector<py::Value> columns;                          // select's columns
    std::vector<std::shared_ptr<TableData>> from;            // select_from
    struct JoinSpec {
        std::shared_ptr<TableData> table;
        NodePtr on;
        bool outer = false;
    };
    std::vector<JoinSpec> joins;                             // .join() / .outerjoin() onto the first FROM table
    std::vector<NodePtr> where, order_by, group_by;
    std::optional<std::int64_t> limit, offset;
    bool distinct = false;
    std::vector<std::pair<std::string, py::Value>> values;   // insert/update .values(k=v)
    std::vector<std::vector<std::pair<std::string, py::Value>>> rows;   // insert().values([{...}, ...])
    std::vector<py::Value> returning;
    // insert().from_select(names, select): INSERT INTO t (names) SELECT ...
    std::vector<std::string> from_select_names;
    py::Value from_select;

    std::string type_name() const override {
        switch (kind) {
            case Kind::Select: return "Select";
            case Kind::Insert: return "Insert";
            case Kind::Update: return "Update";
            case Kind::Delete: return "Delete";
        }
        return "Executable";
    }
    py::Ref<StatementObject> copy() const {
        py::Ref<StatementObject> c(new StatementObject(rt));
        c->kind = kind; c->table = table; c->columns = columns; c->from = from; c->joins = joins; c->where = where;
        c->order_by = order_by; c->group_by = group_by; c->limit = limit; c->offset = offset;
        c->distinct = distinct; c->values = values; c->rows = rows; c->returning = returning;
        c->from_select_names = from_select_names; c->from_select = from_select;
        return c;
    }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override;
};

void add_values(py::Interpreter& in, StatementObject& s, py::CallArgs& a) {
    for (auto& [k, v] : a.kw) s.values.emplace_back(k, v);
    for (auto& p : a.pos) {
        if (auto* d = p.as<py::DictObject>()) {
            d->for_each([&](const py::Value& k, const py::Value& v) {
                if (auto* c = k.host<ColumnObject>()) s.values.emplace_back(c->schema_column().key, v);
                else s.values.emplace_back(in.str(k), v);
            });
        } else if (p.is(py::ObjKind::List) || p.is(py::ObjKind::Tuple)) {
            for (auto& row : in.to_vector(p, a.loc)) {
                auto* d = row.as<py::DictObject>();
                if (!d) in.raise(in.exc.TypeError, "values() takes dicts of column values", a.loc);
                std::vector<std::pair<std::string, py::Value>> r;
                d->for_each([&](const py::Value& k, const py::Value& v) { r.emplace_back(in.str(k), v); });
                s.rows.push_back(std::move(r));
            }
        } else {
            in.raise(in.exc.TypeError, "values() takes keyword arguments or a dict", a.loc);
        }
    }
}

// The table a select's joins start from: the first select_from() table, else the first column's.
std::shared_ptr<TableData> left_table(const StatementObject& s) {
    if (!s.from.empty()) return s.from.front();
    for (auto& c : s.columns) {
        if (auto t = table_of(c)) return t;
        if (auto* col = c.host<ColumnObject>(); col && col->table) return col->table;
        if (auto* sa = c.host<declarative::SaObject>(); sa && sa->value.is(K::Column))
            if (ScriptRuntime::Impl* rt = current_runtime())
                if (auto it = rt->core_columns.find(sa->value.column.get()); it != rt->core_columns.end())
                    if (auto* col = static_cast<const ColumnObject*>(it->second); col->table) return col->table;
    }
    return nullptr;
}

// The ON clause SQLAlchemy infers between two tables: the one foreign key between them.
NodePtr inferred_on(ScriptRuntime::Impl& rt, const TableData& left, const TableData& right, SourceLocation loc) {
    auto column = [](const TableData& t, const std::string& name) -> py::Value {
        for (auto& c : t.columns)
            if (c->schema_column().name == name) return py::Value(c);
        return py::Value();
    };
    auto links = [&](const TableData& from, const TableData& to) -> NodePtr {
        std::vector<NodePtr> terms;
        for (auto& fk : from.table.foreign_keys)
            if (fk.referred_table == to.table.name)
                for (size_t i = 0; i < fk.columns.size() && i < fk.referred_columns.size(); ++i)
                    terms.push_back(make_node(Node::Kind::Binary, "=", {node_of(rt, column(from, fk.columns[i])),
                                                                         node_of(rt, column(to, fk.referred_columns[i]))}));
        for (auto& c : from.columns) {
            if (!c->value.column) continue;
            for (auto& fk : c->value.column->foreign_keys) {
                const auto dot = fk.target.rfind('.');
                if (dot == std::string::npos || fk.target.substr(0, dot) != to.table.fullname()) continue;
                terms.push_back(make_node(Node::Kind::Binary, "=", {node_of(rt, py::Value(c)),
                                                                     node_of(rt, column(to, fk.target.substr(dot + 1)))}));
            }
        }
        if (terms.empty()) return nullptr;
        return terms.size() == 1 ? terms[0] : make_node(Node::Kind::BoolList, "AND", std::move(terms));
    };
    if (NodePtr on = links(right, left)) return on;
    if (NodePtr on = links(left, right)) return on;
    fail("Can't find any foreign key relationships between '" + left.table.name + "' and '" + right.table.name + "'", loc);
}

void add_join(ScriptRuntime::Impl& rt, StatementObject& s, py::CallArgs& a, const std::string& name) {
    std::size_t first = 0;
    if (name == "join_from" || name == "outerjoin_from") {
        if (a.pos.empty() || !table_of(a.pos[0])) fail(name + "() takes the left table first", a.loc);
        if (s.from.empty()) s.from.push_back(table_of(a.pos[0]));
        first = 1;
    }
    std::shared_ptr<TableData> right = a.pos.size() > first ? table_of(a.pos[first]) : nullptr;
    if (!right) fail(name + "() takes a table or a mapped class", a.loc);
    StatementObject::JoinSpec j;
    j.table = right;
    const py::Value* on = a.pos.size() > first + 1 ? &a.pos[first + 1] : a.kwarg("onclause");
    if (on && !on->is_none()) {
        j.on = node_of(rt, *on);
    } else {
        std::shared_ptr<TableData> left = left_table(s);
        if (!left) fail(name + "(): no table to join from", a.loc);
        j.on = inferred_on(rt, *left, *right, a.loc);
    }
    const py::Value* outer = a.kwarg("isouter");
    j.outer = name.find("outer") != std::string::npos || (outer && rt.in->truthy(*outer, a.loc));
    s.joins.push_back(std::move(j));
}

std::optional<py::Value> StatementObject::get_attr(py::Interpreter& in, std::string_view name_view) {
    std::string name(name_view);
    py::Ref<StatementObject> self(this);
    ScriptRuntime::Impl* r = &rt;
    auto gen = [&](std::function<void(StatementObject&, py::CallArgs&)> f) {
        return native(type_name() + "." + name, [self, f](py::Interpreter&, py::CallArgs& a) {
            py::Ref<StatementObject> c = self->copy();
            f(*c, a);
            return py::Value(c);
        });
    };
    if (name == "where" || name == "filter")
        return gen([r](StatementObject& s, py::CallArgs& a) { for (auto& p : a.pos) s.where.push_back(node_of(*r, p)); });
    if (name == "values")
        return gen([r](StatementObject& s, py::CallArgs& a) { add_values(*r->in, s, a); });
    if (name == "order_by")
        return gen([r](StatementObject& s, py::CallArgs& a) { for (auto& p : a.pos) s.order_by.push_back(node_of(*r, p)); });
    if (name == "group_by")
        return gen([r](StatementObject& s, py::CallArgs& a) { for (auto& p : a.pos) s.group_by.push_back(node_of(*r, p)); });
    if (name == "limit" || name == "offset")
        return gen([name](StatementObject& s, py::CallArgs& a) {
            if (a.pos.size() != 1 || !a.pos[0].is_int()) return;
            (name == "limit" ? s.limit : s.offset) = a.pos[0].as_int();
        });
    if (name == "distinct") return gen([](StatementObject& s, py::CallArgs&) { s.distinct = true; });
    if (name == "select_from")
        return gen([r](StatementObject& s, py::CallArgs& a) {
            for (auto& p : a.pos)
                if (auto t = table_of(p)) s.from.push_back(t);
                else r->in->raise(r->in->exc.NotImplementedError, "select_from() takes tables in orm", a.loc);
        });
    if (name == "join" || name == "outerjoin" || name == "join_from" || name == "outerjoin_from")
        return gen([r, name](StatementObject& s, py::CallArgs& a) { add_join(*r, s, a, name); });
    if (name == "with_only_columns")
        return gen([r](StatementObject& s, py::CallArgs& a) { s.columns = spread(*r->in, a.pos, a.loc); });
    if (name == "column" || name == "add_columns")
        return gen([](StatementObject& s, py::CallArgs& a) { for (auto& p : a.pos) s.columns.push_back(p); });
    if (name == "returning")
        return gen([](StatementObject& s, py::CallArgs& a) { for (auto& p : a.pos) s.returning.push_back(p); });
    if (name == "from_select")
        return gen([r](StatementObject& s, py::CallArgs& a) {
            if (a.pos.size() < 2) r->in->raise(r->in->exc.TypeError, "from_select() takes the column names and a select", a.loc);
            for (auto& n : r->in->to_vector(a.pos[0], a.loc)) {
                if (auto* c = n.host<ColumnObject>()) s.from_select_names.push_back(c->schema_column().name);
                else s.from_select_names.push_back(r->in->str(n));
            }
            s.from_select = a.pos[1];
        });
    if (name == "execution_options" || name == "inline" || name == "correlate" || name == "params")
        return gen([](StatementObject&, py::CallArgs&) {});
    if (name == "table") return table ? table_value(rt, table) : py::Value();
    return std::nullopt;
}

std::shared_ptr<TableData> dml_table(ScriptRuntime::Impl& rt, py::CallArgs& a, const std::string& what) {
    if (a.pos.empty()) rt.in->raise(rt.in->exc.TypeError, what + "() takes the table first", a.loc);
    auto t = table_of(a.pos[0]);
    if (!t) fail(what + "() takes a table made by sa.table() or sa.Table()", a.loc);
    return t;
}

py::Value statement(ScriptRuntime::Impl& rt, StatementObject::Kind kind, py::CallArgs& a) {
    py::Ref<StatementObject> s(new StatementObject(rt));
    s->kind = kind;
    switch (kind) {
        case StatementObject::Kind::Select: {
            s->columns = spread(*rt.in, a.pos, a.loc);
            if (const py::Value* w = a.kwarg("whereclause")) s->where.push_back(node_of(rt, *w));
            break;
        }
        case StatementObject::Kind::Insert: case StatementObject::Kind::Update: case StatementObject::Kind::Delete: {
            s->table = dml_table(rt, a, kind == StatementObject::Kind::Insert ? "insert"
                                        : kind == StatementObject::Kind::Update ? "update" : "delete");
            if (const py::Value* w = a.arg("whereclause", 1); w && kind != StatementObject::Kind::Insert && !w->is_none())
                s->where.push_back(node_of(rt, *w));
            if (const py::Value* v = a.kwarg("values"); v && !v->is_none()) {
                py::CallArgs va;
                va.pos.push_back(*v);
                va.loc = a.loc;
                add_values(*rt.in, *s, va);
            }
            break;
        }
    }
    return py::Value(s);
}

// sa.Table(name, metadata, *columns, schema=..., autoload_with=bind): a Core
// table; with autoload_with (or no columns, after metadata.reflect()), its
// columns are the database's.
py::Value table_constructor(ScriptRuntime::Impl& rt, py::CallArgs& a) {
    py::Interpreter& in = *rt.in;
    if (a.pos.empty()) in.raise(in.exc.TypeError, "Table() takes a name and a MetaData", a.loc);
    const std::string* name = py::str_of(a.pos[0]);
    if (!name) in.raise(in.exc.TypeError, "Table() takes the table name first", a.loc);
    std::optional<std::string> schema_name;
    if (const py::Value* s = a.kwarg("schema"); s && !s->is_none()) schema_name = in.str(*s);
    std::vector<py::Value> cols(a.pos.size() > 2 ? a.pos.begin() + 2 : a.pos.end(), a.pos.end());
    const py::Value* autoload = a.kwarg("autoload_with");
    if (!autoload) autoload = a.kwarg("bind");
    const bool reflected = cols.empty() && a.pos.size() > 1 && metadata_reflected(rt, a.pos[1], *name, schema_name);
    if ((autoload && !autoload->is_none()) || (cols.empty() && a.kwarg("autoload")) || reflected) {
        OpContext& ctx = rt.context_for("Table(autoload_with=...)", a.loc);
        engine::Connection* conn = ctx.connection();
        if (!conn) fail("Table(autoload_with=...) reflects the database, which an offline (--sql) run has not", a.loc);
        return reflected_table(rt, *conn, *name, schema_name, a.loc);
    }
    return table_value(rt, make_table(rt, *name, schema_name, cols, a.loc));
}

const schema::Column* table_column(const TableData& t, const std::string& key, SourceLocation loc) {
    for (auto& c : t.table.columns)
        if (c.key == key || (c.key.empty() && c.name == key)) return &c;
    fail("Unconsumed column names: " + key + " (table '" + t.table.fullname() + "' has no such column)", loc);
}

// The (key, value) pairs an INSERT or UPDATE sets: .values(...), else the
// execution's parameters that name columns (not those bindparam() takes).
std::vector<std::pair<std::string, py::Value>> set_values(ScriptRuntime::Impl& rt, const StatementObject& s) {
    if (!s.values.empty()) return s.values;
    std::vector<std::pair<std::string, py::Value>> out;
    std::set<std::string> params;
    std::function<void(const NodePtr&)> walk = [&](const NodePtr& n) {
        if (n->kind == Node::Kind::Param) params.insert(n->name);
        for (auto& a : n->args) walk(a);
    };
    for (auto& w : s.where) walk(w);
    if (auto* d = rt.compile_params.as<py::DictObject>())
        d->for_each([&](const py::Value& k, const py::Value& v) {
            std::string key = rt.in->str(k);
            if (params.count(key)) return;
            for (auto& c : s.table->table.columns)
                if (c.key == key || c.name == key) out.emplace_back(key, v);
        });
    return out;
}

sql::ExprPtr value_expr(ScriptRuntime::Impl& rt, const TableData& t, const schema::Column& col, const py::Value& v,
                        SourceLocation loc) {
    sql::ExprPtr target = sql::column(t.table, col);
    return to_sql(rt, node_of(rt, v), loc, target);
}

sql::Select compile_select(ScriptRuntime::Impl& rt, const StatementObject& s, SourceLocation loc) {
    sql::Select out;
    for (auto& c : s.columns) {
        if (auto t = table_of(c)) {
            for (auto& col : t->columns) out.columns.push_back(to_sql(rt, node_of(rt, py::Value(col)), loc));
            continue;
        }
        out.columns.push_back(to_sql(rt, node_of(rt, c), loc));
    }
    for (auto& t : s.from) out.from.emplace_back(&t->table);
    if (!s.joins.empty()) {
        // The joins hang off the first FROM table (the first column's table when none was given).
        if (out.from.empty()) {
            std::shared_ptr<TableData> left = left_table(s);
            if (!left) fail("a join with no table to join from", loc);
            out.from.emplace_back(&left->table);
        }
        for (auto& j : s.joins) out.from.front().joins.emplace_back(&j.table->table, to_sql(rt, j.on, loc), j.outer);
    }
    for (auto& w : s.where) out.where.push_back(to_sql(rt, w, loc));
    for (auto& o : s.order_by) out.order_by.push_back(to_sql(rt, o, loc));
    for (auto& g : s.group_by) out.group_by.push_back(to_sql(rt, g, loc));
    out.limit = s.limit;
    out.offset = s.offset;
    out.distinct = s.distinct;
    return out;
}

sql::CompiledStatement compile_dml(ScriptRuntime::Impl& rt, const StatementObject& s, const sql::SQLCompiler& c,
                                   SourceLocation loc) {
    const TableData& t = *s.table;
    if (s.kind == StatementObject::Kind::Insert && !s.from_select.is_none()) {
        // INSERT INTO t (cols) SELECT ...: the SELECT compiled, its parameters renumbered after none.
        auto* sel = s.from_select.host<StatementObject>();
        if (!sel || sel->kind != StatementObject::Kind::Select) fail("from_select() takes a select()", loc);
        sql::CompiledStatement select = c.compile(compile_select(rt, *sel, loc));
        std::string cols;
        for (auto& n : s.from_select_names) cols += (cols.empty() ? "" : ", ") + c.ddl().quote(table_column(t, n, loc)->name);
        select.sql = "INSERT INTO " + c.ddl().format_table(t.table) + " (" + cols + ") " + select.sql;
        return select;
    }
    if (s.kind == StatementObject::Kind::Insert) {
        sql::Insert ins;
        ins.table = &t.table;
        std::vector<std::vector<std::pair<std::string, py::Value>>> rows = s.rows;
        if (rows.empty()) {
            auto one = set_values(rt, s);
            if (!one.empty()) rows.push_back(one);
        }
        if (!rows.empty()) {
            for (auto& [key, v] : rows[0]) ins.columns.push_back(table_column(t, key, loc));
            for (auto& row : rows) {
                std::vector<sql::ExprPtr> exprs;
                for (size_t i = 0; i < ins.columns.size(); ++i) {
                    const py::Value* v = nullptr;
                    for (auto& [key, value] : row)
                        if (key == rows[0][i].first) v = &value;
                    exprs.push_back(v ? value_expr(rt, t, *ins.columns[i], *v, loc) : sql::null());
                }
                ins.rows.push_back(std::move(exprs));
            }
        }
        for (auto& r : s.returning)
            if (auto* col = r.host<ColumnObject>()) ins.returning.push_back(&col->schema_column());
        return c.compile(ins);
    }
    if (s.kind == StatementObject::Kind::Update) {
        sql::Update up;
        up.table = &t.table;
        for (auto& [key, v] : set_values(rt, s)) {
            const schema::Column* col = table_column(t, key, loc);
            up.values.emplace_back(col, value_expr(rt, t, *col, v, loc));
        }
        if (up.values.empty()) fail("an UPDATE without values: give .values(...) or the parameters", loc);
        for (auto& w : s.where) up.where.push_back(to_sql(rt, w, loc));
        return c.compile(up);
    }
    sql::Delete del;
    del.table = &t.table;
    for (auto& w : s.where) del.where.push_back(to_sql(rt, w, loc));
    return c.compile(del);
}

dialect::Params bound(const sql::CompiledStatement& cs, const dialect::Dialect& d) {
    dialect::Params out;
    for (auto& p : cs.params) out.push_back(session::bind_value(p, d));
    return out;
}

}  // namespace

std::optional<Compiled> compile_statement(ScriptRuntime::Impl& rt, const py::Value& v, const dialect::Dialect& d,
                                          SourceLocation loc) {
    const sql::SQLCompiler& c = d.shared_statement_compiler();
    try {
        if (auto* text = v.host<TextObject>()) {
            std::vector<std::pair<std::string, sql::ExprPtr>> binds;
            for (auto& [name, value] : text->binds) binds.emplace_back(name, to_sql(rt, node_of(rt, value), loc));
            if (auto* params = rt.compile_params.as<py::DictObject>())
                params->for_each([&](const py::Value& k, const py::Value& value) {
                    binds.emplace_back(rt.in->str(k), to_sql(rt, node_of(rt, value), loc));
                });
            sql::CompiledStatement cs = c.compile_expression(sql::text(text->text, std::move(binds)));
            return Compiled{cs.sql, bound(cs, d), false};
        }
        auto* s = v.host<StatementObject>();
        if (!s) return std::nullopt;
        if (s->kind == StatementObject::Kind::Select) {
            sql::CompiledStatement cs = c.compile(compile_select(rt, *s, loc));
            return Compiled{cs.sql, bound(cs, d), true};
        }
        sql::CompiledStatement cs = compile_dml(rt, *s, c, loc);
        return Compiled{cs.sql, bound(cs, d), !s->returning.empty()};
    } catch (const InputError& e) {
        if (e.file()) throw;
        fail(e.message(), loc);
    }
}

std::vector<std::string> result_names(ScriptRuntime::Impl& rt, const py::Value& statement) {
    std::vector<std::string> out;
    auto* s = statement.host<StatementObject>();
    if (!s || s->kind != StatementObject::Kind::Select) return out;
    for (auto& c : s->columns) {
        if (auto t = table_of(c)) {
            for (auto& col : t->columns) out.push_back(col->schema_column().key);
            continue;
        }
        NodePtr n = node_of(rt, c);
        if (n->kind == Node::Kind::Column) out.push_back(n->column->schema_column().key);
        else if (n->kind == Node::Kind::Label) out.push_back(n->name);
        else if (n->kind == Node::Kind::Sql && n->decl.is(K::Column)) out.push_back(n->decl.column->column.key);
        else out.push_back("");
    }
    return out;
}

void register_statements(ScriptRuntime::Impl& rt, std::map<std::string, py::Value>& names) {
    ScriptRuntime::Impl* r = &rt;
    using SK = StatementObject::Kind;
    names["select"] = native("sqlalchemy.select", [r](py::Interpreter&, py::CallArgs& a) { return statement(*r, SK::Select, a); });
    names["insert"] = native("sqlalchemy.insert", [r](py::Interpreter&, py::CallArgs& a) { return statement(*r, SK::Insert, a); });
    names["update"] = native("sqlalchemy.update", [r](py::Interpreter&, py::CallArgs& a) { return statement(*r, SK::Update, a); });
    names["delete"] = native("sqlalchemy.delete", [r](py::Interpreter&, py::CallArgs& a) { return statement(*r, SK::Delete, a); });
    names["Table"] = native("sqlalchemy.Table", [r](py::Interpreter&, py::CallArgs& a) { return table_constructor(*r, a); });
    names["table"] = native("sqlalchemy.table", [r](py::Interpreter& in, py::CallArgs& a) {
        if (a.pos.empty()) in.raise(in.exc.TypeError, "table() takes the table name first", a.loc);
        const std::string* name = py::str_of(a.pos[0]);
        if (!name) in.raise(in.exc.TypeError, "table() takes the table name first", a.loc);
        std::optional<std::string> schema_name;
        if (const py::Value* s = a.kwarg("schema"); s && !s->is_none()) schema_name = in.str(*s);
        std::vector<py::Value> cols(a.pos.begin() + 1, a.pos.end());
        for (auto& c : cols) {
            auto* sa = c.host<declarative::SaObject>();
            if (!sa || !sa->value.is(K::Column)) in.raise(in.exc.TypeError, "table() takes sa.column(...) objects", a.loc);
        }
        auto data = make_table(*r, *name, schema_name, cols, a.loc);
        data->clause = true;
        return table_value(*r, data);
    });
    names["column"] = native("sqlalchemy.column", [r](py::Interpreter& in, py::CallArgs& a) {
        const py::Value* n = a.arg("text", 0);
        const std::string* name = n ? py::str_of(*n) : nullptr;
        if (!name) in.raise(in.exc.TypeError, "column() takes the column name first", a.loc);
        const py::Value* t = a.arg("type_", 1);
        if (t && !t->is_none()) {
            schema::TypeEngine type = r->bridge->type_of(*t, a.loc);
            return py::Value(make_column(*r, *name, &type, a.loc));
        }
        return py::Value(make_column(*r, *name, nullptr, a.loc));
    });
    names["text"] = native("sqlalchemy.text", [r](py::Interpreter& in, py::CallArgs& a) {
        const py::Value* t = a.arg("text", 0);
        const std::string* s = t ? py::str_of(*t) : nullptr;
        if (!s) in.raise(in.exc.TypeError, "text() takes the SQL as a string", a.loc);
        declarative::Args args = r->bridge->to_args(a);
        declarative::Value decl = declarative::call_sqlalchemy(*r->reader, "sqlalchemy:text", args, a.loc);
        return py::Value(new TextObject(*r, decl, *s));
    });
    auto bool_list = [r](const std::string& op) {
        return native("sqlalchemy." + std::string(op == "AND" ? "and_" : "or_"), [r, op](py::Interpreter& in, py::CallArgs& a) {
            std::vector<NodePtr> args;
            for (auto& p : spread(in, a.pos, a.loc)) args.push_back(node_of(*r, p));
            if (args.size() == 1) return expr_value(*r, args[0]);
            return expr_value(*r, make_node(Node::Kind::BoolList, op, std::move(args)));
        });
    };
    names["and_"] = bool_list("AND");
    names["or_"] = bool_list("OR");
    names["not_"] = native("sqlalchemy.not_", [r](py::Interpreter& in, py::CallArgs& a) {
        if (a.pos.size() != 1) in.raise(in.exc.TypeError, "not_() takes one clause", a.loc);
        return expr_value(*r, make_node(Node::Kind::Unary, "NOT", {node_of(*r, a.pos[0])}));
    });
    names["literal"] = native("sqlalchemy.literal", [r](py::Interpreter& in, py::CallArgs& a) {
        const py::Value* v = a.arg("value", 0);
        if (!v) in.raise(in.exc.TypeError, "literal() takes a value", a.loc);
        auto n = make_node(Node::Kind::Value);
        n->value = *v;
        if (const py::Value* t = a.arg("type_", 1); t && !t->is_none())
            n->type = std::make_shared<schema::TypeEngine>(r->bridge->type_of(*t, a.loc));
        return expr_value(*r, n);
    });
    names["literal_column"] = native("sqlalchemy.literal_column", [r](py::Interpreter& in, py::CallArgs& a) {
        const py::Value* v = a.arg("text", 0);
        const std::string* s = v ? py::str_of(*v) : nullptr;
        if (!s) in.raise(in.exc.TypeError, "literal_column() takes SQL text", a.loc);
        return expr_value(*r, make_node(Node::Kind::Text, *s));
    });
    names["bindparam"] = native("sqlalchemy.bindparam", [r](py::Interpreter& in, py::CallArgs& a) {
        const py::Value* k = a.arg("key", 0);
        const std::string* s = k ? py::str_of(*k) : nullptr;
        if (!s) in.raise(in.exc.TypeError, "bindparam() takes the parameter's name", a.loc);
        auto n = make_node(Node::Kind::Param);
        n->name = *s;
        if (const py::Value* v = a.arg("value", 1)) {
            n->value = *v;
            n->op = "value";
        }
        if (const py::Value* t = a.arg("type_", 2); t && !t->is_none())
            n->type = std::make_shared<schema::TypeEngine>(r->bridge->type_of(*t, a.loc));
        return expr_value(*r, n);
    });
    for (auto constant : {std::pair{"null", Node::Kind::Null}, std::pair{"true", Node::Kind::True},
                          std::pair{"false", Node::Kind::False}}) {
        const Node::Kind kind = constant.second;   // (clang before 16 cannot capture a structured binding)
        names[constant.first] = native(std::string("sqlalchemy.") + constant.first, [r, kind](py::Interpreter&, py::CallArgs&) {
            return expr_value(*r, make_node(kind));
        });
    }
    names["case"] = native("sqlalchemy.case", [r](py::Interpreter& in, py::CallArgs& a) {
        std::vector<NodePtr> args;
        // case([(c, v), ...]) is the legacy form of case((c, v), ...); one tuple is one when (SQLAlchemy 1.4).
        std::vector<py::Value> whens =
            a.pos.size() == 1 && a.pos[0].is(py::ObjKind::List) ? in.to_vector(a.pos[0], a.loc) : a.pos;
        if (whens.size() == 1 && whens[0].is(py::ObjKind::Dict)) {
            fail("case({...}, value=...) is not implemented by orm; write the conditions out", a.loc);
        }
        for (auto& w : whens) {
            auto pair = in.to_vector(w, a.loc);
            if (pair.size() != 2) in.raise(in.exc.TypeError, "case() takes (condition, value) pairs", a.loc);
            args.push_back(node_of(*r, pair[0]));
            args.push_back(node_of(*r, pair[1]));
        }
        std::string op;
        if (const py::Value* e = a.kwarg("else_")) {
            args.push_back(node_of(*r, *e));
            op = "else";
        }
        return expr_value(*r, make_node(Node::Kind::Case, op, std::move(args)));
    });
}

}  // namespace orm::migrate::core
