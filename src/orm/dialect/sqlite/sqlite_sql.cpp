// SQLite's SELECT compiler: ?N placeholders, ILIKE as lower() LIKE lower()
// (the generic rendering, as SQLAlchemy's SQLite dialect keeps it), and
// LIMIT -1 when only an OFFSET is given (SQLite has no bare OFFSET).
#include "orm/dialect/sqlite/sqlite_ddl.hpp"
#include "orm/dialect/sqlite/sqlite_sql.hpp"

namespace orm::dialect {

namespace {

class SQLiteSQLCompiler : public sql::SQLCompiler {
public:
    SQLiteSQLCompiler() : sql::SQLCompiler(std::shared_ptr<const sql::DDLCompiler>(make_sqlite_ddl_compiler())) {}

protected:
    std::string placeholder(std::size_t n) const override { return "?" + std::to_string(n); }
    std::string sequential_placeholder(std::size_t) const override { return "?"; }
    std::string render_limit_offset(const std::string& limit, const std::string& offset) const override {
        std::string out = " LIMIT " + (limit.empty() ? std::string("-1") : limit);
        if (!offset.empty()) out += " OFFSET " + offset;
        return out;
    }
};

}  // namespace

std::unique_ptr<sql::SQLCompiler> make_sqlite_statement_compiler() { return std::make_unique<SQLiteSQLCompiler>(); }

}  // namespace orm::dialect
