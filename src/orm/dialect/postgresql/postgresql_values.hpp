// How values travel between orm and libpq: each value's text as a bound
// parameter, a field of COPY's text format or an element of an array
// literal; the type each is sent as; and result cells read back as values.
// Internal to the PostgreSQL dialect.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>
#include <vector>

#include "orm/dialect/connection.hpp"

namespace orm::dialect::pg {

constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26,
              kFloat4Oid = 700, kFloat8Oid = 701;

// The name of a built-in type (a result column's), or "" for another.
const char* type_name(Oid oid);

// Cell (row, col) of `res` as a value: bool, integers and floats to those
// kinds, bytea to a blob, anything else (numeric included) to its text.
Value convert(const PGresult* res, int row, int col);

// bytea's hex text form: "\x" and two digits a byte.
std::string hex_bytea(const Blob& b);

// The name a quoted identifier stands for ("a""b" -> a"b); an unquoted
// one folded to lower case, as the server reads it.
std::string unquote_identifier(std::string_view q);

// The type a value is sent as: bool, int8, float8, bytea; 0 ("unknown",
// inferred by the server from context) for text and NULL.
Oid natural_oid(const Value& v);
std::vector<Oid> natural_oids(const Params& params);

// libpq's parameter arrays for one execution. A blob goes out in binary
// when its slot is bytea, else as bytea's hex text (the slot's type is inferred).
struct Encoded {
    std::vector<std::string> storage;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;

    Encoded(const Params& params, const std::vector<Oid>& types);
    int n() const { return static_cast<int>(values.size()); }
};

// Appends a field of COPY's text format (tab-separated, \N for NULL, backslash escapes).
void append_copy_text(std::string& out, const Value& v);

// Appends an element of an array literal ('{a,"b c",NULL}'): text
// double-quoted with its quotes and backslashes escaped.
void append_array_element(std::string& out, const Value& v);

}  // namespace orm::dialect::pg
