// Recognisers of SQL literal forms in text that comes from users and
// catalogs (server defaults, CHECK bodies, type names), written as plain
// scans. std::regex is not used on such text: libstdc++'s matcher recurses
// once per character, so a 100,000-character default overflows the stack.
#pragma once

#include <string>
#include <string_view>

namespace orm::sql {

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);
// `text` without leading and trailing whitespace (ASCII, as regex's \s).
std::string_view trim_space(std::string_view text);
// [A-Za-z0-9_], regex's \w.
bool is_word_char(char c);

// One quoted string: '...' with '' for a quote inside ('a''b', not 'a' 'b').
bool is_quoted_string(std::string_view text);
// An unsigned decimal number: digits[.digits] or .digits, with an optional
// exponent e[+-]digits; `sign` also allows a leading + or -.
bool is_decimal_number(std::string_view text, bool sign);
// 0x1F (SQLite's hexadecimal integer).
bool is_hex_integer(std::string_view text);
// X'0a1B' (a blob literal; an empty one allowed).
bool is_blob_literal(std::string_view text);
// NULL, TRUE or FALSE in any case; with `current`, also CURRENT_TIME,
// CURRENT_DATE and CURRENT_TIMESTAMP.
bool is_keyword_constant(std::string_view text, bool current);

// `text` with every whole word `word` (between non-word characters, as
// regex's \bword\b) replaced by `by`.
std::string replace_word(std::string_view text, std::string_view word, std::string_view by);

// Whether `text` begins and ends with `open`/`close` and holds at least one
// character between them, none of them a newline (Python's `^\(.+\)$`).
bool is_wrapped_line(std::string_view text, char open, char close);

}  // namespace orm::sql
