// Unicode character names for \N{...} escapes, looked up in libunistring's
// name table (every named character, as Python's unicodedata knows them):
// a table of our own would cover only the blocks someone thought of.
#include "orm/python/string_literal.hpp"

#include <uniname.h>

#include <string>
#include <utility>

namespace orm::python {

namespace {

// "CJK UNIFIED IDEOGRAPH-4E00": names made by rule, which libunistring's
// table leaves out; CPython takes upper-case hex within Unicode 14's blocks.
std::optional<unsigned long> unified_ideograph(std::string_view name) {
    constexpr std::string_view prefix = "CJK UNIFIED IDEOGRAPH-";
    if (name.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string_view hex = name.substr(prefix.size());
    if (hex.size() != 4 && hex.size() != 5) return std::nullopt;
    unsigned long cp = 0;
    for (char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return std::nullopt;
        cp = cp * 16 + static_cast<unsigned long>(c <= '9' ? c - '0' : c - 'A' + 10);
    }
    static const std::pair<unsigned long, unsigned long> kBlocks[] = {
        {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0x20000, 0x2A6DF}, {0x2A700, 0x2B738},
        {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0}, {0x30000, 0x3134A}};
    for (auto [first, last] : kBlocks)
        if (cp >= first && cp <= last) return cp;
    return std::nullopt;
}

}  // namespace

std::optional<unsigned long> unicode_character(std::string_view name) {
    // Names are ASCII and shorter than UNINAME_MAX; anything else names nothing
    // (and must not reach the C function unterminated or overlong).
    if (name.empty() || name.size() >= UNINAME_MAX) return std::nullopt;
    for (char c : name)
        if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') return std::nullopt;
    if (auto cp = unified_ideograph(name)) return cp;
    ucs4_t found = unicode_name_character(std::string(name).c_str());
    if (found == UNINAME_INVALID) return std::nullopt;
    return found;
}

}  // namespace orm::python
