"""orm migrate (issue 14) over the largest Alembic history of the corpus,
warehouse's 288 revisions (laid out with the corpus manifests' materialize.sh;
ORM_CORPUS names the directory holding alembic/warehouse): `orm migrate
history` and `orm migrate upgrade heads --sql` for PostgreSQL beside
`alembic history` and `alembic upgrade heads --sql` on the same folder
(Alembic 1.8 with a minimal env.py and tests/corpus/stubs/ for the
third-party packages the corpus leaves out, as tests/corpus/run_alembic.py
runs it); and `orm migrate` with nothing to do on SQLite, whole process,
for a 50-revision history made here, beside `alembic upgrade head`."""
import os
import subprocess
import sys

from harness import PY, ROOT, best_of, row

sys.path.insert(0, os.path.join(ROOT, "tests", "corpus"))
import run_alembic  # noqa: E402  (the corpus runner's Alembic set-up)

REVISIONS = 50


def corpus_history():
    corpus = os.environ.get("ORM_CORPUS")
    if not corpus:
        sys.exit("case migrate: set ORM_CORPUS to the corpus directory (the one holding alembic/warehouse)")
    root = os.path.join(corpus, "alembic", "warehouse")
    migrations = os.path.join(root, "warehouse", "migrations")
    if not os.path.isdir(os.path.join(migrations, "versions")):
        sys.exit(f"case migrate: no warehouse history under {root}")
    return root, migrations


def small_history(workdir):
    """REVISIONS revisions, one table each, and the alembic.ini + env.py of an Alembic project."""
    versions = os.path.join(workdir, "migrations", "versions")
    os.makedirs(versions)
    down = None
    for i in range(REVISIONS):
        rev = f"{i:04d}abcdef"
        with open(os.path.join(versions, f"{rev}_t{i}.py"), "w") as f:
            f.write(f'''"""table {i}"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {repr(down)}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("t{i}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))


def downgrade():
    op.drop_table("t{i}")
''')
        down = rev
    with open(os.path.join(workdir, "migrations", "env.py"), "w") as f:
        f.write('''from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
''')
    with open(os.path.join(workdir, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///%(here)s/app.db\n")


def run(orm, repeat, workdir):
    rows = []
    root, migrations = corpus_history()
    alembic = run_alembic.Alembic(workdir, root, migrations)
    url = "postgresql://bench@localhost/bench"   # offline: no server is asked
    orm_argv = [orm, "--migrations", migrations, "--project-root", root, "--url", url, "migrate"]

    t_orm = best_of(orm_argv + ["history"], repeat, cwd=root)
    rc, _, err = alembic(url, "history")
    t_alembic = best_of(alembic.argv("history"), max(1, repeat // 2), env=alembic.environ(url), cwd=root) \
        if rc == 0 else None
    rows.append(row("migrate history, warehouse (288 revisions)", t_orm, "alembic history", t_alembic,
                    ">= 20x faster", t_alembic is not None and t_alembic / t_orm >= 20,
                    "" if rc == 0 else "alembic history fails here: " + run_alembic.first_error_line(err)))

    t_orm_sql = best_of(orm_argv + ["upgrade", "heads", "--sql"], repeat, cwd=root)
    rc, _, err = alembic(url, "upgrade", "heads", "--sql")
    t_alembic_sql = best_of(alembic.argv("upgrade", "heads", "--sql"), max(1, repeat // 2),
                            env=alembic.environ(url), cwd=root) if rc == 0 else None
    rows.append(row("migrate upgrade heads --sql, warehouse, postgresql", t_orm_sql, "alembic upgrade heads --sql",
                    t_alembic_sql, ">= 20x faster", t_alembic_sql is not None and t_alembic_sql / t_orm_sql >= 20,
                    "" if rc == 0 else "alembic upgrade --sql fails here: " + run_alembic.first_error_line(err)))

    project = os.path.join(workdir, "project")
    small_history(project)
    subprocess.run([orm, "migrate"], cwd=project, check=True, capture_output=True)
    subprocess.run([PY, "-m", "alembic", "upgrade", "head"], cwd=project, check=True, capture_output=True)
    t_head = best_of([orm, "migrate"], repeat * 4, cwd=project)
    t_alembic_head = best_of([PY, "-m", "alembic", "upgrade", "head"], repeat, cwd=project)
    rows.append(row(f"orm migrate at head, nothing to do, sqlite ({REVISIONS} revisions), whole process", t_head,
                    "alembic upgrade head", t_alembic_head, "< 15 ms", t_head < 0.015))
    return rows
