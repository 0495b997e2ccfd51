// A JSON reader for seed files that keeps what error messages need: the byte
// offset of every value (for line:column), the raw digits of every number (so
// Numeric values stay exact) and the order of object members.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/core/source.hpp"

namespace orm::seed {

struct Node {
    enum class Kind { null, boolean, number, string, array, object };
    Kind kind = Kind::null;
    bool boolean = false;
    std::string text;   // a string's value, or a number's raw digits as written
    std::vector<Node> items;                            // array
    std::vector<std::pair<std::string, Node>> members;  // object, in document order
    size_t offset = 0;  // byte offset of the value's first character

    bool is_integer() const { return kind == Kind::number && text.find_first_of(".eE") == std::string::npos; }
    const Node* member(const std::string& key) const;
    // The JSON type name for messages: "a string", "an object", "null", ...
    std::string type_name() const;
    // As nlohmann::json (for JSON columns); numbers keep integer-ness.
    nlohmann::json to_json() const;
};

// JSON Pointer escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string pointer_token(const std::string& key);

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
// Parses one value from `text` starting at `offset` (NDJSON lines); same errors.
Node parse_value_at(const std::shared_ptr<const SourceFile>& source, size_t offset, size_t end);

}  // namespace orm::seed
