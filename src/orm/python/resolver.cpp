// The resolver (see resolver.hpp). Two passes per module: the first walks
// the tree and records, per scope, the names it binds, the Name nodes it
// holds, its global/nonlocal declarations and its inner scopes; the second
// goes top-down with the enclosing functions' locals in view and decides
// each Name's NameScope, marking captured locals as cells and threading
// free variables through every scope between a use and its binding.
#include "orm/python/resolver.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "orm/core/error.hpp"

namespace orm::python {

bool ScopeInfo::declared_global(const std::string& n) const {
    return std::find(globals.begin(), globals.end(), n) != globals.end();
}

namespace {

// Python's private name mangling: `__x` written in a class body (or in a
// function or class nested in it) is `_Class__x`, the class name's leading
// underscores dropped; dunder names and names in a class of underscores only stay.
std::string mangled(const std::string& name, const std::string& cls) {
    if (cls.empty() || name.size() < 3 || name.compare(0, 2, "__") != 0) return name;
    if (name.size() >= 4 && name.compare(name.size() - 2, 2, "__") == 0) return name;
    return "_" + cls + name;
}

// Renames an identifier of the tree in place (the resolver's pass is the one
// place that knows the enclosing class; the nodes were made by the parser).
void mangle(const std::string& name, const std::string& cls) {
    std::string m = mangled(name, cls);
    if (m != name) const_cast<std::string&>(name) = m;
}

struct Build {
    std::shared_ptr<ScopeInfo> info;
    Build* parent = nullptr;
    std::vector<std::string> params;
    std::vector<std::string> bound_order;
    std::unordered_set<std::string> bound;
    std::unordered_set<std::string> globals, nonlocals;
    std::vector<const Name*> refs;
    std::vector<Build*> children;
    SourceLocation loc;
    std::shared_ptr<const SourceFile> source;
    // The class whose private names (__x) this scope's code mangles to _Class__x ("" = none).
    std::string mangle_class;

    bool function_like() const {
        return info->kind == ScopeInfo::Kind::Function || info->kind == ScopeInfo::Kind::Comprehension;
    }
    void bind(const std::string& n) {
        if (bound.insert(n).second) bound_order.push_back(n);
    }
};

class Resolver {
public:
    explicit Resolver(std::shared_ptr<const SourceFile> source) : source_(std::move(source)) {}

    void run(const Module& m) {
        Build* top = make(ScopeInfo::Kind::Module, "<module>", nullptr, {});
        m.scope = top->info;
        for (auto& s : m.body) stmt(*s, *top);
        resolve(*top, {});
    }

private:
    std::shared_ptr<const SourceFile> source_;
    std::vector<std::unique_ptr<Build>> scopes_;
    using Env = std::map<std::string, Build*>;

    [[noreturn]] void fail(const std::string& message, const SourceLocation& loc) const {
        throw InputError(message, source_, loc);
    }

    Build* make(ScopeInfo::Kind kind, std::string name, Build* parent, SourceLocation loc) {
        auto b = std::make_unique<Build>();
        b->info = std::make_shared<ScopeInfo>();
        b->info->kind = kind;
        b->info->name = std::move(name);
        b->parent = parent;
        b->loc = loc;
        if (parent) b->mangle_class = parent->mangle_class;
        if (parent) parent->children.push_back(b.get());
        scopes_.push_back(std::move(b));
        return scopes_.back().get();
    }

    // ------------------------------------------------------------ pass 1

    void body(const Body& b, Build& s) {
        for (auto& st : b) stmt(*st, s);
    }

    void params(const std::vector<Parameter>& ps, Build& outer, Build& fn, bool annotations) {
        for (auto& p : ps) {
            if (p.default_value) expr(*p.default_value, outer);
            if (annotations && p.annotation) expr(*p.annotation, outer);
            if (p.kind == Parameter::Kind::Separator || p.name.empty()) continue;
            mangle(p.name, fn.mangle_class);
            fn.params.push_back(p.name);
            fn.bind(p.name);
        }
    }

    void stmt(const Stmt& st, Build& s) {
        switch (st.kind) {
            case StmtKind::Expr: expr(*st.as<ExprStmt>()->value, s); break;
            case StmtKind::Assign: {
                auto* a = st.as<Assign>();
                expr(*a->value, s);
                for (auto& t : a->targets) target(*t, s);
                break;
            }
            case StmtKind::AnnAssign: {
                auto* a = st.as<AnnAssign>();
                if (!s.function_like()) expr(*a->annotation, s);
                if (a->value) expr(*a->value, s);
                if (a->value || a->target->as<Name>()) target(*a->target, s);
                break;
            }
            case StmtKind::AugAssign: {
                auto* a = st.as<AugAssign>();
                expr(*a->value, s);
                target(*a->target, s);
                break;
            }
            case StmtKind::Import:
                for (auto& al : st.as<Import>()->names)
                    s.bind(al.asname ? *al.asname : al.name.substr(0, al.name.find('.')));
                break;
            case StmtKind::ImportFrom: import_from(*st.as<ImportFrom>(), s); break;
            case StmtKind::ClassDef: class_def(*st.as<ClassDef>(), s); break;
            case StmtKind::FunctionDef: function_def(*st.as<FunctionDef>(), s); break;
            case StmtKind::If: {
                auto* i = st.as<If>();
                expr(*i->test, s);
                body(i->body, s);
                body(i->orelse, s);
                break;
            }
            case StmtKind::For: {
                auto* f = st.as<For>();
                expr(*f->iter, s);
                target(*f->target, s);
                body(f->body, s);
                body(f->orelse, s);
                break;
            }
            case StmtKind::While: {
                auto* w = st.as<While>();
                expr(*w->test, s);
                body(w->body, s);
                body(w->orelse, s);
                break;
            }
            case StmtKind::With: {
                auto* w = st.as<With>();
                for (auto& item : w->items) {
                    expr(*item.context_expr, s);
                    if (item.optional_vars) target(*item.optional_vars, s);
                }
                body(w->body, s);
                break;
            }
            case StmtKind::Try: try_block(*st.as<Try>(), s); break;
            case StmtKind::Return: {
                auto* r = st.as<Return>();
                if (!s.function_like()) fail("'return' outside function", st.loc);
                if (r->value) expr(*r->value, s);
                break;
            }
            case StmtKind::Raise: {
                auto* r = st.as<Raise>();
                if (r->exc) expr(*r->exc, s);
                if (r->cause) expr(*r->cause, s);
                break;
            }
            case StmtKind::Global: global_declaration(*st.as<Global>(), s, st.loc); break;
            case StmtKind::Nonlocal:
                if (s.info->kind == ScopeInfo::Kind::Module) fail("nonlocal declaration not allowed at module level", st.loc);
                for (auto& n : st.as<Nonlocal>()->names) s.nonlocals.insert(n);
                break;
            case StmtKind::Delete:
                for (auto& t : st.as<Delete>()->targets) target(*t, s);
                break;
            case StmtKind::Assert: {
                auto* a = st.as<Assert>();
                expr(*a->test, s);
                if (a->msg) expr(*a->msg, s);
                break;
            }
            case StmtKind::Match:
                expr(*st.as<Match>()->subject, s);
                break;
            case StmtKind::Pass: case StmtKind::Break: case StmtKind::Continue:
                break;
        }
    }

    // The statements that open a scope (class, def), bind names in ways of
    // their own (from-import, except ... as) or declare them (global), each
    // kept out of stmt's dispatch.
    void import_from(const ImportFrom& i, Build& s) {
        for (auto& al : i.names) {
            if (al.name == "*") {
                if (s.info->kind != ScopeInfo::Kind::Module)
                    fail("import * only allowed at module level", al.loc);
                continue;
            }
            s.bind(al.asname ? *al.asname : al.name);
        }
    }

    void class_def(const ClassDef& c, Build& s) {
        for (auto& d : c.decorators) expr(*d, s);
        for (auto& b : c.bases) expr(*b, s);
        for (auto& k : c.keywords) expr(*k.value, s);
        mangle(c.name, s.mangle_class);
        s.bind(c.name);
        Build* cls = make(ScopeInfo::Kind::Class, c.name, &s, c.loc);
        cls->mangle_class = c.name.substr(std::min(c.name.find_first_not_of('_'), c.name.size()));
        c.scope = cls->info;
        body(c.body, *cls);
    }

    void function_def(const FunctionDef& f, Build& s) {
        for (auto& d : f.decorators) expr(*d, s);
        if (f.returns) expr(*f.returns, s);
        mangle(f.name, s.mangle_class);
        s.bind(f.name);
        Build* fn = make(ScopeInfo::Kind::Function, f.name, &s, f.loc);
        f.scope = fn->info;
        params(f.params, s, *fn, true);
        body(f.body, *fn);
    }

    void try_block(const Try& t, Build& s) {
        body(t.body, s);
        for (auto& h : t.handlers) {
            if (h.type) expr(*h.type, s);
            if (h.name) s.bind(*h.name);
            body(h.body, s);
        }
        body(t.orelse, s);
        body(t.finalbody, s);
    }

    void global_declaration(const Global& g, Build& s, SourceLocation loc) {
        for (auto& n : g.names) {
            if (s.bound.count(n) && s.function_like())
                fail("name '" + n + "' is assigned to before global declaration", loc);
            s.globals.insert(n);
            if (s.function_like()) s.info->globals.push_back(n);
        }
    }

    void target(const Expr& e, Build& s) {
        switch (e.kind) {
            case ExprKind::Name: {
                auto* n = e.as<Name>();
                mangle(n->id, s.mangle_class);
                s.bind(n->id);
                s.refs.push_back(n);
                break;
            }
            case ExprKind::Tuple:
                for (auto& x : e.as<Tuple>()->elts) target(*x, s);
                break;
            case ExprKind::List:
                for (auto& x : e.as<List>()->elts) target(*x, s);
                break;
            case ExprKind::Starred: target(*e.as<Starred>()->value, s); break;
            default: expr(e, s); break;  // attribute and subscript targets read their object
        }
    }

    Build* walrus_scope(Build& s) {
        Build* b = &s;
        while (b->info->kind == ScopeInfo::Kind::Comprehension && b->parent) b = b->parent;
        return b;
    }

    void fstring_parts(const std::vector<FStringPart>& parts, Build& s) {
        for (auto& p : parts) {
            if (p.value) expr(*p.value, s);
            fstring_parts(p.format_spec, s);
        }
    }

    void expr(const Expr& e, Build& s) {
        switch (e.kind) {
            case ExprKind::Name:
                mangle(e.as<Name>()->id, s.mangle_class);
                s.refs.push_back(e.as<Name>());
                break;
            case ExprKind::Constant: break;
            case ExprKind::JoinedStr: fstring_parts(e.as<JoinedStr>()->parts, s); break;
            case ExprKind::Attribute:
                mangle(e.as<Attribute>()->attr, s.mangle_class);
                expr(*e.as<Attribute>()->value, s);
                break;
            case ExprKind::Call: {
                auto* c = e.as<Call>();
                expr(*c->func, s);
                for (auto& a : c->args) expr(*a, s);
                for (auto& k : c->keywords) {
                    if (k.name) mangle(*k.name, s.mangle_class);
                    expr(*k.value, s);
                }
                break;
            }
            case ExprKind::Subscript: {
                auto* x = e.as<Subscript>();
                expr(*x->value, s);
                expr(*x->slice, s);
                break;
            }
            case ExprKind::Slice: {
                auto* x = e.as<Slice>();
                if (x->lower) expr(*x->lower, s);
                if (x->upper) expr(*x->upper, s);
                if (x->step) expr(*x->step, s);
                break;
            }
            case ExprKind::Starred: expr(*e.as<Starred>()->value, s); break;
            case ExprKind::List: for (auto& x : e.as<List>()->elts) expr(*x, s); break;
            case ExprKind::Tuple: for (auto& x : e.as<Tuple>()->elts) expr(*x, s); break;
            case ExprKind::Set: for (auto& x : e.as<Set>()->elts) expr(*x, s); break;
            case ExprKind::Dict: {
                auto* d = e.as<Dict>();
                for (size_t i = 0; i < d->keys.size(); ++i) {
                    if (d->keys[i]) expr(*d->keys[i], s);
                    expr(*d->values[i], s);
                }
                break;
            }
            case ExprKind::Lambda: {
                auto* l = e.as<Lambda>();
                Build* fn = make(ScopeInfo::Kind::Function, "<lambda>", &s, e.loc);
                l->scope = fn->info;
                params(l->params, s, *fn, false);
                expr(*l->body, *fn);
                break;
            }
            case ExprKind::UnaryOp: expr(*e.as<UnaryOp>()->operand, s); break;
            case ExprKind::BinOp: {
                auto* b = e.as<BinOp>();
                expr(*b->left, s);
                expr(*b->right, s);
                break;
            }
            case ExprKind::BoolOp: for (auto& x : e.as<BoolOp>()->values) expr(*x, s); break;
            case ExprKind::Compare: {
                auto* c = e.as<Compare>();
                expr(*c->left, s);
                for (auto& x : c->comparators) expr(*x, s);
                break;
            }
            case ExprKind::IfExp: {
                auto* i = e.as<IfExp>();
                expr(*i->test, s);
                expr(*i->body, s);
                expr(*i->orelse, s);
                break;
            }
            case ExprKind::Comprehension: {
                auto* c = e.as<Comprehension>();
                // The first iterable is evaluated where the comprehension stands.
                expr(*c->generators.front().iter, s);
                static const char* names[] = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"};
                Build* comp = make(ScopeInfo::Kind::Comprehension, names[static_cast<int>(c->form)], &s, e.loc);
                c->scope = comp->info;
                for (size_t i = 0; i < c->generators.size(); ++i) {
                    auto& g = c->generators[i];
                    if (i > 0) expr(*g.iter, *comp);
                    target(*g.target, *comp);
                    for (auto& cond : g.ifs) expr(*cond, *comp);
                }
                expr(*c->element, *comp);
                if (c->value) expr(*c->value, *comp);
                break;
            }
            case ExprKind::NamedExpr: {
                auto* n = e.as<NamedExpr>();
                expr(*n->value, s);
                Build* owner = walrus_scope(s);
                if (auto* name = n->target->as<Name>()) {
                    owner->bind(name->id);
                    s.refs.push_back(name);
                    // The comprehension writes the enclosing binding.
                    if (owner != &s && owner->info->kind == ScopeInfo::Kind::Module) s.globals.insert(name->id);
                    else if (owner != &s) s.nonlocals.insert(name->id);
                }
                break;
            }
            case ExprKind::Await: expr(*e.as<Await>()->value, s); break;
            case ExprKind::Yield: {
                auto* y = e.as<Yield>();
                if (!s.function_like()) fail("'yield' outside function", e.loc);
                s.info->is_generator = true;
                if (y->value) expr(*y->value, s);
                break;
            }
        }
    }

    // ------------------------------------------------------------ pass 2

    // Makes `n` a free variable of `s`, whose binding is a local of `owner`;
    // every scope between them carries it too. Returns its closure index.
    int ensure_free(Build& s, const std::string& n, Build* owner) {
        if (int i = s.info->free_index(n); i >= 0) return i;
        ScopeInfo::Free f;
        f.name = n;
        Build* p = s.parent;
        if (p == owner) {
            f.from_cell_slot = owner->info->slot(n);
            owner->info->slot_is_cell[static_cast<size_t>(f.from_cell_slot)] = true;
        } else {
            f.from_free = ensure_free(*p, n, owner);
        }
        s.info->free.push_back(f);
        int index = static_cast<int>(s.info->free.size()) - 1;
        s.info->free_of[n] = index;
        return index;
    }

    void resolve(Build& s, const Env& env) {
        ScopeInfo& info = *s.info;
        Env child_env = env;
        if (s.function_like()) {
            for (auto& n : s.nonlocals)
                if (!env.count(n)) fail("no binding for nonlocal '" + n + "' found", s.loc);
            auto add_slot = [&](const std::string& n) {
                if (info.slot_of.count(n) || s.globals.count(n) || s.nonlocals.count(n)) return;
                info.slot_of[n] = static_cast<int>(info.slots.size());
                info.slots.push_back(n);
                info.slot_is_cell.push_back(false);
            };
            for (auto& p : s.params) add_slot(p);
            for (auto& n : s.bound_order) add_slot(n);
            for (auto& n : info.slots) child_env[n] = &s;
            for (auto& n : s.globals) child_env.erase(n);
        }
        for (Build* c : s.children) resolve(*c, child_env);
        for (const Name* n : s.refs) bind_ref(s, *n, env);
    }

    void bind_ref(Build& s, const Name& n, const Env& env) {
        ScopeInfo& info = *s.info;
        const std::string& id = n.id;
        switch (info.kind) {
            case ScopeInfo::Kind::Module:
                n.scope = NameScope::Global;
                return;
            case ScopeInfo::Kind::Class: {
                if (s.globals.count(id)) { n.scope = NameScope::Global; return; }
                auto it = env.find(id);
                if (!s.bound.count(id) && it != env.end()) {
                    n.scope = NameScope::ClassFree;
                    n.index = ensure_free(s, id, it->second);
                    return;
                }
                n.scope = NameScope::ClassLocal;
                return;
            }
            case ScopeInfo::Kind::Function: case ScopeInfo::Kind::Comprehension: {
                if (s.globals.count(id)) { n.scope = NameScope::Global; return; }
                if (int slot = info.slot(id); slot >= 0) {
                    n.scope = info.slot_is_cell[static_cast<size_t>(slot)] ? NameScope::Cell : NameScope::Local;
                    n.index = slot;
                    return;
                }
                auto it = env.find(id);
                if (it != env.end()) {
                    n.scope = NameScope::Free;
                    n.index = ensure_free(s, id, it->second);
                    return;
                }
                n.scope = NameScope::Global;
                return;
            }
        }
    }
};

}  // namespace

void resolve_module(const Module& module) {
    if (module.scope) return;
    Resolver(module.source).run(module);
}

}  // namespace orm::python
