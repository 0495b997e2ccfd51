// The module system: `import a.b.c` imports a, a.b and a.b.c in turn, each
// once. A name is looked up (1) under the project's roots on disk (a.py or
// a/__init__.py, or a directory without one: a namespace package), (2) in the
// registry of natively implemented modules, (3) otherwise, when the top-level
// package is neither, it is an opaque module whose attributes are opaque
// names. A missing module inside a project package (or a native one) is
// ModuleNotFoundError, which code may catch as Python's import would raise it.
#include <set>
#include <filesystem>

#include "orm/python/exec.hpp"
#include "orm/python/parser.hpp"

namespace orm::python {

namespace fs = std::filesystem;

void Interpreter::add_root(const std::string& directory) {
    for (auto& r : roots_)
        if (r == directory) return;
    roots_.push_back(directory);
}

void Interpreter::register_module(const std::string& name, ModuleInit init) { native_modules_[name] = std::move(init); }

void Interpreter::register_source_module(const std::string& name, std::string source, bool is_package) {
    source_modules_[name] = {std::move(source), is_package};
}

ModuleObject* Interpreter::loaded_module(const std::string& name) const {
    auto it = modules_.find(name);
    return it == modules_.end() ? nullptr : it->second.get();
}

Ref<ModuleObject> Interpreter::make_opaque_module(const std::string& name, SourceLocation at) {
    Ref<ModuleObject> m(new ModuleObject());
    m->name = name;
    m->dict = make_dict();
    m->dict->set_str("__name__", make_str(name));
    m->opaque = true;
    m->initialised = true;
    m->imported_at = at;
    return m;
}

namespace {

// Where a project module lives under `dir` (the root or its package's directory).
struct Found {
    std::string file;       // the .py to run ("" for a namespace package)
    std::string directory;  // a package's directory
    bool package = false;
};

std::optional<Found> find_in(const std::string& dir, const std::string& last) {
    // Normalised so that a root of "." names files as the user wrote them (models.py, not ./models.py).
    fs::path base = (fs::path(dir) / last).lexically_normal();
    std::error_code ec;
    if (fs::is_directory(base, ec)) {
        fs::path init = base / "__init__.py";
        if (fs::is_regular_file(init, ec)) return Found{init.string(), base.string(), true};
        // A namespace package only when nothing else claims the name.
        if (!fs::is_regular_file((fs::path(dir) / (last + ".py")).lexically_normal(), ec)) return Found{"", base.string(), true};
    }
    fs::path file = (fs::path(dir) / (last + ".py")).lexically_normal();
    if (fs::is_regular_file(file, ec)) return Found{file.string(), "", false};
    return std::nullopt;
}

}  // namespace

Ref<ModuleObject> Interpreter::run_file(const std::string& name, const std::shared_ptr<const SourceFile>& source,
                                        bool is_package, const std::string& directory) {
    auto module = std::make_shared<python::Module>(parse_module(source));
    resolve_module(*module);
    Ref<ModuleObject> m(new ModuleObject());
    m->name = name;
    m->dict = make_dict();
    m->source = source;
    m->ast = module;
    m->is_package = is_package;
    m->directory = directory;
    m->dict->set_str("__name__", make_str(name));
    m->dict->set_str("__file__", make_str(source->name()));
    m->dict->set_str("__doc__", module->docstring ? make_str(*module->docstring) : Value());
    m->dict->set_str("__package__", make_str(is_package ? name : name.substr(0, name.rfind('.') == std::string::npos ? 0 : name.rfind('.'))));
    if (is_package) m->dict->set_str("__path__", make_list({make_str(directory)}));
    // Registered before its body runs: an import cycle sees the partly run module, as in Python.
    modules_[name] = m;
    module_order_.push_back(m);
    ++files_read_;
    Frame fr;
    fr.scope = module->scope.get();
    fr.module = m.get();
    fr.globals = m->dict.get();
    fr.back = frame_;
    fr.name = "<module>";
    Frame* caller = frame_;
    frame_ = &fr;
    try {
        detail::exec_body(*this, module->body, fr);
    } catch (PythonException& e) {
        frame_ = caller;
        modules_.erase(name);  // a module that failed is not kept, as in Python
        if (caller) e.trace.push_back({caller->name, caller->loc});
        throw;
    } catch (...) {
        frame_ = caller;
        modules_.erase(name);
        throw;
    }
    frame_ = caller;
    m->initialised = true;
    return m;
}

Ref<ModuleObject> Interpreter::load_module(const std::string& name, ModuleObject* parent, SourceLocation at) {
    std::string last = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    // Project modules: under the parent package's directory, or under a root for a top-level name.
    std::vector<std::string> dirs;
    if (parent) {
        if (!parent->directory.empty()) dirs.push_back(parent->directory);
    } else {
        dirs = roots_;
    }
    std::optional<Found> namespace_package;
    if (!parent || (!parent->native && !parent->opaque)) {
        for (auto& dir : dirs) {
            if (auto found = find_in(dir, last)) {
                if (!found->file.empty()) return run_file(name, SourceFile::load(found->file), found->package, found->directory);
                if (!namespace_package) namespace_package = found;
            }
        }
    }
    if (auto it = source_modules_.find(name); it != source_modules_.end()) {
        auto file = std::make_shared<const SourceFile>("<orm>/" + name + ".py", it->second.first);
        Ref<ModuleObject> m = run_file(name, file, it->second.second, "");
        m->native = true;   // orm's own: its submodules come from the registries, not from disk
        --files_read_;      // not a project file
        return m;
    }
    if (auto it = native_modules_.find(name); it != native_modules_.end()) {
        Ref<ModuleObject> m(new ModuleObject());
        m->name = name;
        m->dict = make_dict();
        m->dict->set_str("__name__", make_str(name));
        m->native = true;
        m->is_package = true;
        m->imported_at = at;
        modules_[name] = m;
        module_order_.push_back(m);
        it->second(*this, *m);
        // datetime, re, json, uuid and decimal are implemented whole: a name
        // they lack is Python's AttributeError, not an unimplemented name.
        static const std::set<std::string, std::less<>> implemented_whole = {"datetime", "re", "json", "uuid",
                                                                             "decimal"};
        if (!m->fallback && !implemented_whole.contains(name)) {
            // orm implements the standard modules in part: a name it does not
            // implement is opaque (usable as a value, an error where its meaning is needed).
            std::string module_name = name;
            m->fallback = [module_name, at](Interpreter&, std::string_view attr) -> std::optional<Value> {
                if (attr.substr(0, 2) == "__") return std::nullopt;
                return Value(new OpaqueObject(module_name + "." + std::string(attr), module_name, at));
            };
        }
        m->initialised = true;
        return m;
    }
    // A directory without __init__.py is a namespace package only when no
    // regular module of that name exists, as in Python.
    if (namespace_package) {
        Ref<ModuleObject> m(new ModuleObject());
        m->name = name;
        m->dict = make_dict();
        m->dict->set_str("__name__", make_str(name));
        m->dict->set_str("__path__", make_list({make_str(namespace_package->directory)}));
        m->is_package = true;
        m->directory = namespace_package->directory;
        m->initialised = true;
        modules_[name] = m;
        module_order_.push_back(m);
        return m;
    }
    // A module that is not there: where the code is ready for that (an
    // `except ImportError` around the import), Python's ModuleNotFoundError;
    // otherwise (where Python would stop) an opaque module, so that the rest
    // of the project still runs, with a warning when it was meant to be part
    // of the project. Its names are an error wherever their meaning is needed.
    if (exception_would_be_caught(exc.ModuleNotFoundError) && !(parent && parent->native))
        raise(exc.ModuleNotFoundError, "No module named '" + name + "'", at);
    if (parent && !parent->opaque && !parent->native)
        warn((at.file ? format_position(*at.file, at) + ": " : std::string()) + "module '" + name +
             "' is not in the project: orm treats its names as opaque");
    // Outside the project and not implemented natively (a third-party package,
    // or a part of sqlalchemy orm does not implement): opaque.
    Ref<ModuleObject> m = make_opaque_module(name, at);
    modules_[name] = m;
    module_order_.push_back(m);
    return m;
}

bool Interpreter::import_site_customize() {
    for (auto& dir : roots_)
        if (auto found = find_in(dir, "sitecustomize"); found && !found->file.empty()) {
            import_module("sitecustomize", {});
            return true;
        }
    return false;
}

Ref<ModuleObject> Interpreter::import_module(const std::string& name, SourceLocation at) {
    if (auto it = modules_.find(name); it != modules_.end()) return it->second;
    Ref<ModuleObject> parent;
    auto dot = name.rfind('.');
    if (dot != std::string::npos) parent = import_module(name.substr(0, dot), at);
    if (auto it = modules_.find(name); it != modules_.end()) return it->second;  // the parent imported it
    Ref<ModuleObject> m = load_module(name, parent.get(), at);
    if (parent && parent->dict) parent->dict->set_str(name.substr(dot + 1), Value(m));
    return m;
}

}  // namespace orm::python
