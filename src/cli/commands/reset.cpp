// orm reset [--yes]: start the database again from the migrations: drop the
// models' tables and the version table, then migrate to head.
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/confirm.hpp"
#include "cli/commands/ddl_common.hpp"
#include "cli/commands/migrate_common.hpp"
#include "cli/exit_code.hpp"
#include "orm/engine/ddl_runner.hpp"

namespace orm::cli {

namespace {

struct ResetOptions {
    bool yes = false;
    double lock_timeout = 60;
    std::string format = "text";
};

int run_reset(Context& context, const ResetOptions& opts) {
    // Everything that can be wrong with the input is found before anything is dropped.
    auto graph = load_graph(context);
    const auto& models = context.models();
    auto engine = context.engine();
    const std::string database = context.database_label();
    auto conn = engine.connect();
    if (!opts.yes && !confirm_destruction(context, "reset drops the models' tables and their data",
                                          "Drop the models' tables and all their rows from " + database +
                                              ", then migrate to head?"))
        return exit_status(ExitCode::refused);
    auto version = context.version_table();
    auto dropped = tables_of(engine::drop_all(conn, models.metadata, ddl_options(context, {})).executed,
                             sql::DdlKind::DropTable);
    bool version_dropped = migrate::drop_version_table(conn, version);
    conn.close();
    if (opts.format != "json")
        context.terminal.info(dropped.empty() ? "no model tables to drop in " + database
                                              : "dropped " + describe_tables(dropped) + " from " + database);
    migrate::RunnerOptions ro;
    ro.version_table = version;
    ro.lock_timeout = opts.lock_timeout;
    ro.progress = [&context](const std::string& line, size_t, size_t) { context.terminal.info("running " + line); };
    migrate::Migrator migrator(engine, graph, ro);
    auto reports = migrator.upgrade("head");
    auto now = migrator.current();
    std::string at;
    for (auto& h : now) at += (at.empty() ? "" : ", ") + h;
    if (opts.format == "json") {
        nlohmann::json applied = nlohmann::json::array();
        for (auto& r : reports) applied.push_back(r.revision);
        std::cout << nlohmann::json{{"database", database}, {"dropped", dropped}, {"version_table_dropped", version_dropped},
                                    {"applied", applied}, {"current_heads", now}}
                         .dump(2)
                  << std::endl;
    } else {
        context.terminal.info("the database is at " + (at.empty() ? std::string("base") : at) + " (head)");
    }
    return 0;
}

}  // namespace

void register_reset(CLI::App& app, Context& context) {
    auto opts = std::make_shared<ResetOptions>();
    auto* cmd = app.add_subcommand(
        "reset", "Drop the models' tables and the version table, then migrate to head (asks, or needs --yes)");
    cmd->add_flag("-y,--yes", opts->yes, "reset without asking");
    cmd->add_option("--lock-timeout", opts->lock_timeout, "seconds to wait for another migration run (default 60)")
        ->check(CLI::NonNegativeNumber);
    add_format_option(cmd, opts->format);
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_reset(context, *opts); }); });
}

}  // namespace orm::cli
