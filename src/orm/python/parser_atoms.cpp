// Atoms (the grammar is at the top of parser_expr.cpp): names and constants,
// numbers, adjacent string literals (f-strings parsed into their parts),
// parenthesised forms, tuples, list, dict and set displays, and the
// comprehensions over them.
#include "orm/python/fstring.hpp"
#include "orm/python/parser_impl.hpp"

namespace orm::python::detail {

ExprPtr Parser::atom() {
    const Token t = tok();
    switch (t.kind) {
        case TokenKind::Name: {
            ConstantKind kind;
            switch (t.keyword) {
                case Kw::None: {
                    auto n = make<Name>(t.loc);
                    n->id = std::string(t.text);
                    advance();
                    return n;
                }
                case Kw::None_: kind = ConstantKind::None; break;
                case Kw::True_: kind = ConstantKind::True; break;
                case Kw::False_: kind = ConstantKind::False; break;
                default: error_expected("an expression");
            }
            auto c = make<Constant>(t.loc);
            c->value_kind = kind;
            c->value = std::string(t.text);
            advance();
            return c;
        }
        case TokenKind::Number: return number();
        case TokenKind::String: return strings();
        case TokenKind::Op:
            switch (t.op) {
                case Op::LPar: return paren_atom();
                case Op::LSqb: return list_atom();
                case Op::LBrace: return brace_atom();
                case Op::Ellipsis: {
                    auto c = make<Constant>(t.loc);
                    c->value_kind = ConstantKind::Ellipsis;
                    c->value = "...";
                    advance();
                    return c;
                }
                default: break;
            }
            break;
        default: break;
    }
    error_expected("an expression");
}

ExprPtr Parser::number() {
    const Token t = tok();
    auto c = make<Constant>(t.loc);
    c->value.reserve(t.text.size());
    for (char ch : t.text) {
        if (ch != '_') c->value += ch;
    }
    const std::string& v = c->value;
    char last = static_cast<char>(v.back() | 0x20);
    bool prefixed = v.size() > 1 && v[0] == '0' && ((v[1] | 0x20) == 'x' || (v[1] | 0x20) == 'o' || (v[1] | 0x20) == 'b');
    if (prefixed) {
        c->value_kind = ConstantKind::Int;
    } else if (last == 'j') {
        c->value_kind = ConstantKind::Imaginary;
    } else if (v.find_first_of(".eE") != std::string::npos) {
        c->value_kind = ConstantKind::Float;
    } else {
        c->value_kind = ConstantKind::Int;
    }
    advance();
    return c;
}

ExprPtr Parser::strings() {
    SourceLocation start = tok().loc;
    std::string value, fraw;
    std::vector<FStringPart> parts;
    bool any_bytes = false, any_text = false, any_f = false;
    while (at(TokenKind::String)) {
        StringLiteral lit = decode_string(tok(), source_);
        if ((lit.is_bytes && any_text) || (!lit.is_bytes && any_bytes))
            error("cannot mix bytes and nonbytes literals", tok().loc);
        (lit.is_bytes ? any_bytes : any_text) = true;
        if (lit.is_fstring && !any_f) {
            // From here on the whole literal is an f-string: plain parts so far
            // become f-string text, with their braces escaped.
            any_f = true;
            append_fstring_literal(parts, value);
            for (char ch : value) {
                fraw += ch;
                if (ch == '{' || ch == '}') fraw += ch;
            }
        }
        if (lit.is_fstring) {
            fraw += lit.value;
            parse_fstring(tok(), source_, parts);
        } else if (any_f) {
            append_fstring_literal(parts, lit.value);
            for (char ch : lit.value) {
                fraw += ch;
                if (ch == '{' || ch == '}') fraw += ch;
            }
        } else if (value.empty()) {
            value = std::move(lit.value);  // the common single literal: no copy
        } else {
            value += lit.value;
        }
        advance();
    }
    if (any_f) {
        auto j = make<JoinedStr>(span(start));
        j->raw = std::move(fraw);
        j->parts = std::move(parts);
        return j;
    }
    auto c = make<Constant>(span(start));
    c->value_kind = any_bytes ? ConstantKind::Bytes : ConstantKind::String;
    c->value = std::move(value);
    return c;
}

// Each bracket is one level of nesting (as CPython counts its 200).
ExprPtr Parser::paren_atom() {
    Nested nested(*this, 1, 1);
    SourceLocation start = tok().loc;
    advance();
    if (accept(Op::RPar)) {
        auto t = make<Tuple>(span(start));
        t->parenthesized = true;
        return t;
    }
    if (at(Kw::Yield)) {
        ExprPtr y = yield_expr();
        expect(Op::RPar);
        return y;
    }
    ExprPtr first = star_named_expression();
    if (at_comprehension()) {
        auto g = make<Comprehension>(start);
        g->form = Comprehension::Form::Generator;
        g->element = std::move(first);
        comprehension_clauses(g->generators);
        expect(Op::RPar);
        g->loc = span(start);
        return g;
    }
    if (at(Op::Comma)) {
        auto t = make<Tuple>(start);
        t->parenthesized = true;
        t->elts.push_back(std::move(first));
        while (accept(Op::Comma)) {
            if (at(Op::RPar)) break;
            t->elts.push_back(star_named_expression());
        }
        expect(Op::RPar);
        t->loc = span(start);
        return t;
    }
    expect(Op::RPar);
    if (first->kind == ExprKind::Starred) error("cannot use starred expression here", first->loc);
    return first;
}

ExprPtr Parser::list_atom() {
    Nested nested(*this, 1, 1);
    SourceLocation start = tok().loc;
    advance();
    if (accept(Op::RSqb)) return make<List>(span(start));
    ExprPtr first = star_named_expression();
    if (at_comprehension()) {
        auto c = make<Comprehension>(start);
        c->form = Comprehension::Form::List;
        c->element = std::move(first);
        comprehension_clauses(c->generators);
        expect(Op::RSqb);
        c->loc = span(start);
        return c;
    }
    auto l = make<List>(start);
    l->elts.push_back(std::move(first));
    while (accept(Op::Comma)) {
        if (at(Op::RSqb)) break;
        l->elts.push_back(star_named_expression());
    }
    expect(Op::RSqb);
    l->loc = span(start);
    return l;
}

ExprPtr Parser::brace_atom() {
    Nested nested(*this, 1, 1);
    SourceLocation start = tok().loc;
    advance();
    if (accept(Op::RBrace)) return make<Dict>(span(start));
    auto d = make<Dict>(start);
    auto dict_entry = [&]() {
        if (accept(Op::DoubleStar)) {
            d->keys.push_back(nullptr);
            d->values.push_back(bit_or());
        } else {
            d->keys.push_back(expression());
            expect(Op::Colon);
            d->values.push_back(expression());
        }
    };
    if (at(Op::DoubleStar)) {
        dict_entry();
    } else {
        ExprPtr first = star_named_expression();
        if (accept(Op::Colon)) {
            if (first->kind == ExprKind::Starred) error("cannot use a starred expression in a dictionary key", first->loc);
            ExprPtr value = expression();
            if (at_comprehension()) {
                auto c = make<Comprehension>(start);
                c->form = Comprehension::Form::Dict;
                c->element = std::move(first);
                c->value = std::move(value);
                comprehension_clauses(c->generators);
                expect(Op::RBrace);
                c->loc = span(start);
                return c;
            }
            d->keys.push_back(std::move(first));
            d->values.push_back(std::move(value));
        } else {
            if (at_comprehension()) {
                auto c = make<Comprehension>(start);
                c->form = Comprehension::Form::Set;
                c->element = std::move(first);
                comprehension_clauses(c->generators);
                expect(Op::RBrace);
                c->loc = span(start);
                return c;
            }
            auto s = make<Set>(start);
            s->elts.push_back(std::move(first));
            while (accept(Op::Comma)) {
                if (at(Op::RBrace)) break;
                s->elts.push_back(star_named_expression());
            }
            expect(Op::RBrace);
            s->loc = span(start);
            return s;
        }
    }
    while (accept(Op::Comma)) {
        if (at(Op::RBrace)) break;
        dict_entry();
    }
    expect(Op::RBrace);
    d->loc = span(start);
    return d;
}

void Parser::comprehension_clauses(std::vector<ComprehensionFor>& out) {
    while (at_comprehension()) {
        ComprehensionFor f;
        f.is_async = accept(Kw::Async);
        advance();  // 'for'
        f.target = target_list();
        check_target(*f.target, false);
        expect(Kw::In);
        f.iter = disjunction();
        while (accept(Kw::If)) f.ifs.push_back(disjunction());
        out.push_back(std::move(f));
    }
}

}  // namespace orm::python::detail
