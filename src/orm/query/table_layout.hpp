// Laying out the table format for people: text measured in terminal
// columns by Unicode's rules (utf8proc: East Asian wide characters take two
// columns, combining marks none), numbers right-aligned, columns narrowed
// to a width limit with the cut marked "…", and psql's expanded layout
// (one "name | value" line per field) for rows that cannot fit even so.
#pragma once

#include <string>
#include <vector>

namespace orm::query {

// The columns `text` takes on a terminal. Invalid UTF-8 counts a column a byte.
size_t display_width(const std::string& text);

// `text` cut to at most `width` columns, ending in "…" when it was cut.
std::string truncate_to_width(const std::string& text, size_t width);

// A line break or tab inside a cell would break the layout: shown as "↵" and a space.
std::string single_line(const std::string& text);

// True for cells holding an integer or decimal number (an optional sign,
// digits, a fraction, an exponent): such columns are right-aligned.
bool looks_numeric(const std::string& text);

// Narrows `widths` (the widest cell of each column) so that the columns
// and their " | " separators fit in `max_width`, taking from the widest
// column first and leaving none narrower than its header or 8 columns
// (whichever is less). Returns false when they cannot fit so.
bool fit_widths(std::vector<size_t>& widths, const std::vector<size_t>& header_widths, size_t max_width);

}  // namespace orm::query
