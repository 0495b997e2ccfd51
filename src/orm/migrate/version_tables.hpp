// The tables a migration run keeps its bookkeeping in, declared as
// schema::Tables (as Alembic declares its version table) so that their DDL
// and every statement on them are compiled like any other table's.
#pragma once

#include <string>

#include "orm/schema/table.hpp"

namespace orm::migrate {

// Alembic's alembic_version(version_num VARCHAR(32) NOT NULL, CONSTRAINT
// alembic_version_pkc PRIMARY KEY (version_num)), so that a database moves
// freely between orm and Alembic.
const schema::Table& alembic_version_table();
// orm_migration_log: one row per revision run or stamped, with the sha256
// of its file (id, revision, direction, sha256, applied_at, duration).
const schema::Table& migration_log_table();
// An empty MetaData for their DDL (no naming convention).
const schema::MetaData& bookkeeping_metadata();
// True for either table's name: they belong to no models file.
bool is_bookkeeping_table(const std::string& name);

}  // namespace orm::migrate
