// The SQLite dialect (registered in dialect.cpp).
#pragma once

#include "orm/dialect/dialect.hpp"

namespace orm::dialect {

const Dialect& sqlite_dialect();

}  // namespace orm::dialect
