#include "orm/core/python_repr.hpp"

#include <cstdio>

namespace orm {

std::string python_str_repr(std::string_view s) {
    const char quote = (s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos) ? '"' : '\'';
    std::string out(1, quote);
    out.reserve(s.size() + 2);
    for (unsigned char c : s) {
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);   // printable ASCII and UTF-8 text, as Python keeps them
        }
    }
    out += quote;
    return out;
}

}  // namespace orm
