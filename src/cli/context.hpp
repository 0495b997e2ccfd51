// What every command shares: the global options, the terminal, and the models
// file and database URL, each loaded once on first use.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/config.hpp"
#include "cli/project_config.hpp"
#include "cli/terminal.hpp"
#include "orm/declarative/models_reader.hpp"
#include "orm/engine/engine.hpp"
#include "orm/engine/url.hpp"
#include "orm/migrate/script_runtime.hpp"
#include "orm/migrate/version_tables.hpp"

namespace orm::cli {

// As given on the command line; before the command runs, run() replaces
// models, migrations, project_root and (from a configuration file) url
// with the effective settings (cli/config.hpp).
struct GlobalOptions {
    std::string models;         // "" until resolved: then the flag, ORM_MODELS, the config file or models.py
    std::string project_root;   // --project-root: where absolute imports resolve from ("" = from the models path)
    std::string python_path;    // --python-path / ORM_PYTHONPATH: more module directories, ':'-separated
    bool strict = false;        // --strict / ORM_STRICT: names orm does not run are errors where their meaning is needed
    std::string url;
    std::string migrations;     // "" until resolved: then the flag, ORM_MIGRATIONS, the config file or migrations
    std::string config;         // -c/--config: the configuration file, instead of the one found
    std::string color = "auto"; // --color auto|always|never
    std::vector<std::string> x_arguments;   // -x key=value (Alembic's, for context.get_x_argument())
    bool echo = false;
    bool quiet = false;
};

class Context {
public:
    Context() = default;
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;
    // Leaves the models' interpreter to the process's exit (see context.cpp).
    ~Context();

    GlobalOptions options;
    Terminal terminal;
    // The effective settings and where each came from (`orm config`), set by run().
    Settings settings;

    // The command chosen on the command line; set by its CLI11 callback.
    void set_action(std::function<int()> action) { action_ = std::move(action); }
    // Runs the chosen command; returns its exit code. Library errors propagate.
    int run();

    // The Alembic project of -c FILE or ./alembic.ini, read on first use (nullptr when there is none).
    const AlembicProject* alembic_project();
    // The version table: the Alembic project's, else alembic_version.
    migrate::VersionTableName version_table();

    // The models file (--models / ORM_MODELS / models.py), read on first use.
    const declarative::ModelsFile& models();
    // models() for a command that needs the mapped classes (`command` names
    // it): an InputError when --models is a metadata JSON, which has tables only.
    const declarative::ModelsFile& mapped_models(const std::string& command);
    // The database URL by SPEC §2's precedence, resolved on first use; its
    // warnings are printed once.
    const engine::Url& url();
    // An engine for url(), with --echo wired to stderr. The first one a
    // command makes names the database on stderr ("database: URL (source)",
    // password masked), so that no command works on a database unsaid.
    // `read_only`: for commands that only read (SQLite opens the file
    // read-only, and a missing file is an error instead of a new database);
    // `notes`: where the driver's notes go (a command's --verbose), else only
    // --echo shows them.
    engine::Engine engine(bool read_only = false, engine::EchoSink notes = {});
    // Where url() came from: "--url", "DATABASE_URL", "orm.toml", "the
    // models file's create_engine()", "the default (nothing named a database)".
    std::string url_source();
    // url() rendered with its password masked, for messages and JSON reports.
    std::string database_label();
    // What revision files run with: the project root (--project-root) and
    // --python-path, strictness, and the dialect a flag or the environment names.
    migrate::ScriptOptions script_options();

    // `text` with every password it might contain masked.
    std::string scrub(const std::string& text) const;

private:
    std::function<int()> action_;
    std::optional<declarative::ModelsFile> models_;
    std::string models_dialect_;   // the dialect the models were loaded for (with_variant, load_dialect_impl)
    std::optional<engine::ResolvedUrl> url_;
    bool database_announced_ = false;
    std::optional<std::optional<AlembicProject>> project_;
    std::string models_json_dialect_;   // the dialect a --models metadata JSON was written for
    // Once both are known: a metadata JSON's SQL text is its own dialect's.
    void warn_if_models_json_for_other_dialect();
    // The dialect the URL names when a flag or the environment gives it, else "".
    std::string dialect_hint() const;
    // Fills `settings` (configuration file, precedence) and the options from it.
    void apply_settings();
};

}  // namespace orm::cli
