#include "orm/schema/clause.hpp"

namespace orm::schema {

ClausePtr Clause::make(ClauseKind kind, std::string text, std::vector<ClausePtr> args) {
    auto c = std::make_shared<Clause>();
    c->kind = kind;
    c->text = std::move(text);
    c->args = std::move(args);
    return c;
}

}  // namespace orm::schema
