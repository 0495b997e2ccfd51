// The parser of the Python subset (see ast.hpp). Grammar, after CPython's:
//
//   file        := statement* ENDMARKER
//   statement   := compound | simple (';' simple)* [';'] NEWLINE
//   compound    := decorator* (class_def | func_def) | if | for | while | with | try | match
//   simple      := expr_stmt | assign | ann_assign | aug_assign | import | from_import
//                | pass | break | continue | return | raise | global | nonlocal | del | assert
//   block       := NEWLINE INDENT statement+ DEDENT | simple_stmts
//   expression  := lambda | disjunction ['if' disjunction 'else' expression]
//   (operator precedence as in Python: or < and < not < comparison < | < ^ < &
//    < shifts < + - < * / // % @ < unary < ** < await < primary)
//   primary     := atom ('.' NAME | '(' arguments ')' | '[' slices ']')*
//   atom        := NAME | NUMBER | STRING+ | '(' ... ')' | '[' ... ']' | '{' ... '}' | '...'
#pragma once

#include <memory>

#include "orm/python/ast.hpp"

namespace orm::python {

// Parses a whole file. Throws InputError (file:line:col, quoted line, caret)
// on the first syntax error.
Module parse_module(std::shared_ptr<const SourceFile> source);

// Parses a single expression (a query expression on the command line),
// allowing surrounding whitespace and newlines. Throws InputError.
// `attribute_to`: the file the locations name, when `source` is a copy of
// part of it (an f-string's expression).
ExprPtr parse_expression(const std::shared_ptr<const SourceFile>& source, const SourceFile* attribute_to = nullptr);

}  // namespace orm::python
