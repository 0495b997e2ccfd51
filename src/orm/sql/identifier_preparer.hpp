// IdentifierPreparer: how a dialect writes identifiers into SQL, as
// SQLAlchemy's class of that name. One quoting rule for every statement a
// dialect compiles (DDL, queries, INSERT/UPDATE/DELETE): an identifier is
// double-quoted, with '"' doubled, when it requires quotes (a reserved word,
// upper-case letters, anything but [a-z0-9_$], a leading digit or '$'), and
// written bare otherwise.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "orm/schema/table.hpp"

namespace orm::sql {

class IdentifierPreparer {
public:
    // `reserved_words`: the dialect's, lower-case and sorted; they must outlive the preparer.
    explicit IdentifierPreparer(std::span<const std::string_view> reserved_words) : reserved_(reserved_words) {}

    bool is_reserved_word(std::string_view lower_word) const;
    // SQLAlchemy's _requires_quotes.
    bool requires_quotes(std::string_view ident) const;
    // The identifier, quoted when it requires quotes.
    std::string quote(std::string_view ident) const;
    // The identifier, always quoted (SQLAlchemy's quote_identifier).
    static std::string quote_identifier(std::string_view ident);
    // [schema.]name, each part quoted as needed (a dotted schema part by part).
    std::string format_table_name(const std::optional<std::string>& schema, const std::string& name,
                                  bool use_schema = true) const;
    std::string format_table(const schema::Table& table, bool use_schema = true) const {
        return format_table_name(table.schema, table.name, use_schema);
    }

private:
    std::span<const std::string_view> reserved_;
};

// The generic dialect's preparer (SQL-standard reserved words).
const IdentifierPreparer& generic_identifier_preparer();

}  // namespace orm::sql
