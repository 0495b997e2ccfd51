// Differential check of the interpreter against CPython: every program in
// tests/python/programs/ ends by binding `result`; its repr() under orm's
// interpreter must equal its repr() under /usr/bin/python3.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "python/interpreter_helpers.hpp"
#include "support/process.hpp"

using namespace orm::python;
using namespace orm::python::testing;

TEST_CASE("interpreter: programs give CPython's results", "[python][interpreter][differential]") {
    auto dir = orm_test::source_dir() / "tests/python/programs";
    std::vector<std::filesystem::path> programs;
    for (auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".py") programs.push_back(e.path());
    std::sort(programs.begin(), programs.end());
    REQUIRE(programs.size() >= 10);
    std::vector<std::string> args = {(orm_test::source_dir() / "tests/python/data/run_programs.py").string()};
    for (auto& p : programs) args.push_back(p.string());
    auto reference = orm_test::run_python(args, {{"ORM_SURELY_UNSET_VARIABLE", ""}});
    REQUIRE(reference.err == "");
    REQUIRE(reference.exit_code == 0);
    std::istringstream lines(reference.out);
    for (auto& p : programs) {
        std::string line;
        REQUIRE(std::getline(lines, line));
        std::string expected = nlohmann::json::parse(line).get<std::string>();
        std::string ours;
        try {
            InterpreterOptions options;
            options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
            auto ran = run_source(orm_test::read_file(p), options);
            ours = ran.repr("result");
        } catch (const PythonException& e) {
            ours = "error: " + e.render();
        } catch (const orm::Error& e) {
            ours = std::string("error: ") + e.what();
        }
        INFO(p.filename().string());
        CHECK(ours == expected);
    }
}
