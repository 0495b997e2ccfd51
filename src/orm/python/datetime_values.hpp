// The values of the standard modules that model defaults produce: datetime's
// date, time, datetime and timedelta, decimal's Decimal and uuid's UUID, as
// plain C++ data. Higher layers (the seeder) read a default the interpreter
// computed (`default=datetime.utcnow`, `default=Decimal("0.00")`,
// `default=uuid.uuid4`) into a column value with the *_value functions, and
// make Python objects from column values with the make_* functions.
//
// Extraction is by the object's payload, so instances of Python subclasses
// (class Stamp(datetime)) read as their base value. The make_* functions
// import the module concerned on the interpreter (it is native: no file is
// read) and make an instance of its class.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "orm/python/interpreter.hpp"

namespace orm::python {

struct DateValue {
    int year = 1, month = 1, day = 1;
    bool operator==(const DateValue&) const = default;
};

struct TimeValue {
    int hour = 0, minute = 0, second = 0, microsecond = 0;
    int fold = 0;
    // The UTC offset in microseconds when the value is aware (its tzinfo
    // gave one), nullopt when naive.
    std::optional<std::int64_t> utc_offset_micros;
    bool operator==(const TimeValue&) const = default;
};

struct DateTimeValue {
    DateValue date;
    TimeValue time;
    bool operator==(const DateTimeValue&) const = default;
};

// A timedelta, normalised as Python keeps it: 0 <= seconds < 86400,
// 0 <= microseconds < 1000000, days carrying the sign.
struct TimeDeltaValue {
    std::int64_t days = 0;
    int seconds = 0, microseconds = 0;
    bool operator==(const TimeDeltaValue&) const = default;
};

// A Decimal: (-1)^negative * digits * 10^exponent, exactly as Python's
// decimal keeps it (trailing zeros are significant: 1.10 is "110", -2).
struct DecimalValue {
    enum class Kind : std::uint8_t { finite, infinity, nan, signaling_nan };
    Kind kind = Kind::finite;
    bool negative = false;
    std::string digits = "0";   // no leading zeros; for a NaN its diagnostic digits (may be empty)
    std::int64_t exponent = 0;
    bool operator==(const DecimalValue&) const = default;
    // Python's str(): "1.10", "1E+3", "0.000001", "-Infinity", "NaN".
    std::string to_string() const;
};

// A UUID: its 16 bytes, big-endian (UUID.bytes).
struct UuidValue {
    std::array<std::uint8_t, 16> bytes{};
    bool operator==(const UuidValue&) const = default;
    // "12345678-1234-5678-1234-567812345678"
    std::string to_string() const;
};

// ISO 8601 text, as Python's isoformat() writes it (microseconds only when
// not zero; a UTC offset as +HH:MM when aware).
std::string to_iso_string(const DateValue& d);
std::string to_iso_string(const TimeValue& t);
std::string to_iso_string(const DateTimeValue& dt, char separator = 'T');

// ---------------------------------------------------------------- reading

// A date that is not a datetime (Python's datetime is a date too: read it with datetime_value).
std::optional<DateValue> date_value(const Value& v);
// A datetime; an aware one's offset comes from its tzinfo (a user tzinfo's
// utcoffset() runs, so this may raise a PythonException).
std::optional<DateTimeValue> datetime_value(Interpreter& in, const Value& v);
std::optional<TimeValue> time_value(Interpreter& in, const Value& v);
std::optional<TimeDeltaValue> timedelta_value(const Value& v);
std::optional<DecimalValue> decimal_value(const Value& v);
std::optional<UuidValue> uuid_value(const Value& v);

// ---------------------------------------------------------------- making

// Invalid fields (month 13, a timedelta beyond 999999999 days, a malformed
// decimal) raise the PythonException Python's constructor raises.
Value make_date(Interpreter& in, const DateValue& d);
// An aware value gets a datetime.timezone of its offset (timezone.utc for 0).
Value make_datetime(Interpreter& in, const DateTimeValue& dt);
Value make_time(Interpreter& in, const TimeValue& t);
Value make_timedelta(Interpreter& in, const TimeDeltaValue& td);
Value make_decimal(Interpreter& in, const DecimalValue& d);
// Parses as Decimal("...") does.
Value make_decimal(Interpreter& in, std::string_view text);
Value make_uuid(Interpreter& in, const UuidValue& u);

}  // namespace orm::python
