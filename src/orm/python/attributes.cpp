// Attribute access: Python's lookup rules for instances (data descriptors,
// the instance dict, the class's MRO with methods bound, __getattr__), for
// classes (the MRO, classmethods, native metaclass attributes), modules,
// built-in values (their type's methods), super(), host and opaque objects.
#include <algorithm>

#include "orm/python/interpreter.hpp"

namespace orm::python {

namespace {

Value class_tuple(const std::vector<Ref<ClassObject>>& cs) {
    std::vector<Value> items;
    for (auto& c : cs) items.push_back(Value(c));
    return make_tuple(std::move(items));
}

Value mro_tuple(const std::vector<ClassObject*>& cs) {
    std::vector<Value> items;
    for (auto* c : cs) items.push_back(Value(c));
    return make_tuple(std::move(items));
}

std::optional<Value> doc_of(const std::vector<std::unique_ptr<Stmt>>& body) {
    if (!body.empty())
        if (auto* s = body.front()->as<ExprStmt>())
            if (auto* c = s->value->as<Constant>(); c && c->is_string()) return make_str(c->value);
    return std::nullopt;
}

}  // namespace

Value Interpreter::bind_attribute(const Value& attr, const Value& self, ClassObject& owner, SourceLocation loc) {
    switch (attr.is_obj() ? attr.obj()->kind() : ObjKind::Host) {
        case ObjKind::Function: case ObjKind::Native:
            return Value(new BoundMethodObject(self, attr));
        case ObjKind::ClassMethod:
            return Value(new BoundMethodObject(Value(&owner), attr.as<ClassMethodObject>()->func));
        case ObjKind::StaticMethod:
            return attr.as<StaticMethodObject>()->func;
        case ObjKind::Property: {
            auto* p = attr.as<PropertyObject>();
            if (p->fget.is_none()) raise(exc.AttributeError, "unreadable attribute", loc);
            return call(p->fget, {self}, loc);
        }
        case ObjKind::Host:
            if (auto* h = attr.host<HostObject>())
                if (auto v = h->descriptor_get(*this, self, owner)) return *v;
            return attr;
        case ObjKind::Instance:
            // A descriptor written in Python: its class defines __get__.
            if (const Value* get = attr.as<InstanceObject>()->cls->lookup("__get__"))
                return call(bind_attribute(*get, attr, *attr.as<InstanceObject>()->cls, loc), {self, Value(&owner)}, loc);
            return attr;
        default:
            return attr;
    }
}

namespace {

// The descriptor protocol for objects of Python classes (property
// subclasses such as classproperty recipes, field descriptors): the
// method `name` ("__get__", "__set__", "__delete__") of `attr`'s class, or
// null for anything else (functions, natives and properties bind natively).
const Value* descriptor_method(const Value& attr, const char* name) {
    auto* inst = attr.as<InstanceObject>();
    return inst ? inst->cls->lookup(name) : nullptr;
}

bool is_data_descriptor(const Value& attr) {
    return descriptor_method(attr, "__set__") || descriptor_method(attr, "__delete__");
}

Value call_get(Interpreter& in, const Value& get, const Value& attr, const Value& obj, ClassObject& owner,
               SourceLocation loc) {
    return in.call(get, {attr, obj, Value(&owner)}, loc);
}

std::optional<Value> instance_attr(Interpreter& in, const Value& obj, InstanceObject& inst, std::string_view name,
                                   SourceLocation loc) {
    ClassObject& cls = *inst.cls;
    if (name == "__class__") return Value(inst.cls);
    if (name == "__dict__") return Value(Ref<DictObject>(&inst.attrs()));
    const Value* ca = cls.lookup(name);
    if (ca && ca->is(ObjKind::Property)) return in.bind_attribute(*ca, obj, cls, loc);
    const Value* get = ca ? descriptor_method(*ca, "__get__") : nullptr;
    if (get && is_data_descriptor(*ca)) return call_get(in, *get, *ca, obj, cls, loc);
    if (inst.dict)
        if (Value* v = inst.dict->find_str(name)) return *v;
    if (get) return call_get(in, *get, *ca, obj, cls, loc);
    if (ca) return in.bind_attribute(*ca, obj, cls, loc);
    if (auto v = inst.native_getattr(in, name)) return v;
    if (!inst.builtin_value.is_none()) {
        if (auto v = in.getattr_opt(inst.builtin_value, name, loc)) return v;
    }
    if (const Value* ga = cls.lookup("__getattr__")) {
        CallArgs args;
        args.pos = {obj, make_str(std::string(name))};
        args.loc = loc;
        return in.call(*ga, args);
    }
    // An attribute the instance could have from a base orm does not run: opaque.
    for (ClassObject* k : cls.mro)
        if (!k->opaque_bases.empty())
            return Value(new OpaqueObject(k->opaque_bases.front() + "()." + std::string(name), k->opaque_bases.front(), loc));
    return std::nullopt;
}

std::optional<Value> class_attr(Interpreter& in, ClassObject& cls, std::string_view name, SourceLocation loc) {
    if (name == "__name__") return make_str(cls.name);
    if (name == "__qualname__") return make_str(cls.qualname);
    if (name == "__bases__") return class_tuple(cls.bases);
    if (name == "__base__") return cls.bases.empty() ? Value() : Value(cls.bases.front());
    if (name == "__mro__") return mro_tuple(cls.mro);
    if (name == "__dict__") return Value(cls.dict);
    if (name == "__class__") return Value(in.types.type);
    if (const Value* v = cls.lookup(name)) {
        if (auto* cm = v->as<ClassMethodObject>()) return Value(new BoundMethodObject(Value(&cls), cm->func));
        if (auto* sm = v->as<StaticMethodObject>()) return sm->func;
        if (auto* h = v->host<HostObject>())
            if (auto r = h->descriptor_get(in, Value(), cls)) return r;
        if (const Value* get = descriptor_method(*v, "__get__")) return call_get(in, *get, *v, Value(), cls, loc);
        return *v;
    }
    if (name == "__doc__") return Value();
    if (NativeClassHooks* h = cls.hooks_in_mro())
        if (auto v = h->class_getattr(in, cls, name)) return v;
    if (name == "mro") {
        Ref<ClassObject> self(&cls);
        return make_native("type.mro", [self](Interpreter&, CallArgs&) { return mro_tuple(self->mro); });
    }
    if (name == "__subclasses__") return make_native("type.__subclasses__", [](Interpreter&, CallArgs&) { return make_list(); });
    if (!cls.opaque_bases.empty()) {
        // Inherited from a base orm does not run: opaque too.
        return Value(new OpaqueObject(cls.opaque_bases.front() + "." + std::string(name), cls.opaque_bases.front(), cls.loc));
    }
    return std::nullopt;
}

std::optional<Value> function_attr(Interpreter& in, FunctionObject& f, std::string_view name) {
    if (f.attrs)
        if (Value* v = f.attrs->find_str(name)) return *v;
    if (name == "__get__") {
        Ref<FunctionObject> self(&f);
        return make_native("function.__get__", [self](Interpreter&, CallArgs& a) {
            Value instance = a.pos.empty() ? Value() : a.pos[0];
            if (instance.is_none()) return Value(self);
            return Value(new BoundMethodObject(instance, Value(self)));
        });
    }
    if (name == "__name__") return make_str(f.name);
    if (name == "__qualname__") return make_str(f.qualname);
    if (name == "__module__") return make_str(f.module ? f.module->name : "");
    if (name == "__doc__") {
        if (f.def)
            if (auto d = doc_of(f.def->body)) return d;
        return Value();
    }
    if (name == "__dict__") {
        if (!f.attrs) f.attrs = make_dict();
        return Value(f.attrs);
    }
    if (name == "__defaults__") return f.defaults.empty() ? Value() : make_tuple(f.defaults);
    if (name == "__globals__") return f.module ? Value(f.module->dict) : Value();
    if (const Value* v = in.types.function->lookup(name)) return in.bind_attribute(*v, Value(&f), *in.types.function, {});
    return std::nullopt;
}

std::optional<Value> super_attr(Interpreter& in, SuperObject& s, std::string_view name, SourceLocation loc) {
    auto& mro = s.self_type->mro;
    auto it = std::find(mro.begin(), mro.end(), s.start_after.get());
    if (it != mro.end()) ++it;
    for (; it != mro.end(); ++it) {
        ClassObject* c = *it;
        if (!c->dict) continue;
        if (const Value* v = c->dict->find_str(name)) {
            if (v->is(ObjKind::Function) || v->is(ObjKind::Native)) {
                if (s.self.is(ObjKind::Class) && s.self.obj() == s.self_type.get() && name == "__new__")
                    return *v;
                return Value(new BoundMethodObject(s.self, *v));
            }
            return in.bind_attribute(*v, s.self, *s.self_type, loc);
        }
    }
    if (name == "__init__" || name == "__init_subclass__") {
        // object.__init__: takes nothing, does nothing.
        return make_native("object.__init__", [](Interpreter&, CallArgs&) { return Value(); });
    }
    if (name == "__class__") return Value(s.self_type);
    return std::nullopt;
}

// Attributes of values whose type is built in: their type's methods and a
// few data attributes.
std::optional<Value> builtin_attr(Interpreter& in, const Value& obj, std::string_view name, SourceLocation loc) {
    if (name == "__class__") return Value(in.type_of(obj));
    if (obj.is_intlike() || obj.is_float()) {
        if (name == "real") return obj;
        if (name == "imag") return obj.is_float() ? Value::floating(0) : Value::integer(0);
        if (obj.is_intlike() && name == "numerator") return Value::integer(obj.as_int());
        if (obj.is_intlike() && name == "denominator") return Value::integer(1);
    }
    if (auto* s = obj.as<SliceObject>()) {
        if (name == "start") return s->start;
        if (name == "stop") return s->stop;
        if (name == "step") return s->step;
    }
    if (auto* r = obj.as<RangeObject>()) {
        if (name == "start") return Value::integer(r->start);
        if (name == "stop") return Value::integer(r->stop);
        if (name == "step") return Value::integer(r->step);
    }
    if (auto* n = obj.as<NativeObject>()) {
        if (name == "__name__" || name == "__qualname__") {
            auto dot = n->name.rfind('.');
            return make_str(dot == std::string::npos ? n->name : n->name.substr(dot + 1));
        }
        if (name == "__doc__") return Value();
        if (name == "__module__") return make_str("builtins");
    }
    if (auto* b = obj.as<BoundMethodObject>()) {
        if (name == "__self__") return b->self;
        if (name == "__func__") return b->func;
        if (auto v = in.getattr_opt(b->func, name, loc)) return v;
    }
    if (auto* p = obj.as<PropertyObject>()) {
        if (name == "fget") return p->fget;
        if (name == "fset") return p->fset;
        if (name == "fdel") return p->fdel;
        if (name == "__doc__") return p->doc.is_none() && !p->fget.is_none() ? in.getattr_opt(p->fget, "__doc__", loc).value_or(Value()) : p->doc;
    }
    if (auto* cm = obj.as<ClassMethodObject>()) {
        if (name == "__func__") return cm->func;
        if (name == "__get__") {
            Value func = cm->func;
            return make_native("classmethod.__get__", [func](Interpreter& in, CallArgs& a) {
                Value owner = a.pos.size() > 1 && !a.pos[1].is_none() ? a.pos[1]
                              : a.pos.empty() ? Value() : Value(in.type_of(a.pos[0]));
                return Value(new BoundMethodObject(owner, func));
            });
        }
        if (auto v = in.getattr_opt(cm->func, name, loc); v && name.substr(0, 2) == "__") return v;
    }
    if (auto* sm = obj.as<StaticMethodObject>()) {
        if (name == "__func__") return sm->func;
        if (name == "__get__") {
            Value func = sm->func;
            return make_native("staticmethod.__get__", [func](Interpreter&, CallArgs&) { return func; });
        }
        if (auto v = in.getattr_opt(sm->func, name, loc); v && name.substr(0, 2) == "__") return v;
    }
    ClassObject* t = in.type_of(obj);
    if (const Value* v = t->lookup(name)) return in.bind_attribute(*v, obj, *t, loc);
    return std::nullopt;
}

std::optional<Value> lookup(Interpreter& in, const Value& obj, std::string_view name, SourceLocation loc) {
    if (!obj.is_obj()) return builtin_attr(in, obj, name, loc);
    switch (obj.obj()->kind()) {
        case ObjKind::Instance: return instance_attr(in, obj, *obj.as<InstanceObject>(), name, loc);
        case ObjKind::Class: return class_attr(in, *obj.as<ClassObject>(), name, loc);
        case ObjKind::Module: {
            auto* m = obj.as<ModuleObject>();
            if (m->dict)
                if (Value* v = m->dict->find_str(name)) return *v;
            if (name == "__dict__") return Value(m->dict);
            if (m->fallback)
                if (auto v = m->fallback(in, name)) return v;
            if (m->dict && name.substr(0, 2) != "__")
                if (Value* ga = m->dict->find_str("__getattr__"))  // PEP 562
                    return in.call(*ga, {make_str(std::string(name))}, loc);
            if (m->opaque)
                return Value(new OpaqueObject(m->name + "." + std::string(name), m->name, m->imported_at));
            return std::nullopt;
        }
        case ObjKind::Function: return function_attr(in, *obj.as<FunctionObject>(), name);
        case ObjKind::Super: return super_attr(in, *obj.as<SuperObject>(), name, loc);
        case ObjKind::Opaque: {
            auto* o = obj.as<OpaqueObject>();
            return Value(new OpaqueObject(o->name + "." + std::string(name), o->module, o->origin));
        }
        case ObjKind::Host: {
            auto* h = obj.host<HostObject>();
            if (auto v = h->get_attr(in, name)) return v;
            if (ClassObject* t = h->python_type(in))
                if (const Value* v = t->lookup(name)) return in.bind_attribute(*v, obj, *t, loc);
            if (name == "__class__") return Value(in.type_of(obj));
            return std::nullopt;
        }
        default: return builtin_attr(in, obj, name, loc);
    }
}

[[noreturn]] void attribute_error(Interpreter& in, const Value& obj, std::string_view name, SourceLocation loc) {
    std::string n(name);
    std::vector<std::string> names;
    auto add = [&](const DictObject* d) {
        if (d)
            d->for_each([&](const Value& k, const Value&) {
                if (auto* s = str_of(k)) names.push_back(*s);
            });
    };
    if (auto* m = obj.as<ModuleObject>()) {
        add(m->dict.get());
        if (const Value* all = m->dict ? m->dict->find_str("__all__") : nullptr)
            if (auto* l = all->as<ListObject>())
                for (auto& x : l->items)
                    if (auto* s = str_of(x)) names.push_back(*s);
    } else if (auto* c = obj.as<ClassObject>()) {
        for (auto* k : c->mro) add(k->dict.get());
    } else if (auto* i = obj.as<InstanceObject>()) {
        add(i->dict.get());
        for (auto* k : i->cls->mro) add(k->dict.get());
    } else if (obj.is_obj() && !obj.is(ObjKind::Host)) {
        for (auto* k : in.type_of(obj)->mro) add(k->dict.get());
    }
    std::string hint = suggest_name(n, names);
    if (!hint.empty()) hint = ". Did you mean: '" + hint + "'?";
    if (auto* c = obj.as<ClassObject>()) in.raise(in.exc.AttributeError, "type object '" + c->name + "' has no attribute '" + n + "'" + hint, loc);
    if (auto* m = obj.as<ModuleObject>()) in.raise(in.exc.AttributeError, "module '" + m->name + "' has no attribute '" + n + "'" + hint, loc);
    in.raise(in.exc.AttributeError, "'" + in.type_name(obj) + "' object has no attribute '" + n + "'" + hint, loc);
}

}  // namespace

Value Interpreter::getattr(const Value& obj, std::string_view name, SourceLocation loc) {
    if (auto v = lookup(*this, obj, name, loc)) return *v;
    attribute_error(*this, obj, name, loc);
}

std::optional<Value> Interpreter::getattr_opt(const Value& obj, std::string_view name, SourceLocation loc) {
    try {
        return lookup(*this, obj, name, loc);
    } catch (const PythonException& e) {
        if (isinstance(e.value(), exc.AttributeError)) return std::nullopt;
        throw;
    }
}

void Interpreter::setattr(const Value& obj, std::string_view name, const Value& value, SourceLocation loc) {
    switch (obj.is_obj() ? obj.obj()->kind() : ObjKind::Str) {
        case ObjKind::Instance: {
            auto* inst = obj.as<InstanceObject>();
            if (const Value* ca = inst->cls->lookup(name)) {
                if (auto* p = ca->as<PropertyObject>()) {
                    if (p->fset.is_none()) raise(exc.AttributeError, "can't set attribute '" + std::string(name) + "'", loc);
                    call(p->fset, {obj, value}, loc);
                    return;
                }
                if (const Value* set = descriptor_method(*ca, "__set__")) {
                    call(*set, {*ca, obj, value}, loc);
                    return;
                }
            }
            inst->attrs().set_str(name, value);
            return;
        }
        case ObjKind::Class: {
            auto* c = obj.as<ClassObject>();
            if (c->builtin != BuiltinType::None_ && c->builtin != BuiltinType::BaseException)
                raise(exc.TypeError, "cannot set '" + std::string(name) + "' attribute of immutable type '" + c->name + "'", loc);
            if (NativeClassHooks* h = c->hooks_in_mro())
                if (h->on_class_setattr(*this, *c, name, value, loc)) return;
            c->dict->set_str(name, value);
            return;
        }
        case ObjKind::Module: obj.as<ModuleObject>()->dict->set_str(name, value); return;
        case ObjKind::Function: {
            auto* f = obj.as<FunctionObject>();
            if (!f->attrs) f->attrs = make_dict();
            if (name == "__name__") {
                if (auto* s = str_of(value)) f->name = *s;
            } else if (name == "__qualname__") {
                if (auto* s = str_of(value)) f->qualname = *s;
            }
            f->attrs->set_str(name, value);
            return;
        }
        case ObjKind::Host:
            obj.host<HostObject>()->set_attr(*this, name, value);
            return;
        case ObjKind::Opaque:
            return;  // no meaning to keep: the object is not run
        default:
            raise(exc.AttributeError, "'" + type_name(obj) + "' object has no attribute '" + std::string(name) + "'", loc);
    }
}

void Interpreter::delattr(const Value& obj, std::string_view name, SourceLocation loc) {
    if (auto* inst = obj.as<InstanceObject>()) {
        if (inst->dict && inst->dict->erase_str(name)) return;
    } else if (auto* c = obj.as<ClassObject>()) {
        if (c->dict->erase_str(name)) return;
    } else if (auto* m = obj.as<ModuleObject>()) {
        if (m->dict->erase_str(name)) return;
    } else if (obj.is(ObjKind::Opaque)) {
        return;
    }
    attribute_error(*this, obj, name, loc);
}

}  // namespace orm::python
