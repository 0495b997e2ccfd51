#include <catch2/catch.hpp>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

TEST_CASE("lexer: token stream of a small statement", "[python][lexer]") {
    CHECK(lex_dump("x = f(a, 1)\n") ==
          "NAME x, OP =, NAME f, OP (, NAME a, OP ,, NUMBER 1, OP ), NEWLINE, ENDMARKER");
    // No trailing newline: a NEWLINE is still produced, as CPython does.
    CHECK(lex_dump("pass") == "NAME pass, NEWLINE, ENDMARKER");
    CHECK(lex_dump("") == "ENDMARKER");
}

TEST_CASE("lexer: NEWLINE versus NL, comments with trivia", "[python][lexer]") {
    CHECK(lex_dump("# c\n\nx = (1,\n 2)  # t\n", true) ==
          "COMMENT # c, NL, NL, NAME x, OP =, OP (, NUMBER 1, OP ,, NL, NUMBER 2, OP ), COMMENT # t, NEWLINE, ENDMARKER");
    // Without trivia only logical NEWLINEs remain.
    CHECK(lex_dump("# c\n\nx = (1,\n 2)  # t\n") ==
          "NAME x, OP =, OP (, NUMBER 1, OP ,, NUMBER 2, OP ), NEWLINE, ENDMARKER");
}

TEST_CASE("lexer: explicit line continuation", "[python][lexer]") {
    CHECK(lex_dump("x = 1 + \\\n    2\n") == "NAME x, OP =, NUMBER 1, OP +, NUMBER 2, NEWLINE, ENDMARKER");
    CHECK(lex_dump("x = 1 + \\\r\n    2\r\n") == "NAME x, OP =, NUMBER 1, OP +, NUMBER 2, NEWLINE, ENDMARKER");
}

TEST_CASE("lexer: every operator and delimiter", "[python][lexer]") {
    const char* ops[] = {"(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "...", "@", "->", ":=", "=", "+", "-",
                         "*", "**", "/", "//", "%", "|", "&", "^", "~", "<<", ">>", "<", ">", "==", "!=", "<=",
                         ">=", "+=", "-=", "*=", "**=", "/=", "//=", "%=", "@=", "|=", "&=", "^=", "<<=", ">>="};
    for (const char* op : ops) {
        INFO(op);
        // Brackets are lexed in pairs so that they balance.
        std::string text = std::string(op);
        if (text == "(" || text == "[" || text == "{") text += text == "(" ? ")" : text == "[" ? "]" : "}";
        if (text == ")" || text == "]" || text == "}") text = (text == ")" ? "(" : text == "]" ? "[" : "{") + text;
        auto source = src("a " + text + " b\n");
    auto tokens = tokenize(source);
        bool found = false;
        for (const auto& t : tokens) found = found || (t.kind == TokenKind::Op && op_text(t.op) == op && t.text == op);
        CHECK(found);
    }
    CHECK(lex_dump("a**=b//=c->d:=e...\n") ==
          "NAME a, OP **=, NAME b, OP //=, NAME c, OP ->, NAME d, OP :=, NAME e, OP ..., NEWLINE, ENDMARKER");
}

TEST_CASE("lexer: keywords are NAME tokens with the keyword set, soft keywords are not", "[python][lexer]") {
    auto source = src("lambda match case _ None nonlocal\n");
    auto tokens = tokenize(source);
    REQUIRE(tokens.size() >= 6);
    CHECK(tokens[0].keyword == Kw::Lambda);
    CHECK(tokens[1].is_identifier());
    CHECK(tokens[2].is_identifier());
    CHECK(tokens[3].is_identifier());
    CHECK(tokens[4].keyword == Kw::None_);
    CHECK(tokens[5].keyword == Kw::Nonlocal);
    CHECK(keyword_text(Kw::Nonlocal) == "nonlocal");
}

TEST_CASE("lexer: token locations are 1-based with exclusive end columns", "[python][lexer]") {
    auto source = src("x = 'abc'\n  # c\ny = \"\"\"a\nbc\"\"\"\n");
    auto tokens = tokenize(source);
    // x
    CHECK(tokens[0].loc.line == 1);
    CHECK(tokens[0].loc.column == 1);
    CHECK(tokens[0].loc.end_column == 2);
    // 'abc'
    CHECK(tokens[2].loc.column == 5);
    CHECK(tokens[2].loc.end_column == 10);
    // the triple-quoted string spans lines 3..4
    const Token& t = tokens[6];
    CHECK(t.kind == TokenKind::String);
    CHECK(t.loc.line == 3);
    CHECK(t.loc.column == 5);
    CHECK(t.loc.end_line == 4);
    CHECK(t.loc.end_column == 6);
}

TEST_CASE("lexer: columns count characters, not bytes", "[python][lexer]") {
    auto source = src("s = 'é€' + x\n");
    auto tokens = tokenize(source);
    // s, =, 'é€', +, x
    CHECK(tokens[2].loc.column == 5);
    CHECK(tokens[2].loc.end_column == 9);
    CHECK(tokens[4].loc.column == 12);
}

TEST_CASE("lexer: a byte-order mark is skipped", "[python][lexer]") {
    auto source = src("\xEF\xBB\xBFx = 1\n");
    auto tokens = tokenize(source);
    CHECK(tokens[0].text == "x");
    CHECK(tokens[0].loc.column == 1);
}

TEST_CASE("lexer: expression mode ignores indentation", "[python][lexer]") {
    LexOptions o;
    o.expression_mode = true;
    CHECK(dump_tokens(tokenize(src("   a.b(\n  1)\n"), o)) ==
          "NAME a, OP ., NAME b, OP (, NUMBER 1, OP ), NEWLINE, ENDMARKER");
}
