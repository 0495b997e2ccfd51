// The regular expression engine behind the interpreter's `re` module: the
// pattern syntax of Python's re (what model and migration code writes),
// compiled to a small program that a backtracking VM runs with an explicit
// stack. Nothing here recurses on the length of the input, so a long string
// cannot overflow the C++ stack; the VM calls a tick every so many steps so
// that the interpreter's step budget ends catastrophic backtracking.
//
// Text is a sequence of code points (Python counts str positions in
// characters, not UTF-8 bytes); the module converts at its boundary.
//
// Syntax and semantics follow CPython 3.11's sre: what parses, what is an
// error (with CPython's message and position), how empty matches and
// captures inside repetitions behave. Character classes such as \w, \d, \s
// and case-insensitive matching follow Unicode approximately (see
// regex.cpp); with the ASCII flag they are exact.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace orm::python::regex {

// Python's flag values (re.I, re.M, ...), as CPython numbers them.
enum Flag : int {
    kTemplate = 1,
    kIgnoreCase = 2,
    kLocale = 4,
    kMultiline = 8,
    kDotAll = 16,
    kUnicode = 32,
    kVerbose = 64,
    kDebug = 128,
    kAscii = 256,
};

// A malformed pattern: CPython's message without the position, and the
// position in code points (-1 when CPython gives none, as for a
// variable-width look-behind).
struct PatternError {
    std::string msg;
    long pos = -1;
};

// The backtracking stack grew past what orm allows (a pattern and input that
// would take too much memory even within the step budget).
struct TooComplex {};

namespace detail {
struct Program;
}

// A compiled pattern. Immutable once compiled; shared by Pattern objects.
class Regex {
public:
    // Parses and compiles; throws PatternError (re.error), std::invalid_argument
    // for incompatible flags (ValueError) or std::overflow_error for a
    // repetition count past CPython's limit (OverflowError).
    static std::shared_ptr<const Regex> compile(std::u32string_view pattern, int flags);

    // The flags as Pattern.flags reports them: the ones passed, those set
    // inline at the start ((?i)), and UNICODE unless ASCII or LOCALE.
    int flags() const { return flags_; }
    int groups() const { return groups_; }
    // Named groups in the order they were defined: name, group number.
    const std::vector<std::pair<std::string, int>>& group_names() const { return names_; }
    const detail::Program& program() const { return *program_; }

private:
    int flags_ = 0;
    int groups_ = 0;
    std::vector<std::pair<std::string, int>> names_;
    std::shared_ptr<const detail::Program> program_;
};

enum class Mode {
    Search,     // the first match starting at pos or later
    Match,      // a match starting at pos
    FullMatch,  // a match starting at pos and ending at the end of the text
};

// The result of a match: for group 0 (the whole match) and each group, its
// start and end in code points, -1 for a group that did not take part.
struct Captures {
    std::vector<std::int64_t> spans;   // 2 per group, group 0 first
    int lastindex = -1;                // the group that closed last (-1: none)

    std::int64_t start(int g) const { return spans[2 * g]; }
    std::int64_t end(int g) const { return spans[2 * g + 1]; }
    bool matched(int g) const { return spans[2 * g] >= 0 && spans[2 * g + 1] >= 0; }
};

// Called every so many steps of the VM; throws to stop a run.
using Tick = std::function<void()>;

// Runs `re` over `text` (already cut at the caller's endpos) from `pos`.
// `not_empty_at_pos`: a match that is empty and starts at `pos` does not
// count (how finditer, sub and split step past an empty match, as CPython
// 3.7+ does). Fills `out` and returns true on a match. Throws what `tick`
// throws, or TooComplex.
bool exec(const Regex& re, std::u32string_view text, std::size_t pos, Mode mode, bool not_empty_at_pos,
          Captures& out, const Tick& tick);

// UTF-8 <-> code points. Invalid bytes decode to themselves (as Latin-1) so
// that every input has a meaning; the interpreter's strings are valid UTF-8.
std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t c);

}  // namespace orm::python::regex
