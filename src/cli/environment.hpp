// Every environment variable orm reads, with what it does: `orm --help`,
// orm(1) and README.md list them from here (tests/cli/test_docs.cpp checks
// the README). A models file or revision may read any other variable
// through os.environ / os.getenv; libpq reads its own PG* variables.
#pragma once

namespace orm::cli {

struct EnvironmentVariable {
    const char* name;
    const char* meaning;
};

inline constexpr EnvironmentVariable kEnvironment[] = {
    {"ORM_URL", "the database URL when --url is not given"},
    {"DATABASE_URL", "the database URL when neither --url nor ORM_URL is given"},
    {"ORM_MODELS", "the models (a .py file, a package directory, a module name or a metadata JSON) instead of models.py"},
    {"ORM_MIGRATIONS", "the migrations folder instead of migrations"},
    {"ORM_PYTHONPATH", "more ':'-separated directories for modules outside the project, as --python-path"},
    {"ORM_STRICT", "any value but 0/false: as --strict"},
    {"ORM_PAGER", "the pager for tall query tables (cat: none); else PAGER, else less -RFX"},
    {"PAGER", "the pager when ORM_PAGER is not set"},
    {"NO_COLOR", "set: no colours, even on a terminal (unless --color always)"},
    {"FORCE_COLOR", "set and not 0: colours even in a pipe (unless --color never)"},
    {"TERM", "dumb: no progress bars and no colours"},
    {"COLUMNS", "the width query tables fit, instead of the terminal's"},
    {"LINES", "the terminal height that decides when the pager is used, instead of the terminal's"},
    {"PGPASSWORD, PGHOST, PGUSER, PGSSLMODE, ...", "read by libpq for what a PostgreSQL URL leaves out"},
};

}  // namespace orm::cli
