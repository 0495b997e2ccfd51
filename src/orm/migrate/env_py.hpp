// An Alembic project's env.py, read from its source without running it
// (it opens connections, reads the application's configuration and calls
// context.run_migrations(); orm does those itself). What orm takes from it:
// the module target_metadata comes from (the models for autogenerate and
// check), a version_table / version_table_schema passed to
// context.configure(), and every keyword context.configure() is given,
// which revisions read back as op.get_context().opts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orm/core/source.hpp"

namespace orm::migrate {

// One keyword argument of a context.configure(...) call in env.py.
struct ConfigureOption {
    // The run mode the call is made in: a call inside a function whose name
    // says "offline" (run_migrations_offline) configures offline runs, one
    // inside an "online" function online runs, any other both.
    enum class Mode { both, online, offline };
    // What orm knows of the value: a Python literal (None, True/False, an
    // int or a str), or `application`: an expression only the running
    // env.py (the project's application) can give a value to.
    enum class Kind { none, boolean, integer, string, application };

    std::string name;
    Mode mode = Mode::both;
    Kind kind = Kind::application;
    std::string literal;    // the literal's text: "True", "42", the str's content
    SourceLocation loc;     // the keyword's line and column in env.py (no file: see read_env_py)
};

struct EnvPy {
    std::optional<std::string> models_module;   // dotted
    std::optional<std::string> version_table;
    std::optional<std::string> version_table_schema;
    std::vector<ConfigureOption> configure_options;   // in source order
};

// Parses `path` (nothing of it runs). Throws InputError (file:line:col)
// when it is not Python orm can parse, and an Error when it cannot be read.
EnvPy read_env_py(const std::string& path);

}  // namespace orm::migrate
