#include "orm/migrate/script_runtime.hpp"

#include <filesystem>
#include <iostream>
#include <string_view>

#include "orm/core/error.hpp"
#include "orm/core/digest.hpp"
#include "orm/migrate/script_runtime_impl.hpp"
#include "orm/python/parser.hpp"

namespace orm::migrate {

namespace py = orm::python;
namespace fs = std::filesystem;

namespace {

thread_local ScriptRuntime::Impl* g_runtime = nullptr;

// A Python exception escaping revision code: an InputError at the innermost
// frame, with the frames it passed through.
[[noreturn]] void rethrow_python(const py::PythonException& e) {
    std::string trace;
    for (auto& t : e.trace)
        if (t.loc.file) trace += "\n  called from " + format_position(*t.loc.file, t.loc) + " (in " + t.function + ")";
    if (e.location().file) throw InputError(e.message(), e.location().file->shared_from_this(), e.location(), trace);
    throw InputError(e.message() + trace);
}

// The module name Alembic gives a revision file: its file name with every
// non-word character an underscore ("abc_add_x.py" -> "abc_add_x_py").
std::string module_name_of(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
    return "orm_revision." + name;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// Alembic's Script.doc (the docstring's first paragraph) and its "Create Date:".
void read_docstring(const py::Module& module, Revision& rev) {
    if (!module.docstring) return;
    std::string doc = trim(*module.docstring);
    rev.doc = doc;
    auto para = doc.find("\n\n");
    rev.message = para == std::string::npos ? doc : doc.substr(0, para);
    // The first line that starts with "Create Date: " (a scan, not a regex: a
    // docstring is as long as its author made it).
    static constexpr std::string_view kDate = "Create Date: ";
    for (size_t at = 0; at < doc.size();) {
        size_t end = doc.find('\n', at);
        if (end == std::string::npos) end = doc.size();
        if (std::string_view(doc).substr(at, end - at).starts_with(kDate)) {
            rev.create_date = trim(doc.substr(at + kDate.size(), end - at - kDate.size()));
            break;
        }
        at = end + 1;
    }
}

// Where `name = ...` is assigned at module level (the last such statement), or an unknown location.
SourceLocation assignment_of(const py::Module& module, const std::string& name) {
    SourceLocation at;
    for (auto& s : module.body) {
        const py::Expr* target = nullptr;
        if (auto* a = s->as<py::Assign>(); a && a->targets.size() == 1) target = a->targets[0].get();
        if (auto* a = s->as<py::AnnAssign>(); a && a->value) target = a->target.get();
        if (auto* n = target ? target->as<py::Name>() : nullptr; n && n->id == name) at = s->loc;
    }
    return at;
}

// down_revision / branch_labels / depends_on: None, a string, or a tuple or list of strings.
std::vector<std::string> identifiers(py::Interpreter& in, const py::Value* v, const std::string& what, bool* is_tuple,
                                     const Revision& rev, SourceLocation at) {
    if (!v || v->is_none()) return {};
    if (const std::string* s = py::str_of(*v)) return {*s};
    if (!v->is(py::ObjKind::Tuple) && !v->is(py::ObjKind::List))
        throw InputError(what + " must be None, a string, or a tuple of strings (got " + in.type_name(*v) + ")",
                         rev.source, at.known() ? at : rev.id_loc);
    if (is_tuple) *is_tuple = true;
    std::vector<std::string> out;
    for (auto& x : in.to_vector(*v, at)) {
        const std::string* s = py::str_of(x);
        if (!s)
            throw InputError(what + " must list revision identifiers as strings (got " + in.type_name(x) + ")",
                             rev.source, at.known() ? at : rev.id_loc);
        out.push_back(*s);
    }
    return out;
}

// While one revision's code runs: the runtime and bridge current, its
// context set, and the Reader holding that revision's own declarations.
struct RunScope {
    ScriptRuntime::Impl& rt;
    ScriptRuntime::Impl* previous_runtime;
    declarative::Bridge* previous_bridge;
    RevisionModels& models;
    declarative::ModelsFile* saved_out;
    int saved_owner;
    RunScope(ScriptRuntime::Impl& r, OpContext* ctx, const Revision* rev, bool upgrade, const std::string& path)
        : rt(r), previous_runtime(g_runtime), previous_bridge(declarative::current_bridge()),
          models(models_of(r, path)), saved_out(r.reader->out), saved_owner(r.reader->owning_metadata) {
        g_runtime = &rt;
        declarative::set_current_bridge(rt.bridge.get());
        rt.ctx = ctx;
        rt.running = rev;
        ++rt.run_serial;
        rt.running_upgrade = upgrade;
        declarative::Reader& reader = *rt.reader;
        reader.out = &models.file;
        reader.owning_metadata = models.owning_metadata;
        std::swap(reader.pending_fks, models.pending_fks);
        std::swap(reader.floating_constraints, models.floating_constraints);
        std::swap(reader.table_columns, models.table_columns);
    }
    ~RunScope() {
        declarative::Reader& reader = *rt.reader;
        models.owning_metadata = reader.owning_metadata;
        std::swap(reader.pending_fks, models.pending_fks);
        std::swap(reader.floating_constraints, models.floating_constraints);
        std::swap(reader.table_columns, models.table_columns);
        reader.out = saved_out;
        reader.owning_metadata = saved_owner;
        rt.ctx = nullptr;
        rt.running = nullptr;
        g_runtime = previous_runtime;
        declarative::set_current_bridge(previous_bridge);
    }
    static RevisionModels& models_of(ScriptRuntime::Impl& r, const std::string& path) {
        auto& slot = r.revision_models[path];
        if (!slot) slot = std::make_unique<RevisionModels>();
        return *slot;
    }
};

// Records what a revision does, without a database.
class RecordingContext : public OpContext {
public:
    explicit RecordingContext(const std::string& dialect) : dialect_(dialect::get_dialect(dialect)) {
        state_.dialect = dialect;
    }
    std::vector<MigrationOp> ops;
    void run(const MigrationOp& op) override { ops.push_back(op); }
    bool offline() const override { return true; }
    const dialect::Dialect& dialect() const override { return dialect_; }
    const SchemaState& state() override { return state_; }
    void begin_autocommit(SourceLocation) override {}
    void end_autocommit() override {}

private:
    const dialect::Dialect& dialect_;
    SchemaState state_;
};

// The identifiers of a revision file whose module could not run, from its
// text: `name = 'id'` / None / a tuple or list of strings at module level.
Revision load_statically(Revision& rev) {
    py::Module module = py::parse_module(rev.source);
    read_docstring(module, rev);
    rev.id_loc = assignment_of(module, "revision");
    rev.down_revision_loc = assignment_of(module, "down_revision");
    auto literal = [&](const std::string& name, bool* is_tuple) -> std::optional<std::vector<std::string>> {
        for (auto& s : module.body) {
            const py::Expr* target = nullptr;
            const py::Expr* value = nullptr;
            if (auto* a = s->as<py::Assign>(); a && a->targets.size() == 1) target = a->targets[0].get(), value = a->value.get();
            if (auto* a = s->as<py::AnnAssign>(); a && a->value) target = a->target.get(), value = a->value.get();
            auto* n = target ? target->as<py::Name>() : nullptr;
            if (!n || n->id != name) continue;
            if (auto* c = value->as<py::Constant>()) {
                if (c->value_kind == py::ConstantKind::None) return std::vector<std::string>{};
                if (c->is_string()) return std::vector<std::string>{c->value};
            }
            const std::vector<py::ExprPtr>* elts = nullptr;
            if (auto* t = value->as<py::Tuple>()) elts = &t->elts;
            if (auto* l = value->as<py::List>()) elts = &l->elts;
            if (!elts) return std::nullopt;
            if (is_tuple) *is_tuple = true;
            std::vector<std::string> out;
            for (auto& x : *elts) {
                auto* c = x->as<py::Constant>();
                if (!c || !c->is_string()) return std::nullopt;
                out.push_back(c->value);
            }
            return out;
        }
        return std::vector<std::string>{};
    };
    auto id = literal("revision", nullptr);
    if (!id || id->size() != 1) std::rethrow_exception(rev.load_error);
    rev.id = (*id)[0];
    auto down = literal("down_revision", &rev.down_revision_is_tuple);
    auto labels = literal("branch_labels", nullptr);
    auto deps = literal("depends_on", nullptr);
    if (!down || !labels || !deps) std::rethrow_exception(rev.load_error);
    rev.down_revisions = *down;
    rev.branch_labels = *labels;
    rev.depends_on = *deps;
    return rev;
}

}  // namespace

ScriptRuntime::Impl* current_runtime() { return g_runtime; }
void set_current_runtime(ScriptRuntime::Impl* rt) { g_runtime = rt; }

OpContext* current_op_context() { return g_runtime ? g_runtime->ctx : nullptr; }

OpContext& ScriptRuntime::Impl::context_for(const std::string& what, SourceLocation loc) {
    if (!ctx)
        in->raise(in->exc.NameError,
                  "Can't invoke function '" + what + "', as the proxy object has not yet been established for the "
                  "Alembic 'Operations' class.  Try placing this code inside a callable.", loc);
    return *ctx;
}

void ScriptRuntime::Impl::run(const MigrationOp& op) {
    OpContext& c = context_for(op_name(op), {});
    c.run(op);
}

ScriptRuntime::ScriptRuntime(ScriptOptions options) : impl_(std::make_unique<Impl>()) {
    Impl& rt = *impl_;
    rt.options = std::move(options);
    py::InterpreterOptions io;
    if (rt.options.getenv) io.getenv = rt.options.getenv;
    io.strict_opaque = rt.options.strict;
    // Data migrations loop over rows: a budget for whole histories, still a bound.
    io.step_budget = 4'000'000'000ULL;
    if (rt.options.print) io.print = rt.options.print;
    rt.in = std::make_unique<py::Interpreter>(io);
    // A data migration stamps rows with datetime.now() and makes uuid4() keys, as under Alembic.
    rt.in->allow_clock_and_randomness();
    for (auto& root : rt.options.roots) rt.in->add_root(root);
    rt.reader = std::make_unique<declarative::Reader>();
    rt.reader->out = &rt.scratch;
    rt.bridge = std::make_unique<declarative::Bridge>(*rt.reader, *rt.in, rt.options.dialect);
    declarative::register_sqlalchemy_modules(*rt.bridge);
    declarative::register_flask_modules(*rt.bridge);
    declarative::register_sqlmodel_modules(*rt.bridge);
    py::Ref<py::ModuleObject> e = rt.in->import_module("enum", {});
    if (const py::Value* base = e->dict->find_str("Enum")) rt.bridge->enum_base = base->as<py::ClassObject>();
    rt.metadata = rt.reader->new_metadata({});
    register_alembic_modules(rt);
    register_core_names(rt);
    register_orm_session(rt);
    register_alembic_utils(rt);
}

ScriptRuntime::~ScriptRuntime() = default;

const ScriptOptions& ScriptRuntime::options() const { return impl_->options; }
python::Interpreter& ScriptRuntime::interpreter() { return *impl_->in; }
declarative::Bridge& ScriptRuntime::bridge() { return *impl_->bridge; }
const std::set<std::string>& ScriptRuntime::f_names() const { return impl_->conventional; }
std::vector<std::string> ScriptRuntime::warnings() const { return impl_->in->warnings(); }

Revision ScriptRuntime::load(std::shared_ptr<const SourceFile> source, const std::shared_ptr<ScriptRuntime>& self) {
    Impl& rt = *impl_;
    Revision rev;
    rev.source = source;
    rev.path = source->name();
    rev.sha256 = digest::sha256_hex(source->text());
    rev.runtime = self;
    RunScope scope(rt, nullptr, nullptr, true, rev.path);
    rt.conventional.clear();
    py::Ref<py::ModuleObject> m;
    // An error inside a project module the revision imports (orm cannot run
    // some code there) is deferred to when the revision runs: its
    // identifiers are read from its text, so the history still lists.
    auto elsewhere = [&](const SourceFile* file) { return file && file->name() != rev.path; };
    try {
        try {
            if (!rt.site_imported) {
                rt.site_imported = true;
                try {
                    rt.in->import_site_customize();
                } catch (...) {
                    rt.site_error = std::current_exception();
                }
            }
            if (rt.site_error) std::rethrow_exception(rt.site_error);
            std::string dir = fs::path(rev.path).parent_path().string();
            m = rt.in->run_file(module_name_of(rev.path), source, false, dir);
        } catch (const py::PythonException& e) {
            rethrow_python(e);
        }
    } catch (const InputError& e) {
        if (!elsewhere(e.file().get())) throw;
        rev.load_error = std::current_exception();
        return load_statically(rev);
    }
    rev.module = py::Value(m);
    rev.f_names = rt.conventional;
    read_docstring(*m->ast, rev);
    rev.id_loc = assignment_of(*m->ast, "revision");
    rev.down_revision_loc = assignment_of(*m->ast, "down_revision");
    const py::Value* id = m->dict->find_str("revision");
    const std::string* id_text = id ? py::str_of(*id) : nullptr;
    if (!id_text)
        throw InputError("not a revision file: no `revision = '...'` identifier (Alembic needs one in every file of "
                         "versions/)", source, rev.id_loc.known() ? rev.id_loc : SourceLocation{1, 1, 1, 1});
    rev.id = *id_text;
    py::Interpreter& in = *rt.in;
    rev.down_revisions = identifiers(in, m->dict->find_str("down_revision"), "down_revision",
                                     &rev.down_revision_is_tuple, rev, rev.down_revision_loc);
    rev.branch_labels = identifiers(in, m->dict->find_str("branch_labels"), "branch_labels", nullptr, rev,
                                    assignment_of(*m->ast, "branch_labels"));
    rev.depends_on = identifiers(in, m->dict->find_str("depends_on"), "depends_on", nullptr, rev,
                                 assignment_of(*m->ast, "depends_on"));
    return rev;
}

void ScriptRuntime::run(const Revision& rev, bool upgrade, OpContext& ctx) {
    Impl& rt = *impl_;
    if (rev.load_error) std::rethrow_exception(rev.load_error);
    auto* m = rev.module.as<py::ModuleObject>();
    const char* name = upgrade ? "upgrade" : "downgrade";
    const py::Value* fn = m ? m->dict->find_str(name) : nullptr;
    if (!fn) throw InputError(std::string("revision file has no `def ") + name + "():`", rev.source, rev.id_loc);
    RunScope scope(rt, &ctx, &rev, upgrade, rev.path);
    rt.conventional = rev.f_names;
    try {
        rt.in->call(*fn, {}, rev.id_loc);
    } catch (const py::PythonException& e) {
        rethrow_python(e);
    }
}

std::vector<MigrationOp> record_operations(const Revision& rev, bool upgrade, const std::string& dialect) {
    if (!rev.runtime) return upgrade ? rev.upgrade_ops : rev.downgrade_ops;
    RecordingContext ctx(dialect);
    rev.runtime->run(rev, upgrade, ctx);
    return std::move(ctx.ops);
}

}  // namespace orm::migrate
