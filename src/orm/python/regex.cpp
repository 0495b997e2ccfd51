// The regex engine's character predicates, compiler and VM. The syntax tree (regex_parse.cpp)
// becomes a list of instructions; a backtracking VM runs them, keeping its
// choice points and the capture values to restore on an explicit stack, so
// the C++ stack depth depends on the pattern's nesting of lookarounds and
// atomic groups only, never on the input.
#include <algorithm>
#include <optional>
#include <stdexcept>

#include "orm/python/regex_internal.hpp"

namespace orm::python::regex {

namespace detail {

// ---------------------------------------------------------------- characters

namespace {

struct CaseRange {
    char32_t lo, hi;    // uppercase letters
    char32_t delta;     // lowercase = uppercase + delta
    bool alternating;   // only every other code point (Latin Extended-A style pairs)
};

// Uppercase -> lowercase for the scripts model code meets (Latin, Greek,
// Cyrillic, Armenian, fullwidth); other characters have no case here.
constexpr CaseRange kCaseRanges[] = {
    {0x41, 0x5A, 32, false},     {0xC0, 0xD6, 32, false},     {0xD8, 0xDE, 32, false},
    {0x100, 0x12F, 1, true},     {0x132, 0x137, 1, true},     {0x139, 0x148, 1, true},
    {0x14A, 0x177, 1, true},     {0x179, 0x17E, 1, true},     {0x386, 0x386, 38, false},
    {0x388, 0x38A, 37, false},   {0x38C, 0x38C, 64, false},   {0x38E, 0x38F, 63, false},
    {0x391, 0x3A1, 32, false},   {0x3A3, 0x3AB, 32, false},   {0x400, 0x40F, 80, false},
    {0x410, 0x42F, 32, false},   {0x460, 0x481, 1, true},     {0x48A, 0x4BF, 1, true},
    {0x531, 0x556, 48, false},   {0x1E00, 0x1E95, 1, true},   {0x1EA0, 0x1EFF, 1, true},
    {0xFF21, 0xFF3A, 32, false},
};

bool in_case_range(const CaseRange& r, char32_t upper) {
    return upper >= r.lo && upper <= r.hi && (!r.alternating || (upper - r.lo) % 2 == 0);
}

// Blocks of non-ASCII characters that are not letters or digits: controls
// and Latin-1 punctuation, modifier symbols and combining marks, Greek,
// Cyrillic, Armenian and Hebrew punctuation and points, general
// punctuation, currency, arrows to dingbats, CJK punctuation, fullwidth
// punctuation, specials, emoji. Everything else above ASCII counts as a
// word character (CJK ideographs, letters of other scripts); outside these
// blocks a few symbols are misread as word characters.
constexpr std::pair<char32_t, char32_t> kNonWord[] = {
    {0x80, 0xA9},     {0xAB, 0xB1},     {0xB4, 0xB4},     {0xB6, 0xB8},     {0xBB, 0xBB},     {0xBF, 0xBF},
    {0xD7, 0xD7},     {0xF7, 0xF7},     {0x2C2, 0x2C5},   {0x2D2, 0x2DF},   {0x2E5, 0x2EB},   {0x2ED, 0x2ED},
    {0x2EF, 0x36F},   {0x375, 0x375},   {0x37E, 0x37E},   {0x384, 0x385},   {0x387, 0x387},   {0x3F6, 0x3F6},
    {0x482, 0x489},   {0x55A, 0x55F},   {0x589, 0x5CF},   {0x5F3, 0x5FF},   {0x2000, 0x206F}, {0x207A, 0x207E},
    {0x208A, 0x208E}, {0x20A0, 0x20FF}, {0x2190, 0x245F}, {0x2500, 0x2BFF}, {0x3000, 0x3004}, {0x3008, 0x3020},
    {0x302A, 0x3030}, {0x3036, 0x3037}, {0x303D, 0x303F}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF},
};

// Decimal digits of other scripts (Arabic-Indic, Devanagari, ..., fullwidth).
constexpr char32_t kDigitZeros[] = {0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66,
                                    0xCE6, 0xD66, 0xE50, 0xED0, 0xF20, 0x1040, 0xFF10};

}  // namespace

bool is_digit(char32_t c, bool ascii) {
    if (c >= '0' && c <= '9') return true;
    if (ascii || c < 0x80) return false;
    return std::any_of(std::begin(kDigitZeros), std::end(kDigitZeros),
                       [c](char32_t z) { return c >= z && c <= z + 9; });
}

bool is_space(char32_t c, bool ascii) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) return true;
    if (ascii) return false;
    return (c >= 0x1C && c <= 0x1F) || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_word(char32_t c, bool ascii) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (ascii || is_space(c, false)) return false;
    return std::none_of(std::begin(kNonWord), std::end(kNonWord),
                        [c](const auto& r) { return c >= r.first && c <= r.second; });
}

char32_t to_lower(char32_t c, bool ascii) {
    if (c < 0x80 || ascii) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c == 0x178) return 0xFF;
    for (const auto& r : kCaseRanges)
        if (in_case_range(r, c)) return c + r.delta;
    return c;
}

char32_t to_upper(char32_t c, bool ascii) {
    if (c < 0x80 || ascii) return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c == 0xFF) return 0x178;
    if (c == 0x3C2) return 0x3A3;   // final sigma
    if (c == 0xB5) return 0x39C;    // micro sign, a mu
    for (const auto& r : kCaseRanges)
        if (c >= r.delta && in_case_range(r, c - r.delta)) return c - r.delta;
    return c;
}

bool CharSet::contains_raw(char32_t c, bool ascii) const {
    for (const auto& [lo, hi] : ranges)
        if (c >= lo && c <= hi) return true;
    for (Category k : categories) {
        bool in = false;
        switch (k) {
            case Category::Digit: in = is_digit(c, ascii); break;
            case Category::NotDigit: in = !is_digit(c, ascii); break;
            case Category::Word: in = is_word(c, ascii); break;
            case Category::NotWord: in = !is_word(c, ascii); break;
            case Category::Space: in = is_space(c, ascii); break;
            case Category::NotSpace: in = !is_space(c, ascii); break;
        }
        if (in) return true;
    }
    return false;
}

bool CharSet::matches(char32_t c, bool icase, bool ascii) const {
    // Case-insensitively a character matches when it or its other case is in
    // the set; negation applies after ([^a] with IGNORECASE rejects 'A').
    bool in = contains_raw(c, ascii) ||
              (icase && (contains_raw(to_lower(c, ascii), ascii) || contains_raw(to_upper(c, ascii), ascii)));
    return in != negate;
}

}  // namespace detail

using namespace detail;

namespace {

// One step of the interpreter's budget for every this many VM steps: a VM
// step costs about a fifth of an interpreted statement, so a regex spends
// the budget at about the pace Python code would, and catastrophic
// backtracking (`(a+)+$` on "aaaa...b") ends with the budget error within
// seconds rather than running for hours.
constexpr std::uint32_t kTickEvery = 8;
// Choice points and saved captures the VM may hold (16 bytes each).
constexpr std::size_t kMaxBacktrack = std::size_t(16) << 20;
// Instructions a pattern may compile to (a{1000}{1000} would be a million).
constexpr std::size_t kMaxProgram = 1'000'000;

bool fold_equal(char32_t a, char32_t b, bool ascii) {
    return a == b || to_lower(a, ascii) == to_lower(b, ascii) || to_upper(a, ascii) == to_upper(b, ascii);
}

// ---------------------------------------------------------------- compiler

class Compiler {
public:
    Compiler(const Ast& ast, Program& prog) : ast_(ast), prog_(prog) {}

    void run() {
        prog_.groups = ast_.groups;
        prog_.sets = ast_.sets;
        node(ast_.root);
        emit(Op::Match);
        int base = 2 * (ast_.groups + 1);
        prog_.lastindex_slot = base + registers_;
        prog_.slot_count = prog_.lastindex_slot + 1;
        // Registers were numbered from 0; move them past the capture slots.
        for (Inst& in : prog_.code)
            if (in.op == Op::LoopEnter || in.op == Op::LoopCheck) in.x += base;
        prog_.anchored = anchored(ast_.root);
        if (auto c = first_literal(ast_.root)) {
            prog_.has_prefix = true;
            prog_.prefix = *c;
        }
    }

private:
    const Ast& ast_;
    Program& prog_;
    int registers_ = 0;

    int pc() const { return static_cast<int>(prog_.code.size()); }
    int emit(Op op, std::int32_t x = 0, std::int32_t y = 0, std::uint8_t flags = 0) {
        if (prog_.code.size() >= kMaxProgram)
            throw PatternError{"pattern too large for orm's regex engine (repetition counts multiply its size)", -1};
        Inst in;
        in.op = op;
        in.x = x;
        in.y = y;
        in.flags = flags;
        prog_.code.push_back(in);
        return pc() - 1;
    }
    static std::uint8_t inst_flags(int f) {
        return static_cast<std::uint8_t>((f & kIgnoreCase ? kInstIgnoreCase : 0) | (f & kAscii ? kInstAscii : 0) |
                                         (f & kMultiline ? kInstMultiline : 0));
    }

    void node(int id);
    void alternate(const Node& n);
    void repeat(const Node& n);
    void sub_program(Op op, int kid, std::int32_t y, std::uint8_t flags);
    bool anchored(int id) const;
    std::optional<char32_t> first_literal(int id) const;
};

void Compiler::node(int id) {
    const Node& n = ast_.nodes[id];
    std::uint8_t fl = inst_flags(n.flags);
    switch (n.kind) {
        case NodeKind::Empty: break;
        case NodeKind::Literal: prog_.code[emit(fl & kInstIgnoreCase ? Op::CharFold : Op::Char, 0, 0, fl)].c = n.ch; break;
        case NodeKind::Any: emit(n.flags & kDotAll ? Op::AnyAll : Op::Any); break;
        case NodeKind::Set: emit(Op::Set, n.set, 0, fl); break;
        case NodeKind::Anchor: prog_.code[emit(Op::Assert, 0, 0, fl)].kind = n.anchor; break;
        case NodeKind::Backref: emit(Op::Backref, n.group, 0, fl); break;
        case NodeKind::Group:
            if (n.group >= 0) emit(Op::Save, 2 * n.group);
            node(n.kids[0]);
            if (n.group >= 0) emit(Op::Save, 2 * n.group + 1);
            break;
        case NodeKind::Concat:
            for (int k : n.kids) node(k);
            break;
        case NodeKind::Alternate: alternate(n); break;
        case NodeKind::Repeat: repeat(n); break;
        case NodeKind::Look: {
            auto w = n.behind ? width(ast_, n.kids[0]).first : 0;
            sub_program(Op::Look, n.kids[0], static_cast<std::int32_t>(w),
                        static_cast<std::uint8_t>((n.behind ? kInstBehind : 0) | (n.negate ? kInstNegate : 0)));
            break;
        }
        case NodeKind::Atomic: sub_program(Op::Atomic, n.kids[0], 0, 0); break;
        case NodeKind::Conditional: {
            int test = emit(Op::IfGroup, n.group);
            node(n.kids[0]);
            int skip = emit(Op::Jmp);
            prog_.code[test].y = pc();
            node(n.kids[1]);
            prog_.code[skip].x = pc();
            break;
        }
    }
}

// A lookaround or atomic group: the instruction, its body, SubEnd; the
// instruction continues after them.
void Compiler::sub_program(Op op, int kid, std::int32_t y, std::uint8_t flags) {
    int at = emit(op, 0, y, flags);
    node(kid);
    emit(Op::SubEnd);
    prog_.code[at].x = pc();
}

// a|b|c: Split(a, next) a Jmp(end) Split(b, next) b Jmp(end) c
void Compiler::alternate(const Node& n) {
    std::vector<int> jumps;
    for (std::size_t i = 0; i + 1 < n.kids.size(); ++i) {
        int split = emit(Op::Split, pc() + 1);
        node(n.kids[i]);
        jumps.push_back(emit(Op::Jmp));
        prog_.code[split].y = pc();
    }
    node(n.kids.back());
    for (int j : jumps) prog_.code[j].x = pc();
}

// x{m,n}: m copies of x, then either a loop (no upper bound) or n-m
// optional copies. A loop whose body may match empty checks that each
// iteration advanced, and leaves the loop after one that did not (as sre
// does), so `(a*)*` ends.
void Compiler::repeat(const Node& n) {
    if (n.possessive) {
        Node greedy = n;
        greedy.possessive = false;
        int at = emit(Op::Atomic);
        repeat(greedy);
        emit(Op::SubEnd);
        prog_.code[at].x = pc();
        return;
    }
    int kid = n.kids[0];
    for (std::int64_t i = 0; i < n.min; ++i) node(kid);
    auto order = [&](int split, int body, int exit) {
        prog_.code[split].x = n.greedy ? body : exit;
        prog_.code[split].y = n.greedy ? exit : body;
    };
    if (n.max == kUnbounded) {
        bool nullable = width(ast_, kid).first == 0;
        int reg = nullable ? registers_++ : -1;
        int head = emit(Op::Split);
        int body = pc();
        if (nullable) emit(Op::LoopEnter, reg);
        node(kid);
        if (nullable) emit(Op::LoopCheck, reg, head);
        else emit(Op::Jmp, head);
        order(head, body, pc());
        return;
    }
    // Optional copies; after one that matched empty, sre tries no more.
    bool nullable = n.max > n.min && width(ast_, kid).first == 0;
    int reg = nullable ? registers_++ : -1;
    std::vector<int> splits, exits;
    for (std::int64_t i = n.min; i < n.max; ++i) {
        splits.push_back(emit(Op::Split));
        if (nullable) emit(Op::LoopEnter, reg);
        node(kid);
        if (nullable) {
            emit(Op::LoopCheck, reg, pc() + 2);
            exits.push_back(emit(Op::Jmp));
        }
    }
    for (int s : splits) order(s, s + 1, pc());
    for (int j : exits) prog_.code[j].x = pc();
}

// Whether every match must start at position 0 (\A, or ^ without MULTILINE, first).
bool Compiler::anchored(int id) const {
    const Node& n = ast_.nodes[id];
    switch (n.kind) {
        case NodeKind::Anchor:
            return n.anchor == AnchorKind::TextStart || (n.anchor == AnchorKind::LineStart && !(n.flags & kMultiline));
        case NodeKind::Group:
        case NodeKind::Atomic: return anchored(n.kids[0]);
        case NodeKind::Concat: return !n.kids.empty() && anchored(n.kids[0]);
        case NodeKind::Alternate:
            return std::all_of(n.kids.begin(), n.kids.end(), [&](int k) { return anchored(k); });
        default: return false;
    }
}

// The character every match begins with, when there is one (case-sensitively).
std::optional<char32_t> Compiler::first_literal(int id) const {
    const Node& n = ast_.nodes[id];
    switch (n.kind) {
        case NodeKind::Literal:
            if (!(n.flags & kIgnoreCase)) return n.ch;
            return std::nullopt;
        case NodeKind::Group:
        case NodeKind::Atomic: return first_literal(n.kids[0]);
        case NodeKind::Concat: return n.kids.empty() ? std::nullopt : first_literal(n.kids[0]);
        case NodeKind::Repeat: return n.min >= 1 ? first_literal(n.kids[0]) : std::nullopt;
        default: return std::nullopt;
    }
}

// ---------------------------------------------------------------- VM

class Vm {
public:
    Vm(const Program& prog, std::u32string_view text, const Tick& tick)
        : prog_(prog), text_(text), n_(static_cast<std::int64_t>(text.size())), tick_(tick) {
        slots.assign(static_cast<std::size_t>(prog.slot_count), -1);
    }

    // Runs from `pc` at `pos` until Match (top level) or SubEnd (a
    // lookaround's or atomic group's body); `end` gets the final position.
    bool run(int pc, std::int64_t pos, std::int64_t& end);

    std::vector<std::int64_t> slots;      // captures, loop registers, lastindex
    bool full = false;                    // FullMatch: Match only at the end of the text
    std::int64_t reject_empty_at = -1;    // Match fails when it ends here (an empty match there)

private:
    // A choice point (slot < 0: resume at pc with position value) or a
    // capture to restore when backtracking past it (slots[slot] = value).
    struct Entry {
        std::int32_t pc;
        std::int32_t slot;
        std::int64_t value;
    };
    const Program& prog_;
    std::u32string_view text_;
    std::int64_t n_;
    const Tick& tick_;
    std::vector<Entry> stack_;
    std::uint32_t until_tick_ = kTickEvery;

    void push(Entry e) {
        if (stack_.size() >= kMaxBacktrack) throw TooComplex{};
        stack_.push_back(e);
    }
    void set_slot(int slot, std::int64_t v) {
        push({0, slot, slots[slot]});
        slots[slot] = v;
    }
    bool backtrack(std::size_t base, int& pc, std::int64_t& pos);
    void unwind(std::size_t mark);
    void keep_restores(std::size_t base);
    bool assert_at(const Inst& in, std::int64_t pos) const;
    bool backref(const Inst& in, std::int64_t& pos) const;
    bool look(const Inst& in, int pc, std::int64_t pos);
};

bool Vm::run(int pc, std::int64_t pos, std::int64_t& end) {
    const std::size_t base = stack_.size();
    for (;;) {
        if (--until_tick_ == 0) {
            until_tick_ = kTickEvery;
            tick_();
        }
        const Inst& in = prog_.code[pc];
        bool ok = true;
        switch (in.op) {
            case Op::Char: ok = pos < n_ && text_[pos] == in.c; ++pos, ++pc; break;
            case Op::CharFold: ok = pos < n_ && fold_equal(text_[pos], in.c, in.flags & kInstAscii); ++pos, ++pc; break;
            case Op::Any: ok = pos < n_ && text_[pos] != '\n'; ++pos, ++pc; break;
            case Op::AnyAll: ok = pos < n_; ++pos, ++pc; break;
            case Op::Set:
                ok = pos < n_ && prog_.sets[in.x].matches(text_[pos], in.flags & kInstIgnoreCase, in.flags & kInstAscii);
                ++pos, ++pc;
                break;
            case Op::Split: push({in.y, -1, pos}); pc = in.x; break;
            case Op::Jmp: pc = in.x; break;
            case Op::Save:
                set_slot(in.x, pos);
                if (in.x & 1) set_slot(prog_.lastindex_slot, in.x / 2);   // the group that closed last
                ++pc;
                break;
            case Op::Assert: ok = assert_at(in, pos); ++pc; break;
            case Op::Backref: ok = backref(in, pos); ++pc; break;
            case Op::Look: ok = look(in, pc, pos); pc = in.x; break;
            case Op::Atomic: {
                std::int64_t end_of_body = 0;
                ok = run(pc + 1, pos, end_of_body);
                pos = end_of_body;
                pc = in.x;
                break;
            }
            case Op::LoopEnter: set_slot(in.x, pos); ++pc; break;
            case Op::LoopCheck: pc = pos != slots[in.x] ? in.y : pc + 1; break;
            case Op::IfGroup: {
                std::int64_t s = slots[2 * in.x], e = slots[2 * in.x + 1];
                pc = s >= 0 && e >= s ? pc + 1 : in.y;
                break;
            }
            case Op::Match:
                ok = !(full && pos != n_) && pos != reject_empty_at;
                if (ok) {
                    stack_.resize(base);
                    end = pos;
                    return true;
                }
                break;
            case Op::SubEnd:
                keep_restores(base);
                end = pos;
                return true;
        }
        if (!ok && !backtrack(base, pc, pos)) return false;
    }
}

// Pops to the latest choice point above `base`, restoring captures on the way.
bool Vm::backtrack(std::size_t base, int& pc, std::int64_t& pos) {
    while (stack_.size() > base) {
        Entry e = stack_.back();
        stack_.pop_back();
        if (e.slot >= 0) {
            slots[e.slot] = e.value;
            continue;
        }
        pc = e.pc;
        pos = e.value;
        return true;
    }
    return false;
}

// Undoes everything since `mark` (a negative lookaround whose body matched).
void Vm::unwind(std::size_t mark) {
    while (stack_.size() > mark) {
        const Entry& e = stack_.back();
        if (e.slot >= 0) slots[e.slot] = e.value;
        stack_.pop_back();
    }
}

// A lookaround or atomic group matched: its choice points go (nothing
// backtracks into it), its capture restores stay for the enclosing match.
void Vm::keep_restores(std::size_t base) {
    auto first = stack_.begin() + static_cast<std::ptrdiff_t>(base);
    stack_.erase(std::remove_if(first, stack_.end(), [](const Entry& e) { return e.slot < 0; }), stack_.end());
}

bool Vm::assert_at(const Inst& in, std::int64_t pos) const {
    bool multiline = in.flags & kInstMultiline;
    switch (in.kind) {
        case AnchorKind::LineStart: return pos == 0 || (multiline && text_[pos - 1] == '\n');
        case AnchorKind::LineEnd:
            return pos == n_ || (text_[pos] == '\n' && (multiline || pos == n_ - 1));
        case AnchorKind::TextStart: return pos == 0;
        case AnchorKind::TextEnd: return pos == n_;
        case AnchorKind::WordBoundary:
        case AnchorKind::NotWordBoundary: {
            if (n_ == 0) return false;   // as sre: neither \b nor \B matches in an empty string
            bool ascii = in.flags & kInstAscii;
            bool before = pos > 0 && is_word(text_[pos - 1], ascii);
            bool after = pos < n_ && is_word(text_[pos], ascii);
            return (before != after) == (in.kind == AnchorKind::WordBoundary);
        }
    }
    return false;
}

bool Vm::backref(const Inst& in, std::int64_t& pos) const {
    std::int64_t s = slots[2 * in.x], e = slots[2 * in.x + 1];
    if (s < 0 || e < s) return false;   // a group that did not match matches nothing
    std::int64_t len = e - s;
    if (pos + len > n_) return false;
    bool icase = in.flags & kInstIgnoreCase, ascii = in.flags & kInstAscii;
    for (std::int64_t k = 0; k < len; ++k) {
        char32_t a = text_[s + k], b = text_[pos + k];
        if (a != b && !(icase && fold_equal(a, b, ascii))) return false;
    }
    pos += len;
    return true;
}

bool Vm::look(const Inst& in, int pc, std::int64_t pos) {
    bool behind = in.flags & kInstBehind, negate = in.flags & kInstNegate;
    std::size_t mark = stack_.size();
    std::int64_t end = 0;
    // A look-behind's body has a fixed width: it runs from that far back and ends here.
    bool found = behind ? pos >= in.y && run(pc + 1, pos - in.y, end) : run(pc + 1, pos, end);
    if (!negate) return found;
    if (found) unwind(mark);
    return !found;
}

}  // namespace

// ---------------------------------------------------------------- public API

std::shared_ptr<const Regex> Regex::compile(std::u32string_view pattern, int flags) {
    Ast ast = parse(pattern, flags);
    int f = ast.flags;
    // CPython's fix_flags, after parsing (so syntax errors come first).
    if (f & kLocale) throw std::invalid_argument("cannot use LOCALE flag with a str pattern");
    if (!(f & kAscii)) f |= kUnicode;
    else if (f & kUnicode) throw std::invalid_argument("ASCII and UNICODE flags are incompatible");
    auto prog = std::make_shared<Program>();
    Compiler(ast, *prog).run();
    std::shared_ptr<Regex> re(new Regex());
    re->flags_ = f;
    re->groups_ = ast.groups;
    re->names_ = ast.names;
    re->program_ = std::move(prog);
    return re;
}

bool exec(const Regex& re, std::u32string_view text, std::size_t pos, Mode mode, bool not_empty_at_pos,
          Captures& out, const Tick& tick) {
    const Program& prog = re.program();
    const std::size_t n = text.size();
    if (pos > n) return false;
    std::size_t last = mode == Mode::Search ? n : pos;
    if (mode == Mode::Search && prog.anchored) {
        if (pos != 0) return false;
        last = 0;
    }
    Vm vm(prog, text, tick);
    vm.full = mode == Mode::FullMatch;
    for (std::size_t s = pos; s <= last; ++s) {
        if (mode == Mode::Search && prog.has_prefix) {
            while (s < n && text[s] != prog.prefix) ++s;
            if (s >= n) return false;
        }
        std::fill(vm.slots.begin(), vm.slots.end(), -1);
        vm.reject_empty_at = not_empty_at_pos && s == pos ? static_cast<std::int64_t>(s) : -1;
        std::int64_t end = 0;
        if (!vm.run(0, static_cast<std::int64_t>(s), end)) continue;
        out.spans.assign(2 * static_cast<std::size_t>(prog.groups + 1), -1);
        out.spans[0] = static_cast<std::int64_t>(s);
        out.spans[1] = end;
        std::copy(vm.slots.begin() + 2, vm.slots.begin() + 2 * (prog.groups + 1), out.spans.begin() + 2);
        out.lastindex = static_cast<int>(vm.slots[prog.lastindex_slot]);
        return true;
    }
    return false;
}

std::u32string decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        char32_t c = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
        bool valid = len > 0 && i + len <= s.size();
        for (int k = 1; valid && k < len; ++k) {
            auto cont = static_cast<unsigned char>(s[i + k]);
            valid = (cont & 0xC0) == 0x80;
            c = (c << 6) | (cont & 0x3F);
        }
        if (!valid) {
            out.push_back(b);
            ++i;
            continue;
        }
        out.push_back(c);
        i += len;
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

}  // namespace orm::python::regex
