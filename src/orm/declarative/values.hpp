// The values the models-file evaluator computes. A models file is read by
// evaluating the statements SQLAlchemy would run at import time, on a small
// value model: literals, imported symbols, and the schema objects (columns,
// constraints, tables, classes) their constructors would build. Column
// references inside constraints and expressions stay symbolic (SqlNode) until
// the table they belong to is assembled, as in SQLAlchemy where a Column gets
// its name and table only when its class is mapped.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/python/ast.hpp"
#include "orm/python/value.hpp"
#include "orm/schema/table.hpp"
#include "orm/session/mapper_config.hpp"

namespace orm::python {
struct ModuleObject;
}

namespace orm::declarative {

struct ColumnDecl;
struct ClassInfo;

// A SQL expression whose column references resolve when their table is
// assembled. Kind Column names its column by `column` (an object) or by `text`
// (a column key in the table the expression ends up in).
struct SqlNode {
    schema::ClauseKind kind = schema::ClauseKind::Text;
    std::string text;
    // An expression orm does not model (a select() in a column_property, a
    // name from a module orm does not run): fine where no DDL is made of it,
    // an error where it would be rendered (`text` names it).
    bool opaque = false;
    std::vector<std::shared_ptr<const SqlNode>> args;
    std::shared_ptr<ColumnDecl> column;
    std::shared_ptr<const schema::TypeEngine> type;   // Cast: the type cast to
    SourceLocation loc;
};
using SqlPtr = std::shared_ptr<const SqlNode>;

// ForeignKey(...): `target` is "table.col" / "schema.table.col", or a column object.
struct ForeignKeyDecl {
    std::string target;
    std::shared_ptr<ColumnDecl> target_column;
    std::optional<std::string> name, ondelete, onupdate, match, deferrable, initially;
    bool use_alter = false;
    nlohmann::json info = nlohmann::json::object();
    SourceLocation loc;
};

// A Column(...) / mapped_column(...) before (and after) it joins a table.
struct ColumnDecl {
    schema::Column column;           // name and key empty until known
    bool has_type = false;
    bool nullable_given = false;     // nullable= was passed explicitly
    bool is_mapped_column = false;   // mapped_column(): 2.0 rules (annotation decides type/nullability)
    bool key_given = false;
    bool use_existing_column = false;  // mapped_column(use_existing_column=True): single-table subclasses share it
    int creation_order = 0;          // SQLAlchemy's _creation_order
    int sort_order = 0;              // mapped_column(sort_order=)
    std::vector<ForeignKeyDecl> foreign_keys;
    std::vector<std::shared_ptr<struct ConstraintDecl>> inline_constraints;  // Column("x", T, CheckConstraint(...))
    std::string table;               // fullname once attached to a table
    bool deferred_name = false;      // named from its class attribute
    SourceLocation loc;              // the Column(...) call
};
using ColumnPtr = std::shared_ptr<ColumnDecl>;

// Table-level constraints and indexes as constructed, columns still symbolic.
struct ConstraintDecl {
    enum class Kind { PrimaryKey, Unique, Check, ForeignKey, Index } kind = Kind::Unique;
    std::vector<SqlPtr> columns;               // PK/Unique/FK local columns; Index expressions
    std::vector<std::string> refcolumns;       // ForeignKeyConstraint targets ("table.col")
    std::vector<SourceLocation> refcolumn_locs;
    SqlPtr sqltext;                            // Check
    std::optional<std::string> name;
    bool unique = false;                       // Index
    SqlPtr postgresql_where, sqlite_where;
    std::optional<std::string> postgresql_using;
    std::vector<std::string> postgresql_include;
    std::vector<std::pair<std::string, std::string>> postgresql_ops;
    std::optional<std::string> ondelete, onupdate, match, deferrable, initially;
    bool use_alter = false;
    nlohmann::json info = nlohmann::json::object();
    int creation_order = 0;
    bool attached = false;                     // joined a table already (module-level Index on columns)
    SourceLocation loc;
};
using ConstraintPtr = std::shared_ptr<ConstraintDecl>;

// relationship(...), kept as written.
struct RelationshipDecl {
    session::RelationshipConfig config;
    bool target_given = false;
    int creation_order = 0;
};

// backref("name", **kwargs).
struct BackrefDecl {
    std::string name;
    std::map<std::string, session::SourceArg> kwargs;
    SourceLocation loc;
};

// Identity(), Computed() or Sequence(): how a column's values are generated.
using ColumnGenerator = std::variant<schema::Identity, schema::Computed, schema::Sequence>;

// What an expression evaluates to.
struct Value {
    enum class Kind {
        None, Bool, Int, Float, String, Tuple, List, Dict,
        Symbol,        // an imported name or builtin, qualified: "sqlalchemy.Integer", "datetime.datetime.now"
        Type,          // a TypeEngine instance
        Column, ForeignKey, Constraint, Sql, Relationship, Backref,
        MetaData,      // `index` is the MetaData instance number
        Registry,      // registry(): `index` is its MetaData instance
        Table,         // `text` is the table fullname
        TableColumns,  // Table.c: `text` is the table fullname
        Class,         // a class defined in the file
        EnumMember,    // `cls` the enum class, `text` the member name
        Function,      // a function defined in the file (`text` its name)
        Lambda,
        Engine,        // create_engine(...): `text` the URL when literal
        Opaque,        // anything else: evaluated, passed over unless it reaches the schema
    };
    Kind kind = Kind::None;
    SourceLocation loc;
    const python::Expr* expr = nullptr;   // where it was written
    std::string text;                     // String value, number text, Symbol name, ...
    bool flag = false;                    // Bool value
    int index = -1;
    std::vector<Value> items;             // Tuple/List elements; Dict keys and values interleaved
    std::shared_ptr<schema::TypeEngine> type;
    ColumnPtr column;
    std::shared_ptr<ForeignKeyDecl> fk;
    ConstraintPtr constraint;
    SqlPtr sql;
    std::shared_ptr<RelationshipDecl> rel;
    std::shared_ptr<BackrefDecl> backref;
    std::shared_ptr<ColumnGenerator> generator;   // Opaque "sqlalchemy:Identity" / ":Computed" / ":Sequence"
    ClassInfo* cls = nullptr;
    // The interpreter's value this one stands for, when it has one: a
    // function or lambda (a Python-side default), an opaque name, a class.
    python::Value py;

    static Value make(Kind k, SourceLocation loc) { Value v; v.kind = k; v.loc = loc; return v; }
    bool is(Kind k) const { return kind == k; }
    bool is_sequence() const { return kind == Kind::Tuple || kind == Kind::List; }
    // Python's type name for messages ("str", "int", "Column", ...).
    std::string type_name() const;
};

// One class statement of the file and what declarative made of it.
struct ClassInfo {
    enum class Kind {
        Plain,          // an ordinary class: a possible mixin
        Base,           // declarative base (declarative_base(), DeclarativeBase subclass)
        Abstract,       // __abstract__ = True subclass of a base: like a mixin
        Mapped,
        Enum,           // enum.Enum subclass
        TypeDecorator,  // TypeDecorator subclass with `impl`
    };
    Kind kind = Kind::Plain;
    std::string name;
    SourceLocation loc;
    const python::ClassDef* def = nullptr;
    std::vector<ClassInfo*> bases;          // local bases, in order
    std::vector<ClassInfo*> mro;            // Python MRO over local classes (self first)
    int metadata = -1;                      // MetaData instance (bases and mapped)
    bool is_2_0 = false;                    // a DeclarativeBase tree: SQLAlchemy 2.0 rules
    // The class body's namespace in declaration order.
    std::vector<std::pair<std::string, Value>> attributes;
    std::map<std::string, const python::Expr*> annotations;   // name -> annotation
    std::vector<std::string> decl_order;    // every name the body binds or annotates, first appearance first
    std::map<std::string, const python::FunctionDef*> declared_attrs;
    std::map<std::string, python::Value> declared_attr_functions;   // the interpreter's functions, by name
    // Each annotated name's annotation: the expression as written (null when
    // it came from elsewhere) and the value Python evaluated (a str under
    // `from __future__ import annotations`).
    struct Annotation {
        const python::Expr* expr = nullptr;
        python::Value value;
    };
    std::map<std::string, Annotation> annotation_values;
    python::Value py;                       // the interpreter's class object
    const python::ModuleObject* module = nullptr;   // the module whose body defined it
    std::vector<std::string> declared_attr_order;
    // Mapped classes.
    std::string table;                      // local table fullname
    ClassInfo* inherits = nullptr;
    std::map<std::string, ColumnPtr> column_attrs;   // attribute -> column (own and inherited)
    std::vector<std::string> enum_members;  // Enum classes: member names in order
    Value impl;                             // TypeDecorator: impl
    int mapper_index = -1;                  // index into ModelsFile::mappers

    const Value* attribute(const std::string& name) const;
};

}  // namespace orm::declarative
