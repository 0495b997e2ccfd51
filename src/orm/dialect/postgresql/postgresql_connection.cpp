#include "orm/dialect/postgresql/postgresql_connection.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <fmt/format.h>

#include "orm/dialect/postgresql/postgresql_foreign_key_deferral.hpp"
#include "orm/dialect/postgresql/postgresql_session.hpp"
#include "orm/dialect/postgresql/postgresql_values.hpp"

namespace orm::dialect {

namespace {

using namespace pg;

// Statements per pipeline sync in executemany: bounds the results buffered
// on either side while keeping round trips rare.
constexpr std::size_t kPipelineBatch = 500;

std::string describe_server(const ConnectParams& p) {
    std::string host = p.host.value_or("localhost");
    int port = p.port.value_or(5432);
    if (!host.empty() && host[0] == '/') return fmt::format("{}/.s.PGSQL.{}", host, port);
    if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
    return fmt::format("{}:{}", host, port);
}

// A libpq connection string of `kv`: each value quoted, with ' and \ escaped.
std::string conninfo(const std::vector<std::pair<std::string, std::string>>& kv) {
    std::string out;
    for (const auto& [k, v] : kv) {
        out += (out.empty() ? "" : " ") + k + "='";
        for (char c : v) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        out += '\'';
    }
    return out;
}

// libpq's "connection to server at "h" (addr), port N failed: reason" → "reason".
std::string connect_reason(std::string message) {
    message = trim(message);
    if (message.rfind("connection to server ", 0) == 0) {
        auto f = message.find(" failed: ");
        if (f != std::string::npos) message = message.substr(f + 9);
    }
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\n') {
            while (i + 1 < message.size() && (message[i + 1] == '\t' || message[i + 1] == ' ')) ++i;
            out += ' ';
        } else {
            out += message[i];
        }
    }
    return out;
}

class PgConnection : public Connection {
public:
    explicit PgConnection(const ConnectParams& params) : state_(std::make_shared<PgState>()) {
        state_->password = params.password.value_or("");
        std::vector<std::pair<std::string, std::string>> kv;
        auto set = [&](const std::string& k, const std::string& v) {
            for (auto& [key, value] : kv)
                if (key == k) {
                    value = v;
                    return;
                }
            kv.emplace_back(k, v);
        };
        set("fallback_application_name", "orm");
        set("client_encoding", "UTF8");
        set("connect_timeout", "10");
        if (params.host) set("host", *params.host);
        if (params.port) set("port", std::to_string(*params.port));
        if (params.username) set("user", *params.username);
        if (params.password) set("password", *params.password);
        if (!params.database.empty()) set("dbname", params.database);
        for (const auto& [k, v] : params.query) set(k, v);
        std::string reason;
        try {
            state_->conn = state_->connection.open(conninfo(kv));
        } catch (const pqxx::failure& e) {   // broken_connection, or the connection could not be set up
            reason = connect_reason(e.what());
        } catch (const std::bad_alloc&) {
            reason = "out of memory";
        }
        if (!state_->conn)
            throw DriverError(mask_secret(fmt::format("could not connect to server at {}: {}",
                                                      describe_server(params), reason),
                                          state_->password),
                              ErrorKind::connection, "08001");
        // Literals in orm's DDL write a backslash once, as the SQL standard
        // and every PostgreSQL since 9.1 by default read it; a server set
        // otherwise gets the standard for this session. libpq: libpqxx 6.4
        // reads a setting only by sending SHOW (get_variable()), a round trip
        // that the value the server reported at startup saves.
        const char* conforming = PQparameterStatus(state_->conn, "standard_conforming_strings");
        if (conforming && std::string_view(conforming) == "off") execute("SET standard_conforming_strings = on");
    }

    ~PgConnection() override {
        try {
            close();
        } catch (...) {
        }
    }

    std::string dialect_name() const override { return "postgresql"; }
    std::string placeholder(std::size_t n) const override { return "$" + std::to_string(n); }

    // libpq, not libpqxx, although there are no parameters: an error is
    // reported by its fields (primary message, DETAIL), and libpqxx 6.4's
    // exceptions carry only libpq's formatted text, in which the statement
    // line and caret shown for a positioned error cannot be told apart from
    // a message of several lines. Besides, dbtransaction::exec() rolls the
    // transaction back when the statement fails (the caller may want to roll
    // back to a savepoint instead), and the text may itself be BEGIN or
    // COMMIT, which no libpqxx object would know of.
    void execute(const std::string& sql) override {
        bulk_targets_.clear();   // a statement without parameters may be DDL: read the catalog afresh
        ready();
        state_->check(PQexec(state_->conn, sql.c_str()), sql);
    }

    // libpq, not libpqxx: each parameter is sent with its type's OID
    // (natural_oids); libpqxx 6.4's exec_params() sends none.
    std::int64_t execute(const std::string& sql, const Params& params) override {
        ready();
        auto types = natural_oids(params);
        Encoded enc(params, types);
        auto res = state_->check(PQexecParams(state_->conn, sql.c_str(), enc.n(), types.data(), enc.values.data(),
                                              enc.lengths.data(), enc.formats.data(), 0),
                                 sql);
        return affected(res.get());
    }

    // libpq, not libpqxx: typed parameters as above, and rows streamed in
    // single-row mode (start_stream), which libpqxx 6.4 lacks.
    std::unique_ptr<Result> query(const std::string& sql, const Params& params) override {
        ready();
        auto types = natural_oids(params);
        Encoded enc(params, types);
        bool txn = transaction_open(state_->conn);
        int sent = PQsendQueryParams(state_->conn, sql.c_str(), enc.n(), types.data(), enc.values.data(),
                                     enc.lengths.data(), enc.formats.data(), 0);
        return start_stream(state_, txn, sent, sql);
    }

    std::unique_ptr<PreparedStatement> prepare(const std::string& sql) override {
        ready();
        return prepare_statement(state_, sql);
    }

    std::int64_t executemany(const std::string& sql, const std::vector<Params>& param_sets) override;

    std::string copy_rows_sql(const std::string& table, const std::vector<std::string>& columns) override {
        before_load(table);
        std::string insert = bulk_insert_sql(table, columns);
        return insert.empty() ? copy_sql(table, columns) : insert;
    }
    std::int64_t copy_rows(const std::string& table, const std::vector<std::string>& columns,
                           const ParamRows& rows) override;

    void begin_bulk_load() override {
        deferral_.begin();
        if (in_transaction()) take_bulk_load_lock();
        else bulk_load_lock_pending_ = true;
    }
    // Transactions and savepoints: libpqxx's objects (TransactionStack) send
    // BEGIN, COMMIT, ROLLBACK and the savepoint statements.
    void begin() override {
        if (in_transaction()) throw DriverError("a transaction is already in progress", ErrorKind::other, "");
        open_transaction();
        if (std::exchange(bulk_load_lock_pending_, false)) take_bulk_load_lock();
    }
    // Putting a key back validates it whatever the caller knows (a constraint added NOT VALID would stay so).
    void end_bulk_load(bool /*references_known*/) override { deferral_.restore(*this, statement_log()); }

    void rollback() override {
        deferral_.forget();
        // Rolling back is the answer to a failed bulk load too: its error is not raised again here.
        discard_pending_result();
        if (!in_transaction()) throw DriverError("no transaction is in progress to roll back", ErrorKind::other, "");
        end_transaction(false);
    }

    void commit() override {
        ready();
        // libpq: the server's transaction status, which libpqxx 6.4 does not report.
        if (deferral_.active() && PQtransactionStatus(state_->conn) == PQTRANS_INTRANS) end_bulk_load(false);
        if (PQtransactionStatus(state_->conn) == PQTRANS_INERROR) {
            deferral_.forget();
            end_transaction(false);
            throw DriverError("the transaction was aborted by an earlier error and has been rolled back",
                              ErrorKind::other, "25P02");
        }
        if (!in_transaction()) throw DriverError("no transaction is in progress to commit", ErrorKind::other, "");
        end_transaction(true);
    }

    void savepoint(const std::string& name) override {
        check_savepoint_name(name);
        if (state_->connection.transactions().empty()) return Connection::savepoint(name);
        transact("SAVEPOINT " + name, [&](TransactionStack& t) { t.savepoint(name); });
    }
    void release_savepoint(const std::string& name) override {
        check_savepoint_name(name);
        bool held = false;
        transact("RELEASE SAVEPOINT " + name, [&](TransactionStack& t) { held = t.release(name); });
        if (!held) Connection::release_savepoint(name);
    }
    void rollback_to_savepoint(const std::string& name) override {
        check_savepoint_name(name);
        bool held = false;
        transact("ROLLBACK TO SAVEPOINT " + name, [&](TransactionStack& t) { held = t.rollback_to(name); });
        if (!held) Connection::rollback_to_savepoint(name);
    }

    bool in_transaction() const override {
        if (!state_->conn) return false;
        if (state_->active) return state_->active_in_txn;
        if (state_->result_pending) return state_->pending_in_txn;
        return transaction_open(state_->conn);
    }

    std::vector<std::string> table_names(const std::optional<std::string>& schema) override {
        return names(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = COALESCE($1, current_schema()) AND c.relkind IN ('r', 'p') "
            "ORDER BY c.relname",
            schema);
    }

    std::vector<std::string> enum_names(const std::optional<std::string>& schema) override {
        return names(
            "SELECT t.typname FROM pg_catalog.pg_type t "
            "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
            "WHERE t.typtype = 'e' AND n.nspname = COALESCE($1, current_schema()) "
            "ORDER BY t.typname",
            schema);
    }

    // libpq: the version as the server spells it ("15.5"); libpqxx 6.4's
    // server_version() gives the number (150005).
    std::string server_version() override {
        ready();
        const char* v = PQparameterStatus(state_->conn, "server_version");
        return v ? v : "";
    }

    void close() override {
        if (!state_->conn) return;
        discard_pending_result();
        state_->finish_active();
        state_->conn = nullptr;
        state_->connection.close();
    }

private:
    // What copy_rows needs to know of a table, read from its catalog once per
    // batch of statements (until the next statement without parameters).
    struct BulkTarget {
        bool after_row_triggers = false;   // row-level AFTER INSERT triggers (foreign keys' among them)
        // Each column's array type for a cast ("integer[]"; no length, so an
        // over-long value fails on assignment rather than being cut); "" for
        // a column of an array type, which unnest would flatten.
        std::unordered_map<std::string, std::string> array_types;
    };

    static std::string copy_sql(const std::string& table, const std::vector<std::string>& columns) {
        std::string sql = "COPY " + table + " (";
        for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
        return sql + ") FROM STDIN";
    }

    // The INSERT copy_rows runs for `table`, or "" when it runs COPY.
    //
    // Why not COPY everywhere: COPY keeps a slot per buffered row (up to
    // 1,000), each holding the table's row descriptor in the statement's
    // resource owner, and the foreign-key checks that run at the end of the
    // statement add and remove descriptors in that same owner, whose hash
    // table then probes past the 1,000 identical entries: depending on where
    // the descriptors happen to lie in memory, a load of a child table took
    // 1.3x as long. An INSERT ... SELECT unnest($1), ... holds one slot.
    std::string bulk_insert_sql(const std::string& table, const std::vector<std::string>& columns) {
        if (columns.empty()) return "";
        auto it = bulk_targets_.find(table);
        if (it == bulk_targets_.end()) it = bulk_targets_.emplace(table, read_bulk_target(table)).first;
        const BulkTarget& target = it->second;
        if (!target.after_row_triggers) return "";
        std::string names, arrays;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            auto type = target.array_types.find(unquote_identifier(columns[i]));
            if (type == target.array_types.end() || type->second.empty()) return "";
            names += (i ? ", " : "") + columns[i];
            arrays += (i ? ", unnest(" : "unnest(") + placeholder(i + 1) + "::" + type->second + ")";
        }
        // unnest in the select list, not in FROM: a function in FROM stores
        // all its rows in a tuplestore first (1.1x the time for a child table).
        return "INSERT INTO " + table + " (" + names + ") SELECT " + arrays;
    }

    BulkTarget read_bulk_target(const std::string& table) {
        // tgtype bits: 1 row, 2 before, 4 insert, 64 instead of.
        auto r = query(
            "SELECT a.attname, pg_catalog.format_type(a.atttypid, NULL) || '[]', "
            "t.typcategory = 'A' OR a.attndims > 0, "
            "EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g WHERE g.tgrelid = a.attrelid "
            "AND g.tgenabled <> 'D' AND (g.tgtype & 71) = 5) "
            "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            Params{Value(table)});
        BulkTarget out;
        while (r->next()) {
            const Row& row = r->row();
            out.array_types[row[0].as_text()] = row[2].as_bool() ? std::string() : row[1].as_text();
            out.after_row_triggers = row[3].as_bool();
        }
        return out;
    }

    // Loads rows by `insert` (from bulk_insert_sql), one statement per chunk
    // of rows, all in one pipeline whose results are read when the next
    // command runs: the server stores the rows while this process goes on.
    std::int64_t insert_arrays(const std::string& insert, std::size_t width, const ParamRows& rows);

    void discard_pending_result() {
        if (!state_->result_pending || !state_->conn) return;
        state_->result_pending = false;
        if (std::exchange(state_->pending_pipeline, false)) {
            state_->finish_pipeline();
            return;
        }
        state_->join_sender();
        state_->send_error.clear();
        state_->drain();
    }

    void ready() {
        state_->handle();
        state_->finish_active();
    }

    // Runs `step` on the transaction objects, reported as the statement
    // `sql`: what is pending on the connection is read first (libpqxx would
    // read the socket under the COPY sender), and what libpqxx throws
    // becomes a DriverError.
    template <class Step>
    void transact(const std::string& sql, Step&& step) {
        bulk_targets_.clear();   // as after any statement without parameters: a rollback may undo DDL
        ready();
        // A connection already lost: libpqxx 6.4 would only say that it may
        // not reconnect; libpq answers as it does for every other statement.
        if (!state_->connection.connection().is_open()) {
            state_->check(PQexec(state_->conn, sql.c_str()), sql);
            throw DriverError("the connection is lost", ErrorKind::connection, "08006", sql);   // not reached
        }
        try {
            step(state_->connection.transactions());
        } catch (const pqxx::pqxx_exception& e) {
            throw state_->error_of(e, sql);
        }
    }
    void open_transaction() {
        transact("BEGIN", [&](TransactionStack& t) { t.begin(state_->connection.connection()); });
    }
    // COMMIT or ROLLBACK. A transaction begun by SQL text (execute("BEGIN"))
    // has no libpqxx object and ends by SQL text: libpqxx 6.4 cannot take
    // over a transaction it did not begin (its objects send BEGIN when made).
    void end_transaction(bool commit) {
        if (state_->connection.transactions().empty()) return execute(commit ? "COMMIT" : "ROLLBACK");
        transact(commit ? "COMMIT" : "ROLLBACK", [&](TransactionStack& t) { commit ? t.commit() : t.rollback(); });
    }
    // Savepoint names are spliced into SQL, so only plain identifiers pass (as Connection's own).
    static void check_savepoint_name(const std::string& name) {
        bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
        for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        if (!ok) throw DriverError("invalid savepoint name '" + name + "'", ErrorKind::other, "");
    }

    std::vector<std::string> names(const std::string& sql, const std::optional<std::string>& schema) {
        Params p{schema ? Value(*schema) : Value()};
        auto r = query(sql, p);
        std::vector<std::string> out;
        while (r->next()) out.push_back(r->row()[0].as_text());
        return out;
    }

    // A bulk load's first rows into `table`: may set its foreign keys aside.
    void before_load(const std::string& table) {
        if (deferral_.active()) deferral_.before_load(*this, table, statement_log());
    }
    pg::ForeignKeyDeferral::Log statement_log() {
        return [this](const std::string& sql) { log_statement(sql); };
    }

    // Bulk loads into one database take turns (see Connection::begin_bulk_load):
    // a transaction-level lock, which a transaction-pooling PgBouncer keeps
    // with the transaction, released when it ends.
    void take_bulk_load_lock() {
        static const std::string sql = "SELECT pg_catalog.pg_advisory_xact_lock(" + std::to_string(kBulkLoadLockKey) + ")";
        log_statement(sql);
        if (state_->connection.transactions().empty()) return execute(sql);   // a transaction begun by SQL text
        transact(sql, [&](TransactionStack& t) { t.exec(sql); });
    }
    static constexpr long long kBulkLoadLockKey = 0x6f726d7365656421;   // "ormseed!"

    std::shared_ptr<PgState> state_;
    bool bulk_load_lock_pending_ = false;   // begin_bulk_load() came before the transaction
    std::unordered_map<std::string, BulkTarget> bulk_targets_;   // by quoted table name
    pg::ForeignKeyDeferral deferral_;
};

// libpq, not libpqxx: pipeline mode (libpqxx 6.4 has none; its pipeline class
// joins statements into one query string, without parameters).
std::int64_t PgConnection::executemany(const std::string& sql, const std::vector<Params>& param_sets) {
    ready();
    if (param_sets.empty()) return 0;
    // One type per slot: the kind all non-NULL values share, else "unknown"
    // so that the server infers it and every value is read from text.
    std::vector<Oid> types(param_sets.front().size(), 0);
    std::vector<bool> seen(types.size(), false);
    for (const auto& ps : param_sets) {
        if (ps.size() != types.size())
            throw DriverError(fmt::format("executemany: parameter sets have different lengths ({} and {})",
                                          types.size(), ps.size()),
                              ErrorKind::other, "", sql);
        for (std::size_t i = 0; i < ps.size(); ++i) {
            if (ps[i].is_null()) continue;
            Oid o = natural_oid(ps[i]);
            if (!seen[i]) types[i] = o, seen[i] = true;
            else if (types[i] != o) types[i] = 0;
        }
    }
    // All or nothing, as one statement would be.
    bool own_txn = !in_transaction();
    if (own_txn) open_transaction();
    PGconn* c = state_->conn;
    std::int64_t total = 0;
    bool counted = true;
    std::optional<DriverError> failure;
    bool prepare_result_pending = true;   // the first result answers PQsendPrepare: no row count

    auto consume_until_sync = [&] {
        state_->read_to_sync([&](const PGresult* r) {
            auto st = PQresultStatus(r);
            if (st == PGRES_COMMAND_OK && prepare_result_pending) {
                prepare_result_pending = false;
            } else if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
                std::int64_t n = affected(r);
                if (n < 0) counted = false;
                else total += n;
            } else if (st == PGRES_FATAL_ERROR && !failure) {
                failure = state_->error_of(r, sql);
            }
        });
    };

    if (!PQenterPipelineMode(c)) state_->raise_result(nullptr, sql);
    const std::string name;   // the unnamed statement: replaced by the next unnamed prepare
    bool ok = PQsendPrepare(c, name.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data());
    std::size_t in_batch = 0;
    for (std::size_t k = 0; ok && k < param_sets.size() && !failure; ++k) {
        Encoded enc(param_sets[k], types);
        ok = PQsendQueryPrepared(c, name.c_str(), enc.n(), enc.values.data(), enc.lengths.data(),
                                 enc.formats.data(), 0);
        if (ok && (++in_batch == kPipelineBatch || k + 1 == param_sets.size())) {
            ok = PQpipelineSync(c);
            if (ok) consume_until_sync();
            in_batch = 0;
        }
    }
    if (!ok && !failure) {
        failure = state_->error_of(nullptr, sql);
        if (PQstatus(c) != CONNECTION_BAD && PQpipelineSync(c)) consume_until_sync();
    }
    PQexitPipelineMode(c);
    if (failure) {
        if (own_txn && state_->connection.connection().is_open()) {
            try {
                end_transaction(false);
            } catch (const DriverError&) {   // the statement's error is the one to report
            }
        }
        throw *failure;
    }
    if (own_txn) end_transaction(true);
    return counted ? total : -1;
}

// libpq, not libpqxx: the INSERTs go out in pipeline mode and their results
// are read when the next command runs.
std::int64_t PgConnection::insert_arrays(const std::string& insert, std::size_t width, const ParamRows& rows) {
    // Chunks small enough that the server starts on the first soon after
    // the rows are asked for, and stores each while the next is made.
    constexpr std::size_t kChunkBytes = 8 << 20, kChunkRows = 1000;
    const bool own_txn = !in_transaction();
    if (own_txn) open_transaction();
    try {
        ready();
        PGconn* c = state_->conn;
        if (!PQenterPipelineMode(c)) state_->raise_result(nullptr, insert);
        state_->result_pending = state_->pending_pipeline = state_->pending_in_txn = true;
        state_->pending_sql = insert;
        std::vector<std::string> arrays(width);
        std::vector<const char*> values(width);
        std::vector<int> lengths(width);
        Params row;
        try {
            for (std::size_t next = 0; next < rows.size;) {
                const std::size_t first = next;
                std::size_t bytes = 0;
                for (auto& a : arrays) a.assign(1, '{');
                while (next < rows.size && bytes < kChunkBytes && next - first < kChunkRows) {
                    rows.fill(next, row);
                    if (row.size() != width)
                        throw DriverError(
                            fmt::format("copy_rows: a row of {} values for {} columns", row.size(), width),
                            ErrorKind::other, "", insert);
                    for (std::size_t i = 0; i < width; ++i) {
                        std::string& a = arrays[i];
                        std::size_t before = a.size();
                        if (next != first) a += ',';
                        append_array_element(a, row[i]);
                        bytes += a.size() - before;
                    }
                    ++next;
                }
                for (std::size_t i = 0; i < width; ++i) {
                    arrays[i] += '}';
                    values[i] = arrays[i].data();
                    lengths[i] = static_cast<int>(arrays[i].size());
                }
                // Flushed at once: in a pipeline libpq would hold the end of
                // the statement back until 64 kB more were queued.
                if (!PQsendQueryParams(c, insert.c_str(), static_cast<int>(width), nullptr, values.data(),
                                       lengths.data(), nullptr, 0) ||
                    PQflush(c) != 0)
                    state_->raise_result(nullptr, insert);
            }
        } catch (...) {
            PQpipelineSync(c);   // what was sent is read (and discarded) by the rollback that follows
            throw;
        }
        if (!PQpipelineSync(c)) state_->raise_result(nullptr, insert);
        if (own_txn) commit();   // reads the pipeline's results first
    } catch (...) {
        if (own_txn && state_->conn && state_->connection.connection().is_open()) rollback();
        throw;
    }
    return static_cast<std::int64_t>(rows.size);
}

// libpq, not pqxx::stream_to: the last piece and the end of the COPY go out
// from a thread and the result is read when the next command runs, so that
// the server stores these rows while the caller makes the next ones;
// stream_to::complete() waits for the result (the shop seed's bench).
std::int64_t PgConnection::copy_rows(const std::string& table, const std::vector<std::string>& columns,
                                     const ParamRows& rows) {
    if (rows.size == 0) {
        ready();
        return 0;
    }
    before_load(table);
    std::string insert = bulk_insert_sql(table, columns);
    if (!insert.empty()) return insert_arrays(insert, columns.size(), rows);
    const std::string sql = copy_sql(table, columns);
    // Sent in pieces of about 256 kB: memory stays bounded whatever the
    // batch. When a command is still running (the previous load, whose rows
    // the server may still be checking) a whole piece is made before waiting
    // for it, so that this process makes rows while the server stores the
    // last ones; when the server is idle a small first piece starts it soon.
    constexpr std::size_t kPiece = (256 << 10) - 4096, kFirstPiece = 16 << 10;
    const std::size_t first_piece = state_->result_pending ? kPiece : kFirstPiece;
    std::string buf;
    buf.reserve(1 << 20);
    Params row;
    PGconn* c = nullptr;   // once the COPY has begun
    auto add_row = [&](std::size_t r) {
        rows.fill(r, row);
        if (row.size() != columns.size()) {
            if (c) {
                PQputCopyEnd(c, "orm: a row of the wrong length");
                state_->drain();
            }
            throw DriverError(fmt::format("copy_rows: a row of {} values for {} columns", row.size(), columns.size()),
                              ErrorKind::other, "", sql);
        }
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) buf += '\t';
            append_copy_text(buf, row[i]);
        }
        buf += '\n';
    };
    std::size_t next = 0;
    while (next < rows.size && buf.size() < first_piece) add_row(next++);
    ready();
    c = state_->conn;
    bool in_txn = transaction_open(c);
    PGresultPtr start(PQexec(c, sql.c_str()), &PQclear);
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) {
        state_->drain();
        state_->raise_result(start.get(), sql);
    }
    bool ok = true;
    if (next < rows.size && !buf.empty()) {   // the first piece goes now; the server starts on it
        ok = PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) == 1;
        buf.clear();
    }
    while (ok) {
        if (buf.size() >= kPiece) {
            ok = PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) == 1;
            buf.clear();
            continue;
        }
        if (next == rows.size) break;
        add_row(next++);
    }
    if (ok && in_txn) {
        // Inside a transaction the result can wait for the next command
        // (which reads it first, so a failure still fails that command and
        // the transaction), and the last piece and the end go out from the
        // sender thread: meanwhile the server checks and stores the rows
        // while this process gets the next ones ready.
        state_->result_pending = true;
        state_->pending_in_txn = true;
        state_->pending_sql = sql;
        state_->send_error.clear();
        PgState* st = state_.get();
        st->sender = std::thread([st, c, data = std::move(buf)] {
            bool sent = data.empty() || PQputCopyData(c, data.data(), static_cast<int>(data.size())) == 1;
            if (PQputCopyEnd(c, sent ? nullptr : "orm: sending the rows failed") != 1 || !sent)
                st->send_error = "sending COPY data failed: " + trim(PQerrorMessage(c));
        });
        return static_cast<std::int64_t>(rows.size);
    }
    if (ok && !buf.empty()) ok = PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) == 1;
    if (PQputCopyEnd(c, ok ? nullptr : "orm: sending the rows failed") != 1) state_->raise_result(nullptr, sql);
    // Outside a transaction (or when sending failed): the COPY's own result, then the end of the command.
    PGresultPtr res(PQgetResult(c), &PQclear);
    state_->drain();
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) state_->raise_result(res.get(), sql);
    return affected(res.get());
}

}  // namespace

std::unique_ptr<Connection> open_postgresql_connection(const ConnectParams& params) {
    return std::make_unique<PgConnection>(params);
}

}  // namespace orm::dialect
