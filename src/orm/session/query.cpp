#include "orm/session/query.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <functional>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/session/eager.hpp"

namespace orm::session {

using detail::bind_all;
using detail::column_at;

namespace {

// SQLAlchemy's wording (sqlalchemy/engine/result.py).
const char* kNoResultFound = "No row was found when one was required";
const char* kMultipleExactlyOne = "Multiple rows were found when exactly one was required";
const char* kMultipleOneOrNone = "Multiple rows were found when one or none was required";

sql::ExprPtr column_named(const schema::Table& t, const std::string& name) {
    const auto* c = t.column(name);
    if (!c) throw InputError("table '" + t.name + "' has no column '" + name + "'");
    return sql::column(t, *c);
}

// The ON clause of a relationship's join (parent side first), as
// SQLAlchemy's relationship primaryjoin; many-to-many gives two.
std::vector<std::pair<const schema::Table*, sql::ExprPtr>> relationship_joins(const RelationshipProperty& r) {
    std::vector<sql::ExprPtr> conds;
    if (r.direction == Direction::many_to_many) {
        for (auto [idx, col] : r.secondary_parent)
            conds.push_back(sql::compare("=", column_at(*r.parent, idx), column_named(*r.secondary, col)));
        std::vector<sql::ExprPtr> conds2;
        for (auto [idx, col] : r.secondary_target)
            conds2.push_back(sql::compare("=", column_at(*r.target, idx), column_named(*r.secondary, col)));
        return {{r.secondary, sql::and_(conds)}, {&r.target->table(), sql::and_(conds2)}};
    }
    for (auto [referred, referring] : r.sync_pairs) {
        if (r.direction == Direction::one_to_many)
            conds.push_back(sql::compare("=", column_at(*r.parent, referred), column_at(*r.target, referring)));
        else
            conds.push_back(sql::compare("=", column_at(*r.target, referred), column_at(*r.parent, referring)));
    }
    return {{&r.target->table(), sql::and_(conds)}};
}

sql::ExprPtr column_of(const sql::FromRef& r, const std::string& name) {
    auto c = column_named(*r.table, name);
    return r.alias.empty() ? c : sql::aliased_column(*r.table, *c->column, r.alias);
}

// The foreign-key join conditions between FROM items `a` and `b`, one per constraint.
std::vector<sql::ExprPtr> fk_conditions(const sql::FromRef& a, const sql::FromRef& b) {
    std::vector<sql::ExprPtr> out;
    auto scan = [&](const sql::FromRef& from, const sql::FromRef& to) {
        for (const auto& fk : from.table->foreign_keys) {
            std::string target = fk.referred_schema ? *fk.referred_schema + "." + fk.referred_table : fk.referred_table;
            if (target != to.table->fullname()) continue;
            std::vector<sql::ExprPtr> conds;
            for (size_t i = 0; i < fk.columns.size(); ++i)
                conds.push_back(sql::compare("=", column_of(to, fk.referred_columns[i]), column_of(from, fk.columns[i])));
            out.push_back(sql::and_(conds));
        }
    };
    scan(b, a);
    if (a.table != b.table) scan(a, b);
    return out;
}

std::string item_name(const sql::FromRef& r) { return r.alias.empty() ? r.table->name : r.alias; }

std::unique_ptr<sql::SQLCompiler> compiler_for(Session& s) { return s.engine().dialect().statement_compiler(); }

std::string join_names(const std::vector<sql::FromRef>& items) {
    std::string out;
    for (const auto& r : items) out += (out.empty() ? "'" : ", '") + item_name(r) + "'";
    return out;
}

}  // namespace

dialect::Value bind_value(const sql::BoundParam& p, const dialect::Dialect& backend) {
    const auto& lit = p.value;
    if (lit.kind == sql::Literal::Kind::null) return nullptr;
    sql::TypePtr type = p.type ? p.type : sql::literal_type(lit);
    bool numeric = type_family(*type) == TypeFamily::numeric;
    // SQLAlchemy binds Numeric as float on SQLite (no native decimal there,
    // and the column stores REAL); as exact text on PostgreSQL.
    if (numeric && !backend.supports_native_decimal()) {
        if (lit.kind == sql::Literal::Kind::integer) return static_cast<double>(lit.i);
        if (lit.kind == sql::Literal::Kind::real) return lit.d;
        if (lit.kind == sql::Literal::Kind::decimal) {
            if (auto d = parse_real(lit.text)) return *d;
            throw InputError("decimal " + lit.text + " is out of a float's range, which SQLite binds Numeric as");
        }
    }
    Value v;
    switch (lit.kind) {
        case sql::Literal::Kind::null: break;
        case sql::Literal::Kind::boolean: v = Value(lit.i != 0); break;
        case sql::Literal::Kind::integer: v = Value(static_cast<long long>(lit.i)); break;
        case sql::Literal::Kind::real: v = numeric ? Value::decimal(lit.repr()) : Value(lit.d); break;
        case sql::Literal::Kind::decimal: v = Value::decimal(lit.text); break;
        case sql::Literal::Kind::text: v = Value(lit.text); break;
    }
    return to_db(v, *type, backend);
}

Value result_value(const dialect::Value& v, const sql::TypePtr& type, const std::string& driver_type) {
    if (type) return from_db(v, *type);
    using K = dialect::Value::Kind;
    switch (v.kind()) {
        case K::null: return nullptr;
        case K::boolean: return v.as_bool();
        case K::integer: return static_cast<long long>(v.as_int());
        case K::real: return v.as_double();
        case K::blob: return Value::bytes(v.as_blob().bytes);
        case K::text: break;
    }
    // NullType: the driver's type decides, as psycopg2's typecasters do.
    const std::string& s = v.as_text();
    if (driver_type == "numeric") return Value::decimal(s);
    if (driver_type == "timestamp" || driver_type == "timestamptz")
        if (auto d = Value::parse_datetime(s)) return *d;
    if (driver_type == "date")
        if (auto d = Value::parse_date(s)) return *d;
    if (driver_type == "time")
        if (auto d = Value::parse_time(s)) return *d;
    return s;
}

std::string detail::row_identity(const ResultRow& row, const std::vector<QueryEntity>& entities, const RowLayout& layout) {
    std::string key;
    for (size_t e = 0; e < entities.size(); ++e) {
        key += '\x1f';
        size_t off = layout.offsets[e];
        const Mapper* m = entities[e].mapper;
        if (!m) {
            key += row.cells[off].repr();
            continue;
        }
        // An entity is itself: its primary key (the missing side of an outer join is None).
        std::string pk;
        bool any = false;
        for (size_t i : m->primary_key()) {
            const Value& v = row.objects.size() > e && row.objects[e] ? row.objects[e]->get(i) : row.cells[off + i];
            any = any || !v.is_null();
            pk += v.repr() + ",";
        }
        key += any ? pk : "None";
    }
    return key;
}

// ---- QueryCursor --------------------------------------------------------------

bool QueryCursor::convert(const dialect::Row& raw) {
    // Columns past the layout (ORDER BY columns a DISTINCT had to select) are not part of the row.
    size_t n = std::min(raw.size(), layout_.types.size());
    row_.cells.resize(n);
    for (size_t i = 0; i < n; ++i) row_.cells[i] = result_value(raw[i], layout_.types[i], driver_types_[i]);
    row_.objects.assign(entities_.size(), nullptr);
    if (!load_objects_) return true;
    for (size_t e = 0; e < entities_.size(); ++e) {
        const Mapper* m = entities_[e].mapper;
        if (!m) continue;
        size_t off = layout_.offsets[e];
        // An entity whose primary key is all NULL (the missing side of an outer join) is None.
        bool any = std::any_of(m->primary_key().begin(), m->primary_key().end(),
                               [&](size_t i) { return !row_.cells[off + i].is_null(); });
        if (!any) continue;
        std::vector<Value> values(row_.cells.begin() + off, row_.cells.begin() + off + m->columns().size());
        row_.objects[e] = session_->load_values(*m, std::move(values));
    }
    return true;
}

bool QueryCursor::next() {
    if (buffered_) {
        if (buffered_pos_ >= buffered_->size()) return false;
        row_ = std::move((*buffered_)[buffered_pos_++]);
        return true;
    }
    while (result_ && result_->next()) {
        convert(result_->row());
        if (!unique_ || seen_.insert(detail::row_identity(row_, entities_, layout_)).second) return true;
    }
    return false;
}

bool QueryCursor::next_raw() {
    if (buffered_ || unique_)
        throw InternalError("QueryCursor::next_raw() on a cursor that buffers or folds its rows");
    return result_ && result_->next();
}

void QueryCursor::close() {
    if (result_) result_->close();
    buffered_.reset();
}

// ---- Query ------------------------------------------------------------------

Query::Query(Session& session, std::vector<QueryEntity> entities) : session_(&session), entities_(std::move(entities)) {
    if (entities_.empty()) throw InputError("session.query() needs at least one entity or column");
}

sql::ExprPtr Query::column(const Mapper& m, const std::string& key, const std::string& alias) {
    const auto* a = m.column(key);
    if (!a) throw InputError("type object '" + m.class_name() + "' has no attribute '" + key + "'");
    if (!alias.empty()) return sql::aliased_column(m.table(), *a->column, alias, "", a->key);
    return column_at(m, a->index);
}

sql::ExprPtr Query::relationship_exists(const RelationshipProperty& r, sql::ExprPtr criterion) {
    if (&r.parent->table() == &r.target->table())
        throw InputError("any() / has() of '" + r.parent->class_name() + "." + r.key +
                         "' is not supported: the relationship joins a table to itself");
    sql::Select sub;
    for (auto& [table, on] : relationship_joins(r)) sub.where.push_back(on);
    if (criterion) sub.where.push_back(std::move(criterion));
    // correlate_except(target, secondary): every other table is the enclosing query's.
    std::vector<sql::FromRef> used;
    for (const auto& w : sub.where) w->collect_froms(used);
    for (const auto& f : used)
        if (!(f == sql::FromRef{&r.target->table(), ""}) && !(f == sql::FromRef{r.secondary, ""})) sub.correlate.push_back(f);
    return sql::exists(std::move(sub));
}

const Mapper* Query::joinpoint() const {
    if (joinpoint_) return joinpoint_;
    for (const auto& e : entities_)
        if (e.mapper) return e.mapper;
    // Only columns: the entity of the first column's table, as SQLAlchemy's _filter_by_zero.
    std::vector<const schema::Table*> tables;
    entities_.front().expr->collect_tables(tables);
    return tables.empty() ? nullptr : session_->registry().mapper_for_table(tables.front()->fullname());
}

sql::FromRef Query::default_left() const {
    const auto& first = entities_.front();
    if (first.mapper) return {&first.mapper->table(), first.alias};
    std::vector<sql::FromRef> froms;
    first.expr->collect_froms(froms);
    return froms.empty() ? sql::FromRef{} : froms.front();
}

sql::FromEntry* Query::entry_with(const sql::FromRef& item) {
    for (auto& e : from_)
        if (e.contains(item)) return &e;
    return nullptr;
}

Query& Query::filter(sql::ExprPtr criterion) {
    where_.push_back(std::move(criterion));
    return *this;
}

Query& Query::filter_by(const std::vector<std::pair<std::string, sql::ExprPtr>>& criteria) {
    const Mapper* m = joinpoint();
    if (!m) throw InputError("filter_by() needs an entity to filter: the query selects only columns");
    for (const auto& [key, value] : criteria) {
        if (!m->column(key))
            throw InputError("Entity namespace for \"" + m->table().name + "\" has no property \"" + key + "\"");
        where_.push_back(sql::compare("=", column(*m, key, joinpoint_ ? joinpoint_alias_ : ""), value));
    }
    return *this;
}

Query& Query::order_by(std::vector<sql::ExprPtr> clauses) {
    if (clauses.empty()) order_by_.clear();
    for (auto& c : clauses) order_by_.push_back(std::move(c));
    return *this;
}

Query& Query::group_by(std::vector<sql::ExprPtr> clauses) {
    for (auto& c : clauses) group_by_.push_back(std::move(c));
    return *this;
}

Query& Query::having(sql::ExprPtr criterion) {
    having_.push_back(std::move(criterion));
    return *this;
}

Query& Query::limit(std::optional<std::int64_t> n) {
    limit_ = n;
    return *this;
}

Query& Query::offset(std::optional<std::int64_t> n) {
    offset_ = n;
    return *this;
}

Query& Query::distinct(std::vector<sql::ExprPtr> on) {
    distinct_ = true;
    for (auto& e : on) distinct_on_.push_back(std::move(e));
    return *this;
}

Query& Query::select_from(const Mapper& m, const std::string& alias) {
    if (!entry_with({&m.table(), alias})) from_.insert(from_.begin(), sql::FromEntry{&m.table(), {}, alias});
    return *this;
}

Query& Query::options(EagerLoad load) {
    eager_.push_back(std::move(load));
    return *this;
}

Query& Query::join(const JoinTarget& target, bool outer) {
    if (target.relationship) {
        const auto& r = *target.relationship;
        const schema::Table* left = &r.parent->table();
        sql::FromEntry* entry = entry_with({left, ""});
        if (!entry) {
            from_.push_back(sql::FromEntry{left, {}});
            entry = &from_.back();
        }
        for (auto& [table, on] : relationship_joins(r)) entry->joins.push_back({table, on, outer});
        joinpoint_ = r.target;
        joinpoint_alias_.clear();
        return *this;
    }
    const Mapper& m = *target.mapper;
    const sql::FromRef right{&m.table(), target.alias};
    if (from_.empty()) {
        sql::FromRef left = default_left();
        if (!left.table || left == right)
            throw InputError("Can't join table/selectable '" + item_name(right) + "' to itself");
        from_.push_back(sql::FromEntry{left.table, {}, left.alias});
    }
    auto joined = [&](sql::FromEntry& entry, sql::ExprPtr on) -> Query& {
        entry.joins.push_back({right.table, std::move(on), outer, right.alias});
        joinpoint_ = &m;
        joinpoint_alias_ = right.alias;
        return *this;
    };
    if (target.on) {
        // The left side is the FROM entry holding a table the on-clause names.
        std::vector<sql::FromRef> items;
        target.on->collect_froms(items);
        sql::FromEntry* entry = nullptr;
        for (const auto& r : items)
            if (!(r == right) && (entry = entry_with(r))) break;
        if (!entry) entry = &from_.front();
        return joined(*entry, target.on);
    }
    // Inferred: the most recently joined FROM item with a foreign key to or from the target.
    for (auto& entry : from_) {
        if (entry.subquery) continue;
        std::vector<sql::FromRef> candidates;
        for (auto it = entry.joins.rbegin(); it != entry.joins.rend(); ++it) candidates.push_back({it->table, it->alias});
        candidates.push_back({entry.table, entry.alias});
        for (const auto& c : candidates) {
            if (c == right) continue;
            auto conds = fk_conditions(c, right);
            if (conds.empty()) continue;
            if (conds.size() > 1)
                throw InputError("Can't determine join between '" + item_name(c) + "' and '" + item_name(right) +
                                 "'; tables have more than one foreign key constraint relationship between them. "
                                 "Please specify the 'onclause' of this join explicitly.");
            return joined(entry, conds[0]);
        }
    }
    std::vector<sql::FromRef> lefts;
    for (const auto& e : from_) lefts.push_back({e.table, e.alias});
    throw InputError("Don't know how to join to " + m.describe() + " from " + join_names(lefts) +
                     ": no foreign key links them. Please use the .select_from() method to establish an explicit "
                     "left side, as well as providing an explicit ON clause if not present already to help resolve "
                     "the ambiguity.");
}

sql::Select Query::statement() const {
    sql::Select s;
    for (const auto& e : entities_) {
        if (e.mapper)
            for (size_t i = 0; i < e.mapper->columns().size(); ++i)
                s.columns.push_back(e.alias.empty() ? column_at(*e.mapper, i)
                                                    : column(*e.mapper, e.mapper->columns()[i].key, e.alias));
        else
            s.columns.push_back(e.expr);
    }
    s.from = from_;
    s.where = where_;
    s.group_by = group_by_;
    s.having = having_;
    s.order_by = order_by_;
    s.limit = limit_;
    s.offset = offset_;
    s.distinct = distinct_;
    s.distinct_on = distinct_on_;
    if (distinct_ && distinct_on_.empty()) {
        // SQLAlchemy's expand_column_list_from_order_by: DISTINCT needs its ORDER BY in the select list.
        auto same = [](const sql::ExprPtr& a, const sql::ExprPtr& b) {
            if (a == b) return true;
            return a->kind == sql::ExprKind::Column && b->kind == sql::ExprKind::Column && a->table == b->table &&
                   a->column == b->column && a->alias == b->alias;
        };
        size_t own = s.columns.size();
        for (const auto& o : order_by_) {
            sql::ExprPtr e = o->kind == sql::ExprKind::Ordering ? o->args[0] : o;
            if (e->kind == sql::ExprKind::Label) continue;   // a label of the select list, ordered by name
            bool present = false;
            for (size_t i = 0; i < s.columns.size() && !present; ++i) {
                const auto& c = s.columns[i];
                present = same(c, e) || (i < own && c->kind == sql::ExprKind::Label && same(c->args[0], e));
            }
            if (!present) s.columns.push_back(e);
        }
    }
    return s;
}

RowLayout Query::layout() const {
    RowLayout l;
    for (const auto& e : entities_) {
        l.offsets.push_back(l.types.size());
        if (e.mapper)
            for (const auto& c : e.mapper->columns()) l.types.push_back(std::make_shared<schema::TypeEngine>(c.column->type));
        else
            l.types.push_back(e.expr->type);
    }
    return l;
}

bool Query::unique_rows() const {
    if (std::none_of(entities_.begin(), entities_.end(), [](const QueryEntity& e) { return e.mapper; })) return false;
    std::function<bool(const std::vector<EagerLoad>&)> joins_collection = [&](const std::vector<EagerLoad>& loads) {
        return std::any_of(loads.begin(), loads.end(), [&](const EagerLoad& l) {
            return l.strategy == LoadStrategy::joined && (l.relationship->uselist || joins_collection(l.children));
        });
    };
    if (joins_collection(eager_)) return true;
    // Several FROM items (joins, or tables read side by side) can repeat an entity's row.
    sql::Select s = statement();
    size_t items = 0;
    for (const auto& f : s.from) items += 1 + f.joins.size();
    std::vector<sql::FromRef> used;
    for (const auto* list : {&s.columns, &s.where, &s.group_by, &s.having, &s.order_by})
        for (const auto& e : *list) e->collect_froms(used);
    for (const auto& r : used)
        if (std::none_of(s.from.begin(), s.from.end(), [&](const sql::FromEntry& f) { return f.contains(r); })) ++items;
    return items > 1;
}

QueryCursor Query::iterate(bool load_objects) {
    QueryCursor cur;
    cur.session_ = session_;
    cur.entities_ = entities_;
    cur.layout_ = layout();
    cur.load_objects_ = load_objects;
    cur.unique_ = unique_rows();
    if (load_objects && !eager_.empty()) {
        cur.buffered_ = detail::load_with_eager(*this);
        return cur;
    }
    auto compiled = compiler_for(*session_)->compile(statement());
    cur.result_ = session_->connection().query(compiled.sql, bind_all(compiled.params, session_->engine().dialect()));
    for (const auto& c : cur.result_->columns()) cur.driver_types_.push_back(c.type_name);
    cur.driver_types_.resize(cur.layout_.types.size());
    return cur;
}

std::vector<ResultRow> Query::all() {
    std::vector<ResultRow> out;
    for (auto cur = iterate(); cur.next();) out.push_back(cur.row());
    return out;
}

std::optional<ResultRow> Query::first() {
    Query q = *this;
    q.limit_ = 1;
    auto cur = q.iterate();
    if (!cur.next()) return std::nullopt;
    return cur.row();
}

std::optional<ResultRow> Query::one_or_none() {
    auto cur = iterate();
    if (!cur.next()) return std::nullopt;
    ResultRow row = cur.row();
    if (cur.next()) throw ConditionFailed(std::string("MultipleResultsFound: ") + kMultipleOneOrNone);
    return row;
}

ResultRow Query::one() {
    auto cur = iterate();
    if (!cur.next()) throw ConditionFailed(std::string("NoResultFound: ") + kNoResultFound);
    ResultRow row = cur.row();
    if (cur.next()) throw ConditionFailed(std::string("MultipleResultsFound: ") + kMultipleExactlyOne);
    return row;
}

std::optional<ResultRow> Query::scalar() {
    auto cur = iterate();
    if (!cur.next()) return std::nullopt;
    ResultRow row = cur.row();
    if (cur.next()) throw ConditionFailed(std::string("MultipleResultsFound: ") + kMultipleExactlyOne);
    return row;
}

std::int64_t Query::count() {
    auto compiled = compiler_for(*session_)->compile_count(statement());
    auto result = session_->connection().query(compiled.sql, bind_all(compiled.params, session_->engine().dialect()));
    auto v = result->scalar();
    return v ? v->as_int() : 0;
}

ObjectPtr Query::get(const std::vector<Value>& pk) {
    const auto& first = entities_.front();
    if (!first.mapper) throw InputError("get() needs a query of one entity, as session.query(Customer).get(1)");
    const Mapper& m = *first.mapper;
    if (eager_.empty()) return session_->get(m.class_name(), pk);
    if (pk.size() != m.primary_key().size())
        throw InputError("Incorrect number of values in identifier formed from argument to get() for " + m.class_name() +
                         ": expected " + std::to_string(m.primary_key().size()));
    // With options(): the object and its eager loads in one query, as SQLAlchemy's get() loads it.
    Query q(*session_, {QueryEntity::entity(m)});
    q.eager_ = eager_;
    for (size_t i = 0; i < pk.size(); ++i) {
        size_t idx = m.primary_key()[i];
        q.where_.push_back(sql::compare("=", column_at(m, idx), detail::bind_key(pk[i], m.columns()[idx].column->type)));
    }
    auto rows = detail::load_with_eager(q);
    return rows.empty() ? nullptr : rows.front().objects[0];
}

}  // namespace orm::session
