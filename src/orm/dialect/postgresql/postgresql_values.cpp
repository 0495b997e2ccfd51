#include "orm/dialect/postgresql/postgresql_values.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <fmt/format.h>

namespace orm::dialect::pg {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A non-null value as the text a bound parameter of its kind sends, with
// text and bytea's hex form passed through `escape` (the framing COPY or an
// array literal needs); numbers and booleans need none.
template <class Escape>
void append_value_text(std::string& out, const Value& v, Escape escape) {
    switch (v.kind()) {
        case Value::Kind::null: return;
        case Value::Kind::boolean: out += v.as_bool() ? 't' : 'f'; return;
        case Value::Kind::integer: {
            char buf[24];
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.as_int());
            out.append(buf, end);
            return;
        }
        case Value::Kind::real: {
            double d = v.as_double();
            if (std::isnan(d)) out += "NaN";
            else if (std::isinf(d)) out += d > 0 ? "Infinity" : "-Infinity";
            else fmt::format_to(std::back_inserter(out), "{}", d);   // shortest text that reads back exactly
            return;
        }
        case Value::Kind::text: escape(out, std::string_view(v.as_text())); return;
        case Value::Kind::blob: escape(out, std::string_view(hex_bytea(v.as_blob()))); return;
    }
}

}  // namespace

const char* type_name(Oid oid) {
    switch (oid) {
        case 16: return "bool";
        case 17: return "bytea";
        case 18: return "char";
        case 19: return "name";
        case 20: return "int8";
        case 21: return "int2";
        case 23: return "int4";
        case 25: return "text";
        case 26: return "oid";
        case 114: return "json";
        case 700: return "float4";
        case 701: return "float8";
        case 869: return "inet";
        case 1042: return "bpchar";
        case 1043: return "varchar";
        case 1082: return "date";
        case 1083: return "time";
        case 1114: return "timestamp";
        case 1184: return "timestamptz";
        case 1186: return "interval";
        case 1266: return "timetz";
        case 1700: return "numeric";
        case 2950: return "uuid";
        case 3614: return "tsvector";
        case 3802: return "jsonb";
        default: return "";
    }
}

// libpq: the cells of a single-row result (PgResult), which libpqxx 6.4 never
// wraps (a pqxx::result holds a whole result, made by libpqxx itself).
Value convert(const PGresult* res, int row, int col) {
    if (PQgetisnull(res, row, col)) return Value();
    const char* text = PQgetvalue(res, row, col);
    std::size_t len = static_cast<std::size_t>(PQgetlength(res, row, col));
    switch (PQftype(res, col)) {
        case kBoolOid: return Value(text[0] == 't');
        case kInt2Oid:
        case kInt4Oid:
        case kInt8Oid:
        case kOidOid: {
            long long v = 0;
            std::from_chars(text, text + len, v);
            return Value(v);
        }
        case kFloat4Oid:
        case kFloat8Oid: return Value(std::strtod(text, nullptr));   // strtod reads NaN / Infinity too
        case kByteaOid: {
            Blob b;
            if (len >= 2 && text[0] == '\\' && text[1] == 'x') {
                b.bytes.reserve((len - 2) / 2);
                for (std::size_t i = 2; i + 1 < len; i += 2)
                    b.bytes.push_back(static_cast<std::uint8_t>(hex_digit(text[i]) * 16 + hex_digit(text[i + 1])));
            } else {
                // The old escape format (bytea_output = escape): libpq's decoder, as for the cell itself.
                std::size_t n = 0;
                unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
                if (raw) b.bytes.assign(raw, raw + n);
                PQfreemem(raw);
            }
            return Value(std::move(b));
        }
        default: return Value(std::string(text, len));
    }
}

std::string hex_bytea(const Blob& b) {
    static const char* digits = "0123456789abcdef";
    std::string out = "\\x";
    for (std::uint8_t c : b.bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string unquote_identifier(std::string_view q) {
    std::string out;
    if (q.size() >= 2 && q.front() == '"' && q.back() == '"') {
        for (std::size_t i = 1; i + 1 < q.size(); ++i) {
            out += q[i];
            if (q[i] == '"') ++i;
        }
        return out;
    }
    for (char c : q) out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

Oid natural_oid(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::boolean: return kBoolOid;
        case Value::Kind::integer: return kInt8Oid;
        case Value::Kind::real: return kFloat8Oid;
        case Value::Kind::blob: return kByteaOid;
        default: return 0;
    }
}

std::vector<Oid> natural_oids(const Params& params) {
    std::vector<Oid> out;
    out.reserve(params.size());
    for (const auto& p : params) out.push_back(natural_oid(p));
    return out;
}

Encoded::Encoded(const Params& params, const std::vector<Oid>& types) {
    storage.resize(params.size());
    values.resize(params.size(), nullptr);
    lengths.resize(params.size(), 0);
    formats.resize(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Value& v = params[i];
        if (v.is_null()) continue;
        if (v.kind() == Value::Kind::blob && types[i] == kByteaOid) {
            const auto& b = v.as_blob().bytes;
            storage[i].assign(b.begin(), b.end());
            formats[i] = 1;
        } else {
            append_value_text(storage[i], v, [](std::string& o, std::string_view t) { o.append(t); });
        }
        values[i] = storage[i].data();
        lengths[i] = static_cast<int>(storage[i].size());
    }
}

void append_copy_text(std::string& out, const Value& v) {
    if (v.is_null()) {
        out += "\\N";
        return;
    }
    append_value_text(out, v, [](std::string& o, std::string_view t) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < t.size(); ++i) {
            char c = t[i];
            const char* esc = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : nullptr;
            if (!esc) continue;
            o.append(t, start, i - start);
            o += esc;
            start = i + 1;
        }
        o.append(t, start, t.size() - start);
    });
}

void append_array_element(std::string& out, const Value& v) {
    if (v.is_null()) {
        out += "NULL";
        return;
    }
    append_value_text(out, v, [](std::string& o, std::string_view t) {
        o += '"';
        std::size_t start = 0;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] != '"' && t[i] != '\\') continue;
            o.append(t, start, i - start);
            o += '\\';
            start = i;
        }
        o.append(t, start, t.size() - start);
        o += '"';
    });
}

}  // namespace orm::dialect::pg
