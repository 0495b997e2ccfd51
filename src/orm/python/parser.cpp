// Statements (the grammar is in parser.hpp; expressions are in parser_expr.cpp
// and parser_atoms.cpp):
//
//   statement     := decorator* (class_def | func_def) | if | for | while | with | try
//                  | match | simple (';' simple)* [';'] NEWLINE
//   block         := NEWLINE INDENT statement+ DEDENT | simple (';' simple)* NEWLINE
//   class_def     := 'class' NAME ['(' arguments ')'] ':' block
//   func_def      := ['async'] 'def' NAME '(' parameters ')' ['->' expression] ':' block
//   if            := 'if' named_expression ':' block ('elif' ...)* ['else' ':' block]
//   for           := ['async'] 'for' targets 'in' star_expressions ':' block ['else' ':' block]
//   while         := 'while' named_expression ':' block ['else' ':' block]
//   with          := ['async'] 'with' ('(' with_item (',' with_item)* [','] ')' | with_item (',' with_item)*) ':' block
//   try           := 'try' ':' block ('except' [expression (',' expression)* | expression 'as' NAME] ':' block)*
//                    ['else' ':' block] ['finally' ':' block]
//   match         := 'match' subject ':' NEWLINE INDENT ... DEDENT      (cases skipped)
//   simple        := star_expressions (('=' (yield | star_expressions))+ | augop (yield | star_expressions)
//                                      | ':' expression ['=' (yield | star_expressions)])?
//                  | 'pass' | 'break' | 'continue' | 'return' [star_expressions]
//                  | 'raise' [expression ['from' expression]] | ('global' | 'nonlocal') NAME (',' NAME)*
//                  | 'del' targets | 'assert' expression [',' expression]
//                  | 'import' dotted ['as' NAME] (',' ...)* | 'from' '.'* [dotted] 'import' names
#include "orm/python/parser.hpp"

#include "orm/core/error.hpp"
#include "orm/python/lexer.hpp"
#include "orm/python/parser_impl.hpp"

namespace orm::python {

namespace detail {

namespace {

bool augmented_operator(const Token& t, BinaryOperator& op) {
    if (t.kind != TokenKind::Op) return false;
    switch (t.op) {
        case Op::PlusEqual: op = BinaryOperator::Add; return true;
        case Op::MinEqual: op = BinaryOperator::Sub; return true;
        case Op::StarEqual: op = BinaryOperator::Mult; return true;
        case Op::AtEqual: op = BinaryOperator::MatMult; return true;
        case Op::SlashEqual: op = BinaryOperator::Div; return true;
        case Op::DoubleSlashEqual: op = BinaryOperator::FloorDiv; return true;
        case Op::PercentEqual: op = BinaryOperator::Mod; return true;
        case Op::DoubleStarEqual: op = BinaryOperator::Pow; return true;
        case Op::LeftShiftEqual: op = BinaryOperator::LShift; return true;
        case Op::RightShiftEqual: op = BinaryOperator::RShift; return true;
        case Op::VBarEqual: op = BinaryOperator::BitOr; return true;
        case Op::CircumflexEqual: op = BinaryOperator::BitXor; return true;
        case Op::AmperEqual: op = BinaryOperator::BitAnd; return true;
        default: return false;
    }
}

bool is_single_target(const Expr& e) {
    return e.kind == ExprKind::Name || e.kind == ExprKind::Attribute || e.kind == ExprKind::Subscript;
}

// A compound statement ends where the last statement of its last block ends
// (not at the DEDENT that closed it).
SourceLocation compound_span(const SourceLocation& start, const Body& last) {
    if (last.empty()) return start;
    const SourceLocation& end = last.back()->loc;
    return {start.line, start.column, end.end_line, end.end_column, start.file};
}

}  // namespace

// ------------------------------------------------------------------ helpers

std::string describe(const Expr& e) {
    switch (e.kind) {
        case ExprKind::Call: return "function call";
        case ExprKind::Constant: {
            auto k = e.as<Constant>()->value_kind;
            if (k == ConstantKind::None) return "None";
            if (k == ConstantKind::True) return "True";
            if (k == ConstantKind::False) return "False";
            if (k == ConstantKind::Ellipsis) return "ellipsis";
            return "literal";
        }
        case ExprKind::JoinedStr: return "f-string expression";
        case ExprKind::Compare: return "comparison";
        case ExprKind::Lambda: return "lambda";
        case ExprKind::IfExp: return "conditional expression";
        case ExprKind::NamedExpr: return "named expression";
        case ExprKind::Await: return "await expression";
        case ExprKind::Yield: return "yield expression";
        case ExprKind::Dict: return "dict literal";
        case ExprKind::Set: return "set display";
        case ExprKind::Tuple: return "tuple";
        case ExprKind::List: return "list";
        case ExprKind::Starred: return "starred";
        case ExprKind::Name: return "name";
        case ExprKind::Attribute: return "attribute";
        case ExprKind::Subscript: return "subscript";
        case ExprKind::Slice: return "slice";
        case ExprKind::Comprehension:
            switch (e.as<Comprehension>()->form) {
                case Comprehension::Form::List: return "list comprehension";
                case Comprehension::Form::Set: return "set comprehension";
                case Comprehension::Form::Dict: return "dict comprehension";
                case Comprehension::Form::Generator: return "generator expression";
            }
            break;
        default: break;
    }
    return "expression";
}


thread_local Parser::Depth Parser::depth_;

Parser::Nested::Nested(const Parser& parser, int nesting, int levels) : nesting_(nesting), levels_(levels) {
    // Checked before counting: a constructor that throws has no destructor to undo it.
    if (depth_.nesting + nesting > kMaxNesting)
        parser.error_too_deep("more than 200 nested brackets, operators or blocks");
    if (depth_.level + levels > kMaxDepth) parser.error_too_deep("an expression more than 1000 levels deep");
    depth_.nesting += nesting;
    depth_.level += levels;
    depth_.deepest = std::max(depth_.deepest, depth_.level);
}

void Parser::chain_height(int height) const {
    depth_.deepest = std::max(depth_.deepest, depth_.level + height);
    if (depth_.level + height > kMaxDepth) error_too_deep("an expression more than 1000 levels deep");
}

void Parser::error_too_deep(const char* limit) const {
    error(std::string("nesting too deep: ") + limit, tok().loc);
}

void Parser::error(const std::string& message, const SourceLocation& loc) const {
    throw InputError(message, source_, loc);
}

void Parser::error_expected(const std::string& what) const {
    if (at(TokenKind::Indent)) error("unexpected indent", peek().loc);
    error("invalid syntax: expected " + what, tok().loc);
}

void Parser::expect(Op o) {
    if (!accept(o)) error_expected("'" + std::string(op_text(o)) + "'");
}

void Parser::expect(Kw k) {
    if (!accept(k)) error_expected("'" + std::string(keyword_text(k)) + "'");
}

std::string Parser::expect_identifier(const char* what) {
    if (!tok().is_identifier()) error_expected(what);
    std::string name(tok().text);
    advance();
    return name;
}

void Parser::check_target(const Expr& e, bool deleting) const {
    switch (e.kind) {
        case ExprKind::Name: case ExprKind::Attribute: case ExprKind::Subscript: return;
        case ExprKind::Tuple:
            for (const auto& x : e.as<Tuple>()->elts) check_target(*x, deleting);
            return;
        case ExprKind::List:
            for (const auto& x : e.as<List>()->elts) check_target(*x, deleting);
            return;
        case ExprKind::Starred:
            if (!deleting) {
                check_target(*e.as<Starred>()->value, deleting);
                return;
            }
            break;
        default: break;
    }
    error(std::string(deleting ? "cannot delete " : "cannot assign to ") + describe(e), e.loc);
}

// --------------------------------------------------------------- top level

Body Parser::parse_file() {
    Body body;
    while (!at(TokenKind::EndMarker)) statement(body);
    return body;
}

ExprPtr Parser::parse_eval() {
    ExprPtr e = star_expressions();
    if (at(TokenKind::Newline)) advance();
    if (!at(TokenKind::EndMarker)) error("invalid syntax: unexpected text after the expression", tok().loc);
    return e;
}

void Parser::statement(Body& out) {
    const Token t = tok();
    if (t.kind == TokenKind::Indent) error("unexpected indent", peek().loc);
    if (t.kind == TokenKind::Dedent) error("unindent does not match any outer indentation level", t.loc);
    if (t.is(Op::At)) {
        std::vector<ExprPtr> decorators;
        while (accept(Op::At)) {
            decorators.push_back(named_expression());
            if (!at(TokenKind::Newline)) error_expected("a newline after the decorator");
            advance();
        }
        SourceLocation start = tok().loc;
        if (at(Kw::Class)) {
            out.push_back(class_def(std::move(decorators)));
        } else if (at(Kw::Def)) {
            out.push_back(function_def(std::move(decorators), start, false));
        } else if (at(Kw::Async) && peek().is(Kw::Def)) {
            advance();
            out.push_back(function_def(std::move(decorators), start, true));
        } else {
            error_expected("'class' or 'def' after a decorator");
        }
        return;
    }
    if (t.kind == TokenKind::Name) {
        SourceLocation start = t.loc;
        switch (t.keyword) {
            case Kw::Class: out.push_back(class_def({})); return;
            case Kw::Def: out.push_back(function_def({}, start, false)); return;
            case Kw::If: out.push_back(if_stmt()); return;
            case Kw::For: out.push_back(for_stmt(start, false)); return;
            case Kw::While: out.push_back(while_stmt()); return;
            case Kw::With: out.push_back(with_stmt(start, false)); return;
            case Kw::Try: out.push_back(try_stmt()); return;
            case Kw::Async: {
                const Token next = peek();
                advance();
                if (next.is(Kw::Def)) {
                    out.push_back(function_def({}, start, true));
                } else if (next.is(Kw::For)) {
                    out.push_back(for_stmt(start, true));
                } else if (next.is(Kw::With)) {
                    out.push_back(with_stmt(start, true));
                } else {
                    error_expected("'def', 'for' or 'with' after 'async'");
                }
                return;
            }
            case Kw::None:
                if (t.text == "match") {
                    if (StmtPtr m = match_stmt()) {
                        out.push_back(std::move(m));
                        return;
                    }
                }
                break;
            default: break;
        }
    }
    simple_statements(out);
}

void Parser::simple_statements(Body& out) {
    out.push_back(simple_statement());
    while (accept(Op::Semi)) {
        if (at(TokenKind::Newline)) break;
        out.push_back(simple_statement());
    }
    if (!at(TokenKind::Newline)) error("invalid syntax", tok().loc);
    advance();
}

Body Parser::block(const char* construct, int line) {
    Nested nested(*this, 1, 1);
    Body body;
    if (!at(TokenKind::Newline)) {
        simple_statements(body);
        return body;
    }
    advance();
    if (!at(TokenKind::Indent))
        error(std::string("expected an indented block after ") + construct + " on line " + std::to_string(line),
              tok().loc);
    advance();
    while (!at(TokenKind::Dedent) && !at(TokenKind::EndMarker)) statement(body);
    advance();
    return body;
}

// --------------------------------------------------------------- compounds

StmtPtr Parser::class_def(std::vector<ExprPtr> decorators) {
    SourceLocation start = tok().loc;
    advance();
    auto c = make<ClassDef>(start);
    c->decorators = std::move(decorators);
    c->name_loc = tok().loc;
    c->name = expect_identifier("a class name");
    if (at(Op::LSqb)) c->type_params = type_parameters();
    if (at(Op::LPar)) {
        SourceLocation lpar = tok().loc;
        advance();
        Call args;
        call_arguments(args, lpar);
        c->bases = std::move(args.args);
        c->keywords = std::move(args.keywords);
    }
    expect(Op::Colon);
    c->body = block("class definition", start.line);
    c->loc = compound_span(start, c->body);
    return c;
}

StmtPtr Parser::function_def(std::vector<ExprPtr> decorators, const SourceLocation& start, bool is_async) {
    advance();  // 'def'
    auto f = make<FunctionDef>(start);
    f->is_async = is_async;
    f->decorators = std::move(decorators);
    f->name_loc = tok().loc;
    f->name = expect_identifier("a function name");
    if (at(Op::LSqb)) f->type_params = type_parameters();
    expect(Op::LPar);
    f->params = parameters(true, Op::RPar);
    expect(Op::RPar);
    if (accept(Op::RArrow)) f->returns = expression();
    expect(Op::Colon);
    f->body = block("function definition", start.line);
    f->loc = compound_span(start, f->body);
    return f;
}

std::vector<std::string> Parser::type_parameters() {
    expect(Op::LSqb);
    std::vector<std::string> names;
    while (!at(Op::RSqb)) {
        if (!accept(Op::DoubleStar)) accept(Op::Star);
        names.push_back(expect_identifier("a type parameter name"));
        if (accept(Op::Colon)) expression();   // a bound or constraints: not checked
        if (accept(Op::Equal)) expression();   // a default (PEP 696)
        if (!accept(Op::Comma)) break;
    }
    expect(Op::RSqb);
    return names;
}

StmtPtr Parser::if_stmt() {
    SourceLocation start = tok().loc;
    const char* construct = at(Kw::If) ? "'if' statement" : "'elif' statement";
    advance();
    auto s = make<If>(start);
    s->test = named_expression();
    expect(Op::Colon);
    s->body = block(construct, start.line);
    if (at(Kw::Elif)) {
        Nested nested(*this, 0, 1);  // each elif nests one If deeper in the tree
        s->orelse.push_back(if_stmt());
    } else if (at(Kw::Else)) {
        int line = tok().loc.line;
        advance();
        expect(Op::Colon);
        s->orelse = block("'else' statement", line);
    }
    s->loc = compound_span(start, s->orelse.empty() ? s->body : s->orelse);
    return s;
}

StmtPtr Parser::for_stmt(const SourceLocation& start, bool is_async) {
    advance();  // 'for'
    auto s = make<For>(start);
    s->is_async = is_async;
    s->target = target_list();
    check_target(*s->target, false);
    expect(Kw::In);
    s->iter = star_expressions();
    expect(Op::Colon);
    s->body = block("'for' statement", start.line);
    if (at(Kw::Else)) {
        int line = tok().loc.line;
        advance();
        expect(Op::Colon);
        s->orelse = block("'else' statement", line);
    }
    s->loc = compound_span(start, s->orelse.empty() ? s->body : s->orelse);
    return s;
}

StmtPtr Parser::while_stmt() {
    SourceLocation start = tok().loc;
    advance();
    auto s = make<While>(start);
    s->test = named_expression();
    expect(Op::Colon);
    s->body = block("'while' statement", start.line);
    if (at(Kw::Else)) {
        int line = tok().loc.line;
        advance();
        expect(Op::Colon);
        s->orelse = block("'else' statement", line);
    }
    s->loc = compound_span(start, s->orelse.empty() ? s->body : s->orelse);
    return s;
}

WithItem Parser::with_item() {
    WithItem item;
    item.context_expr = expression();
    if (accept(Kw::As)) {
        item.optional_vars = target_element();
        check_target(*item.optional_vars, false);
    }
    return item;
}

StmtPtr Parser::with_stmt(const SourceLocation& start, bool is_async) {
    advance();  // 'with'
    auto s = make<With>(start);
    s->is_async = is_async;
    if (at(Op::LPar)) {
        // `with (a as b, c):` lists items in parentheses; if the parentheses
        // turn out to belong to the first expression, parse again without.
        size_t saved = mark();
        bool ok = false;
        try {
            advance();
            while (!at(Op::RPar)) {
                s->items.push_back(with_item());
                if (!accept(Op::Comma)) break;
            }
            ok = !s->items.empty() && accept(Op::RPar) && at(Op::Colon);
        } catch (const InputError&) {
            ok = false;  // a lexical error is sticky: the second attempt raises it again
        }
        unmark();
        if (!ok) {
            reset(saved);
            s->items.clear();
        }
    }
    if (s->items.empty()) {
        s->items.push_back(with_item());
        while (accept(Op::Comma)) s->items.push_back(with_item());
    }
    expect(Op::Colon);
    s->body = block("'with' statement", start.line);
    s->loc = compound_span(start, s->body);
    return s;
}

StmtPtr Parser::try_stmt() {
    SourceLocation start = tok().loc;
    advance();
    auto s = make<Try>(start);
    expect(Op::Colon);
    s->body = block("'try' statement", start.line);
    while (at(Kw::Except)) {
        ExceptHandler h;
        SourceLocation hstart = tok().loc;
        advance();
        if (at(Op::Star)) error("'except*' (exception groups) is not supported", tok().loc);
        if (!at(Op::Colon)) {
            SourceLocation type_start = tok().loc;
            h.type = expression();
            if (at(Op::Comma)) {
                // Python 3.14 (PEP 758): `except A, B:` is the tuple (A, B), but not with 'as'.
                auto t = make<Tuple>(type_start);
                t->elts.push_back(std::move(h.type));
                while (accept(Op::Comma)) t->elts.push_back(expression());
                t->loc = span(type_start);
                h.type = std::move(t);
                if (at(Kw::As)) error("multiple exception types must be parenthesized when using 'as'", h.type->loc);
            }
            if (accept(Kw::As)) h.name = expect_identifier("a name after 'as'");
        }
        expect(Op::Colon);
        h.body = block("'except' statement", hstart.line);
        h.loc = compound_span(hstart, h.body);
        s->handlers.push_back(std::move(h));
    }
    if (at(Kw::Else)) {
        if (s->handlers.empty()) error("invalid syntax: expected 'except' or 'finally' block", tok().loc);
        int line = tok().loc.line;
        advance();
        expect(Op::Colon);
        s->orelse = block("'else' statement", line);
    }
    if (at(Kw::Finally)) {
        int line = tok().loc.line;
        advance();
        expect(Op::Colon);
        s->finalbody = block("'finally' statement", line);
    }
    if (s->handlers.empty() && s->finalbody.empty())
        error("invalid syntax: expected 'except' or 'finally' block", tok().loc);
    const Body& last = !s->finalbody.empty() ? s->finalbody
                       : !s->orelse.empty()  ? s->orelse
                       : !s->handlers.empty() ? s->handlers.back().body
                                              : s->body;
    s->loc = compound_span(start, last);
    return s;
}

StmtPtr Parser::match_stmt() {
    // `match` is a soft keyword: it starts a match statement only when what
    // follows is `subject ':' NEWLINE INDENT`; otherwise it is a plain name.
    const Token next = peek();
    if (!starts_expression(next)) return nullptr;
    SourceLocation start = tok().loc;
    size_t saved = mark();
    ExprPtr subject;
    bool ok = true;
    try {
        advance();
        subject = star_expressions();
        ok = at(Op::Colon) && peek().kind == TokenKind::Newline && peek(2).kind == TokenKind::Indent;
    } catch (const InputError&) {
        ok = false;  // a lexical error is sticky: parsing `match` as a name raises it again
    }
    unmark();
    if (!ok) {
        reset(saved);
        return nullptr;
    }
    advance();  // ':'
    advance();  // NEWLINE
    auto m = make<Match>(start);
    m->subject = std::move(subject);
    int depth = 0;
    SourceLocation end = m->subject->loc;
    do {
        if (at(TokenKind::Indent)) {
            ++depth;
        } else if (at(TokenKind::Dedent)) {
            --depth;
        } else if (!at(TokenKind::Newline)) {
            end = tok().loc;
        }
        advance();
    } while (depth > 0 && !at(TokenKind::EndMarker));
    m->loc = join(start, end);
    return m;
}

// -------------------------------------------------------------- simple ones

StmtPtr Parser::simple_statement() {
    SourceLocation start = tok().loc;
    const Token t = tok();
    if (t.kind == TokenKind::Name && t.keyword == Kw::None && t.text == "type" && peek().is_identifier() &&
        (peek(2).is(Op::Equal) || peek(2).is(Op::LSqb))) {
        // PEP 695's `type Alias[T] = value`: bound like an assignment (the value is evaluated at once).
        advance();
        auto a = make<Assign>(start);
        auto target = make<Name>(tok().loc);
        target->id = expect_identifier("a type alias name");
        if (at(Op::LSqb)) type_parameters();
        expect(Op::Equal);
        a->targets.push_back(std::move(target));
        a->value = expression();
        a->loc = span(start);
        return a;
    }
    if (t.kind != TokenKind::Name || t.keyword == Kw::None) return expression_statement();
    StmtPtr result;
    switch (t.keyword) {
        case Kw::Pass: advance(); result = make<Pass>(start); break;
        case Kw::Break: advance(); result = make<Break>(start); break;
        case Kw::Continue: advance(); result = make<Continue>(start); break;
        case Kw::Return: {
            advance();
            auto r = make<Return>(start);
            if (starts_expression(tok())) r->value = star_expressions();
            result = std::move(r);
            break;
        }
        case Kw::Raise: {
            advance();
            auto r = make<Raise>(start);
            if (starts_expression(tok())) {
                r->exc = expression();
                if (accept(Kw::From)) r->cause = expression();
            }
            result = std::move(r);
            break;
        }
        case Kw::Global: case Kw::Nonlocal: {
            bool global = t.keyword == Kw::Global;
            advance();
            std::vector<std::string> names;
            do {
                names.push_back(expect_identifier("a name"));
            } while (accept(Op::Comma));
            if (global) {
                auto g = make<Global>(start);
                g->names = std::move(names);
                result = std::move(g);
            } else {
                auto g = make<Nonlocal>(start);
                g->names = std::move(names);
                result = std::move(g);
            }
            break;
        }
        case Kw::Del: {
            advance();
            auto d = make<Delete>(start);
            do {
                if (at(TokenKind::Newline) || at(Op::Semi)) break;
                d->targets.push_back(target_element());
                check_target(*d->targets.back(), true);
            } while (accept(Op::Comma));
            if (d->targets.empty()) error_expected("a target after 'del'");
            result = std::move(d);
            break;
        }
        case Kw::Assert: {
            advance();
            auto a = make<Assert>(start);
            a->test = expression();
            if (accept(Op::Comma)) a->msg = expression();
            result = std::move(a);
            break;
        }
        case Kw::Import: return import_stmt();
        case Kw::From: return from_import_stmt();
        default: return expression_statement();
    }
    result->loc = span(start);
    return result;
}

StmtPtr Parser::expression_statement() {
    SourceLocation start = tok().loc;
    ExprPtr first = yield_or_star_expressions();
    if (at(Op::Colon)) {
        if (first->kind == ExprKind::Tuple && !first->as<Tuple>()->parenthesized)
            error("only single target (not tuple) can be annotated", first->loc);
        if (!is_single_target(*first)) error("illegal target for annotation", first->loc);
        advance();
        auto a = make<AnnAssign>(start);
        a->target = std::move(first);
        a->annotation = expression();
        if (accept(Op::Equal)) a->value = yield_or_star_expressions();
        a->loc = span(start);
        return a;
    }
    if (at(Op::Equal)) {
        auto a = make<Assign>(start);
        a->targets.push_back(std::move(first));
        while (accept(Op::Equal)) a->targets.push_back(yield_or_star_expressions());
        a->value = std::move(a->targets.back());
        a->targets.pop_back();
        for (const auto& target : a->targets) check_target(*target, false);
        a->loc = span(start);
        return a;
    }
    BinaryOperator op;
    if (augmented_operator(tok(), op)) {
        if (!is_single_target(*first))
            error("'" + describe(*first) + "' is an illegal expression for augmented assignment", first->loc);
        advance();
        auto a = make<AugAssign>(start);
        a->target = std::move(first);
        a->op = op;
        a->value = yield_or_star_expressions();
        a->loc = span(start);
        return a;
    }
    auto s = make<ExprStmt>(start);
    s->value = std::move(first);
    s->loc = span(start);
    return s;
}

std::string Parser::dotted_module_name() {
    std::string name = expect_identifier("a module name");
    while (at(Op::Dot)) {
        advance();
        name += '.';
        name += expect_identifier("a module name after '.'");
    }
    return name;
}

StmtPtr Parser::import_stmt() {
    SourceLocation start = tok().loc;
    advance();
    auto s = make<Import>(start);
    do {
        Alias a;
        SourceLocation astart = tok().loc;
        a.name = dotted_module_name();
        if (accept(Kw::As)) a.asname = expect_identifier("a name after 'as'");
        a.loc = span(astart);
        s->names.push_back(std::move(a));
    } while (accept(Op::Comma));
    s->loc = span(start);
    return s;
}

StmtPtr Parser::from_import_stmt() {
    SourceLocation start = tok().loc;
    advance();
    auto s = make<ImportFrom>(start);
    for (;;) {
        if (accept(Op::Dot)) {
            s->level += 1;
        } else if (accept(Op::Ellipsis)) {
            s->level += 3;
        } else {
            break;
        }
    }
    if (s->level == 0 || tok().is_identifier()) s->module = dotted_module_name();
    expect(Kw::Import);
    auto alias = [&]() {
        Alias a;
        SourceLocation astart = tok().loc;
        a.name = expect_identifier("a name to import");
        if (accept(Kw::As)) a.asname = expect_identifier("a name after 'as'");
        a.loc = span(astart);
        s->names.push_back(std::move(a));
    };
    if (at(Op::Star)) {
        Alias a;
        a.name = "*";
        a.loc = tok().loc;
        advance();
        s->names.push_back(std::move(a));
    } else if (accept(Op::LPar)) {
        do {
            if (at(Op::RPar) && !s->names.empty()) break;
            alias();
        } while (accept(Op::Comma));
        expect(Op::RPar);
    } else {
        alias();
        while (accept(Op::Comma)) {
            if (at(TokenKind::Newline)) error("trailing comma not allowed without surrounding parentheses", prev().loc);
            alias();
        }
    }
    s->loc = span(start);
    return s;
}

}  // namespace detail

Module parse_module(std::shared_ptr<const SourceFile> source) {
    detail::Parser parser(source, LexOptions{});
    Module m;
    m.source = source;
    m.body = parser.parse_file();
    if (!m.body.empty()) {
        if (auto* s = m.body.front()->as<ExprStmt>()) {
            if (auto* c = s->value->as<Constant>(); c && c->is_string()) m.docstring = c->value;
        }
    }
    return m;
}

ExprPtr parse_expression(const std::shared_ptr<const SourceFile>& source, const SourceFile* attribute_to) {
    LexOptions options;
    options.expression_mode = true;
    options.attribute_to = attribute_to;
    detail::Parser parser(source, options);
    return parser.parse_eval();
}

}  // namespace orm::python
