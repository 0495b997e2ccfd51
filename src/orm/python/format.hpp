// Text from values: repr() and str() as Python writes them, the format
// specification mini-language (format(), f-strings, str.format) and
// printf-style `%` formatting.
#pragma once

#include <string>

#include "orm/python/interpreter.hpp"

namespace orm::python {

// `fmt % args` for a str `fmt`.
std::string percent_format(Interpreter& in, const std::string& fmt, const Value& args, SourceLocation loc);
// str.format(*args, **kwargs) on `fmt`.
std::string str_format(Interpreter& in, const std::string& fmt, const CallArgs& args);
// A value formatted by a format spec (after any !r/!s conversion).
std::string format_with_spec(Interpreter& in, const Value& v, const std::string& spec, SourceLocation loc);

}  // namespace orm::python
