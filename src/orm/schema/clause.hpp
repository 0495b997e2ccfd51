// The small SQL expression tree that schema objects hold: server defaults,
// CHECK bodies, index expressions, partial-index WHERE clauses. It is
// dialect-neutral; the sql layer compiles it for a dialect (func.now() is
// now() on PostgreSQL and CURRENT_TIMESTAMP on SQLite, sa.true() is true or 1).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace orm::schema {

struct Clause;
struct TypeEngine;
using ClausePtr = std::shared_ptr<const Clause>;

enum class ClauseKind {
    Text,       // text("...") or a CHECK string: `text` is raw SQL, emitted as is
    String,     // a string literal ('...' in SQL); `text` is the value
    Number,     // a numeric literal; `text` is its digits as written
    True,       // sa.true() / Python True
    False,      // sa.false() / Python False
    Null,       // sa.null() / None
    Column,     // a column reference; `text` is the column name
    Function,   // func.<text>(args...); `text` is the name as written ("now", "lower", "current_timestamp")
    Binary,     // args[0] <text> args[1]; `text` is the SQL operator ("=", "+", "AND", "LIKE", ...)
    Unary,      // <text> args[0] ("NOT", "-")
    Grouping,   // ( args[0] )
    Cast,       // CAST(args[0] AS <type>): `type`, spelled by the dialect (`text` names its class)
    Desc,       // args[0] DESC (index expressions)
    Asc,        // args[0] ASC
};

struct Clause {
    ClauseKind kind = ClauseKind::Text;
    std::string text;
    std::vector<ClausePtr> args;
    std::shared_ptr<const TypeEngine> type;   // Cast: the type cast to

    static ClausePtr make(ClauseKind kind, std::string text, std::vector<ClausePtr> args = {},
                          std::shared_ptr<const TypeEngine> type = nullptr);
};

}  // namespace orm::schema
