"""SQLAlchemy's view of a corpus project: imports every module of the
models package (as `orm --models PACKAGE` does), finds the MetaData objects
that hold tables, and prints JSON with each one's CREATE statements for a
dialect (create_all on a mock engine: SQLAlchemy's own order and text).

usage: /usr/bin/python3 sa_corpus_ddl.py ROOT PACKAGE sqlite|postgresql STUBS_DIR [--sql]

With --sql, the statements are printed as a script instead (each followed
by ';' and a blank line, as tests/differential/sa_ddl.py prints them), and
any module that fails to import, or a create_all that fails, is an error
(exit 1): the differential tests' projects must import whole.

Modules that fail to import under SQLAlchemy 1.4 (2.0-only syntax, a
missing dependency) are listed with their error, and the rest still count.
Third-party packages neither Debian nor the stubs directory provides are
replaced by permissive stand-ins (see stubs/_autostub.py)."""
import importlib
import json
import os
import sys
import traceback


def module_names(root, package):
    base = os.path.join(root, *package.split("."))   # a dotted module (nova.db.main.models) or a package
    if os.path.isfile(base + ".py"):
        return [package]
    names = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        for f in sorted(filenames):
            if not f.endswith(".py"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), root)[:-3].split(os.sep)
            if rel[-1] == "__init__":
                rel = rel[:-1]
            names.append(".".join(rel))
    return names


def find_metadatas(root):
    """The MetaData objects with tables that the project's own modules hold
    (SQLAlchemy's and other libraries' modules have their own, left out)."""
    import sqlalchemy as sa
    found = []
    seen = set()
    root = os.path.abspath(root) + os.sep
    for name, mod in list(sys.modules.items()):
        if mod is None or not (getattr(mod, "__file__", None) or "").startswith(root):
            continue
        for value in list(vars(mod).values()):
            try:
                md = value if isinstance(value, sa.MetaData) else getattr(value, "metadata", None)
            except Exception:  # noqa: BLE001 - proxies (Flask's current_app) raise outside an app
                continue
            if isinstance(md, sa.MetaData) and id(md) not in seen and md.tables:
                seen.add(id(md))
                found.append(md)
    return found


def main(root, package, dialect, stubs):
    import sqlalchemy  # noqa: F401  (before the stand-ins: its optional imports stay missing)
    import sqlalchemy.orm  # noqa: F401
    sys.path.insert(0, os.path.abspath(root))
    sys.path.append(os.path.abspath(stubs))
    import _autostub  # noqa: F401  (installs the stand-in finder for anything still missing)
    _autostub.PROJECT_ROOT = os.path.abspath(root) + os.sep
    failures = []
    for name in module_names(root, package):
        try:
            importlib.import_module(name)
        except Exception as e:  # noqa: BLE001 - record and go on, as the report needs every failure
            failures.append({"module": name, "error": "%s: %s" % (type(e).__name__, e),
                             "where": traceback.format_exc().strip().splitlines()[-3:-1]})
    from sqlalchemy import create_mock_engine
    out = {"failures": failures, "metadatas": []}
    for md in find_metadatas(root):
        statements = []

        def executor(ddl, *a, **k):
            statements.append(str(ddl.compile(dialect=engine.dialect)).strip())

        engine = create_mock_engine(dialect + "://", executor)
        try:
            try:
                md.create_all(engine, checkfirst=False)
            except Exception as e:  # noqa: BLE001
                if not (md.dispatch.before_create or md.dispatch.after_create):
                    raise
                # A project's create_all listener on the MetaData that queries
                # the database (which a mock engine cannot answer): the
                # metadata's own DDL is what is compared, so again without it.
                md.dispatch._clear()
                statements.clear()
                md.create_all(engine, checkfirst=False)
                failures.append({"module": "create_all", "error": "a create_all listener on the MetaData failed on "
                                 "the mock engine (%s: %s); compared without the MetaData's listeners" % (type(e).__name__, e)})
            out["metadatas"].append({"tables": sorted(md.tables), "statements": statements})
        except Exception as e:  # noqa: BLE001
            out["metadatas"].append({"tables": sorted(md.tables), "statements": statements,
                                     "error": "%s: %s" % (type(e).__name__, e)})
    return out


def print_script(out):
    problems = [f["module"] + ": " + f["error"] for f in out["failures"]]
    problems += [m["error"] for m in out["metadatas"] if "error" in m]
    if problems:
        sys.exit("\n".join(problems))
    for md in out["metadatas"]:
        for statement in md["statements"]:
            print(statement + ";\n")


if __name__ == "__main__":
    result = main(*sys.argv[1:5])
    if sys.argv[5:6] == ["--sql"]:
        print_script(result)
    else:
        print(json.dumps(result))
