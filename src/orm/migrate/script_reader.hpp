// An Alembic revision file, as orm knows it: its identifiers and docstring
// (read by running the file's module body on the interpreter, see
// script_runtime.hpp), and the module whose upgrade() and downgrade() the
// runner calls. A revision made in memory (autogenerate, before it is
// written) carries its operations instead.
#pragma once

#include <exception>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/migrate/operations.hpp"
#include "orm/python/value.hpp"

namespace orm::migrate {

class ScriptRuntime;

struct Revision {
    std::string id;
    // The revisions this one follows: empty for the first revision
    // (down_revision = None), several for a merge point (a tuple).
    std::vector<std::string> down_revisions;
    bool down_revision_is_tuple = false;   // written as a tuple / list (even of one)
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    std::string message;       // the docstring's first paragraph
    // "id (message)" with the message's first line only (and "..." when it
    // has more), to name the revision on one line of an error.
    std::string named() const {
        auto eol = message.find('\n');
        return id + " (" + (eol == std::string::npos ? message : message.substr(0, eol) + " ...") + ")";
    }
    std::string doc;           // the whole docstring, stripped (Alembic's longdoc)
    std::string create_date;   // the docstring's "Create Date:" value, as written
    // A revision made in memory (autogenerate): its operations, which the
    // writer renders. A revision read from a file runs its functions instead
    // (record_operations gives what they do without a database).
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
    // The runtime the file ran on, and its module (null for a revision made in memory).
    std::shared_ptr<ScriptRuntime> runtime;
    python::Value module;
    // A project module the file imports failed under orm: the identifiers
    // were read from the file's text, and running the revision raises this.
    std::exception_ptr load_error;
};

// Reads a revision file held in memory (its name() is the path reported) on
// a runtime of its own, and records what its upgrade() and downgrade() do
// (upgrade_ops, downgrade_ops) without a database: for tests and tools that
// want a file's operations. Throws InputError (file:line:col, line and
// caret) for code that fails.
Revision read_revision(std::shared_ptr<const SourceFile> source);

// Loads `path` and reads it as read_revision does; UsageError when the file cannot be read.
Revision read_revision_file(const std::string& path);

}  // namespace orm::migrate
