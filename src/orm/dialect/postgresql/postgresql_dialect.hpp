// The PostgreSQL dialect (registered in dialect.cpp).
#pragma once

#include "orm/dialect/dialect.hpp"

namespace orm::dialect {

const Dialect& postgresql_dialect();

}  // namespace orm::dialect
