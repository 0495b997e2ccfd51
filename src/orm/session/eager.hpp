// Eager loading for Query (options(joinedload(...), selectinload(...))), as
// SQLAlchemy 1.4's strategies load them. Internal to the session layer.
//
// - joinedload: the query's SELECT gains a LEFT OUTER JOIN to the related
//   table under an alias (<table>_<n>, numbered per table as SQLAlchemy
//   numbers them), whose columns follow the query's own in the select list;
//   chained joinedloads join from that alias. Each row's related object is
//   folded into its parent: every parent once, its collection in the order
//   the rows bring its members (none: an empty collection / None). With a
//   collection joined and LIMIT, OFFSET, DISTINCT or GROUP BY, the query is
//   first wrapped as a subquery (anon_1) so that those count parents, not
//   joined rows: SELECT anon_1.*, <alias>.* FROM (SELECT ... LIMIT ?) AS
//   anon_1 LEFT OUTER JOIN ... ORDER BY anon_1.<order columns>.
// - selectinload, and a joinedload whose join this SQL cannot spell
//   (many-to-many; a wrapped query that selects more than entities or orders
//   by anything but their columns): after the rows are read, one IN query per
//   500 parents (SQLAlchemy's selectin batch); loads chained below it run the
//   same way. The objects and collections are what SQLAlchemy's strategies
//   give; only the SQL differs for those joinedloads.
#pragma once

#include <vector>

#include "orm/session/query.hpp"

namespace orm::session::detail {

// Every row of `query` with its eager loads done, objects in the identity
// map; rows are unique when query.unique_rows() (the query is read whole).
std::vector<ResultRow> load_with_eager(const Query& query);

// What makes a row itself when SQLAlchemy's legacy Query folds repeated rows:
// each entity's primary key (or None), each column's value.
std::string row_identity(const ResultRow& row, const std::vector<QueryEntity>& entities, const RowLayout& layout);

// The column at `index` of `mapper` as an expression of its table.
sql::ExprPtr column_at(const Mapper& mapper, size_t index);
// A bound literal of `type` holding `value` (an integer, decimal, boolean or text key).
sql::ExprPtr bind_key(const Value& value, const schema::TypeEngine& type);
// The driver parameters of compiled bound literals.
dialect::Params bind_all(const std::vector<sql::BoundParam>& params, const dialect::Dialect& backend);

}  // namespace orm::session::detail
