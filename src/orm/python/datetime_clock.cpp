// datetime.time and datetime.datetime: construction, the clock (through the
// interpreter's hook), conversions between zones, isoformat and repr.
// Arithmetic and comparisons of datetimes are in datetime_arith.cpp.
#include <cmath>

#include "orm/python/datetime_internal.hpp"

namespace orm::python::dt {

using support::payload;

namespace {

TimeObject& self_time(Interpreter& in, CallArgs& a, const char* method) {
    return support::self_as<TimeObject>(in, a, method, "datetime.time");
}

DateTimeObject& self_dt(Interpreter& in, CallArgs& a, const char* method) {
    return support::self_as<DateTimeObject>(in, a, method, "datetime.datetime");
}

// Reads clock fields from bound arguments starting at `first` (hour, minute,
// second, microsecond, tzinfo, fold), each defaulting to `base`'s.
ClockFields clock_args(Interpreter& in, const Classes& c, const std::vector<const Value*>& v, std::size_t first,
                       const ClockFields& base, SourceLocation loc) {
    auto pick = [&](std::size_t i, int dflt) { return v[first + i] ? support::int_arg(in, *v[first + i], loc) : dflt; };
    std::int64_t h = pick(0, base.hour), mi = pick(1, base.minute), s = pick(2, base.second), us = pick(3, base.micro);
    std::int64_t fold = pick(5, base.fold);
    check_clock(in, h, mi, s, us, fold, loc);
    ClockFields t;
    t.hour = static_cast<int>(h);
    t.minute = static_cast<int>(mi);
    t.second = static_cast<int>(s);
    t.micro = static_cast<int>(us);
    t.fold = static_cast<int>(fold);
    t.tzinfo = v[first + 4] ? *v[first + 4] : base.tzinfo;
    check_tzinfo(in, c, t.tzinfo, loc);
    return t;
}

std::string clock_repr(Interpreter& in, const ClockFields& t, std::string head) {
    std::string out = head + std::to_string(t.hour) + ", " + std::to_string(t.minute);
    if (t.micro) out += ", " + std::to_string(t.second) + ", " + std::to_string(t.micro);
    else if (t.second) out += ", " + std::to_string(t.second);
    if (!t.tzinfo.is_none()) out += ", tzinfo=" + in.repr(t.tzinfo);
    if (t.fold) out += ", fold=1";
    return out + ")";
}

// A timestamp (int or float seconds) as microseconds, rounded half to even as CPython does.
i128 timestamp_micros(Interpreter& in, const Value& ts, SourceLocation loc) {
    if (auto i = support::int_of(ts)) return (i128)*i * kMicrosPerSecond;
    if (!ts.is_float()) in.raise(in.exc.TypeError, "'" + in.type_name(ts) + "' object cannot be interpreted as an integer", loc);
    double d = ts.as_float();
    if (!std::isfinite(d) || std::fabs(d) > 1e14) in.raise(in.exc.OverflowError, "timestamp out of range for platform time_t", loc);
    double intpart;
    double frac = std::nearbyint(std::modf(d, &intpart) * 1e6);
    return (i128)intpart * kMicrosPerSecond + (i128)frac;
}

const i128 kEpoch = (i128)(719163 - 1) * kMicrosPerDay;   // 1970-01-01 in local micros

// The UTC instant `utc` (micros since 0001-01-01) as a datetime of `cls` in
// zone `tz` (None: naive, in orm's local zone, UTC), as fromtimestamp does.
Value from_utc(Interpreter& in, const Classes& c, ClassObject& cls, i128 utc, const Value& tz, SourceLocation loc) {
    check_tzinfo(in, c, tz, loc);
    if (tz.is_none()) return datetime_from_micros(in, c, cls, utc, Value(), loc);
    if (auto* z = payload<TimezoneObject>(tz)) return datetime_from_micros(in, c, cls, utc + z->offset, tz, loc);
    Value dt = datetime_from_micros(in, c, cls, utc, tz, loc);
    return in.call(in.getattr(tz, "fromutc", loc), {dt}, loc);
}

void time_class(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->time;
    support::install_payload_class(in, cls, [c](Interpreter& in, ClassObject& k, CallArgs& a) {
        auto v = support::bind_args(in, a, 0, "", {"hour", "minute", "second", "microsecond", "tzinfo", "fold"}, 0, 5);
        Value made = make_time_of(in, k, clock_args(in, *c, v, 0, ClockFields{}, a.loc), a.loc);
        return Ref<InstanceObject>(made.as<InstanceObject>());
    });
    in.add_method(cls, "__repr__", [c](Interpreter& in, CallArgs& a) {
        TimeObject& t = self_time(in, a, "__repr__");
        return make_str(clock_repr(in, t.clock, type_repr_name(*c, *t.cls) + "("));
    });
    auto iso = [](Interpreter& in, CallArgs& a) {
        TimeObject& t = self_time(in, a, "isoformat");
        auto v = support::bind_args(in, a, 1, "isoformat", {"timespec"}, 0);
        const std::string* spec = v[0] ? str_of(*v[0]) : nullptr;
        std::string out = iso_clock(in, t.clock, spec ? *spec : "auto", a.loc);
        if (auto off = utcoffset(in, t.clock.tzinfo, Value(), a.loc)) out += format_offset(*off, ":");
        return make_str(out);
    };
    in.add_method(cls, "isoformat", iso);
    in.add_method(cls, "__str__", iso);
    add_strftime(in, cls);
    in.add_method(cls, "utcoffset", [c](Interpreter& in, CallArgs& a) {
        auto off = utcoffset(in, self_time(in, a, "utcoffset").clock.tzinfo, Value(), a.loc);
        return off ? make_delta(in, *c, *off, a.loc) : Value();
    });
    in.add_method(cls, "dst", [c](Interpreter& in, CallArgs& a) {
        auto off = dst(in, self_time(in, a, "dst").clock.tzinfo, Value(), a.loc);
        return off ? make_delta(in, *c, *off, a.loc) : Value();
    });
    in.add_method(cls, "tzname", [](Interpreter& in, CallArgs& a) {
        auto name = tzname(in, self_time(in, a, "tzname").clock.tzinfo, Value(), a.loc);
        return name ? make_str(*name) : Value();
    });
    in.add_method(cls, "replace", [c](Interpreter& in, CallArgs& a) {
        TimeObject& t = self_time(in, a, "replace");
        auto v = support::bind_args(in, a, 1, "replace", {"hour", "minute", "second", "microsecond", "tzinfo", "fold"}, 0, 5);
        ClockFields f = clock_args(in, *c, v, 0, t.clock, a.loc);
        if (t.cls.get() == c->time.get()) return make_time_of(in, *t.cls, f, a.loc);
        CallArgs args;
        for (int x : {f.hour, f.minute, f.second, f.micro}) args.pos.push_back(Value::integer(x));
        args.pos.push_back(f.tzinfo);
        args.kw.emplace_back("fold", Value::integer(f.fold));
        args.loc = a.loc;
        return in.call(Value(t.cls), args);
    });
    support::add_classmethod(cls, "fromisoformat", [c](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "fromisoformat", {"time_string"}, 1);
        const std::string* s = str_of(*v[0]);
        if (!s) in.raise(in.exc.TypeError, "fromisoformat: argument must be str", a.loc);
        std::string text = !s->empty() && (*s)[0] == 'T' ? s->substr(1) : *s;
        auto clock = parse_iso_clock(text);
        if (!clock) in.raise(in.exc.ValueError, "Invalid isoformat string: " + repr_string(*s), a.loc);
        ClockFields f;
        f.hour = clock->hour;
        f.minute = clock->minute;
        f.second = clock->second;
        f.micro = clock->micro;
        if (clock->offset) f.tzinfo = make_timezone(in, *c, *clock->offset, Value(), a.loc);
        ClassObject& k = *a.pos[0].as<ClassObject>();
        if (&k == c->time.get()) return make_time_of(in, k, f, a.loc);
        CallArgs args;
        for (int x : {f.hour, f.minute, f.second, f.micro}) args.pos.push_back(Value::integer(x));
        args.pos.push_back(f.tzinfo);
        args.loc = a.loc;
        return in.call(a.pos[0], args);
    });
    for (const char* field : {"hour", "minute", "second", "microsecond", "tzinfo", "fold"}) {
        std::string f = field;
        support::add_getter(cls, f, [f](Interpreter& in, const Value& v) -> Value {
            auto* t = payload<TimeObject>(v);
            if (!t) in.raise(in.exc.TypeError, "descriptor '" + f + "' requires a 'datetime.time' object");
            const ClockFields& k = t->clock;
            if (f == "tzinfo") return k.tzinfo;
            return Value::integer(f == "hour" ? k.hour : f == "minute" ? k.minute : f == "second" ? k.second : f == "microsecond" ? k.micro : k.fold);
        });
    }
    ClockFields max;
    max.hour = 23;
    max.minute = max.second = 59;
    max.micro = 999999;
    cls.dict->set_str("min", make_time_of(in, cls, ClockFields{}, {}));
    cls.dict->set_str("max", make_time_of(in, cls, max, {}));
    cls.dict->set_str("resolution", make_delta(in, *c, 1, {}));
}

// The key a time orders by: its microseconds of the day, less its offset when aware.
struct TimeKey {
    i128 micros;
    bool aware;
};

TimeKey time_key(Interpreter& in, const TimeObject& t, bool apply_offset, SourceLocation loc) {
    auto off = utcoffset(in, t.clock.tzinfo, Value(), loc);
    return {t.clock.micros_of_day() - (apply_offset && off ? *off : 0), off.has_value()};
}

void time_ordering(Interpreter& in, ClassObject& cls) {
    auto op = [](int which) {
        return [which](Interpreter& in, CallArgs& a) -> Value {
            auto* x = payload<TimeObject>(a.pos[0]);
            auto* y = a.pos.size() > 1 ? payload<TimeObject>(a.pos[1]) : nullptr;
            if (!x || !y) return in.not_implemented;
            bool same = x->clock.tzinfo.identical(y->clock.tzinfo);
            TimeKey p = time_key(in, *x, !same, a.loc), q = time_key(in, *y, !same, a.loc);
            if (!same && p.aware != q.aware) {
                if (which == 0) return Value::boolean(false);
                in.raise(in.exc.TypeError, "can't compare offset-naive and offset-aware times", a.loc);
            }
            switch (which) {
                case 0: return Value::boolean(p.micros == q.micros);
                case 1: return Value::boolean(p.micros < q.micros);
                case 2: return Value::boolean(p.micros <= q.micros);
                case 3: return Value::boolean(p.micros > q.micros);
                default: return Value::boolean(p.micros >= q.micros);
            }
        };
    };
    in.add_method(cls, "__eq__", op(0));
    in.add_method(cls, "__lt__", op(1));
    in.add_method(cls, "__le__", op(2));
    in.add_method(cls, "__gt__", op(3));
    in.add_method(cls, "__ge__", op(4));
    support::add_hash_method(in, cls, [](Interpreter& in, const Value& v) {
        TimeKey k = time_key(in, *payload<TimeObject>(v), true, in.current_location());
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(k.micros) * 0x9E3779B97F4A7C15ull);
    });
}

void datetime_constructors(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->datetime;
    support::install_payload_class(in, cls, [c](Interpreter& in, ClassObject& k, CallArgs& a) {
        auto v = support::bind_args(in, a, 0, "", {"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"}, 3, 8);
        std::int64_t y = support::int_arg(in, *v[0], a.loc), m = support::int_arg(in, *v[1], a.loc), d = support::int_arg(in, *v[2], a.loc);
        check_date(in, y, m, d, a.loc);
        ClockFields t = clock_args(in, *c, v, 3, ClockFields{}, a.loc);
        Value made = make_datetime_of(in, k, static_cast<int>(y), static_cast<int>(m), static_cast<int>(d), t, a.loc);
        return Ref<InstanceObject>(made.as<InstanceObject>());
    });
    auto cls_of = [](CallArgs& a) -> ClassObject& { return *a.pos[0].as<ClassObject>(); };
    support::add_classmethod(cls, "now", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "now", {"tz"}, 0);
        Value tz = v[0] ? *v[0] : Value();
        check_tzinfo(in, *c, tz, a.loc);
        return from_utc(in, *c, cls_of(a), kEpoch + support::clock_micros(in, a.loc), tz, a.loc);
    });
    auto naive_now = [c, cls_of](Interpreter& in, CallArgs& a) {
        support::bind_args(in, a, 1, "utcnow", {}, 0);
        return from_utc(in, *c, cls_of(a), kEpoch + support::clock_micros(in, a.loc), Value(), a.loc);
    };
    support::add_classmethod(cls, "utcnow", naive_now);
    support::add_classmethod(cls, "today", naive_now);
    support::add_classmethod(cls, "fromtimestamp", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "fromtimestamp", {"timestamp", "tz"}, 1);
        return from_utc(in, *c, cls_of(a), kEpoch + timestamp_micros(in, *v[0], a.loc), v[1] ? *v[1] : Value(), a.loc);
    });
    support::add_classmethod(cls, "utcfromtimestamp", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "utcfromtimestamp", {"timestamp"}, 1);
        return from_utc(in, *c, cls_of(a), kEpoch + timestamp_micros(in, *v[0], a.loc), Value(), a.loc);
    });
    support::add_classmethod(cls, "combine", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "combine", {"date", "time", "tzinfo"}, 2);
        auto* d = payload<DateObject>(*v[0]);
        auto* t = payload<TimeObject>(*v[1]);
        if (!d) in.raise(in.exc.TypeError, "combine() argument 1 must be datetime.date, not " + in.type_name(*v[0]), a.loc);
        if (!t) in.raise(in.exc.TypeError, "combine() argument 2 must be datetime.time, not " + in.type_name(*v[1]), a.loc);
        ClockFields f = t->clock;
        if (v[2]) {
            f.tzinfo = *v[2];
            check_tzinfo(in, *c, f.tzinfo, a.loc);
        }
        return new_datetime(in, *c, cls_of(a), d->year, d->month, d->day, f, a.loc);
    });
    support::add_classmethod(cls, "fromisoformat", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "fromisoformat", {"date_string"}, 1);
        const std::string* s = str_of(*v[0]);
        if (!s) in.raise(in.exc.TypeError, "fromisoformat: argument must be str", a.loc);
        auto bad = [&]() { in.raise(in.exc.ValueError, "Invalid isoformat string: " + repr_string(*s), a.loc); };
        auto sep = iso_separator(*s);
        if (!sep) bad();
        auto d = parse_iso_date(s->substr(0, std::min(*sep, s->size())));
        if (!d) bad();
        IsoClock clock;
        if (s->size() > *sep) {
            auto parsed = parse_iso_clock(s->substr(*sep + 1));
            if (!parsed) bad();
            clock = *parsed;
        }
        ClockFields f;
        f.hour = clock.hour;
        f.minute = clock.minute;
        f.second = clock.second;
        f.micro = clock.micro;
        if (clock.offset) f.tzinfo = make_timezone(in, *c, *clock.offset, Value(), a.loc);
        check_date(in, d->year, d->month, d->day, a.loc);
        return new_datetime(in, *c, cls_of(a), d->year, d->month, d->day, f, a.loc);
    });
    support::add_classmethod(cls, "strptime", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "strptime", {"date_string", "format"}, 2);
        const std::string* s = str_of(*v[0]);
        const std::string* fmt = str_of(*v[1]);
        if (!s || !fmt) in.raise(in.exc.TypeError, "strptime() argument 1 must be str, not " + in.type_name(s ? *v[1] : *v[0]), a.loc);
        StrftimeFields f = strptime(in, *s, *fmt, a.loc);
        ClockFields t;
        t.hour = f.hour;
        t.minute = f.minute;
        t.second = f.second;
        t.micro = f.micro;
        if (f.offset) t.tzinfo = make_timezone(in, *c, *f.offset, f.zone ? make_str(*f.zone) : Value(), a.loc);
        check_date(in, f.year, f.month, f.day, a.loc);
        return new_datetime(in, *c, cls_of(a), f.year, f.month, f.day, t, a.loc);
    });
}

void datetime_methods(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->datetime;
    in.add_method(cls, "__repr__", [c](Interpreter& in, CallArgs& a) {
        DateTimeObject& d = self_dt(in, a, "__repr__");
        return make_str(clock_repr(in, d.clock, type_repr_name(*c, *d.cls) + "(" + std::to_string(d.year) + ", " +
                                                    std::to_string(d.month) + ", " + std::to_string(d.day) + ", "));
    });
    auto iso = [](Interpreter& in, CallArgs& a, const char* default_sep) {
        DateTimeObject& d = self_dt(in, a, "isoformat");
        auto v = support::bind_args(in, a, 1, "isoformat", {"sep", "timespec"}, 0);
        std::string sep = default_sep;
        if (v[0]) {
            auto* s = v[0]->as<StrObject>();
            if (!s || s->char_count() != 1)
                in.raise(in.exc.TypeError, "isoformat() argument 1 must be a unicode character, not " + in.type_name(*v[0]), a.loc);
            sep = s->value;
        }
        const std::string* spec = v[1] ? str_of(*v[1]) : nullptr;
        std::string out = iso_date(d.year, d.month, d.day) + sep + iso_clock(in, d.clock, spec ? *spec : "auto", a.loc);
        if (auto off = utcoffset(in, d.clock.tzinfo, a.pos[0], a.loc)) out += format_offset(*off, ":");
        return make_str(out);
    };
    in.add_method(cls, "isoformat", [iso](Interpreter& in, CallArgs& a) { return iso(in, a, "T"); });
    in.add_method(cls, "__str__", [iso](Interpreter& in, CallArgs& a) { return iso(in, a, " "); });
    in.add_method(cls, "date", [c](Interpreter& in, CallArgs& a) {
        DateTimeObject& d = self_dt(in, a, "date");
        return make_date_of(in, *c->date, d.year, d.month, d.day, a.loc);
    });
    in.add_method(cls, "time", [c](Interpreter& in, CallArgs& a) {
        ClockFields f = self_dt(in, a, "time").clock;
        f.tzinfo = Value();
        return make_time_of(in, *c->time, f, a.loc);
    });
    in.add_method(cls, "timetz", [c](Interpreter& in, CallArgs& a) { return make_time_of(in, *c->time, self_dt(in, a, "timetz").clock, a.loc); });
    in.add_method(cls, "replace", [c](Interpreter& in, CallArgs& a) {
        DateTimeObject& d = self_dt(in, a, "replace");
        auto v = support::bind_args(in, a, 1, "replace", {"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"}, 0, 8);
        auto pick = [&](std::size_t i, int dflt) { return v[i] ? support::int_arg(in, *v[i], a.loc) : dflt; };
        std::int64_t y = pick(0, d.year), m = pick(1, d.month), dd = pick(2, d.day);
        check_date(in, y, m, dd, a.loc);
        ClockFields f = clock_args(in, *c, v, 3, d.clock, a.loc);
        return new_datetime(in, *c, *d.cls, static_cast<int>(y), static_cast<int>(m), static_cast<int>(dd), f, a.loc);
    });
    in.add_method(cls, "utcoffset", [c](Interpreter& in, CallArgs& a) {
        auto off = utcoffset(in, self_dt(in, a, "utcoffset").clock.tzinfo, a.pos[0], a.loc);
        return off ? make_delta(in, *c, *off, a.loc) : Value();
    });
    in.add_method(cls, "dst", [c](Interpreter& in, CallArgs& a) {
        auto off = dst(in, self_dt(in, a, "dst").clock.tzinfo, a.pos[0], a.loc);
        return off ? make_delta(in, *c, *off, a.loc) : Value();
    });
    in.add_method(cls, "tzname", [](Interpreter& in, CallArgs& a) {
        auto name = tzname(in, self_dt(in, a, "tzname").clock.tzinfo, a.pos[0], a.loc);
        return name ? make_str(*name) : Value();
    });
    in.add_method(cls, "timestamp", [](Interpreter& in, CallArgs& a) {
        DateTimeObject& d = self_dt(in, a, "timestamp");
        auto off = utcoffset(in, d.clock.tzinfo, a.pos[0], a.loc);
        // Aware: (self - epoch).total_seconds(). Naive: local time, which is UTC in orm, as
        // CPython computes it (whole seconds, then the microseconds added).
        if (off) return Value::floating(true_divide(d.local_micros() - *off - kEpoch, kMicrosPerSecond));
        i128 micros = d.local_micros() - kEpoch;
        i128 secs = micros / kMicrosPerSecond - (micros % kMicrosPerSecond < 0 ? 1 : 0);
        return Value::floating(static_cast<double>(secs) + static_cast<double>(d.clock.micro) / 1e6);
    });
    in.add_method(cls, "astimezone", [c](Interpreter& in, CallArgs& a) {
        DateTimeObject& d = self_dt(in, a, "astimezone");
        auto v = support::bind_args(in, a, 1, "astimezone", {"tz"}, 0);
        // orm's local zone is UTC, named as CPython names it under TZ=UTC.
        Value tz = v[0] && !v[0]->is_none() ? *v[0] : make_timezone(in, *c, 0, make_str("UTC"), a.loc);
        check_tzinfo(in, *c, tz, a.loc);
        if (d.clock.tzinfo.identical(tz)) return a.pos[0];
        std::int64_t off = utcoffset(in, d.clock.tzinfo, a.pos[0], a.loc).value_or(0);
        return from_utc(in, *c, *d.cls, d.local_micros() - off, tz, a.loc);
    });
    for (const char* field : {"hour", "minute", "second", "microsecond", "tzinfo", "fold"}) {
        std::string f = field;
        support::add_getter(cls, f, [f](Interpreter& in, const Value& v) -> Value {
            auto* d = payload<DateTimeObject>(v);
            if (!d) in.raise(in.exc.TypeError, "descriptor '" + f + "' requires a 'datetime.datetime' object");
            const ClockFields& k = d->clock;
            if (f == "tzinfo") return k.tzinfo;
            return Value::integer(f == "hour" ? k.hour : f == "minute" ? k.minute : f == "second" ? k.second : f == "microsecond" ? k.micro : k.fold);
        });
    }
}

}  // namespace

void install_time(Interpreter& in, const std::shared_ptr<Classes>& c) {
    time_class(in, c);
    time_ordering(in, *c->time);
}

void install_datetime(Interpreter& in, const std::shared_ptr<Classes>& c) {
    datetime_constructors(in, c);
    datetime_methods(in, c);
    install_datetime_arithmetic(in, c);
    ClassObject& cls = *c->datetime;
    ClockFields max;
    max.hour = 23;
    max.minute = max.second = 59;
    max.micro = 999999;
    cls.dict->set_str("min", make_datetime_of(in, cls, 1, 1, 1, ClockFields{}, {}));
    cls.dict->set_str("max", make_datetime_of(in, cls, 9999, 12, 31, max, {}));
    cls.dict->set_str("resolution", make_delta(in, *c, 1, {}));
}

}  // namespace orm::python::dt
