// orm check [--format text|json]
// Exit 0 when the live database matches the models, 1 with the list of
// differences otherwise (SPEC §3). The migration-head half of the check
// joins when `orm migrate` lands; until then only the models are compared.
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/compare.hpp"

namespace orm::cli {

namespace {

int run_check(Context& context, const std::string& format) {
    const auto& models = context.models();
    auto engine = context.engine();
    auto conn = engine.connect();
    auto reflected = engine::reflect(conn);
    conn.close();
    auto ops = migrate::compare_metadata(models.metadata, reflected);
    if (format == "json") {
        nlohmann::json doc = {{"matches", ops.empty()}, {"differences", migrate::operations_to_json(ops)}};
        std::cout << doc.dump(2) << std::endl;
    } else if (!ops.empty()) {
        std::string out;
        for (const auto& op : ops) out += migrate::describe(op) + "\n";
        std::cout << out << std::flush;
        context.terminal.error("the database does not match the models (" + std::to_string(ops.size()) +
                               (ops.size() == 1 ? " difference)" : " differences)"));
    } else {
        context.terminal.info("the database matches the models");
    }
    return ops.empty() ? 0 : 1;
}

}  // namespace

void register_check(CLI::App& app, Context& context) {
    auto format = std::make_shared<std::string>("text");
    auto* cmd = app.add_subcommand("check", "Exit 0 when the database matches the models, 1 with the differences");
    cmd->add_option("--format", *format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
    cmd->callback([&context, format] { context.set_action([&context, format] { return run_check(context, *format); }); });
}

}  // namespace orm::cli
