// The recursive-descent parser behind parser.hpp, shared by parser.cpp
// (statements), parser_expr.cpp (expressions) and parser_atoms.cpp (atoms and
// displays). Internal to the python layer.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "orm/python/ast.hpp"
#include "orm/python/lexer.hpp"

namespace orm::python::detail {

// A new tree node of type T at `loc`.
template <class T>
std::unique_ptr<T> make(const SourceLocation& loc) {
    auto n = std::make_unique<T>();
    n->loc = loc;
    return n;
}

class Parser {
public:
    Parser(std::shared_ptr<const SourceFile> source, LexOptions options)
        : source_(source), stream_(source, options) {
        tokens_.reserve(256);
        stream_.lex_more(tokens_);
    }

    // file := statement* ENDMARKER
    Body parse_file();
    // eval := star_expressions NEWLINE? ENDMARKER
    ExprPtr parse_eval();

    // How deeply input may nest, so that neither this parser's recursion nor
    // the walks over the tree it builds (the resolver, the interpreter, the
    // tree's destructors) can overflow the stack: past either limit the parse
    // stops with "nesting too deep" at the token where it was passed, as
    // CPython stops at "too many nested parentheses".
    static constexpr int kMaxNesting = 200;  // brackets, unary operators, conditionals, lambdas, blocks
    static constexpr int kMaxDepth = 1000;   // the tree, chains of operators, calls, attributes and elifs included

private:
    // The nesting of the parse in progress on this thread: an f-string's
    // expression is parsed by a parser of its own inside the outer one's
    // parse and counts on from where the outer one is.
    struct Depth {
        int nesting = 0;   // open constructs counted against kMaxNesting
        int level = 0;     // the tree level being built
        int deepest = 0;   // the deepest level reached in the subtree being measured
    };
    static thread_local Depth depth_;
    // One level more of nesting (and of the tree) while it lives.
    class Nested {
    public:
        Nested(const Parser& parser, int nesting, int levels);
        ~Nested() {
            depth_.nesting -= nesting_;
            depth_.level -= levels_;
        }
        Nested(const Nested&) = delete;
        Nested& operator=(const Nested&) = delete;

    private:
        int nesting_, levels_;
    };
    // Measures the height of the tree a parse builds below the current level.
    class Height {
    public:
        Height() : saved_(depth_.deepest) { depth_.deepest = depth_.level; }
        ~Height() { depth_.deepest = std::max(saved_, depth_.deepest); }
        int value() const { return depth_.deepest - depth_.level; }
        Height(const Height&) = delete;
        Height& operator=(const Height&) = delete;

    private:
        int saved_;
    };
    // A left-leaning chain (a + b + c, a.b(c)[d]) is now `height` levels deep.
    void chain_height(int height) const;
    [[noreturn]] void error_too_deep(const char* limit) const;

    std::shared_ptr<const SourceFile> source_;
    // Tokens are lexed on demand into a small window: consumed ones are
    // dropped (all but the last, for span()) unless a backtracking mark holds them.
    // A token reference is invalidated by advance() and peek(): copy what must outlive them.
    mutable TokenStream stream_;
    mutable std::vector<Token> tokens_;
    size_t pos_ = 0;
    int marks_ = 0;

    // ------------------------------------------------------------ tokens
    const Token& tok() const { return tokens_[pos_]; }
    const Token& peek(size_t k = 1) const {
        while (pos_ + k >= tokens_.size() && stream_.lex_more(tokens_)) {
        }
        return pos_ + k < tokens_.size() ? tokens_[pos_ + k] : tokens_.back();
    }
    const Token& prev() const { return tokens_[pos_ > 0 ? pos_ - 1 : 0]; }
    // Never moves past ENDMARKER, so tok() is always valid.
    void advance() {
        if (pos_ + 1 >= tokens_.size()) {
            if (tokens_[pos_].kind == TokenKind::EndMarker) return;
            if (marks_ == 0 && pos_ > 0) {
                tokens_.erase(tokens_.begin(), tokens_.begin() + static_cast<std::ptrdiff_t>(pos_ - 1));
                pos_ = 1;
            }
            stream_.lex_more(tokens_);
        }
        ++pos_;
    }
    // Backtracking: mark() keeps tokens from here; reset() returns to a mark.
    size_t mark() {
        ++marks_;
        return pos_;
    }
    void unmark() { --marks_; }
    void reset(size_t mark) { pos_ = mark; }
    bool at(Op o) const { return tok().is(o); }
    bool at(Kw k) const { return tok().is(k); }
    bool at(TokenKind k) const { return tok().kind == k; }
    bool accept(Op o) {
        if (!at(o)) return false;
        advance();
        return true;
    }
    bool accept(Kw k) {
        if (!at(k)) return false;
        advance();
        return true;
    }
    void expect(Op o);
    void expect(Kw k);
    // Consumes an identifier and returns it; else "invalid syntax: expected <what>".
    std::string expect_identifier(const char* what);

    [[noreturn]] void error(const std::string& message, const SourceLocation& loc) const;
    // "invalid syntax: expected <what>" at the current token.
    [[noreturn]] void error_expected(const std::string& what) const;

    // The span from `start` to the end of the last consumed token.
    SourceLocation span(const SourceLocation& start) const {
        return {start.line, start.column, prev().loc.end_line, prev().loc.end_column, start.file};
    }
    static SourceLocation join(const SourceLocation& a, const SourceLocation& b) {
        return {a.line, a.column, b.end_line, b.end_column, a.file};
    }

    // ------------------------------------------------------- statements
    void statement(Body& out);
    void simple_statements(Body& out);
    StmtPtr simple_statement();
    StmtPtr expression_statement();
    Body block(const char* construct, int line);
    StmtPtr class_def(std::vector<ExprPtr> decorators);
    StmtPtr function_def(std::vector<ExprPtr> decorators, const SourceLocation& start, bool is_async);
    StmtPtr if_stmt();
    StmtPtr for_stmt(const SourceLocation& start, bool is_async);
    StmtPtr while_stmt();
    StmtPtr with_stmt(const SourceLocation& start, bool is_async);
    WithItem with_item();
    StmtPtr try_stmt();
    StmtPtr match_stmt();  // null (and nothing consumed) when `match` is a plain name here
    StmtPtr import_stmt();
    StmtPtr from_import_stmt();
    std::string dotted_module_name();
    void check_target(const Expr& e, bool deleting) const;

    // ------------------------------------------------------ expressions
    bool starts_expression(const Token& t) const;
    ExprPtr expression();
    ExprPtr named_expression();
    ExprPtr star_expression();
    ExprPtr star_named_expression();
    ExprPtr star_expressions();
    ExprPtr yield_expr();
    ExprPtr yield_or_star_expressions() { return at(Kw::Yield) ? yield_expr() : star_expressions(); }
    ExprPtr disjunction();
    ExprPtr conjunction();
    ExprPtr inversion();
    ExprPtr comparison();
    ExprPtr binary(int min_precedence);
    ExprPtr bit_or() { return binary(1); }
    ExprPtr factor();
    ExprPtr power();
    ExprPtr primary();
    ExprPtr atom();
    ExprPtr paren_atom();
    ExprPtr list_atom();
    ExprPtr brace_atom();
    ExprPtr strings();
    ExprPtr number();
    ExprPtr lambda();
    ExprPtr slices();
    ExprPtr slice();
    ExprPtr target_list();
    ExprPtr target_element();
    bool at_comprehension() const { return at(Kw::For) || (at(Kw::Async) && peek().is(Kw::For)); }
    void comprehension_clauses(std::vector<ComprehensionFor>& out);
    std::vector<Parameter> parameters(bool annotations, Op closer);
    // PEP 695 type parameters: '[' NAME [':' bound] ['=' default] | '*' NAME | '**' NAME, ... ']'
    std::vector<std::string> type_parameters();
    void call_arguments(Call& call, const SourceLocation& lpar);
};

// How a node is named in "cannot assign to ..." messages ("function call", "literal", ...).
std::string describe(const Expr& e);

}  // namespace orm::python::detail
