// SQLite's DDL: the DDLCompiler subclass that spells types, server defaults
// and constraints as SQLAlchemy's SQLite dialect does.
#pragma once

#include <memory>

#include "orm/sql/ddl_compiler.hpp"

namespace orm::dialect {

// A new SQLite DDL compiler (stateless; one may be shared).
std::unique_ptr<sql::DDLCompiler> make_sqlite_ddl_compiler();

// The SQLite dialect's identifier preparer (its reserved words).
const sql::IdentifierPreparer& sqlite_identifier_preparer();

}  // namespace orm::dialect
