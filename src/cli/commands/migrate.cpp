// orm migrate [upgrade|downgrade|current|heads|history|stamp|init|revision] ...
// (SPEC §3, §4). `orm migrate` alone is `orm migrate upgrade head`.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands/commands.hpp"
#include "cli/commands/confirm.hpp"
#include "cli/commands/migrate_common.hpp"
#include "cli/exit_code.hpp"
#include "cli/progress.hpp"
#include "orm/core/error.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/autogenerate.hpp"
#include "orm/migrate/compare.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "orm/migrate/runner.hpp"
#include "orm/migrate/script_writer.hpp"
#include "orm/migrate/version_tables.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::cli {

namespace fs = std::filesystem;

std::string label(const std::vector<std::string>& heads) {
    if (heads.empty()) return "base";
    std::string out;
    for (auto& h : heads) out += (out.empty() ? "" : ", ") + h;
    return out;
}

migrate::RevisionGraph& load_graph(Context& context) {
    fs::path versions = fs::path(context.options.migrations) / "versions";
    if (!fs::is_directory(versions)) {
        const Setting& given = context.settings.migrations;
        std::string from = given.source == "the default" ? "the default; give --migrations DIR or run orm migrate init"
                           : given.file.empty()           ? "named by " + given.source
                                                          : "the " + (given.source == "alembic.ini" ? std::string("script_location") : "migrations") +
                                                                " of " + given.file;
        // An Alembic project keeps its revisions in alembic/versions: say so
        // rather than leave the user guessing why orm sees none.
        std::string hint;
        if (given.source == "the default" && fs::is_directory("alembic/versions"))
            hint = "; 'alembic/versions' is here: give --migrations alembic, or run orm where its alembic.ini is";
        throw InputError("no migrations folder: orm looked for '" + versions.string() + "' (" + from + ")" + hint);
    }
    // The graph, with every revision's interpreter and module objects, lives
    // until the process ends: freeing its many small objects only to exit
    // was a tenth of a `migrate upgrade --sql` over a long history. (Held
    // through a static pointer, so leak checkers see it as reachable.)
    static auto* kept = new std::vector<std::unique_ptr<migrate::RevisionGraph>>();
    kept->push_back(std::make_unique<migrate::RevisionGraph>(
        migrate::load_revision_graph(context.options.migrations, context.script_options())));
    return *kept->back();
}

bool graph_at_head(const migrate::RevisionGraph& graph, const std::vector<std::string>& current) {
    std::vector<std::string> a = graph.heads(), b = current;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

namespace {

// A wait on the migration lock is never silent: said once in a log, and
// once a second on a terminal, where a person wonders why nothing happens.
std::function<void(const std::string&)> lock_wait_notice(Context& context) {
    auto notices = std::make_shared<int>(0);
    return [&context, notices](const std::string& holder) {
        if (*notices > 0 && !context.terminal.progress_allowed()) return;
        std::string waited = *notices > 0 ? " (" + std::to_string(*notices) + " s)" : "";
        ++*notices;
        context.terminal.info("waiting for the migration lock held by " + holder + waited);
    };
}

// `bar`: drawn under the "running ..." lines on a terminal, so that a run
// of many revisions shows how far it is; cleared for each line.
migrate::RunnerOptions runner_options(Context& context, const MigrateOptions& opts, ProgressBar* bar = nullptr) {
    migrate::RunnerOptions o;
    o.version_table = context.version_table();
    o.allow_modified = opts.allow_modified;
    o.lock_timeout = opts.lock_timeout;
    o.lock_wait = lock_wait_notice(context);
    o.ddl_lock_timeout = opts.ddl_lock_timeout;
    o.retries = opts.retries;
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

nlohmann::json heads_json(const std::vector<std::string>& heads) {
    nlohmann::json out = nlohmann::json::array();
    for (auto& h : heads) out.push_back(h);
    return out;
}

// --sql: "FROM:TO" or just TO (from base when upgrading, from the heads when downgrading).
int run_offline(Context& context, const migrate::RevisionGraph& graph, const std::string& spec, bool upgrade) {
    std::vector<std::string> from;
    std::string to_spec = spec;
    if (auto colon = spec.find(':'); colon != std::string::npos) {
        for (const migrate::Revision* r : graph.resolve(spec.substr(0, colon))) from.push_back(r->id);
        to_spec = spec.substr(colon + 1);
    } else if (!upgrade) {
        from = graph.heads();
    }
    std::cout << migrate::offline_script(graph, from, to_spec, upgrade, context.url().backend, context.version_table())
              << std::flush;
    return 0;
}

// A downgrade destroys what its revisions made: asked, or --yes (the rule
// drop-all follows). Nothing to undo asks nothing.
bool confirm_downgrade(Context& context, migrate::Migrator& migrator, const migrate::RevisionGraph& graph,
                       const std::string& target) {
    auto steps = graph.downgrade_steps(migrator.current(), target);
    if (steps.empty()) return true;
    std::string revisions;
    for (auto& step : steps) revisions += (revisions.empty() ? "" : ", ") + step.revision->id;
    return confirm_destruction(context, "migrate downgrade reverts " + revisions + ", which may drop tables and their data",
                               "Revert " + revisions + " in " + context.database_label() + "? Data they hold may be lost.");
}

// At head with nothing to do, yet no table but the bookkeeping: the schema was
// dropped behind the version table's back (drop-all without --with-version-table).
void warn_if_schema_missing(Context& context, engine::Engine& engine, const std::vector<std::string>& now) {
    if (now.empty()) return;
    auto conn = engine.connect();
    for (const auto& table : conn.table_names())
        if (!migrate::is_bookkeeping_table(table) && table != context.version_table().name) return;
    context.terminal.warning("the database is recorded at " + label(now) + " but holds no table besides " +
                             context.version_table().name + ": were its tables dropped? orm reset --yes (or drop-all "
                             "--with-version-table, then orm migrate) builds them again");
}

int run_move(Context& context, const MigrateOptions& opts, bool upgrade) {
    auto& graph = load_graph(context);
    if (graph.empty())
        context.terminal.warning("no revision files in '" + (fs::path(context.options.migrations) / "versions").string() +
                                 "': nothing to migrate (orm migrate revision writes one)");
    std::string target = opts.target.empty() ? "head" : opts.target;
    if (opts.sql) return run_offline(context, graph, target, upgrade);
    auto engine = context.engine();
    ProgressBar bar(context.terminal, upgrade ? "upgrading" : "downgrading", "revisions", std::nullopt, true);
    migrate::Migrator migrator(engine, graph, runner_options(context, opts, &bar));
    if (!upgrade && !opts.yes && !confirm_downgrade(context, migrator, graph, target))
        return exit_status(ExitCode::refused);
    auto reports = upgrade ? migrator.upgrade(target) : migrator.downgrade(target);
    bar.finish();
    auto now = migrator.current();
    bool at_head = graph_at_head(graph, now);
    if (reports.empty() && at_head) warn_if_schema_missing(context, engine, now);
    if (opts.format == "json") {
        auto heads = graph.heads();
        nlohmann::json doc = {{"database", context.database_label()}, {"applied", reports_json(reports)},
                              {"current", now.size() == 1 ? nlohmann::json(now[0]) : now.empty() ? nlohmann::json(nullptr) : heads_json(now)},
                              {"current_heads", heads_json(now)},
                              {"head", heads.size() == 1 ? nlohmann::json(heads[0]) : nlohmann::json(nullptr)},
                              {"heads", heads_json(heads)}, {"at_head", at_head}};
        std::cout << doc.dump(2) << std::endl;
    } else if (reports.empty()) {
        context.terminal.info("nothing to do: the database is at " + label(now) + (at_head ? " (head)" : ""));
    } else {
        context.terminal.info("the database is at " + label(now) + (at_head ? " (head)" : ""));
    }
    return 0;
}

int run_stamp(Context& context, const MigrateOptions& opts) {
    auto& graph = load_graph(context);
    auto engine = context.engine();
    migrate::Migrator migrator(engine, graph, runner_options(context, opts));
    migrator.stamp(opts.revisions);
    auto now = migrator.current();
    if (opts.format == "json")
        std::cout << nlohmann::json{{"database", context.database_label()}, {"current", now.size() == 1 ? nlohmann::json(now[0]) : now.empty() ? nlohmann::json(nullptr) : heads_json(now)},
                                    {"current_heads", heads_json(now)}}.dump(2) << std::endl;
    else context.terminal.info("stamped: the database is recorded at " + label(now));
    return 0;
}

int run_init(Context& context, const MigrateOptions& opts) {
    fs::path dir = context.options.migrations;
    fs::path versions = dir / "versions";
    if (fs::exists(versions)) throw UsageError("'" + versions.string() + "' already exists");
    std::error_code failed;
    fs::create_directories(versions, failed);
    if (failed) throw UsageError("cannot create '" + versions.string() + "': " + failed.message());
    context.terminal.info("created " + versions.string() + " (revision files go here)");
    if (opts.format == "json") std::cout << nlohmann::json{{"created", versions.string()}}.dump(2) << std::endl;
    return 0;
}

// The revision file for `rev`: written, its path printed (or the JSON report).
int write_revision(Context& context, const MigrateOptions& opts, migrate::Revision& rev, const fs::path& versions) {
    auto compiler = dialect::get_dialect(context.url().backend).ddl_compiler();
    fs::path path = versions / migrate::revision_file_name(rev.id, rev.message);
    std::string text = migrate::render_revision(rev, *compiler);
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
        if (!out) throw UsageError("cannot write '" + path.string() + "'");
    }
    if (opts.format == "json") {
        std::cout << nlohmann::json{{"revision", rev.id}, {"path", path.string()},
                                    {"down_revision", rev.down_revisions.empty() ? nlohmann::json(nullptr)
                                                      : rev.down_revisions.size() == 1 ? nlohmann::json(rev.down_revisions[0])
                                                                                       : heads_json(rev.down_revisions)},
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

// A new revision's id (--rev-id or random), checked.
std::string new_id(const migrate::RevisionGraph& graph, const std::string& given) {
    std::string id = given.empty() ? migrate::new_revision_id() : given;
    const bool word = !id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
    if (!word || id.size() > 32)
        throw UsageError("--rev-id '" + id + "' must be at most 32 letters, digits and underscores "
                         "(alembic_version.version_num is VARCHAR(32))");
    if (graph.find(id)) throw UsageError("revision id '" + id + "' is already used");
    return id;
}

fs::path versions_folder(Context& context) {
    fs::path versions = fs::path(context.options.migrations) / "versions";
    if (!fs::is_directory(versions))
        throw UsageError("no '" + versions.string() + "' folder: run orm migrate init first (or give --migrations DIR)");
    return versions;
}

int run_revision(Context& context, const MigrateOptions& opts) {
    fs::path versions = versions_folder(context);
    auto& graph = load_graph(context);
    migrate::Revision rev;
    rev.id = new_id(graph, opts.rev_id);
    // Alembic: "head" with several heads asks for --head or a merge.
    for (const migrate::Revision* r : graph.resolve(opts.head)) rev.down_revisions.push_back(r->id);
    if (!opts.branch_label.empty()) rev.branch_labels = {opts.branch_label};
    rev.depends_on = opts.depends_on;
    rev.message = opts.message;
    rev.create_date = migrate::create_date_now();
    if (opts.autogenerate) {
        const auto& models = context.models();
        auto engine = context.engine();
        migrate::RunnerOptions ro;
        ro.version_table = context.version_table();
        migrate::Migrator migrator(engine, graph, ro);
        auto now = migrator.current();
        if (!graph_at_head(graph, now))
            throw SafetyError("the database is at revision " + label(now) + " but the migrations head is " +
                              label(graph.heads()) + ": autogenerate compares the models with the database at head, "
                              "so run orm migrate first");
        auto conn = engine.connect();
        auto reflected = engine::reflect_for(conn, models.metadata);
        conn.close();
        auto diff = migrate::compare_metadata(models.metadata, reflected, {context.version_table().name});
        rev.upgrade_ops = migrate::operations_from_diff(diff, models.metadata, reflected);
        rev.downgrade_ops = migrate::reverse_operations(rev.upgrade_ops, reflected);
        for (auto& d : diff)
            if (d.destructive) context.terminal.warning("destructive: " + migrate::describe(d));
    }
    return write_revision(context, opts, rev, versions);
}

// orm migrate merge -m MSG REV...: a revision that follows each of them (Alembic's merge).
int run_merge(Context& context, const MigrateOptions& opts) {
    fs::path versions = versions_folder(context);
    auto& graph = load_graph(context);
    migrate::Revision rev;
    rev.id = new_id(graph, opts.rev_id);
    for (const auto& spec : opts.revisions)
        for (const migrate::Revision* r : graph.resolve(spec))
            if (std::find(rev.down_revisions.begin(), rev.down_revisions.end(), r->id) == rev.down_revisions.end())
                rev.down_revisions.push_back(r->id);
    if (rev.down_revisions.size() < 2)
        throw UsageError("merge joins several revisions; " + std::string(opts.revisions.empty() ? "no revision" : "'" + opts.revisions[0] + "'") +
                         " names " + std::to_string(rev.down_revisions.size()) + " (orm migrate heads lists the heads)");
    if (!opts.branch_label.empty()) rev.branch_labels = {opts.branch_label};
    rev.message = opts.message;
    rev.create_date = migrate::create_date_now();
    return write_revision(context, opts, rev, versions);
}

void add_run_options(CLI::App* cmd, MigrateOptions& o) {
    cmd->add_flag("--allow-modified", o.allow_modified, "continue past applied revision files modified since they ran");
    cmd->add_option("--lock-timeout", o.lock_timeout, "seconds to wait for another migration run (default 60)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--ddl-lock-timeout", o.ddl_lock_timeout,
                    "seconds a revision waits for a table's lock before it gives up (PostgreSQL; default 5)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--retries", o.retries, "times to run a revision again after it gave up waiting for a lock (default 0)")
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
    downgrade->add_flag("-y,--yes", down->yes, "revert without asking (outside a terminal, required)");
    add_run_options(downgrade, *down);
    add_format(downgrade, *down);
    downgrade->callback([&context, down] { context.set_action([&context, down] { return run_move(context, *down, false); }); });

    auto cur = std::make_shared<MigrateOptions>();
    auto* current = migrate->add_subcommand("current", "Show the database's revision(s)");
    add_format(current, *cur);
    current->add_flag("--verbose,-v", cur->verbose, "each revision's file, parents and docstring");
    current->callback([&context, cur] { context.set_action([&context, cur] { return run_current(context, *cur); }); });

    auto hd = std::make_shared<MigrateOptions>();
    auto* heads = migrate->add_subcommand("heads", "Show the head revisions");
    add_format(heads, *hd);
    heads->add_flag("--verbose,-v", hd->verbose, "each head's file, parents and docstring");
    heads->callback([&context, hd] { context.set_action([&context, hd] { return run_heads(context, *hd); }); });

    auto br = std::make_shared<MigrateOptions>();
    auto* branches = migrate->add_subcommand("branches", "Show the branch points and the revisions that follow them");
    add_format(branches, *br);
    branches->add_flag("--verbose,-v", br->verbose, "each revision's file, parents and docstring");
    branches->callback([&context, br] { context.set_action([&context, br] { return run_branches(context, *br); }); });

    auto mg = std::make_shared<MigrateOptions>();
    auto* merge = migrate->add_subcommand("merge", "Write a revision that joins several (e.g. heads)");
    merge->add_option("revisions", mg->revisions, "the revisions to join: ids, labels, heads")->required();
    merge->add_option("-m,--message", mg->message, "what the merge does");
    merge->add_option("--branch-label", mg->branch_label, "a branch label for the new revision");
    merge->add_option("--rev-id", mg->rev_id, "the revision id (default: 12 random hex digits)");
    add_format(merge, *mg);
    merge->callback([&context, mg] { context.set_action([&context, mg] { return run_merge(context, *mg); }); });

    auto hist = std::make_shared<MigrateOptions>();
    auto* history = migrate->add_subcommand("history", "List the revisions, newest first");
    history->add_flag("--verbose,-v", hist->verbose, "show each revision's file, parent and date");
    add_format(history, *hist);
    history->callback([&context, hist] { context.set_action([&context, hist] { return run_history(context, *hist); }); });

    auto st = std::make_shared<MigrateOptions>();
    auto* stamp = migrate->add_subcommand("stamp", "Record TARGET(s) as applied without running anything");
    stamp->add_option("targets", st->revisions, "revisions to record (head, heads, an id, LABEL@head, base; several for several heads)")
        ->required();
    stamp->add_option("--lock-timeout", st->lock_timeout, "seconds to wait for another migration run (default 60)");
    add_format(stamp, *st);
    stamp->callback([&context, st] { context.set_action([&context, st] { return run_stamp(context, *st); }); });

    register_migrate_repair(migrate, context);

    auto in = std::make_shared<MigrateOptions>();
    auto* init = migrate->add_subcommand("init", "Create the migrations folder (versions/ inside)");
    add_format(init, *in);
    init->callback([&context, in] { context.set_action([&context, in] { return run_init(context, *in); }); });

    auto rv = std::make_shared<MigrateOptions>();
    auto* revision = migrate->add_subcommand("revision", "Write a new revision file");
    revision->add_option("-m,--message", rv->message, "what the revision does")->required();
    revision->add_flag("--autogenerate", rv->autogenerate, "fill it with the differences between the models and the database");
    revision->add_option("--rev-id", rv->rev_id, "the revision id: at most 32 letters, digits and underscores (default: 12 random hex digits)");
    revision->add_option("--head", rv->head, "the revision the new one follows (default head; with several heads, one of them or LABEL@head)");
    revision->add_option("--branch-label", rv->branch_label, "a branch label for the new revision");
    revision->add_option("--depends-on", rv->depends_on, "revisions the new one depends on");
    add_format(revision, *rv);
    revision->callback([&context, rv] { context.set_action([&context, rv] { return run_revision(context, *rv); }); });

    migrate->callback([&context, migrate, base] {
        if (!migrate->get_subcommands().empty()) return;
        context.set_action([&context, base] { return run_move(context, *base, true); });
    });
}

}  // namespace orm::cli
