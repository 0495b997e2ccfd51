// PostgreSQL's SELECT compiler: $N placeholders, native ILIKE, DISTINCT ON, and a literal
// standing alone in the select list cast to its type (an untyped parameter
// there is "could not determine data type" to the server, whereas
// SQLAlchemy's psycopg2 inlines it as a typed literal).
#include "orm/dialect/postgresql/postgresql_ddl.hpp"
#include "orm/dialect/postgresql/postgresql_sql.hpp"

namespace orm::dialect {

namespace {

class PostgreSQLSQLCompiler : public sql::SQLCompiler {
public:
    PostgreSQLSQLCompiler()
        : sql::SQLCompiler(std::shared_ptr<const sql::DDLCompiler>(make_postgresql_ddl_compiler())) {}

protected:
    std::string placeholder(std::size_t n) const override { return "$" + std::to_string(n); }
    bool supports_distinct_on() const override { return true; }
    std::string render_ilike(const std::string& left, const std::string& right, bool negate) const override {
        return left + (negate ? " NOT ILIKE " : " ILIKE ") + right;
    }
    std::string render_select_bind(const std::string& ph, const sql::BoundParam& p) const override {
        switch (p.value.kind) {
            case sql::Literal::Kind::text: return "CAST(" + ph + " AS VARCHAR)";
            case sql::Literal::Kind::decimal: return "CAST(" + ph + " AS NUMERIC)";
            default: return ph;
        }
    }
};

}  // namespace

std::unique_ptr<sql::SQLCompiler> make_postgresql_statement_compiler() { return std::make_unique<PostgreSQLSQLCompiler>(); }

}  // namespace orm::dialect
