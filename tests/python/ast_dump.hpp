// Test-only: a compact, positional rendering of the AST, modelled on CPython's
// ast.dump() without field names, so that test expectations stay readable and
// can be produced from CPython's own `ast` for differential checks
// (see differential_test.cpp for the Python side of the same format).
#pragma once

#include <string>

#include "orm/python/ast.hpp"
#include "orm/python/token.hpp"

namespace orm::python::testing {

std::string dump(const Expr& e);
std::string dump(const Stmt& s);
// "Module([stmt, ...])"
std::string dump(const Module& m);
// A Python-style quoted string ('...' with \\ \' \n \t \r \xNN escaped).
std::string quote(const std::string& s, bool bytes = false);
// Tokens as "KIND 'text'" joined by ", " (text omitted for NEWLINE/INDENT/DEDENT/ENDMARKER/NL).
std::string dump_tokens(const std::vector<Token>& tokens);

}  // namespace orm::python::testing
