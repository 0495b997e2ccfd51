// The objects of the `re` module: subjects, running a pattern under the
// interpreter's budget, Match objects, replacement templates and re.error
// (see re_objects.hpp; the module's functions are in stdlib_re.cpp).
#include "orm/python/re_objects.hpp"

#include <algorithm>

namespace orm::python {

using regex::Captures;

// ---------------------------------------------------------------- subjects

std::string Subject::slice(std::int64_t a, std::int64_t b) const {
    if (offsets.empty()) return text().substr(static_cast<std::size_t>(a), static_cast<std::size_t>(b - a));
    return text().substr(offsets[a], offsets[b] - offsets[a]);
}

std::shared_ptr<const Subject> make_subject(Interpreter& in, const Value& string, SourceLocation loc) {
    const std::string* text = str_of(string);
    if (!text) {
        if (string.is(ObjKind::Bytes))
            in.raise(in.exc.NotImplementedError, "orm's re matches str only, not bytes", loc);
        in.raise(in.exc.TypeError, "expected string or bytes-like object, got '" + in.type_name(string) + "'", loc);
    }
    auto s = std::make_shared<Subject>();
    s->value = string;
    s->chars = regex::decode_utf8(*text);
    if (s->chars.size() != text->size()) {
        // Not ASCII: where each character starts, to slice the UTF-8 text by character positions.
        s->offsets.reserve(s->chars.size() + 1);
        std::size_t at = 0;
        std::string encoded;
        for (char32_t c : s->chars) {
            s->offsets.push_back(at);
            encoded.clear();
            regex::append_utf8(encoded, c);
            at += encoded.size();
        }
        s->offsets.push_back(text->size());
    }
    return s;
}

std::pair<std::int64_t, std::int64_t> clamp_range(Interpreter& in, const Subject& s, const Value* pos,
                                                  const Value* endpos, SourceLocation loc) {
    auto get = [&](const Value* v, std::int64_t fallback) {
        if (!v) return fallback;
        if (!v->is_intlike())
            in.raise(in.exc.TypeError, "'" + in.type_name(*v) + "' object cannot be interpreted as an integer", loc);
        return std::clamp<std::int64_t>(v->as_int(), 0, s.size());
    };
    return {get(pos, 0), get(endpos, s.size())};
}

// ---------------------------------------------------------------- Pattern

bool PatternObject::exec(Interpreter& in, const Subject& s, std::int64_t pos, std::int64_t endpos, regex::Mode mode,
                         bool not_empty_at_pos, Captures& cap) {
    std::u32string_view text(s.chars.data(), static_cast<std::size_t>(endpos));
    try {
        return regex::exec(*re, text, static_cast<std::size_t>(pos), mode, not_empty_at_pos, cap, [&in] { in.step(); });
    } catch (const regex::TooComplex&) {
        in.raise(in.exc.RecursionError,
                 "the regular expression backtracked too deeply for orm's regex engine (its backtracking stack is full)",
                 in.current_location());
    }
}

Value PatternObject::make_match(std::shared_ptr<const Subject> s, const Captures& cap, std::int64_t pos,
                                std::int64_t endpos) {
    Ref<MatchObject> m(new MatchObject());
    m->pattern = Ref<PatternObject>(this);
    m->subject = std::move(s);
    m->cap = cap;
    m->pos = pos;
    m->endpos = endpos;
    return Value(m);
}

bool Scanner::next(Interpreter& in, Captures& cap) {
    if (done) return false;
    if (!pattern->exec(in, *subject, pos, endpos, regex::Mode::Search, must_advance, cap)) {
        done = true;
        return false;
    }
    must_advance = cap.end(0) == cap.start(0);
    pos = cap.end(0);
    return true;
}

// ---------------------------------------------------------------- Match

int MatchObject::index(Interpreter& in, const Value& key, SourceLocation loc) const {
    if (key.is_intlike()) {
        if (key.as_int() >= 0 && key.as_int() <= pattern->re->groups()) return static_cast<int>(key.as_int());
    } else if (const std::string* name = str_of(key)) {
        for (auto& [n, g] : pattern->re->group_names())
            if (n == *name) return g;
    }
    in.raise(in.exc.IndexError, "no such group", loc);
}

Value MatchObject::group(int g, const Value& missing) const {
    return cap.matched(g) ? make_str(subject->slice(cap.start(g), cap.end(g))) : missing;
}

std::optional<Value> MatchObject::get_item(Interpreter& in, const Value& key) {
    return group(index(in, key, in.current_location()));
}

std::optional<Value> MatchObject::get_attr(Interpreter& in, std::string_view name) {
    Ref<MatchObject> self(this);
    auto method = [](const char* n, NativeFn f) { return make_native(std::string("re.Match.") + n, std::move(f)); };
    auto group_arg = [self](Interpreter& in, CallArgs& a, const char* fn) {
        check_args(in, a, fn, 0, 1);
        return a.pos.empty() ? 0 : self->index(in, a.pos[0], a.loc);
    };
    if (name == "string") return subject->value;
    if (name == "re") return Value(pattern);
    if (name == "pos") return Value::integer(pos);
    if (name == "endpos") return Value::integer(endpos);
    if (name == "lastindex") return cap.lastindex > 0 ? Value::integer(cap.lastindex) : Value();
    if (name == "lastgroup") {
        for (auto& [n, g] : pattern->re->group_names())
            if (g == cap.lastindex) return make_str(n);
        return Value();
    }
    if (name == "regs") {
        std::vector<Value> spans;
        for (int g = 0; g <= pattern->re->groups(); ++g)
            spans.push_back(make_tuple({Value::integer(cap.start(g)), Value::integer(cap.end(g))}));
        return make_tuple(std::move(spans));
    }
    if (name == "group")
        return method("group", [self](Interpreter& in, CallArgs& a) -> Value {
            if (a.pos.size() <= 1) return self->group(a.pos.empty() ? 0 : self->index(in, a.pos[0], a.loc));
            std::vector<Value> out;
            for (auto& k : a.pos) out.push_back(self->group(self->index(in, k, a.loc)));
            return make_tuple(std::move(out));
        });
    if (name == "groups" || name == "groupdict") {
        bool dict = name == "groupdict";
        return method(dict ? "groupdict" : "groups", [self, dict](Interpreter& in, CallArgs& a) -> Value {
            check_args(in, a, dict ? "groupdict" : "groups", 0, 1, {"default"});
            const Value* dv = a.arg("default", 0);
            Value missing = dv ? *dv : Value();
            if (dict) {
                Ref<DictObject> d = make_dict();
                for (auto& [n, g] : self->pattern->re->group_names()) d->set_str(n, self->group(g, missing));
                return Value(d);
            }
            std::vector<Value> out;
            for (int g = 1; g <= self->pattern->re->groups(); ++g) out.push_back(self->group(g, missing));
            return make_tuple(std::move(out));
        });
    }
    if (name == "start")
        return method("start", [self, group_arg](Interpreter& in, CallArgs& a) {
            return Value::integer(self->cap.start(group_arg(in, a, "start")));
        });
    if (name == "end")
        return method("end", [self, group_arg](Interpreter& in, CallArgs& a) {
            return Value::integer(self->cap.end(group_arg(in, a, "end")));
        });
    if (name == "span")
        return method("span", [self, group_arg](Interpreter& in, CallArgs& a) {
            int g = group_arg(in, a, "span");
            return make_tuple({Value::integer(self->cap.start(g)), Value::integer(self->cap.end(g))});
        });
    if (name == "expand")
        return method("expand", [self](Interpreter& in, CallArgs& a) {
            check_args(in, a, "expand", 1, 1, {"template"});
            const std::string* t = str_of(a.pos[0]);
            if (!t) in.raise(in.exc.TypeError, "expand() argument must be str", a.loc);
            return make_str(expand_template(parse_template(in, *self->pattern, *t, a.loc), *self->subject, self->cap));
        });
    if (name == "__getitem__")
        return method("__getitem__", [self](Interpreter& in, CallArgs& a) {
            check_args(in, a, "__getitem__", 1, 1);
            return self->group(self->index(in, a.pos[0], a.loc));
        });
    return std::nullopt;
}

std::string MatchObject::repr(Interpreter& in) const {
    return "<re.Match object; span=(" + std::to_string(cap.start(0)) + ", " + std::to_string(cap.end(0)) +
           "), match=" + truncate_chars(in.repr(group(0)), 50) + ">";
}

// ---------------------------------------------------------------- templates

namespace {

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_oct(char32_t c) { return c >= '0' && c <= '7'; }
// str.isidentifier(), with any non-ASCII character allowed.
bool is_identifier(std::u32string_view s) {
    auto word = [](char32_t c) { return c >= 0x80 || c == '_' || is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); };
    return !s.empty() && !is_digit(s[0]) && std::all_of(s.begin(), s.end(), word);
}

// CPython's parse_template: \g<name>, \g<number>, \1..\99, octal \0 and
// \ooo, the escapes \n \t ..., other non-letter escapes kept as written.
// Positions in errors count characters of the template.
class TemplateParser {
public:
    TemplateParser(Interpreter& in, const PatternObject& p, const std::string& repl, SourceLocation loc)
        : in_(in), p_(p), repl_(repl), s_(regex::decode_utf8(repl)), loc_(loc) {
        // CPython reads the template in tokens ('\' with the character after
        // it) one ahead, and fails on a lone '\' at the end as soon as it is
        // next: that error wins over any found later (see fail()).
        for (std::size_t i = 0; i < s_.size(); i += s_[i] == '\\' ? 2 : 1)
            if (s_[i] == '\\' && i + 1 == s_.size()) trailing_backslash_ = i;
    }

    Template run() {
        while (i_ < s_.size()) {
            std::size_t start = i_;
            char32_t c = s_[i_++];
            if (c != '\\') {
                regex::append_utf8(literal_, c);
                continue;
            }
            if (i_ >= s_.size()) fail("bad escape (end of pattern)", start);
            c = s_[i_++];
            if (c == 'g') named_group();
            else if (is_digit(c)) digits(c, start);
            else escape(c, start);
        }
        if (!literal_.empty()) t_.parts.emplace_back(std::move(literal_), -1);
        return std::move(t_);
    }

private:
    Interpreter& in_;
    const PatternObject& p_;
    const std::string& repl_;
    std::u32string s_;
    SourceLocation loc_;
    std::size_t i_ = 0;
    std::size_t trailing_backslash_ = std::string::npos;
    std::string literal_;
    Template t_;

    [[noreturn]] void fail(const std::string& msg, std::size_t pos) {
        if (trailing_backslash_ != std::string::npos && i_ >= trailing_backslash_)
            raise_re_error(in_, p_.types, "bad escape (end of pattern)", repl_, static_cast<long>(trailing_backslash_), loc_);
        raise_re_error(in_, p_.types, msg, repl_, static_cast<long>(pos), loc_);
    }
    std::string text(std::size_t a, std::size_t b) const {
        std::string out;
        for (std::size_t k = a; k < b; ++k) regex::append_utf8(out, s_[k]);
        return out;
    }
    void add_group(std::int64_t g, std::size_t pos) {
        if (g > p_.re->groups()) fail("invalid group reference " + std::to_string(g), pos);
        if (!literal_.empty()) t_.parts.emplace_back(std::move(literal_), -1);
        literal_.clear();
        t_.parts.emplace_back("", static_cast<int>(g));
    }

    // After "\g": <name> or <number>, read in tokens ("\>" does not end it).
    void named_group() {
        if (i_ >= s_.size() || s_[i_] != '<') fail("missing <", i_);
        std::size_t name_start = ++i_;
        std::u32string name;
        for (;;) {
            if (i_ >= s_.size()) fail(name.empty() ? "missing group name" : "missing >, unterminated name",
                                      name.empty() ? i_ : name_start);
            std::size_t len = s_[i_] == '\\' && i_ + 1 < s_.size() ? 2 : 1;
            i_ += len;
            if (len == 1 && s_[i_ - 1] == '>') break;
            name.append(s_, i_ - len, len);
        }
        if (name.empty()) fail("missing group name", i_ - 1);
        std::string utf8 = text(name_start, i_ - 1);
        if (std::all_of(name.begin(), name.end(), is_digit)) {
            add_group(name.size() > 9 ? INT32_MAX : std::stoll(utf8), name_start);
            return;
        }
        if (!is_identifier(name)) fail("bad character in group name " + repr_string(utf8), name_start);
        auto& names = p_.re->group_names();
        auto it = std::find_if(names.begin(), names.end(), [&](const auto& e) { return e.first == utf8; });
        if (it == names.end()) {
            // A lone '\\' ahead is reported first, as CPython does.
            if (trailing_backslash_ != std::string::npos) fail("bad escape (end of pattern)", trailing_backslash_);
            in_.raise(in_.exc.IndexError, "unknown group name " + repr_string(utf8), loc_);
        }
        add_group(it->second, name_start);
    }

    // After "\" and digit `c`: \0 and \ooo are octal, others a group number.
    void digits(char32_t c, std::size_t start) {
        if (c == '0') {
            char32_t v = 0;
            for (int k = 0; k < 2 && i_ < s_.size() && is_oct(s_[i_]); ++k) v = v * 8 + (s_[i_++] - '0');
            regex::append_utf8(literal_, v & 0xFF);
            return;
        }
        std::int64_t g = c - '0';
        if (i_ < s_.size() && is_digit(s_[i_])) {
            char32_t c2 = s_[i_++];
            if (is_oct(c) && is_oct(c2) && i_ < s_.size() && is_oct(s_[i_])) {
                char32_t v = (c - '0') * 64 + (c2 - '0') * 8 + (s_[i_++] - '0');
                if (v > 0377) fail("octal escape value " + text(start, i_) + " outside of range 0-0o377", start);
                regex::append_utf8(literal_, v);
                return;
            }
            g = g * 10 + (c2 - '0');
        }
        add_group(g, start + 1);
    }

    void escape(char32_t c, std::size_t start) {
        static const std::string escapes = "a\ab\bf\fn\nr\rt\tv\v\\\\";   // letter, character
        auto at = c < 0x80 ? escapes.find(static_cast<char>(c)) : std::string::npos;
        if (at != std::string::npos && at % 2 == 0) literal_ += escapes[at + 1];
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') fail("bad escape " + text(start, i_), start);
        else literal_ += "\\" + text(start + 1, i_);
    }
};

}  // namespace

Template parse_template(Interpreter& in, const PatternObject& p, const std::string& repl, SourceLocation loc) {
    if (repl.find('\\') == std::string::npos) return Template{{{repl, -1}}};
    return TemplateParser(in, p, repl, loc).run();
}

std::string expand_template(const Template& t, const Subject& s, const Captures& cap) {
    std::string out;
    for (auto& [text, g] : t.parts) {
        if (g < 0) out += text;
        else if (cap.matched(g)) out += s.slice(cap.start(g), cap.end(g));   // an unmatched group gives ''
    }
    return out;
}

// ---------------------------------------------------------------- errors

void raise_re_error(Interpreter& in, const ReTypes& types, const std::string& msg, const std::string& pattern,
                    long pos, SourceLocation loc) {
    std::string text = msg;
    Value lineno, colno, position;
    if (pos >= 0) {
        std::u32string chars = regex::decode_utf8(pattern);
        auto before = chars.begin() + std::min<std::size_t>(static_cast<std::size_t>(pos), chars.size());
        std::int64_t line = 1 + std::count(chars.begin(), before, U'\n');
        auto last_newline = std::find(std::make_reverse_iterator(before), chars.rend(), U'\n');
        std::int64_t col = pos - (last_newline == chars.rend() ? -1 : (chars.rend() - last_newline) - 1);
        text += " at position " + std::to_string(pos);
        if (chars.find(U'\n') != std::u32string::npos)
            text += " (line " + std::to_string(line) + ", column " + std::to_string(col) + ")";
        lineno = Value::integer(line);
        colno = Value::integer(col);
        position = Value::integer(pos);
    }
    Value e = in.make_exception(types.error.get(), {make_str(text)});
    DictObject& attrs = e.as<InstanceObject>()->attrs();
    attrs.set_str("msg", make_str(msg));
    attrs.set_str("pattern", pos >= 0 ? make_str(pattern) : Value());   // CPython gives none without a position
    attrs.set_str("pos", position);
    attrs.set_str("lineno", lineno);
    attrs.set_str("colno", colno);
    in.raise_value(e, loc);
}

std::string truncate_chars(const std::string& s, std::size_t n) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (chars++ == n) return s.substr(0, i);
    }
    return s;
}

}  // namespace orm::python
