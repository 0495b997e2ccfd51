// inspect's signature() and its Signature/Parameter objects, and
// functools.singledispatch (registration by class or by the first
// parameter's annotation, dispatch on the first argument's type): what
// project code computes at import time from its own functions.
#include "orm/python/stdlib.hpp"

namespace orm::python {

namespace {

// inspect.Parameter.empty and the kinds' numbers, as CPython numbers them.
enum ParamKind { POSITIONAL_ONLY = 0, POSITIONAL_OR_KEYWORD = 1, VAR_POSITIONAL = 2, KEYWORD_ONLY = 3, VAR_KEYWORD = 4 };

struct Empty : HostObject {
    std::string type_name() const override { return "type"; }
    std::string repr(Interpreter&) const override { return "<class 'inspect._empty'>"; }
};

Value empty() {
    static Value e(new Empty());
    return e;
}

struct ParameterObject : HostObject {
    std::string name;
    int kind = POSITIONAL_OR_KEYWORD;
    Value default_value = empty();
    Value annotation = empty();
    std::string type_name() const override { return "Parameter"; }
    std::optional<Value> get_attr(Interpreter&, std::string_view attr) override {
        if (attr == "name") return make_str(name);
        if (attr == "kind") return Value::integer(kind);
        if (attr == "default") return default_value;
        if (attr == "annotation") return annotation;
        if (attr == "empty") return empty();
        return std::nullopt;
    }
    std::string repr(Interpreter&) const override { return "<Parameter \"" + name + "\">"; }
};

struct SignatureObject : HostObject {
    std::vector<Ref<ParameterObject>> params;
    std::string type_name() const override { return "Signature"; }
    std::optional<Value> get_attr(Interpreter&, std::string_view attr) override {
        if (attr == "parameters") {
            Ref<DictObject> d = make_dict();
            for (auto& p : params) d->set_str(p->name, Value(p));
            return Value(d);
        }
        if (attr == "return_annotation" || attr == "empty") return empty();
        return std::nullopt;
    }
};

// The parameters of a Python function, `skip` leading ones left out (a bound method's self).
Value signature_of(Interpreter& in, const Value& callable, std::size_t skip, SourceLocation loc) {
    if (auto* b = callable.as<BoundMethodObject>()) return signature_of(in, b->func, skip + 1, loc);
    if (auto* c = callable.as<ClassObject>()) {
        const Value* init = c->lookup("__init__");
        if (init && init->is(ObjKind::Function)) return signature_of(in, *init, skip + 1, loc);
        return Value(new SignatureObject());
    }
    auto* f = callable.as<FunctionObject>();
    if (!f) in.raise(in.exc.ValueError, "no signature found for " + in.repr(callable), loc);
    if (f->attrs)
        if (const Value* wrapped = f->attrs->find_str("__wrapped__")) return signature_of(in, *wrapped, skip, loc);
    Ref<SignatureObject> sig(new SignatureObject());
    std::size_t with_default = 0;
    bool keyword_only = false;
    for (const Parameter& p : *f->params) {
        if (p.kind == Parameter::Kind::Separator) {
            if (p.name.empty()) keyword_only = true;   // a bare `*`
            continue;
        }
        Ref<ParameterObject> po(new ParameterObject());
        po->name = p.name;
        po->kind = p.kind == Parameter::Kind::VarPositional ? VAR_POSITIONAL
                 : p.kind == Parameter::Kind::VarKeyword    ? VAR_KEYWORD
                 : p.kind == Parameter::Kind::KeywordOnly || keyword_only ? KEYWORD_ONLY
                                                                          : POSITIONAL_OR_KEYWORD;
        if (p.kind == Parameter::Kind::VarPositional) keyword_only = true;
        if (p.default_value && with_default < f->defaults.size()) po->default_value = f->defaults[with_default++];
        if (skip > 0) {
            --skip;
            continue;
        }
        sig->params.push_back(po);
    }
    return Value(sig);
}

// functools.singledispatch: a function dispatching on its first argument's type.
struct SingleDispatch : HostObject {
    Value default_fn;
    std::vector<std::pair<Value, Value>> registry;   // class -> implementation, in registration order
    std::string type_name() const override { return "function"; }

    Value dispatch(Interpreter& in, const Value& cls) const {
        auto* c = cls.as<ClassObject>();
        if (c)
            for (ClassObject* k : c->mro)
                for (auto it = registry.rbegin(); it != registry.rend(); ++it)
                    if (it->first.as<ClassObject>() == k) return it->second;
        return default_fn;
    }
    Value call(Interpreter& in, CallArgs& a) override {
        if (a.pos.empty()) in.raise(in.exc.TypeError, "singledispatch function requires at least 1 positional argument", a.loc);
        Value impl = dispatch(in, Value(in.type_of(a.pos[0])));
        return in.call(impl, a);
    }
    std::optional<Value> get_attr(Interpreter& in, std::string_view attr) override {
        Ref<SingleDispatch> self(this);
        if (attr == "register")
            return make_native("singledispatch.register", [self](Interpreter& in, CallArgs& a) -> Value {
                if (a.pos.empty()) in.raise(in.exc.TypeError, "register() takes a class or a function", a.loc);
                if (!a.pos[0].is(ObjKind::Function)) {   // a class (or a typing alias of one)
                    Value cls = a.pos[0];
                    if (a.pos.size() > 1) {
                        self->registry.emplace_back(cls, a.pos[1]);
                        return a.pos[1];
                    }
                    return make_native("singledispatch.register.decorator", [self, cls](Interpreter&, CallArgs& b) {
                        Value f = b.pos.empty() ? Value() : b.pos[0];
                        self->registry.emplace_back(cls, f);
                        return f;
                    });
                }
                // @f.register on a function: the class is its first parameter's annotation.
                Value f = a.pos[0];
                auto* fo = f.as<FunctionObject>();
                Value cls;
                if (fo && fo->params && !fo->params->empty() && fo->params->front().annotation && fo->module)
                    cls = in.eval_in(*fo->params->front().annotation, *fo->module, nullptr);
                self->registry.emplace_back(cls, f);
                return f;
            });
        if (attr == "dispatch")
            return make_native("singledispatch.dispatch", [self](Interpreter& in, CallArgs& a) {
                return self->dispatch(in, a.pos.empty() ? Value() : a.pos[0]);
            });
        if (attr == "registry") {
            Ref<DictObject> d = make_dict();
            for (auto& [k, v] : registry)
                if (k.is(ObjKind::Class)) d->set(in, k, v);
            return Value(d);
        }
        return in.getattr_opt(default_fn, attr, in.current_location());
    }
};

void fill_inspect(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    d.set_str("signature", make_native("inspect.signature", [](Interpreter& in, CallArgs& a) {
        if (a.pos.empty()) in.raise(in.exc.TypeError, "signature() missing 1 required positional argument: 'obj'", a.loc);
        return signature_of(in, a.pos[0], 0, a.loc);
    }));
    Ref<ClassObject> parameter = in.make_class("Parameter", {}, "inspect");
    for (auto [name, value] : {std::pair{"POSITIONAL_ONLY", 0}, std::pair{"POSITIONAL_OR_KEYWORD", 1},
                               std::pair{"VAR_POSITIONAL", 2}, std::pair{"KEYWORD_ONLY", 3}, std::pair{"VAR_KEYWORD", 4}})
        parameter->dict->set_str(name, Value::integer(value));
    parameter->dict->set_str("empty", empty());
    d.set_str("Parameter", Value(parameter));
    d.set_str("Signature", Value(in.make_class("Signature", {}, "inspect")));
    d.set_str("isclass", make_native("inspect.isclass", [](Interpreter&, CallArgs& a) {
        return Value::boolean(!a.pos.empty() && a.pos[0].is(ObjKind::Class));
    }));
    d.set_str("isfunction", make_native("inspect.isfunction", [](Interpreter&, CallArgs& a) {
        return Value::boolean(!a.pos.empty() && a.pos[0].is(ObjKind::Function));
    }));
    d.set_str("ismethod", make_native("inspect.ismethod", [](Interpreter&, CallArgs& a) {
        return Value::boolean(!a.pos.empty() && a.pos[0].is(ObjKind::BoundMethod));
    }));
    for (const char* n : {"iscoroutinefunction", "isgeneratorfunction", "isasyncgenfunction", "isabstract"})
        d.set_str(n, make_native(std::string("inspect.") + n, [](Interpreter&, CallArgs&) { return Value::boolean(false); }));
}

}  // namespace

Value make_singledispatch(const Value& function) {
    Ref<SingleDispatch> s(new SingleDispatch());
    s->default_fn = function;
    return Value(s);
}

void register_inspect_module(Interpreter& in) { in.register_module("inspect", fill_inspect); }

}  // namespace orm::python
