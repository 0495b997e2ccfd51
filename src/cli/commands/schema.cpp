// orm schema [--format json|mermaid|dot|dbml|svg|png]
// The models' metadata without a database: as the JSON `orm inspect
// --format json` writes for a live one (types spelled for the URL's
// dialect), or as an ER diagram (cli/commands/diagram_output.hpp).
#include <iostream>
#include <memory>
#include <set>

#include "cli/commands/commands.hpp"
#include "cli/commands/diagram_output.hpp"
#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/schema_json.hpp"

namespace orm::cli {

namespace {

struct SchemaOptions {
    std::string format = "json";
};

// The models as reflection would see them once created: the same JSON
// shape for both sides, so that they can be compared with a tool.
dialect::ReflectedSchema as_reflected(const schema::MetaData& md, const dialect::Dialect& dialect) {
    dialect::ReflectedSchema out;
    out.dialect = dialect.name();
    out.metadata.schema = md.schema;
    out.metadata.naming_convention = md.naming_convention;
    std::set<std::string> enum_names;
    for (const auto& t : md.tables) {
        out.metadata.tables.push_back(std::make_unique<schema::Table>(*t));
        if (!dialect.supports_native_enum()) continue;   // enum types are listed where they are created
        for (const auto& c : t->columns)
            if (c.type.enum_spec && c.type.enum_spec->native_enum && c.type.enum_spec->name &&
                enum_names.insert(*c.type.enum_spec->name).second)
                out.enums.push_back(*c.type.enum_spec);
    }
    return out;
}

int run_schema(Context& context, const SchemaOptions& opts) {
    const auto& models = context.models();
    if (is_diagram_format(opts.format)) {
        write_diagram(models.metadata, opts.format);
        return 0;
    }
    std::cout << migrate::schema_to_json(as_reflected(models.metadata, dialect::get_dialect(context.url().backend))).dump(2) << std::endl;
    return 0;
}

}  // namespace

void register_schema(CLI::App& app, Context& context) {
    auto opts = std::make_shared<SchemaOptions>();
    auto* cmd = app.add_subcommand(
        "schema", "The models' schema without a database: as JSON metadata, or as an ER diagram (Mermaid, DOT, DBML, "
                  "or SVG/PNG drawn by Graphviz)");
    cmd->add_option("--format", opts->format,
                    "json (default; the shape of inspect --format json), mermaid, dot, dbml, svg or png")
        ->check(CLI::IsMember({"json", "mermaid", "dot", "dbml", "svg", "png"}));
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_schema(context, *opts); }); });
}

}  // namespace orm::cli
