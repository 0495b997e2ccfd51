// Reflection: reading a live database's schema back into schema::MetaData,
// as SQLAlchemy's Inspector does. Each backend implements it in its folder
// (sqlite_reflection, postgresql_reflection) behind Dialect::reflect; the
// engine layer routes the catalog queries through its echoing connection.
//
// What reflection yields: types as the database spells them, mapped to the
// upper-case SQL type classes SQLAlchemy's inspector reports (VARCHAR(50),
// INTEGER, NUMERIC(14, 2), TIMESTAMP(timezone=True), postgresql.JSONB...);
// server defaults, CHECK bodies, index expressions and partial-index
// predicates as ClauseKind::Text holding the database's own text; column
// references in indexes as ClauseKind::Column (wrapped in Desc when DESC).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/schema/table.hpp"

namespace orm::dialect {

// Runs one statement with bound parameters and streams its rows: how a
// dialect's own statements (catalog queries, sequences, locks) go through the
// engine's connection, which echoes them.
using QueryRunner = std::function<std::unique_ptr<Result>(const std::string& sql, const Params& params)>;

struct ReflectOptions {
    // The schema to read; nullopt: the default one ("main" / current_schema()).
    std::optional<std::string> schema;
    // Only these tables (names); nullopt: every table of the schema.
    std::optional<std::vector<std::string>> tables;
};

struct ReflectedSchema {
    std::string dialect;                    // "sqlite" / "postgresql"
    schema::MetaData metadata;              // tables sorted by name
    std::vector<schema::EnumSpec> enums;    // PostgreSQL enum types of the schema, sorted by name
};

}  // namespace orm::dialect
