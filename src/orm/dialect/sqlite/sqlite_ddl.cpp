#include "orm/dialect/sqlite/sqlite_ddl.hpp"

#include <algorithm>
#include <string_view>

#include "orm/core/error.hpp"

namespace orm::dialect {
namespace {

using schema::Clause;
using schema::ClauseKind;
using schema::Column;
using schema::MetaData;
using schema::Table;
using schema::TypeKind;

// SQLiteIdentifierPreparer.reserved_words
constexpr std::string_view kSqliteReserved[] = {
    "add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement",
    "before", "begin", "between", "by", "cascade", "case", "cast", "check", "collate", "column",
    "commit", "conflict", "constraint", "create", "cross", "current_date", "current_time",
    "current_timestamp", "database", "default", "deferrable", "deferred", "delete", "desc",
    "detach", "distinct", "drop", "each", "else", "end", "escape", "except", "exclusive", "exists",
    "explain", "fail", "false", "for", "foreign", "from", "full", "glob", "group", "having", "if",
    "ignore", "immediate", "in", "index", "indexed", "initially", "inner", "insert", "instead",
    "intersect", "into", "is", "isnull", "join", "key", "left", "like", "limit", "match", "natural",
    "not", "notnull", "null", "of", "offset", "on", "or", "order", "outer", "plan", "pragma",
    "primary", "query", "raise", "references", "reindex", "rename", "replace", "restrict", "right",
    "rollback", "row", "select", "set", "table", "temp", "temporary", "then", "to", "transaction",
    "trigger", "true", "union", "unique", "update", "using", "vacuum", "values", "view", "virtual",
    "when", "where",
};

bool option_true(const Table& t, const std::string& key) {
    auto it = t.dialect_options.find(key);
    return it != t.dialect_options.end() && (it->second == "True" || it->second == "true" || it->second == "1");
}

bool option_false(const Table& t, const std::string& key) {
    auto it = t.dialect_options.find(key);
    return it != t.dialect_options.end() && (it->second == "False" || it->second == "false" || it->second == "0");
}

bool integer_affinity(TypeKind k) {
    return k == TypeKind::Integer || k == TypeKind::SmallInteger || k == TypeKind::BigInteger ||
           k == TypeKind::INTEGER || k == TypeKind::SMALLINT || k == TypeKind::BIGINT;
}

bool has_foreign_key(const Table& t, const std::string& column) {
    for (const auto& fk : t.foreign_keys)
        if (std::find(fk.columns.begin(), fk.columns.end(), column) != fk.columns.end()) return true;
    return false;
}

// sqlite_autoincrement=True puts PRIMARY KEY AUTOINCREMENT on the column itself.
bool inline_autoincrement_pk(const Table& t, const Column& c) {
    return option_true(t, "sqlite_autoincrement") && t.primary_key.columns.size() == 1 &&
           t.primary_key.columns.front() == c.name && integer_affinity(c.type.kind) && !has_foreign_key(t, c.name);
}

class SQLiteDDLCompiler : public sql::DDLCompiler {
public:
    std::string dialect_name() const override { return "sqlite"; }
    bool supports_alter() const override { return false; }

    const sql::IdentifierPreparer& preparer() const override { return sqlite_identifier_preparer(); }

    std::string compile_true() const override { return "1"; }
    std::string compile_false() const override { return "0"; }

    std::string compile_function(const Clause& fn) const override {
        std::string lname = fn.text;
        std::transform(lname.begin(), lname.end(), lname.begin(), ::tolower);
        if (lname == "now" && fn.args.empty()) return "CURRENT_TIMESTAMP";
        if (lname == "char_length" && fn.args.size() == 1) return "length(" + compile_clause(*fn.args[0]) + ")";
        return DDLCompiler::compile_function(fn);
    }

    std::optional<std::string> column_default_string(const Column& column) const override {
        if (!column.server_default) return std::nullopt;
        std::string text = compile_clause(*column.server_default);
        // SQLite needs parentheses around an expression default; a string or text() is written as is.
        auto k = column.server_default->kind;
        if (k != ClauseKind::String && k != ClauseKind::Text && k != ClauseKind::Number) text = "(" + text + ")";
        return text;
    }

    std::string column_specification(const MetaData& md, const Table& table, const Column& column) const override {
        std::string spec = quote(column.name) + " " + type_spec(column.type, md, &column);
        if (auto d = column_default_string(column)) spec += " DEFAULT " + *d;
        bool in_pk = std::find(table.primary_key.columns.begin(), table.primary_key.columns.end(), column.name) !=
                     table.primary_key.columns.end();
        if (column_not_null(table, column)) spec += " NOT NULL";
        if (in_pk) {
            if (column.autoincrement == schema::Autoincrement::True && table.primary_key.columns.size() != 1)
                throw InputError("SQLite does not support autoincrement for composite primary keys", md.source,
                                 column.loc);
            if (inline_autoincrement_pk(table, column)) spec += " PRIMARY KEY AUTOINCREMENT";
        }
        if (column.computed) spec += " " + computed_clause(*column.computed);
        return spec;
    }

    std::optional<std::string> primary_key_clause(const MetaData& md, const Table& table) const override {
        if (table.primary_key.columns.size() == 1) {
            const Column* c = table.column(table.primary_key.columns.front());
            if (c && inline_autoincrement_pk(table, *c)) return std::nullopt;
        }
        return DDLCompiler::primary_key_clause(md, table);
    }

    std::optional<std::string> foreign_key_clause(const MetaData& md, const Table& table,
                                                  const schema::ForeignKeyConstraint& fk) const override {
        // SQLite cannot reference a table in another attached database.
        std::optional<std::string> remote_schema = fk.referred_schema;
        if (!remote_schema) {
            if (const Table* ref = md.table(fk.referred_table)) remote_schema = ref->schema;
            else if (md.schema) remote_schema = md.schema;
        }
        if (table.schema != remote_schema) return std::nullopt;
        return DDLCompiler::foreign_key_clause(md, table, fk);
    }

    std::string remote_table(const std::optional<std::string>&, const std::string& name) const override {
        return quote(name);
    }

    std::string create_index(const MetaData& md, const Table& table, const schema::Index& index,
                             bool conditional) const override {
        std::string exprs;
        for (size_t i = 0; i < index.expressions.size(); ++i)
            exprs += (i ? ", " : "") + compile_clause(*index.expressions[i]);
        std::string text = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                           (conditional ? "IF NOT EXISTS " : "") + index_name(md, table, index, true) + " ON " + format_table(table, false) + " (" + exprs + ")";
        if (index.sqlite_where) text += " WHERE " + compile_clause(*index.sqlite_where);
        return text;
    }

    std::string post_create_table(const Table& table) const override {
        return option_false(table, "sqlite_with_rowid") ? "\n WITHOUT ROWID" : "";
    }
};

}  // namespace

std::unique_ptr<sql::DDLCompiler> make_sqlite_ddl_compiler() { return std::make_unique<SQLiteDDLCompiler>(); }

const sql::IdentifierPreparer& sqlite_identifier_preparer() {
    static const sql::IdentifierPreparer preparer{kSqliteReserved};
    return preparer;
}

}  // namespace orm::dialect
