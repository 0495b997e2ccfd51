// operation_sql: the SQL that carries out a migration operation on a
// database whose schema is known (a SchemaState), in one dialect. Shared by
// `orm diff --format sql` and the migration runner (online and --sql).
//
// PostgreSQL gets the ALTER statements Alembic 1.8 emits. SQLite gets what
// its ALTER TABLE can do directly (add a column it can add, rename a table
// or column, drop a column nothing else uses, create/drop an index) and
// everything else as sqlite.org's 12-step table rebuild: new table, copy,
// drop, rename, indexes — one rebuild for a whole batch_alter_table block.
// The statement texts come from the dialect's sql::DDLCompiler (types,
// quoting, CREATE TABLE/INDEX, constraint clauses); the dialect-specific
// parts live in migrate/ddl/, as alembic.ddl's impl classes.
#pragma once

#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/migrate/operations.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

struct MigrationStatement {
    std::string sql;          // one statement, without ";"
    dialect::Params params;   // bulk_insert values, bound ("?N" / "$N" placeholders)
};

struct OperationSql {
    std::vector<MigrationStatement> statements;
    // A SQLite table rebuild is among the statements: the runner must set
    // PRAGMA foreign_keys=OFF before BEGIN and run PRAGMA foreign_key_check
    // before COMMIT (failing if it reports rows). The rebuild refuses (a
    // CHECK constraint failure naming the reason) when the table has
    // triggers, which dropping it would lose, and fails naming the view
    // when a view that uses the table no longer works after it.
    bool sqlite_rebuild = false;
};

// The SQL that carries out `op` on a database whose schema is `state`
// (before the op), in the compiler's dialect. `state` is not modified.
// Throws InputError (at op.loc) when the op names what the state lacks or
// asks what the dialect cannot do (batch recreate="never" on SQLite for an
// operation that needs a rebuild).
OperationSql operation_sql(const MigrationOp& op, const SchemaState& state, const sql::DDLCompiler& compiler);

// operation_sql for each op in turn, replaying each on `state` (which ends
// as the schema after the last op); the statements concatenated.
OperationSql operations_sql(const std::vector<MigrationOp>& ops, SchemaState& state, const sql::DDLCompiler& compiler);

// True when `op` cannot be done by SQLite's ALTER TABLE on `state` and
// needs a table rebuild (what autogenerate groups into batch blocks).
bool sqlite_needs_rebuild(const MigrationOp& op, const SchemaState& state);

}  // namespace orm::migrate
