// Revision files run as the programs they are: each file runs once as a
// module on the interpreter (python/), with SQLAlchemy's API native
// (declarative/) and Alembic's (`alembic`, `alembic.op`, `alembic.context`)
// native here; project modules the revisions import resolve from the
// project roots. Loading a file runs its module body only (imports, the
// revision identifiers, helpers): upgrade() and downgrade() run when the
// runner runs that revision, with their op.* calls going to an OpContext.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/migrate/script_reader.hpp"

namespace orm::python { class Interpreter; }
namespace orm::declarative { class Bridge; }

namespace orm::migrate {

class OpContext;

struct ScriptOptions {
    // Where absolute imports resolve from, in order (the project root first).
    std::vector<std::string> roots;
    // The dialect with_variant() and TypeDecorator.load_dialect_impl choose
    // for, and the one context.get_context().dialect names.
    std::string dialect = "sqlite";
    // context.config.get_main_option(name) (alembic.ini's [alembic] section).
    std::map<std::string, std::string> main_options;
    std::string config_file_name;
    // The project's env.py (empty: none): the keywords its context.configure()
    // calls pass are op.get_context().opts.
    std::string env_py;
    // -x arguments: context.get_x_argument().
    std::vector<std::string> x_arguments;
    // os.environ for the revisions; default: the process environment.
    std::function<std::optional<std::string>(const std::string&)> getenv;
    // Values from modules orm does not run are errors where their meaning is needed.
    bool strict = false;
    // Where print() and logging write (default: standard error).
    std::function<void(const std::string&)> print;
};

class ScriptRuntime {
public:
    explicit ScriptRuntime(ScriptOptions options);
    ~ScriptRuntime();
    ScriptRuntime(const ScriptRuntime&) = delete;
    ScriptRuntime& operator=(const ScriptRuntime&) = delete;

    // Runs the file's module body and reads its identifiers (revision,
    // down_revision, branch_labels, depends_on) and docstring. Throws
    // InputError (file:line:col) when the body fails or the identifiers are
    // missing or malformed; nothing of upgrade()/downgrade() runs.
    Revision load(std::shared_ptr<const SourceFile> source, const std::shared_ptr<ScriptRuntime>& self);

    // Runs `rev`'s upgrade() (or downgrade()) with its op.* calls going to
    // `ctx`. A Python exception escaping it is an InputError at the
    // innermost frame of the revision's code, the frames above listed.
    void run(const Revision& rev, bool upgrade, OpContext& ctx);

    const ScriptOptions& options() const;
    python::Interpreter& interpreter();
    declarative::Bridge& bridge();
    // The names op.f() was given in the last revision run (loaded or run).
    const std::set<std::string>& f_names() const;
    // What orm treated differently from Python while revisions ran (opaque names, ...).
    std::vector<std::string> warnings() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// The OpContext of the revision running now, or nullptr (set by ScriptRuntime::run).
OpContext* current_op_context();

// The operations a revision's upgrade() or downgrade() carries out, recorded
// without a database (op.get_bind() is the offline mock; nothing runs).
std::vector<MigrationOp> record_operations(const Revision& rev, bool upgrade, const std::string& dialect = "sqlite");

}  // namespace orm::migrate
