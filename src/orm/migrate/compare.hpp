// compare_metadata: the models' MetaData against a reflected database, as a
// list of operations in Alembic's autogenerate vocabulary (add_table,
// remove_table, add_column, remove_column, modify_type, modify_nullable,
// modify_default, modify_comment, modify_table_comment, add_index,
// remove_index, add_constraint / remove_constraint (UNIQUE), add_fk /
// remove_fk, add_check / remove_check, modify_primary_key, add_enum /
// remove_enum / modify_enum, rename_table / rename_column), each saying
// whether it loses data. Renames are declared in the models with
// info={"renamed_from": "old"} (on a Column, or in __table_args__): the old
// name present in the database and the new one absent make a rename, and the
// renamed table or column is then compared with its old self.
//
// No false positives: both sides are compiled by the database's DDL
// compiler and compared by meaning. Types are compared as the database
// spells them, after folding synonyms (FLOAT = DOUBLE PRECISION on
// PostgreSQL, DECIMAL = NUMERIC, a serial's INTEGER); server defaults, CHECK
// bodies, index expressions and partial-index predicates are compared after
// normalise_sql(). Constraints without a name in the models match by
// content, since the database names them itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/dialect/reflection.hpp"

namespace orm::sql {
class DDLCompiler;
}  // namespace orm::sql

namespace orm::migrate {

struct Operation {
    std::string kind;                   // Alembic's name: "add_column", "modify_type", ...
    std::string table;                  // "" for enum operations
    std::optional<std::string> column;  // column operations
    std::optional<std::string> name;    // the constraint / index / enum name
    nlohmann::json old_value;           // what the database has (null for additions)
    nlohmann::json new_value;           // what the models say (null for removals)
    bool destructive = false;           // drops data or may fail on existing rows
};

// `skip_tables`: more tables of no models file (a project's own version table).
std::vector<Operation> compare_metadata(const schema::MetaData& models, const dialect::ReflectedSchema& database,
                                        const std::vector<std::string>& skip_tables = {});

// One line for people: "+ add_column orders.note VARCHAR(200)" ...
std::string describe(const Operation& op);
// [{"kind", "table", "column", "name", "old", "new", "destructive"}, ...]
nlohmann::json operations_to_json(const std::vector<Operation>& ops);

// SQL text in a canonical form, so that what the models say and what the
// database prints back compare equal: string literals kept as written,
// everything else lower-cased, identifier quotes, whitespace, parentheses
// "::type" casts and CAST(x AS type) calls reduced to x, a quoted number unquoted, PostgreSQL's
// "= ANY (ARRAY[...])" read as IN. Conflating parenthesisations is the
// accepted price: a change that only moves parentheses is not reported.
std::string normalise_sql(const std::string& sql);

// The name an index has in the database: a conventional name too long for
// the dialect truncated with SQLAlchemy's md5 suffix, unquoted; "" without a name.
std::string index_name_in_database(const schema::Index& ix, const sql::DDLCompiler& compiler,
                                   const schema::MetaData& md);

}  // namespace orm::migrate
