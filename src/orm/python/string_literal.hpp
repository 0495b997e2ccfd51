// Decoding of STRING tokens: escapes, raw and bytes literals (see string_literal.cpp).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <string>

#include "orm/core/source.hpp"
#include "orm/python/token.hpp"

namespace orm::python {

// A decoded string literal (one token).
struct StringLiteral {
    bool is_bytes = false;
    bool is_fstring = false;
    bool is_raw = false;
    // Escapes resolved (UTF-8); for an f-string, the text between the quotes as written.
    std::string value;
};

// Decodes one STRING token: escapes resolved unless raw (\N{...} is rejected),
// bytes checked to be ASCII. Throws InputError at the offending escape.
StringLiteral decode_string(const Token& token, const std::shared_ptr<const SourceFile>& source);

// Resolves the escapes of a literal body (not raw): `fail_at(message,
// offset)` is called (and must throw) at a bad escape.
// The character a Unicode name names (\N{EMPTY SET}), in either case;
// nullopt for a name Unicode does not give (unicode_names.cpp).
std::optional<unsigned long> unicode_character(std::string_view name);

std::string decode_escapes(std::string_view body, bool is_bytes,
                           const std::function<void(const std::string&, size_t)>& fail_at);

// The location of byte `offset` of `token.text` (tokens may span lines).
SourceLocation location_in_token(const Token& token, size_t offset);

}  // namespace orm::python
