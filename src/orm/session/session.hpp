// The ORM session: mapped objects, an identity map and a unit of work, with
// SQLAlchemy's Session API in snake_case (`new_` and `delete_` carry an
// underscore where the Python name is a C++ keyword).
//
//   orm::session::Registry registry(models.metadata, models.mappers, models.source);
//   orm::session::Session session(engine, registry);
//   auto c1 = session.create("Customer", {{"first_name", "Toby"}, ...});
//   session.add(c1);
//   session.commit();            // c1->get("id") is now 1
//   auto o1 = session.create("Order", {{"customer", c1}});
//   auto l1 = session.create("OrderLine", {{"order", o1}, {"item", i1}, {"quantity", 3}});
//   o1->collection("line_items");   // holds l1 (backrefs are kept in sync)
//
// Contracts:
// - One object per primary key per session (the identity map); get() asks
//   the database only for keys it does not hold.
// - flush() emits INSERTs in foreign-key dependency order (parents before
//   children, association rows after both sides), then UPDATEs, then DELETEs
//   in reverse order; inserts of one table are batched; generated keys are
//   fetched (RETURNING) and copied into referring objects; Python-side
//   `default` and `onupdate` are applied.
// - The session holds one connection and one transaction, begun on first
//   use; commit() flushes and commits; rollback() rolls back, makes the
//   objects inserted or pending in that transaction transient again (their
//   generated keys cleared) and restores persistent objects' values as of
//   their last flush. A failed flush rolls the transaction back.
// - Rows of a foreign-key cycle between tables are inserted with the
//   back reference NULL and then UPDATEd (SQLAlchemy's post_update).
// - Objects keep relationship partners alive (shared ownership on both
//   sides, as Python references do, but without a cycle collector: objects
//   linked both ways are freed when the process ends or the links are
//   removed). Loaded objects are not expired on commit and relationships are
//   not lazy-loaded from the database.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <variant>
#include <vector>

#include "orm/engine/engine.hpp"
#include "orm/session/mapper.hpp"
#include "orm/session/value.hpp"

namespace orm::session {

class Object;
class Session;
using ObjectPtr = std::shared_ptr<Object>;

// A constructor argument: a column value, a related object, or a collection.
struct AttrValue {
    std::variant<Value, ObjectPtr, std::vector<ObjectPtr>> v;
    AttrValue(ObjectPtr o) : v(std::move(o)) {}
    AttrValue(std::vector<ObjectPtr> os) : v(std::move(os)) {}
    template <class T>
        requires std::constructible_from<Value, T>
    AttrValue(T&& t) : v(Value(std::forward<T>(t))) {}
};

enum class ObjectState { transient, pending, persistent, deleted, detached };

// An instance of a mapped class.
class Object : public std::enable_shared_from_this<Object> {
public:
    explicit Object(const Mapper& mapper);
    const Mapper& mapper() const { return *mapper_; }
    ObjectState state() const { return state_; }

    // Column attributes. get() of an unknown key throws InputError.
    const Value& get(const std::string& key) const;
    void set(const std::string& key, Value v);
    const Value& get(size_t column_index) const { return values_[column_index]; }
    void set(size_t column_index, Value v);
    // True once the attribute was given a value (explicitly or by a load).
    bool has(size_t column_index) const { return present_[column_index]; }

    // Relationships. A scalar (uselist=False / many-to-one) one:
    ObjectPtr related(const std::string& key) const;
    void set_related(const std::string& key, ObjectPtr other);
    // A collection one:
    const std::vector<ObjectPtr>& collection(const std::string& key) const;
    void append(const std::string& key, ObjectPtr other);
    void remove(const std::string& key, const ObjectPtr& other);

    // Sets any attribute by key (column, scalar or collection relationship).
    void set_attribute(const std::string& key, const AttrValue& value);
    // SQLAlchemy's repr of the column attributes: <Customer id=1 first_name='Toby'>.
    std::string repr() const;

    // Relationship access by property, without key lookups (the unit of work's).
    ObjectPtr related(const RelationshipProperty& p) const { return scalars_[p.index]; }
    const std::vector<ObjectPtr>& collection(const RelationshipProperty& p) const { return collections_[p.index]; }
    void set_related(const RelationshipProperty& p, ObjectPtr other, bool sync_reverse = true);
    void append(const RelationshipProperty& p, ObjectPtr other, bool sync_reverse = true);
    void remove(const RelationshipProperty& p, const ObjectPtr& other, bool sync_reverse = true);

private:
    friend class Session;
    friend class UnitOfWork;
    const RelationshipProperty& rel(const std::string& key) const;
    const Mapper* mapper_;
    ObjectState state_ = ObjectState::transient;
    std::vector<Value> values_;
    std::vector<bool> present_;
    std::vector<Value> committed_;             // values as last flushed / loaded (empty until persistent)
    std::vector<ObjectPtr> scalars_;           // per relationship index
    std::vector<std::vector<ObjectPtr>> collections_;
    // many-to-many rows already in the database: (relationship index, other object)
    std::vector<std::pair<size_t, Object*>> committed_links_;
    std::vector<bool> touched_;                // per relationship: set/appended/removed since the last flush
    Session* session_ = nullptr;
    size_t insert_order_ = 0;
    void touch(const RelationshipProperty& p);
};

// Creates a transient object of `class_name` with attributes set (SQLAlchemy's
// Customer(first_name=...)). Throws InputError for an unknown class or attribute.
ObjectPtr create(const Registry& registry, const std::string& class_name,
                 std::initializer_list<std::pair<std::string, AttrValue>> attributes = {});

class Session {
public:
    Session(engine::Engine engine, const Registry& registry);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const Registry& registry() const { return registry_; }
    engine::Engine& engine() { return engine_; }

    // orm::session::create() for this session's registry (not added).
    ObjectPtr create(const std::string& class_name,
                     std::initializer_list<std::pair<std::string, AttrValue>> attributes = {}) const;

    void add(const ObjectPtr& obj);
    void add_all(const std::vector<ObjectPtr>& objs);
    void delete_(const ObjectPtr& obj);
    // Pending objects (with those reachable through save-update cascades), in insertion order.
    std::vector<ObjectPtr> new_();
    // Persistent objects whose column values changed since the last flush.
    std::vector<ObjectPtr> dirty() const;
    std::vector<ObjectPtr> deleted() const;

    void flush();
    void commit();
    void rollback();
    // Rolls back and detaches every object.
    void close();
    // Removes `obj` from the session (no cascade): a pending object becomes
    // transient, a persistent one detached; the database is not touched.
    // Throws InputError when the object is not in this session.
    void expunge(const ObjectPtr& obj);
    // Removes every object from the session, as expunge() does; what was
    // flushed stays in the open transaction (bulk loads flush, then forget).
    void expunge_all();
    // flush() then expunge_all(), cheaper: the flushed objects get no
    // committed-values copy, as nothing will compare against it (bulk loads
    // flush a batch, then let it go).
    void flush_and_expunge_all();

    // The object of `class_name` with primary key `pk` (one value per key
    // column), from the identity map or loaded; nullptr when there is none.
    ObjectPtr get(const std::string& class_name, const std::vector<Value>& pk);
    ObjectPtr get(const std::string& class_name, Value pk) { return get(class_name, std::vector<Value>{std::move(pk)}); }
    // Persistent objects of `mapper` whose columns equal `criteria` (column
    // attribute key -> value), loaded through the identity map; at most `limit`.
    std::vector<ObjectPtr> filter_by(const Mapper& mapper, const std::vector<std::pair<std::string, Value>>& criteria,
                                     size_t limit = 0);

    // The session's connection, beginning its transaction on first use.
    engine::Connection& connection();
    // Starts a bulk load (engine::Connection::begin_bulk_load) on the
    // session's connection, before its transaction begins where none has:
    // SQLite changes what it enforces only between transactions. Throws
    // DatabaseError first when the server takes no writes (a read-only standby).
    void begin_bulk_load();

    // Query's hooks (orm/session/query.hpp). load_values: the persistent
    // object of `mapper` with these column values (in mapper column order),
    // from the identity map when its key is there (its values then stay as
    // they are, as SQLAlchemy's loading does), else a new one put there.
    ObjectPtr load_values(const Mapper& mapper, std::vector<Value> values);
    // Sets an eagerly loaded relationship as already in the database: not a
    // change for the next flush, and without touching the reverse side.
    void set_loaded_related(const ObjectPtr& parent, const RelationshipProperty& p,
                            const std::vector<ObjectPtr>& related);

    // Counts of the last flush per class name: rows inserted / updated / deleted.
    struct FlushCounts {
        std::map<std::string, size_t> inserted, updated, deleted;
    };
    const FlushCounts& last_flush() const { return counts_; }

private:
    friend class UnitOfWork;
    friend class Object;
    std::string identity_key(const Mapper& m, const std::vector<Value>& pk) const;
    std::string identity_key(const Object& o) const;
    ObjectPtr load_row(const Mapper& m, const dialect::Row& row);
    void cascade_pending();
    void cascade_from(Object* root);
    void expunge_pending();

    engine::Engine engine_;
    const Registry& registry_;
    std::optional<engine::Connection> conn_;
    // Per table: the sequence the unit of work may draw its keys from ("" for
    // none), looked up once per session rather than once per flush.
    std::unordered_map<const schema::Table*, std::string> sequences_;
    std::optional<engine::Transaction> tx_;
    std::vector<ObjectPtr> new_objects_;           // pending, insertion order
    std::map<std::string, ObjectPtr> identity_map_;
    std::vector<ObjectPtr> deleted_objects_;
    std::vector<ObjectPtr> flushed_in_tx_;         // inserted since the transaction began
    size_t next_insert_order_ = 1;
    bool relationships_changed_ = false;       // some attached object's relationship changed
    // Children taken out of a one-to-many collection that has no back
    // reference: at flush, delete-orphan deletes them, else their foreign key is NULLed.
    std::vector<std::pair<const RelationshipProperty*, ObjectPtr>> removed_children_;
    bool expunging_flush_ = false;             // inside flush_and_expunge_all()
    FlushCounts counts_;
};

}  // namespace orm::session
