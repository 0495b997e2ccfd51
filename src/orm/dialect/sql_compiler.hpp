// The SELECT compiler of each backend (sql::SQLCompiler subclasses living in
// sqlite/ and postgresql/), looked up by dialect name like the DDL compilers.
#pragma once

#include <memory>
#include <string_view>

#include "orm/sql/select_compiler.hpp"

namespace orm::dialect {

// The SQL compiler of dialect `name` ("sqlite", "postgresql"); throws UsageError for an unknown one.
std::unique_ptr<sql::SQLCompiler> make_sql_compiler(std::string_view name);

namespace detail {
std::unique_ptr<sql::SQLCompiler> make_sqlite_sql_compiler();
std::unique_ptr<sql::SQLCompiler> make_postgresql_sql_compiler();
}  // namespace detail

}  // namespace orm::dialect
