#include "orm/seed/seeder.hpp"

#include <algorithm>
#include <deque>
#include <fstream>
#include <iostream>
#include <set>
#include <unordered_map>

#include "orm/core/error.hpp"
#include "orm/seed/convert.hpp"
#include "orm/seed/lines.hpp"
#include "orm/seed/seeder_detail.hpp"
#include "orm/seed/string_map.hpp"
#include "orm/session/session.hpp"
#include "orm/session/unit_of_work.hpp"

namespace orm::seed {

namespace detail {

ClassPlan& Seeder::plan_for(const Mapper& m) {
    auto it = plans_.find(&m);
    if (it != plans_.end()) return it->second;
    ClassPlan p;
    p.mapper = &m;
    p.counts = counts_.size();
    counts_.push_back({m.class_name(), {}});
    const auto& t = m.table();
    const schema::Column* autoinc = t.autoincrement_column();
    auto indexes_of = [&](const std::vector<std::string>& names) {
        std::vector<size_t> out;
        for (const auto& n : names) {
            const auto* a = m.column_by_name(n);
            if (!a) return std::vector<size_t>{};
            out.push_back(a->index);
        }
        return out;
    };
    std::vector<std::vector<size_t>> sets{m.primary_key()};
    for (const auto& uc : t.unique_constraints) sets.push_back(indexes_of(uc.columns));
    for (const auto& ix : t.indexes) {
        if (!ix.unique || ix.postgresql_where || ix.sqlite_where) continue;
        std::vector<std::string> names;
        for (const auto& e : ix.expressions) {
            if (e->kind != schema::ClauseKind::Column) {
                names.clear();
                break;
            }
            names.push_back(e->text);
        }
        if (!names.empty()) sets.push_back(indexes_of(names));
    }
    for (const auto& c : m.columns())
        if (c.column->unique.value_or(false)) sets.push_back({c.index});
    std::set<std::vector<size_t>> done;
    for (auto& s : sets)
        if (!s.empty() && done.insert(s).second) p.key_sets.push_back(std::move(s));
    p.foreign_key_column.assign(m.columns().size(), false);
    for (const auto& fk : t.foreign_keys) {
        std::vector<size_t> columns;
        for (const auto& name : fk.columns) {
            // An unmapped key column, or one with a default, gets values no record gave.
            const auto* a = m.column_by_name(name);
            if (!a || a->column->default_value || a->column->server_default) references_known_ = false;
            if (a) p.foreign_key_column[a->index] = true;
            if (a) columns.push_back(a->index);
        }
        if (columns.size() != fk.columns.size()) columns.clear();
        p.foreign_keys.push_back(std::move(columns));
    }
    for (const auto& c : m.columns()) {
        if (c.column == autoinc) p.autoincrement = c.index;
        const auto& col = *c.column;
        if (col.nullable || col.default_value || col.server_default || c.column == autoinc) continue;
        p.required.push_back(c.index);
    }
    for (const auto& r : m.relationships())
        if (r->direction == Direction::many_to_one)
            for (auto [from, to] : r->sync_pairs) p.filled_by[to].push_back(r.get());
    for (const Mapper* other : registry_.mappers())
        for (const auto& r : other->relationships())
            if (r->direction == Direction::one_to_many && r->target == &m)
                for (auto [from, to] : r->sync_pairs) p.filled_by_parent[to].push_back(r.get());
    return plans_.emplace(&m, std::move(p)).first->second;
}

ClassPlan& Seeder::class_for(const std::string& key, size_t offset) {
    if (auto it = class_keys_.find(key); it != class_keys_.end()) return *it->second;
    const Mapper* m = registry_.mapper(key);
    if (!m) m = registry_.mapper_for_table(key);
    if (!m) {
        std::string classes, tables;
        for (const auto* c : registry_.mappers()) classes += (classes.empty() ? "" : ", ") + c->class_name();
        for (const auto& t : registry_.metadata().tables) tables += (tables.empty() ? "" : ", ") + t->fullname();
        fail(offset, "unknown class or table '" + key + "' (classes: " + classes + "; tables: " + tables + ")");
    }
    ClassPlan& p = plan_for(*m);
    class_keys_[key] = &p;
    return p;
}

std::vector<Value> Seeder::primary_key(const Object& o) const {
    std::vector<Value> pk;
    for (size_t i : o.mapper().primary_key()) pk.push_back(o.get(i));
    return pk;
}

void Seeder::unique_keys(const ClassPlan& plan, const Object& obj,
                         std::vector<std::pair<std::string, const std::vector<size_t>*>>& out) const {
    out.clear();
    for (const auto& s : plan.key_sets) {
        std::string key = plan.mapper->table().fullname();
        bool complete = true;
        for (size_t i : s) {
            // NULLs never conflict in a unique constraint.
            if (!obj.has(i) || obj.get(i).is_null()) {
                complete = false;
                break;
            }
            key += "\x1f" + std::to_string(i) + "=" + obj.get(i).repr();
        }
        if (complete) out.push_back({std::move(key), &s});
    }
}

bool Seeder::keys_all_seen(const Mapper& m) {
    auto [it, fresh] = keys_all_seen_.try_emplace(&m.table());
    if (fresh) it->second = session_.filter_by(m, {}, 1).empty();
    return it->second;
}

ObjectPtr Seeder::lookup_ref(const Mapper& m, Node& ref) {
    if (ref.kind != Node::Kind::object || ref.members.empty())
        fail(ref.offset, "$ref takes an object of column values, such as {\"$ref\": {\"username\": \"tmiller\"}}");
    std::vector<std::pair<std::string, Value>> criteria;
    std::string shown;
    for (auto& [k, v] : ref.members) {
        Step step(path_, k);
        const auto* a = m.column(k);
        if (!a) fail(v.offset, "'" + m.class_name() + "' has no column '" + k + "'");
        Value value;
        if (auto error = convert_value(*a->column, v, value, sized_integers_)) fail(v.offset, *error);
        shown += (shown.empty() ? "" : ", ") + k + "=" + value.repr();
        criteria.push_back({k, std::move(value)});
    }
    // One query per distinct lookup: the same $ref in many records is answered from memory.
    std::string memo = m.class_name() + "\x1f" + shown;
    if (auto cached = ref_cache_.find(memo); cached != ref_cache_.end()) return cached->second;
    auto found = session_.filter_by(m, criteria, 2);
    if (found.empty()) fail(ref.offset, "$ref matches no " + m.class_name() + " row (" + shown + ")");
    if (found.size() > 1)
        fail(ref.offset, "$ref matches several " + m.class_name() + " rows (" + shown + "); name unique columns");
    ref_cache_[memo] = found[0];
    return found[0];
}

void Seeder::attach(const ObjectPtr& obj, const RelationshipProperty& r, const ObjectPtr& target) {
    // One direction only: the unit of work takes foreign keys from either
    // side, and objects pointing at each other would never be freed.
    switch (r.direction) {
        case Direction::many_to_one: obj->set_related(r, target, false); break;
        case Direction::one_to_many:
            if (r.uselist) obj->append(r, target, false);
            else obj->set_related(r, target, false);
            break;
        case Direction::many_to_many:
            // Association rows are written from the owning side's collection.
            if (owning_side(r)) obj->append(r, target, false);
            else target->append(*r.reverse, obj, false);
            break;
    }
}

void Seeder::connect(const ObjectPtr& obj, const RelationshipProperty& r, const std::string& alias,
                     const AliasTarget& a, const Place* saved, size_t offset) {
    auto fail_here = [&](const std::string& message) {
        if (saved) saved->fail(message);
        fail(offset, message);
    };
    if (a.mapper != r.target)
        fail_here("'@" + alias + "' is a " + a.mapper->class_name() + ", but '" + r.parent->class_name() + "." + r.key +
                   "' takes a " + r.target->class_name());
    if (a.object) {
        attach(obj, r, a.object);
        if (r.direction == Direction::one_to_many) adopted_.insert(a.object.get());
        return;
    }
    // Flushed already: a many-to-one reference to its primary key is the key
    // itself; anything else needs the row back as an object.
    const auto& pk = a.mapper->primary_key();
    auto key_at = [&](size_t n) { return a.key ? (*a.key)[n] : Value(static_cast<long long>(a.id)); };
    if (r.direction == Direction::many_to_one) {
        bool by_key = true;
        for (auto [from, to] : r.sync_pairs)
            by_key = by_key && std::find(pk.begin(), pk.end(), from) != pk.end();
        if (by_key) {
            for (auto [from, to] : r.sync_pairs)
                obj->set(to, key_at(static_cast<size_t>(std::find(pk.begin(), pk.end(), from) - pk.begin())));
            return;
        }
    }
    std::vector<Value> key;
    for (size_t n = 0; n < pk.size(); ++n) key.push_back(key_at(n));
    ObjectPtr target = session_.get(a.mapper->class_name(), key);
    if (!target) fail_here("the record given this \"$id\" is no longer in the database");
    attach(obj, r, target);
}

void Seeder::define_alias(const std::string& name, AliasTarget& target, const ObjectPtr& obj) {
    target.mapper = &obj->mapper();
    target.object = obj;
    batch_aliases_.push_back(&target);
    if (waiting_.empty()) return;
    auto w = waiting_.find(name);
    if (w == waiting_.end()) return;
    for (auto& ref : w->second) {
        connect(ref.object, *ref.rel, name, target, &ref.place);
        --waiting_count_;
    }
    waiting_.erase(w);
}

void Seeder::link_one(const ObjectPtr& obj, const RelationshipProperty& r, Node& v) {
    if (v.kind == Node::Kind::string) {
        if (v.text.empty() || v.text[0] != '@')
            fail(v.offset, "a relationship takes a record, an \"@alias\" or {\"$ref\": {...}}, got the string '" + v.text + "'");
        std::string alias = v.text.substr(1);
        // (An entry without a mapper is a "$id" still being read: not there yet.)
        if (const AliasTarget* target = aliases_.find(alias); target && target->mapper) {
            connect(obj, r, alias, *target, nullptr, v.offset);
            return;
        }
        // Not read yet: linked when the record with this "$id" comes.
        waiting_[alias].push_back({obj, &r, place(v.offset), waiting_order_++});
        ++waiting_count_;
        filled_later_.insert({obj.get(), &r});
        return;
    }
    if (v.kind == Node::Kind::object) {
        ObjectPtr target = record(plan_for(*r.target), v, r.direction == Direction::one_to_many ? &r : nullptr);
        attach(obj, r, target);
        return;
    }
    if (v.kind == Node::Kind::null && !r.uselist) {
        obj->set_related(r, nullptr, false);
        return;
    }
    fail(v.offset, "a relationship takes a record, an \"@alias\" or {\"$ref\": {...}}, got " + v.type_name());
}

void Seeder::link(const ObjectPtr& obj, const RelationshipProperty& r, Node& v) {
    if (!r.uselist) {
        link_one(obj, r, v);
        return;
    }
    if (v.kind != Node::Kind::array)
        fail(v.offset, "'" + obj->mapper().class_name() + "." + r.key + "' is a collection: expected an array, got " + v.type_name());
    for (size_t i = 0; i < v.items.size(); ++i) {
        Step step(path_, i);
        link_one(obj, r, v.items[i]);
    }
}

void Seeder::check_required(const ClassPlan& plan, const ObjectPtr& obj, const Node& node,
                            const RelationshipProperty* via, bool has_alias) {
    for (size_t c : plan.required) {
        if (obj->has(c)) continue;
        bool filled = false;
        if (auto it = plan.filled_by.find(c); it != plan.filled_by.end())
            for (const RelationshipProperty* r : it->second)
                filled = filled || obj->related(*r) || filled_later_.count({obj.get(), r});
        if (via)
            for (auto [from, to] : via->sync_pairs) filled = filled || to == c;
        if (filled) continue;
        // A parent further on may still take this record into a collection by its "@alias".
        if (has_alias && plan.filled_by_parent.count(c)) {
            deferred_.push_back({obj, c, place(node.offset)});
            continue;
        }
        fail(node.offset, "missing value for NOT NULL column '" + plan.mapper->columns()[c].column->name + "' of " +
                              plan.mapper->class_name());
    }
}

void Seeder::check_deferred() {
    for (const auto& d : deferred_)
        if (!d.object->has(d.column) && !adopted_.count(d.object.get()))
            d.place.fail("missing value for NOT NULL column '" + d.object->mapper().columns()[d.column].column->name +
                         "' of " + d.object->mapper().class_name());
    deferred_.clear();
    adopted_.clear();
}

ObjectPtr Seeder::record(ClassPlan& plan, Node& node, const RelationshipProperty* via) {
    const Mapper& m = *plan.mapper;
    if (node.kind != Node::Kind::object)
        fail(node.offset, "expected a " + m.class_name() + " record (an object), got " + node.type_name());
    if (++records_ % 1000 == 0) report_progress(false);
    for (auto& [key, v] : node.members)
        if (key == "$ref") {
            if (node.members.size() != 1) fail(node.offset, "a {\"$ref\": ...} object takes no other keys");
            Step step(path_, key);
            return lookup_ref(m, v);
        }
    // Columns first, checked; relationships once the object exists.
    auto obj = std::make_shared<Object>(m);
    const std::string* alias = nullptr;
    AliasTarget* alias_target = nullptr;
    bool has_relationships = false, gave_foreign_key = false;
    for (auto& [key, v] : node.members) {
        if (key == "$id") {
            Step step(path_, key);
            if (v.kind != Node::Kind::string || v.text.empty()) fail(v.offset, "$id takes a non-empty string");
            auto [target, fresh] = aliases_.try_emplace(v.text);
            if (!fresh) fail(v.offset, "$id '" + v.text + "' is already used by another record");
            alias = &v.text;
            alias_target = target;
        } else if (const auto* a = m.column(key)) {
            Value value;
            if (auto error = convert_value(*a->column, v, value, sized_integers_)) {
                Step step(path_, key);
                fail(v.offset, *error);
            }
            gave_foreign_key = gave_foreign_key || (plan.foreign_key_column[a->index] && !value.is_null());
            obj->set(a->index, std::move(value));
        } else if (m.relationship(key)) {
            has_relationships = true;
        } else {
            Step step(path_, key);
            std::string valid;
            for (const auto& k : m.attribute_order()) valid += (valid.empty() ? "" : ", ") + k;
            fail(v.offset, "'" + m.class_name() + "' has no attribute '" + key + "' (it has: " + valid + ")");
        }
    }
    // A conflict on the primary key or a unique constraint, with this run's records or the database.
    bool is_new = true;
    if (!plan.key_sets.empty()) {
        std::vector<std::pair<std::string, const std::vector<size_t>*>> keys;
        unique_keys(plan, *obj, keys);
        if (keys.empty() && options_.on_conflict != OnConflict::error) no_conflict_key(m, node);
        const bool all_seen = !keys.empty() && keys_all_seen(m);
        ObjectPtr existing;
        bool created = false;   // the row `existing` stands for was inserted by this run
        for (const auto& [key, columns] : keys) {
            if (auto it = seen_keys_.find(key); it != seen_keys_.end()) {
                existing = it->second.object ? it->second.object
                                             : session_.get(it->second.mapper->class_name(), it->second.key);
                created = it->second.created;
                if (existing) break;
            }
            if (all_seen) continue;   // no row of the table that seen_keys_ does not know
            std::vector<std::pair<std::string, Value>> criteria;
            for (size_t i : *columns) criteria.push_back({m.columns()[i].key, obj->get(i)});
            auto found = session_.filter_by(m, criteria, 1);
            if (!found.empty()) {
                existing = found[0];
                break;
            }
        }
        if (existing) {
            if (options_.on_conflict == OnConflict::error) {
                std::string shown;
                for (const auto& c : m.columns())
                    if (obj->has(c.index)) shown += (shown.empty() ? "" : ", ") + c.key + "=" + obj->get(c.index).repr();
                auto [file, loc] = text_->position(node.offset);
                throw DatabaseError(file->name() + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) +
                                    ": " + path_.str() + ": a " + m.class_name() +
                                    " with the same primary key or unique columns already exists (" + shown +
                                    "); use --on-conflict skip or update");
            }
            if (options_.on_conflict == OnConflict::update) {
                // The later record wins; rows that were there count as updated (or skipped if nothing differed).
                for (const auto& c : m.columns())
                    if (obj->has(c.index)) existing->set(c.index, obj->get(c.index));
                if (!created) plan.matched_for_update++;
            } else if (!created) {
                counts_[plan.counts].second.skipped++;
            }
            obj = existing;
            is_new = false;
        }
        for (auto& [key, columns] : keys) {
            auto [it, fresh] = seen_keys_.try_emplace(std::move(key));
            if (!fresh) continue;
            it->second.mapper = &m;
            it->second.object = obj;
            it->second.created = is_new || created;
            batch_seen_.push_back(&it->second);
        }
        // A new row leaving a key column to the database (a sequence, a
        // default) has a key seen_keys_ does not know: later records ask.
        if (is_new && keys.size() != plan.key_sets.size()) keys_all_seen_[&m.table()] = false;
    }
    if (is_new) {
        if (plan.autoincrement != SIZE_MAX && obj->has(plan.autoincrement) && !obj->get(plan.autoincrement).is_null())
            explicit_keys_.insert(&m.table());
        session_.add(obj);
        batch_records_.push_back({obj, place(node.offset)});
        ++pending_objects_;
    }
    if (alias) define_alias(*alias, *alias_target, obj);
    if (has_relationships) link_relationships(m, obj, node, is_new);
    if (is_new) check_required(plan, obj, node, via, alias != nullptr);
    if (gave_foreign_key) note_key_origin(plan, *obj, node.offset, via, is_new);
    return obj;
}

void Seeder::link_relationships(const Mapper& m, const ObjectPtr& obj, Node& node, bool is_new) {
    for (auto& [key, v] : node.members) {
        const RelationshipProperty* r = m.relationship(key);
        if (!r) continue;
        // A skipped row keeps its own references; its nested children still load.
        if (!is_new && options_.on_conflict == OnConflict::skip && !r->uselist) continue;
        Step step(path_, key);
        link(obj, *r, v);
    }
}

void Seeder::top_record(ClassPlan& plan, Node& node) {
    record(plan, node, nullptr);
    if (pending_objects_ < flush_at_) return;
    // Held back while a reference waits for a record further on, or a NOT
    // NULL key may still come from one; tried again a batch later.
    flush_at_ = pending_objects_ + std::max<size_t>(1, options_.batch_size);
    if (waiting_count_ > 0) return;
    std::erase_if(deferred_, [&](const Deferred& d) { return d.object->has(d.column) || adopted_.count(d.object.get()); });
    if (!deferred_.empty()) return;
    flush();
}

void Seeder::flush() {
    check_deferred();
    try {
        session_.flush_and_expunge_all();
    } catch (const dialect::DriverError& e) {
        fail_flush(e);
    }
    batch_records_.clear();
    const auto& flushed = session_.last_flush();
    for (const auto& [name, n] : flushed.inserted) inserted_[name] += n;
    for (const auto& [name, n] : flushed.updated) updated_[name] += n;
    // An updated row may have changed a key others refer to, a deleted one taken it away.
    for (const auto* counts : {&flushed.updated, &flushed.deleted})
        for (const auto& [name, n] : *counts)
            if (n > 0) references_known_ = false;
    // What later records may refer to keeps only its key; the objects go.
    for (AliasTarget* a : batch_aliases_) {
        if (!a->object) continue;
        const auto& pk = a->mapper->primary_key();
        const Value& first = a->object->get(pk[0]);
        if (pk.size() == 1 && first.kind() == Value::Kind::integer) a->id = first.as_int();
        else a->key = std::make_unique<std::vector<Value>>(primary_key(*a->object));
        a->object.reset();
    }
    batch_aliases_.clear();
    for (SeenKey* k : batch_seen_) {
        if (!k->object) continue;
        k->key = primary_key(*k->object);
        k->object.reset();
    }
    batch_seen_.clear();
    filled_later_.clear();
    pending_objects_ = 0;
    flush_at_ = std::max<size_t>(1, options_.batch_size);
}

namespace {

// A value as the database prints it as text (what a ForeignKeyBreach holds);
// nothing for NULL and bytes.
std::optional<std::string> db_text(const Value& v, const schema::TypeEngine& type, const dialect::Dialect& backend) {
    if (v.is_null()) return std::nullopt;
    const dialect::Value d = session::to_db(v, type, backend);
    switch (d.kind()) {
        case dialect::Value::Kind::boolean: return d.as_bool() ? "true" : "false";
        case dialect::Value::Kind::integer: return std::to_string(d.as_int());
        case dialect::Value::Kind::real: return d.repr();
        case dialect::Value::Kind::text: return d.as_text();
        default: return std::nullopt;
    }
}

std::string origin_key(const schema::Table& t, size_t foreign_key) {
    return t.fullname() + "\x1f" + std::to_string(foreign_key);
}

std::string where(const Place& p) {
    auto [file, loc] = p.text->position(p.offset);
    return format_position(*file, loc) + ": " + p.pointer;
}

}  // namespace

void Seeder::note_key_origin(const ClassPlan& plan, const Object& obj, size_t offset, const RelationshipProperty* via,
                             bool is_new) {
    references_known_ = false;   // a key column given in a record is the database's to check
    if (!is_new && options_.on_conflict != OnConflict::update) return;   // a row skipped keeps its values
    const auto& columns = plan.mapper->columns();
    for (size_t k = 0; k < plan.foreign_keys.size(); ++k) {
        if (plan.foreign_keys[k].empty()) continue;
        std::string key = origin_key(plan.mapper->table(), k);
        bool complete = true;
        for (size_t c : plan.foreign_keys[k]) {
            // A value a relationship fills when the batch is written is a key of a row this seed wrote or read.
            bool related = false;
            if (via)
                for (auto [from, to] : via->sync_pairs) related = related || to == c;
            if (auto it = plan.filled_by.find(c); it != plan.filled_by.end())
                for (const RelationshipProperty* r : it->second)
                    related = related || obj.related(*r) || filled_later_.count({&obj, r});
            const auto& backend = session_.engine().dialect();
            auto text = obj.has(c) && !related ? db_text(obj.get(c), columns[c].column->type, backend) : std::nullopt;
            if (!text) {
                complete = false;
                break;
            }
            key += "\x1f" + *text;
        }
        if (complete) key_origins_.try_emplace(std::move(key), KeyOrigin{records_, place(offset)});
    }
}

void Seeder::fail_breach(const dialect::ForeignKeyViolation& e) const {
    const auto& breach = e.breach();
    const KeyOrigin* first = nullptr;
    size_t which = 0;
    for (const auto& [mapper, plan] : plans_) {
        const schema::Table& t = mapper->table();
        if (t.name != breach.table || (t.schema && !breach.schema.empty() && *t.schema != breach.schema)) continue;
        for (size_t k = 0; k < t.foreign_keys.size(); ++k) {
            if (t.foreign_keys[k].columns != breach.columns || plan.foreign_keys[k].empty()) continue;
            for (size_t i = 0; i < breach.keys.size(); ++i) {
                std::string key = origin_key(t, k);
                for (const auto& value : breach.keys[i]) key += "\x1f" + value;
                auto it = key_origins_.find(key);
                if (it == key_origins_.end() || (first && first->order <= it->second.order)) continue;
                first = &it->second;
                which = i;
            }
        }
    }
    // (A value no record gave, such as a column default's, has no record to name.)
    if (!first) throw;
    throw dialect::DriverError(where(first->place) + ": " + e.message(which), e.kind(), e.code(), e.statement());
}

void Seeder::no_conflict_key(const Mapper& m, const Node& node) {
    const std::string message = "a " + m.class_name() + " record with no primary key and no unique value: --on-conflict " +
                                (options_.on_conflict == OnConflict::skip ? "skip" : "update") +
                                " cannot tell it from a row already there, so every run inserts it again";
    if (options_.strict) place(node.offset).fail(message + " (--strict)");
    if (!warned_no_key_.insert(&m).second || !options_.warn) return;
    auto [file, loc] = text_->position(node.offset);
    options_.warn(format_position(*file, loc) + ": " + path_.str() + ": " + message + " (said once per class)");
}

namespace {

// PostgreSQL's "Key (a, b)=(1, x)" in a constraint error: the columns and values.
std::optional<std::pair<std::vector<std::string>, std::vector<std::string>>> key_in(const std::string& message) {
    auto open = message.find("Key (");
    if (open == std::string::npos) return std::nullopt;
    auto close = message.find(")=(", open);
    auto end = close == std::string::npos ? close : message.find(')', close + 3);
    if (end == std::string::npos) return std::nullopt;
    auto split = [](const std::string& list) {
        std::vector<std::string> out;
        for (size_t start = 0;;) {
            size_t comma = list.find(", ", start);
            out.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos) return out;
            start = comma + 2;
        }
    };
    auto columns = split(message.substr(open + 5, close - open - 5));
    auto values = split(message.substr(close + 3, end - close - 3));
    if (columns.size() != values.size()) return std::nullopt;
    return std::pair{columns, values};
}

// A value as the server prints it in a key: text bare, numbers as digits.
std::string as_key_text(const Value& v) {
    if (v.kind() == Value::Kind::text) return v.as_text();
    std::string r = v.repr();
    if (r.size() >= 2 && r.front() == '\'' && r.back() == '\'') return r.substr(1, r.size() - 2);
    return r;
}

}  // namespace

void Seeder::fail_flush(const dialect::DriverError& e) const {
    const Place* at = batch_records_.size() == 1 ? &batch_records_[0].second : nullptr;
    if (!at)
        if (auto key = key_in(e.server_message()))
            for (const auto& [obj, place] : batch_records_) {
                bool same = true;
                for (size_t i = 0; i < key->first.size() && same; ++i) {
                    const auto* column = obj->mapper().column_by_name(key->first[i]);
                    same = column && obj->has(column->index) && as_key_text(obj->get(column->index)) == key->second[i];
                }
                if (same) {
                    at = &place;
                    break;
                }
            }
    if (at) throw dialect::DriverError(where(*at) + ": " + e.server_message(), e.kind(), e.code(), e.statement());
    if (batch_records_.empty()) throw;
    throw dialect::DriverError(e.server_message() + " (in the records written together, from " +
                                   where(batch_records_.front().second) + " to " + where(batch_records_.back().second) + ")",
                               e.kind(), e.code(), e.statement());
}

void Seeder::end_of_input() {
    if (waiting_count_ == 0) return;
    // The first dangling reference in input order.
    const WaitingRef* first = nullptr;
    std::string alias;
    for (const auto& [name, refs] : waiting_)
        for (const auto& ref : refs)
            if (!first || ref.order < first->order) {
                first = &ref;
                alias = name;
            }
    first->place.fail("no record has \"$id\": \"" + alias + "\"");
}

SeedSummary Seeder::run(const std::vector<SeedInput>& inputs) {
    flush_at_ = std::max<size_t>(1, options_.batch_size);
    // Tables this seed fills from empty get their foreign keys checked once,
    // all rows at a time, when the seed ends, or not at all on SQLite where
    // every reference is to a row the seed inserted or read (see
    // dialect::Connection::begin_bulk_load). Before the transaction begins.
    session_.begin_bulk_load();
    // The dialect's settings for a large load (SQLite: a page cache that holds the working set).
    for (const auto& setting : session_.engine().dialect().bulk_load_settings()) session_.connection().execute(setting);
    for (const auto& in : inputs) {
        if (in.source) {
            if (!in.ndjson) {
                read_document(in.source);
            } else {
                LineReader lines(in.source->text());
                read_ndjson(lines, in.source->name());
            }
        } else if (in.path == "-") {
            read_stdin();
        } else if (is_ndjson_name(in.path)) {
            auto stream = std::make_unique<std::ifstream>(in.path, std::ios::binary);
            if (!*stream) throw UsageError("cannot read '" + in.path + "'");
            LineReader lines(std::move(stream));
            read_ndjson(lines, in.path);
        } else {
            read_document(SourceFile::load(in.path));
        }
        end_of_input();
        bytes_before_ += bytes_in_;
        bytes_in_ = 0;
    }
    flush();
    // Before a dry run's rollback too: it reports what would fail.
    try {
        session_.connection().end_bulk_load(references_known_);
    } catch (const dialect::ForeignKeyViolation& e) {
        fail_breach(e);
    }
    for (const auto& [m, p] : plans_) {
        auto& [name, c] = counts_[p.counts];
        c.inserted = inserted_[name];
        c.updated = std::min(updated_[name], p.matched_for_update);
        c.skipped += p.matched_for_update - c.updated;
    }
    // Keys given explicitly may leave the key's generator (a PostgreSQL sequence) behind; move it past them.
    {
        auto& conn = session_.connection();
        const auto& backend = session_.engine().dialect();
        const auto& preparer = backend.identifier_preparer();
        for (const auto* t : explicit_keys_) {
            const auto* col = t->autoincrement_column();
            backend.advance_key_generator(conn.runner(), preparer.format_table(*t), preparer.quote(col->name), col->name);
        }
    }
    if (options_.dry_run) session_.rollback();
    else session_.commit();
    report_progress(true);
    SeedSummary s;
    s.classes = counts_;
    s.dry_run = options_.dry_run;
    return s;
}

}  // namespace detail

using detail::Seeder;


bool is_ndjson_name(const std::string& name) {
    return name.ends_with(".ndjson") || name.ends_with(".jsonl");
}

ClassCounts SeedSummary::total() const {
    ClassCounts t;
    for (const auto& [n, c] : classes) {
        t.inserted += c.inserted;
        t.updated += c.updated;
        t.skipped += c.skipped;
    }
    return t;
}

nlohmann::json SeedSummary::to_json() const {
    auto j = nlohmann::json::object();
    j["dry_run"] = dry_run;
    auto arr = nlohmann::json::array();
    for (const auto& [n, c] : classes)
        arr.push_back({{"class", n}, {"inserted", c.inserted}, {"updated", c.updated}, {"skipped", c.skipped}});
    j["classes"] = arr;
    auto t = total();
    j["total"] = {{"inserted", t.inserted}, {"updated", t.updated}, {"skipped", t.skipped}};
    return j;
}

std::string SeedSummary::to_text() const {
    std::string out;
    auto line = [](const std::string& name, const ClassCounts& c) {
        return name + ": " + std::to_string(c.inserted) + " inserted, " + std::to_string(c.updated) + " updated, " +
               std::to_string(c.skipped) + " skipped\n";
    };
    for (const auto& [n, c] : classes) out += line(n, c);
    out += line("total", total());
    if (dry_run) out += "dry run: rolled back, nothing was written\n";
    return out;
}

SeedSummary seed(engine::Engine engine, const session::Registry& registry, const std::vector<SeedInput>& inputs,
                 const SeedOptions& options) {
    Seeder seeder(std::move(engine), registry, options);
    return seeder.run(inputs);
}

}  // namespace orm::seed
