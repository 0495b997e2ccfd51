#include "orm/engine/reflection.hpp"

#include <set>


namespace orm::engine {

ReflectedSchema reflect(Connection& conn, const ReflectOptions& options) {
    return conn.dialect().reflect(conn.runner(), options);
}

ReflectedSchema reflect_for(Connection& conn, const schema::MetaData& models) {
    ReflectedSchema out = reflect(conn);
    std::set<std::string> schemas;
    for (const auto& t : models.tables)
        if (t->schema && *t->schema != conn.dialect().default_schema_name()) schemas.insert(*t->schema);
    for (const auto& name : schemas) {
        ReflectOptions options;
        options.schema = name;
        ReflectedSchema more = reflect(conn, options);
        for (auto& t : more.metadata.tables) out.metadata.tables.push_back(std::move(t));
        for (auto& e : more.enums) out.enums.push_back(std::move(e));
    }
    return out;
}

}  // namespace orm::engine
