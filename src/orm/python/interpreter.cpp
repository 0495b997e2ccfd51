// The interpreter's own state: the built-in types and exception classes,
// class creation (C3 linearisation, native hooks), raising exceptions, the
// step budget, and the environment and print() that user code sees.
#include "orm/python/interpreter.hpp"
#include "orm/python/exec.hpp"
#include "orm/python/typing.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <cstdlib>
#include <iostream>

namespace orm::python {

namespace {
thread_local Interpreter* g_current = nullptr;
}

Interpreter& Interpreter::current() { return *g_current; }

// ---------------------------------------------------------------- exceptions

namespace {

std::string trace_text(const std::vector<TraceEntry>& trace) {
    std::string out;
    for (auto& t : trace) {
        if (!t.loc.file) continue;
        out += "\n  called from " + format_position(*t.loc.file, t.loc) + " (in " + t.function + ")";
    }
    return out;
}

}  // namespace

PythonException::PythonException(Value value, std::string message, SourceLocation loc)
    : Error(loc.file ? format_position(*loc.file, loc) + ": error: " + message +
                           [&] {
                               std::string s = format_snippet(*loc.file, loc);
                               return s.empty() ? std::string() : "\n" + s.substr(0, s.size() - 1);
                           }()
                     : message),
      value_(std::move(value)),
      message_(std::move(message)),
      loc_(loc) {}

std::string PythonException::render() const { return std::string(what()) + trace_text(trace); }

namespace {

std::uintptr_t stack_address() { return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)); }

// Half the thread's stack limit (8 MiB unless ulimit -s says otherwise),
// leaving the other half for the callers below the interpreter and for one
// deep expression.
std::uintptr_t stack_budget() {
    static const std::uintptr_t budget = [] {
        constexpr std::uintptr_t fallback = 8u << 20;
        rlimit limit{};
        std::uintptr_t size = fallback;
        if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
            size = static_cast<std::uintptr_t>(limit.rlim_cur);
        return std::min(size, std::uintptr_t{64u << 20}) / 2;
    }();
    return budget;
}

}  // namespace

bool Interpreter::stack_exhausted() const {
    if (stack_base_ == 0) return false;
    const std::uintptr_t here = stack_address();
    return here < stack_base_ && stack_base_ - here > stack_budget();
}

Interpreter::DepthGuard::DepthGuard(Interpreter& i) : in(i) {
    if (++in.native_depth_ > 400 || in.stack_exhausted()) {
        --in.native_depth_;
        in.raise(in.exc.RecursionError, "maximum recursion depth exceeded");
    }
}

// ---------------------------------------------------------------- construction

Interpreter::Interpreter(InterpreterOptions options) : options_(std::move(options)) {
    previous_ = g_current;
    g_current = this;
    if (!options_.getenv) {
        options_.getenv = [](const std::string& name) -> std::optional<std::string> {
            if (const char* v = std::getenv(name.c_str())) return std::string(v);
            return std::nullopt;
        };
    }
    if (!options_.print) options_.print = [](const std::string& text) { std::cerr << text; };
    builtins_ = make_dict();
    init_types();
    init_builtins();
}

Interpreter::~Interpreter() {
    // Break the cycles that reference counting cannot free (a module's dict
    // holds its functions, which hold the module; a class's dict holds its
    // methods, which hold the class).
    for (auto& m : module_order_)
        if (m->dict) m->dict->clear();
    for (auto& [name, m] : modules_)
        if (m->dict) m->dict->clear();
    for (auto& c : classes_) {
        c->dict->clear();
        c->bases.clear();
    }
    builtins_->clear();
    g_current = previous_;
}

namespace {

std::vector<ClassObject*> c3_merge(Interpreter& in, ClassObject& cls) {
    std::vector<std::vector<ClassObject*>> seqs;
    for (auto& b : cls.bases) seqs.push_back(b->mro);
    std::vector<ClassObject*> direct;
    for (auto& b : cls.bases) direct.push_back(b.get());
    seqs.push_back(direct);
    std::vector<ClassObject*> out{&cls};
    while (true) {
        seqs.erase(std::remove_if(seqs.begin(), seqs.end(), [](auto& s) { return s.empty(); }), seqs.end());
        if (seqs.empty()) return out;
        ClassObject* pick = nullptr;
        for (auto& s : seqs) {
            ClassObject* cand = s.front();
            bool in_tail = false;
            for (auto& t : seqs)
                if (std::find(t.begin() + 1, t.end(), cand) != t.end()) in_tail = true;
            if (!in_tail) {
                pick = cand;
                break;
            }
        }
        if (!pick) {
            std::string names;
            for (auto& b : cls.bases) names += (names.empty() ? "" : ", ") + b->name;
            in.raise(in.exc.TypeError, "Cannot create a consistent method resolution order (MRO) for bases " + names,
                     cls.loc);
        }
        out.push_back(pick);
        for (auto& s : seqs)
            if (s.front() == pick) s.erase(s.begin());
    }
}

}  // namespace

Ref<ClassObject> Interpreter::make_class(const std::string& name, const std::vector<Ref<ClassObject>>& bases,
                                         const std::string& module_name) {
    Ref<ClassObject> c(new ClassObject());
    c->name = name;
    c->qualname = name;
    c->module_name = module_name;
    c->dict = make_dict();
    c->bases = bases;
    if (c->bases.empty() && types.object) c->bases.push_back(types.object);
    c->mro = c3_merge(*this, *c);
    for (auto& b : c->bases)
        if (b->is_exception) c->is_exception = true;
    return c;
}

void Interpreter::add_method(ClassObject& cls, const std::string& name, NativeFn fn) {
    cls.dict->set_str(name, make_native(cls.name + "." + name, std::move(fn)));
}

void Interpreter::init_types() {
    auto base = [&](const char* name, BuiltinType bt) {
        Ref<ClassObject> c = make_class(name, {});
        c->builtin = bt;
        c->retain();  // built-in types live as long as the process (values point at them)
        return c.get();
    };
    // `object` first: every other class's MRO ends with it.
    Ref<ClassObject> object(new ClassObject());
    object->name = object->qualname = "object";
    object->module_name = "builtins";
    object->dict = make_dict();
    object->mro = {object.get()};
    object->builtin = BuiltinType::Object;
    object->retain();
    types.object = object.get();
    types.type = base("type", BuiltinType::Type);
    types.none = base("NoneType", BuiltinType::NoneType);
    types.int_ = base("int", BuiltinType::Int);
    {
        Ref<ClassObject> b = make_class("bool", {types.int_});
        b->retain();
        types.bool_ = b.get();
    }
    types.bool_->builtin = BuiltinType::Bool;
    types.float_ = base("float", BuiltinType::Float);
    types.str = base("str", BuiltinType::Str);
    types.bytes = base("bytes", BuiltinType::Bytes);
    types.list = base("list", BuiltinType::List);
    types.tuple = base("tuple", BuiltinType::Tuple);
    types.dict = base("dict", BuiltinType::Dict);
    types.set = base("set", BuiltinType::Set);
    types.frozenset = base("frozenset", BuiltinType::FrozenSet);
    types.range = base("range", BuiltinType::Range);
    types.slice = base("slice", BuiltinType::Slice);
    types.function = base("function", BuiltinType::Function);
    types.builtin_function = base("builtin_function_or_method", BuiltinType::BuiltinFunction);
    types.method = base("method", BuiltinType::Method);
    types.module = base("module", BuiltinType::Module);
    types.property = base("property", BuiltinType::Property);
    types.classmethod = base("classmethod", BuiltinType::ClassMethod);
    types.staticmethod = base("staticmethod", BuiltinType::StaticMethod);
    types.super_ = base("super", BuiltinType::Super);
    types.iterator = base("iterator", BuiltinType::Iterator);
    types.cell = base("cell", BuiltinType::Cell);
    types.not_implemented = base("NotImplementedType", BuiltinType::Object);
    not_implemented = Value(new InstanceObject(types.not_implemented));
    ellipsis = Value(new InstanceObject(make_class("ellipsis", {})));

    auto exc_class = [&](const char* name, ClassObject* parent) {
        Ref<ClassObject> c = make_class(name, {parent});
        c->is_exception = true;
        c->builtin = BuiltinType::BaseException;
        c->retain();
        builtins_->set_str(name, Value(c));
        return c.get();
    };
    {
        Ref<ClassObject> b = make_class("BaseException", {});
        b->retain();
        exc.BaseException = b.get();
    }
    exc.BaseException->is_exception = true;
    exc.BaseException->builtin = BuiltinType::BaseException;
    builtins_->set_str("BaseException", Value(exc.BaseException));
    exc.Exception = exc_class("Exception", exc.BaseException);
    exc.ArithmeticError = exc_class("ArithmeticError", exc.Exception);
    exc.ZeroDivisionError = exc_class("ZeroDivisionError", exc.ArithmeticError);
    exc.OverflowError = exc_class("OverflowError", exc.ArithmeticError);
    exc.LookupError = exc_class("LookupError", exc.Exception);
    exc.KeyError = exc_class("KeyError", exc.LookupError);
    exc.IndexError = exc_class("IndexError", exc.LookupError);
    exc.AssertionError = exc_class("AssertionError", exc.Exception);
    exc.AttributeError = exc_class("AttributeError", exc.Exception);
    exc.ImportError = exc_class("ImportError", exc.Exception);
    exc.ModuleNotFoundError = exc_class("ModuleNotFoundError", exc.ImportError);
    exc.NameError = exc_class("NameError", exc.Exception);
    exc.UnboundLocalError = exc_class("UnboundLocalError", exc.NameError);
    exc.RuntimeError = exc_class("RuntimeError", exc.Exception);
    exc.NotImplementedError = exc_class("NotImplementedError", exc.RuntimeError);
    exc.RecursionError = exc_class("RecursionError", exc.RuntimeError);
    exc.StopIteration = exc_class("StopIteration", exc.Exception);
    exc.TypeError = exc_class("TypeError", exc.Exception);
    exc.ValueError = exc_class("ValueError", exc.Exception);
    exc.UnicodeError = exc_class("UnicodeError", exc.ValueError);
    exc.OSError = exc_class("OSError", exc.Exception);
    builtins_->set_str("IOError", Value(exc.OSError));
    builtins_->set_str("EnvironmentError", Value(exc.OSError));
    exc.FileNotFoundError = exc_class("FileNotFoundError", exc.OSError);
    exc.PermissionError = exc_class("PermissionError", exc.OSError);
    exc.Warning = exc_class("Warning", exc.Exception);
    exc.DeprecationWarning = exc_class("DeprecationWarning", exc.Warning);
    exc.UserWarning = exc_class("UserWarning", exc.Warning);
    exc_class("FutureWarning", exc.Warning);
    exc_class("PendingDeprecationWarning", exc.Warning);
    exc_class("RuntimeWarning", exc.Warning);
    exc_class("SyntaxWarning", exc.Warning);
    exc_class("ImportWarning", exc.Warning);
    exc_class("UnicodeWarning", exc.Warning);
    exc_class("ResourceWarning", exc.Warning);
    exc_class("UnicodeDecodeError", exc.UnicodeError);
    exc_class("UnicodeEncodeError", exc.UnicodeError);
    exc_class("ConnectionError", exc.OSError);
    exc_class("TimeoutError", exc.OSError);
    exc_class("FileExistsError", exc.OSError);
    exc_class("IsADirectoryError", exc.OSError);
    exc_class("NotADirectoryError", exc.OSError);
    exc_class("BufferError", exc.Exception);
    exc_class("EOFError", exc.Exception);
    exc_class("MemoryError", exc.Exception);
    exc_class("ReferenceError", exc.Exception);
    exc_class("SystemError", exc.Exception);
    exc_class("FloatingPointError", exc.ArithmeticError);
    exc_class("StopAsyncIteration", exc.Exception);
    exc_class("GeneratorExit", exc.BaseException);
    exc.KeyboardInterrupt = exc_class("KeyboardInterrupt", exc.BaseException);
    exc.SystemExit = exc_class("SystemExit", exc.BaseException);
}

// ---------------------------------------------------------------- classes

Ref<ClassObject> Interpreter::build_class(const std::string& name, std::vector<Value> bases, Ref<DictObject> ns,
                                          const std::string& module_name, SourceLocation loc,
                                          const std::function<void(ClassObject&)>& prepare) {
    Ref<ClassObject> c(new ClassObject());
    c->name = name;
    c->qualname = name;
    c->module_name = module_name;
    c->loc = loc;
    c->dict = ns ? ns : make_dict();
    for (auto& b : bases) {
        if (auto* bc = b.as<ClassObject>()) {
            c->bases.push_back(bc);
            if (bc->is_exception) c->is_exception = true;
        } else if (auto* o = b.as<OpaqueObject>()) {
            // A base from a module orm does not run: the class keeps its place
            // in the program; code that needs the base's meaning reports it.
            c->opaque_bases.push_back(o->name);
        } else if (auto* g = b.host<GenericAliasObject>()) {
            // Generic[T], Base[Model]: the origin class, as __mro_entries__ gives it.
            if (auto* origin = g->origin.as<ClassObject>()) c->bases.push_back(origin);
        } else if (b.host<HostObject>() && b.host<HostObject>()->python_type(*this)) {
            c->bases.push_back(b.host<HostObject>()->python_type(*this));
        } else if (b.host<HostObject>() && b.host<HostObject>()->type_name() == "_SpecialForm") {
            // Generic, Protocol: no base at run time.
        } else {
            raise(exc.TypeError, "a class's bases must be classes, not " + type_name(b) + " (class " + name + ")", loc);
        }
    }
    if (c->bases.empty()) c->bases.push_back(types.object);
    c->mro = c3_merge(*this, *c);
    // Methods defined in the body know their class (zero-argument super()).
    c->dict->for_each([&](const Value&, const Value& v) {
        Value f = v;
        if (auto* cm = f.as<ClassMethodObject>()) f = cm->func;
        else if (auto* sm = f.as<StaticMethodObject>()) f = sm->func;
        else if (auto* p = f.as<PropertyObject>()) f = p->fget;
        if (auto* fn = f.as<FunctionObject>(); fn && !fn->defining_class) fn->defining_class = c;
    });
    if (!c->dict->find_str("__module__")) c->dict->set_str("__module__", make_str(module_name));
    if (const Value* q = c->dict->find_str("__qualname__"))
        if (auto* s = str_of(*q)) c->qualname = *s;
    if (prepare) prepare(*c);
    classes_.push_back(c);
    // Python calls __set_name__ and __init_subclass__ here; the native hooks
    // (declarative bases, Enum) play the metaclass's part.
    std::vector<std::vector<Value>> set_name_calls;   // [__set_name__, descriptor, owner, name]
    c->dict->for_each([&](const Value& k, const Value& v) {
        if (auto* inst = v.as<InstanceObject>())
            if (const Value* f = inst->cls->lookup("__set_name__")) set_name_calls.push_back({*f, v, Value(c), k});
    });
    for (auto& call_args : set_name_calls)
        call(call_args[0], std::vector<Value>(call_args.begin() + 1, call_args.end()), loc);
    // __init_subclass__ and __class_getitem__ are classmethods even when written as plain functions.
    for (const char* implicit : {"__init_subclass__", "__class_getitem__"})
        if (Value* f = c->dict->find_str(implicit); f && f->is(ObjKind::Function)) *f = Value(new ClassMethodObject(*f));
    for (size_t i = 1; i < c->mro.size(); ++i) {
        ClassObject* b = c->mro[i];
        if (!b->dict) continue;
        const Value* f = b->dict->find_str("__init_subclass__");
        if (!f) continue;
        CallArgs args;
        args.pos.push_back(Value(c));
        args.bound = 1;
        args.loc = loc;
        for (auto& kw : c->keywords)
            if (kw.first != "metaclass") args.kw.push_back(kw);
        if (auto* cm = f->as<ClassMethodObject>()) call(cm->func, args);
        else if (f->is(ObjKind::Native)) call(*f, args);
        break;
    }
    if (NativeClassHooks* h = c->hooks_in_mro()) h->on_subclass(*this, *c, loc);
    return c;
}

ClassObject* Interpreter::type_of(const Value& v) {
    switch (v.tag()) {
        case Value::Tag::None: return types.none;
        case Value::Tag::Bool: return types.bool_;
        case Value::Tag::Int: return types.int_;
        case Value::Tag::Float: return types.float_;
        case Value::Tag::Obj: break;
    }
    switch (v.obj()->kind()) {
        case ObjKind::Str: return types.str;
        case ObjKind::Bytes: return types.bytes;
        case ObjKind::BigInt: return types.int_;
        case ObjKind::List: return types.list;
        case ObjKind::Tuple: return types.tuple;
        case ObjKind::Dict: return types.dict;
        case ObjKind::Set: return types.set;
        case ObjKind::FrozenSet: return types.frozenset;
        case ObjKind::Range: return types.range;
        case ObjKind::Slice: return types.slice;
        case ObjKind::Function: return types.function;
        case ObjKind::Native: return types.builtin_function;
        case ObjKind::BoundMethod: return types.method;
        case ObjKind::Class: return types.type;
        case ObjKind::Instance: return v.as<InstanceObject>()->cls.get();
        case ObjKind::Module: return types.module;
        case ObjKind::Cell: return types.cell;
        case ObjKind::Iterator: return types.iterator;
        case ObjKind::Property: return types.property;
        case ObjKind::ClassMethod: return types.classmethod;
        case ObjKind::StaticMethod: return types.staticmethod;
        case ObjKind::Super: return types.super_;
        case ObjKind::Opaque: return types.object;
        case ObjKind::Host:
            if (ClassObject* c = v.host<HostObject>()->python_type(*this)) return c;
            return types.object;
    }
    return types.object;
}

bool Interpreter::isinstance(const Value& v, const ClassObject* cls) {
    if (cls == types.object) return true;
    if (cls == types.int_ && v.is_bool()) return true;
    ClassObject* t = type_of(v);
    return t->is_subclass_of(cls);
}

std::string Interpreter::type_name(const Value& v) {
    if (auto* h = v.host<HostObject>(); h && !h->python_type(*this)) return h->type_name();
    if (auto* o = v.as<OpaqueObject>()) return o->name;
    if (auto* it = v.as<IteratorObject>()) return it->type_name();
    return type_of(v)->name;
}

// ---------------------------------------------------------------- errors

Value Interpreter::make_exception(ClassObject* type, std::vector<Value> args) {
    Ref<InstanceObject> e(new InstanceObject(type));
    e->attrs().set_str("args", make_tuple(std::move(args)));
    return Value(e);
}

SourceLocation Interpreter::current_location() const { return frame_ ? frame_->loc : SourceLocation{}; }

void Interpreter::raise(ClassObject* type, const std::string& message, SourceLocation loc) {
    raise_value(make_exception(type, {make_str(message)}), loc);
}

void Interpreter::raise_value(const Value& exception, SourceLocation loc) {
    if (!loc.known()) loc = current_location();
    std::string message = type_name(exception);
    std::string text;
    if (auto* inst = exception.as<InstanceObject>()) {
        const Value* args = inst->dict ? inst->dict->find_str("args") : nullptr;
        auto* tuple = args ? args->as<TupleObject>() : nullptr;
        if (tuple && tuple->items.size() == 1) {
            text = inst->cls->is_subclass_of(exc.KeyError) ? repr(tuple->items[0]) : str(tuple->items[0]);
        } else if (tuple && tuple->items.size() > 1) {
            text = repr(*args);
        }
    }
    if (!text.empty()) message += ": " + text;
    throw PythonException(exception, message, loc);
}

void Interpreter::budget_exceeded() {
    SourceLocation loc = current_location();
    std::string message = "the code ran past orm's step budget (" + std::to_string(options_.step_budget) +
                          " statements, loop iterations and calls): an endless loop, or work too large to run here";
    if (loc.file) throw InputError(message, loc.file->shared_from_this(), loc);
    throw InputError(message);
}

// ---------------------------------------------------------------- environment

std::optional<std::string> Interpreter::getenv(const std::string& name) {
    if (env_read_set_.insert(name).second) env_reads_.push_back(name);
    return options_.getenv(name);
}

void Interpreter::print(const std::string& text) { options_.print(text); }

void Interpreter::warn(const std::string& message) {
    if (!warned_.insert(message).second) return;  // once per message (and so per location)
    if (options_.warn) options_.warn(message);
    else warnings_.push_back(message);
}

void Interpreter::warn(SourceLocation loc, const std::string& message) {
    warn((loc.file ? format_position(*loc.file, loc) + ": " : std::string()) + message);
}

void Interpreter::opaque_used(const OpaqueObject& o, const char* taken_as, SourceLocation loc) {
    if (!loc.known()) loc = current_location();
    std::string what = "'" + o.name + "' comes from module '" + o.module + "', which orm does not run";
    if (options_.strict_opaque) {
        std::string question = std::string(taken_as) == "false" ? "whether '" + o.name + "' is true"
                                                               : "what '" + o.name + "' holds";
        std::string message = "cannot tell " + question + ": it comes from module '" + o.module +
                              "', which orm does not run (implement it natively, give orm a stub with --python-path, "
                              "or give orm the schema as JSON with --models schema.json)";
        if (loc.file) throw InputError(message, loc.file->shared_from_this(), loc);
        throw InputError(message);
    }
    warn(loc, what + "; orm took it as " + taken_as);
}

bool Interpreter::exception_would_be_caught(ClassObject* exception_type) {
    for (auto it = try_stack_.rbegin(); it != try_stack_.rend(); ++it) {
        for (auto& h : it->first->handlers) {
            if (!h.type) return true;
            try {
                Value t = detail::eval_expr(*this, *h.type, *it->second);
                std::vector<Value> types = t.is(ObjKind::Tuple) ? t.as<TupleObject>()->items : std::vector<Value>{t};
                for (auto& x : types)
                    if (auto* c = x.as<ClassObject>(); c && exception_type->is_subclass_of(c)) return true;
            } catch (const PythonException&) {
                // An except clause that cannot be evaluated catches nothing here.
            }
        }
    }
    return false;
}

void Interpreter::allow_clock_and_randomness() {
    options_.clock_micros = []() -> std::optional<std::int64_t> {
        return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    };
    options_.random_bytes = [] {
        static std::random_device device;
        std::array<std::uint8_t, 16> out{};
        for (auto& b : out) b = static_cast<std::uint8_t>(device());
        return out;
    };
}

std::string suggest_name(const std::string& wrong, const std::vector<std::string>& candidates) {
    // As CPython's _Py_CalculateSuggestions: moves cost 2, case changes 1.
    constexpr std::size_t kMove = 2, kCase = 1;
    auto distance = [&](const std::string& a, const std::string& b, std::size_t limit) -> std::size_t {
        std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j * kMove;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            cur[0] = i * kMove;
            std::size_t row_min = cur[0];
            for (std::size_t j = 1; j <= b.size(); ++j) {
                char x = a[i - 1], y = b[j - 1];
                std::size_t sub = x == y ? 0 : (std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)) ? kCase : kMove);
                cur[j] = std::min({prev[j] + kMove, cur[j - 1] + kMove, prev[j - 1] + sub});
                row_min = std::min(row_min, cur[j]);
            }
            if (row_min > limit) return limit + 1;
            std::swap(prev, cur);
        }
        return prev[b.size()];
    };
    std::string best;
    std::size_t best_distance = SIZE_MAX;
    for (auto& c : candidates) {
        if (c == wrong || c.empty()) continue;
        std::size_t max_distance = (std::max(wrong.size(), c.size()) + 3) * kMove / 6;
        if (c.size() > wrong.size() + max_distance || wrong.size() > c.size() + max_distance) continue;
        std::size_t d = distance(wrong, c, std::min(max_distance, best_distance));
        if (d <= max_distance && d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

void check_args(Interpreter& in, const CallArgs& args, const std::string& name, std::size_t min, std::size_t max,
                std::initializer_list<std::string_view> keywords) {
    if (args.pos.size() < min || args.pos.size() > max) {
        std::string expected = min == max ? std::to_string(min) : max == SIZE_MAX ? "at least " + std::to_string(min)
                               : "from " + std::to_string(min) + " to " + std::to_string(max);
        in.raise(in.exc.TypeError, name + "() takes " + expected + " positional argument" + (max == 1 ? "" : "s") +
                                      " but " + std::to_string(args.pos.size()) + " were given", args.loc);
    }
    for (auto& [k, v] : args.kw) {
        bool ok = false;
        for (auto& allowed : keywords)
            if (allowed == k) ok = true;
        if (!ok) in.raise(in.exc.TypeError, name + "() got an unexpected keyword argument '" + k + "'", args.loc);
    }
}

}  // namespace orm::python
