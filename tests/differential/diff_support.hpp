// Support for the differential tests against SQLAlchemy 1.4: the models
// files under tests/differential/, running the Python side (sa_ddl.py,
// sa_create.py, sa_reflect.py), comparing statement lists and reflected
// JSON with readable diffs, and fresh databases for each dialect.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace orm_diff {

namespace fs = std::filesystem;

// tests/differential in the source tree.
fs::path differential_dir();

// A models file and the dialects it is written for (its first line:
// "# dialects: sqlite postgresql"). A line "# no-drop-sql: sqlite (why)"
// among its leading comments names dialects where SQLAlchemy's drop order
// is not well defined (it warns and falls back), so drop-all --sql is not
// compared there.
struct ModelsFile {
    fs::path path;
    std::string name;                       // file name without .py
    std::vector<std::string> dialects;      // "sqlite", "postgresql"
    std::vector<std::string> no_drop_sql;   // dialects without a drop-all --sql comparison
    // "# beyond-metadata-json: Sequence (why)": constructs the metadata JSON
    // does not carry; the JSON round trips leave such a file out (and
    // dump_metadata.py's warnings about them are checked instead).
    std::vector<std::string> beyond_metadata_json;
    bool has(const std::string& dialect) const;
    bool compare_drop_sql(const std::string& dialect) const;
};

ModelsFile models_file(const fs::path& path);
// Every *.py under `dir`, sorted by name.
std::vector<ModelsFile> models_files(const fs::path& dir);

// Runs /usr/bin/python3 on one of the scripts in tests/differential; a
// failing script fails the test (REQUIRE) with its stderr.
std::string run_sa_script(const std::string& script, const std::vector<std::string>& args);

// SQLAlchemy's DDL for `op` ("create" / "drop") on `dialect`.
std::string sa_ddl(const fs::path& models, const std::string& dialect, const std::string& op);

// A URL of the given dialect for `--sql` runs that must not connect: a
// SQLite file in `dir` that must not come into existence, or a PostgreSQL
// server that is not there.
std::string offline_url(const std::string& dialect, const fs::path& dir);

// sql_statements(), with each run of consecutive CREATE [UNIQUE] INDEX
// statements sorted, and likewise each run of ALTER TABLE ... ADD
// CONSTRAINT and of ALTER TABLE ... DROP CONSTRAINT: SQLAlchemy 1.4 emits a
// table's indexes, and the foreign keys of a dependency cycle, in the
// iteration order of a Python set (it changes from run to run), so only
// their membership in their run is meaningful.
std::vector<std::string> canonical_statements(const std::string& script);

// A line diff of two statement lists ("-" expected, "+" got), empty when equal.
std::string statement_diff(const std::vector<std::string>& expected, const std::vector<std::string>& got);

// A readable list of differences between two JSON documents (as text),
// empty when equal.
std::string json_diff(const std::string& expected, const std::string& got);

// A database of the dialect, empty, for one test: a SQLite file in `dir`,
// or a fresh PostgreSQL database from the test cluster (which the tests
// always have: it throws with the server's log when it cannot start).
std::string fresh_database(const std::string& dialect, const std::string& name, const fs::path& dir);

}  // namespace orm_diff
