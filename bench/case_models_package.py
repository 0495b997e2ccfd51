"""Model packages read by orm (issue 13): a generated package of 2,000 tables
over 200 modules (the base, mixins and a helper in their own modules), and,
when the real-world corpus is laid out (ORM_BENCH_CORPUS=DIR, see
tests/corpus/), its largest package. orm's whole `create-all --sql` process
beside /usr/bin/python3 importing the same package and compiling create_all
on a mock engine (tests/corpus/sa_corpus_ddl.py)."""
import os
import subprocess
import sys

from harness import HERE, PY, ROOT, best_of, row

ORACLE = os.path.join(ROOT, "tests", "corpus", "sa_corpus_ddl.py")
STUBS = os.path.join(ROOT, "tests", "corpus", "stubs")
# The corpus project with the most tables that SQLAlchemy 1.4 imports whole.
LARGEST = ("keystone", ".", "keystone")


def pair(orm, repeat, root, package, dialect, url):
    t_orm = best_of([orm, "--models", package, "--project-root", ".", "--python-path", STUBS, "--url", url,
                     "create-all", "--sql"], repeat, cwd=root)
    t_sa = best_of([PY, ORACLE, ".", package, dialect, STUBS], max(1, repeat // 2), cwd=root)
    return t_orm, t_sa


def run(orm, repeat, workdir):
    subprocess.run([sys.executable, os.path.join(HERE, "gen_package.py"), workdir, "200", "10"], check=True)
    rows = []
    t_orm, t_sa = pair(orm, repeat, workdir, "app", "postgresql", "postgresql://bench@localhost/bench")
    rows.append(row("create-all --sql, generated package: 2,000 tables in 200 modules, postgresql", t_orm,
                    "SQLAlchemy 1.4: import + create_all (mock engine)", t_sa, "orm < 0.5 s", t_orm < 0.5))
    corpus = os.environ.get("ORM_BENCH_CORPUS")
    name, root, package = LARGEST
    if corpus and os.path.isdir(os.path.join(corpus, name)):
        t_orm, t_sa = pair(orm, repeat, os.path.join(corpus, name, root), package, "sqlite", "sqlite:///bench.db")
        rows.append(row(f"create-all --sql, corpus: {name} (package {package}), sqlite", t_orm,
                        "SQLAlchemy 1.4: import + create_all (mock engine)", t_sa, "ratio >= 20x",
                        t_sa / t_orm >= 20))
    return rows
