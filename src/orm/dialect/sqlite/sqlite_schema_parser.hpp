// Parsing the CREATE TABLE / CREATE INDEX text SQLite stores in
// sqlite_master, for what its PRAGMAs do not report: constraint names,
// CHECK bodies, UNIQUE constraints, AUTOINCREMENT, index expressions and
// partial-index predicates. Only the structure is parsed; expressions are
// kept as the text between their parentheses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orm::dialect::sqlite_parse {

struct NamedColumns {
    std::optional<std::string> name;   // CONSTRAINT name, if given
    std::vector<std::string> columns;
};

struct Check {
    std::optional<std::string> name;
    std::string sqltext;               // the body, without CHECK ( )
    std::optional<std::string> column; // set for a column-level CHECK
};

struct ForeignKey {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    std::string referred_table;
    std::vector<std::string> referred_columns;
};

struct ColumnDef {
    std::string name;
    std::string type;                  // the declared type text, as written (may be empty)
    std::optional<std::string> collation;
};

struct CreateTable {
    std::string name;
    std::vector<ColumnDef> columns;
    std::optional<NamedColumns> primary_key;   // table- or column-level
    bool autoincrement = false;                // PRIMARY KEY AUTOINCREMENT
    bool without_rowid = false;
    std::vector<NamedColumns> unique_constraints;
    std::vector<Check> checks;
    std::vector<ForeignKey> foreign_keys;
};

struct IndexedItem {
    std::optional<std::string> column;   // a plain column reference
    std::string expression;              // otherwise: the expression text
    bool desc = false;
};

struct CreateIndex {
    std::string name;
    bool unique = false;
    std::string table;
    std::vector<IndexedItem> items;
    std::optional<std::string> where;    // the predicate text
};

// Grammar (the subset SQLite stores; keywords case-insensitive):
//   create-table  := CREATE [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] [schema .] name
//                    ( item { , item } ) [WITHOUT ROWID] [, STRICT]
//   item          := table-constraint | column-def
//   table-constraint := [CONSTRAINT name] ( PRIMARY KEY ( indexed-cols ) conflict?
//                    | UNIQUE ( indexed-cols ) conflict? | CHECK ( expr )
//                    | FOREIGN KEY ( cols ) fk-clause )
//   column-def    := name [type-name] { [CONSTRAINT name] column-constraint }
//   column-constraint := PRIMARY KEY [ASC|DESC] conflict? [AUTOINCREMENT] | NOT NULL | NULL
//                    | UNIQUE | CHECK ( expr ) | DEFAULT (literal | ( expr ) | signed-number)
//                    | COLLATE name | fk-clause | [GENERATED ALWAYS] AS ( expr ) ...
//   fk-clause     := REFERENCES name [( cols )] { ON ... | MATCH name | [NOT] DEFERRABLE ... }
//   name          := identifier | "quoted" | `quoted` | [quoted] | 'string'
// Throws orm::DatabaseError when `sql` is not a CREATE TABLE statement.
CreateTable parse_create_table(std::string_view sql);

//   create-index  := CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema .] name ON name
//                    ( indexed-item { , indexed-item } ) [WHERE expr]
//   indexed-item  := expr [COLLATE name] [ASC|DESC]
CreateIndex parse_create_index(std::string_view sql);

}  // namespace orm::dialect::sqlite_parse
