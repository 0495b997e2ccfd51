#include "orm/dialect/postgresql/postgresql_session.hpp"

#include <cctype>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>
#include <fmt/format.h>

#include "orm/dialect/postgresql/postgresql_values.hpp"

namespace orm::dialect::pg {

namespace {
// The handle HandleCapture connected, for the PqxxConnection::open() that
// made it (connections are made one at a time per thread).
thread_local PGconn* g_connected = nullptr;
}  // namespace

PqxxConnection::HandleCapture::handle PqxxConnection::HandleCapture::do_startconnect(handle orig) {
    handle h = pqxx::connect_direct::do_startconnect(orig);
    g_connected = h;
    return h;
}

PGconn* PqxxConnection::open(const std::string& conninfo) {
    g_connected = nullptr;
    connection_ = std::make_unique<pqxx::basic_connection_base<HandleCapture>>(conninfo);
    notices_ = std::make_unique<QuietNotices>(*connection_);
    // Otherwise a statement libpqxx runs on a lost connection reconnects
    // (PQreset) or closes the handle (PQfinish) under the driver's feet.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    connection_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    return std::exchange(g_connected, nullptr);
}

void PqxxConnection::close() noexcept {
    transactions_.forget();   // closing the connection ends the server's transaction
    notices_.reset();
    connection_.reset();
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
}

ErrorKind classify(const std::string& sqlstate) {
    if (sqlstate == "23505") return ErrorKind::unique_violation;
    if (sqlstate == "23503") return ErrorKind::foreign_key_violation;
    if (sqlstate == "23502") return ErrorKind::not_null_violation;
    if (sqlstate == "23514") return ErrorKind::check_violation;
    if (sqlstate == "55P03") return ErrorKind::lock_timeout;
    if (sqlstate == "42P01") return ErrorKind::undefined_table;
    if (sqlstate.rfind("08", 0) == 0) return ErrorKind::connection;
    return ErrorKind::other;
}

namespace {

// The statement's first keyword, upper case ("" when there is none).
std::string first_keyword(const std::string& sql) {
    std::size_t i = 0;
    while (i < sql.size() && !std::isalpha(static_cast<unsigned char>(sql[i]))) ++i;
    std::string word;
    for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    return word;
}

}  // namespace

std::string privilege_hint(const std::string& message, const std::string& statement, const std::string& user) {
    static const std::string denied = "permission denied for ";
    const std::string keyword = first_keyword(statement);
    if (message.rfind(denied, 0) == 0) {
        // "permission denied for schema public" / "... for table items".
        std::string object = message.substr(denied.size(), message.find('\n') - denied.size());
        std::string privilege;
        if (object.rfind("schema ", 0) == 0) privilege = keyword == "CREATE" ? "CREATE" : "USAGE";
        else if (object.rfind("sequence ", 0) == 0) privilege = statement.find("setval(") != std::string::npos ? "UPDATE" : "USAGE";
        else if (keyword == "COPY") privilege = "INSERT";
        else if (keyword == "SELECT" || keyword == "INSERT" || keyword == "UPDATE" || keyword == "DELETE" ||
                 keyword == "TRUNCATE" || keyword == "REFERENCES")
            privilege = keyword;
        if (privilege.empty()) return "\nHINT: the role \"" + user + "\" lacks a privilege on " + object;
        // "schema public" -> GRANT ... ON SCHEMA public; "table items" -> ON TABLE items.
        std::string kind = object.substr(0, object.find(' ')), name = object.substr(object.find(' ') + 1);
        for (char& c : kind) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return "\nHINT: the role \"" + user + "\" lacks the " + privilege + " privilege on " + object + " (GRANT " +
               privilege + " ON " + kind + " " + name + " TO \"" + user + "\")";
    }
    if (message.rfind("must be owner of ", 0) == 0)
        return "\nHINT: the role \"" + user + "\" does not own " + message.substr(17, message.find('\n') - 17) +
               ": only its owner (or a member of the owning role) may " + (keyword.empty() ? "change" : keyword) + " it";
    return "";
}

namespace {

// "ERROR:  msg\nLINE 1: ...\n  ^\nDETAIL:  det\nHINT:  ...\n", libpq's
// default-verbosity text that libpqxx's exceptions carry, back to
// "msg\nDETAIL: det" as error_of(PGresult) makes it from the fields. Each
// label line starts a section; a message or detail of several lines keeps
// its lines. Labels are libpq's untranslated ones (orm never sets a locale).
std::string message_of_formatted(const std::string& formatted) {
    std::vector<std::string> lines;
    for (std::size_t at = 0; at <= formatted.size();) {
        std::size_t nl = formatted.find('\n', at);
        if (nl == std::string::npos) nl = formatted.size();
        lines.push_back(formatted.substr(at, nl - at));
        at = nl + 1;
    }
    while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
    if (lines.empty()) return "";
    auto starts = [](const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; };
    std::string primary = lines[0], detail;
    // The severity ("ERROR:  "): upper case, as the server sends it.
    if (auto p = primary.find(":  "); p != std::string::npos && p > 0 && p <= 16) {
        bool severity = true;
        for (std::size_t i = 0; i < p; ++i) severity = severity && !std::islower(static_cast<unsigned char>(primary[i]));
        if (severity) primary.erase(0, p + 3);
    }
    enum { in_primary, in_detail, elsewhere } section = in_primary;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (section == in_primary && starts(line, "LINE ") && line.find(": ") != std::string::npos &&
            std::isdigit(static_cast<unsigned char>(line[5]))) {
            ++i;   // the statement's line and the caret under the position
            continue;
        }
        if (starts(line, "DETAIL:  ")) {
            section = in_detail;
            detail = line.substr(9);
        } else if (starts(line, "HINT:  ") || starts(line, "QUERY:  ") || starts(line, "CONTEXT:  ") ||
                   starts(line, "LOCATION:  ")) {
            section = elsewhere;
        } else if (section == in_primary) {
            primary += "\n" + line;
        } else if (section == in_detail) {
            detail += "\n" + line;
        }
    }
    return detail.empty() ? primary : primary + "\nDETAIL: " + detail;
}

// The SQLSTATE of what libpqxx threw. libpqxx 6.4 builds some of its
// exceptions without the code the server sent (the class tells it).
std::string sqlstate_of(const std::exception& e) {
    if (auto* s = dynamic_cast<const pqxx::sql_error*>(&e); s && !s->sqlstate().empty()) return s->sqlstate();
    if (dynamic_cast<const pqxx::insufficient_privilege*>(&e)) return "42501";
    if (dynamic_cast<const pqxx::too_many_connections*>(&e)) return "53300";
    if (dynamic_cast<const pqxx::serialization_failure*>(&e)) return "40001";
    if (dynamic_cast<const pqxx::deadlock_detected*>(&e)) return "40P01";
    if (dynamic_cast<const pqxx::statement_completion_unknown*>(&e)) return "40003";
    if (dynamic_cast<const pqxx::transaction_rollback*>(&e)) return "40000";
    if (dynamic_cast<const pqxx::broken_connection*>(&e)) return "08006";
    return "";
}

}  // namespace

DriverError PgState::error_of(const pqxx::pqxx_exception& e, const std::string& statement) {
    // A lost connection: libpq's message, as a statement run on the handle reports it.
    if (conn && !connection.connection().is_open()) return make_error("", "", statement);
    const std::exception& base = e.base();
    return make_error(sqlstate_of(base), message_of_formatted(base.what()), statement);
}

// libpq: the result comes from the handle; libpqxx's result::affected_rows()
// reads only results libpqxx made.
std::int64_t affected(const PGresult* res) {
    const char* n = PQcmdTuples(const_cast<PGresult*>(res));
    if (!n || !*n) return -1;
    return std::strtoll(n, nullptr, 10);
}

// libpq, not libpqxx: a command's rows read one result at a time in
// single-row mode (see start_stream).
class PgResult : public Result {
public:
    // Takes over a command already sent in single-row mode: reads up to its
    // first row so that columns() and errors are known at once.
    PgResult(std::shared_ptr<PgState> state, std::string sql) : state_(std::move(state)), sql_(std::move(sql)) {
        state_->active = this;
        pending_ = fetch();
    }
    ~PgResult() override {
        try {
            close();
        } catch (...) {
        }
    }

    const std::vector<ResultColumn>& columns() const override { return columns_; }

    bool next() override {
        if (pending_) {
            pending_ = false;
            return true;
        }
        if (done_) return false;
        return fetch();
    }

    const Row& row() const override { return row_; }

    void close() override {
        if (done_) return;
        done_ = true;
        // Draining (not cancelling) keeps an enclosing transaction usable.
        if (state_->conn && state_->active == this) state_->drain();
        detach();
    }

    std::int64_t rows_affected() const override { return affected_; }

private:
    void detach() {
        if (state_->active == this) state_->active = nullptr;
    }

    // Reads the next result: true with row_ filled, false at the end.
    bool fetch() {
        PGresultPtr res(PQgetResult(state_->conn), &PQclear);
        if (!res) {
            done_ = true;
            detach();
            return false;
        }
        auto st = PQresultStatus(res.get());
        if (columns_.empty() && (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK)) {
            int n = PQnfields(res.get());
            for (int i = 0; i < n; ++i)
                columns_.push_back({PQfname(res.get(), i), type_name(PQftype(res.get(), i))});
        }
        if (st == PGRES_SINGLE_TUPLE) {
            row_.resize(static_cast<std::size_t>(PQnfields(res.get())));
            for (int i = 0; i < static_cast<int>(row_.size()); ++i) row_[i] = convert(res.get(), 0, i);
            return true;
        }
        done_ = true;
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY) {
            affected_ = affected(res.get());
            state_->drain();
            detach();
            return false;
        }
        state_->drain();
        detach();
        if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT)
            throw DriverError("COPY is not supported through a query", ErrorKind::other, "", sql_);
        state_->raise_result(res.get(), sql_);
    }

    std::shared_ptr<PgState> state_;
    std::string sql_;
    std::vector<ResultColumn> columns_;
    Row row_;
    bool pending_ = false;
    bool done_ = false;
    std::int64_t affected_ = -1;
};

void PgState::finish_active() {
    if (active) active->close();
    if (result_pending) {
        // The bulk load's outcome, before anything else runs: its error is this command's.
        result_pending = false;
        if (std::exchange(pending_pipeline, false)) {
            if (auto failure = finish_pipeline()) throw *failure;
            return;
        }
        // libpq: the overlapped COPY's or pipeline's result (see copy_rows), which libpqxx 6.4 cannot leave pending.
        join_sender();
        if (!send_error.empty()) {
            std::string error = std::exchange(send_error, std::string());
            drain();
            throw DriverError(mask_secret(error, password), ErrorKind::connection, "08006", pending_sql);
        }
        PGresultPtr res(PQgetResult(conn), &PQclear);
        drain();
        if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) raise_result(res.get(), pending_sql);
    }
}

// libpq: libpqxx 6.4 has no transaction status (see the header).
bool transaction_open(PGconn* conn) {
    auto st = PQtransactionStatus(conn);
    return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

// libpq, not libpqxx: rows are read one at a time in single-row mode, so a
// query of any size streams; a libpqxx 6.4 result holds all its rows.
std::unique_ptr<Result> start_stream(const std::shared_ptr<PgState>& state, bool in_txn, int sent,
                                     const std::string& sql) {
    if (!sent) state->raise_result(nullptr, sql);
    if (!PQsetSingleRowMode(state->conn)) {
        state->drain();
        throw DriverError("could not switch the connection to single-row mode", ErrorKind::other, "", sql);
    }
    state->active_in_txn = in_txn;
    return std::make_unique<PgResult>(state, sql);
}

// libpq, not libpqxx: a statement is prepared with its parameters' types
// (PQprepare), which libpqxx 6.4's prepare() cannot give.
class PgPrepared : public PreparedStatement {
public:
    PgPrepared(std::shared_ptr<PgState> state, std::string sql)
        : state_(std::move(state)), sql_(std::move(sql)), name_(fmt::format("orm_s{}", ++state_->statement_counter)) {}

    // DEALLOCATE through libpq: libpqxx's unprepare() knows only the statements it prepared.
    ~PgPrepared() override {
        if (!prepared_ || !state_->conn) return;
        try {
            state_->finish_active();
            PQclear(PQexec(state_->conn, ("DEALLOCATE " + name_).c_str()));
        } catch (...) {
        }
    }

    const std::string& sql() const override { return sql_; }

    std::int64_t execute(const Params& params) override {
        ensure_prepared(params);
        Encoded enc(params, types_);
        auto res = state_->check(PQexecPrepared(state_->conn, name_.c_str(), enc.n(), enc.values.data(),
                                                enc.lengths.data(), enc.formats.data(), 0),
                                 sql_);
        return affected(res.get());
    }

    std::unique_ptr<Result> query(const Params& params) override {
        ensure_prepared(params);
        Encoded enc(params, types_);
        bool txn = transaction_open(state_->conn);
        int sent = PQsendQueryPrepared(state_->conn, name_.c_str(), enc.n(), enc.values.data(),
                                       enc.lengths.data(), enc.formats.data(), 0);
        return start_stream(state_, txn, sent, sql_);
    }

private:
    // Prepares on first use with the first values' types; prepares again when
    // a later value could not be read as the type chosen then.
    void ensure_prepared(const Params& params) {
        state_->handle();
        state_->finish_active();
        std::vector<Oid> wanted = natural_oids(params);
        if (prepared_) {
            bool fits = wanted.size() == types_.size();
            for (std::size_t i = 0; fits && i < wanted.size(); ++i)
                fits = params[i].is_null() || wanted[i] == types_[i] ||
                       (types_[i] == 0 && params[i].kind() != Value::Kind::blob);
            if (fits) return;
            PQclear(PQexec(state_->conn, ("DEALLOCATE " + name_).c_str()));
            prepared_ = false;
        }
        state_->check(PQprepare(state_->conn, name_.c_str(), sql_.c_str(), static_cast<int>(wanted.size()),
                                wanted.data()),
                      sql_);
        types_ = std::move(wanted);
        prepared_ = true;
    }

    std::shared_ptr<PgState> state_;
    std::string sql_;
    std::string name_;
    std::vector<Oid> types_;
    bool prepared_ = false;
};

std::unique_ptr<PreparedStatement> prepare_statement(std::shared_ptr<PgState> state, std::string sql) {
    return std::make_unique<PgPrepared>(std::move(state), std::move(sql));
}

}  // namespace orm::dialect::pg
