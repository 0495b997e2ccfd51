// Calls: dispatch on the callee (Python functions, native functions, bound
// methods, classes, host and opaque objects), Python's argument binding
// (positional, defaults, *args, keyword-only, **kwargs), generators (run to
// the end, their values collected), and class instantiation.
#include <algorithm>
#include <cstdint>

#include "orm/python/exec.hpp"

namespace orm::python {

using detail::Flow;

namespace {

// A list iterator over a generator's collected values.
struct ListIterator : IteratorObject {
    explicit ListIterator(std::vector<Value> v) : values(std::move(v)) {}
    std::vector<Value> values;
    std::size_t i = 0;
    std::optional<Value> next(Interpreter&) override {
        if (i >= values.size()) return std::nullopt;
        return values[i++];
    }
    std::string type_name() const override { return "generator"; }
};

std::string plural(std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
        out += "'" + names[i] + "'";
    }
    return out;
}

void bind_arguments(Interpreter& in, FunctionObject& f, CallArgs& args, std::vector<Value>& slots) {
    const std::vector<Parameter>& params = *f.params;
    const std::string& fname = f.name;
    std::vector<std::size_t> positional, keyword_only;  // indices into params
    int var_pos = -1, var_kw = -1;
    std::vector<int> slot_of(params.size(), -1), default_of(params.size(), -1);
    int slot = 0, def = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Parameter& p = params[i];
        if (p.kind == Parameter::Kind::Separator || p.name.empty()) continue;
        slot_of[i] = slot++;
        if (p.default_value) default_of[i] = def++;
        switch (p.kind) {
            case Parameter::Kind::Positional: positional.push_back(i); break;
            case Parameter::Kind::KeywordOnly: keyword_only.push_back(i); break;
            case Parameter::Kind::VarPositional: var_pos = static_cast<int>(i); break;
            case Parameter::Kind::VarKeyword: var_kw = static_cast<int>(i); break;
            default: break;
        }
    }
    std::vector<bool> set(params.size(), false);
    std::size_t n = std::min(args.pos.size(), positional.size());
    for (std::size_t k = 0; k < n; ++k) {
        slots[static_cast<std::size_t>(slot_of[positional[k]])] = args.pos[k];
        set[positional[k]] = true;
    }
    if (args.pos.size() > positional.size()) {
        if (var_pos < 0) {
            std::size_t with_default = 0;
            for (auto k : positional)
                if (default_of[k] >= 0) ++with_default;
            std::string takes = with_default ? "from " + std::to_string(positional.size() - with_default) + " to " +
                                                   std::to_string(positional.size())
                                             : std::to_string(positional.size());
            in.raise(in.exc.TypeError, fname + "() takes " + takes + " positional argument" +
                                           (positional.size() == 1 && !with_default ? "" : "s") + " but " +
                                           std::to_string(args.pos.size()) +
                                           (args.pos.size() == 1 ? " was" : " were") + " given", args.loc);
        }
    }
    if (var_pos >= 0) {
        std::vector<Value> rest;
        for (std::size_t k = positional.size(); k < args.pos.size(); ++k) rest.push_back(args.pos[k]);
        slots[static_cast<std::size_t>(slot_of[static_cast<std::size_t>(var_pos)])] = make_tuple(std::move(rest));
    }
    Ref<DictObject> extra;
    if (var_kw >= 0) extra = make_dict();
    for (auto& [k, v] : args.kw) {
        bool found = false;
        for (std::size_t i = 0; i < params.size(); ++i) {
            const Parameter& p = params[i];
            if ((p.kind == Parameter::Kind::Positional || p.kind == Parameter::Kind::KeywordOnly) && p.name == k) {
                if (set[i]) in.raise(in.exc.TypeError, fname + "() got multiple values for argument '" + k + "'", args.loc);
                slots[static_cast<std::size_t>(slot_of[i])] = v;
                set[i] = true;
                found = true;
                break;
            }
        }
        if (found) continue;
        if (!extra) in.raise(in.exc.TypeError, fname + "() got an unexpected keyword argument '" + k + "'", args.loc);
        extra->set_str(k, v);
    }
    if (var_kw >= 0) slots[static_cast<std::size_t>(slot_of[static_cast<std::size_t>(var_kw)])] = Value(extra);
    std::vector<std::string> missing_pos, missing_kw;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (slot_of[i] < 0 || set[i]) continue;
        const Parameter& p = params[i];
        if (p.kind != Parameter::Kind::Positional && p.kind != Parameter::Kind::KeywordOnly) continue;
        if (default_of[i] >= 0) {
            slots[static_cast<std::size_t>(slot_of[i])] = f.defaults[static_cast<std::size_t>(default_of[i])];
        } else {
            (p.kind == Parameter::Kind::Positional ? missing_pos : missing_kw).push_back(p.name);
        }
    }
    if (!missing_pos.empty())
        in.raise(in.exc.TypeError, fname + "() missing " + plural(missing_pos.size(), "required positional argument") +
                                       ": " + quoted_list(missing_pos), args.loc);
    if (!missing_kw.empty())
        in.raise(in.exc.TypeError, fname + "() missing " + plural(missing_kw.size(), "required keyword-only argument") +
                                       ": " + quoted_list(missing_kw), args.loc);
}

}  // namespace

Value Interpreter::call_function(FunctionObject& f, CallArgs& args) {
    if (depth_ >= options_.recursion_limit)
        raise(exc.RecursionError, "maximum recursion depth exceeded (" + std::to_string(options_.recursion_limit) +
                                      " nested calls)", args.loc);
    if (depth_ == 0) stack_base_ = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
    if (stack_exhausted())
        raise(exc.RecursionError, "maximum recursion depth exceeded (the calls fill the stack)", args.loc);
    Frame fr;
    fr.scope = f.scope;
    fr.module = f.module.get();
    fr.globals = f.module->dict.get();
    fr.slots.assign(f.scope->slots.size(), unbound());
    fr.closure = &f.closure;
    fr.function = &f;
    fr.back = frame_;
    fr.name = f.qualname;
    fr.loc = f.loc;
    bind_arguments(*this, f, args, fr.slots);
    for (std::size_t i = 0; i < fr.slots.size(); ++i) {
        if (!f.scope->slot_is_cell[i]) continue;
        Ref<CellObject> cell(new CellObject());
        if (!is_unbound(fr.slots[i])) {
            cell->value = fr.slots[i];
            cell->bound = true;
        }
        fr.slots[i] = Value(cell);
    }
    std::vector<Value> yielded;
    if (f.scope->is_generator) fr.yields = &yielded;
    Frame* caller = frame_;
    frame_ = &fr;
    ++depth_;
    Value result;
    try {
        if (f.lambda) {
            result = detail::eval_expr(*this, *f.lambda->body, fr);
        } else {
            detail::exec_body(*this, f.def->body, fr);
            result = fr.return_value;
        }
    } catch (PythonException& e) {
        frame_ = caller;
        --depth_;
        if (caller) e.trace.push_back({caller->name, args.loc.known() ? args.loc : caller->loc});
        throw;
    } catch (...) {
        frame_ = caller;
        --depth_;
        throw;
    }
    frame_ = caller;
    --depth_;
    if (f.scope->is_generator) return Value(new ListIterator(std::move(yielded)));
    return result;
}

Value Interpreter::call(const Value& callee, std::vector<Value> pos, SourceLocation loc) {
    CallArgs args;
    args.pos = std::move(pos);
    args.loc = loc.known() ? loc : current_location();
    return call(callee, args);
}

namespace {

bool any_opaque(const CallArgs& args) {
    for (auto& v : args.pos)
        if (v.is(ObjKind::Opaque)) return true;
    for (auto& [k, v] : args.kw)
        if (v.is(ObjKind::Opaque)) return true;
    return false;
}

}  // namespace

Value Interpreter::call(const Value& callee, CallArgs& args) {
    // A native function refusing an opaque argument's type gives an opaque
    // result: the value depends on a name orm does not run, and is an error
    // only where its meaning is needed.
    if ((callee.is(ObjKind::Native) || callee.is(ObjKind::Class)) && any_opaque(args)) {
        try {
            return call_unchecked(callee, args);
        } catch (const PythonException& e) {
            if (!isinstance(e.value(), exc.TypeError)) throw;
            std::string name = callee.is(ObjKind::Native) ? callee.as<NativeObject>()->name : callee.as<ClassObject>()->name;
            for (auto& v : args.pos)
                if (auto* o = v.as<OpaqueObject>()) return Value(new OpaqueObject(name + "(...)", o->module, o->origin));
            for (auto& [k, v] : args.kw)
                if (auto* o = v.as<OpaqueObject>()) return Value(new OpaqueObject(name + "(...)", o->module, o->origin));
            throw;
        }
    }
    return call_unchecked(callee, args);
}

Value Interpreter::call_unchecked(const Value& callee, CallArgs& args) {
    step();
    if (!args.loc.known()) args.loc = current_location();
    if (!callee.is_obj()) raise(exc.TypeError, "'" + type_name(callee) + "' object is not callable", args.loc);
    switch (callee.obj()->kind()) {
        case ObjKind::Function: return call_function(*callee.as<FunctionObject>(), args);
        case ObjKind::Native:
            try {
                return callee.as<NativeObject>()->fn(*this, args);
            } catch (const NotHermetic& n) {
                // Models and migrations run without a clock or randomness: the
                // value is opaque (a default computed at import, say), an error
                // only where it is needed.
                const std::string& name = callee.as<NativeObject>()->name;
                warn(args.loc, name +
                     "() needs " + n.what + ", which orm gives models and migrations no access to: its value is opaque here");
                return Value(new OpaqueObject(name + "()", name.substr(0, name.find('.')), args.loc));
            }
        case ObjKind::BoundMethod: {
            auto* b = callee.as<BoundMethodObject>();
            args.pos.insert(args.pos.begin(), b->self);
            ++args.bound;
            Value func = b->func;  // the bound method may go away with args
            return call(func, args);
        }
        case ObjKind::Class: return instantiate(*callee.as<ClassObject>(), args);
        case ObjKind::Host: return callee.host<HostObject>()->call(*this, args);
        case ObjKind::Opaque: {
            auto* o = callee.as<OpaqueObject>();
            return Value(new OpaqueObject(o->name + "()", o->module, o->origin));
        }
        case ObjKind::Instance: {
            auto* inst = callee.as<InstanceObject>();
            if (const Value* c = inst->cls->lookup("__call__")) {
                Value bound = bind_attribute(*c, callee, *inst->cls, args.loc);
                return call(bound, args);
            }
            break;
        }
        case ObjKind::StaticMethod: return call(callee.as<StaticMethodObject>()->func, args);
        default: break;
    }
    raise(exc.TypeError, "'" + type_name(callee) + "' object is not callable", args.loc);
}

Value Interpreter::instantiate(ClassObject& cls, CallArgs& args) {
    NativeClassHooks* hooks = cls.hooks_in_mro();
    if (hooks)
        if (auto v = hooks->class_call(*this, cls, args)) return *v;
    // The built-in types themselves: their constructors.
    if (auto it = builtin_constructors.find(&cls); it != builtin_constructors.end()) return it->second(*this, args);
    Ref<InstanceObject> inst;
    if (const Value* nw = cls.lookup("__new__"); nw && (nw->is(ObjKind::Function) || nw->is(ObjKind::StaticMethod))) {
        CallArgs nargs = args;
        nargs.pos.insert(nargs.pos.begin(), Value(&cls));
        ++nargs.bound;
        Value made = call(nw->is(ObjKind::StaticMethod) ? nw->as<StaticMethodObject>()->func : *nw, nargs);
        auto* mi = made.as<InstanceObject>();
        if (!mi || !mi->cls->is_subclass_of(&cls)) return made;
        inst = mi;
    }
    if (!inst && hooks) inst = hooks->new_instance(*this, cls, args);
    if (!inst) inst = Ref<InstanceObject>(new InstanceObject(&cls));
    // An instance of a subclass of a built-in type (class Name(str)) stands for
    // a value of that type. Immutable types take the call's arguments (their
    // __new__), unless a class before the built-in one defines its own
    // __init__/__new__ (namedtuple); mutable ones start empty and their
    // __init__ fills them, as in Python.
    if (inst->builtin_value.is_none() && !cls.is_exception) {
        bool own_init = false;
        for (ClassObject* c : cls.mro) {
            auto it = builtin_constructors.find(c);
            if (it != builtin_constructors.end()) {
                if (c == types.object) break;
                bool mutable_type = c == types.list || c == types.dict || c == types.set;
                CallArgs none;
                none.loc = args.loc;
                if (mutable_type || own_init) inst->builtin_value = it->second(*this, none);
                else inst->builtin_value = it->second(*this, args);
                break;
            }
            if (c->dict && (c->dict->find_str("__init__") || c->dict->find_str("__new__"))) own_init = true;
        }
    }
    Value self(inst);
    if (const Value* init = cls.lookup("__init__")) {
        Value bound = bind_attribute(*init, self, cls, args.loc);
        auto opaque = std::find_if(cls.mro.begin(), cls.mro.end(), [](ClassObject* k) { return !k->opaque_bases.empty(); });
        if (opaque == cls.mro.end()) {
            call(bound, args);
            return self;
        }
        try {
            call(bound, args);
        } catch (const PythonException& e) {
            if (options().strict_opaque) throw;
            // What calling the class does belongs to its base from a module orm
            // does not run (a metaclass or a __new__ may never call this
            // __init__: wtforms' fields, for one), so the failure says nothing
            // certain: the instance is opaque, an error only where it is used.
            const std::string& base = (*opaque)->opaque_bases.front();
            warn(args.loc, cls.name +
                 "() raised " + e.message() + " in its __init__; its base '" + base +
                 "' comes from a module orm does not run, so orm takes the instance as opaque");
            return Value(new OpaqueObject(cls.name + "()", base, args.loc));
        }
    } else if (cls.is_exception) {
        inst->attrs().set_str("args", make_tuple(args.pos));
    } else if ((!args.pos.empty() || !args.kw.empty()) && !hooks && inst->builtin_value.is_none() &&
               std::none_of(cls.mro.begin(), cls.mro.end(), [](ClassObject* k) { return !k->opaque_bases.empty(); })) {
        raise(exc.TypeError, cls.name + "() takes no arguments", args.loc);
    }
    return self;
}

}  // namespace orm::python
