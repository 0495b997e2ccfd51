#include "orm/schema/clause.hpp"

#include "orm/schema/types.hpp"

namespace orm::schema {

ClausePtr Clause::make(ClauseKind kind, std::string text, std::vector<ClausePtr> args,
                       std::shared_ptr<const TypeEngine> type) {
    auto c = std::make_shared<Clause>();
    c->kind = kind;
    c->text = std::move(text);
    c->args = std::move(args);
    c->type = std::move(type);
    return c;
}

}  // namespace orm::schema
