// The seed JSON reader: positions, exact numbers, escapes, syntax errors.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/core/json_document.hpp"

using orm::json::Node;

namespace {
orm::json::Document parse(const std::string& text) {
    return orm::json::parse_document(std::make_shared<orm::SourceFile>("s.json", text));
}
std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const orm::InputError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST_CASE("numbers keep their digits and members keep their order", "[seed][json]") {
    auto d = parse(R"({"b": 10.8100000000000000001, "a": [1, -2e3, 0.5], "c": null})");
    REQUIRE(d.root.members.size() == 3);
    CHECK(d.root.members[0].first == "b");
    CHECK(d.root.members[0].second.text == "10.8100000000000000001");
    CHECK_FALSE(d.root.members[0].second.is_integer());
    CHECK(d.root.member("a")->items[0].is_integer());
    CHECK(d.root.member("a")->items[1].text == "-2e3");
    CHECK(d.root.member("c")->kind == Node::Kind::null);
}

TEST_CASE("strings: escapes and surrogate pairs and UTF-8", "[seed][json]") {
    auto d = parse(R"(["a\"b\\c\/\n\t", "\u00e9\ud83d\ude00", "Köln"])");
    CHECK(d.root.items[0].text == "a\"b\\c/\n\t");
    CHECK(d.root.items[1].text == "\xc3\xa9\xf0\x9f\x98\x80");
    CHECK(d.root.items[2].text == "Köln");
}

TEST_CASE("offsets give line and column in characters", "[seed][json]") {
    auto d = parse("{\n  \"Köln\": [\n    true]}");
    const Node& arr = d.root.members[0].second;
    auto loc = d.location(arr.items[0].offset);
    CHECK(loc.line == 3);
    CHECK(loc.column == 5);
    auto key_loc = d.location(arr.offset);
    CHECK(key_loc.line == 2);
    CHECK(key_loc.column == 11);   // "Köln" counts 4 characters, not 5 bytes
}

TEST_CASE("syntax errors name what was expected at line:column", "[seed][json]") {
    CHECK_THAT(error_of("{\"a\": 1,}"), Catch::StartsWith("s.json:1:9: error: malformed JSON: expected a string key"));
    CHECK_THAT(error_of("[1 2]"), Catch::StartsWith("s.json:1:4: error: malformed JSON: expected ',' or ']'"));
    CHECK_THAT(error_of("{\"a\": tru}"), Catch::StartsWith("s.json:1:7: error: malformed JSON: expected a value"));
    CHECK_THAT(error_of("\"abc"), Catch::StartsWith("s.json:1:5: error: malformed JSON: unterminated string"));
    CHECK_THAT(error_of("[01]"), Catch::Contains("leading zeros"));
    CHECK_THAT(error_of("{} x"), Catch::StartsWith("s.json:1:4: error: malformed JSON: unexpected text after"));
    CHECK_THAT(error_of(""), Catch::Contains("expected a value, found the end of the input"));
    CHECK(error_of("  {\"a\": [1.5e-3, {}, []]}  \n") == "no error");
}

TEST_CASE("JSON pointer tokens are escaped", "[seed][json]") {
    CHECK(orm::json::pointer_token("a/b~c") == "a~1b~0c");
}
