// Checked conversions from text to numbers. The whole text must be the
// number (decimal digits with an optional sign; for reals anything
// std::from_chars reads), and it must fit the type: otherwise the result is
// nullopt, never a wrapped value or a std:: exception. Callers that cannot go
// on without the number raise the orm error that fits their input.
#pragma once

#include <charconv>
#include <concepts>
#include <optional>
#include <string_view>
#include <system_error>

namespace orm {

template <std::integral T>
std::optional<T> parse_integer(std::string_view text) {
    // from_chars takes a '-' but not a '+', which SQL and Python allow.
    if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// A finite double: an overflowing "1e999" is nullopt, as is "inf" or "nan".
std::optional<double> parse_real(std::string_view text);

// A Python integer literal as models and revision files write it (decimal,
// 0x / 0o / 0b, '_' between digits, an optional sign), in 64 bits; nullopt
// when it is not one or does not fit.
std::optional<long long> parse_python_integer(std::string_view text);

}  // namespace orm
