#include "orm/migrate/autogenerate.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/autogenerate_detail.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/schema/naming.hpp"
#include "orm/schema/sort.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

using nlohmann::json;
using schema::Table;
using schema::TypeEngine;
using schema::TypeKind;

namespace detail {

namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// ---- types: when PostgreSQL's ALTER COLUMN TYPE needs USING ---------------

enum class Family { String, Number, Boolean, Temporal, Json, Binary, NativeEnum, Other };

Family family(const TypeEngine& t) {
    switch (t.kind) {
    case TypeKind::String: case TypeKind::Unicode: case TypeKind::Text: case TypeKind::UnicodeText:
    case TypeKind::VARCHAR: case TypeKind::NVARCHAR: case TypeKind::CHAR: case TypeKind::NCHAR:
    case TypeKind::TEXT: case TypeKind::CLOB: case TypeKind::PG_CITEXT:
        return Family::String;
    case TypeKind::Enum: case TypeKind::PG_ENUM:
        return t.enum_spec && t.enum_spec->native_enum ? Family::NativeEnum : Family::String;
    case TypeKind::Integer: case TypeKind::SmallInteger: case TypeKind::BigInteger: case TypeKind::INTEGER:
    case TypeKind::SMALLINT: case TypeKind::BIGINT: case TypeKind::Float: case TypeKind::Numeric:
    case TypeKind::FLOAT: case TypeKind::REAL: case TypeKind::DOUBLE: case TypeKind::DOUBLE_PRECISION:
    case TypeKind::NUMERIC: case TypeKind::DECIMAL: case TypeKind::PG_DOUBLE_PRECISION: case TypeKind::PG_REAL:
        return Family::Number;
    case TypeKind::Boolean: case TypeKind::BOOLEAN: return Family::Boolean;
    case TypeKind::Date: case TypeKind::DateTime: case TypeKind::Time: case TypeKind::DATE: case TypeKind::DATETIME:
    case TypeKind::TIMESTAMP: case TypeKind::TIME: case TypeKind::PG_TIMESTAMP: case TypeKind::PG_TIME:
        return Family::Temporal;
    case TypeKind::JSON: case TypeKind::PG_JSON: case TypeKind::PG_JSONB: return Family::Json;
    case TypeKind::LargeBinary: case TypeKind::BLOB: case TypeKind::PG_BYTEA: return Family::Binary;
    default: return Family::Other;
    }
}

}  // namespace

// USING for a PostgreSQL type change that has no assignment cast (text ->
// integer, varchar -> enum, one enum to another); nullopt where the plain
// ALTER works (same family, or to a string: everything has a text form).
std::optional<std::string> postgresql_using(const std::string& column, const TypeEngine& from, const TypeEngine& to,
                                            const sql::DDLCompiler& compiler, const schema::MetaData& md) {
    const Family f = family(from), t = family(to);
    if (t == Family::String) return std::nullopt;
    if (f == t && f != Family::NativeEnum && f != Family::Other) return std::nullopt;
    std::string expr = compiler.quote(column);
    if (f == Family::NativeEnum || t == Family::NativeEnum) expr += "::text";
    return expr + "::" + compiler.type_spec(to, md, nullptr);
}

namespace {

// ---- enum type changes (PostgreSQL) -------------------------------------------

bool uses_enum(const TypeEngine& t, const std::string& name, const std::optional<std::string>& schema) {
    return (t.kind == TypeKind::Enum || t.kind == TypeKind::PG_ENUM) && t.enum_spec && t.enum_spec->native_enum &&
           sql::enum_type_name(*t.enum_spec) == name && t.enum_spec->schema == schema;
}

}  // namespace

// The operations that change enum type `spec` (as the state has it) to
// `values`: ALTER TYPE ADD VALUE when every value stays in its order; else
// the type is made again, the columns of that type passing through text
// (their defaults set aside meanwhile). `table_names` maps a state table
// name to the name it has when these operations run (a rename before them).
std::vector<MigrationOp> enum_change_ops(const schema::EnumSpec& spec, const std::vector<std::string>& values,
                                         const SchemaState& state, const std::map<std::string, std::string>& table_names,
                                         const sql::DDLCompiler& compiler) {
    std::vector<MigrationOp> out;
    const std::string name = sql::enum_type_name(spec).value_or("");
    // Kept in order: every old value present, and in the same relative order.
    std::vector<std::string> kept;
    for (const auto& v : values)
        if (std::find(spec.values.begin(), spec.values.end(), v) != spec.values.end()) kept.push_back(v);
    if (kept == spec.values) {
        std::vector<std::string> current = spec.values;
        for (size_t i = 0; i < values.size(); ++i) {
            if (std::find(current.begin(), current.end(), values[i]) != current.end()) continue;
            AddEnumValueOp op;
            op.spec = spec;
            op.spec.values = current;
            op.value = values[i];
            if (i > 0 && current.back() != values[i - 1]) op.after = values[i - 1];
            else if (i == 0 && !current.empty()) op.before = current.front();
            auto pos = i == 0 ? current.begin() : std::find(current.begin(), current.end(), values[i - 1]) + 1;
            current.insert(pos, values[i]);
            out.push_back(std::move(op));
        }
        return out;
    }
    struct Use {
        TableRef table;
        const schema::Column* column;
    };
    std::vector<Use> uses;
    for (const auto& t : state.metadata.tables)
        for (const auto& c : t->columns)
            if (uses_enum(c.type, name, spec.schema)) {
                auto it = table_names.find(t->name);
                uses.push_back({TableRef{it == table_names.end() ? t->name : it->second, t->schema}, &c});
            }
    TypeEngine text;
    text.kind = TypeKind::TEXT;
    TypeEngine new_type;
    new_type.kind = TypeKind::PG_ENUM;
    new_type.enum_spec = spec;
    new_type.enum_spec->values = values;
    auto alter = [&](const Use& u) {
        AlterColumnOp a;
        a.table = u.table;
        a.column = u.column->name;
        a.existing_nullable = u.column->nullable;
        a.existing_comment = u.column->comment;
        return a;
    };
    for (const auto& u : uses) {
        if (!u.column->server_default) continue;
        AlterColumnOp a = alter(u);
        a.server_default = schema::ClausePtr();
        a.existing_type = u.column->type;
        a.existing_server_default = u.column->server_default;
        out.push_back(std::move(a));
    }
    for (const auto& u : uses) {
        AlterColumnOp a = alter(u);
        a.type = text;
        a.postgresql_using = compiler.quote(u.column->name) + "::text";
        a.existing_type = u.column->type;
        a.existing_server_default = schema::ClausePtr();
        out.push_back(std::move(a));
    }
    DropEnumOp drop;
    drop.spec = spec;
    out.push_back(std::move(drop));
    CreateEnumOp create;
    create.spec = spec;
    create.spec.values = values;
    out.push_back(std::move(create));
    for (const auto& u : uses) {
        AlterColumnOp a = alter(u);
        a.type = new_type;
        a.postgresql_using = compiler.quote(u.column->name) + "::" + compiler.type_spec(new_type, state.metadata, nullptr);
        a.existing_type = text;
        a.existing_server_default = schema::ClausePtr();
        out.push_back(std::move(a));
    }
    for (const auto& u : uses) {
        if (!u.column->server_default) continue;
        AlterColumnOp a = alter(u);
        a.server_default = u.column->server_default;
        a.existing_type = new_type;
        a.existing_server_default = schema::ClausePtr();
        out.push_back(std::move(a));
    }
    return out;
}

namespace {

// ---- finding the objects a difference names ---------------------------------

const Table* table_named(const schema::MetaData& md, const std::string& name) {
    for (const auto& t : md.tables)
        if (t->name == name) return t.get();
    return nullptr;
}

std::string fk_action(const std::optional<std::string>& a) { return a ? upper(*a) : "NO ACTION"; }

bool same_fk(const schema::ForeignKeyConstraint& f, const json& j) {
    return j.is_object() && json(f.columns) == j.value("columns", json()) && f.referred_table == j.value("referred_table", "") &&
           json(f.referred_columns) == j.value("referred_columns", json()) && fk_action(f.ondelete) == j.value("ondelete", "") &&
           fk_action(f.onupdate) == j.value("onupdate", "");
}

// ---- one table's operations -------------------------------------------------------

struct TableOps {
    TableRef ref;                      // the name during the migration (after renames)
    std::string db_name;               // the name in the reflected database
    std::vector<MigrationOp> drops;    // indexes, constraints, (SQLite) foreign keys, primary key
    std::vector<MigrationOp> columns;  // renames, additions, alterations
    std::vector<MigrationOp> column_drops;
    std::vector<MigrationOp> adds;     // constraints, primary key, indexes, comment
    std::map<std::string, size_t> alter_at;   // models column name -> index in `columns`

    std::vector<MigrationOp> all() const {
        std::vector<MigrationOp> out = drops;
        out.insert(out.end(), columns.begin(), columns.end());
        out.insert(out.end(), column_drops.begin(), column_drops.end());
        out.insert(out.end(), adds.begin(), adds.end());
        return out;
    }
};

class Autogenerate {
public:
    Autogenerate(const std::vector<Operation>& diff, const schema::MetaData& models, const SchemaState& database)
        : diff_(diff), models_(models), db_(database), compiler_(dialect::get_dialect(database.dialect).ddl_compiler()),
          rebuilds_tables_(!compiler_->supports_alter()) {}

    std::vector<MigrationOp> run() {
        for (const auto& d : diff_)
            if (d.kind == "rename_table") {
                renamed_[d.new_value.get<std::string>()] = d.old_value.get<std::string>();
                new_name_[d.old_value.get<std::string>()] = d.new_value.get<std::string>();
            }
        for (const auto& d : diff_)
            if (d.kind == "add_table") new_tables_.insert(d.table);
        for (const auto& d : diff_) one(d);
        return assemble();
    }

private:
    const std::vector<Operation>& diff_;
    const schema::MetaData& models_;
    const SchemaState& db_;
    std::unique_ptr<sql::DDLCompiler> compiler_;
    // The dialect has no ALTER for constraints and column changes (SQLite):
    // those changes go into batch blocks, which rebuild the table.
    const bool rebuilds_tables_;

    std::map<std::string, std::string> renamed_;    // new table name -> database name
    std::map<std::string, std::string> new_name_;   // database name -> new name
    std::set<std::string> new_tables_;
    std::vector<MigrationOp> renames_, enums_, fk_drops_, enum_drops_;
    std::vector<const Table*> created_, removed_;
    std::vector<std::string> table_order_;
    std::map<std::string, TableOps> tables_;

    [[noreturn]] void unknown(const Operation& d, const std::string& what) const {
        throw InputError("autogenerate: " + d.kind + " on '" + d.table + "': " + what);
    }

    const Table& mtable(const Operation& d) const {
        const Table* t = table_named(models_, d.table);
        if (!t) unknown(d, "no such table in the models");
        return *t;
    }

    const Table& dtable(const Operation& d) const {
        auto it = renamed_.find(d.table);
        const Table* t = table_named(db_.metadata, it == renamed_.end() ? d.table : it->second);
        if (!t) unknown(d, "no such table in the database");
        return *t;
    }

    TableOps& ops_for(const Operation& d) {
        auto it = tables_.find(d.table);
        if (it != tables_.end()) return it->second;
        table_order_.push_back(d.table);
        TableOps& t = tables_[d.table];
        const Table& dt = dtable(d);
        t.ref = TableRef{d.table, dt.schema};
        t.db_name = dt.name;
        return t;
    }

    // The column's AlterColumnOp, made on first use with the database's facts.
    AlterColumnOp& alter_for(const Operation& d) {
        TableOps& t = ops_for(d);
        auto it = t.alter_at.find(*d.column);
        if (it != t.alter_at.end()) return std::get<AlterColumnOp>(t.columns[it->second].as_variant());
        const Table& dt = dtable(d);
        const Table& mt = mtable(d);
        const schema::Column* mc = mt.column(*d.column);
        if (!mc) unknown(d, "no column '" + *d.column + "' in the models");
        std::string from = *d.column;
        if (!dt.column(from) && mc->info.is_object() && mc->info.contains("renamed_from"))
            from = mc->info["renamed_from"].get<std::string>();
        const schema::Column* dc = dt.column(from);
        if (!dc) unknown(d, "no column '" + from + "' in the database");
        AlterColumnOp a;
        a.table = t.ref;
        a.column = dc->name;
        a.existing_type = dc->type;
        a.existing_nullable = dc->nullable;
        a.existing_server_default = dc->server_default;
        a.existing_comment = dc->comment;
        t.alter_at[*d.column] = t.columns.size();
        t.columns.push_back(std::move(a));
        return std::get<AlterColumnOp>(t.columns.back().as_variant());
    }

    // One difference, by its kind: each kind's handler below adds the operations it needs.
    void one(const Operation& d) {
        using Handler = void (Autogenerate::*)(const Operation&);
        static const std::map<std::string, Handler> handlers{
            {"rename_table", &Autogenerate::rename_table},
            {"add_table", &Autogenerate::add_table},
            {"remove_table", &Autogenerate::remove_table},
            {"add_column", &Autogenerate::add_column},
            {"remove_column", &Autogenerate::remove_column},
            {"rename_column", &Autogenerate::rename_column},
            {"modify_type", &Autogenerate::modify_type},
            {"modify_nullable", &Autogenerate::modify_nullable},
            {"modify_default", &Autogenerate::modify_default},
            {"modify_comment", &Autogenerate::modify_comment},
            {"modify_table_comment", &Autogenerate::modify_table_comment},
            {"modify_primary_key", &Autogenerate::modify_primary_key},
            {"add_constraint", &Autogenerate::add_constraint},
            {"remove_constraint", &Autogenerate::remove_constraint},
            {"add_fk", &Autogenerate::add_fk},
            {"remove_fk", &Autogenerate::remove_fk},
            {"add_check", &Autogenerate::add_check},
            {"remove_check", &Autogenerate::remove_check},
            {"add_index", &Autogenerate::add_index},
            {"remove_index", &Autogenerate::remove_index},
            {"add_enum", &Autogenerate::add_enum},
            {"remove_enum", &Autogenerate::remove_enum},
            {"modify_enum", &Autogenerate::modify_enum},
        };
        auto it = handlers.find(d.kind);
        if (it == handlers.end()) unknown(d, "unknown kind of difference");
        (this->*it->second)(d);
    }

    // ---- one handler per kind of difference (compare.hpp lists them) ------

    void rename_table(const Operation& d) {
        const std::string from = d.old_value.get<std::string>();
        const Table* t = table_named(db_.metadata, from);
        RenameTableOp op;
        op.table = TableRef{from, t ? t->schema : std::nullopt};
        op.new_name = d.new_value.get<std::string>();
        renames_.push_back(std::move(op));
    }

    void add_table(const Operation& d) {
        created_.push_back(&mtable(d));
    }

    void remove_table(const Operation& d) {
        const Table* t = table_named(db_.metadata, d.table);
        if (!t) unknown(d, "no such table in the database");
        removed_.push_back(t);
    }

    void add_column(const Operation& d) {
        const Table& mt = mtable(d);
        AddColumnOp op;
        op.table = ops_for(d).ref;
        op.column = *mt.column(*d.column);
        // Its unique constraint and index come as differences of their own.
        op.column.unique.reset();
        op.column.index.reset();
        op.column.nullable = !sql::DDLCompiler::column_not_null(mt, op.column);
        ops_for(d).columns.push_back(std::move(op));
    }

    void remove_column(const Operation& d) {
        const schema::Column* dc = dtable(d).column(*d.column);
        if (!dc) unknown(d, "no column '" + *d.column + "' in the database");
        DropColumnOp op;
        op.table = ops_for(d).ref;
        op.column = dc->name;
        op.existing = *dc;
        ops_for(d).column_drops.push_back(std::move(op));
    }

    void rename_column(const Operation& d) {
        alter_for(d).new_column_name = *d.column;
    }

    void modify_type(const Operation& d) {
        const Table& mt = mtable(d);
        AlterColumnOp& a = alter_for(d);
        a.type = mt.column(*d.column)->type;
        // USING runs before a rename (Alembic renames last): the column's old name.
        if (!rebuilds_tables_) a.postgresql_using = postgresql_using(a.column, *a.existing_type, *a.type, *compiler_, models_);
    }

    void modify_nullable(const Operation& d) {
        const Table& mt = mtable(d);
        alter_for(d).nullable = !sql::DDLCompiler::column_not_null(mt, *mt.column(*d.column));
    }

    void modify_default(const Operation& d) {
        alter_for(d).server_default = mtable(d).column(*d.column)->server_default;
    }

    void modify_comment(const Operation& d) {
        alter_for(d).comment = mtable(d).column(*d.column)->comment;
    }

    void modify_table_comment(const Operation& d) {
        CreateTableCommentOp op;
        op.table = ops_for(d).ref;
        op.comment = mtable(d).comment;
        op.existing_comment = dtable(d).comment;
        ops_for(d).adds.push_back(std::move(op));
    }

    void modify_primary_key(const Operation& d) {
        const Table& dt = dtable(d);
        const Table& mt = mtable(d);
        TableOps& t = ops_for(d);
        if (!dt.primary_key.columns.empty()) {
            DropConstraintOp op;
            op.table = t.ref;
            op.name = dt.primary_key.name.value_or("");
            op.type = "primary";
            op.existing = dt.primary_key;
            t.drops.push_back(std::move(op));
        }
        if (!mt.primary_key.columns.empty()) {
            CreatePrimaryKeyOp op;
            op.table = t.ref;
            op.constraint = mt.primary_key;
            t.adds.push_back(std::move(op));
        }
    }

    void add_constraint(const Operation& d) {
        const Table& mt = mtable(d);
        const json cols = d.new_value.value("columns", json::array());
        auto it = std::find_if(mt.unique_constraints.begin(), mt.unique_constraints.end(),
                               [&](const schema::UniqueConstraint& u) { return json(u.columns) == cols; });
        if (it == mt.unique_constraints.end()) unknown(d, "no such unique constraint in the models");
        CreateUniqueConstraintOp op;
        op.table = ops_for(d).ref;
        op.constraint = *it;
        ops_for(d).adds.push_back(std::move(op));
    }

    void remove_constraint(const Operation& d) {
        const Table& dt = dtable(d);
        const json cols = d.old_value.value("columns", json::array());
        auto it = std::find_if(dt.unique_constraints.begin(), dt.unique_constraints.end(), [&](const schema::UniqueConstraint& u) {
            return json(u.columns) == cols && u.name == d.name;
        });
        if (it == dt.unique_constraints.end()) unknown(d, "no such unique constraint in the database");
        DropConstraintOp op;
        op.table = ops_for(d).ref;
        op.name = it->name.value_or("");
        op.type = "unique";
        op.existing = *it;
        if (op.name.empty()) {
            // The database gave it no name (SQLite): the batch block names it
            // by a convention, so the file says which one to drop (Alembic's
            // recipe); an empty name would drop nothing, or fail.
            op.naming_convention = {{"uq", "uq_%(table_name)s_%(column_0_N_name)s"}};
            schema::MetaData md;
            md.naming_convention = op.naming_convention;
            schema::ConventionSubject subject;
            subject.target = schema::ConventionTarget::Unique;
            for (const auto& c : it->columns)
                if (const auto* col = dt.column(c)) subject.columns.push_back(col);
            op.name = schema::convention_name(md, dt, subject).value_or("");
        }
        ops_for(d).drops.push_back(std::move(op));
    }

    void add_fk(const Operation& d) {
        const Table& mt = mtable(d);
        auto it = std::find_if(mt.foreign_keys.begin(), mt.foreign_keys.end(),
                               [&](const schema::ForeignKeyConstraint& f) { return same_fk(f, d.new_value) && f.name == d.name; });
        if (it == mt.foreign_keys.end()) unknown(d, "no such foreign key in the models");
        TableOps& t = ops_for(d);
        // A one-column key on a column this migration adds goes with the
        // column (SQLite: REFERENCES inline, no rebuild) unless it
        // refers to a table made later (PostgreSQL checks the target).
        if (it->columns.size() == 1 && (rebuilds_tables_ || !new_tables_.count(it->referred_table))) {
            for (auto& op : t.columns)
                if (auto* add = std::get_if<AddColumnOp>(&op.as_variant()); add && add->column.name == it->columns[0]) {
                    add->foreign_keys.push_back(*it);
                    return;
                }
        }
        CreateForeignKeyOp op;
        op.table = t.ref;
        op.constraint = *it;
        t.adds.push_back(std::move(op));
    }

    void remove_fk(const Operation& d) {
        const Table& dt = dtable(d);
        auto it = std::find_if(dt.foreign_keys.begin(), dt.foreign_keys.end(),
                               [&](const schema::ForeignKeyConstraint& f) { return same_fk(f, d.old_value) && f.name == d.name; });
        if (it == dt.foreign_keys.end()) unknown(d, "no such foreign key in the database");
        DropConstraintOp op;
        op.table = ops_for(d).ref;
        op.name = it->name.value_or("");
        op.type = "foreignkey";
        op.existing = *it;
        // PostgreSQL: before anything it depends on changes; SQLite: in the table's rebuild.
        if (rebuilds_tables_) ops_for(d).drops.push_back(std::move(op));
        else fk_drops_.push_back(std::move(op));
    }

    void add_check(const Operation& d) {
        const Table& mt = mtable(d);
        const std::string body = d.new_value.value("sqltext", "");
        schema::CheckConstraint ck;
        auto it = std::find_if(mt.check_constraints.begin(), mt.check_constraints.end(), [&](const schema::CheckConstraint& c) {
            return c.name == d.name && c.sqltext && normalise_sql(compiler_->compile_clause(*c.sqltext)) == normalise_sql(body);
        });
        if (it != mt.check_constraints.end()) {
            ck = *it;
        } else {   // implied by a column's type (Boolean / non-native Enum with create_constraint)
            ck.name = d.name;
            ck.sqltext = schema::Clause::make(schema::ClauseKind::Text, body);
        }
        ck.column.reset();
        CreateCheckConstraintOp op;
        op.table = ops_for(d).ref;
        op.constraint = std::move(ck);
        ops_for(d).adds.push_back(std::move(op));
    }

    void remove_check(const Operation& d) {
        const Table& dt = dtable(d);
        const std::string body = d.old_value.value("sqltext", "");
        auto it = std::find_if(dt.check_constraints.begin(), dt.check_constraints.end(), [&](const schema::CheckConstraint& c) {
            return c.name == d.name && c.sqltext && compiler_->compile_clause(*c.sqltext) == body;
        });
        if (it == dt.check_constraints.end()) unknown(d, "no such check constraint in the database");
        DropConstraintOp op;
        op.table = ops_for(d).ref;
        op.name = it->name.value_or("");
        op.type = "check";
        op.existing = *it;
        ops_for(d).drops.push_back(std::move(op));
    }

    void add_index(const Operation& d) {
        const Table& mt = mtable(d);
        auto it = std::find_if(mt.indexes.begin(), mt.indexes.end(), [&](const schema::Index& ix) {
            return index_name_in_database(ix, *compiler_, models_) == d.name.value_or("");
        });
        if (it == mt.indexes.end()) unknown(d, "no such index in the models");
        CreateIndexOp op;
        op.table = ops_for(d).ref;
        op.index = *it;
        op.index.name = d.name;
        op.index.from_column = false;
        ops_for(d).adds.push_back(std::move(op));
    }

    void remove_index(const Operation& d) {
        const Table& dt = dtable(d);
        auto it = std::find_if(dt.indexes.begin(), dt.indexes.end(), [&](const schema::Index& ix) { return ix.name == d.name; });
        if (it == dt.indexes.end()) unknown(d, "no such index in the database");
        DropIndexOp op;
        op.table = ops_for(d).ref;
        op.name = *d.name;
        op.existing = *it;
        ops_for(d).drops.push_back(std::move(op));
    }

    void add_enum(const Operation& d) {
        CreateEnumOp op;
        op.spec = models_enum(*d.name);
        enums_.push_back(std::move(op));
    }

    void remove_enum(const Operation& d) {
        DropEnumOp op;
        op.spec = db_enum(*d.name);
        enum_drops_.push_back(std::move(op));
    }

    void modify_enum(const Operation& d) {
        auto ops = enum_change_ops(db_enum(*d.name), models_enum(*d.name).values, db_, new_name_, *compiler_);
        enums_.insert(enums_.end(), ops.begin(), ops.end());
    }

    schema::EnumSpec models_enum(const std::string& name) const {
        for (const auto& t : models_.tables)
            for (const auto* e : sql::native_enums_of(*t, *compiler_))
                if (sql::enum_type_name(*e) == name) {
                    schema::EnumSpec spec = *e;
                    spec.name = name;
                    return spec;
                }
        throw InputError("autogenerate: no enum type '" + name + "' in the models");
    }

    schema::EnumSpec db_enum(const std::string& name) const {
        for (const auto& e : db_.enums)
            if (e.name == name) return e;
        throw InputError("autogenerate: no enum type '" + name + "' in the database");
    }

    // SQLite: whether this table's operations need a rebuild, replayed on the table alone.
    bool needs_batch(const TableOps& t) const {
        const Table* dt = table_named(db_.metadata, t.db_name);
        if (!dt) return false;
        SchemaState mini;
        mini.dialect = db_.dialect;
        mini.metadata.tables.push_back(std::make_unique<Table>(*dt));
        mini.metadata.tables.back()->name = t.ref.name;
        for (const auto& op : t.all()) {
            if (sqlite_needs_rebuild(op, mini)) return true;
            apply_operation(op, mini);
        }
        return false;
    }

    std::vector<MigrationOp> assemble() {
        std::vector<MigrationOp> out;
        auto append = [&out](const std::vector<MigrationOp>& v) { out.insert(out.end(), v.begin(), v.end()); };
        append(renames_);

        // Dropped tables: referring tables first; on PostgreSQL the foreign keys
        // of a cycle between them are dropped before any of the tables.
        std::vector<const Table*> drop_order = removed_;
        std::vector<MigrationOp> cycle_fk_drops;
        if (!removed_.empty()) {
            const bool alter = !rebuilds_tables_;
            schema::FkFilter filter = [alter](const schema::ForeignKeyConstraint& fk) -> std::optional<bool> {
                if (!alter || !fk.name) return false;
                return std::nullopt;
            };
            try {
                auto sorted = schema::sort_tables_and_constraints(db_.metadata, removed_, filter);
                drop_order.assign(sorted.tables.rbegin(), sorted.tables.rend());
                if (alter)
                    for (const auto& [t, fk] : sorted.separate_fks) {
                        DropConstraintOp op;
                        op.table = TableRef{t->name, t->schema};
                        op.name = *fk->name;
                        op.type = "foreignkey";
                        op.existing = *fk;
                        cycle_fk_drops.push_back(std::move(op));
                    }
            } catch (const schema::CircularDependencyError&) {
                // Unnamed foreign keys in a cycle: the given order (SQLite does not mind).
            }
        }
        append(fk_drops_);
        append(cycle_fk_drops);
        append(enums_);

        std::set<std::string> batched;
        if (rebuilds_tables_)
            for (const auto& name : table_order_)
                if (needs_batch(tables_.at(name))) batched.insert(name);
        for (const auto& name : table_order_) {
            if (batched.count(name)) continue;
            const TableOps& t = tables_.at(name);
            append(t.drops);
            append(t.columns);
            append(t.column_drops);
        }

        // New tables in dependency order; on PostgreSQL the foreign keys of a
        // cycle (and use_alter ones) are added once all of them exist.
        if (!created_.empty()) {
            auto sorted = schema::sort_tables_and_constraints(models_, created_);
            std::vector<MigrationOp> later;
            for (const Table* t : sorted.tables) {
                CreateTableOp op;
                op.table = *t;
                if (!rebuilds_tables_) {
                    std::vector<schema::ForeignKeyConstraint> kept;
                    for (const auto& fk : t->foreign_keys) {
                        bool separate = fk.use_alter;
                        for (const auto& [st, sfk] : sorted.separate_fks)
                            if (sfk == &fk) separate = true;
                        if (!separate) {
                            kept.push_back(fk);
                            continue;
                        }
                        CreateForeignKeyOp add;
                        add.table = TableRef{t->name, t->schema};
                        add.constraint = fk;
                        add.constraint.use_alter = false;
                        later.push_back(std::move(add));
                    }
                    op.table.foreign_keys = std::move(kept);
                }
                out.push_back(std::move(op));
            }
            append(later);
        }

        for (const auto& name : table_order_) {
            const TableOps& t = tables_.at(name);
            if (batched.count(name)) {
                BatchAlterTableOp batch;
                batch.table = t.ref;
                batch.ops = t.all();
                for (const auto& o : batch.ops)
                    if (const auto* drop = std::get_if<DropConstraintOp>(&o.as_variant()); drop && !drop->naming_convention.empty())
                        batch.naming_convention = drop->naming_convention;
                out.push_back(std::move(batch));
            } else {
                append(t.adds);
            }
        }

        for (const Table* t : drop_order) {
            DropTableOp op;
            op.table = TableRef{t->name, t->schema};
            op.existing = *t;
            out.push_back(std::move(op));
        }
        append(enum_drops_);
        return out;
    }
};

}  // namespace
}  // namespace detail

std::vector<MigrationOp> operations_from_diff(const std::vector<Operation>& diff, const schema::MetaData& models,
                                              const SchemaState& database) {
    return detail::Autogenerate(diff, models, database).run();
}

}  // namespace orm::migrate
