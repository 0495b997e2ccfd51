// The standard modules model and migration code imports, implemented
// natively and hermetically (no file, network, process or clock access):
// enum, functools, os (environ, path's string functions), sys, collections,
// abc, dataclasses, logging and warnings (messages dropped), copy,
// itertools, string, math, contextlib, textwrap, json, datetime, decimal,
// uuid, hashlib, base64, secrets, re. Other standard modules are opaque, like any module outside the
// project.
#pragma once

#include "orm/python/interpreter.hpp"

namespace orm::python {

// Registers every standard module orm implements (the interpreter's
// constructor calls it).
void register_standard_modules(Interpreter& in);

void register_enum_module(Interpreter& in);
void register_core_modules(Interpreter& in);    // functools, collections, abc, ...
void register_os_modules(Interpreter& in);      // os, os.path, sys (stdlib_os.cpp), called by register_core_modules
void register_datetime_modules(Interpreter& in); // datetime, decimal, uuid, json, hashlib
void register_re_module(Interpreter& in);
void register_inspect_module(Interpreter& in);   // inspect.signature (stdlib_inspect.cpp)
// functools.singledispatch(function) (stdlib_inspect.cpp).
Value make_singledispatch(const Value& function);

}  // namespace orm::python
