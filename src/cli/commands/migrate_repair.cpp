// orm migrate repair [REV...]: accepts applied revision files edited since
// they ran, after review, so that orm migrate no longer stops on them.
#include <iostream>
#include <memory>

#include "cli/commands/confirm.hpp"
#include "cli/commands/migrate_common.hpp"

namespace orm::cli {

namespace {

int run_repair(Context& context, const MigrateOptions& opts) {
    auto& graph = load_graph(context);
    auto engine = context.engine();
    migrate::RunnerOptions ro;
    ro.version_table = context.version_table();
    ro.lock_timeout = opts.lock_timeout;
    migrate::Migrator migrator(engine, graph, ro);
    auto accepted = migrator.repair(opts.revisions);
    if (opts.format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (auto& m : accepted)
            out.push_back({{"revision", m.revision}, {"path", m.path}, {"logged_sha256", m.logged_sha256},
                           {"sha256", m.file_sha256}});
        std::cout << nlohmann::json{{"database", context.database_label()}, {"repaired", out}}.dump(2) << std::endl;
        return 0;
    }
    if (accepted.empty()) context.terminal.info("nothing to repair: no applied revision file was modified since it ran");
    for (auto& m : accepted)
        context.terminal.info("accepted " + m.path + " (revision " + m.revision + ") as it is now; recorded in orm_migration_log");
    return 0;
}

}  // namespace

void register_migrate_repair(CLI::App* migrate, Context& context) {
    auto opts = std::make_shared<MigrateOptions>();
    auto* repair = migrate->add_subcommand(
        "repair", "Accept applied revision files modified since they ran (all, or REV...), after review");
    repair->add_option("revisions", opts->revisions, "the revisions to accept (ids or prefixes; default: every modified one)");
    repair->add_option("--lock-timeout", opts->lock_timeout, "seconds to wait for another migration run (default 60)")
        ->check(CLI::NonNegativeNumber);
    add_format_option(repair, opts->format);
    repair->callback([&context, opts] { context.set_action([&context, opts] { return run_repair(context, *opts); }); });
}

}  // namespace orm::cli
