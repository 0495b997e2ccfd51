#include "orm/engine/reflection.hpp"


namespace orm::engine {

ReflectedSchema reflect(Connection& conn, const ReflectOptions& options) {
    return conn.dialect().reflect(conn.runner(), options);
}

}  // namespace orm::engine
