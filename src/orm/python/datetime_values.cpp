// The C++ side of datetime values (datetime_values.hpp): reading the payload
// of date, time, datetime and timedelta objects, and making them.
#include "orm/python/datetime_values.hpp"

#include "orm/python/datetime_internal.hpp"

namespace orm::python {

using dt::ClockFields;
using support::payload;

namespace {

TimeValue time_fields(Interpreter& in, const ClockFields& c, const Value& dt_arg) {
    TimeValue t;
    t.hour = c.hour;
    t.minute = c.minute;
    t.second = c.second;
    t.microsecond = c.micro;
    t.fold = c.fold;
    t.utc_offset_micros = dt::utcoffset(in, c.tzinfo, dt_arg, in.current_location());
    return t;
}

ClassObject& module_class(Interpreter& in, const char* name) {
    Ref<ModuleObject> m = in.import_module("datetime", {});
    const Value* v = m->dict->find_str(name);
    auto* cls = v ? v->as<ClassObject>() : nullptr;
    if (!cls) in.raise(in.exc.TypeError, std::string("datetime.") + name + " is not a class");
    return *cls;
}

// A datetime.timezone of the offset (timezone.utc for 0), through the module's own constructors.
Value timezone_for(Interpreter& in, std::optional<std::int64_t> offset) {
    if (!offset) return Value();
    Value delta = in.call(Value(&module_class(in, "timedelta")), {Value::integer(0), Value::integer(0), Value::integer(*offset)});
    return in.call(Value(&module_class(in, "timezone")), {delta});
}

ClockFields clock_of(const TimeValue& t, Value tz) {
    ClockFields c;
    c.hour = t.hour;
    c.minute = t.minute;
    c.second = t.second;
    c.micro = t.microsecond;
    c.fold = t.fold;
    c.tzinfo = std::move(tz);
    return c;
}

}  // namespace

std::optional<DateValue> date_value(const Value& v) {
    auto* d = payload<dt::DateObject>(v);
    if (!d || dynamic_cast<dt::DateTimeObject*>(d)) return std::nullopt;
    return DateValue{d->year, d->month, d->day};
}

std::optional<DateTimeValue> datetime_value(Interpreter& in, const Value& v) {
    auto* d = payload<dt::DateTimeObject>(v);
    if (!d) return std::nullopt;
    return DateTimeValue{DateValue{d->year, d->month, d->day}, time_fields(in, d->clock, v)};
}

std::optional<TimeValue> time_value(Interpreter& in, const Value& v) {
    auto* t = payload<dt::TimeObject>(v);
    if (!t) return std::nullopt;
    return time_fields(in, t->clock, Value());
}

std::optional<TimeDeltaValue> timedelta_value(const Value& v) {
    auto* td = payload<dt::TimeDeltaObject>(v);
    if (!td) return std::nullopt;
    return TimeDeltaValue{td->days, td->seconds, td->micros};
}

Value make_date(Interpreter& in, const DateValue& d) {
    return dt::make_date_of(in, module_class(in, "date"), d.year, d.month, d.day, in.current_location());
}

Value make_datetime(Interpreter& in, const DateTimeValue& v) {
    ClassObject& cls = module_class(in, "datetime");
    return dt::make_datetime_of(in, cls, v.date.year, v.date.month, v.date.day,
                                clock_of(v.time, timezone_for(in, v.time.utc_offset_micros)), in.current_location());
}

Value make_time(Interpreter& in, const TimeValue& t) {
    return dt::make_time_of(in, module_class(in, "time"), clock_of(t, timezone_for(in, t.utc_offset_micros)), in.current_location());
}

Value make_timedelta(Interpreter& in, const TimeDeltaValue& td) {
    return in.call(Value(&module_class(in, "timedelta")),
                   {Value::integer(td.days), Value::integer(td.seconds), Value::integer(td.microseconds)});
}

std::string to_iso_string(const DateValue& d) { return dt::iso_date(d.year, d.month, d.day); }

std::string to_iso_string(const TimeValue& t) {
    auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    std::string out = two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
    if (t.microsecond) {
        std::string us = std::to_string(t.microsecond);
        out += "." + std::string(6 - us.size(), '0') + us;
    }
    if (t.utc_offset_micros) out += dt::format_offset(*t.utc_offset_micros, ":");
    return out;
}

std::string to_iso_string(const DateTimeValue& v, char separator) {
    return to_iso_string(v.date) + separator + to_iso_string(v.time);
}

}  // namespace orm::python
