#!/usr/bin/python3
"""The escape hatch on real projects: share/orm/dump_metadata.py writes a
corpus project's MetaData as the JSON `orm --models schema.json` reads, and
`orm create-all --sql` from that JSON is compared with the CREATE statements
SQLAlchemy 1.4 itself compiles for the same MetaData (create_all on a mock
engine), per dialect, as sets of whitespace-normalised statements.

usage: /usr/bin/python3 run_dump_metadata.py --orm BUILD/orm --corpus DIR [--only NAME,...] [--out FILE]

DIR is the models corpus laid out as for run_models.py. The projects are
ones SQLAlchemy 1.4 imports (with the stand-ins of stubs/ for third-party
packages the corpus does not lay out); TARGETS names the MetaData of each.
Results go to stdout as Markdown, or to --out FILE.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import projects  # noqa: E402
from report import write_report  # noqa: E402
from run_models import OFFLINE_URLS, statements  # noqa: E402

# project -> the module:attribute dump_metadata.py is given (a declarative base or a db). A target is
# one module whose import declares every table (aiida-core's models are spread over modules that no one
# module imports, so its Base alone has none: it is left out).
TARGETS = {
    "nbgrader": "nbgrader.api:Base",
    "optuna": "optuna.storages._rdb.models:BaseModel",
    "invenio-accounts": "invenio_accounts.models:db",
}

# Run by /usr/bin/python3 in the project's root: the stand-ins installed as
# run_models' oracle installs them, then dump_metadata.py's own main() writes
# the JSON, and the same MetaData's CREATE statements are compiled after it.
WRAPPER = r"""
import json, os, sys
root, stubs, dump, target, dialect, json_out, ddl_out = sys.argv[1:8]
import sqlalchemy, sqlalchemy.orm
sys.path.insert(0, root)
sys.path.append(stubs)
import _autostub
_autostub.PROJECT_ROOT = os.path.abspath(root) + os.sep
sys.path.insert(0, os.path.dirname(dump))
import dump_metadata
with open(json_out, "w") as f:
    stdout, sys.stdout = sys.stdout, f
    try:
        dump_metadata.main([target, "--dialect", dialect])
    finally:
        sys.stdout = stdout
md = dump_metadata.find_metadata(target, False)
statements = []
engine = sqlalchemy.create_mock_engine(dialect + "://", lambda ddl, *a, **k: statements.append(
    str(ddl.compile(dialect=engine.dialect)).strip()))
md.create_all(engine, checkfirst=False)
with open(ddl_out, "w") as f:
    json.dump(statements, f)
"""


def run_project(orm, corpus, name, work):
    spec = projects.MODELS[name]
    root = os.path.join(corpus, name, spec["root"])
    rows = []
    for dialect in spec.get("dialects", ["sqlite", "postgresql"]):
        json_out = os.path.join(work, "%s_%s.json" % (name, dialect))
        ddl_out = os.path.join(work, "%s_%s.ddl.json" % (name, dialect))
        p = subprocess.run(["/usr/bin/python3", "-c", WRAPPER, root, os.path.join(HERE, "stubs"),
                            os.path.join(ROOT, "share", "orm", "dump_metadata.py"), TARGETS[name], dialect,
                            json_out, ddl_out], cwd=root, capture_output=True, text=True, timeout=600)
        row = {"project": name, "target": TARGETS[name], "dialect": dialect}
        if p.returncode != 0:
            row["error"] = "dump_metadata.py: " + (p.stderr.strip().splitlines() or ["failed"])[-1]
            rows.append(row)
            continue
        with open(ddl_out) as f:
            theirs = statements(json.load(f))
        o = subprocess.run([orm, "--models", json_out, "--url", OFFLINE_URLS[dialect], "create-all", "--sql"],
                           capture_output=True, text=True, timeout=300)
        if o.returncode != 0:
            row["error"] = "orm: " + (o.stderr.strip().splitlines() or ["failed"])[0]
            rows.append(row)
            continue
        ours = statements(o.stdout)
        row.update(tables=sum(1 for s in theirs if s.startswith("CREATE TABLE")), statements=len(theirs),
                   same=len(set(ours) & set(theirs)), only_orm=sorted(set(ours) - set(theirs)),
                   only_sa=sorted(set(theirs) - set(ours)))
        rows.append(row)
    return rows


def markdown(rows):
    out = ["# dump_metadata.py on corpus projects: orm's DDL from the JSON beside SQLAlchemy's", "",
           "Written by `tests/corpus/run_dump_metadata.py`: `share/orm/dump_metadata.py TARGET --dialect D`",
           "writes the project's MetaData as JSON, `orm --models schema.json create-all --sql` compiles it, and",
           "the CREATE statements are compared with SQLAlchemy 1.4's create_all of the same MetaData.", "",
           "| project | target | dialect | tables | equal | result |", "| --- | --- | --- | ---: | --- | --- |"]
    for r in rows:
        if "error" in r:
            out.append("| %s | `%s` | %s | - | - | %s |" % (r["project"], r["target"], r["dialect"],
                                                           r["error"][:200].replace("|", "\\|")))
            continue
        ok = not r["only_orm"] and not r["only_sa"]
        out.append("| %s | `%s` | %s | %d | %d / %d | %s |" % (r["project"], r["target"], r["dialect"], r["tables"],
                                                               r["same"], r["statements"], "same" if ok else "differs"))
    for r in rows:
        for s in r.get("only_orm", [])[:5]:
            out.append("\n- %s (%s) only orm: `%s`" % (r["project"], r["dialect"], s[:300]))
        for s in r.get("only_sa", [])[:5]:
            out.append("\n- %s (%s) only SQLAlchemy: `%s`" % (r["project"], r["dialect"], s[:300]))
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orm", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--only", default="")
    ap.add_argument("--out")
    args = ap.parse_args()
    orm = os.path.abspath(args.orm)
    rows = []
    with tempfile.TemporaryDirectory(prefix="orm-dump-") as work:
        for name in TARGETS:
            if args.only and name not in args.only.split(","):
                continue
            if not os.path.isdir(os.path.join(args.corpus, name)):
                print("%s: not laid out under %s, left out" % (name, args.corpus), file=sys.stderr)
                continue
            rows += run_project(orm, args.corpus, name, work)
    write_report(markdown(rows), args.out)


if __name__ == "__main__":
    main()
