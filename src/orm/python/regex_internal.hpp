// The regex engine's internals, shared by its parser (regex_parse.cpp) and
// its compiler and VM (regex.cpp): the syntax tree, character sets, the
// program, and the character predicates.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orm/python/regex.hpp"

namespace orm::python::regex::detail {

// ---------------------------------------------------------------- characters

// Python's \w, \d, \s and simple case mapping. With `ascii` exact; without,
// an approximation of Unicode's categories: non-ASCII letters and digits of
// the common scripts are word characters, the punctuation, symbol and
// space blocks are not (see regex.cpp for the ranges).
bool is_word(char32_t c, bool ascii);
bool is_digit(char32_t c, bool ascii);
bool is_space(char32_t c, bool ascii);
char32_t to_lower(char32_t c, bool ascii);
char32_t to_upper(char32_t c, bool ascii);

// The class escapes a set may hold.
enum class Category : std::uint8_t { Digit, NotDigit, Word, NotWord, Space, NotSpace };

struct CharSet {
    std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive
    std::vector<Category> categories;
    bool negate = false;

    // Whether `c` is in the set, before negation and case folding.
    bool contains_raw(char32_t c, bool ascii) const;
    // Whether the set matches `c` under the flags (case folding, then negation).
    bool matches(char32_t c, bool icase, bool ascii) const;
};

// ---------------------------------------------------------------- syntax tree

enum class NodeKind : std::uint8_t {
    Empty, Literal, Any, Set, Anchor, Group, Concat, Alternate, Repeat, Backref, Look, Atomic, Conditional,
};

enum class AnchorKind : std::uint8_t { LineStart, LineEnd, TextStart, TextEnd, WordBoundary, NotWordBoundary };

constexpr std::int64_t kUnbounded = -1;   // Repeat's max for *, + and {m,}

struct Node {
    NodeKind kind = NodeKind::Empty;
    int flags = 0;              // the flags in effect where the node was written (IGNORECASE, DOTALL, ...)
    char32_t ch = 0;            // Literal
    int set = -1;               // Set: index into Ast::sets
    AnchorKind anchor = AnchorKind::LineStart;
    int group = -1;             // Group (-1: not capturing), Backref, Conditional
    std::int64_t min = 0, max = 0;  // Repeat
    bool greedy = true;         // Repeat
    bool possessive = false;    // Repeat
    bool behind = false;        // Look
    bool negate = false;        // Look
    std::vector<int> kids;      // Group/Repeat/Look/Atomic: one; Concat/Alternate: many; Conditional: yes, no
};

struct Ast {
    std::vector<Node> nodes;
    std::vector<CharSet> sets;
    int root = -1;
    int groups = 0;
    std::vector<int> group_nodes;   // per group number: its Group node (-1 while open); [0] unused
    std::vector<std::pair<std::string, int>> names;
    int flags = 0;              // passed and inline global flags
};

// Parses a pattern; throws PatternError. (regex_parse.cpp)
Ast parse(std::u32string_view pattern, int flags);

// The least and greatest number of characters a node matches (greatest:
// kUnbounded when there is no bound).
std::pair<std::int64_t, std::int64_t> width(const Ast& ast, int node);

// ---------------------------------------------------------------- program

enum class Op : std::uint8_t {
    Char,        // c
    CharFold,    // c (lowercased), case-insensitively
    Any,         // any character but \n
    AnyAll,      // any character (DOTALL)
    Set,         // x: set index
    Split,       // try x, then y
    Jmp,         // to x
    Save,        // slot x := position
    Assert,      // anchor (AnchorKind in `kind`)
    Backref,     // group x
    Look,        // lookaround whose body follows, ending in SubEnd; continue at x; y: look-behind width
    Atomic,      // atomic group whose body follows, ending in SubEnd; continue at x
    LoopEnter,   // register x := position (a loop whose body may match empty)
    LoopCheck,   // the body made progress since register x: jump to y, else go on (leaving the loop)
    IfGroup,     // group x matched: go on, else jump to y
    Match,       // the pattern matched
    SubEnd,      // a lookaround's or atomic group's body matched
};

// Inst::flags bits.
constexpr std::uint8_t kInstIgnoreCase = 1, kInstAscii = 2, kInstMultiline = 4, kInstBehind = 8, kInstNegate = 16;

struct Inst {
    Op op = Op::Match;
    std::uint8_t flags = 0;
    AnchorKind kind = AnchorKind::LineStart;
    std::int32_t x = 0, y = 0;
    char32_t c = 0;
};

struct Program {
    std::vector<Inst> code;
    std::vector<CharSet> sets;
    int groups = 0;
    int slot_count = 0;       // 2 per group (group 0 included), the loop registers, then lastindex
    int lastindex_slot = 0;
    // Search shortcuts: every match begins with `prefix` (when has_prefix),
    // or can only start at position 0 (anchored).
    bool has_prefix = false;
    char32_t prefix = 0;
    bool anchored = false;
};

}  // namespace orm::python::regex::detail
