// The datetime module (its classes: date here, time and datetime in
// datetime_clock.cpp, timedelta, tzinfo and timezone in datetime_delta.cpp)
// and the time module. Hermetic: the clock is read only through the
// interpreter's clock hook (InterpreterOptions::clock_micros), and the
// local time zone is UTC (a naive now() is UTC wall time).
#include <cmath>
#include <cstdio>

#include "orm/python/datetime_internal.hpp"
#include "orm/python/stdlib.hpp"

namespace orm::python::dt {

using support::payload;

namespace {

const char* const kShortDays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kShortMonths[13] = {"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

DateObject& self_date(Interpreter& in, CallArgs& a, const char* method) {
    return support::self_as<DateObject>(in, a, method, "datetime.date");
}

// Only a date that is not a datetime: CPython keeps the two apart in comparisons and subtraction.
DateObject* plain_date(const Value& v) {
    auto* d = payload<DateObject>(v);
    return d && !dynamic_cast<DateTimeObject*>(d) ? d : nullptr;
}

std::int64_t ordinal_of(const DateObject& d) { return ymd_to_ordinal(d.year, d.month, d.day); }

Value iso_calendar(Interpreter& in, const Classes& c, const DateObject& d) {
    std::int64_t ord = ordinal_of(d);
    int year = d.year;
    std::int64_t week1 = iso_week1_monday(year);
    if (ord < week1) week1 = iso_week1_monday(--year);
    else if (ord >= iso_week1_monday(year + 1)) week1 = iso_week1_monday(++year);
    std::int64_t week = (ord - week1) / 7 + 1, day = (ord - week1) % 7 + 1;
    Ref<InstanceObject> out(new InstanceObject(c.iso_calendar));
    out->builtin_value = make_tuple({Value::integer(year), Value::integer(week), Value::integer(day)});
    out->attrs().set_str("year", Value::integer(year));
    out->attrs().set_str("week", Value::integer(week));
    out->attrs().set_str("weekday", Value::integer(day));
    return Value(out);
}

void date_constructors(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->date;
    support::install_payload_class(in, cls, [](Interpreter& in, ClassObject& k, CallArgs& a) {
        auto v = support::bind_args(in, a, 0, "", {"year", "month", "day"}, 3);
        std::int64_t y = support::int_arg(in, *v[0], a.loc), m = support::int_arg(in, *v[1], a.loc), d = support::int_arg(in, *v[2], a.loc);
        check_date(in, y, m, d, a.loc);
        Value made = make_date_of(in, k, static_cast<int>(y), static_cast<int>(m), static_cast<int>(d), a.loc);
        return Ref<InstanceObject>(made.as<InstanceObject>());
    });
    auto cls_of = [](CallArgs& a) -> ClassObject& { return *a.pos[0].as<ClassObject>(); };
    support::add_classmethod(cls, "today", [c, cls_of](Interpreter& in, CallArgs& a) {
        std::int64_t micros = support::clock_micros(in, a.loc);
        std::int64_t days = (micros >= 0 ? micros : micros - kMicrosPerDay + 1) / kMicrosPerDay;
        int y, m, d;
        ordinal_to_ymd(ymd_to_ordinal(1970, 1, 1) + days, y, m, d);
        return new_date(in, *c, cls_of(a), y, m, d, a.loc);
    });
    support::add_classmethod(cls, "fromordinal", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "fromordinal", {"ordinal"}, 1);
        std::int64_t n = support::int_arg(in, *v[0], a.loc);
        if (n < 1 || n > kMaxOrdinal) in.raise(in.exc.ValueError, "ordinal must be >= 1", a.loc);
        int y, m, d;
        ordinal_to_ymd(n, y, m, d);
        return new_date(in, *c, cls_of(a), y, m, d, a.loc);
    });
    support::add_classmethod(cls, "fromisoformat", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "fromisoformat", {"date_string"}, 1);
        const std::string* s = str_of(*v[0]);
        if (!s) in.raise(in.exc.TypeError, "fromisoformat: argument must be str", a.loc);
        std::optional<IsoDate> d;
        if (s->size() == 7 || s->size() == 8 || s->size() == 10) d = parse_iso_date(*s);
        if (!d) in.raise(in.exc.ValueError, "Invalid isoformat string: " + repr_string(*s), a.loc);
        return new_date(in, *c, cls_of(a), d->year, d->month, d->day, a.loc);
    });
    support::add_classmethod(cls, "fromisocalendar", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "fromisocalendar", {"year", "week", "day"}, 3);
        std::int64_t y = support::int_arg(in, *v[0], a.loc), w = support::int_arg(in, *v[1], a.loc), d = support::int_arg(in, *v[2], a.loc);
        if (y < kMinYear || y > kMaxYear) in.raise(in.exc.ValueError, "Year is out of range: " + std::to_string(y), a.loc);
        if (w <= 0 || w >= 53) {
            std::int64_t first = (ymd_to_ordinal(static_cast<int>(y), 1, 1) + 6) % 7;
            if (!(w == 53 && (first == 3 || (first == 2 && is_leap(static_cast<int>(y))))))
                in.raise(in.exc.ValueError, "Invalid week: " + std::to_string(w), a.loc);
        }
        if (d <= 0 || d >= 8) in.raise(in.exc.ValueError, "Invalid weekday: " + std::to_string(d) + " (range is [1, 7])", a.loc);
        int yy, mm, dd;
        std::int64_t ord = iso_week1_monday(static_cast<int>(y)) + (w - 1) * 7 + d - 1;
        if (ord < 1 || ord > kMaxOrdinal) in.raise(in.exc.ValueError, "Year is out of range: " + std::to_string(y), a.loc);
        ordinal_to_ymd(ord, yy, mm, dd);
        return new_date(in, *c, cls_of(a), yy, mm, dd, a.loc);
    });
    support::add_classmethod(cls, "fromtimestamp", [c, cls_of](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "fromtimestamp", {"timestamp"}, 1);
        double t = v[0]->is_float() ? v[0]->as_float() : static_cast<double>(support::int_arg(in, *v[0], a.loc));
        std::int64_t days = static_cast<std::int64_t>(std::floor(t / 86400.0));
        int y, m, d;
        std::int64_t ord = ymd_to_ordinal(1970, 1, 1) + days;
        if (ord < 1 || ord > kMaxOrdinal) in.raise(in.exc.OverflowError, "date value out of range", a.loc);
        ordinal_to_ymd(ord, y, m, d);
        return new_date(in, *c, cls_of(a), y, m, d, a.loc);
    });
}

void date_methods(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->date;
    for (const char* field : {"year", "month", "day"}) {
        std::string f = field;
        support::add_getter(cls, f, [f](Interpreter& in, const Value& v) {
            auto* d = payload<DateObject>(v);
            if (!d) in.raise(in.exc.TypeError, "descriptor '" + f + "' requires a 'datetime.date' object");
            return Value::integer(f == "year" ? d->year : f == "month" ? d->month : d->day);
        });
    }
    in.add_method(cls, "__repr__", [c](Interpreter& in, CallArgs& a) {
        DateObject& d = self_date(in, a, "__repr__");
        return make_str(type_repr_name(*c, *d.cls) + "(" + std::to_string(d.year) + ", " + std::to_string(d.month) + ", " +
                        std::to_string(d.day) + ")");
    });
    auto iso = [](Interpreter& in, CallArgs& a) {
        DateObject& d = self_date(in, a, "isoformat");
        return make_str(iso_date(d.year, d.month, d.day));
    };
    in.add_method(cls, "isoformat", iso);
    in.add_method(cls, "__str__", iso);
    in.add_method(cls, "ctime", [](Interpreter& in, CallArgs& a) {
        StrftimeFields f = strftime_fields(in, a.pos[0], a.loc);
        std::int64_t wd = (ymd_to_ordinal(f.year, f.month, f.day) + 6) % 7;
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %04d", kShortDays[wd], kShortMonths[f.month], f.day,
                      f.hour, f.minute, f.second, f.year);
        return make_str(buf);
    });
    add_strftime(in, cls);
    in.add_method(cls, "toordinal", [](Interpreter& in, CallArgs& a) { return Value::integer(ordinal_of(self_date(in, a, "toordinal"))); });
    in.add_method(cls, "weekday", [](Interpreter& in, CallArgs& a) { return Value::integer((ordinal_of(self_date(in, a, "weekday")) + 6) % 7); });
    in.add_method(cls, "isoweekday", [](Interpreter& in, CallArgs& a) { return Value::integer((ordinal_of(self_date(in, a, "isoweekday")) + 6) % 7 + 1); });
    in.add_method(cls, "isocalendar", [c](Interpreter& in, CallArgs& a) { return iso_calendar(in, *c, self_date(in, a, "isocalendar")); });
    in.add_method(cls, "replace", [c](Interpreter& in, CallArgs& a) {
        DateObject& d = self_date(in, a, "replace");
        auto v = support::bind_args(in, a, 1, "replace", {"year", "month", "day"}, 0);
        auto pick = [&](std::size_t i, int dflt) { return v[i] ? support::int_arg(in, *v[i], a.loc) : dflt; };
        std::int64_t y = pick(0, d.year), m = pick(1, d.month), dd = pick(2, d.day);
        check_date(in, y, m, dd, a.loc);
        return new_date(in, *c, *d.cls, static_cast<int>(y), static_cast<int>(m), static_cast<int>(dd), a.loc);
    });
}

void date_arithmetic(Interpreter& in, const std::shared_ptr<Classes>& c) {
    ClassObject& cls = *c->date;
    auto add = [c](Interpreter& in, CallArgs& a) -> Value {
        DateObject* d = plain_date(a.pos[0]);
        auto* td = a.pos.size() > 1 ? payload<TimeDeltaObject>(a.pos[1]) : nullptr;
        if (!d || !td) return in.not_implemented;
        std::int64_t ord = ordinal_of(*d) + td->days;
        if (ord < 1 || ord > kMaxOrdinal) in.raise(in.exc.OverflowError, "date value out of range", a.loc);
        int y, m, dd;
        ordinal_to_ymd(ord, y, m, dd);
        return new_date(in, *c, *d->cls, y, m, dd, a.loc);
    };
    in.add_method(cls, "__add__", add);
    in.add_method(cls, "__radd__", add);
    in.add_method(cls, "__sub__", [c](Interpreter& in, CallArgs& a) -> Value {
        DateObject* d = plain_date(a.pos[0]);
        if (!d || a.pos.size() < 2) return in.not_implemented;
        if (DateObject* o = plain_date(a.pos[1])) return make_delta(in, *c, (i128)(ordinal_of(*d) - ordinal_of(*o)) * kMicrosPerDay, a.loc);
        if (auto* td = payload<TimeDeltaObject>(a.pos[1])) {
            std::int64_t ord = ordinal_of(*d) - td->days;
            if (ord < 1 || ord > kMaxOrdinal) in.raise(in.exc.OverflowError, "date value out of range", a.loc);
            int y, m, dd;
            ordinal_to_ymd(ord, y, m, dd);
            return new_date(in, *c, *d->cls, y, m, dd, a.loc);
        }
        return in.not_implemented;
    });
    auto op = [](int which) {
        return [which](Interpreter& in, CallArgs& a) -> Value {
            DateObject* x = plain_date(a.pos[0]);
            DateObject* y = a.pos.size() > 1 ? plain_date(a.pos[1]) : nullptr;
            if (!x || !y) return in.not_implemented;
            std::int64_t p = ordinal_of(*x), q = ordinal_of(*y);
            switch (which) {
                case 0: return Value::boolean(p == q);
                case 1: return Value::boolean(p < q);
                case 2: return Value::boolean(p <= q);
                case 3: return Value::boolean(p > q);
                default: return Value::boolean(p >= q);
            }
        };
    };
    in.add_method(cls, "__eq__", op(0));
    in.add_method(cls, "__lt__", op(1));
    in.add_method(cls, "__le__", op(2));
    in.add_method(cls, "__gt__", op(3));
    in.add_method(cls, "__ge__", op(4));
    support::add_hash_method(in, cls, [](Interpreter&, const Value& v) {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(ordinal_of(*payload<DateObject>(v))) * 0x9E3779B97F4A7C15ull);
    });
}

void fill_datetime(Interpreter& in, ModuleObject& m) {
    auto c = std::make_shared<Classes>();
    c->tzinfo = support::make_module_class(in, "tzinfo", {}, "datetime");
    c->timezone = support::make_module_class(in, "timezone", {c->tzinfo}, "datetime");
    c->timedelta = support::make_module_class(in, "timedelta", {}, "datetime");
    c->date = support::make_module_class(in, "date", {}, "datetime");
    c->datetime = support::make_module_class(in, "datetime", {c->date}, "datetime");
    c->time = support::make_module_class(in, "time", {}, "datetime");
    c->iso_calendar = support::make_module_class(in, "IsoCalendarDate", {in.types.tuple}, "datetime");
    in.add_method(*c->iso_calendar, "__repr__", [](Interpreter& in, CallArgs& a) {
        auto* i = a.pos[0].as<InstanceObject>();
        auto get = [&](const char* n) { return in.repr(*i->attrs().find_str(n)); };
        return make_str("datetime.IsoCalendarDate(year=" + get("year") + ", week=" + get("week") + ", weekday=" + get("weekday") + ")");
    });
    install_timedelta(in, c);
    install_timezone(in, c);
    install_date(in, c);
    install_time(in, c);
    install_datetime(in, c);
    DictObject& d = *m.dict;
    for (auto& k : {c->date, c->time, c->datetime, c->timedelta, c->tzinfo, c->timezone}) d.set_str(k->name, Value(k));
    d.set_str("MINYEAR", Value::integer(kMinYear));
    d.set_str("MAXYEAR", Value::integer(kMaxYear));
    d.set_str("UTC", c->utc);
}

}  // namespace

void install_date(Interpreter& in, const std::shared_ptr<Classes>& c) {
    date_constructors(in, c);
    date_methods(in, c);
    date_arithmetic(in, c);
    ClassObject& cls = *c->date;
    cls.dict->set_str("min", make_date_of(in, cls, 1, 1, 1, {}));
    cls.dict->set_str("max", make_date_of(in, cls, 9999, 12, 31, {}));
    cls.dict->set_str("resolution", make_delta(in, *c, kMicrosPerDay, {}));
}

StrftimeFields strftime_fields(Interpreter& in, const Value& v, SourceLocation loc) {
    StrftimeFields f;
    const ClockFields* clock = nullptr;
    Value dt_arg;
    if (auto* d = payload<DateObject>(v)) {
        f.year = d->year;
        f.month = d->month;
        f.day = d->day;
        if (auto* dt = dynamic_cast<DateTimeObject*>(d)) {
            clock = &dt->clock;
            dt_arg = v;
        }
    } else if (auto* t = payload<TimeObject>(v)) {
        clock = &t->clock;
    }
    if (clock) {
        f.hour = clock->hour;
        f.minute = clock->minute;
        f.second = clock->second;
        f.micro = clock->micro;
        f.offset = utcoffset(in, clock->tzinfo, dt_arg, loc);
        f.zone = tzname(in, clock->tzinfo, dt_arg, loc);
    }
    return f;
}

void add_strftime(Interpreter& in, ClassObject& cls) {
    in.add_method(cls, "strftime", [](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 1, "strftime", {"format"}, 1);
        const std::string* fmt = str_of(*v[0]);
        if (!fmt) in.raise(in.exc.TypeError, "strftime() argument 1 must be str, not " + in.type_name(*v[0]), a.loc);
        return make_str(strftime(*fmt, strftime_fields(in, a.pos[0], a.loc)));
    });
    in.add_method(cls, "__format__", [](Interpreter& in, CallArgs& a) {
        const std::string* spec = a.pos.size() > 1 ? str_of(a.pos[1]) : nullptr;
        if (!spec) in.raise(in.exc.TypeError, "__format__() argument 1 must be str", a.loc);
        if (spec->empty()) return make_str(in.str(a.pos[0]));
        return make_str(strftime(*spec, strftime_fields(in, a.pos[0], a.loc)));
    });
}

}  // namespace orm::python::dt

namespace orm::python::support {

void register_datetime(Interpreter& in) { in.register_module("datetime", dt::fill_datetime); }

void register_time(Interpreter& in) {
    in.register_module("time", [](Interpreter&, ModuleObject& m) {
        DictObject& d = *m.dict;
        auto clock = [](const char* name, bool nanos) {
            return make_native(std::string("time.") + name, [nanos](Interpreter& in, CallArgs& a) {
                std::int64_t micros = clock_micros(in, a.loc);
                return nanos ? Value::integer(micros * 1000) : Value::floating(static_cast<double>(micros) / 1e6);
            });
        };
        // Every clock reads the one hook: a run has no other time source.
        for (const char* n : {"time", "monotonic", "perf_counter", "process_time", "thread_time"}) {
            d.set_str(n, clock(n, false));
            d.set_str(std::string(n) + "_ns", clock(n, true));
        }
        d.set_str("sleep", make_native("time.sleep", [](Interpreter& in, CallArgs& a) -> Value {
            in.raise(in.exc.PermissionError, "time.sleep() is not available: orm runs models and migrations without waiting on the clock", a.loc);
        }));
        d.set_str("timezone", Value::integer(0));
        d.set_str("altzone", Value::integer(0));
        d.set_str("daylight", Value::integer(0));
        d.set_str("tzname", make_tuple({make_str("UTC"), make_str("UTC")}));
    });
}

}  // namespace orm::python::support

namespace orm::python {

// The value modules: datetime and time here, decimal, uuid, json, hashlib, base64 and secrets in their files.
void register_datetime_modules(Interpreter& in) {
    support::register_datetime(in);
    support::register_time(in);
    support::register_decimal(in);
    support::register_uuid(in);
    support::register_json(in);
    support::register_hashlib(in);
    support::register_base64(in);
}

}  // namespace orm::python
