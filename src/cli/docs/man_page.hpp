// Man pages (roff, man(7) macros) generated from the command-line tree:
// orm(1) with every command and option, and orm-COMMAND(1) for each
// top-level command, as git and many other multi-command tools ship them.
#pragma once

#include <string>
#include <vector>

#include "cli/docs/cli_model.hpp"

namespace orm::cli::docs {

struct ManPage {
    std::string file_name;   // "orm.1", "orm-migrate.1"
    std::string text;
};

// orm(1) first, then one page per top-level command.
std::vector<ManPage> man_pages(const CliCommand& root, const std::string& version);

}  // namespace orm::cli::docs
