// Looking at a live database from tests, through the library's own engine.
#pragma once

#include <string>
#include <vector>

namespace orm_test {

// The tables of the database's default schema, sorted.
std::vector<std::string> table_names(const std::string& url);

// A text description of the default schema's tables, columns (type,
// nullability, default), constraints and indexes, stable across runs: two
// databases with the same schema give the same text.
std::string schema_snapshot(const std::string& url);

// Every row of every table but `leave_out`, sorted, as text: for "the
// database is unchanged".
std::string data_snapshot(const std::string& url, const std::vector<std::string>& leave_out = {});

// The rows of `sql`, each value as its repr joined by `separator`, one line per row.
std::string rows(const std::string& url, const std::string& sql, const std::string& separator = ", ");

}  // namespace orm_test
