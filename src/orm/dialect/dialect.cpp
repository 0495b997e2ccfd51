// The dialect registry: one singleton per backend, looked up by name.
#include "orm/dialect/dialect.hpp"

#include "orm/core/error.hpp"
#include "orm/dialect/connection.hpp"
#include "orm/dialect/postgresql/postgresql_connection.hpp"
#include "orm/dialect/postgresql/postgresql_ddl.hpp"
#include "orm/dialect/sqlite/sqlite_connection.hpp"
#include "orm/dialect/sqlite/sqlite_ddl.hpp"

namespace orm::dialect {

namespace {

class SQLiteDialect : public Dialect {
public:
    std::string name() const override { return "sqlite"; }
    std::unique_ptr<sql::DDLCompiler> ddl_compiler() const override { return make_sqlite_ddl_compiler(); }
    std::unique_ptr<Connection> connect(const ConnectParams& params) const override {
        return open_sqlite_connection(params);
    }
};

class PostgreSQLDialect : public Dialect {
public:
    std::string name() const override { return "postgresql"; }
    std::unique_ptr<sql::DDLCompiler> ddl_compiler() const override { return make_postgresql_ddl_compiler(); }
    std::unique_ptr<Connection> connect(const ConnectParams& params) const override {
        return open_postgresql_connection(params);
    }
};

}  // namespace

const Dialect& get_dialect(std::string_view name) {
    static const SQLiteDialect sqlite;
    static const PostgreSQLDialect postgresql;
    if (name == "sqlite") return sqlite;
    if (name == "postgresql" || name == "postgres") return postgresql;
    throw UsageError("unknown database dialect '" + std::string(name) + "' (supported: sqlite, postgresql)");
}

}  // namespace orm::dialect
