#include "orm/session/eager.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm::session::detail {

sql::ExprPtr column_at(const Mapper& m, size_t index) {
    const auto& a = m.columns()[index];
    return sql::column(m.table(), *a.column, a.key);
}

sql::ExprPtr bind_key(const Value& k, const schema::TypeEngine& type) {
    sql::Literal lit;
    switch (k.kind()) {
        case Value::Kind::null: lit = sql::Literal::null(); break;
        case Value::Kind::integer: lit = sql::Literal::integer(k.as_int()); break;
        case Value::Kind::decimal: lit = sql::Literal::decimal(k.as_text()); break;
        case Value::Kind::boolean: lit = sql::Literal::boolean(k.as_bool()); break;
        case Value::Kind::real: lit = sql::Literal::real(k.as_double()); break;
        default: lit = sql::Literal::string(k.as_text()); break;
    }
    return sql::bind(lit, std::make_shared<schema::TypeEngine>(type));
}

dialect::Params bind_all(const std::vector<sql::BoundParam>& params, const dialect::Dialect& backend) {
    dialect::Params out;
    out.reserve(params.size());
    for (const auto& p : params) out.push_back(bind_value(p, backend));
    return out;
}

namespace {

// SQLAlchemy's selectinload batch size.
constexpr size_t kEagerBatch = 500;

sql::ExprPtr column_named(const schema::Table& t, const std::string& name) {
    const auto* c = t.column(name);
    if (!c) throw InputError("table '" + t.name + "' has no column '" + name + "'");
    return sql::column(t, *c);
}

std::vector<Value> cells_of(const dialect::Row& raw, size_t offset, const Mapper& m) {
    std::vector<Value> values;
    values.reserve(m.columns().size());
    for (size_t i = 0; i < m.columns().size(); ++i) values.push_back(from_db(raw[offset + i], m.columns()[i].column->type));
    return values;
}

bool any_primary_key(const Mapper& m, const std::vector<Value>& values) {
    return std::any_of(m.primary_key().begin(), m.primary_key().end(), [&](size_t i) { return !values[i].is_null(); });
}

// ---- selectinload: IN batches ------------------------------------------------

void load_in_batches(Session& session, const std::vector<ObjectPtr>& parents, const EagerLoad& load) {
    const auto& r = *load.relationship;
    const Mapper& target = *r.target;
    size_t pairs = r.direction == Direction::many_to_many ? r.secondary_parent.size() : r.sync_pairs.size();
    if (pairs != 1)
        throw InputError("eager loading of '" + r.parent->class_name() + "." + r.key +
                         "' is not supported: its join uses " + std::to_string(pairs) + " columns");
    // The key column on the loaded side, and the index of the parent's matching attribute.
    sql::ExprPtr key_col;
    size_t parent_idx = 0;
    sql::Select sel;
    if (r.direction == Direction::one_to_many) {
        key_col = column_at(target, r.sync_pairs[0].second);
        parent_idx = r.sync_pairs[0].first;
    } else if (r.direction == Direction::many_to_one) {
        key_col = column_at(target, r.sync_pairs[0].first);
        parent_idx = r.sync_pairs[0].second;
    } else {
        key_col = column_named(*r.secondary, r.secondary_parent[0].second);
        parent_idx = r.secondary_parent[0].first;
        std::vector<sql::ExprPtr> conds;
        for (auto [idx, col] : r.secondary_target)
            conds.push_back(sql::compare("=", column_at(target, idx), column_named(*r.secondary, col)));
        sel.from.push_back(sql::FromEntry(&target.table(), {sql::Join(r.secondary, sql::and_(conds))}));
    }
    sel.columns.push_back(key_col);
    for (size_t i = 0; i < target.columns().size(); ++i) sel.columns.push_back(column_at(target, i));
    auto compiler = session.engine().dialect().statement_compiler();
    const auto& parent_type = r.parent->columns()[parent_idx].column->type;
    const dialect::Dialect& backend = session.engine().dialect();

    std::vector<ObjectPtr> loaded;
    std::set<const Object*> seen_loaded;
    for (size_t start = 0; start < parents.size(); start += kEagerBatch) {
        size_t end = std::min(parents.size(), start + kEagerBatch);
        std::vector<sql::ExprPtr> keys;
        std::set<std::string> seen;
        for (size_t i = start; i < end; ++i) {
            const Value& k = parents[i]->get(parent_idx);
            if (k.is_null() || !seen.insert(k.repr()).second) continue;
            keys.push_back(bind_key(k, parent_type));
        }
        std::map<std::string, std::vector<ObjectPtr>> by_key;
        if (!keys.empty()) {
            sql::Select batch = sel;
            batch.where.push_back(sql::in_(key_col, keys));
            auto compiled = compiler->compile(batch);
            auto result = session.connection().query(compiled.sql, bind_all(compiled.params, backend));
            std::vector<std::string> driver_types;
            for (const auto& c : result->columns()) driver_types.push_back(c.type_name);
            // Read the whole batch first: loading objects runs no SQL, but keep the cursor's life short.
            auto rows = result->all();
            for (const auto& raw : rows) {
                Value key = result_value(raw[0], key_col->type, driver_types[0]);
                auto obj = session.load_values(target, cells_of(raw, 1, target));
                by_key[key.repr()].push_back(obj);
                if (seen_loaded.insert(obj.get()).second) loaded.push_back(obj);
            }
        }
        for (size_t i = start; i < end; ++i) {
            const Value& k = parents[i]->get(parent_idx);
            auto it = k.is_null() ? by_key.end() : by_key.find(k.repr());
            session.set_loaded_related(parents[i], r, it == by_key.end() ? std::vector<ObjectPtr>{} : it->second);
        }
    }
    for (const auto& child : load.children) load_in_batches(session, loaded, child);
}

// ---- joinedload: LEFT OUTER JOINs --------------------------------------------

// Where a mapper's columns are read from: its table, a table alias, or the
// subquery the query was wrapped in (columns under their <table>_<column> labels).
struct Source {
    std::string alias;
    bool subquery = false;

    sql::ExprPtr col(const Mapper& m, size_t i) const {
        const auto& a = m.columns()[i];
        if (alias.empty()) return sql::column(m.table(), *a.column, a.key);
        return sql::aliased_column(m.table(), *a.column, alias, subquery ? label(m.table(), *a.column) : "", a.key);
    }
    static std::string label(const schema::Table& t, const schema::Column& c) { return t.name + "_" + c.name; }
};

// The relationship's join condition between two sources, in the order
// SQLAlchemy writes its primaryjoin (the referred column first for many-to-one).
sql::ExprPtr join_condition(const RelationshipProperty& r, const Source& parent, const Source& target) {
    std::vector<sql::ExprPtr> conds;
    for (auto [referred, referring] : r.sync_pairs) {
        if (r.direction == Direction::one_to_many)
            conds.push_back(sql::compare("=", parent.col(*r.parent, referred), target.col(*r.target, referring)));
        else
            conds.push_back(sql::compare("=", target.col(*r.target, referred), parent.col(*r.parent, referring)));
    }
    return sql::and_(conds);
}

// Where each object of a row comes from.
struct Slot {
    const Mapper* mapper = nullptr;   // nullptr: a column expression of the query
    size_t offset = 0;                // its first cell
    size_t entry = 0;                 // the FROM entry its columns are joined under (joined slots)
    Source source;
};

struct JoinedLoad {
    const RelationshipProperty* relationship;
    size_t parent_slot, slot;
};

struct PostLoad {
    const EagerLoad* load;
    size_t slot;   // the parents: the objects of this slot
};

struct Plan {
    sql::Select select;
    std::vector<Slot> slots;   // the query's entities first, then one per joined load
    size_t query_cells = 0;    // cells of the query's own select list
    std::vector<JoinedLoad> joined;
    std::vector<PostLoad> post;
    std::map<std::string, int> alias_numbers;
    std::set<std::string> used_aliases;   // names taken in the statement (aliased() classes, anon_1)
    bool join_collections = true;
};

bool joinable(const EagerLoad& load, const Plan& p) {
    const auto& r = *load.relationship;
    return load.strategy == LoadStrategy::joined && r.direction != Direction::many_to_many &&
           (!r.uselist || p.join_collections);
}

bool joins_collection(const std::vector<EagerLoad>& loads) {
    for (const auto& l : loads)
        if (l.strategy == LoadStrategy::joined && l.relationship->direction != Direction::many_to_many &&
            (l.relationship->uselist || joins_collection(l.children)))
            return true;
    return false;
}

void add_load(const EagerLoad& load, size_t parent_slot, Plan& p) {
    if (!joinable(load, p)) {
        p.post.push_back({&load, parent_slot});
        return;
    }
    const auto& r = *load.relationship;
    const Mapper& target = *r.target;
    const Slot parent = p.slots[parent_slot];
    std::string name;
    do name = target.table().name + "_" + std::to_string(++p.alias_numbers[target.table().name]);
    while (!p.used_aliases.insert(name).second);
    Source source{name, false};
    auto& entry = p.select.from[parent.entry];
    entry.joins.push_back({&target.table(), join_condition(r, parent.source, source), true, source.alias});
    Slot slot{&target, p.select.columns.size(), parent.entry, source};
    for (size_t i = 0; i < target.columns().size(); ++i) p.select.columns.push_back(source.col(target, i));
    size_t index = p.slots.size();
    p.slots.push_back(slot);
    p.joined.push_back({&r, parent_slot, index});
    for (const auto& child : load.children) add_load(child, index, p);
}

// The query wrapped as SQLAlchemy's _compound_eager_statement: nullopt when
// it selects more than entities or orders by more than their columns.
std::optional<sql::Select> wrapped(const sql::Select& inner_in, const std::vector<QueryEntity>& entities,
                                   std::vector<Slot>& slots) {
    sql::Select inner = inner_in;
    sql::Select outer;
    std::set<std::string> labels;
    for (auto& c : inner.columns) {
        if (c->kind != sql::ExprKind::Column || !c->alias.empty()) return std::nullopt;
        std::string label = Source::label(*c->table, *c->column);
        if (!labels.insert(label).second) return std::nullopt;
        outer.columns.push_back(sql::aliased_column(*c->table, *c->column, "anon_1", label, c->key));
        c = sql::label(c, label);
    }
    for (const auto& o : inner.order_by) {
        const sql::Expr* e = o.get();
        bool desc = false, ordering = e->kind == sql::ExprKind::Ordering;
        if (ordering) {
            desc = e->op == "DESC";
            e = e->args[0].get();
        }
        if (e->kind != sql::ExprKind::Column || !e->alias.empty()) return std::nullopt;
        std::string label = Source::label(*e->table, *e->column);
        if (!labels.count(label)) return std::nullopt;
        auto col = sql::aliased_column(*e->table, *e->column, "anon_1", label, e->key);
        outer.order_by.push_back(ordering ? sql::ordering(col, desc) : col);
    }
    for (const auto& ent : entities)
        if (!ent.mapper) return std::nullopt;
    outer.from.push_back(sql::FromEntry(std::make_shared<sql::Select>(std::move(inner)), "anon_1"));
    for (auto& s : slots) {
        s.entry = 0;
        s.source = Source{"anon_1", true};
    }
    return outer;
}

Plan plan_for(const Query& q) {
    Plan p;
    p.select = q.statement();
    auto layout = q.layout();
    p.query_cells = layout.types.size();
    const auto& entities = q.entities();
    for (size_t e = 0; e < entities.size(); ++e) p.slots.push_back({entities[e].mapper, layout.offsets[e], 0, {}});
    const auto& s = p.select;
    for (const auto& f : s.from) {
        if (!f.alias.empty()) p.used_aliases.insert(f.alias);
        for (const auto& j : f.joins)
            if (!j.alias.empty()) p.used_aliases.insert(j.alias);
    }
    std::vector<sql::FromRef> refs;
    for (const auto* list : {&s.columns, &s.where, &s.group_by, &s.having, &s.order_by})
        for (const auto& e : *list) e->collect_froms(refs);
    for (const auto& r : refs)
        if (!r.alias.empty()) p.used_aliases.insert(r.alias);
    bool nest = joins_collection(q.eager_loads()) && (s.limit || s.offset || s.distinct || !s.group_by.empty());
    if (nest) {
        if (auto outer = wrapped(p.select, entities, p.slots)) p.select = std::move(*outer);
        else p.join_collections = false;   // demoted to IN loads: the limit then counts parents as it should
    }
    for (const auto& load : q.eager_loads()) {
        for (size_t e = 0; e < entities.size(); ++e) {
            if (entities[e].mapper != load.relationship->parent) continue;
            if (!nest || !p.join_collections) {
                // The root's FROM entry: the one holding its table (made explicit if it was implicit).
                const schema::Table* t = &entities[e].mapper->table();
                auto it = std::find_if(p.select.from.begin(), p.select.from.end(),
                                       [&](const sql::FromEntry& f) { return f.contains(t); });
                if (it == p.select.from.end()) it = p.select.from.insert(p.select.from.end(), sql::FromEntry{t, {}});
                p.slots[e].entry = static_cast<size_t>(it - p.select.from.begin());
            }
            add_load(load, e, p);
            break;
        }
    }
    return p;
}

}  // namespace

std::vector<ResultRow> load_with_eager(const Query& q) {
    Session& session = q.session();
    Plan p = plan_for(q);
    auto layout = q.layout();
    const auto& entities = q.entities();
    const dialect::Dialect& backend = session.engine().dialect();
    auto compiled = backend.statement_compiler()->compile(p.select);
    auto result = session.connection().query(compiled.sql, bind_all(compiled.params, backend));
    std::vector<std::string> driver_types;
    for (const auto& c : result->columns()) driver_types.push_back(c.type_name);
    driver_types.resize(p.select.columns.size());

    // Per joined load, each parent met and its members in the order met.
    struct Members {
        ObjectPtr parent;
        std::vector<ObjectPtr> items;
        std::unordered_set<const Object*> seen;
    };
    std::vector<std::vector<Members>> members(p.joined.size());
    std::vector<std::unordered_map<const Object*, size_t>> member_index(p.joined.size());
    // Per slot, its distinct objects in the order met (the parents of post loads).
    std::vector<std::vector<ObjectPtr>> slot_objects(p.slots.size());
    std::vector<std::unordered_set<const Object*>> slot_seen(p.slots.size());

    bool unique = q.unique_rows();
    std::unordered_set<std::string> seen_rows;
    std::vector<ResultRow> rows;
    std::vector<ObjectPtr> objects(p.slots.size());
    while (result->next()) {
        const auto& raw = result->row();
        ResultRow row;
        row.cells.resize(p.query_cells);
        for (size_t i = 0; i < p.query_cells; ++i) row.cells[i] = result_value(raw[i], layout.types[i], driver_types[i]);
        std::fill(objects.begin(), objects.end(), nullptr);
        for (size_t e = 0; e < entities.size(); ++e) {
            const Mapper* m = entities[e].mapper;
            if (!m) continue;
            size_t off = layout.offsets[e];
            std::vector<Value> values(row.cells.begin() + off, row.cells.begin() + off + m->columns().size());
            if (any_primary_key(*m, values)) objects[e] = session.load_values(*m, std::move(values));
        }
        for (size_t j = 0; j < p.joined.size(); ++j) {
            const auto& jl = p.joined[j];
            const ObjectPtr& parent = objects[jl.parent_slot];
            if (!parent) continue;
            auto [it, added] = member_index[j].emplace(parent.get(), members[j].size());
            if (added) members[j].push_back({parent, {}, {}});
            const Slot& slot = p.slots[jl.slot];
            auto values = cells_of(raw, slot.offset, *slot.mapper);
            if (!any_primary_key(*slot.mapper, values)) continue;
            objects[jl.slot] = session.load_values(*slot.mapper, std::move(values));
            auto& m = members[j][it->second];
            if (m.seen.insert(objects[jl.slot].get()).second) m.items.push_back(objects[jl.slot]);
        }
        for (size_t s = 0; s < objects.size(); ++s)
            if (objects[s] && slot_seen[s].insert(objects[s].get()).second) slot_objects[s].push_back(objects[s]);
        row.objects.assign(objects.begin(), objects.begin() + static_cast<std::ptrdiff_t>(entities.size()));
        if (unique && !seen_rows.insert(row_identity(row, entities, layout)).second) continue;
        rows.push_back(std::move(row));
    }
    result->close();
    for (size_t j = 0; j < p.joined.size(); ++j)
        for (const auto& m : members[j]) session.set_loaded_related(m.parent, *p.joined[j].relationship, m.items);
    for (const auto& post : p.post) load_in_batches(session, slot_objects[post.slot], *post.load);
    return rows;
}

}  // namespace orm::session::detail
