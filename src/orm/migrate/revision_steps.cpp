// Target resolution and the steps between heads, by Alembic's rules
// (alembic.script.revision: _resolve_revision_number, _revision_for_ident,
// _walk, _parse_upgrade_target, _parse_downgrade_target,
// _collect_upgrade_revisions, _collect_downgrade_revisions; and
// alembic.runtime.migration.HeadMaintainer for the version table). Errors
// are UsageErrors with Alembic's messages.
#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/migrate/revision_graph.hpp"

namespace orm::migrate {

namespace {

bool contains(const std::vector<size_t>& v, size_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string comma(const std::vector<std::string>& items) {
    std::string out;
    for (auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// `label@id` / `id`, and Alembic's relative form `[label@][symbol](+|-)N`.
struct Relative {
    std::string branch, symbol;
    long steps = 0;
};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `[symbol](+|-)N` at the start of `text` (what follows is ignored, as
// Alembic's re.match ignores it): the symbol and the signed digits.
std::optional<std::pair<std::string_view, std::string_view>> relative_tail(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && word_char(text[i])) ++i;
    const size_t sign = i;
    if (i == text.size() || (text[i] != '+' && text[i] != '-')) return std::nullopt;
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == sign + 1) return std::nullopt;
    return std::pair{text.substr(0, sign), text.substr(sign, i - sign)};
}

// Alembic's `(?:(.+?)@)?(\w+)?((?:\+|-)\d+)`, scanned by hand: the shortest
// branch label before an '@' that leaves a relative step, else none.
std::optional<Relative> relative_of(const std::string& target) {
    const std::string_view all(target);
    std::string_view branch;
    auto tail = std::optional<std::pair<std::string_view, std::string_view>>();
    for (size_t at = all.find('@', 1); at != std::string_view::npos && !tail; at = all.find('@', at + 1)) {
        tail = relative_tail(all.substr(at + 1));
        if (tail) branch = all.substr(0, at);
    }
    if (!tail) tail = relative_tail(all);
    if (!tail) return std::nullopt;
    std::string_view digits = tail->second;
    if (digits.front() == '+') digits.remove_prefix(1);
    auto n = parse_integer<long>(digits);
    if (!n || *n == std::numeric_limits<long>::min()) throw UsageError("target '" + target + "' goes too many revisions away");
    return Relative{std::string(branch), std::string(tail->first), *n};
}

[[noreturn]] void multiple_heads(const std::string& argument, const std::vector<std::string>& heads) {
    throw UsageError("Multiple head revisions are present for given argument '" + argument +
                     "'; please specify a specific target revision, '<branchname>@" + argument +
                     "' to narrow to a specific head, or 'heads' for all heads (the heads are " + comma(heads) + ")");
}

}  // namespace

std::vector<size_t> RevisionGraph::filter_lineage(const std::vector<size_t>& targets, const std::string& against) const {
    std::string branch, id = against;
    if (auto at = against.find('@'); at != std::string::npos) {
        branch = against.substr(0, at);
        id = against.substr(at + 1);
    }
    std::vector<size_t> shares;
    if (!branch.empty())
        for (size_t s : ident(branch, "")) shares.push_back(s);
    if (!id.empty() && id != "base" && id != "head" && id != "heads")
        for (size_t s : ident(id, "")) shares.push_back(s);
    std::vector<size_t> out;
    for (size_t t : targets)
        if (shares.empty() || shares_lineage(t, shares)) out.push_back(t);
    return out;
}

bool RevisionGraph::shares_lineage(size_t target, const std::vector<size_t>& against) const {
    if (against.empty()) return true;
    for (size_t r : descendants({target}, false))
        if (contains(against, r)) return true;
    for (size_t r : ancestors({target}, false))
        if (contains(against, r)) return true;
    return false;
}

std::optional<size_t> RevisionGraph::current_head(const std::string& branch) const {
    std::vector<size_t> heads = heads_idx();
    if (!branch.empty()) heads = filter_lineage(heads, branch);
    if (heads.size() > 1) {
        std::vector<std::string> ids;
        for (size_t h : heads) ids.push_back(revs_[h].id);
        multiple_heads(branch.empty() ? "head" : branch + "@head", ids);
    }
    if (heads.empty()) return std::nullopt;
    return heads[0];
}

// _revision_for_ident: an exact id or branch label, else a unique prefix
// (of four characters or more); with `branch`, the revision must be on it.
std::vector<size_t> RevisionGraph::ident(const std::string& id, const std::string& branch) const {
    std::optional<size_t> branch_rev;
    if (!branch.empty()) {
        branch_rev = key(branch);
        if (!branch_rev) {
            auto r = ident(branch, "");
            if (r.empty()) throw UsageError("No such branch: '" + branch + "'");
            branch_rev = r[0];
        }
    }
    std::optional<size_t> found = key(id);
    if (!found) {
        std::vector<size_t> matches;
        std::vector<std::string> names;
        for (auto& [k, i] : keys_)
            if (k.size() > 3 && k.rfind(id, 0) == 0 && !contains(matches, i)) {
                matches.push_back(i);
                names.push_back("'" + k + "'");
            }
        if (branch_rev) matches = filter_lineage(matches, branch);
        if (matches.empty())
            throw UsageError("Can't locate revision identified by '" + id + "'" +
                             (id.size() < 4 ? " (a partial identifier needs at least four characters)" : ""));
        if (matches.size() > 1) {
            names.resize(std::min<size_t>(names.size(), 3));
            throw UsageError("Multiple revisions start with '" + id + "': " + comma(names) + "...");
        }
        found = matches[0];
    }
    if (branch_rev && !shares_lineage(*found, {*branch_rev}))
        throw UsageError("Revision " + revs_[*found].id + " is not a member of branch '" + branch + "'");
    return {*found};
}

// get_revisions: a symbolic name, an id, a prefix, label@... (base: none).
std::vector<size_t> RevisionGraph::revisions_for(const std::string& target) const {
    std::string branch, id = target;
    if (auto at = target.find('@'); at != std::string::npos) {
        branch = target.substr(0, at);
        id = target.substr(at + 1);
    }
    if (id == "heads") return branch.empty() ? real_heads_idx() : filter_lineage(heads_idx(), branch);
    if (id == "head") {
        auto h = current_head(branch);
        return h ? std::vector<size_t>{*h} : std::vector<size_t>{};
    }
    if (id == "base" || id.empty()) return {};
    if (auto n = parse_integer<long>(id); n && *n < 0) {
        // label@-N: N steps down from the branch's head.
        std::vector<size_t> out;
        for (size_t h : real_heads_idx()) {
            if (!branch.empty() && !nodes_[h].labels.count(branch)) continue;
            size_t w = walk_from(h, *n, "", true);
            if (w == kNone) throw UsageError("Relative revision " + id + " didn't produce " + std::to_string(-*n) + " migrations");
            if (w != kBase) out.push_back(w);
        }
        return out;
    }
    return ident(id, branch);
}

std::optional<size_t> RevisionGraph::revision_for(const std::string& target) const {
    std::vector<size_t> r = revisions_for(target);
    if (r.size() > 1) {
        std::vector<std::string> ids;
        for (size_t i : r) ids.push_back(revs_[i].id);
        multiple_heads(target, ids);
    }
    if (r.empty()) return std::nullopt;
    return r[0];
}

std::vector<const Revision*> RevisionGraph::resolve(const std::string& id) const {
    std::vector<const Revision*> out;
    for (size_t i : revisions_for(id)) out.push_back(&revs_[i]);
    return out;
}

// _walk: `steps` up (> 0, along `branch` when given) or down (< 0) from
// `start`; kNone when the walk goes past either end and `no_overwalk`.
size_t RevisionGraph::walk_from(size_t start, long steps, const std::string& branch, bool no_overwalk) const {
    size_t at = start;
    for (long i = 0; i < std::labs(steps); ++i) {
        std::vector<size_t> children;
        if (steps > 0) {
            std::vector<size_t> up;
            if (at == kNone || at == kBase) {
                for (size_t r = 0; r < revs_.size(); ++r)
                    if (nodes_[r].down.empty()) up.push_back(r);
            } else {
                up = nodes_[at].next;
            }
            children = branch.empty() ? up : filter_lineage(up, branch);
        } else if (at != kBase) {
            children = at == kNone ? heads_idx() : nodes_[at].down;
            if (children.empty()) children = {kBase};
        }
        if (children.empty()) return no_overwalk ? kNone : at;
        if (children.size() > 1) throw UsageError("Ambiguous walk");
        at = children[0];
    }
    return at;
}

// _parse_upgrade_target.
std::vector<size_t> RevisionGraph::upgrade_targets(const std::vector<size_t>& current, const std::string& target) const {
    auto rel = relative_of(target);
    if (!rel) return revisions_for(target);
    std::string n = std::to_string(std::labs(rel->steps));
    if (rel->steps > 0) {
        size_t start;
        if (rel->symbol.empty()) {
            std::vector<size_t> starts = current;
            if (!rel->branch.empty()) starts = filter_lineage(current, rel->branch);
            if (starts.size() > 1) throw UsageError("Ambiguous upgrade from multiple current revisions");
            start = starts.empty() ? kNone : starts[0];
        } else {
            auto s = revision_for(rel->symbol);
            start = s ? *s : kBase;
        }
        size_t w = walk_from(start, rel->steps, rel->branch, true);
        if (w == kNone || w == kBase)
            throw UsageError("Relative revision +" + n + " didn't produce " + n + " migrations");
        return {w};
    }
    if (rel->symbol.empty()) throw UsageError("Relative revision -" + n + " didn't produce " + n + " migrations");
    auto s = revision_for(rel->branch.empty() ? rel->symbol : rel->branch + "@" + rel->symbol);
    size_t w = walk_from(s ? *s : kBase, rel->steps, "", true);
    if (w == kNone) throw UsageError("Walked too far");
    if (w == kBase) return {};
    return {w};
}

// _parse_downgrade_target: the branch the target names (or "") and the revision (kBase for base).
std::pair<std::string, size_t> RevisionGraph::downgrade_target(const std::vector<size_t>& current,
                                                               const std::string& target) const {
    auto rel = relative_of(target);
    if (!rel) {
        std::string branch, symbol = target;
        if (auto at = target.rfind('@'); at != std::string::npos) {
            branch = target.substr(0, at);
            symbol = target.substr(at + 1);
        }
        auto r = revision_for(symbol);
        return {branch, r ? *r : kBase};
    }
    std::string n = std::to_string(std::labs(rel->steps));
    if (rel->steps >= 0) {
        if (rel->symbol.empty()) throw UsageError("Relative revision +" + n + " didn't produce " + n + " migrations");
        auto s = revision_for(rel->symbol);
        size_t w = walk_from(s ? *s : kBase, rel->steps, rel->branch, true);
        if (w == kNone) throw UsageError("Walked too far");
        return {rel->branch, w};
    }
    std::string branch = rel->branch, symbol = rel->symbol;
    bool relative = symbol.empty();
    if (relative) {
        if (!branch.empty()) {
            std::vector<size_t> on = filter_lineage(current, branch);
            if (on.empty()) on = filter_lineage(ancestors(current, true), branch);
            if (on.size() != 1) throw UsageError("Relative revision -" + n + " didn't produce " + n + " migrations");
            symbol = revs_[on[0]].id;
        } else {
            if (current.empty()) throw UsageError("Relative revision -" + n + " didn't produce " + n + " migrations");
            symbol = revs_[current[0]].id;
            branch = symbol;
        }
    }
    auto s = revision_for(branch.empty() ? symbol : branch + "@" + symbol);
    size_t w = walk_from(s ? *s : kBase, rel->steps, "", true);
    if (w == kNone)
        throw UsageError(relative ? "Relative revision -" + n + " didn't produce " + n + " migrations" : "Walked too far");
    return {branch, w};
}

std::vector<Step> RevisionGraph::upgrade_steps(const std::vector<std::string>& current, const std::string& target) const {
    std::vector<size_t> cur;
    for (auto& id : current)
        if (const Revision* r = find(id)) cur.push_back(index(*r));
    std::vector<size_t> targets = upgrade_targets(cur, target);
    std::vector<size_t> required = ancestors(targets, true);
    std::vector<size_t> have = ancestors(cur, true);
    std::vector<size_t> needs;
    for (size_t r : required)
        if (!contains(have, r)) needs.push_back(r);
    std::vector<size_t> order = topological(needs, targets);
    std::reverse(order.begin(), order.end());
    return steps_for(order, true, current);
}

std::vector<Step> RevisionGraph::downgrade_steps(const std::vector<std::string>& current, const std::string& target) const {
    std::vector<size_t> cur;
    for (auto& id : current)
        if (const Revision* r = find(id)) cur.push_back(index(*r));
    auto [branch, to] = downgrade_target(cur, target);
    std::vector<size_t> roots;
    if (to == kBase) {
        for (size_t r = 0; r < revs_.size(); ++r)
            if (nodes_[r].down.empty()) roots.push_back(r);
    } else {
        roots = nodes_[to].next;
    }
    if (!branch.empty() && roots.size() > 1) {
        std::vector<size_t> on = ancestors(ident(branch, ""), false);
        std::vector<size_t> kept;
        for (size_t r : roots)
            if (contains(on, r)) kept.push_back(r);
        if (kept.empty()) throw UsageError("Not a valid downgrade target from current heads");
        roots = kept;
    }
    std::vector<size_t> active = ancestors(cur, true);
    std::vector<size_t> down;
    for (size_t r : descendants(roots, true))
        if (contains(active, r)) down.push_back(r);
    if (to != kBase && down.empty() && !contains(cur, to))
        throw UsageError("Destination " + target + " is not a valid downgrade target from current head(s)");
    return steps_for(topological(down, cur), false, current);
}

// HeadMaintainer.update_to_step: how each step changes the rows of alembic_version.
std::vector<Step> RevisionGraph::steps_for(const std::vector<size_t>& order, bool upgrade,
                                           const std::vector<std::string>& current) const {
    std::vector<std::string> heads = current;
    auto in_heads = [&](size_t r) { return std::find(heads.begin(), heads.end(), revs_[r].id) != heads.end(); };
    auto drop = [&](const std::string& id) { heads.erase(std::remove(heads.begin(), heads.end(), id), heads.end()); };
    auto ancestors_of_other_heads = [&](const std::string& except) {
        std::vector<size_t> others;
        for (auto& h : heads)
            if (h != except)
                if (const Revision* r = find(h)) others.push_back(index(*r));
        return ancestors(others, true);
    };
    std::vector<Step> steps;
    for (size_t r : order) {
        const Node& n = nodes_[r];
        Step step;
        step.revision = &revs_[r];
        step.upgrade = upgrade;
        std::vector<std::string> down_ids;
        for (size_t d : n.down) down_ids.push_back(revs_[d].id);
        step.from_label = upgrade ? comma(down_ids) : revs_[r].id;
        step.to_label = upgrade ? revs_[r].id : comma(down_ids);
        const std::string& id = revs_[r].id;
        std::vector<size_t> downrevs = n.normalized_down;
        auto unmerge_to = [&]() {
            std::vector<size_t> anc = ancestors_of_other_heads(id);
            std::vector<size_t> out;
            for (size_t d : downrevs)
                if (!contains(anc, d)) out.push_back(d);
            return out;
        };
        size_t in_down = 0;
        for (size_t d : downrevs) in_down += in_heads(d) ? 1 : 0;
        using VK = VersionChange::Kind;
        if (!upgrade && in_heads(r) && (downrevs.empty() || unmerge_to().empty())) {
            step.versions.push_back({VK::remove, id, ""});
            drop(id);
        } else if (upgrade && (downrevs.empty() || in_down == 0)) {
            step.versions.push_back({VK::insert, "", id});
            heads.push_back(id);
        } else if (upgrade && downrevs.size() > 1 && in_down > 1) {
            std::vector<std::string> others;
            for (auto& h : heads) {
                bool from = false;
                for (size_t d : downrevs) from = from || revs_[d].id == h;
                if (!from) others.push_back(h);
            }
            std::vector<size_t> other_idx;
            for (auto& o : others) other_idx.push_back(index(*find(o)));
            std::vector<size_t> other_anc = ancestors(other_idx, true);
            std::vector<std::string> from;
            for (size_t d : downrevs)
                if (!contains(other_anc, d)) from.push_back(revs_[d].id);
            for (size_t k = 0; k + 1 < from.size(); ++k) {
                step.versions.push_back({VK::remove, from[k], ""});
                drop(from[k]);
            }
            step.versions.push_back({VK::update, from.back(), id});
            drop(from.back());
            heads.push_back(id);
        } else if (!upgrade && in_heads(r) && downrevs.size() > 1) {
            std::vector<size_t> to = unmerge_to();
            for (size_t k = 0; k + 1 < to.size(); ++k) {
                step.versions.push_back({VK::insert, "", revs_[to[k]].id});
                heads.push_back(revs_[to[k]].id);
            }
            step.versions.push_back({VK::update, id, revs_[to.back()].id});
            drop(id);
            heads.push_back(revs_[to.back()].id);
        } else {
            size_t downrev = downrevs.empty() ? r : downrevs[0];
            if (downrevs.size() != 1)
                for (size_t d : downrevs)
                    if (in_heads(d)) downrev = d;
            std::string from = upgrade ? revs_[downrev].id : id, to = upgrade ? id : revs_[downrev].id;
            step.versions.push_back({VK::update, from, to});
            drop(from);
            heads.push_back(to);
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

std::vector<std::string> RevisionGraph::stamp_heads(const std::string& target) const {
    std::vector<size_t> targets = revisions_for(target);
    std::vector<std::string> out;
    for (size_t t : targets) {
        bool below_another = false;
        for (size_t o : targets)
            if (o != t && contains(ancestors({o}, true), t)) below_another = true;
        if (!below_another) out.push_back(revs_[t].id);
    }
    return out;
}

}  // namespace orm::migrate
