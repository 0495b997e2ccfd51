#include "orm/dialect/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <cctype>
#include <charconv>
#include <filesystem>
#include <utility>
#include <fmt/format.h>

#include "orm/sql/identifier_preparer.hpp"

namespace orm::dialect {

using sql::IdentifierPreparer;
constexpr auto quote_identifier = &IdentifierPreparer::quote_identifier;

namespace {

namespace fs = std::filesystem;

ErrorKind classify(int extended_code, const std::string& message) {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY: return ErrorKind::unique_violation;
        case SQLITE_CONSTRAINT_FOREIGNKEY: return ErrorKind::foreign_key_violation;
        case SQLITE_CONSTRAINT_NOTNULL: return ErrorKind::not_null_violation;
        case SQLITE_CONSTRAINT_CHECK: return ErrorKind::check_violation;
        default: break;
    }
    switch (extended_code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return ErrorKind::lock_timeout;
        case SQLITE_CANTOPEN: return ErrorKind::connection;
        default: break;
    }
    if (message.rfind("no such table", 0) == 0) return ErrorKind::undefined_table;
    return ErrorKind::other;
}

[[noreturn]] void raise(sqlite3* db, const std::string& statement) {
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    throw DriverError(message, classify(code, message), std::to_string(code), statement);
}

// Owns a prepared statement; `generation` counts re-executions so a Result
// over an older execution notices that its rows are gone.
struct Statement {
    sqlite3* db = nullptr;
    sqlite3_stmt* stmt = nullptr;
    std::string sql;
    std::uint64_t generation = 0;

    Statement(sqlite3* d, const std::string& text) : db(d), sql(text) {
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, &tail) != SQLITE_OK)
            raise(db, sql);
        if (!stmt) throw DriverError("no SQL statement to run", ErrorKind::other, "", sql);
        // Anything but whitespace and comments after the first statement would be silently ignored.
        if (tail && *tail) {
            sqlite3_stmt* extra = nullptr;
            const char* rest = nullptr;
            int rc = sqlite3_prepare_v2(db, tail, -1, &extra, &rest);
            bool more = rc != SQLITE_OK || extra != nullptr;
            sqlite3_finalize(extra);
            if (more) {
                sqlite3_finalize(stmt);
                throw DriverError("only one statement may be run with bound parameters", ErrorKind::other, "",
                                  sql);
            }
        }
    }
    ~Statement() { sqlite3_finalize(stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // `lasting`: the values outlive the statement's run, so SQLite may read
    // them in place rather than copy them.
    void bind(const Params& params, bool lasting = false) {
        auto keep = lasting ? SQLITE_STATIC : SQLITE_TRANSIENT;
        ++generation;
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        int expected = sqlite3_bind_parameter_count(stmt);
        if (expected != static_cast<int>(params.size()))
            throw DriverError(fmt::format("the statement takes {} bound parameters, {} were given", expected,
                                          params.size()),
                              ErrorKind::other, "", sql);
        for (int i = 0; i < expected; ++i) {
            const Value& v = params[static_cast<std::size_t>(i)];
            int rc = SQLITE_OK;
            switch (v.kind()) {
                case Value::Kind::null: rc = sqlite3_bind_null(stmt, i + 1); break;
                case Value::Kind::boolean: rc = sqlite3_bind_int64(stmt, i + 1, v.as_bool() ? 1 : 0); break;
                case Value::Kind::integer: rc = sqlite3_bind_int64(stmt, i + 1, v.as_int()); break;
                case Value::Kind::real: rc = sqlite3_bind_double(stmt, i + 1, v.as_double()); break;
                case Value::Kind::text:
                    rc = sqlite3_bind_text64(stmt, i + 1, v.as_text().data(), v.as_text().size(), keep,
                                             SQLITE_UTF8);
                    break;
                case Value::Kind::blob: {
                    const auto& b = v.as_blob().bytes;
                    rc = sqlite3_bind_blob64(stmt, i + 1, b.empty() ? "" : static_cast<const void*>(b.data()),
                                             b.size(), keep);
                    break;
                }
            }
            if (rc != SQLITE_OK) raise(db, sql);
        }
    }

    // Steps once: true for a row, false when done.
    bool step() {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        // sqlite3_reset returns the real error of a failed step; errmsg then describes it.
        sqlite3_reset(stmt);
        raise(db, sql);
    }
};

class SqliteResult : public Result {
public:
    SqliteResult(std::shared_ptr<Statement> stmt) : stmt_(std::move(stmt)), generation_(stmt_->generation) {
        int n = sqlite3_column_count(stmt_->stmt);
        for (int i = 0; i < n; ++i) {
            const char* name = sqlite3_column_name(stmt_->stmt, i);
            const char* type = sqlite3_column_decltype(stmt_->stmt, i);
            columns_.push_back({name ? name : "", type ? type : ""});
        }
        row_.resize(static_cast<std::size_t>(n));
    }
    ~SqliteResult() override { close(); }

    const std::vector<ResultColumn>& columns() const override { return columns_; }

    bool next() override {
        if (done_) return false;
        if (stmt_->generation != generation_)
            throw DriverError("this result's prepared statement was executed again", ErrorKind::other, "",
                              stmt_->sql);
        if (!stmt_->step()) {
            finish();
            return false;
        }
        sqlite3_stmt* s = stmt_->stmt;
        for (int i = 0; i < static_cast<int>(row_.size()); ++i) {
            switch (sqlite3_column_type(s, i)) {
                case SQLITE_INTEGER: row_[i] = Value(static_cast<long long>(sqlite3_column_int64(s, i))); break;
                case SQLITE_FLOAT: row_[i] = Value(sqlite3_column_double(s, i)); break;
                case SQLITE_TEXT: {
                    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
                    row_[i] = Value(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))));
                    break;
                }
                case SQLITE_BLOB: {
                    auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, i));
                    Blob b;
                    b.bytes.assign(p, p + sqlite3_column_bytes(s, i));
                    row_[i] = Value(std::move(b));
                    break;
                }
                default: row_[i] = Value(); break;
            }
        }
        return true;
    }

    const Row& row() const override { return row_; }

    void close() override {
        if (!done_) {
            done_ = true;
            if (stmt_->generation == generation_) sqlite3_reset(stmt_->stmt);
        }
    }

    std::int64_t rows_affected() const override { return affected_; }

private:
    void finish() {
        done_ = true;
        if (!sqlite3_stmt_readonly(stmt_->stmt)) affected_ = sqlite3_changes64(stmt_->db);
        sqlite3_reset(stmt_->stmt);
    }

    std::shared_ptr<Statement> stmt_;
    std::uint64_t generation_;
    std::vector<ResultColumn> columns_;
    Row row_;
    bool done_ = false;
    std::int64_t affected_ = -1;
};

std::int64_t run_to_end(Statement& st) {
    while (st.step()) {
    }
    std::int64_t n = sqlite3_stmt_readonly(st.stmt) ? -1 : sqlite3_changes64(st.db);
    sqlite3_reset(st.stmt);
    return n;
}

class SqlitePrepared : public PreparedStatement {
public:
    SqlitePrepared(std::shared_ptr<Statement> st) : st_(std::move(st)) {}
    const std::string& sql() const override { return st_->sql; }
    std::int64_t execute(const Params& params) override {
        st_->bind(params);
        return run_to_end(*st_);
    }
    std::unique_ptr<Result> query(const Params& params) override {
        st_->bind(params);
        return std::make_unique<SqliteResult>(st_);
    }

private:
    std::shared_ptr<Statement> st_;
};

class SqliteConnection : public Connection {
public:
    explicit SqliteConnection(const ConnectParams& params) {
        std::string path = params.database.empty() ? ":memory:" : params.database;
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        double timeout_s = 5.0;
        for (const auto& [key, value] : params.query) {
            if (key == "timeout") {
                auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), timeout_s);
                if (ec != std::errc() || p != value.data() + value.size() || timeout_s < 0)
                    throw UsageError("invalid SQLite timeout '" + value + "': expected a number of seconds");
            } else if (key == "mode") {
                if (value == "ro") flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
                else if (value == "rw") flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
                else if (value != "rwc")
                    throw UsageError("invalid SQLite mode '" + value + "': expected ro, rw or rwc");
            } else {
                throw UsageError("unsupported SQLite URL option '" + key + "' (supported: timeout, mode)");
            }
        }
        if (params.read_only && path != ":memory:") {
            // A command that only reads must not leave an empty database
            // behind a mistyped path, as SQLite's default open would.
            flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
            std::error_code ec;
            if (!fs::exists(path, ec))
                throw DriverError(fmt::format("no such database file '{}'", path), ErrorKind::connection,
                                  std::to_string(SQLITE_CANTOPEN));
        }
        if (path != ":memory:") {
            fs::path parent = fs::path(path).parent_path();
            std::error_code ec;
            if (!parent.empty() && !fs::is_directory(parent, ec))
                throw DriverError(fmt::format("unable to open database file '{}': directory '{}' does not exist",
                                              path, parent.string()),
                                  ErrorKind::connection, std::to_string(SQLITE_CANTOPEN));
        }
        int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close_v2(db_);
            db_ = nullptr;
            throw DriverError(fmt::format("unable to open database file '{}': {}", path, message),
                              ErrorKind::connection, std::to_string(rc));
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, static_cast<int>(timeout_s * 1000));
        busy_timeout_ = timeout_s;
        execute("PRAGMA foreign_keys = ON");
    }

    ~SqliteConnection() override { close(); }

    std::string dialect_name() const override { return "sqlite"; }
    std::string placeholder(std::size_t n) const override { return "?" + std::to_string(n); }

    void execute(const std::string& sql) override {
        char* err = nullptr;
        if (sqlite3_exec(handle(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            sqlite3_free(err);
            raise(db_, sql);
        }
    }

    std::int64_t execute(const std::string& sql, const Params& params) override {
        Statement st(handle(), sql);
        st.bind(params);
        return run_to_end(st);
    }

    std::unique_ptr<Result> query(const std::string& sql, const Params& params) override {
        auto st = std::make_shared<Statement>(handle(), sql);
        st->bind(params);
        return std::make_unique<SqliteResult>(std::move(st));
    }

    std::unique_ptr<PreparedStatement> prepare(const std::string& sql) override {
        return std::make_unique<SqlitePrepared>(std::make_shared<Statement>(handle(), sql));
    }

    std::optional<std::vector<std::int64_t>> executemany_rowids(const std::string& sql,
                                                                const ParamRows& param_sets) override {
        // One prepared statement, each row's rowid read as soon as it is in:
        // the cheapest way SQLite has to insert rows and learn their keys.
        // The parameter buffer is refilled only after the row is in, so
        // SQLite may read the values in place.
        Statement st(handle(), sql);
        std::vector<std::int64_t> ids;
        ids.reserve(param_sets.size);
        Params p;
        for (std::size_t i = 0; i < param_sets.size; ++i) {
            param_sets.fill(i, p);
            st.bind(p, /*lasting=*/true);
            while (st.step()) {
            }
            ids.push_back(sqlite3_last_insert_rowid(db_));
        }
        sqlite3_reset(st.stmt);
        return ids;
    }

    bool in_transaction() const override { return db_ && !sqlite3_get_autocommit(db_); }

    // SQLite checks a foreign key per row, a B-tree lookup in the parent
    // (in the sqlite3 shell, turning enforcement on doubles the shop bench's
    // import), and cannot set one key aside. So when every table with foreign
    // keys is empty (all their rows will be this load's), enforcement is off
    // for the load's transaction and end_bulk_load() checks every key at
    // once, or not at all where the caller knows each reference is to a row
    // it inserted or read. Not where an ON UPDATE action would have to change
    // other rows. The pragma only changes outside a transaction: it is turned
    // on again when this one ends.
    void begin_bulk_load() override {
        if (!in_transaction()) begin_immediate_ = true;
        if (in_transaction() || keys_off_ || !query("PRAGMA foreign_keys", {})->scalar()->as_bool()) return;
        auto r = query(
            "SELECT m.name, EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) "
            "WHERE on_update NOT IN ('NO ACTION', 'RESTRICT')) "
            "FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name))",
            {});
        std::vector<std::string> children;
        while (r->next()) {
            if (r->row()[1].as_bool()) return;
            children.push_back(r->row()[0].as_text());
        }
        r->close();
        if (children.empty()) return;
        for (const auto& t : children)
            if (query("SELECT 1 FROM " + quote_identifier(t) + " LIMIT 1", {})->scalar()) return;
        log_statement("PRAGMA foreign_keys = OFF");
        execute("PRAGMA foreign_keys = OFF");
        keys_off_ = true;
    }

    void end_bulk_load(bool references_known) override {
        if (!keys_off_ || load_checked_) return;
        load_checked_ = true;
        if (references_known) return;
        // Rows the load left breaking a key: the first one names the key.
        log_statement("PRAGMA foreign_key_check");
        auto r = query("SELECT c.\"table\", c.fkid, c.parent FROM pragma_foreign_key_check c ORDER BY c.\"table\", c.rowid "
                       "LIMIT 1",
                       {});
        if (!r->next()) return;
        const Row first = r->row();
        r->close();
        throw foreign_key_violation(first[0].as_text(), first[1], first[2].as_text());
    }

    // A bulk load's transaction takes the write lock at once (BEGIN
    // IMMEDIATE): a load that read and then found another writer in its way
    // could not wait for it (its snapshot would be stale), only fail.
    void begin() override {
        if (!std::exchange(begin_immediate_, false)) return Connection::begin();
        if (in_transaction()) throw DriverError("a transaction is already in progress", ErrorKind::other, "");
        try {
            execute("BEGIN IMMEDIATE");
        } catch (const DriverError& e) {
            if (e.kind() != ErrorKind::lock_timeout) throw;
            throw DriverError(fmt::format("database is locked: another connection kept writing for longer than the "
                                          "busy timeout ({} s; the URL's ?timeout=SECONDS sets it)",
                                          busy_timeout_),
                              e.kind(), e.code(), e.statement());
        }
    }

    void commit() override {
        if (keys_off_ && in_transaction()) end_bulk_load(false);   // a commit without end_bulk_load still checks
        Connection::commit();
        if (keys_off_) keys_on();
    }

    void rollback() override {
        try {
            Connection::rollback();
        } catch (...) {
            if (keys_off_ && !in_transaction()) keys_on();
            throw;
        }
        if (keys_off_) keys_on();
    }

    std::vector<std::string> table_names(const std::optional<std::string>& schema) override {
        std::string master = quote_identifier(schema.value_or("main")) + ".sqlite_master";
        // As SQLAlchemy's SQLite dialect: SQLite's own tables (sqlite_sequence, ...) are not user tables.
        auto r = query("SELECT name FROM " + master +
                           " WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name",
                       {});
        std::vector<std::string> names;
        while (r->next()) names.push_back(r->row()[0].as_text());
        return names;
    }

    std::string server_version() override { return sqlite3_libversion(); }

    void close() override {
        if (db_) {
            // close_v2 defers the close until outstanding statements are finalized.
            sqlite3_close_v2(db_);
            db_ = nullptr;
        }
    }

private:
    // The key `fkid` of `table` that rows break: its columns, and the
    // distinct values of the rows breaking it in the order they went in.
    ForeignKeyViolation foreign_key_violation(const std::string& table, const Value& fkid, const std::string& parent) {
        ForeignKeyBreach breach;
        breach.table = table;
        breach.referenced_table = parent;
        auto k = query("SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq",
                       {Value(table), fkid});
        bool to_primary_key = false;
        while (k->next()) {
            breach.columns.push_back(k->row()[0].as_text());
            if (k->row()[1].is_null()) to_primary_key = true;
            else breach.referenced_columns.push_back(k->row()[1].as_text());
        }
        if (to_primary_key) {   // REFERENCES parent: its primary key
            breach.referenced_columns.clear();
            auto pk = query("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", {Value(parent)});
            while (pk->next()) breach.referenced_columns.push_back(pk->row()[0].as_text());
        }
        std::string columns;
        for (const auto& c : breach.columns)
            columns += (columns.empty() ? "" : ", ") + ("CAST(" + quote_identifier(c) + " AS TEXT)");
        auto rows = query("SELECT " + columns + " FROM " + quote_identifier(table) +
                              " WHERE rowid IN (SELECT c.rowid FROM pragma_foreign_key_check(?1) c WHERE c.fkid = ?2) "
                              "GROUP BY " + columns + " ORDER BY min(rowid) LIMIT " +
                              std::to_string(ForeignKeyBreach::max_keys),
                          {Value(table), fkid});
        while (rows->next()) {
            std::vector<std::string> key;
            for (const auto& v : rows->row()) key.push_back(v.is_null() ? "NULL" : v.as_text());
            breach.keys.push_back(std::move(key));
        }
        if (breach.keys.empty()) breach.keys.push_back(std::vector<std::string>(breach.columns.size(), "?"));
        return ForeignKeyViolation(std::move(breach), std::to_string(SQLITE_CONSTRAINT_FOREIGNKEY));
    }

    sqlite3* handle() const {
        if (!db_) throw DriverError("the connection is closed", ErrorKind::connection, "");
        return db_;
    }

    void keys_on() {
        keys_off_ = load_checked_ = false;
        log_statement("PRAGMA foreign_keys = ON");
        execute("PRAGMA foreign_keys = ON");
    }

    sqlite3* db_ = nullptr;
    double busy_timeout_ = 5.0;   // seconds a statement waits for another connection's lock
    bool begin_immediate_ = false;   // begin_bulk_load() came before the transaction
    bool keys_off_ = false;       // by begin_bulk_load, until the transaction ends
    bool load_checked_ = false;   // end_bulk_load ran (rows written after it are not checked)
};

}  // namespace

std::unique_ptr<Connection> open_sqlite_connection(const ConnectParams& params) {
    return std::make_unique<SqliteConnection>(params);
}

}  // namespace orm::dialect
