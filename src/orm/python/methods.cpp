// Methods of the built-in types. Each native receives `self` as its first
// positional argument (attribute lookup binds it), so `str.lower(s)` and
// `s.lower()` are the same call, as in Python.
#include "orm/python/methods.hpp"

#include <algorithm>
#include <cmath>

#include "orm/python/format.hpp"

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

std::vector<Value>& self_list(Interpreter& in, const CallArgs& a) {
    if (auto* l = a.pos.empty() ? nullptr : a.pos[0].as<ListObject>()) return l->items;
    if (auto* i = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
        if (auto* l = i->builtin_value.as<ListObject>()) return l->items;
    in.raise(in.exc.TypeError, "descriptor requires a 'list' object", a.loc);
}

DictObject& self_dict(Interpreter& in, const CallArgs& a) {
    if (auto* d = a.pos.empty() ? nullptr : a.pos[0].as<DictObject>()) return *d;
    if (auto* i = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
        if (auto* d = i->builtin_value.as<DictObject>()) return *d;
    in.raise(in.exc.TypeError, "descriptor requires a 'dict' object", a.loc);
}

SetObject& self_set(Interpreter& in, const CallArgs& a) {
    if (!a.pos.empty() && a.pos[0].is_obj())
        if (auto* s = dynamic_cast<SetObject*>(a.pos[0].obj())) return *s;
    if (auto* i = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
        if (i->builtin_value.is_obj())
            if (auto* s = dynamic_cast<SetObject*>(i->builtin_value.obj())) return *s;
    in.raise(in.exc.TypeError, "descriptor requires a 'set' object", a.loc);
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

void install_str(Interpreter& in) {
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

std::int64_t list_index(Interpreter& in, const std::vector<Value>& items, const Value& x, SourceLocation loc) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].identical(x) || in.equal(items[i], x)) return static_cast<std::int64_t>(i);
    in.raise(in.exc.ValueError, in.repr(x) + " is not in list", loc);
}

void install_list(Interpreter& in) {
    ClassObject& c = *in.types.list;
    in.add_method(c, "__init__", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        if (a.pos.size() > 1) items = in.to_vector(a.pos[1], a.loc);
        return Value();
    });
    in.add_method(c, "append", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.append", 2, 2);
        self_list(in, a).push_back(a.pos[1]);
        return Value();
    });
    in.add_method(c, "extend", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.extend", 2, 2);
        std::vector<Value> add = in.to_vector(a.pos[1], a.loc);
        auto& items = self_list(in, a);
        items.insert(items.end(), add.begin(), add.end());
        return Value();
    });
    in.add_method(c, "insert", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.insert", 3, 3);
        auto& items = self_list(in, a);
        std::int64_t n = static_cast<std::int64_t>(items.size()), i = a.pos[1].as_int();
        if (i < 0) i = std::max<std::int64_t>(0, i + n);
        i = std::min(i, n);
        items.insert(items.begin() + i, a.pos[2]);
        return Value();
    });
    in.add_method(c, "remove", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.remove", 2, 2);
        auto& items = self_list(in, a);
        items.erase(items.begin() + list_index(in, items, a.pos[1], a.loc));
        return Value();
    });
    in.add_method(c, "pop", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        if (items.empty()) in.raise(in.exc.IndexError, "pop from empty list", a.loc);
        std::int64_t n = static_cast<std::int64_t>(items.size());
        std::int64_t i = a.pos.size() > 1 ? a.pos[1].as_int() : n - 1;
        if (i < 0) i += n;
        if (i < 0 || i >= n) in.raise(in.exc.IndexError, "pop index out of range", a.loc);
        Value v = items[static_cast<std::size_t>(i)];
        items.erase(items.begin() + i);
        return v;
    });
    in.add_method(c, "index", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.index", 2, 4);
        return Value::integer(list_index(in, self_list(in, a), a.pos[1], a.loc));
    });
    in.add_method(c, "count", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.count", 2, 2);
        std::int64_t n = 0;
        for (auto& x : self_list(in, a))
            if (x.identical(a.pos[1]) || in.equal(x, a.pos[1])) ++n;
        return Value::integer(n);
    });
    in.add_method(c, "reverse", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        std::reverse(items.begin(), items.end());
        return Value();
    });
    in.add_method(c, "clear", [](Interpreter& in, CallArgs& a) {
        self_list(in, a).clear();
        return Value();
    });
    in.add_method(c, "copy", [](Interpreter& in, CallArgs& a) { return make_list(self_list(in, a)); });
    in.add_method(c, "sort", [](Interpreter& in, CallArgs& a) {
        auto& items = self_list(in, a);
        CallArgs s;
        s.pos.push_back(make_list(items));
        s.kw = a.kw;
        s.loc = a.loc;
        Value sorted = in.call(*in.builtins().find_str("sorted"), s);
        items = sorted.as<ListObject>()->items;
        return Value();
    });
    in.add_method(c, "__len__", [](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(self_list(in, a).size())); });
    in.add_method(c, "__iter__", [](Interpreter& in, CallArgs& a) { return Value(in.iter(make_list(self_list(in, a)), a.loc)); });
    in.add_method(c, "__getitem__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "list.__getitem__", 2, 2);
        return in.getitem(make_list(self_list(in, a)), a.pos[1], a.loc);
    });
    in.add_method(c, "__contains__", [](Interpreter& in, CallArgs& a) {
        return Value::boolean(a.pos.size() > 1 && in.contains(make_list(self_list(in, a)), a.pos[1], a.loc));
    });
    ClassObject& t = *in.types.tuple;
    in.add_method(t, "index", [](Interpreter& in, CallArgs& a) {
        auto* tp = a.pos.empty() ? nullptr : a.pos[0].as<TupleObject>();
        if (!tp || a.pos.size() < 2) in.raise(in.exc.TypeError, "tuple.index takes one argument", a.loc);
        for (std::size_t i = 0; i < tp->items.size(); ++i)
            if (in.equal(tp->items[i], a.pos[1])) return Value::integer(static_cast<std::int64_t>(i));
        in.raise(in.exc.ValueError, "tuple.index(x): x not in tuple", a.loc);
    });
    in.add_method(t, "count", [](Interpreter& in, CallArgs& a) {
        auto* tp = a.pos.empty() ? nullptr : a.pos[0].as<TupleObject>();
        std::int64_t n = 0;
        if (tp && a.pos.size() > 1)
            for (auto& x : tp->items)
                if (in.equal(x, a.pos[1])) ++n;
        return Value::integer(n);
    });
}

void install_dict(Interpreter& in) {
    ClassObject& c = *in.types.dict;
    in.add_method(c, "__init__", [](Interpreter& in, CallArgs& a) {
        DictObject& d = self_dict(in, a);
        if (a.pos.size() > 1) dict_update(in, d, a.pos[1], a.loc);
        for (auto& [k, v] : a.kw) d.set_str(k, v);
        return Value();
    });
    in.add_method(c, "get", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.get", 2, 3);
        if (Value* v = self_dict(in, a).find(in, a.pos[1])) return *v;
        return a.pos.size() > 2 ? a.pos[2] : Value();
    });
    in.add_method(c, "keys", [](Interpreter& in, CallArgs& a) { return make_list(self_dict(in, a).keys()); });
    in.add_method(c, "values", [](Interpreter& in, CallArgs& a) {
        std::vector<Value> out;
        self_dict(in, a).for_each([&](const Value&, const Value& v) { out.push_back(v); });
        return make_list(std::move(out));
    });
    in.add_method(c, "items", [](Interpreter& in, CallArgs& a) {
        std::vector<Value> out;
        self_dict(in, a).for_each([&](const Value& k, const Value& v) { out.push_back(make_tuple({k, v})); });
        return make_list(std::move(out));
    });
    in.add_method(c, "pop", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.pop", 2, 3);
        DictObject& d = self_dict(in, a);
        if (Value* v = d.find(in, a.pos[1])) {
            Value out = *v;
            d.erase(in, a.pos[1]);
            return out;
        }
        if (a.pos.size() > 2) return a.pos[2];
        in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[1]}), a.loc);
    });
    in.add_method(c, "popitem", [](Interpreter& in, CallArgs& a) {
        DictObject& d = self_dict(in, a);
        auto keys = d.keys();
        if (keys.empty()) in.raise(in.exc.KeyError, "popitem(): dictionary is empty", a.loc);
        Value k = keys.back();
        Value v = *d.find(in, k);
        d.erase(in, k);
        return make_tuple({k, v});
    });
    in.add_method(c, "setdefault", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.setdefault", 2, 3);
        DictObject& d = self_dict(in, a);
        if (Value* v = d.find(in, a.pos[1])) return *v;
        Value dflt = a.pos.size() > 2 ? a.pos[2] : Value();
        d.set(in, a.pos[1], dflt);
        return dflt;
    });
    in.add_method(c, "update", [](Interpreter& in, CallArgs& a) {
        DictObject& d = self_dict(in, a);
        if (a.pos.size() > 1) dict_update(in, d, a.pos[1], a.loc);
        for (auto& [k, v] : a.kw) d.set_str(k, v);
        return Value();
    });
    in.add_method(c, "copy", [](Interpreter& in, CallArgs& a) {
        Ref<DictObject> out = make_dict();
        self_dict(in, a).for_each([&](const Value& k, const Value& v) { out->set(in, k, v); });
        return Value(out);
    });
    in.add_method(c, "clear", [](Interpreter& in, CallArgs& a) {
        self_dict(in, a).clear();
        return Value();
    });
    in.add_method(c, "__getitem__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.__getitem__", 2, 2);
        if (Value* v = self_dict(in, a).find(in, a.pos[1])) return *v;
        if (auto* inst = a.pos[0].as<InstanceObject>())
            if (const Value* missing = inst->cls->lookup("__missing__"))
                return in.call(in.bind_attribute(*missing, a.pos[0], *inst->cls, a.loc), {a.pos[1]}, a.loc);
        in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[1]}), a.loc);
    });
    in.add_method(c, "__setitem__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "dict.__setitem__", 3, 3);
        self_dict(in, a).set(in, a.pos[1], a.pos[2]);
        return Value();
    });
    in.add_method(c, "__contains__", [](Interpreter& in, CallArgs& a) {
        return Value::boolean(a.pos.size() > 1 && self_dict(in, a).find(in, a.pos[1]) != nullptr);
    });
    in.add_method(c, "__len__", [](Interpreter& in, CallArgs& a) { return Value::integer(static_cast<std::int64_t>(self_dict(in, a).size())); });
    in.add_method(c, "__iter__", [](Interpreter& in, CallArgs& a) { return Value(in.iter(make_list(self_dict(in, a).keys()), a.loc)); });
    in.types.dict->dict->set_str("fromkeys", Value(new ClassMethodObject(make_native("dict.fromkeys", [](Interpreter& in, CallArgs& a) {
        Ref<DictObject> d = make_dict();
        Value v = a.pos.size() > 2 ? a.pos[2] : Value();
        if (a.pos.size() > 1) in.for_each(a.pos[1], a.loc, [&](const Value& k) { d->set(in, k, v); return true; });
        return Value(d);
    }))));
}

void install_set(Interpreter& in) {
    for (ClassObject* c : {in.types.set, in.types.frozenset}) {
        bool frozen = c == in.types.frozenset;
        auto combine = [frozen](BinaryOperator op) {
            return [op, frozen](Interpreter& in, CallArgs& a) {
                Value acc = a.pos[0];
                for (std::size_t i = 1; i < a.pos.size(); ++i) {
                    Value other = a.pos[i];
                    if (!dynamic_cast<SetObject*>(other.obj())) {
                        Ref<SetObject> s(new SetObject());
                        in.for_each(other, a.loc, [&](const Value& x) { s->set(in, x, Value()); return true; });
                        other = Value(s);
                    }
                    acc = in.binary(op, acc, other, a.loc);
                }
                if (a.pos.size() == 1) {
                    Ref<SetObject> s(frozen ? static_cast<SetObject*>(new FrozenSetObject()) : new SetObject());
                    self_set(in, a).for_each([&](const Value& k, const Value&) { s->set(in, k, Value()); });
                    return Value(s);
                }
                return acc;
            };
        };
        in.add_method(*c, "union", combine(BinaryOperator::BitOr));
        in.add_method(*c, "intersection", combine(BinaryOperator::BitAnd));
        in.add_method(*c, "difference", combine(BinaryOperator::Sub));
        in.add_method(*c, "symmetric_difference", combine(BinaryOperator::BitXor));
        in.add_method(*c, "copy", combine(BinaryOperator::BitOr));
        in.add_method(*c, "issubset", [](Interpreter& in, CallArgs& a) {
            bool all = true;
            Value other = a.pos[1];
            self_set(in, a).for_each([&](const Value& k, const Value&) { if (all && !in.contains(other, k, a.loc)) all = false; });
            return Value::boolean(all);
        });
        in.add_method(*c, "issuperset", [](Interpreter& in, CallArgs& a) {
            bool all = true;
            SetObject& s = self_set(in, a);
            in.for_each(a.pos[1], a.loc, [&](const Value& x) { all = s.find(in, x) != nullptr; return all; });
            return Value::boolean(all);
        });
        in.add_method(*c, "isdisjoint", [](Interpreter& in, CallArgs& a) {
            bool none = true;
            SetObject& s = self_set(in, a);
            in.for_each(a.pos[1], a.loc, [&](const Value& x) { none = s.find(in, x) == nullptr; return none; });
            return Value::boolean(none);
        });
        if (frozen) continue;
        in.add_method(*c, "__init__", [](Interpreter& in, CallArgs& a) {
            SetObject& s = self_set(in, a);
            if (a.pos.size() > 1) in.for_each(a.pos[1], a.loc, [&](const Value& x) { s.set(in, x, Value()); return true; });
            return Value();
        });
        in.add_method(*c, "add", [](Interpreter& in, CallArgs& a) {
            check_args(in, a, "set.add", 2, 2);
            self_set(in, a).set(in, a.pos[1], Value());
            return Value();
        });
        in.add_method(*c, "discard", [](Interpreter& in, CallArgs& a) {
            check_args(in, a, "set.discard", 2, 2);
            self_set(in, a).erase(in, a.pos[1]);
            return Value();
        });
        in.add_method(*c, "remove", [](Interpreter& in, CallArgs& a) {
            check_args(in, a, "set.remove", 2, 2);
            if (!self_set(in, a).erase(in, a.pos[1])) in.raise_value(in.make_exception(in.exc.KeyError, {a.pos[1]}), a.loc);
            return Value();
        });
        in.add_method(*c, "pop", [](Interpreter& in, CallArgs& a) {
            SetObject& s = self_set(in, a);
            auto keys = s.keys();
            if (keys.empty()) in.raise(in.exc.KeyError, "pop from an empty set", a.loc);
            s.erase(in, keys.front());
            return keys.front();
        });
        in.add_method(*c, "update", [](Interpreter& in, CallArgs& a) {
            SetObject& s = self_set(in, a);
            for (std::size_t i = 1; i < a.pos.size(); ++i)
                in.for_each(a.pos[i], a.loc, [&](const Value& x) { s.set(in, x, Value()); return true; });
            return Value();
        });
        in.add_method(*c, "clear", [](Interpreter& in, CallArgs& a) {
            self_set(in, a).clear();
            return Value();
        });
    }
}

void install_numbers(Interpreter& in) {
    in.add_method(*in.types.int_, "bit_length", [](Interpreter& in, CallArgs& a) {
        std::int64_t v = a.pos.empty() ? 0 : a.pos[0].as_int();
        std::uint64_t m = v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
        int n = 0;
        while (m) { ++n; m >>= 1; }
        (void)in;
        return Value::integer(n);
    });
    in.add_method(*in.types.int_, "__index__", [](Interpreter&, CallArgs& a) { return Value::integer(a.pos[0].as_int()); });
    in.add_method(*in.types.int_, "__int__", [](Interpreter&, CallArgs& a) { return Value::integer(a.pos[0].as_int()); });
    in.add_method(*in.types.float_, "is_integer", [](Interpreter&, CallArgs& a) {
        double d = a.pos[0].as_float();
        return Value::boolean(std::isfinite(d) && d == std::floor(d));
    });
    in.add_method(*in.types.float_, "__int__", [](Interpreter&, CallArgs& a) {
        return Value::integer(static_cast<std::int64_t>(a.pos[0].as_float()));
    });
}

void install_object(Interpreter& in) {
    ClassObject& o = *in.types.object;
    in.add_method(o, "__init__", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() > 1 || !a.kw.empty()) {
            auto* inst = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>();
            bool opaque_base = false;   // an opaque base anywhere above would take the arguments
            if (inst)
                for (ClassObject* k : inst->cls->mro) opaque_base = opaque_base || !k->opaque_bases.empty();
            bool plain = inst && typeid(*inst) == typeid(InstanceObject) && inst->builtin_value.is_none() &&
                         !opaque_base && !inst->cls->hooks_in_mro();
            if (plain) in.raise(in.exc.TypeError, inst->cls->name + "() takes no arguments", a.loc);
        }
        return Value();
    });
    o.dict->set_str("__init_subclass__", Value(new ClassMethodObject(make_native("object.__init_subclass__", [](Interpreter&, CallArgs&) { return Value(); }))));
    o.dict->set_str("__new__", Value(new StaticMethodObject(make_native("object.__new__", [](Interpreter& in, CallArgs& a) {
        auto* c = a.pos.empty() ? nullptr : a.pos[0].as<ClassObject>();
        if (!c) in.raise(in.exc.TypeError, "object.__new__(X): X is not a type object", a.loc);
        if (NativeClassHooks* h = c->hooks_in_mro())
            if (auto inst = h->new_instance(in, *c, a)) return Value(inst);
        return Value(new InstanceObject(c));
    }))));
    in.add_method(o, "__setattr__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "object.__setattr__", 3, 3);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        if (auto* inst = a.pos[0].as<InstanceObject>()) inst->attrs().set_str(*name, a.pos[2]);
        else in.setattr(a.pos[0], *name, a.pos[2], a.loc);
        return Value();
    });
    in.add_method(o, "__getattribute__", [](Interpreter& in, CallArgs& a) {
        check_args(in, a, "object.__getattribute__", 2, 2);
        const std::string* name = str_of(a.pos[1]);
        if (!name) in.raise(in.exc.TypeError, "attribute name must be string", a.loc);
        return in.getattr(a.pos[0], *name, a.loc);
    });
    // object's own dunders, for code that names them (object.__hash__, super().__eq__);
    // the interpreter's default behaviour does not go through them (see Interpreter::repr).
    in.add_method(o, "__eq__", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() < 2) return in.not_implemented;
        return a.pos[0].identical(a.pos[1]) ? Value::boolean(true) : in.not_implemented;
    });
    in.add_method(o, "__ne__", [](Interpreter& in, CallArgs& a) {
        if (a.pos.size() < 2) return in.not_implemented;
        return Value::boolean(!in.equal(a.pos[0], a.pos[1]));
    });
    in.add_method(o, "__hash__", [](Interpreter&, CallArgs& a) {
        return Value::integer(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(a.pos[0].obj()) >> 4));
    });
    in.add_method(o, "__repr__", [](Interpreter& in, CallArgs& a) { return make_str(in.default_repr(a.pos[0])); });
    in.add_method(o, "__str__", [](Interpreter& in, CallArgs& a) { return make_str(in.repr(a.pos[0])); });
    in.add_method(o, "__format__", [](Interpreter& in, CallArgs& a) {
        std::string spec = a.pos.size() > 1 && str_of(a.pos[1]) ? *str_of(a.pos[1]) : "";
        return make_str(in.format(make_str(in.str(a.pos[0])), spec, a.loc));
    });

    ClassObject& e = *in.exc.BaseException;
    in.add_method(e, "__init__", [](Interpreter& in, CallArgs& a) {
        if (auto* inst = a.pos.empty() ? nullptr : a.pos[0].as<InstanceObject>())
            inst->attrs().set_str("args", make_tuple(std::vector<Value>(a.pos.begin() + 1, a.pos.end())));
        (void)in;
        return Value();
    });
    in.add_method(e, "with_traceback", [](Interpreter&, CallArgs& a) { return a.pos[0]; });

    ClassObject& p = *in.types.property;
    auto derive = [](int slot) {
        return [slot](Interpreter& in, CallArgs& a) {
            auto* src = a.pos.empty() ? nullptr : a.pos[0].as<PropertyObject>();
            if (!src || a.pos.size() < 2) in.raise(in.exc.TypeError, "property method takes one argument", a.loc);
            Ref<PropertyObject> out(new PropertyObject());
            out->fget = src->fget;
            out->fset = src->fset;
            out->fdel = src->fdel;
            out->doc = src->doc;
            (slot == 0 ? out->fget : slot == 1 ? out->fset : out->fdel) = a.pos[1];
            return Value(out);
        };
    };
    // property.__get__, for subclasses that extend it (classproperty recipes
    // call super().__get__(obj, type)).
    in.add_method(p, "__get__", [](Interpreter& in, CallArgs& a) {
        const Value self = a.pos.empty() ? Value() : a.pos[0];
        auto* inst = self.as<InstanceObject>();
        auto* prop = inst ? inst->builtin_value.as<PropertyObject>() : self.as<PropertyObject>();
        if (!prop) in.raise(in.exc.TypeError, "descriptor '__get__' requires a 'property' object", a.loc);
        if (a.pos.size() < 2 || a.pos[1].is_none()) return self;
        if (prop->fget.is_none()) in.raise(in.exc.AttributeError, "unreadable attribute", a.loc);
        return in.call(prop->fget, {a.pos[1]}, a.loc);
    });
    in.add_method(p, "getter", derive(0));
    in.add_method(p, "setter", derive(1));
    in.add_method(p, "deleter", derive(2));
}

}  // namespace

void dict_update(Interpreter& in, DictObject& d, const Value& other, SourceLocation loc) {
    if (auto* src = other.as<DictObject>()) {
        src->for_each([&](const Value& k, const Value& v) { d.set(in, k, v); });
        return;
    }
    if (auto* inst = other.as<InstanceObject>(); inst && inst->builtin_value.as<DictObject>()) {
        inst->builtin_value.as<DictObject>()->for_each([&](const Value& k, const Value& v) { d.set(in, k, v); });
        return;
    }
    if (auto keys = in.getattr_opt(other, "keys", loc); keys && !other.is(ObjKind::List) && !other.is(ObjKind::Tuple)) {
        in.for_each(in.call(*keys, {}, loc), loc, [&](const Value& k) {
            d.set(in, k, in.getitem(other, k, loc));
            return true;
        });
        return;
    }
    in.for_each(other, loc, [&](const Value& pair) {
        std::vector<Value> kv = in.to_vector(pair, loc);
        if (kv.size() != 2)
            in.raise(in.exc.ValueError, "dictionary update sequence element has length " + std::to_string(kv.size()) + "; 2 is required", loc);
        d.set(in, kv[0], kv[1]);
        return true;
    });
}

void init_methods(Interpreter& in) {
    install_str(in);
    install_bytes(in);
    install_list(in);
    install_dict(in);
    install_set(in);
    install_numbers(in);
    install_object(in);
}

}  // namespace orm::python
