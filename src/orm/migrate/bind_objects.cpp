// op.get_bind() and what revisions do with it: the connection (online:
// execute() of strings, text() with bind parameters and Core statements,
// returning results; offline: Alembic's mock, whose execute() writes the
// statement into the script), results and rows (by position, by name,
// ._mapping), the dialect object, and sa.inspect(bind)'s inspector over
// orm's own reflection.
#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/engine/url.hpp"
#include "orm/migrate/core_objects.hpp"
#include "orm/python/datetime_values.hpp"

namespace orm::migrate {

namespace py = orm::python;
using core::Compiled;

namespace {

py::Value native(const std::string& name, py::NativeFn fn) { return py::make_native(name, std::move(fn)); }

[[noreturn]] void fail(const std::string& message, SourceLocation loc) {
    if (loc.file) throw InputError(message, loc.file->shared_from_this(), loc);
    throw InputError(message);
}

struct DialectObject : py::HostObject {
    explicit DialectObject(const dialect::Dialect& d) : dialect(d) {}
    const dialect::Dialect& dialect;
    std::string type_name() const override { return "Dialect"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        if (name == "name") return py::make_str(dialect.name());
        if (name == "driver") return py::make_str(dialect.python_driver());
        if (name == "server_version_info") {
            std::vector<py::Value> parts;
            for (auto n : dialect.nominal_server_version()) parts.push_back(py::Value::integer(n));
            return py::make_tuple(std::move(parts));
        }
        if (name == "supports_native_enum") return py::Value::boolean(dialect.supports_native_enum());
        if (name == "supports_native_boolean") return py::Value::boolean(dialect.supports_native_boolean());
        if (name == "supports_alter") return py::Value::boolean(dialect.supports_alter());
        return std::nullopt;
    }
};

// ------------------------------------------------------------------ values from the database

// "YYYY-MM-DD[ T]HH:MM:SS[.ffffff][+HH[:MM]]" as a datetime (nullopt when not one).
std::optional<py::DateTimeValue> parse_datetime(const std::string& s) {
    py::DateTimeValue dt;
    int n = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%*1[ T]%2d:%2d:%2d%n", &dt.date.year, &dt.date.month, &dt.date.day,
                    &dt.time.hour, &dt.time.minute, &dt.time.second, &n) < 6)
        return std::nullopt;
    size_t i = static_cast<size_t>(n);
    if (i < s.size() && s[i] == '.') {
        std::string frac;
        for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) frac += s[i];
        frac = (frac + "000000").substr(0, 6);
        dt.time.microsecond = std::stoi(frac);
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1, hh = 0, mm = 0;
        std::sscanf(s.c_str() + i + 1, "%2d:%2d", &hh, &mm);
        dt.time.utc_offset_micros = sign * (hh * 3600LL + mm * 60LL) * 1000000LL;
    }
    return dt;
}

// A result cell as the Python value psycopg2 / sqlite3 give (PostgreSQL's
// timestamps, dates, numerics and JSON by the column's type).
py::Value python_value(py::Interpreter& in, const dialect::Value& v, const std::string& type) {
    switch (v.kind()) {
        case dialect::Value::Kind::null: return py::Value();
        case dialect::Value::Kind::boolean: return py::Value::boolean(v.as_bool());
        case dialect::Value::Kind::integer: return py::Value::integer(v.as_int());
        case dialect::Value::Kind::real: return py::Value::floating(v.as_double());
        case dialect::Value::Kind::blob: return py::make_bytes(std::string(v.as_blob().bytes.begin(), v.as_blob().bytes.end()));
        case dialect::Value::Kind::text: break;
    }
    const std::string& t = v.as_text();
    if (type == "timestamp" || type == "timestamptz")
        if (auto dt = parse_datetime(t)) return py::make_datetime(in, *dt);
    if (type == "date") {
        py::DateValue d;
        if (std::sscanf(t.c_str(), "%4d-%2d-%2d", &d.year, &d.month, &d.day) == 3) return py::make_date(in, d);
    }
    if (type == "numeric") return py::make_decimal(in, t);
    if (type == "json" || type == "jsonb") {
        py::Value json = in.getattr(py::Value(in.import_module("json", {})), "loads", {});
        return in.call(json, {py::make_str(t)}, {});
    }
    return py::make_str(t);
}

// ------------------------------------------------------------------ rows and results

struct RowData {
    std::vector<std::string> names;
};

struct RowObject : py::HostObject {
    RowObject(std::shared_ptr<const RowData> k, std::vector<py::Value> v) : keys(std::move(k)), values(std::move(v)) {}
    std::shared_ptr<const RowData> keys;
    std::vector<py::Value> values;
    bool mapping = false;   // row._mapping: indexed by name only, iterates names

    std::string type_name() const override { return mapping ? "RowMapping" : "Row"; }
    std::optional<std::size_t> index_of(std::string_view name) const {
        for (std::size_t i = 0; i < keys->names.size(); ++i)
            if (keys->names[i] == name) return i;
        return std::nullopt;
    }
    py::Value as_dict() const {
        py::Ref<py::DictObject> d = py::make_dict();
        for (std::size_t i = 0; i < values.size() && i < keys->names.size(); ++i) d->set_str(keys->names[i], values[i]);
        return py::Value(d);
    }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override {
        py::Ref<RowObject> self(this);
        if (name == "_mapping") {
            py::Ref<RowObject> m(new RowObject(keys, values));
            m->mapping = true;
            return py::Value(m);
        }
        if (name == "_asdict") return native("Row._asdict", [self](py::Interpreter&, py::CallArgs&) { return self->as_dict(); });
        if (name == "keys" || name == "_fields") {
            std::vector<py::Value> ks;
            for (auto& k : keys->names) ks.push_back(py::make_str(k));
            py::Value list = name == "keys" ? py::make_list(ks) : py::make_tuple(ks);
            if (name == "_fields") return list;
            return native("Row.keys", [list](py::Interpreter&, py::CallArgs&) { return list; });
        }
        if (mapping && (name == "items" || name == "values" || name == "get")) {
            std::string n(name);
            return native("RowMapping." + n, [self, n](py::Interpreter& in, py::CallArgs& a) {
                py::Value d = self->as_dict();
                return in.call(in.getattr(d, n, a.loc), a);
            });
        }
        if (!mapping)
            if (auto i = index_of(name)) return values[*i];
        return std::nullopt;
    }
    std::optional<py::Value> get_item(py::Interpreter& in, const py::Value& key) override {
        if (const std::string* s = py::str_of(key)) {
            if (auto i = index_of(*s)) return values[*i];
            in.raise(in.exc.KeyError, in.repr(key), in.current_location());
        }
        if (mapping) {
            if (auto* c = key.host<core::ColumnObject>())
                if (auto i = index_of(c->schema_column().key)) return values[*i];
            in.raise(in.exc.KeyError, in.repr(key), in.current_location());
        }
        py::Value tuple = py::make_tuple(values);
        return in.getitem(tuple, key, in.current_location());
    }
    std::optional<std::int64_t> len(py::Interpreter&) override { return static_cast<std::int64_t>(values.size()); }
    std::optional<py::Value> iter(py::Interpreter&) override {
        if (!mapping) return py::make_tuple(values);
        std::vector<py::Value> ks;
        for (auto& k : keys->names) ks.push_back(py::make_str(k));
        return py::make_list(std::move(ks));
    }
    bool contains(py::Interpreter& in, const py::Value& item) override {
        if (mapping) {
            const std::string* s = py::str_of(item);
            return s && index_of(*s).has_value();
        }
        for (auto& v : values)
            if (in.equal(v, item)) return true;
        return false;
    }
    std::optional<py::Value> binary_op(py::Interpreter& in, std::string_view op, const py::Value& other, bool) override {
        if (op != "__eq__" && op != "__ne__") return std::nullopt;
        bool eq = in.equal(py::make_tuple(values), other.host<RowObject>() ? py::make_tuple(other.host<RowObject>()->values) : other);
        return py::Value::boolean(op == "__eq__" ? eq : !eq);
    }
    std::string repr(py::Interpreter& in) const override {
        if (mapping) return "RowMapping(" + in.repr(as_dict()) + ")";
        return in.repr(py::make_tuple(values));
    }
};

struct ResultObject : py::HostObject {
    std::shared_ptr<RowData> keys = std::make_shared<RowData>();
    std::vector<py::Value> rows;
    std::size_t next = 0;
    std::int64_t rowcount = -1;
    bool returns_rows = false;

    std::string type_name() const override { return "CursorResult"; }
    py::Value rest() {
        std::vector<py::Value> out(rows.begin() + static_cast<long>(std::min(next, rows.size())), rows.end());
        next = rows.size();
        return py::make_list(std::move(out));
    }
    void need_rows(py::Interpreter& in, SourceLocation loc) const {
        if (!returns_rows)
            in.raise(in.exc.RuntimeError, "This result object does not return rows. It has been closed automatically.", loc);
    }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override;
    std::optional<py::Value> iter(py::Interpreter& in) override {
        need_rows(in, in.current_location());
        return rest();
    }
};

std::optional<py::Value> ResultObject::get_attr(py::Interpreter& in, std::string_view name_view) {
    std::string name(name_view);
    py::Ref<ResultObject> self(this);
    if (name == "rowcount") return py::Value::integer(rowcount);
    if (name == "returns_rows") return py::Value::boolean(returns_rows);
    if (name == "lastrowid") return py::Value();
    auto m = [&](std::function<py::Value(ResultObject&, py::Interpreter&, py::CallArgs&)> f) {
        return native("CursorResult." + name, [self, f](py::Interpreter& in, py::CallArgs& a) { return f(*self, in, a); });
    };
    if (name == "fetchall" || name == "all")
        return m([](ResultObject& r, py::Interpreter& in, py::CallArgs& a) { r.need_rows(in, a.loc); return r.rest(); });
    if (name == "fetchone")
        return m([](ResultObject& r, py::Interpreter& in, py::CallArgs& a) {
            r.need_rows(in, a.loc);
            return r.next < r.rows.size() ? r.rows[r.next++] : py::Value();
        });
    if (name == "fetchmany")
        return m([](ResultObject& r, py::Interpreter& in, py::CallArgs& a) {
            r.need_rows(in, a.loc);
            std::int64_t n = a.pos.empty() ? 1 : a.pos[0].as_int();
            std::vector<py::Value> out;
            for (; n > 0 && r.next < r.rows.size(); --n) out.push_back(r.rows[r.next++]);
            return py::make_list(std::move(out));
        });
    if (name == "first")
        return m([](ResultObject& r, py::Interpreter& in, py::CallArgs& a) {
            r.need_rows(in, a.loc);
            py::Value v = r.next < r.rows.size() ? r.rows[r.next] : py::Value();
            r.next = r.rows.size();
            return v;
        });
    if (name == "scalar")
        return m([](ResultObject& r, py::Interpreter& in, py::CallArgs& a) {
            r.need_rows(in, a.loc);
            py::Value v = r.next < r.rows.size() ? r.rows[r.next].host<RowObject>()->values.at(0) : py::Value();
            r.next = r.rows.size();
            return v;
        });
    if (name == "one" || name == "one_or_none" || name == "scalar_one" || name == "scalar_one_or_none")
        return m([name](ResultObject& r, py::Interpreter& in, py::CallArgs& a) {
            r.need_rows(in, a.loc);
            std::size_t left = r.rows.size() - std::min(r.next, r.rows.size());
            if (left > 1) in.raise(in.exc.RuntimeError, "Multiple rows were found when exactly one was required", a.loc);
            if (left == 0) {
                if (name.find("or_none") != std::string::npos) return py::Value();
                in.raise(in.exc.RuntimeError, "No row was found when one was required", a.loc);
            }
            py::Value row = r.rows[r.next];
            r.next = r.rows.size();
            return name.rfind("scalar", 0) == 0 ? row.host<RowObject>()->values.at(0) : row;
        });
    if (name == "scalars")
        return m([](ResultObject& r, py::Interpreter& in, py::CallArgs& a) {
            r.need_rows(in, a.loc);
            py::Ref<ResultObject> s(new ResultObject());
            s->returns_rows = true;
            s->keys->names = {r.keys->names.empty() ? "" : r.keys->names[0]};
            std::size_t col = a.pos.empty() ? 0 : static_cast<std::size_t>(a.pos[0].as_int());
            for (std::size_t i = r.next; i < r.rows.size(); ++i)
                s->rows.push_back(py::Value(new RowObject(s->keys, {r.rows[i].host<RowObject>()->values.at(col)})));
            r.next = r.rows.size();
            // Iterating scalars() gives the values themselves.
            std::vector<py::Value> values;
            for (auto& row : s->rows) values.push_back(row.host<RowObject>()->values[0]);
            return py::make_list(std::move(values));
        });
    if (name == "mappings")
        return m([](ResultObject& r, py::Interpreter& in, py::CallArgs& a) {
            r.need_rows(in, a.loc);
            std::vector<py::Value> out;
            for (std::size_t i = r.next; i < r.rows.size(); ++i) {
                auto* row = r.rows[i].host<RowObject>();
                py::Ref<RowObject> mrow(new RowObject(row->keys, row->values));
                mrow->mapping = true;
                out.push_back(py::Value(mrow));
            }
            r.next = r.rows.size();
            return py::make_list(std::move(out));
        });
    if (name == "keys")
        return m([](ResultObject& r, py::Interpreter&, py::CallArgs&) {
            std::vector<py::Value> ks;
            for (auto& k : r.keys->names) ks.push_back(py::make_str(k));
            return py::make_list(std::move(ks));
        });
    if (name == "close") return m([](ResultObject&, py::Interpreter&, py::CallArgs&) { return py::Value(); });
    return std::nullopt;
}

// ------------------------------------------------------------------ running statements

// True when `sql` holds more than one statement: a ';' outside quotes,
// comments and dollar quotes, with more than blanks after it.
bool several_statements(const std::string& sql) {
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            size_t j = sql.find(c, i + 1);
            if (j == std::string::npos) return false;
            i = j;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            i = sql.find('\n', i);
            if (i == std::string::npos) return false;
        } else if (c == '$') {
            size_t end = sql.find('$', i + 1);
            if (end == std::string::npos) return false;
            std::string tag = sql.substr(i, end - i + 1);
            bool word = true;
            for (size_t k = 1; k + 1 < tag.size(); ++k) word = word && (std::isalnum(static_cast<unsigned char>(tag[k])) || tag[k] == '_');
            if (!word) continue;
            size_t close = sql.find(tag, end + 1);
            if (close == std::string::npos) return false;
            i = close + tag.size() - 1;
        } else if (c == ';') {
            return sql.find_first_not_of(" \t\r\n;", i) != std::string::npos;
        }
    }
    return false;
}

// A statement that only reads (a query needs no transaction on SQLite).
bool is_query(const std::string& sql) {
    size_t i = sql.find_first_not_of(" \t\r\n(");
    if (i == std::string::npos) return false;
    std::string word;
    for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    return word == "SELECT" || word == "SHOW" || word == "EXPLAIN";
}

// Runs one statement of the revision's own on the connection; its rows are read whole.
py::Value run_on_connection(ScriptRuntime::Impl& rt, engine::Connection& conn, const Compiled& c,
                            const std::vector<std::string>& names, SourceLocation loc) {
    py::Ref<ResultObject> result(new ResultObject());
    try {
        if (c.params.empty() && several_statements(c.sql)) {
            // Several statements in one string run as a script (psycopg2 sends them so); no rows.
            conn.execute(c.sql);
            return py::Value(result);
        }
        auto rs = conn.query(c.sql, c.params);
        const auto& cols = rs->columns();
        result->returns_rows = !cols.empty();
        for (std::size_t i = 0; i < cols.size(); ++i)
            result->keys->names.push_back(i < names.size() && !names[i].empty() ? names[i] : cols[i].name);
        while (rs->next()) {
            std::vector<py::Value> values;
            const auto& row = rs->row();
            for (std::size_t i = 0; i < row.size(); ++i)
                values.push_back(python_value(*rt.in, row[i], i < cols.size() ? cols[i].type_name : ""));
            result->rows.push_back(py::Value(new RowObject(result->keys, std::move(values))));
        }
        result->rowcount = result->returns_rows ? static_cast<std::int64_t>(result->rows.size()) : rs->rows_affected();
    } catch (const dialect::DriverError& e) {
        const Revision* rev = rt.running;
        throw DatabaseError("revision " + (rev ? rev->id : std::string("?")) + ": a statement at " +
                            (loc.file ? format_position(*loc.file, loc) : std::string("?")) + " failed: " +
                            e.server_message() + "\n[SQL: " + c.sql + "]");
    }
    return py::Value(result);
}

// What execute() was given, as SQL for the dialect: a string as it is, text() and Core statements compiled.
Compiled compiled(ScriptRuntime::Impl& rt, const py::Value& stmt, const py::Value& params, const dialect::Dialect& d,
                  SourceLocation loc) {
    if (const std::string* s = py::str_of(stmt)) return Compiled{*s, {}, false};
    rt.compile_params = params;
    struct Reset {
        ScriptRuntime::Impl& rt;
        ~Reset() { rt.compile_params = py::Value(); }
    } reset{rt};
    if (auto c = core::compile_statement(rt, stmt, d, loc)) return *c;
    if (auto* sa = stmt.host<declarative::SaObject>(); sa && sa->value.is(declarative::Value::Kind::Sql) &&
                                                        sa->value.sql->kind == schema::ClauseKind::Text)
        return Compiled{sa->value.sql->text, {}, false};
    fail("execute() takes SQL as a string, text(), or a select/insert/update/delete statement; got " +
             rt.in->type_name(stmt),
         loc);
}

// The parameter sets an execute() was given: one dict, a list of dicts (executemany), or keywords.
std::vector<py::Value> parameter_sets(py::Interpreter& in, py::CallArgs& a, std::size_t first) {
    std::vector<py::Value> sets;
    for (std::size_t i = first; i < a.pos.size(); ++i) {
        if (a.pos[i].is(py::ObjKind::List) || a.pos[i].is(py::ObjKind::Tuple)) {
            for (auto& x : in.to_vector(a.pos[i], a.loc)) sets.push_back(x);
        } else {
            sets.push_back(a.pos[i]);
        }
    }
    if (!a.kw.empty()) {
        py::Ref<py::DictObject> d = py::make_dict();
        for (auto& [k, v] : a.kw)
            if (k != "execution_options") d->set_str(k, v);
        if (d->size()) sets.push_back(py::Value(d));
    }
    return sets;
}

// bind.engine.url: str() of it is the URL with its password masked, as SQLAlchemy prints it.
struct UrlObject : py::HostObject {
    explicit UrlObject(const engine::Url& u) : url(u) {}
    engine::Url url;
    std::string type_name() const override { return "URL"; }
    std::string repr(py::Interpreter&) const override { return url.render(true); }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        auto opt = [](const std::optional<std::string>& s) { return s ? py::make_str(*s) : py::Value(); };
        if (name == "drivername") return py::make_str(url.drivername);
        if (name == "database") return opt(url.database);
        if (name == "host") return opt(url.host);
        if (name == "username") return opt(url.username);
        if (name == "port") return url.port ? py::Value::integer(*url.port) : py::Value();
        if (name == "get_backend_name" || name == "get_driver_name") {
            std::string v = name == "get_backend_name" ? url.backend : url.driver.value_or(url.backend);
            return native("URL." + std::string(name), [v](py::Interpreter&, py::CallArgs&) { return py::make_str(v); });
        }
        if (name == "render_as_string")
            return native("URL.render_as_string", [u = url](py::Interpreter& in, py::CallArgs& a) {
                const py::Value* hide = a.arg("hide_password", 0);
                return py::make_str(u.render(!hide || in.truthy(*hide, a.loc)));
            });
        return std::nullopt;
    }
};

struct ConnectionObject : py::HostObject {
    explicit ConnectionObject(ScriptRuntime::Impl& r) : rt(r) {}
    ScriptRuntime::Impl& rt;
    std::string type_name() const override { return "Connection"; }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override;
};

// Runs execute(stmt, params...) online: each parameter set in turn (executemany).
py::Value execute_online(ScriptRuntime::Impl& rt, const py::Value& stmt, const std::vector<py::Value>& sets,
                         SourceLocation loc) {
    OpContext& ctx = rt.context_for("execute", loc);
    std::vector<py::Value> each = sets.empty() ? std::vector<py::Value>{py::Value()} : sets;
    py::Value last;
    std::int64_t total = 0;
    for (auto& params : each) {
        Compiled c = compiled(rt, stmt, params, ctx.dialect(), loc);
        engine::Connection* conn = ctx.connection_for_statement(!is_query(c.sql), may_change_schema(c.sql));
        if (!conn) fail("no connection: the revision runs offline", loc);
        ctx.note(c.sql, c.params);
        last = run_on_connection(rt, *conn, c, core::result_names(rt, stmt), loc);
        if (auto* r = last.host<ResultObject>(); r && r->rowcount > 0) total += r->rowcount;
    }
    if (each.size() > 1)
        if (auto* r = last.host<ResultObject>()) r->rowcount = total;
    return last;
}

std::optional<py::Value> ConnectionObject::get_attr(py::Interpreter& in, std::string_view name_view) {
    std::string name(name_view);
    ScriptRuntime::Impl* r = &rt;
    py::Ref<ConnectionObject> self(this);
    if (name == "dialect") return dialect_object(rt.context_for("get_bind", in.current_location()).dialect());
    if (name == "engine" || name == "connection") return py::Value(this);
    if (name == "name") return py::make_str(rt.context_for("get_bind", in.current_location()).dialect().name());
    if (name == "url") {
        const engine::Url* u = rt.context_for("get_bind", in.current_location()).url();
        if (u) return py::Value(new UrlObject(*u));
    }
    if (name == "info") return py::Value(py::make_dict());
    if (name == "execute" || name == "exec_driver_sql")
        return native("Connection." + name, [r](py::Interpreter& in, py::CallArgs& a) {
            if (a.pos.empty()) in.raise(in.exc.TypeError, "execute() takes a statement", a.loc);
            return execute_online(*r, a.pos[0], parameter_sets(in, a, 1), a.loc);
        });
    if (name == "scalar")
        return native("Connection.scalar", [r](py::Interpreter& in, py::CallArgs& a) {
            if (a.pos.empty()) in.raise(in.exc.TypeError, "scalar() takes a statement", a.loc);
            py::Value result = execute_online(*r, a.pos[0], parameter_sets(in, a, 1), a.loc);
            return in.call(in.getattr(result, "scalar", a.loc), {}, a.loc);
        });
    if (name == "execution_options" || name == "connect")
        return native("Connection." + name, [self](py::Interpreter&, py::CallArgs&) { return py::Value(self); });
    if (name == "in_transaction") return native("Connection.in_transaction", [](py::Interpreter&, py::CallArgs&) { return py::Value::boolean(true); });
    if (name == "close" || name == "commit") return native("Connection." + name, [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
    return std::nullopt;
}

// Alembic's offline bind: a MockConnection whose execute() writes the statement.
struct MockConnectionObject : py::HostObject {
    explicit MockConnectionObject(ScriptRuntime::Impl& r) : rt(r) {}
    ScriptRuntime::Impl& rt;
    std::string type_name() const override { return "MockConnection"; }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override {
        ScriptRuntime::Impl* r = &rt;
        if (name == "dialect") return dialect_object(rt.context_for("get_bind", in.current_location()).dialect());
        if (name == "engine" || name == "connect") return py::Value(this);
        if (name == "name") return py::make_str(rt.context_for("get_bind", in.current_location()).dialect().name());
        if (name == "execute")
            return native("MockConnection.execute", [r](py::Interpreter& in, py::CallArgs& a) {
                if (a.pos.empty()) in.raise(in.exc.TypeError, "execute() takes a statement", a.loc);
                if (a.pos.size() > 1 || !a.kw.empty())
                    in.raise(in.exc.Exception, "Execution arguments not allowed with as_sql", a.loc);
                return execute_statement(*r, a.pos[0], py::Value(), a.loc, true);
            });
        return std::nullopt;
    }
};

}  // namespace

python::Value dialect_object(const dialect::Dialect& d) { return py::Value(new DialectObject(d)); }

python::Value bind_object(ScriptRuntime::Impl& rt, SourceLocation loc) {
    OpContext& ctx = rt.context_for("get_bind", loc);
    if (ctx.offline()) return py::Value(new MockConnectionObject(rt));
    return py::Value(new ConnectionObject(rt));
}

python::Value execute_statement(ScriptRuntime::Impl& rt, const python::Value& stmt, const python::Value& params,
                                SourceLocation loc, bool from_op) {
    OpContext& ctx = rt.context_for("execute", loc);
    if (!from_op && !ctx.offline()) return execute_online(rt, stmt, params.is_none() ? std::vector<py::Value>{} : std::vector<py::Value>{params}, loc);
    // op.execute: a string or a text() without parameters runs as written (an
    // ALTER TYPE ... ADD VALUE reads as an enum change replay follows);
    // anything else is compiled, its values bound online, inlined offline.
    std::optional<std::string> plain;
    if (const std::string* s = py::str_of(stmt)) plain = *s;
    if (auto* sa = stmt.host<declarative::SaObject>(); sa && sa->value.is(declarative::Value::Kind::Sql) &&
                                                        sa->value.sql->kind == schema::ClauseKind::Text) {
        Compiled c = compiled(rt, stmt, params, ctx.dialect(), loc);
        if (c.params.empty()) plain = c.sql;
    }
    if (plain) {
        ctx.run(rt.builder().execute(*plain, loc));
        return py::Value();
    }
    Compiled c = compiled(rt, stmt, params, ctx.dialect(), loc);
    ExecuteOp op;
    op.loc = loc;
    op.sql = c.sql;
    op.params = c.params;
    ctx.run(op);
    return py::Value();
}

}  // namespace orm::migrate
