// Standard modules that model code uses for plumbing: functools,
// collections, abc, dataclasses, logging, warnings, copy, itertools, string,
// math, contextlib, textwrap (os and sys are in stdlib_os.cpp). Hermetic:
// logging and warnings drop their messages.
#include <algorithm>
#include <cmath>

#include "orm/python/exec.hpp"
#include "orm/python/methods.hpp"
#include "orm/python/stdlib.hpp"
#include "orm/python/stdlib_support.hpp"

namespace orm::python {

namespace {

using support::add_function;

Value first_arg_decorator(const char* name) {
    // A decorator that may be used bare (@cache) or with options (@lru_cache(maxsize=32)).
    return make_native(name, [](Interpreter&, CallArgs& a) -> Value {
        if (a.pos.size() == 1 && a.kw.empty() && !a.pos[0].is_intlike() && !a.pos[0].is_none()) return a.pos[0];
        return make_native("decorator", [](Interpreter&, CallArgs& b) { return b.pos.empty() ? Value() : b.pos[0]; });
    });
}

// ---------------------------------------------------------------- functools

struct Partial : HostObject {
    Value func;
    std::vector<Value> args;
    std::vector<std::pair<std::string, Value>> kw;
    std::string type_name() const override { return "functools.partial"; }
    Value call(Interpreter& in, CallArgs& a) override {
        CallArgs c;
        c.pos = args;
        c.pos.insert(c.pos.end(), a.pos.begin(), a.pos.end());
        c.kw = kw;
        for (auto& [k, v] : a.kw) {
            bool replaced = false;
            for (auto& [k2, v2] : c.kw)
                if (k2 == k) {
                    v2 = v;
                    replaced = true;
                }
            if (!replaced) c.kw.emplace_back(k, v);
        }
        c.loc = a.loc;
        c.spread = true;
        return in.call(func, c);
    }
    std::optional<Value> get_attr(Interpreter&, std::string_view n) override {
        if (n == "func") return func;
        if (n == "args") return make_tuple(args);
        if (n == "keywords") {
            Ref<DictObject> d = make_dict();
            for (auto& [k, v] : kw) d->set_str(k, v);
            return Value(d);
        }
        return std::nullopt;
    }
    std::string repr(Interpreter& in) const override { return "functools.partial(" + in.repr(func) + ", ...)"; }
};

void fill_functools(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    add_function(d, "functools", "partial", [](Interpreter& in, CallArgs& a) {
        if (a.pos.empty()) in.raise(in.exc.TypeError, "partial() takes at least one argument", a.loc);
        Ref<Partial> p(new Partial());
        p->func = a.pos[0];
        p->args.assign(a.pos.begin() + 1, a.pos.end());
        p->kw = a.kw;
        return Value(p);
    });
    auto wraps = [](Interpreter&, CallArgs& a) -> Value {
        Value wrapped = a.pos.empty() ? Value() : a.pos[0];
        return make_native("functools.wraps.decorator", [wrapped](Interpreter& in, CallArgs& b) -> Value {
            if (b.pos.empty()) return Value();
            Value w = b.pos[0];
            if (auto* f = w.as<FunctionObject>()) {
                if (auto n = in.getattr_opt(wrapped, "__name__", b.loc))
                    if (auto* s = str_of(*n)) f->name = *s;
                if (auto q = in.getattr_opt(wrapped, "__qualname__", b.loc))
                    if (auto* s = str_of(*q)) f->qualname = *s;
                if (!f->attrs) f->attrs = make_dict();
                f->attrs->set_str("__wrapped__", wrapped);
            }
            return w;
        });
    };
    add_function(d, "functools", "wraps", wraps);
    add_function(d, "functools", "update_wrapper", [](Interpreter&, CallArgs& a) { return a.pos.empty() ? Value() : a.pos[0]; });
    d.set_str("lru_cache", first_arg_decorator("functools.lru_cache"));
    d.set_str("cache", first_arg_decorator("functools.cache"));
    d.set_str("total_ordering", first_arg_decorator("functools.total_ordering"));
    add_function(d, "functools", "singledispatch", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() != 1) in.raise(in.exc.TypeError, "singledispatch() takes one function", a.loc);
        return make_singledispatch(a.pos[0]);
    });
    add_function(d, "functools", "cached_property", [](Interpreter&, CallArgs& a) {
        Ref<PropertyObject> p(new PropertyObject());
        if (!a.pos.empty()) p->fget = a.pos[0];
        return Value(p);
    });
    add_function(d, "functools", "reduce", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "reduce", 2, 3);
        std::vector<Value> items = in.to_vector(a.pos[1], a.loc);
        std::size_t i = 0;
        Value acc;
        if (a.pos.size() == 3) acc = a.pos[2];
        else {
            if (items.empty()) in.raise(in.exc.TypeError, "reduce() of empty iterable with no initial value", a.loc);
            acc = items[i++];
        }
        for (; i < items.size(); ++i) acc = in.call(a.pos[0], {acc, items[i]}, a.loc);
        return acc;
    });
    add_function(d, "functools", "cmp_to_key", [](Interpreter& in, CallArgs& a) {
        in.raise(in.exc.NotImplementedError, "functools.cmp_to_key is not supported by orm's interpreter", a.loc);
        return Value();
    });
    (void)in;
}

// ---------------------------------------------------------------- collections

void fill_collections(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    d.set_str("OrderedDict", Value(in.make_class("OrderedDict", {in.types.dict}, "collections")));
    Ref<ClassObject> dd = in.make_class("defaultdict", {in.types.dict}, "collections");
    in.add_method(*dd, "__init__", [](Interpreter& in, CallArgs& a) {
        auto* self = a.pos[0].as<InstanceObject>();
        self->attrs().set_str("default_factory", a.pos.size() > 1 ? a.pos[1] : Value());
        self->builtin_value = Value(make_dict());
        if (a.pos.size() > 2) dict_update(in, *self->builtin_value.as<DictObject>(), a.pos[2], a.loc);
        return Value();
    });
    in.add_method(*dd, "__missing__", [](Interpreter& in, CallArgs& a) {
        auto* self = a.pos[0].as<InstanceObject>();
        const Value* factory = self->attrs().find_str("default_factory");
        if (!factory || factory->is_none()) in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[1]}), a.loc);
        Value v = in.call(*factory, {}, a.loc);
        self->builtin_value.as<DictObject>()->set(in, a.pos[1], v);
        return v;
    });
    d.set_str("defaultdict", Value(dd));
    Ref<ClassObject> counter = in.make_class("Counter", {in.types.dict}, "collections");
    in.add_method(*counter, "__init__", [](Interpreter& in, CallArgs& a) {
        auto* self = a.pos[0].as<InstanceObject>();
        self->builtin_value = Value(make_dict());
        DictObject& d = *self->builtin_value.as<DictObject>();
        auto add = [&](const Value& k, std::int64_t n) {
            Value* cur = d.find(in, k);
            d.set(in, k, Value::integer((cur ? cur->as_int() : 0) + n));
        };
        if (a.pos.size() > 1) {
            if (auto* m = a.pos[1].as<DictObject>()) m->for_each([&](const Value& k, const Value& v) { add(k, v.as_int()); });
            else in.for_each(a.pos[1], a.loc, [&](const Value& x) { add(x, 1); return true; });
        }
        for (auto& [k, v] : a.kw) add(make_str(k), v.as_int());
        return Value();
    });
    in.add_method(*counter, "__missing__", [](Interpreter&, CallArgs&) { return Value::integer(0); });
    in.add_method(*counter, "most_common", [](Interpreter& in, CallArgs& a) {
        auto* self = a.pos[0].as<InstanceObject>();
        std::vector<std::pair<Value, Value>> items;
        self->builtin_value.as<DictObject>()->for_each([&](const Value& k, const Value& v) { items.emplace_back(k, v); });
        std::stable_sort(items.begin(), items.end(), [](auto& x, auto& y) { return x.second.as_int() > y.second.as_int(); });
        std::size_t n = a.pos.size() > 1 && a.pos[1].is_intlike() ? static_cast<std::size_t>(a.pos[1].as_int()) : items.size();
        std::vector<Value> out;
        for (std::size_t i = 0; i < items.size() && i < n; ++i) out.push_back(make_tuple({items[i].first, items[i].second}));
        (void)in;
        return make_list(std::move(out));
    });
    d.set_str("Counter", Value(counter));
    d.set_str("deque", Value(in.make_class("deque", {in.types.list}, "collections")));
    d.set_str("ChainMap", Value(in.make_class("ChainMap", {in.types.dict}, "collections")));
    add_function(d, "collections", "namedtuple", [](Interpreter& in, CallArgs& a) -> Value {
        const std::string* name = a.pos.empty() ? nullptr : str_of(a.pos[0]);
        if (!name || a.pos.size() < 2) in.raise(in.exc.TypeError, "namedtuple() takes a name and field names", a.loc);
        std::vector<std::string> fields;
        if (auto* s = str_of(a.pos[1])) {
            std::string cur;
            for (char c : *s + " ") {
                if (c == ' ' || c == ',') {
                    if (!cur.empty()) fields.push_back(cur);
                    cur.clear();
                } else {
                    cur += c;
                }
            }
        } else {
            for (auto& f : in.to_vector(a.pos[1], a.loc))
                if (auto* s = str_of(f)) fields.push_back(*s);
        }
        Ref<ClassObject> c = in.make_class(*name, {in.types.tuple}, in.frame() && in.frame()->module ? in.frame()->module->name : "__main__");
        std::vector<Value> field_values;
        for (auto& f : fields) field_values.push_back(make_str(f));
        c->dict->set_str("_fields", make_tuple(field_values));
        Value defaults = a.kwarg("defaults") ? *a.kwarg("defaults") : Value();
        in.add_method(*c, "__init__", [fields, defaults](Interpreter& in, CallArgs& b) {
            auto* self = b.pos[0].as<InstanceObject>();
            std::vector<Value> values(b.pos.begin() + 1, b.pos.end());
            std::vector<Value> dflt = defaults.is_none() ? std::vector<Value>{} : in.to_vector(defaults, b.loc);
            for (std::size_t i = values.size(); i < fields.size(); ++i) {
                const Value* kv = b.kwarg(fields[i]);
                std::size_t from_end = fields.size() - i;
                if (kv) values.push_back(*kv);
                else if (from_end <= dflt.size()) values.push_back(dflt[dflt.size() - from_end]);
                else in.raise(in.exc.TypeError, "missing required argument: '" + fields[i] + "'", b.loc);
            }
            for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i) self->attrs().set_str(fields[i], values[i]);
            self->builtin_value = make_tuple(values);
            return Value();
        });
        return Value(c);
    });
}

// ---------------------------------------------------------------- misc

void fill_abc(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    d.set_str("ABC", Value(in.make_class("ABC", {}, "abc")));
    d.set_str("ABCMeta", Value(in.types.type));
    for (const char* n : {"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"})
        d.set_str(n, make_native(std::string("abc.") + n, [](Interpreter&, CallArgs& a) { return a.pos.empty() ? Value() : a.pos[0]; }));
}

struct FieldSpec : HostObject {
    Value default_value, default_factory;
    bool has_default = false, has_factory = false;
    std::string type_name() const override { return "Field"; }
};

Value dataclass_apply(Interpreter& in, const Value& cls_value, SourceLocation loc) {
    auto* cls = cls_value.as<ClassObject>();
    if (!cls) return cls_value;
    // Fields: annotated names in order (the class's and its dataclass bases').
    std::vector<std::string> names;
    for (auto it = cls->mro.rbegin(); it != cls->mro.rend(); ++it) {
        for (auto& [n, e] : (*it)->annotation_exprs)
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
    Ref<ClassObject> self_cls(cls);
    if (!cls->dict->find_str("__init__"))
        in.add_method(*cls, "__init__", [names, self_cls](Interpreter& in, CallArgs& a) {
            auto* self = a.pos[0].as<InstanceObject>();
            for (std::size_t i = 0; i < names.size(); ++i) {
                const Value* v = i + 1 < a.pos.size() ? &a.pos[i + 1] : a.kwarg(names[i]);
                Value value;
                if (v) value = *v;
                else if (const Value* dflt = self_cls->lookup(names[i])) {
                    if (auto* f = dflt->host<FieldSpec>()) {
                        if (f->has_factory) value = in.call(f->default_factory, {}, a.loc);
                        else if (f->has_default) value = f->default_value;
                        else in.raise(in.exc.TypeError, "__init__() missing required argument: '" + names[i] + "'", a.loc);
                    } else {
                        value = *dflt;
                    }
                } else {
                    in.raise(in.exc.TypeError, "__init__() missing required argument: '" + names[i] + "'", a.loc);
                }
                self->attrs().set_str(names[i], value);
            }
            if (const Value* post = self_cls->lookup("__post_init__")) in.call(in.bind_attribute(*post, a.pos[0], *self_cls, a.loc), {}, a.loc);
            return Value();
        });
    (void)loc;
    return cls_value;
}

void fill_dataclasses(Interpreter&, ModuleObject& m) {
    DictObject& d = *m.dict;
    add_function(d, "dataclasses", "dataclass", [](Interpreter& in, CallArgs& a) -> Value {
        if (a.pos.size() == 1) return dataclass_apply(in, a.pos[0], a.loc);
        return make_native("dataclass.decorator", [](Interpreter& in, CallArgs& b) { return dataclass_apply(in, b.pos.empty() ? Value() : b.pos[0], b.loc); });
    });
    add_function(d, "dataclasses", "field", [](Interpreter&, CallArgs& a) {
        Ref<FieldSpec> f(new FieldSpec());
        if (const Value* v = a.kwarg("default")) { f->default_value = *v; f->has_default = true; }
        if (const Value* v = a.kwarg("default_factory")) { f->default_factory = *v; f->has_factory = true; }
        return Value(f);
    });
    d.set_str("MISSING", Value(new OpaqueObject("dataclasses.MISSING", "dataclasses", {})));
    d.set_str("KW_ONLY", Value(new OpaqueObject("dataclasses.KW_ONLY", "dataclasses", {})));
    add_function(d, "dataclasses", "InitVar", [](Interpreter&, CallArgs& a) { return a.pos.empty() ? Value() : a.pos[0]; });
}

struct Logger : HostObject {
    std::string name;
    std::string type_name() const override { return "Logger"; }
    std::optional<Value> get_attr(Interpreter&, std::string_view attr) override {
        if (attr == "name") return make_str(name);
        if (attr == "level") return Value::integer(30);
        if (attr == "handlers") return make_list();
        if (attr == "propagate" || attr == "disabled") return Value::boolean(attr == "propagate");
        if (attr == "getChild") {
            std::string parent = name;
            return make_native("Logger.getChild", [parent](Interpreter&, CallArgs& a) {
                Ref<Logger> l(new Logger());
                const std::string* suffix = a.pos.empty() ? nullptr : str_of(a.pos[0]);
                l->name = parent.empty() || parent == "root" ? (suffix ? *suffix : "") : parent + "." + (suffix ? *suffix : "");
                return Value(l);
            });
        }
        if (attr == "isEnabledFor") return make_native("Logger.isEnabledFor", [](Interpreter&, CallArgs&) { return Value::boolean(false); });
        if (attr == "getEffectiveLevel") return make_native("Logger.getEffectiveLevel", [](Interpreter&, CallArgs&) { return Value::integer(30); });
        // debug, info, warning, error, exception, critical, log, setLevel, addHandler, ...: messages are dropped.
        return make_native("Logger." + std::string(attr), [](Interpreter&, CallArgs&) { return Value(); });
    }
    bool set_attr(Interpreter&, std::string_view, const Value&) override { return true; }
};

void fill_logging(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    // Classes user code subclasses (class MyLogger(logging.Logger)); their methods drop messages.
    for (const char* n : {"Logger", "Handler", "StreamHandler", "NullHandler", "FileHandler", "Formatter", "Filter",
                          "LoggerAdapter", "LogRecord"}) {
        Ref<ClassObject> c = in.make_class(n, {}, "logging");
        in.add_method(*c, "__init__", [](Interpreter&, CallArgs&) { return Value(); });
        for (const char* meth : {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "setLevel",
                                 "addHandler", "removeHandler", "addFilter", "setFormatter", "emit", "handle", "format"})
            in.add_method(*c, meth, [](Interpreter&, CallArgs&) { return Value(); });
        d.set_str(n, Value(c));
    }
    add_function(d, "logging", "setLoggerClass", [](Interpreter&, CallArgs&) { return Value(); });
    add_function(d, "logging", "getLoggerClass", [](Interpreter&, CallArgs&) { return Value(); });
    add_function(d, "logging", "getLogger", [](Interpreter&, CallArgs& a) {
        Ref<Logger> l(new Logger());
        if (!a.pos.empty())
            if (auto* s = str_of(a.pos[0])) l->name = *s;
        return Value(l);
    });
    for (const char* n : {"basicConfig", "debug", "info", "warning", "warn", "error", "exception", "critical", "log",
                          "disable", "captureWarnings", "addLevelName"})
        add_function(d, "logging", n, [](Interpreter&, CallArgs&) { return Value(); });
    int level = 0;
    for (const char* n : {"NOTSET", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}) {
        d.set_str(n, Value::integer(level));
        level += 10;
    }
    d.set_str("WARN", Value::integer(30));
    d.set_str("FATAL", Value::integer(50));
}

struct NullContext : HostObject {
    Value value;
    std::vector<Value> suppress;
    std::string type_name() const override { return "contextmanager"; }
    std::optional<Value> get_attr(Interpreter&, std::string_view attr) override {
        Ref<NullContext> self(this);
        if (attr == "__enter__") return make_native("__enter__", [self](Interpreter&, CallArgs&) { return self->value; });
        if (attr == "__exit__")
            return make_native("__exit__", [self](Interpreter& in, CallArgs& a) {
                if (a.pos.size() < 2 || a.pos[1].is_none()) return Value::boolean(false);
                for (auto& s : self->suppress)
                    if (auto* c = s.as<ClassObject>(); c && in.isinstance(a.pos[1], c)) return Value::boolean(true);
                return Value::boolean(false);
            });
        return std::nullopt;
    }
};

void fill_warnings(Interpreter&, ModuleObject& m) {
    DictObject& d = *m.dict;
    for (const char* n : {"warn", "filterwarnings", "simplefilter", "resetwarnings", "warn_explicit"})
        add_function(d, "warnings", n, [](Interpreter&, CallArgs&) { return Value(); });
    add_function(d, "warnings", "catch_warnings", [](Interpreter&, CallArgs&) { return Value(new NullContext()); });
}

void fill_contextlib(Interpreter&, ModuleObject& m) {
    DictObject& d = *m.dict;
    add_function(d, "contextlib", "suppress", [](Interpreter&, CallArgs& a) {
        Ref<NullContext> c(new NullContext());
        c->suppress = a.pos;
        return Value(c);
    });
    add_function(d, "contextlib", "nullcontext", [](Interpreter&, CallArgs& a) {
        Ref<NullContext> c(new NullContext());
        if (!a.pos.empty()) c->value = a.pos[0];
        return Value(c);
    });
    add_function(d, "contextlib", "closing", [](Interpreter&, CallArgs& a) {
        Ref<NullContext> c(new NullContext());
        if (!a.pos.empty()) c->value = a.pos[0];
        return Value(c);
    });
    add_function(d, "contextlib", "contextmanager", [](Interpreter&, CallArgs& a) -> Value {
        // A generator-based context manager runs its code before and after the
        // yield at once (orm's generators run to the end when called): orm
        // calls it when entered and hands out its first value.
        Value f = a.pos.empty() ? Value() : a.pos[0];
        return make_native("contextmanager", [f](Interpreter& in, CallArgs& b) {
            Ref<NullContext> c(new NullContext());
            Value it = in.call(f, b);
            std::vector<Value> values = in.to_vector(it, b.loc);
            if (!values.empty()) c->value = values.front();
            return Value(c);
        });
    });
}

Value copy_value(Interpreter& in, const Value& v, bool deep) {
    Interpreter::DepthGuard guard(in);
    auto item = [&](const Value& x) { return deep ? copy_value(in, x, true) : x; };
    if (auto* l = v.as<ListObject>()) {
        std::vector<Value> out;
        for (auto& x : l->items) out.push_back(item(x));
        return make_list(std::move(out));
    }
    if (auto* t = v.as<TupleObject>()) {
        if (!deep) return v;
        std::vector<Value> out;
        for (auto& x : t->items) out.push_back(item(x));
        return make_tuple(std::move(out));
    }
    if (v.is(ObjKind::Dict)) {
        Ref<DictObject> d = make_dict();
        v.as<DictObject>()->for_each([&](const Value& k, const Value& x) { d->set(in, k, item(x)); });
        return Value(d);
    }
    if (v.is(ObjKind::Set)) {
        Ref<SetObject> s(new SetObject());
        v.as<SetObject>()->for_each([&](const Value& k, const Value&) { s->set(in, k, Value()); });
        return Value(s);
    }
    if (auto* inst = v.as<InstanceObject>(); inst && typeid(*inst) == typeid(InstanceObject)) {
        if (const Value* c = inst->cls->lookup(deep ? "__deepcopy__" : "__copy__"))
            return deep ? in.call(in.bind_attribute(*c, v, *inst->cls, {}), {Value(make_dict())}, {})
                        : in.call(in.bind_attribute(*c, v, *inst->cls, {}), {}, {});
        Ref<InstanceObject> out(new InstanceObject(inst->cls));
        out->builtin_value = item(inst->builtin_value);
        if (inst->dict) inst->dict->for_each([&](const Value& k, const Value& x) { out->attrs().set(in, k, item(x)); });
        return Value(out);
    }
    if (auto* h = v.host<HostObject>())
        if (auto c = h->get_attr(in, deep ? "__deepcopy__" : "__copy__")) return deep ? in.call(*c, {Value(make_dict())}, {}) : in.call(*c, {}, {});
    return v;
}

void fill_copy(Interpreter&, ModuleObject& m) {
    DictObject& d = *m.dict;
    add_function(d, "copy", "copy", [](Interpreter& in, CallArgs& a) { return copy_value(in, a.pos.empty() ? Value() : a.pos[0], false); });
    add_function(d, "copy", "deepcopy", [](Interpreter& in, CallArgs& a) { return copy_value(in, a.pos.empty() ? Value() : a.pos[0], true); });
}

void fill_itertools(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    auto as_iter = [](Interpreter& in, std::vector<Value> v, SourceLocation loc) {
        return in.call(*in.builtins().find_str("iter"), {make_list(std::move(v))}, loc);
    };
    // chain(*iterables) and chain.from_iterable(iterables): a class, as in CPython.
    Ref<ClassObject> chain = in.make_class("chain", {}, "itertools");
    auto flatten = [as_iter](Interpreter& in, const std::vector<Value>& parts, SourceLocation loc) {
        std::vector<Value> out;
        for (auto& p : parts) {
            auto part = in.to_vector(p, loc);
            out.insert(out.end(), part.begin(), part.end());
        }
        return as_iter(in, std::move(out), loc);
    };
    in.builtin_constructors[chain.get()] = [flatten](Interpreter& in, CallArgs& a) { return flatten(in, a.pos, a.loc); };
    chain->dict->set_str("from_iterable", Value(new StaticMethodObject(make_native(
        "itertools.chain.from_iterable", [flatten](Interpreter& in, CallArgs& a) {
            if (a.pos.size() != 1) in.raise(in.exc.TypeError, "from_iterable() takes exactly one argument", a.loc);
            return flatten(in, in.to_vector(a.pos[0], a.loc), a.loc);
        }))));
    d.set_str("chain", Value(chain));
    add_function(d, "itertools", "product", [as_iter](Interpreter& in, CallArgs& a) {
        std::vector<std::vector<Value>> pools;
        for (auto& p : a.pos) pools.push_back(in.to_vector(p, a.loc));
        std::int64_t repeat = a.kwarg("repeat") ? a.kwarg("repeat")->as_int() : 1;
        std::vector<std::vector<Value>> all;
        for (std::int64_t r = 0; r < repeat; ++r) all.insert(all.end(), pools.begin(), pools.end());
        std::vector<std::vector<Value>> result{{}};
        for (auto& pool : all) {
            std::vector<std::vector<Value>> next;
            for (auto& prefix : result)
                for (auto& x : pool) {
                    in.step();
                    auto t = prefix;
                    t.push_back(x);
                    next.push_back(std::move(t));
                }
            result = std::move(next);
        }
        std::vector<Value> out;
        for (auto& t : result) out.push_back(make_tuple(t));
        return as_iter(in, std::move(out), a.loc);
    });
    add_function(d, "itertools", "islice", [as_iter](Interpreter& in, CallArgs& a) {
        check_args(in, a, "islice", 2, 4);
        std::int64_t start = 0, stop, step = 1;
        if (a.pos.size() == 2) stop = a.pos[1].is_none() ? INT64_MAX : a.pos[1].as_int();
        else {
            start = a.pos[1].is_none() ? 0 : a.pos[1].as_int();
            stop = a.pos[2].is_none() ? INT64_MAX : a.pos[2].as_int();
            if (a.pos.size() == 4 && !a.pos[3].is_none()) step = a.pos[3].as_int();
        }
        std::vector<Value> out;
        std::int64_t i = 0;
        in.for_each(a.pos[0], a.loc, [&](const Value& x) {
            if (i >= stop) return false;
            if (i >= start && (i - start) % step == 0) out.push_back(x);
            ++i;
            return i < stop;
        });
        return as_iter(in, std::move(out), a.loc);
    });
    add_function(d, "itertools", "repeat", [as_iter](Interpreter& in, CallArgs& a) {
        if (a.pos.size() < 2) in.raise(in.exc.TypeError, "itertools.repeat without a count never ends; orm needs the count", a.loc);
        std::vector<Value> out(static_cast<std::size_t>(std::max<std::int64_t>(0, a.pos[1].as_int())), a.pos[0]);
        return as_iter(in, std::move(out), a.loc);
    });
    add_function(d, "itertools", "zip_longest", [as_iter](Interpreter& in, CallArgs& a) {
        std::vector<std::vector<Value>> lists;
        for (auto& p : a.pos) lists.push_back(in.to_vector(p, a.loc));
        Value fill = a.kwarg("fillvalue") ? *a.kwarg("fillvalue") : Value();
        std::size_t n = 0;
        for (auto& l : lists) n = std::max(n, l.size());
        std::vector<Value> out;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<Value> t;
            for (auto& l : lists) t.push_back(i < l.size() ? l[i] : fill);
            out.push_back(make_tuple(std::move(t)));
        }
        return as_iter(in, std::move(out), a.loc);
    });
    add_function(d, "itertools", "groupby", [as_iter](Interpreter& in, CallArgs& a) {
        std::vector<Value> items = in.to_vector(a.pos.empty() ? Value() : a.pos[0], a.loc);
        const Value* key = a.arg("key", 1);
        std::vector<Value> out;
        std::vector<Value> group;
        Value current;
        bool have = false;
        for (auto& x : items) {
            Value k = key && !key->is_none() ? in.call(*key, {x}, a.loc) : x;
            if (have && !in.equal(k, current)) {
                out.push_back(make_tuple({current, as_iter(in, group, a.loc)}));
                group.clear();
            }
            current = k;
            have = true;
            group.push_back(x);
        }
        if (have) out.push_back(make_tuple({current, as_iter(in, group, a.loc)}));
        return as_iter(in, std::move(out), a.loc);
    });
    add_function(d, "itertools", "count", [](Interpreter& in, CallArgs& a) -> Value {
        in.raise(in.exc.NotImplementedError, "itertools.count never ends: orm's interpreter runs iterators to the end", a.loc);
    });
    (void)in;
}

// string.Template: $name, ${name} and $$ substituted from a mapping and keywords, as CPython's.
const char* const kStringTemplate = R"PY(
class Template:
    delimiter = '$'

    def __init__(self, template):
        self.template = template

    def _name_at(self, s, j):
        k = j
        while k < len(s) and (s[k] == '_' or ('a' <= s[k] <= 'z') or ('A' <= s[k] <= 'Z') or
                              (k > j and '0' <= s[k] <= '9')):
            k += 1
        return s[j:k]

    def _substitute(self, mapping, safe):
        s = self.template
        d = self.delimiter
        out = []
        i = 0
        while True:
            at = s.find(d, i)
            if at < 0:
                out.append(s[i:])
                return ''.join(out)
            out.append(s[i:at])
            j = at + len(d)
            if s.startswith(d, j):
                out.append(d)
                i = j + len(d)
                continue
            braced = s.startswith('{', j)
            name = self._name_at(s, j + 1 if braced else j)
            end = j + 1 + len(name) if braced else j + len(name)
            if name and braced and not s.startswith('}', end):
                name = ''
            if not name:
                if safe:
                    out.append(d)
                    i = j
                    continue
                line = s[:at].count('\n') + 1
                col = at - (s.rfind('\n', 0, at) + 1) + 1
                raise ValueError('Invalid placeholder in string: line %d, col %d' % (line, col))
            end = end + 1 if braced else end
            if name in mapping:
                out.append(str(mapping[name]))
            elif safe:
                out.append(s[at:end])
            else:
                raise KeyError(name)
            i = end

    def _mapping(self, args, kws):
        mapping = dict(args[0]) if args else {}
        mapping.update(kws)
        return mapping

    def substitute(self, *args, **kws):
        return self._substitute(self._mapping(args, kws), False)

    def safe_substitute(self, *args, **kws):
        return self._substitute(self._mapping(args, kws), True)
)PY";

void fill_string(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    in.register_source_module("_string_template", kStringTemplate);
    Ref<ModuleObject> tmpl = in.import_module("_string_template", {});
    if (const Value* t = tmpl->dict->find_str("Template")) d.set_str("Template", *t);
    d.set_str("ascii_lowercase", make_str("abcdefghijklmnopqrstuvwxyz"));
    d.set_str("ascii_uppercase", make_str("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    d.set_str("ascii_letters", make_str("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    d.set_str("digits", make_str("0123456789"));
    d.set_str("hexdigits", make_str("0123456789abcdefABCDEF"));
    d.set_str("octdigits", make_str("01234567"));
    d.set_str("punctuation", make_str("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
    d.set_str("whitespace", make_str(" \t\n\r\x0b\x0c"));
    d.set_str("printable", make_str("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"));
}

void fill_math(Interpreter&, ModuleObject& m) {
    DictObject& d = *m.dict;
    d.set_str("pi", Value::floating(M_PI));
    d.set_str("e", Value::floating(M_E));
    d.set_str("inf", Value::floating(INFINITY));
    d.set_str("nan", Value::floating(NAN));
    auto num = [](Interpreter& in, const CallArgs& a) {
        if (a.pos.empty() || !(a.pos[0].is_intlike() || a.pos[0].is_float())) in.raise(in.exc.TypeError, "must be real number", a.loc);
        return a.pos[0].is_float() ? a.pos[0].as_float() : static_cast<double>(a.pos[0].as_int());
    };
    add_function(d, "math", "floor", [num](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(std::floor(num(in, a)))); });
    add_function(d, "math", "ceil", [num](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(std::ceil(num(in, a)))); });
    add_function(d, "math", "trunc", [num](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(std::trunc(num(in, a)))); });
    add_function(d, "math", "sqrt", [num](Interpreter& in, CallArgs& a) { return Value::floating(std::sqrt(num(in, a))); });
    add_function(d, "math", "fabs", [num](Interpreter& in, CallArgs& a) { return Value::floating(std::fabs(num(in, a))); });
    add_function(d, "math", "log10", [num](Interpreter& in, CallArgs& a) { return Value::floating(std::log10(num(in, a))); });
    add_function(d, "math", "log2", [num](Interpreter& in, CallArgs& a) { return Value::floating(std::log2(num(in, a))); });
    add_function(d, "math", "log", [num](Interpreter& in, CallArgs& a) {
        double x = num(in, a);
        if (a.pos.size() > 1) {
            CallArgs b;
            b.pos = {a.pos[1]};
            return Value::floating(std::log(x) / std::log(num(in, b)));
        }
        return Value::floating(std::log(x));
    });
    add_function(d, "math", "isnan", [num](Interpreter& in, CallArgs& a) { return Value::boolean(std::isnan(num(in, a))); });
    add_function(d, "math", "isinf", [num](Interpreter& in, CallArgs& a) { return Value::boolean(std::isinf(num(in, a))); });
    add_function(d, "math", "pow", [num](Interpreter& in, CallArgs& a) {
        CallArgs b;
        b.pos = {a.pos.size() > 1 ? a.pos[1] : Value()};
        return Value::floating(std::pow(num(in, a), num(in, b)));
    });
}

void fill_textwrap(Interpreter&, ModuleObject& m) {
    DictObject& d = *m.dict;
    add_function(d, "textwrap", "dedent", [](Interpreter& in, CallArgs& a) {
        const std::string* s = a.pos.empty() ? nullptr : str_of(a.pos[0]);
        if (!s) in.raise(in.exc.TypeError, "dedent() expects a str", a.loc);
        std::vector<std::string> lines;
        std::string cur;
        for (char c : *s) {
            if (c == '\n') {
                lines.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        lines.push_back(cur);
        std::optional<std::string> margin;
        for (auto& l : lines) {
            auto first = l.find_first_not_of(" \t");
            if (first == std::string::npos) continue;
            std::string indent = l.substr(0, first);
            if (!margin) margin = indent;
            else {
                std::size_t k = 0;
                while (k < margin->size() && k < indent.size() && (*margin)[k] == indent[k]) ++k;
                margin = margin->substr(0, k);
            }
        }
        std::string out;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            std::string l = lines[i];
            if (l.find_first_not_of(" \t") == std::string::npos) l.clear();
            else if (margin) l = l.substr(margin->size());
            out += l;
            if (i + 1 < lines.size()) out += '\n';
        }
        return make_str(out);
    });
    add_function(d, "textwrap", "indent", [](Interpreter& in, CallArgs& a) {
        const std::string* s = a.pos.empty() ? nullptr : str_of(a.pos[0]);
        const std::string* p = a.pos.size() > 1 ? str_of(a.pos[1]) : nullptr;
        if (!s || !p) in.raise(in.exc.TypeError, "indent() expects two str", a.loc);
        std::string out;
        bool at_start = true;
        for (std::size_t i = 0; i < s->size(); ++i) {
            if (at_start) {
                std::size_t e = s->find('\n', i);
                std::string line = s->substr(i, e == std::string::npos ? std::string::npos : e - i);
                if (line.find_first_not_of(" \t\r") != std::string::npos) out += *p;
            }
            out += (*s)[i];
            at_start = (*s)[i] == '\n';
        }
        return make_str(out);
    });
}

}  // namespace

void register_core_modules(Interpreter& in) {
    in.register_module("functools", fill_functools);
    register_os_modules(in);
    in.register_module("collections", fill_collections);
    in.register_module("abc", fill_abc);
    in.register_module("dataclasses", fill_dataclasses);
    in.register_module("logging", fill_logging);
    in.register_module("warnings", fill_warnings);
    in.register_module("contextlib", fill_contextlib);
    in.register_module("copy", fill_copy);
    in.register_module("itertools", fill_itertools);
    in.register_module("string", fill_string);
    in.register_module("math", fill_math);
    in.register_module("textwrap", fill_textwrap);
}

void register_standard_modules(Interpreter& in) {
    register_enum_module(in);
    register_core_modules(in);
    register_datetime_modules(in);
    register_re_module(in);
    register_inspect_module(in);
}

}  // namespace orm::python
