// Exact decimal arithmetic for the decimal module: a port of CPython's
// _pydecimal (the General Decimal Arithmetic specification) over
// DecimalValue, whose coefficient is a string of decimal digits. No floating
// point: results are computed exactly, then rounded to the context. Internal
// to the python layer.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "orm/python/datetime_values.hpp"

namespace orm::python::dec {

enum class Rounding : std::uint8_t { down, half_up, half_even, ceiling, floor, up, half_down, up05 };

// The names Python uses ("ROUND_HALF_EVEN"), and back.
const char* rounding_name(Rounding r);
std::optional<Rounding> rounding_of(const std::string& name);

struct Context {
    std::int64_t prec = 28;
    Rounding rounding = Rounding::half_even;
    std::int64_t emax = 999999, emin = -999999;
    int capitals = 1;
    int clamp = 0;
    std::int64_t etiny() const { return emin - prec + 1; }
    std::int64_t etop() const { return emax - prec + 1; }
};

// A trapped condition: `signal` is the exception class to raise
// (InvalidOperation, DivisionByZero, Overflow), `conditions` the classes its
// message lists, as CPython's C decimal words it.
struct Signal : std::runtime_error {
    Signal(std::string s, std::string conditions)
        : std::runtime_error(s), signal(std::move(s)), conditions(std::move(conditions)) {}
    std::string signal;
    std::string conditions;   // "[<class 'decimal.DivisionUndefined'>]"
};

using Dec = DecimalValue;

bool is_special(const Dec& d);
bool is_nan(const Dec& d);   // quiet or signaling
bool is_zero(const Dec& d);  // a finite zero
std::int64_t adjusted(const Dec& d);

// Decimal("...") (surrounding whitespace and underscores between digits allowed); Signal(ConversionSyntax) when malformed.
Dec parse(std::string_view text);
Dec from_int(std::int64_t v);
// Exactly, as Decimal(float) is (0.1 gives its 55 digits).
Dec from_double(double d);

Dec fix(const Dec& d, const Context& ctx);
Dec add(const Dec& a, const Dec& b, const Context& ctx);
Dec subtract(const Dec& a, const Dec& b, const Context& ctx);
Dec multiply(const Dec& a, const Dec& b, const Context& ctx);
Dec divide(const Dec& a, const Dec& b, const Context& ctx);
Dec floor_divide(const Dec& a, const Dec& b, const Context& ctx);   // truncates, as Decimal's // does
Dec remainder(const Dec& a, const Dec& b, const Context& ctx);      // the sign of a, as Decimal's % does
// a ** n for an integral n (exact, then rounded once).
Dec power(const Dec& a, std::int64_t n, const Context& ctx);
Dec negate(const Dec& a, const Context& ctx);
Dec plus(const Dec& a, const Context& ctx);
Dec absolute(const Dec& a, const Context& ctx);

// -1, 0, 1; neither may be a NaN.
int compare(const Dec& a, const Dec& b);

Dec rescale(const Dec& a, std::int64_t exp, Rounding r);
Dec quantize(const Dec& a, const Dec& exp, Rounding r, const Context& ctx);
Dec to_integral(const Dec& a, Rounding r);
Dec normalize(const Dec& a, const Context& ctx);
// Rounded to `places` significant digits.
Dec round_digits(const Dec& a, std::int64_t places, Rounding r);

// int(): truncated toward zero; nullopt when it does not fit 64 bits. Not for specials.
std::optional<std::int64_t> to_int(const Dec& a);
// float(): the nearest double (through its text, as CPython converts).
double to_double(const Dec& a);
// Whether `a` is integral and fits 64 bits (the hash of an integral Decimal is its int's).
std::optional<std::int64_t> exact_int(const Dec& a);

// format(d, spec) as Decimal.__format__; std::invalid_argument with
// CPython's message for a malformed spec.
std::string format(const Dec& a, const std::string& spec, const Context& ctx);

}  // namespace orm::python::dec
