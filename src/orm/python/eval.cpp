// The expression evaluator: names by the scope the resolver gave them,
// literals, calls (with *args/**kwargs), attribute and subscript access,
// operators, comprehensions (their own scope), lambdas, f-strings, and the
// assignment targets statements bind.
#include <cmath>
#include <cstdlib>

#include "orm/python/exec.hpp"
#include "orm/python/format.hpp"

namespace orm::python::detail {

namespace {

[[noreturn]] void name_error(Interpreter& in, const Name& n, Frame* f = nullptr) {
    std::vector<std::string> names;
    auto add = [&](const DictObject* d) {
        if (d)
            d->for_each([&](const Value& k, const Value&) {
                if (auto* s = str_of(k)) names.push_back(*s);
            });
    };
    if (f) {
        if (f->scope) names.insert(names.end(), f->scope->slots.begin(), f->scope->slots.end());
        add(f->class_ns);
        add(f->globals);
    }
    add(&in.builtins());
    std::string hint = suggest_name(n.id, names);
    in.raise(in.exc.NameError, "name '" + n.id + "' is not defined" + (hint.empty() ? "" : ". Did you mean: '" + hint + "'?"), n.loc);
}

Value load_global(Interpreter& in, const Name& n, Frame& f) {
    if (Value* v = f.globals->find_str(n.id)) return *v;
    if (Value* v = in.builtins().find_str(n.id)) return *v;
    name_error(in, n, &f);
}

Value load_name(Interpreter& in, const Name& n, Frame& f) {
    switch (n.scope) {
        case NameScope::Local: {
            const Value& v = f.slots[static_cast<std::size_t>(n.index)];
            if (is_unbound(v))
                in.raise(in.exc.UnboundLocalError, "cannot access local variable '" + n.id +
                                                        "' where it is not associated with a value", n.loc);
            return v;
        }
        case NameScope::Cell: {
            auto* cell = f.slots[static_cast<std::size_t>(n.index)].as<CellObject>();
            if (!cell || !cell->bound)
                in.raise(in.exc.UnboundLocalError, "cannot access local variable '" + n.id +
                                                        "' where it is not associated with a value", n.loc);
            return cell->value;
        }
        case NameScope::Free: {
            CellObject& cell = *(*f.closure)[static_cast<std::size_t>(n.index)];
            if (!cell.bound)
                in.raise(in.exc.NameError, "cannot access free variable '" + n.id +
                                               "' where it is not associated with a value in enclosing scope", n.loc);
            return cell.value;
        }
        case NameScope::ClassLocal:
            if (f.class_ns)
                if (Value* v = f.class_ns->find_str(n.id)) return *v;
            return load_global(in, n, f);
        case NameScope::ClassFree: {
            if (f.class_ns)
                if (Value* v = f.class_ns->find_str(n.id)) return *v;
            if (!f.closure) return load_global(in, n, f);  // evaluated later, outside its function (an annotation)
            CellObject& cell = *(*f.closure)[static_cast<std::size_t>(n.index)];
            if (!cell.bound) name_error(in, n);
            return cell.value;
        }
        case NameScope::Global: case NameScope::Unresolved:
            return load_global(in, n, f);
    }
    name_error(in, n);
}

Value constant(Interpreter& in, const Constant& c) {
    if (!c.cached.is_none() || c.value_kind == ConstantKind::None) return c.cached;
    Value v;
    switch (c.value_kind) {
        case ConstantKind::None: break;
        case ConstantKind::True: v = Value::boolean(true); break;
        case ConstantKind::False: v = Value::boolean(false); break;
        case ConstantKind::Ellipsis: v = in.ellipsis; break;
        case ConstantKind::Int: v = Value::integer(c.int_value()); break;
        case ConstantKind::Float: {
            std::string text;
            for (char ch : c.value)
                if (ch != '_') text += ch;
            v = Value::floating(std::strtod(text.c_str(), nullptr));
            break;
        }
        case ConstantKind::Imaginary:
            in.raise(in.exc.TypeError, "complex numbers are not supported by orm's interpreter", c.loc);
        case ConstantKind::String: v = make_str(c.value); break;
        case ConstantKind::Bytes: v = make_bytes(c.value); break;
    }
    c.cached = v;
    return v;
}

// Expands `*x` items of a list/tuple/set display or a call.
void extend_with(Interpreter& in, std::vector<Value>& out, const Expr& e, Frame& f) {
    if (auto* st = e.as<Starred>()) {
        Value v = eval_expr(in, *st->value, f);
        in.for_each(v, e.loc, [&](const Value& x) {
            out.push_back(x);
            return true;
        });
    } else {
        out.push_back(eval_expr(in, e, f));
    }
}

Value call_expr(Interpreter& in, const Call& c, Frame& f) {
    Value callee = eval_expr(in, *c.func, f);
    CallArgs args;
    args.node = &c;
    args.loc = c.loc;
    args.pos.reserve(c.args.size());
    for (auto& a : c.args) {
        if (a->kind == ExprKind::Starred) args.spread = true;
        extend_with(in, args.pos, *a, f);
    }
    for (auto& k : c.keywords) {
        Value v = eval_expr(in, *k.value, f);
        if (k.name) {
            args.kw.emplace_back(*k.name, std::move(v));
            continue;
        }
        args.spread = true;
        auto add = [&](const Value& key, const Value& val) {
            const std::string* s = str_of(key);
            if (!s) in.raise(in.exc.TypeError, "keywords must be strings", k.loc);
            for (auto& [name, existing] : args.kw)
                if (name == *s) in.raise(in.exc.TypeError, "got multiple values for keyword argument '" + *s + "'", k.loc);
            args.kw.emplace_back(*s, val);
        };
        if (auto* d = v.as<DictObject>()) {
            d->for_each(add);
        } else if (auto* inst = v.as<InstanceObject>(); inst && inst->builtin_value.as<DictObject>()) {
            inst->builtin_value.as<DictObject>()->for_each(add);
        } else {
            Value keys = in.call(in.getattr(v, "keys", k.loc), {}, k.loc);
            in.for_each(keys, k.loc, [&](const Value& key) {
                add(key, in.getitem(v, key, k.loc));
                return true;
            });
        }
    }
    return in.call(callee, args);
}

Value display(Interpreter& in, const Expr& e, Frame& f) {
    std::vector<Value> items;
    const std::vector<ExprPtr>& elts = e.kind == ExprKind::Tuple ? e.as<Tuple>()->elts
                                     : e.kind == ExprKind::List ? e.as<List>()->elts : e.as<Set>()->elts;
    items.reserve(elts.size());
    for (auto& x : elts) extend_with(in, items, *x, f);
    if (e.kind == ExprKind::Tuple) return make_tuple(std::move(items));
    if (e.kind == ExprKind::List) return make_list(std::move(items));
    Ref<SetObject> s(new SetObject());
    for (auto& x : items) s->set(in, x, Value());
    return Value(s);
}

Value dict_display(Interpreter& in, const Dict& d, Frame& f) {
    Ref<DictObject> out = make_dict();
    for (std::size_t i = 0; i < d.keys.size(); ++i) {
        if (!d.keys[i]) {
            Value v = eval_expr(in, *d.values[i], f);
            if (auto* src = v.as<DictObject>()) {
                src->for_each([&](const Value& k, const Value& x) { out->set(in, k, x); });
            } else {
                Value keys = in.call(in.getattr(v, "keys", d.values[i]->loc), {}, d.values[i]->loc);
                in.for_each(keys, d.loc, [&](const Value& k) {
                    out->set(in, k, in.getitem(v, k, d.loc));
                    return true;
                });
            }
            continue;
        }
        Value k = eval_expr(in, *d.keys[i], f);
        Value v = eval_expr(in, *d.values[i], f);
        bool handled;
        builtin_hash(k, handled);
        if (!handled && (k.is(ObjKind::List) || k.is(ObjKind::Dict) || k.is(ObjKind::Set)))
            in.raise(in.exc.TypeError, "unhashable type: '" + in.type_name(k) + "'", d.keys[i]->loc);
        out->set(in, k, std::move(v));
    }
    return Value(out);
}

Value compare_expr(Interpreter& in, const Compare& c, Frame& f) {
    Value left = eval_expr(in, *c.left, f);
    Value result;
    for (std::size_t i = 0; i < c.ops.size(); ++i) {
        Value right = eval_expr(in, *c.comparators[i], f);
        result = in.compare(c.ops[i], left, right, c.loc);
        if (i + 1 < c.ops.size() && !in.truthy(result, c.loc)) return result;
        left = std::move(right);
    }
    return result;
}

void fstring(Interpreter& in, const std::vector<FStringPart>& parts, Frame& f, std::string& out) {
    for (auto& p : parts) {
        if (!p.value) {
            out += p.literal;
            continue;
        }
        Value v = eval_expr(in, *p.value, f);
        if (p.conversion == 'r' || p.conversion == 'a') v = make_str(in.repr(v));
        else if (p.conversion == 's') v = make_str(in.str(v));
        std::string spec;
        fstring(in, p.format_spec, f, spec);
        out += format_with_spec(in, v, spec, p.value->loc);
    }
}

}  // namespace

}  // namespace orm::python::detail

namespace orm::python {

Value Interpreter::eval_in(const Expr& e, ModuleObject& module, DictObject* class_ns) {
    Frame f;
    f.module = &module;
    f.globals = module.dict.get();
    f.class_ns = class_ns;
    f.back = frame_;
    f.name = "<annotation>";
    f.loc = e.loc;
    Frame* saved = frame_;
    frame_ = &f;
    try {
        Value v = detail::eval_expr(*this, e, f);
        frame_ = saved;
        return v;
    } catch (...) {
        frame_ = saved;
        throw;
    }
}

}  // namespace orm::python

namespace orm::python::detail {

std::string format_joined(Interpreter& in, const JoinedStr& j, Frame& f) {
    std::string out;
    fstring(in, j.parts, f, out);
    return out;
}

Value eval_expr(Interpreter& in, const Expr& e, Frame& f) {
    switch (e.kind) {
        case ExprKind::Name: return load_name(in, *e.as<Name>(), f);
        case ExprKind::Constant: return constant(in, *e.as<Constant>());
        case ExprKind::JoinedStr: return make_str(format_joined(in, *e.as<JoinedStr>(), f));
        case ExprKind::Attribute: {
            auto* a = e.as<Attribute>();
            Value obj = eval_expr(in, *a->value, f);
            return in.getattr(obj, a->attr, a->attr_loc.known() ? a->attr_loc : e.loc);
        }
        case ExprKind::Call: return call_expr(in, *e.as<Call>(), f);
        case ExprKind::Subscript: {
            auto* s = e.as<Subscript>();
            Value obj = eval_expr(in, *s->value, f);
            Value key = eval_expr(in, *s->slice, f);
            return in.getitem(obj, key, e.loc);
        }
        case ExprKind::Slice: {
            auto* s = e.as<Slice>();
            Value a = s->lower ? eval_expr(in, *s->lower, f) : Value();
            Value b = s->upper ? eval_expr(in, *s->upper, f) : Value();
            Value c = s->step ? eval_expr(in, *s->step, f) : Value();
            return Value(new SliceObject(a, b, c));
        }
        case ExprKind::Starred: in.raise(in.exc.TypeError, "can't use starred expression here", e.loc);
        case ExprKind::List: case ExprKind::Tuple: case ExprKind::Set: return display(in, e, f);
        case ExprKind::Dict: return dict_display(in, *e.as<Dict>(), f);
        case ExprKind::Lambda: return make_function(in, f, nullptr, e.as<Lambda>());
        case ExprKind::UnaryOp: {
            auto* u = e.as<UnaryOp>();
            return in.unary(u->op, eval_expr(in, *u->operand, f), e.loc);
        }
        case ExprKind::BinOp: {
            auto* b = e.as<BinOp>();
            Value l = eval_expr(in, *b->left, f);
            Value r = eval_expr(in, *b->right, f);
            return in.binary(b->op, l, r, e.loc);
        }
        case ExprKind::BoolOp: {
            auto* b = e.as<BoolOp>();
            Value v;
            for (std::size_t i = 0; i < b->values.size(); ++i) {
                v = eval_expr(in, *b->values[i], f);
                if (i + 1 == b->values.size()) break;
                bool t = in.truthy(v, b->values[i]->loc);
                if (b->op == BoolOperator::And ? !t : t) break;
            }
            return v;
        }
        case ExprKind::Compare: return compare_expr(in, *e.as<Compare>(), f);
        case ExprKind::IfExp: {
            auto* i = e.as<IfExp>();
            return in.truthy(eval_expr(in, *i->test, f), i->test->loc) ? eval_expr(in, *i->body, f)
                                                                       : eval_expr(in, *i->orelse, f);
        }
        case ExprKind::Comprehension: return run_comprehension(in, *e.as<Comprehension>(), f);
        case ExprKind::NamedExpr: {
            auto* n = e.as<NamedExpr>();
            Value v = eval_expr(in, *n->value, f);
            assign(in, *n->target, v, f);
            return v;
        }
        case ExprKind::Await:
            in.raise(in.exc.TypeError, "await is not supported: orm runs no asynchronous code", e.loc);
        case ExprKind::Yield: {
            auto* y = e.as<Yield>();
            if (!f.yields) in.raise(in.exc.TypeError, "'yield' outside a generator", e.loc);
            Value v = y->value ? eval_expr(in, *y->value, f) : Value();
            if (y->from) {
                in.for_each(v, e.loc, [&](const Value& x) {
                    in.step();
                    f.yields->push_back(x);
                    return true;
                });
                return Value();
            }
            in.step();
            f.yields->push_back(std::move(v));
            return Value();
        }
    }
    in.raise(in.exc.TypeError, "expression not supported", e.loc);
}

// ---------------------------------------------------------------- binding

void store_name(Interpreter& in, Frame& f, const std::string& name, Value v) {
    if (f.class_ns) {
        f.class_ns->set_str(name, std::move(v));
        return;
    }
    if (f.scope && f.scope->kind != ScopeInfo::Kind::Module) {
        if (f.scope->declared_global(name)) {
            f.globals->set_str(name, std::move(v));
            return;
        }
        if (int slot = f.scope->slot(name); slot >= 0) {
            Value& s = f.slots[static_cast<std::size_t>(slot)];
            if (auto* cell = s.as<CellObject>(); cell && f.scope->slot_is_cell[static_cast<std::size_t>(slot)]) {
                cell->value = std::move(v);
                cell->bound = true;
            } else {
                s = std::move(v);
            }
            return;
        }
        if (int fi = f.scope->free_index(name); fi >= 0 && f.closure) {
            CellObject& cell = *(*f.closure)[static_cast<std::size_t>(fi)];
            cell.value = std::move(v);
            cell.bound = true;
            return;
        }
    }
    f.globals->set_str(name, std::move(v));
}

namespace {

void unpack(Interpreter& in, const std::vector<ExprPtr>& targets, const Value& v, Frame& f, SourceLocation loc) {
    std::vector<Value> items = in.to_vector(v, loc);
    std::size_t star = targets.size();
    for (std::size_t i = 0; i < targets.size(); ++i)
        if (targets[i]->kind == ExprKind::Starred) star = i;
    if (star == targets.size()) {
        if (items.size() > targets.size())
            in.raise(in.exc.ValueError, "too many values to unpack (expected " + std::to_string(targets.size()) + ")", loc);
        if (items.size() < targets.size())
            in.raise(in.exc.ValueError, "not enough values to unpack (expected " + std::to_string(targets.size()) +
                                            ", got " + std::to_string(items.size()) + ")", loc);
        for (std::size_t i = 0; i < targets.size(); ++i) assign(in, *targets[i], items[i], f);
        return;
    }
    std::size_t after = targets.size() - star - 1;
    if (items.size() < star + after)
        in.raise(in.exc.ValueError, "not enough values to unpack (expected at least " + std::to_string(star + after) +
                                        ", got " + std::to_string(items.size()) + ")", loc);
    for (std::size_t i = 0; i < star; ++i) assign(in, *targets[i], items[i], f);
    std::vector<Value> middle(items.begin() + static_cast<std::ptrdiff_t>(star),
                              items.end() - static_cast<std::ptrdiff_t>(after));
    assign(in, *targets[star]->as<Starred>()->value, make_list(std::move(middle)), f);
    for (std::size_t i = 0; i < after; ++i) assign(in, *targets[star + 1 + i], items[items.size() - after + i], f);
}

}  // namespace

void assign(Interpreter& in, const Expr& target, const Value& v, Frame& f) {
    switch (target.kind) {
        case ExprKind::Name: {
            auto* n = target.as<Name>();
            switch (n->scope) {
                case NameScope::Local: f.slots[static_cast<std::size_t>(n->index)] = v; return;
                case NameScope::Cell: {
                    auto* cell = f.slots[static_cast<std::size_t>(n->index)].as<CellObject>();
                    cell->value = v;
                    cell->bound = true;
                    return;
                }
                case NameScope::Free: {
                    CellObject& cell = *(*f.closure)[static_cast<std::size_t>(n->index)];
                    cell.value = v;
                    cell.bound = true;
                    return;
                }
                case NameScope::ClassLocal: case NameScope::ClassFree:
                    if (f.class_ns) {
                        f.class_ns->set_str(n->id, v);
                        return;
                    }
                    [[fallthrough]];
                case NameScope::Global: case NameScope::Unresolved:
                    f.globals->set_str(n->id, v);
                    return;
            }
            return;
        }
        case ExprKind::Tuple: unpack(in, target.as<Tuple>()->elts, v, f, target.loc); return;
        case ExprKind::List: unpack(in, target.as<List>()->elts, v, f, target.loc); return;
        case ExprKind::Attribute: {
            auto* a = target.as<Attribute>();
            Value obj = eval_expr(in, *a->value, f);
            in.setattr(obj, a->attr, v, a->attr_loc.known() ? a->attr_loc : target.loc);
            return;
        }
        case ExprKind::Subscript: {
            auto* s = target.as<Subscript>();
            Value obj = eval_expr(in, *s->value, f);
            Value key = eval_expr(in, *s->slice, f);
            in.setitem(obj, key, v, target.loc);
            return;
        }
        default:
            in.raise(in.exc.TypeError, "cannot assign to this expression", target.loc);
    }
}

// ---------------------------------------------------------------- functions

namespace {

std::vector<Ref<CellObject>> closure_for(Interpreter& in, const ScopeInfo& scope, Frame& f) {
    std::vector<Ref<CellObject>> out;
    out.reserve(scope.free.size());
    for (auto& fr : scope.free) {
        if (fr.from_cell_slot >= 0) {
            Value& slot = f.slots[static_cast<std::size_t>(fr.from_cell_slot)];
            auto* cell = slot.as<CellObject>();
            if (!cell) {
                // The enclosing frame's slot was not made a cell (a module-level
                // comprehension's frame, for instance): make it one now.
                Ref<CellObject> c(new CellObject());
                if (!is_unbound(slot)) {
                    c->value = slot;
                    c->bound = true;
                }
                slot = Value(c);
                cell = c.get();
            }
            out.emplace_back(cell);
        } else {
            out.push_back((*f.closure)[static_cast<std::size_t>(fr.from_free)]);
        }
    }
    (void)in;
    return out;
}

std::string qualified(const Frame& f, const std::string& name) {
    if (f.class_ns) return f.name + "." + name;
    if (f.function || (f.scope && f.scope->kind != ScopeInfo::Kind::Module)) return f.name + ".<locals>." + name;
    return name;
}

}  // namespace

Value make_function(Interpreter& in, Frame& f, const FunctionDef* def, const Lambda* lambda) {
    Ref<FunctionObject> fn(new FunctionObject());
    fn->def = def;
    fn->lambda = lambda;
    fn->params = def ? &def->params : &lambda->params;
    fn->scope = def ? def->scope.get() : lambda->scope.get();
    fn->name = def ? def->name : "<lambda>";
    fn->qualname = qualified(f, fn->name);
    fn->module = f.module;
    fn->loc = def ? def->name_loc : lambda->loc;
    for (auto& p : *fn->params)
        if (p.default_value) fn->defaults.push_back(eval_expr(in, *p.default_value, f));
    fn->closure = closure_for(in, *fn->scope, f);
    return Value(fn);
}

Value run_comprehension(Interpreter& in, const Comprehension& c, Frame& f) {
    const ScopeInfo& scope = *c.scope;
    Value first = eval_expr(in, *c.generators.front().iter, f);
    Frame cf;
    cf.scope = &scope;
    cf.module = f.module;
    cf.globals = f.globals;
    cf.slots.assign(scope.slots.size(), unbound());
    for (std::size_t i = 0; i < scope.slots.size(); ++i)
        if (scope.slot_is_cell[i]) cf.slots[i] = Value(new CellObject());
    std::vector<Ref<CellObject>> closure = closure_for(in, scope, f);
    cf.closure = &closure;
    cf.function = f.function;
    cf.back = &f;
    cf.name = f.name;
    cf.loc = c.loc;
    std::vector<Value> items;
    Ref<DictObject> dict;
    Ref<SetObject> set;
    if (c.form == Comprehension::Form::Dict) dict = make_dict();
    if (c.form == Comprehension::Form::Set) set = Ref<SetObject>(new SetObject());
    Frame* outer = in.frame();
    in.set_frame(&cf);
    std::function<void(std::size_t, const Value&)> loop = [&](std::size_t level, const Value& iterable) {
        const ComprehensionFor& g = c.generators[level];
        in.for_each(iterable, g.iter->loc, [&](const Value& item) {
            in.step();
            assign(in, *g.target, item, cf);
            for (auto& cond : g.ifs)
                if (!in.truthy(eval_expr(in, *cond, cf), cond->loc)) return true;
            if (level + 1 < c.generators.size()) {
                loop(level + 1, eval_expr(in, *c.generators[level + 1].iter, cf));
                return true;
            }
            if (dict) {
                Value k = eval_expr(in, *c.element, cf);
                dict->set(in, k, eval_expr(in, *c.value, cf));
            } else if (set) {
                set->set(in, eval_expr(in, *c.element, cf), Value());
            } else {
                items.push_back(eval_expr(in, *c.element, cf));
            }
            return true;
        });
    };
    try {
        loop(0, first);
    } catch (...) {
        in.set_frame(outer);
        throw;
    }
    in.set_frame(outer);
    if (dict) return Value(dict);
    if (set) return Value(set);
    if (c.form == Comprehension::Form::List) return make_list(std::move(items));
    // A generator expression runs at once; its values are handed out by an iterator.
    return in.call(in.builtins().find_str("iter") ? *in.builtins().find_str("iter") : Value(), {make_list(std::move(items))}, c.loc);
}

}  // namespace orm::python::detail
