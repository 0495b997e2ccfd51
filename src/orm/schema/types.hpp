// Column types, mirroring sqlalchemy.types: one TypeKind per SQLAlchemy type
// class that a models file can name, with the class's arguments.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/python/value.hpp"

namespace orm::schema {

enum class TypeKind {
    // Generic ("CamelCase") types: the dialect chooses the SQL spelling.
    Integer, SmallInteger, BigInteger, String, Unicode, Text, UnicodeText, Boolean,
    Date, DateTime, Time, Interval, Float, Numeric, LargeBinary, PickleType, JSON, Enum, Uuid, ARRAY,
    // SQL standard ("UPPERCASE") types: spelled as named.
    INTEGER, SMALLINT, BIGINT, VARCHAR, NVARCHAR, CHAR, NCHAR, TEXT, CLOB, BOOLEAN,
    DATE, DATETIME, TIMESTAMP, TIME, FLOAT, REAL, DOUBLE, DOUBLE_PRECISION, NUMERIC, DECIMAL,
    BLOB, BINARY, VARBINARY, UUID,
    // sqlalchemy.dialects.postgresql types (usable only with PostgreSQL).
    PG_JSON, PG_JSONB, PG_UUID, PG_ARRAY, PG_INET, PG_CIDR, PG_MACADDR, PG_TSVECTOR, PG_BYTEA,
    PG_INTERVAL, PG_TIMESTAMP, PG_TIME, PG_MONEY, PG_OID, PG_HSTORE, PG_ENUM, PG_BIT,
    PG_INT4RANGE, PG_INT8RANGE, PG_NUMRANGE, PG_DATERANGE, PG_TSRANGE, PG_TSTZRANGE,
    PG_DOUBLE_PRECISION, PG_REAL, PG_CITEXT,
};

// An Enum's members and how it is stored (SQLAlchemy's sqltypes.Enum).
struct EnumSpec {
    std::vector<std::string> values;      // stored values (member names for a Python enum class)
    std::optional<std::string> name;      // the type name (PostgreSQL CREATE TYPE, CHECK constraint name)
    std::optional<std::string> python_class;  // the enum.Enum class it came from, if any
    bool native_enum = true;
    bool create_constraint = false;       // SQLAlchemy 1.4 default: no CHECK for non-native enums
    std::optional<int> length;            // VARCHAR length when not native; default: longest value
    std::optional<std::string> schema;
    // Enum(enum.Enum, ...) in a type_annotation_map: a template SQLAlchemy
    // 2.0 completes for each enum class an annotation names.
    bool generic = false;
    python::Value values_callable;   // values_callable=, called with the enum class
};

struct TypeEngine {
    TypeKind kind = TypeKind::Integer;
    std::optional<int> length;       // String/VARCHAR/CHAR/LargeBinary/BINARY...
    std::optional<int> precision;    // Numeric/Float/Interval (second precision), TIMESTAMP(p)
    std::optional<int> scale;        // Numeric
    std::optional<bool> asdecimal;   // Numeric/Float
    bool timezone = false;           // DateTime/TIMESTAMP/TIME
    std::optional<std::string> collation;
    bool as_uuid = true;             // PG_UUID / Uuid
    bool none_as_null = false;       // JSON
    bool create_constraint = false;  // Boolean (SQLAlchemy 1.4 default False)
    std::optional<std::string> constraint_name;  // Boolean(name=...)
    std::optional<EnumSpec> enum_spec;           // Enum / PG_ENUM
    std::shared_ptr<const TypeEngine> item_type;  // ARRAY / PG_ARRAY
    std::optional<int> dimensions;                // ARRAY
    std::optional<std::string> fields;            // PG_INTERVAL(fields=)

    // The SQLAlchemy class name as a models file spells it ("String", "VARCHAR", "JSONB").
    std::string class_name() const;
    // True for the postgresql.* types that SQLite cannot store.
    bool postgresql_only() const;
};

// The TypeKind for a SQLAlchemy class name (generic, uppercase, or "postgresql."-less
// PostgreSQL name when `postgresql` is true); nullopt when unknown.
std::optional<TypeKind> type_kind_from_name(const std::string& name, bool postgresql);
// Every type class name a module exports (sqlalchemy's, or postgresql's own
// plus the upper-case ones it re-exports): what `import *` brings in.
std::vector<std::string> type_names(bool postgresql);

// The numbers in the parenthesised arguments of a spelled type ("12, 2" of
// NUMERIC(12, 2) gives {12, 2}); a number too big for an int counts as
// INT_MAX, which no type's length or precision reaches.
std::vector<int> type_arguments(std::string_view arguments);

}  // namespace orm::schema
