"""Where each corpus project's models are: the project root (absolute
imports resolve from it) and the package or module a user points --models
at. The corpus itself (third-party code) is never committed: lay it out
with ../shared/corpus/materialize.sh and give its directory to the runners."""

MODELS = {
    "Flask-AppBuilder": {"root": ".", "models": "flask_appbuilder"},
    "PowerDNS-Admin": {"root": ".", "models": "powerdnsadmin"},
    "aiida-core": {"root": "src", "models": "aiida"},
    "conda-store": {"root": "conda-store-server", "models": "conda_store_server"},
    "datacube-core": {"root": ".", "models": "datacube"},
    "full-stack-fastapi-template": {"root": "backend", "models": "app"},
    "gnocchi": {"root": ".", "models": "gnocchi"},
    "indico": {"root": ".", "models": "indico"},
    "invenio-accounts": {"root": ".", "models": "invenio_accounts"},
    "keystone": {"root": ".", "models": "keystone"},
    "nbgrader": {"root": ".", "models": "nbgrader"},
    "nova": {"root": ".", "models": "nova"},
    "optuna": {"root": ".", "models": "optuna"},
    "pgadmin4": {"root": "web", "models": "pgadmin"},
    "polar": {"root": "server", "models": "polar"},
    "warehouse": {"root": ".", "models": "warehouse"},
}
