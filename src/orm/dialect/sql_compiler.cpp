#include "orm/dialect/sql_compiler.hpp"

#include "orm/core/error.hpp"

namespace orm::dialect {

std::unique_ptr<sql::SQLCompiler> make_sql_compiler(std::string_view name) {
    if (name == "sqlite") return detail::make_sqlite_sql_compiler();
    if (name == "postgresql" || name == "postgres") return detail::make_postgresql_sql_compiler();
    throw UsageError("unknown database dialect '" + std::string(name) + "' (supported: sqlite, postgresql)");
}

}  // namespace orm::dialect
