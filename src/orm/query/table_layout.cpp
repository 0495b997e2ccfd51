#include "orm/query/table_layout.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cctype>

namespace orm::query {

namespace {

// Calls `visit(start, length, columns)` for each character of `text`.
template <class Visit>
void each_character(const std::string& text, Visit visit) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    size_t pos = 0;
    while (pos < text.size()) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
        if (n <= 0) {   // not UTF-8: a byte, a column
            visit(pos, size_t{1}, size_t{1});
            ++pos;
            continue;
        }
        visit(pos, static_cast<size_t>(n), static_cast<size_t>(std::max(0, utf8proc_charwidth(cp))));
        pos += static_cast<size_t>(n);
    }
}

}  // namespace

size_t display_width(const std::string& text) {
    size_t width = 0;
    each_character(text, [&](size_t, size_t, size_t columns) { width += columns; });
    return width;
}

std::string truncate_to_width(const std::string& text, size_t width) {
    if (display_width(text) <= width) return text;
    if (width == 0) return "";
    std::string out;
    size_t used = 0;
    bool full = false;
    each_character(text, [&](size_t start, size_t length, size_t columns) {
        if (full || used + columns > width - 1) {   // room for the "…"
            full = true;
            return;
        }
        out.append(text, start, length);
        used += columns;
    });
    return out + "\u2026";
}

std::string single_line(const std::string& text) {
    if (text.find_first_of("\n\r\t") == std::string::npos) return text;
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        if (text[i] == '\n' || text[i] == '\r') out += "\u21b5";
        else if (text[i] == '\t') out += ' ';
        else out += text[i];
    }
    return out;
}

bool looks_numeric(const std::string& text) {
    size_t i = 0, n = text.size();
    if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
    size_t digits = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
    if (i < n && text[i] == '.') {
        ++i;
        while (i < n && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
        size_t exponent = 0;
        while (i < n && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++exponent;
        if (exponent == 0) return false;
    }
    return i == n;
}

bool fit_widths(std::vector<size_t>& widths, const std::vector<size_t>& header_widths, size_t max_width) {
    if (widths.empty()) return true;
    size_t separators = 3 * (widths.size() - 1);
    if (max_width <= separators) return false;
    size_t room = max_width - separators;
    size_t total = 0;
    for (size_t w : widths) total += w;
    std::vector<size_t> floor(widths.size());
    for (size_t i = 0; i < widths.size(); ++i)
        floor[i] = std::min(widths[i], std::max<size_t>(1, std::min<size_t>(header_widths[i], 8)));
    while (total > room) {
        // The widest column that can still give a column.
        size_t widest = widths.size();
        for (size_t i = 0; i < widths.size(); ++i)
            if (widths[i] > floor[i] && (widest == widths.size() || widths[i] > widths[widest])) widest = i;
        if (widest == widths.size()) return false;
        --widths[widest];
        --total;
    }
    return true;
}

}  // namespace orm::query
