// The syntax tree of the Python subset that models files, migration scripts
// and query expressions are written in. It mirrors CPython's `ast` module
// (same node names and fields) so that readers of this tree can be checked
// against Python's own semantics. Every node carries its source location.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/python/value.hpp"

namespace orm::python {

struct ScopeInfo;  // resolver.hpp: a function's, class's or module's names

// Where a name lives, as the resolver decided (resolver.hpp): starlark's
// Local / Cell / Free / Global, plus Python's class-body rules.
enum class NameScope : std::uint8_t {
    Unresolved,
    Local,       // a slot of the function's frame
    Cell,        // a slot holding a cell (captured by an inner function)
    Free,        // a cell of the function's closure
    Global,      // the module's dict, then builtins
    ClassLocal,  // a class body: the class namespace, then globals, then builtins
    ClassFree,   // a class body: the class namespace, then a closure cell
};

// ---------------------------------------------------------------- expressions

enum class ExprKind {
    Name, Constant, JoinedStr, Attribute, Call, Subscript, Slice, Starred,
    List, Tuple, Set, Dict, Lambda, UnaryOp, BinOp, BoolOp, Compare, IfExp,
    Comprehension, NamedExpr, Await, Yield,
};

struct Expr {
    ExprKind kind;
    SourceLocation loc;
    explicit Expr(ExprKind k) : kind(k) {}
    virtual ~Expr() = default;

    // `e.as<Call>()` is the node as a Call, or nullptr when it is another kind.
    template <class T> const T* as() const { return kind == T::static_kind ? static_cast<const T*>(this) : nullptr; }
    template <class T> T* as() { return kind == T::static_kind ? static_cast<T*>(this) : nullptr; }
};
using ExprPtr = std::unique_ptr<Expr>;

struct Name : Expr {
    static constexpr ExprKind static_kind = ExprKind::Name;
    Name() : Expr(static_kind) {}
    std::string id;
    // Set by the resolver before the code runs.
    mutable NameScope scope = NameScope::Unresolved;
    mutable int index = -1;   // slot (Local, Cell) or closure index (Free, ClassFree)
};

enum class ConstantKind { None, True, False, Ellipsis, Int, Float, Imaginary, String, Bytes };

// A literal. For strings and bytes `value` is the decoded content (escapes
// resolved, implicit concatenation joined). For numbers `value` is the
// literal's text with underscores removed, in the base it was written in
// (e.g. "0x1F", "1.5e3"); `int_value()` gives the integer.
struct Constant : Expr {
    static constexpr ExprKind static_kind = ExprKind::Constant;
    Constant() : Expr(static_kind) {}
    ConstantKind value_kind = ConstantKind::None;
    std::string value;

    // The value of an Int constant; throws InputError (at the literal) beyond int64.
    long long int_value() const;
    bool is_string() const { return value_kind == ConstantKind::String; }
    // The interpreter's value for this literal, made once (python/eval.cpp).
    mutable Value cached;
};

// One piece of an f-string: literal text, or a replacement field
// `{value!conversion:format_spec}` (the spec is itself made of pieces).
struct FStringPart {
    std::string literal;          // a literal piece (escapes resolved)
    std::unique_ptr<Expr> value;  // a replacement field (literal is then empty)
    char conversion = 0;          // 's', 'r', 'a' or 0
    std::vector<FStringPart> format_spec;
    std::string debug_text;       // `{x=}`: the text "x=" printed before the value
};

// An f-string: its pieces in order (implicitly concatenated literals joined).
// `raw` is the text between the quotes as written.
struct JoinedStr : Expr {
    static constexpr ExprKind static_kind = ExprKind::JoinedStr;
    JoinedStr() : Expr(static_kind) {}
    std::string raw;
    std::vector<FStringPart> parts;
};

struct Attribute : Expr {
    static constexpr ExprKind static_kind = ExprKind::Attribute;
    Attribute() : Expr(static_kind) {}
    ExprPtr value;
    std::string attr;
    SourceLocation attr_loc;  // where the attribute name itself stands
};

// `name=value`, or `**value` when name is empty.
struct Keyword {
    std::optional<std::string> name;
    ExprPtr value;
    SourceLocation loc;
};

// A call. `*x` arguments appear in `args` as Starred nodes.
struct Call : Expr {
    static constexpr ExprKind static_kind = ExprKind::Call;
    Call() : Expr(static_kind) {}
    ExprPtr func;
    std::vector<ExprPtr> args;
    std::vector<Keyword> keywords;

    // The keyword argument named `name`, or nullptr.
    const Keyword* keyword(const std::string& name) const;
};

// `value[slice]`; `a[x, y]` has a Tuple as its slice.
struct Subscript : Expr {
    static constexpr ExprKind static_kind = ExprKind::Subscript;
    Subscript() : Expr(static_kind) {}
    ExprPtr value;
    ExprPtr slice;
};

struct Slice : Expr {
    static constexpr ExprKind static_kind = ExprKind::Slice;
    Slice() : Expr(static_kind) {}
    ExprPtr lower, upper, step;  // each may be null
};

struct Starred : Expr {
    static constexpr ExprKind static_kind = ExprKind::Starred;
    Starred() : Expr(static_kind) {}
    ExprPtr value;
};

struct List : Expr {
    static constexpr ExprKind static_kind = ExprKind::List;
    List() : Expr(static_kind) {}
    std::vector<ExprPtr> elts;
};

struct Tuple : Expr {
    static constexpr ExprKind static_kind = ExprKind::Tuple;
    Tuple() : Expr(static_kind) {}
    std::vector<ExprPtr> elts;
    bool parenthesized = false;
};

struct Set : Expr {
    static constexpr ExprKind static_kind = ExprKind::Set;
    Set() : Expr(static_kind) {}
    std::vector<ExprPtr> elts;
};

// `{k: v, **spread}`: a spread entry has a null key.
struct Dict : Expr {
    static constexpr ExprKind static_kind = ExprKind::Dict;
    Dict() : Expr(static_kind) {}
    std::vector<ExprPtr> keys;
    std::vector<ExprPtr> values;
};

// A parameter of a lambda or def: `name`, `name=default`, `*name`, `**name`,
// with an optional annotation. A bare `*` or `/` separator has an empty name.
struct Parameter {
    enum class Kind { Positional, VarPositional, KeywordOnly, VarKeyword, Separator } kind = Kind::Positional;
    std::string name;
    ExprPtr annotation;
    ExprPtr default_value;
    SourceLocation loc;
};

struct Lambda : Expr {
    static constexpr ExprKind static_kind = ExprKind::Lambda;
    Lambda() : Expr(static_kind) {}
    std::vector<Parameter> params;
    ExprPtr body;
    mutable std::shared_ptr<ScopeInfo> scope;   // set by the resolver
};

enum class UnaryOperator { Not, USub, UAdd, Invert };

struct UnaryOp : Expr {
    static constexpr ExprKind static_kind = ExprKind::UnaryOp;
    UnaryOp() : Expr(static_kind) {}
    UnaryOperator op = UnaryOperator::Not;
    ExprPtr operand;
};

enum class BinaryOperator { Add, Sub, Mult, MatMult, Div, FloorDiv, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd };

struct BinOp : Expr {
    static constexpr ExprKind static_kind = ExprKind::BinOp;
    BinOp() : Expr(static_kind) {}
    BinaryOperator op = BinaryOperator::Add;
    ExprPtr left, right;
};

enum class BoolOperator { And, Or };

// `a and b and c`: one node with all operands.
struct BoolOp : Expr {
    static constexpr ExprKind static_kind = ExprKind::BoolOp;
    BoolOp() : Expr(static_kind) {}
    BoolOperator op = BoolOperator::And;
    std::vector<ExprPtr> values;
};

enum class CompareOperator { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

// `a < b <= c`: ops.size() == comparators.size().
struct Compare : Expr {
    static constexpr ExprKind static_kind = ExprKind::Compare;
    Compare() : Expr(static_kind) {}
    ExprPtr left;
    std::vector<CompareOperator> ops;
    std::vector<ExprPtr> comparators;
};

struct IfExp : Expr {
    static constexpr ExprKind static_kind = ExprKind::IfExp;
    IfExp() : Expr(static_kind) {}
    ExprPtr test, body, orelse;
};

// `for target in iter if cond ...` inside a comprehension.
struct ComprehensionFor {
    ExprPtr target;
    ExprPtr iter;
    std::vector<ExprPtr> ifs;
    bool is_async = false;
};

// List/set/dict comprehensions and generator expressions.
struct Comprehension : Expr {
    static constexpr ExprKind static_kind = ExprKind::Comprehension;
    Comprehension() : Expr(static_kind) {}
    enum class Form { List, Set, Dict, Generator } form = Form::List;
    ExprPtr element;  // the key for a dict comprehension
    ExprPtr value;    // dict comprehensions only
    std::vector<ComprehensionFor> generators;
    mutable std::shared_ptr<ScopeInfo> scope;   // set by the resolver
};

struct NamedExpr : Expr {
    static constexpr ExprKind static_kind = ExprKind::NamedExpr;
    NamedExpr() : Expr(static_kind) {}
    ExprPtr target, value;
};

struct Await : Expr {
    static constexpr ExprKind static_kind = ExprKind::Await;
    Await() : Expr(static_kind) {}
    ExprPtr value;
};

// `yield x` / `yield from x`.
struct Yield : Expr {
    static constexpr ExprKind static_kind = ExprKind::Yield;
    Yield() : Expr(static_kind) {}
    ExprPtr value;  // may be null
    bool from = false;
};

// ----------------------------------------------------------------- statements

enum class StmtKind {
    Expr, Assign, AnnAssign, AugAssign, Import, ImportFrom, ClassDef, FunctionDef,
    If, For, While, With, Try, Return, Raise, Pass, Break, Continue, Global,
    Nonlocal, Delete, Assert, Match,
};

struct Stmt {
    StmtKind kind;
    SourceLocation loc;
    explicit Stmt(StmtKind k) : kind(k) {}
    virtual ~Stmt() = default;

    template <class T> const T* as() const { return kind == T::static_kind ? static_cast<const T*>(this) : nullptr; }
    template <class T> T* as() { return kind == T::static_kind ? static_cast<T*>(this) : nullptr; }
};
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct ExprStmt : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Expr;
    ExprStmt() : Stmt(static_kind) {}
    ExprPtr value;
};

// `a = b = value`: targets in source order.
struct Assign : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Assign;
    Assign() : Stmt(static_kind) {}
    std::vector<ExprPtr> targets;
    ExprPtr value;
};

// `target: annotation [= value]`.
struct AnnAssign : Stmt {
    static constexpr StmtKind static_kind = StmtKind::AnnAssign;
    AnnAssign() : Stmt(static_kind) {}
    ExprPtr target;
    ExprPtr annotation;
    ExprPtr value;  // may be null
};

struct AugAssign : Stmt {
    static constexpr StmtKind static_kind = StmtKind::AugAssign;
    AugAssign() : Stmt(static_kind) {}
    ExprPtr target;
    BinaryOperator op = BinaryOperator::Add;
    ExprPtr value;
};

// `name as asname`; in `import a.b.c`, name is "a.b.c".
struct Alias {
    std::string name;
    std::optional<std::string> asname;
    SourceLocation loc;
};

struct Import : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Import;
    Import() : Stmt(static_kind) {}
    std::vector<Alias> names;
};

// `from ..module import a, b as c` (level counts the dots; name "*" for a star import).
struct ImportFrom : Stmt {
    static constexpr StmtKind static_kind = StmtKind::ImportFrom;
    ImportFrom() : Stmt(static_kind) {}
    std::string module;
    int level = 0;
    std::vector<Alias> names;
};

struct ClassDef : Stmt {
    static constexpr StmtKind static_kind = StmtKind::ClassDef;
    ClassDef() : Stmt(static_kind) {}
    std::string name;
    SourceLocation name_loc;
    std::vector<std::string> type_params;   // PEP 695: class C[T]: ...
    std::vector<ExprPtr> bases;
    std::vector<Keyword> keywords;
    std::vector<ExprPtr> decorators;
    Body body;
    mutable std::shared_ptr<ScopeInfo> scope;   // set by the resolver
};

struct FunctionDef : Stmt {
    static constexpr StmtKind static_kind = StmtKind::FunctionDef;
    FunctionDef() : Stmt(static_kind) {}
    std::string name;
    SourceLocation name_loc;
    std::vector<std::string> type_params;   // PEP 695: def f[T](...): ...
    std::vector<Parameter> params;
    ExprPtr returns;  // may be null
    std::vector<ExprPtr> decorators;
    Body body;
    bool is_async = false;
    mutable std::shared_ptr<ScopeInfo> scope;   // set by the resolver
};

struct If : Stmt {
    static constexpr StmtKind static_kind = StmtKind::If;
    If() : Stmt(static_kind) {}
    ExprPtr test;
    Body body;
    Body orelse;  // an `elif` is a nested If as the only statement here
};

struct For : Stmt {
    static constexpr StmtKind static_kind = StmtKind::For;
    For() : Stmt(static_kind) {}
    ExprPtr target, iter;
    Body body, orelse;
    bool is_async = false;
};

struct While : Stmt {
    static constexpr StmtKind static_kind = StmtKind::While;
    While() : Stmt(static_kind) {}
    ExprPtr test;
    Body body, orelse;
};

struct WithItem {
    ExprPtr context_expr;
    ExprPtr optional_vars;  // the `as` target, may be null
};

struct With : Stmt {
    static constexpr StmtKind static_kind = StmtKind::With;
    With() : Stmt(static_kind) {}
    std::vector<WithItem> items;
    Body body;
    bool is_async = false;
};

struct ExceptHandler {
    ExprPtr type;  // may be null for a bare `except:`
    std::optional<std::string> name;
    Body body;
    SourceLocation loc;
};

struct Try : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Try;
    Try() : Stmt(static_kind) {}
    Body body;
    std::vector<ExceptHandler> handlers;
    Body orelse, finalbody;
};

struct Return : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Return;
    Return() : Stmt(static_kind) {}
    ExprPtr value;  // may be null
};

struct Raise : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Raise;
    Raise() : Stmt(static_kind) {}
    ExprPtr exc, cause;  // each may be null
};

// `pass`, `break`, `continue`: no fields beyond the kind.
struct Pass : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Pass;
    Pass() : Stmt(static_kind) {}
};
struct Break : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Break;
    Break() : Stmt(static_kind) {}
};
struct Continue : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Continue;
    Continue() : Stmt(static_kind) {}
};

struct Global : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Global;
    Global() : Stmt(static_kind) {}
    std::vector<std::string> names;
};

struct Nonlocal : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Nonlocal;
    Nonlocal() : Stmt(static_kind) {}
    std::vector<std::string> names;
};

struct Delete : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Delete;
    Delete() : Stmt(static_kind) {}
    std::vector<ExprPtr> targets;
};

struct Assert : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Assert;
    Assert() : Stmt(static_kind) {}
    ExprPtr test, msg;
};

// A `match` statement is recognised but its cases are not modelled: readers
// that meet one where it could matter report an error at its location.
struct Match : Stmt {
    static constexpr StmtKind static_kind = StmtKind::Match;
    Match() : Stmt(static_kind) {}
    ExprPtr subject;
};

// A whole file. The module keeps its source alive so locations can be quoted.
struct Module {
    std::shared_ptr<const SourceFile> source;
    std::optional<std::string> docstring;
    Body body;
    mutable std::shared_ptr<ScopeInfo> scope;   // set by the resolver
};

// A dotted name such as "sa.Column" for Name/Attribute chains, or nullopt
// for any other expression. Readers use it to resolve imported names.
std::optional<std::string> dotted_name(const Expr& e);

}  // namespace orm::python
