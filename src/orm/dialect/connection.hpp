// The driver connection: what every backend offers the engine layer, the way
// a DBAPI connection + cursor do for SQLAlchemy. Values cross this boundary
// only as bound parameters (`Value`), never spliced into SQL text; query
// results are streamed row by row (`Result`), never materialised whole.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "orm/core/error.hpp"

namespace orm::dialect {

// Raw bytes (LargeBinary, bytea), kept apart from text so drivers bind them as blobs.
struct Blob {
    std::vector<std::uint8_t> bytes;
    bool operator==(const Blob&) const = default;
};

// One bound parameter or one result cell: NULL, boolean, 64-bit integer,
// double, text or blob. PostgreSQL's numeric arrives as text, so exact digits
// survive; the session layer converts by column type.
class Value {
public:
    enum class Kind { null, boolean, integer, real, text, blob };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool v) : v_(v) {}
    Value(int v) : v_(std::int64_t{v}) {}
    Value(long v) : v_(std::int64_t{v}) {}
    Value(long long v) : v_(std::int64_t{v}) {}
    Value(double v) : v_(v) {}
    Value(std::string v) : v_(std::move(v)) {}
    Value(std::string_view v) : v_(std::string(v)) {}
    Value(const char* v) : v_(std::string(v)) {}
    Value(Blob v) : v_(std::move(v)) {}

    Kind kind() const { return static_cast<Kind>(v_.index()); }
    bool is_null() const { return kind() == Kind::null; }
    // Makes this the text `s`, reusing this value's own text buffer when it
    // holds one (a bulk load refills one parameter buffer row after row).
    void set_text(std::string_view s) {
        if (auto* t = std::get_if<std::string>(&v_)) t->assign(s.data(), s.size());
        else v_.emplace<std::string>(s);
    }
    // Accessors throw orm::DatabaseError when the value holds another kind.
    bool as_bool() const;
    std::int64_t as_int() const;
    double as_double() const;   // an integer converts
    const std::string& as_text() const;
    const Blob& as_blob() const;
    // A Python-repr-like rendering for logs: None, True, 42, 1.5, 'text', b'\x00'.
    std::string repr() const;

    bool operator==(const Value&) const = default;

private:
    std::variant<std::monostate, bool, std::int64_t, double, std::string, Blob> v_;
};

using Params = std::vector<Value>;
using Row = std::vector<Value>;

// Parameter sets made one at a time into one reused buffer, so that a bulk
// load never holds every row's parameters at once: fill(i, out) makes `out`
// the i-th set. fill may be called again for an index (echo shows the first sets).
struct ParamRows {
    std::size_t size = 0;
    std::function<void(std::size_t, Params&)> fill;
    // Over parameter sets already made.
    static ParamRows of(const std::vector<Params>& rows) {
        return {rows.size(), [&rows](std::size_t i, Params& out) { out = rows[i]; }};
    }
};

// The Python-repr of a parameter tuple, as SQLAlchemy's echo prints it: ('a', 1, None).
std::string repr_params(const Params& params);

// Replaces each occurrence of `secret` in `text` with "***". An occurrence
// that continues a longer word (a word character touching it) is left alone,
// so a password such as "postgres" does not mangle "postgresql". Empty secret: no-op.
std::string mask_secret(std::string_view text, std::string_view secret);

// What kind of failure a driver reported, for callers that react to some
// (seeding's on-conflict, migrations' lock timeout).
enum class ErrorKind {
    other,
    connection,
    unique_violation,
    foreign_key_violation,
    not_null_violation,
    check_violation,
    lock_timeout,      // lock_not_available / SQLITE_BUSY
    undefined_table,
};

// A DatabaseError raised by a driver: what() is the server's message (with
// "[SQL: ...]" appended when a statement was running), never a password.
class DriverError : public DatabaseError {
public:
    DriverError(const std::string& message, ErrorKind kind, std::string code, std::string statement = {});
    ErrorKind kind() const { return kind_; }
    // PostgreSQL's SQLSTATE ("23505") or SQLite's extended result code ("2067").
    const std::string& code() const { return code_; }
    const std::string& statement() const { return statement_; }
    // The server's message alone, without the statement.
    const std::string& server_message() const { return server_message_; }

private:
    ErrorKind kind_;
    std::string code_;
    std::string statement_;
    std::string server_message_;
};

// A foreign key that rows of a bulk load break, found when the load ends
// (Connection::end_bulk_load): which key, and the distinct values of its
// columns in the rows breaking it, in the order the rows went in (at most
// max_keys of them), so that a caller who knows where each value came from
// can name the first. what() describes keys[0].
struct ForeignKeyBreach {
    std::string schema;                   // the child table's schema as the catalog names it ("" on SQLite)
    std::string table;                    // the child table's name as the catalog has it (unquoted)
    std::string constraint;               // the constraint's name ("" where the backend has none)
    std::vector<std::string> columns;     // the child's key columns
    std::string referenced_table;         // the parent, as the catalog names it
    std::vector<std::string> referenced_columns;
    // Each key's values as the server prints them (text bare, numbers as digits).
    std::vector<std::vector<std::string>> keys;
    static constexpr std::size_t max_keys = 1000;

    // "<table>.<column> = <value> is not present in <parent>.<column>", for
    // keys[i]; composite keys as "<table>.(a, b) = (1, x)".
    std::string describe(std::size_t i) const;
};

class ForeignKeyViolation : public DriverError {
public:
    ForeignKeyViolation(ForeignKeyBreach breach, std::string code, std::string statement = {});
    const ForeignKeyBreach& breach() const { return breach_; }
    // The message for keys[i] ("FOREIGN KEY constraint failed: ..." or
    // "foreign key constraint 'name' failed: ...", with "(checked at the end of the bulk load)").
    std::string message(std::size_t i) const;

private:
    ForeignKeyBreach breach_;
};

struct ResultColumn {
    std::string name;
    std::string type_name;   // SQLite's declared type or PostgreSQL's type name; may be empty
};

// A query's rows, fetched incrementally from the driver. Usage:
//   auto r = conn.query("SELECT ..."); while (r->next()) use(r->row());
// While a Result is open its connection runs nothing else; running another
// statement on the connection first finishes (drains) the open Result.
class Result {
public:
    virtual ~Result() = default;
    virtual const std::vector<ResultColumn>& columns() const = 0;
    // Advances to the next row; false once the rows are exhausted.
    virtual bool next() = 0;
    // The current row (valid after next() returned true, until the next call).
    virtual const Row& row() const = 0;
    // Discards the remaining rows and frees the driver's statement; idempotent.
    virtual void close() = 0;
    // Rows changed by an INSERT/UPDATE/DELETE (after the rows are exhausted); -1 if unknown.
    virtual std::int64_t rows_affected() const { return -1; }

    // Convenience: every remaining row (materialised; for small results only).
    std::vector<Row> all();
    // The first column of the first row, or nullopt when there is no row; closes the result.
    std::optional<Value> scalar();
};

// A statement prepared once and run many times with different parameters.
class PreparedStatement {
public:
    virtual ~PreparedStatement() = default;
    virtual const std::string& sql() const = 0;
    // Runs with `params`, discarding rows; returns the rows affected (-1 if unknown).
    virtual std::int64_t execute(const Params& params) = 0;
    // Runs with `params`, streaming the rows.
    virtual std::unique_ptr<Result> query(const Params& params) = 0;
};

// One driver connection. Not thread-safe. Every failure throws DriverError.
class Connection {
public:
    virtual ~Connection() = default;

    virtual std::string dialect_name() const = 0;

    // The placeholder for the n-th (1-based) bound parameter: "?1" / "$1".
    virtual std::string placeholder(std::size_t n) const = 0;

    // Runs `sql`, which may hold several ';'-separated statements, without parameters.
    virtual void execute(const std::string& sql) = 0;
    // Runs one statement with bound parameters; returns the rows affected (-1 if unknown).
    virtual std::int64_t execute(const std::string& sql, const Params& params) = 0;
    // Runs one statement with bound parameters and streams its rows.
    virtual std::unique_ptr<Result> query(const std::string& sql, const Params& params = {}) = 0;
    // Prepares one statement for repeated execution; valid while the connection lives.
    virtual std::unique_ptr<PreparedStatement> prepare(const std::string& sql) = 0;
    // Runs one statement once per parameter set, batched where the driver can
    // (PostgreSQL pipelines them); returns the total rows affected.
    virtual std::int64_t executemany(const std::string& sql, const std::vector<Params>& param_sets);

    // Bulk loading (the unit of work's large batches).
    // Runs a one-row INSERT once per parameter set through one prepared
    // statement and returns the integer key each row received, in order:
    // SQLite's rowid (what an INTEGER PRIMARY KEY column holds). Drivers
    // without such a key return nullopt (PostgreSQL: use RETURNING or copy_rows).
    virtual std::optional<std::vector<std::int64_t>> executemany_rowids(const std::string& sql,
                                                                        const ParamRows& param_sets) {
        return std::nullopt;
    }
    // Loads `rows` into `table` (quoted, maybe schema-qualified; `columns`
    // quoted, one per value of a row) the fastest way the driver has:
    // on PostgreSQL COPY ... FROM STDIN, or one INSERT of arrays per chunk
    // for a table with row-level AFTER INSERT triggers (foreign keys);
    // else executemany of an INSERT. Each value is read by the server as
    // the same bound parameter would be. Returns the rows loaded.
    virtual std::int64_t copy_rows(const std::string& table, const std::vector<std::string>& columns,
                                   const ParamRows& rows);
    // The statement copy_rows runs (for echo): "COPY t (a, b) FROM STDIN",
    // "INSERT INTO t (a, b) SELECT unnest($1::integer[]), unnest($2::text[])",
    // "INSERT INTO t (a, b) VALUES (?1, ?2)". May read the table's catalog.
    virtual std::string copy_rows_sql(const std::string& table, const std::vector<std::string>& columns);

    // A bulk load into new tables (orm seed). Until end_bulk_load() or the
    // end of the transaction, rows going into a table that was empty may
    // have their foreign keys left unchecked: on PostgreSQL, copy_rows into
    // a table whose foreign keys refer only to tables this load also filled
    // from empty sets those keys aside (when it can lock the tables at once);
    // on SQLite, called before the transaction begins, enforcement is off
    // for the transaction when every table with foreign keys is empty.
    // end_bulk_load() checks every row at once (PostgreSQL: puts the keys
    // back; SQLite: PRAGMA foreign_key_check) and throws the foreign-key
    // violation when a row breaks one; a rollback or commit ends it too.
    // `references_known`: the caller vouches that every foreign-key value it
    // wrote came from a row it inserted or read in this transaction, and that
    // it updated and deleted nothing; SQLite then skips its check.
    // The load's transaction also waits for other bulk loads into the same
    // database to end (PostgreSQL: a transaction-level advisory lock taken
    // when it begins; SQLite: BEGIN IMMEDIATE, waiting up to the busy
    // timeout), so that loads run at once take turns and each sees the rows
    // the one before committed.
    virtual void begin_bulk_load() {}
    virtual void end_bulk_load(bool /*references_known*/ = false) {}

    // Where a driver reports the statements it runs of its own accord (the
    // keys a bulk load sets aside and puts back), for the engine's echo.
    void set_statement_log(std::function<void(const std::string&)> log) { statement_log_ = std::move(log); }

    // Transactions. begin() when one is open, or commit()/rollback() when none
    // is, throws DatabaseError.
    virtual void begin();
    virtual void commit();
    virtual void rollback();
    virtual bool in_transaction() const = 0;
    // SAVEPOINT / RELEASE SAVEPOINT / ROLLBACK TO SAVEPOINT `name` (an identifier).
    virtual void savepoint(const std::string& name);
    virtual void release_savepoint(const std::string& name);
    virtual void rollback_to_savepoint(const std::string& name);

    // Catalog: the names of the existing tables in `schema` (the default
    // schema when empty: "main" / current_schema()), sorted.
    virtual std::vector<std::string> table_names(const std::optional<std::string>& schema = std::nullopt) = 0;
    // The names of existing enum types in `schema` (PostgreSQL; empty elsewhere), sorted.
    virtual std::vector<std::string> enum_names(const std::optional<std::string>& schema = std::nullopt) {
        return {};
    }
    // The server's version string ("3.40.1", "15.5").
    virtual std::string server_version() = 0;

    // Closes the connection; later calls throw. Idempotent.
    virtual void close() = 0;

protected:
    void log_statement(const std::string& sql) const {
        if (statement_log_) statement_log_(sql);
    }

private:
    std::function<void(const std::string&)> statement_log_;
};

}  // namespace orm::dialect
