// What the migrate subcommands share (migrate.cpp, migrate_info.cpp).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "orm/migrate/runner.hpp"

namespace orm::cli {

struct MigrateOptions {
    std::string target;
    bool sql = false;
    bool allow_modified = false;
    bool yes = false;                     // downgrade --yes
    double lock_timeout = 60;
    double ddl_lock_timeout = 5;
    int retries = 0;
    std::string format = "text";
    bool verbose = false;
    std::string message;
    bool autogenerate = false;
    std::string rev_id;
    std::vector<std::string> revisions;   // merge REV...
    std::string head = "head";            // revision --head
    std::string branch_label;
    std::vector<std::string> depends_on;
};

// The migrations folder's revisions, run on the context's script options; the
// graph lives until the process ends.
migrate::RevisionGraph& load_graph(Context& context);
// True when the database's heads are the history's heads.
bool graph_at_head(const migrate::RevisionGraph& graph, const std::vector<std::string>& current);

int run_current(Context& context, const MigrateOptions& opts);
int run_heads(Context& context, const MigrateOptions& opts);
int run_branches(Context& context, const MigrateOptions& opts);
int run_history(Context& context, const MigrateOptions& opts);

// `orm migrate repair` (migrate_repair.cpp), registered under `migrate`.
void register_migrate_repair(CLI::App* migrate, Context& context);

}  // namespace orm::cli
