#include "cli/commands/confirm.hpp"

#include "orm/core/error.hpp"

namespace orm::cli {

bool confirm_destruction(Context& context, const std::string& what, const std::string& question) {
    if (!context.terminal.stdin_is_tty())
        throw SafetyError(what + ": pass --yes to confirm (" + context.database_label() + ")");
    if (context.terminal.confirm(question)) return true;
    context.terminal.info("nothing changed");
    return false;
}

void add_format_option(CLI::App* cmd, std::string& format) {
    cmd->add_option("--format", format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
}

}  // namespace orm::cli
