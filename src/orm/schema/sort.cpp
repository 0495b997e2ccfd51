#include "orm/schema/sort.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace orm::schema {
namespace {

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out;
}

const Table* referred_table(const MetaData& md, const ForeignKeyConstraint& fk) {
    if (fk.referred_schema) return md.table(*fk.referred_schema + "." + fk.referred_table);
    if (const Table* t = md.table(fk.referred_table)) return t;
    if (md.schema) return md.table(*md.schema + "." + fk.referred_table);
    return nullptr;
}

struct Graph {
    size_t n = 0;
    std::vector<std::vector<int>> parents;   // parents[child] = tables it depends on
    std::vector<std::vector<int>> children;
};

Graph build_graph(size_t n, const std::unordered_set<uint64_t>& edges) {
    Graph g;
    g.n = n;
    g.parents.resize(n);
    g.children.resize(n);
    std::vector<uint64_t> sorted(edges.begin(), edges.end());
    std::sort(sorted.begin(), sorted.end());  // deterministic adjacency order
    for (uint64_t e : sorted) {
        int parent = static_cast<int>(e >> 32), child = static_cast<int>(e & 0xffffffffu);
        g.parents[child].push_back(parent);
        g.children[parent].push_back(child);
    }
    return g;
}

// topological.sort_as_subsets, flattened: each pass emits (in input order)
// every node whose parents were all emitted by earlier passes, so a node's
// pass is the length of the longest dependency chain above it. Returns
// nullopt when some nodes are on cycles.
std::optional<std::vector<int>> layered_sort(const Graph& g) {
    std::vector<int> level(g.n, 0), pending(g.n);
    std::vector<int> queue;
    for (size_t i = 0; i < g.n; ++i) {
        pending[i] = static_cast<int>(g.parents[i].size());
        if (pending[i] == 0) queue.push_back(static_cast<int>(i));
    }
    for (size_t qi = 0; qi < queue.size(); ++qi) {
        int node = queue[qi];
        for (int c : g.children[node]) {
            level[c] = std::max(level[c], level[node] + 1);
            if (--pending[c] == 0) queue.push_back(c);
        }
    }
    if (queue.size() != g.n) return std::nullopt;
    std::vector<int> order(g.n);
    for (size_t i = 0; i < g.n; ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return level[a] < level[b]; });
    return order;
}

// Nodes on a cycle: members of strongly connected components with more than
// one node (self-references never become edges).
std::vector<bool> nodes_on_cycles(const Graph& g) {
    std::vector<int> index(g.n, -1), low(g.n, 0), stack;
    std::vector<bool> on_stack(g.n, false), result(g.n, false);
    int counter = 0;
    // Iterative Tarjan: a deep FK chain must not overflow the call stack.
    for (size_t root = 0; root < g.n; ++root) {
        if (index[root] != -1) continue;
        std::vector<std::pair<int, size_t>> work{{static_cast<int>(root), 0}};
        while (!work.empty()) {
            auto& [v, next] = work.back();
            if (next == 0 && index[v] == -1) {
                index[v] = low[v] = counter++;
                stack.push_back(v);
                on_stack[v] = true;
            }
            if (next < g.children[v].size()) {
                int w = g.children[v][next++];
                if (index[w] == -1) {
                    work.push_back({w, 0});
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            if (low[v] == index[v]) {
                std::vector<int> comp;
                int w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = false;
                    comp.push_back(w);
                } while (w != v);
                if (comp.size() > 1)
                    for (int c : comp) result[c] = true;
            }
            int done = v;
            work.pop_back();
            if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
        }
    }
    return result;
}

uint64_t edge_key(int parent, int child) {
    return (static_cast<uint64_t>(parent) << 32) | static_cast<uint32_t>(child);
}

}  // namespace

CircularDependencyError::CircularDependencyError(std::vector<std::string> tables)
    : InputError("Circular dependency between tables: " + join(tables)), cycle_tables(std::move(tables)) {}

TableSort sort_tables_and_constraints(const MetaData& md, const std::vector<const Table*>& tables,
                                      const FkFilter& filter) {
    std::unordered_map<const Table*, int> position;
    position.reserve(tables.size() * 2);
    for (size_t i = 0; i < tables.size(); ++i) position.emplace(tables[i], static_cast<int>(i));

    std::unordered_set<const ForeignKeyConstraint*> separate;
    std::unordered_set<uint64_t> mutable_edges;
    // Parent tables outside `tables` constrain nothing (sort_as_subsets ignores them).
    for (size_t i = 0; i < tables.size(); ++i) {
        for (const auto& fk : tables[i]->foreign_keys) {
            if (fk.use_alter) {
                separate.insert(&fk);
                continue;
            }
            if (filter && filter(fk) == std::optional<bool>(true)) {
                separate.insert(&fk);
                continue;
            }
            const Table* parent = referred_table(md, fk);
            if (!parent || parent == tables[i]) continue;
            auto it = position.find(parent);
            if (it != position.end()) mutable_edges.insert(edge_key(it->second, static_cast<int>(i)));
        }
    }

    TableSort result;
    Graph g = build_graph(tables.size(), mutable_edges);
    auto order = layered_sort(g);
    if (!order) {
        std::vector<bool> cyclic = nodes_on_cycles(g);
        for (size_t i = 0; i < tables.size(); ++i)
            if (cyclic[i]) result.cycle_tables.push_back(tables[i]->fullname());
        std::sort(result.cycle_tables.begin(), result.cycle_tables.end());
        // As SQLAlchemy does: every table in a cycle that depends on another
        // table loses all its removable foreign keys to the separate list.
        for (size_t i = 0; i < tables.size(); ++i) {
            if (!cyclic[i] || g.parents[i].empty()) continue;
            for (const auto& fk : tables[i]->foreign_keys) {
                if (filter && filter(fk) == std::optional<bool>(false)) continue;
                separate.insert(&fk);
                const Table* parent = referred_table(md, fk);
                auto it = parent ? position.find(parent) : position.end();
                if (it != position.end()) mutable_edges.erase(edge_key(it->second, static_cast<int>(i)));
            }
        }
        g = build_graph(tables.size(), mutable_edges);
        order = layered_sort(g);
        if (!order) {
            std::vector<bool> still = nodes_on_cycles(g);
            std::vector<std::string> names;
            for (size_t i = 0; i < tables.size(); ++i)
                if (still[i]) names.push_back(tables[i]->fullname());
            std::sort(names.begin(), names.end());
            throw CircularDependencyError(std::move(names));
        }
    }
    for (int i : *order) result.tables.push_back(tables[i]);
    for (const Table* t : result.tables)
        for (const auto& fk : t->foreign_keys)
            if (separate.count(&fk)) result.separate_fks.emplace_back(t, &fk);
    return result;
}

}  // namespace orm::schema
