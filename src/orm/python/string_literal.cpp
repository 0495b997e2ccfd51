// String literal bodies (what lies between the quotes of a STRING token):
//
//   body     := (char | escape | '\\' newline)*
//   escape   := '\\' ( '\\' | "'" | '"' | a | b | f | n | r | t | v
//                    | octal{1,3} | 'x' hex{2} | 'u' hex{4} | 'U' hex{8} | 'N{' name '}' )
//
// Raw literals keep every backslash; bytes literals have no \u, \U or \N
// escapes and must be ASCII; f-strings are kept as written.
#include "orm/python/string_literal.hpp"

#include "orm/core/error.hpp"

namespace orm::python {

namespace {

bool is_hex(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (c | 0x20) - 'a' + 10;
}

// Source newlines inside a literal are normalised to "\n", as Python reads files.
void append_normalised(std::string& out, std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out += '\n';
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out += s[i];
        }
    }
}


}  // namespace

std::string decode_escapes(std::string_view body, bool is_bytes,
                           const std::function<void(const std::string&, size_t)>& fail_at) {
    std::string out;
    out.reserve(body.size());
    for (size_t k = 0; k < body.size(); ++k) {
        char c = body[k];
        if (c != '\\') {
            if (c == '\r') {
                out += '\n';
                if (k + 1 < body.size() && body[k + 1] == '\n') ++k;
            } else {
                out += c;
            }
            continue;
        }
        const size_t esc = k;
        char e = body[++k];  // the lexer guarantees a character after a backslash
        switch (e) {
            case '\n': break;
            case '\r':
                if (k + 1 < body.size() && body[k + 1] == '\n') ++k;
                break;
            case '\\': out += '\\'; break;
            case '\'': out += '\''; break;
            case '"': out += '"'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'v': out += '\v'; break;
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                unsigned value = 0;
                size_t count = 0;
                while (count < 3 && k < body.size() && body[k] >= '0' && body[k] <= '7') {
                    value = value * 8 + static_cast<unsigned>(body[k] - '0');
                    ++k;
                    ++count;
                }
                --k;
                if (is_bytes) {
                    out += static_cast<char>(value & 0xFF);
                } else {
                    append_utf8(out, value);
                }
                break;
            }
            case 'x': case 'u': case 'U': {
                if (e != 'x' && is_bytes) {
                    out += '\\';
                    out += e;
                    break;
                }
                size_t width = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                unsigned long value = 0;
                for (size_t d = 0; d < width; ++d) {
                    if (k + 1 >= body.size() || !is_hex(static_cast<unsigned char>(body[k + 1])))
                        fail_at(std::string("truncated \\") + e + " escape: expected " + std::to_string(width) +
                                    " hex digits",
                                esc);
                    value = value * 16 + static_cast<unsigned long>(hex_value(body[++k]));
                }
                if (is_bytes) {
                    out += static_cast<char>(value);
                } else {
                    if (value > 0x10FFFF) fail_at("illegal Unicode character in \\U escape", esc);
                    append_utf8(out, value);
                }
                break;
            }
            case 'N': {
                if (is_bytes) {
                    out += "\\N";
                    break;
                }
                size_t close = body.find('}', k + 1);
                if (k + 1 >= body.size() || body[k + 1] != '{' || close == std::string_view::npos)
                    fail_at("malformed \\N character escape", esc);
                std::string_view name = body.substr(k + 2, close - k - 2);
                auto cp = unicode_character(name);
                if (!cp) fail_at("unknown Unicode character name", esc);
                append_utf8(out, *cp);
                k = close;
                break;
            }
            default:
                // An unknown escape keeps its backslash (CPython only warns).
                out += '\\';
                out += e;
        }
    }
    return out;
}

SourceLocation location_in_token(const Token& token, size_t offset) {
    int line = token.loc.line, col = token.loc.column;
    std::string_view t = token.text;
    for (size_t i = 0; i < offset && i < t.size(); ++i) {
        char c = t[i];
        if (c == '\n' || (c == '\r' && !(i + 1 < t.size() && t[i + 1] == '\n'))) {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != '\r') {
            ++col;
        }
    }
    return {line, col, line, col + 1};
}

StringLiteral decode_string(const Token& token, const std::shared_ptr<const SourceFile>& source) {
    StringLiteral lit;
    std::string_view t = token.text;
    size_t i = 0;
    for (; i < t.size() && t[i] != '\'' && t[i] != '"'; ++i) {
        char c = static_cast<char>(t[i] | 0x20);
        if (c == 'r') lit.is_raw = true;
        if (c == 'b') lit.is_bytes = true;
        if (c == 'f') lit.is_fstring = true;
    }
    const char q = t[i];
    const size_t quote_len = (t.size() - i >= 6 && t[i + 1] == q && t[i + 2] == q) ? 3 : 1;
    const size_t body_start = i + quote_len;
    std::string_view body = t.substr(body_start, t.size() - body_start - quote_len);
    auto fail_at = [&](const std::string& message, size_t body_offset) {
        throw InputError(message, source, location_in_token(token, body_start + body_offset));
    };
    if (lit.is_bytes) {
        for (size_t k = 0; k < body.size(); ++k) {
            if (static_cast<unsigned char>(body[k]) >= 0x80) fail_at("bytes can only contain ASCII literal characters", k);
        }
    }
    if (lit.is_raw || lit.is_fstring || body.find('\\') == std::string_view::npos) {
        lit.value.reserve(body.size());
        append_normalised(lit.value, body);
        return lit;
    }
    lit.value = decode_escapes(body, lit.is_bytes, [&](const std::string& message, size_t offset) { fail_at(message, offset); });
    return lit;
}
}  // namespace orm::python
