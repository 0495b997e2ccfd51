// Methods of the built-in types but str and bytes (str_methods.cpp). Each
// native receives `self` as its first positional argument (attribute lookup
// binds it), so `str.lower(s)` and `s.lower()` are the same call, as in Python.
#include "orm/python/methods.hpp"

#include <algorithm>
#include <cmath>

#include "orm/python/format.hpp"

namespace orm::python {

namespace {

std::vector<Value>& self_list(Interpreter& in, const CallArgs& a) {
    if (auto* l = a.pos.empty() ? nullptr : a.pos[0].as<ListObject>()) return l->items;
    if (auto* i = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
        if (auto* l = i->builtin_value.as<ListObject>()) return l->items;
    in.raise(in.exc.TypeError, "descriptor requires a 'list' object", a.loc);
}

DictObject& self_dict(Interpreter& in, const CallArgs& a) {
    if (auto* d = a.pos.empty() ? nullptr : a.pos[0].as<DictObject>()) return *d;
    if (auto* i = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
        if (auto* d = i->builtin_value.as<DictObject>()) return *d;
    in.raise(in.exc.TypeError, "descriptor requires a 'dict' object", a.loc);
}

SetObject& self_set(Interpreter& in, const CallArgs& a) {
    if (!a.pos.empty() && a.pos[0].is_obj())
        if (auto* s = dynamic_cast<SetObject*>(a.pos[0].obj())) return *s;
    if (auto* i = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
        if (i->builtin_value.is_obj())
            if (auto* s = dynamic_cast<SetObject*>(i->builtin_value.obj())) return *s;
    in.raise(in.exc.TypeError, "descriptor requires a 'set' object", a.loc);
}

std::int64_t list_index(Interpreter& in, const std::vector<Value>& items, const Value& x, SourceLocation loc) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].identical(x) || in.equal(items[i], x)) return static_cast<std::int64_t>(i);
    in.raise(in.exc.ValueError, in.repr(x) + " is not in list", loc);
}

void install_list(Interpreter& in) {
    ClassObject& c = *in.types.list;
    in.add_method(c, "__init__", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        if (a.pos.size() > 1) items = in.to_vector(a.pos[1], a.loc);
        return Value();
    });
    in.add_method(c, "append", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.append", 2, 2);
        self_list(in, a).push_back(a.pos[1]);
        return Value();
    });
    in.add_method(c, "extend", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.extend", 2, 2);
        std::vector<Value> add = in.to_vector(a.pos[1], a.loc);
        auto& items = self_list(in, a);
        items.insert(items.end(), add.begin(), add.end());
        return Value();
    });
    in.add_method(c, "insert", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.insert", 3, 3);
        auto& items = self_list(in, a);
        std::int64_t n = static_cast<std::int64_t>(items.size()), i = a.pos[1].as_int();
        if (i < 0) i = std::max<std::int64_t>(0, i + n);
        i = std::min(i, n);
        items.insert(items.begin() + i, a.pos[2]);
        return Value();
    });
    in.add_method(c, "remove", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.remove", 2, 2);
        auto& items = self_list(in, a);
        items.erase(items.begin() + list_index(in, items, a.pos[1], a.loc));
        return Value();
    });
    in.add_method(c, "pop", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        if (items.empty()) in.raise(in.exc.IndexError, "pop from empty list", a.loc);
        std::int64_t n = static_cast<std::int64_t>(items.size());
        std::int64_t i = a.pos.size() > 1 ? a.pos[1].as_int() : n - 1;
        if (i < 0) i += n;
        if (i < 0 || i >= n) in.raise(in.exc.IndexError, "pop index out of range", a.loc);
        Value v = items[static_cast<std::size_t>(i)];
        items.erase(items.begin() + i);
        return v;
    });
    in.add_method(c, "index", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.index", 2, 4);
        return Value::integer(list_index(in, self_list(in, a), a.pos[1], a.loc));
    });
    in.add_method(c, "count", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.count", 2, 2);
        std::int64_t n = 0;
        for (auto& x : self_list(in, a))
            if (x.identical(a.pos[1]) || in.equal(x, a.pos[1])) ++n;
        return Value::integer(n);
    });
    in.add_method(c, "reverse", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        std::reverse(items.begin(), items.end());
        return Value();
    });
    in.add_method(c, "clear", [](Interpreter& in, CallArgs& a) {
        self_list(in, a).clear();
        return Value();
    });
    in.add_method(c, "copy", [](Interpreter& in, CallArgs& a) { return make_list(self_list(in, a)); });
    in.add_method(c, "sort", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        CallArgs s;
        s.pos.push_back(make_list(items));
        s.kw = a.kw;
        s.loc = a.loc;
        Value sorted = in.call(*in.builtins().find_str("sorted"), s);
        items = sorted.as<ListObject>()->items;
        return Value();
    });
    in.add_method(c, "__len__", [](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(self_list(in, a).size())); });
    in.add_method(c, "__iter__", [](Interpreter& in, CallArgs& a) { return Value(in.iter(make_list(self_list(in, a)), a.loc)); });
    in.add_method(c, "__getitem__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.__getitem__", 2, 2);
        return in.getitem(make_list(self_list(in, a)), a.pos[1], a.loc);
    });
    in.add_method(c, "__contains__", [](Interpreter& in, CallArgs& a) {
        return Value::boolean(a.pos.size() > 1 && in.contains(make_list(self_list(in, a)), a.pos[1], a.loc));
    });
    ClassObject& t = *in.types.tuple;
    in.add_method(t, "index", [](Interpreter& in, CallArgs& a) {
        auto* tp = a.pos.empty() ? nullptr : a.pos[0].as<TupleObject>();
        if (!tp || a.pos.size() < 2) in.raise(in.exc.TypeError, "tuple.index takes one argument", a.loc);
        for (std::size_t i = 0; i < tp->items.size(); ++i)
            if (in.equal(tp->items[i], a.pos[1])) return Value::integer(static_cast<std::int64_t>(i));
        in.raise(in.exc.ValueError, "tuple.index(x): x not in tuple", a.loc);
    });
    in.add_method(t, "count", [](Interpreter& in, CallArgs& a) {
        auto* tp = a.pos.empty() ? nullptr : a.pos[0].as<TupleObject>();
        std::int64_t n = 0;
        if (tp && a.pos.size() > 1)
            for (auto& x : tp->items)
                if (in.equal(x, a.pos[1])) ++n;
        return Value::integer(n);
    });
}

void install_dict(Interpreter& in) {
    ClassObject& c = *in.types.dict;
    in.add_method(c, "__init__", [](Interpreter& in, CallArgs& a) {
        DictObject& d = self_dict(in, a);
        if (a.pos.size() > 1) dict_update(in, d, a.pos[1], a.loc);
        for (auto& [k, v] : a.kw) d.set_str(k, v);
        return Value();
    });
    in.add_method(c, "get", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.get", 2, 3);
        if (Value* v = self_dict(in, a).find(in, a.pos[1])) return *v;
        return a.pos.size() > 2 ? a.pos[2] : Value();
    });
    in.add_method(c, "keys", [](Interpreter& in, CallArgs& a) { return make_list(self_dict(in, a).keys()); });
    in.add_method(c, "values", [](Interpreter& in, CallArgs& a) {
        std::vector<Value> out;
        self_dict(in, a).for_each([&](const Value&, const Value& v) { out.push_back(v); });
        return make_list(std::move(out));
    });
    in.add_method(c, "items", [](Interpreter& in, CallArgs& a) {
        std::vector<Value> out;
        self_dict(in, a).for_each([&](const Value& k, const Value& v) { out.push_back(make_tuple({k, v})); });
        return make_list(std::move(out));
    });
    in.add_method(c, "pop", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.pop", 2, 3);
        DictObject& d = self_dict(in, a);
        if (Value* v = d.find(in, a.pos[1])) {
            Value out = *v;
            d.erase(in, a.pos[1]);
            return out;
        }
        if (a.pos.size() > 2) return a.pos[2];
        in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[1]}), a.loc);
    });
    in.add_method(c, "popitem", [](Interpreter& in, CallArgs& a) {
        DictObject& d = self_dict(in, a);
        auto keys = d.keys();
        if (keys.empty()) in.raise(in.exc.KeyError, "popitem(): dictionary is empty", a.loc);
        Value k = keys.back();
        Value v = *d.find(in, k);
        d.erase(in, k);
        return make_tuple({k, v});
    });
    in.add_method(c, "setdefault", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.setdefault", 2, 3);
        DictObject& d = self_dict(in, a);
        if (Value* v = d.find(in, a.pos[1])) return *v;
        Value dflt = a.pos.size() > 2 ? a.pos[2] : Value();
        d.set(in, a.pos[1], dflt);
        return dflt;
    });
    in.add_method(c, "update", [](Interpreter& in, CallArgs& a) {
        DictObject& d = self_dict(in, a);
        if (a.pos.size() > 1) dict_update(in, d, a.pos[1], a.loc);
        for (auto& [k, v] : a.kw) d.set_str(k, v);
        return Value();
    });
    in.add_method(c, "copy", [](Interpreter& in, CallArgs& a) {
        Ref<DictObject> out = make_dict();
        self_dict(in, a).for_each([&](const Value& k, const Value& v) { out->set(in, k, v); });
        return Value(out);
    });
    in.add_method(c, "clear", [](Interpreter& in, CallArgs& a) {
        self_dict(in, a).clear();
        return Value();
    });
    in.add_method(c, "__getitem__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.__getitem__", 2, 2);
        if (Value* v = self_dict(in, a).find(in, a.pos[1])) return *v;
        if (auto* inst = a.pos[0].as<InstanceObject>())
            if (const Value* missing = inst->cls->lookup("__missing__"))
                return in.call(in.bind_attribute(*missing, a.pos[0], *inst->cls, a.loc), {a.pos[1]}, a.loc);
        in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[1]}), a.loc);
    });
    in.add_method(c, "__setitem__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.__setitem__", 3, 3);
        self_dict(in, a).set(in, a.pos[1], a.pos[2]);
        return Value();
    });
    in.add_method(c, "__contains__", [](Interpreter& in, CallArgs& a) {
        return Value::boolean(a.pos.size() > 1 && self_dict(in, a).find(in, a.pos[1]) != nullptr);
    });
    in.add_method(c, "__len__", [](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(self_dict(in, a).size())); });
    in.add_method(c, "__iter__", [](Interpreter& in, CallArgs& a) { return Value(in.iter(make_list(self_dict(in, a).keys()), a.loc)); });
    in.types.dict->dict->set_str("fromkeys", Value(new ClassMethodObject(make_native("dict.fromkeys", [](Interpreter& in, CallArgs& a) {
        Ref<DictObject> d = make_dict();
        Value v = a.pos.size() > 2 ? a.pos[2] : Value();
        if (a.pos.size() > 1) in.for_each(a.pos[1], a.loc, [&](const Value& k) { d->set(in, k, v); return true; });
        return Value(d);
    }))));
}

void install_set(Interpreter& in) {
    for (ClassObject* c : {in.types.set, in.types.frozenset}) {
        bool frozen = c == in.types.frozenset;
        auto combine = [frozen](BinaryOperator op) {
            return [op, frozen](Interpreter& in, CallArgs& a) {
                Value acc = a.pos[0];
                for (std::size_t i = 1; i < a.pos.size(); ++i) {
                    Value other = a.pos[i];
                    if (!dynamic_cast<SetObject*>(other.obj())) {
                        Ref<SetObject> s(new SetObject());
                        in.for_each(other, a.loc, [&](const Value& x) { s->set(in, x, Value()); return true; });
                        other = Value(s);
                    }
                    acc = in.binary(op, acc, other, a.loc);
                }
                if (a.pos.size() == 1) {
                    Ref<SetObject> s(frozen ? static_cast<SetObject*>(new FrozenSetObject()) : new SetObject());
                    self_set(in, a).for_each([&](const Value& k, const Value&) { s->set(in, k, Value()); });
                    return Value(s);
                }
                return acc;
            };
        };
        in.add_method(*c, "union", combine(BinaryOperator::BitOr));
        in.add_method(*c, "intersection", combine(BinaryOperator::BitAnd));
        in.add_method(*c, "difference", combine(BinaryOperator::Sub));
        in.add_method(*c, "symmetric_difference", combine(BinaryOperator::BitXor));
        in.add_method(*c, "copy", combine(BinaryOperator::BitOr));
        in.add_method(*c, "issubset", [](Interpreter& in, CallArgs& a) {
            bool all = true;
            Value other = a.pos[1];
            self_set(in, a).for_each([&](const Value& k, const Value&) { if (all && !in.contains(other, k, a.loc)) all = false; });
            return Value::boolean(all);
        });
        in.add_method(*c, "issuperset", [](Interpreter& in, CallArgs& a) {
            bool all = true;
            SetObject& s = self_set(in, a);
            in.for_each(a.pos[1], a.loc, [&](const Value& x) { all = s.find(in, x) != nullptr; return all; });
            return Value::boolean(all);
        });
        in.add_method(*c, "isdisjoint", [](Interpreter& in, CallArgs& a) {
            bool none = true;
            SetObject& s = self_set(in, a);
            in.for_each(a.pos[1], a.loc, [&](const Value& x) { none = s.find(in, x) == nullptr; return none; });
            return Value::boolean(none);
        });
        if (frozen) continue;
        in.add_method(*c, "__init__", [](Interpreter& in, CallArgs& a) {
            SetObject& s = self_set(in, a);
            if (a.pos.size() > 1) in.for_each(a.pos[1], a.loc, [&](const Value& x) { s.set(in, x, Value()); return true; });
            return Value();
        });
        in.add_method(*c, "add", [](Interpreter& in, CallArgs& a) {
            check_args(in, a, "set.add", 2, 2);
            self_set(in, a).set(in, a.pos[1], Value());
            return Value();
        });
        in.add_method(*c, "discard", [](Interpreter& in, CallArgs& a) {
            check_args(in, a, "set.discard", 2, 2);
            self_set(in, a).erase(in, a.pos[1]);
            return Value();
        });
        in.add_method(*c, "remove", [](Interpreter& in, CallArgs& a) {
            check_args(in, a, "set.remove", 2, 2);
            if (!self_set(in, a).erase(in, a.pos[1])) in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[1]}), a.loc);
            return Value();
        });
        in.add_method(*c, "pop", [](Interpreter& in, CallArgs& a) {
            SetObject& s = self_set(in, a);
            auto keys = s.keys();
            if (keys.empty()) in.raise(in.exc.KeyError, "pop from an empty set", a.loc);
            s.erase(in, keys.front());
            return keys.front();
        });
        in.add_method(*c, "update", [](Interpreter& in, CallArgs& a) {
            SetObject& s = self_set(in, a);
            for (std::size_t i = 1; i < a.pos.size(); ++i)
                in.for_each(a.pos[i], a.loc, [&](const Value& x) { s.set(in, x, Value()); return true; });
            return Value();
        });
        in.add_method(*c, "clear", [](Interpreter& in, CallArgs& a) {
            self_set(in, a).clear();
            return Value();
        });
    }
}

void install_numbers(Interpreter& in) {
    in.add_method(*in.types.int_, "bit_length", [](Interpreter& in, CallArgs& a) {
        std::int64_t v = a.pos.empty() ? 0 : a.pos[0].as_int();
        std::uint64_t m = v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
        int n = 0;
        while (m) { ++n; m >>= 1; }
        (void)in;
        return Value::integer(n);
    });
    in.add_method(*in.types.int_, "__index__", [](Interpreter&, CallArgs& a) { return Value::integer(a.pos[0].as_int()); });
    in.add_method(*in.types.int_, "__int__", [](Interpreter&, CallArgs& a) { return Value::integer(a.pos[0].as_int()); });
    in.add_method(*in.types.float_, "is_integer", [](Interpreter&, CallArgs& a) {
        double d = a.pos[0].as_float();
        return Value::boolean(std::isfinite(d) && d == std::floor(d));
    });
    in.add_method(*in.types.float_, "__int__", [](Interpreter&, CallArgs& a) {
        return Value::integer(static_cast<std::int64_t>(a.pos[0].as_float()));
    });
}

void install_object(Interpreter& in) {
    ClassObject& o = *in.types.object;
    in.add_method(o, "__init__", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() > 1 || !a.kw.empty()) {
            auto* inst = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>();
            bool opaque_base = false;   // an opaque base anywhere above would take the arguments
            if (inst)
                for (ClassObject* k : inst->cls->mro) opaque_base = opaque_base || !k->opaque_bases.empty();
            bool plain = inst && typeid(*inst) == typeid(InstanceObject) && inst->builtin_value.is_none() &&
                         !opaque_base && !inst->cls->hooks_in_mro();
            if (plain) in.raise(in.exc.TypeError, inst->cls->name + "() takes no arguments", a.loc);
        }
        return Value();
    });
    o.dict->set_str("__init_subclass__", Value(new ClassMethodObject(make_native("object.__init_subclass__", [](Interpreter&, CallArgs&) { return Value(); }))));
    o.dict->set_str("__new__", Value(new StaticMethodObject(make_native("object.__new__", [](Interpreter& in, CallArgs& a) {
        auto* c = a.pos.empty() ? nullptr : a.pos[0].as<ClassObject>();
        if (!c) in.raise(in.exc.TypeError, "object.__new__(X): X is not a type object", a.loc);
        if (NativeClassHooks* h = c->hooks_in_mro())
            if (auto inst = h->new_instance(in, *c, a)) return Value(inst);
        return Value(new InstanceObject(c));
    }))));
    in.add_method(o, "__setattr__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "object.__setattr__", 3, 3);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        if (auto* inst = a.pos[0].as<InstanceObject>()) inst->attrs().set_str(*name, a.pos[2]);
        else in.setattr(a.pos[0], *name, a.pos[2], a.loc);
        return Value();
    });
    in.add_method(o, "__getattribute__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "object.__getattribute__", 2, 2);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        return in.getattr(a.pos[0], *name, a.loc);
    });
    // object's own dunders, for code that names them (object.__hash__, super().__eq__);
    // the interpreter's default behaviour does not go through them (see Interpreter::repr).
    in.add_method(o, "__eq__", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() < 2) return in.not_implemented;
        return a.pos[0].identical(a.pos[1]) ? Value::boolean(true) : in.not_implemented;
    });
    in.add_method(o, "__ne__", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() < 2) return in.not_implemented;
        return Value::boolean(!in.equal(a.pos[0], a.pos[1]));
    });
    in.add_method(o, "__hash__", [](Interpreter&, CallArgs& a) {
        return Value::integer(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(a.pos[0].obj()) >> 4));
    });
    in.add_method(o, "__repr__", [](Interpreter& in, CallArgs& a) { return make_str(in.default_repr(a.pos[0])); });
    in.add_method(o, "__str__", [](Interpreter& in, CallArgs& a) { return make_str(in.repr(a.pos[0])); });
    in.add_method(o, "__format__", [](Interpreter& in, CallArgs& a) {
        std::string spec = a.pos.size() > 1 && str_of(a.pos[1]) ? *str_of(a.pos[1]) : "";
        return make_str(in.format(make_str(in.str(a.pos[0])), spec, a.loc));
    });

    ClassObject& e = *in.exc.BaseException;
    in.add_method(e, "__init__", [](Interpreter& in, CallArgs& a) {
        if (auto* inst = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
            inst->attrs().set_str("args", make_tuple(std::vector<Value>(a.pos.begin() + 1, a.pos.end())));
        (void)in;
        return Value();
    });
    in.add_method(e, "with_traceback", [](Interpreter&, CallArgs& a) { return a.pos[0]; });

    ClassObject& p = *in.types.property;
    auto derive = [](int slot) {
        return [slot](Interpreter& in, CallArgs& a) {
            auto* src = a.pos.empty() ? nullptr : a.pos[0].as<PropertyObject>();
            if (!src || a.pos.size() < 2) in.raise(in.exc.TypeError, "property method takes one argument", a.loc);
            Ref<PropertyObject> out(new PropertyObject());
            out->fget = src->fget;
            out->fset = src->fset;
            out->fdel = src->fdel;
            out->doc = src->doc;
            (slot == 0 ? out->fget : slot == 1 ? out->fset : out->fdel) = a.pos[1];
            return Value(out);
        };
    };
    // property.__get__, for subclasses that extend it (classproperty recipes
    // call super().__get__(obj, type)).
    in.add_method(p, "__get__", [](Interpreter& in, CallArgs& a) {
        const Value self = a.pos.empty() ? Value() : a.pos[0];
        auto* inst = self.as<InstanceObject>();
        auto* prop = inst ? inst->builtin_value.as<PropertyObject>() : self.as<PropertyObject>();
        if (!prop) in.raise(in.exc.TypeError, "descriptor '__get__' requires a 'property' object", a.loc);
        if (a.pos.size() < 2 || a.pos[1].is_none()) return self;
        if (prop->fget.is_none()) in.raise(in.exc.AttributeError, "unreadable attribute", a.loc);
        return in.call(prop->fget, {a.pos[1]}, a.loc);
    });
    in.add_method(p, "getter", derive(0));
    in.add_method(p, "setter", derive(1));
    in.add_method(p, "deleter", derive(2));
}

}  // namespace

void dict_update(Interpreter& in, DictObject& d, const Value& other, SourceLocation loc) {
    if (auto* src = other.as<DictObject>()) {
        src->for_each([&](const Value& k, const Value& v) { d.set(in, k, v); });
        return;
    }
    if (auto* inst = other.as<InstanceObject>(); inst && inst->builtin_value.as<DictObject>()) {
        inst->builtin_value.as<DictObject>()->for_each([&](const Value& k, const Value& v) { d.set(in, k, v); });
        return;
    }
    if (auto keys = in.getattr_opt(other, "keys", loc); keys && !other.is(ObjKind::List) && !other.is(ObjKind::Tuple)) {
        in.for_each(in.call(*keys, {}, loc), loc, [&](const Value& k) {
            d.set(in, k, in.getitem(other, k, loc));
            return true;
        });
        return;
    }
    in.for_each(other, loc, [&](const Value& pair) {
        std::vector<Value> kv = in.to_vector(pair, loc);
        if (kv.size() != 2)
            in.raise(in.exc.ValueError, "dictionary update sequence element has length " + std::to_string(kv.size()) + "; 2 is required", loc);
        d.set(in, kv[0], kv[1]);
        return true;
    });
}

void init_methods(Interpreter& in) {
    install_str(in);
    install_bytes(in);
    install_list(in);
    install_dict(in);
    install_set(in);
    install_numbers(in);
    install_object(in);
}

}  // namespace orm::python
