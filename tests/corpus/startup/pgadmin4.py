# What pgAdmin's application sets at start-up, before it runs its migrations
# (create_app() in pgadmin/__init__.py): a revision writes this value into the
# version table. Both tools run it first, through a sitecustomize module.
import config
from pgadmin.model import SCHEMA_VERSION

config.SETTINGS_SCHEMA_VERSION = SCHEMA_VERSION
