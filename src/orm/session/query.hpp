// Query: SQLAlchemy's legacy session.query(...) over the Session, in snake_case.
//
//   Query q(session, {QueryEntity::entity(*registry.mapper("Customer"))});
//   q.filter(sql::compare("=", q.column("Customer", "town"), sql::bind(sql::Literal::string("Norfolk"))))
//    .order_by({sql::ordering(q.column("Customer", "id"), true)}).limit(3);
//   for (auto cur = q.iterate(); cur.next();) use(cur.row().objects[0]);
//
// Contracts:
// - Builders change the query in place and return it: filter/filter_by/
//   having AND their criteria, order_by/group_by append (order_by() with no
//   argument clears), limit/offset replace, join/outerjoin attach to the FROM
//   entry holding their left side.
// - Joins without an on-clause are inferred as SQLAlchemy infers them: from
//   a relationship's join condition, or from the one foreign key between the
//   left side and the target; none or several is an InputError with
//   SQLAlchemy's meaning.
// - iterate() streams: one row converted at a time from the driver. Entities
//   are loaded into the session's identity map (one object per primary key)
//   unless the cursor is opened with load_objects = false, which yields the
//   converted column values only (flat memory for any result size).
// - Eager loads (joinedload / selectinload) load as SQLAlchemy's strategies
//   do (orm/session/eager.hpp): joinedload as a LEFT OUTER JOIN under an
//   alias in the same SELECT (wrapped in a subquery when a joined collection
//   meets LIMIT/OFFSET/DISTINCT/GROUP BY), selectinload as one IN query per
//   500 parents. A query with eager loads reads all its rows before the
//   first is returned.
// - Rows are folded as SQLAlchemy's legacy Query folds them (unique_rows()).
// - get(pk) with options() runs one SELECT with the eager loads even when the
//   object is in the identity map (SQLAlchemy returns that object as it is).
// - first/one/one_or_none/scalar follow SQLAlchemy: NoResultFound /
//   MultipleResultsFound are ConditionFailed with SQLAlchemy's wording.
// - Only SELECTs are ever run.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/session/session.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::session {

// One item of the select list: a mapped entity or a column expression.
struct QueryEntity {
    const Mapper* mapper = nullptr;   // an entity (all its column attributes)
    sql::ExprPtr expr;                // a column expression
    std::string name;                 // the result label ("Customer", "id", "count", ...; "" = anonymous)
    std::string alias;                // an entity read through aliased(): its table's alias

    // An entity; `alias` (aliased(Class[, name])) labels it by its name when
    // one was given and leaves it anonymous otherwise, as SQLAlchemy's
    // column_descriptions do.
    static QueryEntity entity(const Mapper& m, std::string alias = "", bool named = false) {
        std::string n = alias.empty() ? m.class_name() : named ? alias : "";
        return {&m, nullptr, std::move(n), std::move(alias)};
    }
    static QueryEntity column(sql::ExprPtr e) {
        std::string n = e->result_name();
        return {nullptr, std::move(e), std::move(n), ""};
    }
};

enum class LoadStrategy { joined, selectin };

// joinedload(A.b).selectinload(B.c): a relationship to load eagerly, with the
// loads to chain below it.
struct EagerLoad {
    const RelationshipProperty* relationship = nullptr;
    LoadStrategy strategy = LoadStrategy::joined;
    std::vector<EagerLoad> children;
};

// What join() / outerjoin() joins to: a class (inferred on-clause, or `on`),
// or a relationship attribute.
struct JoinTarget {
    const Mapper* mapper = nullptr;
    const RelationshipProperty* relationship = nullptr;
    sql::ExprPtr on;
    std::string alias;   // the class under aliased(): JOIN table AS alias
};

// One result row: every select-list column converted (`cells`, entity
// columns in mapper order), and per query entity its object (nullptr for a
// column expression, or when objects are not loaded).
struct ResultRow {
    std::vector<Value> cells;
    std::vector<ObjectPtr> objects;
};

// Where each query entity's columns start in ResultRow::cells.
struct RowLayout {
    std::vector<size_t> offsets;
    std::vector<sql::TypePtr> types;   // per cell; nullptr: NullType
};

class Query;

// A streaming cursor over a query's rows.
class QueryCursor {
public:
    // Advances; false when exhausted.
    bool next();
    const ResultRow& row() const { return row_; }
    const RowLayout& layout() const { return layout_; }
    // Advances without converting the row (row() keeps its old value), for
    // callers that read the driver's cells themselves through raw(). Only
    // for a cursor that neither buffers (eager loads) nor folds (unique()).
    bool next_raw();
    // The driver's current row: layout().types and driver_types() say how to read each cell.
    const dialect::Row& raw() const { return result_->row(); }
    // Whether next() folds repeated rows (Query::unique_rows()); next_raw() does not.
    bool unique() const { return unique_; }
    // Per cell, the driver's type name ("" when it has none).
    const std::vector<std::string>& driver_types() const { return driver_types_; }
    void close();

private:
    friend class Query;
    QueryCursor() = default;
    Session* session_ = nullptr;
    std::vector<QueryEntity> entities_;
    RowLayout layout_;
    std::vector<std::string> driver_types_;
    std::unique_ptr<dialect::Result> result_;
    bool load_objects_ = true;
    // Query::unique_rows(): rows already returned, by detail::row_identity.
    bool unique_ = false;
    std::unordered_set<std::string> seen_;
    // Eagerly loaded queries: every row read up front, related objects attached.
    std::optional<std::vector<ResultRow>> buffered_;
    size_t buffered_pos_ = 0;
    ResultRow row_;
    bool convert(const dialect::Row& raw);
};

class Query {
public:
    Query(Session& session, std::vector<QueryEntity> entities);

    const std::vector<QueryEntity>& entities() const { return entities_; }
    Session& session() const { return *session_; }
    // The column attribute `key` of `mapper` as an expression (read through
    // the table alias `alias` when not empty); InputError when there is none.
    static sql::ExprPtr column(const Mapper& mapper, const std::string& key, const std::string& alias = "");
    // Customer.orders.any(criterion) / Order.customer.has(criterion), as
    // SQLAlchemy's relationship comparators render them: EXISTS (SELECT 1
    // FROM <target> [, <secondary>] WHERE <join condition> [AND criterion]),
    // correlated to every other table it names that the enclosing query
    // reads (correlate_except(target)). `criterion` may be null.
    // InputError for a relationship from a table to itself (it needs an alias).
    static sql::ExprPtr relationship_exists(const RelationshipProperty& r, sql::ExprPtr criterion);
    // The mapper that filter_by() applies to: the last join's target, else the first entity's.
    const Mapper* joinpoint() const;

    Query& filter(sql::ExprPtr criterion);
    // filter_by(key=value, ...) on joinpoint(); InputError for a key that is not a column attribute.
    Query& filter_by(const std::vector<std::pair<std::string, sql::ExprPtr>>& criteria);
    Query& order_by(std::vector<sql::ExprPtr> clauses);   // empty: clears
    Query& group_by(std::vector<sql::ExprPtr> clauses);
    Query& having(sql::ExprPtr criterion);
    Query& limit(std::optional<std::int64_t> n);
    Query& offset(std::optional<std::int64_t> n);
    // distinct(): SELECT DISTINCT; distinct(on): DISTINCT ON (on...) on PostgreSQL, a plain DISTINCT elsewhere.
    Query& distinct(std::vector<sql::ExprPtr> on = {});
    Query& join(const JoinTarget& target, bool outer = false);
    Query& outerjoin(const JoinTarget& target) { return join(target, true); }
    Query& select_from(const Mapper& mapper, const std::string& alias = "");
    Query& options(EagerLoad load);
    const std::vector<EagerLoad>& eager_loads() const { return eager_; }
    // True when rows are folded as SQLAlchemy's legacy Query folds them:
    // the query selects an entity and reads several FROM items (a join, or
    // tables side by side) or joins a collection eagerly; each distinct row
    // (entities by primary key, columns by value) is then returned once, in
    // the order first met, and the rows seen are remembered.
    bool unique_rows() const;

    // The SELECT this query runs (eager loads not included). As the legacy
    // Query does, a DISTINCT query ordered by expressions it does not select
    // selects them too, after its own columns (rows keep only its own).
    sql::Select statement() const;
    RowLayout layout() const;

    QueryCursor iterate(bool load_objects = true);
    std::vector<ResultRow> all();
    // first(): the first row (LIMIT 1) or nullopt.
    std::optional<ResultRow> first();
    // one(): exactly one row, else ConditionFailed (NoResultFound / MultipleResultsFound).
    ResultRow one();
    std::optional<ResultRow> one_or_none();
    // scalar(): the first column of the only row (an object for an entity), nullopt when none; several rows throw.
    std::optional<ResultRow> scalar();
    std::int64_t count();
    // get(pk): the primary entity with this primary key (identity map first), or nullptr.
    ObjectPtr get(const std::vector<Value>& pk);

private:
    // The FROM entry holding `item`, or nullptr.
    sql::FromEntry* entry_with(const sql::FromRef& item);
    // The FROM item a join with no explicit left side starts from: the first entity's.
    sql::FromRef default_left() const;
    Session* session_;
    std::vector<QueryEntity> entities_;
    std::vector<sql::FromEntry> from_;
    std::vector<sql::ExprPtr> where_, group_by_, having_, order_by_;
    std::optional<std::int64_t> limit_, offset_;
    bool distinct_ = false;
    std::vector<sql::ExprPtr> distinct_on_;
    const Mapper* joinpoint_ = nullptr;
    std::string joinpoint_alias_;
    std::vector<EagerLoad> eager_;
};

// The driver parameter for a compiled bound literal on `backend`.
dialect::Value bind_value(const sql::BoundParam& p, const dialect::Dialect& backend);
// A result cell of a column of SQL type `type` (nullptr: by the driver's type name, e.g. "numeric").
Value result_value(const dialect::Value& v, const sql::TypePtr& type, const std::string& driver_type);

}  // namespace orm::session
