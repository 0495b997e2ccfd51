"""orm diff against a 1,000-table PostgreSQL schema (10 columns, a foreign key
and an index each) with a few differences, beside Alembic 1.8's
compare_metadata (compare_type and compare_server_default on) on the same
database; and the number of catalog queries orm runs (counted from --echo)
for 10 and for 1,000 tables (issue: reflection and autogenerate)."""
import json
import os
import re
import subprocess

from harness import PY, PgCluster, best_of, row

TABLES = 1000


def models(n, changed):
    """A models file of n tables; `changed` applies a few differences."""
    out = [
        "from sqlalchemy import Column, Integer, String, Numeric, DateTime, Boolean, ForeignKey, Text, Float, func",
        "from sqlalchemy.orm import declarative_base",
        "",
        "Base = declarative_base()",
        "",
    ]
    for i in range(n):
        name_len = 200 if changed and i == 20 else 100
        out += [
            f"class Model{i}(Base):",
            f"    __tablename__ = 'table_{i}'",
            "    id = Column(Integer, primary_key=True)",
            f"    name = Column(String({name_len}), nullable=False, index={not (changed and i == 30)})",
            "    code = Column(String(20), unique=True)",
            "    price = Column(Numeric(10, 2), nullable=False, server_default='0')",
            f"    active = Column(Boolean, nullable={changed and i == 40}, server_default='true')",
            "    created_at = Column(DateTime, server_default=func.now())",
            "    notes = Column(Text)",
            "    quantity = Column(Integer, nullable=False, server_default='1')",
            "    ratio = Column(Float)",
            f"    parent_id = Column(Integer, ForeignKey('table_{max(i - 1, 0)}.id', ondelete='CASCADE'))",
        ]
        if changed and i == 10:
            out.append("    extra = Column(String(50))")
        out.append("")
    if changed:
        out += ["class Added(Base):", "    __tablename__ = 'added'", "    id = Column(Integer, primary_key=True)", ""]
    return "\n".join(out) + "\n"


ALEMBIC_COMPARE = r"""
import importlib.util, sys
sys.setrecursionlimit(20000)  # the 1,000-deep foreign-key chain recurses in SQLAlchemy
from sqlalchemy import create_engine
from alembic.migration import MigrationContext
from alembic.autogenerate import compare_metadata
spec = importlib.util.spec_from_file_location("models", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
engine = create_engine(sys.argv[2])
with engine.connect() as conn:
    ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
    diff = compare_metadata(ctx, m.Base.metadata)
print(len(diff))
"""


def catalog_queries(orm, models_path, url):
    """The statements orm --echo diff runs (each echoed statement starts a line with a SQL keyword)."""
    proc = subprocess.run([orm, "--echo", "--models", models_path, "--url", url, "diff"], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"orm diff failed: {proc.stderr}")
    return sum(1 for line in proc.stderr.splitlines() if re.match(r"(SELECT|WITH|SHOW|PRAGMA)\b", line))


def run(orm, repeat, workdir):
    rows = []
    paths = {}
    for key, n, changed in (("a", TABLES, False), ("b", TABLES, True), ("small_a", 10, False), ("small_b", 10, True)):
        paths[key] = os.path.join(workdir, f"models_{key}.py")
        with open(paths[key], "w") as f:
            f.write(models(n, changed))
    script = os.path.join(workdir, "alembic_compare.py")
    with open(script, "w") as f:
        f.write(ALEMBIC_COMPARE)
    with PgCluster() as pg:
        for db, key in (("big", "a"), ("small", "small_a")):
            pg.create_database(db)
            subprocess.run([orm, "--models", paths[key], "--url", pg.url(db), "create-all"], check=True,
                           stdout=subprocess.DEVNULL)
        argv = [orm, "--models", paths["b"], "--url", pg.url("big"), "diff"]
        t_orm = best_of(argv, repeat)
        t_alembic = best_of([PY, script, paths["b"], pg.url("big", "psycopg2")], max(1, repeat // 2))
        found = len(json.loads(subprocess.run(argv + ["--format", "json"], capture_output=True, text=True).stdout))
        small_argv = [orm, "--models", paths["small_b"], "--url", pg.url("small"), "diff"]
        t_orm_small = best_of(small_argv, repeat)
        t_alembic_small = best_of([PY, script, paths["small_b"], pg.url("small", "psycopg2")], max(1, repeat // 2))
        q_small = catalog_queries(orm, paths["small_b"], pg.url("small"))
        q_big = catalog_queries(orm, paths["b"], pg.url("big"))
        rows.append(row(f"diff, {TABLES:,} tables, postgresql", t_orm, "Alembic 1.8 compare_metadata", t_alembic,
                        ">= 20x faster", t_alembic / t_orm >= 20,
                        f"{found} operations; {q_big} catalog queries"))
        rows.append(row("diff, 10 tables, postgresql", t_orm_small, "Alembic 1.8 compare_metadata", t_alembic_small,
                        "catalog queries independent of table count", q_small == q_big,
                        f"{q_small} catalog queries (vs {q_big} for {TABLES:,} tables)"))
    return rows
