// orm drop-all [--sql] [--tables a,b] [--yes]
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/ddl_common.hpp"
#include "cli/exit_code.hpp"
#include "orm/core/error.hpp"
#include "orm/engine/ddl_runner.hpp"

namespace orm::cli {

namespace {

struct DropAllOptions {
    bool sql = false;
    bool yes = false;
    std::vector<std::string> tables;
};

int run_drop_all(Context& context, const DropAllOptions& opts) {
    sql::DdlOptions ddl = ddl_options(context, opts.tables);
    if (opts.sql) {
        print_offline_plan(context, &sql::drop_all_ddl, ddl);
        return 0;
    }
    const auto& models = context.models();
    const auto& url = context.url();
    auto engine = context.engine();
    auto conn = engine.connect();
    if (!opts.yes) {
        // Ask only a person at a terminal; a script must say --yes.
        if (!context.terminal.stdin_is_tty()) {
            throw SafetyError("drop-all deletes tables and their data: pass --yes to confirm (" +
                              url.render() + ")");
        }
        if (!context.terminal.confirm("Drop the models' tables and all their rows from " + url.render() + "?")) {
            context.terminal.info("nothing dropped");
            return exit_status(ExitCode::refused);
        }
    }
    auto run = engine::drop_all(conn, models.metadata, ddl);
    std::vector<std::string> dropped = tables_of(run.executed, sql::DdlKind::DropTable);
    if (dropped.empty()) context.terminal.info("no model tables to drop in " + url.render());
    else context.terminal.info("dropped " + describe_tables(dropped) + " from " + url.render());
    return 0;
}

}  // namespace

void register_drop_all(CLI::App& app, Context& context) {
    auto opts = std::make_shared<DropAllOptions>();
    auto* cmd = app.add_subcommand("drop-all",
        "Drop the models' tables that exist, in reverse dependency order (asks, or needs --yes)");
    cmd->add_flag("--sql", opts->sql, "print the DROP statements for the URL's dialect instead of connecting");
    cmd->add_option("--tables", opts->tables, "only these tables (comma-separated)")->delimiter(',');
    cmd->add_flag("-y,--yes", opts->yes, "drop without asking");
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_drop_all(context, *opts); }); });
}

}  // namespace orm::cli
