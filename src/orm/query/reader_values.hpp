// The query reader's values and name tables (reader.cpp): what a Python
// expression in the query syntax evaluates to along the way. Internal to query/.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "orm/query/reader.hpp"
#include "orm/session/query.hpp"

namespace orm::query::detail {

using session::Mapper;
using session::Query;
using session::RelationshipProperty;

inline const std::set<std::string> kBuilders = {"filter", "filter_by", "order_by", "group_by", "having", "limit",
                                         "offset", "distinct", "join", "outerjoin", "select_from", "options"};
inline const std::set<std::string> kTerminals = {"all", "first", "one", "one_or_none", "scalar", "count", "get"};
// Query methods that write, or run something other than the query's SELECT.
inline const std::set<std::string> kRefusedQueryMethods = {"delete", "update", "insert", "execute", "from_statement",
                                                    "merge_result", "populate_existing", "with_for_update",
                                                    "with_lockmode", "params", "values", "value", "yield_per",
                                                    "execution_options", "union", "union_all", "subquery",
                                                    "exists", "scalar_subquery", "cte", "with_entities",
                                                    "add_columns", "add_entity", "filter_text", "text",
                                                    "prefix_with", "suffix_with", "with_hint", "statement"};
inline const std::set<std::string> kColumnMethods = {"in_", "not_in", "notin_", "like", "ilike", "not_like", "not_ilike",
                                              "notlike", "notilike", "startswith", "endswith", "contains",
                                              "between", "is_", "is_not", "isnot", "desc", "asc", "label"};
inline const std::set<std::string> kGlobals = {"and_", "or_", "not_", "desc", "asc", "literal", "joinedload",
                                        "selectinload", "case", "Decimal", "null", "true", "false", "aliased"};

struct LoadLink {
    const RelationshipProperty* rel;
    session::LoadStrategy strategy;
};

struct Val {
    enum class K { session, query, entity, relationship, expr, list, func_ns, callable, method, option, terminal };
    K k = K::expr;
    const Mapper* mapper = nullptr;
    const RelationshipProperty* rel = nullptr;
    sql::ExprPtr expr;
    std::vector<Val> items;
    std::string name;
    std::shared_ptr<Val> self;
    std::shared_ptr<Query> query;
    std::vector<LoadLink> chain;
    Terminal terminal = Terminal::all;
    std::vector<session::Value> key;
    std::string alias;          // entity: aliased(Class[, name]) reads it through this table alias
    bool alias_named = false;   // the alias was named (it labels the entity in a tuple)

    bool literal() const { return k == K::expr && expr->kind == sql::ExprKind::Bind && !expr->type; }
};

// How a value is named in a message ("type object 'Customer'", "int").
inline std::string kind_name(const Val& v) {
    switch (v.k) {
        case Val::K::session: return "Session";
        case Val::K::query: return "Query";
        case Val::K::entity:
            return v.alias.empty() ? "type object '" + v.mapper->class_name() + "'"
                                   : "aliased(" + v.mapper->class_name() + ")";
        case Val::K::relationship: return "relationship '" + v.rel->parent->class_name() + "." + v.rel->key + "'";
        case Val::K::expr: {
            if (!v.literal()) return "SQL expression";
            switch (v.expr->value.kind) {
                case sql::Literal::Kind::integer: return "int";
                case sql::Literal::Kind::real: return "float";
                case sql::Literal::Kind::text: return "str";
                case sql::Literal::Kind::null: return "NoneType";
                case sql::Literal::Kind::boolean: return "bool";
                case sql::Literal::Kind::decimal: return "Decimal";
            }
            return "value";
        }
        case Val::K::list: return "list";
        case Val::K::func_ns: return "func";
        case Val::K::callable: return "function";
        case Val::K::method: return "method";
        case Val::K::option: return "loader option";
        case Val::K::terminal: return "result";
    }
    return "value";
}

}  // namespace orm::query::detail
