// How an error reaches the user: "error: ..." on stderr (red on a
// terminal), and under --format json also on stdout as
//   {"error": {"code": 3, "kind": "invalid_input", "message": "...",
//              "file": "models.py", "line": 4, "column": 14, "pointer": "/items/2"}}
// (null where the error has no such part), so a script reading stdout
// learns of the failure in the format it parses.
#pragma once

#include <functional>
#include <string>

#include "cli/terminal.hpp"
#include "orm/core/error.hpp"

namespace orm::cli {

// Prints `e` (scrubbed by `scrub`) and returns its exit code.
int report_error(const Terminal& terminal, const Error& e, bool json, const std::function<std::string(const std::string&)>& scrub);
// An error that is not an orm::Error: `kind` ("usage", "internal") and its text.
void report_plain_error(const Terminal& terminal, int code, const std::string& kind, const std::string& message, bool json);

}  // namespace orm::cli
