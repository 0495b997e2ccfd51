// What every command that destroys data or reports in JSON shares: one rule
// for asking before data is lost, and the --format option.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/context.hpp"

namespace orm::cli {

// The one rule for a command that destroys data (drop-all, migrate
// downgrade, reset): a person at a terminal is asked `question`; a script
// must have said --yes, or it is refused (SafetyError, exit 5) with `what`
// and the database named. False when the person said no ("nothing
// changed" is said); the caller then stops with exit 5. --sql never asks:
// it changes nothing.
bool confirm_destruction(Context& context, const std::string& what, const std::string& question);

// --format text|json on a command that reports.
void add_format_option(CLI::App* cmd, std::string& format);

}  // namespace orm::cli
