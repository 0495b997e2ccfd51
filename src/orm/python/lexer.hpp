// The tokenizer of Python source, after CPython 3.11's. See lexer.cpp for the
// lexical grammar.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/python/string_literal.hpp"  // decode_string, kept reachable from here
#include "orm/python/token.hpp"

namespace orm::python {

struct LexOptions {
    // Also emit COMMENT and NL tokens (as `tokenize` does); the parser does not want them.
    bool trivia = false;
    // Ignore indentation: no INDENT/DEDENT, leading whitespace allowed (an expression on the command line).
    bool expression_mode = false;
    // The file tokens' locations name, when not the one being lexed: an
    // f-string's expression is lexed from a copy laid out at the same line
    // and column as in its file, and its locations point into that file.
    const SourceFile* attribute_to = nullptr;
};

namespace detail {
class Lexer;
}

// Tokens produced on demand, so that a parser needs no token array for a whole file.
class TokenStream {
public:
    TokenStream(std::shared_ptr<const SourceFile> source, LexOptions options = {});
    ~TokenStream();
    TokenStream(TokenStream&&) noexcept = default;
    TokenStream& operator=(TokenStream&&) noexcept = default;

    // Appends the next tokens to `out` (at least one); returns false, appending
    // nothing, once ENDMARKER has been produced. Throws InputError like tokenize(),
    // once the tokens before the error have been handed out.
    bool lex_more(std::vector<Token>& out);

private:
    std::unique_ptr<detail::Lexer> lexer_;
};

// Splits `source` into tokens, ending with ENDMARKER (after a NEWLINE that
// closes the last logical line and the DEDENTs that close open blocks).
// Token texts point into `source`, which must outlive them. Throws InputError
// at the first lexical error (unterminated string, bad indentation, unclosed bracket, ...).
std::vector<Token> tokenize(const std::shared_ptr<const SourceFile>& source, LexOptions options = {});

}  // namespace orm::python
