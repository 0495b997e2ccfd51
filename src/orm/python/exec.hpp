// The evaluator's entry points inside the python layer (exec.cpp runs
// statements, eval.cpp evaluates expressions). Not for other layers: they
// call Interpreter's protocol and module functions.
#pragma once

#include "orm/python/interpreter.hpp"

namespace orm::python::detail {

// How a statement ended.
enum class Flow { Normal, Break, Continue, Return };

Flow exec_body(Interpreter& in, const Body& body, Frame& f);
Value eval_expr(Interpreter& in, const Expr& e, Frame& f);

// Binds `name` in the frame's scope (a slot, a cell, the class namespace or
// the module's globals), as an assignment to a plain name would.
void store_name(Interpreter& in, Frame& f, const std::string& name, Value v);
// Assigns to a target expression (names, attributes, subscripts, unpacking).
void assign(Interpreter& in, const Expr& target, const Value& v, Frame& f);

// A function object for a `def` or `lambda` evaluated in frame `f`
// (defaults evaluated now, closure cells taken from `f`).
Value make_function(Interpreter& in, Frame& f, const FunctionDef* def, const Lambda* lambda);

// Runs a comprehension's scope.
Value run_comprehension(Interpreter& in, const Comprehension& c, Frame& f);

// f-strings: the text of one.
std::string format_joined(Interpreter& in, const JoinedStr& j, Frame& f);

}  // namespace orm::python::detail
