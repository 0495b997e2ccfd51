// The datetime module's text forms: isoformat, strftime (the directives of
// glibc's C locale, which CPython on Linux delegates to, plus Python's %f,
// %z and %Z), strptime (the patterns of CPython's _strptime, matched with
// backtracking as its regular expression does) and fromisoformat (the rules
// of CPython 3.11's C implementation).
#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "orm/python/datetime_internal.hpp"

namespace orm::python::dt {

namespace {

const char* const kDayNames[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonthNames[13] = {"", "January", "February", "March", "April", "May", "June",
                                     "July", "August", "September", "October", "November", "December"};

std::string pad(std::int64_t v, int width, char fill = '0') {
    std::string s = std::to_string(v < 0 ? -v : v);
    while (static_cast<int>(s.size()) < width) s.insert(s.begin(), fill);
    return v < 0 ? "-" + s : s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// ---------------------------------------------------------------- isoformat

std::string iso_date(int y, int m, int d) { return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2); }

std::string iso_clock(Interpreter& in, const ClockFields& t, const std::string& timespec, SourceLocation loc) {
    std::string spec = timespec == "auto" ? (t.micro ? "microseconds" : "seconds") : timespec;
    std::string out = pad(t.hour, 2);
    if (spec == "hours") return out;
    out += ":" + pad(t.minute, 2);
    if (spec == "minutes") return out;
    out += ":" + pad(t.second, 2);
    if (spec == "seconds") return out;
    if (spec == "milliseconds") return out + "." + pad(t.micro / 1000, 3);
    if (spec == "microseconds") return out + "." + pad(t.micro, 6);
    in.raise(in.exc.ValueError, "Unknown timespec value", loc);
}

std::string format_offset(std::int64_t offset, const char* sep) {
    std::string out = offset < 0 ? "-" : "+";
    std::int64_t off = offset < 0 ? -offset : offset;
    std::int64_t micros = off % kMicrosPerSecond;
    std::int64_t secs = off / kMicrosPerSecond;
    out += pad(secs / 3600, 2) + sep + pad(secs / 60 % 60, 2);
    if (secs % 60 || micros) {
        out += sep + pad(secs % 60, 2);
        if (micros) out += "." + pad(micros, 6);
    }
    return out;
}

std::string offset_name(std::int64_t offset) {
    if (offset == 0) return "UTC";
    std::string out = "UTC";
    out += offset < 0 ? "-" : "+";
    std::int64_t off = offset < 0 ? -offset : offset;
    std::int64_t micros = off % kMicrosPerSecond;
    std::int64_t secs = off / kMicrosPerSecond;
    out += pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2);
    if (micros) return out + ":" + pad(secs % 60, 2) + "." + pad(micros, 6);
    if (secs % 60) return out + ":" + pad(secs % 60, 2);
    return out;
}

// ---------------------------------------------------------------- strftime

namespace {

struct Derived {
    int weekday;    // Monday 0
    int yday;       // 1-based
    int iso_year, iso_week;
};

Derived derive(const StrftimeFields& f) {
    Derived d{};
    std::int64_t ord = ymd_to_ordinal(f.year, f.month, f.day);
    d.weekday = static_cast<int>((ord + 6) % 7);
    d.yday = static_cast<int>(ord - ymd_to_ordinal(f.year, 1, 1) + 1);
    d.iso_year = f.year;
    std::int64_t week1 = iso_week1_monday(f.year);
    std::int64_t week = (ord - week1) / 7;
    if (ord < week1) {
        --d.iso_year;
        week = (ord - iso_week1_monday(d.iso_year)) / 7;
    } else if (week >= 52 && ord >= iso_week1_monday(f.year + 1)) {
        ++d.iso_year;
        week = 0;
    }
    d.iso_week = static_cast<int>(week + 1);
    return d;
}

// One directive's text; `flag` is glibc's padding flag ('-', '_', '0', '^' or 0).
std::string directive(char c, char flag, const StrftimeFields& f, const Derived& d) {
    auto num = [&](std::int64_t v, int width, char fill = '0') {
        if (flag == '-') return std::to_string(v);
        if (flag == '_') fill = ' ';
        if (flag == '0') fill = '0';
        return pad(v, width, fill);
    };
    auto name = [&](std::string s) {
        if (flag == '^')
            for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return s;
    };
    int hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12;
    switch (c) {
        case 'a': return name(std::string(kDayNames[d.weekday]).substr(0, 3));
        case 'A': return name(kDayNames[d.weekday]);
        case 'b': case 'h': return name(std::string(kMonthNames[f.month]).substr(0, 3));
        case 'B': return name(kMonthNames[f.month]);
        case 'C': return num(f.year / 100, 2);
        case 'd': return num(f.day, 2);
        case 'e': return num(f.day, 2, ' ');
        case 'f': return pad(f.micro, 6);
        case 'G': return std::to_string(d.iso_year);
        case 'g': return num(d.iso_year % 100, 2);
        case 'H': return num(f.hour, 2);
        case 'I': return num(hour12, 2);
        case 'j': return num(d.yday, 3);
        case 'k': return num(f.hour, 2, ' ');
        case 'l': return num(hour12, 2, ' ');
        case 'm': return num(f.month, 2);
        case 'M': return num(f.minute, 2);
        case 'n': return "\n";
        case 'p': return f.hour < 12 ? "AM" : "PM";
        case 'P': return f.hour < 12 ? "am" : "pm";
        case 'S': return num(f.second, 2);
        case 't': return "\t";
        case 'u': return std::to_string(d.weekday + 1);
        case 'U': return num((d.yday - 1 + 7 - (d.weekday + 1) % 7) / 7, 2);
        case 'V': return num(d.iso_week, 2);
        case 'w': return std::to_string((d.weekday + 1) % 7);
        case 'W': return num((d.yday - 1 + 7 - d.weekday) / 7, 2);
        case 'y': return num(f.year % 100, 2);
        case 'Y': return flag == '0' ? pad(f.year, 4) : std::to_string(f.year);
        case 'z': return f.offset ? format_offset(*f.offset, "") : "";
        case 'Z': return f.zone ? *f.zone : "";
        case '%': return "%";
        default: return std::string("%") + (flag ? std::string(1, flag) : "") + c;
    }
}

}  // namespace

std::string strftime(const std::string& format, const StrftimeFields& f) {
    Derived d = derive(f);
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 == format.size()) {
            out += format[i];
            continue;
        }
        char flag = 0;
        char c = format[++i];
        if ((c == '-' || c == '_' || c == '0' || c == '^') && i + 1 < format.size()) {
            flag = c;
            c = format[++i];
        }
        // Composite directives expand to their parts (glibc's C locale).
        switch (c) {
            case 'c': out += strftime("%a %b %e %H:%M:%S %Y", f); break;
            case 'D': case 'x': out += strftime("%m/%d/%y", f); break;
            case 'F': out += strftime("%Y-%m-%d", f); break;
            case 'T': case 'X': out += strftime("%H:%M:%S", f); break;
            case 'R': out += strftime("%H:%M", f); break;
            case 'r': out += strftime("%I:%M:%S %p", f); break;
            default: out += directive(c, flag, f, d);
        }
    }
    return out;
}

// ---------------------------------------------------------------- strptime

namespace {

struct Found {
    std::map<char, std::string> fields;
};

// The lengths a numeric directive may take, in the order _strptime's
// regular expression tries its alternatives, each with the values it accepts.
struct NumberForm {
    int length;
    int min, max;
    bool leading_space = false;
};

std::vector<NumberForm> number_forms(char c) {
    switch (c) {
        case 'd': return {{2, 1, 31}, {1, 1, 9}, {2, 1, 9, true}};
        case 'H': return {{2, 0, 23}, {1, 0, 9}};
        case 'I': case 'm': return {{2, 1, 12}, {1, 1, 9}};
        case 'M': return {{2, 0, 59}, {1, 0, 9}};
        case 'S': return {{2, 0, 61}, {1, 0, 9}};
        case 'j': return {{3, 1, 366}, {2, 1, 99}, {1, 1, 9}};
        case 'U': case 'W': return {{2, 0, 53}, {1, 0, 9}};
        case 'V': return {{2, 1, 53}, {1, 0, 9}};
        case 'y': return {{2, 0, 99}};
        case 'Y': case 'G': return {{4, 0, 9999}};
        case 'f': return {{6, 0, 999999}, {5, 0, 99999}, {4, 0, 9999}, {3, 0, 999}, {2, 0, 99}, {1, 0, 9}};
        case 'w': return {{1, 0, 6}};
        case 'u': return {{1, 1, 7}};
        default: return {};
    }
}

bool iequal(const std::string& text, std::size_t at, std::string_view word) {
    if (at + word.size() > text.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(text[at + k])) != std::tolower(static_cast<unsigned char>(word[k])))
            return false;
    return true;
}

// The candidate matches (their lengths, in the order the regular expression tries them) of directive `c` at `at`.
std::vector<std::size_t> candidates(char c, const std::string& text, std::size_t at) {
    std::vector<std::size_t> out;
    auto words = [&](bool full, const char* const* names, int first, int count) {
        // Python's alternation lists names longest first; try the full names, then the abbreviations.
        std::vector<std::size_t> lens;
        for (int k = first; k < first + count; ++k) {
            std::string n = names[k];
            if (!full) n = n.substr(0, 3);
            if (iequal(text, at, n)) lens.push_back(n.size());
        }
        std::sort(lens.rbegin(), lens.rend());
        out.insert(out.end(), lens.begin(), lens.end());
    };
    switch (c) {
        case 'a': case 'A': words(true, kDayNames, 0, 7); words(false, kDayNames, 0, 7); return out;
        case 'b': case 'B': words(true, kMonthNames, 1, 12); words(false, kMonthNames, 1, 12); return out;
        case 'p':
            if (iequal(text, at, "am") || iequal(text, at, "pm")) out.push_back(2);
            return out;
        case 'Z':
            for (const char* z : {"utc", "gmt"})
                if (iequal(text, at, z)) out.push_back(3);
            return out;
        case 'z': {
            if (at < text.size() && text[at] == 'Z') return {1};
            if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return out;
            // [+-]HH:?MM(:?SS(.f{1,6})?)?
            std::size_t p = at + 1;
            auto digits2 = [&](std::size_t q) { return q + 1 < text.size() && is_digit(text[q]) && is_digit(text[q + 1]); };
            if (!digits2(p)) return out;
            p += 2;
            if (p < text.size() && text[p] == ':') ++p;
            if (!digits2(p) || text[p] > '5') return out;
            p += 2;
            std::size_t base = p;
            std::size_t q = p;
            if (q < text.size() && text[q] == ':') ++q;
            if (digits2(q) && text[q] <= '5') {
                q += 2;
                std::size_t f = q;
                if (f < text.size() && text[f] == '.') {
                    std::size_t e = f + 1;
                    while (e < text.size() && e - f <= 6 && is_digit(text[e])) ++e;
                    if (e > f + 1) out.push_back(e - at);
                }
                out.push_back(q - at);
            }
            out.push_back(base - at);
            return out;
        }
        default: break;
    }
    for (const NumberForm& form : number_forms(c)) {
        std::size_t start = at + (form.leading_space ? 1 : 0);
        if (form.leading_space && (at >= text.size() || text[at] != ' ')) continue;
        if (start + static_cast<std::size_t>(form.length) > text.size()) continue;
        int v = 0;
        bool ok = true;
        for (int k = 0; k < form.length; ++k) {
            char ch = text[start + static_cast<std::size_t>(k)];
            if (!is_digit(ch)) ok = false;
            v = v * 10 + (ch - '0');
        }
        if (ok && v >= form.min && v <= form.max) out.push_back(static_cast<std::size_t>(form.length) + (start - at));
    }
    return out;
}

// Matches `format` from fi against `text` from ti; `end` receives where the text match ended.
bool match(const std::string& format, std::size_t fi, const std::string& text, std::size_t ti, Found& found,
           std::size_t& end, int depth) {
    if (depth > 200) return false;
    if (fi == format.size()) {
        end = ti;
        return true;
    }
    char fc = format[fi];
    if (std::isspace(static_cast<unsigned char>(fc))) {
        // Whitespace in the format matches one or more whitespace characters.
        while (fi < format.size() && std::isspace(static_cast<unsigned char>(format[fi]))) ++fi;
        std::size_t k = ti;
        while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
        for (std::size_t stop = k; stop > ti; --stop)
            if (match(format, fi, text, stop, found, end, depth + 1)) return true;
        return false;
    }
    if (fc == '%' && fi + 1 < format.size()) {
        char c = format[fi + 1];
        if (c == '%') return ti < text.size() && text[ti] == '%' && match(format, fi + 2, text, ti + 1, found, end, depth + 1);
        for (std::size_t len : candidates(c, text, ti)) {
            found.fields[c] = text.substr(ti, len);
            if (match(format, fi + 2, text, ti + len, found, end, depth + 1)) return true;
        }
        found.fields.erase(c);
        return false;
    }
    if (ti < text.size() && std::tolower(static_cast<unsigned char>(text[ti])) == std::tolower(static_cast<unsigned char>(fc)))
        return match(format, fi + 1, text, ti + 1, found, end, depth + 1);
    return false;
}

int month_of(const std::string& name) {
    for (int m = 1; m <= 12; ++m)
        if (iequal(name, 0, name.size() <= 3 ? std::string(kMonthNames[m]).substr(0, 3) : kMonthNames[m]) &&
            (name.size() == 3 || name.size() == std::string(kMonthNames[m]).size()))
            return m;
    return 1;
}

// The %z text as an offset in microseconds (_strptime's rules).
std::int64_t parse_z(Interpreter& in, const std::string& z, SourceLocation loc) {
    if (z == "Z") return 0;
    std::string s = z;
    if (s.size() > 3 && s[3] == ':') {
        s.erase(3, 1);
        if (s.size() > 5) {
            if (s[5] != ':') in.raise(in.exc.ValueError, "Inconsistent use of : in " + z, loc);
            s.erase(5, 1);
        }
    }
    std::int64_t secs = std::stoi(s.substr(1, 2)) * 3600 + std::stoi(s.substr(3, 2)) * 60;
    if (s.size() >= 7) secs += std::stoi(s.substr(5, 2));
    std::int64_t frac = 0;
    if (s.size() > 8) {
        std::string f = s.substr(8);
        f.resize(6, '0');
        frac = std::stoi(f);
    }
    std::int64_t off = secs * kMicrosPerSecond + frac;
    return s[0] == '-' ? -off : off;
}

}  // namespace

StrftimeFields strptime(Interpreter& in, const std::string& text, const std::string& format, SourceLocation loc) {
    Found found;
    std::size_t end = 0;
    if (!match(format, 0, text, 0, found, end, 0))
        in.raise(in.exc.ValueError, "time data " + repr_string(text) + " does not match format " + repr_string(format), loc);
    if (end != text.size()) in.raise(in.exc.ValueError, "unconverted data remains: " + text.substr(end), loc);
    StrftimeFields f;
    auto& m = found.fields;
    auto num = [&](char c) { return std::stoi(m[c]); };
    if (m.count('y')) f.year = num('y') <= 68 ? num('y') + 2000 : num('y') + 1900;
    if (m.count('Y')) f.year = num('Y');
    if (m.count('m')) f.month = num('m');
    if (m.count('B')) f.month = month_of(m['B']);
    if (m.count('b')) f.month = month_of(m['b']);
    if (m.count('d')) f.day = std::stoi(m['d'][0] == ' ' ? m['d'].substr(1) : m['d']);
    if (m.count('H')) f.hour = num('H');
    if (m.count('I')) {
        int hour = num('I');
        std::string ampm = m.count('p') ? m['p'] : "";
        bool pm = !ampm.empty() && (ampm[0] == 'p' || ampm[0] == 'P');
        f.hour = pm ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
    }
    if (m.count('M')) f.minute = num('M');
    if (m.count('S')) f.second = num('S');
    if (m.count('f')) {
        std::string s = m['f'];
        s.resize(6, '0');
        f.micro = std::stoi(s);
    }
    if (m.count('z')) f.offset = parse_z(in, m['z'], loc);
    if (m.count('Z')) f.zone = m['Z'];
    if (m.count('j') && !m.count('m') && !m.count('d')) {
        std::int64_t ord = ymd_to_ordinal(f.year, 1, 1) + num('j') - 1;
        ordinal_to_ymd(ord, f.year, f.month, f.day);
    }
    if (f.second > 59) f.second = 59;   // as _strptime's leap seconds
    return f;
}

// ---------------------------------------------------------------- fromisoformat

namespace {

// Exactly `n` ASCII digits at `p` (within `end`).
bool digits(const std::string& s, std::size_t& p, std::size_t end, int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k, ++p) {
        if (p >= end || !is_digit(s[p])) return false;
        out = out * 10 + (s[p] - '0');
    }
    return true;
}

// HH[:?MM[:?SS[{.,}f+]]] (all of `s`): 0 on success, 1 when text follows, -1 when malformed. A port of
// CPython's parse_hh_mm_ss_ff, which reads one character past a component.
int parse_hms(const std::string& s, int vals[4]) {
    vals[0] = vals[1] = vals[2] = vals[3] = 0;
    auto at = [&](std::size_t q) { return q < s.size() ? s[q] : '\0'; };
    std::size_t p = 0;
    bool has_sep = true;
    for (int i = 0; i < 3; ++i) {
        if (!digits(s, p, s.size(), 2, vals[i])) return -1;
        char c = at(p++);
        if (i == 0) has_sep = c == ':';
        if (p >= s.size()) return c != '\0' ? 1 : 0;
        if (has_sep && c == ':') continue;
        if (c == '.' || c == ',') break;
        if (has_sep) return -1;
        --p;
    }
    std::size_t remains = s.size() - p;
    int take = remains >= 6 ? 6 : static_cast<int>(remains);
    if (take == 0 || !digits(s, p, s.size(), take, vals[3])) return -1;
    static const int correction[] = {100000, 10000, 1000, 100, 10};
    if (take < 6) vals[3] *= correction[take - 1];
    while (p < s.size() && is_digit(s[p])) ++p;   // digits past microseconds are dropped
    return at(p) != '\0' ? 1 : 0;
}

}  // namespace

std::optional<std::size_t> iso_separator(const std::string& s) {
    std::size_t len = s.size();
    if (len == 7) return 7;
    if (len < 7) return std::nullopt;
    if (s[4] == '-') {
        if (s[5] != 'W') return 10;
        if (len > 8 && s[8] == '-') {
            if (len == 9) return std::nullopt;
            if (len > 10 && is_digit(s[10])) return 8;
            return 10;
        }
        return 8;
    }
    if (s[4] != 'W') return 8;
    std::size_t idx = 7;
    while (idx < len && is_digit(s[idx])) ++idx;
    if (idx < 9) return idx;
    return idx % 2 == 0 ? 7 : 8;
}

std::optional<IsoDate> parse_iso_date(const std::string& s) {
    std::size_t len = s.size(), p = 0;
    IsoDate d{};
    if (!digits(s, p, len, 4, d.year)) return std::nullopt;
    bool sep = p < len && s[p] == '-';
    if (sep) ++p;
    if (p < len && s[p] == 'W') {
        ++p;
        int week = 0, day = 1;
        if (!digits(s, p, len, 2, week)) return std::nullopt;
        if (p < len) {
            if (sep && s[p++] != '-') return std::nullopt;
            if (!digits(s, p, len, 1, day)) return std::nullopt;
        }
        if (d.year < kMinYear || d.year > kMaxYear) return std::nullopt;
        if (week <= 0 || week >= 53) {
            std::int64_t first = (ymd_to_ordinal(d.year, 1, 1) + 6) % 7;
            if (!(week == 53 && (first == 3 || (first == 2 && is_leap(d.year))))) return std::nullopt;
        }
        if (day <= 0 || day >= 8) return std::nullopt;
        std::int64_t ord = iso_week1_monday(d.year) + (week - 1) * 7 + day - 1;
        if (ord < 1 || ord > kMaxOrdinal) return std::nullopt;
        ordinal_to_ymd(ord, d.year, d.month, d.day);
        return d;
    }
    if (!digits(s, p, len, 2, d.month)) return std::nullopt;
    if (sep && (p >= len || s[p++] != '-')) return std::nullopt;
    if (!digits(s, p, len, 2, d.day)) return std::nullopt;
    return d;
}

std::optional<IsoClock> parse_iso_clock(const std::string& s) {
    std::size_t end = s.size();
    std::size_t tz = 0;
    while (tz < end && s[tz] != 'Z' && s[tz] != '+' && s[tz] != '-') ++tz;
    int v[4];
    int rv = parse_hms(s.substr(0, tz), v);
    if (rv < 0) return std::nullopt;
    IsoClock c;
    c.hour = v[0];
    c.minute = v[1];
    c.second = v[2];
    c.micro = v[3];
    if (tz == end) return rv == 1 ? std::nullopt : std::optional<IsoClock>(c);
    if (s[tz] == 'Z') {
        if (tz + 1 != end) return std::nullopt;
        c.offset = 0;
        return c;
    }
    int sign = s[tz] == '-' ? -1 : 1;
    std::string rest = s.substr(tz + 1);
    int z[4];
    if (parse_hms(rest, z) != 0) return std::nullopt;
    c.offset = sign * ((static_cast<std::int64_t>(z[0]) * 3600 + z[1] * 60 + z[2]) * kMicrosPerSecond + z[3]);
    return c;
}

}  // namespace orm::python::dt
