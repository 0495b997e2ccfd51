#include "orm/seed/json_document.hpp"

#include "orm/core/error.hpp"

namespace orm::seed {

namespace {

SourceLocation location_of(const SourceFile& file, size_t offset) {
    const std::string& t = file.text();
    if (offset > t.size()) offset = t.size();
    SourceLocation loc;
    loc.line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset; ++i)
        if (t[i] == '\n') {
            ++loc.line;
            line_start = i + 1;
        }
    int col = 1;
    for (size_t i = line_start; i < offset; ++i)
        if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) ++col;
    loc.column = col;
    return loc;
}

class Parser {
public:
    Parser(const std::shared_ptr<const SourceFile>& src, size_t pos, size_t end)
        : src_(src), t_(src->text()), p_(pos), end_(end) {}

    Node parse_root() {
        skip_ws();
        Node n = value(0);
        skip_ws();
        if (p_ < end_) fail("unexpected text after the JSON value");
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& what) {
        throw InputError("malformed JSON: " + what, src_, location_of(*src_, p_));
    }
    void skip_ws() {
        while (p_ < end_ && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r')) ++p_;
    }
    bool literal(const char* word) {
        size_t n = std::char_traits<char>::length(word);
        if (t_.compare(p_, n, word) == 0 && p_ + n <= end_) {
            p_ += n;
            return true;
        }
        return false;
    }
    Node value(int depth) {
        if (depth > 512) fail("nested too deeply");
        if (p_ >= end_) fail("expected a value, found the end of the input");
        Node n;
        n.offset = p_;
        char c = t_[p_];
        if (c == '{') {
            n.kind = Node::Kind::object;
            ++p_;
            skip_ws();
            if (p_ < end_ && t_[p_] == '}') { ++p_; return n; }
            while (true) {
                skip_ws();
                if (p_ >= end_ || t_[p_] != '"') fail("expected a string key in an object");
                std::string key = string();
                skip_ws();
                if (p_ >= end_ || t_[p_] != ':') fail("expected ':' after an object key");
                ++p_;
                skip_ws();
                n.members.emplace_back(std::move(key), value(depth + 1));
                skip_ws();
                if (p_ < end_ && t_[p_] == ',') { ++p_; continue; }
                if (p_ < end_ && t_[p_] == '}') { ++p_; return n; }
                fail("expected ',' or '}' in an object");
            }
        }
        if (c == '[') {
            n.kind = Node::Kind::array;
            ++p_;
            skip_ws();
            if (p_ < end_ && t_[p_] == ']') { ++p_; return n; }
            while (true) {
                skip_ws();
                n.items.push_back(value(depth + 1));
                skip_ws();
                if (p_ < end_ && t_[p_] == ',') { ++p_; continue; }
                if (p_ < end_ && t_[p_] == ']') { ++p_; return n; }
                fail("expected ',' or ']' in an array");
            }
        }
        if (c == '"') {
            n.kind = Node::Kind::string;
            n.text = string();
            return n;
        }
        if (literal("true")) { n.kind = Node::Kind::boolean; n.boolean = true; return n; }
        if (literal("false")) { n.kind = Node::Kind::boolean; return n; }
        if (literal("null")) return n;
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t start = p_;
            if (t_[p_] == '-') ++p_;
            auto digits = [&] {
                size_t s = p_;
                while (p_ < end_ && t_[p_] >= '0' && t_[p_] <= '9') ++p_;
                return p_ - s;
            };
            size_t first = p_;
            if (digits() == 0) fail("expected digits in a number");
            if (t_[first] == '0' && p_ - first > 1) { p_ = first + 1; fail("a number may not have leading zeros"); }
            if (p_ < end_ && t_[p_] == '.') { ++p_; if (digits() == 0) fail("expected digits after '.'"); }
            if (p_ < end_ && (t_[p_] == 'e' || t_[p_] == 'E')) {
                ++p_;
                if (p_ < end_ && (t_[p_] == '+' || t_[p_] == '-')) ++p_;
                if (digits() == 0) fail("expected digits in an exponent");
            }
            n.kind = Node::Kind::number;
            n.text = t_.substr(start, p_ - start);
            return n;
        }
        fail("expected a value (object, array, string, number, true, false or null)");
    }
    void utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) out += char(cp);
        else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
        else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
    }
    unsigned hex4() {
        if (p_ + 4 > end_) fail("expected 4 hex digits after \\u");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = t_[p_++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= c - '0';
            else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
            else { --p_; fail("expected 4 hex digits after \\u"); }
        }
        return v;
    }
    std::string string() {
        ++p_;  // the opening quote
        std::string out;
        while (true) {
            if (p_ >= end_) fail("unterminated string");
            char c = t_[p_];
            if (c == '"') { ++p_; return out; }
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string (escape it)");
            if (c != '\\') { out += c; ++p_; continue; }
            ++p_;
            if (p_ >= end_) fail("unterminated string");
            char e = t_[p_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && t_.compare(p_, 2, "\\u") == 0) {
                        p_ += 2;
                        unsigned lo = hex4();
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    utf8(out, cp);
                    break;
                }
                default: --p_; fail(std::string("invalid escape '\\") + e + "'");
            }
        }
    }

    const std::shared_ptr<const SourceFile>& src_;
    const std::string& t_;
    size_t p_, end_;
};

}  // namespace

const Node* Node::member(const std::string& key) const {
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

std::string Node::type_name() const {
    switch (kind) {
        case Kind::null: return "null";
        case Kind::boolean: return boolean ? "true" : "false";
        case Kind::number: return "the number " + text;
        case Kind::string: return "a string";
        case Kind::array: return "an array";
        case Kind::object: return "an object";
    }
    return "?";
}

nlohmann::json Node::to_json() const {
    switch (kind) {
        case Kind::null: return nullptr;
        case Kind::boolean: return boolean;
        case Kind::number: return nlohmann::json::parse(text);
        case Kind::string: return text;
        case Kind::array: {
            auto j = nlohmann::json::array();
            for (const auto& i : items) j.push_back(i.to_json());
            return j;
        }
        case Kind::object: {
            auto j = nlohmann::json::object();
            for (const auto& [k, v] : members) j[k] = v.to_json();
            return j;
        }
    }
    return nullptr;
}

std::string pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

SourceLocation Document::location(size_t offset) const { return location_of(*source, offset); }

Document parse_document(std::shared_ptr<const SourceFile> source) {
    Document d;
    d.source = source;
    d.root = Parser(d.source, 0, d.source->text().size()).parse_root();
    return d;
}

Node parse_value_at(const std::shared_ptr<const SourceFile>& source, size_t offset, size_t end) {
    return Parser(source, offset, end).parse_root();
}

}  // namespace orm::seed
