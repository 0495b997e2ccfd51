// The statement evaluator: assignment, control flow (if/for/while with
// break/continue/else, return), def and class statements (decorators,
// class bodies run in their own namespace, native class hooks), imports,
// try/except/finally, with, raise, assert, del; and running a module file.
#include <algorithm>

#include "orm/python/exec.hpp"
#include "orm/python/parser.hpp"

namespace orm::python::detail {

namespace {

Flow exec_stmt(Interpreter& in, const Stmt& s, Frame& f);

// `x += y`: lists, dicts and sets change in place, as their __iadd__/__ior__ do.
Value augmented(Interpreter& in, BinaryOperator op, const Value& left, const Value& right, SourceLocation loc) {
    if (auto* l = left.as<ListObject>()) {
        if (op == BinaryOperator::Add) {
            std::vector<Value> add = in.to_vector(right, loc);
            l->items.insert(l->items.end(), add.begin(), add.end());
            return left;
        }
    }
    if (auto* d = left.as<DictObject>(); d && op == BinaryOperator::BitOr && right.is(ObjKind::Dict)) {
        right.as<DictObject>()->for_each([&](const Value& k, const Value& v) { d->set(in, k, v); });
        return left;
    }
    if (auto* inst = left.as<InstanceObject>()) {
        static const char* names[] = {"__iadd__", "__isub__", "__imul__", "__imatmul__", "__itruediv__", "__ifloordiv__",
                                      "__imod__", "__ipow__", "__ilshift__", "__irshift__", "__ior__", "__ixor__", "__iand__"};
        if (const Value* m = inst->cls->lookup(names[static_cast<int>(op)])) {
            Value r = in.call(in.bind_attribute(*m, left, *inst->cls, loc), {right}, loc);
            if (!r.identical(in.not_implemented)) return r;
        }
    }
    return in.binary(op, left, right, loc);
}

Flow aug_assign(Interpreter& in, const AugAssign& a, Frame& f) {
    const Expr& t = *a.target;
    if (auto* at = t.as<Attribute>()) {
        Value obj = eval_expr(in, *at->value, f);
        Value cur = in.getattr(obj, at->attr, t.loc);
        Value rhs = eval_expr(in, *a.value, f);
        in.setattr(obj, at->attr, augmented(in, a.op, cur, rhs, a.loc), t.loc);
        return Flow::Normal;
    }
    if (auto* sub = t.as<Subscript>()) {
        Value obj = eval_expr(in, *sub->value, f);
        Value key = eval_expr(in, *sub->slice, f);
        Value cur = in.getitem(obj, key, t.loc);
        Value rhs = eval_expr(in, *a.value, f);
        in.setitem(obj, key, augmented(in, a.op, cur, rhs, a.loc), t.loc);
        return Flow::Normal;
    }
    Value cur = eval_expr(in, t, f);
    Value rhs = eval_expr(in, *a.value, f);
    assign(in, t, augmented(in, a.op, cur, rhs, a.loc), f);
    return Flow::Normal;
}

void ann_assign(Interpreter& in, const AnnAssign& a, Frame& f) {
    if (a.value) assign(in, *a.target, eval_expr(in, *a.value, f), f);
    auto* name = a.target->as<Name>();
    if (!name || (f.scope && f.scope->kind == ScopeInfo::Kind::Function)) return;
    // Module and class bodies keep their annotations in __annotations__.
    DictObject* ns = f.class_ns ? f.class_ns : f.globals;
    Value* annotations = ns->find_str("__annotations__");
    if (!annotations) {
        ns->set_str("__annotations__", Value(make_dict()));
        annotations = ns->find_str("__annotations__");
    }
    // Annotations are not evaluated when the class or module body runs, as
    // in Python 3.14 (PEP 649) and under `from __future__ import
    // annotations`: `items: list[Item]` may name a class defined later.
    // __annotations__ holds their text; SQLAlchemy's Mapped[] reading
    // evaluates them where it needs them (declarative/).
    Value ann;
    {
        std::string text;
        const SourceLocation& l = a.annotation->loc;
        if (l.file && l.line == l.end_line) {
            std::string_view line = l.file->line_text(l.line);
            // Columns count characters; the annotation's text is taken by characters.
            std::size_t b = 0, col = 1;
            while (b < line.size() && col < static_cast<std::size_t>(l.column)) {
                ++b;
                while (b < line.size() && (static_cast<unsigned char>(line[b]) & 0xC0) == 0x80) ++b;
                ++col;
            }
            std::size_t e = b;
            while (e < line.size() && col < static_cast<std::size_t>(l.end_column)) {
                ++e;
                while (e < line.size() && (static_cast<unsigned char>(line[e]) & 0xC0) == 0x80) ++e;
                ++col;
            }
            text = std::string(line.substr(b, e - b));
        }
        ann = make_str(text);
    }
    if (auto* d = annotations->as<DictObject>()) d->set_str(name->id, ann);
    if (f.annotations) f.annotations->emplace_back(name->id, a.annotation.get());
}

void bind_import(Interpreter& in, const Import& im, Frame& f) {
    for (auto& alias : im.names) {
        Ref<ModuleObject> m = in.import_module(alias.name, alias.loc);
        if (alias.asname) {
            store_name(in, f, *alias.asname, Value(m));
        } else {
            std::string top = alias.name.substr(0, alias.name.find('.'));
            store_name(in, f, top, Value(in.loaded_module(top)));
        }
    }
}

std::string absolute_module(Interpreter& in, const ImportFrom& im, Frame& f) {
    if (im.level == 0) return im.module;
    const ModuleObject* m = f.module;
    std::string package = m ? (m->is_package ? m->name : m->name.substr(0, m->name.rfind('.') == std::string::npos ? 0 : m->name.rfind('.'))) : "";
    for (int i = 1; i < im.level; ++i) {
        auto dot = package.rfind('.');
        if (package.empty())
            in.raise(in.exc.ImportError, "attempted relative import beyond top-level package", im.loc);
        package = dot == std::string::npos ? "" : package.substr(0, dot);
    }
    if (package.empty() && (!m || m->name.find('.') == std::string::npos) && !(m && m->is_package))
        in.raise(in.exc.ImportError, "attempted relative import with no known parent package", im.loc);
    if (im.module.empty()) return package;
    return package.empty() ? im.module : package + "." + im.module;
}

void bind_import_from(Interpreter& in, const ImportFrom& im, Frame& f) {
    if (im.module == "__future__" && im.level == 0) {
        for (auto& a : im.names)
            if (a.name == "annotations" && f.module) f.module->future_annotations = true;
        return;
    }
    std::string name = absolute_module(in, im, f);
    Ref<ModuleObject> m = in.import_module(name, im.loc);
    for (auto& alias : im.names) {
        if (alias.name == "*") {
            const Value* all = m->dict ? m->dict->find_str("__all__") : nullptr;
            if (all) {
                in.for_each(*all, alias.loc, [&](const Value& n) {
                    const std::string* s = str_of(n);
                    if (!s) return true;
                    std::optional<Value> v = in.getattr_opt(Value(m), *s, alias.loc);
                    if (!v && !in.options().strict_opaque) {
                        // Listed in __all__ but not there: a module it comes from is not in
                        // the project (Python would stop here); opaque, with a warning.
                        in.warn(alias.loc, "module '" + name + "' lists '" + *s + "' in __all__ but has no such name (is a module "
                                "it imports missing?): orm treats it as opaque");
                        v = Value(new OpaqueObject(name + "." + *s, name, alias.loc));
                    }
                    store_name(in, f, *s, v ? *v : in.getattr(Value(m), *s, alias.loc));
                    return true;
                });
            } else if (m->dict) {
                m->dict->for_each([&](const Value& k, const Value& v) {
                    const std::string* s = str_of(k);
                    if (s && !s->empty() && (*s)[0] != '_') store_name(in, f, *s, v);
                });
            }
            continue;
        }
        std::optional<Value> v;
        if (m->dict)
            if (Value* d = m->dict->find_str(alias.name)) v = *d;
        if (!v && m->fallback) v = m->fallback(in, alias.name);
        if (!v && !m->opaque && !m->native) {
            // A submodule not imported yet: `from package import module`.
            std::string sub = name + "." + alias.name;
            try {
                v = Value(in.import_module(sub, alias.loc));
            } catch (const PythonException& e) {
                if (!in.isinstance(e.value(), in.exc.ModuleNotFoundError)) throw;
            }
        }
        if (!v && (m->opaque || m->native)) v = in.getattr_opt(Value(m), alias.name, alias.loc);
        if (!v) {
            std::string where = m->source ? " (" + m->source->name() + ")" : "";
            in.raise(in.exc.ImportError, "cannot import name '" + alias.name + "' from '" + name + "'" + where, alias.loc);
        }
        store_name(in, f, alias.asname ? *alias.asname : alias.name, *v);
    }
}

std::vector<Ref<CellObject>> class_closure(const ScopeInfo& scope, Frame& f) {
    std::vector<Ref<CellObject>> out;
    for (auto& fr : scope.free) {
        if (fr.from_cell_slot >= 0) {
            Value& slot = f.slots[static_cast<std::size_t>(fr.from_cell_slot)];
            if (auto* cell = slot.as<CellObject>()) out.emplace_back(cell);
            else out.emplace_back(new CellObject());
        } else {
            out.push_back((*f.closure)[static_cast<std::size_t>(fr.from_free)]);
        }
    }
    return out;
}

Value apply_decorators(Interpreter& in, const std::vector<Value>& decorators, Value v, SourceLocation loc) {
    for (auto it = decorators.rbegin(); it != decorators.rend(); ++it) v = in.call(*it, {v}, loc);
    return v;
}

// PEP 695 type parameters name TypeVars where the class or function is
// made; orm binds them in the module (unless it has the name already).
void bind_type_params(Interpreter& in, const std::vector<std::string>& names, Frame& f, SourceLocation loc) {
    if (names.empty()) return;
    Ref<ModuleObject> typing = in.import_module("typing", loc);
    const Value* type_var = typing->dict->find_str("TypeVar");
    for (auto& n : names)
        if (!f.globals->find_str(n) && type_var) f.globals->set_str(n, in.call(*type_var, {make_str(n)}, loc));
}

void class_def(Interpreter& in, const ClassDef& c, Frame& f) {
    bind_type_params(in, c.type_params, f, c.loc);
    std::vector<Value> decorators;
    for (auto& d : c.decorators) decorators.push_back(eval_expr(in, *d, f));
    std::vector<Value> bases;
    for (auto& b : c.bases)
        if (auto* st = b->as<Starred>()) {
            Value v = eval_expr(in, *st->value, f);
            in.for_each(v, b->loc, [&](const Value& x) { bases.push_back(x); return true; });
        } else {
            bases.push_back(eval_expr(in, *b, f));
        }
    std::vector<std::pair<std::string, Value>> keywords;
    for (auto& k : c.keywords)
        if (k.name) keywords.emplace_back(*k.name, eval_expr(in, *k.value, f));
    Ref<DictObject> ns = make_dict();
    std::string qualname = (f.class_ns ? f.name + "." : (f.function ? f.name + ".<locals>." : "")) + c.name;
    std::string module_name = f.module ? f.module->name : "__main__";
    ns->set_str("__module__", make_str(module_name));
    ns->set_str("__qualname__", make_str(qualname));
    if (!c.body.empty())
        if (auto* e = c.body.front()->as<ExprStmt>())
            if (auto* k = e->value->as<Constant>(); k && k->is_string()) ns->set_str("__doc__", make_str(k->value));
    Frame cf;
    cf.scope = c.scope.get();
    cf.module = f.module;
    cf.globals = f.globals;
    cf.class_ns = ns.get();
    std::vector<Ref<CellObject>> closure = class_closure(*c.scope, f);
    cf.closure = &closure;
    cf.back = &f;
    cf.name = qualname;
    cf.loc = c.loc;
    std::vector<std::pair<std::string, const Expr*>> annotations;
    cf.annotations = &annotations;
    Frame* outer = in.frame();
    in.set_frame(&cf);
    try {
        exec_body(in, c.body, cf);
    } catch (PythonException& e) {
        in.set_frame(outer);
        throw;
    } catch (...) {
        in.set_frame(outer);
        throw;
    }
    in.set_frame(outer);
    Ref<ClassObject> cls = in.build_class(c.name, std::move(bases), ns, module_name, c.name_loc, [&](ClassObject& k) {
        k.keywords = std::move(keywords);
        k.annotation_exprs = std::move(annotations);
        k.def = &c;
    });
    store_name(in, f, c.name, apply_decorators(in, decorators, Value(cls), c.loc));
}

bool exception_matches(Interpreter& in, const Value& exc, const Value& type) {
    if (auto* c = type.as<ClassObject>()) return in.isinstance(exc, c);
    if (auto* t = type.as<TupleObject>()) {
        for (auto& x : t->items)
            if (exception_matches(in, exc, x)) return true;
        return false;
    }
    if (type.is(ObjKind::Opaque)) return false;  // an exception class orm does not run: no exception of it is raised here
    in.raise(in.exc.TypeError, "catching classes that do not inherit from BaseException is not allowed");
}

// Keeps a try statement on the interpreter's stack while its body runs
// (an import can ask whether a missing module would be caught).
struct TryScope {
    Interpreter& in;
    TryScope(Interpreter& i, const Try& t, Frame& f) : in(i) { in.try_stack().emplace_back(&t, &f); }
    ~TryScope() { in.try_stack().pop_back(); }
};

Flow try_stmt(Interpreter& in, const Try& t, Frame& f) {
    Flow flow = Flow::Normal;
    std::exception_ptr pending;
    bool raised = false;
    try {
        TryScope scope(in, t, f);
        flow = exec_body(in, t.body, f);
    } catch (PythonException& e) {
        raised = true;
        const ExceptHandler* handler = nullptr;
        try {
            for (auto& h : t.handlers) {
                if (!h.type || exception_matches(in, e.value(), eval_expr(in, *h.type, f))) {
                    handler = &h;
                    break;
                }
            }
        } catch (...) {
            pending = std::current_exception();
        }
        if (!handler && !pending) pending = std::current_exception();
        if (handler) {
            Value exc = e.value();
            in.handling().push_back(exc);
            try {
                if (handler->name) store_name(in, f, *handler->name, exc);
                flow = exec_body(in, handler->body, f);
            } catch (...) {
                pending = std::current_exception();
            }
            in.handling().pop_back();
        }
    }
    if (!raised && flow == Flow::Normal && !t.orelse.empty()) {
        try {
            flow = exec_body(in, t.orelse, f);
        } catch (PythonException&) {
            pending = std::current_exception();
        }
    }
    if (!t.finalbody.empty()) {
        Flow ff = exec_body(in, t.finalbody, f);
        if (ff != Flow::Normal) return ff;  // a return/break in finally drops the exception, as in Python
    }
    if (pending) std::rethrow_exception(pending);
    return flow;
}

Flow with_items(Interpreter& in, const With& w, std::size_t i, Frame& f) {
    if (i == w.items.size()) return exec_body(in, w.body, f);
    const WithItem& item = w.items[i];
    Value ctx = eval_expr(in, *item.context_expr, f);
    SourceLocation loc = item.context_expr->loc;
    Value exit = in.getattr(ctx, "__exit__", loc);
    Value entered = in.call(in.getattr(ctx, "__enter__", loc), {}, loc);
    if (item.optional_vars) assign(in, *item.optional_vars, entered, f);
    Flow flow;
    try {
        flow = with_items(in, w, i + 1, f);
    } catch (PythonException& e) {
        Value type(in.type_of(e.value()));
        if (in.truthy(in.call(exit, {type, e.value(), Value()}, loc), loc)) return Flow::Normal;
        throw;
    }
    in.call(exit, {Value(), Value(), Value()}, loc);
    return flow;
}

void delete_target(Interpreter& in, const Expr& t, Frame& f) {
    switch (t.kind) {
        case ExprKind::Name: {
            auto* n = t.as<Name>();
            switch (n->scope) {
                case NameScope::Local: f.slots[static_cast<std::size_t>(n->index)] = unbound(); return;
                case NameScope::Cell: {
                    auto* cell = f.slots[static_cast<std::size_t>(n->index)].as<CellObject>();
                    cell->bound = false;
                    cell->value = Value();
                    return;
                }
                default: {
                    DictObject* ns = f.class_ns ? f.class_ns : f.globals;
                    if (!ns->erase_str(n->id)) in.raise(in.exc.NameError, "name '" + n->id + "' is not defined", t.loc);
                    return;
                }
            }
        }
        case ExprKind::Attribute: {
            auto* a = t.as<Attribute>();
            in.delattr(eval_expr(in, *a->value, f), a->attr, t.loc);
            return;
        }
        case ExprKind::Subscript: {
            auto* s = t.as<Subscript>();
            Value obj = eval_expr(in, *s->value, f);
            in.delitem(obj, eval_expr(in, *s->slice, f), t.loc);
            return;
        }
        case ExprKind::Tuple:
            for (auto& x : t.as<Tuple>()->elts) delete_target(in, *x, f);
            return;
        case ExprKind::List:
            for (auto& x : t.as<List>()->elts) delete_target(in, *x, f);
            return;
        default: in.raise(in.exc.TypeError, "cannot delete this expression", t.loc);
    }
}

[[noreturn]] void raise_stmt(Interpreter& in, const Raise& r, Frame& f) {
    if (!r.exc) {
        if (in.handling().empty()) in.raise(in.exc.RuntimeError, "No active exception to reraise", r.loc);
        in.raise_value(in.handling().back(), r.loc);
    }
    Value e = eval_expr(in, *r.exc, f);
    if (r.cause) eval_expr(in, *r.cause, f);
    if (auto* c = e.as<ClassObject>()) {
        if (!c->is_exception) in.raise(in.exc.TypeError, "exceptions must derive from BaseException", r.loc);
        e = in.call(e, {}, r.loc);
    }
    auto* inst = e.as<InstanceObject>();
    if (!inst || !inst->cls->is_exception) {
        if (e.is(ObjKind::Opaque))
            throw InputError("raises '" + e.as<OpaqueObject>()->name + "', an exception from module '" +
                                 e.as<OpaqueObject>()->module + "', which orm does not run",
                             r.loc.file ? r.loc.file->shared_from_this() : nullptr, r.loc);
        in.raise(in.exc.TypeError, "exceptions must derive from BaseException", r.loc);
    }
    in.raise_value(e, r.loc);
}

Flow for_stmt(Interpreter& in, const For& s, Frame& f) {
    Value iterable = eval_expr(in, *s.iter, f);
    Flow result = Flow::Normal;
    bool broke = false;
    in.for_each(iterable, s.iter->loc, [&](const Value& item) {
        in.step();
        assign(in, *s.target, item, f);
        Flow fl = exec_body(in, s.body, f);
        if (fl == Flow::Break) {
            broke = true;
            return false;
        }
        if (fl == Flow::Return) {
            result = Flow::Return;
            return false;
        }
        return true;
    });
    if (result == Flow::Return) return result;
    if (!broke) return exec_body(in, s.orelse, f);
    return Flow::Normal;
}

Flow while_stmt(Interpreter& in, const While& w, Frame& f) {
    while (in.truthy(eval_expr(in, *w.test, f), w.test->loc)) {
        in.step();
        Flow fl = exec_body(in, w.body, f);
        if (fl == Flow::Break) return Flow::Normal;
        if (fl == Flow::Return) return fl;
    }
    return exec_body(in, w.orelse, f);
}

Flow exec_stmt(Interpreter& in, const Stmt& s, Frame& f) {
    in.step();
    f.loc = s.loc;
    switch (s.kind) {
        case StmtKind::Expr: eval_expr(in, *s.as<ExprStmt>()->value, f); return Flow::Normal;
        case StmtKind::Assign: {
            auto* a = s.as<Assign>();
            Value v = eval_expr(in, *a->value, f);
            for (auto& t : a->targets) assign(in, *t, v, f);
            return Flow::Normal;
        }
        case StmtKind::AnnAssign: ann_assign(in, *s.as<AnnAssign>(), f); return Flow::Normal;
        case StmtKind::AugAssign: return aug_assign(in, *s.as<AugAssign>(), f);
        case StmtKind::Import: bind_import(in, *s.as<Import>(), f); return Flow::Normal;
        case StmtKind::ImportFrom: bind_import_from(in, *s.as<ImportFrom>(), f); return Flow::Normal;
        case StmtKind::ClassDef: class_def(in, *s.as<ClassDef>(), f); return Flow::Normal;
        case StmtKind::FunctionDef: {
            auto* d = s.as<FunctionDef>();
            bind_type_params(in, d->type_params, f, d->loc);
            std::vector<Value> decorators;
            for (auto& dec : d->decorators) decorators.push_back(eval_expr(in, *dec, f));
            Value fn = make_function(in, f, d, nullptr);
            store_name(in, f, d->name, apply_decorators(in, decorators, fn, d->loc));
            return Flow::Normal;
        }
        case StmtKind::If: {
            auto* i = s.as<If>();
            if (in.truthy(eval_expr(in, *i->test, f), i->test->loc)) return exec_body(in, i->body, f);
            return exec_body(in, i->orelse, f);
        }
        case StmtKind::For: return for_stmt(in, *s.as<For>(), f);
        case StmtKind::While: return while_stmt(in, *s.as<While>(), f);
        case StmtKind::With: return with_items(in, *s.as<With>(), 0, f);
        case StmtKind::Try: return try_stmt(in, *s.as<Try>(), f);
        case StmtKind::Return: {
            auto* r = s.as<Return>();
            f.return_value = r->value ? eval_expr(in, *r->value, f) : Value();
            return Flow::Return;
        }
        case StmtKind::Raise: raise_stmt(in, *s.as<Raise>(), f);
        case StmtKind::Pass: return Flow::Normal;
        case StmtKind::Break: return Flow::Break;
        case StmtKind::Continue: return Flow::Continue;
        case StmtKind::Global: case StmtKind::Nonlocal: return Flow::Normal;
        case StmtKind::Delete:
            for (auto& t : s.as<Delete>()->targets) delete_target(in, *t, f);
            return Flow::Normal;
        case StmtKind::Assert: {
            auto* a = s.as<Assert>();
            if (!in.truthy(eval_expr(in, *a->test, f), a->test->loc)) {
                std::vector<Value> args;
                if (a->msg) args.push_back(eval_expr(in, *a->msg, f));
                in.raise_value(in.make_exception(in.exc.AssertionError, std::move(args)), s.loc);
            }
            return Flow::Normal;
        }
        case StmtKind::Match:
            throw InputError("match statements are not supported by orm's interpreter",
                             s.loc.file ? s.loc.file->shared_from_this() : nullptr, s.loc);
    }
    return Flow::Normal;
}

}  // namespace

Flow exec_body(Interpreter& in, const Body& body, Frame& f) {
    for (auto& s : body) {
        Flow fl = exec_stmt(in, *s, f);
        if (fl != Flow::Normal) return fl;
    }
    return Flow::Normal;
}

}  // namespace orm::python::detail
