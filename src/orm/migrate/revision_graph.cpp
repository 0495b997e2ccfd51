// The revision graph: linking (Alembic's RevisionMap._revision_map), the
// tree facts, ancestor/descendant walks and the history order. Resolution
// of targets and the steps between heads are in revision_steps.cpp.
#include "orm/migrate/revision_graph.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "orm/core/error.hpp"

namespace orm::migrate {

namespace {

[[noreturn]] void fail_at(const Revision& r, const SourceLocation& loc, const std::string& message) {
    throw InputError(message, r.source, loc.known() ? loc : r.id_loc);
}

bool contains(const std::vector<size_t>& v, size_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

std::optional<size_t> RevisionGraph::key(const std::string& k) const {
    auto it = key_index_.find(k);
    if (it == key_index_.end()) return std::nullopt;
    return it->second;
}

RevisionGraph::RevisionGraph(std::vector<Revision> revisions) : revs_(std::move(revisions)), nodes_(revs_.size()) {
    for (size_t i = 0; i < revs_.size(); ++i) {
        if (auto other = key(revs_[i].id))
            fail_at(revs_[i], revs_[i].id_loc, "revision id '" + revs_[i].id + "' is also the id of " + revs_[*other].path);
        keys_.emplace_back(revs_[i].id, i);
        key_index_.emplace(revs_[i].id, i);
    }
    for (size_t i = 0; i < revs_.size(); ++i)
        for (auto& label : revs_[i].branch_labels) {
            if (auto other = key(label))
                fail_at(revs_[i], revs_[i].id_loc, "Branch name '" + label + "' in revision " + revs_[i].id +
                                                       " already used by revision " + revs_[*other].id);
            keys_.emplace_back(label, i);
            key_index_.emplace(label, i);
        }
    for (size_t i = 0; i < revs_.size(); ++i) {
        Node& n = nodes_[i];
        for (auto& d : revs_[i].down_revisions) {
            auto k = key(d);
            if (!k)
                fail_at(revs_[i], revs_[i].down_revision_loc,
                        "down_revision '" + d + "' of revision " + revs_[i].id + " names no file in versions/");
            n.down.push_back(*k);
        }
        for (auto& d : revs_[i].depends_on) {
            auto k = key(d);
            if (!k) fail_at(revs_[i], revs_[i].id_loc, "depends_on '" + d + "' of revision " + revs_[i].id + " names no revision");
            n.deps.push_back(*k);
        }
    }
    for (size_t i = 0; i < revs_.size(); ++i) {
        for (size_t d : nodes_[i].down) {
            if (!contains(nodes_[d].next, i)) nodes_[d].next.push_back(i);
            if (!contains(nodes_[d].all_next, i)) nodes_[d].all_next.push_back(i);
        }
        for (size_t d : nodes_[i].deps)
            if (!contains(nodes_[d].all_next, i)) nodes_[d].all_next.push_back(i);
    }
    // A cycle: one depth-first walk down the down_revision links, marking
    // each revision while it is on the walk's path and once it is done (a
    // walk per revision, as before, was cubic in a long history's length).
    enum : char { unseen, on_path, done };
    std::vector<char> mark(revs_.size(), unseen);
    for (size_t start = 0; start < revs_.size(); ++start) {
        if (mark[start] != unseen) continue;
        std::vector<std::pair<size_t, size_t>> path = {{start, 0}};   // (revision, next down link to follow)
        mark[start] = on_path;
        while (!path.empty()) {
            auto [at, link] = path.back();
            if (link == nodes_[at].down.size()) {
                mark[at] = done;
                path.pop_back();
                continue;
            }
            ++path.back().second;
            size_t d = nodes_[at].down[link];
            if (mark[d] == on_path) {
                // d -> ... -> at down the links, and at's down_revision is d again: upgrade order is the reverse.
                std::string cycle = revs_[d].id;
                for (size_t p = path.size(); p-- > 0 && path[p].first != d;) cycle += " -> " + revs_[path[p].first].id;
                cycle += " -> " + revs_[d].id;
                fail_at(revs_[d], revs_[d].down_revision_loc, "the down_revision links go round in a cycle: " + cycle);
            }
            if (mark[d] == unseen) {
                mark[d] = on_path;
                path.emplace_back(d, 0);
            }
        }
    }
    // Dependencies already implied by an ancestor's are left out (Alembic's _normalize_depends_on).
    for (size_t i = 0; i < revs_.size(); ++i) {
        Node& n = nodes_[i];
        n.normalized_down = n.down;
        if (n.deps.empty()) continue;
        std::vector<size_t> deps = n.deps;
        for (size_t a : ancestors({i}, false)) {
            if (a == i) continue;
            for (size_t d : nodes_[a].deps) deps.erase(std::remove(deps.begin(), deps.end(), d), deps.end());
        }
        for (size_t d : deps)
            if (!contains(n.normalized_down, d)) n.normalized_down.push_back(d);
    }
    // Branch labels: inherited by the descendants, and by the ancestors down to a branch point (Alembic's _add_branches).
    for (size_t i = 0; i < revs_.size(); ++i) {
        if (revs_[i].branch_labels.empty()) continue;
        const auto& own = revs_[i].branch_labels;
        nodes_[i].labels.insert(own.begin(), own.end());
        size_t last = i;
        for (size_t d : descendants({i}, false)) {
            nodes_[d].labels.insert(own.begin(), own.end());
            last = d;
        }
        for (size_t p = last;;) {
            if (nodes_[p].all_next.size() > 1 || nodes_[p].down.size() > 1) break;
            nodes_[p].labels.insert(own.begin(), own.end());
            if (nodes_[p].down.empty()) break;
            p = nodes_[p].down[0];
        }
    }
}

const Revision* RevisionGraph::find(const std::string& id) const {
    for (auto& r : revs_)
        if (r.id == id) return &r;
    return nullptr;
}

std::vector<size_t> RevisionGraph::heads_idx() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < revs_.size(); ++i)
        if (nodes_[i].next.empty()) out.push_back(i);
    return out;
}

std::vector<size_t> RevisionGraph::real_heads_idx() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < revs_.size(); ++i)
        if (nodes_[i].all_next.empty()) out.push_back(i);
    return out;
}

std::vector<std::string> RevisionGraph::heads() const {
    std::vector<std::string> out;
    for (size_t i : heads_idx()) out.push_back(revs_[i].id);
    return out;
}

std::optional<std::string> RevisionGraph::head() const {
    auto h = current_head("");
    if (!h) return std::nullopt;
    return revs_[*h].id;
}

bool RevisionGraph::is_head(const Revision& r) const { return nodes_[index(r)].next.empty(); }
bool RevisionGraph::is_real_head(const Revision& r) const { return nodes_[index(r)].all_next.empty(); }
bool RevisionGraph::is_branch_point(const Revision& r) const { return nodes_[index(r)].next.size() > 1; }
bool RevisionGraph::is_merge_point(const Revision& r) const { return nodes_[index(r)].down.size() > 1; }

std::vector<std::string> RevisionGraph::next_revisions(const Revision& r) const {
    std::vector<std::string> out;
    for (size_t n : nodes_[index(r)].next) out.push_back(revs_[n].id);
    return out;
}

std::vector<std::string> RevisionGraph::branch_labels(const Revision& r) const {
    const auto& l = nodes_[index(r)].labels;
    return {l.begin(), l.end()};
}

// Alembic's _iterate_related_revisions: depth first from each target
// (itself included) along `edges`, each revision once.
std::vector<size_t> RevisionGraph::walk(const std::vector<size_t>& of,
                                        std::vector<size_t> Node::*edges) const {
    std::vector<size_t> out;
    std::vector<bool> seen(revs_.size(), false);
    for (size_t t : of) {
        std::vector<size_t> todo = {t};
        while (!todo.empty()) {
            size_t r = todo.back();
            todo.pop_back();
            if (seen[r]) continue;
            seen[r] = true;
            for (size_t d : nodes_[r].*edges) todo.push_back(d);
            out.push_back(r);
        }
    }
    return out;
}

std::vector<size_t> RevisionGraph::ancestors(const std::vector<size_t>& of, bool with_deps) const {
    return walk(of, with_deps ? &Node::normalized_down : &Node::down);
}

std::vector<size_t> RevisionGraph::descendants(const std::vector<size_t>& of, bool with_deps) const {
    return walk(of, with_deps ? &Node::all_next : &Node::next);
}

// Alembic's _topological_sort: revisions after their down revisions and
// dependencies, heads first, ties broken by the map's order.
std::vector<size_t> RevisionGraph::topological(const std::vector<size_t>& revisions, const std::vector<size_t>& heads) const {
    std::vector<size_t> todo = revisions;
    std::vector<size_t> current;
    for (size_t h : heads)
        if (contains(todo, h) && !contains(current, h)) current.push_back(h);
    std::sort(current.begin(), current.end());
    std::vector<std::vector<size_t>> ancestors_of;
    for (size_t h : current) ancestors_of.push_back(ancestors({h}, true));
    std::vector<size_t> output;
    size_t idx = 0;
    while (!current.empty()) {
        size_t candidate = current[idx];
        bool moved = false;
        for (size_t j = 0; j < ancestors_of.size(); ++j)
            if (j != idx && contains(ancestors_of[j], candidate)) {
                idx = j;
                moved = true;
                break;
            }
        if (moved) continue;
        if (contains(todo, candidate)) {
            output.push_back(candidate);
            todo.erase(std::find(todo.begin(), todo.end(), candidate));
        }
        std::vector<size_t> add;
        for (size_t r : nodes_[candidate].normalized_down)
            if (contains(todo, r) && !contains(current, r)) add.push_back(r);
        if (add.empty()) {
            current.erase(current.begin() + static_cast<long>(idx));
            ancestors_of.erase(ancestors_of.begin() + static_cast<long>(idx));
            idx = idx > 0 ? idx - 1 : 0;
        } else if (!nodes_[candidate].has_deps() && nodes_[candidate].down.size() == 1) {
            current[idx] = add[0];
            auto& a = ancestors_of[idx];
            a.erase(std::remove(a.begin(), a.end(), candidate), a.end());
        } else {
            current[idx] = add[0];
            ancestors_of[idx] = ancestors({add[0]}, true);
            for (size_t k = 1; k < add.size(); ++k) {
                current.push_back(add[k]);
                ancestors_of.push_back(ancestors({add[k]}, true));
            }
        }
    }
    if (!todo.empty()) throw InternalError("the revisions to run could not be put in order (" + revs_[todo[0]].id + ")");
    return output;
}

std::vector<const Revision*> RevisionGraph::walk(const std::string& base, const std::string& head) const {
    std::vector<size_t> targets = upgrade_targets({}, head);
    std::vector<size_t> needs = ancestors(targets, true);
    for (size_t t : targets)
        if (!contains(needs, t)) needs.push_back(t);
    if (base != "base") {
        // Only what is above `base` (and base itself).
        std::vector<size_t> lower = revisions_for(base);
        std::vector<size_t> above = descendants(lower, false);
        std::vector<size_t> kept;
        for (size_t n : needs)
            if (contains(above, n)) kept.push_back(n);
        needs = kept;
    }
    std::vector<const Revision*> out;
    for (size_t i : topological(needs, targets)) out.push_back(&revs_[i]);
    return out;
}

void RevisionGraph::check_current(const std::vector<std::string>& current) const {
    for (auto& id : current)
        if (!find(id))
            throw InputError("the database is at revision '" + id +
                                 "', which no file in versions/ defines (was a revision file removed, or is --migrations wrong?)",
                             "alembic_version");
}

std::vector<const Revision*> RevisionGraph::applied(const std::vector<std::string>& current) const {
    std::vector<size_t> of;
    for (auto& id : current)
        if (const Revision* r = find(id)) of.push_back(index(*r));
    std::vector<size_t> all = ancestors(of, true);
    std::sort(all.begin(), all.end());
    std::vector<const Revision*> out;
    for (size_t i : all) out.push_back(&revs_[i]);
    return out;
}

std::vector<const Revision*> RevisionGraph::current_heads(const std::vector<std::string>& current) const {
    std::vector<size_t> of;
    for (auto& id : current)
        if (const Revision* r = find(id)) of.push_back(index(*r));
    std::vector<const Revision*> out;
    for (size_t r : of) {
        bool below_another = false;
        for (size_t o : of)
            if (o != r && contains(ancestors({o}, true), r)) below_another = true;
        if (!below_another) out.push_back(&revs_[r]);
    }
    return out;
}

RevisionGraph load_revision_graph(const std::string& migrations_dir, ScriptOptions options) {
    namespace fs = std::filesystem;
    fs::path versions = fs::path(migrations_dir) / "versions";
    std::vector<Revision> revisions;
    if (!fs::is_directory(versions)) return RevisionGraph{};
    // In the order the folder lists its files, as Alembic reads them (its
    // map order, which breaks ties between branches).
    std::vector<fs::path> files;
    for (auto& entry : fs::directory_iterator(versions)) {
        std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name.size() < 4 || name.substr(name.size() - 3) != ".py") continue;
        if (name.rfind("__init__", 0) == 0 || name.rfind(".#", 0) == 0) continue;
        files.push_back(entry.path());
    }
    if (options.roots.empty()) {
        options.roots.push_back(fs::current_path().string());
        fs::path dir = fs::absolute(migrations_dir).lexically_normal();
        while (fs::exists(dir / "__init__.py") && dir.has_parent_path() && dir.parent_path() != dir) dir = dir.parent_path();
        if (dir != fs::current_path()) options.roots.push_back(dir.string());
    }
    auto runtime = std::make_shared<ScriptRuntime>(std::move(options));
    for (auto& f : files) revisions.push_back(runtime->load(SourceFile::load(f.string()), runtime));
    return RevisionGraph(std::move(revisions));
}

}  // namespace orm::migrate
