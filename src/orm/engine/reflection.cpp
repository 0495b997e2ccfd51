#include "orm/engine/reflection.hpp"

#include "orm/core/error.hpp"
#include "orm/dialect/postgresql/postgresql_reflection.hpp"
#include "orm/dialect/sqlite/sqlite_reflection.hpp"

namespace orm::engine {

ReflectedSchema reflect(Connection& conn, const ReflectOptions& options) {
    dialect::CatalogQuery query = [&conn](const std::string& sql, const dialect::Params& params) {
        return conn.query(sql, params);
    };
    const std::string name = conn.dialect().name();
    if (name == "sqlite") return dialect::reflect_sqlite(query, options);
    if (name == "postgresql") return dialect::reflect_postgresql(query, options);
    throw UsageError("reflection is not available for " + name);
}

}  // namespace orm::engine
