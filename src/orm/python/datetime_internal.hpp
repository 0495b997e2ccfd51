// The datetime module's internals, shared by its files: the payloads of
// date, time, datetime, timedelta and timezone instances, the proleptic
// Gregorian calendar, and the text forms (isoformat, strftime, strptime,
// fromisoformat). Internal to the python layer.
//
// datetime.py (CPython's pure-Python implementation) is the reference for
// every rule here; messages are those of its C implementation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "orm/python/stdlib_support.hpp"

namespace orm::python::dt {

__extension__ typedef __int128 i128;   // __extension__: a GCC type, allowed under -Wpedantic

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr std::int64_t kMaxOrdinal = 3652059;   // date(9999, 12, 31).toordinal()
constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
constexpr std::int64_t kMaxDeltaDays = 999'999'999;

// ---------------------------------------------------------------- calendar

bool is_leap(int year);
int days_in_month(int year, int month);
// Days since 0001-01-00 (so 0001-01-01 is 1), as date.toordinal().
std::int64_t ymd_to_ordinal(int year, int month, int day);
void ordinal_to_ymd(std::int64_t ordinal, int& year, int& month, int& day);
// Monday of ISO week 1 of `year`, as an ordinal.
std::int64_t iso_week1_monday(int year);

// n / d correctly rounded to a double, as Python's int / int is (d != 0).
double true_divide(i128 n, i128 d);

// ---------------------------------------------------------------- payloads

struct Classes;

struct TimeDeltaObject : InstanceObject {
    using InstanceObject::InstanceObject;
    std::int64_t days = 0;
    int seconds = 0, micros = 0;
    i128 total_micros() const { return (i128)days * kMicrosPerDay + (i128)seconds * kMicrosPerSecond + micros; }
};

struct DateObject : InstanceObject {
    using InstanceObject::InstanceObject;
    int year = 1, month = 1, day = 1;
};

// The clock fields of a time or a datetime.
struct ClockFields {
    int hour = 0, minute = 0, second = 0, micro = 0;
    Value tzinfo;   // None, a timezone, or an instance of a tzinfo subclass
    int fold = 0;
    i128 micros_of_day() const {
        return ((i128)hour * 3600 + minute * 60 + second) * kMicrosPerSecond + micro;
    }
};

struct DateTimeObject : DateObject {
    using DateObject::DateObject;
    ClockFields clock;
    // Microseconds since 0001-01-01T00:00 of the fields (no offset applied).
    i128 local_micros() const { return (i128)(ymd_to_ordinal(year, month, day) - 1) * kMicrosPerDay + clock.micros_of_day(); }
};

struct TimeObject : InstanceObject {
    using InstanceObject::InstanceObject;
    ClockFields clock;
};

struct TimezoneObject : InstanceObject {
    using InstanceObject::InstanceObject;
    std::int64_t offset = 0;   // microseconds
    Value name;                // str or None
};

// The module's classes, held by every native function of the module.
struct Classes {
    Ref<ClassObject> date, time, datetime, timedelta, tzinfo, timezone, iso_calendar;
    Value utc;
};

// ---------------------------------------------------------------- makers

// A timedelta of `micros`; OverflowError beyond 999999999 days.
Value make_delta(Interpreter& in, const Classes& c, i128 micros, SourceLocation loc);
// A date/datetime of class `cls`; ValueError for invalid fields.
Value make_date_of(Interpreter& in, ClassObject& cls, int y, int m, int d, SourceLocation loc);
Value make_datetime_of(Interpreter& in, ClassObject& cls, int y, int m, int d, const ClockFields& t, SourceLocation loc);
Value make_time_of(Interpreter& in, ClassObject& cls, const ClockFields& t, SourceLocation loc);
// A date or datetime of `cls` (one of the module's or a Python subclass,
// which is called as CPython calls it) with these fields.
Value new_date(Interpreter& in, const Classes& c, ClassObject& cls, int y, int m, int d, SourceLocation loc);
Value new_datetime(Interpreter& in, const Classes& c, ClassObject& cls, int y, int m, int d, const ClockFields& t,
                   SourceLocation loc);
// A datetime of `cls` at `local` microseconds since 0001-01-01; OverflowError out of range.
Value datetime_from_micros(Interpreter& in, const Classes& c, ClassObject& cls, i128 local, const Value& tzinfo,
                           SourceLocation loc, int fold = 0);
// A fixed-offset timezone (timezone.utc for a zero offset without a name).
Value make_timezone(Interpreter& in, const Classes& c, std::int64_t offset, const Value& name, SourceLocation loc);
// Raises ValueError unless the fields make a valid date / clock.
void check_date(Interpreter& in, std::int64_t y, std::int64_t m, std::int64_t d, SourceLocation loc);
void check_clock(Interpreter& in, std::int64_t h, std::int64_t mi, std::int64_t s, std::int64_t us, std::int64_t fold,
                 SourceLocation loc);
// TypeError unless `tz` is None or a tzinfo.
void check_tzinfo(Interpreter& in, const Classes& c, const Value& tz, SourceLocation loc);

// ---------------------------------------------------------------- offsets

// tzinfo.utcoffset(dt) in microseconds; nullopt for None. `dt` is passed to
// a user tzinfo (a datetime, or None for a time).
std::optional<std::int64_t> utcoffset(Interpreter& in, const Value& tzinfo, const Value& dt, SourceLocation loc);
// tzinfo.tzname(dt); nullopt for None.
std::optional<std::string> tzname(Interpreter& in, const Value& tzinfo, const Value& dt, SourceLocation loc);
std::optional<std::int64_t> dst(Interpreter& in, const Value& tzinfo, const Value& dt, SourceLocation loc);

// ---------------------------------------------------------------- text

// "HH:MM:SS[.ffffff]" per timespec ("auto", "hours", ..., "microseconds"); ValueError for another.
std::string iso_clock(Interpreter& in, const ClockFields& t, const std::string& timespec, SourceLocation loc);
std::string iso_date(int y, int m, int d);
// "+HH:MM[:SS[.ffffff]]" (sep ":"), or "+HHMM..." for strftime's %z (sep "").
std::string format_offset(std::int64_t offset, const char* sep);
// timezone's name for an offset without one: "UTC", "UTC+01:00".
std::string offset_name(std::int64_t offset);
// The fields strftime reads.
struct StrftimeFields {
    int year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micro = 0;
    std::optional<std::int64_t> offset;
    std::optional<std::string> zone;
};
std::string strftime(const std::string& format, const StrftimeFields& f);
// datetime.strptime(text, format): the fields it found, with the offset of %z.
StrftimeFields strptime(Interpreter& in, const std::string& text, const std::string& format, SourceLocation loc);
// fromisoformat's parts (Python 3.11's rules); nullopt when malformed.
struct IsoDate { int year, month, day; };
struct IsoClock { int hour = 0, minute = 0, second = 0, micro = 0; std::optional<std::int64_t> offset; };
std::optional<IsoDate> parse_iso_date(const std::string& s);
std::optional<IsoClock> parse_iso_clock(const std::string& s);
// The position of the separator in an ISO datetime (CPython's heuristic); nullopt when malformed.
std::optional<std::size_t> iso_separator(const std::string& s);

// strftime's fields of a date, time or datetime (its tzinfo's offset and name read).
StrftimeFields strftime_fields(Interpreter& in, const Value& v, SourceLocation loc);
// strftime(format) and __format__(spec) (strftime, or str() for an empty spec) on `cls`.
void add_strftime(Interpreter& in, ClassObject& cls);

// ---------------------------------------------------------------- classes

// Each fills its class's methods (the classes exist already).
void install_timedelta(Interpreter& in, const std::shared_ptr<Classes>& c);
void install_timezone(Interpreter& in, const std::shared_ptr<Classes>& c);
void install_date(Interpreter& in, const std::shared_ptr<Classes>& c);
void install_time(Interpreter& in, const std::shared_ptr<Classes>& c);
void install_datetime(Interpreter& in, const std::shared_ptr<Classes>& c);
void install_datetime_arithmetic(Interpreter& in, const std::shared_ptr<Classes>& c);

// CPython's tp_name: "datetime.date" for the module's classes, the class name for subclasses.
std::string type_repr_name(const Classes& c, const ClassObject& cls);

}  // namespace orm::python::dt
