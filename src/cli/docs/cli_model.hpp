// The command line as data: the CLI11 tree that --help prints, walked once
// into plain structs, so that the man pages and the shell completions are
// generated from the same definition as the help and cannot drift from it.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace orm::cli::docs {

struct CliOption {
    std::vector<std::string> long_names;    // "--format" (with dashes)
    std::vector<std::string> short_names;   // "-q"
    std::string positional_name;            // "files" for a positional, else ""
    std::string description;
    std::string value_name;                 // "TEXT", "INT", ... ("" for a flag)
    std::vector<std::string> choices;       // from an IsMember check: "json", "text", ...
    std::string default_value;
    std::string env;                        // the environment variable that also sets it
    bool takes_value = false;
    bool required = false;
    bool repeatable = false;                // a positional taking several values

    bool positional() const { return !positional_name.empty(); }
    // "-q, --quiet" / "--format" / "files": how the option is named in prose.
    std::string display_names() const;
};

struct CliCommand {
    std::string name;                  // "upgrade"; the program name for the root
    std::vector<std::string> path;     // {"migrate", "upgrade"}; {} for the root
    std::string description;
    std::vector<CliOption> options;    // flags and options, --help included
    std::vector<CliOption> positionals;
    std::vector<CliCommand> subcommands;

    // "migrate upgrade" ("" for the root).
    std::string path_text() const;
};

// The visible tree under `app` (commands in a group named "" are hidden:
// the generator itself). Non-const because CLI11 only reads some
// properties through non-const accessors.
CliCommand describe_cli(CLI::App& app);

// The command and all its descendants, depth first, root included.
std::vector<const CliCommand*> all_commands(const CliCommand& root);

// The first sentence of a description, on one line: what a completion menu shows.
std::string summary(const std::string& description);

}  // namespace orm::cli::docs
