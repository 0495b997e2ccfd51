// MetaData, Table, Column and constraints: the schema as SQLAlchemy's
// sqlalchemy.schema models it. Plain data; readers (declarative, reflection)
// build it, compilers and comparers read it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/core/source.hpp"
#include "orm/python/value.hpp"
#include "orm/schema/clause.hpp"
#include "orm/schema/types.hpp"

namespace orm::schema {

// A Python-side default or onupdate: a literal value, or one of the
// well-known callables, named canonically ("datetime.now", "datetime.utcnow",
// "date.today", "uuid.uuid4").
struct ColumnDefault {
    // Sql: a SQL expression (default=func.now()) that SQLAlchemy renders
    // inline in the INSERT/UPDATE; it is held in `scalar`.
    // Python: anything else the models computed (a project function, a
    // lambda, functools.partial, a Decimal or datetime constant, []): run or
    // converted by the interpreter that made it, when a row needs it.
    enum class Kind { Scalar, Callable, Sql, Python } kind = Kind::Scalar;
    ClausePtr scalar;       // Kind::Scalar: a String/Number/True/False/Null clause; Kind::Sql: the expression
    std::string callable;   // Kind::Callable
    python::Value python;   // Kind::Python: the callable or the constant
    bool python_callable = false;
    // The interpreter `python` belongs to; kept alive by the ModelsFile that loaded the models.
    python::Interpreter* interpreter = nullptr;
    std::string text;       // the default as written, for messages
    SourceLocation loc;
};

enum class Autoincrement { Auto, True, False, IgnoreFk };

// SQLAlchemy's _type_affinity in (Integer, Numeric): the types a primary key
// column may autoincrement with.
bool integer_or_numeric_affinity(TypeKind kind);

// The options Identity() and Sequence() share (SQLAlchemy's IdentityOptions).
struct IdentityOptions {
    std::optional<std::int64_t> start, increment, minvalue, maxvalue, cache;
    bool nominvalue = false, nomaxvalue = false;
    std::optional<bool> order, cycle;
};

// Column(..., Identity(always=...)): GENERATED ... AS IDENTITY where the
// backend has identity columns (PostgreSQL); elsewhere only NOT NULL.
struct Identity : IdentityOptions {
    bool always = false;
};

// Column(..., Computed("expr", persisted=...)): GENERATED ALWAYS AS (expr).
struct Computed {
    ClausePtr sqltext;
    std::optional<bool> persisted;
    SourceLocation loc;   // of Computed(...) in the models
};

// Column(..., Sequence("name", ...)): the column's values come from a
// sequence created before its table where the backend has sequences.
struct Sequence : IdentityOptions {
    std::string name;
    std::optional<std::string> schema;
};

struct Column {
    std::string name;   // the database name
    std::string key;    // the attribute key (defaults to name)
    TypeEngine type;
    bool nullable = true;
    bool primary_key = false;
    Autoincrement autoincrement = Autoincrement::Auto;
    ClausePtr server_default;
    ClausePtr server_onupdate;
    std::optional<ColumnDefault> default_value;
    std::optional<ColumnDefault> onupdate;
    std::optional<bool> unique;  // as declared (unique=True makes a UniqueConstraint)
    std::optional<bool> index;   // as declared (index=True makes an Index)
    std::optional<std::string> comment;
    std::optional<Identity> identity;
    std::optional<Computed> computed;
    std::optional<Sequence> sequence;
    nlohmann::json info = nlohmann::json::object();
    SourceLocation loc;
};

// Common to every constraint kind.
struct ConstraintBase {
    std::optional<std::string> name;
    // True when `name` came from a naming convention (SQLAlchemy's conv):
    // such names are truncated with an md5 suffix when too long for the dialect.
    bool conventional_name = false;
    int creation_order = 0;   // SQLAlchemy emits table constraints in creation order
    std::optional<std::string> deferrable;  // "DEFERRABLE" / "NOT DEFERRABLE" when given
    std::optional<std::string> initially;
    nlohmann::json info = nlohmann::json::object();
    SourceLocation loc;
};

struct PrimaryKeyConstraint : ConstraintBase {
    std::vector<std::string> columns;  // column names, in key order
    // SQLAlchemy's _implicit_generated: the constraint Table() makes for
    // itself and fills from primary_key=True columns (reflection fills the
    // same one). Only this one is rendered with its autoincrement column
    // first (PrimaryKeyConstraint.columns_autoinc_first); an explicit
    // PrimaryKeyConstraint(...) keeps its columns as given.
    bool implicit_generated = true;
};

struct UniqueConstraint : ConstraintBase {
    std::vector<std::string> columns;
};

struct CheckConstraint : ConstraintBase {
    ClausePtr sqltext;
    // The name of the column whose Column(...) arguments gave this
    // constraint (SQLAlchemy's Column.constraints): CREATE TABLE renders it
    // after that column's specification, not among the table constraints.
    // nullopt for a table-level constraint.
    std::optional<std::string> column;
};

struct ForeignKeyConstraint : ConstraintBase {
    std::vector<std::string> columns;            // local column names
    std::optional<std::string> referred_schema;
    std::string referred_table;
    std::vector<std::string> referred_columns;
    std::optional<std::string> ondelete;
    std::optional<std::string> onupdate;
    std::optional<std::string> match;
    bool use_alter = false;       // emitted as ALTER TABLE ... ADD CONSTRAINT after all CREATE TABLEs
    bool from_column = false;     // written inline as Column(..., ForeignKey(...))
};

struct Index {
    std::optional<std::string> name;
    bool conventional_name = false;   // see ConstraintBase::conventional_name
    std::vector<ClausePtr> expressions;   // Column clauses or expressions
    bool unique = false;
    ClausePtr postgresql_where;
    ClausePtr sqlite_where;
    std::optional<std::string> postgresql_using;
    std::vector<std::string> postgresql_include;
    // postgresql_ops={"col": "gin_trgm_ops"}: an operator class after a column, by column key.
    std::vector<std::pair<std::string, std::string>> postgresql_ops;
    // postgresql_concurrently=True: CREATE / DROP INDEX CONCURRENTLY (an
    // operation's option, not a property of the index: never reflected).
    bool postgresql_concurrently = false;
    bool from_column = false;     // made by Column(index=True)
    int creation_order = 0;
    nlohmann::json info = nlohmann::json::object();
    SourceLocation loc;
};

struct Table {
    std::string name;
    std::optional<std::string> schema;
    std::vector<Column> columns;
    PrimaryKeyConstraint primary_key;
    std::vector<ForeignKeyConstraint> foreign_keys;
    std::vector<UniqueConstraint> unique_constraints;
    std::vector<CheckConstraint> check_constraints;
    std::vector<Index> indexes;
    std::optional<std::string> comment;
    nlohmann::json info = nlohmann::json::object();
    std::map<std::string, std::string> dialect_options;  // e.g. {"sqlite_autoincrement": "True"}
    SourceLocation loc;

    const Column* column(const std::string& name) const;
    Column* column(const std::string& name);
    const Column* column_by_key(const std::string& key) const;
    // The column SQLAlchemy treats as the autoincrement column
    // (Table._autoincrement_column), or nullptr.
    const Column* autoincrement_column() const;
    // "schema.name" or "name".
    std::string fullname() const;
};

struct ConventionSubject;

struct MetaData {
    std::optional<std::string> schema;
    // naming_convention entries whose value is a function (a custom
    // %(token)s): called with the table and the constraint being named.
    std::map<std::string, std::function<std::string(const Table&, const ConventionSubject&)>> naming_tokens;
    // naming_convention as given: keys "ix", "uq", "ck", "fk", "pk" (or the
    // constraint class names), values the templates.
    std::vector<std::pair<std::string, std::string>> naming_convention;
    std::vector<std::unique_ptr<Table>> tables;   // in definition order
    std::shared_ptr<const SourceFile> source;     // the file locations point into, if any

    const Table* table(const std::string& fullname) const;
    Table* table(const std::string& fullname);
    // Appends a table; throws InputError (at table.loc) when one of that name exists.
    Table& add_table(Table table);

    // Lookup cache for table(): fullname -> position in `tables`. Rebuilt on
    // demand, so code that appends to `tables` directly stays correct.
    mutable std::unordered_map<std::string, size_t> table_index_cache;
};

}  // namespace orm::schema
