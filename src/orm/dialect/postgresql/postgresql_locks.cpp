#include "orm/dialect/postgresql/postgresql_locks.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace orm::dialect::pg {

namespace {

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Whether `name` occurs in `sql` as a whole identifier (bare or quoted).
bool names_table(const std::string& sql, const std::string& name) {
    const std::string text = lower(sql), word = lower(name);
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        bool starts = at == 0 || !identifier_char(text[at - 1]);
        bool ends = at + word.size() >= text.size() || !identifier_char(text[at + word.size()]);
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

std::pair<std::string, Params> lock_timeout_statement(double seconds) {
    // Whole milliseconds; 0 would mean "wait for ever", so at least 1.
    long long ms = std::max(1LL, std::llround(seconds * 1000));
    return {"SELECT pg_catalog.set_config('lock_timeout', $1, true)", {Value(std::to_string(ms) + "ms")}};
}

std::vector<std::string> lock_holders(const QueryRunner& run, const std::string& statement) {
    auto r = run(
        "SELECT c.relname, l.pid, a.usename, a.application_name, a.state, "
        "floor(EXTRACT(EPOCH FROM (now() - a.xact_start)))::bigint, left(a.query, 200), l.mode "
        "FROM pg_catalog.pg_locks l "
        "JOIN pg_catalog.pg_class c ON c.oid = l.relation "
        "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'relation' AND l.granted AND l.pid IS NOT NULL AND l.pid <> pg_catalog.pg_backend_pid() "
        "AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database()) "
        "AND c.relkind IN ('r', 'p') "
        "ORDER BY a.xact_start NULLS LAST, l.pid, c.relname",
        {});
    std::vector<std::string> named, all;
    while (r->next()) {
        const Row& row = r->row();
        auto text = [&](std::size_t i) { return row[i].is_null() ? std::string("?") : row[i].as_text(); };
        std::string line = fmt::format("table \"{}\": backend {} (user {}", row[0].as_text(), row[1].as_int(), text(2));
        if (!row[3].is_null() && !row[3].as_text().empty()) line += ", application " + row[3].as_text();
        if (!row[4].is_null()) line += ", " + row[4].as_text();
        if (!row[5].is_null()) line += fmt::format(", transaction open {} s", row[5].as_int());
        line += ", holds " + row[7].as_text();
        if (!row[6].is_null() && !row[6].as_text().empty()) line += "; last statement: " + row[6].as_text();
        line += ")";
        (names_table(statement, row[0].as_text()) ? named : all).push_back(line);
    }
    if (!named.empty()) return named;
    return all;
}

std::optional<std::string> read_only_reason(const QueryRunner& run) {
    auto r = run("SELECT pg_catalog.pg_is_in_recovery(), pg_catalog.current_setting('default_transaction_read_only')",
                 {});
    if (!r->next()) return std::nullopt;
    const bool standby = r->row()[0].as_bool();
    const bool read_only = r->row()[1].as_text() == "on";
    r->close();
    if (standby)
        return std::string("the server is a read-only standby (pg_is_in_recovery() is true); "
                           "run commands that write against the primary");
    if (read_only)
        return std::string("the server takes no writes (default_transaction_read_only is on)");
    return std::nullopt;
}

}  // namespace orm::dialect::pg
