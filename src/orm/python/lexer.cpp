// Lexical grammar (CPython 3.11's, as far as the tokenizer sees it):
//
//   file         := logical_line* ENDMARKER
//   logical_line := indentation token+ NEWLINE      (blank and comment-only lines are NL)
//   indentation  := (' ' | '\t' | '\f')*            compared to the indent stack -> INDENT / DEDENT
//   continuation := '\' newline                     (joins physical lines; so does an open bracket)
//   comment      := '#' [^\r\n]*
//   NAME         := id_start id_char*               (bytes >= 0x80 count as letters)
//   NUMBER       := decimal | '0' ('x'|'o'|'b') digits_with_underscores
//                 | decimal? '.' decimal? exponent? | decimal exponent ; then optional 'j'
//   STRING       := prefix? (quote body quote | triple body triple)
//   prefix       := r | u | b | f | br | rb | fr | rf   (any case)
//   OP           := the longest of Python's operators and delimiters
//
// Tabs advance the indentation column to the next multiple of 8; as in CPython
// the indentation is also measured with tabs as one column, and the two
// measures must order lines the same way (else TabError-style error).
#include "orm/python/lexer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>

#include "orm/core/error.hpp"

namespace orm::python {

namespace {

Kw lookup_keyword(std::string_view s) {
    // Dispatch on length and first letter so that an identifier costs at most
    // a couple of comparisons (this runs for every NAME token).
    auto is = [&](std::string_view k, Kw kw) { return s == k ? kw : Kw::None; };
    switch (s.size()) {
        case 2:
            switch (s[0]) {
                case 'a': return is("as", Kw::As);
                case 'i': return s[1] == 'f' ? Kw::If : s[1] == 'n' ? Kw::In : s[1] == 's' ? Kw::Is : Kw::None;
                case 'o': return is("or", Kw::Or);
                default: return Kw::None;
            }
        case 3:
            switch (s[0]) {
                case 'a': return is("and", Kw::And);
                case 'd': return s == "def" ? Kw::Def : is("del", Kw::Del);
                case 'f': return is("for", Kw::For);
                case 'n': return is("not", Kw::Not);
                case 't': return is("try", Kw::Try);
                default: return Kw::None;
            }
        case 4:
            switch (s[0]) {
                case 'N': return is("None", Kw::None_);
                case 'T': return is("True", Kw::True_);
                case 'e': return s == "elif" ? Kw::Elif : is("else", Kw::Else);
                case 'f': return is("from", Kw::From);
                case 'p': return is("pass", Kw::Pass);
                case 'w': return is("with", Kw::With);
                default: return Kw::None;
            }
        case 5:
            switch (s[0]) {
                case 'F': return is("False", Kw::False_);
                case 'a': return s == "async" ? Kw::Async : is("await", Kw::Await);
                case 'b': return is("break", Kw::Break);
                case 'c': return is("class", Kw::Class);
                case 'r': return is("raise", Kw::Raise);
                case 'w': return is("while", Kw::While);
                case 'y': return is("yield", Kw::Yield);
                default: return Kw::None;
            }
        case 6:
            switch (s[0]) {
                case 'a': return is("assert", Kw::Assert);
                case 'e': return is("except", Kw::Except);
                case 'g': return is("global", Kw::Global);
                case 'i': return is("import", Kw::Import);
                case 'l': return is("lambda", Kw::Lambda);
                case 'r': return is("return", Kw::Return);
                default: return Kw::None;
            }
        case 7: return is("finally", Kw::Finally);
        case 8: return s[0] == 'c' ? is("continue", Kw::Continue) : is("nonlocal", Kw::Nonlocal);
        default: return Kw::None;
    }
}

// Character classes by table: identifiers are scanned byte by byte.
constexpr unsigned char class_id_start = 1, class_digit = 2;
constexpr auto char_classes = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 0; c < 256; ++c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80) t[c] = class_id_start;
        if (c >= '0' && c <= '9') t[c] = class_digit;
    }
    return t;
}();
bool is_id_start(unsigned char c) { return char_classes[c] == class_id_start; }
bool is_digit(unsigned char c) { return char_classes[c] == class_digit; }
bool is_id_char(unsigned char c) { return char_classes[c] != 0; }
bool is_hex(unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace
namespace detail {

class Lexer {
public:
    Lexer(std::shared_ptr<const SourceFile> source, LexOptions options)
        : source_(std::move(source)), text_(source_->text()), options_(options),
          file_(options.attribute_to ? options.attribute_to : source_.get()) {
        if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0) {
            pos_ = 3;
            line_start_ = col_pos_ = 3;
        }
    }

    // Appends a batch of tokens to `out`; false (nothing appended) after ENDMARKER.
    bool lex_more(std::vector<Token>& out) {
        if (error_) std::rethrow_exception(error_);
        if (done_) return false;
        out_ = &out;
        const size_t before = out.size();
        constexpr size_t batch = 32;
        try {
            while (out.size() < before + batch) {
                if (pos_ >= text_.size()) {
                    finish();
                    done_ = true;
                    break;
                }
                step();
            }
        } catch (const InputError&) {
            // The error is raised when the parser reaches it (an earlier syntax
            // error wins), and again to a parser that backtracks over it.
            error_ = std::current_exception();
            if (out.size() == before) throw;
        }
        for (size_t i = before; i < out.size(); ++i) out[i].loc.file = file_;
        return true;
    }

private:
    std::shared_ptr<const SourceFile> source_;
    std::string_view text_;
    LexOptions options_;
    const SourceFile* file_;  // the file tokens' locations name
    std::vector<Token>* out_ = nullptr;
    bool done_ = false;
    std::exception_ptr error_;

    size_t pos_ = 0;
    int line_ = 1;
    size_t line_start_ = 0;
    // Characters (not bytes) are counted from the last asked position onwards,
    // so computing columns costs O(1) amortised per byte.
    size_t col_pos_ = 0;
    int col_ = 1;

    bool at_line_start_ = true;
    bool line_has_tokens_ = false;  // does the current logical line need a NEWLINE?
    std::vector<int> indents_{0};
    std::vector<int> alt_indents_{0};
    struct Open {
        char c;
        SourceLocation loc;
    };
    std::vector<Open> brackets_;

    // Whether the current line is pure ASCII: -1 unknown, 0 no, 1 yes.
    int line_ascii_ = -1;

    bool scan_line_ascii() const {
        size_t end = text_.find('\n', line_start_);
        if (end == std::string_view::npos) end = text_.size();
        size_t i = line_start_;
        for (; i + 8 <= end; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, text_.data() + i, 8);
            if (word & 0x8080808080808080ULL) return false;
        }
        for (; i < end; ++i) {
            if (static_cast<unsigned char>(text_[i]) >= 0x80) return false;
        }
        return true;
    }

    int column(size_t p) {
        // Columns count characters; on an ASCII line (nearly all) that is the byte offset.
        if (line_ascii_ < 0) line_ascii_ = scan_line_ascii() ? 1 : 0;
        if (line_ascii_ == 1) return static_cast<int>(p - line_start_) + 1;
        if (col_pos_ < line_start_ || col_pos_ > p) {
            col_pos_ = line_start_;
            col_ = 1;
        }
        for (; col_pos_ < p; ++col_pos_) col_ += (static_cast<unsigned char>(text_[col_pos_]) & 0xC0) != 0x80;
        return col_;
    }
    void new_line(size_t next_line_start) {
        ++line_;
        line_ascii_ = -1;
        line_start_ = next_line_start;
        col_pos_ = next_line_start;
        col_ = 1;
    }
    // Consumes a newline (\n, \r\n or \r) at pos_.
    void consume_newline() {
        if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        new_line(pos_);
    }
    SourceLocation here(size_t p) {
        int c = column(p);
        return {line_, c, line_, c + 1};
    }
    [[noreturn]] void fail(const std::string& message, SourceLocation loc) { throw InputError(message, source_, loc); }

    void emit(TokenKind kind, size_t start, int start_line, int start_col, Op op = Op::None) {
        Token t;
        t.kind = kind;
        t.op = op;
        t.text = text_.substr(start, pos_ - start);
        t.loc = {start_line, start_col, line_, column(pos_)};
        out_->push_back(t);
    }

    void step();
    void indentation();
    void lex_name();
    void lex_string(size_t start, size_t quote);
    void lex_number();
    void lex_operator();
    void newline_token();
    void finish();
};

void Lexer::step() {
    const size_t n = text_.size();
    if (at_line_start_) {
        at_line_start_ = false;
        if (brackets_.empty() && !options_.expression_mode) {
            indentation();
            if (pos_ >= n) return;
        }
    }
    unsigned char c = static_cast<unsigned char>(text_[pos_]);
    switch (c) {
        case ' ': case '\t': case '\f':
            do {
                ++pos_;
            } while (pos_ < n && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\f'));
            break;
        case '\n': case '\r':
            newline_token();
            break;
        case '#': {
            size_t start = pos_;
            int col = column(pos_);
            while (pos_ < n && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
            if (options_.trivia) emit(TokenKind::Comment, start, line_, col);
            break;
        }
        case '\\': {
            size_t next = pos_ + 1;
            if (next >= n) fail("unexpected EOF while parsing", here(pos_));
            if (text_[next] != '\n' && text_[next] != '\r')
                fail("unexpected character after line continuation character", here(next));
            pos_ = next;
            consume_newline();
            if (pos_ >= n) fail("unexpected EOF while parsing", here(pos_));
            break;
        }
        case '\'': case '"':
            lex_string(pos_, pos_);
            break;
        default:
            if (is_id_start(c)) {
                lex_name();
            } else if (is_digit(c) || (c == '.' && pos_ + 1 < n && is_digit(static_cast<unsigned char>(text_[pos_ + 1])))) {
                lex_number();
            } else {
                lex_operator();
            }
    }
}

void Lexer::indentation() {
    const size_t n = text_.size();
    int col = 0, alt = 0;
    size_t p = pos_;
    for (; p < n; ++p) {
        char c = text_[p];
        if (c == ' ') {
            ++col;
            ++alt;
        } else if (c == '\t') {
            col = (col / 8 + 1) * 8;
            ++alt;
        } else if (c == '\f') {
            col = alt = 0;
        } else {
            break;
        }
    }
    pos_ = p;
    // Blank and comment-only lines do not take part in indentation.
    if (p >= n || text_[p] == '#' || text_[p] == '\n' || text_[p] == '\r') return;
    if (text_[p] == '\\' && p + 1 < n && (text_[p + 1] == '\n' || text_[p + 1] == '\r')) return;

    int first_col = column(p);
    const SourceLocation at_line{line_, 1, line_, first_col};
    if (col == indents_.back()) {
        if (alt != alt_indents_.back()) fail("inconsistent use of tabs and spaces in indentation", at_line);
    } else if (col > indents_.back()) {
        if (alt <= alt_indents_.back()) fail("inconsistent use of tabs and spaces in indentation", at_line);
        indents_.push_back(col);
        alt_indents_.push_back(alt);
        Token t;
        t.kind = TokenKind::Indent;
        t.text = text_.substr(line_start_, p - line_start_);
        t.loc = {line_, 1, line_, first_col};
        out_->push_back(t);
    } else {
        while (indents_.size() > 1 && col < indents_.back()) {
            indents_.pop_back();
            alt_indents_.pop_back();
            Token t;
            t.kind = TokenKind::Dedent;
            t.text = text_.substr(p, 0);
            t.loc = {line_, first_col, line_, first_col};
            out_->push_back(t);
        }
        if (col != indents_.back())
            fail("unindent does not match any outer indentation level", {line_, first_col, line_, first_col + 1});
        if (alt != alt_indents_.back()) fail("inconsistent use of tabs and spaces in indentation", at_line);
    }
}

void Lexer::newline_token() {
    size_t start = pos_;
    int col = column(pos_);
    int line = line_;
    bool logical = brackets_.empty() && line_has_tokens_;
    consume_newline();
    at_line_start_ = true;
    if (!logical && !options_.trivia) return;
    Token t;
    t.kind = logical ? TokenKind::Newline : TokenKind::NL;
    t.text = text_.substr(start, pos_ - start);
    t.loc = {line, col, line, col + 1};
    out_->push_back(t);
    if (logical) line_has_tokens_ = false;
}

void Lexer::lex_name() {
    size_t start = pos_;
    const size_t n = text_.size();
    while (pos_ < n && is_id_char(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    size_t len = pos_ - start;
    if (len <= 2 && pos_ < n && (text_[pos_] == '\'' || text_[pos_] == '"')) {
        // A string prefix: r, u, b, f, or a two-letter raw combination of b/f.
        auto lower = [](char c) { return static_cast<char>(c | 0x20); };
        char a = lower(text_[start]);
        bool ok;
        if (len == 1) {
            ok = a == 'r' || a == 'u' || a == 'b' || a == 'f';
        } else {
            char b = lower(text_[start + 1]);
            ok = (a == 'r' && (b == 'b' || b == 'f')) || ((a == 'b' || a == 'f') && b == 'r');
        }
        if (ok) {
            lex_string(start, pos_);
            return;
        }
    }
    line_has_tokens_ = true;
    emit(TokenKind::Name, start, line_, column(start));
    out_->back().keyword = lookup_keyword(out_->back().text);
}

void Lexer::lex_string(size_t start, size_t quote_pos) {
    const size_t n = text_.size();
    const int start_line = line_;
    const int start_col = column(start);
    const SourceLocation start_loc{start_line, start_col, start_line, start_col + 1};
    const char q = text_[quote_pos];
    const bool triple = quote_pos + 2 < n && text_[quote_pos + 1] == q && text_[quote_pos + 2] == q;
    size_t p = quote_pos + (triple ? 3 : 1);
    auto unterminated = [&]() {
        int detected = std::min(line_, std::max(1, source_->line_count()));
        fail(std::string(triple ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                 " (detected at line " + std::to_string(detected) + ")",
             start_loc);
    };
    for (;;) {
        if (p >= n) unterminated();
        char c = text_[p];
        if (c == '\\') {
            ++p;
            if (p >= n) unterminated();
            if (text_[p] == '\n' || text_[p] == '\r') {
                pos_ = p;
                consume_newline();
                p = pos_;
            } else {
                ++p;
            }
        } else if (c == '\n' || c == '\r') {
            if (!triple) {
                pos_ = p;
                unterminated();
            }
            pos_ = p;
            consume_newline();
            p = pos_;
        } else if (c == q) {
            if (!triple) {
                ++p;
                break;
            }
            if (p + 2 < n && text_[p + 1] == q && text_[p + 2] == q) {
                p += 3;
                break;
            }
            ++p;
        } else {
            ++p;
        }
    }
    pos_ = p;
    line_has_tokens_ = true;
    emit(TokenKind::String, start, start_line, start_col);
}

void Lexer::lex_number() {
    const size_t n = text_.size();
    const size_t start = pos_;
    const int col = column(start);
    const SourceLocation start_loc{line_, col, line_, col + 1};
    auto at = [&](size_t p) -> unsigned char { return p < n ? static_cast<unsigned char>(text_[p]) : 0; };
    size_t p = pos_;
    // digits ('_'? digits)*: a lone or doubled underscore, or a trailing one, is an error.
    auto digits = [&](auto is_ok, const char* what) {
        for (;;) {
            if (!is_ok(at(p))) fail(std::string("invalid ") + what + " literal", start_loc);
            while (is_ok(at(p))) ++p;
            if (at(p) != '_') break;
            ++p;
        }
    };
    auto dec = [](unsigned char c) { return c >= '0' && c <= '9'; };
    const char* what = "decimal";
    bool is_float_or_imag = false;
    unsigned char c1 = at(p + 1) | 0x20;
    if (at(p) == '0' && (c1 == 'x' || c1 == 'o' || c1 == 'b')) {
        p += 2;
        if (at(p) == '_') ++p;
        if (c1 == 'x') {
            what = "hexadecimal";
            digits(is_hex, what);
        } else if (c1 == 'o') {
            what = "octal";
            digits([](unsigned char c) { return c >= '0' && c <= '7'; }, what);
        } else {
            what = "binary";
            digits([](unsigned char c) { return c == '0' || c == '1'; }, what);
        }
        if (is_digit(at(p))) fail(std::string("invalid digit '") + static_cast<char>(at(p)) + "' in " + what + " literal", here(p));
    } else {
        bool leading_zero_problem = false;
        if (at(p) != '.') {
            size_t digits_start = p;
            digits(dec, what);
            if (text_[digits_start] == '0') {
                for (size_t i = digits_start; i < p; ++i)
                    if (text_[i] != '0' && text_[i] != '_') leading_zero_problem = true;
            }
        }
        if (at(p) == '.') {
            is_float_or_imag = true;
            ++p;
            if (dec(at(p))) digits(dec, what);
        }
        unsigned char e = at(p) | 0x20;
        if (e == 'e') {
            size_t q = p + 1;
            if (at(q) == '+' || at(q) == '-') ++q;
            if (dec(at(q))) {
                p = q;
                digits(dec, what);
                is_float_or_imag = true;
            }
        }
        if ((at(p) | 0x20) == 'j') {
            ++p;
            is_float_or_imag = true;
        }
        if (leading_zero_problem && !is_float_or_imag)
            fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                 start_loc);
    }
    if (is_id_char(at(p))) {
        // CPython still accepts a keyword glued to a number (`1if x else 2`).
        static constexpr std::string_view glued[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
        bool ok = false;
        for (auto k : glued) {
            if (text_.substr(p, k.size()) == k) ok = true;
        }
        if (!ok) fail(std::string("invalid ") + what + " literal", start_loc);
    }
    pos_ = p;
    line_has_tokens_ = true;
    emit(TokenKind::Number, start, line_, col);
}

void Lexer::lex_operator() {
    const size_t n = text_.size();
    const size_t start = pos_;
    const int col = column(start);
    auto at = [&](size_t k) -> char { return start + k < n ? text_[start + k] : '\0'; };
    char c = at(0), c1 = at(1), c2 = at(2);
    Op op = Op::None;
    size_t len = 1;
    auto pick2 = [&](char second, Op two, Op one) {
        if (c1 == second) {
            op = two;
            len = 2;
        } else {
            op = one;
        }
    };
    switch (c) {
        case '(': op = Op::LPar; break;
        case ')': op = Op::RPar; break;
        case '[': op = Op::LSqb; break;
        case ']': op = Op::RSqb; break;
        case '{': op = Op::LBrace; break;
        case '}': op = Op::RBrace; break;
        case ',': op = Op::Comma; break;
        case ';': op = Op::Semi; break;
        case '~': op = Op::Tilde; break;
        case ':': pick2('=', Op::ColonEqual, Op::Colon); break;
        case '=': pick2('=', Op::EqEqual, Op::Equal); break;
        case '+': pick2('=', Op::PlusEqual, Op::Plus); break;
        case '%': pick2('=', Op::PercentEqual, Op::Percent); break;
        case '@': pick2('=', Op::AtEqual, Op::At); break;
        case '|': pick2('=', Op::VBarEqual, Op::VBar); break;
        case '&': pick2('=', Op::AmperEqual, Op::Amper); break;
        case '^': pick2('=', Op::CircumflexEqual, Op::Circumflex); break;
        case '!':
            if (c1 == '=') {
                op = Op::NotEqual;
                len = 2;
            }
            break;
        case '.':
            if (c1 == '.' && c2 == '.') {
                op = Op::Ellipsis;
                len = 3;
            } else {
                op = Op::Dot;
            }
            break;
        case '-':
            if (c1 == '>') {
                op = Op::RArrow;
                len = 2;
            } else {
                pick2('=', Op::MinEqual, Op::Minus);
            }
            break;
        case '*':
            if (c1 == '*') {
                op = c2 == '=' ? Op::DoubleStarEqual : Op::DoubleStar;
                len = c2 == '=' ? 3 : 2;
            } else {
                pick2('=', Op::StarEqual, Op::Star);
            }
            break;
        case '/':
            if (c1 == '/') {
                op = c2 == '=' ? Op::DoubleSlashEqual : Op::DoubleSlash;
                len = c2 == '=' ? 3 : 2;
            } else {
                pick2('=', Op::SlashEqual, Op::Slash);
            }
            break;
        case '<':
            if (c1 == '<') {
                op = c2 == '=' ? Op::LeftShiftEqual : Op::LeftShift;
                len = c2 == '=' ? 3 : 2;
            } else {
                pick2('=', Op::LessEqual, Op::Less);
            }
            break;
        case '>':
            if (c1 == '>') {
                op = c2 == '=' ? Op::RightShiftEqual : Op::RightShift;
                len = c2 == '=' ? 3 : 2;
            } else {
                pick2('=', Op::GreaterEqual, Op::Greater);
            }
            break;
        default: break;
    }
    if (op == Op::None) {
        unsigned char u = static_cast<unsigned char>(c);
        std::string shown = (u >= 0x20 && u < 0x7F) ? std::string(1, c) : std::string();
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", u);
        fail(shown.empty() ? std::string("invalid non-printable character ") + hex
                           : "invalid character '" + shown + "' (" + hex + ")",
             here(start));
    }
    pos_ = start + len;
    const SourceLocation loc{line_, col, line_, col + static_cast<int>(len)};
    if (op == Op::LPar || op == Op::LSqb || op == Op::LBrace) {
        brackets_.push_back({c, loc});
    } else if (op == Op::RPar || op == Op::RSqb || op == Op::RBrace) {
        if (brackets_.empty()) fail(std::string("unmatched '") + c + "'", loc);
        const Open& open = brackets_.back();
        char expected = open.c == '(' ? ')' : open.c == '[' ? ']' : '}';
        if (c != expected) {
            std::string msg = std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" +
                              open.c + "'";
            if (open.loc.line != loc.line) msg += " on line " + std::to_string(open.loc.line);
            fail(msg, loc);
        }
        brackets_.pop_back();
    }
    line_has_tokens_ = true;
    emit(TokenKind::Op, start, line_, col, op);
}

void Lexer::finish() {
    if (!brackets_.empty()) {
        const Open& open = brackets_.back();
        fail(std::string("'") + open.c + "' was never closed", open.loc);
    }
    const SourceLocation end = here(pos_);
    auto push = [&](TokenKind kind) {
        Token t;
        t.kind = kind;
        t.text = text_.substr(pos_, 0);
        t.loc = {end.line, end.column, end.line, end.column};
        out_->push_back(t);
    };
    if (line_has_tokens_) push(TokenKind::Newline);
    if (!options_.expression_mode) {
        for (size_t i = 1; i < indents_.size(); ++i) push(TokenKind::Dedent);
    }
    push(TokenKind::EndMarker);
}

}  // namespace detail
TokenStream::TokenStream(std::shared_ptr<const SourceFile> source, LexOptions options)
    : lexer_(std::make_unique<detail::Lexer>(std::move(source), options)) {}

TokenStream::~TokenStream() = default;

bool TokenStream::lex_more(std::vector<Token>& out) { return lexer_->lex_more(out); }

std::vector<Token> tokenize(const std::shared_ptr<const SourceFile>& source, LexOptions options) {
    std::vector<Token> out;
    // Typical source has a token per 3-4 bytes; one reservation avoids regrowing.
    out.reserve(source->text().size() / 3 + 16);
    TokenStream stream(source, options);
    while (stream.lex_more(out)) {
    }
    return out;
}
}  // namespace orm::python
