// Reflection for PostgreSQL from pg_catalog in a constant number of queries
// for the whole schema (tables, columns, constraints, indexes, enum types:
// five statements whatever the number of tables), where SQLAlchemy's
// inspector runs several per table. Expressions come back as PostgreSQL
// prints them without pretty-printing (pg_get_expr / pg_get_constraintdef /
// pg_get_indexdef with pretty = false), the text SQLAlchemy reflects.
#pragma once

#include <string_view>

#include "orm/dialect/reflection.hpp"

namespace orm::dialect {

ReflectedSchema reflect_postgresql(const QueryRunner& query, const ReflectOptions& options = {});

// format_type() output ("character varying(40)", "timestamp(3) with time
// zone", "numeric(14,2)", "integer[]") as a TypeEngine; enum and other
// user-defined types are not handled here. nullopt for an unknown name.
std::optional<schema::TypeEngine> postgresql_type_from_format(std::string_view formatted);

}  // namespace orm::dialect
