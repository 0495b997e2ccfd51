// The resolver: a pass over a module's syntax tree, before any of it runs,
// that decides where every name lives (starlark-go's resolve pass with
// Python's scoping rules): a function's locals get frame slots, locals that
// inner functions capture become cells, names an inner function reads from
// an enclosing one are free variables carried in its closure, and the rest
// are globals (the module's dict, then builtins). Class bodies keep their
// names in the class namespace and do not enclose their methods.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "orm/python/ast.hpp"

namespace orm::python {

struct ScopeInfo {
    enum class Kind { Module, Function, Class, Comprehension };
    Kind kind = Kind::Function;
    std::string name;                       // the function's or class's name ("<lambda>", "<listcomp>")
    // Function-like scopes: one slot per local, parameters first in order.
    std::vector<std::string> slots;
    std::vector<bool> slot_is_cell;
    std::unordered_map<std::string, int> slot_of;
    // Free variables, in closure order; `from_cell_slot` >= 0 takes the cell
    // from that slot of the enclosing frame, else from its closure at `from_free`.
    struct Free {
        std::string name;
        int from_cell_slot = -1;
        int from_free = -1;
    };
    std::vector<Free> free;
    std::unordered_map<std::string, int> free_of;
    // Names declared `global` (function-like scopes write them to the module).
    std::vector<std::string> globals;
    bool is_generator = false;              // the body yields: calls run it to the end, collecting the values

    int slot(const std::string& n) const {
        auto it = slot_of.find(n);
        return it == slot_of.end() ? -1 : it->second;
    }
    int free_index(const std::string& n) const {
        auto it = free_of.find(n);
        return it == free_of.end() ? -1 : it->second;
    }
    bool declared_global(const std::string& n) const;
};

// Resolves every scope of `module` (idempotent). Throws InputError for what
// Python rejects before running: a nonlocal with no binding, a name both
// global and assigned before its declaration, return/yield outside a function.
void resolve_module(const Module& module);

}  // namespace orm::python
