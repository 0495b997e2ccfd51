# A minimal Alembic env.py for the interoperability tests: the database URL
# comes from ORM_TEST_URL, the models (target_metadata, for autogenerate) from
# the file ORM_TEST_MODELS when set. SQLite renders batch blocks, as Alembic's
# documentation recommends (render_as_batch).
import importlib.util
import os

from alembic import context
from sqlalchemy import create_engine, pool

url = os.environ["ORM_TEST_URL"]
target_metadata = None
models = os.environ.get("ORM_TEST_MODELS")
if models:
    spec = importlib.util.spec_from_file_location("orm_test_models", models)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target_metadata = module.Base.metadata

options = dict(
    target_metadata=target_metadata,
    render_as_batch=url.startswith("sqlite"),
    compare_type=True,
    compare_server_default=True,
)

if context.is_offline_mode():
    context.configure(url=url, literal_binds=True, **options)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True, **options)
        with context.begin_transaction():
            context.run_migrations()
