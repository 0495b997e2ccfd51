// The builtins module: the constructors of the built-in types and the
// built-in functions model code uses. No file, process or clock access:
// open(), input(), exec() and eval() raise, print() goes where the
// interpreter's options say.
#include <algorithm>
#include <cmath>

#include "orm/python/exec.hpp"
#include "orm/python/format.hpp"
#include "orm/python/methods.hpp"
#include "orm/python/stdlib.hpp"
#include "orm/python/typing.hpp"

namespace orm::python {

namespace {

Value arg0(Interpreter& in, const CallArgs& a, const char* name) {
    if (a.pos.empty()) in.raise(in.exc.TypeError, std::string(name) + "() takes at least one argument", a.loc);
    return a.pos[0];
}

bool bool_kw(Interpreter& in, const CallArgs& a, std::string_view name) {
    const Value* v = a.kwarg(name);
    return v && in.truthy(*v, a.loc);
}

// int(x), int(text, base): Python's parsing rules (underscores, sign, prefixes).
Value parse_int(Interpreter& in, std::string text, int base, SourceLocation loc) {
    std::string original = text;
    auto b = text.find_first_not_of(" \t\n\r\f\v");
    auto e = text.find_last_not_of(" \t\n\r\f\v");
    text = b == std::string::npos ? "" : text.substr(b, e - b + 1);
    bool neg = false;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
    if (base == 0 || base == 16 || base == 8 || base == 2) {
        if (i + 1 < text.size() && text[i] == '0') {
            char p = static_cast<char>(text[i + 1] | 0x20);
            int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
            if (pb && (base == 0 || base == pb)) {
                base = pb;
                i += 2;
            }
        }
        if (base == 0) base = 10;
    }
    std::uint64_t value = 0;
    bool any = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '_' && any && i + 1 < text.size()) continue;
        int d = (c >= '0' && c <= '9') ? c - '0' : (std::isalpha(static_cast<unsigned char>(c)) ? (c | 0x20) - 'a' + 10 : 99);
        if (d >= base) in.raise(in.exc.ValueError, "invalid literal for int() with base " + std::to_string(base) + ": " + repr_string(original), loc);
        if (value > (static_cast<std::uint64_t>(INT64_MAX) + (neg ? 1 : 0) - static_cast<std::uint64_t>(d)) / static_cast<std::uint64_t>(base))
            in.raise(in.exc.OverflowError, "integer beyond 64 bits: orm's interpreter keeps integers within 64 bits", loc);
        value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
        any = true;
    }
    if (!any) in.raise(in.exc.ValueError, "invalid literal for int() with base " + std::to_string(base) + ": " + repr_string(original), loc);
    return Value::integer(neg ? static_cast<std::int64_t>(0 - value) : static_cast<std::int64_t>(value));
}

Value to_int(Interpreter& in, const CallArgs& a) {
    if (a.pos.empty()) return Value::integer(0);
    const Value& v = a.pos[0];
    if (auto* s = str_of(v)) {
        int base = 10;
        if (const Value* b = a.arg("base", 1)) base = static_cast<int>(b->as_int());
        return parse_int(in, *s, base, a.loc);
    }
    if (v.is_intlike()) return Value::integer(v.as_int());
    if (v.is_float()) {
        double d = v.as_float();
        if (std::isnan(d)) in.raise(in.exc.ValueError, "cannot convert float NaN to integer", a.loc);
        if (std::isinf(d) || std::fabs(d) >= 9.2e18) in.raise(in.exc.OverflowError, "cannot convert float infinity or a huge float to integer", a.loc);
        return Value::integer(static_cast<std::int64_t>(std::trunc(d)));
    }
    if (auto* inst = v.as<InstanceObject>()) {
        if (!inst->builtin_value.is_none()) return to_int(in, [&] { CallArgs c = a; c.pos[0] = inst->builtin_value; return c; }());
        for (const char* m : {"__int__", "__index__"})
            if (const Value* f = inst->cls->lookup(m)) return in.call(in.bind_attribute(*f, v, *inst->cls, a.loc), {}, a.loc);
    }
    if (auto* h = v.host<HostObject>())
        if (auto f = h->get_attr(in, "__int__")) return in.call(*f, {}, a.loc);
    in.raise(in.exc.TypeError, "int() argument must be a string, a bytes-like object or a real number, not '" + in.type_name(v) + "'", a.loc);
}

Value to_float(Interpreter& in, const CallArgs& a) {
    if (a.pos.empty()) return Value::floating(0);
    const Value& v = a.pos[0];
    if (v.is_intlike()) return Value::floating(static_cast<double>(v.as_int()));
    if (v.is_float()) return v;
    if (auto* s = str_of(v)) {
        std::string t;
        for (char c : *s)
            if (c != '_' && !std::isspace(static_cast<unsigned char>(c))) t += static_cast<char>(std::tolower(c));
        if (t == "inf" || t == "+inf" || t == "infinity") return Value::floating(INFINITY);
        if (t == "-inf" || t == "-infinity") return Value::floating(-INFINITY);
        if (t == "nan" || t == "+nan" || t == "-nan") return Value::floating(NAN);
        char* end = nullptr;
        double d = std::strtod(t.c_str(), &end);
        if (t.empty() || *end) in.raise(in.exc.ValueError, "could not convert string to float: " + repr_string(*s), a.loc);
        return Value::floating(d);
    }
    if (auto* inst = v.as<InstanceObject>()) {
        if (!inst->builtin_value.is_none()) return to_float(in, [&] { CallArgs c = a; c.pos[0] = inst->builtin_value; return c; }());
        if (const Value* f = inst->cls->lookup("__float__")) return in.call(in.bind_attribute(*f, v, *inst->cls, a.loc), {}, a.loc);
    }
    if (auto* h = v.host<HostObject>())
        if (auto f = h->get_attr(in, "__float__")) return in.call(*f, {}, a.loc);
    in.raise(in.exc.TypeError, "float() argument must be a string or a real number, not '" + in.type_name(v) + "'", a.loc);
}

Value sorted_list(Interpreter& in, std::vector<Value> items, const Value* key, bool reverse, SourceLocation loc) {
    std::vector<Value> keys;
    if (key && !key->is_none()) {
        keys.reserve(items.size());
        for (auto& x : items) keys.push_back(in.call(*key, {x}, loc));
    } else {
        keys = items;
    }
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return reverse ? in.less(keys[y], keys[x], loc) : in.less(keys[x], keys[y], loc);
    });
    std::vector<Value> out;
    out.reserve(items.size());
    for (auto i : order) out.push_back(items[i]);
    return make_list(std::move(out));
}

Value min_max(Interpreter& in, CallArgs& a, bool want_max) {
    const char* name = want_max ? "max" : "min";
    std::vector<Value> items = a.pos.size() == 1 ? in.to_vector(a.pos[0], a.loc) : a.pos;
    const Value* key = a.kwarg("key");
    if (items.empty()) {
        if (const Value* d = a.kwarg("default")) return *d;
        in.raise(in.exc.ValueError, std::string(name) + "() arg is an empty sequence", a.loc);
    }
    Value best = items[0];
    Value best_key = key && !key->is_none() ? in.call(*key, {best}, a.loc) : best;
    for (std::size_t i = 1; i < items.size(); ++i) {
        Value k = key && !key->is_none() ? in.call(*key, {items[i]}, a.loc) : items[i];
        bool better = want_max ? in.less(best_key, k, a.loc) : in.less(k, best_key, a.loc);
        if (better) {
            best = items[i];
            best_key = k;
        }
    }
    return best;
}

bool isinstance_of(Interpreter& in, const Value& v, const Value& cls, SourceLocation loc) {
    if (auto* c = cls.as<ClassObject>()) return in.isinstance(v, c);
    if (auto* t = cls.as<TupleObject>()) {
        for (auto& x : t->items)
            if (isinstance_of(in, v, x, loc)) return true;
        return false;
    }
    if (auto* u = cls.host<UnionObject>()) {
        for (auto& x : u->members)
            if (x.is_none() ? v.is_none() : isinstance_of(in, v, x, loc)) return true;
        return false;
    }
    if (auto* h = cls.host<HostObject>()) {
        if (ClassObject* t = h->python_type(in)) return in.isinstance(v, t);
        if (auto check = h->get_attr(in, "__instancecheck__")) return in.truthy(in.call(*check, {v}, loc), loc);
    }
    if (cls.is(ObjKind::Opaque)) return false;  // a class from a module orm does not run: nothing here is an instance of it
    in.raise(in.exc.TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union", loc);
}

bool issubclass_of(Interpreter& in, const Value& c, const Value& cls, SourceLocation loc) {
    auto* sub = c.as<ClassObject>();
    if (!sub) {
        if (c.is(ObjKind::Opaque)) return false;
        in.raise(in.exc.TypeError, "issubclass() arg 1 must be a class", loc);
    }
    if (auto* k = cls.as<ClassObject>()) return sub->is_subclass_of(k) || (k == in.types.object);
    if (auto* t = cls.as<TupleObject>()) {
        for (auto& x : t->items)
            if (issubclass_of(in, c, x, loc)) return true;
        return false;
    }
    if (cls.is(ObjKind::Opaque)) return false;
    in.raise(in.exc.TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union", loc);
}

Value make_super(Interpreter& in, CallArgs& a) {
    Value self;
    Ref<ClassObject> start;
    if (a.pos.size() >= 2) {
        auto* c = a.pos[0].as<ClassObject>();
        if (!c) in.raise(in.exc.TypeError, "super() argument 1 must be a type", a.loc);
        start = c;
        self = a.pos[1];
    } else {
        Frame* f = in.frame();
        while (f && !f->function) f = f->back;
        if (!f || !f->function || !f->function->defining_class || f->slots.empty())
            in.raise(in.exc.RuntimeError, "super(): no arguments", a.loc);
        start = f->function->defining_class;
        self = f->slots[0];
        if (auto* cell = self.as<CellObject>()) self = cell->value;
    }
    Ref<ClassObject> self_type = self.as<ClassObject>() && self.as<ClassObject>()->is_subclass_of(start.get())
                                     ? Ref<ClassObject>(self.as<ClassObject>())
                                     : Ref<ClassObject>(in.type_of(self));
    return Value(new SuperObject(start, self, self_type));
}

std::string number_text(std::int64_t v, int base, const char* prefix) {
    bool neg = v < 0;
    std::uint64_t m = neg ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
    std::string digits;
    if (m == 0) digits = "0";
    while (m) {
        int d = static_cast<int>(m % static_cast<std::uint64_t>(base));
        digits.insert(digits.begin(), static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10));
        m /= static_cast<std::uint64_t>(base);
    }
    return (neg ? "-" : "") + std::string(prefix) + digits;
}

double round_half_even(double x, int ndigits) {
    if (ndigits >= 0 && ndigits < 300 && std::isfinite(x)) {
        // printf rounds the exact binary value (2.675 is 2.67499999...), as Python's round() does.
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.*f", ndigits, x);
        return std::strtod(buf, nullptr);
    }
    double scale = std::pow(10.0, ndigits);
    double y = x * scale;
    double r = std::nearbyint(y);  // the default rounding mode: half to even
    if (std::fabs(y - std::trunc(y)) != 0.5) r = std::round(y);
    return r / scale;
}

void builtin(Interpreter& in, const char* name, NativeFn fn) { in.builtins().set_str(name, make_native(name, std::move(fn))); }

// The constructors of the value types: int("7"), dict(a=1), range(3),
// type(name, bases, namespace) and the rest of what calling a built-in class does.
void install_value_constructors(Interpreter& in) {
    in.builtin_constructors[in.types.object] = [](Interpreter& in, CallArgs&) { return Value(new InstanceObject(in.types.object)); };
    in.builtin_constructors[in.types.int_] = [](Interpreter& in, CallArgs& a) { return to_int(in, a); };
    in.builtin_constructors[in.types.float_] = [](Interpreter& in, CallArgs& a) { return to_float(in, a); };
    in.builtin_constructors[in.types.bool_] = [](Interpreter& in, CallArgs& a) {
        return Value::boolean(!a.pos.empty() && in.truthy(a.pos[0], a.loc));
    };
    in.builtin_constructors[in.types.str] = [](Interpreter& in, CallArgs& a) {
        if (a.pos.empty()) return make_str("");
        if (auto* bytes = a.pos[0].as<BytesObject>(); bytes && a.pos.size() > 1) return make_str(bytes->value);
        return make_str(in.str(a.pos[0]));
    };
    in.builtin_constructors[in.types.bytes] = [](Interpreter& in, CallArgs& a) {
        if (a.pos.empty()) return make_bytes("");
        if (auto* s = str_of(a.pos[0])) return make_bytes(*s);
        if (auto* bt = a.pos[0].as<BytesObject>()) return make_bytes(bt->value);
        if (a.pos[0].is_intlike()) return make_bytes(std::string(static_cast<std::size_t>(a.pos[0].as_int()), '\0'));
        std::string out;
        in.for_each(a.pos[0], a.loc, [&](const Value& x) { out += static_cast<char>(x.as_int()); return true; });
        return make_bytes(out);
    };
    in.builtin_constructors[in.types.list] = [](Interpreter& in, CallArgs& a) {
        return a.pos.empty() ? make_list() : make_list(in.to_vector(a.pos[0], a.loc));
    };
    in.builtin_constructors[in.types.tuple] = [](Interpreter& in, CallArgs& a) {
        if (!a.pos.empty() && a.pos[0].is(ObjKind::Tuple)) return a.pos[0];
        return a.pos.empty() ? make_tuple() : make_tuple(in.to_vector(a.pos[0], a.loc));
    };
    in.builtin_constructors[in.types.dict] = [](Interpreter& in, CallArgs& a) {
        Ref<DictObject> d = make_dict();
        if (!a.pos.empty()) dict_update(in, *d, a.pos[0], a.loc);
        for (auto& [k, v] : a.kw) d->set_str(k, v);
        return Value(d);
    };
    auto set_ctor = [](bool frozen) {
        return [frozen](Interpreter& in, CallArgs& a) {
            Ref<SetObject> s(frozen ? static_cast<SetObject*>(new FrozenSetObject()) : new SetObject());
            if (!a.pos.empty()) in.for_each(a.pos[0], a.loc, [&](const Value& x) { s->set(in, x, Value()); return true; });
            return Value(s);
        };
    };
    in.builtin_constructors[in.types.set] = set_ctor(false);
    in.builtin_constructors[in.types.frozenset] = set_ctor(true);
    in.builtin_constructors[in.types.range] = [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "range", 1, 3);
        for (auto& v : a.pos)
            if (!v.is_intlike()) in.raise(in.exc.TypeError, "'" + in.type_name(v) + "' object cannot be interpreted as an integer", a.loc);
        std::int64_t start = 0, stop, step = 1;
        if (a.pos.size() == 1) stop = a.pos[0].as_int();
        else {
            start = a.pos[0].as_int();
            stop = a.pos[1].as_int();
            if (a.pos.size() == 3) step = a.pos[2].as_int();
        }
        if (step == 0) in.raise(in.exc.ValueError, "range() arg 3 must not be zero", a.loc);
        return Value(new RangeObject(start, stop, step));
    };
    in.builtin_constructors[in.types.slice] = [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "slice", 1, 3);
        if (a.pos.size() == 1) return Value(new SliceObject(Value(), a.pos[0], Value()));
        return Value(new SliceObject(a.pos[0], a.pos[1], a.pos.size() > 2 ? a.pos[2] : Value()));
    };
    in.builtin_constructors[in.types.type] = [](Interpreter& in, CallArgs& a) -> Value {
        if (a.pos.size() == 1) return Value(in.type_of(a.pos[0]));
        if (a.pos.size() != 3) in.raise(in.exc.TypeError, "type() takes 1 or 3 arguments", a.loc);
        const std::string* name = str_of(a.pos[0]);
        if (!name) in.raise(in.exc.TypeError, "type.__new__() argument 1 must be str", a.loc);
        Ref<DictObject> ns = make_dict();
        if (auto* d = a.pos[2].as<DictObject>()) d->for_each([&](const Value& k, const Value& v) { ns->set(in, k, v); });
        std::string module = in.frame() && in.frame()->module ? in.frame()->module->name : "__main__";
        return Value(in.build_class(*name, in.to_vector(a.pos[1], a.loc), ns, module, a.loc));
    };
    // types.ModuleType(name, doc=None): subclasses (lazy-import modules) call it from their __init__.
}

// The descriptor and helper types: property (with __get__, which a subclass
// reaches through super()), classmethod, staticmethod, super, and ModuleType.__init__.
void install_descriptor_types(Interpreter& in) {
    in.add_method(*in.types.module, "__init__", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() < 2) in.raise(in.exc.TypeError, "module.__init__() missing required argument 'name'", a.loc);
        in.setattr(a.pos[0], "__name__", a.pos[1], a.loc);
        in.setattr(a.pos[0], "__doc__", a.pos.size() > 2 ? a.pos[2] : Value(), a.loc);
        return Value();
    });
    // property.__get__(obj, type): what reading the property gives (a
    // subclass that defines its own __get__ reaches it through super()).
    in.add_method(*in.types.property, "__get__", [](Interpreter& in, CallArgs& a) {
        Value self = a.pos.empty() ? Value() : a.pos[0];
        PropertyObject* p = self.as<PropertyObject>();
        if (!p)
            if (auto* i = self.as<InstanceObject>()) p = i->builtin_value.as<PropertyObject>();
        Value instance = a.pos.size() > 1 ? a.pos[1] : Value();
        if (!p || instance.is_none()) return self;
        if (p->fget.is_none()) in.raise(in.exc.AttributeError, "unreadable attribute", a.loc);
        return in.call(p->fget, {instance}, a.loc);
    });
    in.builtin_constructors[in.types.property] = [](Interpreter&, CallArgs& a) {
        Ref<PropertyObject> p(new PropertyObject());
        if (const Value* v = a.arg("fget", 0)) p->fget = *v;
        if (const Value* v = a.arg("fset", 1)) p->fset = *v;
        if (const Value* v = a.arg("fdel", 2)) p->fdel = *v;
        if (const Value* v = a.arg("doc", 3)) p->doc = *v;
        return Value(p);
    };
    in.builtin_constructors[in.types.classmethod] = [](Interpreter& in, CallArgs& a) { return Value(new ClassMethodObject(arg0(in, a, "classmethod"))); };
    in.builtin_constructors[in.types.staticmethod] = [](Interpreter& in, CallArgs& a) { return Value(new StaticMethodObject(arg0(in, a, "staticmethod"))); };
    in.builtin_constructors[in.types.super_] = [](Interpreter& in, CallArgs& a) { return make_super(in, a); };
}

// Object protocol and identity: len, repr, isinstance, getattr and its kin, hash, id.
void install_object_builtins(Interpreter& in) {
    builtin(in, "len", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "len", 1, 1);
        return Value::integer(in.len(a.pos[0], a.loc));
    });
    builtin(in, "repr", [](Interpreter& in, CallArgs& a) { return make_str(in.repr(arg0(in, a, "repr"))); });
    builtin(in, "ascii", [](Interpreter& in, CallArgs& a) { return make_str(in.repr(arg0(in, a, "ascii"))); });
    builtin(in, "isinstance", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "isinstance", 2, 2);
        return Value::boolean(isinstance_of(in, a.pos[0], a.pos[1], a.loc));
    });
    builtin(in, "issubclass", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "issubclass", 2, 2);
        return Value::boolean(issubclass_of(in, a.pos[0], a.pos[1], a.loc));
    });
    builtin(in, "getattr", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "getattr", 2, 3);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        if (a.pos.size() == 3) return in.getattr_opt(a.pos[0], *name, a.loc).value_or(a.pos[2]);
        return in.getattr(a.pos[0], *name, a.loc);
    });
    builtin(in, "setattr", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "setattr", 3, 3);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        in.setattr(a.pos[0], *name, a.pos[2], a.loc);
        return Value();
    });
    builtin(in, "delattr", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "delattr", 2, 2);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        in.delattr(a.pos[0], *name, a.loc);
        return Value();
    });
    builtin(in, "hasattr", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "hasattr", 2, 2);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        return Value::boolean(in.getattr_opt(a.pos[0], *name, a.loc).has_value());
    });
    builtin(in, "callable", [](Interpreter& in, CallArgs& a) {
        Value v = arg0(in, a, "callable");
        bool c = v.is(ObjKind::Function) || v.is(ObjKind::Native) || v.is(ObjKind::BoundMethod) || v.is(ObjKind::Class) ||
                 v.is(ObjKind::Opaque) || (v.as<InstanceObject>() && v.as<InstanceObject>()->cls->lookup("__call__")) ||
                 v.is(ObjKind::Host);
        return Value::boolean(c);
    });
    builtin(in, "hash", [](Interpreter& in, CallArgs& a) {
        return Value::integer(static_cast<std::int64_t>(in.hash(arg0(in, a, "hash")) >> 2));
    });
    builtin(in, "id", [](Interpreter& in, CallArgs& a) {
        Value v = arg0(in, a, "id");
        return Value::integer(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(v.obj()) >> 3));
    });
}

// Arithmetic over numbers and iterables of them: abs, round, divmod, pow, sum, min, max.
void install_number_builtins(Interpreter& in) {
    builtin(in, "abs", [](Interpreter& in, CallArgs& a) {
        Value v = arg0(in, a, "abs");
        if (v.is_intlike()) {
            if (v.as_int() == INT64_MIN) in.raise(in.exc.OverflowError, "integer beyond 64 bits", a.loc);
            return Value::integer(std::llabs(v.as_int()));
        }
        if (v.is_float()) return Value::floating(std::fabs(v.as_float()));
        if (auto* h = v.host<HostObject>())
            if (auto f = h->get_attr(in, "__abs__")) return in.call(*f, {}, a.loc);
        in.raise(in.exc.TypeError, "bad operand type for abs(): '" + in.type_name(v) + "'", a.loc);
    });
    builtin(in, "round", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "round", 1, 2, {"ndigits"});
        Value v = a.pos[0];
        const Value* nd = a.arg("ndigits", 1);
        if (v.is_intlike()) return Value::integer(v.as_int());
        if (auto* h = v.host<HostObject>())
            if (auto f = h->get_attr(in, "__round__")) return nd ? in.call(*f, {*nd}, a.loc) : in.call(*f, {}, a.loc);
        if (!v.is_float()) in.raise(in.exc.TypeError, "type " + in.type_name(v) + " doesn't define __round__ method", a.loc);
        if (!nd || nd->is_none()) {
            double r = round_half_even(v.as_float(), 0);
            return Value::integer(static_cast<std::int64_t>(r));
        }
        return Value::floating(round_half_even(v.as_float(), static_cast<int>(nd->as_int())));
    });
    builtin(in, "divmod", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "divmod", 2, 2);
        return make_tuple({in.binary(BinaryOperator::FloorDiv, a.pos[0], a.pos[1], a.loc),
                           in.binary(BinaryOperator::Mod, a.pos[0], a.pos[1], a.loc)});
    });
    builtin(in, "pow", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "pow", 2, 3);
        Value r = in.binary(BinaryOperator::Pow, a.pos[0], a.pos[1], a.loc);
        if (a.pos.size() == 3) r = in.binary(BinaryOperator::Mod, r, a.pos[2], a.loc);
        return r;
    });
    builtin(in, "sum", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "sum", 1, 2, {"start"});
        const Value* start = a.arg("start", 1);
        Value acc = start ? *start : Value::integer(0);
        in.for_each(a.pos[0], a.loc, [&](const Value& x) {
            acc = in.binary(BinaryOperator::Add, acc, x, a.loc);
            return true;
        });
        return acc;
    });
    builtin(in, "min", [](Interpreter& in, CallArgs& a) { return min_max(in, a, false); });
    builtin(in, "max", [](Interpreter& in, CallArgs& a) { return min_max(in, a, true); });
}

// Iteration: any, all, sorted, reversed, enumerate, zip, map, filter, iter, next.
void install_iteration_builtins(Interpreter& in) {
    builtin(in, "any", [](Interpreter& in, CallArgs& a) {
        bool r = false;
        in.for_each(arg0(in, a, "any"), a.loc, [&](const Value& x) { r = in.truthy(x, a.loc); return !r; });
        return Value::boolean(r);
    });
    builtin(in, "all", [](Interpreter& in, CallArgs& a) {
        bool r = true;
        in.for_each(arg0(in, a, "all"), a.loc, [&](const Value& x) { r = in.truthy(x, a.loc); return r; });
        return Value::boolean(r);
    });
    builtin(in, "sorted", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "sorted", 1, 1, {"key", "reverse"});
        return sorted_list(in, in.to_vector(a.pos[0], a.loc), a.kwarg("key"), bool_kw(in, a, "reverse"), a.loc);
    });
    builtin(in, "reversed", [](Interpreter& in, CallArgs& a) {
        std::vector<Value> items = in.to_vector(arg0(in, a, "reversed"), a.loc);
        std::reverse(items.begin(), items.end());
        return in.call(*in.builtins().find_str("iter"), {make_list(std::move(items))}, a.loc);
    });
    builtin(in, "enumerate", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "enumerate", 1, 2, {"start"});
        const Value* st = a.arg("start", 1);
        std::int64_t i = st ? st->as_int() : 0;
        std::vector<Value> out;
        in.for_each(a.pos[0], a.loc, [&](const Value& x) {
            out.push_back(make_tuple({Value::integer(i++), x}));
            return true;
        });
        return in.call(*in.builtins().find_str("iter"), {make_list(std::move(out))}, a.loc);
    });
    builtin(in, "zip", [](Interpreter& in, CallArgs& a) {
        std::vector<std::vector<Value>> lists;
        for (auto& p : a.pos) lists.push_back(in.to_vector(p, a.loc));
        std::size_t n = lists.empty() ? 0 : SIZE_MAX;
        for (auto& l : lists) n = std::min(n, l.size());
        if (bool_kw(in, a, "strict"))
            for (auto& l : lists)
                if (l.size() != n) in.raise(in.exc.ValueError, "zip() arguments have different lengths", a.loc);
        std::vector<Value> out;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<Value> t;
            for (auto& l : lists) t.push_back(l[i]);
            out.push_back(make_tuple(std::move(t)));
        }
        return in.call(*in.builtins().find_str("iter"), {make_list(std::move(out))}, a.loc);
    });
    builtin(in, "map", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() < 2) in.raise(in.exc.TypeError, "map() must have at least two arguments.", a.loc);
        std::vector<std::vector<Value>> lists;
        for (std::size_t i = 1; i < a.pos.size(); ++i) lists.push_back(in.to_vector(a.pos[i], a.loc));
        std::size_t n = SIZE_MAX;
        for (auto& l : lists) n = std::min(n, l.size());
        std::vector<Value> out;
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<Value> args;
            for (auto& l : lists) args.push_back(l[i]);
            out.push_back(in.call(a.pos[0], std::move(args), a.loc));
        }
        return in.call(*in.builtins().find_str("iter"), {make_list(std::move(out))}, a.loc);
    });
    builtin(in, "filter", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "filter", 2, 2);
        std::vector<Value> out;
        in.for_each(a.pos[1], a.loc, [&](const Value& x) {
            bool keep = a.pos[0].is_none() ? in.truthy(x, a.loc) : in.truthy(in.call(a.pos[0], {x}, a.loc), a.loc);
            if (keep) out.push_back(x);
            return true;
        });
        return in.call(*in.builtins().find_str("iter"), {make_list(std::move(out))}, a.loc);
    });
    builtin(in, "iter", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "iter", 1, 1);
        return Value(in.iter(a.pos[0], a.loc));
    });
    builtin(in, "next", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "next", 1, 2);
        if (auto* it = a.pos[0].as<IteratorObject>()) {
            if (auto v = it->next(in)) return *v;
        } else if (auto* inst = a.pos[0].as<InstanceObject>(); inst && inst->cls->lookup("__next__")) {
            try {
                return in.call(in.getattr(a.pos[0], "__next__", a.loc), {}, a.loc);
            } catch (const PythonException& e) {
                if (a.pos.size() < 2 || !in.isinstance(e.value(), in.exc.StopIteration)) throw;
                return a.pos[1];
            }
        } else {
            in.raise(in.exc.TypeError, "'" + in.type_name(a.pos[0]) + "' object is not an iterator", a.loc);
        }
        if (a.pos.size() == 2) return a.pos[1];
        in.raise_value(in.make_exception(in.exc.StopIteration, {}), a.loc);
    });
}

// Characters and text: chr, ord, hex, oct, bin, format, print.
void install_text_builtins(Interpreter& in) {
    builtin(in, "chr", [](Interpreter& in, CallArgs& a) {
        Value v = arg0(in, a, "chr");
        std::int64_t cp = v.as_int();
        if (!v.is_intlike() || cp < 0 || cp > 0x10FFFF) in.raise(in.exc.ValueError, "chr() arg not in range(0x110000)", a.loc);
        std::string out;
        auto u = static_cast<std::uint32_t>(cp);
        if (u < 0x80) out += static_cast<char>(u);
        else if (u < 0x800) { out += static_cast<char>(0xC0 | (u >> 6)); out += static_cast<char>(0x80 | (u & 0x3F)); }
        else if (u < 0x10000) { out += static_cast<char>(0xE0 | (u >> 12)); out += static_cast<char>(0x80 | ((u >> 6) & 0x3F)); out += static_cast<char>(0x80 | (u & 0x3F)); }
        else { out += static_cast<char>(0xF0 | (u >> 18)); out += static_cast<char>(0x80 | ((u >> 12) & 0x3F)); out += static_cast<char>(0x80 | ((u >> 6) & 0x3F)); out += static_cast<char>(0x80 | (u & 0x3F)); }
        return make_str(out);
    });
    builtin(in, "ord", [](Interpreter& in, CallArgs& a) {
        const std::string* s = str_of(arg0(in, a, "ord"));
        if (!s || s->empty()) in.raise(in.exc.TypeError, "ord() expected a character", a.loc);
        auto c = static_cast<unsigned char>((*s)[0]);
        std::uint32_t cp = c;
        int extra = 0;
        if (c >= 0xF0) { cp = c & 0x07; extra = 3; }
        else if (c >= 0xE0) { cp = c & 0x0F; extra = 2; }
        else if (c >= 0xC0) { cp = c & 0x1F; extra = 1; }
        if (static_cast<int>(s->size()) != extra + 1) in.raise(in.exc.TypeError, "ord() expected a character, but string of length " + std::to_string(s->size()) + " found", a.loc);
        for (int i = 1; i <= extra; ++i) cp = (cp << 6) | (static_cast<unsigned char>((*s)[static_cast<std::size_t>(i)]) & 0x3F);
        return Value::integer(cp);
    });
    builtin(in, "hex", [](Interpreter& in, CallArgs& a) { return make_str(number_text(arg0(in, a, "hex").as_int(), 16, "0x")); });
    builtin(in, "oct", [](Interpreter& in, CallArgs& a) { return make_str(number_text(arg0(in, a, "oct").as_int(), 8, "0o")); });
    builtin(in, "bin", [](Interpreter& in, CallArgs& a) { return make_str(number_text(arg0(in, a, "bin").as_int(), 2, "0b")); });
    builtin(in, "format", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "format", 1, 2);
        std::string spec = a.pos.size() > 1 && str_of(a.pos[1]) ? *str_of(a.pos[1]) : "";
        return make_str(in.format(a.pos[0], spec, a.loc));
    });
    builtin(in, "print", [](Interpreter& in, CallArgs& a) {
        std::string sep = " ", end = "\n";
        if (const Value* s = a.kwarg("sep"); s && str_of(*s)) sep = *str_of(*s);
        if (const Value* e = a.kwarg("end"); e && str_of(*e)) end = *str_of(*e);
        std::string out;
        for (std::size_t i = 0; i < a.pos.size(); ++i) out += (i ? sep : "") + in.str(a.pos[i]);
        in.print(out + end);
        return Value();
    });
}

// Namespaces: globals, locals, vars, dir, __import__.
void install_namespace_builtins(Interpreter& in) {
    builtin(in, "globals", [](Interpreter& in, CallArgs&) {
        return in.frame() && in.frame()->globals ? Value(Ref<DictObject>(in.frame()->globals)) : Value(make_dict());
    });
    builtin(in, "locals", [](Interpreter& in, CallArgs&) -> Value {
        Frame* f = in.frame();
        if (!f) return Value(make_dict());
        if (f->class_ns) return Value(Ref<DictObject>(f->class_ns));
        if (!f->scope || f->scope->kind == ScopeInfo::Kind::Module) return Value(Ref<DictObject>(f->globals));
        Ref<DictObject> d = make_dict();
        for (std::size_t i = 0; i < f->slots.size(); ++i) {
            Value v = f->slots[i];
            if (auto* c = v.as<CellObject>()) {
                if (!c->bound) continue;
                v = c->value;
            }
            if (!is_unbound(v)) d->set_str(f->scope->slots[i], v);
        }
        return Value(d);
    });
    builtin(in, "vars", [](Interpreter& in, CallArgs& a) {
        if (a.pos.empty()) return in.call(*in.builtins().find_str("locals"), {}, a.loc);
        return in.getattr(a.pos[0], "__dict__", a.loc);
    });
    builtin(in, "dir", [](Interpreter& in, CallArgs& a) {
        std::vector<Value> names;
        auto add = [&](const DictObject* d) {
            if (d) d->for_each([&](const Value& k, const Value&) { names.push_back(k); });
        };
        if (a.pos.empty()) {
            if (in.frame()) add(in.frame()->class_ns ? in.frame()->class_ns : in.frame()->globals);
        } else if (auto* c = a.pos[0].as<ClassObject>()) {
            for (auto* k : c->mro) add(k->dict.get());
        } else if (auto* m = a.pos[0].as<ModuleObject>()) {
            add(m->dict.get());
        } else if (auto* i = a.pos[0].as<InstanceObject>()) {
            add(i->dict.get());
            for (auto* k : i->cls->mro) add(k->dict.get());
        }
        std::vector<Value> unique;
        for (auto& n : names) {
            bool seen = false;
            for (auto& u : unique)
                if (in.equal(u, n)) seen = true;
            if (!seen) unique.push_back(n);
        }
        return sorted_list(in, std::move(unique), nullptr, false, a.loc);
    });
    builtin(in, "__import__", [](Interpreter& in, CallArgs& a) -> Value {
        const std::string* name = a.pos.empty() ? nullptr : str_of(a.pos[0]);
        if (!name) in.raise(in.exc.TypeError, "__import__() argument 1 must be str", a.loc);
        in.import_module(*name, a.loc);
        return Value(in.loaded_module(name->substr(0, name->find('.'))));
    });
}

// What model code must not do (files, terminals, code built at run time) raises;
// breakpoint() does nothing.
void install_unavailable_builtins(Interpreter& in) {
    auto no_io = [](const char* name, const char* why) {
        return [name, why](Interpreter& in, CallArgs& a) -> Value {
            in.raise(in.exc.PermissionError, std::string(name) + "() is not available: " + why, a.loc);
        };
    };
    builtin(in, "open", no_io("open", "model and migration code runs without file access in orm"));
    builtin(in, "input", no_io("input", "orm runs code without a terminal"));
    builtin(in, "exec", no_io("exec", "orm does not run code built at run time"));
    builtin(in, "eval", no_io("eval", "orm does not run code built at run time"));
    builtin(in, "compile", no_io("compile", "orm does not run code built at run time"));
    builtin(in, "breakpoint", [](Interpreter&, CallArgs&) { return Value(); });
}

}  // namespace

void Interpreter::init_builtins() {
    Interpreter& in = *this;
    DictObject& b = *builtins_;
    for (auto [name, cls] : std::initializer_list<std::pair<const char*, ClassObject*>>{
             {"object", types.object}, {"type", types.type}, {"int", types.int_}, {"bool", types.bool_},
             {"float", types.float_}, {"str", types.str}, {"bytes", types.bytes}, {"list", types.list},
             {"tuple", types.tuple}, {"dict", types.dict}, {"set", types.set}, {"frozenset", types.frozenset},
             {"range", types.range}, {"slice", types.slice}, {"property", types.property},
             {"classmethod", types.classmethod}, {"staticmethod", types.staticmethod}, {"super", types.super_}})
        b.set_str(name, Value(cls));
    b.set_str("bytearray", Value(types.bytes));
    b.set_str("NotImplemented", not_implemented);
    b.set_str("Ellipsis", ellipsis);
    b.set_str("__debug__", Value::boolean(true));

    install_value_constructors(in);
    install_descriptor_types(in);
    install_object_builtins(in);
    install_number_builtins(in);
    install_iteration_builtins(in);
    install_text_builtins(in);
    install_namespace_builtins(in);
    install_unavailable_builtins(in);

    init_methods(in);
    register_typing_modules(in);
    register_standard_modules(in);
}

}  // namespace orm::python
