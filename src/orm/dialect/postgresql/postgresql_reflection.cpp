#include "orm/dialect/postgresql/postgresql_reflection.hpp"

#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"

namespace orm::dialect {

using schema::Clause;
using schema::ClauseKind;
using schema::TypeEngine;
using schema::TypeKind;

namespace {

std::string text_or_empty(const Value& v) { return v.is_null() ? std::string() : v.as_text(); }
std::optional<std::string> opt_text(const Value& v) {
    if (v.is_null()) return std::nullopt;
    return v.as_text();
}
bool truthy(const Value& v) {
    if (v.is_null()) return false;
    if (v.kind() == Value::Kind::boolean) return v.as_bool();
    if (v.kind() == Value::Kind::text) return v.as_text() == "t" || v.as_text() == "true";
    return v.as_int() != 0;
}
nlohmann::json json_of(const Value& v) {
    if (v.is_null()) return nlohmann::json::array();
    return nlohmann::json::parse(v.as_text());
}

schema::ClausePtr text_clause(std::string text) { return Clause::make(ClauseKind::Text, std::move(text)); }

// PostgreSQL prints a CHECK as CHECK ((expr)): SQLAlchemy reports expr, so
// the outer pair goes when it encloses the whole text ("(a) OR (b)" keeps its own).
std::string strip_outer_parens(const std::string& text) {
    if (text.size() < 2 || text.front() != '(' || text.back() != ')') return text;
    int depth = 0;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\'') quoted = !quoted;
        if (quoted) continue;
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0 && i + 1 < text.size()) return text;
    }
    return text.substr(1, text.size() - 2);
}

// The expression of a CHECK constraint as pg_get_constraintdef prints it:
// "CHECK (body)" or "CHECK (body) NOT VALID"; nullopt for another shape.
std::optional<std::string_view> check_body(std::string_view def) {
    if (!def.starts_with("CHECK")) return std::nullopt;
    def.remove_prefix(5);
    while (def.starts_with(' ')) def.remove_prefix(1);
    if (def.ends_with(" NOT VALID") && !def.ends_with(")")) def.remove_suffix(10);
    if (def.size() < 3 || def.front() != '(' || def.back() != ')') return std::nullopt;
    return def.substr(1, def.size() - 2);
}

// format_type()'s spelling of a built-in type: a lower-case name, an
// optional (a) or (a,b), and an optional time zone clause.
struct TypeShape {
    std::string name;
    std::optional<int> a, b;
    bool with_time_zone = false;
};

std::optional<TypeShape> name_and_arguments(std::string_view text) {
    TypeShape shape;
    size_t i = 0;
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || text[i] == ' ')) ++i;
    if (i == 0) return std::nullopt;
    shape.name = std::string(text.substr(0, i));
    if (i == text.size()) return shape;
    if (text[i] != '(' || text.back() != ')') return std::nullopt;
    std::string_view args = text.substr(i + 1, text.size() - i - 2);
    auto number = [](std::string_view digits) -> std::optional<int> {
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
        return parse_integer<int>(digits).value_or(INT_MAX);
    };
    const size_t comma = args.find(',');
    shape.a = number(args.substr(0, comma));
    if (!shape.a) return std::nullopt;
    if (comma != std::string_view::npos) {
        shape.b = number(args.substr(comma + 1));
        if (!shape.b) return std::nullopt;
    }
    return shape;
}

std::optional<TypeShape> type_shape(std::string_view text) {
    for (std::string_view zone : {std::string_view(" with time zone"), std::string_view(" without time zone")}) {
        if (!text.ends_with(zone)) continue;
        if (auto shape = name_and_arguments(text.substr(0, text.size() - zone.size()))) {
            shape->with_time_zone = zone == " with time zone";
            return shape;
        }
    }
    return name_and_arguments(text);
}

// The schema filter of every query: the named schema ($1) or the current one.
std::string schema_filter(const ReflectOptions& options, const char* nsp_alias) {
    return std::string(nsp_alias) + ".nspname = " + (options.schema ? "$1" : "current_schema()");
}
Params schema_params(const ReflectOptions& options) {
    if (options.schema) return {Value(*options.schema)};
    return {};
}

std::optional<std::string> fk_action(const std::string& code) {
    // pg_constraint.confupdtype / confdeltype: a no action, r restrict, c cascade, n set null, d set default.
    if (code == "r") return "RESTRICT";
    if (code == "c") return "CASCADE";
    if (code == "n") return "SET NULL";
    if (code == "d") return "SET DEFAULT";
    return std::nullopt;
}

}  // namespace

std::optional<TypeEngine> postgresql_type_from_format(std::string_view formatted) {
    std::string text(formatted);
    TypeEngine t;
    // Arrays: format_type prints one "[]" whatever the dimensions.
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "[]") == 0) {
        auto inner = postgresql_type_from_format(text.substr(0, text.size() - 2));
        if (!inner) return std::nullopt;
        t.kind = TypeKind::PG_ARRAY;
        t.item_type = std::make_shared<TypeEngine>(*inner);
        return t;
    }
    auto shape = type_shape(text);
    if (!shape) return std::nullopt;
    const std::string name = shape->name;
    const std::optional<int> a = shape->a, b = shape->b;
    const bool tz = shape->with_time_zone;
    static const std::map<std::string, TypeKind> simple{
        {"integer", TypeKind::INTEGER}, {"bigint", TypeKind::BIGINT}, {"smallint", TypeKind::SMALLINT},
        {"text", TypeKind::TEXT}, {"boolean", TypeKind::BOOLEAN}, {"date", TypeKind::DATE},
        {"real", TypeKind::REAL}, {"double precision", TypeKind::PG_DOUBLE_PRECISION},
        {"bytea", TypeKind::PG_BYTEA}, {"json", TypeKind::PG_JSON}, {"jsonb", TypeKind::PG_JSONB},
        {"uuid", TypeKind::PG_UUID}, {"inet", TypeKind::PG_INET}, {"cidr", TypeKind::PG_CIDR},
        {"macaddr", TypeKind::PG_MACADDR}, {"tsvector", TypeKind::PG_TSVECTOR}, {"money", TypeKind::PG_MONEY},
        {"oid", TypeKind::PG_OID}, {"hstore", TypeKind::PG_HSTORE}, {"citext", TypeKind::PG_CITEXT},
        {"int4range", TypeKind::PG_INT4RANGE}, {"int8range", TypeKind::PG_INT8RANGE},
        {"numrange", TypeKind::PG_NUMRANGE}, {"daterange", TypeKind::PG_DATERANGE},
        {"tsrange", TypeKind::PG_TSRANGE}, {"tstzrange", TypeKind::PG_TSTZRANGE},
    };
    if (name == "character varying") {
        t.kind = TypeKind::VARCHAR;
        t.length = a;
    } else if (name == "character") {
        t.kind = TypeKind::CHAR;
        t.length = a;
    } else if (name == "numeric") {
        t.kind = TypeKind::NUMERIC;
        t.precision = a;
        t.scale = b;
    } else if (name == "timestamp") {
        t.kind = TypeKind::PG_TIMESTAMP;
        t.precision = a;
        t.timezone = tz;
    } else if (name == "time") {
        t.kind = TypeKind::PG_TIME;
        t.precision = a;
        t.timezone = tz;
    } else if (name == "interval" || name.rfind("interval ", 0) == 0) {
        t.kind = TypeKind::PG_INTERVAL;
        if (name.size() > 9) t.fields = name.substr(9);
        t.precision = a;
    } else if (name == "bit") {
        t.kind = TypeKind::PG_BIT;
        t.length = a;
    } else if (auto it = simple.find(name); it != simple.end()) {
        t.kind = it->second;
        if (t.kind == TypeKind::PG_UUID) t.as_uuid = false;   // SQLAlchemy 1.4 reflects UUID()
    } else {
        return std::nullopt;
    }
    return t;
}

namespace {

struct Context {
    const QueryRunner& query;
    const ReflectOptions& options;
    std::map<std::string, schema::Table*> tables;   // by name
    std::map<std::pair<std::string, std::string>, schema::EnumSpec> enums;   // (schema, name)
    std::string current_schema;
};

schema::Table* table_of(Context& cx, const Value& name) {
    auto it = cx.tables.find(name.as_text());
    return it == cx.tables.end() ? nullptr : it->second;
}

void reflect_enums(Context& cx, ReflectedSchema& out) {
    auto r = cx.query(
        "SELECT t.typname, n.nspname, n.nspname = current_schema() AS is_current, "
        "array_to_json(ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e "
        "WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder))::text "
        "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
        "WHERE t.typtype = 'e' ORDER BY t.typname, n.nspname",
        {});
    while (r->next()) {
        const auto& row = r->row();
        schema::EnumSpec spec;
        spec.name = row[0].as_text();
        std::string nsp = row[1].as_text();
        if (!truthy(row[2])) spec.schema = nsp;
        for (const auto& label : json_of(row[3])) spec.values.push_back(label.get<std::string>());
        bool listed = cx.options.schema ? nsp == *cx.options.schema : truthy(row[2]);
        if (listed) out.enums.push_back(spec);
        cx.enums[{nsp, *spec.name}] = std::move(spec);
    }
}

void reflect_columns(Context& cx) {
    auto r = cx.query(
        "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
        "pg_catalog.col_description(c.oid, a.attnum), t.typtype, t.typname, tn.nspname, a.attndims, "
        "et.typtype, et.typname, etn.nspname, "
        "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, a.attgenerated "
        "FROM pg_catalog.pg_attribute a "
        "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace "
        "LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A' "
        "LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace "
        "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
        "WHERE " + schema_filter(cx.options, "n") + " AND c.relkind IN ('r', 'p') "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
        schema_params(cx.options));
    auto enum_type = [&](const Value& name, const Value& nsp) {
        TypeEngine t;
        t.kind = TypeKind::PG_ENUM;
        auto it = cx.enums.find({nsp.as_text(), name.as_text()});
        if (it != cx.enums.end()) t.enum_spec = it->second;
        else {
            t.enum_spec.emplace();
            t.enum_spec->name = name.as_text();
        }
        return t;
    };
    while (r->next()) {
        const auto& row = r->row();
        schema::Table* table = table_of(cx, row[0]);
        if (!table) continue;
        schema::Column col;
        col.name = row[1].as_text();
        col.key = col.name;
        const std::string formatted = row[2].as_text();
        if (text_or_empty(row[7]) == "e") {
            col.type = enum_type(row[8], row[9]);
        } else if (text_or_empty(row[11]) == "e") {
            col.type.kind = TypeKind::PG_ARRAY;
            col.type.item_type = std::make_shared<TypeEngine>(enum_type(row[12], row[13]));
        } else if (auto t = postgresql_type_from_format(formatted)) {
            col.type = *t;
        } else {
            // A type we do not model (a domain, an extension's type): kept by
            // name so it shows, stored as TEXT in the models.
            col.type.kind = TypeKind::TEXT;
            col.info["reflected_type"] = formatted;
        }
        if (col.type.kind == TypeKind::PG_ARRAY && !row[10].is_null() && row[10].as_int() > 1)
            col.type.dimensions = static_cast<int>(row[10].as_int());
        if (auto coll = opt_text(row[14])) col.type.collation = coll;
        col.nullable = !truthy(row[3]);
        std::string identity = text_or_empty(row[5]);
        auto def = opt_text(row[4]);
        if (def && def->rfind("nextval(", 0) == 0) {
            // SERIAL: the sequence is the column's own; SQLAlchemy's models say autoincrement.
            col.autoincrement = schema::Autoincrement::True;
        } else if (!identity.empty()) {
            col.autoincrement = schema::Autoincrement::True;
            col.info["identity"] = identity == "a" ? "always" : "by default";
            col.identity.emplace();
            col.identity->always = identity == "a";
        } else if (def && text_or_empty(row[15]) == "s") {
            // A generated column: its expression is not a default (SQLAlchemy's "computed").
            col.computed = schema::Computed{text_clause(*def), true, {}};
        } else if (def) {
            col.server_default = text_clause(*def);
        }
        col.comment = opt_text(row[6]);
        table->columns.push_back(std::move(col));
    }
}

void reflect_constraints(Context& cx) {
    auto names = [](const char* keys, const char* rel) {
        return std::string("array_to_json(ARRAY(SELECT a.attname FROM unnest(con.") + keys +
               ") WITH ORDINALITY k(num, ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = con." + rel +
               " AND a.attnum = k.num ORDER BY k.ord))::text";
    };
    auto r = cx.query(
        "SELECT c.relname, con.conname, con.contype, " + names("conkey", "conrelid") +
            ", fn.nspname, fc.relname, " + names("confkey", "confrelid") +
            ", con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred, "
            "pg_catalog.pg_get_constraintdef(con.oid), fn.nspname = current_schema() "
            "FROM pg_catalog.pg_constraint con "
            "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid "
            "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace "
            "WHERE " + schema_filter(cx.options, "n") + " AND con.contype IN ('p', 'f', 'u', 'c') "
            "ORDER BY c.relname, con.conname",
        schema_params(cx.options));
    std::map<schema::Table*, int> order;
    while (r->next()) {
        const auto& row = r->row();
        schema::Table* table = table_of(cx, row[0]);
        if (!table) continue;
        std::vector<std::string> cols;
        for (const auto& c : json_of(row[3])) cols.push_back(c.get<std::string>());
        const std::string type = row[2].as_text();
        auto deferrable = [&](schema::ConstraintBase& c) {
            if (truthy(row[10])) {
                c.deferrable = "DEFERRABLE";
                if (truthy(row[11])) c.initially = "DEFERRED";
            }
            c.name = row[1].as_text();
            c.creation_order = order[table]++;
        };
        if (type == "p") {
            table->primary_key.name = row[1].as_text();
            table->primary_key.columns = cols;
            for (auto& c : table->columns)
                if (std::find(cols.begin(), cols.end(), c.name) != cols.end()) c.primary_key = true;
        } else if (type == "u") {
            schema::UniqueConstraint uq;
            uq.columns = cols;
            deferrable(uq);
            table->unique_constraints.push_back(std::move(uq));
        } else if (type == "c") {
            schema::CheckConstraint ck;
            std::string def = row[12].as_text();
            auto body = check_body(def);
            ck.sqltext = text_clause(body ? strip_outer_parens(std::string(*body)) : def);
            deferrable(ck);
            table->check_constraints.push_back(std::move(ck));
        } else {
            schema::ForeignKeyConstraint fk;
            fk.columns = cols;
            if (!row[4].is_null() && !truthy(row[13])) fk.referred_schema = row[4].as_text();
            if (cx.options.schema && fk.referred_schema == cx.options.schema) fk.referred_schema.reset();
            fk.referred_table = text_or_empty(row[5]);
            for (const auto& c : json_of(row[6])) fk.referred_columns.push_back(c.get<std::string>());
            fk.onupdate = fk_action(text_or_empty(row[7]));
            fk.ondelete = fk_action(text_or_empty(row[8]));
            if (text_or_empty(row[9]) == "f") fk.match = "FULL";
            deferrable(fk);
            table->foreign_keys.push_back(std::move(fk));
        }
    }
}

void reflect_indexes(Context& cx) {
    auto r = cx.query(
        "SELECT c.relname, ic.relname, i.indisunique, "
        "EXISTS (SELECT 1 FROM pg_catalog.pg_constraint x WHERE x.conindid = i.indexrelid "
        "AND x.conrelid = i.indrelid AND x.contype IN ('p', 'u', 'x')), i.indnkeyatts, "
        "(SELECT json_agg(json_build_array(i.indkey[k], pg_catalog.pg_get_indexdef(i.indexrelid, k + 1, false), "
        "a.attname, i.indoption[k]) ORDER BY k) FROM generate_series(0, i.indnatts - 1) k "
        "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k])::text, "
        "pg_catalog.pg_get_expr(i.indpred, i.indrelid), am.amname "
        "FROM pg_catalog.pg_index i "
        "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
        "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
        "WHERE " + schema_filter(cx.options, "n") + " AND c.relkind IN ('r', 'p') "
        "ORDER BY c.relname, ic.relname",
        schema_params(cx.options));
    while (r->next()) {
        const auto& row = r->row();
        schema::Table* table = table_of(cx, row[0]);
        if (!table || truthy(row[3])) continue;   // constraint-backed: reflected as the constraint
        schema::Index ix;
        ix.name = row[1].as_text();
        ix.unique = truthy(row[2]);
        const int key_columns = static_cast<int>(row[4].as_int());
        int k = 0;
        for (const auto& entry : json_of(row[5])) {
            const bool is_column = entry[0].get<int>() != 0 && !entry[2].is_null();
            if (k++ >= key_columns) {
                if (is_column) ix.postgresql_include.push_back(entry[2].get<std::string>());
                continue;
            }
            schema::ClausePtr e = is_column ? Clause::make(ClauseKind::Column, entry[2].get<std::string>())
                                            : text_clause(entry[1].get<std::string>());
            // indoption bit 0: DESC.
            if (!entry[3].is_null() && (entry[3].get<int>() & 1)) e = Clause::make(ClauseKind::Desc, "", {e});
            ix.expressions.push_back(std::move(e));
        }
        if (auto pred = opt_text(row[6])) ix.postgresql_where = text_clause(*pred);
        if (auto am = text_or_empty(row[7]); !am.empty() && am != "btree") ix.postgresql_using = am;
        ix.creation_order = static_cast<int>(table->indexes.size());
        table->indexes.push_back(std::move(ix));
    }
}

}  // namespace

ReflectedSchema reflect_postgresql(const QueryRunner& query, const ReflectOptions& options) {
    ReflectedSchema out;
    out.dialect = "postgresql";
    out.metadata.schema = options.schema;
    Context cx{query, options, {}, {}, {}};
    {
        auto r = query(
            "SELECT c.relname, pg_catalog.obj_description(c.oid, 'pg_class') "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE " + schema_filter(options, "n") + " AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
            "ORDER BY c.relname",
            schema_params(options));
        while (r->next()) {
            const auto& row = r->row();
            std::string name = row[0].as_text();
            if (options.tables && std::find(options.tables->begin(), options.tables->end(), name) == options.tables->end())
                continue;
            auto table = std::make_unique<schema::Table>();
            table->name = name;
            table->schema = options.schema;
            table->comment = opt_text(row[1]);
            cx.tables[name] = table.get();
            out.metadata.tables.push_back(std::move(table));
        }
    }
    reflect_enums(cx, out);
    reflect_columns(cx);
    reflect_constraints(cx);
    reflect_indexes(cx);
    // Serial / identity: the sole integer primary-key column is SQLAlchemy's
    // autoincrement column anyway ("auto"); elsewhere it must be said.
    for (auto& t : out.metadata.tables) {
        for (auto& c : t->columns) {
            const bool sole_integer_pk = t->primary_key.columns.size() == 1 && t->primary_key.columns[0] == c.name &&
                                         (c.type.kind == TypeKind::INTEGER || c.type.kind == TypeKind::BIGINT ||
                                          c.type.kind == TypeKind::SMALLINT);
            if (!sole_integer_pk) continue;
            c.autoincrement = c.autoincrement == schema::Autoincrement::True ? schema::Autoincrement::Auto
                                                                             : schema::Autoincrement::False;
        }
    }
    return out;
}

}  // namespace orm::dialect
