#include "orm/session/value.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/core/python_repr.hpp"
#include "orm/core/timestamp.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm::session {

namespace {

bool all_digits(const std::string& s, size_t pos, size_t n) {
    if (pos + n > s.size()) return false;
    for (size_t i = pos; i < pos + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// The number in digits [pos, pos + n) (checked to be digits by the callers
// that parse; read by hand: these run for every temporal value a seed writes).
int num(const std::string& s, size_t pos, size_t n) {
    int v = 0;
    for (size_t i = pos; i < pos + n && i < s.size(); ++i) v = v * 10 + (s[i] - '0');
    return v;
}

// "HH:MM[:SS[.f{1,6}]]" at `pos`; appends the canonical "HH:MM:SS.ffffff"; returns the end or npos.
size_t parse_clock(const std::string& s, size_t pos, std::string& out) {
    if (!all_digits(s, pos, 2) || pos + 2 >= s.size() || s[pos + 2] != ':' || !all_digits(s, pos + 3, 2))
        return std::string::npos;
    int h = num(s, pos, 2), m = num(s, pos + 3, 2), sec = 0;
    size_t frac_at = 0, frac_digits = 0;   // the fraction's digits as written
    size_t p = pos + 5;
    if (p < s.size() && s[p] == ':') {
        if (!all_digits(s, p + 1, 2)) return std::string::npos;
        sec = num(s, p + 1, 2);
        p += 3;
        if (p < s.size() && s[p] == '.') {
            size_t q = p + 1;
            while (q < s.size() && s[q] >= '0' && s[q] <= '9') ++q;
            size_t n = q - p - 1;
            if (n == 0 || n > 6) return std::string::npos;
            frac_at = p + 1;
            frac_digits = n;
            p = q;
        }
    }
    if (h > 23 || m > 59 || sec > 59) return std::string::npos;
    // Appended in place: this runs for every temporal value a seed writes or a query reads.
    auto two = [&](int v) {
        out += static_cast<char>('0' + v / 10);
        out += static_cast<char>('0' + v % 10);
    };
    two(h);
    out += ':';
    two(m);
    out += ':';
    two(sec);
    out += '.';
    out.append(s, frac_at, frac_digits);
    out.append(6 - frac_digits, '0');
    return p;
}

size_t parse_day(const std::string& s, std::string& out) {
    if (!all_digits(s, 0, 4) || s.size() < 10 || s[4] != '-' || !all_digits(s, 5, 2) || s[7] != '-' ||
        !all_digits(s, 8, 2))
        return std::string::npos;
    int y = num(s, 0, 4), mo = num(s, 5, 2), d = num(s, 8, 2);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return std::string::npos;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap) return std::string::npos;
    out.append(s, 0, 10);
    return 10;
}

// Python's json.dumps with its default separators and ensure_ascii, as
// SQLAlchemy serialises JSON columns.
void python_json(const nlohmann::json& j, std::string& out) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            out += '{';
            bool first = true;
            for (auto it = j.begin(); it != j.end(); ++it) {
                if (!first) out += ", ";
                first = false;
                python_json(nlohmann::json(it.key()), out);
                out += ": ";
                python_json(it.value(), out);
            }
            out += '}';
            break;
        }
        case nlohmann::json::value_t::array: {
            out += '[';
            for (size_t i = 0; i < j.size(); ++i) {
                if (i) out += ", ";
                python_json(j[i], out);
            }
            out += ']';
            break;
        }
        case nlohmann::json::value_t::string: {
            // Re-escape non-ASCII as \uXXXX (surrogate pairs above the BMP).
            std::string ascii = j.dump(-1, ' ', true);
            out += ascii;
            break;
        }
        default: out += j.dump(); break;
    }
}

std::string decimal_from_double(double d, const schema::TypeEngine& type) {
    // SQLAlchemy's to_decimal_processor_factory: "%.{scale}f" with the
    // column's scale, or its default decimal return scale of 10.
    int scale = type.scale.value_or(10);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", scale, d);
    return buf;
}

}  // namespace

std::optional<std::string> normalize_decimal(const std::string& in) {
    size_t p = 0;
    std::string sign;
    if (p < in.size() && (in[p] == '+' || in[p] == '-')) {
        if (in[p] == '-') sign = "-";
        ++p;
    }
    std::string intpart, frac;
    while (p < in.size() && std::isdigit(static_cast<unsigned char>(in[p]))) intpart += in[p++];
    bool has_frac = false;
    if (p < in.size() && in[p] == '.') {
        has_frac = true;
        ++p;
        while (p < in.size() && std::isdigit(static_cast<unsigned char>(in[p]))) frac += in[p++];
    }
    if (intpart.empty() && frac.empty()) return std::nullopt;
    long exp = 0;
    if (p < in.size() && (in[p] == 'e' || in[p] == 'E')) {
        ++p;
        std::string e;
        if (p < in.size() && (in[p] == '+' || in[p] == '-')) e += in[p++];
        size_t start = p;
        while (p < in.size() && std::isdigit(static_cast<unsigned char>(in[p]))) e += in[p++];
        if (p == start || e.size() > 6) return std::nullopt;
        exp = *parse_integer<long>(e);   // at most six digits: always in range
    }
    if (p != in.size()) return std::nullopt;
    // Apply the exponent by moving the point.
    std::string digits = intpart + frac;
    long point = static_cast<long>(intpart.size()) + exp;
    if (point < 0) {
        digits = std::string(-point, '0') + digits;
        point = 0;
    }
    if (point > static_cast<long>(digits.size())) digits += std::string(point - digits.size(), '0');
    intpart = digits.substr(0, point);
    frac = digits.substr(point);
    (void)has_frac;
    size_t nz = intpart.find_first_not_of('0');
    intpart = nz == std::string::npos ? "0" : intpart.substr(nz);
    std::string out = intpart;
    if (!frac.empty()) out += "." + frac;
    if (out.find_first_not_of("0.") == std::string::npos) sign.clear();
    return sign + out;
}

Value Value::decimal(const std::string& digits) {
    auto n = normalize_decimal(digits);
    if (!n) throw InputError("'" + digits + "' is not a decimal number");
    Value v;
    v.kind_ = Kind::decimal;
    v.text_ = *n;
    return v;
}

std::optional<Value> Value::parse_date(const std::string& iso) {
    Value v;
    if (parse_day(iso, v.text_) != iso.size()) return std::nullopt;
    v.kind_ = Kind::date;
    return v;
}

std::optional<Value> Value::parse_datetime(const std::string& iso) {
    Value v;
    v.text_.reserve(26);
    size_t p = parse_day(iso, v.text_);
    if (p == std::string::npos) return std::nullopt;
    v.text_ += ' ';
    if (p == iso.size()) {
        v.text_ += "00:00:00.000000";
    } else {
        if (iso[p] != 'T' && iso[p] != ' ') return std::nullopt;
        p = parse_clock(iso, p + 1, v.text_);
        if (p == std::string::npos) return std::nullopt;
        if (p < iso.size()) {
            std::string tz = iso.substr(p);
            if (tz == "Z") tz = "+00:00";
            if (tz.size() == 3) tz += ":00";   // PostgreSQL's "+02"
            if (tz.size() != 6 || (tz[0] != '+' && tz[0] != '-') || !all_digits(tz, 1, 2) || tz[3] != ':' ||
                !all_digits(tz, 4, 2))
                return std::nullopt;
            v.text_ += tz;
        }
    }
    v.kind_ = Kind::datetime;
    return v;
}

std::optional<Value> Value::parse_time(const std::string& iso) {
    Value v;
    if (parse_clock(iso, 0, v.text_) != iso.size()) return std::nullopt;
    v.kind_ = Kind::time;
    return v;
}

Value Value::bytes(std::vector<std::uint8_t> b) {
    Value v;
    v.kind_ = Kind::bytes;
    v.extra_ = std::make_shared<const std::vector<std::uint8_t>>(std::move(b));
    return v;
}

const std::vector<std::uint8_t>& Value::as_bytes() const {
    static const std::vector<std::uint8_t> none;
    return kind_ == Kind::bytes ? *static_cast<const std::vector<std::uint8_t>*>(extra_.get()) : none;
}

const nlohmann::json& Value::as_json() const {
    static const nlohmann::json none;
    return kind_ == Kind::json ? *static_cast<const nlohmann::json*>(extra_.get()) : none;
}

Value Value::json(nlohmann::json j) {
    Value v;
    v.kind_ = Kind::json;
    v.extra_ = std::make_shared<const nlohmann::json>(std::move(j));
    return v;
}

namespace {
Value from_time_point(std::chrono::system_clock::time_point tp, bool local) {
    return *Value::parse_datetime(format_timestamp(tp, {.local = local}));
}
}  // namespace

Value Value::now() { return from_time_point(std::chrono::system_clock::now(), true); }
Value Value::utcnow() { return from_time_point(std::chrono::system_clock::now(), false); }
Value Value::today() { return *parse_date(now().as_text().substr(0, 10)); }

std::string Value::repr() const {
    auto quote = [](const std::string& s) { return python_str_repr(s); };
    switch (kind_) {
        case Kind::null: return "None";
        case Kind::boolean: return i_ ? "True" : "False";
        case Kind::integer: return std::to_string(i_);
        case Kind::real: return dialect::Value(d_).repr();
        case Kind::decimal: return "Decimal(" + quote(text_) + ")";
        case Kind::text: return quote(text_);
        case Kind::date:
            return "datetime.date(" + std::to_string(num(text_, 0, 4)) + ", " + std::to_string(num(text_, 5, 2)) +
                   ", " + std::to_string(num(text_, 8, 2)) + ")";
        case Kind::datetime:
        case Kind::time: {
            std::string out;
            size_t c = 0;
            if (kind_ == Kind::datetime) {
                out = "datetime.datetime(" + std::to_string(num(text_, 0, 4)) + ", " +
                      std::to_string(num(text_, 5, 2)) + ", " + std::to_string(num(text_, 8, 2)) + ", ";
                c = 11;
            } else {
                out = "datetime.time(";
            }
            out += std::to_string(num(text_, c, 2)) + ", " + std::to_string(num(text_, c + 3, 2));
            int sec = num(text_, c + 6, 2), us = num(text_, c + 9, 6);
            if (sec || us) out += ", " + std::to_string(sec);
            if (us) out += ", " + std::to_string(us);
            return out + ")";
        }
        case Kind::bytes: {
            dialect::Blob b{as_bytes()};
            return dialect::Value(b).repr();
        }
        case Kind::json: return as_json().dump();
    }
    return "?";
}

bool Value::operator==(const Value& o) const {
    if (kind_ == Kind::decimal && o.kind_ == Kind::decimal) {
        auto strip = [](std::string s) {
            if (s.find('.') != std::string::npos) {
                while (s.back() == '0') s.pop_back();
                if (s.back() == '.') s.pop_back();
            }
            return s;
        };
        return strip(text_) == strip(o.text_);
    }
    if (kind_ != o.kind_) {
        if ((kind_ == Kind::integer || kind_ == Kind::real) && (o.kind_ == Kind::integer || o.kind_ == Kind::real))
            return as_double() == o.as_double();
        return false;
    }
    switch (kind_) {
        case Kind::null: return true;
        case Kind::boolean:
        case Kind::integer: return i_ == o.i_;
        case Kind::real: return d_ == o.d_;
        case Kind::bytes: return as_bytes() == o.as_bytes();
        case Kind::json: return as_json() == o.as_json();
        default: return text_ == o.text_;
    }
}

TypeFamily type_family(const schema::TypeEngine& type) {
    using K = schema::TypeKind;
    switch (type.kind) {
        case K::Integer: case K::SmallInteger: case K::BigInteger: case K::INTEGER: case K::SMALLINT:
        case K::BIGINT: case K::PG_OID:
            return TypeFamily::integer;
        case K::Float: case K::FLOAT: case K::REAL: case K::DOUBLE: case K::DOUBLE_PRECISION:
        case K::PG_DOUBLE_PRECISION: case K::PG_REAL:
            return type.asdecimal.value_or(false) ? TypeFamily::numeric : TypeFamily::real;
        case K::Numeric: case K::NUMERIC: case K::DECIMAL:
            return type.asdecimal.value_or(true) ? TypeFamily::numeric : TypeFamily::real;
        case K::String: case K::Unicode: case K::Text: case K::UnicodeText: case K::VARCHAR: case K::NVARCHAR:
        case K::CHAR: case K::NCHAR: case K::TEXT: case K::CLOB: case K::PG_INET: case K::PG_CIDR:
        case K::PG_MACADDR: case K::PG_CITEXT: case K::PG_TSVECTOR: case K::PG_MONEY: case K::PG_BIT:
            return TypeFamily::text;
        case K::Boolean: case K::BOOLEAN: return TypeFamily::boolean;
        case K::Date: case K::DATE: return TypeFamily::date;
        case K::DateTime: case K::DATETIME: case K::TIMESTAMP: case K::PG_TIMESTAMP: return TypeFamily::datetime;
        case K::Time: case K::TIME: case K::PG_TIME: return TypeFamily::time;
        case K::Interval: case K::PG_INTERVAL: return TypeFamily::interval;
        case K::LargeBinary: case K::BLOB: case K::BINARY: case K::VARBINARY: case K::PG_BYTEA:
            return TypeFamily::bytes;
        case K::JSON: case K::PG_JSON: case K::PG_JSONB: return TypeFamily::json;
        case K::Enum: case K::PG_ENUM: return TypeFamily::enumeration;
        case K::Uuid: case K::UUID: case K::PG_UUID: return TypeFamily::uuid;
        default: return TypeFamily::other;
    }
}

void to_db_into(const Value& v, const schema::TypeEngine& type, bool native_boolean, dialect::Value& out) {
    switch (v.kind()) {
        case Value::Kind::null: out = nullptr; return;
        case Value::Kind::boolean: out = native_boolean ? dialect::Value(v.as_bool()) : dialect::Value(v.as_bool() ? 1 : 0); return;
        case Value::Kind::integer:
            if (type_family(type) == TypeFamily::numeric) out = dialect::Value(std::to_string(v.as_int()));
            else if (type_family(type) == TypeFamily::boolean)
                out = native_boolean ? dialect::Value(v.as_int() != 0) : dialect::Value(v.as_int() != 0 ? 1 : 0);
            else out = dialect::Value(static_cast<long long>(v.as_int()));
            return;
        case Value::Kind::real: out = v.as_double(); return;
        case Value::Kind::bytes: out = dialect::Blob{v.as_bytes()}; return;
        case Value::Kind::json: {
            std::string text;
            python_json(v.as_json(), text);
            out = std::move(text);
            return;
        }
        // decimal / temporal / text: their canonical text, into out's own buffer when it has one
        default: out.set_text(v.as_text()); return;
    }
}

dialect::Value to_db(const Value& v, const schema::TypeEngine& type, const dialect::Dialect& backend) {
    dialect::Value out;
    to_db_into(v, type, backend.supports_native_boolean(), out);
    return out;
}

Value from_db(const dialect::Value& v, const schema::TypeEngine& type) {
    using DK = dialect::Value::Kind;
    if (v.is_null()) return nullptr;
    switch (type_family(type)) {
        case TypeFamily::boolean:
            if (v.kind() == DK::boolean) return v.as_bool();
            if (v.kind() == DK::integer) return v.as_int() != 0;
            break;
        case TypeFamily::numeric:
            if (v.kind() == DK::text) return Value::decimal(v.as_text());
            if (v.kind() == DK::integer || v.kind() == DK::real)
                return Value::decimal(decimal_from_double(v.as_double(), type));
            break;
        case TypeFamily::real:
            if (v.kind() == DK::integer || v.kind() == DK::real) return v.as_double();
            // Text SQLite kept in a REAL column that is not a number stays text.
            if (v.kind() == DK::text)
                if (auto d = parse_real(v.as_text())) return *d;
            break;
        case TypeFamily::date:
            if (v.kind() == DK::text) if (auto d = Value::parse_date(v.as_text())) return *d;
            break;
        case TypeFamily::datetime:
            if (v.kind() == DK::text) if (auto d = Value::parse_datetime(v.as_text())) return *d;
            break;
        case TypeFamily::time:
            if (v.kind() == DK::text) if (auto d = Value::parse_time(v.as_text())) return *d;
            break;
        case TypeFamily::json:
            if (v.kind() == DK::text) return Value::json(nlohmann::json::parse(v.as_text(), nullptr, false));
            break;
        default: break;
    }
    switch (v.kind()) {
        case DK::null: return nullptr;
        case DK::boolean: return v.as_bool();
        case DK::integer: return static_cast<long long>(v.as_int());
        case DK::real: return v.as_double();
        case DK::text: return v.as_text();
        case DK::blob: return Value::bytes(v.as_blob().bytes);
    }
    return nullptr;
}

}  // namespace orm::session
