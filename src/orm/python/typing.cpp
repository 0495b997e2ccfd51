// typing, typing_extensions, types and collections.abc: annotations evaluate
// to the same shapes Python builds (generic aliases, unions, special forms),
// so that SQLAlchemy's Mapped[...] reading sees what was written. Nothing
// here checks types; isinstance() with the abstract collection names answers
// for the built-in containers.
#include "orm/python/typing.hpp"

#include "orm/python/exec.hpp"

namespace orm::python {

namespace {

std::string form_repr(Interpreter& in, const Value& v) {
    if (auto* c = v.as<ClassObject>()) return c->module_name == "builtins" ? c->name : c->module_name + "." + c->qualname;
    if (v.is_none()) return "None";
    return in.repr(v);
}

// A name of the typing module that is subscripted or used as is: Any,
// Optional, Union, List, ClassVar, Annotated, Literal, Generic, ...
struct SpecialForm : HostObject {
    explicit SpecialForm(std::string n) : name(std::move(n)) {}
    std::string name;
    std::string type_name() const override { return "_SpecialForm"; }
    std::string repr(Interpreter&) const override { return "typing." + name; }

    std::optional<Value> get_item(Interpreter& in, const Value& key) override {
        std::vector<Value> args;
        if (auto* t = key.as<TupleObject>()) args = t->items;
        else args.push_back(key);
        if (name == "Optional") {
            if (args.size() != 1) in.raise(in.exc.TypeError, "Optional[t] requires a single type.");
            return make_union(in, {args[0], Value()});
        }
        if (name == "Union") return make_union(in, args);
        return Value(new GenericAliasObject(Value(this), std::move(args), name));
    }
    std::optional<Value> get_attr(Interpreter& in, std::string_view attr) override {
        if (attr == "__name__" || attr == "_name") return make_str(name);
        if (attr == "__instancecheck__") {
            Ref<SpecialForm> self(this);
            return make_native("typing.__instancecheck__", [self](Interpreter& in, CallArgs& a) {
                return Value::boolean(!a.pos.empty() && self->instance_check(in, a.pos[0]));
            });
        }
        if (attr == "from_iterable" && name == "chain") return std::nullopt;
        (void)in;
        return std::nullopt;
    }
    std::optional<Value> binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected) override {
        if (op != "__or__") return std::nullopt;
        return reflected ? make_union(in, {other, Value(this)}) : make_union(in, {Value(this), other});
    }
    Value call(Interpreter& in, CallArgs& args) override {
        // The abstract collections are not instantiated by model code; the
        // typing names that are callable (cast, NewType, TypeVar) are natives.
        in.raise(in.exc.TypeError, "Cannot instantiate typing." + name, args.loc);
    }
    bool instance_check(Interpreter& in, const Value& v) const {
        const std::string& n = name;
        if (n == "Any") return true;
        if (n == "Mapping" || n == "MutableMapping" || n == "Dict") return in.isinstance(v, in.types.dict);
        if (n == "Sequence" || n == "MutableSequence" || n == "List")
            return in.isinstance(v, in.types.list) || (n == "Sequence" && (in.isinstance(v, in.types.tuple) || in.isinstance(v, in.types.str)));
        if (n == "Set" || n == "AbstractSet" || n == "MutableSet") return in.isinstance(v, in.types.set) || (n != "MutableSet" && in.isinstance(v, in.types.frozenset));
        if (n == "Tuple") return in.isinstance(v, in.types.tuple);
        if (n == "Callable")
            return v.is(ObjKind::Function) || v.is(ObjKind::Native) || v.is(ObjKind::BoundMethod) || v.is(ObjKind::Class);
        if (n == "Iterable" || n == "Collection" || n == "Container" || n == "Sized") {
            if (v.is(ObjKind::Str) || v.is(ObjKind::List) || v.is(ObjKind::Tuple) || v.is(ObjKind::Dict) ||
                v.is(ObjKind::Set) || v.is(ObjKind::FrozenSet) || v.is(ObjKind::Bytes) || v.is(ObjKind::Range))
                return true;
            if (auto* i = v.as<InstanceObject>()) return i->cls->lookup("__iter__") || !i->builtin_value.is_none();
            return v.is(ObjKind::Iterator);
        }
        if (n == "Iterator" || n == "Generator") return v.is(ObjKind::Iterator);
        if (n == "Hashable") {
            return !(v.is(ObjKind::List) || v.is(ObjKind::Dict) || v.is(ObjKind::Set));
        }
        return false;
    }
};

struct TypeVarObject : HostObject {
    explicit TypeVarObject(std::string n) : name(std::move(n)) {}
    std::string name;
    Value bound;
    std::string type_name() const override { return "TypeVar"; }
    std::string repr(Interpreter&) const override { return "~" + name; }
    std::optional<Value> get_attr(Interpreter&, std::string_view attr) override {
        if (attr == "__name__") return make_str(name);
        if (attr == "__bound__") return bound;
        return std::nullopt;
    }
    std::optional<Value> binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected) override {
        if (op != "__or__") return std::nullopt;
        return reflected ? make_union(in, {other, Value(this)}) : make_union(in, {Value(this), other});
    }
};

// NewType("UserId", int): calling it returns its argument.
struct NewTypeObject : HostObject {
    NewTypeObject(std::string n, Value s) : name(std::move(n)), supertype(std::move(s)) {}
    std::string name;
    Value supertype;
    std::string type_name() const override { return "NewType"; }
    std::string repr(Interpreter&) const override { return name; }
    Value call(Interpreter& in, CallArgs& args) override {
        if (args.pos.size() != 1) in.raise(in.exc.TypeError, name + "() takes one argument", args.loc);
        return args.pos[0];
    }
    std::optional<Value> get_attr(Interpreter&, std::string_view attr) override {
        if (attr == "__name__") return make_str(name);
        if (attr == "__supertype__") return supertype;
        return std::nullopt;
    }
};

Value identity_decorator(const char* name) {
    return make_native(name, [](Interpreter& in, CallArgs& a) -> Value {
        if (a.pos.size() == 1 && a.kw.empty()) return a.pos[0];
        // Called with options (e.g. runtime_checkable() or final()): a decorator.
        (void)in;
        return make_native("decorator", [](Interpreter&, CallArgs& b) { return b.pos.empty() ? Value() : b.pos[0]; });
    });
}

const char* const kForms[] = {
    "Any", "Optional", "Union", "List", "Dict", "Set", "FrozenSet", "Tuple", "Type", "Sequence", "Mapping",
    "MutableMapping", "MutableSequence", "MutableSet", "AbstractSet", "Iterable", "Iterator", "Callable",
    "Generator", "AsyncGenerator", "AsyncIterator", "AsyncIterable", "Awaitable", "Coroutine", "Collection",
    "Container", "Hashable", "Sized", "Reversible", "DefaultDict", "OrderedDict", "Counter", "Deque", "ChainMap",
    "Pattern", "Match", "IO", "TextIO", "BinaryIO", "ClassVar", "Final", "Literal", "Annotated", "Generic",
    "Protocol", "NoReturn", "Never", "Self", "LiteralString", "TypeAlias", "Concatenate", "TypeGuard",
    "Required", "NotRequired", "Unpack", "AnyStr", "SupportsInt", "SupportsFloat", "SupportsIndex", "KeysView",
    "ValuesView", "ItemsView", "MappingView", "ContextManager", "AsyncContextManager", "Text", "ByteString",
};

void fill_typing(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    for (const char* n : kForms) d.set_str(n, Value(new SpecialForm(n)));
    d.set_str("Text", Value(in.types.str));
    d.set_str("TYPE_CHECKING", Value::boolean(false));
    d.set_str("cast", make_native("typing.cast", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "cast", 2, 2);
        return a.pos[1];
    }));
    d.set_str("TypeVar", make_native("typing.TypeVar", [](Interpreter& in, CallArgs& a) {
        const std::string* n = a.pos.empty() ? nullptr : str_of(a.pos[0]);
        if (!n) in.raise(in.exc.TypeError, "TypeVar name must be a string", a.loc);
        Ref<TypeVarObject> t(new TypeVarObject(*n));
        if (const Value* b = a.kwarg("bound")) t->bound = *b;
        return Value(t);
    }));
    d.set_str("ParamSpec", d.find_str("TypeVar") ? *d.find_str("TypeVar") : Value());
    d.set_str("TypeVarTuple", d.find_str("TypeVar") ? *d.find_str("TypeVar") : Value());
    d.set_str("NewType", make_native("typing.NewType", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "NewType", 2, 2);
        const std::string* n = str_of(a.pos[0]);
        return Value(new NewTypeObject(n ? *n : "NewType", a.pos[1]));
    }));
    for (const char* n : {"overload", "final", "runtime_checkable", "no_type_check", "override", "dataclass_transform"})
        d.set_str(n, identity_decorator(n));
    d.set_str("get_type_hints", make_native("typing.get_type_hints", [](Interpreter& in, CallArgs& a) -> Value {
        if (a.pos.empty()) return Value(make_dict());
        if (auto v = in.getattr_opt(a.pos[0], "__annotations__", a.loc)) return *v;
        return Value(make_dict());
    }));
    d.set_str("get_origin", make_native("typing.get_origin", [](Interpreter&, CallArgs& a) -> Value {
        if (a.pos.empty()) return Value();
        if (auto* g = a.pos[0].host<GenericAliasObject>()) return g->origin;
        if (a.pos[0].host<UnionObject>()) return Value(new SpecialForm("Union"));
        return Value();
    }));
    d.set_str("get_args", make_native("typing.get_args", [](Interpreter&, CallArgs& a) -> Value {
        if (a.pos.empty()) return make_tuple();
        if (auto* g = a.pos[0].host<GenericAliasObject>()) return make_tuple(g->args);
        if (auto* u = a.pos[0].host<UnionObject>()) return make_tuple(u->members);
        return make_tuple();
    }));
    // NamedTuple and TypedDict as bases: their class statements make plain classes.
    d.set_str("NamedTuple", Value(in.make_class("NamedTuple", {in.types.tuple}, "typing")));
    d.set_str("TypedDict", Value(in.make_class("TypedDict", {in.types.dict}, "typing")));
}

}  // namespace

// ---------------------------------------------------------------- aliases

std::optional<Value> GenericAliasObject::get_attr(Interpreter& in, std::string_view attr) {
    if (attr == "__origin__") return origin;
    if (attr == "__args__") return make_tuple(args);
    if (attr == "__metadata__" && name == "Annotated") return make_tuple(std::vector<Value>(args.begin() + 1, args.end()));
    if (attr == "__name__" || attr == "_name") return make_str(name);
    // Anything else is the origin's (a subscripted user class keeps its classmethods).
    return in.getattr_opt(origin, attr, {});
}

std::optional<Value> GenericAliasObject::get_item(Interpreter& in, const Value& key) {
    // Subscripting an alias with type variables substitutes them; orm keeps the new arguments.
    std::vector<Value> a;
    if (auto* t = key.as<TupleObject>()) a = t->items;
    else a.push_back(key);
    (void)in;
    return Value(new GenericAliasObject(origin, std::move(a), name));
}

std::optional<Value> GenericAliasObject::binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected) {
    if (op != "__or__") return std::nullopt;
    return reflected ? make_union(in, {other, Value(this)}) : make_union(in, {Value(this), other});
}

Value GenericAliasObject::call(Interpreter& in, CallArgs& args) {
    if (origin.is(ObjKind::Class)) return in.call(origin, args);
    // Annotated[T, ...](x) calls T, as Python's _AnnotatedAlias does.
    if (name == "Annotated" && !args.pos.empty() && !this->args.empty()) return in.call(this->args[0], args);
    static const std::vector<std::pair<std::string, std::string>> concrete = {
        {"List", "list"}, {"Dict", "dict"}, {"Set", "set"}, {"FrozenSet", "frozenset"}, {"Tuple", "tuple"},
        {"DefaultDict", "dict"}, {"OrderedDict", "dict"}, {"Deque", "list"}};
    for (auto& [form, builtin] : concrete)
        if (form == name) return in.call(*in.builtins().find_str(builtin), args);
    in.raise(in.exc.TypeError, "Type " + name + " cannot be instantiated", args.loc);
}

std::string GenericAliasObject::repr(Interpreter& in) const {
    std::string out = origin.host<SpecialForm>() ? "typing." + name : form_repr(in, origin);
    out += "[";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + form_repr(in, args[i]);
    return out + "]";
}

std::optional<Value> UnionObject::get_attr(Interpreter&, std::string_view attr) {
    if (attr == "__args__") return make_tuple(members);
    if (attr == "__origin__") return Value(new SpecialForm("Union"));
    return std::nullopt;
}

std::optional<Value> UnionObject::binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected) {
    if (op != "__or__") return std::nullopt;
    return reflected ? make_union(in, {other, Value(this)}) : make_union(in, {Value(this), other});
}

std::string UnionObject::repr(Interpreter& in) const {
    std::string out;
    for (std::size_t i = 0; i < members.size(); ++i) out += (i ? " | " : "") + form_repr(in, members[i]);
    return out;
}

Value make_union(Interpreter& in, std::vector<Value> members) {
    std::vector<Value> flat;
    for (auto& m : members) {
        if (auto* u = m.host<UnionObject>()) {
            for (auto& x : u->members) flat.push_back(x);
        } else if (m.as<ClassObject>() == in.types.none) {
            flat.push_back(Value());
        } else {
            flat.push_back(m);
        }
    }
    std::vector<Value> unique;
    for (auto& m : flat) {
        bool seen = false;
        for (auto& u : unique)
            if (u.identical(m) || (m.is(ObjKind::Str) && u.is(ObjKind::Str) && in.equal(u, m))) seen = true;
        if (!seen) unique.push_back(m);
    }
    if (unique.size() == 1) return unique[0];
    return Value(new UnionObject(std::move(unique)));
}

std::optional<std::string> special_form_name(const Value& v) {
    if (auto* f = v.host<SpecialForm>()) return "typing." + f->name;
    return std::nullopt;
}

bool is_type_form(const Value& v) {
    return v.is_none() || v.is(ObjKind::Class) || v.is(ObjKind::Str) || v.host<GenericAliasObject>() ||
           v.host<UnionObject>() || v.host<SpecialForm>() || v.host<TypeVarObject>();
}

void register_typing_modules(Interpreter& in) {
    in.register_module("typing", fill_typing);
    in.register_module("typing_extensions", fill_typing);
    in.register_module("collections.abc", fill_typing);
    in.register_module("types", [](Interpreter& in, ModuleObject& m) {
        DictObject& d = *m.dict;
        d.set_str("NoneType", Value(in.types.none));
        d.set_str("FunctionType", Value(in.types.function));
        d.set_str("LambdaType", Value(in.types.function));
        d.set_str("MethodType", Value(in.types.method));
        d.set_str("BuiltinFunctionType", Value(in.types.builtin_function));
        d.set_str("ModuleType", Value(in.types.module));
        d.set_str("GenericAlias", Value(new SpecialForm("GenericAlias")));
        d.set_str("UnionType", Value(new SpecialForm("UnionType")));
        Ref<ClassObject> ns = in.make_class("SimpleNamespace", {}, "types");
        in.add_method(*ns, "__init__", [](Interpreter&, CallArgs& a) {
            auto* self = a.pos[0].as<InstanceObject>();
            for (auto& [k, v] : a.kw) self->attrs().set_str(k, v);
            return Value();
        });
        d.set_str("SimpleNamespace", Value(ns));
        d.set_str("MappingProxyType", Value(in.types.dict));
    });
}

}  // namespace orm::python
