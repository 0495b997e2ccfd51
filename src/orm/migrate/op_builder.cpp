#include "orm/migrate/op_builder.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>

#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/schema/naming.hpp"
#include "orm/sql/literal_scan.hpp"

namespace orm::migrate {

namespace {

using declarative::Args;
using declarative::Value;
using K = Value::Kind;

// The position of the table argument in each op's signature; batch_op calls
// leave it out (the batch's table fills it in).
const std::map<std::string, size_t> kTableArgPosition = {
    {"add_column", 0}, {"drop_column", 0}, {"alter_column", 0}, {"create_table_comment", 0},
    {"drop_table_comment", 0}, {"create_index", 1}, {"drop_index", 1}, {"create_foreign_key", 1},
    {"create_unique_constraint", 1}, {"create_check_constraint", 1}, {"create_primary_key", 1},
    {"drop_constraint", 1},
};

const std::set<std::string> kOps = {
    "create_table", "drop_table", "rename_table", "create_table_comment", "drop_table_comment", "add_column",
    "drop_column", "alter_column", "create_index", "drop_index", "create_foreign_key", "create_unique_constraint",
    "create_check_constraint", "create_primary_key", "drop_constraint",
};

bool is_dialect_kwarg(const std::string& k) {
    static const std::vector<std::string> prefixes = {"postgresql_", "sqlite_", "mysql_", "mariadb_", "mssql_", "oracle_"};
    for (auto& p : prefixes)
        if (k.rfind(p, 0) == 0) return true;
    return false;
}

std::string unquote_identifier(std::string s) {
    if (s.size() >= 2 && s.front() == '"') return s.substr(1, s.size() - 2);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string unquote_literal(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        out += s[i];
        if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') ++i;
    }
    return out;
}

}  // namespace

schema::ClausePtr literal_clause(const Value& v) {
    switch (v.kind) {
        case K::String: return schema::Clause::make(schema::ClauseKind::String, v.text);
        case K::Int: case K::Float: return schema::Clause::make(schema::ClauseKind::Number, v.text);
        case K::Bool: return schema::Clause::make(v.flag ? schema::ClauseKind::True : schema::ClauseKind::False, "");
        case K::None: return schema::Clause::make(schema::ClauseKind::Null, "");
        default: return nullptr;
    }
}

schema::ClausePtr written_clause(const declarative::SqlNode& n) {
    if (n.kind == schema::ClauseKind::Column)
        return schema::Clause::make(schema::ClauseKind::Column, n.column ? n.column->column.name : n.text);
    std::vector<schema::ClausePtr> args;
    for (auto& a : n.args) args.push_back(written_clause(*a));
    return schema::Clause::make(n.kind, n.text, std::move(args), n.type);
}

bool OpBuilder::known(const std::string& name) { return kOps.count(name) > 0; }
bool OpBuilder::known_in_batch(const std::string& name) { return kTableArgPosition.count(name) > 0; }

void OpBuilder::fail(const std::string& message, const SourceLocation& loc) const { r_.fail(message, loc); }

// ------------------------------------------------------------------ dispatch

MigrationOp OpBuilder::build(const std::string& name, Args a, SourceLocation loc, const TableRef* batch) {
    if (batch) {
        // batch_op.x(...) is op.x(table, ...) on the batch's table.
        auto it = kTableArgPosition.find(name);
        if (it == kTableArgPosition.end())
            fail("batch_op." + name + "() is not an operation orm can run inside a batch block", loc);
        Value t = Value::make(K::String, loc);
        t.text = batch->name;
        if (a.pos.size() >= it->second) a.pos.insert(a.pos.begin() + static_cast<long>(it->second), t);
        else a.kw.emplace_back(it->second == 0 ? "table_name" : name == "create_foreign_key" ? "source_table" : "table_name", t);
        if (batch->schema) {
            Value s = Value::make(K::String, loc);
            s.text = *batch->schema;
            a.kw.emplace_back(name == "create_foreign_key" ? "source_schema" : "schema", s);
        }
    }
    if (name == "create_table") return create_table(a, loc);
    if (name == "drop_table" || name == "rename_table" || name == "create_table_comment" || name == "drop_table_comment")
        return table_op(name, a, loc);
    if (name == "add_column" || name == "drop_column") return column_op(name, a, loc);
    if (name == "alter_column") return alter_column(a, loc);
    if (name == "create_index" || name == "drop_index") return index_op(name, a, loc);
    return constraint_op(name, a, loc);
}

MigrationOp OpBuilder::table_op(const std::string& name, const Args& a, SourceLocation loc) {
    if (name == "drop_table") {
        check_keywords(a, name, {"table_name", "schema"});
        DropTableOp op;
        op.loc = loc;
        op.table = table_ref(a, "table_name", 0, name, loc);
        return op;
    }
    if (name == "rename_table") {
        check_keywords(a, name, {"old_table_name", "new_table_name", "schema"});
        RenameTableOp op;
        op.loc = loc;
        op.table = table_ref(a, "old_table_name", 0, name, loc);
        op.new_name = str(a, "new_table_name", 1, name, loc);
        return op;
    }
    bool create = name == "create_table_comment";
    check_keywords(a, name, {"table_name", "comment", "existing_comment", "schema"});
    CreateTableCommentOp op;
    op.loc = loc;
    op.table = table_ref(a, "table_name", 0, name, loc);
    if (create) op.comment = str(a, "comment", 1, name, loc);
    op.existing_comment = opt_str(a, "existing_comment", create ? 2 : 1);
    return op;
}

MigrationOp OpBuilder::column_op(const std::string& name, const Args& a, SourceLocation loc) {
    if (name == "add_column") {
        check_keywords(a, name, {"table_name", "column", "schema", "insert_before", "insert_after"});
        AddColumnOp op;
        op.loc = loc;
        op.table = table_ref(a, "table_name", 0, name, loc);
        const Value& c = need(a, "column", 1, name, loc);
        if (!c.is(K::Column)) fail("add_column() takes a sa.Column(...), got " + c.type_name(), c.loc);
        const auto& decl = *c.column;
        if (decl.column.name.empty()) fail("the added Column needs a name", c.loc);
        if (!decl.has_type) fail("the added Column needs a type", c.loc);
        op.column = decl.column;
        if (op.column.key.empty()) op.column.key = op.column.name;
        for (auto& f : decl.foreign_keys) op.foreign_keys.push_back(column_foreign_key(f, op.column.name));
        if (!decl.inline_constraints.empty())
            fail("constraints inside an added Column cannot be read; add them with their own op.create_* call",
                 decl.inline_constraints.front()->loc);
        return op;
    }
    DropColumnOp op;
    op.loc = loc;
    op.table = table_ref(a, "table_name", 0, name, loc);
    op.column = str(a, "column_name", 1, name, loc);
    for (auto& [k, v] : a.kw)
        if (k != "table_name" && k != "column_name" && k != "schema" && !is_dialect_kwarg(k) && k.rfind("existing_", 0) != 0)
            fail("drop_column() got an unexpected keyword argument '" + k + "'", v.loc);
    return op;
}

MigrationOp OpBuilder::index_op(const std::string& name, const Args& a, SourceLocation loc) {
    if (name == "drop_index") {
        check_keywords(a, name, {"index_name", "table_name", "schema", "if_exists"});
        DropIndexOp op;
        op.loc = loc;
        op.name = str(a, "index_name", 0, name, loc);
        if (auto t = opt_str(a, "table_name", 1)) op.table.name = *t;
        op.table.schema = opt_str(a, "schema", 2);
        op.postgresql_concurrently = opt_bool(a, "postgresql_concurrently", 99).value_or(false);
        op.if_exists = opt_bool(a, "if_exists", 99).value_or(false);
        return op;
    }
    check_keywords(a, name, {"index_name", "table_name", "columns", "schema", "unique", "if_not_exists"});
    CreateIndexOp op;
    op.loc = loc;
    const Value& n = need(a, "index_name", 0, name, loc);
    if (n.is(K::String)) op.index.name = n.text;
    else if (!n.is(K::None)) fail("the index name must be a string or None", n.loc);
    op.table = table_ref(a, "table_name", 1, name, loc);
    const Value& cols = need(a, "columns", 2, name, loc);
    std::vector<Value> items = cols.is_sequence() ? cols.items : std::vector<Value>{cols};
    for (auto& x : items) {
        if (x.is(K::String)) op.index.expressions.push_back(schema::Clause::make(schema::ClauseKind::Column, x.text));
        else op.index.expressions.push_back(sql_clause(x, "an index expression"));
    }
    if (items.empty()) fail("create_index() needs at least one column", cols.loc);
    op.index.unique = opt_bool(a, "unique", 4).value_or(false);
    if (const Value* w = a.get("postgresql_where")) op.index.postgresql_where = sql_clause(*w, "postgresql_where");
    if (const Value* w = a.get("sqlite_where")) op.index.sqlite_where = sql_clause(*w, "sqlite_where");
    op.index.postgresql_using = opt_str(a, "postgresql_using", 99);
    if (const Value* inc = a.get("postgresql_include")) op.index.postgresql_include = names(*inc, "postgresql_include");
    if (const Value* ops = a.get("postgresql_ops")) {
        if (!ops->is(K::Dict)) fail("postgresql_ops must be a dict of column name to operator class", ops->loc);
        for (size_t i = 0; i + 1 < ops->items.size(); i += 2) {
            if (!ops->items[i].is(K::String) || !ops->items[i + 1].is(K::String))
                fail("postgresql_ops must map column names to operator class names", ops->items[i].loc);
            op.index.postgresql_ops.emplace_back(ops->items[i].text, ops->items[i + 1].text);
        }
    }
    op.index.postgresql_concurrently = opt_bool(a, "postgresql_concurrently", 99).value_or(false);
    op.index.loc = loc;
    op.if_not_exists = opt_bool(a, "if_not_exists", 99).value_or(false);
    mark_conventional(op.index.name, op.index.conventional_name);
    return op;
}

MigrationOp OpBuilder::constraint_op(const std::string& name, const Args& a, SourceLocation loc) {
    if (name == "create_foreign_key") {
        check_keywords(a, name, {"constraint_name", "source_table", "referent_table", "local_cols", "remote_cols",
                                 "onupdate", "ondelete", "deferrable", "initially", "match", "source_schema",
                                 "referent_schema", "use_alter"});
        CreateForeignKeyOp op;
        op.loc = loc;
        op.constraint.name = opt_str(a, "constraint_name", 0);
        op.table = table_ref(a, "source_table", 1, name, loc, "source_schema");
        op.constraint.referred_table = str(a, "referent_table", 2, name, loc);
        op.constraint.columns = names(need(a, "local_cols", 3, name, loc), "local_cols");
        op.constraint.referred_columns = names(need(a, "remote_cols", 4, name, loc), "remote_cols");
        if (op.constraint.columns.size() != op.constraint.referred_columns.size())
            fail("local_cols and remote_cols must be of the same length", loc);
        op.constraint.onupdate = opt_str(a, "onupdate", 5);
        op.constraint.ondelete = opt_str(a, "ondelete", 6);
        op.constraint.deferrable = deferrable(a);
        op.constraint.initially = opt_str(a, "initially", 8);
        op.constraint.match = opt_str(a, "match", 9);
        op.constraint.referred_schema = opt_str(a, "referent_schema", 11);
        op.constraint.loc = loc;
        mark_conventional(op.constraint.name, op.constraint.conventional_name);
        return op;
    }
    if (name == "create_unique_constraint") {
        check_keywords(a, name, {"constraint_name", "table_name", "columns", "schema", "deferrable", "initially"});
        CreateUniqueConstraintOp op;
        op.loc = loc;
        op.constraint.name = opt_str(a, "constraint_name", 0);
        op.table = table_ref(a, "table_name", 1, name, loc);
        op.constraint.columns = names(need(a, "columns", 2, name, loc), "columns");
        op.constraint.deferrable = deferrable(a);
        op.constraint.initially = opt_str(a, "initially", 99);
        op.constraint.loc = loc;
        mark_conventional(op.constraint.name, op.constraint.conventional_name);
        return op;
    }
    if (name == "create_check_constraint") {
        check_keywords(a, name, {"constraint_name", "table_name", "condition", "schema", "deferrable", "initially"});
        CreateCheckConstraintOp op;
        op.loc = loc;
        op.constraint.name = opt_str(a, "constraint_name", 0);
        op.table = table_ref(a, "table_name", 1, name, loc);
        op.constraint.sqltext = sql_clause(need(a, "condition", 2, name, loc), "the check condition");
        op.constraint.deferrable = deferrable(a);
        op.constraint.initially = opt_str(a, "initially", 99);
        op.constraint.loc = loc;
        mark_conventional(op.constraint.name, op.constraint.conventional_name);
        return op;
    }
    if (name == "create_primary_key") {
        check_keywords(a, name, {"constraint_name", "table_name", "columns", "schema"});
        CreatePrimaryKeyOp op;
        op.loc = loc;
        op.constraint.name = opt_str(a, "constraint_name", 0);
        op.table = table_ref(a, "table_name", 1, name, loc);
        op.constraint.columns = names(need(a, "columns", 2, name, loc), "columns");
        op.constraint.implicit_generated = false;
        op.constraint.loc = loc;
        mark_conventional(op.constraint.name, op.constraint.conventional_name);
        return op;
    }
    if (name == "drop_constraint") {
        check_keywords(a, name, {"constraint_name", "table_name", "type_", "schema"});
        DropConstraintOp op;
        op.loc = loc;
        const Value& n = need(a, "constraint_name", 0, name, loc);
        // Alembic: "Constraint must have a name" when the name is None.
        if (n.is(K::None)) fail("op.drop_constraint(): constraint must have a name (got None)", loc);
        op.name = str(a, "constraint_name", 0, name, loc);
        op.table = table_ref(a, "table_name", 1, name, loc);
        op.type = opt_str(a, "type_", 2);
        if (op.type && *op.type != "foreignkey" && *op.type != "unique" && *op.type != "check" && *op.type != "primary")
            fail("type_ must be 'foreignkey', 'unique', 'check' or 'primary'", a.get("type_", 2)->loc);
        return op;
    }
    fail("op." + name + "() is not one of the operations orm runs (SPEC §4)", loc);
}

MigrationOp OpBuilder::create_table(const Args& a, SourceLocation loc) {
    const Value* name = a.get("table_name", 0);
    if (!name || !name->is(K::String)) fail("create_table() takes the table name first", loc);
    std::vector<declarative::ColumnPtr> columns;
    std::vector<Value> constraints;
    for (size_t i = 1; i < a.pos.size(); ++i) {
        const Value& v = a.pos[i];
        if (v.is(K::Column)) columns.push_back(v.column);
        else if (v.is(K::Constraint)) constraints.push_back(v);
        // A MetaData among them is a schema item with nothing to add to a table: SQLAlchemy's Table takes it silently.
        else if (v.is(K::MetaData)) continue;
        else fail("create_table() takes sa.Column(...) and constraint objects, got " + v.type_name(), v.loc);
    }
    std::vector<std::pair<std::string, Value>> kwargs;
    for (auto& [k, v] : a.kw) {
        if (k == "table_name") continue;
        if (k == "prefixes" && !(v.is_sequence() && v.items.empty()))
            fail("create_table(prefixes=...) cannot be read by orm", v.loc);
        if (k != "schema" && k != "comment" && k != "info" && k != "prefixes" && !is_dialect_kwarg(k))
            fail("create_table() got an unexpected keyword argument '" + k + "'", v.loc);
        kwargs.emplace_back(k, v);
    }
    // The columns of a create_table call are fresh objects (a Column given to
    // two calls would be attached twice in SQLAlchemy): copy them, so that a
    // revision run again (upgrade, downgrade, upgrade) builds the same table.
    std::vector<declarative::ColumnPtr> fresh;
    for (auto& c : columns) {
        auto copy = std::make_shared<declarative::ColumnDecl>(*c);
        copy->table.clear();
        fresh.push_back(copy);
    }
    // Built on a scratch MetaData of its own (as Alembic's op.create_table
    // builds on a fresh MetaData): the tables of project modules the
    // revisions imported, or of sa.Table() calls, are not in its way.
    declarative::ModelsFile scratch;
    declarative::ModelsFile* saved_out = r_.out;
    int saved_owner = r_.owning_metadata;
    auto saved_pending = std::move(r_.pending_fks);
    auto saved_floating = std::move(r_.floating_constraints);
    auto saved_columns = std::move(r_.table_columns);
    struct Restore {
        declarative::Reader& r;
        declarative::ModelsFile* out;
        int owner;
        std::vector<declarative::Reader::PendingForeignKey> pending;
        std::vector<declarative::ConstraintPtr> floating;
        std::map<std::string, std::vector<declarative::ColumnPtr>> columns;
        ~Restore() {
            r.out = out;
            r.owning_metadata = owner;
            r.pending_fks = std::move(pending);
            r.floating_constraints = std::move(floating);
            r.table_columns = std::move(columns);
        }
    } restore{r_, saved_out, saved_owner, std::move(saved_pending), std::move(saved_floating), std::move(saved_columns)};
    r_.out = &scratch;
    r_.owning_metadata = metadata_;
    r_.pending_fks.clear();
    r_.floating_constraints.clear();
    r_.table_columns.clear();
    schema::Table& built = declarative::build_table(r_, name->text, metadata_, fresh, constraints, kwargs, loc);
    // The foreign keys' targets are tables of the database, not of this
    // file: their "table.col" specifications are taken as written.
    for (auto& p : r_.pending_fks) {
        schema::ForeignKeyConstraint& fk = built.foreign_keys[p.constraint];
        fk.referred_columns.clear();
        for (size_t i = 0; i < p.local_columns.size(); ++i) {
            SourceLocation at = i < p.locs.size() && p.locs[i].known() ? p.locs[i] : fk.loc;
            if (i < p.target_columns.size() && p.target_columns[i])
                fail("ForeignKey() in a migration script names its target as 'table.column'", at);
            std::optional<std::string> s;
            std::string t, c;
            parse_target(p.targets[i], at, s, t, c);
            if (i > 0 && (t != fk.referred_table || s != fk.referred_schema))
                fail("ForeignKeyConstraint on " + built.name + " refers to more than one table", at);
            fk.referred_table = t;
            fk.referred_schema = s;
            fk.referred_columns.push_back(c);
        }
    }
    // Unnamed indexes (Column(index=True)) take SQLAlchemy's default convention, ix_<table>_<column>.
    schema::MetaData named;
    named.tables.push_back(std::make_unique<schema::Table>(std::move(built)));
    schema::apply_naming_conventions(named);
    CreateTableOp op;
    op.loc = loc;
    op.table = std::move(*named.tables[0]);
    mark_table_names(op.table);
    return op;
}

MigrationOp OpBuilder::alter_column(const Args& a, SourceLocation loc) {
    const std::string name = "alter_column";
    check_keywords(a, name, {"table_name", "column_name", "nullable", "comment", "server_default", "new_column_name",
                             "type_", "existing_type", "existing_server_default", "existing_nullable",
                             "existing_comment", "schema", "autoincrement", "existing_autoincrement"});
    AlterColumnOp op;
    op.loc = loc;
    op.table = table_ref(a, "table_name", 0, name, loc);
    op.column = str(a, "column_name", 1, name, loc);
    op.nullable = opt_bool(a, "nullable", 2);
    op.comment = comment(a, "comment", 3);
    op.server_default = server_default(a, "server_default");
    op.new_column_name = opt_str(a, "new_column_name", 5);
    if (const Value* t = a.get("type_", 6); t && !t->is(K::None)) op.type = declarative::type_from_value(r_, *t);
    if (const Value* t = a.get("existing_type", 7); t && !t->is(K::None))
        op.existing_type = declarative::type_from_value(r_, *t);
    op.existing_server_default = server_default(a, "existing_server_default");
    if (op.existing_server_default && !*op.existing_server_default) op.existing_server_default = std::nullopt;
    op.existing_nullable = opt_bool(a, "existing_nullable", 9);
    if (const Value* c = a.get("existing_comment", 10); c && c->is(K::String))
        op.existing_comment = std::optional<std::string>{c->text};
    op.postgresql_using = opt_str(a, "postgresql_using", 99);
    return op;
}

namespace {

// ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w'], its
// parts as written (scanned by hand: a statement can be megabytes long).
struct AddValueStatement {
    std::string type_name;          // as written, quotes and schema included
    bool if_not_exists = false;
    std::string value;              // the literal's text between its quotes
    std::string position;           // "BEFORE", "AFTER" or ""
    std::string neighbour;
};

class StatementScanner {
public:
    explicit StatementScanner(std::string_view text) : text_(text) {}
    // Whitespace, at least one when `required`.
    bool space(bool required) {
        const size_t from = at_;
        while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
        return !required || at_ > from;
    }
    // A keyword in any case, not followed by a word character.
    bool keyword(std::string_view word) {
        if (at_ + word.size() > text_.size() || !sql::iequals(text_.substr(at_, word.size()), word)) return false;
        if (at_ + word.size() < text_.size() && sql::is_word_char(text_[at_ + word.size()])) return false;
        at_ += word.size();
        return true;
    }
    // "quoted" (no quote inside) or a word.
    bool identifier() {
        if (at_ < text_.size() && text_[at_] == '"') {
            const size_t close = text_.find('"', at_ + 1);
            if (close == std::string_view::npos || close == at_ + 1) return false;
            at_ = close + 1;
            return true;
        }
        const size_t from = at_;
        while (at_ < text_.size() && sql::is_word_char(text_[at_])) ++at_;
        return at_ > from;
    }
    // A '...' literal with '' inside; its text between the outer quotes.
    std::optional<std::string_view> literal() {
        if (at_ >= text_.size() || text_[at_] != '\'') return std::nullopt;
        for (size_t i = at_ + 1; i < text_.size(); ++i) {
            if (text_[i] != '\'') continue;
            if (i + 1 < text_.size() && text_[i + 1] == '\'') {
                ++i;
                continue;
            }
            std::string_view inner = text_.substr(at_ + 1, i - at_ - 1);
            at_ = i + 1;
            return inner;
        }
        return std::nullopt;
    }
    bool accept(char c) {
        if (at_ >= text_.size() || text_[at_] != c) return false;
        ++at_;
        return true;
    }
    size_t at() const { return at_; }
    void reset(size_t at) { at_ = at; }
    bool done() const { return at_ == text_.size(); }
    std::string_view slice(size_t from) const { return text_.substr(from, at_ - from); }

private:
    std::string_view text_;
    size_t at_ = 0;
};

std::optional<AddValueStatement> add_value_statement(std::string_view sql) {
    StatementScanner s(sql);
    AddValueStatement out;
    s.space(false);
    if (!s.keyword("ALTER") || !s.space(true) || !s.keyword("TYPE") || !s.space(true)) return std::nullopt;
    const size_t name_from = s.at();
    if (!s.identifier()) return std::nullopt;
    if (s.accept('.') && !s.identifier()) return std::nullopt;
    out.type_name = std::string(s.slice(name_from));
    if (!s.space(true) || !s.keyword("ADD") || !s.space(true) || !s.keyword("VALUE") || !s.space(true))
        return std::nullopt;
    if (s.keyword("IF")) {
        if (!s.space(true) || !s.keyword("NOT") || !s.space(true) || !s.keyword("EXISTS") || !s.space(true))
            return std::nullopt;
        out.if_not_exists = true;
    }
    auto value = s.literal();
    if (!value) return std::nullopt;
    out.value = std::string(*value);
    const size_t after_value = s.at();
    if (s.space(true) && (s.keyword("BEFORE") || s.keyword("AFTER"))) {
        out.position = sql::iequals(sql.substr(s.at() - 6, 6), "BEFORE") ? "BEFORE" : "AFTER";
        if (!s.space(true)) return std::nullopt;
        auto neighbour = s.literal();
        if (!neighbour) return std::nullopt;
        out.neighbour = std::string(*neighbour);
    } else {
        s.reset(after_value);
    }
    s.space(false);
    s.accept(';');
    s.space(false);
    if (!s.done()) return std::nullopt;
    return out;
}

}  // namespace

MigrationOp OpBuilder::execute(const std::string& sql, SourceLocation loc) {
    // ALTER TYPE ... ADD VALUE: an enum change replay can follow.
    auto statement = add_value_statement(sql);
    if (!statement) {
        ExecuteOp op;
        op.loc = loc;
        op.sql = sql;
        return op;
    }
    AddEnumValueOp op;
    op.loc = loc;
    const std::string& full = statement->type_name;
    // a dot outside quotes separates the schema
    size_t dot = std::string::npos;
    bool quoted = false;
    for (size_t i = 0; i < full.size(); ++i) {
        if (full[i] == '"') quoted = !quoted;
        else if (full[i] == '.' && !quoted) dot = i;
    }
    if (dot != std::string::npos) {
        op.spec.schema = unquote_identifier(full.substr(0, dot));
        op.spec.name = unquote_identifier(full.substr(dot + 1));
    } else {
        op.spec.name = unquote_identifier(full);
    }
    op.if_not_exists = statement->if_not_exists;
    op.value = unquote_literal(statement->value);
    if (!statement->position.empty())
        (statement->position == "BEFORE" ? op.before : op.after) = unquote_literal(statement->neighbour);
    op.verbatim = sql;
    return op;
}

BulkInsertOp OpBuilder::bulk_insert(const TableRef& table, const Value& rows, SourceLocation loc) {
    BulkInsertOp op;
    op.loc = loc;
    op.table = table;
    if (!rows.is_sequence()) fail("bulk_insert() rows must be a list of dicts", rows.loc);
    for (auto& row : rows.items) {
        if (!row.is(K::Dict)) fail("each bulk_insert() row must be a dict", row.loc);
        std::vector<std::pair<std::string, schema::ClausePtr>> out;
        for (size_t i = 0; i + 1 < row.items.size(); i += 2) {
            const Value& k = row.items[i];
            const Value& v = row.items[i + 1];
            if (!k.is(K::String)) fail("bulk_insert() row keys must be column names", k.loc);
            schema::ClausePtr c = literal_clause(v);
            if (!c && v.is(K::Sql)) c = written_clause(*v.sql);
            if (!c) fail("bulk_insert() values must be literals (strings, numbers, True/False, None), got " +
                         v.type_name(), v.loc);
            out.emplace_back(k.text, c);
        }
        op.rows.push_back(std::move(out));
    }
    return op;
}

// ------------------------------------------------------------------ argument helpers

void OpBuilder::check_keywords(const Args& a, const std::string& op, std::initializer_list<const char*> known) const {
    for (auto& [k, v] : a.kw) {
        bool ok = is_dialect_kwarg(k);
        for (const char* n : known)
            if (k == n) ok = true;
        if (!ok) fail(op + "() got an unexpected keyword argument '" + k + "'", v.loc);
    }
}

const Value& OpBuilder::need(const Args& a, const std::string& name, size_t index, const std::string& op,
                             SourceLocation loc) const {
    const Value* v = a.get(name, index);
    if (!v) fail(op + "() missing required argument: '" + name + "'", loc);
    return *v;
}

std::string OpBuilder::str(const Args& a, const std::string& name, size_t index, const std::string& op,
                           SourceLocation loc) const {
    const Value& v = need(a, name, index, op, loc);
    if (!v.is(K::String)) fail(op + "(): '" + name + "' must be a string, got " + v.type_name(), v.loc);
    return v.text;
}

std::optional<std::string> OpBuilder::opt_str(const Args& a, const std::string& name, size_t index) const {
    const Value* v = a.get(name, index);
    if (!v || v->is(K::None)) return std::nullopt;
    if (!v->is(K::String)) fail("'" + name + "' must be a string or None, got " + v->type_name(), v->loc);
    return v->text;
}

std::optional<bool> OpBuilder::opt_bool(const Args& a, const std::string& name, size_t index) const {
    const Value* v = a.get(name, index);
    if (!v || v->is(K::None)) return std::nullopt;
    if (!v->is(K::Bool)) fail("'" + name + "' must be True, False or None, got " + v->type_name(), v->loc);
    return v->flag;
}

std::vector<std::string> OpBuilder::names(const Value& v, const std::string& what) const {
    std::vector<std::string> out;
    if (v.is(K::String)) return {v.text};
    if (!v.is_sequence()) fail(what + " must be a list of column names", v.loc);
    for (auto& x : v.items) {
        if (x.is(K::String)) out.push_back(x.text);
        else if (x.is(K::Column) && !x.column->column.name.empty()) out.push_back(x.column->column.name);
        else fail(what + " must list column names", x.loc);
    }
    return out;
}

std::optional<std::string> OpBuilder::deferrable(const Args& a) const {
    auto b = opt_bool(a, "deferrable", 99);
    if (!b) return std::nullopt;
    return *b ? "DEFERRABLE" : "NOT DEFERRABLE";
}

TableRef OpBuilder::table_ref(const Args& a, const std::string& name, size_t index, const std::string& op,
                              SourceLocation loc, const char* schema_kw) const {
    TableRef t;
    t.name = str(a, name, index, op, loc);
    t.schema = opt_str(a, schema_kw, 99);
    return t;
}

schema::ClausePtr OpBuilder::sql_clause(const Value& v, const std::string& what) {
    if (v.is(K::String)) return schema::Clause::make(schema::ClauseKind::Text, v.text);
    if (v.is(K::Sql) || v.is(K::Column)) return written_clause(*declarative::to_sql(r_, v, what));
    fail(what + " must be a SQL string, sa.text(...) or an expression, got " + v.type_name(), v.loc);
}

// server_default=: False leaves it alone (nullopt), None removes it.
std::optional<schema::ClausePtr> OpBuilder::server_default(const Args& a, const std::string& name) {
    const Value* v = a.get(name);
    if (!v || (v->is(K::Bool) && !v->flag)) return std::nullopt;
    if (v->is(K::None)) return schema::ClausePtr{};
    return declarative::server_default_clause(r_, *v);
}

// comment=: False leaves it alone, None removes it.
std::optional<std::optional<std::string>> OpBuilder::comment(const Args& a, const std::string& name, size_t index) const {
    const Value* v = a.get(name, index);
    if (!v || (v->is(K::Bool) && !v->flag)) return std::nullopt;
    if (v->is(K::None)) return std::optional<std::string>{};
    if (!v->is(K::String)) fail("'" + name + "' must be a string, None or False", v->loc);
    return std::optional<std::string>{v->text};
}

void OpBuilder::mark_conventional(std::optional<std::string>& name, bool& conventional) const {
    if (name && conventional_.count(*name)) conventional = true;
}

void OpBuilder::mark_table_names(schema::Table& t) const {
    mark_conventional(t.primary_key.name, t.primary_key.conventional_name);
    for (auto& c : t.foreign_keys) mark_conventional(c.name, c.conventional_name);
    for (auto& c : t.unique_constraints) mark_conventional(c.name, c.conventional_name);
    for (auto& c : t.check_constraints) mark_conventional(c.name, c.conventional_name);
    for (auto& i : t.indexes) mark_conventional(i.name, i.conventional_name);
}

// "table.col" / "schema.table.col".
void OpBuilder::parse_target(const std::string& spec, SourceLocation loc, std::optional<std::string>& schema_name,
                             std::string& table, std::string& column) const {
    auto last = spec.rfind('.');
    if (last == std::string::npos || last == 0 || last + 1 == spec.size())
        fail("Invalid foreign key column specification: " + spec, loc);
    column = spec.substr(last + 1);
    std::string t = spec.substr(0, last);
    auto dot = t.rfind('.');
    if (dot != std::string::npos) {
        schema_name = t.substr(0, dot);
        table = t.substr(dot + 1);
    } else {
        schema_name = std::nullopt;
        table = t;
    }
}

schema::ForeignKeyConstraint OpBuilder::column_foreign_key(const declarative::ForeignKeyDecl& f,
                                                           const std::string& column) const {
    schema::ForeignKeyConstraint fk;
    fk.name = f.name;
    fk.columns = {column};
    fk.ondelete = f.ondelete;
    fk.onupdate = f.onupdate;
    fk.match = f.match;
    fk.deferrable = f.deferrable;
    fk.initially = f.initially;
    fk.use_alter = f.use_alter;
    fk.from_column = true;
    fk.info = f.info;
    fk.loc = f.loc;
    if (f.target_column) fail("ForeignKey() in a migration script names its target as 'table.column'", f.loc);
    std::string table, col;
    parse_target(f.target, f.loc, fk.referred_schema, table, col);
    fk.referred_table = table;
    fk.referred_columns = {col};
    mark_conventional(fk.name, fk.conventional_name);
    return fk;
}

}  // namespace orm::migrate
