"""create-all --sql on a generated 2,000-table models file (issue: foundation)."""
import os
import subprocess

from harness import HERE, PY, best_of, row

SA_CREATE_ALL_SQL = r"""
import importlib.util, sys
import sqlalchemy
from sqlalchemy import create_mock_engine
spec = importlib.util.spec_from_file_location("models", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
out = []
def dump(sql, *a, **k):
    out.append(str(sql.compile(dialect=engine.dialect)) + ";\n")
engine = create_mock_engine(sys.argv[2], dump)
m.Base.metadata.create_all(engine, checkfirst=False)
sys.stdout.write("\n".join(out))
"""


def run(orm, repeat, workdir):
    models = os.path.join(workdir, "models_2000.py")
    with open(models, "w") as f:
        subprocess.run([PY, os.path.join(HERE, "gen_models.py"), "2000"], stdout=f, check=True)
    rows = []
    for dialect, url in (("sqlite", "sqlite:///bench.db"), ("postgresql", "postgresql://bench@localhost/bench")):
        t_orm = best_of([orm, "--models", models, "--url", url, "create-all", "--sql"], repeat, cwd=workdir)
        script = os.path.join(workdir, "sa_create_all_sql.py")
        with open(script, "w") as f:
            f.write(SA_CREATE_ALL_SQL)
        t_sa = best_of([PY, script, models, url], max(1, repeat // 2), cwd=workdir)
        rows.append(row(f"create-all --sql, 2,000 tables, {dialect}", t_orm, "SQLAlchemy 1.4 create_all (mock engine)",
                        t_sa, "orm < 0.5 s", t_orm < 0.5))
    return rows
