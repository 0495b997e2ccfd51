#include "orm/core/number.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace orm {

std::optional<double> parse_real(std::string_view text) {
    if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<long long> parse_python_integer(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 2 && text[0] == '0') {
        switch (text[1] | 0x20) {
            case 'x': base = 16; break;
            case 'o': base = 8; break;
            case 'b': base = 2; break;
            default: break;
        }
        if (base != 10) text.remove_prefix(2);
    }
    // Python allows one '_' between digits (and after a base prefix).
    std::string digits;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '_') {
            if (i + 1 == text.size() || text[i + 1] == '_' || (i == 0 && base == 10)) return std::nullopt;
            continue;
        }
        digits += text[i];
    }
    if (digits.empty()) return std::nullopt;
    unsigned long long magnitude = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    constexpr unsigned long long max = 9223372036854775807ULL;
    if (magnitude > max + (negative ? 1 : 0)) return std::nullopt;
    if (negative) return magnitude == max + 1 ? std::numeric_limits<long long>::min() : -static_cast<long long>(magnitude);
    return static_cast<long long>(magnitude);
}

}  // namespace orm
