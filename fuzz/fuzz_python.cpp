// The Python reader and interpreter: lexer, parser, resolver and a run of
// the module (with a small step budget, so that a loop the mutations make
// endless ends as an error instead of a timeout).
#include "fuzz_support.hpp"
#include "orm/python/interpreter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto source = orm_fuzz::source_of(data, size, "fuzz.py");
    orm_fuzz::expect_orm_errors([&] {
        orm::python::InterpreterOptions options;
        options.step_budget = 200'000;
        options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
        options.print = [](const std::string&) {};
        options.warn = [](const std::string&) {};
        orm::python::Interpreter interpreter(options);
        interpreter.run_file("fuzz", source, false, "");
    });
    return 0;
}
