// Entity-relationship diagrams of a schema (the models' MetaData or a
// reflected database, through the same code): Mermaid's erDiagram,
// Graphviz DOT, and DBML (dbdiagram.io's schema language).
//
// What is drawn:
// - every table with its columns in table order: type (as the schema
//   spells it: String(100) from models, VARCHAR(100) from a database) and
//   marks PK, FK, UK (a column unique alone: unique=True, a one-column
//   unique constraint or unique index) and NOT NULL;
// - one edge per foreign key, child to parent, with crow's-foot
//   cardinality: the parent side is "exactly one" when every key column is
//   NOT NULL and "zero or one" otherwise; the child side is "zero or one"
//   when the key columns are unique in the child (one-to-one), else "zero
//   or many";
// - an association table (exactly two foreign keys and no column outside
//   them, as SQLAlchemy's secondary= tables are) as one many-to-many edge
//   between the two tables it joins, labelled with its name, in Mermaid and
//   DOT; DBML, being a schema language, keeps it as a table with its two
//   references.
// Output is deterministic: tables in the schema's order, edges in the
// order of their tables and keys.
#pragma once

#include <optional>
#include <string>

#include "orm/schema/table.hpp"

namespace orm::migrate {

enum class DiagramFormat { mermaid, dot, dbml };

// "mermaid" / "dot" / "dbml"; nullopt otherwise.
std::optional<DiagramFormat> diagram_format(const std::string& name);

// The diagram of every table in `metadata` (models or reflected), as text
// ending in a newline; foreign keys to tables outside `metadata` draw no
// edge (inspect --tables may leave the parent out).
std::string render_diagram(const schema::MetaData& metadata, DiagramFormat format);

}  // namespace orm::migrate
