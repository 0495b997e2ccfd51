#include "orm/session/unit_of_work.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <unordered_set>
#include <utility>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/core/timestamp.hpp"
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

// datetime.now() / utcnow() for defaults, as SQLAlchemy calls them once per
// row: the broken-down time is worked out once per second, not per value.
Value clock_now(bool local) {
    struct Cache {
        std::time_t second = -1;
        std::string prefix;   // "YYYY-MM-DD HH:MM:SS"
        long micros = -1;
        std::optional<Value> value;   // the last value made, for that second and microsecond
    };
    thread_local Cache caches[2];
    Cache& c = caches[local ? 1 : 0];
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ts.tv_sec != c.second) {
        const auto second = std::chrono::system_clock::time_point(std::chrono::seconds(ts.tv_sec));
        c.prefix = format_timestamp(second, {.local = local, .always_micros = false});
        c.second = ts.tv_sec;
        c.value.reset();
    }
    long micros = static_cast<long>(ts.tv_nsec / 1000);
    if (c.value && c.micros == micros) return *c.value;   // called again within the same microsecond
    char buf[32];   // sized for any long, as the compiler checks
    std::snprintf(buf, sizeof buf, ".%06ld", micros);
    c.value = Value::parse_datetime(c.prefix + buf);
    c.micros = micros;
    return *c.value;
}

bool has_many_to_many(const Registry& registry) {
    for (const Mapper* m : registry.mappers())
        for (const auto& r : m->relationships())
            if (r->direction == Direction::many_to_many) return true;
    return false;
}

// Batches at least this big are loaded with copy_rows (COPY on PostgreSQL);
// smaller ones are one INSERT (... RETURNING), which is what a person reading --echo expects.
constexpr size_t kBulkRows = 100;

}  // namespace

Value evaluate_default(const schema::ColumnDefault& d, const schema::Column& column) {
    using K = schema::ColumnDefault::Kind;
    if (d.kind == K::Python) return python_default_value(d, column);
    if (d.kind == K::Callable) {
        if (d.callable == "datetime.now") {
            Value now = clock_now(true);
            return type_family(column.type) == TypeFamily::date ? *Value::parse_date(now.as_text().substr(0, 10)) : now;
        }
        if (d.callable == "datetime.utcnow") return clock_now(false);
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
            // The literal as the models file wrote it: an int (0x1F, 1_000 too), else a float.
            if (auto i = parse_python_integer(c.text)) return *i;
            if (auto d = parse_real(c.text)) return *d;
            throw InputError("Python-side default " + c.text + " of column '" + column.name +
                             "' is not a number orm can store");
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

UnitOfWork::UnitOfWork(Session& session, engine::Connection& conn)
    : s_(session),
      conn_(conn),
      dialect_(session.engine().dialect()),
      preparer_(dialect_.identifier_preparer()),
      compiler_(dialect_.shared_statement_compiler()) {}

const UnitOfWork::MapperPlan& UnitOfWork::plan(const Mapper& m) {
    auto it = plans_.find(&m);
    if (it != plans_.end()) return it->second;
    MapperPlan p;
    const schema::Column* autoinc = m.table().autoincrement_column();
    for (const auto& c : m.columns()) {
        if (c.column == autoinc) p.autoincrement = c.index;
        if (c.column->default_value && c.column->default_value->kind != schema::ColumnDefault::Kind::Sql)
            p.python_defaults.push_back(c.index);
        if (c.column->onupdate && c.column->onupdate->kind != schema::ColumnDefault::Kind::Sql)
            p.python_onupdates.push_back(c.index);
    }
    for (const auto& r : m.relationships()) {
        if (r->direction == Direction::many_to_one) p.many_to_one.push_back(r.get());
        if (r->direction == Direction::one_to_many) p.one_to_many.push_back(r.get());
    }
    return plans_.emplace(&m, std::move(p)).first->second;
}

void UnitOfWork::pull_foreign_keys(Object& o) {
    const MapperPlan& p = plan(o.mapper());
    auto pull = [&](const RelationshipProperty& r, const Object& parent) {
        // A parent not inserted yet (a foreign-key cycle): set again after the INSERTs.
        if (parent.state_ == ObjectState::pending) post_update_.push_back(&o);
        for (auto [from, to] : r.sync_pairs) o.set(to, parent.values_[from]);
    };
    for (const RelationshipProperty* r : p.many_to_one) {
        Object* parent = o.scalars_[r->index].get();
        if (!parent) {
            // Set to None (or taken out of its parent's collection): the reference goes.
            if (o.touched_[r->index])
                for (auto [from, to] : r->sync_pairs) o.set(to, nullptr);
            continue;
        }
        pull(*r, *parent);
    }
    if (parents_.empty()) return;
    if (auto it = parents_.find(&o); it != parents_.end())
        for (auto [r, parent] : it->second) pull(*r, *parent);
}

void UnitOfWork::apply_insert_defaults(Object& o) {
    for (size_t i : plan(o.mapper()).python_defaults) {
        if (o.present_[i]) continue;
        const auto& col = *o.mapper().columns()[i].column;
        o.set(i, evaluate_default(*col.default_value, col));
    }
}

void UnitOfWork::insert_rows(const schema::Table& t, std::vector<Object*>& rows) {
    // Batches: consecutive rows of one mapper giving the same columns.
    std::vector<char> given, next;
    auto signature = [&](const Object* o, const MapperPlan& p, std::vector<char>& sig) {
        sig.resize(o->present_.size());
        for (size_t c = 0; c < sig.size(); ++c)
            sig[c] = o->present_[c] && !(c == p.autoincrement && o->values_[c].is_null());
    };
    size_t i = 0;
    while (i < rows.size()) {
        const Mapper& m = rows[i]->mapper();
        const MapperPlan& p = plan(m);
        signature(rows[i], p, given);
        size_t j = i + 1;
        for (; j < rows.size() && &rows[j]->mapper() == &m; ++j) {
            signature(rows[j], p, next);
            if (next != given) break;
        }
        insert_batch(t, m, rows.data() + i, j - i, given);
        i = j;
    }
}

std::string UnitOfWork::insert_sql(const schema::Table& t, std::vector<const schema::Column*> columns, size_t rows,
                                   std::vector<const schema::Column*> returning) const {
    sql::Insert insert;
    insert.table = &t;
    insert.columns = std::move(columns);
    insert.parameter_rows = rows;
    insert.returning = std::move(returning);
    return compiler_.compile(insert).sql;
}

std::string UnitOfWork::key_sequence(const schema::Table& t, const schema::Column& column) {
    auto it = s_.sequences_.find(&t);
    if (it != s_.sequences_.end()) return it->second;
    return s_.sequences_[&t] = dialect_.key_sequence(conn_.runner(), preparer_.format_table(t), column).value_or("");
}

void UnitOfWork::draw_keys_ahead(const std::unordered_map<const schema::Table*, std::vector<Object*>>& pending) {
    for (const auto& [t, rows] : pending) {
        // Only a table whose one key column is the integer autoincrement one:
        // then each new row without a key needs exactly one, and the count is exact.
        if (rows.empty() || t->primary_key.columns.size() != 1) continue;
        const schema::Column* key = t->autoincrement_column();
        if (!key || key->name != t->primary_key.columns[0] || type_family(key->type) != TypeFamily::integer) continue;
        const Mapper& m = rows[0]->mapper();
        const MapperPlan& p = plan(m);
        if (p.autoincrement == SIZE_MAX ||
            std::find(p.python_defaults.begin(), p.python_defaults.end(), p.autoincrement) != p.python_defaults.end())
            continue;
        size_t n = 0;
        bool one_mapper = true;
        for (const Object* o : rows) {
            one_mapper = one_mapper && &o->mapper() == &m;
            if (!o->present_[p.autoincrement] || o->values_[p.autoincrement].is_null()) ++n;
        }
        if (!one_mapper || n < kBulkRows) continue;
        std::string sequence = key_sequence(*t, *key);
        if (sequence.empty()) continue;
        drawn_[t] = {dialect_.draw_keys(conn_.runner(), sequence, n), 0};
    }
}

bool UnitOfWork::keys_drawn(const schema::Table& t, const schema::Column& key, size_t n) {
    DrawnKeys& pool = drawn_[&t];
    if (pool.keys.size() - pool.next >= n) return true;
    if (n < kBulkRows) return false;
    std::string sequence = key_sequence(t, key);
    if (sequence.empty()) return false;
    // Drawn now, for this batch alone: put before any keys drawn ahead, which stay for later batches.
    auto now = dialect_.draw_keys(conn_.runner(), sequence, n);
    pool.keys.insert(pool.keys.begin() + static_cast<std::ptrdiff_t>(pool.next), now.begin(), now.end());
    return true;
}

void UnitOfWork::insert_batch(const schema::Table& t, const Mapper& m, Object* const* rows, size_t n,
                              const std::vector<char>& given) {
    std::vector<size_t> cols;
    for (size_t c = 0; c < given.size(); ++c)
        if (given[c]) cols.push_back(c);
    std::vector<size_t> generated;   // primary key columns the database fills in
    for (size_t k : m.primary_key())
        if (!given[k]) generated.push_back(k);
    const std::string table = preparer_.format_table(t);
    auto columns_of = [&](const std::vector<size_t>& which) {
        std::vector<const schema::Column*> out;
        for (size_t c : which) out.push_back(m.columns()[c].column);
        return out;
    };
    const bool native_boolean = dialect_.supports_native_boolean();
    // Each row's parameters made when the driver asks for them, into its one buffer.
    auto all_params = [&](const std::vector<size_t>& which) {
        return dialect::ParamRows{n, [&, which](size_t k, dialect::Params& p) {
                                      p.resize(which.size());
                                      for (size_t i = 0; i < which.size(); ++i)
                                          to_db_into(rows[k]->values_[which[i]], m.columns()[which[i]].column->type,
                                                     native_boolean, p[i]);
                                  }};
    };
    const schema::Column* key = generated.size() == 1 ? m.columns()[generated[0]].column : nullptr;
    bool integer_key = key && type_family(key->type) == TypeFamily::integer;
    auto set_keys = [&](const std::vector<std::int64_t>& ids) {
        for (size_t k = 0; k < n; ++k) rows[k]->set(generated[0], Value(static_cast<long long>(ids[k])));
    };
    // The rows' `which` columns, with nothing to read back: a batch big
    // enough by copy_rows (COPY on PostgreSQL), fewer by the INSERT.
    auto load = [&](const std::vector<size_t>& which) {
        if (n >= kBulkRows) {
            std::vector<std::string> names;
            for (size_t c : which) names.push_back(preparer_.quote(m.columns()[c].column->name));
            conn_.copy_rows(table, names, all_params(which));
            return;
        }
        std::vector<dialect::Params> sets(n);
        auto rows_of = all_params(which);
        for (size_t k = 0; k < n; ++k) rows_of.fill(k, sets[k]);
        const std::string insert = insert_sql(t, columns_of(which));
        if (n == 1) conn_.execute(insert, sets[0]);
        else conn_.executemany(insert, sets);
    };

    if (generated.empty()) {
        load(cols);
    } else if (integer_key && dialect_.key_is_rowid(t, *key)) {
        // One prepared INSERT, each row's key read back as its rowid.
        auto ids = conn_.executemany_rowids(insert_sql(t, columns_of(cols)), all_params(cols));
        if (!ids || ids->size() != n) throw DatabaseError("INSERT into " + t.fullname() + " did not report its rows' keys");
        set_keys(*ids);
    } else if (integer_key && keys_drawn(t, *key, n)) {
        // Keys from the column's own sequence, ascending for the rows in
        // insertion order (what one INSERT per row would give), then the
        // rows, keys included, by COPY (or one INSERT when few).
        auto& pool = drawn_[&t];
        set_keys(std::vector<std::int64_t>(pool.keys.begin() + pool.next, pool.keys.begin() + pool.next + n));
        pool.next += n;
        std::vector<size_t> with_key = cols;
        with_key.push_back(generated[0]);
        load(with_key);
    } else {
        // Multi-row INSERT ... RETURNING per chunk. The database hands out
        // generated keys in VALUES order (sequence / rowid), so the keys,
        // sorted, belong to the rows in order, whatever order RETURNING uses.
        bool sortable = integer_key;
        size_t chunk = sortable && !cols.empty() ? std::max<size_t>(1, std::min<size_t>(1000, 30000 / cols.size())) : 1;
        const auto columns = columns_of(cols), returning = columns_of(generated);
        std::string full_chunk;   // the statement of a whole chunk, compiled once
        for (size_t k = 0; k < n; k += chunk) {
            size_t end = std::min(n, k + chunk);
            dialect::Params params;
            params.reserve((end - k) * cols.size());
            for (size_t r = k; r < end; ++r)
                for (size_t c : cols) params.push_back(to_db(rows[r]->values_[c], m.columns()[c].column->type, dialect_));
            if (end - k == chunk && full_chunk.empty()) full_chunk = insert_sql(t, columns, chunk, returning);
            const std::string multi =
                end - k == chunk ? full_chunk : insert_sql(t, columns, cols.empty() ? 1 : end - k, returning);
            auto result = conn_.query(multi, params);
            std::vector<dialect::Row> keys;
            while (result->next()) keys.push_back(result->row());
            if (keys.size() != end - k)
                throw DatabaseError("INSERT into " + t.fullname() + " returned " + std::to_string(keys.size()) +
                                    " keys for " + std::to_string(end - k) + " rows");
            if (sortable)
                std::sort(keys.begin(), keys.end(),
                          [](const dialect::Row& a, const dialect::Row& b) { return a[0].as_int() < b[0].as_int(); });
            for (size_t r = k; r < end; ++r)
                for (size_t g = 0; g < generated.size(); ++g)
                    rows[r]->set(generated[g], from_db(keys[r - k][g], m.columns()[generated[g]].column->type));
        }
    }
    auto& inserted = s_.counts_.inserted[m.class_name()];
    // Rows a post-update will compare against their committed values.
    std::unordered_set<const Object*> late;
    if (s_.expunging_flush_) late.insert(post_update_.begin(), post_update_.end());
    for (size_t k = 0; k < n; ++k) {
        Object& o = *rows[k];
        o.state_ = ObjectState::persistent;
        if (!s_.expunging_flush_ || late.count(&o)) o.committed_ = o.values_;
        std::fill(o.touched_.begin(), o.touched_.end(), false);
        auto self = o.shared_from_this();
        if (s_.expunging_flush_) inserted_unmapped_.push_back(&o);
        else s_.identity_map_[s_.identity_key(o)] = self;
        s_.flushed_in_tx_.push_back(std::move(self));
        ++inserted;
    }
}

void UnitOfWork::update_row(Object& o, bool count) {
    const Mapper& m = o.mapper();
    if (o.committed_.size() != o.values_.size()) return;   // inserted by this flush_and_expunge_all(): nothing to compare
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
    sql::Update update;
    update.table = &m.table();
    dialect::Params params;
    for (size_t c : changed) {
        const auto& col = *m.columns()[c].column;
        params.push_back(to_db(o.values_[c], col.type, dialect_));
        update.values.emplace_back(&col, sql::parameter());
    }
    for (size_t k : m.primary_key()) {
        params.push_back(to_db(o.committed_[k], m.columns()[k].column->type, dialect_));
        update.where.push_back(sql::column_is_parameter(m.table(), m.columns()[k].column->name));
    }
    conn_.execute(compiler_.compile(update).sql, params);
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
    std::map<const RelationshipProperty*, std::vector<dialect::Params>> inserts, deletes;
    auto owning = [](const RelationshipProperty& r) {
        return !r.is_backref && (!r.reverse || r.reverse->is_backref || &r < r.reverse);
    };
    std::vector<Object*> objects;
    for (auto& [key, obj] : s_.identity_map_) objects.push_back(obj.get());
    objects.insert(objects.end(), inserted_unmapped_.begin(), inserted_unmapped_.end());
    for (Object* obj : objects) {
        Object& o = *obj;
        for (const auto& r : o.mapper().relationships()) {
            if (r->direction != Direction::many_to_many || !owning(*r)) continue;
            auto& coll = o.collections_[r->index];
            auto params = [&](Object& target) {
                dialect::Params p;
                for (auto [idx, col] : r->secondary_parent)
                    p.push_back(to_db(o.values_[idx], o.mapper().columns()[idx].column->type, dialect_));
                for (auto [idx, col] : r->secondary_target)
                    p.push_back(to_db(target.values_[idx], target.mapper().columns()[idx].column->type, dialect_));
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
    // The association table's columns the link rows give: the parent's, then the target's.
    auto columns_of = [](const RelationshipProperty& r) {
        std::vector<std::string> cols;
        for (auto& [i, c] : r.secondary_parent) cols.push_back(c);
        for (auto& [i, c] : r.secondary_target) cols.push_back(c);
        return cols;
    };
    for (auto& [r, sets] : deletes) {
        sql::Delete del;
        del.table = r->secondary;
        for (const auto& c : columns_of(*r)) del.where.push_back(sql::column_is_parameter(*r->secondary, c));
        conn_.executemany(compiler_.compile(del).sql, sets);
    }
    for (auto& [r, sets] : inserts)
        conn_.executemany(compiler_.compile(sql::insert(*r->secondary, columns_of(*r))).sql, sets);
}

void UnitOfWork::delete_rows(const schema::Table& t, const std::vector<Object*>& rows) {
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
        sql::Delete del;
        del.table = &t;
        dialect::Params params;
        for (size_t k : m.primary_key()) {
            params.push_back(to_db(o->committed_[k], m.columns()[k].column->type, dialect_));
            del.where.push_back(sql::column_is_parameter(t, m.columns()[k].column->name));
        }
        conn_.execute(compiler_.compile(del).sql, params);
        s_.identity_map_.erase(s_.identity_key(*o));
        o->state_ = ObjectState::deleted;
        s_.counts_.deleted[m.class_name()]++;
    }
}

void UnitOfWork::run() {
    s_.counts_ = {};
    std::vector<Object*> all;
    all.reserve(s_.new_objects_.size() + s_.identity_map_.size());
    for (auto& o : s_.new_objects_) all.push_back(o.get());
    for (auto& [k, o] : s_.identity_map_) all.push_back(o.get());
    find_parents(all);
    settle_orphans(all);
    const auto sorted = tables_in_dependency_order();
    write_rows(sorted);
    for (auto t = sorted.rbegin(); t != sorted.rend(); ++t) {
        std::vector<Object*> rows;
        for (auto& o : s_.deleted_objects_)
            if (&o->mapper().table() == *t) rows.push_back(o.get());
        if (!rows.empty()) delete_rows(**t, rows);
    }
    s_.deleted_objects_.clear();
    for (Object* o : all) std::fill(o->touched_.begin(), o->touched_.end(), false);
}

void UnitOfWork::find_parents(const std::vector<Object*>& all) {
    for (Object* o : all)
        for (const RelationshipProperty* r : plan(o->mapper()).one_to_many) {
            if (r->uselist) {
                for (auto& c : o->collections_[r->index]) parents_[c.get()].push_back({r, o});
            } else if (Object* c = o->scalars_[r->index].get()) {
                parents_[c].push_back({r, o});   // uselist=False: the one child
            }
        }
}

void UnitOfWork::settle_orphans(std::vector<Object*>& all) {
    // delete-orphan: a child taken from its parent (its back reference set to
    // None, or removed from the parent's collection) and given to no other
    // is deleted when it is in the database, and not inserted when pending.
    std::vector<ObjectPtr> orphans;
    // A child taken out of a collection with no back reference, and put in no
    // other parent's: an orphan under delete-orphan, else its foreign key goes
    // (SQLAlchemy's one-to-many dependency processor does the same).
    for (auto& [r, child] : s_.removed_children_) {
        bool adopted = false;
        if (auto it = parents_.find(child.get()); it != parents_.end())
            for (auto [pr, parent] : it->second) adopted = adopted || pr == r;
        if (adopted || child->state_ == ObjectState::transient || child->state_ == ObjectState::deleted) continue;
        if (r->cascade.delete_orphan) {
            if (std::find(orphans.begin(), orphans.end(), child) == orphans.end()) orphans.push_back(child);
        } else {
            for (auto [from, to] : r->sync_pairs) child->set(to, nullptr);
        }
    }
    s_.removed_children_.clear();
    for (Object* o : all)
        for (const RelationshipProperty* r : plan(o->mapper()).many_to_one) {
            const RelationshipProperty* owner = r->reverse;
            if (!owner || !owner->cascade.delete_orphan || !o->touched_[r->index] || o->scalars_[r->index]) continue;
            bool adopted = false;
            if (auto it = parents_.find(o); it != parents_.end())
                for (auto [pr, parent] : it->second) adopted = adopted || pr == owner;
            if (!adopted) orphans.push_back(o->shared_from_this());
        }
    for (const ObjectPtr& o : orphans) {
        if (o->state_ == ObjectState::pending) {
            auto& pending_list = s_.new_objects_;
            pending_list.erase(std::remove(pending_list.begin(), pending_list.end(), o), pending_list.end());
            all.erase(std::remove(all.begin(), all.end(), o.get()), all.end());
            o->state_ = ObjectState::transient;
            o->session_ = nullptr;
        } else if (o->state_ == ObjectState::persistent) {
            s_.delete_(o);
        }
    }
}

std::vector<const schema::Table*> UnitOfWork::tables_in_dependency_order() const {
    std::vector<const schema::Table*> tables;
    const auto& md = s_.registry().metadata();
    for (const auto& t : md.tables) tables.push_back(t.get());
    return schema::sort_tables_and_constraints(md, tables).tables;
}

void UnitOfWork::insert(const schema::Table& table, std::vector<Object*>& rows) {
    // Keys are drawn once per flush, just before the first INSERT: the rows
    // of the first table are settled first, while the server may still be
    // storing the previous flush's rows.
    if (!std::exchange(keys_drawn_ahead_, true)) draw_keys_ahead(pending_);
    insert_rows(table, rows);
}

void UnitOfWork::write_rows(const std::vector<const schema::Table*>& sorted) {
    std::unordered_map<const schema::Table*, std::vector<Object*>> persistent;
    for (auto& o : s_.new_objects_) pending_[&o->mapper().table()].push_back(o.get());
    std::set<Object*> deleted;
    for (auto& o : s_.deleted_objects_) deleted.insert(o.get());
    for (auto& [k, o] : s_.identity_map_)
        if (o->state_ == ObjectState::persistent && !deleted.count(o.get()))
            persistent[&o->mapper().table()].push_back(o.get());

    for (const schema::Table* t : sorted) {
        auto it = pending_.find(t);
        if (it != pending_.end()) {
            // Does a row of this table refer to another row of it?
            auto refers_within = [&](const Mapper& m) {
                for (const RelationshipProperty* r : plan(m).many_to_one)
                    if (&r->target->table() == t) return true;
                for (const auto& r : m.relationships())
                    if (r->direction == Direction::one_to_many && &r->target->table() == t) return true;
                return false;
            };
            bool self_referential = false;
            for (const Mapper* m : s_.registry().mappers())
                if (&m->table() == t && refers_within(*m)) self_referential = true;
            if (!self_referential) {
                // Foreign keys and defaults are settled row by row, after the rows they refer to.
                for (Object* o : it->second) {
                    pull_foreign_keys(*o);
                    apply_insert_defaults(*o);
                }
                insert(*t, it->second);
            } else {
                insert_self_referential(*t, it->second);
            }
        }
        if (auto pit = persistent.find(t); pit != persistent.end())
            for (Object* o : pit->second) {
                pull_foreign_keys(*o);
                update_row(*o);
            }
    }
    // Rows of a foreign-key cycle went in before the rows they refer to had
    // keys: set those references now with an UPDATE (SQLAlchemy's post_update).
    s_.new_objects_.clear();
    std::vector<Object*> late;
    late.swap(post_update_);
    for (Object* o : late) {
        pull_foreign_keys(*o);
        update_row(*o, /*count=*/false);
    }
    if (has_many_to_many(s_.registry())) sync_links();
}

void UnitOfWork::insert_self_referential(const schema::Table& table, std::vector<Object*>& rows) {
    const schema::Table* t = &table;
    // Rows of a self-referential table: a parent row goes before its children.
    std::vector<Object*> ordered;
    std::unordered_map<Object*, int> mark;
    std::function<void(Object*)> visit = [&](Object* o) {
        int& state = mark[o];
        if (state == 2) return;
        if (state == 1)
            throw InputError("CircularDependencyError: rows of table '" + t->fullname() +
                             "' refer to each other in a cycle; orm cannot order their INSERTs");
        state = 1;
        for (const RelationshipProperty* r : plan(o->mapper()).many_to_one)
            if (&r->target->table() == t)
                if (Object* p = o->scalars_[r->index].get(); p && p->state_ == ObjectState::pending) visit(p);
        if (auto pit = parents_.find(o); pit != parents_.end())
            for (auto [r, p] : pit->second)
                if (&r->parent->table() == t && p->state_ == ObjectState::pending) visit(p);
        mark[o] = 2;
        ordered.push_back(o);
    };
    for (Object* o : rows) visit(o);
    // A row whose parent is in the batch being gathered starts a new batch.
    std::vector<Object*> batch;
    std::unordered_set<Object*> in_batch;
    for (Object* o : ordered) {
        bool self_ref = false;
        for (const RelationshipProperty* r : plan(o->mapper()).many_to_one)
            if (&r->target->table() == t && in_batch.count(o->scalars_[r->index].get())) self_ref = true;
        if (auto pit = parents_.find(o); pit != parents_.end())
            for (auto [r, p] : pit->second)
                if (&r->parent->table() == t && in_batch.count(p)) self_ref = true;
        if (self_ref) {
            insert(*t, batch);
            batch.clear();
            in_batch.clear();
        }
        pull_foreign_keys(*o);
        apply_insert_defaults(*o);
        batch.push_back(o);
        in_batch.insert(o);
    }
    insert(*t, batch);
}

}  // namespace orm::session
