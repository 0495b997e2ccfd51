// Test-only helpers shared by the python-layer tests.
#pragma once

#include <memory>
#include <string>

#include "orm/core/error.hpp"
#include "orm/python/lexer.hpp"
#include "orm/python/parser.hpp"
#include "python/ast_dump.hpp"

namespace orm::python::testing {

inline std::shared_ptr<const SourceFile> src(const std::string& text, const std::string& name = "test.py") {
    return std::make_shared<const SourceFile>(name, text);
}

// The dump of a whole module parsed from `text`.
inline std::string parse_dump(const std::string& text) { return dump(parse_module(src(text))); }

// The dump of the single expression statement in `text`.
inline std::string expr_dump(const std::string& text) { return dump(*parse_expression(src(text))); }

// Token stream with trivia off.
inline std::string lex_dump(const std::string& text, bool trivia = false) {
    LexOptions o;
    o.trivia = trivia;
    return dump_tokens(tokenize(src(text), o));
}

// The InputError raised by parsing `text` as a module ("no error" when none).
struct ParseFailure {
    std::string message;
    int line = 0;
    int column = 0;
    int end_column = 0;
};
inline ParseFailure parse_error(const std::string& text) {
    try {
        parse_module(src(text));
    } catch (const InputError& e) {
        return {e.message(), e.location().line, e.location().column, e.location().end_column};
    }
    return {"no error", 0, 0, 0};
}

}  // namespace orm::python::testing
