// What create-all and drop-all share: the --tables list, printing DDL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orm/sql/ddl.hpp"

namespace orm::cli {

// "a,b, c" -> {"a","b","c"}; nullopt for an empty option.
std::optional<std::vector<std::string>> split_table_list(const std::vector<std::string>& values);

// Prints each statement followed by ";" and a blank line, as SQLAlchemy's
// mock engine output and psql/sqlite3 scripts expect.
void print_statements(const std::vector<sql::DdlStatement>& statements);

// "customers, items (2 tables)".
std::string describe_tables(const std::vector<std::string>& tables);

}  // namespace orm::cli
