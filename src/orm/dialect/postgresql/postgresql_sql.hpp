// PostgreSQL's statement compiler (postgresql_sql.cpp).
#pragma once

#include <memory>

#include "orm/sql/select_compiler.hpp"

namespace orm::dialect {

std::unique_ptr<sql::SQLCompiler> make_postgresql_statement_compiler();

}  // namespace orm::dialect
