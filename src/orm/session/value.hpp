// What a mapped attribute holds: one value type for every column type, and
// its conversion to and from the driver's bound parameters in the forms
// SQLAlchemy uses on each backend, so a database written by orm reads back
// correctly in SQLAlchemy and the other way round.
//
// Contracts:
// - Numeric is exact decimal text ("10.81") end to end in orm; it never passes
//   through a binary float here. (SQLite itself stores NUMERIC-affinity text
//   as REAL, which is what SQLAlchemy's float binding stores there too.)
// - Temporal values are canonical ISO text: Date "YYYY-MM-DD", DateTime
//   "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy's SQLite storage form), Time
//   "HH:MM:SS.ffffff"; a DateTime may end in a "+HH:MM" offset.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/dialect/connection.hpp"
#include "orm/schema/types.hpp"

namespace orm::dialect {
class Dialect;
}  // namespace orm::dialect

namespace orm::session {

class Value {
public:
    enum class Kind { null, boolean, integer, real, decimal, text, date, datetime, time, bytes, json };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool v) : kind_(Kind::boolean), i_(v) {}
    Value(int v) : kind_(Kind::integer), i_(v) {}
    Value(long v) : kind_(Kind::integer), i_(v) {}
    Value(long long v) : kind_(Kind::integer), i_(v) {}
    Value(double v) : kind_(Kind::real), d_(v) {}
    Value(std::string v) : kind_(Kind::text), text_(std::move(v)) {}
    Value(const char* v) : kind_(Kind::text), text_(v) {}

    // Exact decimal from its text; throws InputError unless `digits` is a decimal literal.
    static Value decimal(const std::string& digits);
    // ISO-8601 parsers (also accepting "T" and fewer fraction digits); nullopt when malformed.
    static std::optional<Value> parse_date(const std::string& iso);
    static std::optional<Value> parse_datetime(const std::string& iso);
    static std::optional<Value> parse_time(const std::string& iso);
    static Value bytes(std::vector<std::uint8_t> b);
    static Value json(nlohmann::json j);
    // The local time now (datetime.now()), UTC (utcnow()), today's date.
    static Value now();
    static Value utcnow();
    static Value today();

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::null; }
    bool as_bool() const { return i_ != 0; }
    std::int64_t as_int() const { return i_; }
    double as_double() const { return kind_ == Kind::integer ? double(i_) : d_; }
    // Text of text, decimal, date, datetime and time values.
    const std::string& as_text() const { return text_; }
    const std::vector<std::uint8_t>& as_bytes() const;
    const nlohmann::json& as_json() const;

    // Python's repr as SQLAlchemy's objects print it: None, True, 3, 'x',
    // Decimal('10.81'), datetime.datetime(2026, 1, 2, 3, 4, 5, 6).
    std::string repr() const;
    // Equal as the database would compare them (decimals by numeric value).
    bool operator==(const Value& other) const;

private:
    Kind kind_ = Kind::null;
    std::int64_t i_ = 0;
    double d_ = 0;
    std::string text_;
    // Bytes and JSON are rare and never change once made: shared, so that the
    // common values stay small and cheap to make, copy and destroy.
    // (one pointer: a std::vector<std::uint8_t> for bytes, an nlohmann::json for JSON).
    std::shared_ptr<const void> extra_;
};

// The bound parameter for `v` in a column of type `type` on `backend`.
dialect::Value to_db(const Value& v, const schema::TypeEngine& type, const dialect::Dialect& backend);
// The same, made in `out` (reusing its text buffer: the bulk-load path);
// `native_boolean` is the dialect's supports_native_boolean() (else 1 / 0).
void to_db_into(const Value& v, const schema::TypeEngine& type, bool native_boolean, dialect::Value& out);
// A result cell of a column of type `type` as a session value.
Value from_db(const dialect::Value& v, const schema::TypeEngine& type);

// The broad family of a column type, for conversions and seed type checks.
enum class TypeFamily { integer, real, numeric, text, boolean, date, datetime, time, interval, bytes, json, enumeration, uuid, other };
TypeFamily type_family(const schema::TypeEngine& type);

// Normalises a decimal literal ("+010.50" -> "10.50"); nullopt when not one.
std::optional<std::string> normalize_decimal(const std::string& s);

}  // namespace orm::session
