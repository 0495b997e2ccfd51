// orm inspect [--format json|models|mermaid|dot|dbml|svg|png] [--tables a,b]
// Reflects the live database: as JSON metadata (orm/migrate/schema_json.hpp
// documents the shape), as a SQLAlchemy declarative models file that
// `orm create-all` turns back into the same schema, or as an ER diagram
// (cli/commands/diagram_output.hpp, the same renderer as `orm schema`).
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/ddl_common.hpp"
#include "cli/commands/diagram_output.hpp"
#include "orm/core/error.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/render_models.hpp"
#include "orm/migrate/schema_json.hpp"
#include "orm/migrate/version_tables.hpp"

namespace orm::cli {

namespace {

struct InspectOptions {
    std::string format = "json";
    std::vector<std::string> tables;
};

int run_inspect(Context& context, const InspectOptions& opts) {
    auto engine = context.engine(true);
    auto conn = engine.connect();
    engine::ReflectOptions reflect_options;
    reflect_options.tables = split_table_list(opts.tables);
    auto reflected = engine::reflect(conn, reflect_options);
    conn.close();
    if (is_diagram_format(opts.format)) {
        write_diagram(reflected.metadata, opts.format);
    } else if (opts.format == "json") {
        std::cout << migrate::schema_to_json(reflected).dump(2) << std::endl;
    } else {
        // The migration bookkeeping belongs to no models file: a models file
        // declaring it would make orm diff and autogenerate fight the tools.
        auto& tables = reflected.metadata.tables;
        std::erase_if(tables, [&](const std::unique_ptr<schema::Table>& t) {
            return migrate::is_bookkeeping_table(t->name) || t->name == context.version_table().name;
        });
        reflected.metadata.table_index_cache.clear();
        migrate::RenderModelsOptions render;
        render.url = context.url().render();
        std::cout << migrate::render_models(reflected, render) << std::flush;
    }
    return 0;
}

}  // namespace

void register_inspect(CLI::App& app, Context& context) {
    auto opts = std::make_shared<InspectOptions>();
    auto* cmd = app.add_subcommand("inspect",
        "Reflect the live database: as JSON metadata, as a models file that round-trips, or as an ER diagram");
    cmd->add_option("--format", opts->format,
                    "json (default), models, or an ER diagram: mermaid, dot, dbml, svg or png (drawn by Graphviz)")
        ->check(CLI::IsMember({"json", "models", "mermaid", "dot", "dbml", "svg", "png"}));
    cmd->add_option("--tables", opts->tables, "only these tables (comma-separated)")->delimiter(',');
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_inspect(context, *opts); }); });
}

}  // namespace orm::cli
