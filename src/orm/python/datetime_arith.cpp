// Arithmetic, comparison and hashing of datetime.datetime, by the rules of
// CPython's C implementation: fields compare directly when both sides share
// a tzinfo object or an offset, as UTC instants when both are aware, and
// naive against aware is unequal (== and !=) or a TypeError (ordering and
// subtraction).
#include "orm/python/datetime_internal.hpp"

namespace orm::python::dt {

using support::payload;

namespace {

std::optional<std::int64_t> offset_of(Interpreter& in, const DateTimeObject& d, const Value& self, SourceLocation loc) {
    return utcoffset(in, d.clock.tzinfo, self, loc);
}

// self - other for two datetimes, in microseconds.
i128 difference(Interpreter& in, const Value& a, const DateTimeObject& x, const Value& b, const DateTimeObject& y,
                SourceLocation loc) {
    i128 base = x.local_micros() - y.local_micros();
    if (x.clock.tzinfo.identical(y.clock.tzinfo)) return base;
    auto ox = offset_of(in, x, a, loc);
    auto oy = offset_of(in, y, b, loc);
    if (ox == oy) return base;
    if (!ox || !oy) in.raise(in.exc.TypeError, "can't subtract offset-naive and offset-aware datetimes", loc);
    return base - *ox + *oy;
}

Value compare(Interpreter& in, const Classes& c, CallArgs& a, int which) {
    auto* x = payload<DateTimeObject>(a.pos[0]);
    const Value& other = a.pos.size() > 1 ? a.pos[1] : a.pos[0];
    auto* y = a.pos.size() > 1 ? payload<DateTimeObject>(other) : nullptr;
    if (!x) return in.not_implemented;
    if (!y) {
        if (which == 0 || !payload<DateObject>(other)) return in.not_implemented;
        in.raise(in.exc.TypeError, "can't compare " + type_repr_name(c, *x->cls) + " to " +
                                       type_repr_name(c, *other.as<InstanceObject>()->cls), a.loc);
    }
    i128 diff;
    if (x->clock.tzinfo.identical(y->clock.tzinfo)) {
        diff = x->local_micros() - y->local_micros();
    } else {
        auto ox = offset_of(in, *x, a.pos[0], a.loc);
        auto oy = offset_of(in, *y, other, a.loc);
        if (ox == oy) {
            diff = x->local_micros() - y->local_micros();
        } else if (ox && oy) {
            diff = x->local_micros() - *ox - (y->local_micros() - *oy);
        } else {
            if (which == 0) return Value::boolean(false);
            in.raise(in.exc.TypeError, "can't compare offset-naive and offset-aware datetimes", a.loc);
        }
    }
    switch (which) {
        case 0: return Value::boolean(diff == 0);
        case 1: return Value::boolean(diff < 0);
        case 2: return Value::boolean(diff <= 0);
        case 3: return Value::boolean(diff > 0);
        default: return Value::boolean(diff >= 0);
    }
}

}  // namespace

void install_datetime_arithmetic(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->datetime;
    auto add = [c](Interpreter& in, CallArgs& a) -> Value {
        auto* d = payload<DateTimeObject>(a.pos[0]);
        auto* td = a.pos.size() > 1 ? payload<TimeDeltaObject>(a.pos[1]) : nullptr;
        if (!d || !td) return in.not_implemented;
        return datetime_from_micros(in, *c, *d->cls, d->local_micros() + td->total_micros(), d->clock.tzinfo, a.loc);
    };
    in.add_method(cls, "__add__", add);
    in.add_method(cls, "__radd__", add);
    in.add_method(cls, "__sub__", [c](Interpreter& in, CallArgs& a) -> Value {
        auto* d = payload<DateTimeObject>(a.pos[0]);
        if (!d || a.pos.size() < 2) return in.not_implemented;
        if (auto* td = payload<TimeDeltaObject>(a.pos[1]))
            return datetime_from_micros(in, *c, *d->cls, d->local_micros() - td->total_micros(), d->clock.tzinfo, a.loc);
        if (auto* o = payload<DateTimeObject>(a.pos[1])) return make_delta(in, *c, difference(in, a.pos[0], *d, a.pos[1], *o, a.loc), a.loc);
        return in.not_implemented;
    });
    const char* names[5] = {"__eq__", "__lt__", "__le__", "__gt__", "__ge__"};
    for (int which = 0; which < 5; ++which)
        in.add_method(cls, names[which], [c, which](Interpreter& in, CallArgs& a) { return compare(in, *c, a, which); });
    support::add_hash_method(in, cls, [](Interpreter& in, const Value& v) {
        auto* d = payload<DateTimeObject>(v);
        i128 micros = d->local_micros() - offset_of(in, *d, v, in.current_location()).value_or(0);
        auto lo = static_cast<std::uint64_t>(micros);
        return static_cast<std::int64_t>((lo ^ (lo >> 29)) * 0xBF58476D1CE4E5B9ull);
    });
}

}  // namespace orm::python::dt
