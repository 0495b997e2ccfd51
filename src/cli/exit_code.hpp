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

}  // namespace orm::cli
