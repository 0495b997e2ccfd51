// The SQL scripts orm writes for a person or a tool to run later (psql,
// sqlite3): `orm migrate --sql` and `orm diff --format sql`, one renderer
// for both. Statements end in ";" and a blank line, as Alembic's offline
// mode writes them; comments are "-- " lines. A transaction that rebuilds
// tables where the dialect pauses foreign keys for that (SQLite) is
// bracketed by the pause and, before its COMMIT, by the dialect's guard,
// which makes the script fail on a foreign key left dangling.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orm/dialect/dialect.hpp"

namespace orm::migrate {

class OfflineScript {
public:
    explicit OfflineScript(const dialect::Dialect& dialect);

    // One paragraph of "-- " lines.
    void comment(const std::vector<std::string>& lines);
    void statement(const std::string& sql);
    // BEGIN; when `rebuilds_tables` and the dialect pauses foreign keys for a
    // rebuild, the pause (outside the transaction, where it takes effect) first.
    void begin(bool rebuilds_tables);
    // COMMIT, after the foreign-key guard when begin() paused them, and the
    // keys back on after it.
    void commit();

    const std::string& text() const { return out_; }

private:
    std::optional<dialect::Dialect::ForeignKeyPause> pause_;
    bool paused_ = false;
    std::string out_;
};

}  // namespace orm::migrate
