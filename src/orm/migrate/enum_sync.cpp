// alembic_postgresql_enum, natively: op.sync_enum_values(enum_schema,
// enum_name, new_values, affected_columns, enum_values_to_rename) replaces a
// PostgreSQL enum type's values as the library does (rename the type away,
// create it with the new values, move each affected column over with
// USING col::text::type, renamed values mapped in a CASE, an array column
// with USING col::text[]::type[] and array_replace() for renamed values,
// drop the old type), and the module's names revisions import
// (TableReference, ColumnType).
#include "orm/core/error.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/script_runtime_impl.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

namespace py = orm::python;

namespace {

struct Affected {
    std::optional<std::string> schema;
    std::string table, column;
    std::optional<std::string> server_default;
    bool array = false;   // column_type=ColumnType.ARRAY: an array of the enum
};

std::string literal(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

Affected affected_of(ScriptRuntime::Impl& rt, const py::Value& v, SourceLocation loc) {
    py::Interpreter& in = *rt.in;
    Affected a;
    if (v.is(py::ObjKind::Tuple) || v.is(py::ObjKind::List)) {   // (table, column) in older versions
        auto items = in.to_vector(v, loc);
        if (items.size() < 2) in.raise(in.exc.TypeError, "affected_columns takes (table, column) pairs", loc);
        a.table = in.str(items[0]);
        a.column = in.str(items[1]);
        return a;
    }
    auto field = [&](const char* name) -> py::Value {
        auto f = in.getattr_opt(v, name, loc);
        return f ? *f : py::Value();
    };
    a.table = in.str(field("table_name"));
    a.column = in.str(field("column_name"));
    if (py::Value s = field("table_schema"); !s.is_none()) a.schema = in.str(s);
    if (py::Value d = field("existing_server_default"); !d.is_none()) a.server_default = in.str(d);
    if (py::Value t = field("column_type"); !t.is_none()) a.array = in.str(t) == "ARRAY";
    return a;
}

// TableReference(table_schema=..., table_name=..., column_name=..., existing_server_default=...).
void fill_module(ScriptRuntime::Impl& rt, py::ModuleObject& m) {
    py::Interpreter& in = *rt.in;
    py::Ref<py::ClassObject> ref = in.make_class("TableReference", {}, "alembic_postgresql_enum");
    in.add_method(*ref, "__init__", [](py::Interpreter& in, py::CallArgs& a) {
        static const char* const fields[] = {"table_schema", "table_name", "column_name", "column_type",
                                             "existing_server_default"};
        py::Value self = a.pos[0];
        for (std::size_t i = 0; i < 5; ++i) {
            const py::Value* v = a.arg(fields[i], i + 1);
            in.setattr(self, fields[i], v ? *v : py::Value(), a.loc);
        }
        return py::Value();
    });
    m.dict->set_str("TableReference", py::Value(ref));
    py::Ref<py::ClassObject> column_type = in.make_class("ColumnType", {}, "alembic_postgresql_enum");
    column_type->dict->set_str("COMMON", py::make_str("COMMON"));
    column_type->dict->set_str("ARRAY", py::make_str("ARRAY"));
    m.dict->set_str("ColumnType", py::Value(column_type));
}

}  // namespace

std::vector<MigrationOp> sync_enum_values_ops(ScriptRuntime::Impl& rt, python::CallArgs& a) {
    py::Interpreter& in = *rt.in;
    OpContext& ctx = rt.context_for("sync_enum_values", a.loc);
    auto text = [&](const char* name, std::size_t i) -> std::string {
        const py::Value* v = a.arg(name, i);
        if (!v) in.raise(in.exc.TypeError, std::string("sync_enum_values() missing required argument: '") + name + "'", a.loc);
        return in.str(*v);
    };
    std::string schema_name = text("enum_schema", 0);
    std::string name = text("enum_name", 1);
    const py::Value* values = a.arg("new_values", 2);
    const py::Value* columns = a.arg("affected_columns", 3);
    if (!values || !columns) in.raise(in.exc.TypeError, "sync_enum_values() takes new_values and affected_columns", a.loc);
    std::vector<std::pair<std::string, std::string>> renames;
    if (const py::Value* r = a.arg("enum_values_to_rename", 4); r && !r->is_none())
        for (auto& pair : in.to_vector(*r, a.loc)) {
            auto p = in.to_vector(pair, a.loc);
            if (p.size() == 2) renames.emplace_back(in.str(p[0]), in.str(p[1]));
        }
    const sql::DDLCompiler& c = ctx.dialect().shared_ddl_compiler();
    std::string type = c.quote(schema_name) + "." + c.quote(name);
    std::string list;
    for (auto& v : in.to_vector(*values, a.loc)) list += (list.empty() ? "" : ", ") + literal(in.str(v));
    std::vector<MigrationOp> steps;
    auto exec = [&](std::string sql) {
        ExecuteOp op;
        op.loc = a.loc;
        op.sql = std::move(sql);
        steps.emplace_back(std::move(op));
    };
    exec("ALTER TYPE " + type + " RENAME TO " + c.quote(name + "_old"));
    exec("CREATE TYPE " + type + " AS ENUM(" + list + ")");
    for (auto& v : in.to_vector(*columns, a.loc)) {
        Affected col = affected_of(rt, v, a.loc);
        if (!col.server_default) {
            // Not given: the column's default as the schema has it (a default typed with the old enum
            // would block the type change), as the library reads it from the database.
            const schema::Table* t = find_table(ctx.state(), TableRef{col.table, col.schema});
            if (!t && col.schema.value_or(schema_name) == ctx.dialect().default_schema_name())
                t = find_table(ctx.state(), TableRef{col.table, std::nullopt});
            if (const schema::Column* existing = t ? t->column(col.column) : nullptr; existing && existing->server_default)
                col.server_default = c.column_default_string(*existing);
        }
        std::string table = c.quote(col.schema.value_or(schema_name)) + "." + c.quote(col.table);
        std::string column = c.quote(col.column);
        if (col.server_default) exec("ALTER TABLE " + table + " ALTER COLUMN " + column + " DROP DEFAULT");
        std::string source = column + "::text";
        std::string new_type = type;
        if (col.array) {
            // An array of the enum stays one: each element cast, renamed values replaced.
            source = column + "::text[]";
            for (auto& [from, to] : renames) source = "array_replace(" + source + ", " + literal(from) + ", " + literal(to) + ")";
            new_type += "[]";
        } else if (!renames.empty()) {
            source = "CASE";
            for (auto& [from, to] : renames) source += " WHEN " + column + "::text = " + literal(from) + " THEN " + literal(to);
            source += " ELSE " + column + "::text END";
        }
        exec("ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE " + new_type + " USING " + source + "::" + new_type);
        if (col.server_default)
            exec("ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT " + *col.server_default);
    }
    exec("DROP TYPE " + c.quote(schema_name) + "." + c.quote(name + "_old"));
    return steps;
}

void register_enum_sync_module(ScriptRuntime::Impl& rt) {
    ScriptRuntime::Impl* r = &rt;
    rt.in->register_module("alembic_postgresql_enum", [r](py::Interpreter&, py::ModuleObject& m) { fill_module(*r, m); });
}

}  // namespace orm::migrate
