#include "orm/migrate/revision_graph.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"

namespace orm::migrate {

namespace {

[[noreturn]] void fail_at(const Revision& r, const SourceLocation& loc, const std::string& message) {
    throw InputError(message, r.source, loc.known() ? loc : r.id_loc);
}

std::string named(const Revision& r) { return r.id + " (" + r.path + ")"; }

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

RevisionGraph::RevisionGraph(std::vector<Revision> revisions) {
    std::map<std::string, size_t> by_id;
    for (size_t i = 0; i < revisions.size(); ++i) {
        auto [it, fresh] = by_id.emplace(revisions[i].id, i);
        if (!fresh)
            fail_at(revisions[i], revisions[i].id_loc,
                    "revision id '" + revisions[i].id + "' is also the id of " + revisions[it->second].path);
    }
    std::map<std::string, std::vector<size_t>> children;   // "" holds the bases
    for (size_t i = 0; i < revisions.size(); ++i) {
        const Revision& r = revisions[i];
        if (r.down_revisions.size() > 1)
            fail_at(r, r.down_revision_loc,
                    "revision " + r.id + " merges several revisions; orm runs one linear history and cannot run "
                    "merge revisions yet");
        std::string parent = r.down_revisions.empty() ? "" : r.down_revisions[0];
        if (!parent.empty() && !by_id.count(parent))
            fail_at(r, r.down_revision_loc,
                    "down_revision '" + parent + "' of revision " + r.id + " names no file in versions/");
        children[parent].push_back(i);
    }
    for (auto& [parent, kids] : children) {
        if (kids.size() < 2) continue;
        std::string list;
        for (size_t k : kids) list += (list.empty() ? "" : ", ") + named(revisions[k]);
        const Revision& second = revisions[kids[1]];
        if (parent.empty())
            fail_at(second, second.down_revision_loc,
                    "several revisions start the history (down_revision = None): " + list +
                        "; orm runs one linear history");
        fail_at(second, second.down_revision_loc,
                "the history branches: " + list + " all follow revision " + parent +
                    ", which makes several heads; orm runs one linear history (point one of them at the other)");
    }
    std::set<size_t> visited;
    std::string at;
    while (true) {
        auto it = children.find(at);
        if (it == children.end()) break;
        size_t next = it->second[0];
        if (!visited.insert(next).second) break;
        chain_.push_back(revisions[next]);
        at = revisions[next].id;
    }
    if (chain_.size() != revisions.size()) {
        // Every revision has a parent on file and no parent has two children:
        // what the walk from the base did not reach goes round in a cycle.
        for (size_t i = 0; i < revisions.size(); ++i) {
            bool reached = false;
            for (auto& c : chain_) reached = reached || c.id == revisions[i].id;
            if (reached) continue;
            std::string cycle = revisions[i].id;
            std::string cur = revisions[i].down_revisions[0];
            for (size_t n = 0; n < revisions.size() && cur != revisions[i].id; ++n) {
                cycle += " -> " + cur;
                cur = revisions[by_id[cur]].down_revisions[0];
            }
            cycle += " -> " + revisions[i].id;
            fail_at(revisions[i], revisions[i].down_revision_loc,
                    "the down_revision links go round in a cycle: " + cycle);
        }
    }
    for (size_t i = 0; i < chain_.size(); ++i)
        for (auto& dep : chain_[i].depends_on) {
            auto p = position(dep);
            if (!p || *p >= static_cast<int>(i))
                fail_at(chain_[i], chain_[i].id_loc,
                        "revision " + chain_[i].id + " depends on '" + dep + "', which is not an earlier revision");
        }
}

std::optional<std::string> RevisionGraph::head() const {
    if (chain_.empty()) return std::nullopt;
    return chain_.back().id;
}

std::optional<int> RevisionGraph::position(const std::string& id) const {
    for (size_t i = 0; i < chain_.size(); ++i)
        if (chain_[i].id == id) return static_cast<int>(i);
    return std::nullopt;
}

int RevisionGraph::position_of_current(const std::optional<std::string>& id) const {
    if (!id) return -1;
    if (auto p = position(*id)) return *p;
    throw InputError("the database is at revision '" + *id +
                     "', which no file in versions/ defines (was a revision file removed, or is --migrations wrong?)",
                     "alembic_version");
}

int RevisionGraph::resolve(const std::string& target, int current) const {
    const int last = static_cast<int>(chain_.size()) - 1;
    auto step = [&](int from, int n, const std::string& spec) {
        int to = from + n;
        if (to > last)
            throw UsageError("target '" + spec + "' goes " + std::to_string(to - last) + " revision(s) past the head");
        if (to < -1)
            throw UsageError("target '" + spec + "' goes " + std::to_string(-1 - to) + " revision(s) below base");
        return to;
    };
    if (target == "head" || target == "heads") return last;
    if (target == "base") return -1;
    if (auto p = position(target)) return *p;
    auto steps = [&](size_t sign) {
        auto n = parse_integer<int>(std::string_view(target).substr(sign + 1));
        if (!n) throw UsageError("target '" + target + "' goes too many revisions away");
        return *n * (target[sign] == '+' ? 1 : -1);
    };
    if ((target[0] == '+' || target[0] == '-') && all_digits(target.substr(1))) return step(current, steps(0), target);
    auto sign = target.find_last_of("+-");
    if (sign != std::string::npos && sign > 0 && all_digits(target.substr(sign + 1))) {
        int from = resolve(target.substr(0, sign), current);
        return step(from, steps(sign), target);
    }
    std::vector<int> matches;
    for (size_t i = 0; i < chain_.size(); ++i)
        if (chain_[i].id.rfind(target, 0) == 0) matches.push_back(static_cast<int>(i));
    if (matches.size() == 1) return matches[0];
    if (matches.empty()) throw UsageError("no revision is identified by '" + target + "' (see orm migrate history)");
    std::string list;
    for (int m : matches) list += (list.empty() ? "" : ", ") + chain_[m].id;
    throw UsageError("'" + target + "' is the prefix of several revisions: " + list);
}

RevisionGraph load_revision_graph(const std::string& migrations_dir) {
    namespace fs = std::filesystem;
    fs::path versions = fs::path(migrations_dir) / "versions";
    std::vector<Revision> revisions;
    if (!fs::is_directory(versions)) return RevisionGraph{};
    std::vector<fs::path> files;
    for (auto& entry : fs::directory_iterator(versions)) {
        std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name.size() < 4 || name.substr(name.size() - 3) != ".py") continue;
        if (name.rfind("__init__", 0) == 0 || name.rfind(".#", 0) == 0) continue;
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (auto& f : files) revisions.push_back(read_revision_file(f.string()));
    return RevisionGraph(std::move(revisions));
}

}  // namespace orm::migrate
