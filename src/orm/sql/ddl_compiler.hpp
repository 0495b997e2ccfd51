// DDLCompiler: turns schema objects into DDL text, as SQLAlchemy's
// DDLCompiler + GenericTypeCompiler + IdentifierPreparer do together. The
// base class is the generic dialect; backends subclass it and override the
// virtual hooks (type spellings, column specification, traits), the way
// SQLAlchemy's dialects subclass the compilers.
//
// Every statement is returned without SQLAlchemy's surrounding newlines and
// without a trailing semicolon; the inner text (tabs, ", \n") is SQLAlchemy's.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orm/schema/table.hpp"
#include "orm/sql/identifier_preparer.hpp"

namespace orm::sql {

// A CHECK constraint that SQLAlchemy derives from a column's type: a
// non-native Enum or a Boolean with create_constraint=True.
struct TypeBoundCheck {
    const schema::Column* column = nullptr;
    std::optional<std::string> name;   // as the type names it (Enum name= / Boolean name=)
    bool conventional_name = false;    // name came from a naming convention (truncatable)
    std::string sqltext;               // compiled body, without "CHECK (...)"
};

class DDLCompiler {
public:
    virtual ~DDLCompiler() = default;

    // ---- dialect traits -------------------------------------------------
    virtual std::string dialect_name() const = 0;
    // SQLAlchemy's dialect.max_identifier_length (63 on PostgreSQL).
    virtual int max_identifier_length() const { return 9999; }
    // False where ALTER TABLE ADD CONSTRAINT is impossible (SQLite).
    virtual bool supports_alter() const { return true; }
    virtual bool supports_native_enum() const { return false; }
    virtual bool supports_native_boolean() const { return false; }
    // True where comments are emitted as COMMENT ON after CREATE TABLE.
    virtual bool supports_comments() const { return false; }
    // True where the postgresql.* types can be used.
    virtual bool supports_postgresql_types() const { return false; }

    // ---- identifiers: the dialect's IdentifierPreparer ---------------------
    virtual const IdentifierPreparer& preparer() const;
    bool requires_quotes(std::string_view ident) const { return preparer().requires_quotes(ident); }
    // The identifier, double-quoted (with "" escaping) when it requires quotes.
    std::string quote(std::string_view ident) const { return preparer().quote(ident); }
    // [schema.]table, each part quoted as needed.
    std::string format_table(const schema::Table& table, bool use_schema = true) const {
        return preparer().format_table(table, use_schema);
    }
    std::string format_table_name(const std::optional<std::string>& schema, const std::string& name,
                                  bool use_schema = true) const {
        return preparer().format_table_name(schema, name, use_schema);
    }
    // A constraint or index name ready for DDL: a conventional name longer than
    // max_identifier_length() is truncated with SQLAlchemy's md5 suffix; an
    // explicit one that is too long is an InputError at `loc`.
    std::string format_constraint_name(const std::string& name, bool conventional,
                                       const schema::MetaData& md, const SourceLocation& loc) const;

    // ---- types (TypeCompiler) ---------------------------------------------
    // The SQL spelling of `type`. `column` (may be null) is used for error locations.
    // Throws InputError for a type the dialect cannot store.
    virtual std::string type_spec(const schema::TypeEngine& type, const schema::MetaData& md,
                                  const schema::Column* column) const;

    // ---- expressions -----------------------------------------------------
    // A clause with literal values inlined (SQLAlchemy's literal_binds=True).
    virtual std::string compile_clause(const schema::Clause& clause) const;
    // func.<name>(args) — dialects override for now(), true(), ...
    virtual std::string compile_function(const schema::Clause& fn) const;
    virtual std::string compile_true() const { return "true"; }
    virtual std::string compile_false() const { return "false"; }
    // 'value' with ' doubled (and backslashes as the dialect needs).
    virtual std::string render_string_literal(std::string_view value) const;
    // The DEFAULT clause body for a server default, or nullopt.
    virtual std::optional<std::string> column_default_string(const schema::Column& column) const;

    // ---- DDL statements ----------------------------------------------------
    // True when the column renders NOT NULL: not nullable, or in a
    // PrimaryKeyConstraint without primary_key=True of its own (SQLAlchemy
    // makes such columns NOT NULL; primary_key=True columns carry their own
    // nullable, False unless the model said nullable=True).
    static bool column_not_null(const schema::Table& table, const schema::Column& column);
    // One column's line inside CREATE TABLE (name, type, DEFAULT, NOT NULL).
    virtual std::string column_specification(const schema::MetaData& md, const schema::Table& table,
                                             const schema::Column& column) const;
    // CREATE TABLE. `omit_fks` lists the table's FK constraints that are
    // emitted later as ALTER TABLE ADD CONSTRAINT (use_alter / cycles).
    std::string create_table(const schema::MetaData& md, const schema::Table& table,
                             const std::vector<const schema::ForeignKeyConstraint*>& omit_fks = {}) const;
    std::string drop_table(const schema::Table& table) const;
    // True: CREATE SEQUENCE for columns' Sequence()s (PostgreSQL).
    virtual bool supports_sequences() const { return false; }
    // True: Identity() renders GENERATED ... AS IDENTITY (PostgreSQL).
    virtual bool supports_identity_columns() const { return false; }
    // "INCREMENT BY 2 START WITH 3 ...", in SQLAlchemy's order; "" for none.
    static std::string identity_options(const schema::IdentityOptions& options);
    // GENERATED ALWAYS AS (expr) [STORED | VIRTUAL].
    virtual std::string computed_clause(const schema::Computed& computed) const;
    // GENERATED ALWAYS | BY DEFAULT AS IDENTITY [(options)].
    std::string identity_clause(const schema::Identity& identity) const;
    // CREATE SEQUENCE name [options] (a start of 1 when none is given, as SQLAlchemy 1.4 writes).
    std::string create_sequence(const schema::Sequence& sequence) const;
    std::string drop_sequence(const schema::Sequence& sequence) const;
    // `conditional`: CREATE INDEX IF NOT EXISTS / DROP INDEX IF EXISTS.
    virtual std::string create_index(const schema::MetaData& md, const schema::Table& table,
                                     const schema::Index& index, bool conditional) const;
    virtual std::string drop_index(const schema::MetaData& md, const schema::Table& table,
                                   const schema::Index& index, bool conditional) const;
    // CREATE / DROP INDEX CONCURRENTLY (postgresql_concurrently=True) where the backend has it.
    virtual bool supports_concurrent_index() const { return false; }
    // ALTER TABLE t ADD CONSTRAINT ... FOREIGN KEY ...
    std::string add_foreign_key(const schema::MetaData& md, const schema::Table& table,
                                const schema::ForeignKeyConstraint& fk) const;
    // ALTER TABLE t DROP CONSTRAINT name (the FK must be named).
    std::string drop_foreign_key(const schema::MetaData& md, const schema::Table& table,
                                 const schema::ForeignKeyConstraint& fk) const;
    std::string set_table_comment(const schema::Table& table) const;
    std::string set_column_comment(const schema::Table& table, const schema::Column& column) const;
    // CREATE TYPE name AS ENUM ('a', 'b') / DROP TYPE name (PostgreSQL).
    std::string create_enum_type(const schema::EnumSpec& spec) const;
    std::string drop_enum_type(const schema::EnumSpec& spec) const;

    // ---- constraint clauses (inside CREATE TABLE or ALTER TABLE ADD) ------
    virtual std::optional<std::string> primary_key_clause(const schema::MetaData& md, const schema::Table& table) const;
    virtual std::optional<std::string> foreign_key_clause(const schema::MetaData& md, const schema::Table& table,
                                                          const schema::ForeignKeyConstraint& fk) const;
    virtual std::string unique_clause(const schema::MetaData& md, const schema::UniqueConstraint& uc) const;
    virtual std::string check_clause(const schema::MetaData& md, const schema::CheckConstraint& ck) const;
    // The CHECK constraints a table's column types imply, in column order.
    std::vector<TypeBoundCheck> type_bound_checks(const schema::MetaData& md, const schema::Table& table) const;

protected:
    // Table::autoincrement_column(), after the checks SQLAlchemy's
    // PrimaryKeyConstraint._autoincrement_column makes whenever DDL asks for
    // it: an autoincrement=True key column must have an Integer or Numeric
    // type, and a key may have only one. Throws InputError otherwise.
    const schema::Column* autoincrement_column(const schema::MetaData& md, const schema::Table& table) const;
    std::string constraint_prefix(const schema::MetaData& md, const schema::ConstraintBase& c) const;
    std::string deferrability(const schema::ConstraintBase& c) const;
    // The index's expression list entry.
    virtual std::string index_expression(const schema::Clause& expr) const;
    // The partial-index WHERE clause this dialect reads from the Index, if any.
    virtual const schema::Clause* index_where(const schema::Index& index) const { return nullptr; }
    // The REFERENCES target of a foreign key.
    virtual std::string remote_table(const std::optional<std::string>& schema, const std::string& name) const {
        return format_table_name(schema, name);
    }
    // Text after CREATE TABLE's closing parenthesis (SQLite: WITHOUT ROWID).
    virtual std::string post_create_table(const schema::Table& table) const { return ""; }
    // The index name, quoted, truncated; prefixed by the table's schema when asked.
    std::string index_name(const schema::MetaData& md, const schema::Table& table, const schema::Index& index,
                           bool include_schema) const;
    // [schema.]name of a native enum type.
    std::string format_enum_type(const schema::EnumSpec& spec) const;
    // The name of an Enum type's spelling when not native: VARCHAR(n).
    std::string non_native_enum_spec(const schema::TypeEngine& type) const;
    // Throws "type X is only available on PostgreSQL" at the column.
    [[noreturn]] void postgresql_only_error(const schema::TypeEngine& type, const schema::MetaData& md,
                                            const schema::Column* column) const;
};

// An Enum's type name: its name=, else (as SQLAlchemy 1.4) its Python enum class name lower-cased.
std::optional<std::string> enum_type_name(const schema::EnumSpec& spec);

// The enum types (native PostgreSQL ENUM) a table's columns use, in column order.
std::vector<const schema::EnumSpec*> native_enums_of(const schema::Table& table, const DDLCompiler& compiler);

}  // namespace orm::sql
