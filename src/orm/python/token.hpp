// Tokens of Python source, as produced by the lexer (lexer.hpp) and consumed
// by the parser. The kinds follow CPython's `tokenize` module: keywords are
// NAME tokens with `keyword` set, and every operator is an OP token with `op`
// set to the exact operator.
#pragma once

#include <cstdint>
#include <string_view>

#include "orm/core/source.hpp"

namespace orm::python {

enum class TokenKind : std::uint8_t {
    EndMarker,
    Name,
    Number,
    String,   // one literal, prefix and quotes included
    Newline,  // the end of a logical line
    NL,       // a newline that does not end a logical line (only with trivia)
    Comment,  // only with trivia
    Indent,
    Dedent,
    Op,
};

enum class Op : std::uint8_t {
    None,
    LPar, RPar, LSqb, RSqb, LBrace, RBrace,
    Colon, Comma, Semi, Dot, Ellipsis, At, RArrow, ColonEqual, Equal,
    Plus, Minus, Star, DoubleStar, Slash, DoubleSlash, Percent,
    VBar, Amper, Circumflex, Tilde, LeftShift, RightShift,
    Less, Greater, EqEqual, NotEqual, LessEqual, GreaterEqual,
    PlusEqual, MinEqual, StarEqual, DoubleStarEqual, SlashEqual, DoubleSlashEqual,
    PercentEqual, AtEqual, VBarEqual, AmperEqual, CircumflexEqual,
    LeftShiftEqual, RightShiftEqual,
};

// Hard keywords only: `match`, `case` and `_` are soft keywords and stay names.
enum class Kw : std::uint8_t {
    None,  // not a keyword
    False_, None_, True_, And, As, Assert, Async, Await, Break, Class, Continue,
    Def, Del, Elif, Else, Except, Finally, For, From, Global, If, Import, In,
    Is, Lambda, Nonlocal, Not, Or, Pass, Raise, Return, Try, While, With, Yield,
};

struct Token {
    TokenKind kind = TokenKind::EndMarker;
    Op op = Op::None;
    Kw keyword = Kw::None;
    std::string_view text;  // points into the SourceFile's text
    SourceLocation loc;     // end_line/end_column: just past the last character

    bool is(Op o) const { return kind == TokenKind::Op && op == o; }
    bool is(Kw k) const { return kind == TokenKind::Name && keyword == k; }
    // A NAME that is not a hard keyword.
    bool is_identifier() const { return kind == TokenKind::Name && keyword == Kw::None; }
};

// The spelling of an operator ("**=") or keyword ("lambda").
std::string_view op_text(Op op);
std::string_view keyword_text(Kw k);
// The CPython `tokenize` name of a token kind ("NAME", "OP", "NEWLINE", ...).
std::string_view token_kind_name(TokenKind kind);

}  // namespace orm::python
