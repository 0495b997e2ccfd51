// Support for the value modules (see stdlib_support.hpp): argument binding
// with CPython's messages, native classes with payload instances, and the
// clock and randomness hooks.
#include "orm/python/stdlib_support.hpp"

namespace orm::python::support {

std::vector<const Value*> bind_args(Interpreter& in, const CallArgs& a, std::size_t skip, std::string_view fname,
                                    std::initializer_list<std::string_view> names, std::size_t required,
                                    std::size_t max_positional) {
    std::vector<std::string_view> ns(names);
    std::vector<const Value*> out(ns.size(), nullptr);
    std::string who = fname.empty() ? "function" : std::string(fname) + "()";
    std::size_t given = a.pos.size() > skip ? a.pos.size() - skip : 0;
    std::size_t limit = std::min(max_positional, ns.size());
    if (given > limit)
        in.raise(in.exc.TypeError, who + " takes at most " + std::to_string(limit) +
                                       (fname.empty() ? " positional arguments (" : " arguments (") +
                                       std::to_string(given) + " given)", a.loc);
    for (std::size_t i = 0; i < given; ++i) out[i] = &a.pos[skip + i];
    for (auto& [k, v] : a.kw) {
        std::size_t i = 0;
        while (i < ns.size() && ns[i] != k) ++i;
        if (i == ns.size())
            in.raise(in.exc.TypeError, "'" + k + "' is an invalid keyword argument for " +
                                           (fname.empty() ? std::string("this function") : who), a.loc);
        if (out[i])
            in.raise(in.exc.TypeError, "argument for " + who + " given by name ('" + k + "') and position (" +
                                           std::to_string(i + 1) + ")", a.loc);
        out[i] = &v;
    }
    for (std::size_t i = 0; i < required; ++i)
        if (!out[i])
            in.raise(in.exc.TypeError, who + " missing required argument '" + std::string(ns[i]) + "' (pos " +
                                           std::to_string(i + 1) + ")", a.loc);
    return out;
}

std::optional<std::int64_t> int_of(const Value& v) {
    if (v.is_intlike()) return v.as_int();
    if (auto* inst = v.as<InstanceObject>(); inst && inst->builtin_value.is_intlike()) return inst->builtin_value.as_int();
    return std::nullopt;
}

std::int64_t int_arg(Interpreter& in, const Value& v, SourceLocation loc) {
    if (auto i = int_of(v)) return *i;
    in.raise(in.exc.TypeError, "'" + in.type_name(v) + "' object cannot be interpreted as an integer", loc);
}

namespace {

// Whether a Python class between `cls` and the native class defines `name`.
bool python_defines(const ClassObject& cls, const NativeClassHooks* native, std::string_view name) {
    for (ClassObject* c : cls.mro) {
        if (c->hooks.get() == native) return false;
        if (c->dict)
            if (const Value* v = c->dict->find_str(name); v && !v->is(ObjKind::Native)) return true;
    }
    return false;
}

class PayloadHooks : public NativeClassHooks {
public:
    explicit PayloadHooks(PayloadMaker make) : make_(std::move(make)) {}

    std::optional<Value> class_call(Interpreter& in, ClassObject& cls, CallArgs& args) override {
        // A subclass's own __new__ runs as in Python (and reaches ours through super()).
        if (python_defines(cls, this, "__new__")) return std::nullopt;
        Value made(make_(in, cls, args));
        if (python_defines(cls, this, "__init__")) in.call(in.getattr(made, "__init__", args.loc), args);
        return made;
    }

    Ref<InstanceObject> new_instance(Interpreter& in, ClassObject& cls, CallArgs& args) override {
        // object.__new__(cls, ...): the arguments after the class.
        CallArgs rest = args;
        if (!rest.pos.empty() && rest.pos[0].obj() == &cls) rest.pos.erase(rest.pos.begin());
        return make_(in, cls, rest);
    }

    const PayloadMaker& make() const { return make_; }

private:
    PayloadMaker make_;
};

// A native method held as a descriptor: `instance.name` binds it.
struct MethodDescriptor : HostObject {
    MethodDescriptor(std::string n, NativeFn f) : name(std::move(n)), fn(std::move(f)) {}
    std::string name;
    NativeFn fn;
    std::string type_name() const override { return "method_descriptor"; }
    std::optional<Value> descriptor_get(Interpreter&, const Value& instance, ClassObject&) override {
        Value f = make_native(name, fn);
        if (instance.is_none()) return f;
        return Value(new BoundMethodObject(instance, f));
    }
    Value call(Interpreter& in, CallArgs& args) override { return fn(in, args); }
};

}  // namespace

Ref<ClassObject> make_module_class(Interpreter& in, const std::string& name, const std::vector<Ref<ClassObject>>& bases,
                                   const std::string& module) {
    Ref<ClassObject> cls = in.make_class(name, bases, module);
    cls->dict->set_str("__module__", make_str(module));
    return cls;
}

void install_payload_class(Interpreter& in, ClassObject& cls, PayloadMaker make) {
    auto hooks = std::make_shared<PayloadHooks>(std::move(make));
    cls.hooks = hooks;
    std::weak_ptr<PayloadHooks> weak = hooks;
    cls.dict->set_str("__new__", Value(new StaticMethodObject(make_native(cls.name + ".__new__", [weak](Interpreter& in, CallArgs& a) -> Value {
        auto* sub = a.pos.empty() ? nullptr : a.pos[0].as<ClassObject>();
        auto h = weak.lock();
        if (!sub || !h) in.raise(in.exc.TypeError, "__new__(X): X is not a type object", a.loc);
        CallArgs rest = a;
        rest.pos.erase(rest.pos.begin());
        return Value(h->make()(in, *sub, rest));
    }))));
    // Arguments went to __new__; a subclass's super().__init__(...) passes them again.
    in.add_method(cls, "__init__", [](Interpreter&, CallArgs&) { return Value(); });
}

void add_hash_method(Interpreter&, ClassObject& cls, std::function<std::int64_t(Interpreter&, const Value&)> hash) {
    NativeFn fn = [hash](Interpreter& in, CallArgs& a) -> Value {
        if (a.pos.empty()) in.raise(in.exc.TypeError, "__hash__() needs an instance", a.loc);
        return Value::integer(hash(in, a.pos[0]));
    };
    cls.dict->set_str("__hash__", Value(new MethodDescriptor(cls.name + ".__hash__", fn)));
}

void add_function(DictObject& d, const std::string& module, const char* name, NativeFn fn) {
    d.set_str(name, make_native(module + "." + name, std::move(fn)));
}

void add_classmethod(ClassObject& cls, const std::string& name, NativeFn fn) {
    cls.dict->set_str(name, Value(new ClassMethodObject(make_native(cls.name + "." + name, std::move(fn)))));
}

void add_staticmethod(ClassObject& cls, const std::string& name, NativeFn fn) {
    cls.dict->set_str(name, Value(new StaticMethodObject(make_native(cls.name + "." + name, std::move(fn)))));
}

void add_getter(ClassObject& cls, const std::string& name, std::function<Value(Interpreter&, const Value&)> get) {
    Ref<PropertyObject> p(new PropertyObject());
    p->fget = make_native(cls.name + "." + name, [get](Interpreter& in, CallArgs& a) -> Value {
        if (a.pos.empty()) in.raise(in.exc.TypeError, "attribute getter needs an instance", a.loc);
        return get(in, a.pos[0]);
    });
    cls.dict->set_str(name, Value(p));
}

std::int64_t clock_micros(Interpreter& in, SourceLocation loc) {
    std::optional<std::int64_t> now;
    if (in.options().clock_micros) now = in.options().clock_micros();
    if (!now) throw NotHermetic{"the clock"};
    (void)loc;
    return *now;
}

std::array<std::uint8_t, 16> random_bytes(Interpreter& in, SourceLocation loc) {
    if (!in.options().random_bytes) throw NotHermetic{"randomness"};
    (void)loc;
    return in.options().random_bytes();
}

}  // namespace orm::python::support
