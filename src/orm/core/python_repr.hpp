// Python's repr() of a str, as messages, echo lines and generated Python
// files show strings: single quotes unless the text holds a single quote and
// no double one, backslash escapes for the quote, backslash, \n \r \t and
// other control characters; UTF-8 text kept as it is.
#pragma once

#include <string>
#include <string_view>

namespace orm {

std::string python_str_repr(std::string_view s);

}  // namespace orm
