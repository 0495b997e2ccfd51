// The table order of create_all / drop_all: SQLAlchemy's
// sort_tables_and_constraints (sqlalchemy/sql/ddl.py) — topological by
// foreign-key dependency, ties kept in the given (MetaData definition) order,
// and foreign keys that must be emitted separately (use_alter, or part of a
// dependency cycle) split off.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "orm/core/error.hpp"
#include "orm/schema/table.hpp"

namespace orm::schema {

struct TableSort {
    std::vector<const Table*> tables;   // referred tables before the tables that refer to them
    // Foreign keys left out of their table's CREATE TABLE, to be added (or
    // dropped) separately: use_alter ones and those broken out of cycles.
    // In table order, then declaration order (SQLAlchemy leaves this a set).
    std::vector<std::pair<const Table*, const ForeignKeyConstraint*>> separate_fks;
    // Sorted full names of the tables found in a cycle (empty if none).
    std::vector<std::string> cycle_tables;
};

// Thrown when a cycle cannot be broken because `filter` forbids removing the
// foreign keys involved.
struct CircularDependencyError : InputError {
    CircularDependencyError(std::vector<std::string> tables);
    std::vector<std::string> cycle_tables;   // sorted full names
};

// SQLAlchemy's filter_fn: true = always separate, false = never separate
// (a fixed dependency), nullopt = inline unless part of a cycle.
using FkFilter = std::function<std::optional<bool>(const ForeignKeyConstraint&)>;

// Sorts `tables` (all from `md`). Linear in tables + foreign keys.
TableSort sort_tables_and_constraints(const MetaData& md, const std::vector<const Table*>& tables,
                                      const FkFilter& filter = {});

}  // namespace orm::schema
