// Parsing the inside of f-string literals into pieces (see fstring.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orm/python/ast.hpp"
#include "orm/python/token.hpp"

namespace orm::python {

// Appends the pieces of one f-string STRING token to `out` (literal text
// merged with a literal piece before it). Throws InputError with the
// location of the offending character.
void parse_fstring(const Token& token, const std::shared_ptr<const SourceFile>& source, std::vector<FStringPart>& out);

// Appends literal text (a plain string literal concatenated with an f-string).
void append_fstring_literal(std::vector<FStringPart>& out, const std::string& text);

}  // namespace orm::python
