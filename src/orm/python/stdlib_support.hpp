// Support for the standard modules whose objects are values (datetime,
// decimal, uuid): their classes are native classes whose instances carry a
// C++ payload (an InstanceObject subclass), so that Python code can subclass
// them, compare them in containers (the interpreter's equality consults
// __eq__ of instances) and use them as dict keys. Internal to the python
// layer.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "orm/python/interpreter.hpp"

namespace orm::python::support {

// Binds a native function's arguments (after the first `skip` positionals,
// e.g. self) to `names`: positionals first, then keywords. Missing optional
// parameters are nullptr. Raises TypeError as CPython's argument parsing
// does; `fname` empty words the messages "function ..." as CPython's
// constructors do.
std::vector<const Value*> bind_args(Interpreter& in, const CallArgs& a, std::size_t skip, std::string_view fname,
                                    std::initializer_list<std::string_view> names, std::size_t required,
                                    std::size_t max_positional = static_cast<std::size_t>(-1));

// An integer argument (int, bool, or an int subclass such as an IntEnum
// member); anything else is CPython's "cannot be interpreted as an integer".
std::int64_t int_arg(Interpreter& in, const Value& v, SourceLocation loc);
// The int a value stands for, when it is one (int, bool, int subclass instance).
std::optional<std::int64_t> int_of(const Value& v);

// A class of a native module, with its __module__ set (as Python's classes have it).
Ref<ClassObject> make_module_class(Interpreter& in, const std::string& name, const std::vector<Ref<ClassObject>>& bases,
                                   const std::string& module);

// Makes an instance of `cls` (the native class or a Python subclass) from
// the constructor's arguments (without the class).
using PayloadMaker = std::function<Ref<InstanceObject>(Interpreter&, ClassObject& cls, CallArgs& args)>;

// Makes `cls` a native class whose instances `make` builds: calling it (or
// a subclass), `cls.__new__(sub, ...)` from a subclass's own __new__, and a
// subclass's own __init__ all work as in Python.
void install_payload_class(Interpreter& in, ClassObject& cls, PayloadMaker make);

// Adds __hash__ to a native class. (The interpreter does not call a native
// function found as an instance's __hash__ — that is how a str subclass
// hashes as its str — so the method is held by a descriptor.)
void add_hash_method(Interpreter& in, ClassObject& cls, std::function<std::int64_t(Interpreter&, const Value&)> hash);

// A module-level function: `name` in the module's dict, named `module.name` in tracebacks.
void add_function(DictObject& d, const std::string& module, const char* name, NativeFn fn);
void add_classmethod(ClassObject& cls, const std::string& name, NativeFn fn);
void add_staticmethod(ClassObject& cls, const std::string& name, NativeFn fn);
// A read-only attribute computed from the instance (a property).
void add_getter(ClassObject& cls, const std::string& name, std::function<Value(Interpreter&, const Value&)> get);

// The payload of `v` as T (an InstanceObject subclass), or nullptr.
template <class T>
T* payload(const Value& v) {
    return v.is(ObjKind::Instance) ? dynamic_cast<T*>(v.obj()) : nullptr;
}

// `self` of a native method as T; TypeError (as CPython's descriptors raise) when it is not one.
template <class T>
T& self_as(Interpreter& in, const CallArgs& a, const char* method, const char* type) {
    T* p = a.pos.empty() ? nullptr : payload<T>(a.pos[0]);
    if (!p)
        in.raise(in.exc.TypeError, std::string("descriptor '") + method + "' requires a '" + type + "' object", a.loc);
    return *p;
}

// The non-hermetic sources, through the interpreter's hooks: microseconds
// since the epoch (UTC), and 16 random bytes. Raise RuntimeError when the
// caller did not allow them.
std::int64_t clock_micros(Interpreter& in, SourceLocation loc);
std::array<std::uint8_t, 16> random_bytes(Interpreter& in, SourceLocation loc);

// Registration of each module (called by register_datetime_modules).
void register_datetime(Interpreter& in);
void register_time(Interpreter& in);
void register_decimal(Interpreter& in);
void register_uuid(Interpreter& in);
void register_json(Interpreter& in);
void register_hashlib(Interpreter& in);
void register_base64(Interpreter& in);  // base64 and secrets
// os.urandom(size) (stdlib_base64.cpp), through the randomness hook.
Value os_urandom(Interpreter& in, CallArgs& a);

}  // namespace orm::python::support
