// datetime.timedelta, datetime.tzinfo and datetime.timezone: construction
// (float components rounded as CPython rounds them), arithmetic with
// round-half-even division, comparisons, hashing, repr and str.
#include <cmath>

#include "orm/python/datetime_internal.hpp"

namespace orm::python::dt {

namespace {

using support::payload;

i128 floor_div(i128 a, i128 b) {
    i128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// a / b rounded half to even (CPython's _PyLong_DivmodNear).
i128 divide_nearest(i128 a, i128 b) {
    i128 q = floor_div(a, b);
    i128 r2 = 2 * (a - q * b);
    bool up = b > 0 ? (r2 > b || (r2 == b && (q & 1))) : (r2 < b || (r2 == b && (q & 1)));
    return up ? q + 1 : q;
}

// A finite double as n / 2^k with n odd (or zero); nullopt when out of the range arithmetic here handles.
struct Ratio {
    i128 n;
    int k;   // n * 2^-k when k >= 0, n * 2^|k| when k < 0
};

Ratio ratio_of(double d) {
    int e = 0;
    double m = std::frexp(d, &e);   // d = m * 2^e, 0.5 <= |m| < 1
    auto mant = static_cast<std::int64_t>(std::ldexp(m, 53));
    int k = 53 - e;
    while (mant != 0 && (mant & 1) == 0 && k > 0) {
        mant /= 2;
        --k;
    }
    return {mant, k};
}

// micros * f (or micros / f) rounded half to even, as timedelta * float does.
[[noreturn]] void out_of_range(Interpreter& in, SourceLocation loc) {
    in.raise(in.exc.OverflowError, "Python int too large to convert to C int", loc);
}

i128 checked_mul(Interpreter& in, i128 a, i128 b, SourceLocation loc) {
    i128 r;
    if (__builtin_mul_overflow(a, b, &r)) out_of_range(in, loc);
    return r;
}

// micros * f (or micros / f) rounded half to even, as timedelta * float does
// (through f's integer ratio n / d, exactly).
i128 scale_micros(Interpreter& in, i128 micros, double f, bool divide, SourceLocation loc) {
    if (std::isnan(f)) in.raise(in.exc.ValueError, "cannot convert NaN to integer ratio", loc);
    if (std::isinf(f)) in.raise(in.exc.OverflowError, "cannot convert Infinity to integer ratio", loc);
    if (divide && f == 0) in.raise(in.exc.ZeroDivisionError, "integer division or modulo by zero", loc);
    if (micros == 0) return 0;
    Ratio r = ratio_of(f);
    // Ratios beyond 2^120 either way make the result round to zero or leave timedelta's range.
    if (r.k > 120) {
        if (!divide) return 0;
        out_of_range(in, loc);
    }
    if (r.k < -120) {
        if (divide) return 0;
        out_of_range(in, loc);
    }
    i128 num = r.k >= 0 ? r.n : r.n * ((i128)1 << -r.k);
    i128 den = r.k >= 0 ? (i128)1 << r.k : 1;
    if (divide) std::swap(num, den);
    if (den < 0) {
        den = -den;
        num = -num;
    }
    return divide_nearest(checked_mul(in, micros, num, loc), den);
}

// Adds one constructor component (CPython's accum): integers exactly, a
// float's integral part exactly and its fraction into `leftover`.
void accumulate(Interpreter& in, i128& sofar, const Value* v, std::int64_t factor, const char* tag, double& leftover,
                SourceLocation loc) {
    if (!v) return;
    if (auto i = support::int_of(*v)) {
        sofar += (i128)*i * factor;
        return;
    }
    if (!v->is_float())
        in.raise(in.exc.TypeError, std::string("unsupported type for timedelta ") + tag + " component: " + in.type_name(*v), loc);
    double intpart;
    double frac = std::modf(v->as_float(), &intpart);
    if (!std::isfinite(v->as_float()) || std::fabs(intpart) > 1e20)
        in.raise(in.exc.OverflowError, "Python int too large to convert to C int", loc);
    sofar += (i128)intpart * factor;
    if (frac == 0) return;
    double scaled = static_cast<double>(factor) * frac;
    frac = std::modf(scaled, &intpart);
    sofar += (i128)intpart;
    leftover += frac;
}

Value construct_delta(Interpreter& in, const Classes& c, ClassObject& cls, CallArgs& a) {
    auto v = support::bind_args(in, a, 0, "__new__", {"days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"}, 0);
    i128 x = 0;
    double leftover = 0;
    accumulate(in, x, v[2], 1, "microseconds", leftover, a.loc);
    accumulate(in, x, v[3], 1000, "milliseconds", leftover, a.loc);
    accumulate(in, x, v[1], kMicrosPerSecond, "seconds", leftover, a.loc);
    accumulate(in, x, v[4], 60 * kMicrosPerSecond, "minutes", leftover, a.loc);
    accumulate(in, x, v[5], 3600 * kMicrosPerSecond, "hours", leftover, a.loc);
    accumulate(in, x, v[0], kMicrosPerDay, "days", leftover, a.loc);
    accumulate(in, x, v[6], 7 * kMicrosPerDay, "weeks", leftover, a.loc);
    if (leftover != 0) {
        double whole = std::round(leftover);
        if (std::fabs(whole - leftover) == 0.5) {
            int odd = static_cast<int>(x & 1);
            whole = 2.0 * std::round((leftover + odd) * 0.5) - odd;
        }
        x += static_cast<i128>(whole);
    }
    Value made = make_delta(in, c, x, a.loc);
    if (&cls != c.timedelta.get()) made.as<InstanceObject>()->cls = &cls;
    return made;
}

std::string delta_str(const TimeDeltaObject& td) {
    auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    std::string s = std::to_string(td.seconds / 3600) + ":" + two(td.seconds / 60 % 60) + ":" + two(td.seconds % 60);
    if (td.days) s = std::to_string(td.days) + " day" + (td.days == 1 || td.days == -1 ? "" : "s") + ", " + s;
    if (td.micros) {
        std::string us = std::to_string(td.micros);
        s += "." + std::string(6 - us.size(), '0') + us;
    }
    return s;
}

std::int64_t hash_micros(i128 v) {
    auto lo = static_cast<std::uint64_t>(v);
    auto hi = static_cast<std::uint64_t>(v >> 64);
    return static_cast<std::int64_t>((lo ^ (hi * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull);
}

// Installs the comparison methods of a class whose instances order by `key`
// (nullopt: NotImplemented for that operand).
template <class Key>
void add_ordering(Interpreter& in, ClassObject& cls, Key key) {
    auto op = [key](int which) {
        return [key, which](Interpreter& in, CallArgs& a) -> Value {
            auto x = key(a.pos[0]);
            auto y = a.pos.size() > 1 ? key(a.pos[1]) : decltype(x){};
            if (!x || !y) return in.not_implemented;
            switch (which) {
                case 0: return Value::boolean(*x == *y);
                case 1: return Value::boolean(*x < *y);
                case 2: return Value::boolean(*x <= *y);
                case 3: return Value::boolean(*x > *y);
                default: return Value::boolean(*x >= *y);
            }
        };
    };
    in.add_method(cls, "__eq__", op(0));
    in.add_method(cls, "__lt__", op(1));
    in.add_method(cls, "__le__", op(2));
    in.add_method(cls, "__gt__", op(3));
    in.add_method(cls, "__ge__", op(4));
}

void delta_arithmetic(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->timedelta;
    auto td_of = [](const Value& v) { return payload<TimeDeltaObject>(v); };
    auto both = [c, td_of](auto f) {
        return [c, td_of, f](Interpreter& in, CallArgs& a) -> Value {
            auto* x = td_of(a.pos[0]);
            auto* y = a.pos.size() > 1 ? td_of(a.pos[1]) : nullptr;
            if (!x || !y) return in.not_implemented;
            return f(in, *c, x->total_micros(), y->total_micros(), a.loc);
        };
    };
    in.add_method(cls, "__add__", both([](Interpreter& in, const Classes& c, i128 x, i128 y, SourceLocation loc) { return make_delta(in, c, x + y, loc); }));
    in.add_method(cls, "__radd__", both([](Interpreter& in, const Classes& c, i128 x, i128 y, SourceLocation loc) { return make_delta(in, c, x + y, loc); }));
    in.add_method(cls, "__sub__", both([](Interpreter& in, const Classes& c, i128 x, i128 y, SourceLocation loc) { return make_delta(in, c, x - y, loc); }));
    in.add_method(cls, "__rsub__", both([](Interpreter& in, const Classes& c, i128 x, i128 y, SourceLocation loc) { return make_delta(in, c, y - x, loc); }));
    in.add_method(cls, "__mod__", both([](Interpreter& in, const Classes& c, i128 x, i128 y, SourceLocation loc) {
        if (y == 0) in.raise(in.exc.ZeroDivisionError, "integer modulo by zero", loc);
        return make_delta(in, c, x - floor_div(x, y) * y, loc);
    }));
    auto mul = [c, td_of](Interpreter& in, CallArgs& a) -> Value {
        auto* x = td_of(a.pos[0]);
        if (!x || a.pos.size() < 2) return in.not_implemented;
        if (auto i = support::int_of(a.pos[1])) return make_delta(in, *c, checked_mul(in, x->total_micros(), *i, a.loc), a.loc);
        if (a.pos[1].is_float()) return make_delta(in, *c, scale_micros(in, x->total_micros(), a.pos[1].as_float(), false, a.loc), a.loc);
        return in.not_implemented;
    };
    in.add_method(cls, "__mul__", mul);
    in.add_method(cls, "__rmul__", mul);
    in.add_method(cls, "__truediv__", [c, td_of](Interpreter& in, CallArgs& a) -> Value {
        auto* x = td_of(a.pos[0]);
        if (!x || a.pos.size() < 2) return in.not_implemented;
        if (auto* y = td_of(a.pos[1])) {
            if (y->total_micros() == 0) in.raise(in.exc.ZeroDivisionError, "division by zero", a.loc);
            return Value::floating(true_divide(x->total_micros(), y->total_micros()));
        }
        if (auto i = support::int_of(a.pos[1])) {
            if (*i == 0) in.raise(in.exc.ZeroDivisionError, "integer division or modulo by zero", a.loc);
            return make_delta(in, *c, divide_nearest(x->total_micros(), *i), a.loc);
        }
        if (a.pos[1].is_float()) return make_delta(in, *c, scale_micros(in, x->total_micros(), a.pos[1].as_float(), true, a.loc), a.loc);
        return in.not_implemented;
    });
    in.add_method(cls, "__floordiv__", [c, td_of](Interpreter& in, CallArgs& a) -> Value {
        auto* x = td_of(a.pos[0]);
        if (!x || a.pos.size() < 2) return in.not_implemented;
        if (auto* y = td_of(a.pos[1])) {
            if (y->total_micros() == 0) in.raise(in.exc.ZeroDivisionError, "integer division or modulo by zero", a.loc);
            i128 q = floor_div(x->total_micros(), y->total_micros());
            if (q > INT64_MAX || q < INT64_MIN) in.raise(in.exc.OverflowError, "integer result beyond 64 bits", a.loc);
            return Value::integer(static_cast<std::int64_t>(q));
        }
        if (auto i = support::int_of(a.pos[1])) {
            if (*i == 0) in.raise(in.exc.ZeroDivisionError, "integer division or modulo by zero", a.loc);
            return make_delta(in, *c, floor_div(x->total_micros(), *i), a.loc);
        }
        return in.not_implemented;
    });
    in.add_method(cls, "__neg__", [c](Interpreter& in, CallArgs& a) {
        return make_delta(in, *c, -support::self_as<TimeDeltaObject>(in, a, "__neg__", "datetime.timedelta").total_micros(), a.loc);
    });
    in.add_method(cls, "__pos__", [c](Interpreter& in, CallArgs& a) {
        return make_delta(in, *c, support::self_as<TimeDeltaObject>(in, a, "__pos__", "datetime.timedelta").total_micros(), a.loc);
    });
    in.add_method(cls, "__abs__", [c](Interpreter& in, CallArgs& a) {
        i128 v = support::self_as<TimeDeltaObject>(in, a, "__abs__", "datetime.timedelta").total_micros();
        return make_delta(in, *c, v < 0 ? -v : v, a.loc);
    });
}

}  // namespace

void install_timedelta(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->timedelta;
        support::install_payload_class(in, cls, [c](Interpreter& in, ClassObject& k, CallArgs& a) {
        Value v = construct_delta(in, *c, k, a);
        return Ref<InstanceObject>(v.as<InstanceObject>());
    });
    delta_arithmetic(in, c);
    add_ordering(in, cls, [](const Value& v) -> std::optional<i128> {
        if (auto* td = payload<TimeDeltaObject>(v)) return td->total_micros();
        return std::nullopt;
    });
    support::add_hash_method(in, cls, [](Interpreter&, const Value& v) { return hash_micros(payload<TimeDeltaObject>(v)->total_micros()); });
    auto self = [](Interpreter& in, CallArgs& a, const char* m) -> TimeDeltaObject& {
        return support::self_as<TimeDeltaObject>(in, a, m, "datetime.timedelta");
    };
    in.add_method(cls, "__bool__", [self](Interpreter& in, CallArgs& a) { return Value::boolean(self(in, a, "__bool__").total_micros() != 0); });
    in.add_method(cls, "total_seconds", [self](Interpreter& in, CallArgs& a) {
        return Value::floating(true_divide(self(in, a, "total_seconds").total_micros(), kMicrosPerSecond));
    });
    in.add_method(cls, "__str__", [self](Interpreter& in, CallArgs& a) { return make_str(delta_str(self(in, a, "__str__"))); });
    in.add_method(cls, "__repr__", [self, c](Interpreter& in, CallArgs& a) {
        TimeDeltaObject& td = self(in, a, "__repr__");
        std::string args;
        auto add = [&](const char* name, std::int64_t v) {
            if (!v) return;
            if (!args.empty()) args += ", ";
            args += std::string(name) + "=" + std::to_string(v);
        };
        add("days", td.days);
        add("seconds", td.seconds);
        add("microseconds", td.micros);
        return make_str(type_repr_name(*c, *td.cls) + "(" + (args.empty() ? "0" : args) + ")");
    });
    for (const char* field : {"days", "seconds", "microseconds"}) {
        std::string f = field;
        support::add_getter(cls, f, [f](Interpreter& in, const Value& v) {
            auto* td = payload<TimeDeltaObject>(v);
            if (!td) in.raise(in.exc.TypeError, "descriptor '" + f + "' requires a 'datetime.timedelta' object");
            return Value::integer(f == "days" ? td->days : f == "seconds" ? td->seconds : td->micros);
        });
    }
    cls.dict->set_str("min", make_delta(in, *c, -(i128)kMaxDeltaDays * kMicrosPerDay, {}));
    cls.dict->set_str("max", make_delta(in, *c, (i128)(kMaxDeltaDays + 1) * kMicrosPerDay - 1, {}));
    cls.dict->set_str("resolution", make_delta(in, *c, 1, {}));
}

// ---------------------------------------------------------------- tzinfo, timezone

void install_timezone(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& base = *c->tzinfo;
    for (const char* m : {"utcoffset", "dst", "tzname"}) {
        std::string name = m;
        in.add_method(base, name, [name](Interpreter& in, CallArgs& a) -> Value {
            in.raise(in.exc.NotImplementedError, "a tzinfo subclass must implement " + name + "()", a.loc);
        });
    }
    in.add_method(base, "fromutc", [c](Interpreter& in, CallArgs& a) -> Value {
        auto* d = a.pos.size() > 1 ? payload<DateTimeObject>(a.pos[1]) : nullptr;
        if (!d) in.raise(in.exc.TypeError, "fromutc: argument must be a datetime", a.loc);
        if (!d->clock.tzinfo.identical(a.pos[0])) in.raise(in.exc.ValueError, "fromutc: dt.tzinfo is not self", a.loc);
        auto off = utcoffset(in, a.pos[0], a.pos[1], a.loc);
        auto ds = dst(in, a.pos[0], a.pos[1], a.loc);
        if (!off) in.raise(in.exc.ValueError, "fromutc: non-None utcoffset() result required", a.loc);
        if (!ds) in.raise(in.exc.ValueError, "fromutc: non-None dst() result required", a.loc);
        Value shifted = datetime_from_micros(in, *c, *d->cls, d->local_micros() + (*off - *ds), d->clock.tzinfo, a.loc);
        auto ds2 = dst(in, a.pos[0], shifted, a.loc);
        if (!ds2) in.raise(in.exc.ValueError, "fromutc: tz.dst() gave inconsistent results; cannot convert", a.loc);
        return datetime_from_micros(in, *c, *d->cls, payload<DateTimeObject>(shifted)->local_micros() + *ds2, d->clock.tzinfo, a.loc);
    });

    ClassObject& cls = *c->timezone;
        support::install_payload_class(in, cls, [c](Interpreter& in, ClassObject&, CallArgs& a) {
        auto v = support::bind_args(in, a, 0, "timezone", {"offset", "name"}, 1);
        auto* td = payload<TimeDeltaObject>(*v[0]);
        if (!td) in.raise(in.exc.TypeError, "timezone() argument 1 must be datetime.timedelta, not " + in.type_name(*v[0]), a.loc);
        Value name = v[1] ? *v[1] : Value();
        if (!name.is_none() && !str_of(name))
            in.raise(in.exc.TypeError, "timezone() argument 2 must be str, not " + in.type_name(name), a.loc);
        Value made = make_timezone(in, *c, static_cast<std::int64_t>(td->total_micros()), name, a.loc);
        return Ref<InstanceObject>(made.as<InstanceObject>());
    });
    auto self = [](Interpreter& in, CallArgs& a, const char* m) -> TimezoneObject& {
        return support::self_as<TimezoneObject>(in, a, m, "datetime.timezone");
    };
    auto check_dt = [](Interpreter& in, CallArgs& a, const char* m) {
        if (a.pos.size() < 2 || (!a.pos[1].is_none() && !payload<DateTimeObject>(a.pos[1])))
            in.raise(in.exc.TypeError, std::string(m) + "(dt) argument must be a datetime instance or None, not " +
                                           (a.pos.size() < 2 ? std::string("nothing") : in.type_name(a.pos[1])), a.loc);
    };
    in.add_method(cls, "utcoffset", [c, self, check_dt](Interpreter& in, CallArgs& a) {
        check_dt(in, a, "utcoffset");
        return make_delta(in, *c, self(in, a, "utcoffset").offset, a.loc);
    });
    in.add_method(cls, "dst", [self, check_dt](Interpreter& in, CallArgs& a) {
        self(in, a, "dst");
        check_dt(in, a, "dst");
        return Value();
    });
    in.add_method(cls, "tzname", [self, check_dt](Interpreter& in, CallArgs& a) {
        TimezoneObject& tz = self(in, a, "tzname");
        check_dt(in, a, "tzname");
        return tz.name.is_none() ? make_str(offset_name(tz.offset)) : tz.name;
    });
    in.add_method(cls, "fromutc", [c, self](Interpreter& in, CallArgs& a) {
        TimezoneObject& tz = self(in, a, "fromutc");
        auto* d = a.pos.size() > 1 ? payload<DateTimeObject>(a.pos[1]) : nullptr;
        if (!d) in.raise(in.exc.TypeError, "fromutc: argument must be a datetime", a.loc);
        if (!d->clock.tzinfo.identical(a.pos[0])) in.raise(in.exc.ValueError, "fromutc: dt.tzinfo is not self", a.loc);
        return datetime_from_micros(in, *c, *d->cls, d->local_micros() + tz.offset, d->clock.tzinfo, a.loc);
    });
    in.add_method(cls, "__str__", [self](Interpreter& in, CallArgs& a) {
        TimezoneObject& tz = self(in, a, "__str__");
        return tz.name.is_none() ? make_str(offset_name(tz.offset)) : tz.name;
    });
    in.add_method(cls, "__repr__", [c, self](Interpreter& in, CallArgs& a) {
        TimezoneObject& tz = self(in, a, "__repr__");
        std::string type = type_repr_name(*c, *tz.cls);
        if (a.pos[0].identical(c->utc)) return make_str(type + ".utc");
        std::string out = type + "(" + in.repr(make_delta(in, *c, tz.offset, a.loc));
        if (!tz.name.is_none()) out += ", " + in.repr(tz.name);
        return make_str(out + ")");
    });
    add_ordering(in, cls, [](const Value& v) -> std::optional<std::int64_t> {
        if (auto* tz = payload<TimezoneObject>(v)) return tz->offset;
        return std::nullopt;
    });
    // timezones are equal by offset but do not order.
    for (const char* op : {"__lt__", "__le__", "__gt__", "__ge__"})
        in.add_method(cls, op, [](Interpreter& in, CallArgs&) { return in.not_implemented; });
    support::add_hash_method(in, cls, [](Interpreter&, const Value& v) { return hash_micros(payload<TimezoneObject>(v)->offset); });
    Ref<TimezoneObject> utc(new TimezoneObject(c->timezone));
    c->utc = Value(utc);
    cls.dict->set_str("utc", c->utc);
    cls.dict->set_str("min", make_timezone(in, *c, -(kMicrosPerDay - 60 * kMicrosPerSecond), Value(), {}));
    cls.dict->set_str("max", make_timezone(in, *c, kMicrosPerDay - 60 * kMicrosPerSecond, Value(), {}));
}

}  // namespace orm::python::dt
