// The SQLite driver connection over the sqlite3 C API. Foreign keys are
// enforced (PRAGMA foreign_keys = ON) and a busy timeout is set, as
// SQLAlchemy users expect of a configured SQLite engine.
#pragma once

#include <memory>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm::dialect {

// Opens params.database (a file path, or ":memory:" / empty for an in-memory
// database). URL options: timeout=SECONDS (busy timeout, default 5),
// mode=ro|rw|rwc. A missing parent directory is a DriverError naming it: the
// directory is never created. Unknown options are a UsageError.
std::unique_ptr<Connection> open_sqlite_connection(const ConnectParams& params);

}  // namespace orm::dialect
