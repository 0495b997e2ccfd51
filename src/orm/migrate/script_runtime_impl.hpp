// The inside of a ScriptRuntime, shared by the files that implement
// Alembic's and SQLAlchemy Core's APIs for revisions (alembic_module.cpp,
// core_*.cpp, bind_objects.cpp). Not for other layers.
#pragma once

#include <exception>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "orm/declarative/bridge.hpp"
#include "orm/declarative/reader.hpp"
#include "orm/migrate/env_py.hpp"
#include "orm/migrate/op_builder.hpp"
#include "orm/migrate/op_context.hpp"
#include "orm/migrate/script_runtime.hpp"
#include "orm/python/interpreter.hpp"

namespace orm::migrate {

// What the declarative Reader holds for one revision file: the tables and
// mapped classes its own code declares (its sa.MetaData(), its
// declarative_base()), apart from every other revision's, as each revision
// module has its own in Python.
struct RevisionModels {
    declarative::ModelsFile file;
    int owning_metadata = -1;
    std::vector<declarative::Reader::PendingForeignKey> pending_fks;
    std::vector<declarative::ConstraintPtr> floating_constraints;
    std::map<std::string, std::vector<declarative::ColumnPtr>> table_columns;
};

struct ScriptRuntime::Impl {
    ScriptOptions options;
    std::unique_ptr<python::Interpreter> in;
    declarative::ModelsFile scratch;   // the Reader's output: op.create_table builds its table there
    std::unique_ptr<declarative::Reader> reader;
    std::unique_ptr<declarative::Bridge> bridge;
    // The project's sitecustomize, imported before the first revision file
    // runs (as CPython's site imports it at start-up); what it raised is
    // every revision's load error, raised when a revision runs.
    bool site_imported = false;
    std::exception_ptr site_error;
    int metadata = -1;                 // the MetaData op.create_table's tables are built on
    std::set<std::string> conventional;   // names given through op.f() in the revision running
    OpContext* ctx = nullptr;          // the context of the revision running, or nullptr
    const Revision* running = nullptr;
    std::int64_t run_serial = 0;   // counts revision runs (db.session is one per run)
    bool running_upgrade = true;
    // Core column objects by the declarative column they stand for (a column
    // inside sa.func.lower(t.c.name) comes back as its declarative value).
    std::unordered_map<const void*, const void*> core_columns;
    // Objects compiled expressions point into, kept for the runtime's life.
    std::vector<std::shared_ptr<const void>> compile_keepalive;
    // The parameters of the statement being compiled (a dict, or None): bindparam() values.
    python::Value compile_params;
    // env.py's context.configure() keywords, read when a revision first asks for opts.
    std::optional<std::vector<ConfigureOption>> env_py_options;
    // Core tables for mapped classes' tables (a query of the ORM session, sa.delete(Model)),
    // by the table's first column declaration (each revision's models are its own).
    std::map<const void*, std::shared_ptr<const void>> mapped_tables;
    // MetaData objects a revision reflected (metadata.reflect(bind)), by
    // declarative MetaData index: the (schema, name) of each table it holds.
    std::map<int, std::vector<std::pair<std::optional<std::string>, std::string>>> reflected_metadata;

    // Per revision file (by path), what its code declared (see RevisionModels).
    std::map<std::string, std::unique_ptr<RevisionModels>> revision_models;

    OpBuilder builder() { return OpBuilder(*reader, metadata, conventional); }
    // The running revision's context; raises Alembic's NameError for an
    // operation called outside upgrade()/downgrade() (at module level).
    OpContext& context_for(const std::string& what, SourceLocation loc);
    // Carries out `op`, located at the call.
    void run(const MigrationOp& op);
};

// The Impl of the runtime whose revision code runs now (nullptr outside one).
ScriptRuntime::Impl* current_runtime();
void set_current_runtime(ScriptRuntime::Impl* rt);

// Registers alembic, alembic.op, alembic.context, alembic.operations and
// alembic_postgresql_enum (alembic_module.cpp).
void register_alembic_modules(ScriptRuntime::Impl& rt);
// Registers the SQLAlchemy Core names revisions use on a connection
// (sa.table, sa.column, select/insert/update/delete, text with binds,
// inspect, Table with autoload_with) over the declarative ones (core_objects.cpp).
void register_core_names(ScriptRuntime::Impl& rt);

// Core tables (sa.table(), sa.Table(), op.create_table()'s result): the
// table an operation names, and its columns with their types; nullopt /
// nullptr for anything else (core_objects.cpp).
std::optional<TableRef> core_table_ref(const python::Value& table);
const schema::Table* core_table_schema(const python::Value& table);
// A Core table object for `table` (what op.create_table returns).
python::Value core_table_for(ScriptRuntime::Impl& rt, const schema::Table& table);

// alembic_postgresql_enum: op.sync_enum_values(...) as the operations it
// carries out, and the module's names (TableReference, ColumnType) (enum_sync.cpp).
std::vector<MigrationOp> sync_enum_values_ops(ScriptRuntime::Impl& rt, python::CallArgs& a);
void register_enum_sync_module(ScriptRuntime::Impl& rt);

// alembic_utils (PGExtension, PGFunction, PGTrigger, PGView) and the
// operations it adds to op: create_entity, drop_entity, replace_entity (alembic_utils.cpp).
void register_alembic_utils(ScriptRuntime::Impl& rt);
std::optional<python::Value> alembic_utils_operation(ScriptRuntime::Impl& rt, const std::string& name);


// sqlalchemy.orm.Session and sessionmaker over op.get_bind(), for data
// migrations that query mapped classes (orm_session.cpp): the module
// _orm_session, which sqlalchemy.orm's names resolve to in revisions.
void register_orm_session(ScriptRuntime::Impl& rt);

// op.get_bind(): the connection of the running revision (online), or
// Alembic's offline mock, whose execute() writes the statement (bind_objects.cpp).
python::Value bind_object(ScriptRuntime::Impl& rt, SourceLocation loc);
// The `dialect` object of a bind or a migration context (.name, ...).
python::Value dialect_object(const dialect::Dialect& d);
// op.get_context().opts: env.py's context.configure() keywords for the mode
// the revision runs in (configure_options.cpp).
python::Value configure_opts(ScriptRuntime::Impl& rt, bool offline, SourceLocation loc);
// Runs (or, offline, writes) what op.execute / bind.execute were given: a
// SQL string, text() (with bind parameters), or a Core statement. Returns
// the result object (online), or None (offline).
python::Value execute_statement(ScriptRuntime::Impl& rt, const python::Value& stmt, const python::Value& params,
                                SourceLocation loc, bool from_op);

}  // namespace orm::migrate
