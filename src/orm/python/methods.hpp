// The methods of the built-in types (str, bytes, list, tuple, dict, set,
// int, float, object, exceptions, property), installed in their classes'
// dicts so that attribute lookup and subclassing treat them as Python does.
#pragma once

#include "orm/python/interpreter.hpp"

namespace orm::python {

void init_methods(Interpreter& in);

// str's and bytes' methods (str_methods.cpp), installed by init_methods.
void install_str(Interpreter& in);
void install_bytes(Interpreter& in);

// dict.update(other): a mapping (keys()/[]) or an iterable of pairs.
void dict_update(Interpreter& in, DictObject& d, const Value& other, SourceLocation loc);

}  // namespace orm::python
