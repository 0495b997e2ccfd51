// The SQLAlchemy names the migration runtime implements over declarative's:
// Core constructors (core_statements.cpp), sa.inspect(bind) and its
// Inspector on orm's reflection, tables reflected with autoload_with or
// MetaData.reflect(), and an enum type's create(bind) / drop(bind).
#include <set>

#include <algorithm>
#include <functional>
#include <map>

#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/core_objects.hpp"
#include "orm/migrate/version_tables.hpp"

namespace orm::migrate {

namespace py = orm::python;
using K = declarative::Value::Kind;

namespace {

// The schema as a revision sees it through the inspector, MetaData.reflect()
// and autoload_with: as under Alembic, without orm's own bookkeeping table
// (alembic_version, which Alembic also keeps in the database, stays).
dialect::ReflectedSchema reflect_for_revision(engine::Connection& conn, const dialect::ReflectOptions& o = {}) {
    dialect::ReflectedSchema s = engine::reflect(conn, o);
    auto& tables = s.metadata.tables;
    const std::string& log = migration_log_table().name;
    tables.erase(std::remove_if(tables.begin(), tables.end(), [&](const auto& t) { return t->name == log && !t->schema; }),
                 tables.end());
    return s;
}

py::Value native(const std::string& name, py::NativeFn fn) { return py::make_native(name, std::move(fn)); }

[[noreturn]] void fail(const std::string& message, SourceLocation loc) {
    if (loc.file) throw InputError(message, loc.file->shared_from_this(), loc);
    throw InputError(message);
}

py::Value str_list(const std::vector<std::string>& items) {
    std::vector<py::Value> out;
    for (auto& s : items) out.push_back(py::make_str(s));
    return py::make_list(std::move(out));
}

py::Value opt_str(const std::optional<std::string>& s) { return s ? py::make_str(*s) : py::Value(); }

std::string clause_text(const schema::ClausePtr& c) {
    if (!c) return {};
    return c->text;
}

// sa.inspect(bind): SQLAlchemy's Inspector, on orm's reflection of the
// connection (inside the revision's transaction, so it sees what the
// revision did so far). Like SQLAlchemy's, it caches what it read.
struct InspectorObject : py::HostObject {
    InspectorObject(ScriptRuntime::Impl& r, engine::Connection& c) : rt(r), conn(c) {}
    ScriptRuntime::Impl& rt;
    engine::Connection& conn;
    std::map<std::string, std::shared_ptr<dialect::ReflectedSchema>> cache;   // by schema ("" = default)

    std::string type_name() const override { return "Inspector"; }
    const dialect::ReflectedSchema& schema_of(const py::Value* s) {
        std::string key = s && !s->is_none() ? rt.in->str(*s) : "";
        auto it = cache.find(key);
        if (it != cache.end()) return *it->second;
        dialect::ReflectOptions o;
        if (!key.empty()) o.schema = key;
        auto r = std::make_shared<dialect::ReflectedSchema>(reflect_for_revision(conn, o));
        cache[key] = r;
        return *r;
    }
    const schema::Table& table(py::CallArgs& a) {
        const py::Value* n = a.arg("table_name", 0);
        const std::string* name = n ? py::str_of(*n) : nullptr;
        if (!name) rt.in->raise(rt.in->exc.TypeError, "the table name is required", a.loc);
        const auto& s = schema_of(a.arg("schema", 1));
        for (auto& t : s.metadata.tables)
            if (t->name == *name) return *t;
        py::Value exc = rt.in->getattr(py::Value(rt.in->import_module("sqlalchemy.exc", a.loc)), "NoSuchTableError", a.loc);
        if (auto* cls = exc.as<py::ClassObject>()) rt.in->raise(cls, *name, a.loc);
        rt.in->raise(rt.in->exc.LookupError, "NoSuchTableError: " + *name, a.loc);
    }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override;
};

py::Value column_dicts(ScriptRuntime::Impl& rt, const schema::Table& t) {
    std::vector<py::Value> out;
    for (auto& c : t.columns) {
        py::Ref<py::DictObject> d = py::make_dict();
        d->set_str("name", py::make_str(c.name));
        declarative::Value type = declarative::Value::make(K::Type, {});
        type.type = std::make_shared<schema::TypeEngine>(c.type);
        d->set_str("type", rt.bridge->to_py(type));
        d->set_str("nullable", py::Value::boolean(c.nullable));
        d->set_str("default", c.server_default ? py::make_str(clause_text(c.server_default)) : py::Value());
        d->set_str("autoincrement", py::Value::boolean(c.primary_key));
        d->set_str("comment", opt_str(c.comment));
        out.push_back(py::Value(d));
    }
    return py::make_list(std::move(out));
}

std::optional<py::Value> InspectorObject::get_attr(py::Interpreter&, std::string_view name_view) {
    std::string name(name_view);
    py::Ref<InspectorObject> self(this);
    auto m = [&](std::function<py::Value(InspectorObject&, py::CallArgs&)> f) {
        return native("Inspector." + name, [self, f](py::Interpreter&, py::CallArgs& a) { return f(*self, a); });
    };
    if (name == "get_table_names")
        return m([](InspectorObject& i, py::CallArgs& a) {
            std::vector<std::string> names;
            for (auto& t : i.schema_of(a.arg("schema", 0)).metadata.tables) names.push_back(t->name);
            std::sort(names.begin(), names.end());
            return str_list(names);
        });
    if (name == "has_table")
        return m([](InspectorObject& i, py::CallArgs& a) {
            const py::Value* n = a.arg("table_name", 0);
            const std::string* s = n ? py::str_of(*n) : nullptr;
            if (!s) return py::Value::boolean(false);
            for (auto& t : i.schema_of(a.arg("schema", 1)).metadata.tables)
                if (t->name == *s) return py::Value::boolean(true);
            return py::Value::boolean(false);
        });
    if (name == "get_columns") return m([](InspectorObject& i, py::CallArgs& a) { return column_dicts(i.rt, i.table(a)); });
    if (name == "get_pk_constraint")
        return m([](InspectorObject& i, py::CallArgs& a) {
            const schema::Table& t = i.table(a);
            py::Ref<py::DictObject> d = py::make_dict();
            d->set_str("constrained_columns", str_list(t.primary_key.columns));
            d->set_str("name", opt_str(t.primary_key.name));
            return py::Value(d);
        });
    if (name == "get_foreign_keys")
        return m([](InspectorObject& i, py::CallArgs& a) {
            std::vector<py::Value> out;
            for (auto& fk : i.table(a).foreign_keys) {
                py::Ref<py::DictObject> d = py::make_dict();
                d->set_str("name", opt_str(fk.name));
                d->set_str("constrained_columns", str_list(fk.columns));
                d->set_str("referred_schema", opt_str(fk.referred_schema));
                d->set_str("referred_table", py::make_str(fk.referred_table));
                d->set_str("referred_columns", str_list(fk.referred_columns));
                py::Ref<py::DictObject> options = py::make_dict();
                if (fk.ondelete) options->set_str("ondelete", py::make_str(*fk.ondelete));
                if (fk.onupdate) options->set_str("onupdate", py::make_str(*fk.onupdate));
                d->set_str("options", py::Value(options));
                out.push_back(py::Value(d));
            }
            return py::make_list(std::move(out));
        });
    if (name == "get_indexes")
        return m([](InspectorObject& i, py::CallArgs& a) {
            std::vector<py::Value> out;
            for (auto& ix : i.table(a).indexes) {
                py::Ref<py::DictObject> d = py::make_dict();
                d->set_str("name", opt_str(ix.name));
                std::vector<std::string> cols;
                for (auto& e : ix.expressions)
                    if (e && e->kind == schema::ClauseKind::Column) cols.push_back(e->text);
                d->set_str("column_names", str_list(cols));
                d->set_str("unique", py::Value::boolean(ix.unique));
                out.push_back(py::Value(d));
            }
            return py::make_list(std::move(out));
        });
    if (name == "get_unique_constraints")
        return m([](InspectorObject& i, py::CallArgs& a) {
            std::vector<py::Value> out;
            for (auto& u : i.table(a).unique_constraints) {
                py::Ref<py::DictObject> d = py::make_dict();
                d->set_str("name", opt_str(u.name));
                d->set_str("column_names", str_list(u.columns));
                out.push_back(py::Value(d));
            }
            return py::make_list(std::move(out));
        });
    if (name == "get_check_constraints")
        return m([](InspectorObject& i, py::CallArgs& a) {
            std::vector<py::Value> out;
            for (auto& c : i.table(a).check_constraints) {
                py::Ref<py::DictObject> d = py::make_dict();
                d->set_str("name", opt_str(c.name));
                d->set_str("sqltext", py::make_str(clause_text(c.sqltext)));
                out.push_back(py::Value(d));
            }
            return py::make_list(std::move(out));
        });
    if (name == "get_enums")
        return m([](InspectorObject& i, py::CallArgs& a) {
            std::vector<py::Value> out;
            for (auto& e : i.schema_of(a.arg("schema", 0)).enums) {
                py::Ref<py::DictObject> d = py::make_dict();
                d->set_str("name", opt_str(e.name));
                d->set_str("schema", opt_str(e.schema));
                d->set_str("visible", py::Value::boolean(!e.schema));
                d->set_str("labels", str_list(e.values));
                out.push_back(py::Value(d));
            }
            return py::make_list(std::move(out));
        });
    if (name == "get_table_comment")
        return m([](InspectorObject& i, py::CallArgs& a) {
            py::Ref<py::DictObject> d = py::make_dict();
            d->set_str("text", opt_str(i.table(a).comment));
            return py::Value(d);
        });
    if (name == "get_view_names" || name == "get_sequence_names")
        return m([](InspectorObject&, py::CallArgs&) { return py::make_list(); });
    if (name == "bind" || name == "engine") return bind_object(rt, {});
    return std::nullopt;
}

py::Value inspect(ScriptRuntime::Impl& rt, py::CallArgs& a) {
    OpContext& ctx = rt.context_for("inspect", a.loc);
    engine::Connection* conn = ctx.connection();
    if (!conn) {
        py::Value exc = rt.in->getattr(py::Value(rt.in->import_module("sqlalchemy.exc", a.loc)), "NoInspectionAvailable", a.loc);
        std::string message = "No inspection system is available for object of type <class "
                              "'sqlalchemy.engine.mock.MockConnection'> (an offline --sql run has no database)";
        if (auto* cls = exc.as<py::ClassObject>()) rt.in->raise(cls, message, a.loc);
        fail(message, a.loc);
    }
    return py::Value(new InspectorObject(rt, *conn));
}

// postgresql.ENUM(...).create(bind, checkfirst=...) / .drop(...): the enum
// type created or dropped now (checkfirst: only when it is absent / there).
std::optional<py::Value> enum_method(ScriptRuntime::Impl& rt, declarative::SaObject& self, std::string_view name) {
    if (!self.value.is(K::Type) || !self.value.type->enum_spec || (name != "create" && name != "drop")) return std::nullopt;
    schema::EnumSpec spec = *self.value.type->enum_spec;
    bool create = name == "create";
    ScriptRuntime::Impl* r = &rt;
    // postgresql.ENUM's checkfirst defaults to True, sqlalchemy.Enum's to False.
    bool pg_enum = self.value.type->kind == schema::TypeKind::PG_ENUM;
    return native(std::string("ENUM.") + std::string(name), [r, spec, create, pg_enum](py::Interpreter& in, py::CallArgs& a) {
        OpContext& ctx = r->context_for(create ? "create" : "drop", a.loc);
        if (!spec.name) fail("an enum type created or dropped on its own needs name=", a.loc);
        const py::Value* cf = a.arg("checkfirst", 1);
        bool checkfirst = cf ? in.truthy(*cf, a.loc) : pg_enum;
        if (checkfirst && !ctx.offline()) {
            bool exists = false;
            for (auto& e : ctx.state().enums)
                if (e.name == spec.name && (!spec.schema || e.schema == spec.schema)) exists = true;
            if (exists == create) return py::Value();
        }
        if (create) {
            CreateEnumOp op;
            op.loc = a.loc;
            op.spec = spec;
            ctx.run(op);
        } else {
            DropEnumOp op;
            op.loc = a.loc;
            op.spec = spec;
            ctx.run(op);
        }
        return py::Value();
    });
}

// metadata.reflect(bind, schema=, only=): the database's tables join the
// MetaData; metadata.tables / sorted_tables then give them as reflected Core
// tables (declarative's MetaData has no database to read).
std::optional<py::Value> metadata_method(ScriptRuntime::Impl& rt, declarative::SaObject& self, std::string_view name) {
    if (!self.value.is(K::MetaData)) return std::nullopt;
    ScriptRuntime::Impl* r = &rt;
    const int index = self.value.index;
    if (name == "reflect")
        return native("MetaData.reflect", [r, index](py::Interpreter& in, py::CallArgs& a) {
            OpContext& ctx = r->context_for("MetaData.reflect", a.loc);
            engine::Connection* conn = ctx.connection();
            if (!conn) fail("MetaData.reflect() reads the database, which an offline (--sql) run has not", a.loc);
            std::optional<std::string> schema_name;
            if (const py::Value* s = a.kwarg("schema"); s && !s->is_none()) schema_name = in.str(*s);
            std::set<std::string> only;
            if (const py::Value* o = a.kwarg("only"); o && !o->is_none())
                for (auto& v : in.to_vector(*o, a.loc)) only.insert(in.str(v));
            auto& tables = r->reflected_metadata[index];
            for (const auto& t : reflect_for_revision(*conn).metadata.tables) {
                if (t->schema != schema_name || (!only.empty() && !only.count(t->name))) continue;
                auto key = std::make_pair(t->schema, t->name);
                if (std::find(tables.begin(), tables.end(), key) == tables.end()) tables.push_back(key);
            }
            return py::Value();
        });
    auto it = rt.reflected_metadata.find(index);
    if (it == rt.reflected_metadata.end() || (name != "tables" && name != "sorted_tables")) return std::nullopt;
    OpContext& ctx = rt.context_for("MetaData.tables", rt.in->current_location());
    engine::Connection* conn = ctx.connection();
    if (!conn) return std::nullopt;
    std::vector<std::pair<std::optional<std::string>, std::string>> names = it->second;
    std::sort(names.begin(), names.end());
    py::Ref<py::DictObject> d = py::make_dict();
    std::vector<py::Value> list;
    for (auto& [schema_name, table] : names) {
        py::Value t = core::reflected_table(rt, *conn, table, schema_name, rt.in->current_location());
        d->set_str(schema_name ? *schema_name + "." + table : table, t);
        list.push_back(t);
    }
    if (name == "sorted_tables") return py::make_list(std::move(list));
    return py::Value(d);
}

// Core's Table (a data migration's) while a revision's function runs or in
// a revision file's own body; the models' Table in the project modules the
// revisions import (their relationships need it).
bool in_revision_code(ScriptRuntime::Impl& rt) {
    if (rt.running) return true;
    python::Frame* f = rt.in->frame();
    return f && f->module && f->module->name.rfind("orm_revision.", 0) == 0;
}

// A column's SQL method that declarative reading does not model (in_,
// between, startswith, cast, ...: nothing DDL needs), on a mapped class's
// attribute or a models Column: Core's, so that a revision's ORM query or
// Core statement can use it (session.query(C).filter(C.name.in_([...]))).
std::optional<py::Value> column_core_method(ScriptRuntime::Impl& rt, declarative::SaObject& self,
                                            std::string_view name) {
    static const std::set<std::string, std::less<>> core_only = {
        "in_", "notin_", "not_in", "notlike", "not_like", "notilike", "not_ilike", "startswith", "endswith",
        "contains", "between", "cast", "op", "distinct", "is_distinct_from", "isnot_distinct_from",
        "is_not_distinct_from", "concat", "collate", "nulls_first", "nulls_last"};
    if (!self.value.is(K::Column) || !core_only.contains(name)) return std::nullopt;
    return core::method(rt, py::Value(&self), name);
}

}  // namespace

// True when `metadata` (a MetaData) was reflected and holds `name`.
bool core::metadata_reflected(ScriptRuntime::Impl& rt, const py::Value& metadata, const std::string& name,
                  const std::optional<std::string>& schema_name) {
    auto* sa = metadata.host<declarative::SaObject>();
    if (!sa || !sa->value.is(K::MetaData)) return false;
    auto it = rt.reflected_metadata.find(sa->value.index);
    return it != rt.reflected_metadata.end() &&
           std::find(it->second.begin(), it->second.end(), std::make_pair(schema_name, name)) != it->second.end();
}

py::Value core::reflected_table(ScriptRuntime::Impl& rt, engine::Connection& conn, const std::string& name,
                                const std::optional<std::string>& schema_name, SourceLocation loc) {
    dialect::ReflectOptions o;
    o.schema = schema_name;
    o.tables = std::vector<std::string>{name};
    dialect::ReflectedSchema s = reflect_for_revision(conn, o);
    for (auto& t : s.metadata.tables)
        if (t->name == name) return core_table_for(rt, *t);
    fail("NoSuchTableError: " + name, loc);
}

void register_core_names(ScriptRuntime::Impl& rt) {
    auto names = std::make_shared<std::map<std::string, py::Value>>();
    core::register_statements(rt, *names);
    ScriptRuntime::Impl* r = &rt;
    (*names)["inspect"] = native("sqlalchemy.inspect", [r](py::Interpreter&, py::CallArgs& a) { return inspect(*r, a); });
    static const std::set<std::string> modules = {
        "sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression", "sqlalchemy.schema", "sqlalchemy.sql.schema",
        "sqlalchemy.inspection", "sqlalchemy.sql.elements",
    };
    rt.bridge->extra_name = [r, names](const std::string& module, const std::string& name) -> std::optional<py::Value> {
        // The ORM session of data migrations (orm_session.cpp).
        if ((module == "sqlalchemy.orm" || module == "sqlalchemy.orm.session") &&
            (name == "Session" || name == "sessionmaker"))
            return r->in->getattr(py::Value(r->in->import_module("_orm_session", {})), name, {});
        if (!modules.count(module)) return std::nullopt;
        auto it = names->find(name);
        if (it == names->end()) return std::nullopt;
        // sa.Table in a project module the revisions import stays the models' Table.
        if (name == "Table") {
            py::Value core = it->second;
            return native("sqlalchemy.Table", [r, core](py::Interpreter& in, py::CallArgs& a) {
                if (in_revision_code(*r) || a.kwarg("autoload_with")) return in.call(core, a);
                declarative::Args args = r->bridge->to_args(a);
                return r->bridge->to_py(declarative::call_sqlalchemy(*r->reader, "sqlalchemy:Table", args, a.loc));
            });
        }
        return it->second;
    };
    rt.bridge->extra_attr = [r](declarative::SaObject& self, std::string_view name) -> std::optional<py::Value> {
        if (auto m = metadata_method(*r, self, name)) return m;
        if (auto m = column_core_method(*r, self, name)) return m;
        return enum_method(*r, self, name);
    };
}

}  // namespace orm::migrate
