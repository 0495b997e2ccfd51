// Which names SQLAlchemy's modules export (see sa_names.cpp).
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace orm::declarative {

// True when `module` (a sqlalchemy module path) exports `name`, false when it
// does not, nullopt for a module the table does not list.
std::optional<bool> sqlalchemy_exports(std::string_view module, std::string_view name);
// Every public name of `module` (what `from module import *` brings in); empty when not listed.
std::vector<std::string_view> sqlalchemy_module_names(std::string_view module);

}  // namespace orm::declarative
