#include "orm/sql/identifier_preparer.hpp"

#include <algorithm>

namespace orm::sql {

namespace {

// sqlalchemy.sql.compiler.RESERVED_WORDS
constexpr std::string_view kGenericReserved[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "binary", "both", "case", "cast", "check", "collate", "column", "constraint",
    "create", "cross", "current_date", "current_role", "current_time", "current_timestamp",
    "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except",
    "false", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in",
    "initially", "inner", "intersect", "into", "is", "isnull", "join", "leading", "left", "like",
    "limit", "localtime", "localtimestamp", "natural", "new", "not", "notnull", "null", "off",
    "offset", "old", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary",
    "references", "right", "select", "session_user", "set", "similar", "some", "symmetric", "table",
    "then", "to", "trailing", "true", "union", "unique", "user", "using", "verbose", "when",
    "where",
};

}  // namespace

bool IdentifierPreparer::is_reserved_word(std::string_view lower_word) const {
    return std::binary_search(reserved_.begin(), reserved_.end(), lower_word);
}

bool IdentifierPreparer::requires_quotes(std::string_view ident) const {
    if (ident.empty()) return true;
    std::string lc(ident);
    for (auto& c : lc) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (is_reserved_word(lc)) return true;
    if ((ident[0] >= '0' && ident[0] <= '9') || ident[0] == '$') return true;
    for (char c : ident) {
        bool legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                     c == '$';
        if (!legal) return true;
    }
    return lc != ident;
}

std::string IdentifierPreparer::quote_identifier(std::string_view ident) {
    std::string out;
    out.reserve(ident.size() + 2);
    out += '"';
    for (char c : ident) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string IdentifierPreparer::quote(std::string_view ident) const {
    return requires_quotes(ident) ? quote_identifier(ident) : std::string(ident);
}

std::string IdentifierPreparer::format_table_name(const std::optional<std::string>& schema, const std::string& name,
                                                  bool use_schema) const {
    std::string result = quote(name);
    if (use_schema && schema) {
        // quote_schema quotes each dotted part separately.
        std::string s;
        size_t start = 0;
        while (true) {
            size_t dot = schema->find('.', start);
            s += quote(std::string_view(*schema).substr(start, dot == std::string::npos ? std::string::npos : dot - start));
            if (dot == std::string::npos) break;
            s += ".";
            start = dot + 1;
        }
        result = s + "." + result;
    }
    return result;
}

const IdentifierPreparer& generic_identifier_preparer() {
    static const IdentifierPreparer preparer{kGenericReserved};
    return preparer;
}

}  // namespace orm::sql
