// Registration of every command with the CLI11 app. Each command lives in its
// own file and sets the context's action when it is chosen.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace orm::cli {

void register_create_all(CLI::App& app, Context& context);
void register_drop_all(CLI::App& app, Context& context);
void register_seed(CLI::App& app, Context& context);
void register_inspect(CLI::App& app, Context& context);
void register_diff(CLI::App& app, Context& context);
void register_check(CLI::App& app, Context& context);
void register_query(CLI::App& app, Context& context);
void register_migrate(CLI::App& app, Context& context);
void register_init(CLI::App& app, Context& context);
void register_config(CLI::App& app, Context& context);
void register_schema(CLI::App& app, Context& context);
void register_generate(CLI::App& app, Context& context);
void register_wait(CLI::App& app, Context& context);
void register_reset(CLI::App& app, Context& context);

inline void register_commands(CLI::App& app, Context& context) {
    register_init(app, context);
    register_create_all(app, context);
    register_drop_all(app, context);
    register_seed(app, context);
    register_inspect(app, context);
    register_diff(app, context);
    register_check(app, context);
    register_query(app, context);
    register_migrate(app, context);
    register_reset(app, context);
    register_schema(app, context);
    register_config(app, context);
    register_wait(app, context);
    register_generate(app, context);
}

}  // namespace orm::cli
