// A Dialect is the one place where database backends differ, as SQLAlchemy's
// Dialect is: its compilers (statements, DDL), its identifier preparer, how
// values are bound, how the live schema is read back, how keys are drawn
// ahead and bulk loads are set up, the migration lock, and the settings a
// connection or a table rebuild needs. Code above this layer asks the
// Dialect and never compares a backend's name. A backend is one folder under
// dialect/ holding its Dialect subclass, and one line in dialect.cpp's registry.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/reflection.hpp"

namespace orm::sql {
class DDLCompiler;
class SQLCompiler;
class IdentifierPreparer;
}  // namespace orm::sql

namespace orm::dialect {

// What a driver needs to connect; built by the engine layer from a URL.
struct ConnectParams {
    std::string backend;                  // the dialect's name
    std::optional<std::string> username;
    std::optional<std::string> password;
    std::optional<std::string> host;      // a host name, or a unix-socket directory
    std::optional<int> port;
    std::string database;                 // PostgreSQL db name; SQLite file path or ":memory:"
    std::map<std::string, std::string> query;  // URL query parameters
    // For commands that only read: never create or write the database
    // (SQLite opens the file read-only and a missing file is an error).
    bool read_only = false;
};

// A URL's parts after its scheme, as the engine layer parsed them (SQLAlchemy's URL fields).
struct UrlParts {
    std::optional<std::string> username;
    std::optional<std::string> password;
    std::optional<std::string> host;
    std::optional<int> port;
    std::optional<std::string> database;
    std::map<std::string, std::string> query;
};

// An exclusive lock held for a whole migration run; released when destroyed.
class MigrationLock {
public:
    virtual ~MigrationLock() = default;
};

class Dialect {
public:
    virtual ~Dialect() = default;

    // The backend's name, as URLs and the schema JSON spell it ("sqlite", "postgresql").
    virtual std::string name() const = 0;
    // What Python code sees as `dialect.driver` ("pysqlite", "psycopg2") and
    // `dialect.server_version_info` while models are read, with no server to
    // ask: the DBAPI SQLAlchemy uses by default and the version orm targets.
    virtual std::string python_driver() const = 0;
    virtual std::vector<std::int64_t> nominal_server_version() const = 0;
    // The schema an unqualified name lives in on a fresh database
    // (SQLAlchemy's dialect.default_schema_name): "public.x" and "x" are the same object there.
    virtual std::string default_schema_name() const = 0;

    // ---- traits (SQLAlchemy's Dialect attributes of the same names) -------
    // The first four are the backend DDL compiler's, which SQL-layer code reads.
    // False: a boolean is bound as 1 / 0.
    bool supports_native_boolean() const;
    // True: Enum columns use a CREATE TYPE ... AS ENUM type of the schema.
    bool supports_native_enum() const;
    // False: ALTER TABLE cannot add or drop constraints or change a column;
    // migrations rebuild the table instead (Alembic's batch "move and copy").
    bool supports_alter() const;
    // True: the postgresql.* types (JSONB, ARRAY, INET...) can be stored.
    bool supports_postgresql_types() const;
    // False: a Numeric in a query expression is bound as a float (SQLite has no decimal).
    virtual bool supports_native_decimal() const = 0;
    // True: SmallInteger / Integer columns refuse values outside 16 / 32 bits
    // (else every integer is stored in 64 bits).
    virtual bool enforces_integer_widths() const = 0;

    // ---- compilers and identifiers -------------------------------------
    virtual std::unique_ptr<sql::DDLCompiler> ddl_compiler() const = 0;
    // One shared instance of it (stateless), for callers that only read.
    virtual const sql::DDLCompiler& shared_ddl_compiler() const = 0;
    // The compiler of SELECT / INSERT / UPDATE / DELETE statements.
    virtual std::unique_ptr<sql::SQLCompiler> statement_compiler() const = 0;
    // Quoting of identifiers (the one rule every statement of this dialect uses).
    virtual const sql::IdentifierPreparer& identifier_preparer() const = 0;
    // One shared instance of the statement compiler (stateless).
    virtual const sql::SQLCompiler& shared_statement_compiler() const = 0;
    // The statement compiler's placeholder of the n-th (1-based) bound parameter: "?1" / "$1".
    std::string placeholder(std::size_t n) const;
    // The same where every parameter is used once, in order ("?" on SQLite).
    std::string sequential_placeholder(std::size_t n) const;

    // ---- connections -----------------------------------------------------
    // Why a URL's parts do not suit this backend (a SQLite URL with a host,
    // a bad ?port=), or nullopt. May normalise them (a SQLite URL's empty
    // database names none).
    virtual std::optional<std::string> url_problem(UrlParts& parts) const = 0;
    // What the driver needs from a checked URL (SQLAlchemy's create_connect_args).
    virtual ConnectParams create_connect_args(const UrlParts& parts) const = 0;
    // True when the URL names a database that lives only as long as its connection.
    virtual bool is_memory(const UrlParts& parts) const { return false; }
    // Opens a driver connection; throws DatabaseError when it cannot.
    virtual std::unique_ptr<Connection> connect(const ConnectParams& params) const = 0;

    // ---- reflection --------------------------------------------------------
    // The live schema, read through `run` (the engine's echoing connection).
    virtual ReflectedSchema reflect(const QueryRunner& run, const ReflectOptions& options) const = 0;
    // The type the database takes a column declared as `declared` for, where
    // that is not the declaration itself (SQLite keeps any spelling and reads
    // a meaning from it); nullopt where declaration and type are one.
    virtual std::optional<schema::TypeEngine> stored_type(std::string_view declared) const { return std::nullopt; }
    // A type's SQL spelling (upper case) with the dialect's synonyms folded,
    // so that a model's spelling and the catalog's compare equal.
    virtual std::string fold_type_synonyms(std::string upper_spelling) const { return upper_spelling; }
    // The partial-index predicate this dialect honours (its `<name>_where` keyword).
    virtual const schema::ClausePtr& index_where(const schema::Index& index) const = 0;
    virtual void set_index_where(schema::Index& index, schema::ClausePtr where) const = 0;
    // A server default's text as it follows DEFAULT in CREATE TABLE, from the
    // text a document or the catalog holds (SQLite wants an expression
    // parenthesised, and reports it without the parentheses).
    virtual std::string default_text_after_default(const std::string& text) const { return text; }
    // The name the server gives a constraint created without one ("<table>_<cols>_<suffix>"
    // on PostgreSQL), or nullopt where unnamed constraints stay unnamed.
    virtual std::optional<std::string> default_constraint_name(const std::string& table,
                                                               const std::vector<std::string>& columns,
                                                               const std::string& suffix) const {
        return std::nullopt;
    }
    // True where constraint names are unique in a schema, so that a second
    // constraint of the same name is refused.
    virtual bool unique_constraint_names() const { return false; }
    // False where CREATE TABLE leaves out a UNIQUE constraint over exactly the
    // primary key's columns (PostgreSQL: `id ... PRIMARY KEY, UNIQUE (id)`),
    // so that reflection never finds the one the models declare.
    virtual bool keeps_unique_over_primary_key() const { return true; }
    // A primary key's name when the server chose it ("<table>_pkey"), or nullopt.
    std::optional<std::string> default_primary_key_name(const std::string& table) const {
        return default_constraint_name(table, {}, "pkey");
    }

    // ---- server defaults in generated files --------------------------------
    // Alembic's impl.render_ddl_sql_expr: a compiled expression as a revision
    // file's sa.text() holds it (SQLite wants a default expression parenthesised).
    virtual std::string render_ddl_sql_expr(const std::string& expr, bool is_server_default) const { return expr; }
    // A reflected default as a models file's sa.text() holds it, so that the
    // file's CREATE TABLE gives the same default back.
    virtual std::string reflected_default_text(const std::string& sql) const { return sql; }
    // A blob as a SQL literal in an offline script (X'00ff' / '\x00ff'::bytea).
    virtual std::string render_blob_literal(const Blob& blob) const = 0;

    // ---- keys and bulk loads ------------------------------------------------
    // True when `column`, the integer key of `table`, is the rowid the driver
    // reports for each inserted row (Connection::executemany_rowids).
    virtual bool key_is_rowid(const schema::Table& table, const schema::Column& column) const { return false; }
    // The sequence `column` (the integer key of `table`, quoted as
    // `quoted_table`) owns and new keys may be drawn from ahead of their
    // rows; nullopt where there is none (or the dialect has no sequences).
    virtual std::optional<std::string> key_sequence(const QueryRunner& run, const std::string& quoted_table,
                                                    const schema::Column& column) const {
        return std::nullopt;
    }
    // `n` new keys from `sequence`, ascending.
    virtual std::vector<std::int64_t> draw_keys(const QueryRunner& run, const std::string& sequence,
                                                std::size_t n) const;
    // After rows were given explicit keys: moves the key's generator past
    // them (nothing where the database takes max(key) + 1 by itself).
    virtual void advance_key_generator(const QueryRunner& run, const std::string& quoted_table,
                                       const std::string& quoted_column, const std::string& column) const {}
    // Session settings for a large load (run once, before its rows).
    virtual std::vector<std::string> bulk_load_settings() const { return {}; }

    // ---- DDL runs and migrations -------------------------------------------
    // Run first in the transaction of a drop_all: a statement deferring
    // foreign-key checks to COMMIT where tables in a cycle cannot be ALTERed
    // apart (SQLite), or nullopt.
    virtual std::optional<std::string> defer_foreign_keys_sql() const { return std::nullopt; }
    // Where a table rebuild drops a table others refer to (dialects without
    // ALTER): foreign keys are paused around the transaction and checked before
    // COMMIT. Empty where no rebuild happens.
    struct ForeignKeyPause {
        std::string pause;    // before BEGIN
        std::string resume;   // after the transaction, committed or not
        std::string check;    // online, before COMMIT: a query whose rows are broken keys (table name first)
        std::vector<std::string> offline_guard;   // in a script, before COMMIT: statements failing on a broken key
    };
    virtual std::optional<ForeignKeyPause> foreign_key_pause() const { return std::nullopt; }
    // Told who holds the migration lock ("process 123 since 2026-01-02
    // 10:00:00") while a run waits for it: at the first wait, then once a second.
    using LockWaitNotice = std::function<void(const std::string& holder)>;
    // Takes the migration lock of the database `params` names, waiting up to
    // `timeout` seconds; throws DatabaseError when another run keeps it.
    // Where migration_lock_per_transaction(), it is taken in the open
    // transaction and released when that ends (the object returned holds nothing).
    virtual std::unique_ptr<MigrationLock> acquire_migration_lock(const QueryRunner& run, const ConnectParams& params,
                                                                  double timeout,
                                                                  const LockWaitNotice& on_wait = {}) const = 0;
    // True where the migration lock belongs to a transaction and is taken
    // again in each revision's transaction (PostgreSQL: a transaction-level
    // advisory lock, since a transaction-pooling PgBouncer hands each
    // transaction to any server session, and a session's lock would stay
    // behind on one of them); false where one lock is held for the whole
    // run (SQLite's flock()).
    virtual bool migration_lock_per_transaction() const { return false; }
    // The statement (with its parameters) that makes the open transaction
    // give up waiting for a table's lock after `seconds` (PostgreSQL:
    // lock_timeout for this transaction only), or nullopt where there is none.
    virtual std::optional<std::pair<std::string, Params>> lock_timeout_statement(double seconds) const {
        return std::nullopt;
    }
    // After `statement` gave up waiting for a lock: the other sessions
    // holding locks on the tables it names, one per line ("table \"items\":
    // backend 4242, user app, idle in transaction for 12 s, last statement:
    // ..."), read through `run` outside the failed transaction; empty when none is found.
    virtual std::vector<std::string> lock_holders(const QueryRunner& run, const std::string& statement) const {
        return {};
    }
    // Why the connected server takes no writes ("the server is a read-only
    // standby ..."), or nullopt: asked by the commands that write before they do anything.
    virtual std::optional<std::string> read_only_reason(const QueryRunner& run) const { return std::nullopt; }

protected:
    using LockClock = std::chrono::steady_clock;
    // Upper-case hex digits of a blob, for its literal.
    static std::string hex_digits(const Blob& blob);
    // The waits between tries to take the migration lock.
    class LockWait {
    public:
        LockWait(double timeout, const LockWaitNotice& on_wait);
        // Sleeps a little before the next try, first telling on_wait who
        // holds the lock (`holder` asks) when a second passed since it was
        // last told; throws DatabaseError once the timeout passed.
        void operator()(const std::function<std::string()>& holder);

    private:
        double timeout_;
        LockClock::time_point deadline_;
        std::optional<LockClock::time_point> last_notice_;
        const LockWaitNotice& on_wait_;
    };
};

// The dialect registered under `name` (a deprecated alias such as
// "postgres" too); nullptr for none.
const Dialect* find_dialect(std::string_view name);
// The same, throwing UsageError for an unknown name.
const Dialect& get_dialect(std::string_view name);
// The registered names ("postgresql, sqlite"), for messages.
std::string dialect_names();

}  // namespace orm::dialect
