// What a statement would do to the schema if it ran: used to pass over
// statements safely, and to refuse the ones that would change the schema in
// a way orm cannot read (loops, conditionals, setattr, ...).
#include <set>

#include "orm/declarative/reader.hpp"

namespace orm::declarative {

using namespace python;
using K = Value::Kind;

namespace {

// Constructors whose call creates or changes schema objects.
const std::set<std::string> kSchemaConstructors = {
    "sqlalchemy:Column", "sqlalchemy:mapped_column", "sqlalchemy:Table", "sqlalchemy:ForeignKey",
    "sqlalchemy:ForeignKeyConstraint", "sqlalchemy:UniqueConstraint", "sqlalchemy:CheckConstraint",
    "sqlalchemy:PrimaryKeyConstraint", "sqlalchemy:Index", "sqlalchemy:relationship", "sqlalchemy:relation",
    "sqlalchemy:declarative_base", "sqlalchemy:MetaData", "sqlalchemy:column_property", "sqlalchemy:deferred",
};

// Visits the direct sub-expressions of an expression.
template <class F> void for_each_child(const Expr& e, F&& f) {
    auto visit = [&](const ExprPtr& p) { if (p) f(*p); };
    switch (e.kind) {
        case ExprKind::Attribute: visit(e.as<Attribute>()->value); break;
        case ExprKind::Call: {
            auto* c = e.as<Call>();
            visit(c->func);
            for (auto& a : c->args) visit(a);
            for (auto& k : c->keywords) visit(k.value);
            break;
        }
        case ExprKind::Subscript: visit(e.as<Subscript>()->value); visit(e.as<Subscript>()->slice); break;
        case ExprKind::Starred: visit(e.as<Starred>()->value); break;
        case ExprKind::List: for (auto& x : e.as<List>()->elts) visit(x); break;
        case ExprKind::Tuple: for (auto& x : e.as<Tuple>()->elts) visit(x); break;
        case ExprKind::Set: for (auto& x : e.as<Set>()->elts) visit(x); break;
        case ExprKind::Dict:
            for (auto& x : e.as<Dict>()->keys) visit(x);
            for (auto& x : e.as<Dict>()->values) visit(x);
            break;
        case ExprKind::Lambda: visit(e.as<Lambda>()->body); break;
        case ExprKind::UnaryOp: visit(e.as<UnaryOp>()->operand); break;
        case ExprKind::BinOp: visit(e.as<BinOp>()->left); visit(e.as<BinOp>()->right); break;
        case ExprKind::BoolOp: for (auto& x : e.as<BoolOp>()->values) visit(x); break;
        case ExprKind::Compare:
            visit(e.as<Compare>()->left);
            for (auto& x : e.as<Compare>()->comparators) visit(x);
            break;
        case ExprKind::IfExp: visit(e.as<IfExp>()->test); visit(e.as<IfExp>()->body); visit(e.as<IfExp>()->orelse); break;
        case ExprKind::Comprehension: {
            auto* c = e.as<Comprehension>();
            visit(c->element);
            visit(c->value);
            for (auto& g : c->generators) {
                visit(g.target);
                visit(g.iter);
                for (auto& i : g.ifs) visit(i);
            }
            break;
        }
        case ExprKind::NamedExpr: visit(e.as<NamedExpr>()->target); visit(e.as<NamedExpr>()->value); break;
        case ExprKind::Await: visit(e.as<Await>()->value); break;
        case ExprKind::Yield: visit(e.as<Yield>()->value); break;
        default: break;
    }
}

}  // namespace

bool is_schema_constructor(const std::string& canon) { return kSchemaConstructors.count(canon) > 0; }

// ------------------------------------------------------------------ touches_schema

bool touches_schema(const Reader& r, const Expr& e) {
    if (auto* c = e.as<Call>()) {
        if (auto dn = dotted_name(*c->func)) {
            std::string head = dn->substr(0, dn->find('.'));
            auto v = lookup(r, head, Scope{});
            if (v && v->is(K::Symbol)) {
                std::string q = v->text + dn->substr(head.size());
                std::string canon = canonical_name(q);
                if (is_schema_constructor(canon) || canon == "builtins.setattr") return true;
            }
            if (dn->find("append_column") != std::string::npos || dn->find("append_constraint") != std::string::npos)
                return true;
        }
    }
    bool found = false;
    for_each_child(e, [&](const Expr& child) { if (!found && touches_schema(r, child)) found = true; });
    return found;
}

namespace {

bool target_is_schema_object(const Reader& r, const Expr& target) {
    const Expr* base = &target;
    bool through_attr = false;
    while (true) {
        if (auto* a = base->as<Attribute>()) { base = a->value.get(); through_attr = true; }
        else if (auto* s = base->as<Subscript>()) { base = s->value.get(); through_attr = true; }
        else break;
    }
    if (!through_attr) return false;
    if (auto* n = base->as<Name>()) {
        auto v = lookup(r, n->id, Scope{});
        return v && (v->is(K::Class) || v->is(K::Table) || v->is(K::MetaData));
    }
    return false;
}

bool body_touches(const Reader& r, const Body& body) {
    for (auto& s : body)
        if (touches_schema(r, *s)) return true;
    return false;
}

}  // namespace

bool touches_schema(const Reader& r, const Stmt& s) {
    switch (s.kind) {
        case StmtKind::ClassDef: return true;
        case StmtKind::FunctionDef: return false;
        case StmtKind::Expr: return touches_schema(r, *s.as<ExprStmt>()->value);
        case StmtKind::Assign: {
            auto* a = s.as<Assign>();
            for (auto& t : a->targets)
                if (target_is_schema_object(r, *t)) return true;
            return touches_schema(r, *a->value);
        }
        case StmtKind::AnnAssign: {
            auto* a = s.as<AnnAssign>();
            return target_is_schema_object(r, *a->target) || (a->value && touches_schema(r, *a->value));
        }
        case StmtKind::AugAssign: {
            auto* a = s.as<AugAssign>();
            return target_is_schema_object(r, *a->target) || touches_schema(r, *a->value);
        }
        case StmtKind::If: {
            auto* i = s.as<If>();
            return body_touches(r, i->body) || body_touches(r, i->orelse);
        }
        case StmtKind::For: {
            auto* f = s.as<For>();
            return touches_schema(r, *f->iter) || body_touches(r, f->body) || body_touches(r, f->orelse);
        }
        case StmtKind::While: return body_touches(r, s.as<While>()->body);
        case StmtKind::With: return body_touches(r, s.as<With>()->body);
        case StmtKind::Try: {
            auto* t = s.as<Try>();
            if (body_touches(r, t->body) || body_touches(r, t->orelse) || body_touches(r, t->finalbody)) return true;
            for (auto& h : t->handlers)
                if (body_touches(r, h.body)) return true;
            return false;
        }
        case StmtKind::Delete: {
            for (auto& t : s.as<Delete>()->targets)
                if (target_is_schema_object(r, *t)) return true;
            return false;
        }
        default: return false;
    }
}

}  // namespace orm::declarative
