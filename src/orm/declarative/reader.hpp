// The evaluator's state while one models file is read, and the expression
// evaluator itself. Statements are evaluated in source order, as Python
// would at import time, so a name must be bound before it is used and
// SQLAlchemy's creation-order counter can be emulated exactly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/declarative/models_reader.hpp"
#include "orm/declarative/values.hpp"

namespace orm::declarative {

// A MetaData(...) instance: options as given. Only one instance may own tables.
struct MetaDataInstance {
    std::optional<std::string> schema;
    std::vector<std::pair<std::string, std::string>> naming_convention;
    // naming_convention entries that are functions (custom tokens), as Python values.
    std::vector<std::pair<std::string, python::Value>> naming_functions;
    bool naming_given = false;
    SourceLocation loc;
};

struct Reader;

// Where names are looked up: a class body's namespace (if any), then the
// module's globals. `cls` is the class a declared_attr function runs for.
struct Scope {
    std::vector<std::pair<std::string, Value>>* class_ns = nullptr;
    ClassInfo* cls = nullptr;
    const std::map<std::string, Value>* locals = nullptr;
};

// Evaluated call arguments: positionals (with *spread expanded) and keywords.
struct Args {
    const python::Call* call = nullptr;
    std::vector<Value> pos;
    std::vector<std::pair<std::string, Value>> kw;

    const Value* get(const std::string& name) const;
    // The keyword `name`, or positional `index` when given positionally.
    const Value* get(const std::string& name, size_t index) const;
};

struct Reader {
    std::shared_ptr<const SourceFile> source;
    ModelsFile* out = nullptr;
    std::map<std::string, Value> globals;
    std::vector<std::unique_ptr<ClassInfo>> classes;
    std::vector<MetaDataInstance> metadatas;
    int owning_metadata = -1;       // the instance whose tables the file defines
    int creation_counter = 0;       // SQLAlchemy's global _creation_order
    bool file_is_2_0 = false;       // uses SQLAlchemy 2.0 declarative (mapped_column, DeclarativeBase, Mapped[])
    std::vector<std::string> star_imports;  // modules imported with `from m import *`
    // Each assembled table's columns by key, for Table.c.x and Cls.x lookups.
    std::map<std::string, std::vector<ColumnPtr>> table_columns;
    std::vector<ConstraintPtr> floating_constraints;   // waiting for their columns' table
    // Foreign keys to resolve once the whole file is read.
    struct PendingForeignKey {
        std::string table;          // the referring table's fullname
        size_t constraint = 0;      // index into its foreign_keys
        std::vector<std::string> local_columns;   // local column names, for messages
        std::vector<std::string> targets;         // "table.col" per column ("" when target_columns is used)
        std::vector<ColumnPtr> target_columns;
        std::vector<SourceLocation> locs;
    };
    std::vector<PendingForeignKey> pending_fks;
    bool future_annotations = false;  // `from __future__ import annotations`
    // The first create_engine() URL the models computed (or why it could not be).
    std::optional<std::string> engine_url;
    SourceLocation engine_url_loc;
    std::optional<std::string> engine_url_problem;
    // Other readers of Python files that evaluate SQLAlchemy constructs with
    // this evaluator (migration scripts) answer calls of names it does not
    // know here: given the qualified name ("alembic.op.f", "sqlalchemy.table")
    // and the evaluated arguments, a value, or nullopt to fall through.
    std::function<std::optional<Value>(Reader&, const std::string& qualified, const Args&, SourceLocation)> call_hook;

    [[noreturn]] void fail(const std::string& message, const SourceLocation& loc) const;
    int next_order() { return ++creation_counter; }
    int new_metadata(SourceLocation loc);
    // Makes `instance` the one whose tables this file defines; an error at
    // `loc` when another instance already owns tables.
    void claim_metadata(int instance, const SourceLocation& loc);
    schema::Table* find_table(const std::string& fullname);
    // The source text a location spans.
    std::string text_of(const SourceLocation& loc) const;
    ClassInfo* new_class(const std::string& name, SourceLocation loc);
    ColumnPtr table_column(const std::string& table, const std::string& key) const;
};

// Binds the names an `import` / `from ... import` statement introduces
// (other statements are ignored).
void bind_imports(Reader& r, const python::Stmt& s);

// Evaluates an expression. Throws InputError for names that are not
// defined and for schema constructs that cannot be read.
Value eval(Reader& r, const python::Expr& e, const Scope& scope);
Args eval_args(Reader& r, const python::Call& call, const Scope& scope);
// Calls a value (a SQLAlchemy constructor, a local class, a method).
Value call_value(Reader& r, const Value& callee, const Args& args, SourceLocation loc);
// `obj.attr` on an evaluated value; `at` locates the attribute name.
Value get_attribute(Reader& r, const Value& obj, const std::string& attr, SourceLocation at);
// The value a name is bound to, or nullopt.
std::optional<Value> lookup(const Reader& r, const std::string& name, const Scope& scope);

// "sqlalchemy:Column", "sqlalchemy:func.now", "postgresql:JSONB" for a
// qualified name under a known SQLAlchemy module; other names unchanged.
std::string canonical_name(const std::string& qualified);

// The value as a Python literal the reader can store (str, int, float,
// bool, None); nullopt for anything else.
std::optional<std::string> literal_string(const Value& v);

// The one conversion of an int value's text (Python's literal forms: 0x1F,
// 0o17, 0b101, 1_000, a sign) to a number: an InputError at the value, naming
// `what`, when it does not fit in 64 bits.
std::int64_t int_value(const Reader& r, const Value& v, const std::string& what);
// The same for a float (inf for Python's 1e999, as Python reads it).
double float_value(const Reader& r, const Value& v, const std::string& what);

// Value and SqlNode makers shared by the evaluator and the constructors:
// an opaque value (`what` names it), a str, a SQL node, a SQL value.
Value opaque(SourceLocation loc, std::string what = {});
Value string_value(std::string s, SourceLocation loc);
SqlPtr sql_node(schema::ClauseKind kind, std::string text, std::vector<SqlPtr> args, SourceLocation loc);
Value sql_value(SqlPtr n, SourceLocation loc);
// A column or a SQL expression.
bool is_sqlish(const Value& v);

// A SQL expression for a value used inside a SQL construct (a column, a
// literal, text(), func.*); throws at v.loc when it is none of those.
SqlPtr to_sql(Reader& r, const Value& v, const std::string& context);

// True when a statement (or expression) would create or change schema
// objects: a class statement, a call to a SQLAlchemy schema constructor,
// setattr(), or an assignment to an attribute of a class/table/MetaData.
bool touches_schema(const Reader& r, const python::Stmt& s);
bool touches_schema(const Reader& r, const python::Expr& e);
// True for the canonical names of SQLAlchemy constructors that create schema objects.
bool is_schema_constructor(const std::string& canon);

}  // namespace orm::declarative
