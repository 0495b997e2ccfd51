// The datetime module's calendar (proleptic Gregorian, as datetime.py's
// _ymd2ord/_ord2ymd), the makers and checks of its values, and the calls to
// a tzinfo's utcoffset/tzname/dst.
#include "orm/python/datetime_internal.hpp"

#include <algorithm>
#include <cmath>

namespace orm::python::dt {

namespace {

constexpr int kDaysBeforeMonth[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
constexpr int kDaysInMonth[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

std::int64_t days_before_year(std::int64_t year) {
    std::int64_t y = year - 1;
    return y * 365 + y / 4 - y / 100 + y / 400;
}

i128 floor_div(i128 a, std::int64_t b) {
    i128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

}  // namespace

bool is_leap(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(int year, int month) { return month == 2 && is_leap(year) ? 29 : kDaysInMonth[month]; }

std::int64_t ymd_to_ordinal(int year, int month, int day) {
    return days_before_year(year) + kDaysBeforeMonth[month] + (month > 2 && is_leap(year) ? 1 : 0) + day;
}

void ordinal_to_ymd(std::int64_t n, int& year, int& month, int& day) {
    // 400-year cycles of 146097 days, then 100-, 4- and 1-year ones (datetime.py's _ord2ymd).
    n -= 1;
    std::int64_t n400 = n / 146097;
    n %= 146097;
    std::int64_t y = n400 * 400 + 1;
    std::int64_t n100 = n / 36524;
    n %= 36524;
    std::int64_t n4 = n / 1461;
    n %= 1461;
    std::int64_t n1 = n / 365;
    n %= 365;
    y += n100 * 100 + n4 * 4 + n1;
    if (n1 == 4 || n100 == 4) {
        year = static_cast<int>(y - 1);
        month = 12;
        day = 31;
        return;
    }
    year = static_cast<int>(y);
    bool leap = n1 == 3 && (n4 != 24 || n100 == 3);
    int m = static_cast<int>((n + 50) >> 5);
    int preceding = kDaysBeforeMonth[m] + (m > 2 && leap ? 1 : 0);
    if (preceding > n) {
        --m;
        preceding -= kDaysInMonth[m] + (m == 2 && leap ? 1 : 0);
    }
    month = m;
    day = static_cast<int>(n - preceding + 1);
}

std::int64_t iso_week1_monday(int year) {
    std::int64_t first = ymd_to_ordinal(year, 1, 1);
    std::int64_t weekday = (first + 6) % 7;   // Monday 0
    std::int64_t monday = first - weekday;
    if (weekday > 3) monday += 7;
    return monday;
}

double true_divide(i128 n, i128 d) {
    __extension__ typedef unsigned __int128 u128;
    if (n == 0) return 0.0;
    bool negative = (n < 0) != (d < 0);
    u128 a = n < 0 ? -(u128)n : (u128)n, b = d < 0 ? -(u128)d : (u128)d;
    auto bits = [](u128 v) {
        int k = 0;
        for (; v; v >>= 1) ++k;
        return k;
    };
    // Scale the dividend so the quotient has at least 55 bits, then round it to 53 (half to even, the remainder sticky).
    int shift = std::max(0, 55 - (bits(a) - bits(b)));
    a <<= shift;
    u128 q = a / b, r = a % b;
    int drop = bits(q) - 53;
    u128 kept = q >> drop, rest = q & (((u128)1 << drop) - 1), half = (u128)1 << (drop - 1);
    if (rest > half || (rest == half && (r != 0 || (kept & 1)))) ++kept;
    double out = std::ldexp(static_cast<double>(static_cast<std::uint64_t>(kept)), drop - shift);
    return negative ? -out : out;
}

// ---------------------------------------------------------------- checks

void check_date(Interpreter& in, std::int64_t y, std::int64_t m, std::int64_t d, SourceLocation loc) {
    if (y < kMinYear || y > kMaxYear) in.raise(in.exc.ValueError, "year " + std::to_string(y) + " is out of range", loc);
    if (m < 1 || m > 12) in.raise(in.exc.ValueError, "month must be in 1..12", loc);
    if (d < 1 || d > days_in_month(static_cast<int>(y), static_cast<int>(m)))
        in.raise(in.exc.ValueError, "day is out of range for month", loc);
}

void check_clock(Interpreter& in, std::int64_t h, std::int64_t mi, std::int64_t s, std::int64_t us, std::int64_t fold,
                 SourceLocation loc) {
    if (h < 0 || h > 23) in.raise(in.exc.ValueError, "hour must be in 0..23", loc);
    if (mi < 0 || mi > 59) in.raise(in.exc.ValueError, "minute must be in 0..59", loc);
    if (s < 0 || s > 59) in.raise(in.exc.ValueError, "second must be in 0..59", loc);
    if (us < 0 || us > 999999) in.raise(in.exc.ValueError, "microsecond must be in 0..999999", loc);
    if (fold != 0 && fold != 1) in.raise(in.exc.ValueError, "fold must be either 0 or 1", loc);
}

void check_tzinfo(Interpreter& in, const Classes& c, const Value& tz, SourceLocation loc) {
    if (!tz.is_none() && !in.isinstance(tz, c.tzinfo.get()))
        in.raise(in.exc.TypeError, "tzinfo argument must be None or of a tzinfo subclass, not type '" +
                                       in.type_name(tz) + "'", loc);
}

// ---------------------------------------------------------------- makers

Value make_delta(Interpreter& in, const Classes& c, i128 micros, SourceLocation loc) {
    i128 days128 = floor_div(micros, kMicrosPerDay);
    if (days128 > INT32_MAX || days128 < INT32_MIN) in.raise(in.exc.OverflowError, "Python int too large to convert to C int", loc);
    auto days = static_cast<std::int64_t>(days128);
    i128 rest = micros - (i128)days * kMicrosPerDay;
    if (days > kMaxDeltaDays || days < -kMaxDeltaDays)
        in.raise(in.exc.OverflowError, "days=" + std::to_string(days) + "; must have magnitude <= 999999999", loc);
    Ref<TimeDeltaObject> td(new TimeDeltaObject(c.timedelta));
    td->days = days;
    td->seconds = static_cast<int>(rest / kMicrosPerSecond);
    td->micros = static_cast<int>(rest % kMicrosPerSecond);
    return Value(td);
}

Value make_date_of(Interpreter& in, ClassObject& cls, int y, int m, int d, SourceLocation loc) {
    check_date(in, y, m, d, loc);
    Ref<DateObject> o(new DateObject(&cls));
    o->year = y;
    o->month = m;
    o->day = d;
    return Value(o);
}

Value make_datetime_of(Interpreter& in, ClassObject& cls, int y, int m, int d, const ClockFields& t, SourceLocation loc) {
    check_date(in, y, m, d, loc);
    check_clock(in, t.hour, t.minute, t.second, t.micro, t.fold, loc);
    Ref<DateTimeObject> o(new DateTimeObject(&cls));
    o->year = y;
    o->month = m;
    o->day = d;
    o->clock = t;
    return Value(o);
}

Value make_time_of(Interpreter& in, ClassObject& cls, const ClockFields& t, SourceLocation loc) {
    check_clock(in, t.hour, t.minute, t.second, t.micro, t.fold, loc);
    Ref<TimeObject> o(new TimeObject(&cls));
    o->clock = t;
    return Value(o);
}

Value new_date(Interpreter& in, const Classes& c, ClassObject& cls, int y, int m, int d, SourceLocation loc) {
    if (&cls == c.date.get()) return make_date_of(in, cls, y, m, d, loc);
    if (&cls == c.datetime.get()) return make_datetime_of(in, cls, y, m, d, ClockFields{}, loc);
    return in.call(Value(&cls), {Value::integer(y), Value::integer(m), Value::integer(d)}, loc);
}

Value new_datetime(Interpreter& in, const Classes& c, ClassObject& cls, int y, int m, int d, const ClockFields& t,
                   SourceLocation loc) {
    if (&cls == c.datetime.get()) return make_datetime_of(in, cls, y, m, d, t, loc);
    CallArgs args;
    for (int v : {y, m, d, t.hour, t.minute, t.second, t.micro}) args.pos.push_back(Value::integer(v));
    args.pos.push_back(t.tzinfo);
    if (t.fold) args.kw.emplace_back("fold", Value::integer(t.fold));
    args.loc = loc;
    return in.call(Value(&cls), args);
}

Value datetime_from_micros(Interpreter& in, const Classes& c, ClassObject& cls, i128 local, const Value& tzinfo,
                           SourceLocation loc, int fold) {
    i128 days128 = floor_div(local, kMicrosPerDay);
    if (days128 < 0 || days128 >= kMaxOrdinal) in.raise(in.exc.OverflowError, "date value out of range", loc);
    auto days = static_cast<std::int64_t>(days128);
    i128 rest = local - (i128)days * kMicrosPerDay;
    ClockFields t;
    std::int64_t secs = static_cast<std::int64_t>(rest / kMicrosPerSecond);
    t.micro = static_cast<int>(rest % kMicrosPerSecond);
    t.hour = static_cast<int>(secs / 3600);
    t.minute = static_cast<int>(secs / 60 % 60);
    t.second = static_cast<int>(secs % 60);
    t.tzinfo = tzinfo;
    t.fold = fold;
    int y, m, d;
    ordinal_to_ymd(days + 1, y, m, d);
    return new_datetime(in, c, cls, y, m, d, t, loc);
}

Value make_timezone(Interpreter& in, const Classes& c, std::int64_t offset, const Value& name, SourceLocation loc) {
    if (offset <= -kMicrosPerDay || offset >= kMicrosPerDay) {
        Value delta = make_delta(in, c, offset, loc);
        in.raise(in.exc.ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and "
                                    "timedelta(hours=24), not " + in.repr(delta) + ".", loc);
    }
    if (offset == 0 && name.is_none() && !c.utc.is_none()) return c.utc;
    Ref<TimezoneObject> tz(new TimezoneObject(c.timezone));
    tz->offset = offset;
    tz->name = name;
    return Value(tz);
}

// ---------------------------------------------------------------- offsets

namespace {

// A user tzinfo's method, called with `dt`; its result checked as CPython checks it.
std::optional<std::int64_t> offset_call(Interpreter& in, const Value& tzinfo, const char* method, const Value& dt,
                                        SourceLocation loc) {
    Value r = in.call(in.getattr(tzinfo, method, loc), {dt}, loc);
    if (r.is_none()) return std::nullopt;
    auto* td = support::payload<TimeDeltaObject>(r);
    if (!td)
        in.raise(in.exc.TypeError, std::string("tzinfo.") + method + "() must return None or timedelta, not '" +
                                       in.type_name(r) + "'", loc);
    i128 micros = td->total_micros();
    if (micros <= -kMicrosPerDay || micros >= kMicrosPerDay)
        in.raise(in.exc.ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and "
                                    "timedelta(hours=24), not " + in.repr(r) + ".", loc);
    return static_cast<std::int64_t>(micros);
}

}  // namespace

std::optional<std::int64_t> utcoffset(Interpreter& in, const Value& tzinfo, const Value& dt, SourceLocation loc) {
    if (tzinfo.is_none()) return std::nullopt;
    if (auto* tz = support::payload<TimezoneObject>(tzinfo)) return tz->offset;
    return offset_call(in, tzinfo, "utcoffset", dt, loc);
}

std::optional<std::int64_t> dst(Interpreter& in, const Value& tzinfo, const Value& dt, SourceLocation loc) {
    if (tzinfo.is_none() || support::payload<TimezoneObject>(tzinfo)) return std::nullopt;
    return offset_call(in, tzinfo, "dst", dt, loc);
}

std::optional<std::string> tzname(Interpreter& in, const Value& tzinfo, const Value& dt, SourceLocation loc) {
    if (tzinfo.is_none()) return std::nullopt;
    if (auto* tz = support::payload<TimezoneObject>(tzinfo)) {
        if (auto* s = str_of(tz->name)) return *s;
        return offset_name(tz->offset);
    }
    Value r = in.call(in.getattr(tzinfo, "tzname", loc), {dt}, loc);
    if (r.is_none()) return std::nullopt;
    const std::string* s = str_of(r);
    if (!s) in.raise(in.exc.TypeError, "tzinfo.tzname() must return None or a string, not '" + in.type_name(r) + "'", loc);
    return *s;
}

// ---------------------------------------------------------------- reprs

std::string type_repr_name(const Classes& c, const ClassObject& cls) {
    for (const ClassObject* k : {c.date.get(), c.time.get(), c.datetime.get(), c.timedelta.get(), c.timezone.get()})
        if (k == &cls) return "datetime." + cls.name;
    return cls.name;
}

}  // namespace orm::python::dt
