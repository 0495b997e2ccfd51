// Writing a schema as an ER diagram, for `orm schema` (the models) and
// `orm inspect` (a live database): mermaid, dot and dbml as text
// (orm/migrate/er_diagram.hpp), svg and png drawn from the DOT text by
// Graphviz's `dot` program.
#pragma once

#include <string>
#include <vector>

#include "orm/schema/table.hpp"

namespace orm::cli {

// The --format values write_diagram() takes.
inline const std::vector<std::string> kDiagramFormats = {"mermaid", "dot", "dbml", "svg", "png"};

// True for the --format values write_diagram() handles.
bool is_diagram_format(const std::string& format);

// Writes the diagram to stdout. svg/png: UsageError (exit 2) when Graphviz's
// dot is not installed, or when png would go to a terminal.
void write_diagram(const schema::MetaData& metadata, const std::string& format);

}  // namespace orm::cli
