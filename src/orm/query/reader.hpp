// The query-expression reader: SQLAlchemy's query syntax (SPEC §7), parsed
// by the shared Python reader (orm/python/parser.hpp) and turned into a
// session Query without any Python. Grammar, over Python's expression syntax:
//
//   input     := query | Class                      (a bare class: session.query(Class).all())
//   Class     := NAME | 'aliased' '(' NAME [',' ['name' '='] STRING] ')' | '(' NAME ':=' Class ')' | a NAME bound by ':='
//                (an aliased class is its table under an alias, anonymous <table>_<n> without a name;
//                 ':=' binds it so the rest of the expression can use it again, as Python does)
//   query     := 'session' '.' 'query' '(' item (',' item)* ')' ('.' builder)* ['.' terminal]
//   item      := Class | column
//   builder   := 'filter' '(' column* ')' | 'filter_by' '(' (NAME '=' value)* ')'
//              | 'order_by' '(' (column | 'None')* ')' | 'group_by' '(' column* ')' | 'having' '(' column ')'
//              | 'limit' '(' INT | 'None' ')' | 'offset' '(' INT | 'None' ')' | 'distinct' '(' column* ')'
//              | ('join' | 'outerjoin') '(' (Class | Class.relationship) [',' column] [',' 'isouter' '=' bool] ')'
//              | 'select_from' '(' Class ')' | 'options' '(' load (',' load)* ')'
//   terminal  := 'all()' | 'first()' | 'one()' | 'one_or_none()' | 'scalar()' | 'count()' | 'get' '(' value | tuple ')'
//   load      := ('joinedload' | 'selectinload') '(' Class.relationship ')' ('.' ('joinedload' | 'selectinload') '(' Class.relationship ')')*
//   column    := Class.attr | value | column op column | '~' column | '-' column
//              | column '.' method '(' ... ')' | 'func' '.' NAME '(' column* ')'
//              | ('and_' | 'or_') '(' column* ')' | 'not_' '(' column ')' | ('desc' | 'asc') '(' column ')'
//              | 'literal' '(' value ')' | 'case' '(' ('(' column ',' column ')')+ [',' 'else_' '=' column] ')'
//              | Class.relationship '.' ('any' | 'has') '(' [column] (',' NAME '=' value)* ')'
//   op        := '==' '!=' '<' '<=' '>' '>=' '+' '-' '*' '/' '%' '&' '|'
//   method    := in_ not_in notin_ like ilike not_like not_ilike notlike notilike startswith endswith contains
//              | between is_ is_not isnot desc asc label
//   value     := INT | FLOAT | STRING | 'None' | 'True' | 'False' | 'Decimal' '(' STRING ')'
//
// Contracts:
// - Reading builds the query and runs nothing; anything outside the grammar
//   (an unknown class or attribute, a Query method that is not a SELECT
//   builder such as delete(), any other call such as __import__ or exec, a
//   SQL function not on the read-only list, Python's and/or/not on SQL
//   expressions, an operator on types that do not combine) is an InputError
//   pointing at it with a caret.
// - The resulting Query can only run a SELECT.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/session/query.hpp"

namespace orm::query {

enum class Terminal { all, first, one, one_or_none, scalar, count, get };

struct ReadQuery {
    std::unique_ptr<session::Query> query;
    Terminal terminal = Terminal::all;
    std::vector<session::Value> get_key;   // Terminal::get
};

// Reads `source` (the expression text) against `session`'s mappers.
ReadQuery read_query(const std::shared_ptr<const SourceFile>& source, session::Session& session);

// The SQL functions a query expression may call: aggregates and pure scalar
// functions, nothing with a side effect.
bool allowed_function(const std::string& name);

}  // namespace orm::query
