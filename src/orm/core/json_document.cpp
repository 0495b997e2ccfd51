#include "orm/core/json_document.hpp"

#include <algorithm>

#include "orm/core/error.hpp"

namespace orm::json {

namespace {

SourceLocation location_of(const SourceFile& file, size_t offset) {
    std::string_view t = file.text();
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

}  // namespace

Text::Text(std::shared_ptr<const SourceFile> file) : file_(std::move(file)) {}

Text::Text(std::string name, int line_no, std::string line)
    : name_(std::move(name)), line_no_(line_no), line_(std::move(line)) {}

std::pair<std::shared_ptr<const SourceFile>, SourceLocation> Text::position(size_t offset) const {
    if (file_) return {file_, location_of(*file_, offset)};
    // A stand-in file holding the line at its number: positions and the
    // quoted line come out as they would from the whole file.
    auto file = std::make_shared<const SourceFile>(name_, std::string(line_no_ - 1, '\n') + line_);
    return {file, location_of(*file, offset + line_no_ - 1)};
}

void Text::fail(const std::string& message, size_t offset) const {
    auto [file, loc] = position(offset);
    throw InputError(message, file, loc);
}

void Text::fail_at(const std::string& pointer, const std::string& message, size_t offset) const {
    auto [file, loc] = position(offset);
    throw InputError(pointer + ": " + message, file, loc).with_pointer(pointer);
}

Cursor::Cursor(const Text& text, size_t begin, size_t end)
    : src_(text), t_(text.text()), p_(begin), end_(std::min(end, text.text().size())) {}

void Cursor::fail(const std::string& what) const { src_.fail("malformed JSON: " + what, p_); }

void Cursor::skip_ws() {
    while (p_ < end_ && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r')) ++p_;
}

bool Cursor::accept(char c) {
    skip_ws();
    if (p_ < end_ && t_[p_] == c) {
        ++p_;
        return true;
    }
    return false;
}

void Cursor::expect(char c, const char* what) {
    if (!accept(c)) fail(std::string("expected ") + what);
}

void Cursor::expect_end() {
    skip_ws();
    if (p_ < end_) fail("unexpected text after the JSON value");
}

Node Cursor::value() {
    skip_ws();
    return value(0);
}

bool Cursor::literal(const char* word) {
    size_t n = std::char_traits<char>::length(word);
    if (p_ + n <= end_ && t_.compare(p_, n, word) == 0) {
        p_ += n;
        return true;
    }
    return false;
}

Node Cursor::value(int depth) {
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
        n.members.reserve(8);   // records have a handful of members: one allocation, not four
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

void Cursor::utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) out += char(cp);
    else if (cp < 0x800) { out += char(0xC0 | (cp >> 6)); out += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { out += char(0xE0 | (cp >> 12)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
    else { out += char(0xF0 | (cp >> 18)); out += char(0x80 | ((cp >> 12) & 0x3F)); out += char(0x80 | ((cp >> 6) & 0x3F)); out += char(0x80 | (cp & 0x3F)); }
}

unsigned Cursor::hex4() {
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

std::string Cursor::string() {
    ++p_;  // the opening quote
    std::string out;
    while (true) {
        if (p_ >= end_) fail("unterminated string");
        char c = t_[p_];
        if (c == '"') { ++p_; return out; }
        if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string (escape it)");
        if (c != '\\') {
            // A run of plain characters at once.
            size_t run = p_ + 1;
            while (run < end_ && t_[run] != '"' && t_[run] != '\\' && static_cast<unsigned char>(t_[run]) >= 0x20) ++run;
            out.append(t_, p_, run - p_);
            p_ = run;
            continue;
        }
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

void append_pointer_token(std::string& out, std::string_view key) {
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
}

std::string pointer_token(const std::string& key) {
    std::string out;
    append_pointer_token(out, key);
    return out;
}

SourceLocation Document::location(size_t offset) const { return location_of(*source, offset); }

Document parse_document(std::shared_ptr<const SourceFile> source) {
    Document d;
    d.source = source;
    Text text(source);
    Cursor c(text);
    d.root = c.value();
    c.expect_end();
    return d;
}

Node parse_value(const Text& text) {
    Cursor c(text);
    Node n = c.value();
    c.expect_end();
    return n;
}

}  // namespace orm::json
