// orm check [--format text|json]
// Exit 0 when the live database is at the migration head (when the
// migrations folder has revisions) and matches the models; 1 with the list
// of what differs otherwise (SPEC §3).
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/migrate_common.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/compare.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "orm/migrate/runner.hpp"

namespace orm::cli {

namespace {

int run_check(Context& context, const std::string& format) {
    const auto& models = context.models();
    auto engine = context.engine(true);
    // Without revisions (no folder, or an empty versions/) only the models are compared.
    auto graph = migrate::load_revision_graph(context.options.migrations, context.script_options());
    std::vector<std::string> current;
    bool at_head = true;
    // Applied files edited since they ran stop the next orm migrate (exit 5): not well.
    std::vector<migrate::ModifiedRevision> modified;
    if (!graph.empty()) {
        migrate::RunnerOptions ro;
        ro.version_table = context.version_table();
        migrate::Migrator migrator(engine, graph, ro);
        current = migrator.current();
        at_head = graph_at_head(graph, current);
        if (!current.empty()) modified = migrator.modified();
    }
    auto conn = engine.connect();
    auto reflected = engine::reflect_for(conn, models.metadata);
    conn.close();
    auto ops = migrate::compare_metadata(models.metadata, reflected, {context.version_table().name});
    bool ok = ops.empty() && at_head && modified.empty();
    auto label = [](const std::vector<std::string>& r) {
        std::string out;
        for (auto& h : r) out += (out.empty() ? "" : ", ") + h;
        return out.empty() ? std::string("base") : out;
    };
    auto heads_text = label(graph.heads());
    if (format == "json") {
        nlohmann::json doc = {{"matches", ok}, {"differences", migrate::operations_to_json(ops)}};
        if (!graph.empty())
            doc["migrations"] = {{"current", current.size() == 1 ? nlohmann::json(current[0]) : current.empty() ? nlohmann::json(nullptr) : nlohmann::json(current)},
                                 {"head", graph.heads().size() == 1 ? nlohmann::json(graph.heads()[0]) : nlohmann::json(graph.heads())},
                                 {"at_head", at_head}};
        nlohmann::json mods = nlohmann::json::array();
        for (auto& m : modified) mods.push_back({{"revision", m.revision}, {"path", m.path}});
        doc["modified_revisions"] = mods;
        doc["database"] = context.database_label();
        std::cout << doc.dump(2) << std::endl;
        return ok ? 0 : 1;
    }
    std::string out;
    if (!at_head)
        out += "! the database is at revision " + label(current) + ", the migrations head is " + heads_text +
               " (run orm migrate)\n";
    for (const auto& m : modified)
        out += "! applied revision " + m.revision + " was modified since it ran: " + m.path +
               " (orm migrate stops on it; review it, then orm migrate repair " + m.revision + ")\n";
    for (const auto& op : ops) out += migrate::describe(op) + "\n";
    std::cout << out << std::flush;
    if (!modified.empty())
        context.terminal.error(std::to_string(modified.size()) + " applied revision file" +
                               (modified.size() == 1 ? " was" : "s were") + " modified since it ran");
    else if (!at_head)
        context.terminal.error("the database is not at the migration head" +
                               std::string(ops.empty() ? "" : " and does not match the models"));
    else if (!ops.empty())
        context.terminal.error("the database does not match the models (" + std::to_string(ops.size()) +
                               (ops.size() == 1 ? " difference)" : " differences)"));
    else
        context.terminal.info(graph.empty() ? "the database matches the models"
                                            : "the database is at the migration head and matches the models");
    return ok ? 0 : 1;
}

}  // namespace

void register_check(CLI::App& app, Context& context) {
    auto format = std::make_shared<std::string>("text");
    auto* cmd = app.add_subcommand("check",
        "Exit 0 when the database is at the migration head and matches the models, 1 with the differences");
    cmd->add_option("--format", *format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
    cmd->callback([&context, format] { context.set_action([&context, format] { return run_check(context, *format); }); });
}

}  // namespace orm::cli
