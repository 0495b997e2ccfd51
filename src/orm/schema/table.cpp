#include "orm/schema/table.hpp"

#include "orm/core/error.hpp"

namespace orm::schema {

bool integer_or_numeric_affinity(TypeKind k) {
    switch (k) {
    case TypeKind::Integer: case TypeKind::SmallInteger: case TypeKind::BigInteger:
    case TypeKind::INTEGER: case TypeKind::SMALLINT: case TypeKind::BIGINT:
    case TypeKind::Float: case TypeKind::Numeric: case TypeKind::FLOAT: case TypeKind::REAL:
    case TypeKind::DOUBLE: case TypeKind::DOUBLE_PRECISION: case TypeKind::NUMERIC:
    case TypeKind::DECIMAL: case TypeKind::PG_DOUBLE_PRECISION: case TypeKind::PG_REAL:
        return true;
    default:
        return false;
    }
}

namespace {

bool has_foreign_key(const Table& t, const std::string& column) {
    for (const auto& fk : t.foreign_keys)
        for (const auto& c : fk.columns)
            if (c == column) return true;
    return false;
}

// PrimaryKeyConstraint._autoincrement_column's _validate_autoinc with autoinc_true=False.
bool may_autoincrement(const Table& t, const Column& col) {
    if (!integer_or_numeric_affinity(col.type.kind)) return false;
    if (col.default_value) return false;
    if (col.server_default) return false;
    if (has_foreign_key(t, col.name) && col.autoincrement != Autoincrement::True &&
        col.autoincrement != Autoincrement::IgnoreFk)
        return false;
    return true;
}

}  // namespace

const Column* Table::column(const std::string& n) const {
    for (const auto& c : columns)
        if (c.name == n) return &c;
    return nullptr;
}

Column* Table::column(const std::string& n) {
    for (auto& c : columns)
        if (c.name == n) return &c;
    return nullptr;
}

const Column* Table::column_by_key(const std::string& k) const {
    for (const auto& c : columns)
        if ((c.key.empty() ? c.name : c.key) == k) return &c;
    return nullptr;
}

const Column* Table::autoincrement_column() const {
    if (primary_key.columns.size() == 1) {
        const Column* col = column(primary_key.columns.front());
        if (!col) return nullptr;
        if (col->autoincrement == Autoincrement::True) return col;
        if ((col->autoincrement == Autoincrement::Auto || col->autoincrement == Autoincrement::IgnoreFk) &&
            may_autoincrement(*this, *col))
            return col;
        return nullptr;
    }
    // Composite keys autoincrement only through an explicit autoincrement=True.
    for (const auto& name : primary_key.columns) {
        const Column* col = column(name);
        if (col && col->autoincrement == Autoincrement::True) return col;
    }
    return nullptr;
}

std::string Table::fullname() const { return schema ? *schema + "." + name : name; }

const Table* MetaData::table(const std::string& fullname) const {
    auto hit = [&]() -> const Table* {
        auto it = table_index_cache.find(fullname);
        if (it == table_index_cache.end() || it->second >= tables.size()) return nullptr;
        const Table* t = tables[it->second].get();
        return t->fullname() == fullname ? t : nullptr;
    };
    if (const Table* t = hit()) return t;
    // A miss: bring the cache up to date with `tables` first. Readers append
    // to `tables` directly, so the usual case is a valid prefix that only
    // needs the new tail (checked at both ends of the prefix: full
    // validation would make every lookup linear, and a rebuild per miss
    // makes reading N tables quadratic).
    auto maps = [&](size_t i) {
        auto it = table_index_cache.find(tables[i]->fullname());
        return it != table_index_cache.end() && it->second == i;
    };
    size_t known = table_index_cache.size();
    if (known > tables.size() || (known > 0 && !(maps(0) && maps(known - 1)))) {
        table_index_cache.clear();
        known = 0;
    }
    if (known == tables.size()) return nullptr;
    for (size_t i = known; i < tables.size(); ++i) table_index_cache.emplace(tables[i]->fullname(), i);
    return hit();
}

Table* MetaData::table(const std::string& fullname) {
    return const_cast<Table*>(static_cast<const MetaData*>(this)->table(fullname));
}

Table& MetaData::add_table(Table t) {
    std::string key = t.fullname();
    if (table(key))
        throw InputError("Table '" + key +
                             "' is already defined for this MetaData instance.  Specify "
                             "'extend_existing=True' to redefine options and columns on an existing "
                             "Table object.",
                         source, t.loc);
    tables.push_back(std::make_unique<Table>(std::move(t)));
    table_index_cache.emplace(key, tables.size() - 1);
    return *tables.back();
}

}  // namespace orm::schema
