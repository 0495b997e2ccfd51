// orm migrate [upgrade|downgrade|current|heads|history|stamp|init|revision] ...
// (SPEC §3, §4). `orm migrate` alone is `orm migrate upgrade head`.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>

#include <unistd.h>

#include "cli/commands/commands.hpp"
#include "cli/progress.hpp"
#include "orm/core/error.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/autogenerate.hpp"
#include "orm/migrate/compare.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "orm/migrate/runner.hpp"
#include "orm/migrate/script_writer.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::cli {

namespace fs = std::filesystem;

namespace {

struct MigrateOptions {
    std::string target;
    bool sql = false;
    bool allow_modified = false;
    double lock_timeout = 60;
    std::string format = "text";
    bool verbose = false;
    std::string message;
    bool autogenerate = false;
    std::string rev_id;
};

migrate::RevisionGraph load_graph(Context& context) { return migrate::load_revision_graph(context.options.migrations); }

std::string label(const std::optional<std::string>& rev) { return rev ? *rev : "base"; }

// `bar`: drawn under the "running ..." lines on a terminal, so that a run
// of many revisions shows how far it is; cleared for each line.
migrate::RunnerOptions runner_options(Context& context, const MigrateOptions& opts, ProgressBar* bar = nullptr) {
    migrate::RunnerOptions o;
    o.allow_modified = opts.allow_modified;
    o.lock_timeout = opts.lock_timeout;
    o.progress = [&context, bar](const std::string& line, size_t done, size_t total) {
        if (bar) bar->finish();   // the line goes where the bar was
        context.terminal.info("running " + line);
        if (!bar) return;
        bar->set_total(total);
        bar->update(done, done);
    };
    return o;
}

nlohmann::json reports_json(const std::vector<migrate::StepReport>& reports) {
    nlohmann::json out = nlohmann::json::array();
    for (auto& r : reports)
        out.push_back({{"revision", r.revision}, {"direction", r.direction}, {"message", r.message},
                       {"seconds", r.seconds}, {"statements", r.statements}});
    return out;
}

// --sql: "FROM:TO" or just TO (from base when upgrading, from head when downgrading).
int run_offline(Context& context, const migrate::RevisionGraph& graph, const std::string& spec, bool upgrade) {
    std::string from_spec = upgrade ? "base" : "head", to_spec = spec;
    if (auto colon = spec.find(':'); colon != std::string::npos) {
        from_spec = spec.substr(0, colon);
        to_spec = spec.substr(colon + 1);
    }
    int from = graph.resolve(from_spec, upgrade ? -1 : static_cast<int>(graph.chain().size()) - 1);
    int to = graph.resolve(to_spec, from);
    if (upgrade && to < from) throw UsageError("--sql upgrade from " + from_spec + " to " + to_spec + " goes down");
    if (!upgrade && to > from) throw UsageError("--sql downgrade from " + from_spec + " to " + to_spec + " goes up");
    std::cout << migrate::offline_script(graph, from, to, context.url().backend) << std::flush;
    return 0;
}

int run_move(Context& context, const MigrateOptions& opts, bool upgrade) {
    auto graph = load_graph(context);
    std::string target = opts.target.empty() ? "head" : opts.target;
    if (opts.sql) return run_offline(context, graph, target, upgrade);
    auto engine = context.engine();
    ProgressBar bar(context.terminal, upgrade ? "upgrading" : "downgrading", "revisions", std::nullopt, true);
    migrate::Migrator migrator(engine, graph, runner_options(context, opts, &bar));
    auto reports = upgrade ? migrator.upgrade(target) : migrator.downgrade(target);
    bar.finish();
    auto now = migrator.current();
    bool at_head = now == graph.head();
    if (opts.format == "json") {
        nlohmann::json doc = {{"applied", reports_json(reports)}, {"current", now ? nlohmann::json(*now) : nullptr},
                              {"head", graph.head() ? nlohmann::json(*graph.head()) : nullptr}, {"at_head", at_head}};
        std::cout << doc.dump(2) << std::endl;
    } else if (reports.empty()) {
        context.terminal.info("nothing to do: the database is at " + label(now) + (at_head ? " (head)" : ""));
    } else {
        context.terminal.info("the database is at " + label(now) + (at_head ? " (head)" : ""));
    }
    return 0;
}

int run_current(Context& context, const MigrateOptions& opts) {
    auto graph = load_graph(context);
    auto engine = context.engine();
    migrate::Migrator migrator(engine, graph);
    auto now = migrator.current();
    bool at_head = now == graph.head();
    std::vector<migrate::ModifiedRevision> modified;
    if (now) modified = migrator.modified();
    if (opts.format == "json") {
        nlohmann::json mods = nlohmann::json::array();
        for (auto& m : modified) mods.push_back({{"revision", m.revision}, {"path", m.path}});
        std::cout << nlohmann::json{{"current", now ? nlohmann::json(*now) : nullptr},
                                    {"head", graph.head() ? nlohmann::json(*graph.head()) : nullptr},
                                    {"at_head", at_head}, {"modified", mods}}
                         .dump(2)
                  << std::endl;
        return 0;
    }
    if (now) std::cout << *now << (at_head ? " (head)" : "") << "\n" << std::flush;
    else context.terminal.info("the database is at base: no revision applied");
    for (auto& m : modified) context.terminal.warning("applied revision file modified since it ran: " + m.path);
    return 0;
}

int run_heads(Context& context, const MigrateOptions& opts) {
    auto graph = load_graph(context);
    auto head = graph.head();
    if (opts.format == "json") {
        nlohmann::json heads = nlohmann::json::array();
        if (head) heads.push_back(*head);
        std::cout << nlohmann::json{{"heads", heads}}.dump(2) << std::endl;
    } else if (head) {
        std::cout << *head << " (head)\n" << std::flush;
    }
    return 0;
}

int run_history(Context& context, const MigrateOptions& opts) {
    auto graph = load_graph(context);
    const auto& chain = graph.chain();
    if (opts.format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (auto it = chain.rbegin(); it != chain.rend(); ++it)
            out.push_back({{"revision", it->id},
                           {"down_revision", it->down_revisions.empty() ? nlohmann::json(nullptr) : nlohmann::json(it->down_revisions[0])},
                           {"message", it->message}, {"create_date", it->create_date}, {"path", it->path},
                           {"head", it->id == graph.head()}});
        std::cout << out.dump(2) << std::endl;
        return 0;
    }
    std::string text;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        std::string parent = it->down_revisions.empty() ? "<base>" : it->down_revisions[0];
        std::string head = it->id == graph.head() ? " (head)" : "";
        if (opts.verbose) {
            text += "Rev: " + it->id + head + "\nParent: " + parent + "\nPath: " + it->path + "\n\n    " + it->message +
                    "\n\n    Revision ID: " + it->id + "\n    Revises: " +
                    (it->down_revisions.empty() ? "" : it->down_revisions[0]) + "\n    Create Date: " +
                    it->create_date + "\n\n";
        } else {
            text += (it->down_revisions.empty() ? "<base>" : it->down_revisions[0]) + " -> " + it->id + head + ", " +
                    it->message + "\n";
        }
    }
    std::cout << text << std::flush;
    return 0;
}

int run_stamp(Context& context, const MigrateOptions& opts) {
    auto graph = load_graph(context);
    auto engine = context.engine();
    migrate::Migrator migrator(engine, graph, runner_options(context, opts));
    migrator.stamp(opts.target);
    auto now = migrator.current();
    if (opts.format == "json") std::cout << nlohmann::json{{"current", now ? nlohmann::json(*now) : nullptr}}.dump(2) << std::endl;
    else context.terminal.info("stamped: the database is recorded at " + label(now));
    return 0;
}

int run_init(Context& context) {
    fs::path dir = context.options.migrations;
    fs::path versions = dir / "versions";
    if (fs::exists(versions)) throw UsageError("'" + versions.string() + "' already exists");
    fs::create_directories(versions);
    context.terminal.info("created " + versions.string() + " (revision files go here)");
    return 0;
}

int run_revision(Context& context, const MigrateOptions& opts) {
    fs::path versions = fs::path(context.options.migrations) / "versions";
    if (!fs::is_directory(versions))
        throw UsageError("no '" + versions.string() + "' folder: run orm migrate init first (or give --migrations DIR)");
    auto graph = load_graph(context);
    migrate::Revision rev;
    rev.id = opts.rev_id.empty() ? migrate::new_revision_id() : opts.rev_id;
    static const std::regex valid_id(R"([A-Za-z0-9_]+)");
    if (!std::regex_match(rev.id, valid_id) || rev.id.size() > 32)
        throw UsageError("--rev-id '" + rev.id + "' must be at most 32 letters, digits and underscores "
                         "(alembic_version.version_num is VARCHAR(32))");
    if (graph.position(rev.id)) throw UsageError("revision id '" + rev.id + "' is already used");
    if (auto head = graph.head()) rev.down_revisions = {*head};
    rev.message = opts.message;
    rev.create_date = migrate::create_date_now();
    std::string dialect = context.url().backend;
    if (opts.autogenerate) {
        const auto& models = context.models();
        auto engine = context.engine();
        migrate::Migrator migrator(engine, graph);
        auto now = migrator.current();
        if (now != graph.head())
            throw SafetyError("the database is at revision " + label(now) + " but the migrations head is " +
                              label(graph.head()) + ": autogenerate compares the models with the database at head, "
                              "so run orm migrate first");
        auto conn = engine.connect();
        auto reflected = engine::reflect(conn);
        conn.close();
        auto diff = migrate::compare_metadata(models.metadata, reflected);
        rev.upgrade_ops = migrate::operations_from_diff(diff, models.metadata, reflected);
        rev.downgrade_ops = migrate::reverse_operations(rev.upgrade_ops, reflected);
        for (auto& d : diff)
            if (d.destructive) context.terminal.warning("destructive: " + migrate::describe(d));
    }
    auto compiler = dialect::get_dialect(dialect).ddl_compiler();
    fs::path path = versions / migrate::revision_file_name(rev.id, rev.message);
    std::string text = migrate::render_revision(rev, *compiler);
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
        if (!out) throw UsageError("cannot write '" + path.string() + "'");
    }
    if (opts.format == "json") {
        std::cout << nlohmann::json{{"revision", rev.id}, {"path", path.string()}, {"down_revision",
                                    rev.down_revisions.empty() ? nlohmann::json(nullptr) : nlohmann::json(rev.down_revisions[0])},
                                    {"operations", rev.upgrade_ops.size()}}
                         .dump(2)
                  << std::endl;
    } else {
        std::cout << path.string() << "\n" << std::flush;
        if (opts.autogenerate && rev.upgrade_ops.empty())
            context.terminal.info("no differences between the models and the database: the revision is empty");
    }
    return 0;
}

void add_run_options(CLI::App* cmd, MigrateOptions& o) {
    cmd->add_flag("--allow-modified", o.allow_modified, "continue past applied revision files modified since they ran");
    cmd->add_option("--lock-timeout", o.lock_timeout, "seconds to wait for another migration run (default 60)")
        ->check(CLI::NonNegativeNumber);
}

void add_format(CLI::App* cmd, MigrateOptions& o) {
    cmd->add_option("--format", o.format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
}

}  // namespace

void register_migrate(CLI::App& app, Context& context) {
    auto* migrate = app.add_subcommand("migrate", "Versioned migrations (Alembic-compatible); alone: upgrade to head");
    migrate->require_subcommand(0, 1);
    auto base = std::make_shared<MigrateOptions>();
    migrate->add_flag("--sql", base->sql, "print the SQL up to head for the URL's dialect instead of running it");
    add_run_options(migrate, *base);
    add_format(migrate, *base);

    auto up = std::make_shared<MigrateOptions>();
    auto* upgrade = migrate->add_subcommand("upgrade", "Apply revisions up to TARGET (head, an id or prefix, +N)");
    upgrade->add_option("target", up->target, "revision to reach (default head); with --sql also FROM:TO");
    upgrade->add_flag("--sql", up->sql, "print the SQL for the URL's dialect instead of running it");
    add_run_options(upgrade, *up);
    add_format(upgrade, *up);
    upgrade->callback([&context, up] { context.set_action([&context, up] { return run_move(context, *up, true); }); });

    auto down = std::make_shared<MigrateOptions>();
    auto* downgrade = migrate->add_subcommand("downgrade", "Revert revisions down to TARGET (-N, an id, base)");
    downgrade->add_option("target", down->target, "revision to reach; with --sql also FROM:TO")->required();
    downgrade->add_flag("--sql", down->sql, "print the SQL for the URL's dialect instead of running it");
    add_run_options(downgrade, *down);
    add_format(downgrade, *down);
    downgrade->callback([&context, down] { context.set_action([&context, down] { return run_move(context, *down, false); }); });

    auto cur = std::make_shared<MigrateOptions>();
    auto* current = migrate->add_subcommand("current", "Show the database's revision");
    add_format(current, *cur);
    current->add_flag("--verbose", cur->verbose, "(accepted for Alembic compatibility)");
    current->callback([&context, cur] { context.set_action([&context, cur] { return run_current(context, *cur); }); });

    auto hd = std::make_shared<MigrateOptions>();
    auto* heads = migrate->add_subcommand("heads", "Show the head revision");
    add_format(heads, *hd);
    heads->add_flag("--verbose", hd->verbose, "(accepted for Alembic compatibility)");
    heads->callback([&context, hd] { context.set_action([&context, hd] { return run_heads(context, *hd); }); });

    auto hist = std::make_shared<MigrateOptions>();
    auto* history = migrate->add_subcommand("history", "List the revisions, newest first");
    history->add_flag("--verbose,-v", hist->verbose, "show each revision's file, parent and date");
    add_format(history, *hist);
    history->callback([&context, hist] { context.set_action([&context, hist] { return run_history(context, *hist); }); });

    auto st = std::make_shared<MigrateOptions>();
    auto* stamp = migrate->add_subcommand("stamp", "Record TARGET as applied without running anything");
    stamp->add_option("target", st->target, "revision to record (head, an id, base)")->required();
    stamp->add_option("--lock-timeout", st->lock_timeout, "seconds to wait for another migration run (default 60)");
    add_format(stamp, *st);
    stamp->callback([&context, st] { context.set_action([&context, st] { return run_stamp(context, *st); }); });

    auto* init = migrate->add_subcommand("init", "Create the migrations folder (versions/ inside)");
    init->callback([&context] { context.set_action([&context] { return run_init(context); }); });

    auto rv = std::make_shared<MigrateOptions>();
    auto* revision = migrate->add_subcommand("revision", "Write a new revision file");
    revision->add_option("-m,--message", rv->message, "what the revision does")->required();
    revision->add_flag("--autogenerate", rv->autogenerate, "fill it with the differences between the models and the database");
    revision->add_option("--rev-id", rv->rev_id, "the revision id: at most 32 letters, digits and underscores (default: 12 random hex digits)");
    add_format(revision, *rv);
    revision->callback([&context, rv] { context.set_action([&context, rv] { return run_revision(context, *rv); }); });

    migrate->callback([&context, migrate, base] {
        if (!migrate->get_subcommands().empty()) return;
        context.set_action([&context, base] { return run_move(context, *base, true); });
    });
}

}  // namespace orm::cli
