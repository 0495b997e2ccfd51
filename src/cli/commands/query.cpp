// orm query EXPR [--format table|json|ndjson|csv|tsv|repr]
// Reads a query expression (orm/query/reader.hpp) against the models file,
// runs it through the session in a read-only transaction that is rolled
// back, and streams the result to stdout (orm/query/output.hpp).
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands/commands.hpp"
#include "cli/pager.hpp"
#include "cli/progress.hpp"
#include "orm/core/error.hpp"
#include "orm/query/output.hpp"
#include "orm/query/reader.hpp"
#include "orm/session/session.hpp"

namespace orm::cli {

namespace {

struct QueryOptions {
    std::string expression;
    std::string format;
    bool expanded = false;
};

// The width a table must fit: the terminal's when stdout is one, else
// COLUMNS when set; a table written to a file or a pipe is never cut.
size_t table_width(const Terminal& terminal) {
    if (terminal.stdout_is_tty()) return static_cast<size_t>(terminal.width());
    if (const char* columns = std::getenv("COLUMNS"); columns && std::atoi(columns) > 0) return static_cast<size_t>(std::atoi(columns));
    return 0;
}

int run_query(Context& context, const QueryOptions& opts) {
    // On a terminal a table for people; in a pipe JSON for programs.
    std::string format = opts.format.empty() ? (context.terminal.stdout_is_tty() ? "table" : "json") : opts.format;
    auto fmt = query::parse_format(format);
    auto source = std::make_shared<SourceFile>("<query>", opts.expression);
    const auto& models = context.mapped_models("query");
    session::Registry registry(models.metadata, models.mappers, models.source);
    registry.configure();
    session::Session session(context.engine(true), registry);
    // Reading runs nothing: every error in the expression is reported before the database is touched.
    auto read = query::read_query(source, session);
    std::ios::sync_with_stdio(false);
    query::TableOptions table{table_width(context.terminal), opts.expanded};
    // A table taller than the terminal goes through the pager.
    std::optional<PagedOutput> paged;
    if (fmt == query::Format::table) paged.emplace(context.terminal);
    // A long result written to a file shows a count on the terminal meanwhile.
    std::optional<ProgressBar> bar;
    if (context.terminal.stdout_is_file()) bar.emplace(context.terminal, "querying", "rows", std::nullopt);
    query::RowsWritten rows_written;
    if (bar && bar->enabled()) rows_written = [&bar](size_t rows) { bar->update(rows, 0); };
    query::run_query(read, fmt, paged ? paged->stream() : std::cout, table, rows_written);
    if (bar) bar->finish();
    if (paged) paged->finish();
    std::cout.flush();
    session.rollback();   // a query writes nothing; nothing is committed
    return 0;
}

}  // namespace

void register_query(CLI::App& app, Context& context) {
    auto opts = std::make_shared<QueryOptions>();
    auto* cmd = app.add_subcommand(
        "query",
        "Run a SQLAlchemy query expression through the session and print its result, e.g.\n"
        "  orm query \"session.query(Customer.id, Customer.first_name).filter(Customer.town == 'Norfolk').all()\"");
    cmd->add_option("expression", opts->expression,
                    "session.query(...)[.builder(...)...][.all()|.first()|.one()|.one_or_none()|.scalar()|.count()|.get(pk)], "
                    "or a class name")
        ->required();
    cmd->add_option("--format", opts->format,
                    "table (default on a terminal), json (default otherwise), ndjson, csv, tsv, or repr (Python's repr)")
        ->check(CLI::IsMember({"table", "json", "ndjson", "csv", "tsv", "repr"}));
    cmd->add_flag("-x,--expanded", opts->expanded,
                  "table: one 'column | value' line per field, as psql's \\x (automatic when a row cannot fit the terminal)");
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_query(context, *opts); }); });
}

}  // namespace orm::cli
