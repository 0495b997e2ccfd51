// What create-all and drop-all share: the --tables list, printing DDL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "orm/sql/ddl.hpp"

namespace orm::cli {

// "a,b, c" -> {"a","b","c"}; nullopt for an empty option.
std::optional<std::vector<std::string>> split_table_list(const std::vector<std::string>& values);

// Prints each statement followed by ";" and a blank line, as SQLAlchemy's
// mock engine output and psql/sqlite3 scripts expect.
void print_statements(const std::vector<sql::DdlStatement>& statements);

// The DDL options both commands start from: --tables, warnings to the terminal.
sql::DdlOptions ddl_options(Context& context, const std::vector<std::string>& tables);

// --sql: prints the plan for the URL's dialect without connecting, as if the
// database were empty. `plan` is sql::create_all_ddl or sql::drop_all_ddl.
using DdlPlanner = std::vector<sql::DdlStatement> (*)(const schema::MetaData&, const sql::DDLCompiler&,
                                                       const sql::DdlOptions&);
void print_offline_plan(Context& context, DdlPlanner plan, const sql::DdlOptions& options);

// The tables named by statements of `kind`, in order.
std::vector<std::string> tables_of(const std::vector<sql::DdlStatement>& statements, sql::DdlKind kind);

// "customers, items (2 tables)"; past eight names, "a, ..., h and 2 more (10 tables)".
std::string describe_tables(const std::vector<std::string>& tables);

}  // namespace orm::cli
