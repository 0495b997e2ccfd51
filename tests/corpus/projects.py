"""Where each corpus project's models are: the project root (absolute
imports resolve from it) and the package or module a user points --models
at ("models" may list several, one per MetaData); "dialects" when a project
supports only some backends; "oracle" says why SQLAlchemy 1.4 cannot import
it (then orm's figures stand alone); "history_note" explains what run_schema.py's
comparison with the project's own Alembic history finds. The corpus itself (third-party code) is never committed: lay it out
with the corpus manifests' materialize.sh and give its directory to the runners."""

MODELS = {
    "Flask-AppBuilder": {"root": ".", "models": "flask_appbuilder", "oracle": "written for SQLAlchemy 2.0"},
    "PowerDNS-Admin": {"root": ".", "models": "powerdnsadmin"},
    "aiida-core": {"root": "src", "models": "aiida", "dialects": ["postgresql"]},
    "conda-store": {"root": "conda-store-server", "models": "conda_store_server", "oracle": "written for SQLAlchemy 2.0",
                    "history_note": "its models moved to SQLAlchemy 2.0's Mapped[] (a non-Optional annotation is NOT "
                                    "NULL) and to native enums without revisions that follow: the differences are "
                                    "the project's"},
    "datacube-core": {"root": ".", "models": "datacube", "dialects": ["postgresql"]},
    "full-stack-fastapi-template": {"root": "backend", "models": "app",
                                    "oracle": "written for SQLModel 0.0.2x and pydantic 2 (Debian has SQLModel 0.0.8)"},
    "gnocchi": {"root": ".", "models": "gnocchi"},
    "indico": {"root": ".", "models": "indico", "dialects": ["postgresql"]},
    "invenio-accounts": {"root": ".", "models": "invenio_accounts"},
    "keystone": {"root": ".", "models": "keystone"},
    "nbgrader": {"root": ".", "models": "nbgrader"},
    "nova": {"root": ".", "models": ["nova.db.main.models", "nova.db.api.models"]},
    "optuna": {"root": ".", "models": "optuna"},
    "pgadmin4": {"root": "web", "models": "pgadmin"},
    "polar": {"root": "server", "models": "polar", "oracle": "written for SQLAlchemy 2.0", "dialects": ["postgresql"],
              "history_note": "the oauth2 tables' columns come from authlib's sqla_oauth2 mixins, a package the "
                              "corpus does not lay out: orm warns at each such class that their columns are not "
                              "in its schema"},
    "warehouse": {"root": ".", "models": "warehouse", "oracle": "written for SQLAlchemy 2.0", "dialects": ["postgresql"],
                  "history_note": "its trove_classifiers CHECK is given as `__tableargs__` (a misspelling SQLAlchemy "
                                  "ignores too), release_vulnerabilities has no primary key in the database, "
                                  "release_files' CHECKs differ from the revisions', and admin_flags and row_counts "
                                  "live in modules the corpus does not lay out"},
}
