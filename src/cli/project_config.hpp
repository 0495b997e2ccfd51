// An Alembic project read as orm reads it, with no flags: alembic.ini (in
// the current directory, or -c FILE) gives the migrations folder
// (script_location), the database URL (sqlalchemy.url, with %(here)s and
// the other ConfigParser interpolations), the version table
// (version_table, version_table_schema) and prepend_sys_path; env.py, read
// without being run, gives the module target_metadata comes from (the
// models for autogenerate and check) and a version_table= passed to
// context.configure().
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace orm::cli {

struct AlembicProject {
    std::string ini_path;                       // the alembic.ini read
    std::string script_location;                // the migrations folder, as a path
    std::optional<std::string> url;             // sqlalchemy.url
    std::optional<std::string> version_table;
    std::optional<std::string> version_table_schema;
    std::vector<std::string> sys_path;          // prepend_sys_path, as absolute directories
    std::map<std::string, std::string> main_options;   // the [alembic] section, interpolated
    // From env.py: the module target_metadata is imported from (dotted).
    std::optional<std::string> models_module;
};

// Reads `ini_path` (its [alembic] section, or the one named `section`) and
// the env.py beside its script_location. Throws InputError (file:line) for
// a malformed file, UsageError when it cannot be read.
AlembicProject read_alembic_project(const std::string& ini_path, const std::string& section = "alembic");

}  // namespace orm::cli
