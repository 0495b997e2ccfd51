// The tables a migration run keeps its bookkeeping in, declared as
// schema::Tables (as Alembic declares its version table) so that their DDL
// and every statement on them are compiled like any other table's.
#pragma once

#include <optional>
#include <string>

#include "orm/schema/table.hpp"

namespace orm::migrate {

// Alembic's alembic_version(version_num VARCHAR(32) NOT NULL, CONSTRAINT
// alembic_version_pkc PRIMARY KEY (version_num)), so that a database moves
// freely between orm and Alembic.
const schema::Table& alembic_version_table();
// The version table an Alembic project names (alembic.ini's version_table /
// version_table_schema, env.py's context.configure(version_table=...)).
struct VersionTableName {
    std::string name = "alembic_version";
    std::optional<std::string> schema;
};
// The version table of that name: version_num VARCHAR(32), primary key <name>_pkc, as Alembic makes it.
schema::Table version_table(const VersionTableName& name);
// orm_migration_log: one row per revision run or stamped, with the sha256
// of its file (id, revision, direction, sha256, applied_at, duration).
const schema::Table& migration_log_table();
// An empty MetaData for their DDL (no naming convention).
const schema::MetaData& bookkeeping_metadata();
// True for either table's name: they belong to no models file.
bool is_bookkeeping_table(const std::string& name);

}  // namespace orm::migrate
