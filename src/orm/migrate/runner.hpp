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
// database at the previous revision. Concurrent runs are serialised by the
// dialect's migration lock: on PostgreSQL a transaction-level advisory lock
// taken in each revision's transaction, under which the database's revisions
// are read again (another run may have applied this one meanwhile: then the
// steps are worked out afresh), which holds through a transaction-pooling
// PgBouncer; on SQLite an exclusive flock() on "<database
// file>.orm-migrate.lock" for the whole run. Waiting longer than
// lock_timeout is a DatabaseError. (A revision's autocommit_block() commits
// its transaction, and with it PostgreSQL's lock, part way: another run
// starting in that moment could run the same revision; do not start runs
// together on a history with autocommit blocks.) A revision's statements wait at most
// ddl_lock_timeout for a table's lock; then the revision is rolled back and
// run again up to `retries` times, else a DatabaseError names the sessions
// holding the table. SQLite revisions that rebuild a table run with
// PRAGMA foreign_keys=OFF around the transaction and PRAGMA
// foreign_key_check before COMMIT (sqlite.org's 12-step procedure).
//
// Revisions run as programs (script_runtime.hpp): each revision's
// upgrade() or downgrade() runs on the interpreter, and each operation it
// calls is compiled against the schema at that point (online: reflected when
// the revision starts and followed op by op, reflected again after SQL the
// revision ran itself; offline: replayed from base in memory) and executed
// (or written) before the Python after it runs. On SQLite, a revision's
// transaction begins at its first statement, so that a table rebuild first
// can pause foreign keys before it; a rebuild after other statements runs
// the revision again from the start with them paused.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/engine/engine.hpp"
#include "orm/migrate/operations.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "orm/migrate/version_tables.hpp"

namespace orm::sql { class DDLCompiler; }

namespace orm::migrate {

// `sql` with its bound parameters written as literals of the dialect (for offline scripts and messages).
std::string inline_params(const std::string& sql, const dialect::Params& params, const sql::DDLCompiler& compiler);

struct RunnerOptions {
    // The version table (Alembic's alembic_version, or the project's own).
    VersionTableName version_table;
    bool allow_modified = false;
    double lock_timeout = 60;   // seconds to wait for another run's lock
    // Told who holds the lock while this run waits for it (see
    // dialect::Dialect::LockWaitNotice): at the first wait, then once a second.
    std::function<void(const std::string& holder)> lock_wait;
    // Seconds a revision's statements wait for a table's lock before the
    // revision gives up (where the dialect has a lock timeout: PostgreSQL's
    // lock_timeout, for each revision's transaction): an ALTER TABLE queued
    // behind a long transaction would hold up every later query on the table.
    double ddl_lock_timeout = 5;
    // Times a revision that gave up waiting for a lock runs again, the first
    // after `retry_pause` seconds, each next after twice the pause before it.
    int retries = 0;
    double retry_pause = 1;
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

    // The revisions the database is at: alembic_version's rows, one per
    // head (empty: base). Throws InputError when one names no revision.
    std::vector<std::string> current();
    // The applied revisions (at or below current) whose file's sha256 differs from the log.
    std::vector<ModifiedRevision> modified();

    // Runs the upgrades up to `target` (a RevisionGraph target; one at or
    // below the current revisions is nothing to do, as in Alembic).
    std::vector<StepReport> upgrade(const std::string& target);
    // Runs the downgrades down to `target`.
    std::vector<StepReport> downgrade(const std::string& target);
    // Records `targets` (one per head) as the database's revisions without running anything.
    void stamp(const std::vector<std::string>& targets);
    // Accepts the applied revision files modified since they ran (those of
    // `revisions` only, when given: ids or prefixes): records each file's
    // sha256 in orm_migration_log (direction "repair"), under the migration
    // lock, in one transaction. Returns what it accepted; InputError for a
    // named revision that is not modified.
    std::vector<ModifiedRevision> repair(const std::vector<std::string>& revisions);

private:
    std::vector<StepReport> run(const std::string& target, bool upgrade);
    // `step` in its own transaction; nullopt when another run moved the
    // database away from `expected` first (nothing ran).
    std::optional<StepReport> run_step(engine::Connection& conn, const Step& step,
                                       const std::vector<std::string>& expected);
    // run_step, again after a lock wait that timed out, up to options_.retries times.
    std::optional<StepReport> run_step_retrying(engine::Connection& conn, const Step& step,
                                                const std::vector<std::string>& expected);
    // Takes the migration lock in `conn`'s open transaction where it is per
    // transaction (else the run holds it already).
    void lock_transaction(engine::Connection& conn) const;

    const engine::Engine& engine_;
    const RevisionGraph& graph_;
    RunnerOptions options_;
};

// The revisions `conn`'s version table records (empty: base, or no table).
std::vector<std::string> recorded_revisions(engine::Connection& conn, const VersionTableName& version = {});
// Drops the version table when it exists (drop-all --with-version-table,
// reset), in its own transaction; true when there was one.
bool drop_version_table(engine::Connection& conn, const VersionTableName& version = {});

// The offline script (--sql) that takes a database at the heads `from`
// (empty: base) to `target`, upgrading or downgrading, in the dialect's
// SQL: the alembic_version table when starting from base, then per revision
// a "-- Running ..." comment, BEGIN, its statements, the version rows,
// COMMIT (and the PRAGMAs around SQLite rebuilds). The schema at `from` is
// replayed from base in memory by running the revisions below it offline.
std::string offline_script(const RevisionGraph& graph, const std::vector<std::string>& from, const std::string& target,
                           bool upgrade, const std::string& dialect, const VersionTableName& version_table = {});

}  // namespace orm::migrate
