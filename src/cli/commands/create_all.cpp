// orm create-all [--sql] [--tables a,b]
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/ddl_common.hpp"
#include "orm/engine/ddl_runner.hpp"

namespace orm::cli {

namespace {

struct CreateAllOptions {
    bool sql = false;
    std::vector<std::string> tables;
};

int run_create_all(Context& context, const CreateAllOptions& opts) {
    sql::DdlOptions ddl = ddl_options(context, opts.tables);
    if (opts.sql) {
        print_offline_plan(context, &sql::create_all_ddl, ddl);
        return 0;
    }
    const auto& models = context.models();
    const auto& url = context.url();
    auto engine = context.engine();
    auto conn = engine.connect();
    auto run = engine::create_all(conn, models.metadata, ddl);
    std::vector<std::string> created = tables_of(run.executed, sql::DdlKind::CreateTable);
    if (!created.empty()) context.terminal.info("created " + describe_tables(created) + " in " + url.render());
    if (!run.skipped_tables.empty())
        context.terminal.info("already there: " + describe_tables(run.skipped_tables));
    if (created.empty() && run.skipped_tables.empty()) context.terminal.info("no tables in the models file");
    return 0;
}

}  // namespace

void register_create_all(CLI::App& app, Context& context) {
    auto opts = std::make_shared<CreateAllOptions>();
    auto* cmd = app.add_subcommand("create-all",
        "Create the models' tables, indexes, constraints and enum types that do not exist yet");
    cmd->add_flag("--sql", opts->sql, "print the DDL for the URL's dialect instead of connecting");
    cmd->add_option("--tables", opts->tables, "only these tables (comma-separated)")->delimiter(',');
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_create_all(context, *opts); }); });
}

}  // namespace orm::cli
