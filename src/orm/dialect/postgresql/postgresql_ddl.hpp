// PostgreSQL's DDL: the DDLCompiler subclass that spells types (SERIAL,
// TIMESTAMP WITHOUT TIME ZONE, native ENUM, ARRAY...), server defaults and
// comments as SQLAlchemy's PostgreSQL dialect does.
#pragma once

#include <memory>

#include "orm/sql/ddl_compiler.hpp"

namespace orm::dialect {

// A new PostgreSQL DDL compiler (stateless; one may be shared).
std::unique_ptr<sql::DDLCompiler> make_postgresql_ddl_compiler();

// The PostgreSQL dialect's identifier preparer (its reserved words).
const sql::IdentifierPreparer& postgresql_identifier_preparer();

}  // namespace orm::dialect
