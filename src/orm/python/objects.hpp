// The heap objects of the interpreter: Python's built-in types (str, list,
// dict, ...), functions, classes, instances, modules, and the base class of
// host objects that higher layers implement natively (SQLAlchemy's Column,
// Alembic's op, ...). Plain data with a few helpers; what the objects do
// (attribute lookup, calls, operators) lives in the interpreter.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/python/ast.hpp"
#include "orm/python/value.hpp"

namespace orm::python {

class DictObject;
class ModuleObject;
struct ScopeInfo;

// ---------------------------------------------------------------- strings

struct StrObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Str;
    explicit StrObject(std::string s) : Object(static_kind), value(std::move(s)) {}
    std::string value;           // UTF-8
    mutable std::uint64_t hash_cache = 0;
    mutable bool hashed = false;
    // Characters (code points), computed on demand: len(), indexing and slicing count characters.
    std::size_t char_count() const;
    bool is_ascii() const;
};

struct BytesObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Bytes;
    explicit BytesObject(std::string s) : Object(static_kind), value(std::move(s)) {}
    std::string value;
};

// ---------------------------------------------------------------- containers

struct ListObject : Object {
    static constexpr ObjKind static_kind = ObjKind::List;
    ListObject() : Object(static_kind) {}
    explicit ListObject(std::vector<Value> items) : Object(static_kind), items(std::move(items)) {}
    std::vector<Value> items;
};

struct TupleObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Tuple;
    TupleObject() : Object(static_kind) {}
    explicit TupleObject(std::vector<Value> items) : Object(static_kind), items(std::move(items)) {}
    std::vector<Value> items;
};

// Python's hash of a value (str, int, float, tuple, frozenset, identity for
// the rest); the interpreter is needed for instances that define __hash__.
std::uint64_t hash_value(Interpreter& in, const Value& v);
// Python's == for dictionary keys and `in`.
bool values_equal(Interpreter& in, const Value& a, const Value& b);
// The hash of None, numbers, str and bytes; `handled` false for other values.
std::uint64_t builtin_hash(const Value& v, bool& handled);

// An insertion-ordered hash table keyed by Values, as CPython's dict: entries
// in order, an open-addressing index over them. Sets use it with no values.
class DictObject : public Object {
public:
    static constexpr ObjKind static_kind = ObjKind::Dict;
    DictObject() : Object(static_kind) {}
    explicit DictObject(ObjKind kind) : Object(kind) {}

    struct Entry {
        Value key;
        Value value;
        std::uint64_t hash = 0;
        bool live = true;
    };

    std::size_t size() const { return live_; }
    // The value for `key`, or nullptr.
    Value* find(Interpreter& in, const Value& key);
    // A string key, looked up without making a str object.
    Value* find_str(std::string_view key);
    const Value* find_str(std::string_view key) const { return const_cast<DictObject*>(this)->find_str(key); }
    void set(Interpreter& in, const Value& key, Value value);
    void set_str(std::string_view key, Value value);
    bool erase(Interpreter& in, const Value& key);
    bool erase_str(std::string_view key);
    void clear();
    // Live entries in insertion order (skips removed ones).
    template <class F>
    void for_each(F&& f) const {
        for (auto& e : entries_)
            if (e.live) f(e.key, e.value);
    }
    std::vector<Value> keys() const;
    const std::vector<Entry>& raw_entries() const { return entries_; }

private:
    long long probe(std::uint64_t hash, const std::function<bool(const Entry&)>& same) const;
    void insert_index(std::size_t entry);
    void rebuild();
    std::vector<Entry> entries_;
    std::vector<std::int32_t> index_;   // -1 empty; size a power of two
    std::size_t live_ = 0;
};

struct SetObject : DictObject {
    static constexpr ObjKind static_kind = ObjKind::Set;
    SetObject() : DictObject(static_kind) {}
    explicit SetObject(ObjKind k) : DictObject(k) {}
};
struct FrozenSetObject : SetObject {
    static constexpr ObjKind static_kind = ObjKind::FrozenSet;
    FrozenSetObject() : SetObject(static_kind) {}
};

struct RangeObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Range;
    RangeObject(std::int64_t a, std::int64_t b, std::int64_t s) : Object(static_kind), start(a), stop(b), step(s) {}
    std::int64_t start, stop, step;
    std::int64_t length() const;
};

struct SliceObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Slice;
    SliceObject(Value a, Value b, Value s) : Object(static_kind), start(std::move(a)), stop(std::move(b)), step(std::move(s)) {}
    Value start, stop, step;
};

// ---------------------------------------------------------------- callables

// The arguments of a call: positionals (with *spread expanded) and keywords
// (with **spread expanded), the call's location, and the call expression
// when the call was written in source (hosts read argument expressions from
// it, e.g. to keep `order_by=Address.id` as written).
struct CallArgs {
    std::vector<Value> pos;
    std::vector<std::pair<std::string, Value>> kw;
    SourceLocation loc;
    const Call* node = nullptr;
    bool spread = false;   // some argument came from *x or **x (node's args no longer line up)
    std::size_t bound = 0; // leading positionals not written in the call (a bound method's self)

    const Value* kwarg(std::string_view name) const;
    // Keyword `name`, else positional `index`, else nullptr.
    const Value* arg(std::string_view name, std::size_t index) const;
    // The source expression of positional `index` / keyword `name`, when known.
    const Expr* pos_expr(std::size_t index) const;
    const Expr* kw_expr(std::string_view name) const;
};

struct CellObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Cell;
    CellObject() : Object(static_kind) {}
    Value value;
    bool bound = false;
};

// A function defined in Python source (def or lambda).
struct FunctionObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Function;
    FunctionObject() : Object(static_kind) {}
    std::string name, qualname;
    const FunctionDef* def = nullptr;   // one of def / lambda
    const Lambda* lambda = nullptr;
    const std::vector<Parameter>* params = nullptr;
    const ScopeInfo* scope = nullptr;
    Ref<ModuleObject> module;            // its globals
    std::vector<Value> defaults;         // one per parameter with a default, in order (positional and keyword-only)
    std::vector<Ref<CellObject>> closure;
    Ref<ClassObject> defining_class;     // the class whose body defined it (zero-argument super())
    Ref<DictObject> attrs;               // function attributes (f.x = ...), made on demand
    SourceLocation loc;
};

using NativeFn = std::function<Value(Interpreter&, CallArgs&)>;

// A function implemented in C++ (builtins, methods of built-in types, host APIs).
struct NativeObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Native;
    NativeObject(std::string n, NativeFn f) : Object(static_kind), name(std::move(n)), fn(std::move(f)) {}
    std::string name;     // qualified for messages: "str.lower", "sqlalchemy.Column"
    NativeFn fn;
};

// `obj.method`: calling it passes `self` first.
struct BoundMethodObject : Object {
    static constexpr ObjKind static_kind = ObjKind::BoundMethod;
    BoundMethodObject(Value s, Value f) : Object(static_kind), self(std::move(s)), func(std::move(f)) {}
    Value self;
    Value func;
};

struct PropertyObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Property;
    PropertyObject() : Object(static_kind) {}
    Value fget, fset, fdel, doc;
};
struct ClassMethodObject : Object {
    static constexpr ObjKind static_kind = ObjKind::ClassMethod;
    explicit ClassMethodObject(Value f) : Object(static_kind), func(std::move(f)) {}
    Value func;
};
struct StaticMethodObject : Object {
    static constexpr ObjKind static_kind = ObjKind::StaticMethod;
    explicit StaticMethodObject(Value f) : Object(static_kind), func(std::move(f)) {}
    Value func;
};

// ---------------------------------------------------------------- classes

struct InstanceObject;

// What a class implemented natively adds to Python's class machinery: how
// its instances are made (a host payload), and what happens when Python code
// subclasses it (SQLAlchemy's declarative metaclass, Enum's member creation).
// Inherited by subclasses: the nearest class in the MRO with hooks wins.
class NativeClassHooks {
public:
    virtual ~NativeClassHooks() = default;
    // Makes a new, uninitialised instance of `cls` (a subclass of the hooked
    // class, or itself); __init__ runs after. nullptr: a plain InstanceObject.
    virtual Ref<InstanceObject> new_instance(Interpreter& in, ClassObject& cls, CallArgs& args);
    // Called when a class statement (or type()) has created `cls` whose MRO
    // includes the hooked class; `cls` is complete (dict, MRO).
    virtual void on_subclass(Interpreter& in, ClassObject& cls, SourceLocation loc);
    // `cls.name = value` on a hooked class or subclass; false: store it plainly.
    virtual bool on_class_setattr(Interpreter& in, ClassObject& cls, std::string_view name, const Value& value,
                                  SourceLocation loc);
    // An attribute the class does not hold in its dict (a metaclass attribute): nullopt when none.
    virtual std::optional<Value> class_getattr(Interpreter& in, ClassObject& cls, std::string_view name);
    // Calling the class itself, before new_instance/__init__ (Enum("x") lookups); nullopt: a normal call.
    virtual std::optional<Value> class_call(Interpreter& in, ClassObject& cls, CallArgs& args);
    // Iterating the class (Enum classes iterate their members); nullopt: not iterable.
    virtual std::optional<Value> class_iter(Interpreter& in, ClassObject& cls);
    // Subscripting the class (Mapped[int], Enum["NAME"]); nullopt: not subscriptable.
    virtual std::optional<Value> class_getitem(Interpreter& in, ClassObject& cls, const Value& key);
};

// The built-in types the interpreter knows by kind (for values that are not
// instances of a Python class).
enum class BuiltinType : std::uint8_t {
    None_, Object, Type, NoneType, Bool, Int, Float, Str, Bytes, List, Tuple, Dict, Set, FrozenSet,
    Range, Slice, Function, BuiltinFunction, Method, Module, Property, ClassMethod, StaticMethod,
    Super, Iterator, Cell, BaseException,
};

struct ClassObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Class;
    ClassObject() : Object(static_kind) {}
    std::string name, qualname, module_name;
    std::vector<Ref<ClassObject>> bases;
    std::vector<ClassObject*> mro;            // self first; holds no references (bases do)
    Ref<DictObject> dict;
    std::shared_ptr<NativeClassHooks> hooks;  // this class's own hooks (see hooks_in_mro)
    BuiltinType builtin = BuiltinType::None_;  // for the built-in types
    std::vector<std::string> opaque_bases;    // bases that were opaque names, as written
    SourceLocation loc;
    bool is_exception = false;                // a subclass of BaseException
    // From the class statement: keyword arguments after the bases (metaclass=,
    // SQLModel's table=True), and each annotated name with its annotation as
    // written, in order (SQLAlchemy reads Mapped[...] annotations from these).
    std::vector<std::pair<std::string, Value>> keywords;
    std::vector<std::pair<std::string, const Expr*>> annotation_exprs;
    const ClassDef* def = nullptr;

    // The nearest hooks in the MRO, or nullptr.
    NativeClassHooks* hooks_in_mro() const;
    // The attribute in the MRO's dicts, or nullptr (no descriptors applied).
    const Value* lookup(std::string_view name) const;
    bool is_subclass_of(const ClassObject* other) const;
};

// An instance of a Python class. Native classes subclass it to carry a
// payload (SQLAlchemy types, TypeDecorator instances, enum members).
struct InstanceObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Instance;
    explicit InstanceObject(Ref<ClassObject> c) : Object(static_kind), cls(std::move(c)) {}
    Ref<ClassObject> cls;
    Ref<DictObject> dict;     // made on first attribute store
    // For instances of subclasses of built-in types (class Color(str, Enum)):
    // the built-in value they stand for in operators and methods.
    Value builtin_value;

    DictObject& attrs();
    // A native attribute (the payload's), consulted after the dict and class; nullopt when none.
    virtual std::optional<Value> native_getattr(Interpreter& in, std::string_view name);
    virtual std::string native_repr(Interpreter& in) const;
};

// ---------------------------------------------------------------- modules

struct ModuleObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Module;
    ModuleObject() : Object(static_kind) {}
    std::string name;                 // dotted
    Ref<DictObject> dict;             // its globals
    std::shared_ptr<const SourceFile> source;   // null for native and opaque modules
    std::shared_ptr<const python::Module> ast;  // kept alive: functions point into it
    std::string directory;            // a package's directory (for its submodules)
    bool is_package = false;
    bool native = false;
    bool opaque = false;              // a module outside the project that orm does not implement
    bool initialised = false;         // its body ran to the end
    bool future_annotations = false;  // `from __future__ import annotations`: annotations stay strings
    SourceLocation imported_at;       // where it was first imported (for opaque-name messages)
    // Natively implemented modules: an attribute not in the dict (nullopt: AttributeError).
    std::function<std::optional<Value>(Interpreter&, std::string_view)> fallback;
};

// ---------------------------------------------------------------- others

// A name from a module orm does not implement: usable as a value (passed,
// stored, called, its attributes read), an error where its meaning is needed.
struct OpaqueObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Opaque;
    OpaqueObject(std::string n, std::string m, SourceLocation at)
        : Object(static_kind), name(std::move(n)), module(std::move(m)), origin(at) {}
    std::string name;       // "numpy.array", "flask.current_app.config"
    std::string module;     // the module that made it opaque
    SourceLocation origin;  // the import that brought it in
};

struct SuperObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Super;
    SuperObject(Ref<ClassObject> t, Value s, Ref<ClassObject> st)
        : Object(static_kind), start_after(std::move(t)), self(std::move(s)), self_type(std::move(st)) {}
    Ref<ClassObject> start_after;   // search the MRO of self_type after this class
    Value self;
    Ref<ClassObject> self_type;
};

// An iterator: next() gives the next value or nullopt at the end.
struct IteratorObject : Object {
    static constexpr ObjKind static_kind = ObjKind::Iterator;
    IteratorObject() : Object(static_kind) {}
    virtual std::optional<Value> next(Interpreter& in) = 0;
    virtual std::string type_name() const { return "iterator"; }
};

// Host objects: implemented natively by higher layers. Every hook has a
// default that raises the TypeError/AttributeError Python would.
class HostObject : public Object {
public:
    HostObject() : Object(ObjKind::Host) {}
    static constexpr ObjKind static_kind = ObjKind::Host;

    virtual std::string type_name() const = 0;
    virtual std::optional<Value> get_attr(Interpreter& in, std::string_view name);
    virtual bool set_attr(Interpreter& in, std::string_view name, const Value& value);
    virtual Value call(Interpreter& in, CallArgs& args);
    virtual std::optional<Value> get_item(Interpreter& in, const Value& key);
    // obj[key] = value; false: not supported.
    virtual bool set_item(Interpreter& in, const Value& key, const Value& value) { return false; }
    // len(obj); nullopt: no length.
    virtual std::optional<std::int64_t> len(Interpreter& in) { return std::nullopt; }
    // An iterator object (or any iterable) over the object; nullopt: not iterable.
    virtual std::optional<Value> iter(Interpreter& in);
    virtual std::string repr(Interpreter& in) const;
    virtual bool truthy(Interpreter& in) const { return true; }
    // Binary operators (`+`, `==`, `&`, ...): `op` is the dunder name
    // ("__add__", "__eq__", "__and__"); `reflected` when the object is the
    // right operand. nullopt: not supported (Python's NotImplemented).
    virtual std::optional<Value> binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected);
    // Unary operators: "__neg__", "__pos__", "__invert__".
    virtual std::optional<Value> unary_op(Interpreter& in, std::string_view op);
    virtual bool contains(Interpreter& in, const Value& item);
    // An optional Python type for isinstance()/type(); nullptr: an anonymous host type.
    virtual ClassObject* python_type(Interpreter& in) const { return nullptr; }
    // As a class attribute: what `instance.name` (instance None: `Class.name`)
    // gives; nullopt: the object itself (it is no descriptor).
    virtual std::optional<Value> descriptor_get(Interpreter& in, const Value& instance, ClassObject& owner) {
        return std::nullopt;
    }
    // Hashing and equality for use as a dict key; default: identity.
    virtual std::uint64_t hash() const { return reinterpret_cast<std::uintptr_t>(this) * 0x9E3779B97F4A7C15ull; }
};

// ---------------------------------------------------------------- makers

Value make_str(std::string s);
Value make_bytes(std::string s);
Value make_list(std::vector<Value> items = {});
Value make_tuple(std::vector<Value> items = {});
Ref<DictObject> make_dict();
Value make_native(std::string name, NativeFn fn);

// The marker a frame slot holds before its variable is bound (reading it is
// an UnboundLocalError). Never visible to Python code.
Value unbound();
bool is_unbound(const Value& v);

// The str's text; nullptr when `v` is not a str (nor a str-derived instance).
const std::string* str_of(const Value& v);

}  // namespace orm::python
