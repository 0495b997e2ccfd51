// os, os.path and sys, hermetic: os.environ reads go through the interpreter
// (recorded, never written to the process), os.path is string manipulation
// only, and what would touch files or processes raises PermissionError.
#include <map>
#include <optional>

#include "orm/python/stdlib.hpp"
#include "orm/python/stdlib_support.hpp"

namespace orm::python {

namespace {

using support::add_function;

// ---------------------------------------------------------------- os

// os.environ: a read-only view of the environment (reads recorded), with an
// overlay for setdefault/assignment that never reaches the process.
struct Environ : HostObject {
    std::map<std::string, std::optional<std::string>> overlay;
    std::string type_name() const override { return "os._Environ"; }
    std::optional<std::string> lookup(Interpreter& in, const std::string& k) {
        if (auto it = overlay.find(k); it != overlay.end()) return it->second;
        return in.getenv(k);
    }
    std::optional<Value> get_item(Interpreter& in, const Value& key) override {
        const std::string* k = str_of(key);
        if (!k) in.raise(in.exc.TypeError, "str expected, not " + in.type_name(key));
        if (auto v = lookup(in, *k)) return make_str(*v);
        in.raise_value(in.make_exception(in.exc.KeyError, {key}), in.current_location());
    }
    bool set_item(Interpreter& in, const Value& key, const Value& value) override {
        const std::string* k = str_of(key);
        const std::string* v = str_of(value);
        if (!k || !v) in.raise(in.exc.TypeError, "str expected");
        overlay[*k] = *v;
        return true;
    }
    bool contains(Interpreter& in, const Value& key) override {
        const std::string* k = str_of(key);
        return k && lookup(in, *k).has_value();
    }
    std::optional<Value> get_attr(Interpreter&, std::string_view name) override {
        Ref<Environ> self(this);
        if (name == "get")
            return make_native("os.environ.get", [self](Interpreter& in, CallArgs& a) -> Value {
                const std::string* k = a.pos.empty() ? nullptr : str_of(a.pos[0]);
                if (!k) in.raise(in.exc.TypeError, "str expected", a.loc);
                if (auto v = self->lookup(in, *k)) return make_str(*v);
                return a.pos.size() > 1 ? a.pos[1] : (a.kwarg("default") ? *a.kwarg("default") : Value());
            });
        if (name == "setdefault")
            return make_native("os.environ.setdefault", [self](Interpreter& in, CallArgs& a) -> Value {
                const std::string* k = a.pos.empty() ? nullptr : str_of(a.pos[0]);
                if (!k) in.raise(in.exc.TypeError, "str expected", a.loc);
                if (auto v = self->lookup(in, *k)) return make_str(*v);
                const std::string* dv = a.pos.size() > 1 ? str_of(a.pos[1]) : nullptr;
                self->overlay[*k] = dv ? *dv : std::string();
                return a.pos.size() > 1 ? a.pos[1] : Value();
            });
        if (name == "pop")
            return make_native("os.environ.pop", [self](Interpreter& in, CallArgs& a) -> Value {
                const std::string* k = a.pos.empty() ? nullptr : str_of(a.pos[0]);
                if (!k) in.raise(in.exc.TypeError, "str expected", a.loc);
                auto v = self->lookup(in, *k);
                self->overlay[*k] = std::nullopt;
                if (v) return make_str(*v);
                if (a.pos.size() > 1) return a.pos[1];
                in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[0]}), a.loc);
            });
        if (name == "copy")
            return make_native("os.environ.copy", [self](Interpreter& in, CallArgs& a) -> Value {
                in.raise(in.exc.PermissionError, "listing the whole environment is not available in orm (read variables by name)", a.loc);
            });
        return std::nullopt;
    }
    std::optional<Value> iter(Interpreter& in) override {
        in.raise(in.exc.PermissionError, "listing the whole environment is not available in orm (read variables by name)");
    }
};

std::string path_join(const std::vector<std::string>& parts) {
    std::string out;
    for (auto& p : parts) {
        if (!p.empty() && p[0] == '/') out = p;
        else if (out.empty() || out.back() == '/') out += p;
        else out += "/" + p;
    }
    return out;
}

std::string dirname(const std::string& p) {
    auto slash = p.rfind('/');
    if (slash == std::string::npos) return "";
    std::string head = p.substr(0, slash + 1);
    if (head.find_first_not_of('/') != std::string::npos)
        while (!head.empty() && head.back() == '/') head.pop_back();
    return head;
}

std::string normpath(const std::string& p) {
    if (p.empty()) return ".";
    bool absolute = p[0] == '/';
    std::vector<std::string> parts;
    std::string cur;
    for (char c : p + "/") {
        if (c == '/') {
            if (cur == "..") {
                if (!parts.empty() && parts.back() != "..") parts.pop_back();
                else if (!absolute) parts.push_back(cur);
            } else if (!cur.empty() && cur != ".") {
                parts.push_back(cur);
            }
            cur.clear();
        } else {
            cur += c;
        }
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
    return out.empty() ? "." : out;
}

void fill_os_path(Interpreter&, ModuleObject& m) {
    DictObject& d = *m.dict;
    auto s = [](Interpreter& in, const CallArgs& a, std::size_t i) {
        const std::string* v = i < a.pos.size() ? str_of(a.pos[i]) : nullptr;
        if (!v) in.raise(in.exc.TypeError, "expected str", a.loc);
        return *v;
    };
    add_function(d, "os.path", "join", [s](Interpreter& in, CallArgs& a) {
        std::vector<std::string> parts;
        for (std::size_t i = 0; i < a.pos.size(); ++i) parts.push_back(s(in, a, i));
        return make_str(path_join(parts));
    });
    add_function(d, "os.path", "dirname", [s](Interpreter& in, CallArgs& a) { return make_str(dirname(s(in, a, 0))); });
    add_function(d, "os.path", "basename", [s](Interpreter& in, CallArgs& a) {
        std::string p = s(in, a, 0);
        auto slash = p.rfind('/');
        return make_str(slash == std::string::npos ? p : p.substr(slash + 1));
    });
    add_function(d, "os.path", "split", [s](Interpreter& in, CallArgs& a) {
        std::string p = s(in, a, 0);
        auto slash = p.rfind('/');
        if (slash == std::string::npos) return make_tuple({make_str(""), make_str(p)});
        return make_tuple({make_str(dirname(p)), make_str(p.substr(slash + 1))});
    });
    add_function(d, "os.path", "splitext", [s](Interpreter& in, CallArgs& a) {
        std::string p = s(in, a, 0);
        auto dot = p.rfind('.');
        auto slash = p.rfind('/');
        if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || dot == (slash == std::string::npos ? 0 : slash + 1))
            return make_tuple({make_str(p), make_str("")});
        return make_tuple({make_str(p.substr(0, dot)), make_str(p.substr(dot))});
    });
    add_function(d, "os.path", "normpath", [s](Interpreter& in, CallArgs& a) { return make_str(normpath(s(in, a, 0))); });
    add_function(d, "os.path", "abspath", [s](Interpreter& in, CallArgs& a) { return make_str(normpath(s(in, a, 0))); });
    add_function(d, "os.path", "realpath", [s](Interpreter& in, CallArgs& a) { return make_str(normpath(s(in, a, 0))); });
    add_function(d, "os.path", "expanduser", [s](Interpreter& in, CallArgs& a) { return make_str(s(in, a, 0)); });
    add_function(d, "os.path", "isabs", [s](Interpreter& in, CallArgs& a) { return Value::boolean(s(in, a, 0).rfind('/', 0) == 0); });
    // The file system is never read: a path test answers False, the same on every machine.
    for (const char* name : {"exists", "isfile", "isdir", "islink", "lexists", "ismount"})
        add_function(d, "os.path", name, [name](Interpreter& in, CallArgs& a) -> Value {
            in.warn(a.loc, std::string("os.path.") + name +
                    "() answers False: orm runs models and migrations without file access");
            return Value::boolean(false);
        });
    for (const char* name : {"getsize", "getmtime", "getctime", "getatime"})
        add_function(d, "os.path", name, [name](Interpreter& in, CallArgs& a) -> Value {
            in.raise(in.exc.PermissionError, std::string("os.path.") + name + "() is not available: model and migration code runs without file access in orm", a.loc);
        });
    d.set_str("sep", make_str("/"));
}

void fill_os(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    Ref<Environ> env(new Environ());
    d.set_str("environ", Value(env));
    d.set_str("getenv", make_native("os.getenv", [env](Interpreter& in, CallArgs& a) -> Value {
        const std::string* k = a.pos.empty() ? nullptr : str_of(a.pos[0]);
        if (!k) in.raise(in.exc.TypeError, "str expected", a.loc);
        if (auto v = env->lookup(in, *k)) return make_str(*v);
        if (a.pos.size() > 1) return a.pos[1];
        if (const Value* dv = a.kwarg("default")) return *dv;
        return Value();
    }));
    Ref<ModuleObject> path = in.import_module("os.path", {});
    d.set_str("path", Value(path));
    d.set_str("sep", make_str("/"));
    d.set_str("linesep", make_str("\n"));
    d.set_str("name", make_str("posix"));
    d.set_str("curdir", make_str("."));
    d.set_str("pardir", make_str(".."));
    add_function(d, "os", "urandom", support::os_urandom);
    add_function(d, "os", "getcwd", [](Interpreter& in, CallArgs&) {
        return make_str(in.roots().empty() ? "." : in.roots().front());
    });
    for (const char* name : {"listdir", "walk", "scandir", "remove", "unlink", "mkdir", "makedirs", "system", "popen", "stat", "chdir", "rename"})
        add_function(d, "os", name, [name](Interpreter& in, CallArgs& a) -> Value {
            in.raise(in.exc.PermissionError, std::string("os.") + name + "() is not available: model and migration code runs without file or process access in orm", a.loc);
        });
}

// ---------------------------------------------------------------- sys

void fill_sys(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    Ref<ClassObject> vi = in.make_class("version_info", {in.types.tuple}, "sys");
    Ref<InstanceObject> v(new InstanceObject(vi));
    v->builtin_value = make_tuple({Value::integer(3), Value::integer(11), Value::integer(0), make_str("final"), Value::integer(0)});
    v->attrs().set_str("major", Value::integer(3));
    v->attrs().set_str("minor", Value::integer(11));
    v->attrs().set_str("micro", Value::integer(0));
    d.set_str("version_info", Value(v));
    d.set_str("version", make_str("3.11.0 (orm)"));
    d.set_str("platform", make_str("linux"));
    d.set_str("maxsize", Value::integer(INT64_MAX));
    d.set_str("byteorder", make_str("little"));
    d.set_str("argv", make_list());
    std::vector<Value> path;
    for (auto& r : in.roots()) path.push_back(make_str(r));
    d.set_str("path", make_list(std::move(path)));
    d.set_str("modules", Value(make_dict()));
    d.set_str("flags", Value(new OpaqueObject("sys.flags", "sys", {})));
    add_function(d, "sys", "getdefaultencoding", [](Interpreter&, CallArgs&) { return make_str("utf-8"); });
    add_function(d, "sys", "getfilesystemencoding", [](Interpreter&, CallArgs&) { return make_str("utf-8"); });
    add_function(d, "sys", "getrecursionlimit", [](Interpreter& in, CallArgs&) { return Value::integer(in.options().recursion_limit); });
    add_function(d, "sys", "exit", [](Interpreter& in, CallArgs& a) -> Value {
        in.raise_value(in.make_exception(in.exc.SystemExit, a.pos), a.loc);
    });
}

}  // namespace

void register_os_modules(Interpreter& in) {
    in.register_module("os", fill_os);
    in.register_module("os.path", fill_os_path);
    in.register_module("posixpath", fill_os_path);
    in.register_module("sys", fill_sys);
}

}  // namespace orm::python
