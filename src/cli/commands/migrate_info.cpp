// orm migrate current | heads | branches | history: where the database is
// and what the history holds, in Alembic's formats (SPEC §3, §4).
#include <algorithm>
#include <iostream>

#include "cli/commands/migrate_common.hpp"

namespace orm::cli {

namespace {

std::string comma(const std::vector<std::string>& items) {
    std::string out;
    for (auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// Alembic's Script._format_down_revision.
std::string down_text(const migrate::Revision& r) { return r.down_revisions.empty() ? "<base>" : comma(r.down_revisions); }

// Alembic's Script._head_only.
std::string head_only(const migrate::RevisionGraph& g, const migrate::Revision& r, bool branches, bool doc, bool parents,
                      bool tree, const std::vector<std::string>& current = {}) {
    std::string text = r.id;
    if (parents) {
        text = r.depends_on.empty() ? down_text(r) + " -> " + text
                                    : down_text(r) + " (" + comma(r.depends_on) + ") -> " + text;
    }
    if (branches && !g.branch_labels(r).empty()) text += " (" + comma(g.branch_labels(r)) + ")";
    if (g.is_real_head(r)) text += " (head)";
    if (g.is_head(r) && !g.is_real_head(r)) text += " (effective head)";
    if (std::find(current.begin(), current.end(), r.id) != current.end()) text += " (current)";
    if (tree) {
        if (g.is_branch_point(r)) text += " (branchpoint)";
        if (g.is_merge_point(r)) text += " (mergepoint)";
    }
    if (doc) text += ", " + r.message;
    return text;
}

// Alembic's Script.log_entry (--verbose).
std::string log_entry(const migrate::RevisionGraph& g, const migrate::Revision& r) {
    std::string out = "Rev: " + r.id + (g.is_head(r) ? " (head)" : "") + (g.is_branch_point(r) ? " (branchpoint)" : "") +
                      (g.is_merge_point(r) ? " (mergepoint)" : "") + "\n";
    out += (g.is_merge_point(r) ? "Merges: " : "Parent: ") + down_text(r) + "\n";
    if (!r.depends_on.empty()) out += "Also depends on: " + comma(r.depends_on) + "\n";
    if (g.is_branch_point(r)) out += "Branches into: " + comma(g.next_revisions(r)) + "\n";
    if (!g.branch_labels(r).empty()) out += "Branch names: " + comma(g.branch_labels(r)) + "\n";
    out += "Path: " + r.path + "\n\n";
    std::string doc = r.doc;
    size_t start = 0;
    while (start <= doc.size()) {
        size_t end = doc.find('\n', start);
        std::string line = doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += "    " + line + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

nlohmann::json ids_json(const std::vector<std::string>& ids) {
    nlohmann::json out = nlohmann::json::array();
    for (auto& i : ids) out.push_back(i);
    return out;
}

}  // namespace

int run_current(Context& context, const MigrateOptions& opts) {
    auto& graph = load_graph(context);
    auto engine = context.engine(true);
    migrate::RunnerOptions ro;
    ro.version_table = context.version_table();
    migrate::Migrator migrator(engine, graph, ro);
    auto now = migrator.current();
    bool at_head = graph_at_head(graph, now);
    std::vector<migrate::ModifiedRevision> modified;
    if (!now.empty()) modified = migrator.modified();
    if (opts.format == "json") {
        nlohmann::json mods = nlohmann::json::array();
        for (auto& m : modified) mods.push_back({{"revision", m.revision}, {"path", m.path}});
        std::cout << nlohmann::json{{"database", context.database_label()}, {"current", now.size() == 1 ? nlohmann::json(now[0]) : now.empty() ? nlohmann::json(nullptr) : ids_json(now)},
                                    {"current_heads", ids_json(now)}, {"heads", ids_json(graph.heads())},
                                    {"head", graph.heads().size() == 1 ? nlohmann::json(graph.heads()[0]) : nlohmann::json(nullptr)},
                                    {"at_head", at_head}, {"modified", mods}}
                         .dump(2)
                  << std::endl;
        return 0;
    }
    if (now.empty()) context.terminal.info("the database is at base: no revision applied");
    std::string text;
    for (const migrate::Revision* r : graph.current_heads(now))
        text += (opts.verbose ? log_entry(graph, *r) : head_only(graph, *r, false, false, false, true)) + "\n";
    std::cout << text << std::flush;
    for (auto& m : modified) context.terminal.warning("applied revision file modified since it ran: " + m.path);
    return 0;
}

int run_heads(Context& context, const MigrateOptions& opts) {
    auto& graph = load_graph(context);
    if (opts.format == "json") {
        std::cout << nlohmann::json{{"heads", ids_json(graph.heads())}}.dump(2) << std::endl;
        return 0;
    }
    std::string text;
    for (const auto& id : graph.heads()) {
        const migrate::Revision& r = *graph.find(id);
        text += (opts.verbose ? log_entry(graph, r) : head_only(graph, r, true, false, false, false)) + "\n";
    }
    std::cout << text << std::flush;
    return 0;
}

int run_branches(Context& context, const MigrateOptions& opts) {
    auto& graph = load_graph(context);
    nlohmann::json out = nlohmann::json::array();
    std::string text;
    for (const migrate::Revision* r : graph.walk()) {
        if (!graph.is_branch_point(*r)) continue;
        out.push_back({{"revision", r->id}, {"branches", ids_json(graph.next_revisions(*r))}});
        text += (opts.verbose ? log_entry(graph, *r) : head_only(graph, *r, true, false, false, true)) + "\n";
        std::vector<std::string> lines;
        for (const auto& next : graph.next_revisions(*r))
            lines.push_back(std::string(r->id.size(), ' ') + " -> " +
                            head_only(graph, *graph.find(next), true, opts.verbose, false, true));
        for (size_t i = 0; i < lines.size(); ++i) text += lines[i] + (i + 1 < lines.size() ? "\n" : "");
        text += "\n\n";
    }
    if (opts.format == "json") std::cout << out.dump(2) << std::endl;
    else std::cout << text << std::flush;
    return 0;
}

int run_history(Context& context, const MigrateOptions& opts) {
    auto& graph = load_graph(context);
    std::vector<const migrate::Revision*> revisions = graph.walk();
    if (opts.format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const migrate::Revision* r : revisions)
            out.push_back({{"revision", r->id},
                           {"down_revision", r->down_revisions.empty() ? nlohmann::json(nullptr)
                                             : r->down_revisions.size() == 1 ? nlohmann::json(r->down_revisions[0])
                                                                             : ids_json(r->down_revisions)},
                           {"branch_labels", ids_json(graph.branch_labels(*r))}, {"depends_on", ids_json(r->depends_on)},
                           {"message", r->message}, {"create_date", r->create_date}, {"path", r->path},
                           {"head", graph.is_head(*r)}});
        std::cout << out.dump(2) << std::endl;
        return 0;
    }
    std::string text;
    for (const migrate::Revision* r : revisions)
        text += (opts.verbose ? log_entry(graph, *r) : head_only(graph, *r, true, true, true, false)) + "\n";
    std::cout << text << std::flush;
    return 0;
}

}  // namespace orm::cli
