#include "orm/schema/naming.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"

namespace orm::schema {
namespace {

// The convention keys that apply to a target, most specific first: the short
// prefix, then the class names up its Python MRO (naming.py's _get_convention).
std::vector<std::string> convention_keys(ConventionTarget t) {
    switch (t) {
    case ConventionTarget::Index: return {"ix", "Index"};
    case ConventionTarget::PrimaryKey:
        return {"pk", "PrimaryKeyConstraint", "ColumnCollectionConstraint", "Constraint"};
    case ConventionTarget::Unique:
        return {"uq", "UniqueConstraint", "ColumnCollectionConstraint", "Constraint"};
    case ConventionTarget::Check:
        return {"ck", "CheckConstraint", "ColumnCollectionConstraint", "Constraint"};
    case ConventionTarget::ForeignKey:
        return {"fk", "ForeignKeyConstraint", "ColumnCollectionConstraint", "Constraint"};
    }
    return {};
}

std::string column_label(const Table& table, const Column& col) {
    std::string label;
    if (table.schema) {
        for (char c : *table.schema) label += c == '.' ? '_' : c;
        label += '_';
    }
    return label + table.name + "_" + col.name;
}

// A %(column_0_name)s-style token: (referred_)?column_<digits>(_?N)?_(name|key|label).
struct ColumnToken {
    bool referred = false;
    std::string index;       // the digits
    std::string all;         // "N" or "_N" for every column, else ""
    std::string attribute;   // name, key or label
};

std::optional<ColumnToken> column_token(std::string_view token) {
    ColumnToken t;
    if (token.starts_with("referred_")) {
        t.referred = true;
        token.remove_prefix(9);
    }
    if (!token.starts_with("column_")) return std::nullopt;
    token.remove_prefix(7);
    size_t digits = 0;
    while (digits < token.size() && token[digits] >= '0' && token[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    t.index = std::string(token.substr(0, digits));
    token.remove_prefix(digits);
    for (std::string_view all : {std::string_view("_N"), std::string_view("N")}) {
        if (token.starts_with(all) && token.substr(all.size()).starts_with('_')) {
            t.all = std::string(all);
            token.remove_prefix(all.size());
            break;
        }
    }
    if (!token.starts_with('_')) return std::nullopt;
    token.remove_prefix(1);
    if (token != "name" && token != "key" && token != "label") return std::nullopt;
    t.attribute = std::string(token);
    return t;
}

std::string column_attr(const Table& table, const Column& col, const std::string& attr) {
    if (attr == "name") return col.name;
    if (attr == "key") return col.key.empty() ? col.name : col.key;
    return column_label(table, col);
}

[[noreturn]] void fail(const MetaData& md, const ConventionSubject& s, const std::string& message) {
    throw InputError(message, md.source, s.loc);
}

// ConventionDict.__getitem__ for one %(token)s.
std::string token_value(const MetaData& md, const Table& table, const ConventionSubject& s,
                        const std::string& token) {
    if (auto it = md.naming_tokens.find(token); it != md.naming_tokens.end()) return it->second(table, s);
    if (token == "table_name") return table.name;
    if (token == "constraint_name") {
        if (!s.name)
            fail(md, s,
                 "Naming convention including %(constraint_name)s token requires that constraint is "
                 "explicitly named.");
        return *s.name;
    }
    if (token == "referred_table_name") {
        if (s.target != ConventionTarget::ForeignKey)
            fail(md, s, "naming convention token %(" + token + ")s applies only to foreign keys");
        return s.referred_table;
    }
    if (auto m = column_token(token)) {
        const bool referred = m->referred;
        if (referred && s.target != ConventionTarget::ForeignKey)
            fail(md, s, "naming convention token %(" + token + ")s applies only to foreign keys");
        if (referred && m->attribute != "name")
            fail(md, s, "unknown naming convention token %(" + token + ")s");
        size_t count = referred ? s.referred_columns.size() : s.columns.size();
        auto value = [&](size_t i) -> std::string {
            if (i >= count) return "";
            return referred ? s.referred_columns[i] : column_attr(table, *s.columns[i], m->attribute);
        };
        if (!m->all.empty()) {  // all columns: "0N" joins with "", "0_N" with "_"
            std::string sep = m->all.front() == '_' ? "_" : "";
            std::string out;
            for (size_t i = 0; i < count; ++i) out += (i ? sep : "") + value(i);
            return out;
        }
        // An index past the columns (however many digits) names none, as in range.
        return value(parse_integer<size_t>(m->index).value_or(SIZE_MAX));
    }
    fail(md, s, "unknown naming convention token %(" + token + ")s");
}

std::string render_template(const MetaData& md, const Table& table, const ConventionSubject& s,
                            const std::string& tmpl) {
    std::string out;
    for (size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] != '%') {
            out += tmpl[i];
            continue;
        }
        if (i + 1 < tmpl.size() && tmpl[i + 1] == '%') {
            out += '%';
            ++i;
            continue;
        }
        size_t close = tmpl.find(")s", i);
        if (i + 1 >= tmpl.size() || tmpl[i + 1] != '(' || close == std::string::npos)
            fail(md, s, "malformed naming convention template '" + tmpl + "'");
        out += token_value(md, table, s, tmpl.substr(i + 2, close - i - 2));
        i = close + 1;
    }
    return out;
}

void collect_columns(const Table& table, const Clause* c, std::vector<const Column*>& out) {
    if (!c) return;
    if (c->kind == ClauseKind::Column) {
        const Column* col = table.column(c->text);
        if (!col) col = table.column_by_key(c->text);
        if (col && std::find(out.begin(), out.end(), col) == out.end()) out.push_back(col);
    }
    for (const auto& a : c->args) collect_columns(table, a.get(), out);
}

std::vector<const Column*> columns_named(const Table& table, const std::vector<std::string>& names) {
    std::vector<const Column*> out;
    for (const auto& n : names)
        if (const Column* c = table.column(n)) out.push_back(c);
    return out;
}

// Applies the convention to one constraint's name, as naming.py's
// _constraint_name does when the constraint attaches to its table.
ConventionSubject subject_of(ConventionTarget target, std::vector<const Column*> columns) {
    ConventionSubject s;
    s.target = target;
    s.columns = std::move(columns);
    return s;
}

template <class C>
void name_one(const MetaData& md, const Table& table, C& c, ConventionSubject subject) {
    if (c.conventional_name) return;
    subject.name = c.name;
    subject.loc = c.loc;
    if (auto n = convention_name(md, table, subject)) {
        c.name = *n;
        c.conventional_name = true;
    }
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& default_naming_convention() {
    static const std::vector<std::pair<std::string, std::string>> conv{{"ix", "ix_%(column_0_label)s"}};
    return conv;
}

std::optional<std::string> convention_template(const MetaData& md, ConventionTarget target) {
    const auto& conv = md.naming_convention.empty() ? default_naming_convention() : md.naming_convention;
    for (const auto& key : convention_keys(target))
        for (const auto& [k, v] : conv)
            if (k == key) return v;
    return std::nullopt;
}

std::optional<std::string> convention_name(const MetaData& md, const Table& table, const ConventionSubject& s) {
    auto tmpl = convention_template(md, s.target);
    if (!tmpl) return std::nullopt;
    // An explicit name survives unless the template embeds it.
    if (s.name && tmpl->find("constraint_name") == std::string::npos) return std::nullopt;
    return render_template(md, table, s, *tmpl);
}

std::vector<const Column*> referenced_columns(const Table& table, const Clause* clause) {
    std::vector<const Column*> out;
    collect_columns(table, clause, out);
    return out;
}

void apply_naming_conventions(MetaData& md) {
    for (auto& tp : md.tables) {
        Table& t = *tp;
        if (!t.primary_key.columns.empty())
            name_one(md, t, t.primary_key, subject_of(ConventionTarget::PrimaryKey, columns_named(t, t.primary_key.columns)));
        for (auto& uc : t.unique_constraints)
            name_one(md, t, uc, subject_of(ConventionTarget::Unique, columns_named(t, uc.columns)));
        for (auto& ck : t.check_constraints)
            name_one(md, t, ck, subject_of(ConventionTarget::Check, referenced_columns(t, ck.sqltext.get())));
        for (auto& fk : t.foreign_keys) {
            ConventionSubject s = subject_of(ConventionTarget::ForeignKey, columns_named(t, fk.columns));
            s.referred_table = fk.referred_table;
            s.referred_columns = fk.referred_columns;
            name_one(md, t, fk, std::move(s));
        }
        for (auto& ix : t.indexes) {
            std::vector<const Column*> cols;
            for (const auto& e : ix.expressions) collect_columns(t, e.get(), cols);
            ConventionSubject s = subject_of(ConventionTarget::Index, std::move(cols));
            s.unique = ix.unique;
            name_one(md, t, ix, std::move(s));
        }
    }
}

}  // namespace orm::schema
