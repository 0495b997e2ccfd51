// Reading an Alembic revision file natively (no Python runs): its
// identifiers, docstring and the op.* calls of upgrade() and downgrade(), as
// MigrationOps. Parsed by the shared Python parser (orm/python); the sa.* /
// postgresql.* objects inside the calls are evaluated by the models-file
// evaluator (orm/declarative), so a column, type or constraint means the same
// in a migration script as in a models file.
//
// Grammar (the files Alembic writes, and hand edits of them):
//
//   file      := docstring? top*
//   top       := import | 'revision' '=' STR | 'down_revision' '=' ids
//              | 'branch_labels' '=' ids | 'depends_on' '=' ids
//              | NAME '=' expr            (e.g. a postgresql.ENUM(...) shared by both functions)
//              | 'def' ('upgrade' | 'downgrade') '(' ')' ['->' 'None'] ':' body
//              | any other def / statement (passed over)
//   ids       := 'None' | STR | '(' STR, ... ')' | '[' STR, ... ']'
//   body      := stmt+
//   stmt      := 'pass' | docstring | comment
//              | op_call
//              | NAME '=' op.create_table(...) | NAME '=' sa.table(NAME, sa.column(...), ...)
//              | NAME '=' expr
//              | 'with' 'op.batch_alter_table' '(' STR [, schema=STR] [, recreate=STR] ')' 'as' NAME ':' batch_stmt+
//              | enum_expr '.create' '(' 'op.get_bind()' [, checkfirst=BOOL] ')'
//              | enum_expr '.drop' '(' 'op.get_bind()' [, checkfirst=BOOL] ')'
//   op_call   := 'op.' OPNAME '(' args ')'    OPNAME: create_table drop_table rename_table add_column
//                drop_column alter_column create_index drop_index create_foreign_key
//                create_unique_constraint create_check_constraint create_primary_key drop_constraint
//                create_table_comment drop_table_comment execute bulk_insert
//   batch_stmt:= NAME '.' OPNAME '(' args ')' (the table argument left out, as Alembic's batch_op does)
//   args      := Python arguments; sa.* / postgresql.* columns, types, constraints, sa.text(),
//                sa.func.*(), op.f('name') (a name from a naming convention)
//
// op.execute("ALTER TYPE t ADD VALUE 'v' [BEFORE|AFTER 'w']") reads as an
// add_enum_value operation (how such a change is written, see operations.hpp).
// Anything else (a loop, a condition, a call orm cannot evaluate) is an
// InputError at its file:line:col: a script is never half read.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/migrate/operations.hpp"

namespace orm::migrate {

struct Revision {
    std::string id;
    // The revisions this one follows: empty for the first revision
    // (down_revision = None), several for a merge point (a tuple).
    std::vector<std::string> down_revisions;
    bool down_revision_is_tuple = false;   // written as a tuple / list (even of one)
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    std::string message;       // the docstring's first paragraph
    std::string create_date;   // the docstring's "Create Date:" value, as written
    std::vector<MigrationOp> upgrade_ops;
    std::vector<MigrationOp> downgrade_ops;
    // The names the file writes as op.f('name') (a name a naming convention
    // made): the writer writes them the same way again.
    std::set<std::string> f_names;
    std::string path;          // the file it was read from
    std::string sha256;        // of the file's bytes
    std::shared_ptr<const SourceFile> source;
    SourceLocation id_loc;     // `revision = ...`, for messages about this revision
    SourceLocation down_revision_loc;
};

// Reads a revision file held in memory (its name() is the path reported).
// Throws InputError (file:line:col, line and caret) for anything unreadable.
Revision read_revision(std::shared_ptr<const SourceFile> source);

// Loads `path` and reads it; UsageError when the file cannot be read.
Revision read_revision_file(const std::string& path);

}  // namespace orm::migrate
