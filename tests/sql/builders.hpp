// Terse construction of schema::MetaData in tests, standing in for the
// models-file reader: each helper mirrors the SQLAlchemy call it names.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "orm/schema/table.hpp"
#include "orm/sql/ddl.hpp"
#include "support/process.hpp"

namespace orm::testing {

using namespace orm::schema;

inline int next_creation_order() {
    static int order = 0;
    return ++order;
}

inline TypeEngine ty(TypeKind k) {
    TypeEngine t;
    t.kind = k;
    return t;
}
inline TypeEngine ty(TypeKind k, int length) {
    TypeEngine t = ty(k);
    t.length = length;
    return t;
}
inline TypeEngine numeric(TypeKind k, std::optional<int> p, std::optional<int> s = {}) {
    TypeEngine t = ty(k);
    t.precision = p;
    t.scale = s;
    return t;
}
inline TypeEngine enum_type(std::vector<std::string> values, std::optional<std::string> name, bool native = true,
                            bool create_constraint = false) {
    TypeEngine t = ty(TypeKind::Enum);
    EnumSpec e;
    e.values = std::move(values);
    e.name = std::move(name);
    e.native_enum = native;
    e.create_constraint = create_constraint;
    t.enum_spec = e;
    return t;
}
inline TypeEngine array_of(TypeEngine item, TypeKind k = TypeKind::PG_ARRAY) {
    TypeEngine t = ty(k);
    t.item_type = std::make_shared<TypeEngine>(std::move(item));
    return t;
}

inline ClausePtr text(std::string s) { return Clause::make(ClauseKind::Text, std::move(s)); }
inline ClausePtr str(std::string s) { return Clause::make(ClauseKind::String, std::move(s)); }
inline ClausePtr colref(std::string s) { return Clause::make(ClauseKind::Column, std::move(s)); }
inline ClausePtr func(std::string name, std::vector<ClausePtr> args = {}) {
    return Clause::make(ClauseKind::Function, std::move(name), std::move(args));
}

// Column(name, type, nullable=...): primary_key columns join the table's PK.
inline Column& add_column(Table& t, std::string name, TypeEngine type, bool nullable = true, bool primary_key = false) {
    Column c;
    c.name = name;
    c.key = name;
    c.type = std::move(type);
    c.primary_key = primary_key;
    c.nullable = primary_key ? false : nullable;
    t.columns.push_back(std::move(c));
    if (primary_key) t.primary_key.columns.push_back(name);
    return t.columns.back();
}
inline Column& add_pk(Table& t, std::string name = "id", TypeEngine type = ty(TypeKind::Integer)) {
    return add_column(t, std::move(name), std::move(type), false, true);
}

// Column(..., ForeignKey("table.col")) or a table-level ForeignKeyConstraint.
inline ForeignKeyConstraint& add_fk(Table& t, std::vector<std::string> cols, std::string ref_table,
                                    std::vector<std::string> ref_cols, bool from_column = true) {
    ForeignKeyConstraint fk;
    fk.columns = std::move(cols);
    fk.referred_table = std::move(ref_table);
    fk.referred_columns = std::move(ref_cols);
    fk.from_column = from_column;
    fk.creation_order = next_creation_order();
    t.foreign_keys.push_back(std::move(fk));
    return t.foreign_keys.back();
}
inline UniqueConstraint& add_unique(Table& t, std::vector<std::string> cols, std::optional<std::string> name = {}) {
    UniqueConstraint uc;
    uc.columns = std::move(cols);
    uc.name = std::move(name);
    uc.creation_order = next_creation_order();
    t.unique_constraints.push_back(std::move(uc));
    return t.unique_constraints.back();
}
inline CheckConstraint& add_check(Table& t, std::string sql, std::optional<std::string> name = {}) {
    CheckConstraint ck;
    ck.sqltext = text(std::move(sql));
    ck.name = std::move(name);
    ck.creation_order = next_creation_order();
    t.check_constraints.push_back(std::move(ck));
    return t.check_constraints.back();
}
inline Index& add_index(Table& t, std::optional<std::string> name, std::vector<ClausePtr> exprs, bool unique = false) {
    Index ix;
    ix.name = std::move(name);
    ix.expressions = std::move(exprs);
    ix.unique = unique;
    ix.creation_order = next_creation_order();
    t.indexes.push_back(std::move(ix));
    return t.indexes.back();
}
inline Table& add_table(MetaData& md, std::string name) {
    Table t;
    t.name = std::move(name);
    return md.add_table(std::move(t));
}

// The statements' SQL, each followed by ";\n\n" as the CLI prints them.
inline std::string render(const std::vector<sql::DdlStatement>& stmts) {
    std::string out;
    for (const auto& s : stmts) out += s.sql + ";\n\n";
    return out;
}

// A reference .sql file without its leading "--" comment lines and blank lines.
inline std::string reference_sql(const std::string& path) {
    std::istringstream in(orm_test::read_file(path));
    std::string line, out;
    bool started = false;
    while (std::getline(in, line)) {
        if (!started && (line.rfind("--", 0) == 0 || line.empty())) continue;
        started = true;
        out += line + "\n";
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

// The shop schema of the tutorial (shared/reference/tutorial_models.py).
inline MetaData tutorial_metadata() {
    MetaData md;
    Table& customers = add_table(md, "customers");
    add_pk(customers);
    add_column(customers, "first_name", ty(TypeKind::String, 100), false);
    add_column(customers, "last_name", ty(TypeKind::String, 100), false);
    add_column(customers, "username", ty(TypeKind::String, 50), false);
    add_column(customers, "email", ty(TypeKind::String, 200), false);
    add_column(customers, "created_on", ty(TypeKind::DateTime));
    add_column(customers, "updated_on", ty(TypeKind::DateTime));
    Table& items = add_table(md, "items");
    add_pk(items);
    add_column(items, "name", ty(TypeKind::String, 200), false);
    add_column(items, "cost_price", numeric(TypeKind::Numeric, 10, 2), false);
    add_column(items, "selling_price", numeric(TypeKind::Numeric, 10, 2), false);
    Table& orders = add_table(md, "orders");
    add_pk(orders);
    add_column(orders, "customer_id", ty(TypeKind::Integer));
    add_fk(orders, {"customer_id"}, "customers", {"id"});
    add_column(orders, "date_placed", ty(TypeKind::DateTime));
    Table& lines = add_table(md, "order_lines");
    add_pk(lines);
    add_column(lines, "order_id", ty(TypeKind::Integer));
    add_fk(lines, {"order_id"}, "orders", {"id"});
    add_column(lines, "item_id", ty(TypeKind::Integer));
    add_fk(lines, {"item_id"}, "items", {"id"});
    add_column(lines, "quantity", ty(TypeKind::SmallInteger));
    return md;
}

}  // namespace orm::testing
