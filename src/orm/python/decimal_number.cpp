// Exact decimal arithmetic (see decimal_number.hpp). Each operation follows
// the function of CPython's _pydecimal.py with the same name; coefficients
// are digit strings, so sizes are bounded only by the operands (the context
// bounds results).
#include "orm/python/decimal_number.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace orm::python::dec {

namespace {

// ---------------------------------------------------------------- magnitudes (unsigned digit strings)

std::string strip(const std::string& s) {
    std::size_t i = s.find_first_not_of('0');
    return i == std::string::npos ? "0" : s.substr(i);
}

int cmp_mag(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    int c = a.compare(b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::string add_mag(const std::string& a, const std::string& b) {
    std::string out;
    int carry = 0;
    for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
        int x = carry;
        if (i < a.size()) x += a[a.size() - 1 - i] - '0';
        if (i < b.size()) x += b[b.size() - 1 - i] - '0';
        out += static_cast<char>('0' + x % 10);
        carry = x / 10;
    }
    std::reverse(out.begin(), out.end());
    return strip(out);
}

// a - b for a >= b.
std::string sub_mag(const std::string& a, const std::string& b) {
    std::string out;
    int borrow = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        int x = a[a.size() - 1 - i] - '0' - borrow;
        if (i < b.size()) x -= b[b.size() - 1 - i] - '0';
        borrow = x < 0;
        out += static_cast<char>('0' + (x + 10) % 10);
    }
    std::reverse(out.begin(), out.end());
    return strip(out);
}

std::string mul_mag(const std::string& a, const std::string& b) {
    if (a == "0" || b == "0") return "0";
    std::vector<std::uint64_t> acc(a.size() + b.size(), 0);
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j)
            acc[i + j + 1] += static_cast<std::uint64_t>(a[i] - '0') * static_cast<std::uint64_t>(b[j] - '0');
    for (std::size_t k = acc.size() - 1; k > 0; --k) {
        acc[k - 1] += acc[k] / 10;
        acc[k] %= 10;
    }
    std::string out;
    for (auto d : acc) out += static_cast<char>('0' + d);
    return strip(out);
}

// Long division: a = q * b + r.
void divmod_mag(const std::string& a, const std::string& b, std::string& q, std::string& r) {
    std::string quo, rem = "0";
    for (char ch : a) {
        rem = rem == "0" ? std::string(1, ch) : rem + ch;
        int digit = 0;
        while (cmp_mag(rem, b) >= 0) {
            rem = sub_mag(rem, b);
            ++digit;
        }
        quo += static_cast<char>('0' + digit);
    }
    q = strip(quo);
    r = strip(rem);
}

std::string shift(const std::string& a, std::int64_t n) { return a == "0" || n <= 0 ? a : a + std::string(static_cast<std::size_t>(n), '0'); }

bool all_zeros(const std::string& s, std::size_t from) {
    for (std::size_t i = from; i < s.size(); ++i)
        if (s[i] != '0') return false;
    return true;
}

bool exact_half(const std::string& s, std::size_t at) { return at < s.size() && s[at] == '5' && all_zeros(s, at + 1); }

Dec triple(bool negative, std::string digits, std::int64_t exp) {
    Dec d;
    d.negative = negative;
    d.digits = std::move(digits);
    d.exponent = exp;
    return d;
}

Dec special(DecimalValue::Kind k, bool negative, std::string payload = "") {
    Dec d;
    d.kind = k;
    d.negative = negative;
    d.digits = k == DecimalValue::Kind::infinity ? "0" : std::move(payload);
    return d;
}

[[noreturn]] void signal(const char* cls, const char* condition) {
    throw Signal(cls, std::string("[<class 'decimal.") + condition + "'>]");
}

// How keeping the first `keep` digits of `d` changes it (_pydecimal's
// _round_* functions): 1 rounds away from zero, -1 truncates, 0 is exact.
int decide(const std::string& d, std::size_t keep, bool negative, Rounding r) {
    int down = all_zeros(d, keep) ? 0 : -1;
    auto half_up = [&]() { return keep < d.size() && d[keep] >= '5' ? 1 : down; };
    switch (r) {
        case Rounding::down: return down;
        case Rounding::up: return -down;
        case Rounding::half_up: return half_up();
        case Rounding::half_down: return exact_half(d, keep) ? -1 : half_up();
        case Rounding::half_even:
            if (exact_half(d, keep) && (keep == 0 || (d[keep - 1] - '0') % 2 == 0)) return -1;
            return half_up();
        case Rounding::ceiling: return negative ? down : -down;
        case Rounding::floor: return negative ? -down : down;
        case Rounding::up05:
            if (keep > 0 && d[keep - 1] != '0' && d[keep - 1] != '5') return down;
            return -down;
    }
    return down;
}

// The result of an operation on NaNs (_check_nans): the NaN to return, or nullopt when neither is one.
std::optional<Dec> check_nans(const Dec& a, const Dec* b) {
    using K = DecimalValue::Kind;
    if (a.kind == K::signaling_nan || (b && b->kind == K::signaling_nan)) signal("InvalidOperation", "InvalidOperation");
    if (a.kind == K::nan) return a;
    if (b && b->kind == K::nan) return *b;
    return std::nullopt;
}

bool is_inf(const Dec& d) { return d.kind == DecimalValue::Kind::infinity; }

}  // namespace

// ---------------------------------------------------------------- basics

const char* rounding_name(Rounding r) {
    switch (r) {
        case Rounding::down: return "ROUND_DOWN";
        case Rounding::half_up: return "ROUND_HALF_UP";
        case Rounding::half_even: return "ROUND_HALF_EVEN";
        case Rounding::ceiling: return "ROUND_CEILING";
        case Rounding::floor: return "ROUND_FLOOR";
        case Rounding::up: return "ROUND_UP";
        case Rounding::half_down: return "ROUND_HALF_DOWN";
        case Rounding::up05: return "ROUND_05UP";
    }
    return "ROUND_HALF_EVEN";
}

std::optional<Rounding> rounding_of(const std::string& name) {
    for (Rounding r : {Rounding::down, Rounding::half_up, Rounding::half_even, Rounding::ceiling, Rounding::floor,
                       Rounding::up, Rounding::half_down, Rounding::up05})
        if (name == rounding_name(r)) return r;
    return std::nullopt;
}

bool is_special(const Dec& d) { return d.kind != DecimalValue::Kind::finite; }
bool is_nan(const Dec& d) { return d.kind == DecimalValue::Kind::nan || d.kind == DecimalValue::Kind::signaling_nan; }
bool is_zero(const Dec& d) { return d.kind == DecimalValue::Kind::finite && d.digits == "0"; }
std::int64_t adjusted(const Dec& d) { return is_special(d) ? 0 : d.exponent + static_cast<std::int64_t>(d.digits.size()) - 1; }

Dec parse(std::string_view text) {
    std::string s;
    for (char c : text)
        if (c != '_') s += c;
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    while (!s.empty() && ws(s.back())) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && ws(s[i])) ++i;
    s = s.substr(i);
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool neg = false;
    std::size_t p = 0;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) neg = s[p++] == '-';
    std::string body = lower.substr(p);
    if (body == "inf" || body == "infinity") return special(DecimalValue::Kind::infinity, neg);
    for (auto [prefix, kind] : {std::pair{"nan", DecimalValue::Kind::nan}, std::pair{"snan", DecimalValue::Kind::signaling_nan}}) {
        std::string pre = prefix;
        if (body.compare(0, pre.size(), pre) == 0) {
            std::string diag = body.substr(pre.size());
            if (!std::all_of(diag.begin(), diag.end(), [](char c) { return c >= '0' && c <= '9'; })) signal("InvalidOperation", "ConversionSyntax");
            diag = diag.empty() ? "" : strip(diag);
            return special(kind, neg, diag == "0" ? "" : diag);
        }
    }
    std::string intpart, frac;
    std::size_t q = 0;
    while (q < body.size() && std::isdigit(static_cast<unsigned char>(body[q]))) intpart += body[q++];
    if (q < body.size() && body[q] == '.') {
        ++q;
        while (q < body.size() && std::isdigit(static_cast<unsigned char>(body[q]))) frac += body[q++];
    }
    if (intpart.empty() && frac.empty()) signal("InvalidOperation", "ConversionSyntax");
    std::int64_t exp = 0;
    if (q < body.size() && body[q] == 'e') {
        ++q;
        bool eneg = false;
        if (q < body.size() && (body[q] == '+' || body[q] == '-')) eneg = body[q++] == '-';
        std::string ed;
        while (q < body.size() && std::isdigit(static_cast<unsigned char>(body[q]))) ed += body[q++];
        if (ed.empty() || ed.size() > 17) signal("InvalidOperation", "ConversionSyntax");
        exp = std::stoll(ed) * (eneg ? -1 : 1);
    }
    if (q != body.size()) signal("InvalidOperation", "ConversionSyntax");
    return triple(neg, strip(intpart + frac), exp - static_cast<std::int64_t>(frac.size()));
}

Dec from_int(std::int64_t v) {
    std::string digits = v < 0 ? std::to_string(v).substr(1) : std::to_string(v);
    return triple(v < 0, digits, 0);
}

Dec from_double(double d) {
    bool neg = std::signbit(d);
    if (std::isnan(d)) return special(DecimalValue::Kind::nan, neg);
    if (std::isinf(d)) return special(DecimalValue::Kind::infinity, neg);
    if (d == 0) return triple(neg, "0", 0);
    int e = 0;
    double m = std::frexp(std::fabs(d), &e);
    auto mant = static_cast<std::uint64_t>(std::ldexp(m, 53));
    std::int64_t e2 = e - 53;
    while ((mant & 1) == 0 && e2 < 0) {
        mant >>= 1;
        ++e2;
    }
    std::string coeff = std::to_string(mant);
    // d = mant * 2^e2: for e2 < 0, mant * 5^-e2 * 10^e2 is exact.
    const char* factor = e2 >= 0 ? "2" : "5";
    for (std::int64_t k = 0; k < (e2 >= 0 ? e2 : -e2); ++k) coeff = mul_mag(coeff, factor);
    return triple(neg, coeff, e2 >= 0 ? 0 : e2);
}

// ---------------------------------------------------------------- rounding

Dec rescale(const Dec& a, std::int64_t exp, Rounding r) {
    if (is_special(a)) return a;
    if (a.digits == "0") return triple(a.negative, "0", exp);
    if (a.exponent >= exp) return triple(a.negative, shift(a.digits, a.exponent - exp), exp);
    std::int64_t keep = static_cast<std::int64_t>(a.digits.size()) + a.exponent - exp;
    Dec src = a;
    if (keep < 0) {
        src = triple(a.negative, "1", exp - 1);
        keep = 0;
    }
    int changed = decide(src.digits, static_cast<std::size_t>(keep), src.negative, r);
    std::string coeff = keep == 0 ? "0" : src.digits.substr(0, static_cast<std::size_t>(keep));
    if (changed == 1) coeff = add_mag(coeff, "1");
    return triple(a.negative, coeff, exp);
}

Dec fix(const Dec& d, const Context& ctx) {
    if (is_special(d)) return d;
    std::int64_t etiny = ctx.etiny(), etop = ctx.etop();
    if (d.digits == "0") {
        std::int64_t exp_max = ctx.clamp ? etop : ctx.emax;
        return triple(d.negative, "0", std::min(std::max(d.exponent, etiny), exp_max));
    }
    std::int64_t len = static_cast<std::int64_t>(d.digits.size());
    std::int64_t exp_min = len + d.exponent - ctx.prec;
    if (exp_min > etop) signal("Overflow", "Overflow");
    if (exp_min < etiny) exp_min = etiny;
    Dec out = d;
    if (d.exponent < exp_min) {
        std::int64_t keep = len + d.exponent - exp_min;
        Dec src = d;
        if (keep < 0) {
            src = triple(d.negative, "1", exp_min - 1);
            keep = 0;
        }
        int changed = decide(src.digits, static_cast<std::size_t>(keep), src.negative, ctx.rounding);
        std::string coeff = keep == 0 ? "0" : src.digits.substr(0, static_cast<std::size_t>(keep));
        if (changed > 0) {
            coeff = add_mag(coeff, "1");
            if (static_cast<std::int64_t>(coeff.size()) > ctx.prec) {
                coeff.pop_back();
                ++exp_min;
            }
        }
        if (exp_min > etop) signal("Overflow", "Overflow");
        out = triple(d.negative, strip(coeff), exp_min);
    }
    if (ctx.clamp && out.exponent > etop) out = triple(out.negative, shift(out.digits, out.exponent - etop), etop);
    return out;
}

Dec round_digits(const Dec& a, std::int64_t places, Rounding r) {
    if (is_special(a) || a.digits == "0") return a;
    Dec ans = rescale(a, adjusted(a) + 1 - places, r);
    if (adjusted(ans) != adjusted(a)) ans = rescale(ans, adjusted(ans) + 1 - places, r);
    return ans;
}

Dec quantize(const Dec& a, const Dec& exp, Rounding r, const Context& ctx) {
    if (is_special(a) || is_special(exp)) {
        if (auto n = check_nans(a, &exp)) return *n;
        if (is_inf(a) && is_inf(exp)) return a;
        signal("InvalidOperation", "InvalidOperation");
    }
    if (exp.exponent < ctx.etiny() || exp.exponent > ctx.emax) signal("InvalidOperation", "InvalidOperation");
    if (a.digits == "0") return fix(triple(a.negative, "0", exp.exponent), ctx);
    if (adjusted(a) > ctx.emax || adjusted(a) - exp.exponent + 1 > ctx.prec) signal("InvalidOperation", "InvalidOperation");
    Dec ans = rescale(a, exp.exponent, r);
    if (adjusted(ans) > ctx.emax || static_cast<std::int64_t>(ans.digits.size()) > ctx.prec)
        signal("InvalidOperation", "InvalidOperation");
    return ans;
}

Dec to_integral(const Dec& a, Rounding r) {
    if (is_special(a)) {
        if (auto n = check_nans(a, nullptr)) return *n;
        return a;
    }
    return a.exponent >= 0 ? a : rescale(a, 0, r);
}

Dec normalize(const Dec& a, const Context& ctx) {
    if (is_special(a)) {
        if (auto n = check_nans(a, nullptr)) return *n;
        return a;
    }
    Dec dup = fix(a, ctx);
    if (dup.digits == "0") return triple(dup.negative, "0", 0);
    std::int64_t exp_max = ctx.clamp ? ctx.etop() : ctx.emax;
    std::size_t end = dup.digits.size();
    std::int64_t exp = dup.exponent;
    while (end > 1 && dup.digits[end - 1] == '0' && exp < exp_max) {
        ++exp;
        --end;
    }
    return triple(dup.negative, dup.digits.substr(0, end), exp);
}

// ---------------------------------------------------------------- arithmetic

Dec add(const Dec& a, const Dec& b, const Context& ctx) {
    if (is_special(a) || is_special(b)) {
        if (auto n = check_nans(a, &b)) return *n;
        if (is_inf(a)) {
            if (is_inf(b) && a.negative != b.negative) signal("InvalidOperation", "InvalidOperation");
            return a;
        }
        return b;
    }
    std::int64_t exp = std::min(a.exponent, b.exponent);
    bool negativezero = ctx.rounding == Rounding::floor && a.negative != b.negative;
    if (a.digits == "0" && b.digits == "0") return fix(triple((a.negative && b.negative) || negativezero, "0", exp), ctx);
    if (a.digits == "0") return fix(rescale(b, std::max(exp, b.exponent - ctx.prec - 1), ctx.rounding), ctx);
    if (b.digits == "0") return fix(rescale(a, std::max(exp, a.exponent - ctx.prec - 1), ctx.rounding), ctx);
    // _normalize: the operand with the smaller exponent, when far below the
    // other's last significant digit, only affects rounding: replace it by 1.
    Dec x = a, y = b;
    Dec& big = x.exponent < y.exponent ? y : x;
    Dec& small = x.exponent < y.exponent ? x : y;
    std::int64_t limit = big.exponent + std::min<std::int64_t>(-1, static_cast<std::int64_t>(big.digits.size()) - ctx.prec - 2);
    if (static_cast<std::int64_t>(small.digits.size()) + small.exponent - 1 < limit) {
        small.digits = "1";
        small.exponent = limit;
    }
    big.digits = shift(big.digits, big.exponent - small.exponent);
    big.exponent = small.exponent;
    if (x.negative == y.negative) return fix(triple(x.negative, add_mag(x.digits, y.digits), x.exponent), ctx);
    int c = cmp_mag(x.digits, y.digits);
    if (c == 0) return fix(triple(negativezero, "0", exp), ctx);
    const Dec& larger = c > 0 ? x : y;
    const Dec& smaller = c > 0 ? y : x;
    return fix(triple(larger.negative, sub_mag(larger.digits, smaller.digits), x.exponent), ctx);
}

Dec subtract(const Dec& a, const Dec& b, const Context& ctx) {
    if (is_nan(a) || is_nan(b)) {
        if (auto n = check_nans(a, &b)) return *n;
    }
    Dec nb = b;
    nb.negative = !nb.negative;
    return add(a, nb, ctx);
}

Dec multiply(const Dec& a, const Dec& b, const Context& ctx) {
    bool sign = a.negative != b.negative;
    if (is_special(a) || is_special(b)) {
        if (auto n = check_nans(a, &b)) return *n;
        if ((is_inf(a) && is_zero(b)) || (is_inf(b) && is_zero(a))) signal("InvalidOperation", "InvalidOperation");
        return special(DecimalValue::Kind::infinity, sign);
    }
    std::int64_t exp = a.exponent + b.exponent;
    return fix(triple(sign, mul_mag(a.digits, b.digits), exp), ctx);
}

Dec divide(const Dec& a, const Dec& b, const Context& ctx) {
    bool sign = a.negative != b.negative;
    if (is_special(a) || is_special(b)) {
        if (auto n = check_nans(a, &b)) return *n;
        if (is_inf(a) && is_inf(b)) signal("InvalidOperation", "InvalidOperation");
        if (is_inf(a)) return special(DecimalValue::Kind::infinity, sign);
        return triple(sign, "0", ctx.etiny());
    }
    if (b.digits == "0") {
        if (a.digits == "0") signal("InvalidOperation", "DivisionUndefined");
        signal("DivisionByZero", "DivisionByZero");
    }
    std::string coeff;
    std::int64_t exp;
    if (a.digits == "0") {
        coeff = "0";
        exp = a.exponent - b.exponent;
    } else {
        std::int64_t shift_by = static_cast<std::int64_t>(b.digits.size()) - static_cast<std::int64_t>(a.digits.size()) + ctx.prec + 1;
        exp = a.exponent - b.exponent - shift_by;
        std::string rem;
        if (shift_by >= 0) divmod_mag(shift(a.digits, shift_by), b.digits, coeff, rem);
        else divmod_mag(a.digits, shift(b.digits, -shift_by), coeff, rem);
        if (rem != "0") {
            // Inexact: make sure the last digit is not 0 or 5, so that rounding sees it is inexact.
            if ((coeff.back() - '0') % 5 == 0) coeff = add_mag(coeff, "1");
        } else {
            std::int64_t ideal = a.exponent - b.exponent;
            while (exp < ideal && coeff.size() > 1 && coeff.back() == '0') {
                coeff.pop_back();
                ++exp;
            }
        }
    }
    return fix(triple(sign, coeff, exp), ctx);
}

namespace {

// _divide: the integral quotient (truncated) and the remainder.
std::pair<Dec, Dec> divide_integral(const Dec& a, const Dec& b, const Context& ctx) {
    bool sign = a.negative != b.negative;
    std::int64_t ideal = is_inf(b) ? a.exponent : std::min(a.exponent, b.exponent);
    std::int64_t expdiff = adjusted(a) - adjusted(b);
    if (a.digits == "0" || is_inf(b) || expdiff <= -2) return {triple(sign, "0", 0), rescale(a, ideal, ctx.rounding)};
    if (expdiff <= ctx.prec) {
        std::string x = a.digits, y = b.digits;
        if (a.exponent >= b.exponent) x = shift(x, a.exponent - b.exponent);
        else y = shift(y, b.exponent - a.exponent);
        std::string q, r;
        divmod_mag(x, y, q, r);
        if (static_cast<std::int64_t>(q.size()) <= ctx.prec) return {triple(sign, q, 0), triple(a.negative, r, ideal)};
    }
    signal("InvalidOperation", "DivisionImpossible");
}

}  // namespace

Dec floor_divide(const Dec& a, const Dec& b, const Context& ctx) {
    bool sign = a.negative != b.negative;
    if (is_special(a) || is_special(b)) {
        if (auto n = check_nans(a, &b)) return *n;
        if (is_inf(a)) {
            if (is_inf(b)) signal("InvalidOperation", "InvalidOperation");
            return special(DecimalValue::Kind::infinity, sign);
        }
    }
    if (b.digits == "0" && !is_inf(b)) {
        if (a.digits != "0") signal("DivisionByZero", "DivisionByZero");
        signal("InvalidOperation", "DivisionUndefined");
    }
    return divide_integral(a, b, ctx).first;
}

Dec remainder(const Dec& a, const Dec& b, const Context& ctx) {
    if (is_special(a) || is_special(b)) {
        if (auto n = check_nans(a, &b)) return *n;
        if (is_inf(a)) signal("InvalidOperation", "InvalidOperation");
    }
    if (b.digits == "0" && !is_inf(b)) {
        if (a.digits == "0") signal("InvalidOperation", "DivisionUndefined");
        signal("InvalidOperation", "InvalidOperation");
    }
    return fix(divide_integral(a, b, ctx).second, ctx);
}

Dec power(const Dec& a, std::int64_t n, const Context& ctx) {
    if (auto nan = check_nans(a, nullptr)) return *nan;
    bool sign = a.negative && (n % 2 != 0);
    if (n == 0) {
        if (is_zero(a)) signal("InvalidOperation", "InvalidOperation");
        return triple(false, "1", 0);
    }
    if (is_inf(a)) return n > 0 ? special(DecimalValue::Kind::infinity, sign) : triple(sign, "0", 0);
    if (is_zero(a)) return n > 0 ? triple(sign, "0", 0) : special(DecimalValue::Kind::infinity, sign);
    // Exact power by squaring, then one rounding (a negative power: one division).
    std::int64_t k = n < 0 ? -n : n;
    if (static_cast<double>(k) * static_cast<double>(a.digits.size()) > 100000) signal("Overflow", "Overflow");
    std::string result = "1", base = a.digits;
    std::int64_t exp = 0;
    for (std::int64_t bits = k; bits > 0; bits >>= 1) {
        if (bits & 1) result = mul_mag(result, base);
        if (bits > 1) base = mul_mag(base, base);
    }
    exp = a.exponent * k;
    Dec exact = triple(sign, result, exp);
    if (n > 0) return fix(exact, ctx);
    return divide(triple(false, "1", 0), exact, ctx);
}

Dec negate(const Dec& a, const Context& ctx) {
    if (is_special(a))
        if (auto n = check_nans(a, nullptr)) return *n;
    Dec out = a;
    out.negative = a.digits == "0" && !is_special(a) && ctx.rounding != Rounding::floor ? false : !a.negative;
    return fix(out, ctx);
}

Dec plus(const Dec& a, const Context& ctx) {
    if (is_special(a))
        if (auto n = check_nans(a, nullptr)) return *n;
    Dec out = a;
    if (a.digits == "0" && !is_special(a) && ctx.rounding != Rounding::floor) out.negative = false;
    return fix(out, ctx);
}

Dec absolute(const Dec& a, const Context& ctx) { return a.negative ? negate(a, ctx) : plus(a, ctx); }

int compare(const Dec& a, const Dec& b) {
    if (is_inf(a) || is_inf(b)) {
        auto rank = [](const Dec& d) { return is_inf(d) ? (d.negative ? -1 : 1) : 0; };
        int ra = rank(a), rb = rank(b);
        return ra == rb ? 0 : ra < rb ? -1 : 1;
    }
    bool za = a.digits == "0", zb = b.digits == "0";
    if (za || zb) {
        if (za && zb) return 0;
        if (za) return b.negative ? 1 : -1;
        return a.negative ? -1 : 1;
    }
    if (a.negative != b.negative) return a.negative ? -1 : 1;
    int s = a.negative ? -1 : 1;
    std::int64_t x = adjusted(a), y = adjusted(b);
    if (x != y) return x > y ? s : -s;
    // Same adjusted exponent: pad to the same exponent (lengths then agree).
    std::string pa = shift(a.digits, a.exponent - b.exponent), pb = shift(b.digits, b.exponent - a.exponent);
    int c = cmp_mag(pa, pb);
    return c * s;
}

// ---------------------------------------------------------------- conversions

std::optional<std::int64_t> to_int(const Dec& a) {
    if (a.digits == "0") return 0;
    std::string digits = a.digits;
    if (a.exponent >= 0) {
        if (adjusted(a) >= 19) return std::nullopt;
        digits = shift(digits, a.exponent);
    } else {
        std::int64_t keep = static_cast<std::int64_t>(digits.size()) + a.exponent;
        digits = keep <= 0 ? "0" : digits.substr(0, static_cast<std::size_t>(keep));
    }
    if (digits.size() > 19) return std::nullopt;
    errno = 0;
    unsigned long long v = std::strtoull(digits.c_str(), nullptr, 10);
    if (v > (a.negative ? 9223372036854775808ull : 9223372036854775807ull)) return std::nullopt;
    return a.negative ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
}

std::optional<std::int64_t> exact_int(const Dec& a) {
    if (is_special(a)) return std::nullopt;
    if (a.exponent < 0 && !all_zeros(a.digits, static_cast<std::size_t>(std::max<std::int64_t>(0, static_cast<std::int64_t>(a.digits.size()) + a.exponent))))
        return std::nullopt;
    return to_int(a);
}

double to_double(const Dec& a) {
    if (is_nan(a)) return a.negative ? -NAN : NAN;
    if (is_inf(a)) return a.negative ? -INFINITY : INFINITY;
    return std::strtod(a.to_string().c_str(), nullptr);
}

// ---------------------------------------------------------------- format

namespace {

struct FormatSpec {
    std::string fill = " ";
    char align = '>';
    char sign = '-';
    bool no_neg_0 = false, alt = false, zeropad = false;
    std::int64_t width = 0;
    std::string thousands;
    std::optional<std::int64_t> precision;
    char type = 0;
};

FormatSpec parse_spec(const std::string& s) {
    auto bad = [] { throw std::invalid_argument("invalid format string"); };
    FormatSpec f;
    std::size_t i = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '=' || c == '^'; };
    bool fill_given = false, align_given = false;
    // A fill is one character (a UTF-8 sequence) before an alignment.
    std::size_t first = s.empty() ? 0 : (static_cast<unsigned char>(s[0]) < 0x80 ? 1 : static_cast<unsigned char>(s[0]) < 0xE0 ? 2 : static_cast<unsigned char>(s[0]) < 0xF0 ? 3 : 4);
    if (s.size() > first && is_align(s[first])) {
        f.fill = s.substr(0, first);
        f.align = s[first];
        i = first + 1;
        fill_given = align_given = true;
    } else if (!s.empty() && is_align(s[0])) {
        f.align = s[0];
        i = 1;
        align_given = true;
    }
    if (i < s.size() && (s[i] == '-' || s[i] == '+' || s[i] == ' ')) f.sign = s[i++];
    if (i < s.size() && s[i] == 'z') f.no_neg_0 = (++i, true);
    if (i < s.size() && s[i] == '#') f.alt = (++i, true);
    if (i < s.size() && s[i] == '0') f.zeropad = (++i, true);
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) f.width = f.width * 10 + (s[i++] - '0');
    if (i < s.size() && s[i] == ',') f.thousands = (++i, ",");
    if (i < s.size() && s[i] == '.') {
        ++i;
        std::size_t start = i;
        std::int64_t p = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) p = p * 10 + (s[i++] - '0');
        if (i == start) bad();
        f.precision = p;
    }
    if (i < s.size() && std::string("eEfFgGn%").find(s[i]) != std::string::npos) f.type = s[i++];
    if (i != s.size()) bad();
    if (f.zeropad && (fill_given || align_given)) bad();
    if (f.precision && *f.precision == 0 && (!f.type || f.type == 'g' || f.type == 'G' || f.type == 'n')) f.precision = 1;
    if (f.type == 'n') f.type = 'g';
    return f;
}

std::size_t text_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string align(const std::string& sign, const std::string& body, const FormatSpec& f) {
    std::int64_t missing = f.width - static_cast<std::int64_t>(text_width(sign) + text_width(body));
    std::string padding;
    for (std::int64_t k = 0; k < missing; ++k) padding += f.fill;
    std::size_t half = static_cast<std::size_t>(std::max<std::int64_t>(missing, 0) / 2) * f.fill.size();
    switch (f.align) {
        case '<': return sign + body + padding;
        case '=': return sign + padding + body;
        case '^': return padding.substr(0, half) + sign + body + padding.substr(half);
        default: return padding + sign + body;
    }
}

// _insert_thousands_sep: groups of three (zero-padded to min_width when zero padding).
std::string group(std::string digits, const std::string& sep, std::int64_t min_width) {
    std::vector<std::string> groups;
    while (true) {
        std::int64_t l = std::min<std::int64_t>(std::max<std::int64_t>({static_cast<std::int64_t>(digits.size()), min_width, 1}), 3);
        std::string take = digits.size() > static_cast<std::size_t>(l) ? digits.substr(digits.size() - static_cast<std::size_t>(l)) : digits;
        groups.push_back(std::string(static_cast<std::size_t>(l) - take.size(), '0') + take);
        digits = digits.size() > static_cast<std::size_t>(l) ? digits.substr(0, digits.size() - static_cast<std::size_t>(l)) : "";
        min_width -= l;
        if (digits.empty() && min_width <= 0) break;
        min_width -= static_cast<std::int64_t>(sep.size());
    }
    std::string out;
    for (auto it = groups.rbegin(); it != groups.rend(); ++it) out += (out.empty() ? "" : sep) + *it;
    return out;
}

}  // namespace

std::string format(const Dec& value, const std::string& spec_text, const Context& ctx) {
    FormatSpec f = parse_spec(spec_text);
    auto sign_of = [&](bool negative) { return negative ? std::string("-") : f.sign == '+' || f.sign == ' ' ? std::string(1, f.sign) : ""; };
    if (is_special(value)) {
        Dec a = value;
        a.negative = false;
        return align(sign_of(value.negative), a.to_string() + (f.type == '%' ? "%" : ""), f);
    }
    char type = f.type ? f.type : (ctx.capitals ? 'G' : 'g');
    Dec d = value;
    if (type == '%') d.exponent += 2;
    if (f.precision) {
        if (type == 'e' || type == 'E') d = round_digits(d, *f.precision + 1, ctx.rounding);
        else if (type == 'f' || type == 'F' || type == '%') d = rescale(d, -*f.precision, ctx.rounding);
        else if (static_cast<std::int64_t>(d.digits.size()) > *f.precision) d = round_digits(d, *f.precision, ctx.rounding);
    }
    bool fixed = type == 'f' || type == 'F' || type == '%';
    if (d.digits == "0" && d.exponent > 0 && fixed) d = rescale(d, 0, ctx.rounding);
    bool negative = d.negative && !(f.no_neg_0 && d.digits == "0");
    std::int64_t leftdigits = d.exponent + static_cast<std::int64_t>(d.digits.size());
    std::int64_t dotplace;
    if (type == 'e' || type == 'E') dotplace = d.digits == "0" && f.precision ? 1 - *f.precision : 1;
    else if (fixed) dotplace = leftdigits;
    else dotplace = d.exponent <= 0 && leftdigits > -6 ? leftdigits : 1;
    std::string intpart, fracpart;
    std::int64_t n = static_cast<std::int64_t>(d.digits.size());
    if (dotplace < 0) {
        intpart = "0";
        fracpart = std::string(static_cast<std::size_t>(-dotplace), '0') + d.digits;
    } else if (dotplace > n) {
        intpart = d.digits + std::string(static_cast<std::size_t>(dotplace - n), '0');
    } else {
        intpart = dotplace == 0 ? "0" : d.digits.substr(0, static_cast<std::size_t>(dotplace));
        fracpart = d.digits.substr(static_cast<std::size_t>(dotplace));
    }
    std::int64_t exp = leftdigits - dotplace;
    std::string sign = sign_of(negative);
    if (!fracpart.empty() || f.alt) fracpart = "." + fracpart;
    if (exp != 0 || type == 'e' || type == 'E') {
        char echar = type == 'E' || type == 'G' ? 'E' : 'e';
        fracpart += std::string(1, echar) + (exp >= 0 ? "+" : "-") + std::to_string(exp >= 0 ? exp : -exp);
    }
    if (type == '%') fracpart += "%";
    std::int64_t min_width = f.zeropad ? f.width - static_cast<std::int64_t>(fracpart.size() + sign.size()) : 0;
    intpart = group(intpart, f.thousands, min_width);
    return align(sign, intpart + fracpart, f);
}

}  // namespace orm::python::dec

namespace orm::python {

std::string DecimalValue::to_string() const {
    std::string sign = negative ? "-" : "";
    if (kind == Kind::infinity) return sign + "Infinity";
    if (kind == Kind::nan) return sign + "NaN" + digits;
    if (kind == Kind::signaling_nan) return sign + "sNaN" + digits;
    std::int64_t n = static_cast<std::int64_t>(digits.size());
    std::int64_t leftdigits = exponent + n;
    std::int64_t dotplace = exponent <= 0 && leftdigits > -6 ? leftdigits : 1;
    std::string intpart, fracpart;
    if (dotplace <= 0) {
        intpart = "0";
        fracpart = "." + std::string(static_cast<std::size_t>(-dotplace), '0') + digits;
    } else if (dotplace >= n) {
        intpart = digits + std::string(static_cast<std::size_t>(dotplace - n), '0');
    } else {
        intpart = digits.substr(0, static_cast<std::size_t>(dotplace));
        fracpart = "." + digits.substr(static_cast<std::size_t>(dotplace));
    }
    std::string exp;
    if (leftdigits != dotplace) {
        std::int64_t e = leftdigits - dotplace;
        exp = std::string("E") + (e >= 0 ? "+" : "-") + std::to_string(e >= 0 ? e : -e);
    }
    return sign + intpart + fracpart + exp;
}

}  // namespace orm::python
