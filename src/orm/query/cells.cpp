#include "orm/query/cells.hpp"

#include <charconv>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace orm::query {

using session::TypeFamily;
using session::Value;

namespace {

std::string base64(const std::vector<std::uint8_t>& b) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < b.size(); i += 3) {
        unsigned n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
        out += t[n >> 18]; out += t[(n >> 12) & 63]; out += t[(n >> 6) & 63]; out += t[n & 63];
    }
    if (i + 1 == b.size()) {
        unsigned n = b[i] << 16;
        out += t[n >> 18]; out += t[(n >> 12) & 63]; out += "==";
    } else if (i + 2 == b.size()) {
        unsigned n = (b[i] << 16) | (b[i + 1] << 8);
        out += t[n >> 18]; out += t[(n >> 12) & 63]; out += t[(n >> 6) & 63]; out += '=';
    }
    return out;
}

// Python's isoformat(): "T" between date and time, microseconds only when not zero.
std::string iso(const Value& v) {
    const std::string& s = v.as_text();
    if (v.kind() == Value::Kind::date) return s;
    size_t clock = v.kind() == Value::Kind::datetime ? 11 : 0;
    std::string out = v.kind() == Value::Kind::datetime ? s.substr(0, 10) + "T" : "";
    out += s.substr(clock, 8);
    std::string frac = s.substr(clock + 9, 6);
    if (frac != "000000") out += "." + frac;
    out += s.substr(clock + 15);   // a "+HH:MM" offset, if any
    return out;
}

std::string real_text(double d) {
    std::string s = fmt::format("{}", d);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

// Bytes a csv field must be quoted for, and bytes tsv and json escape.
struct Tables {
    bool csv[256] = {};
    bool tsv[256] = {};
    bool json[256] = {};   // control characters, '"', '\\', and every non-ASCII byte (checked apart)
    Tables() {
        for (char c : {',', '"', '\r', '\n'}) csv[static_cast<unsigned char>(c)] = true;
        for (char c : {'\t', '\n', '\r', '\\'}) tsv[static_cast<unsigned char>(c)] = true;
        for (int c = 0; c < 0x20; ++c) json[c] = true;
        json[static_cast<unsigned char>('"')] = json[static_cast<unsigned char>('\\')] = true;
        for (int c = 0x80; c < 0x100; ++c) json[c] = true;
    }
};
const Tables kTables;

// Eight bytes at a time: whether a word holds a given byte, or a byte below
// 0x20 (exact tests, not heuristics: the classic "has zero byte" identities).
constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

inline std::uint64_t load8(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}
inline bool has_byte(std::uint64_t w, unsigned char b) {
    std::uint64_t v = w ^ (kOnes * b);
    return ((v - kOnes) & ~v & kHighs) != 0;
}
inline bool has_control(std::uint64_t w) { return ((w - kOnes * 0x20) & ~w & kHighs) != 0; }

// The index of the first byte of `s` from `i` on that `table` marks, or s.size().
template <class WordTest>
size_t scan(std::string_view s, size_t i, const bool (&table)[256], WordTest word_has) {
    size_t n = s.size();
    for (; i + 8 <= n; i += 8)
        if (word_has(load8(s.data() + i))) break;
    while (i < n && !table[static_cast<unsigned char>(s[i])]) ++i;
    return i;
}

size_t scan_csv(std::string_view s) {
    return scan(s, 0, kTables.csv, [](std::uint64_t w) {
        return has_byte(w, ',') || has_byte(w, '"') || has_byte(w, '\r') || has_byte(w, '\n');
    });
}
size_t scan_tsv(std::string_view s, size_t from) {
    return scan(s, from, kTables.tsv, [](std::uint64_t w) {
        return has_byte(w, '\t') || has_byte(w, '\n') || has_byte(w, '\r') || has_byte(w, '\\');
    });
}
size_t scan_json(std::string_view s) {
    return scan(s, 0, kTables.json, [](std::uint64_t w) {
        return (w & kHighs) || has_control(w) || has_byte(w, '"') || has_byte(w, '\\');
    });
}

// Well-formed UTF-8 (Unicode's Table 3-7: no overlongs, surrogates or code
// points past U+10FFFF), what nlohmann's decoder accepts.
bool valid_utf8(std::string_view s) {
    size_t i = 0, n = s.size();
    while (i < n) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC) len = 3;
        else if (c == 0xED) len = 3, hi = 0x9F;
        else if (c >= 0xEE && c <= 0xEF) len = 3;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) len = 4, hi = 0x8F;
        else return false;
        if (i + len > n) return false;
        auto c1 = static_cast<unsigned char>(s[i + 1]);
        if (c1 < lo || c1 > hi) return false;
        for (int k = 2; k < len; ++k) {
            auto ck = static_cast<unsigned char>(s[i + k]);
            if (ck < 0x80 || ck > 0xBF) return false;
        }
        i += len;
    }
    return true;
}

bool digits(const std::string& s, size_t pos, size_t n) {
    for (size_t i = pos; i < pos + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int two(const std::string& s, size_t pos) { return (s[pos] - '0') * 10 + (s[pos + 1] - '0'); }

// "YYYY-MM-DD HH:MM:SS[.f{1,6}]" (or "T" between): its isoformat() into
// `out` (at least 27 bytes), returning the length; 0 for any other form (the
// caller converts: time zones, dates alone, invalid dates, ...). Validates as
// session::Value::parse_datetime does.
size_t iso_datetime(const std::string& s, char* out) {
    size_t n = s.size();
    if (n < 19 || n > 26 || n == 20) return 0;
    if (!digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2)) return 0;
    if ((s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2) || s[16] != ':' ||
        !digits(s, 17, 2))
        return 0;
    if (n > 19 && (s[19] != '.' || !digits(s, 20, n - 20))) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + two(s, 2), mo = two(s, 5), d = two(s, 8);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return 0;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap) return 0;
    if (two(s, 11) > 23 || two(s, 14) > 59 || two(s, 17) > 59) return 0;
    std::memcpy(out, s.data(), 19);
    out[10] = 'T';
    size_t len = 19;
    if (n > 19) {
        char frac[6] = {'0', '0', '0', '0', '0', '0'};
        std::memcpy(frac, s.data() + 20, n - 20);
        if (std::memcmp(frac, "000000", 6) != 0) {
            out[len++] = '.';
            std::memcpy(out + len, frac, 6);
            len += 6;
        }
    }
    return len;
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
    size_t n = s.size();
    // The common case: nothing to escape.
    size_t i = scan_json(s);
    if (i == n) {
        out += '"';
        out.append(s.data(), n);
        out += '"';
        return;
    }
    bool ascii = true;
    for (size_t k = i; k < n && ascii; ++k) ascii = static_cast<unsigned char>(s[k]) < 0x80;
    if (!ascii && !valid_utf8(s)) {
        // nlohmann's replacement of invalid sequences, exactly.
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    out += '"';
    out.append(s.data(), i);
    static const char* hex = "0123456789abcdef";
    for (; i < n; ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

void append_csv_field(std::string_view s, std::string& out) {
    if (scan_csv(s) == s.size()) {
        out.append(s.data(), s.size());
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_tsv_field(std::string_view s, std::string& out) {
    size_t start = 0;
    for (size_t i = scan_tsv(s, 0); i < s.size(); i = scan_tsv(s, start)) {
        out.append(s.data() + start, i - start);
        switch (s[i]) {
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += "\\\\"; break;
        }
        start = i + 1;
    }
    out.append(s.data() + start, s.size() - start);
}

void append_json(const Value& v, std::string& out) {
    switch (v.kind()) {
        case Value::Kind::null: out += "null"; return;
        case Value::Kind::boolean: out += v.as_bool() ? "true" : "false"; return;
        case Value::Kind::integer: out += std::to_string(v.as_int()); return;
        case Value::Kind::real: {
            double d = v.as_double();
            // Python's json.dumps writes what JSON cannot hold as these words.
            if (d != d) out += "NaN";
            else if (d > 1.7976931348623157e308) out += "Infinity";
            else if (d < -1.7976931348623157e308) out += "-Infinity";
            else out += real_text(d);
            return;
        }
        case Value::Kind::decimal: out += v.as_text(); return;
        case Value::Kind::text: append_json_string(v.as_text(), out); return;
        case Value::Kind::date:
        case Value::Kind::datetime:
        case Value::Kind::time: append_json_string(iso(v), out); return;
        case Value::Kind::bytes: append_json_string(base64(v.as_bytes()), out); return;
        case Value::Kind::json: out += v.as_json().dump(); return;
    }
}

std::string plain(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::null: return "";
        case Value::Kind::boolean: return v.as_bool() ? "true" : "false";
        case Value::Kind::integer: return std::to_string(v.as_int());
        case Value::Kind::real: return real_text(v.as_double());
        case Value::Kind::decimal:
        case Value::Kind::text: return v.as_text();
        case Value::Kind::date:
        case Value::Kind::datetime:
        case Value::Kind::time: return iso(v);
        case Value::Kind::bytes: return base64(v.as_bytes());
        case Value::Kind::json: return v.as_json().dump();
    }
    return "";
}

std::string python_repr(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::text: return dialect::Value(v.as_text()).repr();
        case Value::Kind::real: return dialect::Value(v.as_double()).repr();
        default: return v.repr();
    }
}

// ---- CellReader -------------------------------------------------------------

CellReader::CellReader(sql::TypePtr type, std::string driver_type)
    : type_(std::move(type)), driver_type_(std::move(driver_type)) {
    // Mirrors session::from_db / result_value: which kinds of cell come out unchanged.
    if (type_) {
        switch (session::type_family(*type_)) {
            case TypeFamily::boolean:
            case TypeFamily::numeric:
            case TypeFamily::real: integers_plain_ = false; break;
            default: break;
        }
        switch (session::type_family(*type_)) {
            case TypeFamily::numeric:
            case TypeFamily::real:
            case TypeFamily::date:
            case TypeFamily::time:
            case TypeFamily::json: text_ = Text::other; break;
            case TypeFamily::datetime: text_ = Text::datetime; break;
            default: text_ = Text::plain; break;
        }
    } else if (driver_type_ == "timestamp" || driver_type_ == "timestamptz") {
        text_ = Text::datetime;
    } else if (driver_type_ == "numeric" || driver_type_ == "date" || driver_type_ == "time") {
        text_ = Text::other;
    }
}

std::optional<CellText> CellReader::read(const dialect::Value& cell) {
    using K = dialect::Value::Kind;
    switch (cell.kind()) {
        case K::null: return CellText{};
        case K::integer: {
            if (!integers_plain_) return std::nullopt;
            auto r = std::to_chars(scratch_, scratch_ + sizeof scratch_, cell.as_int());
            return CellText{CellText::As::number, std::string_view(scratch_, static_cast<size_t>(r.ptr - scratch_))};
        }
        case K::text: {
            const std::string& s = cell.as_text();
            if (text_ == Text::plain) return CellText{CellText::As::string, s};
            if (text_ == Text::datetime)
                if (size_t n = iso_datetime(s, scratch_)) return CellText{CellText::As::string, std::string_view(scratch_, n)};
            return std::nullopt;
        }
        default: return std::nullopt;
    }
}

Value CellReader::convert(const dialect::Value& cell) const { return session::result_value(cell, type_, driver_type_); }

}  // namespace orm::query
