#include "orm/schema/types.hpp"

#include <array>
#include <cctype>
#include <climits>
#include <string_view>

#include "orm/core/number.hpp"

namespace orm::schema {
namespace {

struct TypeName {
    TypeKind kind;
    std::string_view name;
};

// Every class a models file can name, as SQLAlchemy spells it.
constexpr std::array kGenericNames{
    TypeName{TypeKind::Integer, "Integer"}, TypeName{TypeKind::SmallInteger, "SmallInteger"},
    TypeName{TypeKind::BigInteger, "BigInteger"}, TypeName{TypeKind::String, "String"},
    TypeName{TypeKind::Unicode, "Unicode"}, TypeName{TypeKind::Text, "Text"},
    TypeName{TypeKind::UnicodeText, "UnicodeText"}, TypeName{TypeKind::Boolean, "Boolean"},
    TypeName{TypeKind::Date, "Date"}, TypeName{TypeKind::DateTime, "DateTime"},
    TypeName{TypeKind::Time, "Time"}, TypeName{TypeKind::Interval, "Interval"},
    TypeName{TypeKind::Float, "Float"}, TypeName{TypeKind::Numeric, "Numeric"},
    TypeName{TypeKind::LargeBinary, "LargeBinary"}, TypeName{TypeKind::PickleType, "PickleType"},
    TypeName{TypeKind::JSON, "JSON"}, TypeName{TypeKind::Enum, "Enum"},
    TypeName{TypeKind::Uuid, "Uuid"}, TypeName{TypeKind::ARRAY, "ARRAY"},
    TypeName{TypeKind::INTEGER, "INTEGER"}, TypeName{TypeKind::INTEGER, "INT"},
    TypeName{TypeKind::SMALLINT, "SMALLINT"}, TypeName{TypeKind::BIGINT, "BIGINT"},
    TypeName{TypeKind::VARCHAR, "VARCHAR"}, TypeName{TypeKind::NVARCHAR, "NVARCHAR"},
    TypeName{TypeKind::CHAR, "CHAR"}, TypeName{TypeKind::NCHAR, "NCHAR"},
    TypeName{TypeKind::TEXT, "TEXT"}, TypeName{TypeKind::CLOB, "CLOB"},
    TypeName{TypeKind::BOOLEAN, "BOOLEAN"}, TypeName{TypeKind::DATE, "DATE"},
    TypeName{TypeKind::DATETIME, "DATETIME"}, TypeName{TypeKind::TIMESTAMP, "TIMESTAMP"},
    TypeName{TypeKind::TIME, "TIME"}, TypeName{TypeKind::FLOAT, "FLOAT"},
    TypeName{TypeKind::REAL, "REAL"}, TypeName{TypeKind::DOUBLE, "DOUBLE"},
    TypeName{TypeKind::DOUBLE_PRECISION, "DOUBLE_PRECISION"}, TypeName{TypeKind::NUMERIC, "NUMERIC"},
    TypeName{TypeKind::DECIMAL, "DECIMAL"}, TypeName{TypeKind::BLOB, "BLOB"},
    TypeName{TypeKind::BINARY, "BINARY"}, TypeName{TypeKind::VARBINARY, "VARBINARY"},
    TypeName{TypeKind::UUID, "UUID"},
};

// sqlalchemy.dialects.postgresql's own classes (its re-exports of the
// generic upper-case types resolve through kGenericNames).
constexpr std::array kPostgresqlNames{
    TypeName{TypeKind::PG_JSON, "JSON"}, TypeName{TypeKind::PG_JSONB, "JSONB"},
    TypeName{TypeKind::PG_UUID, "UUID"}, TypeName{TypeKind::PG_ARRAY, "ARRAY"},
    TypeName{TypeKind::PG_INET, "INET"}, TypeName{TypeKind::PG_CIDR, "CIDR"},
    TypeName{TypeKind::PG_MACADDR, "MACADDR"}, TypeName{TypeKind::PG_TSVECTOR, "TSVECTOR"},
    TypeName{TypeKind::PG_BYTEA, "BYTEA"}, TypeName{TypeKind::PG_INTERVAL, "INTERVAL"},
    TypeName{TypeKind::PG_TIMESTAMP, "TIMESTAMP"}, TypeName{TypeKind::PG_TIME, "TIME"},
    TypeName{TypeKind::PG_MONEY, "MONEY"}, TypeName{TypeKind::PG_OID, "OID"},
    TypeName{TypeKind::PG_HSTORE, "HSTORE"}, TypeName{TypeKind::PG_ENUM, "ENUM"},
    TypeName{TypeKind::PG_BIT, "BIT"}, TypeName{TypeKind::PG_INT4RANGE, "INT4RANGE"},
    TypeName{TypeKind::PG_INT8RANGE, "INT8RANGE"}, TypeName{TypeKind::PG_NUMRANGE, "NUMRANGE"},
    TypeName{TypeKind::PG_DATERANGE, "DATERANGE"}, TypeName{TypeKind::PG_TSRANGE, "TSRANGE"},
    TypeName{TypeKind::PG_TSTZRANGE, "TSTZRANGE"},
    TypeName{TypeKind::PG_DOUBLE_PRECISION, "DOUBLE_PRECISION"}, TypeName{TypeKind::PG_REAL, "REAL"},
    TypeName{TypeKind::PG_CITEXT, "CITEXT"},
};

}  // namespace

std::string TypeEngine::class_name() const {
    for (const auto& n : kPostgresqlNames)
        if (n.kind == kind) return std::string(n.name);
    for (const auto& n : kGenericNames)
        if (n.kind == kind) return std::string(n.name);
    return "?";
}

bool TypeEngine::postgresql_only() const {
    switch (kind) {
    // These postgresql.* classes subclass a generic type SQLite can spell
    // (TIMESTAMP, TIME, JSON, REAL, Enum), so SQLAlchemy accepts them there.
    case TypeKind::PG_JSON: case TypeKind::PG_TIMESTAMP: case TypeKind::PG_TIME:
    case TypeKind::PG_REAL: case TypeKind::PG_ENUM:
        return false;
    default:
        return kind >= TypeKind::PG_JSON;
    }
}

std::vector<std::string> type_names(bool postgresql) {
    std::vector<std::string> out;
    if (postgresql)
        for (const auto& n : kPostgresqlNames) out.emplace_back(n.name);
    for (const auto& n : kGenericNames)
        if (!postgresql || (n.name[0] >= 'A' && n.name[0] <= 'Z' && n.name.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos))
            out.emplace_back(n.name);
    return out;
}

std::optional<TypeKind> type_kind_from_name(const std::string& name, bool postgresql) {
    if (postgresql)
        for (const auto& n : kPostgresqlNames)
            if (n.name == name) return n.kind;
    for (const auto& n : kGenericNames)
        if (n.name == name) return n.kind;
    return std::nullopt;
}

std::vector<int> type_arguments(std::string_view arguments) {
    std::vector<int> out;
    size_t i = 0;
    while (i < arguments.size()) {
        while (i < arguments.size() && !std::isdigit(static_cast<unsigned char>(arguments[i]))) ++i;
        size_t j = i;
        while (j < arguments.size() && std::isdigit(static_cast<unsigned char>(arguments[j]))) ++j;
        if (j > i) out.push_back(parse_integer<int>(arguments.substr(i, j - i)).value_or(INT_MAX));
        i = j;
    }
    return out;
}

}  // namespace orm::schema
