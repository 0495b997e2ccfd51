// A Dialect ties together what differs between database backends: the DDL
// and SQL compilers, type spellings, and the driver connection. One folder
// under dialect/ per backend; a new backend registers itself in dialect.cpp.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace orm::sql { class DDLCompiler; }

namespace orm::dialect {

class Connection;

// What a driver needs to connect; built by the engine layer from a URL.
struct ConnectParams {
    std::string backend;                  // "sqlite" / "postgresql"
    std::optional<std::string> username;
    std::optional<std::string> password;
    std::optional<std::string> host;      // a host name, or a unix-socket directory
    std::optional<int> port;
    std::string database;                 // PostgreSQL db name; SQLite file path or ":memory:"
    std::map<std::string, std::string> query;  // URL query parameters
};

class Dialect {
public:
    virtual ~Dialect() = default;
    virtual std::string name() const = 0;   // "sqlite" / "postgresql"
    virtual std::unique_ptr<sql::DDLCompiler> ddl_compiler() const = 0;
    // Opens a driver connection; throws DatabaseError when it cannot.
    virtual std::unique_ptr<Connection> connect(const ConnectParams& params) const = 0;
};

// The dialect registered under `name` ("sqlite", "postgresql"); throws
// UsageError for an unknown one.
const Dialect& get_dialect(std::string_view name);

}  // namespace orm::dialect
