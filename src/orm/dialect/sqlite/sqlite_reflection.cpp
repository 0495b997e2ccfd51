#include "orm/dialect/sqlite/sqlite_reflection.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "orm/core/error.hpp"
#include "orm/dialect/sqlite/sqlite_schema_parser.hpp"
#include "orm/sql/identifier_preparer.hpp"

namespace orm::dialect {

using sql::IdentifierPreparer;
constexpr auto quote_identifier = &IdentifierPreparer::quote_identifier;

using schema::Clause;
using schema::ClauseKind;
using schema::TypeEngine;
using schema::TypeKind;

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string text_or_empty(const Value& v) { return v.is_null() ? std::string() : v.as_text(); }

}  // namespace

TypeEngine sqlite_type_from_declared(std::string_view declared) {
    // NAME [ ( a [, b] ) ]: SQLAlchemy's regex `([\w ]+)(\(.*?\))?`.
    std::string text(declared);
    std::string name = text, args;
    if (auto open = text.find('('); open != std::string::npos) {
        name = text.substr(0, open);
        auto close = text.find(')', open);
        args = text.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
    }
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    std::string key = upper(name);
    std::vector<int> nums = schema::type_arguments(args);
    static const std::map<std::string, TypeKind> names{
        {"BIGINT", TypeKind::BIGINT}, {"BLOB", TypeKind::BLOB}, {"BOOL", TypeKind::BOOLEAN},
        {"BOOLEAN", TypeKind::BOOLEAN}, {"CHAR", TypeKind::CHAR}, {"DATE", TypeKind::DATE},
        {"DATE_CHAR", TypeKind::DATE}, {"DATETIME", TypeKind::DATETIME}, {"DATETIME_CHAR", TypeKind::DATETIME},
        {"DOUBLE", TypeKind::FLOAT}, {"DECIMAL", TypeKind::DECIMAL}, {"FLOAT", TypeKind::FLOAT},
        {"INT", TypeKind::INTEGER}, {"INTEGER", TypeKind::INTEGER}, {"JSON", TypeKind::JSON},
        {"NUMERIC", TypeKind::NUMERIC}, {"REAL", TypeKind::REAL}, {"SMALLINT", TypeKind::SMALLINT},
        {"TEXT", TypeKind::TEXT}, {"TIME", TypeKind::TIME}, {"TIME_CHAR", TypeKind::TIME},
        {"TIMESTAMP", TypeKind::TIMESTAMP}, {"VARCHAR", TypeKind::VARCHAR}, {"NVARCHAR", TypeKind::NVARCHAR},
        {"NCHAR", TypeKind::NCHAR},
    };
    TypeEngine t;
    if (auto it = names.find(key); it != names.end()) {
        t.kind = it->second;
    } else if (key.find("INT") != std::string::npos) {   // SQLite's affinity rules, in their order
        t.kind = TypeKind::INTEGER;
        nums.clear();
    } else if (key.find("CHAR") != std::string::npos || key.find("CLOB") != std::string::npos ||
               key.find("TEXT") != std::string::npos) {
        t.kind = TypeKind::TEXT;
        nums.clear();
    } else if (key.find("BLOB") != std::string::npos || key.empty()) {
        t.kind = TypeKind::BLOB;   // SQLAlchemy says NullType; BLOB is the affinity
        nums.clear();
    } else if (key.find("REAL") != std::string::npos || key.find("FLOA") != std::string::npos ||
               key.find("DOUB") != std::string::npos) {
        t.kind = TypeKind::REAL;
        nums.clear();
    } else {
        t.kind = TypeKind::NUMERIC;
    }
    switch (t.kind) {
    case TypeKind::CHAR: case TypeKind::VARCHAR: case TypeKind::NVARCHAR: case TypeKind::NCHAR:
    case TypeKind::TEXT:
        if (!nums.empty()) t.length = nums[0];
        break;
    case TypeKind::NUMERIC: case TypeKind::DECIMAL: case TypeKind::FLOAT:
        if (!nums.empty()) t.precision = nums[0];
        if (nums.size() > 1) t.scale = nums[1];
        break;
    default:
        break;
    }
    return t;
}

namespace {

schema::ClausePtr text_clause(std::string text) { return Clause::make(ClauseKind::Text, std::move(text)); }

std::optional<std::string> fk_action(const std::string& action) {
    std::string a = upper(action);
    if (a.empty() || a == "NO ACTION") return std::nullopt;
    return a;
}

    // Columns: PRAGMA table_xinfo (cid, name, type, notnull, dflt_value, pk, hidden).
void reflect_columns(const QueryRunner& query, const std::string& schema_prefix, const std::string& name,
                     const sqlite_parse::CreateTable& parsed, schema::Table& table) {
    std::vector<std::pair<int, std::string>> pk_order;
    {
        auto r = query("PRAGMA " + schema_prefix + "table_xinfo(" + quote_identifier(name) + ")", {});
        while (r->next()) {
            const auto& row = r->row();
            if (row.size() > 6 && !row[6].is_null() && row[6].as_int() == 1) continue;   // hidden (virtual)
            schema::Column col;
            col.name = row[1].as_text();
            col.key = col.name;
            col.type = sqlite_type_from_declared(text_or_empty(row[2]));
            for (const auto& def : parsed.columns)
                if (def.name == col.name && def.collation) col.type.collation = def.collation;
            col.nullable = row[3].as_int() == 0;
            if (!row[4].is_null()) col.server_default = text_clause(row[4].as_text());
            int pk = static_cast<int>(row[5].as_int());
            if (pk > 0) {
                pk_order.emplace_back(pk, col.name);
                col.primary_key = true;
            }
            table.columns.push_back(std::move(col));
        }
    }
    std::sort(pk_order.begin(), pk_order.end());
    for (const auto& [_, col] : pk_order) table.primary_key.columns.push_back(col);
    if (parsed.primary_key) table.primary_key.name = parsed.primary_key->name;
    // A single INTEGER primary key is the rowid, which SQLite fills: SQLAlchemy's
    // "auto" autoincrement column. Any other sole integer key is not filled.
    if (pk_order.size() == 1) {
        if (auto* col = table.column(pk_order[0].second)) {
            if (col->type.kind == TypeKind::INTEGER && !parsed.without_rowid)
                col->autoincrement = schema::Autoincrement::Auto;
            else if (col->type.kind == TypeKind::INTEGER || col->type.kind == TypeKind::BIGINT ||
                     col->type.kind == TypeKind::SMALLINT)
                col->autoincrement = schema::Autoincrement::False;
        }
    }
    if (parsed.autoincrement) table.dialect_options["sqlite_autoincrement"] = "True";
    if (parsed.without_rowid) table.dialect_options["sqlite_with_rowid"] = "False";
}

    // Foreign keys: PRAGMA foreign_key_list (id, seq, table, from, to, on_update, on_delete, match).
void reflect_foreign_keys(const QueryRunner& query, const std::string& schema_prefix, const std::string& name,
                          const sqlite_parse::CreateTable& parsed, schema::Table& table) {
    std::map<int64_t, schema::ForeignKeyConstraint> by_id;
    auto r = query("PRAGMA " + schema_prefix + "foreign_key_list(" + quote_identifier(name) + ")", {});
    while (r->next()) {
        const auto& row = r->row();
        auto& fk = by_id[row[0].as_int()];
        fk.referred_table = row[2].as_text();
        fk.columns.push_back(row[3].as_text());
        fk.referred_columns.push_back(text_or_empty(row[4]));
        fk.onupdate = fk_action(text_or_empty(row[5]));
        fk.ondelete = fk_action(text_or_empty(row[6]));
    }
    // PRAGMA ids count from the last FOREIGN KEY clause: reversed, they are in declaration order.
    int order = 0;
    for (auto it = by_id.rbegin(); it != by_id.rend(); ++it) {
        auto& fk = it->second;
        for (const auto& p : parsed.foreign_keys) {
            if (p.columns == fk.columns && p.referred_table == fk.referred_table) {
                fk.name = p.name;
                break;
            }
        }
        fk.creation_order = order++;
        table.foreign_keys.push_back(std::move(fk));
    }
    // A REFERENCES t without columns means t's primary key (the PRAGMA reports NULL).
    for (auto& fk : table.foreign_keys) {
        fk.referred_columns.erase(std::remove(fk.referred_columns.begin(), fk.referred_columns.end(), ""),
                                  fk.referred_columns.end());
    }
}

// UNIQUE and CHECK constraints, from the table's CREATE TABLE text (no PRAGMA lists them).
void reflect_constraints(const sqlite_parse::CreateTable& parsed, int& order, schema::Table& table) {
    for (const auto& uq : parsed.unique_constraints) {
        schema::UniqueConstraint u;
        u.name = uq.name;
        u.columns = uq.columns;
        u.creation_order = order++;
        table.unique_constraints.push_back(std::move(u));
    }
    for (const auto& ck : parsed.checks) {
        schema::CheckConstraint c;
        c.name = ck.name;
        c.sqltext = text_clause(ck.sqltext);
        c.creation_order = order++;
        table.check_constraints.push_back(std::move(c));
    }
}

    // Indexes: PRAGMA index_list (seq, name, unique, origin, partial); only
    // CREATE INDEX ones (origin 'c'): the others back PRIMARY KEY / UNIQUE.
void reflect_indexes(const QueryRunner& query, const std::string& schema_prefix, const std::string& name,
                     const std::map<std::string, std::string>& index_sql, int& order, schema::Table& table) {
    std::vector<std::pair<std::string, bool>> names;
    auto r = query("PRAGMA " + schema_prefix + "index_list(" + quote_identifier(name) + ")", {});
    while (r->next()) {
        const auto& row = r->row();
        if (row.size() > 3 && text_or_empty(row[3]) != "c") continue;
        names.emplace_back(row[1].as_text(), row[2].as_int() != 0);
    }
    std::sort(names.begin(), names.end());
    for (const auto& [ix_name, unique] : names) {
        schema::Index ix;
        ix.name = ix_name;
        ix.unique = unique;
        auto sql = index_sql.find(ix_name);
        if (sql == index_sql.end()) continue;
        auto parsed_ix = sqlite_parse::parse_create_index(sql->second);
        for (const auto& item : parsed_ix.items) {
            schema::ClausePtr e = item.column ? Clause::make(ClauseKind::Column, *item.column)
                                              : text_clause(item.expression);
            if (item.desc) e = Clause::make(ClauseKind::Desc, "", {e});
            ix.expressions.push_back(std::move(e));
        }
        if (parsed_ix.where) ix.sqlite_where = text_clause(*parsed_ix.where);
        ix.creation_order = order++;
        table.indexes.push_back(std::move(ix));
    }
}

void reflect_table(const QueryRunner& query, const std::string& schema_prefix, const std::string& name,
                   const std::string& create_sql, const std::map<std::string, std::string>& index_sql,
                   schema::Table& table) {
    table.name = name;
    sqlite_parse::CreateTable parsed;
    try {
        parsed = sqlite_parse::parse_create_table(create_sql);
    } catch (const DatabaseError&) {
        // A definition we cannot read (virtual tables): the PRAGMAs alone.
    }
    reflect_columns(query, schema_prefix, name, parsed, table);
    reflect_foreign_keys(query, schema_prefix, name, parsed, table);
    int order = 0;   // creation order of the table's constraints and indexes, as SQLAlchemy numbers them
    reflect_constraints(parsed, order, table);
    reflect_indexes(query, schema_prefix, name, index_sql, order, table);
}

}  // namespace

ReflectedSchema reflect_sqlite(const QueryRunner& query, const ReflectOptions& options) {
    ReflectedSchema out;
    out.dialect = "sqlite";
    const std::string schema_prefix = options.schema ? quote_identifier(*options.schema) + "." : std::string();
    const std::string master = schema_prefix + "sqlite_master";
    std::vector<std::pair<std::string, std::string>> tables;
    std::map<std::string, std::map<std::string, std::string>> index_sql;   // table -> index -> sql
    {
        auto r = query("SELECT type, name, tbl_name, sql FROM " + master +
                           " WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                           "ORDER BY name",
                       {});
        while (r->next()) {
            const auto& row = r->row();
            if (row[3].is_null()) continue;   // automatic indexes have no text
            if (row[0].as_text() == "table") tables.emplace_back(row[1].as_text(), row[3].as_text());
            else index_sql[row[2].as_text()][row[1].as_text()] = row[3].as_text();
        }
    }
    if (options.schema) out.metadata.schema = options.schema;
    for (const auto& [name, sql] : tables) {
        if (options.tables &&
            std::find(options.tables->begin(), options.tables->end(), name) == options.tables->end())
            continue;
        schema::Table table;
        table.schema = options.schema;
        reflect_table(query, schema_prefix, name, sql, index_sql[name], table);
        out.metadata.tables.push_back(std::make_unique<schema::Table>(std::move(table)));
    }
    // REFERENCES t without columns: t's primary key.
    for (auto& t : out.metadata.tables)
        for (auto& fk : t->foreign_keys)
            if (fk.referred_columns.empty())
                if (const auto* target = out.metadata.table(fk.referred_table))
                    fk.referred_columns = target->primary_key.columns;
    return out;
}

}  // namespace orm::dialect
