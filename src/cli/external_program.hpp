// Other programs orm hands work to when they are installed: Graphviz's dot
// (diagrams as SVG or PNG) and a pager (tall query tables).
#pragma once

#include <string>

namespace orm::cli {

// True when `program` names an executable file in one of $PATH's
// directories (/usr/bin:/bin when PATH is unset), as execlp would find it.
bool on_path(const std::string& program);

}  // namespace orm::cli
