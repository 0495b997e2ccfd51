// Naming conventions, as sqlalchemy/sql/naming.py applies them: a
// MetaData's naming_convention maps "ix"/"uq"/"ck"/"fk"/"pk" (or the
// constraint class names) to %-templates such as "ix_%(column_0_label)s".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orm/schema/table.hpp"

namespace orm::schema {

enum class ConventionTarget { Index, PrimaryKey, Unique, Check, ForeignKey };

// SQLAlchemy's DEFAULT_NAMING_CONVENTION: {"ix": "ix_%(column_0_label)s"}.
const std::vector<std::pair<std::string, std::string>>& default_naming_convention();

// The template for `target` in `md`'s convention (the default one when the
// MetaData has none), or nullopt.
std::optional<std::string> convention_template(const MetaData& md, ConventionTarget target);

// What naming.py's ConventionDict needs to know about one constraint.
struct ConventionSubject {
    ConventionTarget target = ConventionTarget::Index;
    std::optional<std::string> name;            // the explicit name, if any
    std::vector<const Column*> columns;         // local columns, in order
    std::string referred_table;                 // ForeignKey only
    std::vector<std::string> referred_columns;  // ForeignKey only
    bool unique = false;                        // Index only: Index(..., unique=True)
    SourceLocation loc;                         // for errors
};

// The convention name for `subject` in `table` (SQLAlchemy's
// _constraint_name_for_table), or nullopt when no convention applies and the
// name stays as given. Throws InputError for %(constraint_name)s on an
// unnamed constraint and for unknown tokens.
std::optional<std::string> convention_name(const MetaData& md, const Table& table, const ConventionSubject& subject);

// Names every constraint and index of every table the way SQLAlchemy does when
// they attach to their table; call once after a MetaData is read. Sets
// conventional_name on each name it produces.
void apply_naming_conventions(MetaData& md);

// The columns a clause references, in order of first appearance.
std::vector<const Column*> referenced_columns(const Table& table, const Clause* clause);

}  // namespace orm::schema
