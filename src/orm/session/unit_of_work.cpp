#include "orm/session/unit_of_work.hpp"

#include <algorithm>
#include <random>
#include <set>

#include "orm/core/error.hpp"
#include "orm/schema/sort.hpp"

namespace orm::session {

namespace {

std::string uuid4() {
    static std::random_device rd;
    static std::mt19937_64 gen(rd());
    std::uniform_int_distribution<unsigned> byte(0, 255);
    unsigned char b[16];
    for (auto& x : b) x = static_cast<unsigned char>(byte(gen));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 15];
    }
    return out;
}

bool is_autoincrement(const Mapper& m, size_t index) {
    return m.table().autoincrement_column() == m.columns()[index].column;
}

}  // namespace

Value evaluate_default(const schema::ColumnDefault& d, const schema::Column& column) {
    using K = schema::ColumnDefault::Kind;
    if (d.kind == K::Callable) {
        if (d.callable == "datetime.now") {
            Value now = Value::now();
            return type_family(column.type) == TypeFamily::date ? *Value::parse_date(now.as_text().substr(0, 10)) : now;
        }
        if (d.callable == "datetime.utcnow") return Value::utcnow();
        if (d.callable == "date.today") return Value::today();
        if (d.callable == "uuid.uuid4") return Value(uuid4());
        throw InputError("Python-side default '" + d.callable + "' of column '" + column.name + "' cannot be evaluated");
    }
    if (d.kind == K::Sql || !d.scalar) return nullptr;
    using C = schema::ClauseKind;
    const auto& c = *d.scalar;
    switch (c.kind) {
        case C::True: return true;
        case C::False: return false;
        case C::Null: return nullptr;
        case C::Number: {
            auto fam = type_family(column.type);
            if (fam == TypeFamily::numeric) return Value::decimal(c.text);
            if (c.text.find_first_of(".eE") != std::string::npos) return std::stod(c.text);
            return static_cast<long long>(std::stoll(c.text));
        }
        case C::String: {
            switch (type_family(column.type)) {
                case TypeFamily::date: if (auto v = Value::parse_date(c.text)) return *v; break;
                case TypeFamily::datetime: if (auto v = Value::parse_datetime(c.text)) return *v; break;
                case TypeFamily::time: if (auto v = Value::parse_time(c.text)) return *v; break;
                case TypeFamily::numeric: return Value::decimal(c.text);
                default: break;
            }
            return c.text;
        }
        default: return nullptr;
    }
}

void UnitOfWork::pull_foreign_keys(Object& o) {
    for (const auto& r : o.mapper().relationships()) {
        if (r->direction != Direction::many_to_one) continue;
        Object* parent = o.scalars_[r->index].get();
        if (!parent) {
            // Set to None (or taken out of its parent's collection): the reference goes.
            if (o.touched_[r->index])
                for (auto [from, to] : r->sync_pairs) o.set(to, nullptr);
            continue;
        }
        for (auto [from, to] : r->sync_pairs) o.set(to, parent->values_[from]);
    }
    if (auto it = parents_.find(&o); it != parents_.end())
        for (auto [r, parent] : it->second)
            for (auto [from, to] : r->sync_pairs) o.set(to, parent->values_[from]);
}

void UnitOfWork::apply_insert_defaults(Object& o) {
    for (const auto& c : o.mapper().columns()) {
        if (o.present_[c.index] || !c.column->default_value) continue;
        if (c.column->default_value->kind == schema::ColumnDefault::Kind::Sql) continue;
        o.set(c.index, evaluate_default(*c.column->default_value, *c.column));
    }
}

void UnitOfWork::insert_rows(const schema::Table& t, std::vector<Object*>& rows) {
    const std::string dialect = s_.engine().name();
    size_t i = 0;
    while (i < rows.size()) {
        // A batch: consecutive rows of one mapper giving the same columns.
        const Mapper& m = rows[i]->mapper();
        auto signature = [&](const Object* o) {
            std::vector<bool> sig(m.columns().size());
            for (size_t c = 0; c < sig.size(); ++c)
                sig[c] = o->present_[c] && !(o->values_[c].is_null() && is_autoincrement(m, c));
            return sig;
        };
        auto sig = signature(rows[i]);
        size_t j = i + 1;
        while (j < rows.size() && &rows[j]->mapper() == &m && signature(rows[j]) == sig) ++j;

        std::vector<size_t> cols;
        for (size_t c = 0; c < sig.size(); ++c)
            if (sig[c]) cols.push_back(c);
        std::vector<size_t> generated;   // primary key columns the database fills in
        for (size_t k : m.primary_key())
            if (!sig[k]) generated.push_back(k);
        std::string sql = "INSERT INTO " + quote_table(t);
        if (cols.empty()) {
            sql += dialect == "sqlite" ? " DEFAULT VALUES" : " DEFAULT VALUES";
        } else {
            sql += " (";
            for (size_t n = 0; n < cols.size(); ++n) sql += (n ? ", " : "") + quote_identifier(m.columns()[cols[n]].column->name);
            sql += ") VALUES (";
            for (size_t n = 0; n < cols.size(); ++n) sql += (n ? ", " : "") + conn_.placeholder(n + 1);
            sql += ")";
        }
        auto params_of = [&](const Object* o) {
            dialect::Params p;
            p.reserve(cols.size());
            for (size_t c : cols) p.push_back(to_db(o->values_[c], m.columns()[c].column->type, dialect));
            return p;
        };
        if (generated.empty()) {
            std::vector<dialect::Params> sets;
            for (size_t k = i; k < j; ++k) sets.push_back(params_of(rows[k]));
            if (sets.size() == 1) conn_.execute(sql, sets[0]);
            else conn_.executemany(sql, sets);
        } else {
            // One multi-row INSERT ... RETURNING per chunk. The database hands
            // out generated keys in VALUES order (sequence / rowid), so the keys,
            // sorted, belong to the rows in order, whatever order RETURNING uses.
            std::string returning = " RETURNING ";
            for (size_t n = 0; n < generated.size(); ++n)
                returning += (n ? ", " : "") + quote_identifier(m.columns()[generated[n]].column->name);
            bool sortable = generated.size() == 1 && type_family(m.columns()[generated[0]].column->type) == TypeFamily::integer;
            size_t chunk = sortable && !cols.empty() ? std::max<size_t>(1, std::min<size_t>(1000, 30000 / cols.size())) : 1;
            for (size_t k = i; k < j; k += chunk) {
                size_t end = std::min(j, k + chunk);
                std::string multi = "INSERT INTO " + quote_table(t);
                dialect::Params params;
                if (cols.empty()) {
                    multi += " DEFAULT VALUES";
                } else {
                    multi += sql.substr(sql.find(" ("), sql.find(" VALUES") - sql.find(" ("));
                    multi += " VALUES ";
                    for (size_t r = k; r < end; ++r) {
                        multi += r == k ? "(" : ", (";
                        for (size_t n = 0; n < cols.size(); ++n) {
                            params.push_back(to_db(rows[r]->values_[cols[n]], m.columns()[cols[n]].column->type, dialect));
                            // SQLite looks numbered parameters (?NNN) up linearly: plain ? keeps big batches linear.
                            multi += (n ? ", " : "") + (dialect == "sqlite" ? std::string("?") : conn_.placeholder(params.size()));
                        }
                        multi += ")";
                    }
                }
                multi += returning;
                auto result = conn_.query(multi, params);
                std::vector<dialect::Row> keys;
                while (result->next()) keys.push_back(result->row());
                if (keys.size() != end - k) throw DatabaseError("INSERT into " + t.fullname() + " returned " + std::to_string(keys.size()) + " keys for " + std::to_string(end - k) + " rows");
                if (sortable)
                    std::sort(keys.begin(), keys.end(), [](const dialect::Row& a, const dialect::Row& b) { return a[0].as_int() < b[0].as_int(); });
                for (size_t r = k; r < end; ++r)
                    for (size_t n = 0; n < generated.size(); ++n)
                        rows[r]->set(generated[n], from_db(keys[r - k][n], m.columns()[generated[n]].column->type));
            }
        }
        for (size_t k = i; k < j; ++k) {
            Object& o = *rows[k];
            o.state_ = ObjectState::persistent;
            o.committed_ = o.values_;
            std::fill(o.touched_.begin(), o.touched_.end(), false);
            s_.identity_map_[s_.identity_key(o)] = o.shared_from_this();
            s_.flushed_in_tx_.push_back(o.shared_from_this());
            s_.counts_.inserted[m.class_name()]++;
        }
        i = j;
    }
}

void UnitOfWork::update_row(Object& o, bool count) {
    const Mapper& m = o.mapper();
    std::vector<size_t> changed;
    for (const auto& c : m.columns())
        if (!(o.values_[c.index] == o.committed_[c.index])) changed.push_back(c.index);
    if (changed.empty()) return;
    for (const auto& c : m.columns()) {
        if (!c.column->onupdate || std::find(changed.begin(), changed.end(), c.index) != changed.end()) continue;
        if (c.column->onupdate->kind == schema::ColumnDefault::Kind::Sql) continue;
        o.set(c.index, evaluate_default(*c.column->onupdate, *c.column));
        changed.push_back(c.index);
    }
    const std::string dialect = s_.engine().name();
    std::string sql = "UPDATE " + quote_table(m.table()) + " SET ";
    dialect::Params params;
    for (size_t n = 0; n < changed.size(); ++n) {
        const auto& col = *m.columns()[changed[n]].column;
        params.push_back(to_db(o.values_[changed[n]], col.type, dialect));
        sql += (n ? ", " : "") + quote_identifier(col.name) + " = " + conn_.placeholder(params.size());
    }
    sql += " WHERE ";
    for (size_t n = 0; n < m.primary_key().size(); ++n) {
        size_t k = m.primary_key()[n];
        params.push_back(to_db(o.committed_[k], m.columns()[k].column->type, dialect));
        sql += (n ? " AND " : "") + quote_identifier(m.columns()[k].column->name) + " = " + conn_.placeholder(params.size());
    }
    conn_.execute(sql, params);
    std::string old_key = s_.identity_key(m, [&] {
        std::vector<Value> pk;
        for (size_t k : m.primary_key()) pk.push_back(o.committed_[k]);
        return pk;
    }());
    o.committed_ = o.values_;
    std::string new_key = s_.identity_key(o);
    if (old_key != new_key) {
        s_.identity_map_.erase(old_key);
        s_.identity_map_[new_key] = o.shared_from_this();
    }
    if (count) s_.counts_.updated[m.class_name()]++;
}

void UnitOfWork::sync_links() {
    // Association rows: from the side that declared the relationship (a
    // backref's partner, or the first of two back_populates partners).
    const std::string dialect = s_.engine().name();
    std::map<const RelationshipProperty*, std::vector<dialect::Params>> inserts, deletes;
    auto owning = [](const RelationshipProperty& r) {
        return !r.is_backref && (!r.reverse || r.reverse->is_backref || &r < r.reverse);
    };
    for (auto& [key, obj] : s_.identity_map_) {
        Object& o = *obj;
        for (const auto& r : o.mapper().relationships()) {
            if (r->direction != Direction::many_to_many || !owning(*r)) continue;
            auto& coll = o.collections_[r->index];
            auto params = [&](Object& target) {
                dialect::Params p;
                for (auto [idx, col] : r->secondary_parent)
                    p.push_back(to_db(o.values_[idx], o.mapper().columns()[idx].column->type, dialect));
                for (auto [idx, col] : r->secondary_target)
                    p.push_back(to_db(target.values_[idx], target.mapper().columns()[idx].column->type, dialect));
                return p;
            };
            std::vector<std::pair<size_t, Object*>> kept;
            for (auto& link : o.committed_links_) {
                if (link.first != r->index) { kept.push_back(link); continue; }
                bool still = std::any_of(coll.begin(), coll.end(), [&](const ObjectPtr& c) { return c.get() == link.second; });
                if (still) kept.push_back(link);
                else deletes[r.get()].push_back(params(*link.second));
            }
            for (auto& c : coll) {
                bool known = std::any_of(kept.begin(), kept.end(),
                                         [&](const auto& l) { return l.first == r->index && l.second == c.get(); });
                if (known) continue;
                if (c->state_ != ObjectState::persistent)
                    throw InputError("'" + o.mapper().class_name() + "." + r->key + "' holds an object that is not in the session");
                inserts[r.get()].push_back(params(*c));
                kept.push_back({r->index, c.get()});
            }
            o.committed_links_ = kept;
        }
    }
    auto columns_of = [](const RelationshipProperty& r) {
        std::vector<std::string> cols;
        for (auto& [i, c] : r.secondary_parent) cols.push_back(c);
        for (auto& [i, c] : r.secondary_target) cols.push_back(c);
        return cols;
    };
    for (auto& [r, sets] : deletes) {
        auto cols = columns_of(*r);
        std::string sql = "DELETE FROM " + quote_table(*r->secondary) + " WHERE ";
        for (size_t n = 0; n < cols.size(); ++n) sql += (n ? " AND " : "") + quote_identifier(cols[n]) + " = " + conn_.placeholder(n + 1);
        conn_.executemany(sql, sets);
    }
    for (auto& [r, sets] : inserts) {
        auto cols = columns_of(*r);
        std::string sql = "INSERT INTO " + quote_table(*r->secondary) + " (";
        for (size_t n = 0; n < cols.size(); ++n) sql += (n ? ", " : "") + quote_identifier(cols[n]);
        sql += ") VALUES (";
        for (size_t n = 0; n < cols.size(); ++n) sql += (n ? ", " : "") + conn_.placeholder(n + 1);
        sql += ")";
        conn_.executemany(sql, sets);
    }
}

void UnitOfWork::delete_rows(const schema::Table& t, const std::vector<Object*>& rows) {
    const std::string dialect = s_.engine().name();
    for (Object* o : rows) {
        const Mapper& m = o->mapper();
        // Children left behind (no delete cascade) lose their reference, as SQLAlchemy nullifies them.
        for (const auto& r : m.relationships()) {
            if (r->direction == Direction::one_to_many && !r->cascade.delete_) {
                for (auto& child : o->collections_[r->index])
                    if (child->state_ == ObjectState::persistent) {
                        for (auto [from, to] : r->sync_pairs) child->values_[to] = nullptr;
                        update_row(*child);
                    }
            }
            if (r->direction == Direction::many_to_many && !o->collections_[r->index].empty()) {
                auto& coll = o->collections_[r->index];
                for (auto& c : std::vector<ObjectPtr>(coll)) o->remove(*r, c);
            }
        }
    }
    sync_links();
    for (Object* o : rows) {
        const Mapper& m = o->mapper();
        std::string sql = "DELETE FROM " + quote_table(t) + " WHERE ";
        dialect::Params params;
        for (size_t n = 0; n < m.primary_key().size(); ++n) {
            size_t k = m.primary_key()[n];
            params.push_back(to_db(o->committed_[k], m.columns()[k].column->type, dialect));
            sql += (n ? " AND " : "") + quote_identifier(m.columns()[k].column->name) + " = " + conn_.placeholder(params.size());
        }
        conn_.execute(sql, params);
        s_.identity_map_.erase(s_.identity_key(*o));
        o->state_ = ObjectState::deleted;
        s_.counts_.deleted[m.class_name()]++;
    }
}

void UnitOfWork::run() {
    s_.counts_ = {};
    std::vector<Object*> all;
    for (auto& o : s_.new_objects_) all.push_back(o.get());
    for (auto& [k, o] : s_.identity_map_) all.push_back(o.get());
    for (Object* o : all)
        for (const auto& r : o->mapper().relationships())
            if (r->direction == Direction::one_to_many)
                for (auto& c : o->collections_[r->index]) parents_[c.get()].push_back({r.get(), o});

    // Tables in dependency order.
    std::vector<const schema::Table*> tables;
    std::set<const schema::Table*> seen;
    const auto& md = s_.registry().metadata();
    for (const auto& t : md.tables) tables.push_back(t.get());
    auto sorted = schema::sort_tables_and_constraints(md, tables).tables;

    std::map<const schema::Table*, std::vector<Object*>> pending;
    for (auto& o : s_.new_objects_) pending[&o->mapper().table()].push_back(o.get());
    std::set<Object*> deleted;
    for (auto& o : s_.deleted_objects_) deleted.insert(o.get());

    for (const schema::Table* t : sorted) {
        auto it = pending.find(t);
        if (it != pending.end()) {
            // Rows of a self-referential table: a parent row goes before its children.
            std::vector<Object*> ordered;
            std::map<Object*, int> mark;
            std::function<void(Object*)> visit = [&](Object* o) {
                if (mark[o] == 2) return;
                if (mark[o] == 1)
                    throw InputError("CircularDependencyError: rows of table '" + t->fullname() +
                                     "' refer to each other in a cycle; orm cannot order their INSERTs");
                mark[o] = 1;
                for (const auto& r : o->mapper().relationships())
                    if (r->direction == Direction::many_to_one && &r->target->table() == t)
                        if (Object* p = o->scalars_[r->index].get(); p && p->state_ == ObjectState::pending) visit(p);
                if (auto pit = parents_.find(o); pit != parents_.end())
                    for (auto [r, p] : pit->second)
                        if (&r->parent->table() == t && p->state_ == ObjectState::pending) visit(p);
                mark[o] = 2;
                ordered.push_back(o);
            };
            for (Object* o : it->second) visit(o);
            // Foreign keys and defaults are settled row by row, after the rows they refer to.
            std::vector<Object*> batch;
            for (Object* o : ordered) {
                bool self_ref = false;
                for (const auto& r : o->mapper().relationships())
                    if (r->direction == Direction::many_to_one && &r->target->table() == t && o->scalars_[r->index] &&
                        std::find(batch.begin(), batch.end(), o->scalars_[r->index].get()) != batch.end())
                        self_ref = true;
                if (auto pit = parents_.find(o); pit != parents_.end())
                    for (auto [r, p] : pit->second)
                        if (&r->parent->table() == t && std::find(batch.begin(), batch.end(), p) != batch.end())
                            self_ref = true;
                if (self_ref) {
                    insert_rows(*t, batch);
                    batch.clear();
                }
                pull_foreign_keys(*o);
                apply_insert_defaults(*o);
                batch.push_back(o);
            }
            insert_rows(*t, batch);
        }
        for (Object* o : all) {
            if (&o->mapper().table() != t || o->state_ != ObjectState::persistent || deleted.count(o)) continue;
            pull_foreign_keys(*o);
            update_row(*o);
        }
    }
    // Rows of a foreign-key cycle went in before the rows they refer to had
    // keys: set those references now with an UPDATE (SQLAlchemy's post_update).
    std::vector<ObjectPtr> inserted = s_.new_objects_;
    s_.new_objects_.clear();
    for (auto& o : inserted) {
        pull_foreign_keys(*o);
        update_row(*o, /*count=*/false);
    }
    sync_links();

    for (auto t = sorted.rbegin(); t != sorted.rend(); ++t) {
        std::vector<Object*> rows;
        for (auto& o : s_.deleted_objects_)
            if (&o->mapper().table() == *t) rows.push_back(o.get());
        if (!rows.empty()) delete_rows(**t, rows);
    }
    s_.deleted_objects_.clear();
    for (Object* o : all) std::fill(o->touched_.begin(), o->touched_.end(), false);
}

}  // namespace orm::session
