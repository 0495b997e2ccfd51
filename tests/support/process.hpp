// Running programs from tests: the orm binary under test, the reference
// Python (SQLAlchemy/Alembic), shells. Output is captured whole.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace orm_test {

struct RunResult {
    int exit_code = -1;   // the process's exit status; 128+N when killed by signal N
    std::string out;      // everything written to stdout
    std::string err;      // everything written to stderr
};

// This process's environment as "NAME=value" strings, with `env` added
// (or, for an empty value, removed), as run_process() gives it.
std::vector<std::string> merged_environment(const std::map<std::string, std::string>& env);

// Runs argv[0] (searched on PATH) with `env` added to (or, for an empty
// value, removed from) this process's environment, feeding `input` on
// stdin, in `cwd` when given.
RunResult run_process(const std::vector<std::string>& argv,
                      const std::map<std::string, std::string>& env = {},
                      const std::string& input = "",
                      const std::optional<std::filesystem::path>& cwd = std::nullopt);

// Runs the orm binary under test. ORM_URL, DATABASE_URL, ORM_MODELS and
// ORM_MIGRATIONS are removed from its environment unless `env` sets them.
RunResult run_orm(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {},
                  const std::string& input = "",
                  const std::optional<std::filesystem::path>& cwd = std::nullopt);

// Runs /usr/bin/python3 (the interpreter with SQLAlchemy 1.4 and Alembic 1.8).
RunResult run_python(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {},
                     const std::string& input = "");

// A fresh directory removed (with its contents) when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// Writes `text` to `path` (creating parent directories).
void write_file(const std::filesystem::path& path, const std::string& text);
std::string read_file(const std::filesystem::path& path);

// The SQL statements of a script, split on ';' at statement ends, with
// whitespace runs folded to one space and `--` comment lines dropped:
// for comparing DDL "statement for statement, whitespace aside".
std::vector<std::string> sql_statements(const std::string& script);

// Paths of the project and of tests/reference (the tutorial's models and
// the DDL SQLAlchemy 1.4.46 emits for them).
std::filesystem::path source_dir();
std::filesystem::path reference_dir();

}  // namespace orm_test
