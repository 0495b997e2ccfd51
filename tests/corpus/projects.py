"""Where each corpus project's models are: the project root (absolute
imports resolve from it) and the package or module a user points --models
at ("models" may list several, one per MetaData); "dialects" when a project
supports only some backends; "oracle" says why SQLAlchemy 1.4 cannot import
it (then orm's figures stand alone). The corpus itself (third-party code) is never committed: lay it out
with the corpus manifests' materialize.sh and give its directory to the runners."""

MODELS = {
    "Flask-AppBuilder": {"root": ".", "models": "flask_appbuilder", "oracle": "written for SQLAlchemy 2.0"},
    "PowerDNS-Admin": {"root": ".", "models": "powerdnsadmin"},
    "aiida-core": {"root": "src", "models": "aiida", "dialects": ["postgresql"]},
    "conda-store": {"root": "conda-store-server", "models": "conda_store_server", "oracle": "written for SQLAlchemy 2.0"},
    "datacube-core": {"root": ".", "models": "datacube", "dialects": ["postgresql"]},
    "full-stack-fastapi-template": {"root": "backend", "models": "app", "oracle": "written for SQLAlchemy 2.0"},
    "gnocchi": {"root": ".", "models": "gnocchi"},
    "indico": {"root": ".", "models": "indico", "dialects": ["postgresql"]},
    "invenio-accounts": {"root": ".", "models": "invenio_accounts"},
    "keystone": {"root": ".", "models": "keystone"},
    "nbgrader": {"root": ".", "models": "nbgrader"},
    "nova": {"root": ".", "models": ["nova.db.main.models", "nova.db.api.models"]},
    "optuna": {"root": ".", "models": "optuna"},
    "pgadmin4": {"root": "web", "models": "pgadmin"},
    "polar": {"root": "server", "models": "polar", "oracle": "written for SQLAlchemy 2.0", "dialects": ["postgresql"]},
    "warehouse": {"root": ".", "models": "warehouse", "oracle": "written for SQLAlchemy 2.0", "dialects": ["postgresql"]},
}
