#include "orm/sql/literal_scan.hpp"

#include <cctype>

namespace orm::sql {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Advances `i` over digits; whether there was at least one.
bool digits(std::string_view text, size_t& i) {
    const size_t from = i;
    while (i < text.size() && digit(text[i])) ++i;
    return i > from;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view trim_space(std::string_view text) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool is_quoted_string(std::string_view text) {
    if (text.size() < 2 || text.front() != '\'') return false;
    for (size_t i = 1; i < text.size(); ++i) {
        if (text[i] != '\'') continue;
        if (i + 1 == text.size()) return true;      // the closing quote
        if (text[i + 1] != '\'') return false;      // closed before the end
        ++i;                                        // '' stands for one quote
    }
    return false;
}

bool is_decimal_number(std::string_view text, bool sign) {
    size_t i = 0;
    if (sign && i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const bool whole = digits(text, i);
    bool fraction = false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        fraction = digits(text, i);
    }
    if (!whole && !fraction) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (!digits(text, i)) return false;
    }
    return i == text.size();
}

bool is_hex_integer(std::string_view text) {
    if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
    for (size_t i = 2; i < text.size(); ++i)
        if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}

bool is_blob_literal(std::string_view text) {
    if (text.size() < 3 || (text[0] != 'x' && text[0] != 'X') || text[1] != '\'' || text.back() != '\'') return false;
    for (size_t i = 2; i + 1 < text.size(); ++i)
        if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
    return true;
}

bool is_keyword_constant(std::string_view text, bool current) {
    if (iequals(text, "NULL") || iequals(text, "TRUE") || iequals(text, "FALSE")) return true;
    return current &&
           (iequals(text, "CURRENT_TIME") || iequals(text, "CURRENT_DATE") || iequals(text, "CURRENT_TIMESTAMP"));
}

std::string replace_word(std::string_view text, std::string_view word, std::string_view by) {
    std::string out;
    size_t copied = 0;
    for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        const size_t end = at + word.size();
        if ((at > 0 && is_word_char(text[at - 1])) || (end < text.size() && is_word_char(text[end]))) continue;
        out.append(text.substr(copied, at - copied));
        out.append(by);
        copied = end;
        at = end - 1;
    }
    out.append(text.substr(copied));
    return out;
}

bool is_wrapped_line(std::string_view text, char open, char close) {
    if (text.size() < 3 || text.front() != open || text.back() != close) return false;
    return text.find('\n') == std::string_view::npos;
}

}  // namespace orm::sql
