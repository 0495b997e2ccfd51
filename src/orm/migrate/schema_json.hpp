// The schema as JSON: what `orm inspect --format json` prints, what
// share/orm/dump_metadata.py writes from SQLAlchemy's MetaData, and what
// `--models schema.json` reads back (schema_json_reader.hpp). The shape is a
// contract (scripts read it); keys are only ever added, and readers ignore
// keys they do not know.
//
//   {"format": "orm-metadata/1",                     // absent in documents older than the key
//    "dialect": "sqlite" | "postgresql", "schema": null | "name",
//    "tables": [ {                                   // inspect: sorted by name; dump_metadata.py:
//                                                    // the MetaData's order (create-all breaks ties by it)
//      "name", "schema", "comment",
//      "columns": [ {"name", "type": TYPE, "nullable": bool,
//                    "default": null | "SQL text" (as the database reports it; dump_metadata.py:
//                               as SQLAlchemy writes it after DEFAULT),
//                    "autoincrement": "auto" | "ignore_fk" | true | false,
//                    "comment": null | "...",
//                    "identity": "always" | "by default"   (PostgreSQL identity columns only),
//                    "computed": {"sqltext": "SQL", "persisted": null | bool}   (generated columns only)
//                   } ],                              // in table order
//      "primary_key": {"name": null | "...", "columns": [...]},   // columns in key order
//      "foreign_keys": [ {"name", "columns", "referred_schema", "referred_table",
//                         "referred_columns", "ondelete", "onupdate", "match",
//                         "deferrable": null | "DEFERRABLE" | "NOT DEFERRABLE",
//                         "initially", "use_alter": bool, "position"} ],
//      "unique_constraints": [ {"name", "columns", "position"} ],
//      "check_constraints": [ {"name", "sqltext", "position",
//                              "column": null | "c"} ],  // a CHECK given to Column(...): written after it
//      "indexes": [ {"name", "unique": bool,
//                    "expressions": [ {"column": "c", "desc": bool} | {"expression": "SQL", "desc": bool} ],
//                    "where": null | "SQL", "using": null | "gin", "include": [...]} ],
//      "options": {"sqlite_autoincrement": "True", ...}
//    } ],
//    "enums": [ {"name", "schema", "values": [...]} ]}   // PostgreSQL; [] elsewhere
//
//   "position" (an integer or null) orders a table's foreign key, unique and
//   check constraints in CREATE TABLE, ascending (the primary key is first).
//   SQL text (defaults, CHECK bodies, index expressions and predicates) is
//   for the document's dialect. SQLite reports an expression default
//   without the parentheses its DEFAULT needs: readers add them.
//
//   TYPE := {"class": "VARCHAR", "sql": "VARCHAR(50)", and when set:
//            "dialect": "postgresql" (the class is sqlalchemy.dialects.postgresql's),
//            "length", "precision", "scale", "timezone": true, "collation",
//            "fields", "dimensions", "item_type": TYPE,
//            "enum": {"name", "schema", "values", and when set:
//                     "native_enum": false, "length"}}
//   "class" is SQLAlchemy's class name (generic "String", upper-case
//   "VARCHAR", or PostgreSQL's "JSONB"); "sql" is how the document's dialect
//   spells the type, for people (readers take the class and its fields).
// Absent values are null (never missing) in every object but TYPE.
#pragma once

#include <nlohmann/json.hpp>

#include "orm/dialect/reflection.hpp"

namespace orm::migrate {

// The format's name and version, the top-level "format" key.
inline constexpr const char* kMetadataFormat = "orm-metadata/1";

// The key names, shared by the writer and the reader.
namespace metadata_keys {
inline constexpr const char *format = "format", *dialect = "dialect", *schema = "schema", *tables = "tables",
                            *enums = "enums";
inline constexpr const char *name = "name", *comment = "comment", *columns = "columns",
                            *primary_key = "primary_key", *foreign_keys = "foreign_keys",
                            *unique_constraints = "unique_constraints", *check_constraints = "check_constraints",
                            *indexes = "indexes", *options = "options";
inline constexpr const char *type = "type", *nullable = "nullable", *default_ = "default",
                            *autoincrement = "autoincrement", *identity = "identity",
                            *computed = "computed", *persisted = "persisted";
inline constexpr const char *referred_schema = "referred_schema", *referred_table = "referred_table",
                            *referred_columns = "referred_columns", *ondelete = "ondelete", *onupdate = "onupdate",
                            *match = "match", *deferrable = "deferrable", *initially = "initially",
                            *use_alter = "use_alter", *position = "position", *sqltext = "sqltext",
                            *column = "column";
inline constexpr const char *unique = "unique", *expressions = "expressions", *expression = "expression",
                            *desc = "desc", *where = "where", *using_ = "using", *include = "include";
inline constexpr const char *class_ = "class", *sql = "sql", *length = "length", *precision = "precision",
                            *scale = "scale", *timezone = "timezone", *collation = "collation", *fields = "fields",
                            *dimensions = "dimensions", *item_type = "item_type", *enum_ = "enum",
                            *values = "values", *native_enum = "native_enum";
}  // namespace metadata_keys

nlohmann::json schema_to_json(const dialect::ReflectedSchema& reflected);

// One type as TYPE above, spelled for `dialect_name`.
nlohmann::json type_to_json(const schema::TypeEngine& type, const std::string& dialect_name);

}  // namespace orm::migrate
