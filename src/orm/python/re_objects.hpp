// The objects of the `re` module (stdlib_re.cpp): compiled patterns, match
// results, the subject string in code points, replacement templates, and
// re.error. Internal to the module's two source files.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "orm/python/interpreter.hpp"
#include "orm/python/regex.hpp"

namespace orm::python {

// The module's classes: isinstance(x, re.Pattern), type(m).__name__, re.error.
struct ReTypes {
    Ref<ClassObject> pattern, match, error;
};

// A str being matched: the str object, its characters, and where each
// character starts in the UTF-8 text (empty for ASCII, where they coincide).
struct Subject {
    Value value;
    std::u32string chars;
    std::vector<std::size_t> offsets;   // one per character, and the text's size

    const std::string& text() const { return *str_of(value); }
    std::int64_t size() const { return static_cast<std::int64_t>(chars.size()); }
    // The characters [a, b) as UTF-8.
    std::string slice(std::int64_t a, std::int64_t b) const;
};

// The subject for a str argument; TypeError for anything else, as CPython says it.
std::shared_ptr<const Subject> make_subject(Interpreter& in, const Value& string, SourceLocation loc);
// pos/endpos clamped to the string, as CPython clamps them.
std::pair<std::int64_t, std::int64_t> clamp_range(Interpreter& in, const Subject& s, const Value* pos,
                                                  const Value* endpos, SourceLocation loc);

struct PatternObject : HostObject {
    ReTypes types;
    Value source;                                 // the pattern str
    std::shared_ptr<const regex::Regex> re;

    std::string type_name() const override { return "re.Pattern"; }
    ClassObject* python_type(Interpreter&) const override { return types.pattern.get(); }
    std::optional<Value> get_attr(Interpreter& in, std::string_view name) override;
    std::string repr(Interpreter& in) const override;
    std::optional<Value> binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected) override;
    std::uint64_t hash() const override;

    // Runs the pattern over s's characters [0, endpos) from pos; the
    // interpreter's budget counts the steps.
    bool exec(Interpreter& in, const Subject& s, std::int64_t pos, std::int64_t endpos, regex::Mode mode,
              bool not_empty_at_pos, regex::Captures& cap);
    Value make_match(std::shared_ptr<const Subject> s, const regex::Captures& cap, std::int64_t pos,
                     std::int64_t endpos);
};

struct MatchObject : HostObject {
    Ref<PatternObject> pattern;
    std::shared_ptr<const Subject> subject;
    regex::Captures cap;
    std::int64_t pos = 0, endpos = 0;

    std::string type_name() const override { return "re.Match"; }
    ClassObject* python_type(Interpreter&) const override { return pattern->types.match.get(); }
    std::optional<Value> get_attr(Interpreter& in, std::string_view name) override;
    std::optional<Value> get_item(Interpreter& in, const Value& key) override;
    std::string repr(Interpreter& in) const override;

    // A group's number from an int or a name; IndexError "no such group" otherwise.
    int index(Interpreter& in, const Value& key, SourceLocation loc) const;
    // The group's text, or `missing` when it did not take part.
    Value group(int g, const Value& missing = Value()) const;
};

// Successive non-overlapping matches as finditer, findall, sub and split
// take them (CPython 3.7+): each search starts where the last match ended,
// and after an empty match the next may not be empty at the same place.
struct Scanner {
    Scanner(Ref<PatternObject> p, std::shared_ptr<const Subject> s, std::int64_t from, std::int64_t to)
        : pattern(std::move(p)), subject(std::move(s)), pos_start(from), endpos(to), pos(from) {}
    Ref<PatternObject> pattern;
    std::shared_ptr<const Subject> subject;
    std::int64_t pos_start, endpos, pos;
    bool must_advance = false, done = false;

    bool next(Interpreter& in, regex::Captures& cap);
};

// A replacement string (sub's repl, Match.expand's template), parsed once:
// literal text, and group numbers (\1, \g<1>, \g<name>).
struct Template {
    std::vector<std::pair<std::string, int>> parts;   // (text, -1) or ("", group)
};
Template parse_template(Interpreter& in, const PatternObject& p, const std::string& repl, SourceLocation loc);
std::string expand_template(const Template& t, const Subject& s, const regex::Captures& cap);

// Raises re.error with CPython's message ("... at position N", and the line
// and column for a pattern of several lines) and its msg/pattern/pos/lineno/colno.
[[noreturn]] void raise_re_error(Interpreter& in, const ReTypes& types, const std::string& msg,
                                 const std::string& pattern, long pos, SourceLocation loc);

// The first `n` characters of UTF-8 text (CPython's %.200R in reprs).
std::string truncate_chars(const std::string& s, std::size_t n);

}  // namespace orm::python
