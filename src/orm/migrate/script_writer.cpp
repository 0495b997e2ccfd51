#include "orm/migrate/script_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <set>
#include <string_view>

#include "orm/core/overloaded.hpp"
#include "orm/core/python_repr.hpp"
#include "orm/core/timestamp.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

using schema::TypeKind;

std::string python_repr(const std::string& s) { return python_str_repr(s); }

namespace {

// True, False, None or a decimal number (-12, 3.5): written as it is.
bool python_literal_word(std::string_view v) {
    if (v == "True" || v == "False" || v == "None") return true;
    if (v.starts_with('-')) v.remove_prefix(1);
    const size_t point = v.find('.');
    auto digits = [](std::string_view d) { return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos; };
    return point == std::string_view::npos ? digits(v) : digits(v.substr(0, point)) && digits(v.substr(point + 1));
}

std::string repr_opt(const std::optional<std::string>& s) { return s ? python_repr(*s) : "None"; }

std::string repr_list(const std::vector<std::string>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + python_repr(v[i]);
    return out + "]";
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

// What one rendering needs: the target's compiler, the imports it collects,
// and whether it is inside a batch block (Alembic's autogen_context._has_batch).
struct Ctx {
    const sql::DDLCompiler& compiler;
    std::set<std::string>& imports;
    bool batch = false;
    const std::set<std::string>* f_names = nullptr;   // names the revision writes as op.f()

    std::string op_prefix() const { return batch ? "batch_op." : "op."; }
};

// ------------------------------------------------------------------ types

std::string type_args(const schema::TypeEngine& t, Ctx& ctx);

std::string render_type(const schema::TypeEngine& t, Ctx& ctx) {
    // postgresql.REAL is sqlalchemy's REAL: only the dialect's own classes take the prefix.
    bool pg = t.kind >= TypeKind::PG_JSON && t.kind != TypeKind::PG_REAL;
    if (pg) ctx.imports.insert("from sqlalchemy.dialects import postgresql");
    std::string name = t.kind == TypeKind::PG_REAL ? "REAL" : t.class_name();
    return (pg ? "postgresql." : "sa.") + name + "(" + type_args(t, ctx) + ")";
}

std::string enum_args(const schema::TypeEngine& t) {
    std::vector<std::string> a;
    const schema::EnumSpec& e = *t.enum_spec;
    for (auto& v : e.values) a.push_back(python_repr(v));
    if (e.name) a.push_back("name=" + python_repr(*e.name));
    if (e.schema) a.push_back("schema=" + python_repr(*e.schema));
    if (!e.native_enum) a.push_back("native_enum=False");
    if (e.create_constraint) a.push_back("create_constraint=True");
    if (!e.native_enum && e.length) {
        size_t longest = 0;
        for (auto& v : e.values) longest = std::max(longest, v.size());
        if (static_cast<size_t>(*e.length) != longest) a.push_back("length=" + std::to_string(*e.length));
    }
    return join(a, ", ");
}

std::string type_args(const schema::TypeEngine& t, Ctx& ctx) {
    std::vector<std::string> a;
    auto opt_int = [&](const char* k, const std::optional<int>& v) {
        if (v) a.push_back(std::string(k) + "=" + std::to_string(*v));
    };
    switch (t.kind) {
        case TypeKind::String: case TypeKind::Unicode: case TypeKind::Text: case TypeKind::UnicodeText:
        case TypeKind::VARCHAR: case TypeKind::NVARCHAR: case TypeKind::CHAR: case TypeKind::NCHAR:
        case TypeKind::TEXT: case TypeKind::CLOB:
            opt_int("length", t.length);
            if (t.collation) a.push_back("collation=" + python_repr(*t.collation));
            break;
        case TypeKind::Numeric: case TypeKind::NUMERIC: case TypeKind::DECIMAL:
            opt_int("precision", t.precision);
            opt_int("scale", t.scale);
            if (t.asdecimal == false) a.push_back("asdecimal=False");
            break;
        case TypeKind::Float: case TypeKind::FLOAT: case TypeKind::REAL: case TypeKind::DOUBLE:
        case TypeKind::DOUBLE_PRECISION: case TypeKind::PG_DOUBLE_PRECISION: case TypeKind::PG_REAL:
            opt_int("precision", t.precision);
            if (t.asdecimal == true) a.push_back("asdecimal=True");
            break;
        case TypeKind::DateTime: case TypeKind::DATETIME: case TypeKind::TIMESTAMP: case TypeKind::Time:
        case TypeKind::TIME:
            if (t.timezone) a.push_back("timezone=True");
            break;
        case TypeKind::PG_TIMESTAMP: case TypeKind::PG_TIME:
            if (t.timezone) a.push_back("timezone=True");
            opt_int("precision", t.precision);
            break;
        case TypeKind::Interval:
            opt_int("second_precision", t.precision);
            break;
        case TypeKind::PG_INTERVAL:
            opt_int("precision", t.precision);
            if (t.fields) a.push_back("fields=" + python_repr(*t.fields));
            break;
        case TypeKind::LargeBinary: case TypeKind::BINARY: case TypeKind::VARBINARY: case TypeKind::BLOB:
        case TypeKind::PG_BYTEA: case TypeKind::PG_BIT:
            opt_int("length", t.length);
            break;
        case TypeKind::Boolean: case TypeKind::BOOLEAN:
            if (t.create_constraint) a.push_back("create_constraint=True");
            if (t.constraint_name) a.push_back("name=" + python_repr(*t.constraint_name));
            break;
        case TypeKind::Enum: case TypeKind::PG_ENUM:
            if (t.enum_spec) return enum_args(t);
            break;
        case TypeKind::JSON:
            if (t.none_as_null) a.push_back("none_as_null=True");
            break;
        case TypeKind::PG_JSON: case TypeKind::PG_JSONB:
            if (t.none_as_null) a.push_back("none_as_null=True");
            a.push_back("astext_type=sa.Text()");
            break;
        case TypeKind::PG_HSTORE:
            a.push_back("text_type=sa.Text()");
            break;
        case TypeKind::ARRAY: case TypeKind::PG_ARRAY:
            if (t.item_type) a.push_back(render_type(*t.item_type, ctx));
            opt_int("dimensions", t.dimensions);
            break;
        case TypeKind::PG_UUID:
            if (t.as_uuid) a.push_back("as_uuid=True");
            break;
        case TypeKind::UUID: case TypeKind::Uuid:
            if (!t.as_uuid) a.push_back("as_uuid=False");
            break;
        default:
            break;
    }
    return join(a, ", ");
}

// ------------------------------------------------------------------ SQL expressions

// impl.render_ddl_sql_expr: the expression compiled for the target, literals inline.
std::string ddl_sql(const schema::Clause& c, Ctx& ctx, bool server_default) {
    std::string s = c.kind == schema::ClauseKind::Text ? c.text : ctx.compiler.compile_clause(c);
    return dialect::get_dialect(ctx.compiler.dialect_name()).render_ddl_sql_expr(s, server_default);
}

std::string render_server_default(const schema::ClausePtr& d, Ctx& ctx) {
    if (!d) return "None";
    if (d->kind == schema::ClauseKind::String) return python_repr(d->text);
    return "sa.text(" + python_repr(ddl_sql(*d, ctx, true)) + ")";
}

// An index expression or a WHERE clause: a column by name, else sa.text(...).
std::string render_expr(const schema::ClausePtr& e, Ctx& ctx) {
    if (e->kind == schema::ClauseKind::Column) return python_repr(e->text);
    return "sa.text(" + python_repr(ddl_sql(*e, ctx, false)) + ")";
}

std::string gen_name(const std::optional<std::string>& name, bool conventional, Ctx& ctx) {
    if (!name) return "None";
    if (conventional) return ctx.op_prefix() + "f(" + python_repr(*name) + ")";
    return python_repr(*name);
}

// ------------------------------------------------------------------ columns and constraints

// Alembic's _render_column; `positional` (sa.ForeignKey(...)) follows the
// type and `extra` keywords (unique=, index=) end the list: add_column only.
std::string render_column(const schema::Column& c, Ctx& ctx, const std::vector<std::string>& positional = {},
                          const std::vector<std::string>& extra = {}) {
    std::vector<std::string> kw;
    if (c.server_default) kw.push_back("server_default=" + render_server_default(c.server_default, ctx));
    if (c.autoincrement == schema::Autoincrement::True) kw.push_back("autoincrement=True");
    if (c.autoincrement == schema::Autoincrement::False) kw.push_back("autoincrement=False");
    if (c.autoincrement == schema::Autoincrement::IgnoreFk) kw.push_back("autoincrement='ignore_fk'");
    kw.push_back(std::string("nullable=") + (c.nullable ? "True" : "False"));
    if (c.comment && !c.comment->empty()) kw.push_back("comment=" + python_repr(*c.comment));
    kw.insert(kw.end(), extra.begin(), extra.end());
    std::string pos;
    for (auto& p : positional) pos += p + ", ";
    return "sa.Column(" + python_repr(c.name) + ", " + render_type(c.type, ctx) + ", " + pos + join(kw, ", ") + ")";
}

// A column given to add_column: its own unique/index flags and foreign keys come along.
std::string render_added_column(const AddColumnOp& op, Ctx& ctx) {
    std::vector<std::string> fks, flags;
    for (auto& fk : op.foreign_keys) {
        std::string target = (fk.referred_schema ? *fk.referred_schema + "." : "") + fk.referred_table + "." +
                             (fk.referred_columns.empty() ? std::string() : fk.referred_columns[0]);
        std::vector<std::string> a{python_repr(target)};
        if (fk.name) a.push_back("name=" + gen_name(fk.name, fk.conventional_name, ctx));
        if (fk.onupdate) a.push_back("onupdate=" + python_repr(*fk.onupdate));
        if (fk.ondelete) a.push_back("ondelete=" + python_repr(*fk.ondelete));
        fks.push_back("sa.ForeignKey(" + join(a, ", ") + ")");
    }
    if (op.column.unique.value_or(false)) flags.push_back("unique=True");
    if (op.column.index.value_or(false)) flags.push_back("index=True");
    return render_column(op.column, ctx, fks, flags);
}

std::string render_primary_key(const schema::PrimaryKeyConstraint& pk, Ctx& ctx) {
    std::vector<std::string> a;
    for (auto& c : pk.columns) a.push_back(python_repr(c));
    if (pk.name) a.push_back("name=" + gen_name(pk.name, pk.conventional_name, ctx));
    return "sa.PrimaryKeyConstraint(" + join(a, ", ") + ")";
}

std::string fk_options(const schema::ForeignKeyConstraint& fk) {
    std::vector<std::string> a;
    if (fk.onupdate) a.push_back("onupdate=" + python_repr(*fk.onupdate));
    if (fk.ondelete) a.push_back("ondelete=" + python_repr(*fk.ondelete));
    if (fk.initially) a.push_back("initially=" + python_repr(*fk.initially));
    if (fk.deferrable) a.push_back(std::string("deferrable=") + (*fk.deferrable == "DEFERRABLE" ? "True" : "False"));
    if (fk.use_alter) a.push_back("use_alter=True");
    return join(a, ", ");
}

std::string render_foreign_key(const schema::ForeignKeyConstraint& fk, Ctx& ctx) {
    std::vector<std::string> opts;
    if (fk.name) opts.push_back("name=" + gen_name(fk.name, fk.conventional_name, ctx));
    if (auto o = fk_options(fk); !o.empty()) opts.push_back(o);
    std::vector<std::string> cols, refs;
    for (auto& c : fk.columns) cols.push_back(python_repr(c));
    std::string prefix = (fk.referred_schema ? *fk.referred_schema + "." : "") + fk.referred_table + ".";
    for (auto& c : fk.referred_columns) refs.push_back(python_repr(prefix + c));
    // Alembic leaves ", " before the (possibly empty) keyword list.
    return "sa.ForeignKeyConstraint([" + join(cols, ", ") + "], [" + join(refs, ", ") + "], " + join(opts, ", ") + ")";
}

std::string render_unique(const schema::UniqueConstraint& u, Ctx& ctx) {
    std::vector<std::string> a;
    for (auto& c : u.columns) a.push_back(python_repr(c));
    // Alembic renders str(deferrable): a string.
    if (u.deferrable) a.push_back(std::string("deferrable=") + (*u.deferrable == "DEFERRABLE" ? "'True'" : "'False'"));
    if (u.initially) a.push_back("initially=" + python_repr(*u.initially));
    if (u.name) a.push_back("name=" + gen_name(u.name, u.conventional_name, ctx));
    return "sa.UniqueConstraint(" + join(a, ", ") + ")";
}

std::string render_check(const schema::CheckConstraint& c, Ctx& ctx) {
    std::string s = "sa.CheckConstraint(" + python_repr(ddl_sql(*c.sqltext, ctx, false));
    if (c.name) s += ", name=" + gen_name(c.name, c.conventional_name, ctx);
    return s + ")";
}

std::string render_index_call(const std::optional<std::string>& name, bool conventional, const TableRef& table,
                              const schema::Index& ix, Ctx& ctx) {
    std::vector<std::string> cols;
    for (auto& e : ix.expressions) cols.push_back(render_expr(e, ctx));
    std::string s = ctx.op_prefix() + "create_index(" + gen_name(name, conventional, ctx);
    if (!ctx.batch) s += ", " + python_repr(table.name);
    s += ", [" + join(cols, ", ") + "], unique=" + (ix.unique ? "True" : "False");
    if (!ctx.batch && table.schema) s += ", schema=" + python_repr(*table.schema);
    if (ix.postgresql_using) s += ", postgresql_using=" + python_repr(*ix.postgresql_using);
    if (ix.postgresql_where) s += ", postgresql_where=" + render_expr(ix.postgresql_where, ctx);
    if (!ix.postgresql_include.empty()) s += ", postgresql_include=" + repr_list(ix.postgresql_include);
    if (!ix.postgresql_ops.empty()) {
        std::string d;
        for (const auto& [col, opclass] : ix.postgresql_ops)
            d += (d.empty() ? "" : ", ") + python_repr(col) + ": " + python_repr(opclass);
        s += ", postgresql_ops={" + d + "}";
    }
    if (ix.sqlite_where) s += ", sqlite_where=" + render_expr(ix.sqlite_where, ctx);
    return s + ")";
}

std::string schema_kw(const TableRef& t, const Ctx& ctx) {
    return !ctx.batch && t.schema ? ", schema=" + python_repr(*t.schema) : "";
}

// ------------------------------------------------------------------ operations

std::string describe_destructive(const MigrationOp& op);

std::vector<std::string> render_op(const MigrationOp& op, Ctx& ctx);

std::string create_table(const CreateTableOp& op, Ctx& ctx) {
    const schema::Table& t = op.table;
    std::vector<std::string> args;
    for (auto& c : t.columns) args.push_back(render_column(c, ctx));
    std::vector<std::string> cons;
    if (!t.primary_key.columns.empty()) cons.push_back(render_primary_key(t.primary_key, ctx));
    for (auto& fk : t.foreign_keys) cons.push_back(render_foreign_key(fk, ctx));
    for (auto& u : t.unique_constraints) cons.push_back(render_unique(u, ctx));
    for (auto& c : t.check_constraints) cons.push_back(render_check(c, ctx));
    std::sort(cons.begin(), cons.end());
    args.insert(args.end(), cons.begin(), cons.end());
    std::string text = "op.create_table(" + python_repr(t.name) + ",\n" + join(args, ",\n");
    if (t.schema) text += ",\nschema=" + python_repr(*t.schema);
    if (t.comment && !t.comment->empty()) text += ",\ncomment=" + python_repr(*t.comment);
    for (auto& [k, v] : t.dialect_options) {
        // Kept as Python literals: True/False/None/numbers as written, anything else a string.
        text += ",\n" + k + "=" + (python_literal_word(v) ? v : python_repr(v));
    }
    return text + "\n)";
}

std::string alter_column(const AlterColumnOp& op, Ctx& ctx) {
    const std::string indent(11, ' ');
    std::string text = ctx.op_prefix() + "alter_column(";
    if (!ctx.batch) text += python_repr(op.table.name) + ", ";
    text += python_repr(op.column);
    if (op.existing_type) text += ",\n" + indent + "existing_type=" + render_type(*op.existing_type, ctx);
    if (op.server_default) text += ",\n" + indent + "server_default=" + render_server_default(*op.server_default, ctx);
    if (op.type) text += ",\n" + indent + "type_=" + render_type(*op.type, ctx);
    if (op.nullable) text += ",\n" + indent + "nullable=" + (*op.nullable ? "True" : "False");
    if (op.comment) text += ",\n" + indent + "comment=" + repr_opt(*op.comment);
    if (op.existing_comment && *op.existing_comment)
        text += ",\n" + indent + "existing_comment=" + python_repr(**op.existing_comment);
    if (!op.nullable && op.existing_nullable)
        text += ",\n" + indent + "existing_nullable=" + (*op.existing_nullable ? "True" : "False");
    if (!op.server_default && op.existing_server_default && *op.existing_server_default)
        text += ",\n" + indent + "existing_server_default=" + render_server_default(*op.existing_server_default, ctx);
    if (op.new_column_name) text += ",\n" + indent + "new_column_name=" + python_repr(*op.new_column_name);
    if (op.postgresql_using) text += ",\n" + indent + "postgresql_using=" + python_repr(*op.postgresql_using);
    if (!ctx.batch && op.table.schema) text += ",\n" + indent + "schema=" + python_repr(*op.table.schema);
    return text + ")";
}

std::string enum_object(const schema::EnumSpec& spec, Ctx& ctx) {
    ctx.imports.insert("from sqlalchemy.dialects import postgresql");
    schema::TypeEngine t;
    t.kind = TypeKind::PG_ENUM;
    t.enum_spec = spec;
    t.enum_spec->native_enum = true;
    t.enum_spec->create_constraint = false;
    return "postgresql.ENUM(" + enum_args(t) + ")";
}

std::string literal(const schema::ClausePtr& c) {
    switch (c->kind) {
        case schema::ClauseKind::String: return python_repr(c->text);
        case schema::ClauseKind::Number: return c->text;
        case schema::ClauseKind::True: return "True";
        case schema::ClauseKind::False: return "False";
        default: return "None";
    }
}

// ---- one renderer per kind of operation (Alembic's op.* call it writes) ----

void render(const CreateTableOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back(create_table(o, ctx));
    TableRef ref{o.table.name, o.table.schema};
    for (auto& ix : o.table.indexes) lines.push_back(render_index_call(ix.name, ix.conventional_name, ref, ix, ctx));
}

void render(const DropTableOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back("op.drop_table(" + python_repr(o.table.name) + schema_kw(o.table, ctx) + ")");
}

void render(const RenameTableOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back("op.rename_table(" + python_repr(o.table.name) + ", " + python_repr(o.new_name) +
                    schema_kw(o.table, ctx) + ")");
}

void render(const CreateTableCommentOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    std::string schema = o.table.schema ? "'" + *o.table.schema + "'" : "None";
    if (o.comment)
        lines.push_back(p + "create_table_comment(\n    " + python_repr(o.table.name) + ",\n    " +
                        python_repr(*o.comment) + ",\n    existing_comment=" + repr_opt(o.existing_comment) +
                        ",\n    schema=" + schema + "\n)");
    else
        lines.push_back(p + "drop_table_comment(\n    " + python_repr(o.table.name) +
                        ",\n    existing_comment=" + repr_opt(o.existing_comment) + ",\n    schema=" + schema +
                        "\n)");
}

void render(const AddColumnOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    if (ctx.batch) lines.push_back(p + "add_column(" + render_added_column(o, ctx) + ")");
    else lines.push_back(p + "add_column(" + python_repr(o.table.name) + ", " + render_added_column(o, ctx) +
                         schema_kw(o.table, ctx) + ")");
}

void render(const DropColumnOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    if (ctx.batch) lines.push_back(p + "drop_column(" + python_repr(o.column) + ")");
    else lines.push_back(p + "drop_column(" + python_repr(o.table.name) + ", " + python_repr(o.column) +
                         schema_kw(o.table, ctx) + ")");
}

void render(const AlterColumnOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back(alter_column(o, ctx));
}

void render(const CreateIndexOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back(render_index_call(o.index.name, o.index.conventional_name, o.table, o.index, ctx));
}

void render(const DropIndexOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    bool conv = (o.existing && o.existing->conventional_name) || (ctx.f_names && ctx.f_names->count(o.name));
    std::string s = p + "drop_index(" + gen_name(o.name, conv, ctx);
    if (!ctx.batch) s += ", table_name=" + python_repr(o.table.name) + schema_kw(o.table, ctx);
    lines.push_back(s + ")");
}

void render(const CreateForeignKeyOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    const auto& fk = o.constraint;
    std::vector<std::string> a{gen_name(fk.name, fk.conventional_name, ctx)};
    if (!ctx.batch) a.push_back(python_repr(o.table.name));
    a.push_back(python_repr(fk.referred_table));
    a.push_back(repr_list(fk.columns));
    a.push_back(repr_list(fk.referred_columns));
    if (!ctx.batch && o.table.schema) a.push_back("source_schema=" + python_repr(*o.table.schema));
    if (fk.referred_schema) a.push_back("referent_schema=" + python_repr(*fk.referred_schema));
    if (auto opts = fk_options(fk); !opts.empty()) a.push_back(opts);
    lines.push_back(p + "create_foreign_key(" + join(a, ", ") + ")");
}

void render(const CreateUniqueConstraintOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    const auto& u = o.constraint;
    std::vector<std::string> a{gen_name(u.name, u.conventional_name, ctx)};
    if (!ctx.batch) a.push_back(python_repr(o.table.name));
    a.push_back(repr_list(u.columns));
    if (u.deferrable) a.push_back(std::string("deferrable=") + (*u.deferrable == "DEFERRABLE" ? "'True'" : "'False'"));
    if (u.initially) a.push_back("initially=" + python_repr(*u.initially));
    if (!ctx.batch && o.table.schema) a.push_back("schema=" + python_repr(*o.table.schema));
    lines.push_back(p + "create_unique_constraint(" + join(a, ", ") + ")");
}

void render(const CreateCheckConstraintOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    const auto& c = o.constraint;
    std::vector<std::string> a{gen_name(c.name, c.conventional_name, ctx)};
    if (!ctx.batch) a.push_back(python_repr(o.table.name));
    a.push_back(python_repr(ddl_sql(*c.sqltext, ctx, false)));
    if (!ctx.batch && o.table.schema) a.push_back("schema=" + python_repr(*o.table.schema));
    lines.push_back(p + "create_check_constraint(" + join(a, ", ") + ")");
}

void render(const CreatePrimaryKeyOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();
    const auto& c = o.constraint;
    std::vector<std::string> a{gen_name(c.name, c.conventional_name, ctx)};
    if (!ctx.batch) a.push_back(python_repr(o.table.name));
    a.push_back(repr_list(c.columns));
    if (!ctx.batch && o.table.schema) a.push_back("schema=" + python_repr(*o.table.schema));
    lines.push_back(p + "create_primary_key(" + join(a, ", ") + ")");
}

void render(const DropConstraintOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    const std::string p = ctx.op_prefix();

    bool conv = ctx.f_names && ctx.f_names->count(o.name);
    if (o.existing)
        std::visit([&](const auto& c) { conv = conv || c.conventional_name; }, *o.existing);
    std::string s = p + "drop_constraint(" + gen_name(o.name, conv, ctx);
    if (!ctx.batch) s += ", '" + o.table.name + "'" + schema_kw(o.table, ctx);
    lines.push_back(s + ", type_=" + repr_opt(o.type) + ")");
}

void render(const CreateEnumOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back(enum_object(o.spec, ctx) + ".create(op.get_bind())");
}

void render(const DropEnumOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back(enum_object(o.spec, ctx) + ".drop(op.get_bind())");
}

void render(const AddEnumValueOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    std::string name = (o.spec.schema ? ctx.compiler.quote(*o.spec.schema) + "." : "") +
                       ctx.compiler.quote(o.spec.name.value_or(""));
    std::string sql = "ALTER TYPE " + name + " ADD VALUE " + ctx.compiler.render_string_literal(o.value);
    if (o.before) sql += " BEFORE " + ctx.compiler.render_string_literal(*o.before);
    else if (o.after) sql += " AFTER " + ctx.compiler.render_string_literal(*o.after);
    lines.push_back("op.execute(" + python_repr(sql) + ")");
}

void render(const ExecuteOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    lines.push_back("op.execute(" + python_repr(o.sql) + ")");
}

void render(const BulkInsertOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    std::vector<std::string> columns;
    for (auto& row : o.rows)
        for (auto& [k, v] : row)
            if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
    std::string table = "sa.table(" + python_repr(o.table.name);
    for (auto& c : columns) table += ", sa.column(" + python_repr(c) + ")";
    if (o.table.schema) table += ", schema=" + python_repr(*o.table.schema);
    table += ")";
    std::vector<std::string> rows;
    for (auto& row : o.rows) {
        std::vector<std::string> items;
        for (auto& [k, v] : row) items.push_back(python_repr(k) + ": " + literal(v));
        rows.push_back("{" + join(items, ", ") + "}");
    }
    lines.push_back("op.bulk_insert(" + table + ",\n    [" + join(rows, ",\n     ") + "])");
}

void render(const BatchAlterTableOp& o, Ctx& ctx, std::vector<std::string>& lines) {
    std::string head = "with op.batch_alter_table(" + python_repr(o.table.name) + ", schema=" + repr_opt(o.table.schema);
    if (o.recreate && *o.recreate != "auto") head += ", recreate=" + python_repr(*o.recreate);
    if (!o.naming_convention.empty()) {
        std::vector<std::string> entries;
        for (const auto& [key, tmpl] : o.naming_convention) entries.push_back(python_repr(key) + ": " + python_repr(tmpl));
        head += ", naming_convention={" + join(entries, ", ") + "}";
    }
    lines.push_back(head + ") as batch_op:");
    Ctx inner{ctx.compiler, ctx.imports, true, ctx.f_names};
    for (auto& sub : o.ops)
        for (auto& l : render_op(sub, inner)) lines.push_back(l);
    lines.push_back("");
}

std::vector<std::string> render_op(const MigrationOp& op, Ctx& ctx) {
    std::vector<std::string> lines;
    if (is_destructive(op)) lines.push_back("# orm: destructive: " + describe_destructive(op));
    std::visit([&](const auto& o) { render(o, ctx, lines); }, op.as_variant());
    return lines;
}

std::string table_text(const TableRef& t) { return t.fullname(); }

std::string describe_destructive(const MigrationOp& op) {
    return std::visit(
        overloaded{
            [](const DropTableOp& o) { return "drops table " + table_text(o.table) + " and its rows"; },
            [](const DropColumnOp& o) { return "drops column " + table_text(o.table) + "." + o.column + " and its data"; },
            [](const AlterColumnOp& o) {
                std::string what = table_text(o.table) + "." + o.column;
                if (o.type) return "changes the type of " + what + " (values may not convert)";
                return "makes " + what + " NOT NULL (fails on rows holding NULL)";
            },
            [](const DropEnumOp& o) { return "drops enum type " + o.spec.name.value_or("?"); },
            [](const AddColumnOp& o) {
                return "adds NOT NULL column " + table_text(o.table) + "." + o.column.name +
                       " without a default (fails when the table has rows)";
            },
            [](const auto&) { return std::string("changes data"); },
        },
        op.as_variant());
}

// Whether a line opens a block as Mako's PythonPrinter decides it: it
// starts with a compound keyword (or a word that begins with one) and ends
// in ':' with only spaces and a comment after it.
bool opens_block(std::string_view line) {
    const size_t first = line.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string_view::npos) return false;
    std::string_view head = line.substr(first);
    bool compound = false;
    for (std::string_view word : {"if", "try", "elif", "while", "for", "with"}) compound = compound || head.starts_with(word);
    if (!compound) return false;
    // The last ':' that only spaces and a comment follow.
    for (size_t colon = line.find(':'); colon != std::string_view::npos; colon = line.find(':', colon + 1)) {
        size_t after = colon + 1;
        while (after < line.size() && (line[after] == ' ' || line[after] == '\t')) ++after;
        if (after == line.size() || (line[after] == '#' && line.find('\n', after) == std::string_view::npos))
            return true;
    }
    return false;
}

// Mako's PythonPrinter, as Alembic's _render_cmd_body drives it: a line
// ending in ':' after `with` indents the following lines, an empty line
// dedents; only the first line of a multi-line entry is indented.
struct Printer {
    std::string out;
    int indent = 0;
    void writeline(const std::string& line) {
        bool blank = line.find_first_not_of(" \t") == std::string::npos;
        bool comment = !blank && line.find_first_not_of(" \t") != std::string::npos && line[line.find_first_not_of(" \t")] == '#';
        if (!comment && blank && indent > 0) --indent;
        out += std::string(4 * indent, ' ') + line + "\n";
        if (!comment && opens_block(line)) ++indent;
    }
};

}  // namespace

bool is_destructive(const MigrationOp& op) {
    return std::visit(
        overloaded{
            [](const DropTableOp&) { return true; },
            [](const DropColumnOp&) { return true; },
            [](const AlterColumnOp& o) { return o.type.has_value() || o.nullable == false; },
            [](const DropEnumOp&) { return true; },
            [](const AddColumnOp& o) { return !o.column.nullable && !o.column.server_default; },
            [](const auto&) { return false; },
        },
        op.as_variant());
}

namespace {

std::string render_body(const std::vector<MigrationOp>& ops, const sql::DDLCompiler& compiler,
                        const std::set<std::string>& f_names, std::set<std::string>& imports) {
    Ctx ctx{compiler, imports, false, &f_names};
    // An enum type a create_table of the same list uses is created by that
    // create_table, under Alembic (SQLAlchemy's before_create event, which
    // would fail on a type created just before) as under orm: the explicit
    // creation is left out, as Alembic's own autogenerate leaves it.
    std::set<std::string> created_by_tables;
    for (auto& op : ops)
        if (auto* ct = std::get_if<CreateTableOp>(&op.as_variant()))
            for (const schema::EnumSpec* e : sql::native_enums_of(ct->table, compiler))
                created_by_tables.insert((e->schema ? *e->schema + "." : "") + sql::enum_type_name(*e).value_or(""));
    Printer printer;
    printer.writeline("# ### commands auto generated by Alembic - please adjust! ###");
    bool any = false;
    for (auto& op : ops) {
        if (auto* ce = std::get_if<CreateEnumOp>(&op.as_variant()))
            if (created_by_tables.count((ce->spec.schema ? *ce->spec.schema + "." : "") +
                                        sql::enum_type_name(ce->spec).value_or("")))
                continue;
        for (auto& l : render_op(op, ctx)) {
            printer.writeline(l);
            any = true;
        }
    }
    if (!any) printer.writeline("pass");
    printer.writeline("# ### end Alembic commands ###");
    // Alembic's _indent(): four spaces before every line, outer whitespace
    // stripped, trailing spaces removed from each line.
    std::string text = printer.out, indented;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        line = "    " + line;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        indented += line;
        if (end == std::string::npos) break;
        indented += "\n";
        start = end + 1;
    }
    auto b = indented.find_first_not_of(" \t\r\n");
    auto e = indented.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : indented.substr(b, e - b + 1);
}

}  // namespace

std::string render_operations(const std::vector<MigrationOp>& ops, const sql::DDLCompiler& compiler,
                              const std::set<std::string>& f_names) {
    std::set<std::string> imports;
    return render_body(ops, compiler, f_names, imports);
}

namespace {

std::string repr_ids(const std::vector<std::string>& ids, bool tuple) {
    if (ids.empty()) return "None";
    if (ids.size() == 1 && !tuple) return python_repr(ids[0]);
    std::string out = "(";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + python_repr(ids[i]);
    return out + (ids.size() == 1 ? ",)" : ")");
}

}  // namespace

std::string render_revision(const Revision& rev, const sql::DDLCompiler& compiler) {
    std::set<std::string> imports;
    std::string upgrades = render_body(rev.upgrade_ops, compiler, rev.f_names, imports);
    std::string downgrades = render_body(rev.downgrade_ops, compiler, rev.f_names, imports);
    std::string out;
    out += "\"\"\"" + (rev.message.empty() ? std::string("empty message") : rev.message) + "\n\n";
    out += "Revision ID: " + rev.id + "\n";
    out += "Revises: " + join(rev.down_revisions, ", ") + "\n";
    out += "Create Date: " + rev.create_date + "\n\n\"\"\"\n";
    out += "from alembic import op\nimport sqlalchemy as sa\n";
    out += join(std::vector<std::string>(imports.begin(), imports.end()), "\n") + "\n\n";
    out += "# revision identifiers, used by Alembic.\n";
    out += "revision = " + python_repr(rev.id) + "\n";
    out += "down_revision = " + repr_ids(rev.down_revisions, rev.down_revision_is_tuple) + "\n";
    out += "branch_labels = " + repr_ids(rev.branch_labels, true) + "\n";
    out += "depends_on = " + repr_ids(rev.depends_on, false) + "\n\n\n";
    out += "def upgrade() -> None:\n    " + upgrades + "\n\n\n";
    out += "def downgrade() -> None:\n    " + downgrades + "\n";
    return out;
}

std::string new_revision_id() {
    std::random_device rd;
    std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
    static const char* hex = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 12; ++i) id += hex[gen() % 16];
    return id;
}

std::string revision_file_name(const std::string& id, const std::string& message) {
    std::vector<std::string> words;
    std::string word;
    for (unsigned char c : message) {
        if (std::isalnum(c) || c == '_' || c >= 0x80) {
            word += static_cast<char>(c);
        } else if (!word.empty()) {
            words.push_back(word);
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(word);
    std::string slug = join(words, "_");
    std::transform(slug.begin(), slug.end(), slug.begin(), [](unsigned char c) { return std::tolower(c); });
    if (slug.size() > 40) {
        std::string cut = slug.substr(0, 40);
        auto us = cut.rfind('_');
        slug = (us == std::string::npos ? cut : cut.substr(0, us)) + "_";
    }
    return id + "_" + slug + ".py";
}

std::string create_date_now() {
    // str(datetime.now()), as Alembic writes it.
    return format_timestamp(std::chrono::system_clock::now(), {.always_micros = false});
}

}  // namespace orm::migrate
