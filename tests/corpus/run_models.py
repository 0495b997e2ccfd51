#!/usr/bin/python3
"""Real projects' models through orm, beside SQLAlchemy: for each project of
projects.py, `orm --models PACKAGE create-all --sql` for each dialect, and
the same package imported by SQLAlchemy 1.4 (sa_corpus_ddl.py) where it
can be; the CREATE statements are compared as sets of whitespace-normalised
text. Writes a Markdown table (RESULTS.md beside this file by default).

usage: run_models.py --orm BUILD/orm --corpus DIR [--only NAME,...] [--out FILE]

DIR holds one directory per project, laid out from the corpus manifests
(the corpus is third-party code and is never committed). A project
SQLAlchemy 1.4 cannot import (2.0-only API, or a module of it fails) is
reported with orm's figures alone, and the oracle's failures are listed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import projects  # noqa: E402

OFFLINE_URLS = {"sqlite": "sqlite://", "postgresql": "postgresql://corpus@127.0.0.1:1/corpus"}


def statements(sql_text):
    """The statements of a --sql script (or of a list of them), whitespace-normalised."""
    parts = sql_text if isinstance(sql_text, list) else re.split(r";\s*\n", sql_text)
    out = []
    for s in parts:
        s = re.sub(r"\s+", " ", s).strip().rstrip(";").strip()
        if s and not s.startswith("--") and s not in ("BEGIN", "COMMIT"):
            out.append(s)
    return out


def run_orm(orm, project_dir, spec, package, dialect):
    cmd = [orm, "--models", package, "--project-root", ".", "--python-path", os.path.join(HERE, "stubs"),
           "--url", OFFLINE_URLS[dialect], "create-all", "--sql"]
    p = subprocess.run(cmd, cwd=os.path.join(project_dir, spec["root"]), capture_output=True, text=True,
                       timeout=300)
    warnings = [line for line in p.stderr.splitlines() if line.startswith("warning")]
    errors = [line for line in p.stderr.splitlines() if not line.startswith("warning") and line.strip()]
    return p.returncode, statements(p.stdout), warnings, errors


def run_oracle(project_dir, spec, package, dialect):
    cmd = ["/usr/bin/python3", os.path.join(HERE, "sa_corpus_ddl.py"), os.path.join(project_dir, spec["root"]),
           package, dialect, os.path.join(HERE, "stubs")]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0 or not p.stdout.strip():
        return None, [p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "no output"]
    doc = json.loads(p.stdout)
    stmts = []
    for md in doc["metadatas"]:
        stmts += statements(md["statements"])
        if "error" in md:
            doc["failures"].append({"module": "create_all", "error": md["error"]})
    return stmts, ["%s: %s" % (f["module"], f["error"]) for f in doc["failures"]]


def compare(ours, theirs):
    a, b = set(ours), set(theirs)
    return len(a & b), sorted(a - b), sorted(b - a)


def project_rows(orm, corpus, name, spec):
    rows = []
    packages = spec["models"] if isinstance(spec["models"], list) else [spec["models"]]
    for dialect in spec.get("dialects", ["sqlite", "postgresql"]):
        for package in packages:
            rc, ours, warnings, errors = run_orm(orm, os.path.join(corpus, name), spec, package, dialect)
            theirs, failures = (None, ["not run: " + spec["oracle"]]) if "oracle" in spec else \
                run_oracle(os.path.join(corpus, name), spec, package, dialect)
            row = {"project": name, "package": package, "dialect": dialect, "exit": rc,
                   "tables": sum(1 for s in ours if s.startswith("CREATE TABLE")),
                   "statements": len(ours), "warnings": len(warnings), "errors": errors[:3],
                   "oracle_failures": failures[:3]}
            if theirs:  # what SQLAlchemy could import, even where some modules failed
                same, only_orm, only_sa = compare(ours, theirs)
                row.update(same=same, only_orm=only_orm, only_sa=only_sa, oracle_statements=len(theirs))
            rows.append(row)
    return rows


def markdown(rows):
    out = ["# Real projects' models: orm beside SQLAlchemy 1.4", "",
           "Written by `tests/corpus/run_models.py`. `exit` is orm's; `equal` counts the CREATE statements",
           "orm writes exactly as SQLAlchemy does (whitespace-normalised), of SQLAlchemy's total;",
           "`oracle` says why a project has no comparison (SQLAlchemy 1.4 cannot import it).", "",
           "| project | package | dialect | exit | tables | statements | equal | warnings | oracle |",
           "| --- | --- | --- | ---: | ---: | ---: | --- | ---: | --- |"]
    for r in rows:
        equal = "%d / %d" % (r["same"], r["oracle_statements"]) if "same" in r else "-"
        oracle = "; ".join(r["oracle_failures"])[:160].replace("|", "\\|") or "ok"
        out.append("| %s | %s | %s | %d | %d | %d | %s | %d | %s |" % (
            r["project"], r["package"], r["dialect"], r["exit"], r["tables"], r["statements"], equal,
            r["warnings"], oracle))
    ok = [r for r in rows if r["exit"] == 0]
    compared = [r for r in rows if "same" in r]
    out += ["", "Summary: %d of %d runs (project, package, dialect) read as they are; %d compared with SQLAlchemy, "
            "%d of them with every CREATE statement equal (%d of %d statements in all)." % (
                len(ok), len(rows), len(compared), sum(1 for r in compared if r["same"] == r["oracle_statements"]),
                sum(r["same"] for r in compared), sum(r["oracle_statements"] for r in compared))]
    details = [r for r in rows if r["errors"] or r.get("only_orm") or r.get("only_sa")]
    if details:
        out += ["", "## Differences and errors", ""]
        for r in details:
            out.append("### %s (%s, %s)" % (r["project"], r["package"], r["dialect"]))
            for e in r["errors"]:
                out.append("- orm: `%s`" % e[:300])
            for s in r.get("only_orm", [])[:5]:
                out.append("- only orm: `%s`" % s[:300])
            for s in r.get("only_sa", [])[:5]:
                out.append("- only SQLAlchemy: `%s`" % s[:300])
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orm", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--only", default="")
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    args = ap.parse_args()
    orm = os.path.abspath(args.orm)
    names = [n for n in projects.MODELS if not args.only or n in args.only.split(",")]
    rows = []
    for name in names:
        if not os.path.isdir(os.path.join(args.corpus, name)):
            print("%s: not laid out under %s, left out" % (name, args.corpus), file=sys.stderr)
            continue
        for r in project_rows(orm, args.corpus, name, projects.MODELS[name]):
            print("%-28s %-10s exit=%d tables=%d equal=%s" % (
                r["project"], r["dialect"], r["exit"], r["tables"],
                "%d/%d" % (r["same"], r["oracle_statements"]) if "same" in r else "-"), file=sys.stderr)
            rows.append(r)
    with open(args.out, "w") as f:
        f.write(markdown(rows))


if __name__ == "__main__":
    main()
