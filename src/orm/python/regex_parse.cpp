// The regex engine's parser: Python re pattern syntax to a syntax tree, with
// CPython 3.11's error messages and positions (sre_parse / re._parser).
//
// Grammar (as CPython reads it; positions count code points):
//
//   pattern     := alternation                    (a stray ')' is "unbalanced parenthesis")
//   alternation := sequence ('|' sequence)*
//   sequence    := (item quantifier*)*             (a second quantifier is "multiple repeat")
//   quantifier  := ('*' | '+' | '?' | '{' m? (',' n?)? '}') ('?' lazy | '+' possessive)?
//                  ('{' not forming a quantifier is a literal '{')
//   item        := literal | '.' | '^' | '$' | '\' escape | '[' set ']' | '(' group ')'
//   escape      := A Z b B d D s S w W | a f n r t v \ | x hh | u hhhh | U hhhhhhhh
//                | 0 oo? (octal) | ooo (octal) | [1-9][0-9]? (backreference) | non-letter (itself)
//   set         := '^'? set_item+              (a ']' first is a literal)
//   set_item    := (char | '\' class_escape) ('-' (char | '\' class_escape))?
//   group       := alternation                 capturing
//                | '?:' alternation            non-capturing
//                | '?P<' name '>' alternation  named
//                | '?P=' name                  named backreference
//                | '?=' / '?!' alternation     lookahead
//                | '?<=' / '?<!' alternation   fixed-width lookbehind
//                | '?>' alternation            atomic
//                | '?#' ... ')'                comment
//                | '?(' (name | number) ')' sequence ('|' sequence)?   conditional
//                | '?' flags ')'               global flags, only at the very start
//                | '?' flags ('-' flags)? ':' alternation              scoped flags
//   flags       := [aiLmsux]+
//
// In VERBOSE mode whitespace and '#' comments between items are skipped.
#include <algorithm>
#include <optional>
#include <stdexcept>

#include "orm/python/regex_internal.hpp"
#include "orm/python/string_literal.hpp"

namespace orm::python::regex::detail {

// ---------------------------------------------------------------- width

namespace {

std::int64_t add_width(std::int64_t a, std::int64_t b) {
    return a == kUnbounded || b == kUnbounded ? kUnbounded : a + b;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> width(const Ast& ast, int id) {
    const Node& n = ast.nodes[id];
    switch (n.kind) {
        case NodeKind::Empty:
        case NodeKind::Anchor:
        case NodeKind::Look: return {0, 0};
        case NodeKind::Literal:
        case NodeKind::Any:
        case NodeKind::Set: return {1, 1};
        case NodeKind::Group:
        case NodeKind::Atomic: return width(ast, n.kids[0]);
        case NodeKind::Backref: {
            // As wide as the group it repeats (a look-behind may hold (?P=name) of a fixed-width group).
            int g = n.group < static_cast<int>(ast.group_nodes.size()) ? ast.group_nodes[n.group] : -1;
            return g >= 0 ? width(ast, g) : std::pair<std::int64_t, std::int64_t>{0, kUnbounded};
        }
        case NodeKind::Concat: {
            std::pair<std::int64_t, std::int64_t> w{0, 0};
            for (int k : n.kids) {
                auto [lo, hi] = width(ast, k);
                w = {w.first + lo, add_width(w.second, hi)};
            }
            return w;
        }
        case NodeKind::Alternate: {
            std::pair<std::int64_t, std::int64_t> w = width(ast, n.kids[0]);
            for (std::size_t i = 1; i < n.kids.size(); ++i) {
                auto [lo, hi] = width(ast, n.kids[i]);
                w.first = std::min(w.first, lo);
                w.second = w.second == kUnbounded || hi == kUnbounded ? kUnbounded : std::max(w.second, hi);
            }
            return w;
        }
        case NodeKind::Repeat: {
            auto [lo, hi] = width(ast, n.kids[0]);
            std::int64_t max = hi == 0 ? 0 : (hi == kUnbounded || n.max == kUnbounded ? kUnbounded : hi * n.max);
            return {lo * n.min, max};
        }
        case NodeKind::Conditional: {
            auto yes = width(ast, n.kids[0]);
            auto no = width(ast, n.kids[1]);
            return {std::min(yes.first, no.first),
                    yes.second == kUnbounded || no.second == kUnbounded ? kUnbounded : std::max(yes.second, no.second)};
        }
    }
    return {0, kUnbounded};
}

// ---------------------------------------------------------------- parser

namespace {

constexpr std::int64_t kMaxRepeat = 4294967295;   // CPython's MAXREPEAT
constexpr int kMaxDepth = 300;                     // nested groups (CPython's parser recurses too)
constexpr int kTypeFlags = kAscii | kLocale | kUnicode;

bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_oct(char32_t c) { return c >= '0' && c <= '7'; }
bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char32_t c) { return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_verbose_space(char32_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string utf8(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) append_utf8(out, c);
    return out;
}

// Python's str.isidentifier(), with is_word standing in for Unicode's categories.
bool is_identifier(std::u32string_view s) {
    if (s.empty() || is_ascii_digit(s[0])) return false;
    return std::all_of(s.begin(), s.end(), [](char32_t c) { return is_word(c, false); });
}

// repr() of a name in messages ('x', or "it's").
std::string quote(std::u32string_view s) {
    std::string text = utf8(s);
    char q = text.find('\'') != std::string::npos && text.find('"') == std::string::npos ? '"' : '\'';
    std::string out(1, q);
    for (char c : text) {
        if (c == '\\' || c == q) out += '\\';
        out += c;
    }
    return out + q;
}

int flag_bit(char32_t c) {
    switch (c) {
        case 'i': return kIgnoreCase;
        case 'L': return kLocale;
        case 'm': return kMultiline;
        case 's': return kDotAll;
        case 'x': return kVerbose;
        case 'a': return kAscii;
        case 'u': return kUnicode;
        default: return 0;
    }
}

class Parser {
public:
    Parser(std::u32string_view pattern, int flags) : p_(pattern) {
        ast_.flags = flags;
        ast_.group_nodes.push_back(-1);   // group 0, the whole match, has no node
        for (std::size_t i = 0; i < p_.size(); i += p_[i] == '\\' ? 2 : 1)
            if (p_[i] == '\\' && i + 1 == p_.size()) trailing_backslash_ = static_cast<long>(i);
    }
    Ast run();

private:
    // Flags turned on and off by the enclosing (?flags:...) groups.
    struct Scope {
        int add = 0, del = 0;
    };

    std::u32string_view p_;
    std::size_t i_ = 0;
    Ast ast_;
    int lookbehind_groups_ = -1;        // groups existing when the outermost open look-behind began
    std::vector<std::pair<int, long>> cond_refs_;   // numbered conditionals, checked at the end
    std::vector<int> lookbehinds_;      // checked for a fixed width at the end
    int depth_ = 0;
    long trailing_backslash_ = -1;      // a '\' that ends the pattern, escaping nothing

    [[noreturn]] void fail(std::string msg, long pos) {
        // CPython's tokenizer reads a token ahead and fails as soon as that
        // is a lone '\' at the end: that error wins over any found after it.
        if (trailing_backslash_ >= 0 && static_cast<long>(i_) >= trailing_backslash_)
            throw PatternError{"bad escape (end of pattern)", trailing_backslash_};
        throw PatternError{std::move(msg), pos};
    }
    // CPython reads patterns in tokens: one character, or '\' and the one
    // after it. Where it compares tokens (extensions, flags, names) an
    // escaped character never matches: single() is 0 for it.
    std::u32string_view token() {
        std::size_t len = p_[i_] == '\\' && i_ + 1 < p_.size() ? 2 : 1;
        i_ += len;
        return p_.substr(i_ - len, len);
    }
    static char32_t single(std::u32string_view tok) { return tok.size() == 1 ? tok[0] : 0; }
    bool at_end() const { return i_ >= p_.size(); }
    bool match(char32_t c) {
        if (at_end() || p_[i_] != c) return false;
        ++i_;
        return true;
    }
    long pos_before(std::size_t n) const { return static_cast<long>(i_ - n); }
    int flags_of(Scope s) const { return (ast_.flags | s.add) & ~s.del; }
    bool closed(int gid) const { return gid < static_cast<int>(ast_.group_nodes.size()) && ast_.group_nodes[gid] >= 0; }

    int add(Node n) {
        ast_.nodes.push_back(std::move(n));
        return static_cast<int>(ast_.nodes.size()) - 1;
    }
    int leaf(NodeKind kind, int flags) {
        Node n;
        n.kind = kind;
        n.flags = flags;
        return add(std::move(n));
    }
    int literal(char32_t c, int flags) {
        Node n;
        n.kind = NodeKind::Literal;
        n.ch = c;
        n.flags = flags;
        return add(std::move(n));
    }
    int anchor(AnchorKind k, int flags) {
        Node n;
        n.kind = NodeKind::Anchor;
        n.anchor = k;
        n.flags = flags;
        return add(std::move(n));
    }
    int category(Category k, int flags) {
        CharSet s;
        s.categories.push_back(k);
        ast_.sets.push_back(std::move(s));
        Node n;
        n.kind = NodeKind::Set;
        n.set = static_cast<int>(ast_.sets.size()) - 1;
        n.flags = flags;
        return add(std::move(n));
    }

    int alternation(Scope s, bool first);
    int sequence(Scope s, bool first);
    void repeat(char32_t c, std::size_t start, std::vector<int>& items, int flags);
    int escape(std::size_t start, int flags);
    char32_t code_escape(char32_t c, std::size_t start);
    int backref(int gid, int flags);
    int charset(std::size_t start, int flags);
    std::optional<std::pair<bool, char32_t>> class_escape(std::size_t start, Category& cat);
    int group(std::size_t start, Scope s, bool first);
    int lookaround(std::size_t start, Scope s, char32_t c);
    int conditional(std::size_t start, Scope s);
    std::optional<std::pair<int, int>> inline_flags(char32_t c);
    std::u32string until(char32_t terminator, const char* what);
    void check_name(const std::u32string& name, std::size_t offset);
    void check_lookbehind_group(int gid);
};

Ast Parser::run() {
    ast_.root = alternation(Scope{}, true);
    if (!at_end()) fail("unbalanced parenthesis", static_cast<long>(i_));
    for (auto [g, pos] : cond_refs_)
        if (g > ast_.groups) fail("invalid group reference " + std::to_string(g), pos);
    for (int look : lookbehinds_) {
        auto [lo, hi] = width(ast_, ast_.nodes[look].kids[0]);
        if (lo != hi) fail("look-behind requires fixed-width pattern", -1);
    }
    return std::move(ast_);
}

int Parser::alternation(Scope s, bool first) {
    std::vector<int> branches;
    do {
        branches.push_back(sequence(s, first && branches.empty()));
    } while (match('|'));
    if (branches.size() == 1) return branches[0];
    Node n;
    n.kind = NodeKind::Alternate;
    n.kids = std::move(branches);
    return add(std::move(n));
}

// `first`: at the very start of the pattern, where global flags may stand.
int Parser::sequence(Scope s, bool first) {
    std::vector<int> items;
    while (!at_end() && p_[i_] != '|' && p_[i_] != ')') {
        std::size_t start = i_;
        char32_t c = p_[i_++];
        int fl = flags_of(s);
        if (fl & kVerbose) {
            if (is_verbose_space(c)) continue;
            if (c == '#') {
                while (!at_end() && p_[i_++] != '\n') {
                }
                continue;
            }
        }
        switch (c) {
            case '\\': items.push_back(escape(start, fl)); break;
            case '[': items.push_back(charset(start, fl)); break;
            case '*':
            case '+':
            case '?':
            case '{': repeat(c, start, items, fl); break;
            case '.': items.push_back(leaf(NodeKind::Any, fl)); break;
            case '^': items.push_back(anchor(AnchorKind::LineStart, fl)); break;
            case '$': items.push_back(anchor(AnchorKind::LineEnd, fl)); break;
            case '(':
                if (int g = group(start, s, first && items.empty()); g >= 0) items.push_back(g);
                break;
            default: items.push_back(literal(c, fl)); break;
        }
    }
    if (items.size() == 1) return items[0];
    if (items.empty()) return leaf(NodeKind::Empty, flags_of(s));
    Node n;
    n.kind = NodeKind::Concat;
    n.kids = std::move(items);
    return add(std::move(n));
}

// A quantifier after items.back(); `{` that does not form one is a literal.
void Parser::repeat(char32_t c, std::size_t start, std::vector<int>& items, int flags) {
    std::int64_t min = 0, max = kUnbounded;
    if (c == '?') max = 1;
    else if (c == '+') min = 1;
    else if (c == '{') {
        std::size_t here = i_;
        auto digits = [&] {
            std::u32string d;
            while (!at_end() && is_ascii_digit(p_[i_])) d += p_[i_++];
            return d;
        };
        auto number = [&](const std::u32string& d) {
            std::int64_t v = 0;
            for (char32_t ch : d) {
                v = v * 10 + (ch - '0');
                if (v >= kMaxRepeat) throw std::overflow_error("the repetition number is too large");
            }
            return v;
        };
        if (!at_end() && p_[i_] == '}') {   // "{}" is two literals
            items.push_back(literal('{', flags));
            return;
        }
        std::u32string lo = digits();
        std::u32string hi = match(',') ? digits() : lo;
        if (!match('}')) {
            i_ = here;
            items.push_back(literal('{', flags));
            return;
        }
        if (!lo.empty()) min = number(lo);
        if (!hi.empty()) {
            max = number(hi);
            if (max < min) fail("min repeat greater than max repeat", static_cast<long>(here));
        }
    }
    if (items.empty() || ast_.nodes[items.back()].kind == NodeKind::Anchor)
        fail("nothing to repeat", static_cast<long>(start));
    if (ast_.nodes[items.back()].kind == NodeKind::Repeat) fail("multiple repeat", static_cast<long>(start));
    Node r;
    r.kind = NodeKind::Repeat;
    r.flags = flags;
    r.min = min;
    r.max = max;
    r.kids = {items.back()};
    if (match('?')) r.greedy = false;
    else if (match('+')) r.possessive = true;
    items.back() = add(std::move(r));
}

// After '\' at `start`, outside a set.
int Parser::escape(std::size_t start, int flags) {
    if (at_end()) fail("bad escape (end of pattern)", static_cast<long>(start));
    char32_t c = p_[i_++];
    switch (c) {
        case 'A': return anchor(AnchorKind::TextStart, flags);
        case 'Z': return anchor(AnchorKind::TextEnd, flags);
        case 'b': return anchor(AnchorKind::WordBoundary, flags);
        case 'B': return anchor(AnchorKind::NotWordBoundary, flags);
        case 'd': return category(Category::Digit, flags);
        case 'D': return category(Category::NotDigit, flags);
        case 's': return category(Category::Space, flags);
        case 'S': return category(Category::NotSpace, flags);
        case 'w': return category(Category::Word, flags);
        case 'W': return category(Category::NotWord, flags);
        default: break;
    }
    if (is_ascii_digit(c) && c != '0') {
        // A backreference, or an octal escape when three octal digits follow '\'.
        int gid = c - '0';
        if (!at_end() && is_ascii_digit(p_[i_])) {
            char32_t c2 = p_[i_++];
            if (is_oct(c) && is_oct(c2) && !at_end() && is_oct(p_[i_])) {
                char32_t value = (c - '0') * 64 + (c2 - '0') * 8 + (p_[i_++] - '0');
                if (value > 0377)
                    fail("octal escape value " + utf8(p_.substr(start, i_ - start)) + " outside of range 0-0o377",
                         static_cast<long>(start));
                return literal(value, flags);
            }
            gid = gid * 10 + (c2 - '0');
        }
        if (gid > ast_.groups) fail("invalid group reference " + std::to_string(gid), static_cast<long>(start) + 1);
        if (!closed(gid)) fail("cannot refer to an open group", static_cast<long>(start));
        return backref(gid, flags);
    }
    return literal(code_escape(c, start), flags);
}

// The character an escape stands for (both inside and outside sets): \n,
// \x41, \u00e9, \0, other non-letters as themselves. `c` follows '\'.
char32_t Parser::code_escape(char32_t c, std::size_t start) {
    auto escape_text = [&] { return utf8(p_.substr(start, i_ - start)); };
    switch (c) {
        case 'a': return 7;
        case 'f': return 12;
        case 'n': return 10;
        case 'r': return 13;
        case 't': return 9;
        case 'v': return 11;
        case '\\': return '\\';
        case 'x':
        case 'u':
        case 'U': {
            std::size_t want = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            char32_t value = 0;
            std::size_t got = 0;
            for (; got < want && !at_end() && is_hex(p_[i_]); ++got) {
                char32_t h = p_[i_++];
                value = value * 16 + (is_ascii_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
            }
            if (got != want) fail("incomplete escape " + escape_text(), static_cast<long>(start));
            if (value > 0x10FFFF) fail("bad escape " + escape_text(), static_cast<long>(start));
            return value;
        }
        case 'N': {
            // \N{NAME}, as re reads it in a str pattern (its messages too).
            if (at_end() || p_[i_] != '{') fail("missing {", static_cast<long>(i_));
            std::size_t close = p_.find(U'}', i_ + 1);
            if (close == i_ + 1 || (close == std::u32string_view::npos && i_ + 1 == p_.size()))
                fail("missing character name", static_cast<long>(i_) + 1);
            if (close == std::u32string_view::npos) fail("missing }, unterminated name", static_cast<long>(i_) + 1);
            std::string name = utf8(p_.substr(i_ + 1, close - i_ - 1));
            auto cp = unicode_character(name);
            if (!cp) fail("undefined character name '" + name + "'", static_cast<long>(start));
            i_ = close + 1;
            return static_cast<char32_t>(*cp);
        }
        default: break;
    }
    if (is_oct(c)) {
        // \0, \01, \012 (outside a set only \0 starts here), octal up to \377.
        char32_t value = c - '0';
        for (int k = 0; k < 2 && !at_end() && is_oct(p_[i_]); ++k) value = value * 8 + (p_[i_++] - '0');
        if (value > 0377)
            fail("octal escape value " + escape_text() + " outside of range 0-0o377", static_cast<long>(start));
        return value;
    }
    if (is_ascii_letter(c) || is_ascii_digit(c)) fail("bad escape " + escape_text(), static_cast<long>(start));
    return c;
}

int Parser::backref(int gid, int flags) {
    check_lookbehind_group(gid);
    Node n;
    n.kind = NodeKind::Backref;
    n.group = gid;
    n.flags = flags;
    return add(std::move(n));
}

void Parser::check_lookbehind_group(int gid) {
    if (lookbehind_groups_ < 0) return;
    if (!closed(gid)) fail("cannot refer to an open group", static_cast<long>(i_));
    if (gid >= lookbehind_groups_)
        fail("cannot refer to group defined in the same lookbehind subpattern", static_cast<long>(i_));
}

// After '\' at `start` inside a set: a character (first) or a category (`cat`, nullopt returned).
std::optional<std::pair<bool, char32_t>> Parser::class_escape(std::size_t start, Category& cat) {
    if (at_end()) fail("bad escape (end of pattern)", static_cast<long>(start));
    char32_t c = p_[i_++];
    switch (c) {
        case 'd': cat = Category::Digit; return std::nullopt;
        case 'D': cat = Category::NotDigit; return std::nullopt;
        case 's': cat = Category::Space; return std::nullopt;
        case 'S': cat = Category::NotSpace; return std::nullopt;
        case 'w': cat = Category::Word; return std::nullopt;
        case 'W': cat = Category::NotWord; return std::nullopt;
        case 'b': return std::pair{true, char32_t(8)};   // backspace inside a set
        default: return std::pair{true, code_escape(c, start)};
    }
}

int Parser::charset(std::size_t start, int flags) {
    CharSet set;
    set.negate = match('^');
    bool any = false;   // a ']' after the first item closes the set
    auto item = [&](std::size_t at, Category& cat) -> std::optional<std::pair<bool, char32_t>> {
        char32_t c = p_[i_++];
        if (c == '\\') return class_escape(at, cat);
        return std::pair{true, c};
    };
    for (;;) {
        if (at_end()) fail("unterminated character set", static_cast<long>(start));
        std::size_t item_start = i_;
        if (p_[i_] == ']' && any) {
            ++i_;
            break;
        }
        any = true;
        Category cat1{}, cat2{};
        auto a = item(item_start, cat1);
        if (!match('-')) {
            if (a) set.ranges.push_back({a->second, a->second});
            else set.categories.push_back(cat1);
            continue;
        }
        if (at_end()) fail("unterminated character set", static_cast<long>(start));
        if (p_[i_] == ']') {   // "a-]": a literal '-' last
            ++i_;
            if (a) set.ranges.push_back({a->second, a->second});
            else set.categories.push_back(cat1);
            set.ranges.push_back({'-', '-'});
            break;
        }
        auto b = item(i_, cat2);
        if (!a || !b || b->second < a->second)
            fail("bad character range " + utf8(p_.substr(item_start, i_ - item_start)), static_cast<long>(item_start));
        set.ranges.push_back({a->second, b->second});
    }
    ast_.sets.push_back(std::move(set));
    Node n;
    n.kind = NodeKind::Set;
    n.set = static_cast<int>(ast_.sets.size()) - 1;
    n.flags = flags;
    return add(std::move(n));
}

// CPython's getuntil: a name up to `terminator`.
std::u32string Parser::until(char32_t terminator, const char* what) {
    std::u32string name;
    for (;;) {
        if (at_end()) {
            if (name.empty()) fail(std::string("missing ") + what, static_cast<long>(i_));
            fail("missing " + utf8(std::u32string(1, terminator)) + ", unterminated name", pos_before(name.size()));
        }
        std::u32string_view tok = token();
        if (single(tok) == terminator) {
            if (name.empty()) fail(std::string("missing ") + what, pos_before(1));
            return name;
        }
        name += tok;
    }
}

void Parser::check_name(const std::u32string& name, std::size_t offset) {
    if (!is_identifier(name)) fail("bad character in group name " + quote(name), pos_before(name.size() + offset));
}

// After '(' at `start`. -1 when the group leaves no node (a comment, global flags).
int Parser::group(std::size_t start, Scope s, bool first) {
    if (++depth_ > kMaxDepth) fail("pattern nested too deeply for orm's regex engine", static_cast<long>(start));
    struct Leave {
        int& d;
        ~Leave() { --d; }
    } leave{depth_};
    bool capture = true, atomic = false;
    std::optional<std::u32string> name;
    Scope inner = s;
    if (match('?')) {
        if (at_end()) fail("unexpected end of pattern", static_cast<long>(i_));
        std::u32string_view tok = token();
        char32_t c = single(tok);
        if (c == 'P') {
            if (match('<')) {
                name = until('>', "group name");
                check_name(*name, 1);
            } else if (match('=')) {
                std::u32string ref = until(')', "group name");
                check_name(ref, 1);
                auto it = std::find_if(ast_.names.begin(), ast_.names.end(),
                                       [&](const auto& e) { return e.first == utf8(ref); });
                if (it == ast_.names.end()) fail("unknown group name " + quote(ref), pos_before(ref.size() + 1));
                if (!closed(it->second)) fail("cannot refer to an open group", pos_before(ref.size() + 1));
                return backref(it->second, flags_of(s));
            } else {
                if (at_end()) fail("unexpected end of pattern", static_cast<long>(i_));
                fail("unknown extension ?P" + utf8(token()), static_cast<long>(start) + 1);
            }
        } else if (c == ':') {
            capture = false;
        } else if (c == '#') {
            for (;;) {
                if (at_end()) fail("missing ), unterminated comment", static_cast<long>(start));
                if (single(token()) == ')') return -1;
            }
        } else if (c == '=' || c == '!' || c == '<') {
            return lookaround(start, s, c);
        } else if (c == '(') {
            return conditional(start, s);
        } else if (c == '>') {
            capture = false;
            atomic = true;
        } else if (flag_bit(c) || c == '-') {
            auto f = inline_flags(c);
            if (!f) {
                if (!first) fail("global flags not at the start of the expression", static_cast<long>(start));
                return -1;
            }
            inner.add = (s.add | f->first) & ~f->second;
            inner.del = (s.del | f->second) & ~f->first;
            capture = false;
        } else {
            fail("unknown extension ?" + utf8(tok), static_cast<long>(start) + 1);
        }
    }
    int gid = -1;
    if (capture) {
        gid = ++ast_.groups;
        ast_.group_nodes.push_back(-1);
        if (name) {
            std::string n = utf8(*name);
            for (auto& [other, ogid] : ast_.names)
                if (other == n)
                    fail("redefinition of group name " + quote(*name) + " as group " + std::to_string(gid) +
                             "; was group " + std::to_string(ogid),
                         pos_before(name->size() + 1));
            ast_.names.emplace_back(n, gid);
        }
    }
    int body = alternation(inner, false);
    if (!match(')')) fail("missing ), unterminated subpattern", static_cast<long>(start));
    Node g;
    g.kind = atomic ? NodeKind::Atomic : NodeKind::Group;
    g.group = gid;
    g.flags = flags_of(s);
    g.kids = {body};
    int id = add(std::move(g));
    if (gid >= 0) ast_.group_nodes[gid] = id;
    return id;
}

// After "(?=", "(?!" or "(?<" (c is '=', '!' or '<').
int Parser::lookaround(std::size_t start, Scope s, char32_t c) {
    bool behind = false;
    if (c == '<') {
        if (at_end()) fail("unexpected end of pattern", static_cast<long>(i_));
        std::u32string_view tok = token();
        c = single(tok);
        if (c != '=' && c != '!') fail("unknown extension ?<" + utf8(tok), static_cast<long>(start) + 1);
        behind = true;
    }
    int saved = lookbehind_groups_;
    if (behind && saved < 0) lookbehind_groups_ = ast_.groups + 1;
    int body = alternation(s, false);
    lookbehind_groups_ = saved;
    if (!match(')')) fail("missing ), unterminated subpattern", static_cast<long>(start));
    Node n;
    n.kind = NodeKind::Look;
    n.behind = behind;
    n.negate = c == '!';
    n.flags = flags_of(s);
    n.kids = {body};
    int id = add(std::move(n));
    if (behind) lookbehinds_.push_back(id);
    return id;
}

// After "(?(": (?(group)yes|no).
int Parser::conditional(std::size_t start, Scope s) {
    std::u32string ref = until(')', "group name");
    long ref_pos = pos_before(ref.size() + 1);
    int gid = 0;
    if (is_identifier(ref)) {
        auto it = std::find_if(ast_.names.begin(), ast_.names.end(), [&](const auto& e) { return e.first == utf8(ref); });
        if (it == ast_.names.end()) fail("unknown group name " + quote(ref), ref_pos);
        gid = it->second;
    } else {
        if (!std::all_of(ref.begin(), ref.end(), is_ascii_digit) || ref.size() > 9)
            fail("bad character in group name " + quote(ref), ref_pos);
        for (char32_t d : ref) gid = gid * 10 + static_cast<int>(d - '0');
        if (gid == 0) fail("bad group number", ref_pos);
        cond_refs_.emplace_back(gid, ref_pos);
    }
    check_lookbehind_group(gid);
    int yes = sequence(s, false);
    int no = -1;
    if (match('|')) {
        no = sequence(s, false);
        if (!at_end() && p_[i_] == '|') fail("conditional backref with more than two branches", static_cast<long>(i_));
    }
    if (!match(')')) fail("missing ), unterminated subpattern", static_cast<long>(start));
    if (no < 0) no = leaf(NodeKind::Empty, flags_of(s));
    Node n;
    n.kind = NodeKind::Conditional;
    n.group = gid;
    n.flags = flags_of(s);
    n.kids = {yes, no};
    return add(std::move(n));
}

// After "(?" and flag letter (or '-') `c`: (?aiLmsux) sets global flags
// (nullopt returned), (?flags-flags:...) gives the flags to add and remove.
std::optional<std::pair<int, int>> Parser::inline_flags(char32_t c) {
    int add = 0, del = 0;
    auto is_alpha = [](char32_t ch) { return is_ascii_letter(ch) || (ch >= 0x80 && is_word(ch, false)); };
    if (c != '-') {
        for (;;) {
            if (c == 'L') fail("bad inline flags: cannot use 'L' flag with a str pattern", static_cast<long>(i_));
            int f = flag_bit(c);
            add |= f;
            if ((f & kTypeFlags) && (add & kTypeFlags) != f)
                fail("bad inline flags: flags 'a', 'u' and 'L' are incompatible", static_cast<long>(i_));
            if (at_end()) fail("missing -, : or )", static_cast<long>(i_));
            std::u32string_view tok = token();
            c = single(tok);
            if (c == ')' || c == '-' || c == ':') break;
            if (!flag_bit(c)) fail(is_alpha(c) ? "unknown flag" : "missing -, : or )", pos_before(tok.size()));
        }
    }
    if (c == ')') {
        ast_.flags |= add;
        return std::nullopt;
    }
    if (c == '-') {
        if (at_end()) fail("missing flag", static_cast<long>(i_));
        std::u32string_view tok = token();
        c = single(tok);
        if (!flag_bit(c)) fail(is_alpha(c) ? "unknown flag" : "missing flag", pos_before(tok.size()));
        for (;;) {
            int f = flag_bit(c);
            if (f & kTypeFlags) fail("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", static_cast<long>(i_));
            del |= f;
            if (at_end()) fail("missing :", static_cast<long>(i_));
            std::u32string_view tok = token();
            c = single(tok);
            if (c == ':') break;
            if (!flag_bit(c)) fail(is_alpha(c) ? "unknown flag" : "missing :", pos_before(tok.size()));
        }
    }
    if (add & del) fail("bad inline flags: flag turned on and off", pos_before(1));
    return std::pair{add, del};
}

}  // namespace

Ast parse(std::u32string_view pattern, int flags) { return Parser(pattern, flags).run(); }

}  // namespace orm::python::regex::detail
