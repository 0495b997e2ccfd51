#include "orm/migrate/schema_json.hpp"

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

using nlohmann::json;
namespace k = metadata_keys;

namespace {

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json autoincrement_json(schema::Autoincrement a) {
    switch (a) {
    case schema::Autoincrement::True: return true;
    case schema::Autoincrement::False: return false;
    case schema::Autoincrement::IgnoreFk: return "ignore_fk";
    default: return "auto";
    }
}

json enum_json(const schema::EnumSpec& e) {
    return {{k::name, opt(e.name)}, {k::schema, opt(e.schema)}, {k::values, e.values}};
}

// A column type's enum: the top-level shape, plus how it is stored when not the default.
json type_enum_json(const schema::EnumSpec& e) {
    json out = enum_json(e);
    if (!e.native_enum) out[k::native_enum] = false;
    if (e.length) out[k::length] = *e.length;
    return out;
}

json type_json(const schema::TypeEngine& t, const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    json out = {{k::class_, t.class_name()}};
    try {
        out[k::sql] = compiler.type_spec(t, md, nullptr);
    } catch (const Error&) {
        out[k::sql] = t.class_name();
    }
    // Names such as JSON, UUID or TIMESTAMP are both SQLAlchemy's and its
    // PostgreSQL dialect's own classes.
    if (t.kind >= schema::TypeKind::PG_JSON) out[k::dialect] = "postgresql";
    if (t.length) out[k::length] = *t.length;
    if (t.precision) out[k::precision] = *t.precision;
    if (t.scale) out[k::scale] = *t.scale;
    if (t.timezone) out[k::timezone] = true;
    if (t.collation) out[k::collation] = *t.collation;
    if (t.fields) out[k::fields] = *t.fields;
    if (t.dimensions) out[k::dimensions] = *t.dimensions;
    if (t.item_type) out[k::item_type] = type_json(*t.item_type, compiler, md);
    if (t.enum_spec) out[k::enum_] = type_enum_json(*t.enum_spec);
    return out;
}

std::string clause_sql(const schema::ClausePtr& c, const sql::DDLCompiler& compiler) {
    return c ? compiler.compile_clause(*c) : std::string();
}

json columns_json(const schema::Table& t, const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    json columns = json::array();
    for (const auto& c : t.columns) {
        json col = {{k::name, c.name},
                    {k::type, type_json(c.type, compiler, md)},
                    {k::nullable, c.nullable},
                    // The text after DEFAULT (SQLite's parentheses around an expression included).
                    {k::default_, opt(compiler.column_default_string(c))},
                    {k::autoincrement, autoincrement_json(c.autoincrement)},
                    {k::comment, opt(c.comment)}};
        if (c.info.contains(k::identity)) col[k::identity] = c.info[k::identity];
        if (c.computed)
            col[k::computed] = {{k::sqltext, clause_sql(c.computed->sqltext, compiler)},
                                {k::persisted, c.computed->persisted ? json(*c.computed->persisted) : json(nullptr)}};
        columns.push_back(std::move(col));
    }
    return columns;
}

// The foreign key, unique and check constraints, into the table's object.
void constraints_json(const schema::Table& t, const sql::DDLCompiler& compiler, json& out) {
    json fks = json::array();
    for (const auto& fk : t.foreign_keys) {
        fks.push_back({{k::name, opt(fk.name)},
                       {k::columns, fk.columns},
                       {k::referred_schema, opt(fk.referred_schema)},
                       {k::referred_table, fk.referred_table},
                       {k::referred_columns, fk.referred_columns},
                       {k::ondelete, opt(fk.ondelete)},
                       {k::onupdate, opt(fk.onupdate)},
                       {k::match, opt(fk.match)},
                       {k::deferrable, opt(fk.deferrable)},
                       {k::initially, opt(fk.initially)},
                       {k::use_alter, fk.use_alter},
                       {k::position, fk.creation_order}});
    }
    json uqs = json::array();
    for (const auto& uq : t.unique_constraints)
        uqs.push_back({{k::name, opt(uq.name)}, {k::columns, uq.columns}, {k::position, uq.creation_order}});
    json cks = json::array();
    for (const auto& ck : t.check_constraints)
        cks.push_back({{k::name, opt(ck.name)},
                       {k::sqltext, clause_sql(ck.sqltext, compiler)},
                       {k::position, ck.creation_order},
                       {k::column, opt(ck.column)}});
    out[k::foreign_keys] = std::move(fks);
    out[k::unique_constraints] = std::move(uqs);
    out[k::check_constraints] = std::move(cks);
}

json indexes_json(const schema::Table& t, const sql::DDLCompiler& compiler) {
    json ixs = json::array();
    for (const auto& ix : t.indexes) {
        json exprs = json::array();
        for (const auto& e : ix.expressions) {
            const schema::Clause* inner = e.get();
            bool desc = false;
            if (inner->kind == schema::ClauseKind::Desc) {
                desc = true;
                inner = inner->args.at(0).get();
            }
            if (inner->kind == schema::ClauseKind::Column) exprs.push_back({{k::column, inner->text}, {k::desc, desc}});
            else exprs.push_back({{k::expression, compiler.compile_clause(*inner)}, {k::desc, desc}});
        }
        // The predicate the document's dialect renders.
        const auto& where = dialect::get_dialect(compiler.dialect_name()).index_where(ix);
        ixs.push_back({{k::name, opt(ix.name)},
                       {k::unique, ix.unique},
                       {k::expressions, exprs},
                       {k::where, where ? json(clause_sql(where, compiler)) : json(nullptr)},
                       {k::using_, opt(ix.postgresql_using)},
                       {k::include, ix.postgresql_include}});
    }
    return ixs;
}

json table_json(const schema::Table& t, const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    json options = json::object();
    for (const auto& [key, value] : t.dialect_options) options[key] = value;
    json out = {{k::name, t.name},
                {k::schema, opt(t.schema)},
                {k::comment, opt(t.comment)},
                {k::columns, columns_json(t, compiler, md)},
                {k::primary_key, {{k::name, opt(t.primary_key.name)}, {k::columns, t.primary_key.columns}}},
                {k::indexes, indexes_json(t, compiler)},
                {k::options, options}};
    constraints_json(t, compiler, out);
    return out;
}

}  // namespace

json type_to_json(const schema::TypeEngine& type, const std::string& dialect_name) {
    auto compiler = dialect::get_dialect(dialect_name).ddl_compiler();
    schema::MetaData md;
    return type_json(type, *compiler, md);
}

json schema_to_json(const dialect::ReflectedSchema& reflected) {
    auto compiler = dialect::get_dialect(reflected.dialect).ddl_compiler();
    json tables = json::array();
    for (const auto& t : reflected.metadata.tables) tables.push_back(table_json(*t, *compiler, reflected.metadata));
    json enums = json::array();
    for (const auto& e : reflected.enums) enums.push_back(enum_json(e));
    return {{k::format, kMetadataFormat},
            {k::dialect, reflected.dialect},
            {k::schema, opt(reflected.metadata.schema)},
            {k::tables, tables},
            {k::enums, enums}};
}

}  // namespace orm::migrate
