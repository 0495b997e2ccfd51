"""orm migrate (issue 14) over the Alembic histories of the corpus (laid out
with the corpus manifests' materialize.sh; ORM_CORPUS names the directory
holding alembic/<project>), beside Alembic 1.8 with a minimal env.py and
tests/corpus/stubs/ for the third-party packages the corpus leaves out, as
tests/corpus/run_alembic.py runs it:
- `orm migrate history` over the largest history (warehouse, 288 revisions)
  and over the largest one Alembic 1.8 can list (aiida-core: warehouse's
  revisions import SQLAlchemy 2.0 names), beside `alembic history`;
- `orm migrate upgrade heads --sql` over the largest corpus history that can
  be rendered offline at all (their data migrations call op.get_bind(),
  which offline gives nothing to read, in Alembic as in orm), and over a
  generated history of GENERATED revisions (tables, columns, indexes, foreign
  keys) beside `alembic upgrade head --sql`, since Alembic renders none of
  the corpus histories offline;
- `orm migrate` with nothing to do on SQLite, whole process, for a
  50-revision history made here, beside `alembic upgrade head`.
A row whose anchor cannot run says why in its note."""
import os
import re
import subprocess
import sys

from harness import PY, ROOT, best_of, row

sys.path.insert(0, os.path.join(ROOT, "tests", "corpus"))
import run_alembic  # noqa: E402  (the corpus runner's Alembic set-up)

REVISIONS = 50
GENERATED = 300
# (project, history): the largest history, the largest Alembic lists, the largest that renders offline.
HISTORY_CASES = [("warehouse", "warehouse/migrations"), ("aiida-core", "src/aiida/storage/psql_dos/migrations")]
OFFLINE_CASES = [("polar", "server/migrations")]
STUBS = os.path.join(ROOT, "tests", "corpus", "stubs")


def corpus_history(project, history):
    corpus = os.environ.get("ORM_CORPUS")
    if not corpus:
        sys.exit("case migrate: set ORM_CORPUS to the corpus directory (the one holding alembic/<project>)")
    root = os.path.join(corpus, "alembic", project)
    migrations = os.path.join(root, history)
    if not os.path.isdir(os.path.join(migrations, "versions")):
        sys.exit(f"case migrate: no {project} history under {root}")
    return root, migrations


def write_chain(versions, count, tag, revision_of):
    """`count` revision files in one chain under `versions`: revision_of(i)
    gives the file's name, its docstring and the bodies of upgrade() and
    downgrade()."""
    os.makedirs(versions)
    down = None
    for i in range(count):
        rev = f"{i:04d}{tag}"
        name, doc, upgrade, downgrade = revision_of(i)
        with open(os.path.join(versions, f"{rev}_{name}.py"), "w") as f:
            f.write(f'''"""{doc}"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {repr(down)}
branch_labels = None
depends_on = None


def upgrade():
    {upgrade}


def downgrade():
    {downgrade}
''')
        down = rev


def generated_history(workdir, count):
    """`count` revisions in a chain: a table, then columns, an index and a foreign key to the table before."""
    def revision_of(i):
        table, kind = f"t{i // 4}", i % 4
        body = {
            0: f'op.create_table("{table}", sa.Column("id", sa.Integer(), primary_key=True), '
               f'sa.Column("name", sa.String(50), nullable=False))',
            1: f'op.add_column("{table}", sa.Column("created", sa.DateTime(), server_default=sa.func.now()))',
            2: f'op.create_index("ix_{table}_name", "{table}", ["name"], unique=True)',
            3: f'op.add_column("{table}", sa.Column("parent_id", sa.Integer(), sa.ForeignKey("{table}.id")))',
        }[kind]
        return f"step{i}", f"step {i}", body, "pass"
    write_chain(os.path.join(workdir, "migrations", "versions"), count, "fedcba", revision_of)
    return os.path.join(workdir, "migrations")


def small_history(workdir):
    """REVISIONS revisions, one table each, and the alembic.ini + env.py of an Alembic project."""
    write_chain(os.path.join(workdir, "migrations", "versions"), REVISIONS, "abcdef", lambda i: (
        f"t{i}", f"table {i}",
        f'op.create_table("t{i}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(50)))',
        f'op.drop_table("t{i}")'))
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


def corpus_pair(orm, repeat, workdir, project, history, args, label):
    """orm and Alembic on one corpus history: a row, or None when orm itself cannot run it."""
    root, migrations = corpus_history(project, history)
    url = "postgresql://bench@localhost/bench"   # offline or listing only: no server is asked
    argv = [orm, "--migrations", migrations, "--project-root", root, "--python-path", STUBS, "--url", url,
            "migrate"] + args
    probe = subprocess.run(argv, cwd=root, capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"case migrate: orm fails on {project}: {probe.stderr.strip()[-300:]}")
    t_orm = best_of(argv, repeat, cwd=root)
    alembic = run_alembic.Alembic(os.path.join(workdir, project), root, migrations)
    rc, _, err = alembic(url, *args)
    t_alembic = best_of(alembic.argv(*args), max(1, repeat // 2), env=alembic.environ(url), cwd=root) \
        if rc == 0 else None
    count = len([f for f in os.listdir(os.path.join(migrations, "versions")) if f.endswith(".py")])
    # The error without the file path Python appends to an ImportError.
    reason = re.sub(r" \(/[^)]*\)$", "", run_alembic.first_error_line(err)) if rc else ""
    note = "" if rc == 0 else f"alembic {args[0]} fails here: " + reason
    return row(f"migrate {label}, {project} ({count} revisions)", t_orm, f"alembic {label}", t_alembic,
               ">= 20x faster", t_alembic is not None and t_alembic / t_orm >= 20, note)


def run(orm, repeat, workdir):
    rows = [corpus_pair(orm, repeat, workdir, project, history, ["history"], "history")
            for project, history in HISTORY_CASES]
    rows += [corpus_pair(orm, repeat, workdir, project, history, ["upgrade", "heads", "--sql"],
                         "upgrade heads --sql (postgresql)") for project, history in OFFLINE_CASES]

    generated = os.path.join(workdir, "generated")
    generated_history(generated, GENERATED)
    with open(os.path.join(generated, "migrations", "env.py"), "w") as f:
        f.write(run_alembic.ENV_PY)
    with open(os.path.join(generated, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = migrations\n")
    url = "postgresql://bench@localhost/bench"
    t_orm = best_of([orm, "--url", url, "migrate", "upgrade", "head", "--sql"], repeat, cwd=generated)
    t_alembic = best_of([PY, "-m", "alembic", "upgrade", "head", "--sql"], max(1, repeat // 2),
                        env=dict(os.environ, CORPUS_URL=url, CORPUS_PATH=STUBS), cwd=generated)
    rows.append(row(f"migrate upgrade head --sql (postgresql), generated history ({GENERATED} revisions)", t_orm,
                    "alembic upgrade head --sql", t_alembic, ">= 20x faster", t_alembic / t_orm >= 20))

    project = os.path.join(workdir, "project")
    small_history(project)
    subprocess.run([orm, "migrate"], cwd=project, check=True, capture_output=True)
    subprocess.run([PY, "-m", "alembic", "upgrade", "head"], cwd=project, check=True, capture_output=True)
    t_head = best_of([orm, "migrate"], repeat * 4, cwd=project)
    t_alembic_head = best_of([PY, "-m", "alembic", "upgrade", "head"], repeat, cwd=project)
    rows.append(row(f"orm migrate at head, nothing to do, sqlite ({REVISIONS} revisions), whole process", t_head,
                    "alembic upgrade head", t_alembic_head, "< 15 ms", t_head < 0.015))
    return rows
