// The relationship()s of a models file written from a reflected schema
// (`orm inspect --format models`): what the foreign keys say about the
// mapped classes, as a person would declare it.
//
// - A foreign key from a mapped class's table to another mapped class's
//   table: a many-to-one attribute on the child (named after the key
//   column without its "_id", else after the parent's table) and a
//   one-to-many collection on the parent (named after the child's table),
//   joined by back_populates. Several keys between the same two tables, or a
//   table referring to itself, need foreign_keys=/remote_side= choices only a
//   person can make: a comment says so.
// - An association table (no primary key, two single-column foreign keys
//   to two mapped classes and no other column, as `secondary=` tables are):
//   a many-to-many collection on each side through it.
//
// The schema is unchanged by them: create-all of the file builds the same
// tables, and SQLAlchemy configures the mappers without a warning.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "orm/schema/table.hpp"

namespace orm::migrate {

struct MappedClassNames {
    std::map<std::string, std::string> class_of;                  // table fullname -> class name (mapped tables only)
    std::map<std::string, std::set<std::string>> attributes_of;   // table fullname -> attribute names already used
};

// table fullname -> lines ("orders = relationship(...)") for its class, in a stable order.
std::map<std::string, std::vector<std::string>> render_relationships(const schema::MetaData& md,
                                                                     const MappedClassNames& names);

}  // namespace orm::migrate
