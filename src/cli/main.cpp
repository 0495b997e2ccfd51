// orm: the command line. Parses options with CLI11, runs one command, and is
// the only place where library exceptions become exit codes (SPEC §3).
#include <CLI/CLI.hpp>
#ifndef ORM_SYSTEM_ALLOCATOR
#include <mimalloc.h>
#endif

#include <exception>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "cli/environment.hpp"
#include "cli/error_report.hpp"
#include "cli/usage.hpp"
#include "cli/exit_code.hpp"
#include "orm/core/error.hpp"

namespace {

using orm::cli::ExitCode;
using orm::cli::exit_status;

// The heap in 2 MiB pages where the kernel allows them (transparent huge
// pages on madvise): a large seed's objects otherwise fault in one 4 KiB page
// at a time, which cost the 310,000-row shop seed 16,000 page faults and a
// fifth of its CPU time on SQLite. Set from .preinit_array, which runs before
// any library's constructor: mimalloc takes its first segment at the first
// malloc, and a segment mapped before the option is set stays in small pages.
#ifndef ORM_SYSTEM_ALLOCATOR
void enable_large_os_pages(int, char**, char**) { mi_option_enable(mi_option_large_os_pages); }
[[gnu::section(".preinit_array"), gnu::used]] auto* const preinit_large_os_pages = &enable_large_os_pages;
#endif

// The allocator, for the version line.
std::string allocator_name() {
#ifdef ORM_SYSTEM_ALLOCATOR
    return "system allocator";   // a sanitizer build (-DORM_SANITIZE=ON)
#else
    return "mimalloc " + std::to_string(mi_version());
#endif
}

// The end of `orm --help`: what scripts need besides the options.
std::string help_footer() {
    std::string out = "Also: orm help [COMMAND], orm version.\n\nExit codes:\n";
    for (const auto& c : orm::cli::kExitCodes)
        out += "  " + std::to_string(exit_status(c.code)) + std::string(c.code == ExitCode::internal ? "  " : "   ") +
               c.meaning + "\n";
    out += "\nEnvironment:\n";
    for (const auto& v : orm::cli::kEnvironment) out += "  " + std::string(v.name) + "\n      " + v.meaning + "\n";
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    orm::cli::Context context;
    CLI::App app{"orm: SQLAlchemy-style models, migrations, seeds and queries for SQLite and PostgreSQL", "orm"};
    // The version line names the allocator: mimalloc replaces malloc for the
    // whole process (SQLite and libpq included) and halves the CPU time of a
    // seed, whose objects are many and short-lived. Calling into it also keeps
    // the linker from dropping the library as unused.
    app.set_version_flag("--version", std::string("orm ") + ORM_VERSION + " (" + allocator_name() + ")");
    app.footer(help_footer());
    app.require_subcommand(1);
    app.fallthrough();  // global options may also follow the command name

    auto& opts = context.options;
    // ORM_MODELS and ORM_MIGRATIONS are read with the configuration file
    // (Context::apply_settings), not by CLI11, so that `orm config` can tell
    // a flag from the environment.
    app.add_option("--models", opts.models,
                   "the models: a .py file, a package directory (every module under it) or a dotted module name "
                   "(overrides ORM_MODELS and the configuration file)")
        ->default_str("models.py");
    app.add_option("--project-root", opts.project_root,
                   "where absolute imports resolve from (default: the first ancestor of the models path that is not a package)");
    app.add_option("--python-path", opts.python_path,
                   "more directories (':'-separated) for modules outside the project, e.g. stubs of packages orm does not implement")
        ->envname("ORM_PYTHONPATH");
    app.add_flag("--strict", opts.strict,
                 "a value from a module orm does not run is an error wherever its meaning is needed "
                 "(by default it is taken as false or empty, with a warning)")
        ->envname("ORM_STRICT");
    app.add_option("--url", opts.url,
                   "database URL (overrides ORM_URL, DATABASE_URL, the configuration file and the models file)");
    app.add_option("--migrations", opts.migrations,
                   "migrations folder (overrides ORM_MIGRATIONS and the configuration file)")
        ->default_str("migrations");
    app.add_option("-c,--config", opts.config,
                   "configuration file: an orm.toml, a pyproject.toml with [tool.orm], or an alembic.ini "
                   "(default: the first orm.toml or pyproject.toml with [tool.orm] from here upwards; an "
                   "alembic.ini beside it or here adds its script_location, sqlalchemy.url, version_table and "
                   "its env.py's target_metadata module)");
    app.add_option("-x", opts.x_arguments, "key=value for the revisions' context.get_x_argument() (repeatable)");
    app.add_flag("--echo", opts.echo, "print each SQL statement to stderr");
    app.add_flag("-q,--quiet", opts.quiet, "print nothing but errors on stderr");
    app.add_option("--color", opts.color,
                   "colour: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->default_str("auto");

    orm::cli::register_commands(app, context);

    const std::vector<std::string> args(argv + 1, argv + argc);
    const bool json = orm::cli::wants_json(args);
    if (auto done = orm::cli::pre_parse(app, args, app.version(), json)) return *done;
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return orm::cli::report_parse_error(app, e, json);
    }

    auto scrub = [&context](const std::string& text) { return context.scrub(text); };
    try {
        context.terminal.set_quiet(opts.quiet);
        context.terminal.set_color_mode(opts.color);
        return context.run();
    } catch (const orm::Error& e) {
        return orm::cli::report_error(context.terminal, e, json, scrub);
    } catch (const std::exception& e) {
        // Anything else escaping the library (std::bad_alloc, a standard
        // library contract broken) is a bug in orm, not in the input.
        orm::cli::report_plain_error(context.terminal, exit_status(ExitCode::internal), "internal",
                                     context.scrub(std::string("internal error: ") + e.what()), json);
        return exit_status(ExitCode::internal);
    }
}
