// SELECT statements and the statement compiler, as SQLAlchemy's Select and
// SQLCompiler: the generic dialect here, backends override the hooks
// (placeholders, ILIKE, LIMIT/OFFSET, typed literals) in dialect/<backend>/.
// The same compiler compiles INSERT, UPDATE and DELETE (dml.hpp).
//
// Contracts:
// - Every literal (including LIMIT and OFFSET) is a bound parameter: the SQL
//   text holds only placeholders, identifiers and keywords; the values come
//   back in `CompiledStatement::params`, in placeholder order.
// - FROM holds the explicit entries (with their joins) first, then every
//   other table or table alias (`table AS name`) the statement's
//   expressions read, in order of appearance (SQLAlchemy's implicit FROM list).
// - Identifiers are quoted by the dialect's rules (the DDL compiler's).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/sql/ddl_compiler.hpp"
#include "orm/sql/dml.hpp"
#include "orm/sql/expression.hpp"

namespace orm::sql {

struct Join {
    const schema::Table* table = nullptr;
    ExprPtr on;
    bool outer = false;   // LEFT OUTER JOIN
    std::string alias;    // JOIN table AS alias (its columns are aliased_column()s); "" = none

    Join() = default;
    Join(const schema::Table* t, ExprPtr on_clause, bool left_outer = false, std::string as = "")
        : table(t), on(std::move(on_clause)), outer(left_outer), alias(std::move(as)) {}
};

struct Select;

// One entry of the FROM list: a table (maybe under an alias, or a subquery
// under an alias) and the joins hanging off it.
struct FromEntry {
    const schema::Table* table = nullptr;
    std::vector<Join> joins;
    std::shared_ptr<const Select> subquery;   // (SELECT ...) AS alias, in place of `table`
    std::string alias;                        // table AS alias / the subquery's name; "" = none

    FromEntry() = default;
    FromEntry(const schema::Table* t, std::vector<Join> j = {}, std::string as = "")
        : table(t), joins(std::move(j)), alias(std::move(as)) {}
    FromEntry(std::shared_ptr<const Select> select, std::string as) : subquery(std::move(select)), alias(std::move(as)) {}
    // True when `t` itself (not an alias of it) is this entry's table or one of its joined tables.
    bool contains(const schema::Table* t) const;
    // True when this entry or one of its joins is the FROM item `r` (a subquery covers its own name).
    bool contains(const FromRef& r) const;
};

struct Select {
    std::vector<ExprPtr> columns;
    std::vector<FromEntry> from;
    std::vector<ExprPtr> where;     // ANDed
    std::vector<ExprPtr> group_by;
    std::vector<ExprPtr> having;    // ANDed
    std::vector<ExprPtr> order_by;
    std::optional<std::int64_t> limit;
    std::optional<std::int64_t> offset;
    bool distinct = false;
    // DISTINCT ON (...) where the dialect has it (PostgreSQL); elsewhere a
    // plain DISTINCT, as SQLAlchemy 1.4 renders it there.
    std::vector<ExprPtr> distinct_on;
    // A subquery's FROM items of the enclosing query: left out of its FROM (SQLAlchemy's correlation).
    std::vector<FromRef> correlate;
};

// EXISTS (SELECT 1 FROM <its FROM> WHERE <its where>) (its columns are not
// used); typed Boolean. Of `subquery.correlate`, the items the enclosing
// SELECT has are correlated (left out of the subquery's FROM), as SQLAlchemy
// correlates; an EXISTS adds nothing to the enclosing FROM.
ExprPtr exists(Select subquery);

// One placeholder of a compiled statement, in order.
struct BoundParam {
    Literal value;
    TypePtr type;   // how to bind it (nullptr: by the literal's own kind)
    // A sql::parameter(): the index of the value the caller supplies (`value` unused).
    std::optional<std::size_t> parameter = std::nullopt;
};

struct CompiledStatement {
    std::string sql;
    std::vector<BoundParam> params;
    // True when every placeholder is a caller-supplied parameter, in order
    // (0, 1, ...): the caller's values are the statement's parameters as they are.
    bool parameters_only() const;
};

class SQLCompiler {
public:
    // `ddl` supplies the dialect's identifier quoting; it must outlive the compiler.
    explicit SQLCompiler(std::shared_ptr<const DDLCompiler> ddl) : ddl_(std::move(ddl)) {}
    virtual ~SQLCompiler() = default;

    std::string dialect_name() const { return ddl_->dialect_name(); }

    // The statement with its parameters.
    CompiledStatement compile(const Select& select) const;
    CompiledStatement compile(const Insert& insert) const;
    CompiledStatement compile(const Update& update) const;
    CompiledStatement compile(const Delete& del) const;
    // SELECT count(*) AS count_1 FROM (<select>) AS anon_1, as Query.count() runs it.
    CompiledStatement compile_count(const Select& select) const;
    // One expression on its own (for tests and messages).
    CompiledStatement compile_expression(const ExprPtr& e) const;

    // The placeholder of the n-th (1-based) parameter: "?1" / "$1".
    virtual std::string placeholder(std::size_t n) const = 0;
    // The same where every parameter is used once, in order (an INSERT's
    // VALUES): SQLite takes a plain '?' in constant time, where it looks a
    // numbered '?NNN' up linearly.
    virtual std::string sequential_placeholder(std::size_t n) const { return placeholder(n); }

protected:
    // left ILIKE right (generic: lower(left) LIKE lower(right), as SQLAlchemy renders it).
    virtual std::string render_ilike(const std::string& left, const std::string& right, bool negate) const;
    // " LIMIT x OFFSET y" from already-rendered placeholders (either may be empty).
    virtual std::string render_limit_offset(const std::string& limit, const std::string& offset) const;
    // Whether DISTINCT ON (...) is rendered (else distinct_on is a plain DISTINCT).
    virtual bool supports_distinct_on() const { return false; }
    // A bound literal standing alone in the select list (PostgreSQL needs its type spelled out).
    virtual std::string render_select_bind(const std::string& placeholder, const BoundParam& p) const {
        return placeholder;
    }

private:
    // What compiling one statement accumulates (shared by select_compiler.cpp and dml.cpp).
    struct State {
        std::vector<BoundParam> params;
        std::size_t parameters = 0;   // sql::parameter()s met so far
        // Per enclosing SELECT being rendered, its FROM items: what an EXISTS inside may correlate to.
        std::vector<std::vector<FromRef>> enclosing;
    };
    // `top`: standing alone in a select list; `sequential`: placeholders as sequential_placeholder().
    std::string expr(const ExprPtr& e, State& st, bool top = false, bool sequential = false) const;
    // WHERE clauses ANDed, a comparison unparenthesised (as SQLAlchemy renders a DML WHERE).
    std::string where_text(const std::vector<ExprPtr>& where, State& st) const;
    std::string operand(const ExprPtr& e, State& st) const;
    std::string select_text(const Select& s, State& st) const;
    std::string from_text(const std::vector<FromEntry>& entries, State& st) const;
    std::shared_ptr<const DDLCompiler> ddl_;
};

}  // namespace orm::sql
