// Expressions (CPython 3.11's grammar, simplified where no program can tell):
//
//   star_expressions := star_expression (',' star_expression)* [',']
//   star_expression  := '*' bitor | expression
//   named_expression := NAME ':=' expression | expression
//   expression       := lambda | disjunction ['if' disjunction 'else' expression]
//   disjunction      := conjunction ('or' conjunction)*
//   conjunction      := inversion ('and' inversion)*
//   inversion        := 'not' inversion | comparison
//   comparison       := bitor (compare_op bitor)*
//   bitor .. term    := precedence climbing over | ^ & << >> + - * / // % @ (left-assoc)
//   factor           := ('+' | '-' | '~') factor | power
//   power            := ['await'] primary ['**' factor]      (right-assoc through factor)
//   primary          := atom ('.' NAME | '(' arguments ')' | '[' slices ']')*
//   atom             := NAME | True | False | None | '...' | NUMBER | STRING+
//                     | tuple | genexp | list | listcomp | dict | set | dictcomp | setcomp
//   slices           := slice (',' slice)* [',']
//   slice            := [expression] ':' [expression] [':' [expression]] | named_expression | '*' bitor
//   arguments        := (positional | '*' expr | NAME '=' expr | '**' expr) (',' ...)* [',']
//   lambda           := 'lambda' [parameters] ':' expression
//   comprehension    := ('async'? 'for' targets 'in' disjunction ('if' disjunction)*)+
#include "orm/core/error.hpp"
#include "orm/python/parser_impl.hpp"

namespace orm::python::detail {

namespace {

int binary_precedence(const Token& t, BinaryOperator& op) {
    if (t.kind != TokenKind::Op) return 0;
    switch (t.op) {
        case Op::VBar: op = BinaryOperator::BitOr; return 1;
        case Op::Circumflex: op = BinaryOperator::BitXor; return 2;
        case Op::Amper: op = BinaryOperator::BitAnd; return 3;
        case Op::LeftShift: op = BinaryOperator::LShift; return 4;
        case Op::RightShift: op = BinaryOperator::RShift; return 4;
        case Op::Plus: op = BinaryOperator::Add; return 5;
        case Op::Minus: op = BinaryOperator::Sub; return 5;
        case Op::Star: op = BinaryOperator::Mult; return 6;
        case Op::Slash: op = BinaryOperator::Div; return 6;
        case Op::DoubleSlash: op = BinaryOperator::FloorDiv; return 6;
        case Op::Percent: op = BinaryOperator::Mod; return 6;
        case Op::At: op = BinaryOperator::MatMult; return 6;
        default: return 0;
    }
}

}  // namespace

bool Parser::starts_expression(const Token& t) const {
    switch (t.kind) {
        case TokenKind::Name:
            switch (t.keyword) {
                case Kw::None: case Kw::None_: case Kw::True_: case Kw::False_:
                case Kw::Not: case Kw::Lambda: case Kw::Await:
                    return true;
                default: return false;
            }
        case TokenKind::Number: case TokenKind::String: return true;
        case TokenKind::Op:
            switch (t.op) {
                case Op::LPar: case Op::LSqb: case Op::LBrace: case Op::Minus: case Op::Plus:
                case Op::Tilde: case Op::Ellipsis: case Op::Star:
                    return true;
                default: return false;
            }
        default: return false;
    }
}

namespace {

// Tokens that end an expression wherever a lone atom is common (call
// arguments, assignments, displays): the fast path in expression() below.
bool ends_expression(const Token& t) {
    if (t.kind == TokenKind::Newline) return true;
    if (t.kind != TokenKind::Op) return false;
    switch (t.op) {
        case Op::Comma: case Op::RPar: case Op::RSqb: case Op::RBrace: case Op::Equal: case Op::Colon: case Op::Semi:
            return true;
        default: return false;
    }
}

}  // namespace

ExprPtr Parser::expression() {
    // Most expressions in a models file are a single name, number or string
    // followed by ',' or ')': skip the ten-level precedence descent for those.
    const Token& t = tok();
    if ((t.kind == TokenKind::Number || t.kind == TokenKind::String ||
         (t.kind == TokenKind::Name && (t.keyword == Kw::None || t.keyword == Kw::True_ || t.keyword == Kw::False_ ||
                                        t.keyword == Kw::None_))) &&
        ends_expression(peek()))
        return atom();
    if (at(Kw::Lambda)) return lambda();
    SourceLocation start = tok().loc;
    ExprPtr body = disjunction();
    if (!at(Kw::If)) return body;
    advance();
    auto e = make<IfExp>(start);
    e->body = std::move(body);
    e->test = disjunction();
    if (!at(Kw::Else)) error_expected("'else' after 'if' expression");
    advance();
    Nested nested(*this, 1, 1);   // a if b else c if d else ...: each one a level down
    e->orelse = expression();
    e->loc = span(start);
    return e;
}

ExprPtr Parser::named_expression() {
    if (tok().is_identifier() && peek().is(Op::ColonEqual)) {
        SourceLocation start = tok().loc;
        auto target = make<Name>(tok().loc);
        target->id = std::string(tok().text);
        advance();
        advance();
        auto e = make<NamedExpr>(start);
        e->target = std::move(target);
        e->value = expression();
        e->loc = span(start);
        return e;
    }
    ExprPtr e = expression();
    if (at(Op::ColonEqual)) error("cannot use assignment expressions with " + describe(*e), e->loc);
    return e;
}

ExprPtr Parser::star_expression() {
    if (!at(Op::Star)) return expression();
    SourceLocation start = tok().loc;
    advance();
    auto e = make<Starred>(start);
    e->value = bit_or();
    e->loc = span(start);
    return e;
}

ExprPtr Parser::star_named_expression() {
    if (!at(Op::Star)) return named_expression();
    return star_expression();
}

ExprPtr Parser::star_expressions() {
    SourceLocation start = tok().loc;
    ExprPtr first = star_expression();
    if (!at(Op::Comma)) return first;
    auto t = make<Tuple>(start);
    t->elts.push_back(std::move(first));
    while (accept(Op::Comma)) {
        if (!starts_expression(tok())) break;
        t->elts.push_back(star_expression());
    }
    t->loc = span(start);
    return t;
}

ExprPtr Parser::yield_expr() {
    SourceLocation start = tok().loc;
    advance();
    auto y = make<Yield>(start);
    if (accept(Kw::From)) {
        y->from = true;
        y->value = expression();
    } else if (starts_expression(tok())) {
        y->value = star_expressions();
    }
    y->loc = span(start);
    return y;
}

ExprPtr Parser::disjunction() {
    SourceLocation start = tok().loc;
    ExprPtr first = conjunction();
    if (!at(Kw::Or)) return first;
    auto b = make<BoolOp>(start);
    b->op = BoolOperator::Or;
    b->values.push_back(std::move(first));
    while (accept(Kw::Or)) b->values.push_back(conjunction());
    b->loc = span(start);
    return b;
}

ExprPtr Parser::conjunction() {
    SourceLocation start = tok().loc;
    ExprPtr first = inversion();
    if (!at(Kw::And)) return first;
    auto b = make<BoolOp>(start);
    b->op = BoolOperator::And;
    b->values.push_back(std::move(first));
    while (accept(Kw::And)) b->values.push_back(inversion());
    b->loc = span(start);
    return b;
}

ExprPtr Parser::inversion() {
    if (!at(Kw::Not)) return comparison();
    SourceLocation start = tok().loc;
    Nested nested(*this, 1, 1);
    advance();
    auto u = make<UnaryOp>(start);
    u->op = UnaryOperator::Not;
    u->operand = inversion();
    u->loc = span(start);
    return u;
}

ExprPtr Parser::comparison() {
    SourceLocation start = tok().loc;
    ExprPtr left = bit_or();
    std::unique_ptr<Compare> cmp;
    for (;;) {
        const Token t = tok();
        CompareOperator op;
        size_t width = 1;
        if (t.kind == TokenKind::Op) {
            switch (t.op) {
                case Op::Less: op = CompareOperator::Lt; break;
                case Op::Greater: op = CompareOperator::Gt; break;
                case Op::EqEqual: op = CompareOperator::Eq; break;
                case Op::NotEqual: op = CompareOperator::NotEq; break;
                case Op::LessEqual: op = CompareOperator::LtE; break;
                case Op::GreaterEqual: op = CompareOperator::GtE; break;
                default: width = 0;
            }
        } else if (t.is(Kw::In)) {
            op = CompareOperator::In;
        } else if (t.is(Kw::Not) && peek().is(Kw::In)) {
            op = CompareOperator::NotIn;
            width = 2;
        } else if (t.is(Kw::Is)) {
            op = peek().is(Kw::Not) ? CompareOperator::IsNot : CompareOperator::Is;
            width = op == CompareOperator::IsNot ? 2 : 1;
        } else {
            width = 0;
        }
        if (width == 0) break;
        for (size_t i = 0; i < width; ++i) advance();
        if (!cmp) {
            cmp = make<Compare>(start);
            cmp->left = std::move(left);
        }
        cmp->ops.push_back(op);
        cmp->comparators.push_back(bit_or());
    }
    if (!cmp) return left;
    cmp->loc = span(start);
    return cmp;
}

ExprPtr Parser::binary(int min_precedence) {
    SourceLocation start = tok().loc;
    Height height;
    ExprPtr left = factor();
    int chain = height.value();
    for (;;) {
        BinaryOperator op;
        int prec = binary_precedence(tok(), op);
        if (prec == 0 || prec < min_precedence) break;
        advance();
        auto b = make<BinOp>(start);
        b->op = op;
        b->left = std::move(left);
        Height right;
        b->right = binary(prec + 1);
        chain = 1 + std::max(chain, right.value());
        chain_height(chain);
        b->loc = span(start);
        left = std::move(b);
    }
    return left;
}

ExprPtr Parser::factor() {
    UnaryOperator op;
    if (at(Op::Minus)) {
        op = UnaryOperator::USub;
    } else if (at(Op::Plus)) {
        op = UnaryOperator::UAdd;
    } else if (at(Op::Tilde)) {
        op = UnaryOperator::Invert;
    } else {
        return power();
    }
    SourceLocation start = tok().loc;
    Nested nested(*this, 1, 1);
    advance();
    auto u = make<UnaryOp>(start);
    u->op = op;
    u->operand = factor();
    u->loc = span(start);
    return u;
}

ExprPtr Parser::power() {
    SourceLocation start = tok().loc;
    ExprPtr base;
    if (at(Kw::Await)) {
        advance();
        auto a = make<Await>(start);
        a->value = primary();
        a->loc = span(start);
        base = std::move(a);
    } else {
        base = primary();
    }
    if (!accept(Op::DoubleStar)) return base;
    Nested nested(*this, 1, 1);
    auto b = make<BinOp>(start);
    b->op = BinaryOperator::Pow;
    b->left = std::move(base);
    b->right = factor();
    b->loc = span(start);
    return b;
}

ExprPtr Parser::primary() {
    SourceLocation start = tok().loc;
    Height height;
    ExprPtr e = atom();
    int chain = height.value();
    for (;;) {
        // Each trailer puts what came before one level deeper; the arguments
        // and subscripts hang one level below it.
        if (at(Op::Dot) || at(Op::LPar) || at(Op::LSqb)) chain_height(++chain);
        Height trailer;
        if (at(Op::Dot)) {
            advance();
            if (!tok().is_identifier()) error_expected("an attribute name after '.'");
            auto a = make<Attribute>(start);
            a->value = std::move(e);
            a->attr = std::string(tok().text);
            a->attr_loc = tok().loc;
            advance();
            a->loc = span(start);
            e = std::move(a);
        } else if (at(Op::LPar)) {
            Nested nested(*this, 1, 1);
            SourceLocation lpar = tok().loc;
            advance();
            auto c = make<Call>(start);
            c->func = std::move(e);
            call_arguments(*c, lpar);
            c->loc = span(start);
            e = std::move(c);
        } else if (at(Op::LSqb)) {
            Nested nested(*this, 1, 1);
            advance();
            auto s = make<Subscript>(start);
            s->value = std::move(e);
            s->slice = slices();
            expect(Op::RSqb);
            s->loc = span(start);
            e = std::move(s);
        } else {
            return e;
        }
        chain = std::max(chain, 1 + trailer.value());
    }
}

void Parser::call_arguments(Call& call, const SourceLocation& lpar) {
    bool seen_keyword = false, seen_unpack = false;
    while (!at(Op::RPar)) {
        SourceLocation start = tok().loc;
        if (at(Op::Star)) {
            advance();
            auto s = make<Starred>(start);
            s->value = expression();
            s->loc = span(start);
            if (seen_unpack) error("iterable argument unpacking follows keyword argument unpacking", s->loc);
            if (call.args.empty()) call.args.reserve(4);
            call.args.push_back(std::move(s));
        } else if (at(Op::DoubleStar)) {
            advance();
            Keyword k;
            k.value = expression();
            k.loc = span(start);
            if (call.keywords.empty()) call.keywords.reserve(4);
            call.keywords.push_back(std::move(k));
            seen_unpack = true;
        } else if (tok().is_identifier() && peek().is(Op::Equal)) {
            Keyword k;
            k.name = std::string(tok().text);
            advance();
            advance();
            k.value = expression();
            k.loc = span(start);
            if (call.keywords.empty()) call.keywords.reserve(4);
            call.keywords.push_back(std::move(k));
            seen_keyword = true;
        } else {
            ExprPtr e = named_expression();
            if (at(Op::Equal)) error("expression cannot contain assignment, perhaps you meant \"==\"?", join(e->loc, tok().loc));
            if (at_comprehension()) {
                auto g = make<Comprehension>(lpar);
                g->form = Comprehension::Form::Generator;
                g->element = std::move(e);
                comprehension_clauses(g->generators);
                if (!call.args.empty() || !call.keywords.empty() || !at(Op::RPar))
                    error("Generator expression must be parenthesized", span(start));
                g->loc = join(lpar, tok().loc);
                e = std::move(g);
            }
            if (seen_unpack) error("positional argument follows keyword argument unpacking", e->loc);
            if (seen_keyword) error("positional argument follows keyword argument", e->loc);
            if (call.args.empty()) call.args.reserve(4);
            call.args.push_back(std::move(e));
        }
        if (!accept(Op::Comma)) break;
    }
    expect(Op::RPar);
}

ExprPtr Parser::slices() {
    SourceLocation start = tok().loc;
    ExprPtr first = slice();
    if (!at(Op::Comma)) return first;
    auto t = make<Tuple>(start);
    t->elts.push_back(std::move(first));
    while (accept(Op::Comma)) {
        if (at(Op::RSqb)) break;
        t->elts.push_back(slice());
    }
    t->loc = span(start);
    return t;
}

ExprPtr Parser::slice() {
    SourceLocation start = tok().loc;
    ExprPtr lower;
    if (!at(Op::Colon)) {
        if (at(Op::Star)) return star_expression();
        lower = named_expression();
        if (!at(Op::Colon)) return lower;
    }
    advance();
    auto s = make<Slice>(start);
    s->lower = std::move(lower);
    if (!at(Op::Colon) && !at(Op::Comma) && !at(Op::RSqb)) s->upper = expression();
    if (accept(Op::Colon)) {
        if (!at(Op::Comma) && !at(Op::RSqb)) s->step = expression();
    }
    s->loc = span(start);
    return s;
}

ExprPtr Parser::target_element() {
    if (!at(Op::Star)) return bit_or();
    SourceLocation start = tok().loc;
    advance();
    auto s = make<Starred>(start);
    s->value = bit_or();
    s->loc = span(start);
    return s;
}

ExprPtr Parser::target_list() {
    SourceLocation start = tok().loc;
    ExprPtr first = target_element();
    if (!at(Op::Comma)) return first;
    auto t = make<Tuple>(start);
    t->elts.push_back(std::move(first));
    while (accept(Op::Comma)) {
        if (!tok().is_identifier() && !at(Op::LPar) && !at(Op::LSqb) && !at(Op::Star)) break;
        t->elts.push_back(target_element());
    }
    t->loc = span(start);
    return t;
}

ExprPtr Parser::lambda() {
    Nested nested(*this, 1, 1);
    SourceLocation start = tok().loc;
    advance();
    auto l = make<Lambda>(start);
    l->params = parameters(false, Op::Colon);
    expect(Op::Colon);
    l->body = expression();
    l->loc = span(start);
    return l;
}

std::vector<Parameter> Parser::parameters(bool annotations, Op closer) {
    using Kind = Parameter::Kind;
    std::vector<Parameter> params;
    bool seen_default = false, seen_star = false, seen_slash = false, seen_kwargs = false;
    auto annotation = [&](Parameter& p, bool starred) {
        if (annotations && accept(Op::Colon)) p.annotation = starred ? star_expression() : expression();
    };
    while (!at(closer)) {
        Parameter p;
        SourceLocation start = tok().loc;
        if (seen_kwargs) error("arguments cannot follow var-keyword argument", start);
        if (at(Op::Slash)) {
            if (params.empty()) error("at least one argument must precede /", start);
            if (seen_slash) error("/ may appear only once", start);
            if (seen_star) error("/ must be ahead of *", start);
            advance();
            p.kind = Kind::Separator;
            seen_slash = true;
        } else if (at(Op::Star)) {
            if (seen_star) error("* argument may appear only once", start);
            advance();
            seen_star = true;
            if (at(Op::Comma) || at(closer)) {
                p.kind = Kind::Separator;
                // A bare `*` must be followed by a keyword-only parameter.
                const Token next = at(Op::Comma) ? peek() : tok();
                if (!next.is_identifier()) error("named arguments must follow bare *", start);
            } else {
                p.kind = Kind::VarPositional;
                p.name = expect_identifier("a parameter name");
                annotation(p, true);
            }
        } else if (at(Op::DoubleStar)) {
            advance();
            p.kind = Kind::VarKeyword;
            p.name = expect_identifier("a parameter name");
            annotation(p, false);
            seen_kwargs = true;
        } else {
            p.name = expect_identifier("a parameter name");
            annotation(p, false);
            p.kind = seen_star ? Kind::KeywordOnly : Kind::Positional;
            if (accept(Op::Equal)) {
                p.default_value = expression();
                if (!seen_star) seen_default = true;
            } else if (seen_default && !seen_star) {
                error("non-default argument follows default argument", span(start));
            }
        }
        p.loc = span(start);
        params.push_back(std::move(p));
        if (!accept(Op::Comma)) break;
    }
    return params;
}

}  // namespace orm::python::detail
