// Reflection for SQLite: sqlite_master and the table PRAGMAs (table_xinfo,
// foreign_key_list, index_list, index_xinfo), plus the stored CREATE TABLE /
// CREATE INDEX text where the PRAGMAs are silent: constraint names, CHECK
// bodies, UNIQUE constraints, AUTOINCREMENT, index expressions, partial
// indexes. Types map back as SQLAlchemy 1.4's SQLite dialect maps them
// (ischema_names, then the type-affinity rules).
#pragma once

#include <string_view>

#include "orm/dialect/reflection.hpp"

namespace orm::dialect {

// Reads the schema (SQLite has one per attached database: "main" by default).
ReflectedSchema reflect_sqlite(const QueryRunner& query, const ReflectOptions& options = {});

// A declared column type ("VARCHAR(50)", "NUMERIC(14, 2)", "int") as a TypeEngine.
schema::TypeEngine sqlite_type_from_declared(std::string_view declared);

}  // namespace orm::dialect
