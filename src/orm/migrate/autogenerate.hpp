// Autogenerate: compare_metadata()'s differences as migration operations
// (Alembic's produce_migrations), and the downgrade of a list of operations
// (Alembic's MigrationScript.downgrade_ops = upgrade_ops.reverse()).
#pragma once

#include <vector>

#include "orm/migrate/compare.hpp"
#include "orm/migrate/operations.hpp"

namespace orm::migrate {

// The upgrade: the operations that turn `database` (the reflected schema
// `diff` was computed against) into `models`, in an order the database
// accepts: renames; new enum types and enum changes; per existing table the
// drops (indexes, constraints, foreign keys), column renames, additions,
// alterations and drops; new tables in foreign-key order (PostgreSQL: cycle
// foreign keys added after); per existing table the new constraints and
// indexes; dropped tables in reverse foreign-key order; dropped enum types.
// Each drop and alter carries the existing_* facts, so reverse_operations()
// can derive the downgrade. On SQLite the operations of a table that need a
// rebuild are grouped, with the rest of that table's, into one
// BatchAlterTableOp (one rebuild per table, as Alembic's render_as_batch).
std::vector<MigrationOp> operations_from_diff(const std::vector<Operation>& diff, const schema::MetaData& models,
                                              const SchemaState& database);

// The downgrade of `upgrade` when applied to `before`: the inverse of each
// operation, last first. Throws InputError (at the op) for what has no
// inverse (execute, bulk_insert).
std::vector<MigrationOp> reverse_operations(const std::vector<MigrationOp>& upgrade, const SchemaState& before);

}  // namespace orm::migrate
