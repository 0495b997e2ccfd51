// The interpreter: runs the Python that SQLAlchemy projects write, natively
// and hermetically (the model is Starlark, Bazel's Python dialect): statements
// and built-in types run as in Python 3.11, user code has no file, network,
// process or clock access, and a step budget and a recursion limit bound
// every run. Higher layers add native modules (sqlalchemy, alembic, ...) and
// host objects; see doc/interpreter.md for what runs and what does not.
//
// A Python exception that escapes user code is a PythonException (an
// orm::Error of kind invalid input) carrying the exception value and the
// frames it passed through, innermost first, each with file:line:col.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "orm/core/error.hpp"
#include "orm/python/objects.hpp"
#include "orm/python/resolver.hpp"

namespace orm::python {

struct InterpreterOptions {
    // Statements, loop iterations and calls a run may take before it stops.
    std::uint64_t step_budget = 100'000'000;
    // Nested Python calls.
    int recursion_limit = 250;
    // os.environ / os.getenv: the variable's value, or nullopt. Defaults to the process environment.
    std::function<std::optional<std::string>(const std::string&)> getenv;
    // Where print() writes; default: standard error (standard output is for results).
    std::function<void(const std::string&)> print;
    // A value from a module orm does not run, used as a truth value, an
    // iterable or a length: strict, an error; otherwise taken as false/empty/0
    // with a warning naming where (what the stand-ins of such modules give).
    bool strict_opaque = false;
    // Warnings about what orm treats differently from Python (a missing
    // module made opaque); default: collected, see Interpreter::warnings().
    std::function<void(const std::string&)> warn;
    // The clock, for datetime.now()/utcnow()/date.today() and time.time():
    // microseconds since the epoch, UTC. Unset (or nullopt): user code has no
    // clock, and reading it raises RuntimeError (models and migrations run
    // hermetically; a seed that computes defaults allows it).
    std::function<std::optional<std::int64_t>()> clock_micros;
    // Randomness, for uuid.uuid4()/uuid1(): 16 random bytes. Unset: raises RuntimeError.
    std::function<std::array<std::uint8_t, 16>()> random_bytes;
};

// Thrown by native code that needs the clock or randomness while the run
// has none (see InterpreterOptions::clock_micros): the native call it
// happens in gives an opaque value instead, with a warning.
struct NotHermetic {
    std::string what;   // "the clock", "randomness"
};

// One frame of a Python traceback.
struct TraceEntry {
    std::string function;   // "<module>", "upgrade", "Mixin.__tablename__"
    SourceLocation loc;
};

// A Python exception that reached native code (and, uncaught, the user).
class PythonException : public Error {
public:
    PythonException(Value value, std::string message, SourceLocation loc);
    ErrorCategory category() const override { return ErrorCategory::invalid_input; }
    const Value& value() const { return value_; }
    const std::string& message() const { return message_; }   // "KeyError: 'x'"
    const SourceLocation& location() const { return loc_; }    // where it was raised
    std::vector<TraceEntry> trace;   // innermost first
    // The rendered error: position, message, snippet and the frames above.
    std::string render() const;

private:
    Value value_;
    std::string message_;
    SourceLocation loc_;
};

// Execution state of one function call, class body or module body.
struct Frame {
    const ScopeInfo* scope = nullptr;
    ModuleObject* module = nullptr;
    DictObject* globals = nullptr;
    DictObject* class_ns = nullptr;                       // a class body's namespace
    std::vector<Value> slots;
    const std::vector<Ref<CellObject>>* closure = nullptr;
    FunctionObject* function = nullptr;
    Frame* back = nullptr;
    std::string name;
    SourceLocation loc;                                   // the statement running
    Value return_value;
    std::vector<Value>* yields = nullptr;                 // a generator's values, collected as it runs
    // A class body: its annotated names, as written, in order.
    std::vector<std::pair<std::string, const Expr*>>* annotations = nullptr;
};

class Interpreter {
public:
    explicit Interpreter(InterpreterOptions options = {});
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    // The interpreter running on this thread (set while any Interpreter exists).
    static Interpreter& current();

    // ------------------------------------------------------------ types
    struct Types {
        ClassObject *object, *type, *none, *bool_, *int_, *float_, *str, *bytes, *list, *tuple, *dict, *set,
            *frozenset, *range, *slice, *function, *builtin_function, *method, *module, *property, *classmethod,
            *staticmethod, *super_, *iterator, *cell, *not_implemented;
    } types{};
    struct Exceptions {
        ClassObject *BaseException, *Exception, *ArithmeticError, *ZeroDivisionError, *OverflowError,
            *LookupError, *KeyError, *IndexError, *AssertionError, *AttributeError, *ImportError,
            *ModuleNotFoundError, *NameError, *UnboundLocalError, *NotImplementedError, *RuntimeError,
            *RecursionError, *StopIteration, *TypeError, *ValueError, *UnicodeError, *OSError,
            *FileNotFoundError, *PermissionError, *Warning, *DeprecationWarning, *UserWarning,
            *KeyboardInterrupt, *SystemExit;
    } exc{};
    Value not_implemented;   // the NotImplemented singleton
    Value ellipsis;          // the Ellipsis singleton

    // A new class made natively (a built-in type, a native module's class).
    Ref<ClassObject> make_class(const std::string& name, const std::vector<Ref<ClassObject>>& bases,
                                const std::string& module_name = "builtins");
    // Adds a native method to a class's dict.
    void add_method(ClassObject& cls, const std::string& name, NativeFn fn);

    // ------------------------------------------------------------ modules
    // Directories absolute imports resolve from (the project root first).
    void add_root(const std::string& directory);
    const std::vector<std::string>& roots() const { return roots_; }
    // A module implemented natively: `init` fills its dict when it is first imported.
    using ModuleInit = std::function<void(Interpreter&, ModuleObject&)>;
    void register_module(const std::string& name, ModuleInit init);
    // A module orm implements in Python source of its own (a library's API
    // written on top of the native modules): run when first imported.
    void register_source_module(const std::string& name, std::string source, bool is_package = false);
    // Imports a dotted module, its packages first; each module runs once.
    // Project modules come from the roots, native ones from the registry,
    // anything else is an opaque module. Raises ModuleNotFoundError for a
    // missing module inside a project package.
    Ref<ModuleObject> import_module(const std::string& name, SourceLocation at);
    // The module named, when already imported.
    ModuleObject* loaded_module(const std::string& name) const;
    // As CPython's site module does at start-up: a module `sitecustomize` in
    // one of the roots is imported, so that a project can set up what its
    // application sets before its models or revisions run (a config value
    // the application assigns at start-up). Returns whether there was one.
    bool import_site_customize();
    // Runs a source file as module `name` (registered before it runs, as Python does).
    Ref<ModuleObject> run_file(const std::string& name, const std::shared_ptr<const SourceFile>& source,
                               bool is_package, const std::string& directory);
    // Every module imported, in import order.
    const std::vector<Ref<ModuleObject>>& modules() const { return module_order_; }
    // Project source files read so far.
    int files_read() const { return files_read_; }
    // What orm treated differently from Python, in order (when no warn option is set).
    const std::vector<std::string>& warnings() const { return warnings_; }
    void warn(const std::string& message);
    // The same, prefixed with "file:line:col: " when `loc` names its file.
    void warn(SourceLocation loc, const std::string& message);
    // An opaque value used where its meaning is needed (see strict_opaque):
    // throws InputError when strict, else warns once per location.
    void opaque_used(const OpaqueObject& o, const char* taken_as, SourceLocation loc);
    // The try statements running, innermost last (exec.cpp pushes and pops them).
    std::vector<std::pair<const Try*, Frame*>>& try_stack() { return try_stack_; }
    // True when an active `except` would catch `exception_type` (bare except included).
    bool exception_would_be_caught(ClassObject* exception_type);
    // Every class made (class statements, type()), in order.
    const std::vector<Ref<ClassObject>>& classes() const { return classes_; }
    // The environment variables user code read, in first-read order (for `orm config`).
    const std::vector<std::string>& environment_reads() const { return env_reads_; }
    std::optional<std::string> getenv(const std::string& name);
    // Gives code run from now on the real clock and randomness (a seed
    // evaluating Python-side defaults such as datetime.now or uuid.uuid4);
    // models and migrations run without them.
    void allow_clock_and_randomness();
    void print(const std::string& text);

    // ------------------------------------------------------------ the protocol
    Value call(const Value& callee, CallArgs& args);
    Value call(const Value& callee, std::vector<Value> pos, SourceLocation loc = {});
    // call() without the opaque-argument rule (calls.cpp).
    Value call_unchecked(const Value& callee, CallArgs& args);
    Value getattr(const Value& obj, std::string_view name, SourceLocation loc);
    // nullopt where getattr raises AttributeError.
    std::optional<Value> getattr_opt(const Value& obj, std::string_view name, SourceLocation loc);
    void setattr(const Value& obj, std::string_view name, const Value& value, SourceLocation loc);
    void delattr(const Value& obj, std::string_view name, SourceLocation loc);
    Value getitem(const Value& obj, const Value& key, SourceLocation loc);
    void setitem(const Value& obj, const Value& key, const Value& value, SourceLocation loc);
    void delitem(const Value& obj, const Value& key, SourceLocation loc);
    bool truthy(const Value& v, SourceLocation loc);
    Value binary(BinaryOperator op, const Value& a, const Value& b, SourceLocation loc);
    Value compare(CompareOperator op, const Value& a, const Value& b, SourceLocation loc);
    bool equal(const Value& a, const Value& b);
    bool less(const Value& a, const Value& b, SourceLocation loc);
    bool contains(const Value& container, const Value& item, SourceLocation loc);
    Value unary(UnaryOperator op, const Value& v, SourceLocation loc);
    // An iterator over `v`; raises TypeError when it is not iterable.
    Ref<IteratorObject> iter(const Value& v, SourceLocation loc);
    // Iterates `v`, calling `f` with each item; stops early when f returns false.
    void for_each(const Value& v, SourceLocation loc, const std::function<bool(const Value&)>& f);
    std::vector<Value> to_vector(const Value& v, SourceLocation loc);
    std::string repr(const Value& v);
    // repr() without looking for a __repr__ (object.__repr__).
    std::string default_repr(const Value& v);
    std::string str(const Value& v);
    std::uint64_t hash(const Value& v);
    std::int64_t len(const Value& v, SourceLocation loc);
    ClassObject* type_of(const Value& v);
    bool isinstance(const Value& v, const ClassObject* cls);
    std::string type_name(const Value& v);
    // format(value, spec) as Python's format() builtin.
    std::string format(const Value& v, const std::string& spec, SourceLocation loc);

    // ------------------------------------------------------------ errors
    // Raises a Python exception of `type` with one string argument.
    [[noreturn]] void raise(ClassObject* type, const std::string& message, SourceLocation loc = {});
    [[noreturn]] void raise_value(const Value& exception, SourceLocation loc);
    // An exception instance of `type` with args.
    Value make_exception(ClassObject* type, std::vector<Value> args);
    // The location of the innermost Python statement running (for native code's errors).
    SourceLocation current_location() const;
    // Counts one step; stops the run when the budget is spent.
    void step() {
        if (++steps_ > options_.step_budget) budget_exceeded();
    }
    std::uint64_t steps() const { return steps_; }
    // Native code about to recurse (repr of nested containers, ...): raises RecursionError past the limit.
    struct DepthGuard {
        Interpreter& in;
        explicit DepthGuard(Interpreter& i);
        ~DepthGuard() { --in.native_depth_; }
    };

    // ------------------------------------------------------------ running code
    // Calls a Python function object with already-evaluated arguments.
    Value call_function(FunctionObject& f, CallArgs& args);
    // Calls a class: makes an instance (native hooks, built-in bases) and runs __init__.
    Value instantiate(ClassObject& cls, CallArgs& args);
    // A class attribute as seen through `self` (methods bound, properties read).
    Value bind_attribute(const Value& attr, const Value& self, ClassObject& owner, SourceLocation loc);
    // Constructors of the built-in types (int(), str(), list(), ...), by class.
    std::unordered_map<const ClassObject*, NativeFn> builtin_constructors;
    // Builds a class as the class statement would: C3 MRO, namespace, hooks.
    // `prepare` (optional) fills the class's statement-level details (keywords,
    // annotations) before the native hooks see it.
    Ref<ClassObject> build_class(const std::string& name, std::vector<Value> bases, Ref<DictObject> ns,
                                 const std::string& module_name, SourceLocation loc,
                                 const std::function<void(ClassObject&)>& prepare = {});
    Frame* frame() const { return frame_; }
    DictObject& builtins() { return *builtins_; }

    // Evaluates an expression of a class body or module later, where it was
    // written (an annotation SQLAlchemy reads when it maps the class).
    Value eval_in(const Expr& e, ModuleObject& module, DictObject* class_ns);

private:
    friend struct DepthGuard;
    InterpreterOptions options_;
    std::uint64_t steps_ = 0;
    int depth_ = 0;
    int native_depth_ = 0;
    // The stack address where the outermost Python call began: nested calls
    // and native recursion stop with RecursionError before they use more of
    // the thread's stack than stack_budget() allows, whatever their frames
    // weigh (sanitizer builds' frames are several times larger).
    std::uintptr_t stack_base_ = 0;
    bool stack_exhausted() const;
    Frame* frame_ = nullptr;
    Ref<DictObject> builtins_;
    std::vector<std::string> roots_;
    std::map<std::string, ModuleInit> native_modules_;
    std::map<std::string, std::pair<std::string, bool>> source_modules_;
    std::unordered_map<std::string, Ref<ModuleObject>> modules_;
    std::vector<Ref<ModuleObject>> module_order_;
    int files_read_ = 0;
    std::vector<std::string> env_reads_;
    std::set<std::string> env_read_set_;
    std::vector<Value> handling_;   // exceptions being handled (for a bare `raise`)
    std::vector<Ref<ClassObject>> classes_;
    std::vector<std::string> warnings_;
    std::set<std::string> warned_;
    std::vector<std::pair<const Try*, Frame*>> try_stack_;
    Interpreter* previous_ = nullptr;

    [[noreturn]] void budget_exceeded();
    void init_types();
    void init_builtins();
    Ref<ModuleObject> load_module(const std::string& name, ModuleObject* parent, SourceLocation at);
    Ref<ModuleObject> make_opaque_module(const std::string& name, SourceLocation at);

public:
    // Used by the evaluator (exec.cpp); not for other layers.
    std::vector<Value>& handling() { return handling_; }
    int& depth() { return depth_; }
    void set_frame(Frame* f) { frame_ = f; }
    const InterpreterOptions& options() const { return options_; }
};

// Raises TypeError unless `args` has at most `max` positionals and no
// keywords outside `keywords`; `name` names the callee in the message.
void check_args(Interpreter& in, const CallArgs& args, const std::string& name, std::size_t min, std::size_t max,
                std::initializer_list<std::string_view> keywords = {});

// CPython 3.11's "Did you mean" suggestion for a mistyped name: the
// candidate nearest by its edit distance (a case change costing half a
// letter), or "" when none is near enough.
std::string suggest_name(const std::string& wrong, const std::vector<std::string>& candidates);

// Python's repr of a str: quotes chosen as Python chooses, escapes as Python writes them.
std::string repr_string(std::string_view s);
// Python's repr of a float ('0.1', '1e+16', 'inf', 'nan').
std::string repr_float(double d);

}  // namespace orm::python
