// Running revisions against a database, and printing them offline (--sql).
//
// Bookkeeping: Alembic's own `alembic_version(version_num)` table (so a
// database moves freely between orm and Alembic), and `orm_migration_log`
// (id, revision, direction, sha256, applied_at, duration): one row per
// revision run, upgrade / downgrade / stamp, with the sha256 of the file
// that ran. A revision below the database's current one whose file no
// longer has the logged checksum stops upgrade and downgrade (SafetyError)
// unless allow_modified.
//
// Safety: each revision runs in its own transaction together with its
// version-row change and log row, so a failure (or SIGKILL) leaves the
// database at the previous revision. Concurrent runs are serialised by a
// PostgreSQL session advisory lock, or on SQLite by an exclusive flock() on
// "<database file>.orm-migrate.lock"; waiting longer than lock_timeout is a
// DatabaseError. SQLite revisions that rebuild a table run with
// PRAGMA foreign_keys=OFF around the transaction and PRAGMA
// foreign_key_check before COMMIT (sqlite.org's 12-step procedure).
//
// The SQL of each revision is planned before it runs, from the schema the
// database has at that point (online: reflected; offline: replayed from
// base with apply_operation), so the offline script and the online run
// issue the same statements.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/engine/engine.hpp"
#include "orm/migrate/operations.hpp"
#include "orm/migrate/revision_graph.hpp"

namespace orm::sql { class DDLCompiler; }

namespace orm::migrate {

// One statement of a revision's plan, with the operation it comes from.
struct PlannedStatement {
    std::string sql;
    dialect::Params params;
    std::string op;          // op_name(): "add_column", ...
    SourceLocation loc;      // the op.* call in the revision file
};

// What running one revision in one direction executes (bookkeeping apart).
struct RevisionStep {
    const Revision* revision = nullptr;
    bool upgrade = true;
    std::optional<std::string> from, to;   // alembic_version before and after (nullopt: base)
    std::vector<PlannedStatement> statements;
    bool sqlite_rebuild = false;           // needs foreign keys off around the transaction
};

// The steps from chain position `from` to `to` (-1 = base), `state` being
// the schema at `from`; on return `state` is the schema at `to`. Throws
// InputError (in the revision file) for an operation the state cannot take.
std::vector<RevisionStep> plan_steps(const RevisionGraph& graph, int from, int to, SchemaState& state,
                                     const sql::DDLCompiler& compiler);

// The schema at chain position `position`, replayed from base in memory.
SchemaState replayed_state(const RevisionGraph& graph, int position, const std::string& dialect);

// `sql` with its bound parameters written as literals of the dialect (for offline scripts and messages).
std::string inline_params(const std::string& sql, const dialect::Params& params, const sql::DDLCompiler& compiler);

struct RunnerOptions {
    bool allow_modified = false;
    double lock_timeout = 60;   // seconds to wait for another run's lock
    // Told before each revision runs: "upgrade  -> abc123, message", how
    // many revisions of this run came before it, and how many the run has
    // in all (for a progress display).
    std::function<void(const std::string& line, size_t done, size_t total)> progress;
};

// A revision run by upgrade()/downgrade(), with the statements it executed
// (parameters inlined, bookkeeping left out).
struct StepReport {
    std::string revision;
    std::string message;
    std::string direction;   // "upgrade" / "downgrade"
    double seconds = 0;
    std::vector<std::string> statements;
};

// An applied revision whose file changed since it ran.
struct ModifiedRevision {
    std::string revision;
    std::string path;
    std::string logged_sha256, file_sha256;
};

class Migrator {
public:
    Migrator(const engine::Engine& engine, const RevisionGraph& graph, RunnerOptions options = {});

    // The database's revision (nullopt: base, no version row). Throws
    // DatabaseError when alembic_version holds several rows.
    std::optional<std::string> current();
    // The applied revisions (at or below current) whose file's sha256 differs from the log.
    std::vector<ModifiedRevision> modified();

    // Runs the upgrades up to `target` (a RevisionGraph target). A target
    // below the current revision is a UsageError.
    std::vector<StepReport> upgrade(const std::string& target);
    // Runs the downgrades down to `target`; a target above current is a UsageError.
    std::vector<StepReport> downgrade(const std::string& target);
    // Records `target` as the database's revision without running anything.
    void stamp(const std::string& target);

private:
    struct Session;
    std::vector<StepReport> run(const std::string& target, bool upgrade);

    const engine::Engine& engine_;
    const RevisionGraph& graph_;
    RunnerOptions options_;
};

// The offline script (--sql) that takes a database from chain position
// `from` to `to` (upgrade when to > from), in the dialect's SQL: the
// alembic_version table when starting from base, then per revision a
// "-- Running ..." comment, BEGIN, its statements, the version row, COMMIT
// (and the PRAGMAs around SQLite rebuilds).
std::string offline_script(const RevisionGraph& graph, int from, int to, const std::string& dialect);

}  // namespace orm::migrate
