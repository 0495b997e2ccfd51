// The json module: dumps/dump (CPython's output byte for byte: separators,
// indent, sort_keys, ensure_ascii, default=, cls= with a JSONEncoder
// subclass) and loads/load (a port of CPython's C scanner, so that
// JSONDecodeError carries the same message and position). Integers beyond
// 64 bits are an OverflowError: the interpreter's integers are 64-bit.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>

#include "orm/python/stdlib_support.hpp"

namespace orm::python {

namespace {

using support::bind_args;

// ---------------------------------------------------------------- encoding

struct EncodeOptions {
    bool skipkeys = false, ensure_ascii = true, allow_nan = true, sort_keys = false;
    std::optional<std::string> indent;
    std::string item_sep = ", ", key_sep = ": ";
    Value default_fn;
};

// The code point at s[i] (UTF-8), advancing i.
std::uint32_t next_code_point(const std::string& s, std::size_t& i) {
    auto c = static_cast<unsigned char>(s[i++]);
    if (c < 0x80) return c;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    std::uint32_t cp = c & (0x3F >> extra);
    for (int k = 0; k < extra && i < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

void quote(const std::string& s, bool ensure_ascii, std::string& out) {
    char buf[16];
    auto u = [&](std::uint32_t v) {
        std::snprintf(buf, sizeof buf, "\\u%04x", v);
        out += buf;
    };
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        std::size_t start = i;
        std::uint32_t cp = next_code_point(s, i);
        switch (cp) {
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            case '\n': out += "\\n"; continue;
            case '\r': out += "\\r"; continue;
            case '\t': out += "\\t"; continue;
            case '\b': out += "\\b"; continue;
            case '\f': out += "\\f"; continue;
            default: break;
        }
        if (cp < 0x20) u(cp);
        else if (!ensure_ascii || (cp >= 0x20 && cp < 0x7f)) out.append(s, start, i - start);
        else if (cp < 0x10000) u(cp);
        else {
            std::uint32_t v = cp - 0x10000;
            u(0xD800 | (v >> 10));
            u(0xDC00 | (v & 0x3FF));
        }
    }
    out += '"';
}

std::string float_text(Interpreter& in, double d, const EncodeOptions& o, SourceLocation loc) {
    if (std::isfinite(d)) return repr_float(d);
    if (!o.allow_nan) in.raise(in.exc.ValueError, "Out of range float values are not JSON compliant", loc);
    return std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
}

// A dict key as text; nullopt to skip it (skipkeys).
std::optional<std::string> key_text(Interpreter& in, const Value& k, const EncodeOptions& o, SourceLocation loc) {
    const Value& b = k.as<InstanceObject>() && !k.as<InstanceObject>()->builtin_value.is_none() ? k.as<InstanceObject>()->builtin_value : k;
    if (auto* s = str_of(k)) return *s;
    if (b.is_float()) return float_text(in, b.as_float(), o, loc);
    if (b.is_bool()) return std::string(b.as_bool() ? "true" : "false");
    if (b.is_none()) return std::string("null");
    if (b.is_int()) return std::to_string(b.as_int());
    if (o.skipkeys) return std::nullopt;
    in.raise(in.exc.TypeError, "keys must be str, int, float, bool or None, not " + in.type_name(k), loc);
}

void encode(Interpreter& in, const Value& v, const EncodeOptions& o, std::string& out, int level, SourceLocation loc);

void encode_items(Interpreter& in, char open, char close, std::size_t n, const EncodeOptions& o, std::string& out,
                  int level, const std::function<void(std::size_t, int)>& item) {
    if (n == 0) {
        out += open;
        out += close;
        return;
    }
    out += open;
    std::string newline;
    if (o.indent) {
        newline = "\n";
        for (int k = 0; k <= level; ++k) newline += *o.indent;
        out += newline;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out += o.item_sep + newline;
        item(i, level + 1);
    }
    if (o.indent) {
        out += "\n";
        for (int k = 0; k < level; ++k) out += *o.indent;
    }
    out += close;
}

void encode_dict(Interpreter& in, const DictObject& d, const EncodeOptions& o, std::string& out, int level, SourceLocation loc) {
    std::vector<std::pair<Value, Value>> items;
    d.for_each([&](const Value& k, const Value& v) { items.emplace_back(k, v); });
    if (o.sort_keys)
        std::stable_sort(items.begin(), items.end(), [&](const auto& x, const auto& y) { return in.less(x.first, y.first, loc); });
    std::vector<std::pair<std::string, Value>> kept;
    for (auto& [k, v] : items)
        if (auto text = key_text(in, k, o, loc)) kept.emplace_back(*text, v);
    encode_items(in, '{', '}', kept.size(), o, out, level, [&](std::size_t i, int inner) {
        quote(kept[i].first, o.ensure_ascii, out);
        out += o.key_sep;
        encode(in, kept[i].second, o, out, inner, loc);
    });
}

void encode(Interpreter& in, const Value& v, const EncodeOptions& o, std::string& out, int level, SourceLocation loc) {
    Interpreter::DepthGuard guard(in);
    in.step();
    if (v.is_none()) return void(out += "null");
    if (v.is_bool()) return void(out += v.as_bool() ? "true" : "false");
    if (auto* s = str_of(v)) return quote(*s, o.ensure_ascii, out);
    // Subclasses of int, float, list and dict (IntEnum members, OrderedDict) encode as their value.
    const Value& b = v.as<InstanceObject>() && !v.as<InstanceObject>()->builtin_value.is_none() ? v.as<InstanceObject>()->builtin_value : v;
    if (b.is_int()) return void(out += std::to_string(b.as_int()));
    if (b.is_float()) return void(out += float_text(in, b.as_float(), o, loc));
    const std::vector<Value>* seq = b.as<ListObject>() ? &b.as<ListObject>()->items : b.as<TupleObject>() ? &b.as<TupleObject>()->items : nullptr;
    if (seq) {
        std::vector<Value> items = *seq;
        encode_items(in, '[', ']', items.size(), o, out, level, [&](std::size_t i, int inner) { encode(in, items[i], o, out, inner, loc); });
        return;
    }
    if (b.is(ObjKind::Dict)) return encode_dict(in, *b.as<DictObject>(), o, out, level, loc);
    if (o.default_fn.is_none())
        in.raise(in.exc.TypeError, "Object of type " + in.type_of(v)->name + " is not JSON serializable", loc);
    encode(in, in.call(o.default_fn, {v}, loc), o, out, level, loc);
}

// The encoder options from dumps()/JSONEncoder() keywords.
EncodeOptions encode_options(Interpreter& in, const std::vector<const Value*>& v, SourceLocation loc) {
    // Order: skipkeys, ensure_ascii, check_circular, allow_nan, indent, separators, default, sort_keys.
    EncodeOptions o;
    auto flag = [&](std::size_t i, bool dflt) { return v[i] ? in.truthy(*v[i], loc) : dflt; };
    o.skipkeys = flag(0, false);
    o.ensure_ascii = flag(1, true);
    o.allow_nan = flag(3, true);
    o.sort_keys = flag(7, false);
    if (v[4] && !v[4]->is_none()) {
        if (auto i = support::int_of(*v[4])) o.indent = std::string(static_cast<std::size_t>(std::max<std::int64_t>(*i, 0)), ' ');
        else if (auto* s = str_of(*v[4])) o.indent = *s;
        else in.raise(in.exc.TypeError, "indent must be an int or a str", loc);
        o.item_sep = ",";
    }
    if (v[5] && !v[5]->is_none()) {
        auto parts = in.to_vector(*v[5], loc);
        if (parts.size() != 2 || !str_of(parts[0]) || !str_of(parts[1]))
            in.raise(in.exc.ValueError, "separators must be a (item_separator, key_separator) pair of str", loc);
        o.item_sep = *str_of(parts[0]);
        o.key_sep = *str_of(parts[1]);
    }
    if (v[6]) o.default_fn = *v[6];
    return o;
}

const std::initializer_list<std::string_view> kEncoderKeywords = {
    "skipkeys", "ensure_ascii", "check_circular", "allow_nan", "indent", "separators", "default", "sort_keys"};

// ---------------------------------------------------------------- decoding

struct Decoder {
    Decoder(Interpreter& i, const std::string& text, SourceLocation l, ClassObject* e) : in(i), s(text), loc(l), error(e) {}
    Interpreter& in;
    const std::string& s;
    SourceLocation loc;
    ClassObject* error;
    Value object_hook, pairs_hook, parse_float, parse_int, parse_constant;
    bool strict = true;

    [[noreturn]] void fail(const std::string& msg, std::size_t byte_pos) {
        std::int64_t pos = 0;   // characters, as Python counts positions
        for (std::size_t i = 0; i < byte_pos && i < s.size(); ++i)
            if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++pos;
        in.raise_value(in.call(Value(error), {make_str(msg), make_str(s), Value::integer(pos)}, loc), loc);
    }
    void ws(std::size_t& i) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    }
    bool at(std::size_t i, std::string_view word) const { return s.compare(i, word.size(), word) == 0; }

    Value constant(const char* name, double v) {
        if (!parse_constant.is_none()) return in.call(parse_constant, {make_str(name)}, loc);
        return Value::floating(v);
    }

    // One value at i, or "Expecting value" at i.
    Value value(std::size_t& i) {
        Interpreter::DepthGuard guard(in);
        in.step();
        if (i >= s.size()) fail("Expecting value", i);
        char c = s[i];
        if (c == '"') return string(i);
        if (c == '{') return object(i);
        if (c == '[') return array(i);
        if (c == 'n' && at(i, "null")) return i += 4, Value();
        if (c == 't' && at(i, "true")) return i += 4, Value::boolean(true);
        if (c == 'f' && at(i, "false")) return i += 5, Value::boolean(false);
        if (c == 'N' && at(i, "NaN")) return i += 3, constant("NaN", NAN);
        if (c == 'I' && at(i, "Infinity")) return i += 8, constant("Infinity", INFINITY);
        if (c == '-' && at(i, "-Infinity")) return i += 9, constant("-Infinity", -INFINITY);
        if (c == '-' || (c >= '0' && c <= '9')) {
            if (auto n = number(i)) return *n;
        }
        fail("Expecting value", i);
    }

    std::optional<Value> number(std::size_t& i) {
        std::size_t p = i;
        auto digit = [&](std::size_t q) { return q < s.size() && s[q] >= '0' && s[q] <= '9'; };
        if (s[p] == '-') ++p;
        if (!digit(p)) return std::nullopt;
        if (s[p] == '0') ++p;
        else
            while (digit(p)) ++p;
        bool is_float = false;
        if (p < s.size() && s[p] == '.' && digit(p + 1)) {
            is_float = true;
            p += 1;
            while (digit(p)) ++p;
        }
        if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
            std::size_t q = p + 1;
            if (q < s.size() && (s[q] == '+' || s[q] == '-')) ++q;
            if (digit(q)) {
                is_float = true;
                p = q;
                while (digit(p)) ++p;
            }
        }
        std::string text = s.substr(i, p - i);
        i = p;
        if (is_float) {
            if (!parse_float.is_none()) return in.call(parse_float, {make_str(text)}, loc);
            return Value::floating(std::strtod(text.c_str(), nullptr));
        }
        if (!parse_int.is_none()) return in.call(parse_int, {make_str(text)}, loc);
        errno = 0;
        long long v = std::strtoll(text.c_str(), nullptr, 10);
        if (errno == ERANGE)
            in.raise(in.exc.OverflowError, "JSON integer " + text + " is beyond 64 bits: orm's interpreter keeps integers within 64 bits", loc);
        return Value::integer(v);
    }

    // Four hex digits at p; -1 when one is not hex.
    long hex4(std::size_t p) {
        long v = 0;
        for (std::size_t k = p; k < p + 4; ++k) {
            char ch = s[k];
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    // The string whose opening quote is at i (CPython's scanstring).
    Value string(std::size_t& i) {
        std::size_t begin = i, end = i + 1;
        std::string out;
        while (true) {
            std::size_t next = end;
            while (next < s.size() && s[next] != '"' && s[next] != '\\') {
                if (static_cast<unsigned char>(s[next]) <= 0x1f && strict) fail("Invalid control character at", next);
                ++next;
            }
            if (next >= s.size()) fail("Unterminated string starting at", begin);
            out.append(s, end, next - end);
            if (s[next] == '"') {
                i = next + 1;
                return make_str(out);
            }
            ++next;   // past the backslash
            if (next == s.size()) fail("Unterminated string starting at", begin);
            char c = s[next];
            if (c != 'u') {
                end = next + 1;
                const char* simple = nullptr;
                switch (c) {
                    case '"': simple = "\""; break;
                    case '\\': simple = "\\"; break;
                    case '/': simple = "/"; break;
                    case 'b': simple = "\b"; break;
                    case 'f': simple = "\f"; break;
                    case 'n': simple = "\n"; break;
                    case 'r': simple = "\r"; break;
                    case 't': simple = "\t"; break;
                    default: fail("Invalid \\escape", end - 2);
                }
                out += simple;
                continue;
            }
            ++next;
            end = next + 4;
            if (end >= s.size()) fail("Invalid \\uXXXX escape", next - 1);
            long cp = hex4(next);
            if (cp < 0) fail("Invalid \\uXXXX escape", end - 5);
            if (cp >= 0xD800 && cp <= 0xDBFF && end + 6 < s.size() && s[end] == '\\' && s[end + 1] == 'u') {
                long low = hex4(end + 2);
                if (low < 0) fail("Invalid \\uXXXX escape", end + 1);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    end += 6;
                }
            }
            append_utf8(out, static_cast<std::uint32_t>(cp));
        }
    }

    Value object(std::size_t& i) {
        std::size_t p = i + 1;
        std::vector<std::pair<Value, Value>> pairs;
        ws(p);
        if (p >= s.size() || s[p] != '}') {
            while (true) {
                if (p >= s.size() || s[p] != '"') fail("Expecting property name enclosed in double quotes", p);
                Value key = string(p);
                ws(p);
                if (p >= s.size() || s[p] != ':') fail("Expecting ':' delimiter", p);
                ++p;
                ws(p);
                Value v = value(p);
                pairs.emplace_back(key, v);
                ws(p);
                if (p < s.size() && s[p] == '}') break;
                if (p >= s.size() || s[p] != ',') fail("Expecting ',' delimiter", p);
                ++p;
                ws(p);
            }
        }
        i = p + 1;
        if (!pairs_hook.is_none()) {
            std::vector<Value> items;
            for (auto& [k, v] : pairs) items.push_back(make_tuple({k, v}));
            return in.call(pairs_hook, {make_list(items)}, loc);
        }
        Ref<DictObject> d = make_dict();
        for (auto& [k, v] : pairs) d->set(in, k, v);
        if (!object_hook.is_none()) return in.call(object_hook, {Value(d)}, loc);
        return Value(d);
    }

    Value array(std::size_t& i) {
        std::size_t p = i + 1;
        std::vector<Value> items;
        ws(p);
        if (p < s.size() && s[p] != ']') {
            while (true) {
                items.push_back(value(p));
                ws(p);
                if (p < s.size() && s[p] == ']') break;
                if (p >= s.size() || s[p] != ',') fail("Expecting ',' delimiter", p);
                ++p;
                ws(p);
            }
        }
        if (p >= s.size() || s[p] != ']') fail("Expecting value", p);
        i = p + 1;
        return make_list(std::move(items));
    }

    Value document() {
        if (s.compare(0, 3, "\xEF\xBB\xBF") == 0) fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
        std::size_t i = 0;
        ws(i);
        Value v = value(i);
        ws(i);
        if (i != s.size()) fail("Extra data", i);
        return v;
    }
};

Value loads(Interpreter& in, ClassObject* error, const Value& doc, const std::vector<const Value*>& hooks, SourceLocation loc) {
    std::string text;
    if (auto* s = str_of(doc)) text = *s;
    else if (auto* b = doc.as<BytesObject>()) text = b->value;
    else in.raise(in.exc.TypeError, "the JSON object must be str, bytes or bytearray, not " + in.type_name(doc), loc);
    Decoder d(in, text, loc, error);
    // Order: object_hook, parse_float, parse_int, parse_constant, object_pairs_hook, strict.
    auto hook = [&](std::size_t i) { return hooks[i] ? *hooks[i] : Value(); };
    d.object_hook = hook(0);
    d.parse_float = hook(1);
    d.parse_int = hook(2);
    d.parse_constant = hook(3);
    d.pairs_hook = hook(4);
    if (hooks[5]) d.strict = in.truthy(*hooks[5], loc);
    return d.document();
}

// ---------------------------------------------------------------- module

Ref<ClassObject> error_class(Interpreter& in) {
    Ref<ClassObject> cls = support::make_module_class(in, "JSONDecodeError", {in.exc.ValueError}, "json");
    in.add_method(*cls, "__init__", [](Interpreter& in, CallArgs& a) {
        auto v = bind_args(in, a, 1, "JSONDecodeError", {"msg", "doc", "pos"}, 3);
        const std::string* msg = str_of(*v[0]);
        const std::string* doc = str_of(*v[1]);
        std::int64_t pos = support::int_arg(in, *v[2], a.loc);
        if (!msg || !doc) in.raise(in.exc.TypeError, "JSONDecodeError(msg, doc, pos) takes two str and an int", a.loc);
        // lineno and colno count characters, as Python does.
        std::int64_t line = 1, col = 1, chars = 0;
        for (std::size_t i = 0; i < doc->size() && chars < pos; ++i) {
            if ((static_cast<unsigned char>((*doc)[i]) & 0xC0) == 0x80) continue;
            ++chars;
            if ((*doc)[i] == '\n') line += 1, col = 1;
            else ++col;
        }
        auto* self = a.pos[0].as<InstanceObject>();
        std::string text = *msg + ": line " + std::to_string(line) + " column " + std::to_string(col) + " (char " + std::to_string(pos) + ")";
        self->attrs().set_str("args", make_tuple({make_str(text)}));
        self->attrs().set_str("msg", *v[0]);
        self->attrs().set_str("doc", *v[1]);
        self->attrs().set_str("pos", Value::integer(pos));
        self->attrs().set_str("lineno", Value::integer(line));
        self->attrs().set_str("colno", Value::integer(col));
        return Value();
    });
    return cls;
}

void encoder_class(Interpreter& in, ClassObject& cls) {
    in.add_method(cls, "__init__", [](Interpreter& in, CallArgs& a) {
        auto v = bind_args(in, a, 1, "JSONEncoder", kEncoderKeywords, 0, 0);
        DictObject& attrs = a.pos[0].as<InstanceObject>()->attrs();
        std::size_t i = 0;
        for (std::string_view name : kEncoderKeywords) {
            if (v[i] && (name != "default" || !v[i]->is_none())) attrs.set_str(name, *v[i]);
            ++i;
        }
        return Value();
    });
    in.add_method(cls, "default", [](Interpreter& in, CallArgs& a) -> Value {
        const Value& o = a.pos.size() > 1 ? a.pos[1] : Value();
        in.raise(in.exc.TypeError, "Object of type " + in.type_of(o)->name + " is not JSON serializable", a.loc);
    });
    in.add_method(cls, "encode", [](Interpreter& in, CallArgs& a) {
        auto v = bind_args(in, a, 1, "encode", {"o"}, 1);
        // The options are the instance's attributes (default: its method, or the function given).
        std::vector<std::optional<Value>> got;
        for (std::string_view name : kEncoderKeywords) got.push_back(in.getattr_opt(a.pos[0], name, a.loc));
        std::vector<const Value*> ptrs;
        for (auto& g : got) ptrs.push_back(g ? &*g : nullptr);
        EncodeOptions o = encode_options(in, ptrs, a.loc);
        std::string out;
        encode(in, *v[0], o, out, 0, a.loc);
        return make_str(out);
    });
}

const std::initializer_list<std::string_view> kDecoderKeywords = {"object_hook", "parse_float", "parse_int",
                                                                 "parse_constant", "object_pairs_hook", "strict"};

// JSONDecoder: its options are instance attributes (so subclasses may set
// them in __init__ or pass them to super().__init__), decode() reads them.
void decoder_class(Interpreter& in, ClassObject& cls, ClassObject* error) {
    in.add_method(cls, "__init__", [](Interpreter& in, CallArgs& a) {
        auto v = bind_args(in, a, 1, "JSONDecoder", kDecoderKeywords, 0, 0);
        DictObject& attrs = a.pos[0].as<InstanceObject>()->attrs();
        std::size_t i = 0;
        for (std::string_view name : kDecoderKeywords) {
            attrs.set_str(name, v[i] ? *v[i] : (name == "strict" ? Value::boolean(true) : Value()));
            ++i;
        }
        return Value();
    });
    Ref<ClassObject> error_ref(error);
    in.add_method(cls, "decode", [error_ref](Interpreter& in, CallArgs& a) {
        auto v = bind_args(in, a, 1, "decode", {"s"}, 1);
        std::vector<std::optional<Value>> got;
        for (std::string_view name : kDecoderKeywords) {
            auto value = in.getattr_opt(a.pos[0], name, a.loc);
            got.push_back(value && !value->is_none() ? value : std::nullopt);
        }
        return loads(in, error_ref.get(), *v[0], {got[0] ? &*got[0] : nullptr, got[1] ? &*got[1] : nullptr,
                                                  got[2] ? &*got[2] : nullptr, got[3] ? &*got[3] : nullptr,
                                                  got[4] ? &*got[4] : nullptr, got[5] ? &*got[5] : nullptr}, a.loc);
    });
}

Value dumps(Interpreter& in, CallArgs& a, std::size_t skip) {
    // Binding by hand: dumps's options are keyword-only, and **kw goes to cls.
    if (a.pos.size() != skip + 1) in.raise(in.exc.TypeError, "dumps() takes 1 positional argument but " + std::to_string(a.pos.size() - skip) + " were given", a.loc);
    const Value* cls = a.kwarg("cls");
    if (cls && !cls->is_none()) {
        CallArgs ca;
        ca.loc = a.loc;
        for (auto& [k, v] : a.kw)
            if (k != "cls") ca.kw.emplace_back(k, v);
        Value encoder = in.call(*cls, ca);
        return in.call(in.getattr(encoder, "encode", a.loc), {a.pos[skip]}, a.loc);
    }
    std::vector<const Value*> opts;
    for (std::string_view name : kEncoderKeywords) opts.push_back(a.kwarg(name));
    for (auto& [k, v] : a.kw)
        if (std::find(kEncoderKeywords.begin(), kEncoderKeywords.end(), k) == kEncoderKeywords.end())
            in.raise(in.exc.TypeError, "__init__() got an unexpected keyword argument '" + k + "'", a.loc);
    EncodeOptions o = encode_options(in, opts, a.loc);
    std::string out;
    encode(in, a.pos[skip], o, out, 0, a.loc);
    return make_str(out);
}

void fill_json(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    Ref<ClassObject> error = error_class(in);
    d.set_str("JSONDecodeError", Value(error));
    Ref<ClassObject> encoder = support::make_module_class(in, "JSONEncoder", {}, "json");
    encoder_class(in, *encoder);
    d.set_str("JSONEncoder", Value(encoder));
    Ref<ClassObject> decoder = support::make_module_class(in, "JSONDecoder", {}, "json");
    decoder_class(in, *decoder, error.get());
    d.set_str("JSONDecoder", Value(decoder));
    d.set_str("dumps", make_native("json.dumps", [](Interpreter& in, CallArgs& a) { return dumps(in, a, 0); }));
    d.set_str("dump", make_native("json.dump", [](Interpreter& in, CallArgs& a) {
        // dump(obj, fp): the text goes to fp.write(), in one piece.
        if (a.pos.size() != 2) in.raise(in.exc.TypeError, "dump() takes 2 positional arguments (obj, fp)", a.loc);
        Value fp = a.pos[1];
        CallArgs rest = a;
        rest.pos.pop_back();
        Value text = dumps(in, rest, 0);
        in.call(in.getattr(fp, "write", a.loc), {text}, a.loc);
        return Value();
    }));
    d.set_str("loads", make_native("json.loads", [error](Interpreter& in, CallArgs& a) {
        auto v = bind_args(in, a, 0, "loads", {"s", "cls", "object_hook", "parse_float", "parse_int", "parse_constant",
                                                "object_pairs_hook", "strict"}, 1, 1);
        return loads(in, error.get(), *v[0], {v[2], v[3], v[4], v[5], v[6], v[7]}, a.loc);
    }));
    d.set_str("load", make_native("json.load", [error](Interpreter& in, CallArgs& a) {
        auto v = bind_args(in, a, 0, "load", {"fp", "cls", "object_hook", "parse_float", "parse_int", "parse_constant",
                                               "object_pairs_hook", "strict"}, 1, 1);
        Value text = in.call(in.getattr(*v[0], "read", a.loc), {}, a.loc);
        return loads(in, error.get(), text, {v[2], v[3], v[4], v[5], v[6], v[7]}, a.loc);
    }));
}

}  // namespace

namespace support {

void register_json(Interpreter& in) { in.register_module("json", fill_json); }

}  // namespace support

}  // namespace orm::python
