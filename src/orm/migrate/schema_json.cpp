#include "orm/migrate/schema_json.hpp"

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

using nlohmann::json;

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
    return {{"name", opt(e.name)}, {"schema", opt(e.schema)}, {"values", e.values}};
}

json type_json(const schema::TypeEngine& t, const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    json out = {{"class", t.class_name()}};
    try {
        out["sql"] = compiler.type_spec(t, md, nullptr);
    } catch (const Error&) {
        out["sql"] = t.class_name();
    }
    if (t.length) out["length"] = *t.length;
    if (t.precision) out["precision"] = *t.precision;
    if (t.scale) out["scale"] = *t.scale;
    if (t.timezone) out["timezone"] = true;
    if (t.collation) out["collation"] = *t.collation;
    if (t.fields) out["fields"] = *t.fields;
    if (t.dimensions) out["dimensions"] = *t.dimensions;
    if (t.item_type) out["item_type"] = type_json(*t.item_type, compiler, md);
    if (t.enum_spec) out["enum"] = enum_json(*t.enum_spec);
    return out;
}

std::string clause_sql(const schema::ClausePtr& c, const sql::DDLCompiler& compiler) {
    return c ? compiler.compile_clause(*c) : std::string();
}

json table_json(const schema::Table& t, const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    json columns = json::array();
    for (const auto& c : t.columns) {
        json col = {{"name", c.name},
                    {"type", type_json(c.type, compiler, md)},
                    {"nullable", c.nullable},
                    {"default", c.server_default ? json(clause_sql(c.server_default, compiler)) : json(nullptr)},
                    {"autoincrement", autoincrement_json(c.autoincrement)},
                    {"comment", opt(c.comment)}};
        if (c.info.contains("identity")) col["identity"] = c.info["identity"];
        if (c.computed)
            col["computed"] = {{"sqltext", clause_sql(c.computed->sqltext, compiler)},
                               {"persisted", c.computed->persisted ? json(*c.computed->persisted) : json(nullptr)}};
        columns.push_back(std::move(col));
    }
    json fks = json::array();
    for (const auto& fk : t.foreign_keys) {
        fks.push_back({{"name", opt(fk.name)},
                       {"columns", fk.columns},
                       {"referred_schema", opt(fk.referred_schema)},
                       {"referred_table", fk.referred_table},
                       {"referred_columns", fk.referred_columns},
                       {"ondelete", opt(fk.ondelete)},
                       {"onupdate", opt(fk.onupdate)},
                       {"match", opt(fk.match)},
                       {"deferrable", opt(fk.deferrable)},
                       {"initially", opt(fk.initially)}});
    }
    json uqs = json::array();
    for (const auto& uq : t.unique_constraints) uqs.push_back({{"name", opt(uq.name)}, {"columns", uq.columns}});
    json cks = json::array();
    for (const auto& ck : t.check_constraints)
        cks.push_back({{"name", opt(ck.name)}, {"sqltext", clause_sql(ck.sqltext, compiler)}});
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
            if (inner->kind == schema::ClauseKind::Column) exprs.push_back({{"column", inner->text}, {"desc", desc}});
            else exprs.push_back({{"expression", compiler.compile_clause(*inner)}, {"desc", desc}});
        }
        const auto& where = ix.postgresql_where ? ix.postgresql_where : ix.sqlite_where;
        ixs.push_back({{"name", opt(ix.name)},
                       {"unique", ix.unique},
                       {"expressions", exprs},
                       {"where", where ? json(clause_sql(where, compiler)) : json(nullptr)},
                       {"using", opt(ix.postgresql_using)},
                       {"include", ix.postgresql_include}});
    }
    json options = json::object();
    for (const auto& [k, v] : t.dialect_options) options[k] = v;
    return {{"name", t.name},
            {"schema", opt(t.schema)},
            {"comment", opt(t.comment)},
            {"columns", columns},
            {"primary_key", {{"name", opt(t.primary_key.name)}, {"columns", t.primary_key.columns}}},
            {"foreign_keys", fks},
            {"unique_constraints", uqs},
            {"check_constraints", cks},
            {"indexes", ixs},
            {"options", options}};
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
    return {{"dialect", reflected.dialect},
            {"schema", opt(reflected.metadata.schema)},
            {"tables", tables},
            {"enums", enums}};
}

}  // namespace orm::migrate
