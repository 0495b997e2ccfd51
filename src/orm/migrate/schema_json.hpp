// The reflected schema as JSON: what `orm inspect --format json` prints. The
// shape is a contract (scripts read it); keys are only ever added.
//
//   {"dialect": "sqlite" | "postgresql", "schema": null | "name",
//    "tables": [ {                                   // sorted by name
//      "name", "schema", "comment",
//      "columns": [ {"name", "type": TYPE, "nullable": bool,
//                    "default": null | "SQL text as the database stores it",
//                    "autoincrement": "auto" | true | false,
//                    "comment": null | "...",
//                    "identity": "always" | "by default"   (PostgreSQL identity columns only)
//                   } ],                              // in table order
//      "primary_key": {"name": null | "...", "columns": [...]},
//      "foreign_keys": [ {"name", "columns", "referred_schema", "referred_table",
//                         "referred_columns", "ondelete", "onupdate", "match",
//                         "deferrable", "initially"} ],
//      "unique_constraints": [ {"name", "columns"} ],
//      "check_constraints": [ {"name", "sqltext"} ],
//      "indexes": [ {"name", "unique": bool,
//                    "expressions": [ {"column": "c", "desc": bool} | {"expression": "SQL", "desc": bool} ],
//                    "where": null | "SQL", "using": null | "gin", "include": [...]} ],
//      "options": {"sqlite_autoincrement": "True", ...}
//    } ],
//    "enums": [ {"name", "schema", "values": [...]} ]}   // PostgreSQL; [] elsewhere
//
//   TYPE := {"class": "VARCHAR", "sql": "VARCHAR(50)", and when set:
//            "length", "precision", "scale", "timezone": true, "collation",
//            "fields", "dimensions", "item_type": TYPE,
//            "enum": {"name", "schema", "values"}}
// Absent values are null (never missing) in every object but TYPE.
#pragma once

#include <nlohmann/json.hpp>

#include "orm/dialect/reflection.hpp"

namespace orm::migrate {

nlohmann::json schema_to_json(const dialect::ReflectedSchema& reflected);

// One type as TYPE above, spelled for `dialect_name`.
nlohmann::json type_to_json(const schema::TypeEngine& type, const std::string& dialect_name);

}  // namespace orm::migrate
