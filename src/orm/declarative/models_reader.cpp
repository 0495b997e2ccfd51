// Loading models: the project's modules run on the interpreter, with
// SQLAlchemy's (and Flask-SQLAlchemy's) APIs native; declarative bases map
// classes as their class statements finish; once every module has run,
// foreign keys are resolved (targets may come later, or from another
// module) and naming conventions applied. Never a silently wrong schema: a
// class with a table on a base orm cannot resolve, or a models path that
// maps no table, is an error with its location.
#include "orm/declarative/models_reader.hpp"

#include <algorithm>
#include <filesystem>

#include "orm/core/error.hpp"
#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/declarative/reader.hpp"
#include "orm/schema/naming.hpp"

namespace orm::declarative {

namespace fs = std::filesystem;
namespace py = orm::python;
using K = Value::Kind;

// Everything a load keeps alive after it returns: Python-side defaults are
// functions of the interpreter, called when a seed needs them.
struct ModelsRuntime {
    std::unique_ptr<py::Interpreter> interp;
    ModelsFile scratch;  // unused: the Reader needs an output while it is made
    std::unique_ptr<Reader> reader;
    std::unique_ptr<Bridge> bridge;
};

namespace {

// ------------------------------------------------------------------ Reader helpers

// Byte offset of 1-based character column `col` in `line`.
size_t byte_offset(std::string_view line, int col) {
    size_t i = 0;
    for (int c = 1; c < col && i < line.size(); ++c) {
        ++i;
        while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
}

std::string dotted(const fs::path& relative) {
    std::string out;
    for (auto& part : relative) {
        std::string p = part.string();
        if (p == "__init__.py") break;
        if (p.size() > 3 && p.compare(p.size() - 3, 3, ".py") == 0) p = p.substr(0, p.size() - 3);
        out += (out.empty() ? "" : ".") + p;
    }
    return out;
}

// The project root of a models path: the first directory, from the path's
// own (a file's parent) upwards, that is not a package (has no __init__.py).
fs::path project_root_of(const fs::path& path, bool is_dir) {
    fs::path dir = is_dir ? path : path.parent_path();
    if (dir.empty()) dir = ".";
    while (fs::exists(dir / "__init__.py")) {
        fs::path parent = fs::absolute(dir).parent_path();
        if (parent == fs::absolute(dir)) break;
        dir = parent;
    }
    return dir;
}

// Every module file under a package directory, as dotted names, sorted.
std::vector<std::string> modules_under(const fs::path& root, const fs::path& dir) {
    std::vector<std::string> out;
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path& p = it->path();
        std::string name = p.filename().string();
        if (it->is_directory() && (name == "__pycache__" || name.rfind('.', 0) == 0)) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && p.extension() == ".py") files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    for (auto& f : files) out.push_back(dotted(fs::relative(f, root)));
    return out;
}

// True for a location in the Python source of a module orm implements in
// Python (flask_sqlalchemy, sqlmodel, ...): no file of the user's.
bool in_orm_source(const SourceLocation& loc) { return loc.file && loc.file->name().rfind("<orm>/", 0) == 0; }

// An error raised inside such a module is the user's at the innermost line
// of their own code that led there (SQLModel's field reading runs in
// `<orm>/sqlmodel.py` for a class statement of theirs).
[[noreturn]] void rethrow_python(const py::PythonException& e) {
    SourceLocation at = e.location();
    std::size_t first = 0;
    if (in_orm_source(at))
        for (std::size_t i = 0; i < e.trace.size(); ++i)
            if (e.trace[i].loc.file && !in_orm_source(e.trace[i].loc)) {
                at = e.trace[i].loc;
                first = i + 1;
                break;
            }
    std::string trace;
    for (std::size_t i = first; i < e.trace.size(); ++i)
        if (const auto& t = e.trace[i]; t.loc.file)
            trace += "\n  called from " + format_position(*t.loc.file, t.loc) + " (in " + t.function + ")";
    if (at.file) throw InputError(e.message(), at.file->shared_from_this(), at, trace);
    throw InputError(e.message() + trace);
}

std::unique_ptr<ModelsRuntime> make_runtime(const LoadOptions& options) {
    auto rt = std::make_unique<ModelsRuntime>();
    py::InterpreterOptions io;
    if (options.getenv) io.getenv = options.getenv;
    io.strict_opaque = options.strict;
    rt->interp = std::make_unique<py::Interpreter>(io);
    rt->reader = std::make_unique<Reader>();
    rt->bridge = std::make_unique<Bridge>(*rt->reader, *rt->interp, options.dialect);
    register_sqlalchemy_modules(*rt->bridge);
    register_flask_modules(*rt->bridge);
    register_sqlmodel_modules(*rt->bridge);
    py::Ref<py::ModuleObject> e = rt->interp->import_module("enum", {});
    if (const py::Value* base = e->dict->find_str("Enum")) rt->bridge->enum_base = base->as<py::ClassObject>();
    return rt;
}

// The constraint a naming-convention function receives: what SQLAlchemy's
// Constraint and Index give such functions (columns, name, unique, table).
struct ConstraintForNaming : py::HostObject {
    ConstraintForNaming(Bridge& b, const schema::Table& t, const schema::ConventionSubject& s) : bridge(b), table(t), subject(s) {}
    Bridge& bridge;
    const schema::Table& table;
    const schema::ConventionSubject& subject;
    std::string type_name() const override { return "Constraint"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        if (name == "columns" || name == "expressions") {
            std::vector<py::Value> cols;
            for (const schema::Column* c : subject.columns) {
                if (auto decl = bridge.r.table_column(table.fullname(), c->key.empty() ? c->name : c->key)) {
                    Value v = Value::make(K::Column, subject.loc);
                    v.column = decl;
                    cols.push_back(bridge.to_py(v));
                } else {
                    cols.push_back(py::make_str(c->name));
                }
            }
            return py::make_list(std::move(cols));
        }
        if (name == "name") return subject.name ? py::make_str(*subject.name) : py::Value();
        if (name == "unique") return py::Value::boolean(subject.unique);
        if (name == "table") {
            Value t = Value::make(K::Table, subject.loc);
            t.text = table.fullname();
            return bridge.to_py(t);
        }
        if (name == "referred_table") {
            Value t = Value::make(K::Table, subject.loc);
            t.text = subject.referred_table;
            return bridge.to_py(t);
        }
        return std::nullopt;
    }
};

// The checks and resolutions that need every module: foreign keys, naming
// conventions, classes left unmapped on bases orm could not run.
void finish(ModelsRuntime& rt, ModelsFile& out) {
    Reader& r = *rt.reader;
    resolve_foreign_keys(r);
    if (r.owning_metadata >= 0) {
        const MetaDataInstance& md = r.metadatas[static_cast<size_t>(r.owning_metadata)];
        out.metadata.schema = md.schema;
        out.metadata.naming_convention = md.naming_convention;
        Bridge* bridge = rt.bridge.get();
        for (auto& [token, fn] : md.naming_functions) {
            py::Value f = fn;
            out.metadata.naming_tokens[token] = [bridge, f](const schema::Table& t, const schema::ConventionSubject& s) {
                py::Value constraint(new ConstraintForNaming(*bridge, t, s));
                Value tv = Value::make(K::Table, s.loc);
                tv.text = t.fullname();
                py::Value result = bridge->in.call(f, {constraint, bridge->to_py(tv)}, s.loc);
                const std::string* text = py::str_of(result);
                if (!text) bridge->r.fail("a naming_convention function returned " + bridge->in.type_name(result) + ", not a string", s.loc);
                return *text;
            };
        }
    }
    schema::apply_naming_conventions(out.metadata);
    for (auto& cls : rt.interp->classes()) {
        if (cls->opaque_bases.empty()) continue;
        if (!cls->dict->find_str("__tablename__") && !cls->dict->find_str("__table__")) continue;
        ClassInfo* info = rt.bridge->info_of(*cls);
        if (info->kind == ClassInfo::Kind::Mapped) continue;
        r.fail("class " + cls->name + " declares a table, but its base '" + cls->opaque_bases.front() +
                   "' comes from a module orm does not run, so orm cannot tell whether it is a declarative base "
                   "(import the base from your project or SQLAlchemy, or give orm the schema as JSON with "
                   "--models schema.json)",
               cls->loc);
    }
    out.engine_url = r.engine_url;
    out.engine_url_loc = r.engine_url_loc;
    out.engine_url_problem = r.engine_url_problem;
    out.modules_read = rt.interp->files_read();
    out.environment_reads = rt.interp->environment_reads();
    out.warnings = rt.interp->warnings();
}

ModelsFile run_load(const LoadOptions& options, const std::function<void(ModelsRuntime&)>& body) {
    auto rt = make_runtime(options);
    ModelsFile out;
    rt->reader->out = &out;
    set_current_bridge(rt->bridge.get());
    try {
        body(*rt);
        finish(*rt, out);
    } catch (const py::PythonException& e) {
        set_current_bridge(nullptr);
        rethrow_python(e);
    } catch (...) {
        set_current_bridge(nullptr);
        throw;
    }
    set_current_bridge(nullptr);
    rt->reader->out = nullptr;
    out.source = rt->reader->source;
    out.metadata.source = rt->reader->source;
    out.runtime = std::shared_ptr<ModelsRuntime>(rt.release());
    return out;
}

}  // namespace

// ------------------------------------------------------------------ Reader

void Reader::fail(const std::string& message, const SourceLocation& loc) const {
    if (loc.file) throw InputError(message, loc.file->shared_from_this(), loc);
    throw InputError(message, source, loc);
}

int Reader::new_metadata(SourceLocation loc) {
    MetaDataInstance md;
    md.loc = loc;
    metadatas.push_back(md);
    return static_cast<int>(metadatas.size()) - 1;
}

void Reader::claim_metadata(int instance, const SourceLocation& loc) {
    if (owning_metadata < 0) {
        owning_metadata = instance;
        return;
    }
    if (owning_metadata != instance)
        fail("orm reads one MetaData per models load, and this table belongs to a second one (the first was created at " +
                 (metadatas[static_cast<size_t>(owning_metadata)].loc.file
                      ? format_position(*metadatas[static_cast<size_t>(owning_metadata)].loc.file,
                                        metadatas[static_cast<size_t>(owning_metadata)].loc)
                      : "line " + std::to_string(metadatas[static_cast<size_t>(owning_metadata)].loc.line)) + ")",
             loc);
}

schema::Table* Reader::find_table(const std::string& fullname) {
    return out->metadata.table(fullname);  // hashed: models can hold thousands of tables
}

ColumnPtr Reader::table_column(const std::string& table, const std::string& key) const {
    auto it = table_columns.find(table);
    if (it == table_columns.end()) return nullptr;
    for (auto& c : it->second)
        if (c->column.key == key) return c;
    return nullptr;
}

ClassInfo* Reader::new_class(const std::string& name, SourceLocation loc) {
    auto c = std::make_unique<ClassInfo>();
    c->name = name;
    c->loc = loc;
    classes.push_back(std::move(c));
    return classes.back().get();
}

std::string Reader::text_of(const SourceLocation& loc) const {
    const SourceFile* file = loc.file ? loc.file : source.get();
    if (!file || !loc.known() || loc.line > file->line_count()) return {};
    int end_line = loc.end_line >= loc.line ? loc.end_line : loc.line;
    std::string out;
    for (int l = loc.line; l <= end_line && l <= file->line_count(); ++l) {
        std::string_view text = file->line_text(l);
        size_t from = l == loc.line ? byte_offset(text, loc.column) : 0;
        size_t to = (l == end_line && loc.end_column > 0) ? byte_offset(text, loc.end_column) : text.size();
        if (to < from) to = from;
        if (l != loc.line) out += '\n';
        out += std::string(text.substr(from, to - from));
    }
    return out;
}

// ------------------------------------------------------------------ public API

ModelsFile read_models(std::shared_ptr<const SourceFile> source, const LoadOptions& options) {
    ModelsFile out = run_load(options, [&](ModelsRuntime& rt) {
        for (auto& dir : options.python_path) rt.interp->add_root(dir);
        rt.interp->import_site_customize();
        rt.reader->source = source;
        rt.interp->run_file("models", source, false, "");
    });
    return out;
}

ModelsFile load_models(const std::string& where, const LoadOptions& options) {
    fs::path path(where);
    std::error_code ec;
    bool is_dir = fs::is_directory(path, ec);
    bool is_file = fs::is_regular_file(path, ec);
    fs::path root;
    std::vector<std::string> modules;
    if (is_dir || is_file) {
        if (is_file && path.extension() != ".py")
            throw UsageError("models path '" + where + "' is neither a .py file, a package directory nor a dotted module name");
        root = options.project_root ? fs::path(*options.project_root) : project_root_of(path, is_dir);
        fs::path rel = fs::relative(path, root, ec);
        if (ec || rel.string().rfind("..", 0) == 0)
            throw UsageError("models path '" + where + "' is not under the project root '" + root.string() + "'");
        if (is_dir) {
            if (!rel.empty() && rel != ".") modules.push_back(dotted(rel));
            for (auto& m : modules_under(root, path))
                if (std::find(modules.begin(), modules.end(), m) == modules.end()) modules.push_back(m);
        } else {
            modules.push_back(dotted(rel));
        }
    } else {
        bool dotted_name = !where.empty() && where.find('/') == std::string::npos && where.find(".py") == std::string::npos;
        if (!dotted_name) throw UsageError("models file '" + where + "' not found (give --models PATH or set ORM_MODELS)");
        root = options.project_root ? fs::path(*options.project_root) : fs::current_path();
        fs::path as_dir = root;
        std::string rest = where;
        for (size_t start = 0;;) {
            size_t dot = rest.find('.', start);
            as_dir /= rest.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        modules.push_back(where);
        if (fs::is_directory(as_dir)) {
            for (auto& m : modules_under(root, as_dir))
                if (std::find(modules.begin(), modules.end(), m) == modules.end()) modules.push_back(m);
        } else if (!fs::exists(as_dir.string() + ".py")) {
            throw UsageError("models module '" + where + "' not found under the project root '" + root.string() + "'");
        }
    }
    ModelsFile out = run_load(options, [&](ModelsRuntime& rt) {
        rt.interp->add_root(root.string());
        for (auto& dir : options.python_path) rt.interp->add_root(dir);
        rt.interp->import_site_customize();
        for (auto& m : modules) {
            py::Ref<py::ModuleObject> mod = rt.interp->import_module(m, {});
            if (!rt.reader->source && mod->source) rt.reader->source = mod->source;
        }
    });
    if (out.metadata.tables.empty())
        throw InputError("no mapped tables found in " + where + ": read " + std::to_string(out.modules_read) + " module" +
                         (out.modules_read == 1 ? "" : "s") + " (a class with __tablename__ on a declarative base, or a "
                         "Table(name, metadata, ...), makes one)", where);
    return out;
}

ModelsFile read_models_file(const std::string& path) { return load_models(path, LoadOptions{}); }

}  // namespace orm::declarative
