// What a PostgreSQL driver connection shares with its results and prepared
// statements (PgState), and those results (streamed in single-row mode) and
// statements themselves. Internal to dialect/postgresql/: the connection
// (postgresql_connection.cpp) is the only user.
//
// The connection is libpqxx's: libpqxx 6.4 opens and closes it, takes the
// server's notices, and runs BEGIN / COMMIT / ROLLBACK and the savepoints
// through its transaction objects (TransactionStack). The statements that
// carry values or rows run on the libpq handle underneath, each place naming
// what libpqxx 6.4 lacks for it: parameters typed by OID, single-row
// streaming, pipeline mode, COPY overlapped with the next batch, and the
// error's fields one by one.
#pragma once

#include <libpq-fe.h>
#include <pqxx/connection>
#include <pqxx/errorhandler>
#include <pqxx/except>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/postgresql/postgresql_transactions.hpp"

namespace orm::dialect::pg {

using PGresultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The message without its trailing newlines and blanks.
std::string trim(std::string s);
// The driver-independent kind of a SQLSTATE.
ErrorKind classify(const std::string& sqlstate);

// For an insufficient_privilege error (42501): "\nHINT: the role "app" lacks
// the CREATE privilege on schema public (GRANT ...)", the privilege read from
// the statement's first keyword; "" for a message it does not know.
std::string privilege_hint(const std::string& message, const std::string& statement, const std::string& user);

class PgResult;

// The connection as libpqxx holds it: libpqxx opens and closes it, takes
// the server's NOTICEs (dropped: "table does not exist, skipping" is not
// orm's output) and holds the open transaction and savepoints. The driver's
// other statements run on the libpq handle underneath, which libpqxx 6.4
// does not hand out (see postgresql_connection.cpp for what has no libpqxx
// API). libpqxx never reconnects on its own: a lost connection stays lost
// (a new session would lack the prepared statements and the transaction).
class PqxxConnection {
public:
    // Opens `conninfo` (a libpq connection string); throws pqxx::broken_connection
    // with libpq's message when it cannot. Returns the libpq handle.
    PGconn* open(const std::string& conninfo);
    // Drops the transaction objects without a statement and closes the connection (idempotent).
    void close() noexcept;
    ~PqxxConnection() { close(); }

    pqxx::connection_base& connection() { return *connection_; }
    TransactionStack& transactions() { return transactions_; }

private:
    // pqxx::connect_direct that also passes on the handle it connected.
    class HandleCapture : public pqxx::connect_direct {
    public:
        using pqxx::connect_direct::connect_direct;
        handle do_startconnect(handle orig) override;
    };
    class QuietNotices : public pqxx::errorhandler {
    public:
        using pqxx::errorhandler::errorhandler;
        bool operator()(const char[]) noexcept override { return false; }   // false: no other handler prints it
    };
    std::unique_ptr<pqxx::basic_connection_base<HandleCapture>> connection_;
    std::unique_ptr<QuietNotices> notices_;   // registered with connection_: goes first
    TransactionStack transactions_;           // on connection_: goes before it
};

// What a connection's results and prepared statements share with it: they
// keep it alive, and see `conn == nullptr` once the connection is closed.
struct PgState {
    PqxxConnection connection;
    PGconn* conn = nullptr;      // the libpq handle of `connection`, while it is open
    std::string password;        // masked out of every message
    PgResult* active = nullptr;  // the Result streaming rows, if any
    bool active_in_txn = false;  // whether a transaction was open when `active` began
    // A bulk load (COPY, or a pipeline of INSERTs of arrays ending in a sync)
    // whose data is all sent but whose results are not read yet: the server
    // works through it while the caller prepares what comes next.
    bool result_pending = false;
    bool pending_pipeline = false;
    bool pending_in_txn = false;
    std::string pending_sql;
    // The thread sending a pending COPY's last rows and its end: a blocking
    // send waits for the server to read, and this way the caller does not.
    // Nothing else touches `conn` until it is joined (join_sender()).
    std::thread sender;
    std::string send_error;   // what the sender could not do, if anything

    ~PgState() { join_sender(); }
    void join_sender() {
        if (sender.joinable()) sender.join();
    }
    unsigned statement_counter = 0;

    [[noreturn]] void raise_result(const PGresult* res, const std::string& statement) {
        throw error_of(res, statement);
    }

    // The error `res` reports (or the connection's, without one), password masked.
    // libpq, not libpqxx: the primary message and DETAIL are read field by field.
    DriverError error_of(const PGresult* res, const std::string& statement) {
        std::string sqlstate, message;
        if (res) {
            const char* s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
            const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
            if (s) sqlstate = s;
            if (primary) message = primary;
            if (primary && detail) message += std::string("\nDETAIL: ") + detail;
            if (message.empty()) message = trim(PQresultErrorMessage(res));
        }
        return make_error(std::move(sqlstate), std::move(message), statement);
    }
    // The error libpqxx threw running `statement`, as error_of(PGresult) makes
    // it: when the connection is lost, libpq's message; else the SQLSTATE and
    // the primary message and DETAIL taken back out of libpqxx's text.
    DriverError error_of(const pqxx::pqxx_exception& e, const std::string& statement);

    // The DriverError of a SQLSTATE and message: libpq's message when there
    // is none, the privilege hint, 08006 for a lost connection, password masked.
    DriverError make_error(std::string sqlstate, std::string message, const std::string& statement) {
        // libpq, not libpqxx: libpqxx 6.4 keeps the connection's error message to itself (err_msg() is private).
        if (message.empty() && conn) message = trim(PQerrorMessage(conn));
        if (message.empty()) message = "unknown PostgreSQL error";
        if (sqlstate == "42501" && conn && connection.connection().username())
            message += privilege_hint(message, statement, connection.connection().username());
        if (conn && !connection.connection().is_open() && sqlstate.empty()) sqlstate = "08006";
        return DriverError(mask_secret(message, password), classify(sqlstate), sqlstate,
                           mask_secret(statement, password));
    }

    PGconn* handle() const {
        if (!conn) throw DriverError("the connection is closed", ErrorKind::connection, "08003");
        return conn;
    }

    // Discards every pending result of the last command. libpq: the command
    // was sent on the handle (streamed, pipelined or a COPY), so libpqxx
    // never saw it and has no result of it to discard.
    void drain() {
        while (PGresult* r = PQgetResult(conn)) PQclear(r);
    }

    // Reads a pipeline's results up to its next sync point, passing each
    // (not the sync's own) to `each`; stops if the connection is lost.
    // libpq: pipeline mode, which libpqxx 6.4 lacks (its pqxx::pipeline joins
    // statements into one query string, without parameters).
    template <class Each>
    void read_to_sync(Each&& each) {
        int nulls = 0;
        while (true) {
            PGresult* r = PQgetResult(conn);
            if (!r) {
                if (PQstatus(conn) == CONNECTION_BAD || ++nulls > 1) break;   // nothing more will come
                continue;
            }
            nulls = 0;
            PGresultPtr res(r, &PQclear);
            if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) break;
            each(r);
        }
    }

    // Reads the pending pipeline to its sync and leaves pipeline mode;
    // returns the first error in it (the statements after it were skipped).
    // libpq: pipeline mode, as above.
    std::optional<DriverError> finish_pipeline() {
        std::optional<DriverError> failure;
        read_to_sync([&](const PGresult* r) {
            if (PQresultStatus(r) == PGRES_FATAL_ERROR && !failure) failure = error_of(r, pending_sql);
        });
        PQexitPipelineMode(conn);
        return failure;
    }

    void finish_active();

    // Runs a statement to completion; the result is COMMAND_OK or TUPLES_OK.
    // libpq: the statement ran on the handle (see the callers for why); its
    // errors are read field by field (error_of).
    PGresultPtr check(PGresult* raw, const std::string& sql) {
        PGresultPtr res(raw, &PQclear);
        auto st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
            raise_result(res.get(), sql);
        return res;
    }
};

// The rows a command's result reports as affected, or -1.
std::int64_t affected(const PGresult* res);
// Whether a transaction is open (or failed and not yet rolled back) on `conn`,
// as the server last reported it. libpq (PQtransactionStatus): libpqxx 6.4
// knows only its own transaction objects, not what statements run on the
// handle or sent as SQL text opened, failed or ended.
bool transaction_open(PGconn* conn);
// Starts streaming the command just sent (PQsend* returned `sent`); `in_txn`:
// whether a transaction was open before it was sent.
std::unique_ptr<Result> start_stream(const std::shared_ptr<PgState>& state, bool in_txn, int sent,
                                     const std::string& sql);
// A statement prepared on first use, with its parameters' types.
std::unique_ptr<PreparedStatement> prepare_statement(std::shared_ptr<PgState> state, std::string sql);

}  // namespace orm::dialect::pg
