// The exit codes of the command line (SPEC §3) and the one mapping from a
// library error's category to its code. The library itself knows no exit
// codes: it raises orm::Error subclasses, each with an ErrorCategory.
#pragma once

#include "orm/core/error.hpp"

namespace orm::cli {

enum class ExitCode : int {
    ok = 0,
    condition_failed = 1,   // check/diff found differences; one()/scalar() found no row or several
    usage = 2,              // bad command line, unreadable file, malformed URL
    invalid_input = 3,      // models file, migration script, seed data, query expression
    database = 4,           // connection, SQL, constraint, lock timeout (rolled back)
    refused = 5,            // refused for safety
    internal = 70,          // EX_SOFTWARE: a bug in orm, not in the input
};

constexpr ExitCode exit_code_for(ErrorCategory category) {
    switch (category) {
        case ErrorCategory::condition_failed: return ExitCode::condition_failed;
        case ErrorCategory::usage: return ExitCode::usage;
        case ErrorCategory::invalid_input: return ExitCode::invalid_input;
        case ErrorCategory::database: return ExitCode::database;
        case ErrorCategory::refused: return ExitCode::refused;
        case ErrorCategory::internal: return ExitCode::internal;
    }
    return ExitCode::internal;
}

constexpr int exit_status(ExitCode code) { return static_cast<int>(code); }

// Every exit code with what it means: `orm --help`, orm(1) and README.md
// list them from here (tests/cli/test_docs.cpp checks the README).
struct ExitCodeMeaning {
    ExitCode code;
    const char* meaning;
};
inline constexpr ExitCodeMeaning kExitCodes[] = {
    {ExitCode::ok, "success"},
    {ExitCode::condition_failed,
     "a condition was not met: check or diff --exit-code found differences, one() or scalar() found no row or several"},
    {ExitCode::usage, "usage error: bad command line, unreadable file, malformed URL"},
    {ExitCode::invalid_input,
     "invalid input: models file, migration script, seed data or query expression (file:line:col, the line and a caret)"},
    {ExitCode::database, "database error: connection, SQL, constraint, lock timeout (the transaction was rolled back)"},
    {ExitCode::refused, "refused for safety: data loss without --yes, a modified applied migration, an existing file"},
    {ExitCode::internal, "internal error: a bug in orm, not in the input (please report it)"},
};

}  // namespace orm::cli
