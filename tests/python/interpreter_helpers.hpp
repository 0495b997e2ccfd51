// Test-only helpers for running Python source on orm's interpreter.
#pragma once

#include <memory>
#include <string>

#include "orm/python/interpreter.hpp"

namespace orm::python::testing {

// A program run to the end on a fresh interpreter.
struct Ran {
    std::unique_ptr<Interpreter> interp;
    Ref<ModuleObject> module;

    Value get(const std::string& name) const {
        const Value* v = module->dict->find_str(name);
        return v ? *v : Value();
    }
    std::string repr(const std::string& name) const { return interp->repr(get(name)); }
};

inline Ran run_source(const std::string& text, InterpreterOptions options = {}, const std::string& name = "prog") {
    Ran r;
    r.interp = std::make_unique<Interpreter>(std::move(options));
    r.module = r.interp->run_file(name, std::make_shared<const SourceFile>(name + ".py", text), false, "");
    return r;
}

// The message of the error running `text` raises ("no error" when none),
// rendered while the interpreter lives: a traceback's frames point into
// the source files its modules own.
inline std::string run_error(const std::string& text, InterpreterOptions options = {}) {
    Interpreter interp(std::move(options));
    try {
        interp.run_file("prog", std::make_shared<const SourceFile>("prog.py", text), false, "");
    } catch (const PythonException& e) {
        return e.render();
    } catch (const orm::Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace orm::python::testing
