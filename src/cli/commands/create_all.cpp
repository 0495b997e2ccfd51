// orm create-all [--sql] [--tables a,b] [--format text|json]
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/confirm.hpp"
#include "cli/commands/ddl_common.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/compare.hpp"

namespace orm::cli {

namespace {

struct CreateAllOptions {
    bool sql = false;
    std::string format = "text";
    std::vector<std::string> tables;
};

// The existing tables that differ from the models, with how many
// differences each: create-all leaves them alone, so it must say so, or a
// changed model looks applied when it is not.
std::map<std::string, size_t> differing_tables(Context& context, engine::Connection& conn,
                                               const std::vector<std::string>& existing) {
    std::map<std::string, size_t> out;
    if (existing.empty()) return out;
    auto reflected = engine::reflect_for(conn, context.models().metadata);
    for (const auto& op : migrate::compare_metadata(context.models().metadata, reflected, {context.version_table().name}))
        if (std::find(existing.begin(), existing.end(), op.table) != existing.end()) ++out[op.table];
    return out;
}

int run_create_all(Context& context, const CreateAllOptions& opts) {
    sql::DdlOptions ddl = ddl_options(context, opts.tables);
    if (opts.sql) {
        print_offline_plan(context, &sql::create_all_ddl, ddl);
        return 0;
    }
    const auto& models = context.models();
    auto engine = context.engine();
    const std::string database = context.database_label();
    auto conn = engine.connect();
    auto run = engine::create_all(conn, models.metadata, ddl);
    std::vector<std::string> created = tables_of(run.executed, sql::DdlKind::CreateTable);
    auto differing = differing_tables(context, conn, run.skipped_tables);
    if (opts.format == "json") {
        nlohmann::json differ = nlohmann::json::object();
        for (auto& [table, n] : differing) differ[table] = n;
        std::cout << nlohmann::json{{"database", database}, {"created", created}, {"already_there", run.skipped_tables},
                                    {"differ_from_models", differ}}
                         .dump(2)
                  << std::endl;
    } else {
        if (!created.empty()) context.terminal.info("created " + describe_tables(created) + " in " + database);
        if (!run.skipped_tables.empty())
            context.terminal.info("already there: " + describe_tables(run.skipped_tables));
        if (created.empty() && run.skipped_tables.empty()) context.terminal.info("no tables in the models file");
    }
    if (differing.empty()) return 0;
    std::vector<std::string> names;
    size_t count = 0;
    for (auto& [table, n] : differing) {
        names.push_back(table);
        count += n;
    }
    std::string message = "existing " + describe_tables(names) + " differ from the models (" + std::to_string(count) +
                          (count == 1 ? " difference" : " differences") +
                          "): create-all only creates what is missing; orm diff shows the differences";
    if (context.options.strict) {
        context.terminal.error(message + " (--strict)");
        return 1;
    }
    context.terminal.warning(message);
    return 0;
}

}  // namespace

void register_create_all(CLI::App& app, Context& context) {
    auto opts = std::make_shared<CreateAllOptions>();
    auto* cmd = app.add_subcommand("create-all",
        "Create the models' tables, indexes, constraints and enum types that do not exist yet "
        "(existing tables that differ from the models are named; with --strict that is exit 1)");
    cmd->add_flag("--sql", opts->sql, "print the DDL for the URL's dialect instead of connecting");
    cmd->add_option("--tables", opts->tables, "only these tables (comma-separated)")->delimiter(',');
    add_format_option(cmd, opts->format);
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_create_all(context, *opts); }); });
}

}  // namespace orm::cli
