#include "orm/migrate/version_tables.hpp"

namespace orm::migrate {

namespace {

schema::Table make_version_table() {
    schema::Table t;
    t.name = "alembic_version";
    schema::Column c;
    c.name = c.key = "version_num";
    c.type.kind = schema::TypeKind::String;
    c.type.length = 32;
    c.nullable = false;
    c.primary_key = true;
    c.autoincrement = schema::Autoincrement::False;
    t.columns.push_back(c);
    t.primary_key.name = "alembic_version_pkc";
    t.primary_key.columns = {"version_num"};
    t.primary_key.implicit_generated = false;
    return t;
}

schema::Table make_log_table() {
    schema::Table t;
    t.name = "orm_migration_log";
    auto add = [&](const std::string& name, schema::TypeKind kind, std::optional<int> length, bool nullable) {
        schema::Column c;
        c.name = c.key = name;
        c.type.kind = kind;
        c.type.length = length;
        c.nullable = nullable;
        t.columns.push_back(c);
    };
    add("id", schema::TypeKind::Integer, std::nullopt, false);
    t.columns[0].primary_key = true;
    t.primary_key.columns = {"id"};
    add("revision", schema::TypeKind::String, 32, false);
    add("direction", schema::TypeKind::String, 10, false);   // upgrade / downgrade / stamp
    add("sha256", schema::TypeKind::String, 64, false);
    add("applied_at", schema::TypeKind::String, 32, false);  // UTC, ISO 8601
    add("duration", schema::TypeKind::Numeric, std::nullopt, true);   // seconds
    t.columns.back().type.precision = 12;
    t.columns.back().type.scale = 3;
    return t;
}

}  // namespace

const schema::Table& alembic_version_table() {
    static const schema::Table table = make_version_table();
    return table;
}

const schema::Table& migration_log_table() {
    static const schema::Table table = make_log_table();
    return table;
}

const schema::MetaData& bookkeeping_metadata() {
    static const schema::MetaData md;
    return md;
}

bool is_bookkeeping_table(const std::string& name) {
    return name == alembic_version_table().name || name == migration_log_table().name;
}

}  // namespace orm::migrate
