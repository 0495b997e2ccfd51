// The files `orm init` writes, as text templates. "{url}" stands for the
// database URL of the chosen dialect.
#pragma once

namespace orm::cli::init_templates {

inline constexpr const char* kModels = R"py("""The project's models, in SQLAlchemy's declarative style.

orm reads this file natively (no Python needed), and SQLAlchemy and Alembic
import it unchanged. Add a class per table, then write and apply a migration:

    orm migrate revision --autogenerate -m "add users"
    orm migrate
"""
from sqlalchemy import Column, DateTime, Integer, String, func
from sqlalchemy.orm import declarative_base

# Every model derives from Base; Base.metadata collects their tables, and is
# what `orm migrate revision --autogenerate` (and Alembic's) compares with
# the database.
Base = declarative_base()


class User(Base):
    """An example model: rename it, change it or delete it."""

    __tablename__ = "users"

    id = Column(Integer, primary_key=True)
    # nullable=False makes a NOT NULL column, unique=True a UNIQUE constraint.
    email = Column(String(255), nullable=False, unique=True)
    name = Column(String(100))
    # A server-side default: the database fills it in on INSERT.
    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
)py";

inline constexpr const char* kConfig = R"toml(# orm's settings for this project (orm config shows what is in effect).
# Command-line flags and the environment (ORM_URL, DATABASE_URL, ORM_MODELS,
# ORM_MIGRATIONS) override them. Relative paths are relative to this file.

# The models: a .py file, a package directory or a dotted module name.
models = "models.py"

# The database. SQLite files are relative to this file.
url = "{url}"

# Alembic-compatible revision files live in migrations/versions/.
migrations = "migrations"
)toml";

inline constexpr const char* kGitignore[] = {
    "# orm: SQLite databases, their journals and the migration lock",
    "*.db",
    "*.db-journal",
    "*.db-wal",
    "*.db-shm",
    "*.orm-migrate.lock",
    "__pycache__/",
};

inline constexpr const char* kAlembicIni = R"ini(# Alembic's settings for this folder, written by `orm init --alembic`.
# orm reads sqlalchemy.url and script_location from here too, below orm.toml.

[alembic]
script_location = %(here)s/migrations
prepend_sys_path = .
sqlalchemy.url = {url}

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
)ini";

inline constexpr const char* kEnvPy = R"py("""Alembic's environment, written by `orm init --alembic`.

Alembic runs it for `alembic upgrade` and friends; orm reads the same
revision files natively and does not need it. target_metadata is the models'
Base.metadata, so `alembic revision --autogenerate` compares the same schema
as `orm migrate revision --autogenerate`.
"""
import os
import sys
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

# The project folder, so that `import models` works wherever alembic runs from.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from models import Base  # noqa: E402

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = Base.metadata

# The same precedence as orm: ORM_URL, then DATABASE_URL, then alembic.ini.
url = os.environ.get("ORM_URL") or os.environ.get("DATABASE_URL")
if url:
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))


def run_migrations_offline():
    """`alembic upgrade --sql`: the SQL, without a database."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                                     poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
)py";

// Alembic's own template for `alembic revision` (its "generic" one).
inline constexpr const char* kScriptMako = R"mako("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
)mako";

}  // namespace orm::cli::init_templates
