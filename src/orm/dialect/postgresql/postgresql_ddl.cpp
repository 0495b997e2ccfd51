#include "orm/dialect/postgresql/postgresql_ddl.hpp"

#include <algorithm>
#include <string_view>

#include "orm/core/error.hpp"

namespace orm::dialect {
namespace {

using schema::Clause;
using schema::ClauseKind;
using schema::Column;
using schema::MetaData;
using schema::Table;
using schema::TypeEngine;
using schema::TypeKind;

// sqlalchemy.dialects.postgresql.base.RESERVED_WORDS
constexpr std::string_view kPostgresqlReserved[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "binary", "both", "case", "cast", "check", "collate", "column", "constraint",
    "create", "cross", "current_catalog", "current_date", "current_role", "current_schema",
    "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from",
    "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect", "into",
    "is", "isnull", "join", "leading", "left", "like", "limit", "localtime", "localtimestamp",
    "natural", "new", "not", "notnull", "null", "of", "off", "offset", "old", "on", "only", "or",
    "order", "outer", "over", "overlaps", "placing", "primary", "references", "returning", "right",
    "select", "session_user", "similar", "some", "symmetric", "table", "then", "to", "trailing",
    "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
    "with",
};

bool is_big(TypeKind k) { return k == TypeKind::BigInteger || k == TypeKind::BIGINT; }
bool is_small(TypeKind k) { return k == TypeKind::SmallInteger || k == TypeKind::SMALLINT; }

class PostgreSQLDDLCompiler : public sql::DDLCompiler {
public:
    std::string dialect_name() const override { return "postgresql"; }
    int max_identifier_length() const override { return 63; }
    bool supports_native_enum() const override { return true; }
    bool supports_native_boolean() const override { return true; }
    bool supports_comments() const override { return true; }
    bool supports_postgresql_types() const override { return true; }
    bool supports_sequences() const override { return true; }
    bool supports_identity_columns() const override { return true; }

    std::string computed_clause(const schema::Computed& computed) const override {
        if (computed.persisted == false)
            throw InputError("PostrgreSQL computed columns do not support 'virtual' persistence; set the 'persisted' "
                             "flag to None or True for PostgreSQL support.", computed.loc.file ? computed.loc.file->shared_from_this() : nullptr, computed.loc);
        return "GENERATED ALWAYS AS (" + compile_clause(*computed.sqltext) + ") STORED";
    }

    const sql::IdentifierPreparer& preparer() const override { return postgresql_identifier_preparer(); }

    std::string type_spec(const TypeEngine& t, const MetaData& md, const Column* column) const override {
        auto precision = [&]() { return t.precision ? "(" + std::to_string(*t.precision) + ")" : std::string(); };
        auto zone = [&]() { return std::string(t.timezone ? " WITH" : " WITHOUT") + " TIME ZONE"; };
        switch (t.kind) {
        case TypeKind::DateTime: case TypeKind::TIMESTAMP: case TypeKind::PG_TIMESTAMP:
            return "TIMESTAMP" + precision() + zone();
        case TypeKind::Time: case TypeKind::TIME: case TypeKind::PG_TIME:
            return "TIME" + precision() + zone();
        case TypeKind::Interval: case TypeKind::PG_INTERVAL: {
            std::string out = "INTERVAL";
            if (t.fields) out += " " + *t.fields;
            if (t.precision) out += " (" + std::to_string(*t.precision) + ")";
            return out;
        }
        case TypeKind::LargeBinary: case TypeKind::PickleType: case TypeKind::PG_BYTEA: return "BYTEA";
        case TypeKind::Float: case TypeKind::FLOAT:
            return t.precision && *t.precision ? "FLOAT(" + std::to_string(*t.precision) + ")" : "FLOAT";
        case TypeKind::DOUBLE: case TypeKind::DOUBLE_PRECISION: case TypeKind::PG_DOUBLE_PRECISION:
            return "DOUBLE PRECISION";
        case TypeKind::PG_JSONB: return "JSONB";
        case TypeKind::Uuid: case TypeKind::UUID: case TypeKind::PG_UUID: return "UUID";
        case TypeKind::PG_INET: return "INET";
        case TypeKind::PG_CIDR: return "CIDR";
        case TypeKind::PG_MACADDR: return "MACADDR";
        case TypeKind::PG_TSVECTOR: return "TSVECTOR";
        case TypeKind::PG_MONEY: return "MONEY";
        case TypeKind::PG_OID: return "OID";
        case TypeKind::PG_HSTORE: return "HSTORE";
        case TypeKind::PG_CITEXT: return "CITEXT";
        case TypeKind::PG_INT4RANGE: return "INT4RANGE";
        case TypeKind::PG_INT8RANGE: return "INT8RANGE";
        case TypeKind::PG_NUMRANGE: return "NUMRANGE";
        case TypeKind::PG_DATERANGE: return "DATERANGE";
        case TypeKind::PG_TSRANGE: return "TSRANGE";
        case TypeKind::PG_TSTZRANGE: return "TSTZRANGE";
        case TypeKind::PG_BIT: return "BIT(" + std::to_string(t.length && *t.length ? *t.length : 1) + ")";
        case TypeKind::Enum: case TypeKind::PG_ENUM:
            if (t.enum_spec && t.enum_spec->native_enum) {
                if (!sql::enum_type_name(*t.enum_spec))
                    throw InputError("PostgreSQL ENUM type requires a name.", md.source,
                                     column ? column->loc : SourceLocation{});
                return format_enum_type(*t.enum_spec);
            }
            return non_native_enum_spec(t);
        case TypeKind::ARRAY: case TypeKind::PG_ARRAY: {
            if (!t.item_type)
                throw InputError("ARRAY needs an item type", md.source, column ? column->loc : SourceLocation{});
            std::string inner = type_spec(*t.item_type, md, column);
            std::string brackets;
            for (int i = 0; i < t.dimensions.value_or(1); ++i) brackets += "[]";
            // The brackets go before a COLLATE clause.
            size_t collate = inner.find(" COLLATE");
            if (collate == std::string::npos) return inner + brackets;
            return inner.substr(0, collate) + brackets + inner.substr(collate);
        }
        default:
            return DDLCompiler::type_spec(t, md, column);
        }
    }

    std::string column_specification(const MetaData& md, const Table& table, const Column& column) const override {
        bool in_pk = std::find(table.primary_key.columns.begin(), table.primary_key.columns.end(), column.name) !=
                     table.primary_key.columns.end();
        std::string spec = quote(column.name);
        TypeKind k = column.type.kind;
        // SQLAlchemy renders the autoincrement column as SERIAL, whatever its numeric type.
        if (in_pk && &column == autoincrement_column(md, table) && !column.default_value && !column.identity &&
            !column.sequence) {
            spec += is_big(k) ? " BIGSERIAL" : is_small(k) ? " SMALLSERIAL" : " SERIAL";
        } else {
            spec += " " + type_spec(column.type, md, &column);
            if (auto d = column_default_string(column)) spec += " DEFAULT " + *d;
        }
        if (column.computed) spec += " " + computed_clause(*column.computed);
        if (column.identity) spec += " " + identity_clause(*column.identity);
        const bool not_null = column_not_null(table, column);
        if (not_null && !column.identity) spec += " NOT NULL";
        else if (!not_null && column.identity) spec += " NULL";
        return spec;
    }

    bool supports_concurrent_index() const override { return true; }

    std::string index_expression(const Clause& expr) const override {
        std::string text = compile_clause(expr);
        // expr.self_group(): operators are parenthesised, columns and functions not.
        if (expr.kind == ClauseKind::Binary) return "(" + text + ")";
        return text;
    }

    std::string create_index(const MetaData& md, const Table& table, const schema::Index& index,
                             bool conditional) const override {
        std::string text = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                           (index.postgresql_concurrently ? "CONCURRENTLY " : "") +
                           (conditional ? "IF NOT EXISTS " : "") + index_name(md, table, index, false) +
                           " ON " + format_table(table) + " ";
        if (index.postgresql_using) {
            std::string using_ = *index.postgresql_using;
            std::transform(using_.begin(), using_.end(), using_.begin(), ::tolower);
            text += "USING " + using_ + " ";
        }
        std::string exprs;
        for (size_t i = 0; i < index.expressions.size(); ++i) {
            const schema::Clause& e = *index.expressions[i];
            exprs += (i ? ", " : "") + index_expression(e);
            // An operator class follows the column it is keyed by.
            if (e.kind == ClauseKind::Column)
                for (const auto& [col, opclass] : index.postgresql_ops)
                    if (col == e.text) exprs += " " + opclass;
        }
        text += "(" + exprs + ")";
        if (!index.postgresql_include.empty()) {
            std::string inc;
            for (size_t i = 0; i < index.postgresql_include.size(); ++i)
                inc += (i ? ", " : "") + quote(index.postgresql_include[i]);
            text += " INCLUDE (" + inc + ")";
        }
        if (index.postgresql_where) text += " WHERE " + compile_clause(*index.postgresql_where);
        return text;
    }
};

}  // namespace

std::unique_ptr<sql::DDLCompiler> make_postgresql_ddl_compiler() {
    return std::make_unique<PostgreSQLDDLCompiler>();
}

const sql::IdentifierPreparer& postgresql_identifier_preparer() {
    static const sql::IdentifierPreparer preparer{kPostgresqlReserved};
    return preparer;
}

}  // namespace orm::dialect
