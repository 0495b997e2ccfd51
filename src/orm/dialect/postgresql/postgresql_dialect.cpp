// The PostgreSQL dialect: libpq behind the driver connection, native
// booleans, decimals and enums, ALTER TABLE for every change, integer widths
// enforced, keys drawn ahead from a column's own sequence, unnamed
// constraints named by the server, and a transaction-level advisory lock for migrations.
#include "orm/dialect/postgresql/postgresql_dialect.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <climits>
#include <string>
#include <string_view>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/dialect/postgresql/postgresql_connection.hpp"
#include "orm/dialect/postgresql/postgresql_ddl.hpp"
#include "orm/dialect/postgresql/postgresql_locks.hpp"
#include "orm/dialect/postgresql/postgresql_reflection.hpp"
#include "orm/dialect/postgresql/postgresql_sql.hpp"
#include "orm/sql/literal_scan.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::dialect {

namespace {

// FLOAT(p) as REAL up to 24 binary digits, DOUBLE PRECISION beyond.
std::string float_with_precision(const std::string& s) {
    static constexpr std::string_view kFloat = "FLOAT(";
    std::string out;
    size_t copied = 0;
    for (size_t at = s.find(kFloat); at != std::string::npos; at = s.find(kFloat, at + 1)) {
        const size_t from = at + kFloat.size();
        size_t to = from;
        while (to < s.size() && std::isdigit(static_cast<unsigned char>(s[to]))) ++to;
        if (to == from || to == s.size() || s[to] != ')') continue;
        out.append(s, copied, at - copied);
        out += parse_integer<int>(std::string_view(s).substr(from, to - from)).value_or(INT_MAX) <= 24 ? "REAL"
                                                                                                       : "DOUBLE PRECISION";
        copied = to + 1;
        at = to;
    }
    return out + s.substr(copied);
}

// The migration lock's key: "ormmigra".
constexpr long long kMigrationLockKey = 0x6f726d6d69677261;

// Held by the transaction it was taken in: nothing to release here.
class TransactionLock : public MigrationLock {};

class PostgreSQLDialect : public Dialect {
public:
    std::string name() const override { return "postgresql"; }
    std::string default_schema_name() const override { return "public"; }
    std::string python_driver() const override { return "psycopg2"; }
    std::vector<std::int64_t> nominal_server_version() const override { return {15, 0}; }
    bool supports_native_decimal() const override { return true; }
    bool enforces_integer_widths() const override { return true; }

    std::unique_ptr<sql::DDLCompiler> ddl_compiler() const override { return make_postgresql_ddl_compiler(); }
    const sql::DDLCompiler& shared_ddl_compiler() const override {
        static const auto compiler = make_postgresql_ddl_compiler();
        return *compiler;
    }
    std::unique_ptr<sql::SQLCompiler> statement_compiler() const override {
        return make_postgresql_statement_compiler();
    }
    const sql::IdentifierPreparer& identifier_preparer() const override { return postgresql_identifier_preparer(); }
    const sql::SQLCompiler& shared_statement_compiler() const override {
        static const auto compiler = make_postgresql_statement_compiler();
        return *compiler;
    }

    std::optional<std::string> url_problem(UrlParts& parts) const override {
        if (auto it = parts.query.find("port"); it != parts.query.end()) {
            auto port = parse_integer<int>(it->second);
            if (!port || *port < 1 || *port > 65535)
                return "invalid port '" + it->second + "': expected a number from 1 to 65535";
        }
        return std::nullopt;
    }
    // ?host= and ?port= become host and port; the other query options go to libpq.
    ConnectParams create_connect_args(const UrlParts& parts) const override {
        ConnectParams p;
        p.backend = name();
        p.username = parts.username;
        p.password = parts.password;
        p.host = parts.host;
        p.port = parts.port;
        p.database = parts.database.value_or("");
        p.query = parts.query;
        if (auto it = p.query.find("host"); it != p.query.end()) {
            p.host = it->second;
            p.query.erase(it);
        }
        if (auto it = p.query.find("port"); it != p.query.end()) {
            p.port = parse_integer<int>(it->second);   // checked by url_problem()
            p.query.erase(it);
        }
        return p;
    }
    std::unique_ptr<Connection> connect(const ConnectParams& params) const override {
        return open_postgresql_connection(params);
    }

    ReflectedSchema reflect(const QueryRunner& run, const ReflectOptions& options) const override {
        return reflect_postgresql(run, options);
    }
    std::string fold_type_synonyms(std::string s) const override {
        auto replace_all = [&s](const std::string& from, const std::string& to) {
            for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
        };
        // FLOAT(p) is REAL up to 24 binary digits, DOUBLE PRECISION beyond (and without p).
        if (s.find("FLOAT") != std::string::npos) s = sql::replace_word(float_with_precision(s), "FLOAT", "DOUBLE PRECISION");
        replace_all("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP");
        replace_all("TIME WITHOUT TIME ZONE", "TIME");
        if (s.find("INT") != std::string::npos && s.find("INTEGER") == std::string::npos &&
            s.find("INTERVAL") == std::string::npos)
            s = sql::replace_word(s, "INT", "INTEGER");
        return s;
    }
    const schema::ClausePtr& index_where(const schema::Index& index) const override { return index.postgresql_where; }
    void set_index_where(schema::Index& index, schema::ClausePtr where) const override {
        index.postgresql_where = std::move(where);
    }
    bool unique_constraint_names() const override { return true; }
    bool keeps_unique_over_primary_key() const override { return false; }
    // makeObjectName(name1, name2, label): shorten the longer of the two
    // names a byte at a time until "name1_name2_label" fits in 63 bytes.
    std::optional<std::string> default_constraint_name(const std::string& table, const std::vector<std::string>& columns,
                                                       const std::string& suffix) const override {
        std::string name2;
        for (size_t i = 0; i < columns.size(); ++i) name2 += (i ? "_" : "") + columns[i];
        const size_t overhead = suffix.size() + 1 + (name2.empty() ? 0 : 1);
        const size_t avail = 63 - overhead;
        size_t n1 = table.size(), n2 = name2.size();
        while (n1 + n2 > avail) {
            if (n1 > n2) --n1;
            else --n2;
        }
        // Never cut a multi-byte character in half.
        auto clip = [](const std::string& s, size_t n) {
            while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
            return s.substr(0, n);
        };
        std::string out = clip(table, n1);
        if (!name2.empty()) out += "_" + clip(name2, n2);
        return out + "_" + suffix;
    }
    std::string render_blob_literal(const Blob& blob) const override { return "'\\x" + hex_digits(blob) + "'::bytea"; }

    // Keys may be drawn ahead only from a sequence the column owns (serial,
    // or an identity column that accepts given values: not GENERATED ALWAYS).
    std::optional<std::string> key_sequence(const QueryRunner& run, const std::string& quoted_table,
                                            const schema::Column& column) const override {
        auto r = run("SELECT pg_get_serial_sequence($1, $2), "
                     "(SELECT a.attidentity FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::regclass AND a.attname = $2)",
                     {quoted_table, column.name});
        std::optional<std::string> seq;
        if (r->next() && !r->row()[0].is_null() && (r->row()[1].is_null() || r->row()[1].as_text() != "a"))
            seq = r->row()[0].as_text();
        r->close();
        return seq;
    }
    // One round trip for any number of keys: nextval() n times, as one text.
    std::vector<std::int64_t> draw_keys(const QueryRunner& run, const std::string& sequence, std::size_t n) const override {
        auto r = run("SELECT string_agg(nextval($1::regclass)::text, ',') FROM generate_series(1, $2)",
                     {sequence, static_cast<long long>(n)});
        std::string list = r->next() && !r->row()[0].is_null() ? r->row()[0].as_text() : std::string();
        r->close();
        std::vector<std::int64_t> ids;
        ids.reserve(n);
        for (const char *p = list.data(), *e = list.data() + list.size(); p < e;) {
            std::int64_t v = 0;
            auto [q, ec] = std::from_chars(p, e, v);
            if (ec != std::errc()) break;
            ids.push_back(v);
            p = q + 1;
        }
        if (ids.size() != n)
            throw DatabaseError("drawing " + std::to_string(n) + " keys from " + sequence + " failed");
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    // Keys given explicitly leave the serial sequence behind; move it past them.
    void advance_key_generator(const QueryRunner& run, const std::string& quoted_table, const std::string& quoted_column,
                               const std::string& column) const override {
        run("SELECT setval(pg_get_serial_sequence($1, $2), (SELECT max(" + quoted_column + ") FROM " + quoted_table + "))",
            {quoted_table, column})
            ->close();
    }

    // A transaction-level advisory lock, taken again in each revision's
    // transaction: a session's lock would stay behind on whichever server
    // session a transaction-pooling PgBouncer gave the run first.
    std::unique_ptr<MigrationLock> acquire_migration_lock(const QueryRunner& run, const ConnectParams&,
                                                          double timeout, const LockWaitNotice& on_wait) const override {
        LockWait wait(timeout, on_wait);
        while (true) {
            auto got = run("SELECT pg_catalog.pg_try_advisory_xact_lock($1)", {Value(kMigrationLockKey)})->scalar();
            if (got && got->as_bool()) break;
            wait([&run] { return advisory_lock_holder(run); });
        }
        return std::make_unique<TransactionLock>();
    }
    bool migration_lock_per_transaction() const override { return true; }
    std::optional<std::pair<std::string, Params>> lock_timeout_statement(double seconds) const override {
        return pg::lock_timeout_statement(seconds);
    }
    std::vector<std::string> lock_holders(const QueryRunner& run, const std::string& statement) const override {
        return pg::lock_holders(run, statement);
    }
    std::optional<std::string> read_only_reason(const QueryRunner& run) const override {
        return pg::read_only_reason(run);
    }

private:
    // The backend holding the advisory lock and since when its transaction
    // runs (the lock is the transaction's); a bigint key is split into
    // classid (high half) and objid (low half) in pg_locks.
    static std::string advisory_lock_holder(const QueryRunner& run) {
        auto holder = run("SELECT 'backend ' || l.pid || coalesce(' (' || nullif(a.application_name, '') || ')', '') || "
                          "coalesce(' since ' || to_char(coalesce(a.xact_start, a.backend_start), 'YYYY-MM-DD HH24:MI:SS'), '') "
                          "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                          "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid "
                          "AND l.objid = $2::bigint::oid AND l.objsubid = 1 LIMIT 1",
                          {Value(kMigrationLockKey >> 32), Value(kMigrationLockKey & 0xffffffffLL)})
                          ->scalar();
        if (!holder || holder->is_null()) return "another session";
        return holder->as_text();
    }
};

}  // namespace

const Dialect& postgresql_dialect() {
    static const PostgreSQLDialect dialect;
    return dialect;
}

}  // namespace orm::dialect
