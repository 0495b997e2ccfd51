// Writing revision files the way Alembic 1.8 does: its generic
// script.py.mako template filled with autogenerate's rendering of each
// operation (alembic/autogenerate/render.py), so Alembic runs the file
// unchanged and orm's script_reader reads it back to the same operations.
// Beyond Alembic: destructive operations get a "# orm: destructive ..."
// comment line above them, and the operations Alembic cannot render
// (rename_table, new_column_name, bulk_insert, enum types) are written as
// the op.* calls Alembic runs.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "orm/migrate/operations.hpp"
#include "orm/migrate/script_reader.hpp"

namespace orm::sql { class DDLCompiler; }

namespace orm::migrate {

// The whole file for `rev` (id, down_revisions, branch_labels, depends_on,
// message, create_date, upgrade_ops, downgrade_ops). `compiler` is the target
// database's: server defaults and SQL expressions are rendered as it compiles
// them, as Alembic's autogenerate does.
std::string render_revision(const Revision& rev, const sql::DDLCompiler& compiler);

// The body of upgrade()/downgrade() (what replaces ${upgrades}), without the
// leading four spaces of its first line. `f_names`: names to write as op.f().
std::string render_operations(const std::vector<MigrationOp>& ops, const sql::DDLCompiler& compiler,
                              const std::set<std::string>& f_names = {});

// A new revision id: 12 random hex digits, as Alembic's rev_id().
std::string new_revision_id();

// Alembic's file name for a revision: "<id>_<slug>.py", the slug being the
// message's words, lower-cased, joined by "_", cut to 40 characters at a word.
std::string revision_file_name(const std::string& id, const std::string& message);

// The local time as Python's str(datetime.now()): "2024-01-02 03:04:05.123456".
std::string create_date_now();

// Python's repr() of a str.
std::string python_repr(const std::string& s);

// True for an operation that drops data or may fail on existing rows.
bool is_destructive(const MigrationOp& op);

}  // namespace orm::migrate
