// What a models file says about each mapped class, as plain data: the
// declarative reader fills it, the session layer turns it into mappers.
// Relationships are recorded as written and not validated here: like
// SQLAlchemy, orm reports a broken relationship when mappers are configured.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orm/core/source.hpp"

namespace orm::session {

// An argument kept as written, for the session layer to evaluate later
// (order_by, foreign_keys, primaryjoin, ...). `is_string` tells a string
// literal ("Order.id", evaluated lazily by SQLAlchemy) from an expression
// written in code (Order.id); `text` is the string's value or the source text.
struct SourceArg {
    std::string text;
    bool is_string = false;
    SourceLocation loc;
};

// A column mapped as an attribute: `key` is the attribute name on the class,
// `column_key` the Column's key in its table, `column_name` its database name.
struct ColumnProperty {
    std::string key;
    std::string table;        // fullname of the column's table
    std::string column_name;
    std::string column_key;
    bool from_mixin = false;  // copied from a mixin or __abstract__ base
    SourceLocation loc;
};

// relationship(...) as declared (also the implicit side a backref creates is
// not listed here: it is the backref's job, at configure time).
struct RelationshipConfig {
    std::string key;                       // the attribute name
    std::string target;                    // the target class name as written ("Order", or a dotted path)
    SourceLocation target_loc;
    std::optional<std::string> backref;    // backref="x" or backref("x", ...)
    std::map<std::string, SourceArg> backref_kwargs;  // backref("x", uselist=False, ...)
    SourceLocation backref_loc;
    std::optional<std::string> back_populates;
    std::optional<std::string> secondary;  // the association table's fullname as written
    SourceLocation secondary_loc;
    std::optional<bool> uselist;           // explicit, or inferred from a Mapped[List[...]] annotation
    std::optional<std::string> collection_class;  // "list" / "set" from the annotation
    std::optional<SourceArg> order_by;
    std::optional<SourceArg> foreign_keys;
    std::optional<SourceArg> primaryjoin;
    std::optional<SourceArg> secondaryjoin;
    std::optional<SourceArg> remote_side;
    std::optional<std::string> cascade;
    std::optional<std::string> lazy;
    bool viewonly = false;
    std::optional<std::string> passive_deletes;  // "True" / "all"
    std::map<std::string, SourceArg> other_kwargs;  // anything else, as written
    SourceLocation loc;                    // the relationship(...) call
};

// One mapped class.
struct MapperConfig {
    std::string class_name;
    std::string table;                     // fullname of the local table (the parent's for single-table inheritance)
    std::optional<std::string> inherits;   // the mapped superclass, if any
    bool single_table = false;             // inherits without a table of its own
    // The class's own attributes in declaration order (inherited ones live on
    // the superclass's config). Column keys vs names as described above.
    std::vector<ColumnProperty> columns;
    std::vector<RelationshipConfig> relationships;
    std::vector<std::string> attribute_order;   // keys of columns and relationships, as declared
    std::optional<SourceArg> polymorphic_on;    // from __mapper_args__
    std::optional<SourceArg> polymorphic_identity;
    std::map<std::string, SourceArg> mapper_args;  // all of __mapper_args__, as written
    std::vector<std::string> primary_key;  // mapper-level primary key column keys (the table's, or __mapper_args__["primary_key"])
    SourceLocation loc;                    // the class name in `class X(Base):`
};

}  // namespace orm::session
