// What every command shares: the global options, the terminal, and the models
// file and database URL, each loaded once on first use.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/project_config.hpp"
#include "cli/terminal.hpp"
#include "orm/declarative/models_reader.hpp"
#include "orm/engine/engine.hpp"
#include "orm/engine/url.hpp"
#include "orm/migrate/script_runtime.hpp"
#include "orm/migrate/version_tables.hpp"

namespace orm::cli {

struct GlobalOptions {
    std::string models = "models.py";
    std::string project_root;   // --project-root: where absolute imports resolve from ("" = from the models path)
    std::string python_path;    // --python-path / ORM_PYTHONPATH: more module directories, ':'-separated
    bool strict = false;        // --strict / ORM_STRICT: names orm does not run are errors where their meaning is needed
    std::string url;
    std::string migrations = "migrations";
    std::string config;           // -c/--config: an alembic.ini (default: ./alembic.ini when there is one)
    bool models_given = false;    // --models or ORM_MODELS named the models
    bool migrations_given = false;   // --migrations or ORM_MIGRATIONS named the folder
    std::vector<std::string> x_arguments;   // -x key=value (Alembic's, for context.get_x_argument())
    bool echo = false;
    bool quiet = false;
};

class Context {
public:
    GlobalOptions options;
    Terminal terminal;

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
    // The database URL by SPEC §2's precedence, resolved on first use; its
    // warnings are printed once.
    const engine::Url& url();
    // An engine for url(), with --echo wired to stderr.
    engine::Engine engine();
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
    std::optional<std::optional<AlembicProject>> project_;
    // The dialect the URL names when a flag or the environment gives it, else "".
    std::string dialect_hint() const;
};

}  // namespace orm::cli
