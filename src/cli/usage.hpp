// The command line's own usage: what CLI11 does not say well. A mistyped
// command or option gets "did you mean ...?", `orm help [COMMAND]` and
// `orm version` work as people type them, and every usage error carries the
// "error:" prefix (and, under --format json, the JSON error on stdout).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace orm::cli {

// The closest of `candidates` to `word` when it is close enough to be the
// one meant (a small edit distance, or a prefix), else "".
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

// What to do before CLI11 parses: nothing (nullopt), or an exit code after
// printing help, the version or a usage error. Looks at the words before
// the command: unknown global options and an unknown command are errors
// with a suggestion; `help [COMMAND...]` and `version` are answered here.
std::optional<int> pre_parse(CLI::App& app, const std::vector<std::string>& args, const std::string& version,
                             bool json);

// A CLI11 parse error as orm reports it ("error: ..." with a suggestion for
// an unexpected option, the unexpected words in their order); returns the
// exit code (2).
int report_parse_error(CLI::App& app, const CLI::ParseError& e, bool json);

// True when the words ask for --format json (the error goes to stdout as JSON too).
bool wants_json(const std::vector<std::string>& args);

}  // namespace orm::cli
