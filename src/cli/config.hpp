// The configuration file and the settings precedence of SPEC §2/§3:
// flags > environment > configuration file > models file > defaults.
//
// The configuration file is, searching from the current directory upwards,
// the first `orm.toml`, or `pyproject.toml` holding a [tool.orm] table (a
// pyproject.toml without one is passed over), or the file `-c` names. Keys:
//
//   models = "app/models.py"        # a .py file, a package directory or a dotted module name
//   url = "sqlite:///app.db"        # the database
//   migrations = "migrations"       # the migrations folder
//   project_root = "."              # where absolute imports resolve from
//
// Relative paths, a SQLite database's among them, are relative to the
// file's directory, so that orm run from a subdirectory means the same
// project. An `alembic.ini` in that directory (or in the current one when
// there is no configuration file), or the one `-c` names, adds Alembic's
// `sqlalchemy.url` and `script_location` (with %(here)s) below those keys,
// its relative paths also taken from its own directory (where Alembic is
// run from, in the usual layout).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace orm::cli {

// One setting's effective value and where it came from, as `orm config`
// prints it: "--url", "ORM_URL", "orm.toml", "pyproject.toml [tool.orm]",
// "alembic.ini", "the models file", "the default".
struct Setting {
    std::string value;
    std::string source;
    std::string file;   // the configuration file it came from, if any
};

// What a configuration file (and an alembic.ini) say, paths resolved.
struct ConfigFile {
    std::filesystem::path path;   // the orm.toml / pyproject.toml, or empty
    std::filesystem::path alembic_ini;   // the alembic.ini read, or empty
    std::optional<Setting> models, url, migrations, project_root;
};

// Reads the configuration that applies in `directory` (or `explicit_file`
// when not empty: an orm.toml, a pyproject.toml or an alembic.ini). Throws
// InputError (exit 3, with the line and a caret) for a file that is not
// valid TOML, an unknown key or a value that is not a string; UsageError
// when `explicit_file` cannot be read.
ConfigFile load_config(const std::filesystem::path& directory, const std::string& explicit_file);

// The command line's own values ("" when not given).
struct CommandLineSettings {
    std::string models, url, migrations, project_root;
};

// The effective settings before the models file is read: the URL is
// unset when neither a flag, the environment nor the configuration names
// one (the models file's create_engine() and the default come next, in
// Context::url()).
struct Settings {
    ConfigFile config;
    Setting models, migrations, project_root;
    std::optional<Setting> url;
};

// Throws UsageError naming the file for a configuration URL that is chosen
// and malformed.
Settings resolve_settings(const CommandLineSettings& flags, const ConfigFile& config);

}  // namespace orm::cli
