// The SQLite dialect: the pysqlite-like driver, booleans as 1/0, Numeric
// bound as float in expressions, no ALTER for constraints (tables are
// rebuilt), every integer in 64 bits, keys read back as rowids, and the
// migration lock as flock() on a file beside the database.
#include "orm/dialect/sqlite/sqlite_dialect.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <chrono>

#include "orm/core/error.hpp"
#include "orm/core/timestamp.hpp"
#include "orm/dialect/sqlite/sqlite_connection.hpp"
#include "orm/dialect/sqlite/sqlite_ddl.hpp"
#include "orm/dialect/sqlite/sqlite_reflection.hpp"
#include "orm/dialect/sqlite/sqlite_sql.hpp"
#include "orm/sql/literal_scan.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::dialect {

namespace {

// flock() on "<database>.orm-migrate.lock": a file lock, since SQLite has
// no lock a session can hold across transactions. Closing the file releases it.
class FileLock : public MigrationLock {
public:
    explicit FileLock(int fd) : fd_(fd) {}
    ~FileLock() override {
        if (fd_ >= 0) ::close(fd_);
    }

private:
    int fd_;
};

class SQLiteDialect : public Dialect {
public:
    std::string name() const override { return "sqlite"; }
    std::string default_schema_name() const override { return "main"; }
    std::string python_driver() const override { return "pysqlite"; }
    std::vector<std::int64_t> nominal_server_version() const override { return {3, 40}; }
    bool supports_native_decimal() const override { return false; }
    bool enforces_integer_widths() const override { return false; }

    std::unique_ptr<sql::DDLCompiler> ddl_compiler() const override { return make_sqlite_ddl_compiler(); }
    const sql::DDLCompiler& shared_ddl_compiler() const override {
        static const auto compiler = make_sqlite_ddl_compiler();
        return *compiler;
    }
    std::unique_ptr<sql::SQLCompiler> statement_compiler() const override { return make_sqlite_statement_compiler(); }
    const sql::IdentifierPreparer& identifier_preparer() const override { return sqlite_identifier_preparer(); }
    const sql::SQLCompiler& shared_statement_compiler() const override {
        static const auto compiler = make_sqlite_statement_compiler();
        return *compiler;
    }

    std::optional<std::string> url_problem(UrlParts& parts) const override {
        if (parts.username || parts.password || parts.host || parts.port)
            return "a SQLite URL takes no user, password, host or port; valid forms are "
                   "sqlite:///relative/path.db, sqlite:////absolute/path.db and sqlite:// (in memory)";
        if (parts.database && parts.database->empty()) parts.database.reset();
        return std::nullopt;
    }
    ConnectParams create_connect_args(const UrlParts& parts) const override {
        ConnectParams p;
        p.backend = name();
        p.database = parts.database.value_or(":memory:");
        p.query = parts.query;
        return p;
    }
    bool is_memory(const UrlParts& parts) const override { return !parts.database || *parts.database == ":memory:"; }
    std::unique_ptr<Connection> connect(const ConnectParams& params) const override {
        return open_sqlite_connection(params);
    }

    ReflectedSchema reflect(const QueryRunner& run, const ReflectOptions& options) const override {
        return reflect_sqlite(run, options);
    }
    // SQLite keeps the declared spelling; its meaning is what reflection reads from it.
    std::optional<schema::TypeEngine> stored_type(std::string_view declared) const override {
        return sqlite_type_from_declared(declared);
    }
    const schema::ClausePtr& index_where(const schema::Index& index) const override { return index.sqlite_where; }
    void set_index_where(schema::Index& index, schema::ClausePtr where) const override {
        index.sqlite_where = std::move(where);
    }
    // SQLite takes DEFAULT followed by a literal, a signed number or a
    // parenthesised expression; its catalog reports an expression default
    // without the parentheses (DEFAULT (1 + 2) reads back as "1 + 2").
    std::string default_text_after_default(const std::string& text) const override {
        const std::string_view bare = sql::trim_space(text);
        if (sql::is_decimal_number(bare, true) || sql::is_hex_integer(bare) || sql::is_quoted_string(bare) ||
            sql::is_blob_literal(bare) || sql::is_keyword_constant(bare, true))
            return text;
        // Already one parenthesised expression: "(a) + (b)" is not.
        if (!text.empty() && text.front() == '(' && text.back() == ')') {
            int depth = 0;
            char quote = 0;
            size_t i = 0;
            for (; i < text.size(); ++i) {
                char c = text[i];
                if (quote) { if (c == quote) quote = 0; continue; }
                if (c == '\'' || c == '"') quote = c;
                else if (c == '(') ++depth;
                else if (c == ')' && --depth == 0) break;
            }
            if (i == text.size() - 1) return text;
        }
        return "(" + text + ")";
    }


    // Alembic's SQLiteImpl._guess_if_default_is_unparenthesized_sql_expr.
    std::string render_ddl_sql_expr(const std::string& expr, bool is_server_default) const override {
        if (!is_server_default || expr.empty()) return expr;
        const bool digit = expr.size() == 1 && (std::isdigit(static_cast<unsigned char>(expr[0])) || expr[0] == '.');
        if (digit || sql::is_wrapped_line(expr, '\'', '\'') || sql::is_wrapped_line(expr, '(', ')')) return expr;
        return "(" + expr + ")";
    }
    // PRAGMA table_info drops the parentheses around a DEFAULT expression;
    // CREATE TABLE needs them back for anything but a literal.
    std::string reflected_default_text(const std::string& text) const override {
        if (sql::is_quoted_string(text) || sql::is_decimal_number(text, true) || sql::is_blob_literal(text) ||
            sql::is_keyword_constant(text, true))
            return text;
        return "(" + text + ")";
    }
    std::string render_blob_literal(const Blob& blob) const override { return "X'" + hex_digits(blob) + "'"; }

    // An integer key SQLite fills in as the rowid: INTEGER PRIMARY KEY of a rowid table.
    bool key_is_rowid(const schema::Table& t, const schema::Column& c) const override {
        auto it = t.dialect_options.find("sqlite_with_rowid");
        if (it != t.dialect_options.end() && it->second == "False") return false;
        return c.type.kind == schema::TypeKind::Integer || c.type.kind == schema::TypeKind::INTEGER;
    }
    // SQLite's default page cache (2 MB) is far smaller than the tables a
    // large seed writes and looks parents up in: every lookup then reads its
    // page back from the file (47,842 reads for the 310,000-row shop bench,
    // 10 with this). 16 MiB holds that working set and still bounds what a
    // seed of any size holds.
    std::vector<std::string> bulk_load_settings() const override { return {"PRAGMA cache_size = -16384"}; }

    // SQLite's DROP TABLE deletes the rows first, checking foreign keys;
    // tables in a foreign-key cycle (which SQLite cannot ALTER apart) then
    // fail to drop whichever goes first. Checked at COMMIT instead, when no
    // referencing table is left. Reset by SQLite at the transaction's end.
    std::optional<std::string> defer_foreign_keys_sql() const override { return "PRAGMA defer_foreign_keys = ON"; }
    // foreign_keys can only change outside a transaction; foreign_key_check
    // lists the broken keys, table first. Offline, the guard turns a broken
    // key into a CHECK failure, which stops a script run by the sqlite3 shell.
    std::optional<ForeignKeyPause> foreign_key_pause() const override {
        return ForeignKeyPause{
            "PRAGMA foreign_keys=OFF", "PRAGMA foreign_keys=ON", "PRAGMA foreign_key_check",
            {"CREATE TEMP TABLE _orm_fk_guard (x INTEGER, CONSTRAINT \"orm: a foreign key no longer matches: "
             "see PRAGMA foreign_key_check\" CHECK (x IS NULL))",
             "INSERT INTO _orm_fk_guard SELECT 1 FROM pragma_foreign_key_check", "DROP TABLE _orm_fk_guard"}};
    }

    std::unique_ptr<MigrationLock> acquire_migration_lock(const QueryRunner&, const ConnectParams& params,
                                                          double timeout, const LockWaitNotice& on_wait) const override {
        if (params.database.empty() || params.database == ":memory:") return std::make_unique<MigrationLock>();
        LockWait wait(timeout, on_wait);
        std::string path = params.database + ".orm-migrate.lock";
        int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) throw DatabaseError("cannot open the migration lock file '" + path + "'");
        auto lock = std::make_unique<FileLock>(fd);
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) wait([fd] { return lock_file_holder(fd); });
        // Who holds it, for a run that waits on it (the file is not the lock: flock() is).
        std::string holder = "process " + std::to_string(::getpid()) + " since " +
                             format_timestamp(std::chrono::system_clock::now(), {true, ' ', false, ""});
        if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, holder.data(), holder.size(), 0) < 0) {
            // Only the waiting message lacks it then.
        }
        return lock;
    }

private:
    // What the holder wrote into the lock file ("process 123 since ..."), or
    // a neutral description when it wrote nothing yet (it just took the lock).
    static std::string lock_file_holder(int fd) {
        char buffer[128];
        ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
        if (n <= 0) return "another process";
        return std::string(buffer, static_cast<size_t>(n));
    }
};

}  // namespace

const Dialect& sqlite_dialect() {
    static const SQLiteDialect dialect;
    return dialect;
}

}  // namespace orm::dialect
