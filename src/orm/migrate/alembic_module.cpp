// Alembic's API as revision files call it, natively: `alembic.op` (every
// operation, batch_alter_table blocks, f, inline_literal, get_bind,
// get_context and its autocommit_block), `alembic.context` (is_offline_mode,
// config.get_main_option, get_x_argument, ...), `alembic.operations` (the
// classes third-party operations register with) and
// alembic_postgresql_enum's op.sync_enum_values. Each operation becomes a
// MigrationOp (op_builder.cpp) that the running revision's OpContext carries
// out as the call returns.
#include "orm/core/error.hpp"
#include "orm/migrate/script_runtime_impl.hpp"

namespace orm::migrate {

namespace py = orm::python;
using declarative::Args;
using K = declarative::Value::Kind;

namespace {

py::Value native(const std::string& name, py::NativeFn fn) { return py::make_native(name, std::move(fn)); }

py::Value none_fn(const std::string& name) {
    return native(name, [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
}

const py::Value* arg(py::CallArgs& a, std::string_view name, std::size_t index) { return a.arg(name, index); }

// ------------------------------------------------------------------ batch blocks

// `with op.batch_alter_table("t") as batch_op:`: the block's operations are
// collected and carried out together when it ends (one SQLite rebuild for
// all of them), as Alembic's BatchOperations do.
struct BatchObject : py::HostObject {
    BatchObject(ScriptRuntime::Impl& r, BatchAlterTableOp o) : rt(r), op(std::move(o)) {}
    ScriptRuntime::Impl& rt;
    BatchAlterTableOp op;
    bool entered = false;

    std::string type_name() const override { return "BatchOperations"; }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override {
        py::Ref<BatchObject> self(this);
        std::string n(name);
        if (n == "__enter__")
            return native("BatchOperations.__enter__", [self](py::Interpreter&, py::CallArgs&) {
                self->entered = true;
                return py::Value(self);
            });
        if (n == "__exit__")
            return native("BatchOperations.__exit__", [self](py::Interpreter&, py::CallArgs& a) {
                bool failed = !a.pos.empty() && !a.pos[0].is_none();
                // An empty block does nothing (Alembic neither reflects nor rebuilds for it).
                if (!failed && !self->op.ops.empty()) self->rt.context_for("batch_alter_table", self->op.loc).run(self->op);
                return py::Value::boolean(false);
            });
        if (n == "f") return native("BatchOperations.f", [r = &rt](py::Interpreter& in, py::CallArgs& a) {
            const py::Value* v = arg(a, "name", 0);
            const std::string* s = v ? py::str_of(*v) : nullptr;
            if (!s) in.raise(in.exc.TypeError, "f() takes a name string", a.loc);
            r->conventional.insert(*s);
            return *v;
        });
        if (n == "impl" || n == "migration_context") return std::nullopt;
        if (n == "execute") return native("BatchOperations.execute", [self](py::Interpreter& in, py::CallArgs& a) {
            const py::Value* sql = arg(a, "sqltext", 0);
            if (!sql) in.raise(in.exc.TypeError, "execute() missing required argument: 'sqltext'", a.loc);
            return execute_statement(self->rt, *sql, py::Value(), a.loc, true);
        });
        if (!OpBuilder::known_in_batch(n)) return std::nullopt;
        return native("BatchOperations." + n, [self, n](py::Interpreter&, py::CallArgs& a) {
            Args args = self->rt.bridge->to_args(a);
            MigrationOp built = self->rt.builder().build(n, std::move(args), a.loc, &self->op.table);
            if (auto* drop = std::get_if<DropConstraintOp>(&built.as_variant())) drop->naming_convention = self->op.naming_convention;
            self->op.ops.push_back(std::move(built));
            return py::Value();
        });
    }
};

py::Value batch_alter_table(ScriptRuntime::Impl& rt, py::CallArgs& a) {
    Args args = rt.bridge->to_args(a);
    BatchAlterTableOp op;
    op.loc = a.loc;
    const declarative::Value* name = args.get("table_name", 0);
    if (!name || !name->is(K::String)) rt.reader->fail("batch_alter_table() takes the table name first", a.loc);
    op.table.name = name->text;
    if (const auto* s = args.get("schema", 1); s && s->is(K::String)) op.table.schema = s->text;
    if (const auto* r = args.get("recreate", 2); r && r->is(K::String)) {
        if (r->text != "auto" && r->text != "always" && r->text != "never")
            rt.reader->fail("recreate must be 'auto', 'always' or 'never'", r->loc);
        op.recreate = r->text;
    }
    if (const auto* nc = args.get("naming_convention"); nc && !nc->is(K::None)) {
        if (!nc->is(K::Dict)) rt.reader->fail("naming_convention must be a dict such as {'uq': 'uq_%(table_name)s_%(column_0_name)s'}", nc->loc);
        for (size_t i = 0; i + 1 < nc->items.size(); i += 2) {
            if (!nc->items[i].is(K::String) || !nc->items[i + 1].is(K::String))
                rt.reader->fail("naming_convention must map 'uq', 'fk', 'ck', 'ix' or 'pk' to a template string",
                                nc->items[i].loc);
            op.naming_convention.emplace_back(nc->items[i].text, nc->items[i + 1].text);
        }
    }
    if (const auto* c = args.get("copy_from"); c && !c->is(K::None))
        rt.reader->fail("batch_alter_table(copy_from=...) cannot be read by orm; it reflects the table itself", c->loc);
    // table_args / reflect_args restore constraints SQLite's reflection in
    // Alembic misses; orm reads them from the table's CREATE TABLE text.
    return py::Value(new BatchObject(rt, std::move(op)));
}

// ------------------------------------------------------------------ migration context

// op.get_context().autocommit_block(): commits the revision's transaction,
// runs the block outside any (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD
// VALUE on old servers), and begins a new one after it.
struct AutocommitBlock : py::HostObject {
    explicit AutocommitBlock(ScriptRuntime::Impl& r) : rt(r) {}
    ScriptRuntime::Impl& rt;
    std::string type_name() const override { return "_GeneratorContextManager"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        py::Ref<AutocommitBlock> self(this);
        if (name == "__enter__")
            return native("autocommit_block.__enter__", [self](py::Interpreter&, py::CallArgs& a) {
                self->rt.context_for("autocommit_block", a.loc).begin_autocommit(a.loc);
                return py::Value();
            });
        if (name == "__exit__")
            return native("autocommit_block.__exit__", [self](py::Interpreter&, py::CallArgs& a) {
                if (self->rt.ctx) self->rt.ctx->end_autocommit();
                return py::Value::boolean(false);
            });
        return std::nullopt;
    }
};

// The MigrationContext of op.get_context() / context.get_context(), or
// (is_impl) the DefaultImpl of context.get_impl() and MigrationContext.impl:
// both give the bind, the dialect, as_sql and execute(); the context also
// autocommit_block() and opts.
struct MigrationContextObject : py::HostObject {
    explicit MigrationContextObject(ScriptRuntime::Impl& r, bool impl = false) : rt(r), is_impl(impl) {}
    ScriptRuntime::Impl& rt;
    bool is_impl;
    std::string type_name() const override { return is_impl ? "DefaultImpl" : "MigrationContext"; }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override {
        OpContext& ctx = rt.context_for(is_impl ? "get_impl" : "get_context", in.current_location());
        ScriptRuntime::Impl* r = &rt;
        if (name == "impl" && !is_impl) return py::Value(new MigrationContextObject(rt, true));
        if (is_impl && (name == "autocommit_block" || name == "opts")) return std::nullopt;
        if (name == "autocommit_block")
            return native("MigrationContext.autocommit_block", [r](py::Interpreter&, py::CallArgs&) {
                return py::Value(new AutocommitBlock(*r));
            });
        if (name == "dialect") return dialect_object(ctx.dialect());
        if (name == "bind" || name == "connection") return bind_object(rt, in.current_location());
        if (name == "as_sql") return py::Value::boolean(ctx.offline());
        if (name == "opts") return configure_opts(rt, ctx.offline(), in.current_location());
        if (name == "execute")
            return native("MigrationContext.execute", [r](py::Interpreter& in, py::CallArgs& a) {
                const py::Value* sql = arg(a, "sql", 0);
                if (!sql) in.raise(in.exc.TypeError, "execute() missing required argument: 'sql'", a.loc);
                return execute_statement(*r, *sql, py::Value(), a.loc, true);
            });
        return std::nullopt;
    }
};

// ------------------------------------------------------------------ alembic.op

py::Value execute_op(ScriptRuntime::Impl& rt, py::CallArgs& a) {
    check_args(*rt.in, a, "execute", 0, 2, {"sqltext", "execution_options"});
    const py::Value* sql = arg(a, "sqltext", 0);
    if (!sql) rt.in->raise(rt.in->exc.TypeError, "execute() missing 1 required positional argument: 'sqltext'", a.loc);
    execute_statement(rt, *sql, py::Value(), a.loc, true);
    return py::Value();
}

py::Value bulk_insert_op(ScriptRuntime::Impl& rt, py::CallArgs& a) {
    check_args(*rt.in, a, "bulk_insert", 0, 3, {"table", "rows", "multiinsert"});
    const py::Value* table = arg(a, "table", 0);
    const py::Value* rows = arg(a, "rows", 1);
    if (!table || !rows) rt.in->raise(rt.in->exc.TypeError, "bulk_insert() takes a table and a list of rows", a.loc);
    std::optional<TableRef> ref = table ? core_table_ref(*table) : std::nullopt;
    if (!ref) rt.reader->fail("bulk_insert() takes a table made by sa.table(...), sa.Table(...) or op.create_table(...)", a.loc);
    declarative::Value decl = rt.bridge->to_decl(*rows, a.loc, a.pos_expr(1));
    BulkInsertOp op = rt.builder().bulk_insert(*ref, decl, a.loc);
    if (const schema::Table* t = core_table_schema(*table)) op.given = *t;
    rt.context_for("bulk_insert", a.loc).run(op);
    return py::Value();
}

py::Value op_call(ScriptRuntime::Impl& rt, const std::string& name, py::CallArgs& a) {
    py::Interpreter& in = *rt.in;
    if (name == "f") {
        const py::Value* v = arg(a, "name", 0);
        const std::string* s = v ? py::str_of(*v) : nullptr;
        if (!s) in.raise(in.exc.TypeError, "f() takes a name string", a.loc);
        rt.conventional.insert(*s);
        return *v;
    }
    if (name == "inline_literal") {
        const py::Value* v = arg(a, "value", 0);
        if (!v) in.raise(in.exc.TypeError, "inline_literal() missing required argument: 'value'", a.loc);
        return *v;
    }
    OpContext& ctx = rt.context_for(name, a.loc);
    if (name == "get_bind") return bind_object(rt, a.loc);
    if (name == "get_context") return py::Value(new MigrationContextObject(rt));
    if (name == "batch_alter_table") return batch_alter_table(rt, a);
    if (name == "execute") return execute_op(rt, a);
    if (name == "bulk_insert") return bulk_insert_op(rt, a);
    if (name == "sync_enum_values") {
        for (auto& op : sync_enum_values_ops(rt, a)) ctx.run(op);
        return py::Value();
    }
    Args args = rt.bridge->to_args(a);
    MigrationOp op = rt.builder().build(name, std::move(args), a.loc);
    ctx.run(op);
    if (auto* create = std::get_if<CreateTableOp>(&op.as_variant())) return core_table_for(rt, create->table);
    return py::Value();
}

std::optional<py::Value> op_attribute(ScriptRuntime::Impl& rt, py::ModuleObject& m, std::string_view name_view) {
    std::string name(name_view);
    static const std::set<std::string> extra = {"f", "inline_literal", "get_bind", "get_context", "batch_alter_table",
                                                "execute", "bulk_insert", "sync_enum_values"};
    // Alembic's operations orm does not run: an error at the call, when it runs.
    static const std::set<std::string> unimplemented = {"create_exclude_constraint", "invoke", "run_async",
                                                        "alter_table_comment"};
    if (unimplemented.count(name)) {
        py::Value fn = native("alembic.op." + name, [name](py::Interpreter&, py::CallArgs& a) -> py::Value {
            throw InputError("op." + name + "() is not one of the operations orm runs (SPEC §4)",
                             a.loc.file ? a.loc.file->shared_from_this() : nullptr, a.loc);
        });
        m.dict->set_str(name, fn);
        return fn;
    }
    if (auto entity_op = alembic_utils_operation(rt, name)) {
        m.dict->set_str(name, *entity_op);
        return entity_op;
    }
    if (!OpBuilder::known(name) && !extra.count(name)) {
        // Decorators third-party operations register with: they return what they decorate.
        if (name == "register_operation" || name == "implementation_for")
            return native("alembic.op." + name, [](py::Interpreter&, py::CallArgs&) {
                return native("decorator", [](py::Interpreter&, py::CallArgs& d) { return d.pos.empty() ? py::Value() : d.pos[0]; });
            });
        return std::nullopt;
    }
    ScriptRuntime::Impl* r = &rt;
    py::Value fn = native("alembic.op." + name, [r, name](py::Interpreter&, py::CallArgs& a) { return op_call(*r, name, a); });
    m.dict->set_str(name, fn);
    return fn;
}

// ------------------------------------------------------------------ alembic.context

struct ConfigObject : py::HostObject {
    explicit ConfigObject(ScriptRuntime::Impl& r) : rt(r) {}
    ScriptRuntime::Impl& rt;
    py::Ref<py::DictObject> attributes = py::make_dict();
    std::string type_name() const override { return "Config"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        ScriptRuntime::Impl* r = &rt;
        if (name == "get_main_option")
            return native("Config.get_main_option", [r](py::Interpreter& in, py::CallArgs& a) {
                const py::Value* n = arg(a, "name", 0);
                const std::string* s = n ? py::str_of(*n) : nullptr;
                if (!s) in.raise(in.exc.TypeError, "get_main_option() takes an option name", a.loc);
                auto it = r->options.main_options.find(*s);
                if (it != r->options.main_options.end()) return py::make_str(it->second);
                const py::Value* d = arg(a, "default", 1);
                return d ? *d : py::Value();
            });
        if (name == "get_section_option")
            return native("Config.get_section_option", [](py::Interpreter&, py::CallArgs& a) {
                const py::Value* d = arg(a, "default", 2);
                return d ? *d : py::Value();
            });
        if (name == "get_section") return native("Config.get_section", [](py::Interpreter&, py::CallArgs& a) {
            const py::Value* d = arg(a, "default", 1);
            return d ? *d : py::Value(py::make_dict());
        });
        if (name == "set_main_option" || name == "set_section_option") return none_fn("Config." + std::string(name));
        if (name == "config_file_name") return py::make_str(rt.options.config_file_name);
        if (name == "config_ini_section") return py::make_str("alembic");
        if (name == "attributes") return py::Value(attributes);
        if (name == "cmd_opts") return py::Value();
        return std::nullopt;
    }
};

py::Value x_arguments(ScriptRuntime::Impl& rt, py::CallArgs& a) {
    const py::Value* as_dict = arg(a, "as_dictionary", 0);
    if (as_dict && rt.in->truthy(*as_dict, a.loc)) {
        py::Ref<py::DictObject> d = py::make_dict();
        for (auto& x : rt.options.x_arguments) {
            auto eq = x.find('=');
            d->set_str(x.substr(0, eq), py::make_str(eq == std::string::npos ? "" : x.substr(eq + 1)));
        }
        return py::Value(d);
    }
    std::vector<py::Value> out;
    for (auto& x : rt.options.x_arguments) out.push_back(py::make_str(x));
    return py::make_list(std::move(out));
}

std::optional<py::Value> context_attribute(ScriptRuntime::Impl& rt, std::string_view name) {
    ScriptRuntime::Impl* r = &rt;
    if (name == "is_offline_mode")
        return native("alembic.context.is_offline_mode", [r](py::Interpreter&, py::CallArgs&) {
            return py::Value::boolean(r->ctx && r->ctx->offline());
        });
    if (name == "config") return py::Value(new ConfigObject(rt));
    if (name == "get_x_argument")
        return native("alembic.context.get_x_argument", [r](py::Interpreter&, py::CallArgs& a) { return x_arguments(*r, a); });
    if (name == "get_context")
        return native("alembic.context.get_context", [r](py::Interpreter&, py::CallArgs& a) {
            r->context_for("get_context", a.loc);
            return py::Value(new MigrationContextObject(*r));
        });
    if (name == "get_impl")
        return native("alembic.context.get_impl", [r](py::Interpreter&, py::CallArgs& a) {
            r->context_for("get_impl", a.loc);
            return py::Value(new MigrationContextObject(*r, true));
        });
    if (name == "get_bind")
        return native("alembic.context.get_bind", [r](py::Interpreter&, py::CallArgs& a) { return bind_object(*r, a.loc); });
    if (name == "execute")
        return native("alembic.context.execute", [r](py::Interpreter& in, py::CallArgs& a) {
            const py::Value* sql = arg(a, "sql", 0);
            if (!sql) in.raise(in.exc.TypeError, "execute() missing required argument: 'sql'", a.loc);
            return execute_statement(*r, *sql, py::Value(), a.loc, true);
        });
    if (name == "get_revision_argument" || name == "get_starting_revision_argument" || name == "get_tag_argument")
        return none_fn("alembic.context." + std::string(name));
    if (name == "is_transactional_ddl")
        return native("alembic.context.is_transactional_ddl", [](py::Interpreter&, py::CallArgs&) { return py::Value::boolean(true); });
    return std::nullopt;
}

// alembic.operations: Operations (third-party operations register on it) and ops.MigrateOperation.
void fill_operations(ScriptRuntime::Impl& rt, py::ModuleObject& m) {
    py::Interpreter& in = *rt.in;
    py::Ref<py::ClassObject> operations = in.make_class("Operations", {}, "alembic.operations");
    auto decorator_factory = [](const std::string& n) {
        return py::Value(new py::ClassMethodObject(native("Operations." + n, [](py::Interpreter&, py::CallArgs&) {
            return native("decorator", [](py::Interpreter&, py::CallArgs& d) { return d.pos.empty() ? py::Value() : d.pos[0]; });
        })));
    };
    operations->dict->set_str("register_operation", decorator_factory("register_operation"));
    operations->dict->set_str("implementation_for", decorator_factory("implementation_for"));
    m.dict->set_str("Operations", py::Value(operations));
    m.dict->set_str("BatchOperations", py::Value(in.make_class("BatchOperations", {operations}, "alembic.operations")));
    py::Ref<py::ClassObject> migrate_op = in.make_class("MigrateOperation", {}, "alembic.operations.ops");
    m.dict->set_str("MigrateOperation", py::Value(migrate_op));
}

}  // namespace

void register_alembic_modules(ScriptRuntime::Impl& rt) {
    py::Interpreter& in = *rt.in;
    ScriptRuntime::Impl* r = &rt;
    in.register_module("alembic", [](py::Interpreter& in, py::ModuleObject& m) {
        m.dict->set_str("__version__", py::make_str("1.8.1"));
        m.fallback = [&in](py::Interpreter&, std::string_view name) -> std::optional<py::Value> {
            if (name == "op" || name == "context" || name == "operations")
                return py::Value(in.import_module("alembic." + std::string(name), {}));
            return std::nullopt;
        };
    });
    in.register_module("alembic.op", [r](py::Interpreter&, py::ModuleObject& m) {
        py::ModuleObject* self = &m;
        m.fallback = [r, self](py::Interpreter&, std::string_view name) { return op_attribute(*r, *self, name); };
    });
    in.register_module("alembic.context", [r](py::Interpreter&, py::ModuleObject& m) {
        m.fallback = [r](py::Interpreter&, std::string_view name) { return context_attribute(*r, name); };
    });
    in.register_module("alembic.operations", [r](py::Interpreter&, py::ModuleObject& m) { fill_operations(*r, m); });
    in.register_module("alembic.operations.ops", [r](py::Interpreter&, py::ModuleObject& m) { fill_operations(*r, m); });
    register_enum_sync_module(rt);
}

}  // namespace orm::migrate
