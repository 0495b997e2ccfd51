#include "orm/session/session.hpp"

#include <algorithm>
#include <functional>

#include "orm/core/error.hpp"
#include "orm/session/query.hpp"
#include "orm/session/unit_of_work.hpp"

namespace orm::session {

namespace {

std::string valid_keys(const Mapper& m) {
    std::string out;
    for (const auto& k : m.attribute_order()) out += (out.empty() ? "" : ", ") + k;
    return out;
}

}  // namespace

// ---- Object ---------------------------------------------------------------

Object::Object(const Mapper& mapper)
    : mapper_(&mapper),
      values_(mapper.columns().size()),
      present_(mapper.columns().size(), false),
      scalars_(mapper.relationships().size()),
      collections_(mapper.relationships().size()),
      touched_(mapper.relationships().size(), false) {}

void Object::touch(const RelationshipProperty& p) {
    touched_[p.index] = true;
    if (session_) session_->relationships_changed_ = true;
}

const Value& Object::get(const std::string& key) const {
    const auto* a = mapper_->column(key);
    if (!a) throw InputError("'" + mapper_->class_name() + "' has no column attribute '" + key + "' (it has: " + valid_keys(*mapper_) + ")");
    return values_[a->index];
}

void Object::set(const std::string& key, Value v) {
    const auto* a = mapper_->column(key);
    if (!a) throw InputError("'" + mapper_->class_name() + "' has no column attribute '" + key + "' (it has: " + valid_keys(*mapper_) + ")");
    set(a->index, std::move(v));
}

void Object::set(size_t i, Value v) {
    values_[i] = std::move(v);
    present_[i] = true;
}

const RelationshipProperty& Object::rel(const std::string& key) const {
    const auto* r = mapper_->relationship(key);
    if (!r) throw InputError("'" + mapper_->class_name() + "' has no relationship '" + key + "' (it has: " + valid_keys(*mapper_) + ")");
    return *r;
}

ObjectPtr Object::related(const std::string& key) const { return related(rel(key)); }
void Object::set_related(const std::string& key, ObjectPtr other) { set_related(rel(key), std::move(other)); }
const std::vector<ObjectPtr>& Object::collection(const std::string& key) const { return collection(rel(key)); }
void Object::append(const std::string& key, ObjectPtr other) { append(rel(key), std::move(other)); }
void Object::remove(const std::string& key, const ObjectPtr& other) { remove(rel(key), other); }

void Object::set_related(const RelationshipProperty& p, ObjectPtr other, bool sync) {
    if (p.uselist) throw InputError("'" + mapper_->class_name() + "." + p.key + "' is a collection: append to it");
    if (other && &other->mapper() != p.target)
        throw InputError("'" + mapper_->class_name() + "." + p.key + "' takes a " + p.target->class_name() + ", not a " +
                         other->mapper().class_name());
    ObjectPtr old = scalars_[p.index];
    if (old == other) return;
    scalars_[p.index] = other;
    touch(p);
    if (!sync || !p.reverse) return;
    auto self = shared_from_this();
    const auto& rev = *p.reverse;
    if (old) {
        if (rev.uselist) {
            old->remove(rev, self, false);
        } else if (old->scalars_[rev.index] == self) {
            old->scalars_[rev.index] = nullptr;
            old->touch(rev);
        }
    }
    if (other) {
        if (rev.uselist) other->append(rev, self, false);
        else other->set_related(rev, self, true);
    }
}

void Object::append(const RelationshipProperty& p, ObjectPtr other, bool sync) {
    if (!p.uselist) throw InputError("'" + mapper_->class_name() + "." + p.key + "' is not a collection");
    if (!other || &other->mapper() != p.target)
        throw InputError("'" + mapper_->class_name() + "." + p.key + "' holds " + p.target->class_name() + " objects");
    auto& coll = collections_[p.index];
    if (std::find(coll.begin(), coll.end(), other) != coll.end()) return;
    coll.push_back(other);
    touch(p);
    if (!sync || !p.reverse) return;
    auto self = shared_from_this();
    const auto& rev = *p.reverse;
    if (rev.uselist) {
        other->append(rev, self, false);
    } else {
        // Moving a child to a new parent takes it out of the old parent's collection.
        ObjectPtr old = other->scalars_[rev.index];
        if (old && old != self) old->remove(p, other, false);
        other->scalars_[rev.index] = self;
        other->touch(rev);
    }
}

void Object::remove(const RelationshipProperty& p, const ObjectPtr& other, bool sync) {
    auto& coll = collections_[p.index];
    auto it = std::find(coll.begin(), coll.end(), other);
    if (it == coll.end()) return;
    coll.erase(it);
    touch(p);
    if (!p.reverse && p.direction == Direction::one_to_many && session_)
        session_->removed_children_.push_back({&p, other});
    if (!sync || !p.reverse) return;
    const auto& rev = *p.reverse;
    if (rev.uselist) {
        other->remove(rev, shared_from_this(), false);
    } else if (other->scalars_[rev.index].get() == this) {
        other->scalars_[rev.index] = nullptr;
        other->touch(rev);
    }
}

void Object::set_attribute(const std::string& key, const AttrValue& value) {
    if (const auto* a = mapper_->column(key)) {
        if (!std::holds_alternative<Value>(value.v))
            throw InputError("'" + mapper_->class_name() + "." + key + "' is a column: it takes a value, not an object");
        set(a->index, std::get<Value>(value.v));
        return;
    }
    const auto& r = rel(key);
    if (r.uselist) {
        std::vector<ObjectPtr> items;
        if (auto* one = std::get_if<ObjectPtr>(&value.v)) items.push_back(*one);
        else if (auto* many = std::get_if<std::vector<ObjectPtr>>(&value.v)) items = *many;
        else throw InputError("'" + mapper_->class_name() + "." + key + "' is a collection of " + r.target->class_name());
        for (auto& o : std::vector<ObjectPtr>(collections_[r.index])) remove(r, o);
        for (auto& o : items) append(r, o);
    } else {
        if (auto* one = std::get_if<ObjectPtr>(&value.v)) set_related(r, *one);
        else if (auto* v = std::get_if<Value>(&value.v); v && v->is_null()) set_related(r, nullptr);
        else throw InputError("'" + mapper_->class_name() + "." + key + "' takes a " + r.target->class_name() + " object");
    }
}

std::string Object::repr() const {
    std::string out = "<" + mapper_->class_name();
    for (const auto& c : mapper_->columns()) out += " " + c.key + "=" + values_[c.index].repr();
    return out + ">";
}

ObjectPtr create(const Registry& registry, const std::string& class_name,
                 std::initializer_list<std::pair<std::string, AttrValue>> attributes) {
    const Mapper* m = registry.mapper(class_name);
    if (!m) throw InputError("no mapped class named '" + class_name + "'");
    auto obj = std::make_shared<Object>(*m);
    for (const auto& [k, v] : attributes) obj->set_attribute(k, v);
    return obj;
}

// ---- Session --------------------------------------------------------------

Session::Session(engine::Engine engine, const Registry& registry) : engine_(std::move(engine)), registry_(registry) {
    registry_.configure();
}

Session::~Session() {
    try {
        close();
    } catch (...) {
    }
}

ObjectPtr Session::create(const std::string& class_name,
                          std::initializer_list<std::pair<std::string, AttrValue>> attributes) const {
    return session::create(registry_, class_name, attributes);
}

void Session::begin_bulk_load() {
    if (!conn_) conn_.emplace(engine_.connect());
    conn_->require_writable();
    conn_->begin_bulk_load();
}

engine::Connection& Session::connection() {
    if (!conn_) conn_.emplace(engine_.connect());
    if (!tx_ || !tx_->is_active()) tx_.emplace(conn_->begin());
    return *conn_;
}

void Session::add(const ObjectPtr& obj) {
    if (!obj) return;
    if (obj->session_ && obj->session_ != this)
        throw InputError("Object '" + obj->repr() + "' is already attached to another session");
    if (obj->state_ == ObjectState::transient || obj->state_ == ObjectState::detached) {
        if (obj->state_ == ObjectState::detached) {
            obj->state_ = ObjectState::persistent;
            identity_map_[identity_key(*obj)] = obj;
        } else {
            obj->state_ = ObjectState::pending;
            obj->insert_order_ = next_insert_order_++;
            new_objects_.push_back(obj);
        }
        obj->session_ = this;
    }
    cascade_from(obj.get());
}

void Session::add_all(const std::vector<ObjectPtr>& objs) {
    for (const auto& o : objs) add(o);
}

void Session::cascade_from(Object* root) {
    // save-update cascade: whatever a session object refers to joins the
    // session, depth first in property order (as SQLAlchemy's cascade on add).
    std::function<void(Object*)> visit = [&](Object* o) {
        for (const auto& r : o->mapper().relationships()) {
            if (!r->cascade.save_update) continue;
            // (Visiting adds to the session, never to these relationships: no copy needed.)
            const ObjectPtr* begin = r->uselist ? o->collections_[r->index].data() : &o->scalars_[r->index];
            const ObjectPtr* end = r->uselist ? begin + o->collections_[r->index].size() : begin + 1;
            for (const ObjectPtr* it = begin; it != end; ++it) {
                const ObjectPtr& c = *it;
                if (!c || c->state_ != ObjectState::transient) continue;
                c->state_ = ObjectState::pending;
                c->session_ = this;
                c->insert_order_ = next_insert_order_++;
                new_objects_.push_back(c);
                visit(c.get());
            }
        }
    };
    visit(root);
}

void Session::cascade_pending() {
    for (size_t i = 0; i < new_objects_.size(); ++i) cascade_from(new_objects_[i].get());
    std::vector<Object*> persistent;
    for (auto& [k, o] : identity_map_) persistent.push_back(o.get());
    for (Object* o : persistent) cascade_from(o);
}

std::vector<ObjectPtr> Session::new_() {
    cascade_pending();
    return new_objects_;
}

std::vector<ObjectPtr> Session::dirty() const {
    std::vector<ObjectPtr> out;
    for (const auto& [k, o] : identity_map_)
        if (o->state_ == ObjectState::persistent && o->values_ != o->committed_) out.push_back(o);
    return out;
}

std::vector<ObjectPtr> Session::deleted() const { return deleted_objects_; }

void Session::delete_(const ObjectPtr& obj) {
    if (obj->state_ == ObjectState::pending) {
        // SQLAlchemy: deleting a pending object is an error; expunging is the way.
        throw InputError("Instance '" + obj->repr() + "' is not persisted");
    }
    if (obj->state_ != ObjectState::persistent || obj->session_ != this)
        throw InputError("Instance '" + obj->repr() + "' is not persisted in this session");
    if (std::find(deleted_objects_.begin(), deleted_objects_.end(), obj) == deleted_objects_.end())
        deleted_objects_.push_back(obj);
    for (const auto& r : obj->mapper().relationships()) {
        if (!r->cascade.delete_) continue;
        std::vector<ObjectPtr> children = r->uselist ? obj->collections_[r->index] : std::vector<ObjectPtr>{obj->scalars_[r->index]};
        for (auto& c : children)
            if (c && c->state_ == ObjectState::persistent) delete_(c);
    }
}

std::string Session::identity_key(const Mapper& m, const std::vector<Value>& pk) const {
    std::string key = m.table().fullname();
    for (const auto& v : pk) key += "\x1f" + v.repr();
    return key;
}

std::string Session::identity_key(const Object& o) const {
    std::vector<Value> pk;
    for (size_t i : o.mapper().primary_key()) pk.push_back(o.values_[i]);
    return identity_key(o.mapper(), pk);
}

ObjectPtr Session::load_row(const Mapper& m, const dialect::Row& row) {
    std::vector<Value> values;
    for (const auto& c : m.columns()) values.push_back(from_db(row[c.index], c.column->type));
    std::vector<Value> pk;
    for (size_t i : m.primary_key()) pk.push_back(values[i]);
    auto key = identity_key(m, pk);
    if (auto it = identity_map_.find(key); it != identity_map_.end()) return it->second;
    auto obj = std::make_shared<Object>(m);
    obj->values_ = values;
    obj->committed_ = values;
    obj->present_.assign(values.size(), true);
    obj->state_ = ObjectState::persistent;
    obj->session_ = this;
    identity_map_[key] = obj;
    return obj;
}

ObjectPtr Session::load_values(const Mapper& m, std::vector<Value> values) {
    std::vector<Value> pk;
    for (size_t i : m.primary_key()) pk.push_back(values[i]);
    auto key = identity_key(m, pk);
    if (auto it = identity_map_.find(key); it != identity_map_.end()) return it->second;
    auto obj = std::make_shared<Object>(m);
    obj->present_.assign(values.size(), true);
    obj->committed_ = values;
    obj->values_ = std::move(values);
    obj->state_ = ObjectState::persistent;
    obj->session_ = this;
    identity_map_[key] = obj;
    return obj;
}

void Session::set_loaded_related(const ObjectPtr& parent, const RelationshipProperty& p,
                                 const std::vector<ObjectPtr>& related) {
    if (p.uselist) {
        parent->collections_[p.index] = related;
        if (p.direction == Direction::many_to_many) {
            auto& links = parent->committed_links_;
            links.erase(std::remove_if(links.begin(), links.end(), [&](const auto& l) { return l.first == p.index; }),
                        links.end());
            for (const auto& r : related) links.push_back({p.index, r.get()});
        }
    } else {
        parent->scalars_[p.index] = related.empty() ? nullptr : related.front();
    }
}

ObjectPtr Session::get(const std::string& class_name, const std::vector<Value>& pk) {
    const Mapper* m = registry_.mapper(class_name);
    if (!m) m = registry_.mapper_for_table(class_name);
    if (!m) throw InputError("no mapped class named '" + class_name + "'");
    if (pk.size() != m->primary_key().size())
        throw InputError("Incorrect number of values in identifier formed from argument to get() for " + class_name +
                         ": expected " + std::to_string(m->primary_key().size()));
    if (auto it = identity_map_.find(identity_key(*m, pk)); it != identity_map_.end()) return it->second;
    std::vector<std::pair<std::string, Value>> criteria;
    for (size_t i = 0; i < pk.size(); ++i) criteria.push_back({m->columns()[m->primary_key()[i]].key, pk[i]});
    auto found = filter_by(*m, criteria, 1);
    return found.empty() ? nullptr : found[0];
}

std::vector<ObjectPtr> Session::filter_by(const Mapper& m, const std::vector<std::pair<std::string, Value>>& criteria,
                                          size_t limit) {
    auto& conn = connection();
    const auto& backend = engine_.dialect();
    sql::Select select;
    for (const auto& c : m.columns()) select.columns.push_back(sql::column(m.table(), *c.column, c.key));
    dialect::Params values;
    for (const auto& [key, value] : criteria) {
        const auto* a = m.column(key);
        if (!a) throw InputError("'" + m.class_name() + "' has no column attribute '" + key + "'");
        auto column = sql::column(m.table(), *a->column, key);
        if (value.is_null()) {
            select.where.push_back(sql::compare("IS", column, sql::null()));
        } else {
            values.push_back(to_db(value, a->column->type, backend));
            select.where.push_back(sql::compare("=", column, sql::parameter()));
        }
    }
    if (limit) select.limit = static_cast<std::int64_t>(limit);
    auto compiled = backend.shared_statement_compiler().compile(select);
    dialect::Params params;
    for (const auto& p : compiled.params) params.push_back(p.parameter ? values[*p.parameter] : bind_value(p, backend));
    auto result = conn.query(compiled.sql, params);
    std::vector<ObjectPtr> out;
    while (result->next()) out.push_back(load_row(m, result->row()));
    return out;
}

void Session::flush() {
    cascade_pending();
    if (new_objects_.empty() && deleted_objects_.empty() && !relationships_changed_ && dirty().empty()) {
        counts_ = {};
        return;
    }
    auto& conn = connection();
    UnitOfWork uow(*this, conn);
    try {
        uow.run();
        relationships_changed_ = false;
    } catch (...) {
        rollback();
        throw;
    }
}

void Session::commit() {
    flush();
    if (tx_ && tx_->is_active()) tx_->commit();
    tx_.reset();
    flushed_in_tx_.clear();
    for (auto& [k, o] : identity_map_) o->committed_ = o->values_;
}

void Session::expunge_pending() {
    for (auto& o : new_objects_) {
        o->state_ = ObjectState::transient;
        o->session_ = nullptr;
    }
    new_objects_.clear();
}

void Session::rollback() {
    if (tx_ && tx_->is_active()) tx_->rollback();
    tx_.reset();
    // Objects inserted in the rolled-back transaction become transient again,
    // their generated keys cleared; persistent ones get their last committed values.
    for (auto& o : flushed_in_tx_) {
        identity_map_.erase(identity_key(*o));
        o->state_ = ObjectState::transient;
        o->session_ = nullptr;
        for (size_t i : o->mapper().primary_key())
            if (o->mapper().columns()[i].column == o->mapper().table().autoincrement_column()) {
                o->values_[i] = nullptr;
                o->present_[i] = false;
            }
    }
    flushed_in_tx_.clear();
    removed_children_.clear();
    expunge_pending();
    for (auto& [k, o] : identity_map_) o->values_ = o->committed_;
    deleted_objects_.clear();
}

void Session::expunge(const ObjectPtr& obj) {
    if (!obj || obj->session_ != this)
        throw InputError("Instance '" + (obj ? obj->repr() : std::string("None")) + "' is not present in this Session");
    auto drop = [&](std::vector<ObjectPtr>& v) { v.erase(std::remove(v.begin(), v.end(), obj), v.end()); };
    if (obj->state_ == ObjectState::pending) {
        drop(new_objects_);
        obj->state_ = ObjectState::transient;
    } else {
        if (auto it = identity_map_.find(identity_key(*obj)); it != identity_map_.end() && it->second == obj)
            identity_map_.erase(it);
        if (obj->state_ == ObjectState::persistent) obj->state_ = ObjectState::detached;
    }
    drop(deleted_objects_);
    drop(flushed_in_tx_);
    obj->session_ = nullptr;
}

void Session::flush_and_expunge_all() {
    expunging_flush_ = true;
    try {
        flush();
    } catch (...) {
        expunging_flush_ = false;
        throw;
    }
    expunging_flush_ = false;
    expunge_all();
}

void Session::expunge_all() {
    for (auto& o : new_objects_) {
        o->state_ = ObjectState::transient;
        o->session_ = nullptr;
    }
    for (auto& [k, o] : identity_map_) {
        if (o->state_ == ObjectState::persistent) o->state_ = ObjectState::detached;
        o->session_ = nullptr;
    }
    // Rows a flush_and_expunge_all() inserted never entered the identity map.
    for (auto& o : flushed_in_tx_) {
        if (o->state_ == ObjectState::persistent) o->state_ = ObjectState::detached;
        o->session_ = nullptr;
    }
    new_objects_.clear();
    identity_map_.clear();
    deleted_objects_.clear();
    flushed_in_tx_.clear();
    removed_children_.clear();
}

void Session::close() {
    rollback();
    for (auto& [k, o] : identity_map_) {
        o->state_ = ObjectState::detached;
        o->session_ = nullptr;
    }
    identity_map_.clear();
    if (conn_) conn_->close();
    conn_.reset();
}

}  // namespace orm::session
