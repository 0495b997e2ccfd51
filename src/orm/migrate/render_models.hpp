// A reflected schema as a models file in SQLAlchemy's declarative style:
// what `orm inspect --format models` prints. Contract: the file is
// importable by SQLAlchemy 1.4 and readable by orm, and create-all of it
// into an empty database of the same dialect builds a schema that reflects
// identically (types, nullability, server defaults, keys, constraint and
// index names, CHECK bodies, index expressions, comments).
//
// Tables with a primary key become mapped classes; tables without one
// become `sa.Table(...)` on Base.metadata (declarative needs a key). Types
// are the upper-case SQL classes reflection reports; every constraint and
// index keeps its database name, except PostgreSQL's default primary-key
// name, which the database chooses again by itself.
#pragma once

#include <optional>
#include <string>

#include "orm/dialect/reflection.hpp"

namespace orm::migrate {

struct RenderModelsOptions {
    // Named in the header comment (password masked by the caller).
    std::optional<std::string> url;
};

std::string render_models(const dialect::ReflectedSchema& reflected, const RenderModelsOptions& options = {});

// A Python string literal for `value` ("..." with escapes).
std::string python_string(const std::string& value);

}  // namespace orm::migrate
