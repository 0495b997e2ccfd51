// The decimal module: Decimal (exact arithmetic in decimal_number.cpp),
// Context with its prec and rounding (getcontext, setcontext,
// localcontext), the rounding constants and the signal exceptions, raised
// with the messages of CPython's C decimal ("[<class
// 'decimal.DivisionByZero'>]"). Transcendental functions (sqrt, exp, ln)
// and non-integral powers are not implemented.
#include <cstring>

#include "orm/python/decimal_number.hpp"
#include "orm/python/stdlib_support.hpp"

namespace orm::python {

namespace dec {

struct DecimalObject : InstanceObject {
    using InstanceObject::InstanceObject;
    Dec value;
};

struct ContextObject : InstanceObject {
    using InstanceObject::InstanceObject;
    Context ctx;
};

}  // namespace dec

namespace {

using dec::Context;
using dec::ContextObject;
using dec::Dec;
using dec::DecimalObject;
using support::payload;

struct State {
    Ref<ClassObject> decimal, context, tuple, manager;
    std::map<std::string, Ref<ClassObject>> signals;
    Ref<ContextObject> current;
    const Context& ctx() const { return current->ctx; }
};
using StateRef = std::shared_ptr<State>;

const char* const kRoundingError =
    "valid values for rounding are:\n  [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN,\n"
    "   ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN,\n   ROUND_05UP]";

Value make_dec(const State& s, Dec d, ClassObject* cls = nullptr) {
    Ref<DecimalObject> o(new DecimalObject(cls ? cls : s.decimal.get()));
    o->value = std::move(d);
    return Value(o);
}

// Runs an operation, turning a trapped signal into the Python exception.
template <class F>
auto guarded(Interpreter& in, const State& s, SourceLocation loc, F f) -> decltype(f()) {
    try {
        return f();
    } catch (const dec::Signal& sig) {
        auto it = s.signals.find(sig.signal);
        in.raise(it == s.signals.end() ? in.exc.ArithmeticError : it->second.get(), sig.conditions, loc);
    }
}

// The Decimal an operand stands for (Decimal or int); nullopt for others (NotImplemented).
std::optional<Dec> operand(const Value& v) {
    if (auto* d = payload<DecimalObject>(v)) return d->value;
    if (auto i = support::int_of(v)) return dec::from_int(*i);
    return std::nullopt;
}

dec::Rounding rounding_arg(Interpreter& in, const State& s, const Value* v, SourceLocation loc) {
    if (!v || v->is_none()) return s.ctx().rounding;
    const std::string* name = str_of(*v);
    auto r = name ? dec::rounding_of(*name) : std::nullopt;
    if (!r) in.raise(in.exc.TypeError, kRoundingError, loc);
    return *r;
}

Dec from_tuple(Interpreter& in, const Value& v, SourceLocation loc) {
    std::vector<Value> parts = in.to_vector(v, loc);
    if (parts.size() != 3) in.raise(in.exc.ValueError, "argument must be a sequence of length 3", loc);
    Dec d;
    auto sign = support::int_of(parts[0]);
    if (!sign || (*sign != 0 && *sign != 1)) in.raise(in.exc.ValueError, "sign must be an integer with the value 0 or 1", loc);
    d.negative = *sign == 1;
    std::string digits;
    for (auto& x : in.to_vector(parts[1], loc)) {
        auto i = support::int_of(x);
        if (!i || *i < 0 || *i > 9) in.raise(in.exc.ValueError, "coefficient must be a tuple of digits", loc);
        digits += static_cast<char>('0' + *i);
    }
    if (const std::string* e = str_of(parts[2])) {
        d.kind = *e == "F" ? DecimalValue::Kind::infinity : *e == "n" ? DecimalValue::Kind::nan : DecimalValue::Kind::signaling_nan;
        d.digits = d.kind == DecimalValue::Kind::infinity ? "0" : digits;
        return d;
    }
    d.exponent = support::int_arg(in, parts[2], loc);
    std::size_t nz = digits.find_first_not_of('0');
    d.digits = nz == std::string::npos ? "0" : digits.substr(nz);
    return d;
}

Dec construct_value(Interpreter& in, const State& s, const Value* v, SourceLocation loc) {
    if (!v) return dec::from_int(0);
    if (auto* d = payload<DecimalObject>(*v)) return d->value;
    if (auto i = support::int_of(*v)) return dec::from_int(*i);
    if (v->is_float()) return dec::from_double(v->as_float());
    if (const std::string* text = str_of(*v)) return guarded(in, s, loc, [&] { return dec::parse(*text); });
    if (v->is(ObjKind::Tuple) || v->is(ObjKind::List)) return from_tuple(in, *v, loc);
    in.raise(in.exc.TypeError, "conversion from " + in.type_name(*v) + " to Decimal is not supported", loc);
}

std::int64_t decimal_hash(Interpreter& in, const Value& v) {
    const Dec& d = payload<DecimalObject>(v)->value;
    bool handled;
    if (d.kind == DecimalValue::Kind::signaling_nan) in.raise(in.exc.TypeError, "Cannot hash a signaling NaN value");
    if (d.kind == DecimalValue::Kind::nan) return static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(v.obj()));
    // Equal numbers hash equal: an integral Decimal as its int, one a float holds exactly as that float.
    if (auto i = dec::exact_int(d)) return static_cast<std::int64_t>(builtin_hash(Value::integer(*i), handled));
    double f = dec::to_double(d);
    if (dec::compare(dec::from_double(f), d) == 0) return static_cast<std::int64_t>(builtin_hash(Value::floating(f), handled));
    Dec n = dec::normalize(d, Context{.prec = 999999999});
    return static_cast<std::int64_t>(builtin_hash(make_str(n.to_string()), handled));
}

void arithmetic(Interpreter& in, ClassObject& cls, const StateRef& s) {
    using Op = Dec (*)(const Dec&, const Dec&, const Context&);
    auto binary = [s](Op op, bool reflected) {
        return [s, op, reflected](Interpreter& in, CallArgs& a) -> Value {
            auto x = operand(a.pos[0]);
            auto y = a.pos.size() > 1 ? operand(a.pos[1]) : std::nullopt;
            if (!x || !y) return in.not_implemented;
            return make_dec(*s, guarded(in, *s, a.loc, [&] { return reflected ? op(*y, *x, s->ctx()) : op(*x, *y, s->ctx()); }));
        };
    };
    std::pair<const char*, Op> ops[] = {{"add", dec::add}, {"sub", dec::subtract}, {"mul", dec::multiply},
                                        {"truediv", dec::divide}, {"floordiv", dec::floor_divide}, {"mod", dec::remainder}};
    for (auto& [name, op] : ops) {
        in.add_method(cls, std::string("__") + name + "__", binary(op, false));
        in.add_method(cls, std::string("__r") + name + "__", binary(op, true));
    }
    auto pow = [s](bool reflected) {
        return [s, reflected](Interpreter& in, CallArgs& a) -> Value {
            auto x = operand(a.pos[0]);
            auto y = a.pos.size() > 1 ? operand(a.pos[1]) : std::nullopt;
            if (!x || !y) return in.not_implemented;
            const Dec& base = reflected ? *y : *x;
            const Dec& exp = reflected ? *x : *y;
            auto n = dec::exact_int(exp);
            if (!n) in.raise(in.exc.NotImplementedError, "a Decimal to a non-integral power is not supported by orm's interpreter", a.loc);
            return make_dec(*s, guarded(in, *s, a.loc, [&] { return dec::power(base, *n, s->ctx()); }));
        };
    };
    in.add_method(cls, "__pow__", pow(false));
    in.add_method(cls, "__rpow__", pow(true));
    using Unary = Dec (*)(const Dec&, const Context&);
    std::pair<const char*, Unary> unary[] = {{"__neg__", dec::negate}, {"__pos__", dec::plus}, {"__abs__", dec::absolute}};
    for (const auto& entry : unary) {
        // (Plain variables: clang before 16 cannot capture structured bindings.)
        const char* name = entry.first;
        const Unary op = entry.second;
        in.add_method(cls, name, [s, op, name](Interpreter& in, CallArgs& a) {
            auto& self = support::self_as<DecimalObject>(in, a, name, "decimal.Decimal");
            return make_dec(*s, guarded(in, *s, a.loc, [&] { return op(self.value, s->ctx()); }));
        });
    }
}

// The number another operand stands for in a comparison (floats compare exactly).
std::optional<Dec> comparand(const Value& v) {
    if (v.is_float()) return dec::from_double(v.as_float());
    return operand(v);
}

void comparisons(Interpreter& in, ClassObject& cls, const StateRef& s) {
    const char* names[5] = {"__eq__", "__lt__", "__le__", "__gt__", "__ge__"};
    for (int which = 0; which < 5; ++which)
        in.add_method(cls, names[which], [s, which](Interpreter& in, CallArgs& a) -> Value {
            auto x = comparand(a.pos[0]);
            auto y = a.pos.size() > 1 ? comparand(a.pos[1]) : std::nullopt;
            if (!x || !y) return in.not_implemented;
            bool snan = x->kind == DecimalValue::Kind::signaling_nan || y->kind == DecimalValue::Kind::signaling_nan;
            if (dec::is_nan(*x) || dec::is_nan(*y)) {
                if (which == 0 && !snan) return Value::boolean(false);
                in.raise(s->signals["InvalidOperation"].get(), "[<class 'decimal.InvalidOperation'>]", a.loc);
            }
            int c = dec::compare(*x, *y);
            bool r = which == 0 ? c == 0 : which == 1 ? c < 0 : which == 2 ? c <= 0 : which == 3 ? c > 0 : c >= 0;
            return Value::boolean(r);
        });
    support::add_hash_method(in, cls, decimal_hash);
}

void conversions(Interpreter& in, ClassObject& cls, const StateRef& s) {
    auto self = [](Interpreter& in, CallArgs& a) -> const Dec& {
        return support::self_as<DecimalObject>(in, a, "method", "decimal.Decimal").value;
    };
    in.add_method(cls, "__str__", [self](Interpreter& in, CallArgs& a) { return make_str(self(in, a).to_string()); });
    in.add_method(cls, "__repr__", [self](Interpreter& in, CallArgs& a) { return make_str("Decimal('" + self(in, a).to_string() + "')"); });
    in.add_method(cls, "__bool__", [self](Interpreter& in, CallArgs& a) { return Value::boolean(!dec::is_zero(self(in, a))); });
    auto to_int = [self](Interpreter& in, CallArgs& a) -> Value {
        const Dec& d = self(in, a);
        if (dec::is_nan(d)) in.raise(in.exc.ValueError, "cannot convert NaN to integer", a.loc);
        if (dec::is_special(d)) in.raise(in.exc.OverflowError, "cannot convert Infinity to integer", a.loc);
        auto i = dec::to_int(d);
        if (!i) in.raise(in.exc.OverflowError, "Decimal value beyond 64 bits: orm's interpreter keeps integers within 64 bits", a.loc);
        return Value::integer(*i);
    };
    in.add_method(cls, "__int__", to_int);
    in.add_method(cls, "__trunc__", to_int);
    in.add_method(cls, "__float__", [self](Interpreter& in, CallArgs& a) {
        const Dec& d = self(in, a);
        if (d.kind == DecimalValue::Kind::signaling_nan) in.raise(in.exc.ValueError, "cannot convert signaling NaN to float", a.loc);
        return Value::floating(dec::to_double(d));
    });
    in.add_method(cls, "__round__", [s, self](Interpreter& in, CallArgs& a) -> Value {
        const Dec& d = self(in, a);
        auto v = support::bind_args(in, a, 1, "__round__", {"ndigits"}, 0);
        if (v[0] && !v[0]->is_none()) {
            Dec exp;
            exp.digits = "1";
            exp.exponent = -support::int_arg(in, *v[0], a.loc);
            return make_dec(*s, guarded(in, *s, a.loc, [&] { return dec::quantize(d, exp, s->ctx().rounding, s->ctx()); }));
        }
        if (dec::is_nan(d)) in.raise(in.exc.ValueError, "cannot round a NaN", a.loc);
        if (dec::is_special(d)) in.raise(in.exc.OverflowError, "cannot round an infinity", a.loc);
        auto i = dec::to_int(dec::to_integral(d, dec::Rounding::half_even));
        if (!i) in.raise(in.exc.OverflowError, "Decimal value beyond 64 bits: orm's interpreter keeps integers within 64 bits", a.loc);
        return Value::integer(*i);
    });
    in.add_method(cls, "__format__", [s, self](Interpreter& in, CallArgs& a) {
        const std::string* spec = a.pos.size() > 1 ? str_of(a.pos[1]) : nullptr;
        if (!spec) in.raise(in.exc.TypeError, "format spec must be a string", a.loc);
        try {
            return make_str(dec::format(self(in, a), *spec, s->ctx()));
        } catch (const std::invalid_argument& e) {
            in.raise(in.exc.ValueError, e.what(), a.loc);
        }
    });
}

void methods(Interpreter& in, ClassObject& cls, const StateRef& s) {
    auto self = [](Interpreter& in, CallArgs& a) -> const Dec& {
        return support::self_as<DecimalObject>(in, a, "method", "decimal.Decimal").value;
    };
    in.add_method(cls, "quantize", [s, self](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "quantize", {"exp", "rounding", "context"}, 1);
        auto exp = operand(*v[0]);
        if (!exp) in.raise(in.exc.TypeError, "conversion from " + in.type_name(*v[0]) + " to Decimal is not supported", a.loc);
        dec::Rounding r = rounding_arg(in, *s, v[1], a.loc);
        return make_dec(*s, guarded(in, *s, a.loc, [&] { return dec::quantize(self(in, a), *exp, r, s->ctx()); }));
    });
    for (const char* name : {"to_integral_value", "to_integral", "to_integral_exact"})
        in.add_method(cls, name, [s, self, name](Interpreter& in, CallArgs& a) {
            auto v = support::bind_args(in, a, 1, name, {"rounding", "context"}, 0);
            dec::Rounding r = rounding_arg(in, *s, v[0], a.loc);
            return make_dec(*s, guarded(in, *s, a.loc, [&] { return dec::to_integral(self(in, a), r); }));
        });
    in.add_method(cls, "normalize", [s, self](Interpreter& in, CallArgs& a) {
        return make_dec(*s, guarded(in, *s, a.loc, [&] { return dec::normalize(self(in, a), s->ctx()); }));
    });
    using Pred = bool (*)(const Dec&);
    std::pair<const char*, Pred> preds[] = {
        {"is_nan", [](const Dec& d) { return dec::is_nan(d); }},
        {"is_qnan", [](const Dec& d) { return d.kind == DecimalValue::Kind::nan; }},
        {"is_snan", [](const Dec& d) { return d.kind == DecimalValue::Kind::signaling_nan; }},
        {"is_finite", [](const Dec& d) { return !dec::is_special(d); }},
        {"is_infinite", [](const Dec& d) { return d.kind == DecimalValue::Kind::infinity; }},
        {"is_zero", [](const Dec& d) { return dec::is_zero(d); }},
        {"is_signed", [](const Dec& d) { return d.negative; }},
    };
    for (const auto& entry : preds) {
        const auto pred = entry.second;
        in.add_method(cls, entry.first, [self, pred](Interpreter& in, CallArgs& a) { return Value::boolean(pred(self(in, a))); });
    }
    in.add_method(cls, "adjusted", [self](Interpreter& in, CallArgs& a) { return Value::integer(dec::adjusted(self(in, a))); });
    in.add_method(cls, "copy_abs", [s, self](Interpreter& in, CallArgs& a) {
        Dec d = self(in, a);
        d.negative = false;
        return make_dec(*s, d);
    });
    in.add_method(cls, "copy_negate", [s, self](Interpreter& in, CallArgs& a) {
        Dec d = self(in, a);
        d.negative = !d.negative;
        return make_dec(*s, d);
    });
    in.add_method(cls, "compare", [s, self](Interpreter& in, CallArgs& a) -> Value {
        auto v = support::bind_args(in, a, 1, "compare", {"other", "context"}, 1);
        auto other = operand(*v[0]);
        if (!other) in.raise(in.exc.TypeError, "conversion from " + in.type_name(*v[0]) + " to Decimal is not supported", a.loc);
        const Dec& d = self(in, a);
        if (dec::is_nan(d) || dec::is_nan(*other)) return make_dec(*s, dec::is_nan(d) ? d : *other);
        return make_dec(*s, dec::from_int(dec::compare(d, *other)));
    });
    in.add_method(cls, "as_tuple", [s, self](Interpreter& in, CallArgs& a) {
        const Dec& d = self(in, a);
        std::vector<Value> digits;
        for (char ch : d.digits) digits.push_back(Value::integer(ch - '0'));
        Value exp = d.kind == DecimalValue::Kind::finite ? Value::integer(d.exponent)
                    : make_str(d.kind == DecimalValue::Kind::infinity ? "F" : d.kind == DecimalValue::Kind::nan ? "n" : "N");
        Ref<InstanceObject> t(new InstanceObject(s->tuple));
        t->builtin_value = make_tuple({Value::integer(d.negative), make_tuple(digits), exp});
        t->attrs().set_str("sign", Value::integer(d.negative));
        t->attrs().set_str("digits", make_tuple(digits));
        t->attrs().set_str("exponent", exp);
        return Value(t);
    });
    support::add_classmethod(cls, "from_float", [s](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "from_float", {"f"}, 1);
        if (!v[0]->is_float() && !support::int_of(*v[0])) in.raise(in.exc.TypeError, "argument must be int or float", a.loc);
        Dec d = v[0]->is_float() ? dec::from_double(v[0]->as_float()) : dec::from_int(*support::int_of(*v[0]));
        return make_dec(*s, d, a.pos[0].as<ClassObject>());
    });
    for (const char* name : {"sqrt", "exp", "ln", "log10"})
        in.add_method(cls, name, [name](Interpreter& in, CallArgs& a) -> Value {
            in.raise(in.exc.NotImplementedError, std::string("Decimal.") + name + "() is not supported by orm's interpreter", a.loc);
        });
}

// ---------------------------------------------------------------- Context

Ref<ContextObject> new_context(const State& s, const Context& ctx) {
    Ref<ContextObject> c(new ContextObject(s.context));
    c->ctx = ctx;
    return c;
}

// A Context attribute: read, and set with CPython's checks.
void context_property(ClassObject& cls, const std::string& name) {
    Ref<PropertyObject> p(new PropertyObject());
    p->fget = make_native("Context." + name, [name](Interpreter& in, CallArgs& a) -> Value {
        Context& c = support::self_as<ContextObject>(in, a, "attribute", "decimal.Context").ctx;
        if (name == "prec") return Value::integer(c.prec);
        if (name == "rounding") return make_str(dec::rounding_name(c.rounding));
        if (name == "Emax") return Value::integer(c.emax);
        if (name == "Emin") return Value::integer(c.emin);
        if (name == "capitals") return Value::integer(c.capitals);
        return Value::integer(c.clamp);
    });
    p->fset = make_native("Context." + name, [name](Interpreter& in, CallArgs& a) -> Value {
        Context& c = support::self_as<ContextObject>(in, a, "attribute", "decimal.Context").ctx;
        const Value& v = a.pos.at(1);
        if (name == "rounding") {
            const std::string* r = str_of(v);
            auto mode = r ? dec::rounding_of(*r) : std::nullopt;
            if (!mode) in.raise(in.exc.TypeError, kRoundingError, a.loc);
            c.rounding = *mode;
            return Value();
        }
        std::int64_t i = support::int_arg(in, v, a.loc);
        constexpr std::int64_t kMax = 999999999999999999;
        if (name == "prec") {
            if (i < 1 || i > kMax) in.raise(in.exc.ValueError, "valid range for prec is [1, MAX_PREC]", a.loc);
            c.prec = i;
        } else if (name == "Emax") {
            if (i < 0 || i > kMax) in.raise(in.exc.ValueError, "valid range for Emax is [0, MAX_EMAX]", a.loc);
            c.emax = i;
        } else if (name == "Emin") {
            if (i > 0 || i < -kMax) in.raise(in.exc.ValueError, "valid range for Emin is [MIN_EMIN, 0]", a.loc);
            c.emin = i;
        } else {
            if (i != 0 && i != 1) in.raise(in.exc.ValueError, "valid values for " + name + " are [0, 1]", a.loc);
            (name == "capitals" ? c.capitals : c.clamp) = static_cast<int>(i);
        }
        return Value();
    });
    cls.dict->set_str(name, Value(p));
}

void context_class(Interpreter& in, const StateRef& s) {
    ClassObject& cls = *s->context;
    static const char* const kFields[] = {"prec", "rounding", "Emin", "Emax", "capitals", "clamp"};
    support::install_payload_class(in, cls, [s](Interpreter& in, ClassObject& k, CallArgs& a) {
        auto v = support::bind_args(in, a, 0, "Context", {"prec", "rounding", "Emin", "Emax", "capitals", "clamp", "flags", "traps"}, 0);
        Ref<ContextObject> c(new ContextObject(&k));
        for (std::size_t i = 0; i < 6; ++i)
            if (v[i] && !v[i]->is_none()) in.setattr(Value(c), kFields[i], *v[i], a.loc);
        (void)s;
        return Ref<InstanceObject>(c);
    });
    for (const char* f : kFields) context_property(cls, f);
    in.add_method(cls, "copy", [s](Interpreter& in, CallArgs& a) {
        return Value(new_context(*s, support::self_as<ContextObject>(in, a, "copy", "decimal.Context").ctx));
    });
    in.add_method(cls, "create_decimal", [s](Interpreter& in, CallArgs& a) {
        const Context& c = support::self_as<ContextObject>(in, a, "create_decimal", "decimal.Context").ctx;
        auto v = support::bind_args(in, a, 1, "create_decimal", {"num"}, 0);
        Dec d = construct_value(in, *s, v[0], a.loc);
        return make_dec(*s, guarded(in, *s, a.loc, [&] { return dec::fix(d, c); }));
    });
    in.add_method(cls, "__repr__", [](Interpreter& in, CallArgs& a) {
        const Context& c = support::self_as<ContextObject>(in, a, "__repr__", "decimal.Context").ctx;
        return make_str("Context(prec=" + std::to_string(c.prec) + ", rounding=" + dec::rounding_name(c.rounding) +
                        ", Emin=" + std::to_string(c.emin) + ", Emax=" + std::to_string(c.emax) + ", capitals=" +
                        std::to_string(c.capitals) + ", clamp=" + std::to_string(c.clamp) +
                        ", flags=[], traps=[InvalidOperation, DivisionByZero, Overflow])");
    });
}

// localcontext(): a context manager that installs a copy of a context and restores the previous one.
void manager_class(Interpreter& in, const StateRef& s) {
    ClassObject& cls = *s->manager;
    in.add_method(cls, "__enter__", [s](Interpreter& in, CallArgs& a) {
        auto* m = a.pos[0].as<InstanceObject>();
        m->attrs().set_str("saved", Value(s->current));
        Value ctx = *m->attrs().find_str("new");
        s->current = payload<ContextObject>(ctx);
        return ctx;
    });
    in.add_method(cls, "__exit__", [s](Interpreter& in, CallArgs& a) {
        auto* m = a.pos[0].as<InstanceObject>();
        if (Value* saved = m->attrs().find_str("saved")) s->current = payload<ContextObject>(*saved);
        (void)in;
        return Value::boolean(false);
    });
}

void make_signals(Interpreter& in, State& s, DictObject& d) {
    auto make = [&](const char* name, std::vector<Ref<ClassObject>> bases) {
        Ref<ClassObject> c = support::make_module_class(in, name, bases, "decimal");
        s.signals[name] = c;
        d.set_str(name, Value(c));
        return c;
    };
    auto base = make("DecimalException", {in.exc.ArithmeticError});
    auto invalid = make("InvalidOperation", {base});
    make("Clamped", {base});
    make("ConversionSyntax", {invalid});
    make("DivisionByZero", {base, in.exc.ZeroDivisionError});
    make("DivisionImpossible", {invalid});
    make("DivisionUndefined", {invalid, in.exc.ZeroDivisionError});
    auto inexact = make("Inexact", {base});
    make("InvalidContext", {invalid});
    auto rounded = make("Rounded", {base});
    auto subnormal = make("Subnormal", {base});
    make("Overflow", {inexact, rounded});
    make("Underflow", {inexact, rounded, subnormal});
    make("FloatOperation", {base, in.exc.TypeError});
}

void fill_decimal(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    auto s = std::make_shared<State>();
    s->decimal = support::make_module_class(in, "Decimal", {}, "decimal");
    s->context = support::make_module_class(in, "Context", {}, "decimal");
    s->tuple = support::make_module_class(in, "DecimalTuple", {in.types.tuple}, "decimal");
    s->manager = support::make_module_class(in, "_ContextManager", {}, "decimal");
    make_signals(in, *s, d);
    ClassObject& cls = *s->decimal;
    support::install_payload_class(in, cls, [s](Interpreter& in, ClassObject& k, CallArgs& a) {
        auto v = support::bind_args(in, a, 0, "Decimal", {"value", "context"}, 0);
        Value made = make_dec(*s, construct_value(in, *s, v[0], a.loc), &k);
        return Ref<InstanceObject>(made.as<InstanceObject>());
    });
    arithmetic(in, cls, s);
    comparisons(in, cls, s);
    conversions(in, cls, s);
    methods(in, cls, s);
    in.add_method(*s->tuple, "__repr__", [](Interpreter& in, CallArgs& a) {
        auto* t = a.pos[0].as<InstanceObject>();
        auto get = [&](const char* n) { return in.repr(*t->attrs().find_str(n)); };
        return make_str("DecimalTuple(sign=" + get("sign") + ", digits=" + get("digits") + ", exponent=" + get("exponent") + ")");
    });
    context_class(in, s);
    manager_class(in, s);
    s->current = new_context(*s, Context{});
    d.set_str("Decimal", Value(s->decimal));
    d.set_str("Context", Value(s->context));
    d.set_str("DecimalTuple", Value(s->tuple));
    d.set_str("DefaultContext", Value(new_context(*s, Context{})));
    d.set_str("BasicContext", Value(new_context(*s, Context{.prec = 9, .rounding = dec::Rounding::half_up})));
    d.set_str("ExtendedContext", Value(new_context(*s, Context{.prec = 9})));
    for (auto r : {dec::Rounding::down, dec::Rounding::half_up, dec::Rounding::half_even, dec::Rounding::ceiling,
                   dec::Rounding::floor, dec::Rounding::up, dec::Rounding::half_down, dec::Rounding::up05})
        d.set_str(dec::rounding_name(r), make_str(dec::rounding_name(r)));
    d.set_str("MAX_PREC", Value::integer(999999999999999999));
    d.set_str("MAX_EMAX", Value::integer(999999999999999999));
    d.set_str("MIN_EMIN", Value::integer(-999999999999999999));
    d.set_str("MIN_ETINY", Value::integer(-1999999999999999997));
    d.set_str("HAVE_THREADS", Value::boolean(true));
    d.set_str("HAVE_CONTEXTVAR", Value::boolean(true));
    d.set_str("getcontext", make_native("decimal.getcontext", [s](Interpreter&, CallArgs&) { return Value(s->current); }));
    d.set_str("setcontext", make_native("decimal.setcontext", [s](Interpreter& in, CallArgs& a) {
        auto* c = a.pos.empty() ? nullptr : payload<ContextObject>(a.pos[0]);
        if (!c) in.raise(in.exc.TypeError, "argument must be a context", a.loc);
        s->current = c;
        return Value();
    }));
    d.set_str("localcontext", make_native("decimal.localcontext", [s](Interpreter& in, CallArgs& a) {
        // localcontext(ctx=None, **attributes): the attributes are set on the copy.
        const Value* given = a.arg("ctx", 0);
        if (a.pos.size() > 1) in.raise(in.exc.TypeError, "localcontext() takes at most 1 positional argument", a.loc);
        auto* base = given && !given->is_none() ? payload<ContextObject>(*given) : s->current.get();
        if (!base) in.raise(in.exc.TypeError, "optional argument must be a context", a.loc);
        Ref<ContextObject> copy = new_context(*s, base->ctx);
        for (auto& [k, val] : a.kw)
            if (k != "ctx") in.setattr(Value(copy), k, val, a.loc);
        Ref<InstanceObject> m(new InstanceObject(s->manager));
        m->attrs().set_str("new", Value(copy));
        return Value(m);
    }));
}

}  // namespace

namespace support {

void register_decimal(Interpreter& in) { in.register_module("decimal", fill_decimal); }

}  // namespace support

std::optional<DecimalValue> decimal_value(const Value& v) {
    if (auto* d = payload<DecimalObject>(v)) return d->value;
    return std::nullopt;
}

Value make_decimal(Interpreter& in, const DecimalValue& d) {
    Ref<ModuleObject> m = in.import_module("decimal", {});
    auto* cls = m->dict->find_str("Decimal")->as<ClassObject>();
    bool digits_ok = d.digits.find_first_not_of("0123456789") == std::string::npos &&
                     (d.kind != DecimalValue::Kind::finite || (!d.digits.empty() && (d.digits == "0" || d.digits[0] != '0')));
    if (!cls || !digits_ok) in.raise(in.exc.ValueError, "not a decimal: coefficient '" + d.digits + "'");
    Ref<DecimalObject> o(new DecimalObject(cls));
    o->value = d;
    return Value(o);
}

Value make_decimal(Interpreter& in, std::string_view text) {
    Ref<ModuleObject> m = in.import_module("decimal", {});
    return in.call(*m->dict->find_str("Decimal"), {make_str(std::string(text))});
}

}  // namespace orm::python
