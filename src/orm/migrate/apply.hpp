// Replaying migration operations on an in-memory schema: the schema before
// an operation becomes the schema after it, without a database. The runner
// uses it to know the schema at every revision (offline --sql, SQLite
// rebuilds), autogenerate to derive downgrades, tests to check that
// replaying a diff gives the schema the database reflects.
//
// The effects are the database's: dropping a column drops the indexes and
// constraints that use it; renaming a column or table follows it into
// keys, indexes, CHECK bodies and the foreign keys of other tables; on
// PostgreSQL a constraint created without a name gets the name the server
// would choose (t_pkey, t_col_key, t_col_fkey, t_col_check), so a later
// revision can drop it by that name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/migrate/operations.hpp"

namespace orm::migrate {

// A deep copy (MetaData owns its tables through unique_ptr, so it cannot be copied as is).
SchemaState copy_state(const SchemaState& state);

// A state holding a copy of just the table `ref` names (if any) and the
// enum types: enough to replay operations on that one table, without
// copying a whole schema per operation.
SchemaState table_state(const SchemaState& state, const TableRef& ref);

// Replays `op` on `state`. Throws InputError at op.loc (in `source`, the
// revision script, when given) when the op names a table, column,
// constraint, index or enum type the state lacks, or creates one that
// exists. ExecuteOp and BulkInsertOp change no schema; a BatchAlterTableOp
// applies its inner operations in order. On error `state` may be partly changed.
void apply_operation(const MigrationOp& op, SchemaState& state,
                     const std::shared_ptr<const SourceFile>& source = nullptr);

// apply_operation for each op, in order.
void apply_operations(const std::vector<MigrationOp>& ops, SchemaState& state,
                      const std::shared_ptr<const SourceFile>& source = nullptr);

// ---- helpers shared with operation_sql and autogenerate ------------------

// The state's table named by `ref` (nullptr when absent). A ref without a
// schema also finds a table in the state's default schema.
const schema::Table* find_table(const SchemaState& state, const TableRef& ref);
schema::Table* find_table(SchemaState& state, const TableRef& ref);

// True when the SQL text or clause refers to column `column` (an identifier
// token outside string literals, quoted or not, case-insensitive when bare).
bool sql_mentions(const std::string& sql, const std::string& column);
bool clause_mentions(const schema::Clause& clause, const std::string& column);

// The SQL text / clause with identifier `from` renamed to `to` (quoted when needed).
std::string rename_in_sql(const std::string& sql, const std::string& from, const std::string& to);
schema::ClausePtr rename_in_clause(const schema::ClausePtr& clause, const std::string& from, const std::string& to);

}  // namespace orm::migrate
