// re (being written; see stdlib.hpp).
#include "orm/python/stdlib.hpp"

namespace orm::python {

void register_re_module(Interpreter&) {}

}  // namespace orm::python
