#include "python/ast_dump.hpp"

#include <cstdio>
#include <vector>

namespace orm::python::testing {

namespace {

std::string opt(const ExprPtr& e) { return e ? dump(*e) : "None"; }

template <class T>
std::string list(const std::vector<T>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += opt(items[i]);
    }
    return out + "]";
}

std::string body(const Body& b) {
    std::string out = "[";
    for (size_t i = 0; i < b.size(); ++i) {
        if (i) out += ", ";
        out += dump(*b[i]);
    }
    return out + "]";
}

std::string keywords(const std::vector<Keyword>& ks) {
    std::string out = "[";
    for (size_t i = 0; i < ks.size(); ++i) {
        if (i) out += ", ";
        out += ks[i].name ? *ks[i].name + "=" : "**";
        out += dump(*ks[i].value);
    }
    return out + "]";
}

std::string params(const std::vector<Parameter>& ps) {
    std::string out = "[";
    for (size_t i = 0; i < ps.size(); ++i) {
        const Parameter& p = ps[i];
        if (i) out += ", ";
        switch (p.kind) {
            case Parameter::Kind::Separator:
                // A bare `*` is always followed by a keyword-only parameter; `/` never is.
                out += (i + 1 < ps.size() && ps[i + 1].kind == Parameter::Kind::KeywordOnly) ? "*" : "/";
                continue;
            case Parameter::Kind::VarPositional: out += "*"; break;
            case Parameter::Kind::VarKeyword: out += "**"; break;
            default: break;
        }
        out += p.name;
        if (p.annotation) out += ":" + dump(*p.annotation);
        if (p.default_value) out += "=" + dump(*p.default_value);
    }
    return out + "]";
}

const char* binop(BinaryOperator op) {
    switch (op) {
        case BinaryOperator::Add: return "Add";
        case BinaryOperator::Sub: return "Sub";
        case BinaryOperator::Mult: return "Mult";
        case BinaryOperator::MatMult: return "MatMult";
        case BinaryOperator::Div: return "Div";
        case BinaryOperator::FloorDiv: return "FloorDiv";
        case BinaryOperator::Mod: return "Mod";
        case BinaryOperator::Pow: return "Pow";
        case BinaryOperator::LShift: return "LShift";
        case BinaryOperator::RShift: return "RShift";
        case BinaryOperator::BitOr: return "BitOr";
        case BinaryOperator::BitXor: return "BitXor";
        case BinaryOperator::BitAnd: return "BitAnd";
    }
    return "?";
}

const char* cmpop(CompareOperator op) {
    switch (op) {
        case CompareOperator::Eq: return "Eq";
        case CompareOperator::NotEq: return "NotEq";
        case CompareOperator::Lt: return "Lt";
        case CompareOperator::LtE: return "LtE";
        case CompareOperator::Gt: return "Gt";
        case CompareOperator::GtE: return "GtE";
        case CompareOperator::Is: return "Is";
        case CompareOperator::IsNot: return "IsNot";
        case CompareOperator::In: return "In";
        case CompareOperator::NotIn: return "NotIn";
    }
    return "?";
}

std::string generators(const std::vector<ComprehensionFor>& gs) {
    std::string out = "[";
    for (size_t i = 0; i < gs.size(); ++i) {
        if (i) out += ", ";
        out += "comprehension(" + dump(*gs[i].target) + ", " + dump(*gs[i].iter) + ", " + list(gs[i].ifs);
        out += gs[i].is_async ? ", async)" : ")";
    }
    return out + "]";
}

std::string constant(const Constant& c) {
    switch (c.value_kind) {
        case ConstantKind::None: return "None";
        case ConstantKind::True: return "True";
        case ConstantKind::False: return "False";
        case ConstantKind::Ellipsis: return "...";
        case ConstantKind::String: return quote(c.value);
        case ConstantKind::Bytes: return quote(c.value, true);
        default: return c.value;
    }
}

std::string handlers(const std::vector<ExceptHandler>& hs) {
    std::string out = "[";
    for (size_t i = 0; i < hs.size(); ++i) {
        if (i) out += ", ";
        out += "ExceptHandler(" + opt(hs[i].type) + ", " + (hs[i].name ? quote(*hs[i].name) : "None") + ", " +
               body(hs[i].body) + ")";
    }
    return out + "]";
}

std::string aliases(const std::vector<Alias>& as) {
    std::string out = "[";
    for (size_t i = 0; i < as.size(); ++i) {
        if (i) out += ", ";
        out += "alias(" + quote(as[i].name) + (as[i].asname ? ", " + quote(*as[i].asname) : "") + ")";
    }
    return out + "]";
}

std::string names(const std::vector<std::string>& ns) {
    std::string out = "[";
    for (size_t i = 0; i < ns.size(); ++i) out += (i ? ", " : "") + quote(ns[i]);
    return out + "]";
}

}  // namespace

std::string quote(const std::string& s, bool bytes) {
    std::string out = bytes ? "b'" : "'";
    for (unsigned char c : s) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\'': out += "\\'"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "'";
}

std::string dump(const Expr& e) {
    switch (e.kind) {
        case ExprKind::Name: return "Name(" + quote(e.as<Name>()->id) + ")";
        case ExprKind::Constant: return "Constant(" + constant(*e.as<Constant>()) + ")";
        case ExprKind::JoinedStr: return "JoinedStr(" + quote(e.as<JoinedStr>()->raw) + ")";
        case ExprKind::Attribute: {
            auto a = e.as<Attribute>();
            return "Attribute(" + dump(*a->value) + ", " + quote(a->attr) + ")";
        }
        case ExprKind::Call: {
            auto c = e.as<Call>();
            return "Call(" + dump(*c->func) + ", " + list(c->args) + ", " + keywords(c->keywords) + ")";
        }
        case ExprKind::Subscript: {
            auto s = e.as<Subscript>();
            return "Subscript(" + dump(*s->value) + ", " + dump(*s->slice) + ")";
        }
        case ExprKind::Slice: {
            auto s = e.as<Slice>();
            return "Slice(" + opt(s->lower) + ", " + opt(s->upper) + ", " + opt(s->step) + ")";
        }
        case ExprKind::Starred: return "Starred(" + dump(*e.as<Starred>()->value) + ")";
        case ExprKind::List: return "List(" + list(e.as<List>()->elts) + ")";
        case ExprKind::Tuple: return "Tuple(" + list(e.as<Tuple>()->elts) + ")";
        case ExprKind::Set: return "Set(" + list(e.as<Set>()->elts) + ")";
        case ExprKind::Dict: {
            auto d = e.as<Dict>();
            return "Dict(" + list(d->keys) + ", " + list(d->values) + ")";
        }
        case ExprKind::Lambda: {
            auto l = e.as<Lambda>();
            return "Lambda(" + params(l->params) + ", " + dump(*l->body) + ")";
        }
        case ExprKind::UnaryOp: {
            auto u = e.as<UnaryOp>();
            const char* op = u->op == UnaryOperator::Not ? "Not" : u->op == UnaryOperator::USub ? "USub"
                           : u->op == UnaryOperator::UAdd ? "UAdd" : "Invert";
            return std::string("UnaryOp(") + op + ", " + dump(*u->operand) + ")";
        }
        case ExprKind::BinOp: {
            auto b = e.as<BinOp>();
            return "BinOp(" + dump(*b->left) + ", " + binop(b->op) + ", " + dump(*b->right) + ")";
        }
        case ExprKind::BoolOp: {
            auto b = e.as<BoolOp>();
            return std::string("BoolOp(") + (b->op == BoolOperator::And ? "And" : "Or") + ", " + list(b->values) + ")";
        }
        case ExprKind::Compare: {
            auto c = e.as<Compare>();
            std::string ops = "[";
            for (size_t i = 0; i < c->ops.size(); ++i) ops += std::string(i ? ", " : "") + cmpop(c->ops[i]);
            return "Compare(" + dump(*c->left) + ", " + ops + "], " + list(c->comparators) + ")";
        }
        case ExprKind::IfExp: {
            auto i = e.as<IfExp>();
            return "IfExp(" + dump(*i->test) + ", " + dump(*i->body) + ", " + dump(*i->orelse) + ")";
        }
        case ExprKind::Comprehension: {
            auto c = e.as<Comprehension>();
            switch (c->form) {
                case Comprehension::Form::List: return "ListComp(" + dump(*c->element) + ", " + generators(c->generators) + ")";
                case Comprehension::Form::Set: return "SetComp(" + dump(*c->element) + ", " + generators(c->generators) + ")";
                case Comprehension::Form::Generator:
                    return "GeneratorExp(" + dump(*c->element) + ", " + generators(c->generators) + ")";
                case Comprehension::Form::Dict:
                    return "DictComp(" + dump(*c->element) + ", " + dump(*c->value) + ", " + generators(c->generators) + ")";
            }
            return "?";
        }
        case ExprKind::NamedExpr: {
            auto n = e.as<NamedExpr>();
            return "NamedExpr(" + dump(*n->target) + ", " + dump(*n->value) + ")";
        }
        case ExprKind::Await: return "Await(" + dump(*e.as<Await>()->value) + ")";
        case ExprKind::Yield: {
            auto y = e.as<Yield>();
            return std::string(y->from ? "YieldFrom(" : "Yield(") + opt(y->value) + ")";
        }
    }
    return "?";
}

std::string dump(const Stmt& s) {
    switch (s.kind) {
        case StmtKind::Expr: return "Expr(" + dump(*s.as<ExprStmt>()->value) + ")";
        case StmtKind::Assign: {
            auto a = s.as<Assign>();
            return "Assign(" + list(a->targets) + ", " + dump(*a->value) + ")";
        }
        case StmtKind::AnnAssign: {
            auto a = s.as<AnnAssign>();
            return "AnnAssign(" + dump(*a->target) + ", " + dump(*a->annotation) + ", " + opt(a->value) + ")";
        }
        case StmtKind::AugAssign: {
            auto a = s.as<AugAssign>();
            return "AugAssign(" + dump(*a->target) + ", " + binop(a->op) + ", " + dump(*a->value) + ")";
        }
        case StmtKind::Import: return "Import(" + aliases(s.as<Import>()->names) + ")";
        case StmtKind::ImportFrom: {
            auto i = s.as<ImportFrom>();
            return "ImportFrom(" + quote(i->module) + ", " + aliases(i->names) + ", " + std::to_string(i->level) + ")";
        }
        case StmtKind::ClassDef: {
            auto c = s.as<ClassDef>();
            return "ClassDef(" + quote(c->name) + ", " + list(c->bases) + ", " + keywords(c->keywords) + ", " +
                   body(c->body) + ", " + list(c->decorators) + ")";
        }
        case StmtKind::FunctionDef: {
            auto f = s.as<FunctionDef>();
            return std::string(f->is_async ? "AsyncFunctionDef(" : "FunctionDef(") + quote(f->name) + ", " +
                   params(f->params) + ", " + body(f->body) + ", " + list(f->decorators) + ", " + opt(f->returns) + ")";
        }
        case StmtKind::If: {
            auto i = s.as<If>();
            return "If(" + dump(*i->test) + ", " + body(i->body) + ", " + body(i->orelse) + ")";
        }
        case StmtKind::For: {
            auto f = s.as<For>();
            return std::string(f->is_async ? "AsyncFor(" : "For(") + dump(*f->target) + ", " + dump(*f->iter) + ", " +
                   body(f->body) + ", " + body(f->orelse) + ")";
        }
        case StmtKind::While: {
            auto w = s.as<While>();
            return "While(" + dump(*w->test) + ", " + body(w->body) + ", " + body(w->orelse) + ")";
        }
        case StmtKind::With: {
            auto w = s.as<With>();
            std::string items = "[";
            for (size_t i = 0; i < w->items.size(); ++i) {
                if (i) items += ", ";
                items += "withitem(" + dump(*w->items[i].context_expr) + ", " + opt(w->items[i].optional_vars) + ")";
            }
            return std::string(w->is_async ? "AsyncWith(" : "With(") + items + "], " + body(w->body) + ")";
        }
        case StmtKind::Try: {
            auto t = s.as<Try>();
            return "Try(" + body(t->body) + ", " + handlers(t->handlers) + ", " + body(t->orelse) + ", " +
                   body(t->finalbody) + ")";
        }
        case StmtKind::Return: return "Return(" + opt(s.as<Return>()->value) + ")";
        case StmtKind::Raise: {
            auto r = s.as<Raise>();
            return "Raise(" + opt(r->exc) + ", " + opt(r->cause) + ")";
        }
        case StmtKind::Pass: return "Pass";
        case StmtKind::Break: return "Break";
        case StmtKind::Continue: return "Continue";
        case StmtKind::Global: return "Global(" + names(s.as<Global>()->names) + ")";
        case StmtKind::Nonlocal: return "Nonlocal(" + names(s.as<Nonlocal>()->names) + ")";
        case StmtKind::Delete: return "Delete(" + list(s.as<Delete>()->targets) + ")";
        case StmtKind::Assert: {
            auto a = s.as<Assert>();
            return "Assert(" + dump(*a->test) + ", " + opt(a->msg) + ")";
        }
        case StmtKind::Match: return "Match(" + dump(*s.as<Match>()->subject) + ")";
    }
    return "?";
}

std::string dump(const Module& m) { return "Module(" + body(m.body) + ")"; }

std::string dump_tokens(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& t : tokens) {
        if (!out.empty()) out += ", ";
        out += token_kind_name(t.kind);
        switch (t.kind) {
            case TokenKind::Newline: case TokenKind::NL: case TokenKind::Indent: case TokenKind::Dedent:
            case TokenKind::EndMarker:
                break;
            default: out += " " + std::string(t.text);
        }
    }
    return out;
}

}  // namespace orm::python::testing
