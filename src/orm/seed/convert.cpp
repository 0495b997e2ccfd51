#include "orm/seed/convert.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>
#include <vector>

#include "orm/core/number.hpp"

namespace orm::seed {

using session::TypeFamily;
using session::Value;

namespace {

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// Standard or URL-safe alphabet, padding optional.
std::optional<std::vector<std::uint8_t>> base64_decode(const std::string& in) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::vector<std::uint8_t> out;
    unsigned buf = 0;
    int bits = 0;
    size_t i = 0;
    for (; i < in.size() && in[i] != '='; ++i) {
        int v = val(in[i]);
        if (v < 0) return std::nullopt;
        buf = (buf << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((buf >> bits) & 0xFF));
        }
    }
    for (; i < in.size(); ++i)
        if (in[i] != '=') return std::nullopt;
    return out;
}

// Whether `n` fits the column's integer type as PostgreSQL stores it.
bool fits_sized_integer(schema::TypeKind kind, long long n) {
    using K = schema::TypeKind;
    switch (kind) {
        case K::SmallInteger: case K::SMALLINT: return std::in_range<std::int16_t>(n);
        case K::Integer: case K::INTEGER: return std::in_range<std::int32_t>(n);
        case K::PG_OID: return std::in_range<std::uint32_t>(n);
        default: return true;
    }
}

// Numeric(p, s) holds at most p - s digits before the point. PostgreSQL
// refuses more ("numeric field overflow", with no location) and SQLite
// stores them as they come: checked here, the same on both. `normal` is
// normalize_decimal's form ("-123.45").
std::optional<std::string> exceeds_precision(const std::string& normal, const schema::TypeEngine& type) {
    if (!type.precision) return std::nullopt;
    const int allowed = *type.precision - type.scale.value_or(0);
    size_t begin = normal[0] == '-' ? 1 : 0;
    size_t point = normal.find('.');
    std::string integer = normal.substr(begin, point == std::string::npos ? std::string::npos : point - begin);
    integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size()));
    if (static_cast<int>(integer.size()) <= allowed) return std::nullopt;
    return "has " + std::to_string(integer.size()) + " digits before the decimal point, more than the " +
           std::to_string(std::max(allowed, 0)) + " the precision and scale allow";
}

}  // namespace

std::string type_text(const schema::TypeEngine& t) {
    std::string s = t.class_name();
    if (t.precision && t.scale) s += "(" + std::to_string(*t.precision) + ", " + std::to_string(*t.scale) + ")";
    else if (t.precision) s += "(" + std::to_string(*t.precision) + ")";
    else if (t.length) s += "(" + std::to_string(*t.length) + ")";
    return s;
}

std::optional<std::string> convert_value(const schema::Column& col, Node& v, Value& out, bool sized_integers) {
    const auto& type = col.type;
    auto wrong = [&](const std::string& expected) {
        return "expected " + expected + " for column '" + col.name + "' (" + type_text(type) + "), got " + v.type_name();
    };
    if (v.kind == Node::Kind::null) {
        if (!col.nullable && !col.primary_key) return "null for NOT NULL column '" + col.name + "'";
        out = nullptr;
        return std::nullopt;
    }
    switch (session::type_family(type)) {
        case TypeFamily::integer: {
            if (!v.is_integer()) return wrong("an integer");
            long long n = 0;
            const char* b = v.text.data();
            const char* e = b + v.text.size();
            auto [p, ec] = std::from_chars(b, e, n);
            if (ec != std::errc() || p != e || (sized_integers && !fits_sized_integer(type.kind, n)))
                return "integer " + v.text + " is out of range for column '" + col.name + "' (" + type_text(type) + ")";
            out = n;
            return std::nullopt;
        }
        case TypeFamily::real:
            if (v.kind != Node::Kind::number) return wrong("a number");
            if (auto d = parse_real(v.text)) {
                out = *d;
                return std::nullopt;
            }
            return "number " + v.text + " is out of range for column '" + col.name + "' (" + type_text(type) + ")";
        case TypeFamily::numeric: {
            if (v.kind != Node::Kind::number && v.kind != Node::Kind::string) return wrong("a number or a decimal string");
            auto normal = session::normalize_decimal(v.text);
            if (!normal)
                return "'" + v.text + "' is not a decimal number (column '" + col.name + "', " + type_text(type) + ")";
            if (auto too_wide = exceeds_precision(*normal, type))
                return v.text + " " + *too_wide + " for column '" + col.name + "' (" + type_text(type) + ")";
            out = Value::decimal(v.text);
            return std::nullopt;
        }
        case TypeFamily::text:
            if (v.kind != Node::Kind::string) return wrong("a string");
            if (type.length && v.text.size() > static_cast<size_t>(*type.length) && utf8_length(v.text) > static_cast<size_t>(*type.length))
                return "a string of " + std::to_string(utf8_length(v.text)) + " characters is longer than column '" +
                       col.name + "' (" + type_text(type) + ") allows";
            out = std::move(v.text);
            return std::nullopt;
        case TypeFamily::boolean:
            if (v.kind != Node::Kind::boolean) return wrong("true or false");
            out = v.boolean;
            return std::nullopt;
        case TypeFamily::date:
            if (v.kind == Node::Kind::string)
                if (auto d = Value::parse_date(v.text)) {
                    out = std::move(*d);
                    return std::nullopt;
                }
            return wrong("an ISO-8601 date (YYYY-MM-DD)");
        case TypeFamily::datetime:
            if (v.kind == Node::Kind::string)
                if (auto d = Value::parse_datetime(v.text)) {
                    out = std::move(*d);
                    return std::nullopt;
                }
            return wrong("an ISO-8601 date and time (YYYY-MM-DDTHH:MM:SS[.ffffff])");
        case TypeFamily::time:
            if (v.kind == Node::Kind::string)
                if (auto d = Value::parse_time(v.text)) {
                    out = std::move(*d);
                    return std::nullopt;
                }
            return wrong("an ISO-8601 time (HH:MM[:SS[.ffffff]])");
        case TypeFamily::json: out = Value::json(v.to_json()); return std::nullopt;
        case TypeFamily::enumeration: {
            if (v.kind != Node::Kind::string) return wrong("a string");
            const auto& values = type.enum_spec ? type.enum_spec->values : std::vector<std::string>{};
            if (std::find(values.begin(), values.end(), v.text) == values.end()) {
                std::string list;
                for (const auto& e : values) list += (list.empty() ? "'" : ", '") + e + "'";
                return "'" + v.text + "' is not a member of column '" + col.name + "''s enum (" + list + ")";
            }
            out = std::move(v.text);
            return std::nullopt;
        }
        case TypeFamily::bytes: {
            if (v.kind != Node::Kind::string) return wrong("a base64 string");
            auto b = base64_decode(v.text);
            if (!b) return "not valid base64 for column '" + col.name + "'";
            out = Value::bytes(std::move(*b));
            return std::nullopt;
        }
        case TypeFamily::uuid:
            if (v.kind != Node::Kind::string) return wrong("a UUID string");
            out = std::move(v.text);
            return std::nullopt;
        default:
            if (v.kind != Node::Kind::string) return wrong("a string");
            out = std::move(v.text);
            return std::nullopt;
    }
}

}  // namespace orm::seed
