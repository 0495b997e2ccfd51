// The revision graph of a migrations folder, as Alembic's RevisionMap keeps
// it: every MIGRATIONS/versions/*.py linked by down_revision (a tuple for a
// merge point), with several heads where the history branches, branch
// labels (inherited by the revisions above the labelled one), and
// depends_on (a revision that must run before, on another branch). Targets
// resolve by Alembic's rules, and the steps from the database's heads to a
// target are Alembic's (its topological order), each with the change to
// alembic_version that Alembic's HeadMaintainer makes.
//
// Targets:  head                  the head (an error naming them when there are several)
//           heads                 every head
//           base                  before every revision
//           ID | ID prefix (4+)   a revision (a branch label names its revision)
//           LABEL@head, LABEL@ID  on the branch LABEL
//           +N | -N, LABEL@+N,    N steps up / down from the current revision(s)
//           LABEL@-N, ID+N, ID-N  (or from ID)
#pragma once

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "orm/migrate/script_reader.hpp"
#include "orm/migrate/script_runtime.hpp"

namespace orm::migrate {

// A change of the version table: the rows alembic_version holds are the heads the database is at.
struct VersionChange {
    enum class Kind { insert, update, remove } kind = Kind::update;
    std::string from, to;   // update: from -> to; insert: to; remove: from
};

// One revision run in one direction, and what it does to alembic_version.
struct Step {
    const Revision* revision = nullptr;
    bool upgrade = true;
    // Alembic's "Running upgrade A -> B" (several revisions comma-joined; "" for base).
    std::string from_label, to_label;
    std::vector<VersionChange> versions;
};

class RevisionGraph {
public:
    RevisionGraph() = default;
    // Links `revisions` (in the folder's order). Throws InputError (at the
    // offending file) for a duplicate id, a down_revision or depends_on that
    // names no revision, a branch label used twice, or a cycle.
    explicit RevisionGraph(std::vector<Revision> revisions);

    // Every revision, in the folder's order (Alembic's map order).
    const std::vector<Revision>& revisions() const { return revs_; }
    bool empty() const { return revs_.empty(); }
    // The revision with this exact id, or nullptr.
    const Revision* find(const std::string& id) const;

    // The heads: revisions no other one follows (depends_on aside), in order.
    std::vector<std::string> heads() const;
    // The one head; nullopt without revisions. UsageError naming the heads when there are several.
    std::optional<std::string> head() const;

    // Alembic's tree facts of a revision, for history, heads and branches.
    bool is_head(const Revision& r) const;          // no revision follows it (depends_on aside)
    bool is_real_head(const Revision& r) const;     // nothing follows or depends on it
    bool is_branch_point(const Revision& r) const;  // several revisions follow it
    bool is_merge_point(const Revision& r) const;   // it follows several
    // The revisions that follow it, and its branch labels (its own and inherited).
    std::vector<std::string> next_revisions(const Revision& r) const;
    std::vector<std::string> branch_labels(const Revision& r) const;

    // Every revision from `head` down to `base`, as `alembic history` lists them.
    std::vector<const Revision*> walk(const std::string& base = "base", const std::string& head = "heads") const;
    // The revisions an identifier names (base: none). UsageError with Alembic's message when it names none or is ambiguous.
    std::vector<const Revision*> resolve(const std::string& id) const;

    // The steps from the heads `current` (alembic_version's rows) to
    // `target`, in order. UsageError when the target cannot be reached by
    // that direction ("head" with several heads names them).
    std::vector<Step> upgrade_steps(const std::vector<std::string>& current, const std::string& target) const;
    std::vector<Step> downgrade_steps(const std::vector<std::string>& current, const std::string& target) const;
    // The heads alembic_version holds after `stamp target` (base: none).
    std::vector<std::string> stamp_heads(const std::string& target) const;
    // Throws InputError when a row of alembic_version names no revision.
    void check_current(const std::vector<std::string>& current) const;
    // The revisions at or below `current` (applied), in map order.
    std::vector<const Revision*> applied(const std::vector<std::string>& current) const;
    // Of `revisions`, those no other one of them descends from (Alembic's get_all_current).
    std::vector<const Revision*> current_heads(const std::vector<std::string>& current) const;

private:
    struct Node {
        std::vector<size_t> down;             // versioned down revisions
        std::vector<size_t> deps;             // depends_on, resolved
        std::vector<size_t> normalized_down;  // down + dependencies that are not already ancestors
        std::vector<size_t> next;             // revisions whose down_revision names this one
        std::vector<size_t> all_next;         // ... or that depend on it
        std::set<std::string> labels;         // branch labels, inherited ones included
        bool has_deps() const { return normalized_down.size() > down.size(); }
    };
    std::vector<Revision> revs_;
    std::vector<Node> nodes_;
    std::vector<std::pair<std::string, size_t>> keys_;   // ids and branch labels -> revision, in order
    std::unordered_map<std::string, size_t> key_index_;  // the same, for lookups

    std::optional<size_t> key(const std::string& k) const;
    size_t index(const Revision& r) const { return static_cast<size_t>(&r - revs_.data()); }
    std::vector<size_t> walk(const std::vector<size_t>& of, std::vector<size_t> Node::*edges) const;
    std::vector<size_t> ancestors(const std::vector<size_t>& of, bool with_deps) const;
    std::vector<size_t> descendants(const std::vector<size_t>& of, bool with_deps) const;
    bool shares_lineage(size_t target, const std::vector<size_t>& against) const;
    std::vector<size_t> ident(const std::string& id, const std::string& branch) const;
    std::vector<size_t> revisions_for(const std::string& id) const;
    std::optional<size_t> revision_for(const std::string& id) const;
    std::vector<size_t> heads_idx() const;
    std::vector<size_t> real_heads_idx() const;
    std::vector<size_t> filter_lineage(const std::vector<size_t>& targets, const std::string& against) const;
    std::optional<size_t> current_head(const std::string& branch) const;
    // _walk: a position is a revision, "base" (kBase) or "nowhere" (kNone).
    static constexpr size_t kBase = static_cast<size_t>(-1), kNone = static_cast<size_t>(-2);
    size_t walk_from(size_t start, long steps, const std::string& branch, bool no_overwalk) const;
    std::vector<size_t> topological(const std::vector<size_t>& revisions, const std::vector<size_t>& heads) const;
    std::vector<size_t> upgrade_targets(const std::vector<size_t>& current, const std::string& target) const;
    std::pair<std::string, size_t> downgrade_target(const std::vector<size_t>& current, const std::string& target) const;
    std::vector<Step> steps_for(const std::vector<size_t>& order, bool upgrade, const std::vector<std::string>& current) const;
};

// Reads every revision file of `migrations_dir`/versions (names ending in
// .py, except __init__.py and editor backups) on one runtime (their module
// bodies run; see script_runtime.hpp) and links them. An absent versions/
// folder gives an empty graph. Without roots in `options`, imports resolve
// from the current directory, then from the first ancestor of the
// migrations folder that is not a package.
RevisionGraph load_revision_graph(const std::string& migrations_dir, ScriptOptions options = {});

}  // namespace orm::migrate
