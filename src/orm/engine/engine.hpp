// Engine and Connection, as SQLAlchemy names them: an Engine knows the URL,
// the dialect and whether to echo; Engine::connect() opens a Connection that
// runs SQL through the driver, echoing each statement (and its parameters)
// before it runs, with the URL's password masked out.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/engine/url.hpp"

namespace orm::engine {

// Receives one echo line (no trailing newline).
using EchoSink = std::function<void(const std::string& line)>;

// A sink that writes each line to stderr.
EchoSink stderr_echo_sink();

struct EngineOptions {
    bool echo = false;   // --echo
    EchoSink echo_sink;  // where echo lines go; empty: stderr
    bool read_only = false;   // connections never create or write the database (dialect::ConnectParams::read_only)
    // Where the driver's notes go (lines it logs as "-- ...", such as why a
    // bulk load checks foreign keys row by row), without the "-- ", whether
    // or not echo is on; empty: only echo shows them.
    EchoSink note_sink;
};

class Connection;
class Transaction;

class Engine {
public:
    // Looks up the URL's dialect; connects nothing yet.
    explicit Engine(Url url, EngineOptions options = {});

    const Url& url() const;
    const dialect::Dialect& dialect() const;
    // "sqlite" / "postgresql".
    std::string name() const;
    bool echo() const;
    void set_echo(bool on);

    // Opens a new connection; throws DatabaseError (password masked) when it cannot.
    Connection connect() const;

    // Writes `line`, password masked, to the echo sink when echo is on.
    void log(const std::string& line) const;

    struct State;

private:
    std::shared_ptr<State> state_;
};

// SQLAlchemy's create_engine(url, echo=...).
Engine create_engine(const std::string& url, EngineOptions options = {});

// A prepared statement run through a Connection, echoed at each execution.
class PreparedStatement {
public:
    std::int64_t execute(const dialect::Params& params);
    std::unique_ptr<dialect::Result> query(const dialect::Params& params);
    const std::string& sql() const;

private:
    friend class Connection;
    PreparedStatement(std::shared_ptr<const Engine::State> engine, std::unique_ptr<dialect::PreparedStatement> stmt);
    std::shared_ptr<const Engine::State> engine_;
    std::unique_ptr<dialect::PreparedStatement> stmt_;
};

// One database connection (move-only); closed when destroyed.
class Connection {
public:
    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&&) noexcept = default;
    ~Connection();

    const dialect::Dialect& dialect() const;
    // The driver connection underneath, for what the engine does not wrap (no echo).
    dialect::Connection& driver();

    // Runs `sql` (may hold several ';'-separated statements) without parameters.
    void execute(const std::string& sql);
    // Runs one statement with bound parameters; returns the rows affected (-1 if unknown).
    std::int64_t execute(const std::string& sql, const dialect::Params& params);
    // Runs one statement and streams its rows.
    std::unique_ptr<dialect::Result> query(const std::string& sql, const dialect::Params& params = {});
    // query() as a function, for the dialect's own statements (catalog
    // queries, sequences, locks), echoed like any other; it fails once the
    // connection is closed.
    dialect::QueryRunner runner();
    // Runs one statement once per parameter set (batched by the driver); total rows affected.
    std::int64_t executemany(const std::string& sql, const std::vector<dialect::Params>& param_sets);
    // Prepares one statement for repeated execution.
    PreparedStatement prepare(const std::string& sql);
    // Bulk loading, echoed as executemany is (see dialect::Connection):
    // a one-row INSERT per parameter set returning each row's integer key
    // (nullopt where the driver has none), and rows loaded the fastest way
    // the driver has (COPY on PostgreSQL).
    std::optional<std::vector<std::int64_t>> executemany_rowids(const std::string& sql,
                                                                const dialect::ParamRows& param_sets);
    std::int64_t copy_rows(const std::string& table, const std::vector<std::string>& columns,
                           const dialect::ParamRows& rows);
    // A bulk load into new tables: copy_rows may set foreign keys aside until
    // end_bulk_load() checks them all at once (see dialect::Connection); the
    // statements doing so are echoed.
    void begin_bulk_load();
    void end_bulk_load(bool references_known = false);
    // The placeholder for the n-th (1-based) parameter in this dialect: "?1" / "$1".
    std::string placeholder(std::size_t n) const;

    // Starts a transaction; it rolls back when the returned object dies uncommitted.
    Transaction begin();
    // Starts a SAVEPOINT inside the open transaction (SQLAlchemy's begin_nested()).
    Transaction begin_nested();
    bool in_transaction() const;

    // Throws DatabaseError with the dialect's reason when the server takes
    // no writes (a read-only standby): what writes asks first, so that it
    // fails before doing anything.
    void require_writable();

    // Existing tables / PostgreSQL enum types in `schema` (default schema when empty), sorted.
    std::vector<std::string> table_names(const std::optional<std::string>& schema = std::nullopt);
    std::vector<std::string> enum_names(const std::optional<std::string>& schema = std::nullopt);
    bool has_table(const std::string& name, const std::optional<std::string>& schema = std::nullopt);

    // Closes the connection (rolling back an open transaction); idempotent.
    void close();

    struct State;

private:
    friend class Engine;
    friend class Transaction;
    explicit Connection(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

// An open transaction or savepoint (move-only). Rolls back when destroyed
// while still active; commit() and rollback() end it.
class Transaction {
public:
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&& other) noexcept;
    ~Transaction();

    // COMMIT (or RELEASE SAVEPOINT); throws DatabaseError when it fails, after which the transaction is over.
    void commit();
    // ROLLBACK (or ROLLBACK TO SAVEPOINT); a no-op when no longer active.
    void rollback();
    bool is_active() const { return active_; }
    bool is_nested() const { return savepoint_.has_value(); }

private:
    friend class Connection;
    Transaction(std::shared_ptr<Connection::State> conn, std::optional<std::string> savepoint);
    std::shared_ptr<Connection::State> conn_;
    std::optional<std::string> savepoint_;
    bool active_ = false;
};

}  // namespace orm::engine
