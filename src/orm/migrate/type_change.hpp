// Whether a column type change can lose data: what makes compare's
// modify_type destructive. Narrowing (VARCHAR(100) -> VARCHAR(50),
// NUMERIC(10, 2) -> NUMERIC(8, 2), BIGINT -> INTEGER, TEXT -> VARCHAR(n),
// DOUBLE PRECISION -> REAL, TIMESTAMP -> DATE) and conversions between
// kinds of value that may fail on existing rows are; widening (a longer
// string, more digits, a bigger integer, anything to an unbounded string)
// is not.
#pragma once

#include <string>

namespace orm::migrate {

// `from` and `to` are the database's spellings as compare folds them
// ("VARCHAR(50)", "NUMERIC(10, 2)", "BIGINT", "DOUBLE PRECISION",
// "TIMESTAMP WITH TIME ZONE", an enum type's name), optionally followed by
// " COLLATE ...". Equal spellings are no change (false).
bool type_change_loses_data(const std::string& from, const std::string& to);

}  // namespace orm::migrate
