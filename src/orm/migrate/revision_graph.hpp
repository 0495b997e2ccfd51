// The revision graph of a migrations folder: every MIGRATIONS/versions/*.py
// read (script_reader), linked by down_revision, checked to be one linear
// history (one base, one head, no branch, no merge, no cycle, nothing
// missing), and the targets SPEC §3 names resolved against it.
//
// Targets:  head | heads          the last revision
//           base                  before the first revision
//           ID | unique ID prefix a revision
//           +N | -N               N steps up / down from the current revision
//           ID+N | ID-N           N steps from that revision
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orm/migrate/script_reader.hpp"

namespace orm::migrate {

class RevisionGraph {
public:
    RevisionGraph() = default;
    // Links `revisions` (in any order) into one chain. Throws InputError
    // (at the offending file) for a duplicate id, a down_revision that names
    // no file, a merge (several down_revisions), two revisions following
    // the same one (a branch: several heads), a cycle or several bases.
    explicit RevisionGraph(std::vector<Revision> revisions);

    // The revisions in order from base to head.
    const std::vector<Revision>& chain() const { return chain_; }
    bool empty() const { return chain_.empty(); }
    // The head's id; nullopt when there are no revisions.
    std::optional<std::string> head() const;

    // The position of revision `id` in chain() (exact id), or nullopt.
    std::optional<int> position(const std::string& id) const;
    // The position of a stored revision id (the database's current one):
    // -1 for nullopt (base). Throws InputError when the id names no file.
    int position_of_current(const std::optional<std::string>& id) const;

    // The position a target names: -1 for base, chain().size()-1 for head.
    // `current` is the database's position (for +N / -N). Throws
    // UsageError for an unknown or ambiguous id and a step past either end.
    int resolve(const std::string& target, int current) const;

private:
    std::vector<Revision> chain_;
};

// Reads every revision file of `migrations_dir`/versions (names ending in
// .py, except __init__.py and editor backups) and links them. An absent
// versions/ folder gives an empty graph.
RevisionGraph load_revision_graph(const std::string& migrations_dir);

}  // namespace orm::migrate
