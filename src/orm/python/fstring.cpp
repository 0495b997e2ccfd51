// The inside of an f-string literal (Python 3.11's rules):
//
//   fstring      := (literal | '{{' | '}}' | field)*
//   field        := '{' expression ['='] ['!' ('s' | 'r' | 'a')] [':' spec] '}'
//   spec         := (literal | field)*
//
// The expression of a field may hold brackets and strings of the other quote
// kind; it ends at a '!' (not '!='), ':' or '}' outside brackets, or at a
// debugging '=' followed by one of those. Each expression is parsed by the
// expression parser from a copy of the file laid out at the same line and
// column, so its locations (and errors) point into the file itself.
#include "orm/python/fstring.hpp"

#include "orm/core/error.hpp"
#include "orm/python/parser.hpp"
#include "orm/python/string_literal.hpp"

namespace orm::python {

namespace {

class FStringParser {
public:
    FStringParser(const Token& token, const std::shared_ptr<const SourceFile>& source, bool raw, size_t body_start,
                  std::string_view body)
        : token_(token), source_(source), raw_(raw), body_start_(body_start), body_(body) {}

    void parse(std::vector<FStringPart>& out) {
        size_t i = 0;
        pieces(out, i, false, 0);
    }

private:
    const Token& token_;
    const std::shared_ptr<const SourceFile>& source_;
    bool raw_;
    size_t body_start_;
    std::string_view body_;

    [[noreturn]] void fail(const std::string& message, size_t offset) const {
        throw InputError("f-string: " + message, source_, location_in_token(token_, body_start_ + offset));
    }

    void add_literal(std::vector<FStringPart>& out, std::string_view text, size_t offset) {
        if (text.empty()) return;
        std::string decoded;
        if (raw_) {
            decoded = std::string(text);
        } else {
            decoded = decode_escapes(text, false, [&](const std::string& m, size_t at) { fail(m, offset + at); });
        }
        if (!out.empty() && !out.back().value) {
            out.back().literal += decoded;
        } else {
            FStringPart p;
            p.literal = std::move(decoded);
            out.push_back(std::move(p));
        }
    }

    // Literal text and fields up to the end (or, in a spec, up to the closing '}').
    void pieces(std::vector<FStringPart>& out, size_t& i, bool in_spec, int depth) {
        size_t lit_start = i;
        std::string lit;
        while (i < body_.size()) {
            char c = body_[i];
            if (c == '\\' && !raw_ && i + 1 < body_.size()) {
                // \N{NAME}: its braces are the escape's, not a field's.
                if (body_[i + 1] == 'N' && i + 2 < body_.size() && body_[i + 2] == '{') {
                    size_t close = body_.find('}', i + 3);
                    if (close != std::string_view::npos) {
                        i = close + 1;
                        continue;
                    }
                }
                i += 2;
                continue;
            }
            if (c == '{') {
                if (!in_spec && i + 1 < body_.size() && body_[i + 1] == '{') {
                    add_literal(out, body_.substr(lit_start, i + 1 - lit_start), lit_start);
                    i += 2;
                    lit_start = i;
                    continue;
                }
                add_literal(out, body_.substr(lit_start, i - lit_start), lit_start);
                if (depth >= 2) fail("expressions nested too deeply", i);
                field(out, i, depth);
                lit_start = i;
                continue;
            }
            if (c == '}') {
                if (in_spec) break;
                if (i + 1 < body_.size() && body_[i + 1] == '}') {
                    add_literal(out, body_.substr(lit_start, i + 1 - lit_start), lit_start);
                    i += 2;
                    lit_start = i;
                    continue;
                }
                fail("single '}' is not allowed", i);
            }
            ++i;
        }
        add_literal(out, body_.substr(lit_start, i - lit_start), lit_start);
    }

    // The expression's end: the offset of the '!', ':', '=' or '}' that ends it.
    size_t expression_end(size_t i) const {
        int nesting = 0;
        while (i < body_.size()) {
            char c = body_[i];
            if (c == '\'' || c == '"') {
                // A string inside the expression (the other quote kind, or a triple-quoted body).
                size_t q = i;
                ++i;
                while (i < body_.size() && body_[i] != c) {
                    if (body_[i] == '\\') ++i;
                    ++i;
                }
                if (i >= body_.size()) fail("unterminated string", q);
                ++i;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') ++nesting;
            else if (c == ')' || c == ']' || (c == '}' && nesting > 0)) --nesting;
            else if (nesting == 0) {
                if (c == '}' || c == ':') return i;
                if (c == '!' && !(i + 1 < body_.size() && body_[i + 1] == '=')) return i;
                if (c == '=') {
                    bool comparison = (i + 1 < body_.size() && body_[i + 1] == '=') ||
                                      (i > 0 && (body_[i - 1] == '=' || body_[i - 1] == '!' || body_[i - 1] == '<' ||
                                                 body_[i - 1] == '>'));
                    if (!comparison) {
                        size_t k = i + 1;
                        while (k < body_.size() && (body_[k] == ' ' || body_[k] == '\t')) ++k;
                        if (k < body_.size() && (body_[k] == '}' || body_[k] == '!' || body_[k] == ':')) return i;
                    } else if (i + 1 < body_.size() && body_[i + 1] == '=') {
                        ++i;  // skip the second '=' of '=='
                    }
                }
            }
            if (c == '#') fail("'#' is not allowed in an f-string expression", i);
            ++i;
        }
        fail("expecting '}'", i);
    }

    ExprPtr parse_expression_at(size_t from, size_t to) {
        std::string_view text = body_.substr(from, to - from);
        bool blank = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
        if (blank) fail("empty expression not allowed", from);
        SourceLocation at = location_in_token(token_, body_start_ + from);
        // The expression laid out where it stands in the file: same line, same
        // column, in parentheses (the '(' where the '{' is) so that it may span lines.
        std::string laid_out(static_cast<size_t>(at.line - 1), '\n');
        laid_out.append(static_cast<size_t>(at.column > 1 ? at.column - 2 : 0), ' ');
        laid_out += '(';
        laid_out += text;
        laid_out += ')';
        auto copy = std::make_shared<const SourceFile>(source_->name(), std::move(laid_out));
        return parse_expression(copy, source_.get());
    }

    void field(std::vector<FStringPart>& out, size_t& i, int depth) {
        const size_t open = i;
        ++i;  // '{'
        size_t end = expression_end(i);
        FStringPart part;
        size_t expr_to = end;
        if (body_[end] == '=') {
            part.debug_text = std::string(body_.substr(i, end + 1 - i));
            ++end;
            while (end < body_.size() && (body_[end] == ' ' || body_[end] == '\t')) {
                part.debug_text += body_[end];
                ++end;
            }
        }
        part.value = parse_expression_at(i, expr_to);
        i = end;
        if (i < body_.size() && body_[i] == '!') {
            if (i + 1 >= body_.size()) fail("expecting '}'", i);
            char conv = body_[i + 1];
            if (conv != 's' && conv != 'r' && conv != 'a')
                fail("invalid conversion character: expected 's', 'r', or 'a'", i + 1);
            part.conversion = conv;
            i += 2;
        }
        if (i < body_.size() && body_[i] == ':') {
            ++i;
            pieces(part.format_spec, i, true, depth + 1);
        }
        if (i >= body_.size() || body_[i] != '}') fail("expecting '}'", open);
        ++i;
        if (!part.debug_text.empty() && !part.conversion && part.format_spec.empty()) part.conversion = 'r';
        if (!part.debug_text.empty()) {
            FStringPart text;
            text.literal = part.debug_text;
            if (!out.empty() && !out.back().value) out.back().literal += text.literal;
            else out.push_back(std::move(text));
        }
        out.push_back(std::move(part));
    }
};

}  // namespace

void parse_fstring(const Token& token, const std::shared_ptr<const SourceFile>& source, std::vector<FStringPart>& out) {
    std::string_view t = token.text;
    size_t i = 0;
    bool raw = false;
    for (; i < t.size() && t[i] != '\'' && t[i] != '"'; ++i)
        if ((t[i] | 0x20) == 'r') raw = true;
    const char q = t[i];
    const size_t quote_len = (t.size() - i >= 6 && t[i + 1] == q && t[i + 2] == q) ? 3 : 1;
    const size_t body_start = i + quote_len;
    std::string_view body = t.substr(body_start, t.size() - body_start - quote_len);
    FStringParser(token, source, raw, body_start, body).parse(out);
}

void append_fstring_literal(std::vector<FStringPart>& out, const std::string& text) {
    if (text.empty()) return;
    if (!out.empty() && !out.back().value) {
        out.back().literal += text;
        return;
    }
    FStringPart p;
    p.literal = text;
    out.push_back(std::move(p));
}

}  // namespace orm::python
