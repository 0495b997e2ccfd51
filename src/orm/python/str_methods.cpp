// The methods of str and bytes: case, splitting, searching, formatting,
// predicates and padding, each group installed by its own function (the
// rest of the built-in types' methods are in methods.cpp).
#include <algorithm>
#include <cmath>

#include "orm/python/format.hpp"
#include "orm/python/methods.hpp"

namespace orm::python {

namespace {

const std::string& self_str(Interpreter& in, const CallArgs& a) {
    const std::string* s = a.pos.empty() ? nullptr : str_of(a.pos[0]);
    if (!s) in.raise(in.exc.TypeError, "descriptor requires a 'str' object", a.loc);
    return *s;
}

std::string str_arg(Interpreter& in, const CallArgs& a, std::size_t i, const char* what) {
    if (i >= a.pos.size()) in.raise(in.exc.TypeError, std::string(what) + " missing a required argument", a.loc);
    const std::string* s = str_of(a.pos[i]);
    if (!s) in.raise(in.exc.TypeError, std::string(what) + " argument must be str, not " + in.type_name(a.pos[i]), a.loc);
    return *s;
}

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string strip(const std::string& s, const std::string* chars, bool left, bool right) {
    auto is_strip = [&](char c) { return chars ? chars->find(c) != std::string::npos : is_space(static_cast<unsigned char>(c)); };
    std::size_t b = 0, e = s.size();
    if (left)
        while (b < e && is_strip(s[b])) ++b;
    if (right)
        while (e > b && is_strip(s[e - 1])) --e;
    return s.substr(b, e - b);
}

std::vector<Value> split(const std::string& s, const std::string* sep, std::int64_t maxsplit) {
    std::vector<Value> out;
    if (!sep) {
        std::size_t i = 0;
        while (i < s.size()) {
            while (i < s.size() && is_space(static_cast<unsigned char>(s[i]))) ++i;
            if (i >= s.size()) break;
            if (maxsplit >= 0 && static_cast<std::int64_t>(out.size()) == maxsplit) {
                std::string rest = s.substr(i);
                while (!rest.empty() && is_space(static_cast<unsigned char>(rest.back()))) rest.pop_back();
                out.push_back(make_str(rest));
                return out;
            }
            std::size_t j = i;
            while (j < s.size() && !is_space(static_cast<unsigned char>(s[j]))) ++j;
            out.push_back(make_str(s.substr(i, j - i)));
            i = j;
        }
        return out;
    }
    std::size_t start = 0;
    while (true) {
        if (maxsplit >= 0 && static_cast<std::int64_t>(out.size()) == maxsplit) break;
        std::size_t p = s.find(*sep, start);
        if (p == std::string::npos) break;
        out.push_back(make_str(s.substr(start, p - start)));
        start = p + sep->size();
    }
    out.push_back(make_str(s.substr(start)));
    return out;
}

std::vector<Value> rsplit(const std::string& s, const std::string* sep, std::int64_t maxsplit) {
    if (maxsplit < 0) return split(s, sep, maxsplit);
    std::vector<Value> out;
    if (!sep) {
        std::string t = strip(s, nullptr, false, true);
        std::size_t end = t.size();
        while (end > 0) {
            if (static_cast<std::int64_t>(out.size()) == maxsplit) {
                out.push_back(make_str(strip(t.substr(0, end), nullptr, true, true)));
                break;
            }
            std::size_t j = end;
            while (j > 0 && !is_space(static_cast<unsigned char>(t[j - 1]))) --j;
            out.push_back(make_str(t.substr(j, end - j)));
            while (j > 0 && is_space(static_cast<unsigned char>(t[j - 1]))) --j;
            end = j;
        }
        std::reverse(out.begin(), out.end());
        return out;
    }
    std::size_t end = s.size();
    while (static_cast<std::int64_t>(out.size()) < maxsplit) {
        std::size_t p = end >= sep->size() ? s.rfind(*sep, end - sep->size()) : std::string::npos;
        if (p == std::string::npos) break;
        out.push_back(make_str(s.substr(p + sep->size(), end - p - sep->size())));
        end = p;
    }
    out.push_back(make_str(s.substr(0, end)));
    std::reverse(out.begin(), out.end());
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string title(const std::string& s) {
    std::string out = s;
    bool prev_cased = false;
    for (auto& c : out) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalpha(u)) {
            c = static_cast<char>(prev_cased ? std::tolower(u) : std::toupper(u));
            prev_cased = true;
        } else {
            prev_cased = false;
        }
    }
    return out;
}

// Byte offsets for start/end character positions (str.find(sub, start, end)).
std::pair<std::size_t, std::size_t> bounds(Interpreter& in, const std::string& s, const CallArgs& a, std::size_t first) {
    std::int64_t n = static_cast<std::int64_t>(s.size());
    auto get = [&](std::size_t i, std::int64_t dflt) {
        if (i >= a.pos.size() || a.pos[i].is_none()) return dflt;
        std::int64_t v = a.pos[i].as_int();
        if (v < 0) v = std::max<std::int64_t>(0, v + n);
        return std::min(v, n);
    };
    (void)in;
    return {static_cast<std::size_t>(get(first, 0)), static_cast<std::size_t>(get(first + 1, n))};
}

bool matches_affix(Interpreter& in, const std::string& s, const Value& affix, bool prefix, SourceLocation loc) {
    auto test = [&](const Value& v) {
        const std::string* x = str_of(v);
        if (!x) {
            if (auto* b = v.as<BytesObject>()) x = &b->value;
            else in.raise(in.exc.TypeError, std::string(prefix ? "startswith" : "endswith") + " first arg must be str or a tuple of str", loc);
        }
        if (x->size() > s.size()) return false;
        return prefix ? s.compare(0, x->size(), *x) == 0 : s.compare(s.size() - x->size(), x->size(), *x) == 0;
    };
    if (auto* t = affix.as<TupleObject>()) {
        for (auto& x : t->items)
            if (test(x)) return true;
        return false;
    }
    return test(affix);
}

bool all_chars(const std::string& s, int (*pred)(int)) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (c >= 0x80 || !pred(c)) return false;
    return true;
}

std::string justify(Interpreter& in, const CallArgs& a, char how) {
    const std::string& s = self_str(in, a);
    std::int64_t width = a.pos.size() > 1 ? a.pos[1].as_int() : 0;
    std::string fill = a.pos.size() > 2 && str_of(a.pos[2]) ? *str_of(a.pos[2]) : " ";
    std::size_t len = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++len;
    if (width <= static_cast<std::int64_t>(len)) return s;
    std::size_t n = static_cast<std::size_t>(width) - len;
    auto rep = [&](std::size_t k) {
        std::string out;
        for (std::size_t i = 0; i < k; ++i) out += fill;
        return out;
    };
    if (how == '<') return s + rep(n);
    if (how == '>') return rep(n) + s;
    std::size_t left = n / 2 + (n & static_cast<std::size_t>(width) & 1);
    return rep(left) + s + rep(n - left);
}

// Case: lower, casefold, upper, title, capitalize, swapcase (byte-wise, as the helpers above).
void install_str_case_methods(Interpreter& in) {
    ClassObject& c = *in.types.str;
    in.add_method(c, "lower", [](Interpreter& in, CallArgs& a) { return make_str(lower(self_str(in, a))); });
    in.add_method(c, "casefold", [](Interpreter& in, CallArgs& a) { return make_str(lower(self_str(in, a))); });
    in.add_method(c, "upper", [](Interpreter& in, CallArgs& a) { return make_str(upper(self_str(in, a))); });
    in.add_method(c, "title", [](Interpreter& in, CallArgs& a) { return make_str(title(self_str(in, a))); });
    in.add_method(c, "capitalize", [](Interpreter& in, CallArgs& a) {
        std::string s = lower(self_str(in, a));
        if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
        return make_str(s);
    });
    in.add_method(c, "swapcase", [](Interpreter& in, CallArgs& a) {
        std::string s = self_str(in, a);
        for (auto& ch : s) {
            unsigned char u = static_cast<unsigned char>(ch);
            ch = static_cast<char>(std::isupper(u) ? std::tolower(u) : std::toupper(u));
        }
        return make_str(s);
    });
}

// Stripping, splitting and joining.
void install_str_split_methods(Interpreter& in) {
    ClassObject& c = *in.types.str;
    auto strip_method = [](bool l, bool r) {
        return [l, r](Interpreter& in, CallArgs& a) {
            const std::string* chars = a.pos.size() > 1 ? str_of(a.pos[1]) : nullptr;
            return make_str(strip(self_str(in, a), chars, l, r));
        };
    };
    in.add_method(c, "strip", strip_method(true, true));
    in.add_method(c, "lstrip", strip_method(true, false));
    in.add_method(c, "rstrip", strip_method(false, true));
    in.add_method(c, "split", [](Interpreter& in, CallArgs& a) {
        const Value* sep = a.arg("sep", 1);
        const Value* maxs = a.arg("maxsplit", 2);
        const std::string* s = sep && !sep->is_none() ? str_of(*sep) : nullptr;
        if (s && s->empty()) in.raise(in.exc.ValueError, "empty separator", a.loc);
        return make_list(split(self_str(in, a), s, maxs ? maxs->as_int() : -1));
    });
    in.add_method(c, "rsplit", [](Interpreter& in, CallArgs& a) {
        const Value* sep = a.arg("sep", 1);
        const Value* maxs = a.arg("maxsplit", 2);
        const std::string* s = sep && !sep->is_none() ? str_of(*sep) : nullptr;
        return make_list(rsplit(self_str(in, a), s, maxs ? maxs->as_int() : -1));
    });
    in.add_method(c, "splitlines", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        bool keep = a.arg("keepends", 1) && in.truthy(*a.arg("keepends", 1), a.loc);
        std::vector<Value> out;
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\n' || s[i] == '\r') {
                std::size_t end = i;
                if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
                out.push_back(make_str(s.substr(start, (keep ? i + 1 : end) - start)));
                start = i + 1;
            }
        }
        if (start < s.size()) out.push_back(make_str(s.substr(start)));
        return make_list(std::move(out));
    });
    in.add_method(c, "join", [](Interpreter& in, CallArgs& a) {
        const std::string& sep = self_str(in, a);
        if (a.pos.size() < 2) in.raise(in.exc.TypeError, "join() takes exactly one argument", a.loc);
        std::string out;
        bool first = true;
        in.for_each(a.pos[1], a.loc, [&](const Value& x) {
            const std::string* s = str_of(x);
            if (!s) in.raise(in.exc.TypeError, "sequence item: expected str instance, " + in.type_name(x) + " found", a.loc);
            if (!first) out += sep;
            first = false;
            out += *s;
            return true;
        });
        return make_str(std::move(out));
    });
}

// Searching and replacing substrings; positions are counted in characters, not bytes.
void install_str_search_methods(Interpreter& in) {
    ClassObject& c = *in.types.str;
    in.add_method(c, "replace", [](Interpreter& in, CallArgs& a) {
        std::string s = self_str(in, a);
        std::string from = str_arg(in, a, 1, "replace()"), to = str_arg(in, a, 2, "replace()");
        std::int64_t count = a.pos.size() > 3 ? a.pos[3].as_int() : -1;
        std::string out;
        std::size_t pos = 0;
        std::int64_t done = 0;
        if (from.empty()) {
            for (std::size_t i = 0; i <= s.size(); ++i) {
                if (count >= 0 && done >= count) { out += s.substr(i); break; }
                out += to;
                ++done;
                if (i < s.size()) out += s[i];
            }
            return make_str(out);
        }
        while (count < 0 || done < count) {
            std::size_t p = s.find(from, pos);
            if (p == std::string::npos) break;
            out += s.substr(pos, p - pos) + to;
            pos = p + from.size();
            ++done;
        }
        out += s.substr(pos);
        return make_str(std::move(out));
    });
    in.add_method(c, "startswith", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        auto [b, e] = bounds(in, s, a, 2);
        return Value::boolean(a.pos.size() > 1 && matches_affix(in, s.substr(b, e > b ? e - b : 0), a.pos[1], true, a.loc));
    });
    in.add_method(c, "endswith", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        auto [b, e] = bounds(in, s, a, 2);
        return Value::boolean(a.pos.size() > 1 && matches_affix(in, s.substr(b, e > b ? e - b : 0), a.pos[1], false, a.loc));
    });
    auto finder = [](bool reverse, bool raise_missing) {
        return [reverse, raise_missing](Interpreter& in, CallArgs& a) {
            const std::string& s = self_str(in, a);
            std::string sub = str_arg(in, a, 1, "find()");
            auto [b, e] = bounds(in, s, a, 2);
            std::size_t p = std::string::npos;
            if (e >= b) {
                std::string part = s.substr(b, e - b);
                p = reverse ? part.rfind(sub) : part.find(sub);
                if (p != std::string::npos) p += b;
            }
            if (p == std::string::npos) {
                if (raise_missing) in.raise(in.exc.ValueError, "substring not found", a.loc);
                return Value::integer(-1);
            }
            std::int64_t chars = 0;
            for (std::size_t i = 0; i < p; ++i)
                if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++chars;
            return Value::integer(chars);
        };
    };
    in.add_method(c, "find", finder(false, false));
    in.add_method(c, "rfind", finder(true, false));
    in.add_method(c, "index", finder(false, true));
    in.add_method(c, "rindex", finder(true, true));
    in.add_method(c, "count", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        std::string sub = str_arg(in, a, 1, "count()");
        if (sub.empty()) return Value::integer(static_cast<std::int64_t>(s.size() + 1));
        std::int64_t n = 0;
        for (std::size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size())) ++n;
        return Value::integer(n);
    });
}

// str.format and str.format_map, on format.cpp's formatter.
void install_str_format_methods(Interpreter& in) {
    ClassObject& c = *in.types.str;
    in.add_method(c, "format", [](Interpreter& in, CallArgs& a) {
        std::string fmt = self_str(in, a);
        CallArgs rest = a;
        rest.pos.erase(rest.pos.begin());
        return make_str(str_format(in, fmt, rest));
    });
    in.add_method(c, "format_map", [](Interpreter& in, CallArgs& a) {
        std::string fmt = self_str(in, a);
        CallArgs rest;
        rest.loc = a.loc;
        if (a.pos.size() > 1)
            if (auto* d = a.pos[1].as<DictObject>())
                d->for_each([&](const Value& k, const Value& v) {
                    if (auto* s = str_of(k)) rest.kw.emplace_back(*s, v);
                });
        return make_str(str_format(in, fmt, rest));
    });
}

// The is...() tests of what a string holds.
void install_str_predicates(Interpreter& in) {
    ClassObject& c = *in.types.str;
    in.add_method(c, "isdigit", [](Interpreter& in, CallArgs& a) { return Value::boolean(all_chars(self_str(in, a), std::isdigit)); });
    in.add_method(c, "isdecimal", [](Interpreter& in, CallArgs& a) { return Value::boolean(all_chars(self_str(in, a), std::isdigit)); });
    in.add_method(c, "isnumeric", [](Interpreter& in, CallArgs& a) { return Value::boolean(all_chars(self_str(in, a), std::isdigit)); });
    in.add_method(c, "isalpha", [](Interpreter& in, CallArgs& a) { return Value::boolean(all_chars(self_str(in, a), std::isalpha)); });
    in.add_method(c, "isalnum", [](Interpreter& in, CallArgs& a) { return Value::boolean(all_chars(self_str(in, a), std::isalnum)); });
    in.add_method(c, "isspace", [](Interpreter& in, CallArgs& a) { return Value::boolean(all_chars(self_str(in, a), std::isspace)); });
    in.add_method(c, "isascii", [](Interpreter& in, CallArgs& a) {
        for (unsigned char ch : self_str(in, a))
            if (ch >= 0x80) return Value::boolean(false);
        return Value::boolean(true);
    });
    in.add_method(c, "isupper", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        bool cased = false;
        for (unsigned char ch : s) {
            if (std::islower(ch)) return Value::boolean(false);
            if (std::isupper(ch)) cased = true;
        }
        return Value::boolean(cased);
    });
    in.add_method(c, "islower", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        bool cased = false;
        for (unsigned char ch : s) {
            if (std::isupper(ch)) return Value::boolean(false);
            if (std::islower(ch)) cased = true;
        }
        return Value::boolean(cased);
    });
    in.add_method(c, "istitle", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        return Value::boolean(!s.empty() && title(s) == s);
    });
    in.add_method(c, "isidentifier", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return Value::boolean(false);
        for (unsigned char ch : s)
            if (!(std::isalnum(ch) || ch == '_' || ch >= 0x80)) return Value::boolean(false);
        return Value::boolean(true);
    });
}

// Padding to a width: zfill, ljust, rjust, center.
void install_str_padding_methods(Interpreter& in) {
    ClassObject& c = *in.types.str;
    in.add_method(c, "zfill", [](Interpreter& in, CallArgs& a) {
        std::string s = self_str(in, a);
        std::int64_t width = a.pos.size() > 1 ? a.pos[1].as_int() : 0;
        if (static_cast<std::int64_t>(s.size()) >= width) return make_str(s);
        std::size_t fill = static_cast<std::size_t>(width) - s.size();
        std::size_t at = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
        s.insert(at, fill, '0');
        return make_str(s);
    });
    in.add_method(c, "ljust", [](Interpreter& in, CallArgs& a) { return make_str(justify(in, a, '<')); });
    in.add_method(c, "rjust", [](Interpreter& in, CallArgs& a) { return make_str(justify(in, a, '>')); });
    in.add_method(c, "center", [](Interpreter& in, CallArgs& a) { return make_str(justify(in, a, '^')); });
}

// Cutting at a separator or an affix: partition, removeprefix and their mirrors.
void install_str_cut_methods(Interpreter& in) {
    ClassObject& c = *in.types.str;
    auto partition = [](bool reverse) {
        return [reverse](Interpreter& in, CallArgs& a) {
            const std::string& s = self_str(in, a);
            std::string sep = str_arg(in, a, 1, "partition()");
            if (sep.empty()) in.raise(in.exc.ValueError, "empty separator", a.loc);
            std::size_t p = reverse ? s.rfind(sep) : s.find(sep);
            if (p == std::string::npos)
                return reverse ? make_tuple({make_str(""), make_str(""), make_str(s)}) : make_tuple({make_str(s), make_str(""), make_str("")});
            return make_tuple({make_str(s.substr(0, p)), make_str(sep), make_str(s.substr(p + sep.size()))});
        };
    };
    in.add_method(c, "partition", partition(false));
    in.add_method(c, "rpartition", partition(true));
    in.add_method(c, "removeprefix", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        std::string p = str_arg(in, a, 1, "removeprefix()");
        return make_str(s.compare(0, p.size(), p) == 0 ? s.substr(p.size()) : s);
    });
    in.add_method(c, "removesuffix", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        std::string p = str_arg(in, a, 1, "removesuffix()");
        return make_str(!p.empty() && s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0 ? s.substr(0, s.size() - p.size()) : s);
    });
}

// Conversions (encode, expandtabs, maketrans, translate) and the dunder
// methods of the str protocol (__len__, __contains__, __hash__, __format__).
void install_str_conversion_methods(Interpreter& in) {
    ClassObject& c = *in.types.str;
    in.add_method(c, "encode", [](Interpreter& in, CallArgs& a) { return make_bytes(self_str(in, a)); });
    in.add_method(c, "expandtabs", [](Interpreter& in, CallArgs& a) {
        std::string out;
        std::int64_t tab = a.pos.size() > 1 ? a.pos[1].as_int() : 8;
        std::int64_t col = 0;
        for (char ch : self_str(in, a)) {
            if (ch == '\t') {
                std::int64_t n = tab > 0 ? tab - col % tab : 0;
                out.append(static_cast<std::size_t>(n), ' ');
                col += n;
            } else {
                out += ch;
                col = ch == '\n' ? 0 : col + 1;
            }
        }
        return make_str(out);
    });
    in.add_method(c, "__len__", [](Interpreter& in, CallArgs& a) { return Value::integer(in.len(make_str(self_str(in, a)), a.loc)); });
    in.add_method(c, "__contains__", [](Interpreter& in, CallArgs& a) {
        return Value::boolean(a.pos.size() > 1 && in.contains(make_str(self_str(in, a)), a.pos[1], a.loc));
    });
    in.add_method(c, "__str__", [](Interpreter& in, CallArgs& a) { return make_str(self_str(in, a)); });
    in.add_method(c, "__hash__", [](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(in.hash(make_str(self_str(in, a))) >> 2)); });
    in.add_method(c, "__format__", [](Interpreter& in, CallArgs& a) {
        std::string spec = a.pos.size() > 1 && str_of(a.pos[1]) ? *str_of(a.pos[1]) : "";
        return make_str(format_with_spec(in, make_str(self_str(in, a)), spec, a.loc));
    });
    in.types.str->dict->set_str("maketrans", Value(new StaticMethodObject(make_native("str.maketrans", [](Interpreter& in, CallArgs& a) {
        Ref<DictObject> d = make_dict();
        if (a.pos.size() >= 2) {
            const std::string* x = str_of(a.pos[0]);
            const std::string* y = str_of(a.pos[1]);
            if (x && y)
                for (std::size_t i = 0; i < x->size() && i < y->size(); ++i)
                    d->set(in, Value::integer(static_cast<unsigned char>((*x)[i])), Value::integer(static_cast<unsigned char>((*y)[i])));
            if (a.pos.size() > 2)
                if (const std::string* z = str_of(a.pos[2]))
                    for (char ch : *z) d->set(in, Value::integer(static_cast<unsigned char>(ch)), Value());
        }
        return Value(d);
    }))));
    in.add_method(c, "translate", [](Interpreter& in, CallArgs& a) {
        const std::string& s = self_str(in, a);
        std::string out;
        for (char ch : s) {
            Value key = Value::integer(static_cast<unsigned char>(ch));
            Value* v = a.pos.size() > 1 && a.pos[1].as<DictObject>() ? a.pos[1].as<DictObject>()->find(in, key) : nullptr;
            if (!v) out += ch;
            else if (v->is_intlike()) out += static_cast<char>(v->as_int());
            else if (auto* t = str_of(*v)) out += *t;
        }
        return make_str(out);
    });
}

}  // namespace

void install_str(Interpreter& in) {
    install_str_case_methods(in);
    install_str_split_methods(in);
    install_str_search_methods(in);
    install_str_format_methods(in);
    install_str_predicates(in);
    install_str_padding_methods(in);
    install_str_cut_methods(in);
    install_str_conversion_methods(in);
}

void install_bytes(Interpreter& in) {
    ClassObject& c = *in.types.bytes;
    auto self = [](Interpreter& in, const CallArgs& a) -> const std::string& {
        auto* b = a.pos.empty() ? nullptr : a.pos[0].as<BytesObject>();
        if (!b) in.raise(in.exc.TypeError, "descriptor requires a 'bytes' object", a.loc);
        return b->value;
    };
    in.add_method(c, "decode", [self](Interpreter& in, CallArgs& a) { return make_str(self(in, a)); });
    in.add_method(c, "hex", [self](Interpreter& in, CallArgs& a) {
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned char ch : self(in, a)) {
            out += digits[ch >> 4];
            out += digits[ch & 15];
        }
        return make_str(out);
    });
    in.add_method(c, "startswith", [self](Interpreter& in, CallArgs& a) {
        return Value::boolean(a.pos.size() > 1 && matches_affix(in, self(in, a), a.pos[1], true, a.loc));
    });
    in.add_method(c, "endswith", [self](Interpreter& in, CallArgs& a) {
        return Value::boolean(a.pos.size() > 1 && matches_affix(in, self(in, a), a.pos[1], false, a.loc));
    });
    in.add_method(c, "join", [self](Interpreter& in, CallArgs& a) {
        std::string sep = self(in, a), out;
        bool first = true;
        if (a.pos.size() > 1)
            in.for_each(a.pos[1], a.loc, [&](const Value& x) {
                if (!first) out += sep;
                first = false;
                if (auto* b = x.as<BytesObject>()) out += b->value;
                return true;
            });
        return make_bytes(out);
    });
}

}  // namespace orm::python
