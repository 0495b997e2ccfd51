// The text of one result value in each output format of `orm query`
// (SPEC §7), and a fast path that writes a driver cell straight to the
// output without converting it to a session value first.
//
// Contracts:
// - append_json / plain / python_repr give what output.hpp documents: exact
//   Numeric digits, ISO-8601 temporal values as Python's isoformat() writes
//   them, bytes as base64, NULL as null / "" / None.
// - CellReader::read(cell) equals the text these functions give for
//   session::result_value(cell, type, driver_type) whenever it returns a
//   view; it returns nullopt (the caller converts) for the pairs of driver
//   kind and column type it has no fast form for.
// - Escapers append to `out`: csv quotes a field holding , " CR or LF (RFC
//   4180, quotes doubled); tsv escapes tab, LF, CR and backslash as \t \n \r
//   \\; json escapes as nlohmann::json's dump() does (invalid UTF-8 replaced
//   by U+FFFD), the way Python's json.dumps(ensure_ascii=False) writes valid text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "orm/session/query.hpp"

namespace orm::query {

// `v` as JSON (a number, string, null, true/false, or the JSON value itself).
void append_json(const session::Value& v, std::string& out);
// `v` as a csv / tsv / table cell (NULL is empty).
std::string plain(const session::Value& v);
// Python's repr of the value SQLAlchemy returns for `v`.
std::string python_repr(const session::Value& v);

void append_json_string(std::string_view s, std::string& out);
void append_csv_field(std::string_view s, std::string& out);
void append_tsv_field(std::string_view s, std::string& out);

// The text of a driver cell without a session value: `number` for what JSON
// writes bare (integers), `string` for text, `null` for NULL.
struct CellText {
    enum class As { null, number, string } as = As::null;
    std::string_view text;
};

// How one select-list column's driver cells are read, decided once per column.
class CellReader {
public:
    // `type`: the column's SQL type (nullptr: NullType, read by `driver_type`).
    CellReader(sql::TypePtr type, std::string driver_type);
    // The cell's text, or nullopt when it needs the full conversion
    // (session::result_value). The view lives until the cell or this reader changes.
    std::optional<CellText> read(const dialect::Value& cell);
    // The full conversion (the slow path).
    session::Value convert(const dialect::Value& cell) const;

private:
    enum class Text { plain, datetime, other };   // how a text cell reads
    sql::TypePtr type_;
    std::string driver_type_;
    bool integers_plain_ = true;   // an integer cell is the integer (not a bool, decimal or float)
    Text text_ = Text::plain;
    char scratch_[40];
};

}  // namespace orm::query
