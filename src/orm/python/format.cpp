// repr(), str(), format specs, str.format and `%` formatting, as CPython
// 3.11 writes them (Objects/unicodeobject.c, Python/formatter_unicode.c,
// Python/pystrtod.c): the text a model computes for a table name or a
// server default must be exactly Python's.
//
//   format_spec := [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]
//   %-spec      := "%" ["(" key ")"] flags* [width | "*"] ["." (precision | "*")] [length] type
//   str.format  := (text | "{{" | "}}" | "{" [field] ["!" conv] [":" spec] "}")*
//   field       := (name | index | "") ("." name | "[" key "]")*
#include "orm/python/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "orm/core/number.hpp"
#include "orm/python/exec.hpp"

namespace orm::python {

// ---------------------------------------------------------------- repr

std::string repr_string(std::string_view s) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char q = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, q);
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == static_cast<unsigned char>(q) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += q;
    return out;
}

namespace {

std::string repr_bytes(std::string_view s) {
    bool has_single = s.find('\'') != std::string_view::npos;
    bool has_double = s.find('"') != std::string_view::npos;
    char q = (has_single && !has_double) ? '"' : '\'';
    std::string out = "b";
    out += q;
    for (unsigned char c : s) {
        if (c == static_cast<unsigned char>(q) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c >= 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    out += q;
    return out;
}

// The shortest digits that round-trip `d` (> 0, finite) and the decimal
// exponent of the first digit: d = 0.d1d2... * 10^(exp+1).
void shortest_digits(double d, std::string& digits, int& exp10) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
    auto e = s.find('e');
    std::string_view mant = s.substr(0, e);
    exp10 = std::atoi(std::string(s.substr(e + 1)).c_str());
    digits.clear();
    for (char c : mant)
        if (c != '.') digits += c;
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
}

}  // namespace

std::string repr_float(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
    if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
    std::string sign = d < 0 ? "-" : "";
    std::string digits;
    int exp10;
    shortest_digits(std::fabs(d), digits, exp10);
    if (exp10 >= -4 && exp10 < 16) {
        if (exp10 < 0) return sign + "0." + std::string(static_cast<std::size_t>(-exp10 - 1), '0') + digits;
        if (static_cast<int>(digits.size()) <= exp10 + 1)
            return sign + digits + std::string(static_cast<std::size_t>(exp10 + 1 - static_cast<int>(digits.size())), '0') + ".0";
        return sign + digits.substr(0, static_cast<std::size_t>(exp10 + 1)) + "." + digits.substr(static_cast<std::size_t>(exp10 + 1));
    }
    std::string out = digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char buf[16];
    std::snprintf(buf, sizeof buf, "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
    return sign + out + buf;
}

std::string Interpreter::repr(const Value& v) {
    switch (v.tag()) {
        case Value::Tag::None: return "None";
        case Value::Tag::Bool: return v.as_bool() ? "True" : "False";
        case Value::Tag::Int: return std::to_string(v.as_int());
        case Value::Tag::Float: return repr_float(v.as_float());
        case Value::Tag::Obj: break;
    }
    DepthGuard guard(*this);
    auto join = [&](const std::vector<Value>& items) {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += ", ";
            out += repr(items[i]);
        }
        return out;
    };
    switch (v.obj()->kind()) {
        case ObjKind::Str: return repr_string(v.as<StrObject>()->value);
        case ObjKind::Bytes: return repr_bytes(v.as<BytesObject>()->value);
        case ObjKind::List: return "[" + join(v.as<ListObject>()->items) + "]";
        case ObjKind::Tuple: {
            auto& items = v.as<TupleObject>()->items;
            return "(" + join(items) + (items.size() == 1 ? ",)" : ")");
        }
        case ObjKind::Dict: {
            std::string out = "{";
            bool first = true;
            v.as<DictObject>()->for_each([&](const Value& k, const Value& x) {
                if (!first) out += ", ";
                first = false;
                out += repr(k) + ": " + repr(x);
            });
            return out + "}";
        }
        case ObjKind::Set: case ObjKind::FrozenSet: {
            auto keys = static_cast<DictObject*>(v.obj())->keys();
            bool frozen = v.is(ObjKind::FrozenSet);
            if (keys.empty()) return frozen ? "frozenset()" : "set()";
            std::string inner = "{" + join(keys) + "}";
            return frozen ? "frozenset(" + inner + ")" : inner;
        }
        case ObjKind::Range: {
            auto* r = v.as<RangeObject>();
            return "range(" + std::to_string(r->start) + ", " + std::to_string(r->stop) +
                   (r->step != 1 ? ", " + std::to_string(r->step) : "") + ")";
        }
        case ObjKind::Slice: {
            auto* s = v.as<SliceObject>();
            return "slice(" + repr(s->start) + ", " + repr(s->stop) + ", " + repr(s->step) + ")";
        }
        case ObjKind::Function: return "<function " + v.as<FunctionObject>()->qualname + ">";
        case ObjKind::Native: return "<built-in function " + v.as<NativeObject>()->name + ">";
        case ObjKind::BoundMethod: {
            auto* b = v.as<BoundMethodObject>();
            std::string fname = b->func.as<FunctionObject>() ? b->func.as<FunctionObject>()->qualname
                              : b->func.as<NativeObject>() ? b->func.as<NativeObject>()->name : "?";
            return "<bound method " + fname + " of " + repr(b->self) + ">";
        }
        case ObjKind::Class: {
            auto* c = v.as<ClassObject>();
            if (c->module_name == "builtins") return "<class '" + c->name + "'>";
            return "<class '" + c->module_name + "." + c->qualname + "'>";
        }
        case ObjKind::Module: return "<module '" + v.as<ModuleObject>()->name + "'>";
        case ObjKind::Instance: {
            auto* inst = v.as<InstanceObject>();
            if (const Value* m = inst->cls->lookup("__repr__"); m && m != types.object->dict->find_str("__repr__")) {
                Value r = call(bind_attribute(*m, v, *inst->cls, {}), {}, {});
                if (auto* s = str_of(r)) return *s;
                raise(exc.TypeError, "__repr__ returned non-string (type " + type_name(r) + ")");
            }
            return default_repr(v);
        }
        case ObjKind::Host: return v.host<HostObject>()->repr(*this);
        case ObjKind::Opaque: return "<" + v.as<OpaqueObject>()->name + ">";
        case ObjKind::Property: return "<property object>";
        case ObjKind::ClassMethod: return "<classmethod object>";
        case ObjKind::StaticMethod: return "<staticmethod object>";
        case ObjKind::Super: return "<super object>";
        case ObjKind::Iterator: return "<" + v.as<IteratorObject>()->type_name() + " object>";
        default: return "<" + type_name(v) + " object>";
    }
}


std::string Interpreter::default_repr(const Value& v) {
    auto* inst = v.as<InstanceObject>();
    if (!inst) return repr(v);
    std::string native = inst->native_repr(*this);
    if (!native.empty()) return native;
    if (inst->cls->is_exception) {
        const Value* args = inst->dict ? inst->dict->find_str("args") : nullptr;
        std::string inner;
        if (args)
            if (auto* t = args->as<TupleObject>()) {
                for (std::size_t i = 0; i < t->items.size(); ++i) inner += (i ? ", " : "") + repr(t->items[i]);
            }
        return inst->cls->name + "(" + inner + ")";
    }
    if (!inst->builtin_value.is_none()) return repr(inst->builtin_value);
    return "<" + inst->cls->module_name + "." + inst->cls->qualname + " object>";
}

std::string Interpreter::str(const Value& v) {
    if (auto* s = v.as<StrObject>()) return s->value;
    if (auto* inst = v.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup("__str__"); m && m != types.object->dict->find_str("__str__")) {
            Value r = call(bind_attribute(*m, v, *inst->cls, {}), {}, {});
            if (auto* s = str_of(r)) return *s;
            raise(exc.TypeError, "__str__ returned non-string (type " + type_name(r) + ")");
        }
        if (inst->cls->is_exception) {
            const Value* args = inst->dict ? inst->dict->find_str("args") : nullptr;
            auto* t = args ? args->as<TupleObject>() : nullptr;
            if (!t || t->items.empty()) return "";
            if (t->items.size() == 1) return inst->cls->is_subclass_of(exc.KeyError) ? repr(t->items[0]) : str(t->items[0]);
            return repr(*args);
        }
        if (!inst->cls->lookup("__repr__") && !inst->builtin_value.is_none() && inst->native_repr(*this).empty())
            return str(inst->builtin_value);
    }
    if (auto* h = v.host<HostObject>())
        if (auto f = h->get_attr(*this, "__str__")) {
            Value r = call(*f, {}, {});
            if (auto* s = str_of(r)) return *s;
        }
    return repr(v);
}

// ---------------------------------------------------------------- format specs

namespace {

struct Spec {
    char fill = ' ';
    std::string fill_utf8 = " ";
    char align = 0;  // '<', '>', '^', '='
    char sign = '-';
    bool alternate = false;
    bool zero = false;
    int width = -1;
    char grouping = 0;
    int precision = -1;
    char type = 0;
};

Spec parse_spec(Interpreter& in, const std::string& s, SourceLocation loc) {
    Spec spec;
    std::size_t i = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    // A fill may be any character (UTF-8: one code point) before an align.
    std::size_t first_len = 1;
    if (!s.empty()) {
        unsigned char c0 = static_cast<unsigned char>(s[0]);
        first_len = c0 < 0x80 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4;
    }
    if (s.size() > first_len && is_align(s[first_len])) {
        spec.fill_utf8 = s.substr(0, first_len);
        spec.fill = s[0];
        spec.align = s[first_len];
        i = first_len + 1;
    } else if (!s.empty() && is_align(s[0])) {
        spec.align = s[0];
        i = 1;
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) spec.sign = s[i++];
    if (i < s.size() && s[i] == 'z') ++i;
    if (i < s.size() && s[i] == '#') { spec.alternate = true; ++i; }
    if (i < s.size() && s[i] == '0') {
        spec.zero = true;
        ++i;
    }
    int width = 0;
    bool have_width = false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        width = width * 10 + (s[i++] - '0');
        have_width = true;
    }
    if (have_width) spec.width = width;
    if (i < s.size() && (s[i] == ',' || s[i] == '_')) spec.grouping = s[i++];
    if (i < s.size() && s[i] == '.') {
        ++i;
        int p = 0;
        bool any = false;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            p = p * 10 + (s[i++] - '0');
            any = true;
        }
        if (!any) in.raise(in.exc.ValueError, "Format specifier missing precision", loc);
        spec.precision = p;
    }
    if (i < s.size()) spec.type = s[i++];
    if (i != s.size()) in.raise(in.exc.ValueError, "Invalid format specifier '" + s + "'", loc);
    if (spec.zero && !spec.align) {
        spec.fill = '0';
        spec.fill_utf8 = "0";
        spec.align = '=';
    }
    return spec;
}

std::size_t text_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad(const std::string& body, const std::string& sign_prefix, const Spec& spec, char default_align) {
    std::size_t len = text_width(body) + text_width(sign_prefix);
    if (spec.width < 0 || len >= static_cast<std::size_t>(spec.width)) return sign_prefix + body;
    std::size_t n = static_cast<std::size_t>(spec.width) - len;
    auto fill = [&](std::size_t k) {
        std::string out;
        for (std::size_t j = 0; j < k; ++j) out += spec.fill_utf8;
        return out;
    };
    char align = spec.align ? spec.align : default_align;
    switch (align) {
        case '<': return sign_prefix + body + fill(n);
        case '^': return fill(n / 2) + sign_prefix + body + fill(n - n / 2);
        case '=': return sign_prefix + fill(n) + body;
        default: return fill(n) + sign_prefix + body;
    }
}

std::string group(const std::string& digits, char sep, int every) {
    if (!sep) return digits;
    std::string out;
    int count = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        if (count && count % every == 0) out += sep;
        out += *it;
        ++count;
    }
    return std::string(out.rbegin(), out.rend());
}

std::string format_int(Interpreter& in, std::int64_t v, const Spec& spec, SourceLocation loc) {
    std::string sign = v < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    std::uint64_t mag = v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
    std::string digits, prefix;
    int every = 3;
    switch (spec.type) {
        case 0: case 'd': case 'n': digits = std::to_string(mag); break;
        case 'x': case 'X': {
            char buf[32];
            std::snprintf(buf, sizeof buf, spec.type == 'x' ? "%llx" : "%llX", static_cast<unsigned long long>(mag));
            digits = buf;
            if (spec.alternate) prefix = spec.type == 'x' ? "0x" : "0X";
            every = 4;
            break;
        }
        case 'o': {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%llo", static_cast<unsigned long long>(mag));
            digits = buf;
            if (spec.alternate) prefix = "0o";
            every = 4;
            break;
        }
        case 'b': {
            if (mag == 0) digits = "0";
            for (std::uint64_t m = mag; m; m >>= 1) digits.insert(digits.begin(), static_cast<char>('0' + (m & 1)));
            if (spec.alternate) prefix = "0b";
            every = 4;
            break;
        }
        case 'c': {
            std::string out;
            Value s = make_str("");
            std::string ch;
            std::uint64_t cp = mag;
            if (cp < 0x80) ch = std::string(1, static_cast<char>(cp));
            else if (cp < 0x800) { ch += static_cast<char>(0xC0 | (cp >> 6)); ch += static_cast<char>(0x80 | (cp & 0x3F)); }
            else { ch += static_cast<char>(0xE0 | (cp >> 12)); ch += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); ch += static_cast<char>(0x80 | (cp & 0x3F)); }
            return pad(ch, "", spec, '<');
        }
        default:
            in.raise(in.exc.ValueError, std::string("Unknown format code '") + spec.type + "' for object of type 'int'", loc);
    }
    digits = group(digits, spec.grouping, every);
    return pad(digits, sign + prefix, spec, '>');
}

std::string fixed(double v, int precision) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", precision, v);
    return buf;
}

std::string format_float(Interpreter& in, double v, const Spec& spec, SourceLocation loc) {
    bool neg = std::signbit(v) && !std::isnan(v);
    double mag = std::fabs(v);
    std::string sign = neg ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    std::string body;
    char type = spec.type;
    int prec = spec.precision;
    if (std::isinf(mag) || std::isnan(mag)) {
        body = std::isnan(mag) ? "nan" : "inf";
        if (type == 'E' || type == 'F' || type == 'G') body = std::isnan(mag) ? "NAN" : "INF";
        return pad(body, sign, spec, '>');
    }
    switch (type) {
        case 'f': case 'F': body = fixed(mag, prec < 0 ? 6 : prec); break;
        case 'e': case 'E': {
            char buf[512];
            std::snprintf(buf, sizeof buf, type == 'e' ? "%.*e" : "%.*E", prec < 0 ? 6 : prec, mag);
            body = buf;
            break;
        }
        case '%': body = fixed(mag * 100, prec < 0 ? 6 : prec) + "%"; break;
        case 'g': case 'G': case 'n': {
            char buf[512];
            std::snprintf(buf, sizeof buf, type == 'G' ? (spec.alternate ? "%#.*G" : "%.*G") : (spec.alternate ? "%#.*g" : "%.*g"),
                          prec < 0 ? 6 : (prec == 0 ? 1 : prec), mag);
            body = buf;
            break;
        }
        case 0:
            if (prec < 0) {
                body = repr_float(mag);
            } else {
                char buf[512];
                std::snprintf(buf, sizeof buf, "%.*g", prec == 0 ? 1 : prec, mag);
                body = buf;
                if (body.find_first_of(".e") == std::string::npos && body.find("inf") == std::string::npos) body += ".0";
            }
            break;
        default:
            in.raise(in.exc.ValueError, std::string("Unknown format code '") + type + "' for object of type 'float'", loc);
    }
    if (spec.grouping) {
        auto dot = body.find_first_of(".eE%");
        std::string ip = body.substr(0, dot);
        body = group(ip, spec.grouping, 3) + (dot == std::string::npos ? "" : body.substr(dot));
    }
    return pad(body, sign, spec, '>');
}

}  // namespace

std::string format_with_spec(Interpreter& in, const Value& v, const std::string& spec_text, SourceLocation loc) {
    if (auto* inst = v.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup("__format__"))
            return in.str(in.call(in.bind_attribute(*m, v, *inst->cls, loc), {make_str(spec_text)}, loc));
        if (!inst->builtin_value.is_none() && !spec_text.empty())
            return format_with_spec(in, inst->builtin_value, spec_text, loc);
    }
    if (auto* h = v.host<HostObject>())
        if (auto f = h->get_attr(in, "__format__")) return in.str(in.call(*f, {make_str(spec_text)}, loc));
    if (spec_text.empty()) return in.str(v);
    Spec spec = parse_spec(in, spec_text, loc);
    if (v.is_intlike() && !v.is_bool()) {
        if (spec.type && std::string("eEfFgG%").find(spec.type) != std::string::npos)
            return format_float(in, static_cast<double>(v.as_int()), spec, loc);
        return format_int(in, v.as_int(), spec, loc);
    }
    if (v.is_bool() && spec.type && spec.type != 's') return format_int(in, v.as_int(), spec, loc);
    if (v.is_float()) return format_float(in, v.as_float(), spec, loc);
    std::string s = in.str(v);
    if (spec.type && spec.type != 's')
        in.raise(in.exc.ValueError, std::string("Unknown format code '") + spec.type + "' for object of type '" +
                                        in.type_name(v) + "'", loc);
    if (spec.precision >= 0) {
        std::size_t n = 0, i = 0;
        for (; i < s.size(); ++i) {
            if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
                if (n == static_cast<std::size_t>(spec.precision)) break;
                ++n;
            }
        }
        s = s.substr(0, i);
    }
    return pad(s, "", spec, '<');
}

std::string Interpreter::format(const Value& v, const std::string& spec, SourceLocation loc) {
    return format_with_spec(*this, v, spec, loc);
}

// ---------------------------------------------------------------- % formatting

namespace {

// The flags, width and precision of one % conversion, read from fmt[i] on;
// leaves i at the conversion's type character. A `*` width or precision
// takes the next argument.
template <class TakeArgument>
Spec percent_spec(Interpreter& in, const std::string& fmt, std::size_t& i, TakeArgument&& take, SourceLocation loc) {
    Spec spec;
    spec.sign = '-';
    for (; i < fmt.size(); ++i) {
        char f = fmt[i];
        if (f == '-') spec.align = '<';
        else if (f == '+') spec.sign = '+';
        else if (f == ' ') { if (spec.sign != '+') spec.sign = ' '; }
        else if (f == '#') spec.alternate = true;
        else if (f == '0') spec.zero = true;
        else break;
    }
    if (i < fmt.size() && fmt[i] == '*') {
        Value w = take();
        spec.width = static_cast<int>(w.as_int());
        ++i;
    } else {
        int w = 0;
        bool any = false;
        while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) { w = w * 10 + (fmt[i++] - '0'); any = true; }
        if (any) spec.width = w;
    }
    if (i < fmt.size() && fmt[i] == '.') {
        ++i;
        if (i < fmt.size() && fmt[i] == '*') {
            spec.precision = static_cast<int>(take().as_int());
            ++i;
        } else {
            int p = 0;
            while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) p = p * 10 + (fmt[i++] - '0');
            spec.precision = p;
        }
    }
    while (i < fmt.size() && (fmt[i] == 'l' || fmt[i] == 'h' || fmt[i] == 'L')) ++i;
    if (i >= fmt.size()) in.raise(in.exc.ValueError, "incomplete format", loc);
    if (spec.zero && spec.align != '<') {
        spec.fill = '0';
        spec.fill_utf8 = "0";
        spec.align = '=';
    }
    return spec;
}

// One % conversion (%s, %d, %f, ...) of `v`.
std::string percent_conversion(Interpreter& in, char type, Spec spec, const Value& v, SourceLocation loc) {
    std::string out;
    switch (type) {
        case 's': case 'r': case 'a': {
            std::string s = type == 's' ? in.str(v) : in.repr(v);
            if (spec.precision >= 0 && s.size() > static_cast<std::size_t>(spec.precision)) s = s.substr(0, static_cast<std::size_t>(spec.precision));
            spec.fill = ' ';
            spec.fill_utf8 = " ";
            if (spec.align == '=') spec.align = 0;
            out += pad(s, "", spec, '>');
            break;
        }
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c': {
            Value n = v;
            if (auto* inst = v.as<InstanceObject>(); inst && !inst->builtin_value.is_none()) n = inst->builtin_value;
            if (n.is_float()) n = Value::integer(static_cast<std::int64_t>(n.as_float()));
            if (!n.is_intlike()) in.raise(in.exc.TypeError, std::string("%") + type + " format: a real number is required, not " + in.type_name(v), loc);
            Spec s2 = spec;
            s2.type = (type == 'i' || type == 'u') ? 'd' : type;
            if (type == 'o' && spec.alternate) s2.alternate = true;
            out += format_int(in, n.as_int(), s2, loc);
            break;
        }
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
            Value n = v;
            if (auto* inst = v.as<InstanceObject>(); inst && !inst->builtin_value.is_none()) n = inst->builtin_value;
            if (!n.is_intlike() && !n.is_float()) {
                if (auto* h = n.host<HostObject>())
                    if (auto f = h->get_attr(in, "__float__")) n = in.call(*f, {}, loc);
            }
            if (!n.is_intlike() && !n.is_float())
                in.raise(in.exc.TypeError, "must be real number, not " + in.type_name(v), loc);
            Spec s2 = spec;
            s2.type = type;
            if (s2.precision < 0) s2.precision = 6;
            out += format_float(in, n.is_float() ? n.as_float() : static_cast<double>(n.as_int()), s2, loc);
            break;
        }
        default:
            in.raise(in.exc.ValueError, std::string("unsupported format character '") + type + "'", loc);
    }
    return out;
}

}  // namespace

std::string percent_format(Interpreter& in, const std::string& fmt, const Value& args, SourceLocation loc) {
    std::vector<Value> items;
    const DictObject* mapping = nullptr;
    if (auto* t = args.as<TupleObject>()) items = t->items;
    else {
        items.push_back(args);
        if (args.is(ObjKind::Dict)) mapping = args.as<DictObject>();
    }
    std::size_t next = 0;
    auto take = [&]() -> Value {
        if (next >= items.size()) in.raise(in.exc.TypeError, "not enough arguments for format string", loc);
        return items[next++];
    };
    std::string out;
    bool used_mapping = false;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        char c = fmt[i];
        if (c != '%') {
            out += c;
            continue;
        }
        if (++i >= fmt.size()) in.raise(in.exc.ValueError, "incomplete format", loc);
        if (fmt[i] == '%') {
            out += '%';
            continue;
        }
        std::optional<Value> value;
        if (fmt[i] == '(') {
            auto close = fmt.find(')', i);
            if (close == std::string::npos) in.raise(in.exc.ValueError, "incomplete format key", loc);
            std::string key = fmt.substr(i + 1, close - i - 1);
            if (!mapping) in.raise(in.exc.TypeError, "format requires a mapping", loc);
            const Value* v = mapping->find_str(key);
            if (!v) in.raise_value(in.make_exception(in.exc.KeyError, {make_str(key)}), loc);
            value = *v;
            used_mapping = true;
            i = close + 1;
        }
        Spec spec = percent_spec(in, fmt, i, take, loc);
        char type = fmt[i];
        Value v = value ? *value : take();
        out += percent_conversion(in, type, spec, v, loc);
    }
    if (!used_mapping && !mapping && next < items.size() && args.is(ObjKind::Tuple))
        in.raise(in.exc.TypeError, "not all arguments converted during string formatting", loc);
    if (!used_mapping && !args.is(ObjKind::Tuple) && next == 0 && !mapping)
        in.raise(in.exc.TypeError, "not all arguments converted during string formatting", loc);
    return out;
}

// ---------------------------------------------------------------- str.format

std::string str_format(Interpreter& in, const std::string& fmt, const CallArgs& args) {
    std::string out;
    std::size_t auto_index = 0;
    SourceLocation loc = args.loc;
    std::function<std::string(const std::string&)> expand;
    auto field_value = [&](const std::string& field) -> Value {
        std::size_t i = 0;
        while (i < field.size() && field[i] != '.' && field[i] != '[') ++i;
        std::string head = field.substr(0, i);
        Value v;
        if (head.empty()) {
            if (auto_index >= args.pos.size())
                in.raise(in.exc.IndexError, "Replacement index " + std::to_string(auto_index) + " out of range for positional args tuple", loc);
            v = args.pos[auto_index++];
        } else if (std::isdigit(static_cast<unsigned char>(head[0]))) {
            auto index = parse_integer<std::size_t>(head);
            if (!index || *index >= args.pos.size())
                in.raise(in.exc.IndexError, "Replacement index " + head + " out of range for positional args tuple", loc);
            v = args.pos[*index];
        } else {
            const Value* kv = args.kwarg(head);
            if (!kv) in.raise_value(in.make_exception(in.exc.KeyError, {make_str(head)}), loc);
            v = *kv;
        }
        while (i < field.size()) {
            if (field[i] == '.') {
                std::size_t j = i + 1;
                while (j < field.size() && field[j] != '.' && field[j] != '[') ++j;
                v = in.getattr(v, field.substr(i + 1, j - i - 1), loc);
                i = j;
            } else {
                auto close = field.find(']', i);
                if (close == std::string::npos) in.raise(in.exc.ValueError, "Missing ']' in format string", loc);
                std::string key = field.substr(i + 1, close - i - 1);
                bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
                auto index = numeric ? parse_integer<std::int64_t>(key) : std::nullopt;
                if (numeric && !index) in.raise(in.exc.IndexError, "cannot fit 'int' into an index-sized integer", loc);
                v = in.getitem(v, numeric ? Value::integer(*index) : make_str(key), loc);
                i = close + 1;
            }
        }
        return v;
    };
    expand = [&](const std::string& text) {
        std::string res;
        for (std::size_t i = 0; i < text.size(); ++i) {
            char c = text[i];
            if (c == '{') {
                if (i + 1 < text.size() && text[i + 1] == '{') {
                    res += '{';
                    ++i;
                    continue;
                }
                int depth = 1;
                std::size_t j = i + 1;
                for (; j < text.size() && depth; ++j) {
                    if (text[j] == '{') ++depth;
                    else if (text[j] == '}') --depth;
                    if (!depth) break;
                }
                if (depth) in.raise(in.exc.ValueError, "expected '}' before end of string", loc);
                std::string inner = text.substr(i + 1, j - i - 1);
                std::string field = inner, spec;
                char conv = 0;
                std::size_t k = 0;
                int bracket = 0;
                for (; k < inner.size(); ++k) {
                    if (inner[k] == '[') ++bracket;
                    else if (inner[k] == ']') --bracket;
                    else if (!bracket && (inner[k] == '!' || inner[k] == ':')) break;
                }
                field = inner.substr(0, k);
                if (k < inner.size() && inner[k] == '!') {
                    if (k + 1 >= inner.size()) in.raise(in.exc.ValueError, "end of string while looking for conversion specifier", loc);
                    conv = inner[k + 1];
                    k += 2;
                }
                if (k < inner.size() && inner[k] == ':') spec = expand(inner.substr(k + 1));
                Value v = field_value(field);
                if (conv == 'r' || conv == 'a') v = make_str(in.repr(v));
                else if (conv == 's') v = make_str(in.str(v));
                else if (conv) in.raise(in.exc.ValueError, std::string("Unknown conversion specifier ") + conv, loc);
                res += format_with_spec(in, v, spec, loc);
                i = j;
            } else if (c == '}') {
                if (i + 1 < text.size() && text[i + 1] == '}') {
                    res += '}';
                    ++i;
                    continue;
                }
                in.raise(in.exc.ValueError, "Single '}' encountered in format string", loc);
            } else {
                res += c;
            }
        }
        return res;
    };
    out = expand(fmt);
    return out;
}

}  // namespace orm::python
