// The SQL expression language of queries, as SQLAlchemy's ColumnElement
// family: column references, bound literals, operators, functions, labels,
// CASE, orderings. Nodes are immutable and shared; each carries the SQL type
// SQLAlchemy would give it (nullptr is SQLAlchemy's NullType: the driver's
// own type decides how a result is read).
//
// Contracts:
// - Every Python value becomes a Bind node (a bound parameter); nothing a
//   user writes is ever spliced into SQL text.
// - A literal compared with or combined with a typed expression takes that
//   expression's type (SQLAlchemy's coercion), so it is bound as the column
//   would bind it.
// - Operators SQLAlchemy would render meaninglessly or the database would
//   refuse (a number plus a string, arithmetic on text or booleans) throw
//   InputError without a location; readers add it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/schema/table.hpp"
#include "orm/schema/types.hpp"

namespace orm::sql {

using TypePtr = std::shared_ptr<const schema::TypeEngine>;

// A Python literal to be bound: None, bool, int, float, Decimal or str.
struct Literal {
    enum class Kind { null, boolean, integer, real, decimal, text } kind = Kind::null;
    std::int64_t i = 0;
    double d = 0;
    std::string text;   // text, or a decimal's digits

    static Literal null() { return {}; }
    static Literal boolean(bool b) { Literal l; l.kind = Kind::boolean; l.i = b; return l; }
    static Literal integer(std::int64_t v) { Literal l; l.kind = Kind::integer; l.i = v; return l; }
    static Literal real(double v) { Literal l; l.kind = Kind::real; l.d = v; return l; }
    static Literal decimal(std::string digits) { Literal l; l.kind = Kind::decimal; l.text = std::move(digits); return l; }
    static Literal string(std::string s) { Literal l; l.kind = Kind::text; l.text = std::move(s); return l; }
    // Python's repr: None, True, 3, 1.5, Decimal('1.5'), 'x'.
    std::string repr() const;
};

enum class ExprKind {
    Column,     // table.column; `key` is the mapped attribute key
    Bind,       // a bound parameter holding `value`
    Null,       // NULL (x IS NULL's right side)
    Binary,     // args[0] <op> args[1]
    Unary,      // <op> args[0] ("NOT", "-")
    BoolList,   // args joined by <op> ("AND" / "OR"), parenthesised where nested
    Function,   // <op>(args...); count() with no args is count(*)
    Label,      // args[0] AS <op>
    Ordering,   // args[0] <op> ("DESC" / "ASC")
    InList,     // args[0] <op> (args[1..]) with op "IN" / "NOT IN"
    Between,    // args[0] <op> args[1] AND args[2] with op "BETWEEN" / "NOT BETWEEN"
    Case,       // CASE WHEN args[0] THEN args[1] ... [ELSE last] END (`op` is "else" when there is one)
    Cast,       // CAST(args[0] AS <type>), the type spelled by the dialect
    Star,       // *
    Exists,     // EXISTS (SELECT 1 FROM ... WHERE ...): `subquery`, correlated to the enclosing query
    Parameter,  // a placeholder whose value the caller binds when it runs the statement
    Text,       // SQL written by the user (text(), literal_column()): `op` as is, each `:name` in it
                // the bound value of the arg whose `key` is name (SQLAlchemy's TextClause)
};

struct Select;

// A FROM item an expression reads: a table, or a table under an alias.
struct FromRef {
    const schema::Table* table = nullptr;
    std::string alias;   // "" = the table itself
    bool operator==(const FromRef&) const = default;
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
    ExprKind kind = ExprKind::Null;
    std::string op;
    std::vector<ExprPtr> args;
    const schema::Table* table = nullptr;     // Column
    const schema::Column* column = nullptr;   // Column
    std::string key;                          // Column: the attribute key
    // Column read through a FROM alias (SQLAlchemy's aliased tables and
    // subqueries): rendered alias.name, where `alias_name` is its name there
    // ("" = the column's own name). "" = read from its table.
    std::string alias;
    std::string alias_name;
    Literal value;                            // Bind
    std::shared_ptr<const Select> subquery;   // Exists
    TypePtr type;                             // nullptr: NullType

    // The name a result column gets (SQLAlchemy's column_descriptions name,
    // falling back to the function name): the attribute key, the label, the
    // function name, or "" for an anonymous expression.
    std::string result_name() const;
    // The tables this expression reads, in order of first appearance
    // (columns read through an alias are not: their FROM entry names them;
    // nor is what an EXISTS subquery reads).
    void collect_tables(std::vector<const schema::Table*>& out) const;
    // The tables and table aliases this expression reads, in order of first
    // appearance (columns of a subquery, named there by label, are not; nor
    // is what an EXISTS subquery reads).
    void collect_froms(std::vector<FromRef>& out) const;
};

// ---- construction --------------------------------------------------------

ExprPtr column(const schema::Table& table, const schema::Column& column, std::string key = "");
// A column of no table (SQLAlchemy's column("x") on its own): its quoted name.
ExprPtr bare_column(const schema::Column& column);
// text("... :name ..."), each :name bound to the expression given for it
// (a `\:` is a colon that names nothing); the compiler throws InputError
// for a :name without a value.
ExprPtr text(std::string sql, std::vector<std::pair<std::string, ExprPtr>> binds = {}, TypePtr type = nullptr);
// `column` of `table` read through the FROM alias `alias`, where it is named
// `name` ("" = its own name): alias.name, typed as the column.
ExprPtr aliased_column(const schema::Table& table, const schema::Column& column, std::string alias,
                       std::string name = "", std::string key = "");
// A bound literal of `type` (nullptr: the literal's own type, as literal() gives it).
ExprPtr bind(Literal value, TypePtr type = nullptr);
// A parameter of `type` whose value the caller supplies when it runs the
// statement (SQLAlchemy's bindparam() without a value): how one compiled
// INSERT serves many rows. Parameters are numbered in the order the
// compiled statement meets them (BoundParam::parameter).
ExprPtr parameter(TypePtr type = nullptr);
ExprPtr null();
// The literal's natural SQL type: Integer, Float, Numeric, String, Boolean; nullptr for None.
TypePtr literal_type(const Literal& value);
TypePtr boolean_type();
TypePtr integer_type();

// A comparison ("=", "!=", "<", "<=", ">", ">=", "LIKE", "NOT LIKE", "ILIKE",
// "NOT ILIKE", "IS", "IS NOT"); `== None` becomes IS NULL and `!= None` IS NOT NULL.
ExprPtr compare(const std::string& op, ExprPtr left, ExprPtr right);
// Arithmetic ("+", "-", "*", "/", "%"); "+" of two strings is "||".
ExprPtr arithmetic(const std::string& op, ExprPtr left, ExprPtr right);
ExprPtr negative(ExprPtr operand);
ExprPtr and_(std::vector<ExprPtr> clauses);
ExprPtr or_(std::vector<ExprPtr> clauses);
ExprPtr not_(ExprPtr clause);
ExprPtr in_(ExprPtr left, std::vector<ExprPtr> items, bool negate = false);
ExprPtr between(ExprPtr e, ExprPtr low, ExprPtr high, bool negate = false);
// LIKE with '%' on either side of the bound pattern, as startswith/endswith/contains render it.
ExprPtr like_affix(ExprPtr e, ExprPtr pattern, bool percent_before, bool percent_after);
// func.<name>(args); the result type follows SQLAlchemy's generic functions.
ExprPtr function(const std::string& name, std::vector<ExprPtr> args);
ExprPtr label(ExprPtr e, const std::string& name);
ExprPtr ordering(ExprPtr e, bool descending);
// case((cond, value), ..., else_=value)
ExprPtr case_(std::vector<std::pair<ExprPtr, ExprPtr>> whens, ExprPtr else_value);
// cast(e, type): an expression of `type`; a literal in it is bound as `type` binds it (SQLAlchemy's Cast).
ExprPtr cast(ExprPtr e, TypePtr type);
// Coerces a literal to `like`'s type (SQLAlchemy's _bind_param): a Bind of
// NullType takes the other side's type; anything else is returned as is.
ExprPtr coerce_to(ExprPtr e, const ExprPtr& like);

}  // namespace orm::sql
