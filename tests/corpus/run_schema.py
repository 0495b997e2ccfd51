#!/usr/bin/python3
"""Real projects' models in live databases: for each corpus project that
SQLAlchemy 1.4 imports, on each engine it supports, one database built by
SQLAlchemy's create_all (the CREATE statements sa_corpus_ddl.py compiles,
run in order) and one by `orm create-all`; both reflected by
tests/differential/sa_reflect.py and compared table by table; then
`orm diff --exit-code` run against SQLAlchemy's database, which must report
nothing.

A project SQLAlchemy 1.4 cannot import (written for 2.0, or for SQLModel
0.0.2x where Debian has 0.0.8) whose Alembic history the Alembic corpus
holds is checked against that history instead: its revisions, run by `orm
migrate upgrade heads`, build the database, and `orm diff --exit-code` of
the models against it must report nothing (the project's migrations are
its own statement of its schema).

usage: /usr/bin/python3 run_schema.py --orm BUILD/orm --corpus DIR [--alembic-corpus DIR] [--only NAME,...] [--out FILE]

DIR is the models corpus laid out as for run_models.py. PostgreSQL runs in a
throwaway cluster started here. Schemas the tables name (indico's) are
created in both databases first: create_all does not create them in either
tool. Results go to stdout as Markdown, or to --out FILE.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import projects  # noqa: E402
from report import write_report  # noqa: E402
from run_alembic import PROJECTS as HISTORIES, Cluster  # noqa: E402

REFLECT = os.path.join(ROOT, "tests", "differential", "sa_reflect.py")
ORACLE = os.path.join(HERE, "sa_corpus_ddl.py")
STUBS = os.path.join(HERE, "stubs")


def schemas_of(statements):
    return sorted({m.group(1) for s in statements for m in [re.match(r'CREATE TABLE "?(\w+)"?\.', s)] if m})


def sa_create(url, statements):
    """SQLAlchemy's create_all, as the statements it compiled, in one transaction."""
    from sqlalchemy import create_engine
    engine = create_engine(url)
    with engine.begin() as conn:
        for s in statements:
            conn.exec_driver_sql(s)
    engine.dispose()


def reflect(url):
    p = subprocess.run(["/usr/bin/python3", REFLECT, url], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(p.stdout)


def compare(sa, ours):
    if "error" in sa or "error" in ours:
        return ["reflection failed: %s" % (sa.get("error") or ours.get("error"))]
    diffs = []
    for name in sorted(set(sa["tables"]) | set(ours["tables"])):
        a, b = sa["tables"].get(name), ours["tables"].get(name)
        if a is None:
            diffs.append("table %s only under orm" % name)
        elif b is None:
            diffs.append("table %s only under SQLAlchemy" % name)
        elif a != b:
            parts = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            diffs.append("table %s differs in %s" % (name, ", ".join(parts)))
    for key in ("enums", "sequences"):
        if sa.get(key) != ours.get(key):
            diffs.append("%s differ" % key)
    return diffs


def orm(orm_bin, cwd, package, url, *command):
    argv = [orm_bin, "--models", package, "--project-root", ".", "--python-path", STUBS, "--url", url, "-q"] + list(command)
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=600)


def sa_statements(project_dir, spec, package, dialect):
    """SQLAlchemy's CREATE statements as it compiled them (run_models compares them whitespace-folded,
    which would change the text of a comment or a default here), and the modules that failed."""
    cmd = ["/usr/bin/python3", ORACLE, os.path.join(project_dir, spec["root"]), package, dialect, STUBS]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0 or not p.stdout.strip():
        return None, [(p.stderr.strip().splitlines() or ["no output"])[-1]]
    doc = json.loads(p.stdout)
    failures = ["%s: %s" % (f["module"], f["error"]) for f in doc["failures"]]
    failures += ["create_all: " + md["error"] for md in doc["metadatas"] if "error" in md]
    return [s for md in doc["metadatas"] for s in md["statements"]], failures


def run_one(orm_bin, cluster, project_dir, spec, package, dialect, work, tag):
    row = {"package": package, "dialect": dialect}
    theirs, failures = sa_statements(project_dir, spec, package, dialect)
    if theirs is None or failures:
        # SQLAlchemy did not import the whole package (or a create_all listener of it failed): its
        # database would lack tables for reasons of its own.
        row["error"] = "SQLAlchemy 1.4 does not import it whole: " + "; ".join(failures)
        return row
    if dialect == "postgresql":
        url_sa, url_orm = cluster.database(tag + "_sa"), cluster.database(tag + "_orm")
        for schema in schemas_of(theirs):
            for db in (tag + "_sa", tag + "_orm"):
                cluster.psql('CREATE SCHEMA "%s"' % schema, db)
    else:
        url_sa, url_orm = ("sqlite:///" + os.path.join(work, tag + n + ".db") for n in ("_sa", "_orm"))
    cwd = os.path.join(project_dir, spec["root"])
    try:
        sa_create(url_sa, theirs)
    except Exception as e:  # noqa: BLE001
        row["error"] = "SQLAlchemy's DDL did not run: %s" % str(e).splitlines()[0]
        return row
    created = orm(orm_bin, cwd, package, url_orm, "create-all")
    if created.returncode != 0:
        row["error"] = "orm create-all: exit %d: %s" % (created.returncode, created.stderr.strip().splitlines()[-1:])
        return row
    # Each schema the tables are in, reflected as the session's current schema (sa_reflect.py reads that one).
    row["tables"], row["schema_diffs"] = 0, []
    for schema in [None] + (schemas_of(theirs) if dialect == "postgresql" else []):
        suffix = "" if schema is None else "?options=-csearch_path%%3D%s" % schema
        sa_schema, orm_schema = reflect(url_sa + suffix), reflect(url_orm + suffix)
        row["tables"] += len(sa_schema.get("tables", {}))
        row["schema_diffs"] += ["%s%s" % ("" if schema is None else schema + ": ", d) for d in compare(sa_schema, orm_schema)]
    diffed = orm(orm_bin, cwd, package, url_sa, "diff", "--exit-code")
    row["diff_exit"] = diffed.returncode
    row["diff_output"] = [line for line in (diffed.stdout + diffed.stderr).splitlines() if line.strip()][:8]
    return row


def run_history(orm_bin, cluster, project_dir, history_dir, spec, package, dialect, work, tag):
    """The database the project's own Alembic history makes (run by orm), and orm diff of the models against it."""
    cfg = HISTORIES[os.path.basename(project_dir)]
    row = {"package": package, "dialect": dialect, "oracle": "its Alembic history"}
    if dialect == "postgresql":
        url = cluster.database(tag + "_history")
    else:
        url = "sqlite:///" + os.path.join(work, tag + "_history.db")
    migrated = subprocess.run([orm_bin, "--migrations", os.path.join(history_dir, cfg["histories"][0]), "--project-root",
                               os.path.join(history_dir, cfg["root"]), "--python-path", STUBS, "--url", url, "-q",
                               "migrate", "upgrade", "heads"], capture_output=True, text=True, timeout=600)
    if migrated.returncode != 0:
        row["error"] = "orm migrate upgrade heads: exit %d: %s" % (migrated.returncode,
                                                                   migrated.stderr.strip().splitlines()[-1:])
        return row
    row["tables"], row["schema_diffs"] = len(reflect(url).get("tables", {})), []
    diffed = orm(orm_bin, os.path.join(project_dir, spec["root"]), package, url, "diff", "--exit-code")
    row["diff_exit"] = diffed.returncode
    row["diff_output"] = [line for line in (diffed.stdout + diffed.stderr).splitlines() if line.strip()][:8]
    return row


def history_runs(spec, name, alembic_corpus):
    """The dialects to check `name` on against its Alembic history: none when the Alembic corpus lacks
    it, or holds several alternative histories (aiida's labelled branches)."""
    cfg = HISTORIES.get(name)
    if not alembic_corpus or not cfg or "targets" in cfg or len(cfg["histories"]) != 1:
        return []
    if not os.path.isdir(os.path.join(alembic_corpus, name)):
        return []
    return [d for d in spec.get("dialects", ["sqlite", "postgresql"]) if d in cfg["engines"]]


def markdown(rows):
    out = ["# Real projects' models in live databases: orm beside SQLAlchemy 1.4", "",
           "Written by `tests/corpus/run_schema.py`. `schema`: the two databases (one built by SQLAlchemy's "
           "create_all, one by `orm create-all`) reflected by SQLAlchemy's inspector compare equal, table by table; "
           "`diff`: the exit code of `orm diff --exit-code` against SQLAlchemy's database (0: nothing to report). "
           "A project SQLAlchemy 1.4 cannot import is diffed instead against the database its own Alembic history "
           "makes (run by `orm migrate upgrade heads`): note `against its Alembic history`.", "",
           "| project | package | dialect | tables | schema | diff | note |", "| --- | --- | --- | ---: | --- | ---: | --- |"]
    for r in rows:
        if "error" in r:
            out.append("| %s | %s | %s | | | | %s |" % (r["project"], r["package"], r["dialect"], r["error"][:200]))
            continue
        schema = "equal" if not r["schema_diffs"] else "%d tables differ" % len(r["schema_diffs"])
        if r.get("oracle"):
            schema = "n/a"
        out.append("| %s | %s | %s | %d | %s | %d | %s |" % (r["project"], r["package"], r["dialect"], r["tables"], schema,
                                                           r["diff_exit"], ("against " + r["oracle"]) if r.get("oracle") else ""))
    ok = lambda r: "error" not in r and not r["schema_diffs"] and r["diff_exit"] == 0
    against_sa = [r for r in rows if not r.get("oracle")]
    against_history = [r for r in rows if r.get("oracle")]
    out += ["", "Summary: against SQLAlchemy, %d of %d runs with equal schemas and an empty diff (%d not compared: "
            "SQLAlchemy does not import them whole); against the project's own Alembic history, %d of %d with an "
            "empty diff." % (len([r for r in against_sa if ok(r)]), len([r for r in against_sa if "error" not in r]),
                             len([r for r in against_sa if "error" in r]), len([r for r in against_history if ok(r)]),
                             len(against_history)), ""]
    for name in sorted(set(r["project"] for r in against_history if not ok(r))):
        if projects.MODELS[name].get("history_note"):
            out += ["%s: %s." % (name, projects.MODELS[name]["history_note"]), ""]
    details = [r for r in rows if "error" not in r and (r["schema_diffs"] or r["diff_exit"] != 0)]
    if details:
        out += ["## Differences", ""]
        for r in details:
            out.append("### %s (%s, %s)" % (r["project"], r["package"], r["dialect"]))
            out += ["- schema: %s" % d for d in r["schema_diffs"][:10]]
            out += ["- diff: `%s`" % line for line in r["diff_output"]]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orm", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--alembic-corpus")
    ap.add_argument("--only")
    ap.add_argument("--out")
    args = ap.parse_args()
    names = args.only.split(",") if args.only else sorted(projects.MODELS)
    work = tempfile.mkdtemp(prefix="orm_corpus_schema_")
    cluster = Cluster()
    rows = []
    try:
        for name in names:
            spec = projects.MODELS[name]
            packages = spec["models"] if isinstance(spec["models"], list) else [spec["models"]]
            if "oracle" in spec:
                # SQLAlchemy 1.4 cannot import it: its own migrations make the database to compare with.
                for dialect in history_runs(spec, name, args.alembic_corpus):
                    tag = re.sub(r"\W", "_", "%s_%s" % (name, dialect)).lower()
                    row = run_history(os.path.abspath(args.orm), cluster, os.path.join(args.corpus, name),
                                      os.path.join(args.alembic_corpus, name), spec, packages[0], dialect, work, tag)
                    row["project"] = name
                    print(json.dumps(row)[:300], file=sys.stderr)
                    rows.append(row)
                continue
            for dialect in spec.get("dialects", ["sqlite", "postgresql"]):
                for i, package in enumerate(packages):
                    tag = re.sub(r"\W", "_", "%s_%d_%s" % (name, i, dialect)).lower()
                    row = run_one(os.path.abspath(args.orm), cluster, os.path.join(args.corpus, name), spec, package,
                                  dialect, work, tag)
                    row["project"] = name
                    print(json.dumps(row)[:300], file=sys.stderr)
                    rows.append(row)
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    write_report(markdown(rows), args.out)


if __name__ == "__main__":
    main()
