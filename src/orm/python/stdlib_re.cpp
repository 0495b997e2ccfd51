// re: Python's regular expressions, natively, over the engine in regex.hpp.
// The module's functions (compile, match, search, fullmatch, sub, subn,
// split, findall, finditer, escape, purge), its flags as plain ints, the
// error class, and Pattern and Match objects that behave and print as
// CPython 3.11's. Positions count characters (code points), as Python's do;
// str patterns only (a bytes pattern is reported, not guessed at).
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>

#include "orm/python/re_objects.hpp"
#include "orm/python/stdlib.hpp"

namespace orm::python {

namespace {

using regex::Captures;
using regex::Mode;

// Binds a call's arguments to a signature's parameters, positionally or by
// keyword, with CPython's messages; the first `required` must be given.
std::vector<const Value*> bind(Interpreter& in, const CallArgs& a, const std::string& fn,
                               std::initializer_list<const char*> names, std::size_t required) {
    std::vector<const Value*> out(names.size(), nullptr);
    if (a.pos.size() > names.size())
        in.raise(in.exc.TypeError, fn + "() takes at most " + std::to_string(names.size()) + " arguments (" +
                                       std::to_string(a.pos.size()) + " given)", a.loc);
    for (std::size_t i = 0; i < a.pos.size(); ++i) out[i] = &a.pos[i];
    for (auto& [k, v] : a.kw) {
        std::size_t i = 0;
        for (const char* n : names) {
            if (k == n) break;
            ++i;
        }
        if (i == names.size()) in.raise(in.exc.TypeError, fn + "() got an unexpected keyword argument '" + k + "'", a.loc);
        if (out[i])
            in.raise(in.exc.TypeError, "argument for " + fn + "() given by name ('" + k + "') and position (" +
                                           std::to_string(i + 1) + ")", a.loc);
        out[i] = &v;
    }
    for (std::size_t i = 0; i < required; ++i)
        if (!out[i])
            in.raise(in.exc.TypeError, fn + "() missing required argument '" + names.begin()[i] + "' (pos " +
                                           std::to_string(i + 1) + ")", a.loc);
    return out;
}

std::int64_t int_or(Interpreter& in, const Value* v, std::int64_t fallback, SourceLocation loc) {
    if (!v) return fallback;
    if (!v->is_intlike())
        in.raise(in.exc.TypeError, "'" + in.type_name(*v) + "' object cannot be interpreted as an integer", loc);
    return v->as_int();
}

// re.Pattern and re.Match as classes: for isinstance() and annotations
// (re.Pattern[str]); their instances come only from compiling and matching.
struct ReClassHooks : NativeClassHooks {
    std::optional<Value> class_call(Interpreter& in, ClassObject& cls, CallArgs& args) override {
        in.raise(in.exc.TypeError, "cannot create 're." + cls.name + "' instances", args.loc);
    }
    std::optional<Value> class_getitem(Interpreter&, ClassObject& cls, const Value&) override { return Value(&cls); }
};

// ---------------------------------------------------------------- compiling

struct ReModule {
    ReTypes types;
    std::map<std::pair<std::string, std::int64_t>, Ref<PatternObject>> cache;   // re's compiled-pattern cache
};

constexpr std::size_t kCacheSize = 512;   // CPython's _MAXCACHE

Ref<PatternObject> compile_pattern(Interpreter& in, ReModule& mod, const Value& pattern, const Value* flags_v,
                                   SourceLocation loc) {
    std::int64_t flags = int_or(in, flags_v, 0, loc);
    if (auto* p = pattern.host<PatternObject>()) {
        if (flags != 0) in.raise(in.exc.ValueError, "cannot process flags argument with a compiled pattern", loc);
        return Ref<PatternObject>(p);
    }
    const std::string* text = str_of(pattern);
    if (!text) {
        if (pattern.is(ObjKind::Bytes))
            in.raise(in.exc.NotImplementedError, "orm's re matches str patterns only, not bytes", loc);
        in.raise(in.exc.TypeError, "first argument must be string or compiled pattern", loc);
    }
    auto key = std::make_pair(*text, flags);
    if (auto it = mod.cache.find(key); it != mod.cache.end()) return it->second;
    std::u32string chars = regex::decode_utf8(*text);
    Ref<PatternObject> p(new PatternObject());
    p->types = mod.types;
    p->source = pattern;
    try {
        p->re = regex::Regex::compile(chars, static_cast<int>(flags));
    } catch (const regex::PatternError& e) {
        raise_re_error(in, mod.types, e.msg, *text, e.pos, loc);
    } catch (const std::overflow_error& e) {
        in.raise(in.exc.OverflowError, e.what(), loc);
    } catch (const std::invalid_argument& e) {
        in.raise(in.exc.ValueError, e.what(), loc);
    }
    if (mod.cache.size() >= kCacheSize) mod.cache.clear();
    mod.cache.emplace(std::move(key), p);
    return p;
}

// ---------------------------------------------------------------- sub, split, findall

// sub/subn: the new string and the number of replacements.
std::pair<std::string, std::int64_t> substitute(Interpreter& in, PatternObject& p, const Value& repl,
                                                const Value& string, std::int64_t count, SourceLocation loc) {
    auto subject = make_subject(in, string, loc);
    std::optional<Template> tmpl;
    if (const std::string* r = str_of(repl)) tmpl = parse_template(in, p, *r, loc);
    Scanner scan{Ref<PatternObject>(&p), subject, 0, subject->size()};
    std::string out;
    std::int64_t n = 0, last = 0, pieces = 0;
    Captures cap;
    while ((count == 0 || n < count) && scan.next(in, cap)) {
        if (last < cap.start(0)) {
            out += subject->slice(last, cap.start(0));
            ++pieces;
        }
        if (tmpl) {
            out += expand_template(*tmpl, *subject, cap);
        } else {
            Value got = in.call(repl, {p.make_match(subject, cap, 0, subject->size())}, loc);
            const std::string* s = str_of(got);
            if (!s)
                in.raise(in.exc.TypeError, "sequence item " + std::to_string(pieces) + ": expected str instance, " +
                                               in.type_name(got) + " found", loc);
            out += *s;
        }
        ++pieces;
        last = cap.end(0);
        ++n;
    }
    out += subject->slice(last, subject->size());
    return {std::move(out), n};
}

Value split(Interpreter& in, PatternObject& p, const Value& string, std::int64_t maxsplit, SourceLocation loc) {
    auto subject = make_subject(in, string, loc);
    Scanner scan{Ref<PatternObject>(&p), subject, 0, subject->size()};
    std::vector<Value> parts;
    std::int64_t n = 0, last = 0;
    Captures cap;
    while ((maxsplit == 0 || n < maxsplit) && scan.next(in, cap)) {
        parts.push_back(make_str(subject->slice(last, cap.start(0))));
        for (int g = 1; g <= p.re->groups(); ++g)
            parts.push_back(cap.matched(g) ? make_str(subject->slice(cap.start(g), cap.end(g))) : Value());
        last = cap.end(0);
        ++n;
    }
    parts.push_back(make_str(subject->slice(last, subject->size())));
    return make_list(std::move(parts));
}

Value findall(Interpreter& in, PatternObject& p, const Value& string, const Value* pos, const Value* endpos,
              SourceLocation loc) {
    auto subject = make_subject(in, string, loc);
    auto [from, to] = clamp_range(in, *subject, pos, endpos, loc);
    Scanner scan{Ref<PatternObject>(&p), subject, from, to};
    std::vector<Value> items;
    Captures cap;
    int groups = p.re->groups();
    // Python's rules: the whole match without groups, group 1 with one, a tuple with several ('' when unmatched).
    auto text = [&](int g) { return make_str(cap.matched(g) ? subject->slice(cap.start(g), cap.end(g)) : ""); };
    while (scan.next(in, cap)) {
        if (groups <= 1) {
            items.push_back(text(groups));
            continue;
        }
        std::vector<Value> t;
        for (int g = 1; g <= groups; ++g) t.push_back(text(g));
        items.push_back(make_tuple(std::move(t)));
    }
    return make_list(std::move(items));
}

// finditer's iterator: one Match at a time.
struct FindIterator : IteratorObject {
    explicit FindIterator(Scanner s) : scan(std::move(s)) {}
    Scanner scan;
    std::string type_name() const override { return "callable_iterator"; }
    std::optional<Value> next(Interpreter& in) override {
        Captures cap;
        if (!scan.next(in, cap)) return std::nullopt;
        return scan.pattern->make_match(scan.subject, cap, scan.pos_start, scan.endpos);
    }
};

Value finditer(Interpreter& in, PatternObject& p, const Value& string, const Value* pos, const Value* endpos,
               SourceLocation loc) {
    auto subject = make_subject(in, string, loc);
    auto [from, to] = clamp_range(in, *subject, pos, endpos, loc);
    return Value(new FindIterator(Scanner{Ref<PatternObject>(&p), subject, from, to}));
}

// match/search/fullmatch: a Match or None.
Value match_at(Interpreter& in, PatternObject& p, const Value& string, const Value* pos, const Value* endpos,
               Mode mode, SourceLocation loc) {
    auto subject = make_subject(in, string, loc);
    auto [from, to] = clamp_range(in, *subject, pos, endpos, loc);
    Captures cap;
    if (!p.exec(in, *subject, from, to, mode, false, cap)) return Value();
    return p.make_match(subject, cap, from, to);
}

Value escape(Interpreter& in, const Value& v, SourceLocation loc) {
    // The characters re.escape escapes since Python 3.7.
    static const std::string special = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
    const std::string* s = str_of(v);
    if (!s && !v.is(ObjKind::Bytes)) in.raise(in.exc.TypeError, "escape() argument must be str or bytes", loc);
    const std::string& text = s ? *s : v.as<BytesObject>()->value;
    std::string out;
    for (char c : text) {
        if (special.find(c) != std::string::npos && c != '\0') out += '\\';
        out += c;
    }
    return s ? make_str(std::move(out)) : make_bytes(std::move(out));
}

}  // namespace

// ---------------------------------------------------------------- Pattern

std::optional<Value> PatternObject::get_attr(Interpreter& in, std::string_view name) {
    Ref<PatternObject> self(this);
    auto method = [&](const char* n, NativeFn f) { return make_native(std::string("re.Pattern.") + n, std::move(f)); };
    if (name == "pattern") return source;
    if (name == "flags") return Value::integer(re->flags());
    if (name == "groups") return Value::integer(re->groups());
    if (name == "groupindex") {
        Ref<DictObject> d = make_dict();
        for (auto& [n, g] : re->group_names()) d->set_str(n, Value::integer(g));
        return Value(d);
    }
    if (name == "match" || name == "search" || name == "fullmatch") {
        Mode mode = name == "match" ? Mode::Match : name == "search" ? Mode::Search : Mode::FullMatch;
        std::string fn(name);
        return method(fn.c_str(), [self, mode, fn](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, fn, {"string", "pos", "endpos"}, 1);
            return match_at(in, *self, *v[0], v[1], v[2], mode, a.loc);
        });
    }
    if (name == "sub" || name == "subn") {
        bool with_count = name == "subn";
        return method(with_count ? "subn" : "sub", [self, with_count](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, with_count ? "subn" : "sub", {"repl", "string", "count"}, 2);
            auto [s, n] = substitute(in, *self, *v[0], *v[1], int_or(in, v[2], 0, a.loc), a.loc);
            return with_count ? make_tuple({make_str(std::move(s)), Value::integer(n)}) : make_str(std::move(s));
        });
    }
    if (name == "split")
        return method("split", [self](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, "split", {"string", "maxsplit"}, 1);
            return split(in, *self, *v[0], int_or(in, v[1], 0, a.loc), a.loc);
        });
    if (name == "findall" || name == "finditer") {
        bool iter = name == "finditer";
        return method(iter ? "finditer" : "findall", [self, iter](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, iter ? "finditer" : "findall", {"string", "pos", "endpos"}, 1);
            return iter ? finditer(in, *self, *v[0], v[1], v[2], a.loc) : findall(in, *self, *v[0], v[1], v[2], a.loc);
        });
    }
    return std::nullopt;
}

std::string PatternObject::repr(Interpreter& in) const {
    std::string out = "re.compile(" + truncate_chars(in.repr(source), 200);
    int flags = re->flags();
    // CPython omits UNICODE, implied for a str pattern.
    if ((flags & (regex::kLocale | regex::kUnicode | regex::kAscii)) == regex::kUnicode) flags &= ~regex::kUnicode;
    if (flags) {
        static const std::pair<const char*, int> names[] = {
            {"re.TEMPLATE", regex::kTemplate}, {"re.IGNORECASE", regex::kIgnoreCase}, {"re.LOCALE", regex::kLocale},
            {"re.MULTILINE", regex::kMultiline}, {"re.DOTALL", regex::kDotAll}, {"re.UNICODE", regex::kUnicode},
            {"re.VERBOSE", regex::kVerbose}, {"re.DEBUG", regex::kDebug}, {"re.ASCII", regex::kAscii},
        };
        std::string text;
        for (auto& [n, bit] : names)
            if (flags & bit) {
                text += (text.empty() ? "" : "|") + std::string(n);
                flags &= ~bit;
            }
        if (flags) {
            char hex[32];
            std::snprintf(hex, sizeof hex, "0x%x", static_cast<unsigned>(flags));
            text += (text.empty() ? "" : "|") + std::string(hex);
        }
        out += ", " + text;
    }
    return out + ")";
}

std::optional<Value> PatternObject::binary_op(Interpreter& in, std::string_view op, const Value& other, bool) {
    auto* o = other.host<PatternObject>();
    if (op != "__eq__" && op != "__ne__") return std::nullopt;
    bool same = o && re->flags() == o->re->flags() && in.equal(source, o->source);
    return Value::boolean(op == "__eq__" ? same : !same);
}

std::uint64_t PatternObject::hash() const {
    const std::string* s = str_of(source);
    return std::hash<std::string>()(s ? *s : std::string()) ^ static_cast<std::uint64_t>(re->flags());
}

// ---------------------------------------------------------------- the module

void register_re_module(Interpreter& interp) {
    interp.register_module("re", [](Interpreter& in, ModuleObject& m) {
        auto mod = std::make_shared<ReModule>();
        mod->types.pattern = in.make_class("Pattern", {}, "re");
        mod->types.match = in.make_class("Match", {}, "re");
        mod->types.error = in.make_class("error", {in.exc.Exception}, "re");
        auto hooks = std::make_shared<ReClassHooks>();
        mod->types.pattern->hooks = hooks;
        mod->types.match->hooks = hooks;
        DictObject& d = *m.dict;
        d.set_str("Pattern", Value(mod->types.pattern));
        d.set_str("Match", Value(mod->types.match));
        d.set_str("error", Value(mod->types.error));
        const std::pair<const char*, int> flags[] = {
            {"NOFLAG", 0}, {"I", regex::kIgnoreCase}, {"IGNORECASE", regex::kIgnoreCase},
            {"M", regex::kMultiline}, {"MULTILINE", regex::kMultiline}, {"S", regex::kDotAll},
            {"DOTALL", regex::kDotAll}, {"X", regex::kVerbose}, {"VERBOSE", regex::kVerbose},
            {"A", regex::kAscii}, {"ASCII", regex::kAscii}, {"U", regex::kUnicode}, {"UNICODE", regex::kUnicode},
        };
        for (auto& [n, v] : flags) d.set_str(n, Value::integer(v));

        auto fn = [&](const char* name, NativeFn f) { d.set_str(name, make_native(std::string("re.") + name, std::move(f))); };
        fn("compile", [mod](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, "compile", {"pattern", "flags"}, 1);
            return Value(compile_pattern(in, *mod, *v[0], v[1], a.loc));
        });
        for (const char* name : {"match", "search", "fullmatch"}) {
            Mode mode = name[0] == 'm' ? Mode::Match : name[0] == 's' ? Mode::Search : Mode::FullMatch;
            fn(name, [mod, mode, name](Interpreter& in, CallArgs& a) {
                auto v = bind(in, a, name, {"pattern", "string", "flags"}, 2);
                auto p = compile_pattern(in, *mod, *v[0], v[2], a.loc);
                return match_at(in, *p, *v[1], nullptr, nullptr, mode, a.loc);
            });
        }
        for (bool with_count : {false, true}) {
            const char* name = with_count ? "subn" : "sub";
            fn(name, [mod, with_count, name](Interpreter& in, CallArgs& a) {
                auto v = bind(in, a, name, {"pattern", "repl", "string", "count", "flags"}, 3);
                auto p = compile_pattern(in, *mod, *v[0], v[4], a.loc);
                auto [s, n] = substitute(in, *p, *v[1], *v[2], int_or(in, v[3], 0, a.loc), a.loc);
                return with_count ? make_tuple({make_str(std::move(s)), Value::integer(n)}) : make_str(std::move(s));
            });
        }
        fn("split", [mod](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, "split", {"pattern", "string", "maxsplit", "flags"}, 2);
            auto p = compile_pattern(in, *mod, *v[0], v[3], a.loc);
            return split(in, *p, *v[1], int_or(in, v[2], 0, a.loc), a.loc);
        });
        fn("findall", [mod](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, "findall", {"pattern", "string", "flags"}, 2);
            auto p = compile_pattern(in, *mod, *v[0], v[2], a.loc);
            return findall(in, *p, *v[1], nullptr, nullptr, a.loc);
        });
        fn("finditer", [mod](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, "finditer", {"pattern", "string", "flags"}, 2);
            auto p = compile_pattern(in, *mod, *v[0], v[2], a.loc);
            return finditer(in, *p, *v[1], nullptr, nullptr, a.loc);
        });
        fn("escape", [](Interpreter& in, CallArgs& a) {
            auto v = bind(in, a, "escape", {"pattern"}, 1);
            return escape(in, *v[0], a.loc);
        });
        fn("purge", [mod](Interpreter&, CallArgs&) {
            mod->cache.clear();
            return Value();
        });
    });
}

}  // namespace orm::python
