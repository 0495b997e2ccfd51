// reflect(): the live database's schema as MetaData, through an engine
// Connection so that every catalog statement is echoed (and can be counted)
// like any other. The dialect reads its own catalog (Dialect::reflect).
#pragma once

#include "orm/dialect/reflection.hpp"
#include "orm/engine/engine.hpp"

namespace orm::engine {

using dialect::ReflectedSchema;
using dialect::ReflectOptions;

// Reads the schema in `options.schema` (default: the connection's default
// schema). Throws DatabaseError when the catalog cannot be read.
ReflectedSchema reflect(Connection& conn, const ReflectOptions& options = {});

// The database as `models` name it, for comparing the two: the default
// schema and every other schema a table of the models is in, merged (tables
// keep their schema, so a models table meets its database table by fullname).
ReflectedSchema reflect_for(Connection& conn, const schema::MetaData& models);

}  // namespace orm::engine
