// orm diff [--format text|json] [--exit-code]
// The operations that would bring the live database in line with the models
// (orm/migrate/compare.hpp), for people or for machines; with --exit-code,
// exit 1 when there are any. (--format sql is not available yet.)
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "orm/core/error.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/compare.hpp"

namespace orm::cli {

namespace {

struct DiffOptions {
    std::string format = "text";
    bool exit_code = false;
};

int run_diff(Context& context, const DiffOptions& opts) {
    const auto& models = context.models();
    auto engine = context.engine();
    auto conn = engine.connect();
    auto reflected = engine::reflect(conn);
    conn.close();
    auto ops = migrate::compare_metadata(models.metadata, reflected);
    if (opts.format == "json") {
        std::cout << migrate::operations_to_json(ops).dump(2) << std::endl;
    } else {
        std::string out;
        for (const auto& op : ops) out += migrate::describe(op) + "\n";
        std::cout << out << std::flush;
        if (ops.empty()) context.terminal.info("no differences: the database matches the models");
    }
    return opts.exit_code && !ops.empty() ? 1 : 0;
}

}  // namespace

void register_diff(CLI::App& app, Context& context) {
    auto opts = std::make_shared<DiffOptions>();
    auto* cmd = app.add_subcommand("diff", "Show what would bring the live database in line with the models");
    cmd->add_option("--format", opts->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
    cmd->add_flag("--exit-code", opts->exit_code, "exit 1 when there are differences");
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_diff(context, *opts); }); });
}

}  // namespace orm::cli
