// A JSON reader for seed files that keeps what error messages need: the byte
// offset of every value (for line:column), the raw digits of every number (so
// Numeric values stay exact) and the order of object members.
//
// Grammar (RFC 8259):
//   value  = object | array | string | number | "true" | "false" | "null"
//   object = "{" [ string ":" value *( "," string ":" value ) ] "}"
//   array  = "[" [ value *( "," value ) ] "]"
//   number = [ "-" ] ( "0" | [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ( "e" | "E" ) [ "+" | "-" ] 1*DIGIT ]
//   string = '"' *( unescaped | "\" ( '"' | "\" | "/" | "b" | "f" | "n" | "r" | "t" | "u" 4HEXDIG ) ) '"'
// with whitespace (space, tab, CR, LF) allowed around every token.
//
// Two ways in: parse_document() builds the whole tree (small inputs, tests);
// Cursor walks a text token by token so that a seed file is read one record
// at a time (only that record's tree exists at once).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/core/source.hpp"

namespace orm::json {

struct Node {
    enum class Kind { null, boolean, number, string, array, object };
    Kind kind = Kind::null;
    bool boolean = false;
    std::string text;   // a string's value, or a number's raw digits as written
    std::vector<Node> items;                            // array
    struct Member;                                      // a key and its value (first, second)
    std::vector<Member> members;                        // object, in document order
    size_t offset = 0;  // byte offset of the value's first character

    bool is_integer() const { return kind == Kind::number && text.find_first_of(".eE") == std::string::npos; }
    const Node* member(const std::string& key) const;
    // The JSON type name for messages: "a string", "an object", "null", ...
    std::string type_name() const;
    // As nlohmann::json (for JSON columns); numbers keep integer-ness.
    nlohmann::json to_json() const;
};

// Defined after Node, which it holds: a std::pair<std::string, Node> inside
// Node would need Node complete (clang, which builds the fuzz targets, says so).
struct Node::Member {
    Member(std::string key, Node value) : first(std::move(key)), second(std::move(value)) {}
    std::string first;
    Node second;
};

// JSON Pointer escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(const std::string& key);
// The same, appended to `out` (no temporary: the seeder spells a pointer per record).
void append_pointer_token(std::string& out, std::string_view key);

// A text being read and how its byte offsets become positions in messages:
// a whole document held in memory, or one line of an NDJSON stream whose
// other lines are no longer in memory (positions still give that line's number).
class Text {
public:
    // A whole document.
    explicit Text(std::shared_ptr<const SourceFile> file);
    // Line `line_no` (1-based) of the stream named `name`, without its newline.
    Text(std::string name, int line_no, std::string line);

    std::string_view text() const { return file_ ? file_->text() : std::string_view(line_); }
    const std::string& name() const { return file_ ? file_->name() : name_; }
    // The file (for an NDJSON line: a stand-in holding that line at its
    // number) and the 1-based line and column (in characters) of `offset`.
    std::pair<std::shared_ptr<const SourceFile>, SourceLocation> position(size_t offset) const;
    // Throws InputError(message) at `offset`.
    [[noreturn]] void fail(const std::string& message, size_t offset) const;
    // The same for the value at JSON pointer `pointer`: the message starts
    // with it, and the error carries it apart (InputError::pointer()).
    [[noreturn]] void fail_at(const std::string& pointer, const std::string& message, size_t offset) const;

private:
    std::shared_ptr<const SourceFile> file_;
    std::string name_;
    int line_no_ = 0;
    std::string line_;
};

// A read position in a Text, for walking a document without building it
// whole. Every method that finds something other than what it needs throws
// the same "malformed JSON: ..." InputError parse_document() would.
class Cursor {
public:
    Cursor(const Text& text, size_t begin, size_t end);
    explicit Cursor(const Text& text) : Cursor(text, 0, text.text().size()) {}

    void skip_ws();
    bool at_end() const { return p_ >= end_; }
    size_t offset() const { return p_; }
    // The next character (after skip_ws), or '\0' at the end.
    char peek() const { return p_ < end_ ? t_[p_] : '\0'; }
    // Consumes `c` if it is next (whitespace skipped first).
    bool accept(char c);
    // Consumes `c` or fails with "expected <what>".
    void expect(char c, const char* what);
    // A string (the cursor is at its quote).
    std::string string();
    // One whole value, as a tree.
    Node value();
    // Fails with "unexpected text after the JSON value" unless only whitespace is left.
    void expect_end();
    [[noreturn]] void fail(const std::string& what) const;

private:
    Node value(int depth);
    void utf8(std::string& out, unsigned cp);
    unsigned hex4();
    bool literal(const char* word);

    const Text& src_;
    std::string_view t_;
    size_t p_, end_;
};

// A seed document: its source (for messages) and its root value.
struct Document {
    std::shared_ptr<const SourceFile> source;
    Node root;
    // The 1-based line and column (in characters) of a byte offset.
    SourceLocation location(size_t offset) const;
};

// Parses `source`'s text; throws InputError at the line:column of the first
// syntax error, saying what was expected.
Document parse_document(std::shared_ptr<const SourceFile> source);
// Parses all of `text` as one value (an NDJSON line); same errors.
Node parse_value(const Text& text);

}  // namespace orm::json
