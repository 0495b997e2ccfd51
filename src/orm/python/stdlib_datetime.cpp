// datetime, decimal and uuid (being written; see stdlib.hpp).
#include "orm/python/stdlib.hpp"

namespace orm::python {

void register_datetime_modules(Interpreter&) {}

}  // namespace orm::python
