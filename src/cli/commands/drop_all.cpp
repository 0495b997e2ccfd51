// orm drop-all [--sql] [--tables a,b] [--yes] [--with-version-table]
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/confirm.hpp"
#include "cli/commands/ddl_common.hpp"
#include "cli/exit_code.hpp"
#include "orm/core/error.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/migrate/runner.hpp"
#include "orm/migrate/version_tables.hpp"

namespace orm::cli {

namespace {

struct DropAllOptions {
    bool sql = false;
    bool yes = false;
    bool with_version_table = false;
    std::string format = "text";
    std::vector<std::string> tables;
};

// The version table left behind records revisions whose tables are gone:
// the next `orm migrate` would find nothing to do. Said, or (asked for) dropped.
nlohmann::json settle_version_table(Context& context, engine::Connection& conn, const DropAllOptions& opts) {
    auto version = context.version_table();
    if (opts.with_version_table) {
        bool dropped = migrate::drop_version_table(conn, version);
        if (dropped) context.terminal.info("dropped the version table " + version.name);
        return {{"version_table_dropped", dropped}};
    }
    auto recorded = migrate::recorded_revisions(conn, version);
    if (!recorded.empty()) {
        std::string revisions;
        for (auto& r : recorded) revisions += (revisions.empty() ? "" : ", ") + r;
        context.terminal.warning(version.name + " still records revision " + revisions +
                                 ": orm migrate would find nothing to do over the dropped tables "
                                 "(--with-version-table drops it too; orm reset drops and migrates again)");
    }
    nlohmann::json recorded_json = nlohmann::json::array();
    for (auto& r : recorded) recorded_json.push_back(r);
    return {{"version_table_dropped", false}, {"version_table_records", recorded_json}};
}

int run_drop_all(Context& context, const DropAllOptions& opts) {
    sql::DdlOptions ddl = ddl_options(context, opts.tables);
    if (opts.sql) {
        print_offline_plan(context, &sql::drop_all_ddl, ddl);
        if (opts.with_version_table) {
            auto compiler = dialect::get_dialect(context.url().backend).ddl_compiler();
            std::cout << compiler->drop_table(migrate::version_table(context.version_table())) << ";\n\n" << std::flush;
        }
        return 0;
    }
    const auto& models = context.models();
    auto engine = context.engine();
    const std::string database = context.database_label();
    auto conn = engine.connect();
    if (!opts.yes && !confirm_destruction(context, "drop-all deletes tables and their data",
                                          "Drop the models' tables and all their rows from " + database + "?"))
        return exit_status(ExitCode::refused);
    auto run = engine::drop_all(conn, models.metadata, ddl);
    std::vector<std::string> dropped = tables_of(run.executed, sql::DdlKind::DropTable);
    if (opts.format != "json") {
        if (dropped.empty()) context.terminal.info("no model tables to drop in " + database);
        else context.terminal.info("dropped " + describe_tables(dropped) + " from " + database);
    }
    nlohmann::json version = settle_version_table(context, conn, opts);
    if (opts.format == "json") {
        nlohmann::json doc = {{"database", database}, {"dropped", dropped}, {"not_there", run.skipped_tables}};
        doc.update(version);
        std::cout << doc.dump(2) << std::endl;
    }
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
    cmd->add_flag("--with-version-table", opts->with_version_table,
                  "also drop the version table (alembic_version), so that orm migrate starts again from base");
    add_format_option(cmd, opts->format);
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_drop_all(context, *opts); }); });
}

}  // namespace orm::cli
