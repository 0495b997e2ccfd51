#include "orm/migrate/compare.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <string_view>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/type_change.hpp"
#include "orm/migrate/version_tables.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

using nlohmann::json;
using schema::TypeKind;

namespace {
// [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
bool is_number_literal(const std::string& s) {
    size_t i = 0;
    auto digits = [&] {
        size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        return i - start;
    };
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t whole = digits();
    size_t frac = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        frac = digits();
    }
    if (whole == 0 && frac == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == s.size();
}
}  // namespace

// The index of the quote that closes the literal opened at `open` ('' inside is a quote).
static size_t literal_end(const std::string& sql, size_t open) {
    size_t k = open + 1;
    while (k < sql.size() && !(sql[k] == '\'' && (k + 1 >= sql.size() || sql[k + 1] != '\''))) k += sql[k] == '\'' ? 2 : 1;
    return k;
}

// CAST(x AS type) as (x), as "x::type" loses its cast in normalise_sql:
// PostgreSQL prints the one the models write as the other. Literals are
// left alone.
static std::string without_cast_calls(const std::string& sql) {
    auto word_at = [&](size_t i, std::string_view word) {
        if (i + word.size() > sql.size() || (i > 0 && (std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_')))
            return false;
        for (size_t k = 0; k < word.size(); ++k)
            if (std::tolower(static_cast<unsigned char>(sql[i + k])) != word[k]) return false;
        size_t after = i + word.size();
        return after >= sql.size() || !(std::isalnum(static_cast<unsigned char>(sql[after])) || sql[after] == '_');
    };
    std::string out;
    for (size_t i = 0; i < sql.size();) {
        if (sql[i] == '\'') {
            size_t end = literal_end(sql, i);
            out += sql.substr(i, end + 1 - i);
            i = end + 1;
            continue;
        }
        size_t open = i + 4;
        while (open < sql.size() && std::isspace(static_cast<unsigned char>(sql[open]))) ++open;
        if (word_at(i, "cast") && open < sql.size() && sql[open] == '(') {
            // The operand runs to the AS at depth 0, the type to the matching ')'.
            int depth = 0;
            size_t as = std::string::npos, close = std::string::npos;
            for (size_t k = open + 1; k < sql.size() && close == std::string::npos; ++k) {
                if (sql[k] == '\'') k = literal_end(sql, k);
                else if (sql[k] == '(') ++depth;
                else if (sql[k] == ')' && depth-- == 0) close = k;
                else if (depth == 0 && as == std::string::npos && word_at(k, "as")) as = k;
            }
            if (as != std::string::npos && close != std::string::npos) {
                out += "(" + without_cast_calls(sql.substr(open + 1, as - open - 1)) + ")";
                i = close + 1;
                continue;
            }
        }
        out += sql[i++];
    }
    return out;
}

// The operators PostgreSQL stores in another spelling than the models
// write: `x BETWEEN a AND b` as `x >= a AND x <= b`, [NOT] [I]LIKE as
// [!]~~[*], != as <>. Rewritten on both sides, so a rewrite that misreads
// an operand can only miss a match, never make one.
static std::string postgresql_operator_spellings(std::string sql) {
    static const std::regex between(R"(([A-Za-z_][\w.]*\s*\([^()]*\)|[A-Za-z_][\w."]*)\s+BETWEEN\s+(\S+)\s+AND\s+(\S+))",
                                    std::regex::icase);
    static const std::vector<std::pair<std::regex, std::string>> spellings = {
        {std::regex(R"(\s+NOT\s+ILIKE\s+)", std::regex::icase), " !~~* "},
        {std::regex(R"(\s+ILIKE\s+)", std::regex::icase), " ~~* "},
        {std::regex(R"(\s+NOT\s+LIKE\s+)", std::regex::icase), " !~~ "},
        {std::regex(R"(\s+LIKE\s+)", std::regex::icase), " ~~ "},
        {std::regex(R"(!=)"), "<>"},
    };
    sql = std::regex_replace(sql, between, "$1 >= $2 AND $1 <= $3");
    for (const auto& [pattern, spelling] : spellings) sql = std::regex_replace(sql, pattern, spelling);
    return sql;
}

std::string normalise_sql(const std::string& text) {
    static const std::set<std::string> type_words{"varying", "precision", "with", "without", "time", "zone"};
    const std::string sql = postgresql_operator_spellings(without_cast_calls(text));
    std::string out;
    size_t i = 0;
    const size_t n = sql.size();
    auto skip_space = [&] {
        while (i < n && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    };
    auto read_word = [&]() {
        size_t start = i;
        while (i < n && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' || sql[i] == '.')) ++i;
        return sql.substr(start, i - start);
    };
    while (i < n) {
        char c = sql[i];
        if (c == '\'') {
            std::string lit;
            ++i;
            while (i < n) {
                if (sql[i] == '\'' && i + 1 < n && sql[i + 1] == '\'') {
                    lit += "''";
                    i += 2;
                } else if (sql[i] == '\'') {
                    ++i;
                    break;
                } else {
                    lit += sql[i++];
                }
            }
            out += is_number_literal(lit) ? lit : "'" + lit + "'";
        } else if (c == ':' && i + 1 < n && sql[i + 1] == ':') {
            // A cast: the type name, multi-word spellings, (n[,m]) and [] suffixes.
            i += 2;
            skip_space();
            if (i < n && sql[i] == '"') {
                ++i;
                while (i < n && sql[i] != '"') ++i;
                ++i;
            } else {
                read_word();
            }
            while (true) {
                size_t save = i;
                skip_space();
                size_t word_start = i;
                std::string w = read_word();
                std::string lw;
                for (char ch : w) lw += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                if (!w.empty() && type_words.count(lw)) continue;
                i = word_start;
                if (i < n && sql[i] == '(') {
                    size_t close = sql.find(')', i);
                    std::string inner = close == std::string::npos ? "" : sql.substr(i + 1, close - i - 1);
                    if (!inner.empty() && std::all_of(inner.begin(), inner.end(), [](char ch) {
                            return std::isdigit(static_cast<unsigned char>(ch)) || ch == ',' || ch == ' ';
                        })) {
                        i = close + 1;
                        continue;
                    }
                }
                if (i + 1 < n && sql[i] == '[' && sql[i + 1] == ']') {
                    i += 2;
                    continue;
                }
                i = save;
                break;
            }
        } else if (c == '"') {
            ++i;
            while (i < n && sql[i] != '"') {
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
                ++i;
            }
            ++i;
        } else if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == '[' || c == ']') {
            ++i;
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            ++i;
        }
    }
    // PostgreSQL prints x IN ('a', 'b') as x = ANY (ARRAY['a', 'b']).
    for (size_t p; (p = out.find("=anyarray")) != std::string::npos;) out.replace(p, 9, "in");
    return out;
}

namespace {

// NUMERIC(p, 0) as NUMERIC(p).
std::string without_zero_scale(const std::string& s) {
    static constexpr std::string_view kNumeric = "NUMERIC(";
    std::string out;
    size_t copied = 0;
    for (size_t at = s.find(kNumeric); at != std::string::npos; at = s.find(kNumeric, at + 1)) {
        size_t digits_end = at + kNumeric.size();
        while (digits_end < s.size() && std::isdigit(static_cast<unsigned char>(s[digits_end]))) ++digits_end;
        if (digits_end == at + kNumeric.size() || s.compare(digits_end, 4, ", 0)") != 0) continue;
        out.append(s, copied, digits_end - copied);
        copied = digits_end + 3;   // keeps the ')'
    }
    return out + s.substr(copied);
}

// The database's spelling of a type, with synonyms folded.
std::string type_key(const schema::TypeEngine& t, const sql::DDLCompiler& compiler, const schema::MetaData& md,
                     const dialect::Dialect& backend) {
    std::string s;
    try {
        s = compiler.type_spec(t, md, nullptr);
        // Where the database keeps the declared spelling (SQLite), its meaning is what reflection reads from it.
        if (auto stored = backend.stored_type(s)) s = compiler.type_spec(*stored, md, nullptr);
    } catch (const InputError&) {   // a type this dialect cannot spell: compared by its class name
        s = t.class_name();
    }
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    auto replace_all = [&s](const std::string& from, const std::string& to) {
        for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
    };
    replace_all("DECIMAL", "NUMERIC");
    // NUMERIC(p) is NUMERIC(p, 0), and PostgreSQL prints it so.
    if (s.find(", 0)") != std::string::npos) s = without_zero_scale(s);
    s = backend.fold_type_synonyms(std::move(s));
    auto collate = s.find(" COLLATE ");
    std::string collation;
    if (collate != std::string::npos) {
        collation = s.substr(collate);
        s = s.substr(0, collate);
    }
    return s + collation;
}

// info={"renamed_from": "old"} on a table or column ("" when absent).
std::string renamed_from(const json& info) {
    if (info.is_object() && info.contains("renamed_from") && info["renamed_from"].is_string())
        return info["renamed_from"].get<std::string>();
    return "";
}

bool is_boolean(const schema::TypeEngine& t) { return t.kind == TypeKind::Boolean || t.kind == TypeKind::BOOLEAN; }

// '2024-01-31 00:00:00' (and with +00 / -00 after it) as '2024-01-31'.
std::string without_midnight(const std::string& s) {
    auto digits_at = [&s](size_t at, size_t count) {
        if (at + count > s.size()) return false;
        for (size_t i = at; i < at + count; ++i)
            if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
        return true;
    };
    std::string out;
    size_t copied = 0;
    for (size_t q = s.find('\''); q != std::string::npos; q = s.find('\'', q + 1)) {
        const size_t date = q + 1;   // '2024-01-31 00:00:00[+00]'
        const bool is_date = digits_at(date, 4) && s.compare(date + 4, 1, "-") == 0 && digits_at(date + 5, 2) &&
                             s.compare(date + 7, 1, "-") == 0 && digits_at(date + 8, 2);
        if (!is_date || s.compare(date + 10, 9, " 00:00:00") != 0) continue;
        size_t close = date + 19;
        if (close + 3 <= s.size() && (s[close] == '+' || s[close] == '-') && s.compare(close + 1, 2, "00") == 0)
            close += 3;
        if (close >= s.size() || s[close] != '\'') continue;
        out.append(s, copied, date + 10 - copied);
        out += '\'';
        copied = close + 1;
        q = close;
    }
    return out + s.substr(copied);
}

// A server default in normalised form. A Boolean's default may be given as
// '0' / 'f' / 1 ... and PostgreSQL prints it as false / true; a date
// literal in a timestamp's default comes back with its midnight spelled out.
std::string default_key(const std::string& sql, bool boolean) {
    std::string s = normalise_sql(sql);
    if (boolean) {
        static const std::set<std::string> f{"0", "'f'", "'false'", "'n'", "'no'", "'off'", "false"};
        static const std::set<std::string> t{"1", "'t'", "'true'", "'y'", "'yes'", "'on'", "true"};
        if (f.count(s)) return "false";
        if (t.count(s)) return "true";
    }
    if (s.find(" 00:00:00") == std::string::npos) return s;
    return without_midnight(s);
}

json column_json(const schema::Column& c, const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    std::string type;
    try {
        type = compiler.type_spec(c.type, md, nullptr);
    } catch (const InputError&) {   // a type this dialect cannot spell: shown by its class name
        type = c.type.class_name();
    }
    return {{"name", c.name}, {"type", type}, {"nullable", c.nullable}};
}

std::string expr_key(const std::vector<schema::ClausePtr>& exprs, const sql::DDLCompiler& compiler) {
    std::string out;
    for (const auto& e : exprs) out += normalise_sql(compiler.compile_clause(*e)) + ",";
    return out;
}

std::vector<std::string> sorted_cols(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

std::string cols_key(const std::vector<std::string>& cols) {
    std::string out;
    for (const auto& c : cols) out += c + ",";
    return out;
}

std::string action(const std::optional<std::string>& a) {
    if (!a) return "NO ACTION";
    std::string s = *a;
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

std::string fk_key(const schema::ForeignKeyConstraint& fk) {
    return cols_key(fk.columns) + "->" + fk.referred_table + "(" + cols_key(fk.referred_columns) + ") " +
           action(fk.ondelete) + "/" + action(fk.onupdate);
}

// The differences between one table of the models (mt, in mmd) and the
// same table in the database (dt, in dmd), one kind of object at a time.
// (Its members keep the names compare_table gave its parameters.)
class TableComparison {
public:
    TableComparison(const schema::MetaData& mmd, const schema::Table& mt, const schema::MetaData& dmd,
                    const schema::Table& dt, const sql::DDLCompiler& compiler, const dialect::Dialect& backend,
                    std::vector<Operation>& ops)
        : mmd(mmd), mt(mt), dmd(dmd), dt(dt), compiler(compiler), backend(backend), ops_(ops) {}

    void run() {
        columns();
        table_comment_and_primary_key();
        unique_constraints();
        foreign_keys();
        check_constraints();
        indexes();
    }

private:
    const schema::MetaData& mmd;
    const schema::Table& mt;
    const schema::MetaData& dmd;
    const schema::Table& dt;
    const sql::DDLCompiler& compiler;
    const dialect::Dialect& backend;
    std::vector<Operation>& ops_;

    void op(std::string kind, std::optional<std::string> column, std::optional<std::string> name, json old_v,
            json new_v, bool destructive) {
        ops_.push_back({std::move(kind), mt.name, std::move(column), std::move(name), std::move(old_v),
                        std::move(new_v), destructive});
    }

    void columns() {
        // Columns. A column missing from the database under its name but there
        // under the one its info={"renamed_from": ...} names is renamed.
        std::set<std::string> renamed_away;
        for (const auto& mc : mt.columns) {
            const schema::Column* dc = dt.column(mc.name);
            if (!dc) {
                const std::string from = renamed_from(mc.info);
                if (!from.empty() && !mt.column(from) && dt.column(from)) {
                    dc = dt.column(from);
                    renamed_away.insert(from);
                    op("rename_column", mc.name, std::nullopt, from, mc.name, false);
                }
            }
            if (!dc) {
                op("add_column", mc.name, std::nullopt, nullptr, column_json(mc, compiler, mmd),
                   sql::DDLCompiler::column_not_null(mt, mc) && !mc.server_default);
                continue;
            }
            const std::string mtype = type_key(mc.type, compiler, mmd, backend);
            const std::string dtype = type_key(dc->type, compiler, dmd, backend);
            if (mtype != dtype) op("modify_type", mc.name, std::nullopt, dtype, mtype, type_change_loses_data(dtype, mtype));
            const bool m_nullable = !sql::DDLCompiler::column_not_null(mt, mc);
            if (m_nullable != dc->nullable) op("modify_nullable", mc.name, std::nullopt, dc->nullable, m_nullable, !m_nullable);
            auto mdef = compiler.column_default_string(mc);
            auto ddef = dc->server_default ? std::optional<std::string>(compiler.compile_clause(*dc->server_default))
                                           : std::nullopt;
            const bool boolean = is_boolean(mc.type);
            if (mdef.has_value() != ddef.has_value() || (mdef && default_key(*mdef, boolean) != default_key(*ddef, boolean)))
                op("modify_default", mc.name, std::nullopt, ddef ? json(*ddef) : json(nullptr),
                   mdef ? json(*mdef) : json(nullptr), false);
            if (compiler.supports_comments() && mc.comment != dc->comment)
                op("modify_comment", mc.name, std::nullopt, dc->comment ? json(*dc->comment) : json(nullptr),
                   mc.comment ? json(*mc.comment) : json(nullptr), false);
        }
        for (const auto& dc : dt.columns)
            if (!mt.column(dc.name) && !renamed_away.count(dc.name)) op("remove_column", dc.name, std::nullopt, column_json(dc, compiler, dmd), nullptr, true);
    }

    void table_comment_and_primary_key() {
        if (compiler.supports_comments() && mt.comment != dt.comment)
            op("modify_table_comment", std::nullopt, std::nullopt, dt.comment ? json(*dt.comment) : json(nullptr),
               mt.comment ? json(*mt.comment) : json(nullptr), false);
        // As sets: SQLAlchemy itself puts an autoincrement=True column first in
        // a composite key, whatever the declared order (Alembic compares no keys).
        if (sorted_cols(mt.primary_key.columns) != sorted_cols(dt.primary_key.columns))
            op("modify_primary_key", std::nullopt, dt.primary_key.name, dt.primary_key.columns, mt.primary_key.columns,
               false);
    }

    // UNIQUE constraints: by columns (the database names unnamed ones itself).
    void unique_constraints() {
        std::multimap<std::string, const schema::UniqueConstraint*> db;
        for (const auto& u : dt.unique_constraints) db.emplace(cols_key(u.columns), &u);
        std::set<std::pair<std::string, std::string>> named;   // (name, columns) of the models' seen so far
        for (const auto& u : mt.unique_constraints) {
            // The same constraint twice under one name (`unique=True` and a
            // UniqueConstraint named by one convention) is one in any database.
            if (u.name && !named.emplace(*u.name, cols_key(u.columns)).second) continue;
            auto it = db.find(cols_key(u.columns));
            if (it != db.end()) {
                db.erase(it);
                continue;
            }
            // Over exactly the primary key's columns: a backend that makes no
            // such constraint with the table (PostgreSQL) cannot be missing it.
            if (!backend.keeps_unique_over_primary_key() && sorted_cols(u.columns) == sorted_cols(mt.primary_key.columns))
                continue;
            op("add_constraint", std::nullopt, u.name, nullptr, {{"columns", u.columns}}, false);
        }
        for (const auto& [_, u] : db) op("remove_constraint", std::nullopt, u->name, {{"columns", u->columns}}, nullptr, false);
    }

    // Foreign keys: by columns, target and actions.
    void foreign_keys() {
        std::multimap<std::string, const schema::ForeignKeyConstraint*> db;
        for (const auto& f : dt.foreign_keys) db.emplace(fk_key(f), &f);
        auto fk_json = [](const schema::ForeignKeyConstraint& f) {
            return json{{"columns", f.columns}, {"referred_table", f.referred_table},
                        {"referred_columns", f.referred_columns}, {"ondelete", action(f.ondelete)},
                        {"onupdate", action(f.onupdate)}};
        };
        for (const auto& f : mt.foreign_keys) {
            auto it = db.find(fk_key(f));
            if (it != db.end()) {
                db.erase(it);
                continue;
            }
            op("add_fk", std::nullopt, f.name, nullptr, fk_json(f), false);
        }
        for (const auto& [_, f] : db) op("remove_fk", std::nullopt, f->name, fk_json(*f), nullptr, false);
    }

    // CHECK constraints: by normalised body, the type-implied ones included.
    void check_constraints() {
        std::multimap<std::string, const schema::CheckConstraint*> db;
        for (const auto& c : dt.check_constraints) db.emplace(normalise_sql(compiler.compile_clause(*c.sqltext)), &c);
        std::vector<std::pair<std::optional<std::string>, std::string>> wanted;
        for (const auto& c : mt.check_constraints) wanted.emplace_back(c.name, compiler.compile_clause(*c.sqltext));
        for (const auto& c : compiler.type_bound_checks(mmd, mt)) wanted.emplace_back(c.name, c.sqltext);
        for (const auto& [name, body] : wanted) {
            auto it = db.find(normalise_sql(body));
            if (it != db.end()) {
                db.erase(it);
                continue;
            }
            op("add_check", std::nullopt, name, nullptr, {{"sqltext", body}}, false);
        }
        for (const auto& [_, c] : db)
            op("remove_check", std::nullopt, c->name, {{"sqltext", compiler.compile_clause(*c->sqltext)}}, nullptr,
               false);
    }

    // Indexes: by name; a changed definition is a drop and a create.
    void indexes() {
        auto where = [&](const schema::Index& ix) {
            const auto& w = backend.index_where(ix);
            return w ? normalise_sql(compiler.compile_clause(*w)) : std::string();
        };
        auto ix_json = [&](const schema::Index& ix) {
            json exprs = json::array();
            for (const auto& e : ix.expressions) exprs.push_back(compiler.compile_clause(*e));
            return json{{"expressions", exprs}, {"unique", ix.unique}};
        };
        std::map<std::string, const schema::Index*> db;
        for (const auto& ix : dt.indexes)
            if (ix.name) db[*ix.name] = &ix;
        for (const auto& ix : mt.indexes) {
            const std::string name = index_name_in_database(ix, compiler, mmd);
            auto it = db.find(name);
            if (it != db.end()) {
                const auto* d = it->second;
                db.erase(it);
                if (d->unique == ix.unique && expr_key(d->expressions, compiler) == expr_key(ix.expressions, compiler) &&
                    where(*d) == where(ix))
                    continue;
                op("remove_index", std::nullopt, name, ix_json(*d), nullptr, false);
            }
            op("add_index", std::nullopt, name, nullptr, ix_json(ix), false);
        }
        for (const auto& [name, ix] : db) op("remove_index", std::nullopt, name, ix_json(*ix), nullptr, false);
    }
};

void compare_table(const schema::MetaData& mmd, const schema::Table& mt, const schema::MetaData& dmd,
                   const schema::Table& dt, const sql::DDLCompiler& compiler, const dialect::Dialect& backend,
                   std::vector<Operation>& ops) {
    TableComparison(mmd, mt, dmd, dt, compiler, backend, ops).run();
}

}  // namespace

std::string index_name_in_database(const schema::Index& ix, const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    if (!ix.name) return "";
    std::string n;
    try {
        n = compiler.format_constraint_name(*ix.name, ix.conventional_name, md, ix.loc);
    } catch (const InputError&) {   // too long for the dialect: reported by the DDL, not here
        return *ix.name;
    }
    if (n.size() >= 2 && n.front() == '"' && n.back() == '"') {
        std::string out;
        for (size_t i = 1; i + 1 < n.size(); ++i) {
            out += n[i];
            if (n[i] == '"') ++i;
        }
        return out;
    }
    return n;
}

std::vector<Operation> compare_metadata(const schema::MetaData& models, const dialect::ReflectedSchema& database,
                                        const std::vector<std::string>& skip_tables) {
    const dialect::Dialect& backend = dialect::get_dialect(database.dialect);
    auto compiler = backend.ddl_compiler();
    std::vector<Operation> ops;
    const auto& dmd = database.metadata;
    // Enum types (PostgreSQL): before the tables that use them.
    if (compiler->supports_native_enum()) {
        std::map<std::string, const schema::EnumSpec*> wanted;
        for (const auto& t : models.tables)
            for (const auto* e : sql::native_enums_of(*t, *compiler))
                if (auto n = sql::enum_type_name(*e)) wanted.emplace(*n, e);
        std::map<std::string, const schema::EnumSpec*> have;
        for (const auto& e : database.enums)
            if (e.name) have.emplace(*e.name, &e);
        for (const auto& [name, e] : wanted) {
            auto it = have.find(name);
            if (it == have.end()) ops.push_back({"add_enum", "", std::nullopt, name, nullptr, e->values, false});
            else if (it->second->values != e->values) {
                // Only a value that goes away can strand rows.
                const auto& had = it->second->values;
                const auto& now = e->values;   // (clang before 16 cannot capture a structured binding)
                const bool loses = std::any_of(had.begin(), had.end(), [&](const std::string& v) {
                    return std::find(now.begin(), now.end(), v) == now.end();
                });
                ops.push_back({"modify_enum", "", std::nullopt, name, had, e->values, loses});
            }
        }
        for (const auto& [name, e] : have)
            if (!wanted.count(name)) ops.push_back({"remove_enum", "", std::nullopt, name, e->values, nullptr, false});
    }
    std::set<std::string> renamed_tables;   // database tables the models rename
    for (const auto& mt : models.tables) {
        const schema::Table* dt = dmd.table(mt->fullname());
        if (!dt) {
            const std::string from = renamed_from(mt->info);
            if (!from.empty() && !models.table(from) && dmd.table(from)) {
                dt = dmd.table(from);
                renamed_tables.insert(from);
                ops.push_back({"rename_table", mt->name, std::nullopt, std::nullopt, from, mt->name, false});
            }
        }
        if (!dt) {
            json cols = json::array();
            for (const auto& c : mt->columns) cols.push_back(column_json(c, *compiler, models));
            ops.push_back({"add_table", mt->name, std::nullopt, std::nullopt, nullptr, {{"columns", cols}}, false});
            continue;
        }
        compare_table(models, *mt, dmd, *dt, *compiler, backend, ops);
    }
    for (const auto& dt : dmd.tables) {
        if (models.table(dt->fullname()) || renamed_tables.count(dt->fullname())) continue;
        if (is_bookkeeping_table(dt->name)) continue;
        if (std::find(skip_tables.begin(), skip_tables.end(), dt->name) != skip_tables.end()) continue;
        json cols = json::array();
        for (const auto& c : dt->columns) cols.push_back(column_json(c, *compiler, dmd));
        ops.push_back({"remove_table", dt->name, std::nullopt, std::nullopt, {{"columns", cols}}, nullptr, true});
    }
    return ops;
}

std::string describe(const Operation& op) {
    std::string target = op.table;
    if (op.column) target += "." + *op.column;
    if (op.name) target += (target.empty() ? "" : " ") + *op.name;
    std::string out = (op.destructive ? "! " : "  ") + op.kind + " " + target;
    auto brief = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
    if (!op.old_value.is_null() && !op.new_value.is_null())
        out += ": " + brief(op.old_value) + " -> " + brief(op.new_value);
    else if (!op.new_value.is_null() && op.kind.rfind("add_", 0) == 0 && op.kind != "add_table")
        out += ": " + brief(op.new_value);
    return out;
}

json operations_to_json(const std::vector<Operation>& ops) {
    json out = json::array();
    for (const auto& op : ops) {
        out.push_back({{"kind", op.kind},
                       {"table", op.table.empty() ? json(nullptr) : json(op.table)},
                       {"column", op.column ? json(*op.column) : json(nullptr)},
                       {"name", op.name ? json(*op.name) : json(nullptr)},
                       {"old", op.old_value},
                       {"new", op.new_value},
                       {"destructive", op.destructive}});
    }
    return out;
}

}  // namespace orm::migrate
