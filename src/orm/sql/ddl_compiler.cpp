#include "orm/sql/ddl_compiler.hpp"

#include <algorithm>
#include <set>

#include "orm/core/error.hpp"
#include "orm/schema/naming.hpp"
#include "orm/core/digest.hpp"

namespace orm::sql {

using schema::Clause;
using schema::ClauseKind;
using schema::Column;
using schema::MetaData;
using schema::Table;
using schema::TypeEngine;
using schema::TypeKind;

namespace {

// Python's len(): code points, not bytes.
size_t code_points(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// The first `n` code points of `s`.
std::string prefix_code_points(std::string_view s, size_t n) {
    size_t i = 0, seen = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == n) break;
            ++seen;
        }
    }
    return std::string(s.substr(0, i));
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
    return out;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The phrases IdentifierPreparer.validate_sql_phrase accepts (its patterns
// are case-insensitive alternations of these words), and the pattern text
// its error message quotes. A set lookup, not a regex: this runs for every
// foreign key and a regex compile per call dominated large schemas.
struct SqlPhrase {
    std::set<std::string> allowed;   // upper-case
    const char* pattern;
};
const SqlPhrase kFkOnDelete{{"RESTRICT", "CASCADE", "SET NULL", "NO ACTION", "SET DEFAULT"},
                            "^(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)$"};
const SqlPhrase kFkInitially{{"DEFERRED", "IMMEDIATE"}, "^(?:DEFERRED|IMMEDIATE)$"};

// IdentifierPreparer.validate_sql_phrase: the phrase as given when it matches.
std::string validate_phrase(const std::string& phrase, const SqlPhrase& rule, const MetaData& md,
                            const SourceLocation& loc) {
    if (!rule.allowed.count(upper(phrase)))
        throw InputError("Unexpected SQL phrase: '" + phrase + "' (matching against '" + rule.pattern + "')",
                         md.source, loc);
    return phrase;
}

// ANSI functions rendered bare, without parentheses (sqlalchemy.sql.functions.AnsiFunction).
bool is_ansi_function(const std::string& lname) {
    static const char* names[] = {"current_date", "current_time", "current_timestamp", "current_user",
                                  "localtime",    "localtimestamp", "session_user",    "user"};
    return std::find_if(std::begin(names), std::end(names), [&](const char* n) { return lname == n; }) !=
           std::end(names);
}

// SQLAlchemy's registered GenericFunctions render under their canonical
// (lower-case) name whatever case func.<name> was written in.
bool is_generic_function(const std::string& lname) {
    static const char* names[] = {"coalesce", "max",   "min",        "sum",       "now",          "concat",
                                  "char_length", "random", "count",   "sysdate",   "array_agg",    "mode",
                                  "percentile_cont", "percentile_disc", "rank", "dense_rank", "percent_rank",
                                  "cume_dist", "cube", "rollup", "grouping_sets"};
    return std::find_if(std::begin(names), std::end(names), [&](const char* n) { return lname == n; }) !=
           std::end(names);
}

const Table* find_referred(const MetaData& md, const schema::ForeignKeyConstraint& fk) {
    if (fk.referred_schema) return md.table(*fk.referred_schema + "." + fk.referred_table);
    if (const Table* t = md.table(fk.referred_table)) return t;
    if (md.schema) return md.table(*md.schema + "." + fk.referred_table);
    return nullptr;
}

bool in_primary_key(const Table& t, const std::string& column) {
    return std::find(t.primary_key.columns.begin(), t.primary_key.columns.end(), column) !=
           t.primary_key.columns.end();
}

bool is_enum(TypeKind k) { return k == TypeKind::Enum || k == TypeKind::PG_ENUM; }
bool is_boolean(TypeKind k) { return k == TypeKind::Boolean || k == TypeKind::BOOLEAN; }

}  // namespace

// ---------------------------------------------------------------------------
// identifiers

const IdentifierPreparer& DDLCompiler::preparer() const { return generic_identifier_preparer(); }

std::string DDLCompiler::format_constraint_name(const std::string& name, bool conventional, const MetaData& md,
                                                const SourceLocation& loc) const {
    size_t max = static_cast<size_t>(max_identifier_length());
    std::string n = name;
    if (code_points(n) > max) {
        if (!conventional)
            throw InputError("Identifier '" + n + "' exceeds maximum length of " + std::to_string(max) +
                                 " characters",
                             md.source, loc);
        n = prefix_code_points(n, max - 8) + "_" + digest::md5_hex(n).substr(28);
    }
    return quote(n);
}

// ---------------------------------------------------------------------------
// types

void DDLCompiler::postgresql_only_error(const TypeEngine& type, const MetaData& md, const Column* column) const {
    throw InputError("type " + type.class_name() + " is only available on PostgreSQL, not " + dialect_name(),
                     md.source, column ? column->loc : SourceLocation{});
}

std::string DDLCompiler::non_native_enum_spec(const TypeEngine& type) const {
    size_t length = 0;
    if (type.enum_spec && type.enum_spec->length) {
        length = static_cast<size_t>(*type.enum_spec->length);
    } else if (type.enum_spec) {
        for (const auto& v : type.enum_spec->values) length = std::max(length, code_points(v));
    }
    std::string out = "VARCHAR";
    if (length) out += "(" + std::to_string(length) + ")";
    if (type.collation) out += " COLLATE \"" + *type.collation + "\"";
    return out;
}

std::string DDLCompiler::type_spec(const TypeEngine& t, const MetaData& md, const Column* column) const {
    auto string_type = [&](const char* name) {
        std::string out = name;
        if (t.length && *t.length) out += "(" + std::to_string(*t.length) + ")";
        if (t.collation) out += " COLLATE \"" + *t.collation + "\"";
        return out;
    };
    auto numeric_type = [&](const char* name) {
        std::string out = name;
        if (t.precision) {
            out += "(" + std::to_string(*t.precision);
            if (t.scale) out += ", " + std::to_string(*t.scale);
            out += ")";
        }
        return out;
    };
    auto sized = [&](const char* name) {
        std::string out = name;
        if (t.length && *t.length) out += "(" + std::to_string(*t.length) + ")";
        return out;
    };
    switch (t.kind) {
    case TypeKind::Integer: case TypeKind::INTEGER: return "INTEGER";
    case TypeKind::SmallInteger: case TypeKind::SMALLINT: return "SMALLINT";
    case TypeKind::BigInteger: case TypeKind::BIGINT: return "BIGINT";
    case TypeKind::String: case TypeKind::Unicode: case TypeKind::VARCHAR: return string_type("VARCHAR");
    case TypeKind::NVARCHAR: return string_type("NVARCHAR");
    case TypeKind::CHAR: return string_type("CHAR");
    case TypeKind::NCHAR: return string_type("NCHAR");
    case TypeKind::Text: case TypeKind::UnicodeText: case TypeKind::TEXT: return string_type("TEXT");
    case TypeKind::CLOB: return "CLOB";
    case TypeKind::Boolean: case TypeKind::BOOLEAN: return "BOOLEAN";
    case TypeKind::Date: case TypeKind::DATE: return "DATE";
    case TypeKind::DateTime: case TypeKind::DATETIME: return "DATETIME";
    case TypeKind::Interval: return "DATETIME";  // Interval's impl is DateTime without a native type
    case TypeKind::TIMESTAMP: case TypeKind::PG_TIMESTAMP: return "TIMESTAMP";
    case TypeKind::Time: case TypeKind::TIME: case TypeKind::PG_TIME: return "TIME";
    case TypeKind::Float: case TypeKind::FLOAT: return "FLOAT";
    case TypeKind::REAL: case TypeKind::PG_REAL: return "REAL";
    case TypeKind::DOUBLE: return "DOUBLE";
    case TypeKind::DOUBLE_PRECISION: return "DOUBLE PRECISION";
    case TypeKind::Numeric: case TypeKind::NUMERIC: return numeric_type("NUMERIC");
    case TypeKind::DECIMAL: return numeric_type("DECIMAL");
    case TypeKind::LargeBinary: case TypeKind::PickleType: case TypeKind::BLOB: return "BLOB";
    case TypeKind::BINARY: return sized("BINARY");
    case TypeKind::VARBINARY: return sized("VARBINARY");
    case TypeKind::JSON: case TypeKind::PG_JSON: return "JSON";
    case TypeKind::Enum: case TypeKind::PG_ENUM: return non_native_enum_spec(t);
    case TypeKind::Uuid: return "CHAR(32)";   // SQLAlchemy 2.0's non-native Uuid
    case TypeKind::UUID: return "UUID";
    default: break;
    }
    if (t.kind == TypeKind::ARRAY || t.postgresql_only()) postgresql_only_error(t, md, column);
    throw InputError("type " + t.class_name() + " cannot be rendered for " + dialect_name(), md.source,
                     column ? column->loc : SourceLocation{});
}

// ---------------------------------------------------------------------------
// expressions

std::string DDLCompiler::render_string_literal(std::string_view value) const {
    std::string out = "'";
    for (char c : value) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string DDLCompiler::compile_function(const Clause& fn) const {
    std::string lname = lower(fn.text);
    if (fn.args.empty() && is_ansi_function(lname)) return upper(lname);
    std::string name = is_generic_function(lname) ? lname : fn.text;
    if (lname == "count" && fn.args.empty()) return "count(*)";
    if (lname == "sysdate") return "SYSDATE";
    std::vector<std::string> args;
    for (const auto& a : fn.args) args.push_back(compile_clause(*a));
    return name + "(" + join(args, ", ") + ")";
}

std::string DDLCompiler::compile_clause(const Clause& c) const {
    switch (c.kind) {
    case ClauseKind::Text: return c.text;
    case ClauseKind::String: return render_string_literal(c.text);
    case ClauseKind::Number: return c.text;
    case ClauseKind::True: return compile_true();
    case ClauseKind::False: return compile_false();
    case ClauseKind::Null: return "NULL";
    case ClauseKind::Column: return quote(c.text);
    case ClauseKind::Function: return compile_function(c);
    case ClauseKind::Binary:
        return compile_clause(*c.args.at(0)) + " " + c.text + " " + compile_clause(*c.args.at(1));
    case ClauseKind::Unary: {
        bool word = !c.text.empty() && std::isalpha(static_cast<unsigned char>(c.text[0]));
        return c.text + (word ? " " : "") + compile_clause(*c.args.at(0));
    }
    case ClauseKind::Grouping: return "(" + compile_clause(*c.args.at(0)) + ")";
    case ClauseKind::Cast: {
        static const MetaData no_metadata;
        std::string type = c.type ? type_spec(*c.type, no_metadata, nullptr) : c.text;
        return "CAST(" + compile_clause(*c.args.at(0)) + " AS " + type + ")";
    }
    case ClauseKind::Desc: return compile_clause(*c.args.at(0)) + " DESC";
    case ClauseKind::Asc: return compile_clause(*c.args.at(0)) + " ASC";
    }
    return c.text;
}

std::optional<std::string> DDLCompiler::column_default_string(const Column& column) const {
    if (!column.server_default) return std::nullopt;
    return compile_clause(*column.server_default);
}

// ---------------------------------------------------------------------------
// constraints

std::string DDLCompiler::deferrability(const schema::ConstraintBase& c) const {
    std::string out;
    if (c.deferrable) out += " " + *c.deferrable;
    return out;
}

std::string DDLCompiler::constraint_prefix(const MetaData& md, const schema::ConstraintBase& c) const {
    if (!c.name) return "";
    return "CONSTRAINT " + format_constraint_name(*c.name, c.conventional_name, md, c.loc) + " ";
}

const Column* DDLCompiler::autoincrement_column(const MetaData& md, const Table& table) const {
    const Column* marked = nullptr;
    for (const auto& name : table.primary_key.columns) {
        const Column* col = table.column(name);
        if (!col || col->autoincrement != schema::Autoincrement::True) continue;
        if (!schema::integer_or_numeric_affinity(col->type.kind))
            throw InputError("Column type " + type_spec(col->type, md, col) + " on column '" + table.name + "." +
                                 col->name + "' is not compatible with autoincrement=True",
                             md.source, col->loc);
        if (marked)
            throw InputError("Only one Column may be marked autoincrement=True, found both " + col->name + " and " +
                                 marked->name + ".",
                             md.source, col->loc);
        marked = col;
    }
    return table.autoincrement_column();
}

std::optional<std::string> DDLCompiler::primary_key_clause(const MetaData& md, const Table& table) const {
    const auto& pk = table.primary_key;
    if (pk.columns.empty()) return std::nullopt;
    std::vector<std::string> cols;
    // visit_primary_key_constraint: only the implicit PK (from primary_key=True
    // columns) lists its autoincrement column first; an explicit
    // PrimaryKeyConstraint keeps the order it was given.
    const Column* autoinc = pk.implicit_generated ? autoincrement_column(md, table) : nullptr;
    if (autoinc) cols.push_back(quote(autoinc->name));
    for (const auto& c : pk.columns)
        if (!autoinc || c != autoinc->name) cols.push_back(quote(c));
    std::string text = constraint_prefix(md, pk) + "PRIMARY KEY (" + join(cols, ", ") + ")";
    return text + deferrability(pk);
}

std::optional<std::string> DDLCompiler::foreign_key_clause(const MetaData& md, const Table& table,
                                                           const schema::ForeignKeyConstraint& fk) const {
    std::vector<std::string> local, remote;
    for (const auto& c : fk.columns) local.push_back(quote(c));
    for (const auto& c : fk.referred_columns) remote.push_back(quote(c));
    const Table* ref = find_referred(md, fk);
    std::optional<std::string> ref_schema = ref ? ref->schema : fk.referred_schema;
    std::string text = constraint_prefix(md, fk) + "FOREIGN KEY(" + join(local, ", ") + ") REFERENCES " +
                       remote_table(ref_schema, fk.referred_table) + " (" + join(remote, ", ") + ")";
    if (fk.match) text += " MATCH " + *fk.match;
    if (fk.ondelete) text += " ON DELETE " + validate_phrase(*fk.ondelete, kFkOnDelete, md, fk.loc);
    if (fk.onupdate) text += " ON UPDATE " + validate_phrase(*fk.onupdate, kFkOnDelete, md, fk.loc);
    if (fk.deferrable) text += " " + *fk.deferrable;
    if (fk.initially) text += " INITIALLY " + validate_phrase(*fk.initially, kFkInitially, md, fk.loc);
    return text;
}

std::string DDLCompiler::unique_clause(const MetaData& md, const schema::UniqueConstraint& uc) const {
    if (uc.columns.empty()) return "";
    std::vector<std::string> cols;
    for (const auto& c : uc.columns) cols.push_back(quote(c));
    return constraint_prefix(md, uc) + "UNIQUE (" + join(cols, ", ") + ")" + deferrability(uc) +
           (uc.initially ? " INITIALLY " + validate_phrase(*uc.initially, kFkInitially, md, uc.loc) : "");
}

std::string DDLCompiler::check_clause(const MetaData& md, const schema::CheckConstraint& ck) const {
    std::string body = ck.sqltext ? compile_clause(*ck.sqltext) : "";
    return constraint_prefix(md, ck) + "CHECK (" + body + ")" + deferrability(ck) +
           (ck.initially ? " INITIALLY " + validate_phrase(*ck.initially, kFkInitially, md, ck.loc) : "");
}

std::vector<TypeBoundCheck> DDLCompiler::type_bound_checks(const MetaData& md, const Table& table) const {
    std::vector<TypeBoundCheck> out;
    for (const auto& col : table.columns) {
        const TypeEngine& t = col.type;
        TypeBoundCheck check;
        check.column = &col;
        if (is_enum(t.kind) && t.enum_spec) {
            const auto& spec = *t.enum_spec;
            bool native = spec.native_enum && supports_native_enum();
            if (native || !(spec.create_constraint || t.create_constraint)) continue;
            std::vector<std::string> values;
            for (const auto& v : spec.values) values.push_back(render_string_literal(v));
            check.sqltext = quote(col.name) + " IN (" + join(values, ", ") + ")";
            check.name = enum_type_name(spec);
        } else if (is_boolean(t.kind)) {
            if (supports_native_boolean() || !t.create_constraint) continue;
            check.sqltext = quote(col.name) + " IN (0, 1)";
            check.name = t.constraint_name;
        } else {
            continue;
        }
        schema::ConventionSubject subject;
        subject.target = schema::ConventionTarget::Check;
        subject.name = check.name;
        subject.columns = {&col};
        subject.loc = col.loc;
        if (auto conv = schema::convention_name(md, table, subject)) {
            check.name = *conv;
            check.conventional_name = true;
        }
        out.push_back(std::move(check));
    }
    return out;
}

// ---------------------------------------------------------------------------
// statements

bool DDLCompiler::column_not_null(const Table& table, const Column& column) {
    return !column.nullable || (!column.primary_key && in_primary_key(table, column.name));
}

std::string DDLCompiler::column_specification(const MetaData& md, const Table& table, const Column& column) const {
    std::string spec = quote(column.name) + " " + type_spec(column.type, md, &column);
    if (auto d = column_default_string(column)) spec += " DEFAULT " + *d;
    if (column.computed) spec += " " + computed_clause(*column.computed);
    const bool identity = column.identity && supports_identity_columns();
    if (identity) spec += " " + identity_clause(*column.identity);
    if (column_not_null(table, column) && !identity) spec += " NOT NULL";
    return spec;
}

std::string DDLCompiler::identity_options(const schema::IdentityOptions& o) {
    std::vector<std::string> parts;
    auto number = [&](const char* what, const std::optional<std::int64_t>& v) {
        if (v) parts.push_back(std::string(what) + " " + std::to_string(*v));
    };
    number("INCREMENT BY", o.increment);
    number("START WITH", o.start);
    number("MINVALUE", o.minvalue);
    number("MAXVALUE", o.maxvalue);
    if (o.nominvalue) parts.push_back("NO MINVALUE");
    if (o.nomaxvalue) parts.push_back("NO MAXVALUE");
    number("CACHE", o.cache);
    if (o.order) parts.push_back(*o.order ? "ORDER" : "NO ORDER");
    if (o.cycle) parts.push_back(*o.cycle ? "CYCLE" : "NO CYCLE");
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
    return out;
}

std::string DDLCompiler::computed_clause(const schema::Computed& computed) const {
    std::string text = "GENERATED ALWAYS AS (" + compile_clause(*computed.sqltext) + ")";
    if (computed.persisted) text += *computed.persisted ? " STORED" : " VIRTUAL";
    return text;
}

std::string DDLCompiler::identity_clause(const schema::Identity& identity) const {
    std::string text = std::string("GENERATED ") + (identity.always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY";
    if (std::string options = identity_options(identity); !options.empty()) text += " (" + options + ")";
    return text;
}

std::string DDLCompiler::create_sequence(const schema::Sequence& sequence) const {
    schema::Sequence s = sequence;
    if (!s.start) s.start = 1;
    std::string name = (s.schema ? quote(*s.schema) + "." : std::string()) + quote(s.name);
    return "CREATE SEQUENCE " + name + " " + identity_options(s);
}

std::string DDLCompiler::drop_sequence(const schema::Sequence& s) const {
    return "DROP SEQUENCE " + (s.schema ? quote(*s.schema) + "." : std::string()) + quote(s.name);
}

namespace {

// One table-level constraint of CREATE TABLE, with what orders it.
struct ConstraintEntry {
    std::string text;
    int creation_order = 0;
    // Constraints SQLAlchemy makes while a column attaches to its table
    // (unique=True, ForeignKey, type CHECK) follow that column's position:
    // column index, then 0 unique / 1 type check / 2 foreign key.
    int column_index = -1;
    int sub = 0;
};

int column_index(const Table& t, const std::string& name) {
    for (size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i].name == name) return static_cast<int>(i);
    return -1;
}

}  // namespace

std::string DDLCompiler::create_table(const MetaData& md, const Table& table,
                                      const std::vector<const schema::ForeignKeyConstraint*>& omit_fks) const {
    std::string text = "CREATE TABLE " + format_table(table) + " (";
    std::string separator = "\n";
    for (const auto& col : table.columns) {
        text += separator + "\t" + column_specification(md, table, col);
        // visit_create_column: constraints given to Column(...) follow its
        // specification, separated by spaces.
        for (const auto& ck : table.check_constraints)
            if (ck.column == col.name) text += " " + check_clause(md, ck);
        separator = ", \n";
    }

    std::vector<ConstraintEntry> entries;
    for (const auto& uc : table.unique_constraints) {
        ConstraintEntry e{unique_clause(md, uc), uc.creation_order};
        if (uc.columns.size() == 1) {
            const Column* col = table.column(uc.columns.front());
            if (col && col->unique.value_or(false) && !col->index.value_or(false))
                e.column_index = column_index(table, col->name);
        }
        entries.push_back(std::move(e));
    }
    for (const auto& ck : table.check_constraints)
        if (!ck.column) entries.push_back({check_clause(md, ck), ck.creation_order});
    for (const auto& fk : table.foreign_keys) {
        if (std::find(omit_fks.begin(), omit_fks.end(), &fk) != omit_fks.end()) continue;
        if (fk.use_alter && supports_alter()) continue;
        auto clause = foreign_key_clause(md, table, fk);
        if (!clause) continue;
        ConstraintEntry e{*clause, fk.creation_order};
        if (fk.from_column && !fk.columns.empty()) {
            e.column_index = column_index(table, fk.columns.front());
            e.sub = 2;
        }
        entries.push_back(std::move(e));
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const ConstraintEntry& a, const ConstraintEntry& b) { return a.creation_order < b.creation_order; });
    for (auto& check : type_bound_checks(md, table)) {
        std::string clause;
        if (check.name)
            clause = "CONSTRAINT " + format_constraint_name(*check.name, check.conventional_name, md, check.column->loc) + " ";
        clause += "CHECK (" + check.sqltext + ")";
        int idx = column_index(table, check.column->name);
        auto pos = std::find_if(entries.begin(), entries.end(), [&](const ConstraintEntry& e) {
            return e.column_index >= 0 && std::make_pair(e.column_index, e.sub) > std::make_pair(idx, 1);
        });
        entries.insert(pos, ConstraintEntry{clause, 0, idx, 1});
    }

    std::vector<std::string> parts;
    if (auto pk = primary_key_clause(md, table)) parts.push_back(*pk);
    for (auto& e : entries)
        if (!e.text.empty()) parts.push_back(std::move(e.text));
    if (!parts.empty()) text += separator + "\t" + join(parts, ", \n\t");
    return text + "\n)" + post_create_table(table);
}

std::string DDLCompiler::drop_table(const Table& table) const { return "DROP TABLE " + format_table(table); }

std::string DDLCompiler::index_expression(const Clause& expr) const { return compile_clause(expr); }

std::string DDLCompiler::index_name(const MetaData& md, const Table& table, const schema::Index& index,
                                    bool include_schema) const {
    if (!index.name)
        throw InputError("CREATE INDEX requires that the index have a name (the naming_convention has no 'ix' key)",
                         md.source, index.loc);
    std::string name = format_constraint_name(*index.name, index.conventional_name, md, index.loc);
    if (include_schema && table.schema) name = format_table_name(std::nullopt, *table.schema) + "." + name;
    return name;
}

std::string DDLCompiler::create_index(const MetaData& md, const Table& table, const schema::Index& index,
                                      bool conditional) const {
    std::vector<std::string> exprs;
    for (const auto& e : index.expressions) exprs.push_back(index_expression(*e));
    return std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " + (conditional ? "IF NOT EXISTS " : "") +
           index_name(md, table, index, false) +
           " ON " + format_table(table) + " (" + join(exprs, ", ") + ")";
}

std::string DDLCompiler::drop_index(const MetaData& md, const Table& table, const schema::Index& index,
                                    bool conditional) const {
    return std::string("DROP INDEX ") + (index.postgresql_concurrently && supports_concurrent_index() ? "CONCURRENTLY " : "") +
           (conditional ? "IF EXISTS " : "") + index_name(md, table, index, true);
}

std::string DDLCompiler::add_foreign_key(const MetaData& md, const Table& table,
                                         const schema::ForeignKeyConstraint& fk) const {
    auto clause = foreign_key_clause(md, table, fk);
    return "ALTER TABLE " + format_table(table) + " ADD " + clause.value_or("");
}

std::string DDLCompiler::drop_foreign_key(const MetaData& md, const Table& table,
                                          const schema::ForeignKeyConstraint& fk) const {
    if (!fk.name)
        throw InputError("Can't emit DROP CONSTRAINT for a foreign key constraint; it has no name", md.source, fk.loc);
    return "ALTER TABLE " + format_table(table) + " DROP CONSTRAINT " +
           format_constraint_name(*fk.name, fk.conventional_name, md, fk.loc);
}

std::string DDLCompiler::set_table_comment(const Table& table) const {
    return "COMMENT ON TABLE " + format_table(table) + " IS " + render_string_literal(table.comment.value_or(""));
}

std::string DDLCompiler::set_column_comment(const Table& table, const Column& column) const {
    return "COMMENT ON COLUMN " + format_table(table) + "." + quote(column.name) + " IS " +
           render_string_literal(column.comment.value_or(""));
}

std::optional<std::string> enum_type_name(const schema::EnumSpec& spec) {
    if (spec.name) return spec.name;
    if (spec.python_class) return lower(*spec.python_class);
    return std::nullopt;
}

std::string DDLCompiler::format_enum_type(const schema::EnumSpec& spec) const {
    return format_table_name(spec.schema, enum_type_name(spec).value_or(""));
}

std::string DDLCompiler::create_enum_type(const schema::EnumSpec& spec) const {
    std::vector<std::string> values;
    for (const auto& v : spec.values) values.push_back(render_string_literal(v));
    return "CREATE TYPE " + format_enum_type(spec) + " AS ENUM (" + join(values, ", ") + ")";
}

std::string DDLCompiler::drop_enum_type(const schema::EnumSpec& spec) const {
    return "DROP TYPE " + format_enum_type(spec);
}

std::vector<const schema::EnumSpec*> native_enums_of(const Table& table, const DDLCompiler& compiler) {
    std::vector<const schema::EnumSpec*> out;
    if (!compiler.supports_native_enum()) return out;
    for (const auto& col : table.columns) {
        const TypeEngine* t = &col.type;
        // ARRAY(Enum) uses the enum type too.
        while ((t->kind == TypeKind::ARRAY || t->kind == TypeKind::PG_ARRAY) && t->item_type) t = t->item_type.get();
        if (is_enum(t->kind) && t->enum_spec && t->enum_spec->native_enum) out.push_back(&*t->enum_spec);
    }
    return out;
}

}  // namespace orm::sql
