// Shell completion scripts generated from the command-line tree: commands,
// subcommands, every option, the choices of options that have them, and
// file names where an option or argument takes a free value.
#pragma once

#include <string>

#include "cli/docs/cli_model.hpp"

namespace orm::cli::docs {

// Sourced by bash-completion (installed as share/bash-completion/completions/orm).
std::string bash_completion(const CliCommand& root);
// An autoloaded zsh function (installed as share/zsh/vendor-completions/_orm).
std::string zsh_completion(const CliCommand& root);
// Loaded by fish on demand (installed as share/fish/vendor_completions.d/orm.fish).
std::string fish_completion(const CliCommand& root);

}  // namespace orm::cli::docs
