// A JSON value checked against a column's type and turned into what the
// column holds (SPEC §6): Numeric from a number or a decimal string (exact,
// never through a binary float), Date/DateTime/Time from ISO-8601 text,
// Boolean from true/false, JSON from anything, Enum from its members only,
// LargeBinary from base64.
#pragma once

#include <optional>
#include <string>

#include "orm/schema/table.hpp"
#include "orm/core/json_document.hpp"
#include "orm/session/value.hpp"

namespace orm::seed {

// The JSON document reader (with positions) lives in core/: seed files and
// metadata JSON both use it.
using json::Cursor;
using json::Document;
using json::Node;
using json::parse_document;
using json::parse_value;
using json::pointer_token;
using json::Text;

// Sets `out` to `v` as column `col` holds it and returns nullopt, or returns
// the message saying why it cannot hold it. `v`'s text may be moved from.
// `sized_integers`: the database stores SmallInteger in 16 bits and Integer
// in 32 (PostgreSQL), so larger values are refused here, with the record's
// location, rather than by the server; SQLite stores every integer in 64.
std::optional<std::string> convert_value(const schema::Column& col, Node& v, session::Value& out,
                                         bool sized_integers);

// The column's type as messages show it: "String(200)", "Numeric(10, 2)".
std::string type_text(const schema::TypeEngine& t);

}  // namespace orm::seed
