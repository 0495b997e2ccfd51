// What the PostgreSQL dialect asks the server about locks and writes: a
// transaction's lock_timeout, the sessions
// holding the tables a statement waited for, and whether the server is a
// read-only standby. Internal to the PostgreSQL dialect.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "orm/dialect/reflection.hpp"

namespace orm::dialect::pg {

// set_config('lock_timeout', '<ms>ms', true): for the open transaction only.
std::pair<std::string, Params> lock_timeout_statement(double seconds);

// The sessions holding locks on the tables `statement` names (or, when it
// names none of the locked tables, on every table of the database), one line each.
std::vector<std::string> lock_holders(const QueryRunner& run, const std::string& statement);

// "the server is a read-only standby ..." on a hot standby, or when the
// server refuses writes by default; nullopt on a primary.
std::optional<std::string> read_only_reason(const QueryRunner& run);

}  // namespace orm::dialect::pg
