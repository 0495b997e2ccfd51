// The create_all / drop_all plans: every DDL statement SQLAlchemy 1.4's
// MetaData.create_all() / drop_all() (checkfirst=True) would execute, in its
// order, for a MetaData and a dialect.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "orm/schema/table.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::sql {

enum class DdlKind {
    CreateType,       // CREATE TYPE ... AS ENUM (PostgreSQL)
    CreateSequence,   // CREATE SEQUENCE of a column's Sequence(), before its table (PostgreSQL)
    CreateTable,
    CreateIndex,
    Comment,          // COMMENT ON TABLE / COLUMN (PostgreSQL)
    AddConstraint,    // ALTER TABLE ... ADD CONSTRAINT (use_alter / FK cycles)
    DropConstraint,   // ALTER TABLE ... DROP CONSTRAINT (before drops)
    DropTable,
    DropSequence,     // after its table
    DropType,         // DROP TYPE (PostgreSQL)
};

struct DdlStatement {
    std::string sql;     // SQLAlchemy's compiled text, trimmed, without ";"
    std::string table;   // the table's full name ("" for CREATE/DROP TYPE)
    DdlKind kind = DdlKind::CreateTable;
};

struct DdlOptions {
    // Restrict to these tables (name or schema.name), in this order (--tables).
    // An unknown name is a UsageError.
    std::optional<std::vector<std::string>> tables;
    // Tables that exist in the database (full names). create_all skips them;
    // drop_all drops only them. nullopt: unknown (offline --sql): create_all
    // creates every table, drop_all drops every table.
    std::optional<std::set<std::string>> existing_tables;
    // Enum type names that exist (PostgreSQL), treated like existing_tables.
    std::optional<std::set<std::string>> existing_enums;
    // Receives SQLAlchemy's warnings (e.g. an unsortable FK cycle on SQLite drop).
    std::function<void(const std::string&)> warn;
};
using CreateAllOptions = DdlOptions;
using DropAllOptions = DdlOptions;

// CREATE TYPE (PostgreSQL enums, before any table), then for each table in
// dependency order: CREATE TABLE, its CREATE INDEXes, its COMMENTs; then the
// ALTER TABLE ADD CONSTRAINTs of use_alter and cycle foreign keys. Throws
// InputError for models the dialect cannot create (type, name, FK target).
std::vector<DdlStatement> create_all_ddl(const schema::MetaData& md, const DDLCompiler& compiler,
                                         const CreateAllOptions& options = {});

// ALTER TABLE DROP CONSTRAINT for foreign keys that break cycles, DROP TABLE
// in reverse dependency order, then DROP TYPE for the enums (PostgreSQL) no
// remaining table uses. Throws InputError for a cycle of unnamed foreign keys
// on PostgreSQL (as SQLAlchemy does).
std::vector<DdlStatement> drop_all_ddl(const schema::MetaData& md, const DDLCompiler& compiler,
                                       const DropAllOptions& options = {});

}  // namespace orm::sql
