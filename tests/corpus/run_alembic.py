"""Runs each corpus project's Alembic history under orm and under Alembic 1.8
and compares them.

usage: /usr/bin/python3 run_alembic.py --corpus DIR --orm BUILD/orm [--project NAME ...] [--out RESULTS.md]

The corpus (third-party code, never committed) is laid out with
the corpus manifests' materialize.sh; DIR holds one directory per project
(DIR/alembic/<project>/... as the manifests list them). For every history:

1. `orm migrate history` against `alembic history` (the same revisions, the
   same down_revision links);
2. upgrade from base to head online with orm, one revision at a time, on a
   throwaway PostgreSQL cluster (and on SQLite where the project supports
   it); a revision orm cannot run is recorded with its error and stamped,
   so that the rest of the history still runs;
3. the same with `alembic upgrade head` (a minimal env.py, the project's
   versions/ as its version_locations, stub modules for missing third-party
   packages from stubs/), and the two schemas at head compared as orm
   reflects them (`orm inspect --format json`);
4. downgrade to base with both tools.

Results go to stdout as Markdown (or --out FILE)."""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from report import write_report  # noqa: E402
PG_BIN = "/usr/lib/postgresql/15/bin"

# Where each history is: the project root (absolute imports resolve from it),
# the migrations folders (each with versions/), and the engines it supports.
PROJECTS = {
    "warehouse": {"root": ".", "histories": ["warehouse/migrations"], "engines": ["postgresql"],
                  "oracle": "written for SQLAlchemy 2.0 (mapped_column)"},
    # Indico's history starts from a database `indico db prepare` made (create_all of the models
    # at head, then `stamp heads`): its first revision alters tables no revision creates.
    "indico": {"root": ".", "histories": ["indico/migrations"], "engines": ["postgresql"],
               "base": "starts from the database `indico db prepare` makes from the models, not from an empty one"},
    # aiida's three labelled branches are alternative pasts (a database has one): each runs on its own.
    # Its data migrations take the AiiDA profile the application passes to context.configure().
    "aiida-core": {"root": "src", "histories": ["src/aiida/storage/psql_dos/migrations"], "engines": ["postgresql"],
                   "targets": ["sqlalchemy@head", "django@head", "main@head"], "application_object": "aiida_profile",
                   "oracle": "written for SQLAlchemy 2.0 (from sqlalchemy import Connection) and pydantic 2"},
    # pgAdmin's first revision asks for the first user's e-mail and password unless these are set;
    # its application sets config.SETTINGS_SCHEMA_VERSION at start-up (startup/pgadmin4.py).
    "pgadmin4": {"root": "web", "histories": ["web/migrations"], "engines": ["sqlite"], "startup": "pgadmin4.py",
                 "env": {"PGADMIN_SETUP_EMAIL": "admin@example.com", "PGADMIN_SETUP_PASSWORD": "corpus-password"}},
    "gnocchi": {"root": ".", "histories": ["gnocchi/indexer/alembic"], "engines": ["postgresql"]},
    "nova": {"root": ".", "histories": ["nova/db/main/migrations", "nova/db/api/migrations"], "engines": ["postgresql"],
             "note": "the first revision of nova/db/main unnames its foreign keys on PostgreSQL with a compiles() "
                     "hook, which orm does not run (it warns at the hook); the seven tables that differ from "
                     "Alembic's differ by those names (orm keeps the names the revision gives)"},
    "optuna": {"root": ".", "histories": ["optuna/storages/_rdb/alembic"], "engines": ["sqlite", "postgresql"]},
    "polar": {"root": "server", "histories": ["server/migrations"], "engines": ["postgresql"],
              "oracle": "written for SQLAlchemy 2.0 and alembic_utils (not installed)"},
    "conda-store": {"root": "conda-store-server",
                    "histories": ["conda-store-server/conda_store_server/_internal/alembic"],
                    "engines": ["sqlite", "postgresql"]},
    "full-stack-fastapi-template": {"root": "backend", "histories": ["backend/app/alembic"], "engines": ["postgresql"],
                                    "oracle": "written for SQLAlchemy 2.0 (sa.UUID)"},
}

ENV_PY = '''import os
import sys
import logging
from alembic import context
from sqlalchemy import create_engine, pool

sys.path[:0] = [p for p in os.environ.get("CORPUS_PATH", "").split(os.pathsep) if p]
import _autostub  # noqa: E402,F401  (stand-ins for third-party packages that are missing)
logging.disable(logging.CRITICAL)

url = os.environ["CORPUS_URL"]
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
'''


# ------------------------------------------------------------------ a throwaway PostgreSQL cluster

class Cluster:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="orm_corpus_pg_", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        os.chmod(self.dir, 0o777)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data = os.path.join(self.dir, "data")
        self._run([PG_BIN + "/initdb", "-D", self.data, "-U", "postgres", "-A", "trust"])
        # pg_ctl -w returns once the server accepts connections.
        self._run([PG_BIN + "/pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.dir, "server.log"), "-o",
                   "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off" % (self.port, self.dir), "start"])

    def _as_postgres(self, argv):
        return ["runuser", "-u", "postgres", "--"] + argv if os.geteuid() == 0 else argv

    def _run(self, argv):
        subprocess.run(self._as_postgres(argv), check=True, capture_output=True)

    def database(self, name):
        self.psql("DROP DATABASE IF EXISTS %s" % name)
        self.psql("CREATE DATABASE %s" % name)
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, name)

    def psql(self, sql, db="postgres"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db, "-qAtc", sql],
                       check=True, capture_output=True)

    def stop(self):
        self._run([PG_BIN + "/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(self.dir, ignore_errors=True)


# ------------------------------------------------------------------ the two tools

def run(argv, env=None, cwd=None):
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run(argv, capture_output=True, text=True, env=e, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


def startup_code(cfg):
    """What the project's application sets up at start-up before it migrates (startup/<file>), or ""."""
    if not cfg.get("startup"):
        return ""
    with open(os.path.join(HERE, "startup", cfg["startup"])) as f:
        return f.read()


class Orm:
    def __init__(self, binary, root, migrations, work, env=None, startup=""):
        self.binary, self.root, self.migrations, self.env = binary, root, migrations, env or {}
        self.path = [os.path.join(HERE, "stubs")]
        if startup:
            # orm imports a sitecustomize from its python path first, as CPython's site does.
            site = os.path.join(work, "orm_site")
            os.makedirs(site, exist_ok=True)
            with open(os.path.join(site, "sitecustomize.py"), "w") as f:
                f.write(startup)
            self.path.append(site)

    def __call__(self, url, *args):
        # The stand-ins of stubs/ that carry values (a password hash, a time zone) are the same for both tools.
        return run([self.binary, "--migrations", self.migrations, "--project-root", self.root,
                    "--python-path", os.pathsep.join(self.path), "--url", url] + list(args), env=self.env, cwd=self.root)

    def schema(self, url):
        rc, out, err = run([self.binary, "--url", url, "inspect", "--format", "json"])
        if rc != 0:
            return {"error": err}
        doc = json.loads(out)
        doc["tables"] = [t for t in doc["tables"] if t["name"] not in ("alembic_version", "orm_migration_log")]
        return doc


class Alembic:
    def __init__(self, work, root, migrations, env=None, startup=""):
        self.env = env or {}
        self.dir = os.path.join(work, "alembic_env")
        os.makedirs(self.dir, exist_ok=True)
        with open(os.path.join(self.dir, "env.py"), "w") as f:
            f.write(ENV_PY)
        shutil.copy("/usr/lib/python3/dist-packages/alembic/templates/generic/script.py.mako", self.dir)
        self.ini = os.path.join(work, "alembic.ini")
        with open(self.ini, "w") as f:
            f.write("[alembic]\nscript_location = %s\nversion_locations = %s\n" %
                    (self.dir, os.path.join(migrations, "versions")))
        self.root = root
        self.site = os.path.join(work, "site")
        os.makedirs(self.site, exist_ok=True)
        with open(os.path.join(self.site, "sitecustomize.py"), "w") as f:
            f.write("import os\nimport _autostub\n_autostub.PROJECT_ROOT = os.environ.get('CORPUS_PROJECT_ROOT')\n")
            if startup:
                # Python goes on after a failing sitecustomize; say why, so the first error names it.
                f.write("import sys\ntry:\n    exec(compile(%r, 'startup', 'exec'), {})\nexcept Exception as e:\n"
                        "    print('application start-up failed under Python: %%s: %%s' %% (type(e).__name__, e), "
                        "file=sys.stderr)\n" % startup)

    def environ(self, url):
        """The environment Alembic runs in. It imports the revisions before env.py
        runs (history does not run env.py at all): the stand-ins for missing
        third-party packages are installed at startup, by a sitecustomize."""
        env = dict(os.environ)
        env.update(self.env)
        env.update({"CORPUS_URL": url, "CORPUS_PATH": os.pathsep.join([os.path.join(HERE, "stubs"), self.root]),
                    "CORPUS_PROJECT_ROOT": os.path.abspath(self.root) + os.sep,
                    "PYTHONPATH": os.pathsep.join([self.site, os.path.join(HERE, "stubs"), self.root])})
        return env

    def argv(self, *args):
        return ["/usr/bin/python3", "-m", "alembic", "-c", self.ini] + list(args)

    def __call__(self, url, *args):
        return run(self.argv(*args), env=self.environ(url), cwd=self.root)


def history_lines(text):
    """The `A -> B` links of a history listing, as a set (branch order aside)."""
    out = set()
    for line in text.splitlines():
        if " -> " in line:
            head, _, _ = line.partition(",")
            link = head.replace(" (head)", "").replace(" (effective head)", "").replace(" (branchpoint)", "")
            link = link.replace(" (mergepoint)", "")
            out.add(link.split(" (")[0] if "(" in link.split(" -> ")[-1] else link)
    return out


def orm_upgrade_each(orm, url, target):
    """Upgrades to `target`; a revision that fails is recorded and stamped
    (with the database's other heads kept), and the upgrade goes on."""
    rc, out, _ = orm(url, "migrate", "history", "--format", "json")
    revisions = {r["path"]: r for r in json.loads(out)} if rc == 0 else {}
    by_id = {r["revision"]: r for r in revisions.values()}
    failures = []
    ran = 0
    for _ in range(len(by_id) + 1):
        rc, out, err = orm(url, "migrate", "upgrade", target, "--format", "json")
        if rc == 0:
            ran += len(json.loads(out)["applied"])
            return ran, failures
        ran += max(0, err.count("running upgrade") - 1)
        failing = failing_revision(err, revisions, by_id)
        if not failing:
            failures.append(("?", first_error_line(err)))
            return ran, failures
        failures.append((failing, first_error_line(err)))
        rc2, cur, _ = orm(url, "migrate", "current", "--format", "json")
        heads = json.loads(cur)["current_heads"] if rc2 == 0 else []
        down = by_id[failing]["down_revision"]
        down = [] if down is None else [down] if isinstance(down, str) else down
        heads = [h for h in heads if h not in down] + [failing]
        rc3, _, err3 = orm(url, "migrate", "stamp", *heads)
        if rc3 != 0:
            failures.append((failing, "stamp failed: " + first_error_line(err3)))
            return ran, failures
    return ran, failures


def failing_revision(err, revisions, by_id):
    """The revision an orm error is about: the last one it started to run
    (its progress line), else the revision file at the error's file:line."""
    started = [line.split(" -> ")[-1].split(",")[0].strip() for line in err.splitlines() if "running upgrade" in line]
    if started and started[-1] in by_id:
        return started[-1]
    for line in err.splitlines():
        for path, rev in revisions.items():
            if line.startswith(path + ":"):
                return rev["revision"]
    return None


def first_error_line(err):
    for line in err.splitlines():
        if "error" in line.lower():
            return line.strip()[:300]
    return err.strip().splitlines()[0][:300] if err.strip() else "(no message)"


def unordered(table):
    """`table` with its constraints and indexes as sets: a SQLite rebuild in Alembic's batch mode writes the
    foreign keys in an order that changes from run to run (it copies them from a Python set)."""
    out = dict(table)
    for key in ("foreign_keys", "indexes", "unique_constraints", "check_constraints"):
        if isinstance(out.get(key), list):
            out[key] = sorted((json.dumps({k: v for k, v in item.items() if k != "position"}, sort_keys=True)
                               for item in out[key]))
    return out


def compare_schemas(a, b):
    if "error" in a or "error" in b:
        return "inspect failed"
    ta = {t["name"]: unordered(t) for t in a["tables"]}
    tb = {t["name"]: unordered(t) for t in b["tables"]}
    diffs = []
    for name in sorted(set(ta) | set(tb)):
        if name not in ta:
            diffs.append("table %s only under Alembic" % name)
        elif name not in tb:
            diffs.append("table %s only under orm" % name)
        elif json.dumps(ta[name], sort_keys=True) != json.dumps(tb[name], sort_keys=True):
            ca = {c["name"]: c for c in ta[name]["columns"]}
            cb = {c["name"]: c for c in tb[name]["columns"]}
            cols = sorted(k for k in set(ca) | set(cb) if ca.get(k) != cb.get(k))
            diffs.append("table %s differs%s" % (name, " (columns %s)" % ", ".join(cols) if cols else ""))
    if json.dumps(a.get("enums"), sort_keys=True) != json.dumps(b.get("enums"), sort_keys=True):
        diffs.append("enum types differ")
    return "; ".join(diffs)


def run_history(name, corpus, binary, cluster, history, engine, target, work):
    cfg = PROJECTS[name]
    base = os.path.join(corpus, "alembic", name)
    root = os.path.join(base, cfg["root"])
    migrations = os.path.join(base, history)
    orm = Orm(binary, root, migrations, work, cfg.get("env"), startup_code(cfg))
    alembic = Alembic(work, root, migrations, cfg.get("env"), startup_code(cfg))
    tag = "%s_%s_%s" % (name.replace("-", "_"), os.path.basename(os.path.dirname(history)) or "h",
                        target.split("@")[0].replace("heads", "all"))
    if engine == "postgresql":
        orm_url, alembic_url = cluster.database("orm_" + tag.lower()), cluster.database("ale_" + tag.lower())
    else:
        orm_url = "sqlite:///" + os.path.join(work, tag + "_orm.db")
        alembic_url = "sqlite:///" + os.path.join(work, tag + "_alembic.db")
    result = {"project": name, "history": history, "engine": engine, "target": target}
    rc, orm_hist, err = orm(orm_url, "migrate", "history")
    result["revisions"] = len([l for l in orm_hist.splitlines() if " -> " in l])
    rc_json, hist_json, _ = orm(orm_url, "migrate", "history", "--format", "json")
    result["all_revisions"] = [r["revision"] for r in json.loads(hist_json)] if rc_json == 0 else []
    if target != "heads":
        rc_sql, script, _ = orm(orm_url, "migrate", "upgrade", target, "--sql")
        result["revisions"] = script.count("-- Running upgrade") if rc_sql == 0 else result["revisions"]
    if rc != 0:
        result["history"] = "orm history failed: " + first_error_line(err)
        return result
    rc, ale_hist, aerr = alembic(alembic_url, "history")
    if rc != 0:
        result["alembic_history"] = "alembic history failed: " + first_error_line(aerr)
    result["history_matches"] = rc == 0 and history_lines(orm_hist) == history_lines(ale_hist)
    t0 = time.time()
    ran, failures = orm_upgrade_each(orm, orm_url, target)
    result["orm_seconds"] = round(time.time() - t0, 2)
    result["orm_ran"] = ran
    result["failures"] = failures
    rc, _, aerr = alembic(alembic_url, "upgrade", target)
    result["alembic_upgrade"] = "ok" if rc == 0 else "failed: " + first_error_line(aerr)
    result["schema_diff"] = compare_schemas(orm.schema(orm_url), orm.schema(alembic_url)) if rc == 0 else "n/a"
    rc, _, err = orm(orm_url, "migrate", "downgrade", "base", "--yes")
    result["orm_downgrade"] = "ok" if rc == 0 else "failed: " + first_error_line(err)
    rc, _, aerr = alembic(alembic_url, "downgrade", "base")
    result["alembic_downgrade"] = "ok" if rc == 0 else "failed: " + first_error_line(aerr)
    return result


def markdown(results):
    lines = ["# Alembic corpus: histories run by orm and by Alembic 1.8", "",
             "Produced by `tests/corpus/run_alembic.py` (see its docstring). Each history runs from base",
             "to head online, one revision at a time; a revision orm cannot run is listed and stamped, so",
             "that the rest of the history still runs (a revision after it may then fail for want of what",
             "it would have made). Alembic runs the same folder with a minimal env.py and the stand-ins of",
             "tests/corpus/stubs/ for the packages the corpus does not lay out (the ones that carry values,",
             "a password hash or a time zone, are given to orm too); where Alembic 1.8 with SQLAlchemy 1.4",
             "cannot import a project at all, the note says why and orm's figures stand alone.", "",
             "| project | history | engine | target | revisions | orm ran | cannot run | history = alembic | schema at head vs Alembic | orm downgrade | alembic upgrade / downgrade |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    every, failed, every_base, failed_base, app_object = set(), set(), set(), set(), set()
    for r in results:
        cfg = PROJECTS[r["project"]]
        keys = set((r["project"], r["history"], rev) for rev in r.get("all_revisions", []))
        bad = set((r["project"], r["history"], rev) for rev, _ in r.get("failures", []))
        if cfg.get("application_object"):
            app_object |= set((r["project"], r["history"], rev) for rev, why in r.get("failures", [])
                              if "opts['%s']" % cfg["application_object"] in why)
        every |= keys
        failed |= bad
        if cfg.get("base"):
            every_base |= keys
            failed_base |= bad
        alembic = "%s / %s" % (r.get("alembic_upgrade", "-"), r.get("alembic_downgrade", "-"))
        if cfg.get("oracle"):
            alembic = "(%s) %s" % (cfg["oracle"], alembic)
        lines.append("| %s | %s | %s | %s | %d | %s | %d | %s | %s | %s | %s |" % (
            r["project"], r["history"], r["engine"], r["target"], r.get("revisions", 0), r.get("orm_ran", "-"),
            len(r.get("failures", [])), "yes" if r.get("history_matches") else "no",
            r.get("schema_diff") or "same", r.get("orm_downgrade", "-"), alembic.replace("|", "\\|")))
    pct = lambda a, b: 100.0 * a / b if b else 0.0
    lines += ["", "Revisions (each counted once, whichever engines and targets ran it): %d; orm cannot run %d (%.1f%%)."
              % (len(every), len(failed), pct(len(failed), len(every)))]
    if every_base:
        rest, rest_failed = every - every_base, failed - failed_base
        lines += ["Without the histories that do not start from an empty database (%s): %d revisions; orm cannot run %d (%.1f%%)."
                  % (", ".join(sorted(set(k[0] for k in every_base))), len(rest), len(rest_failed),
                     pct(len(rest_failed), len(rest)))]
        if app_object:
            lines += ["Of these, %d use an object only their project's application passes to context.configure() "
                      "(%s). orm runs a revision that reads it up to the line that first uses it (a data migration "
                      "over empty tables never does); these do. That project's env.py refuses to run without the "
                      "object, so Alembic runs none of them on its own." % (
                          len(app_object), ", ".join("%s's opts['%s']" % (name, cfg["application_object"])
                                                     for name, cfg in sorted(PROJECTS.items())
                                                     if cfg.get("application_object")))]
    for name, cfg in sorted(PROJECTS.items()):
        if cfg.get("base"):
            lines += ["", "%s: the history %s; neither tool can run it from base (Alembic stops at the same first"
                      " revision), and every revision after the first fails for want of the tables it alters." % (name, cfg["base"])]
    for name, cfg in sorted(PROJECTS.items()):
        if cfg.get("note"):
            lines += ["", "%s: %s." % (name, cfg["note"])]
    lines += ["", "## Revisions orm cannot run", ""]
    for r in results:
        for rev, why in r.get("failures", []):
            lines.append("- %s (%s, %s, %s) %s: %s" % (r["project"], r["history"], r["engine"], r["target"], rev,
                                                        why.replace("|", "\\|")))
    return "\n".join(lines) + "\n"


def relative_paths(value, prefixes):
    """`value` (a result) with the corpus's, the source tree's and the scratch directory's
    absolute paths cut from its messages: a file is named relative to its project."""
    if isinstance(value, str):
        for prefix, to in prefixes:
            value = value.replace(prefix, to)
        return value
    if isinstance(value, list):
        return [relative_paths(v, prefixes) for v in value]
    if isinstance(value, tuple):
        return tuple(relative_paths(v, prefixes) for v in value)
    if isinstance(value, dict):
        return {k: relative_paths(v, prefixes) for k, v in value.items()}
    return value


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", required=True)
    p.add_argument("--orm", required=True)
    p.add_argument("--project", action="append")
    p.add_argument("--out")
    args = p.parse_args()
    names = args.project or sorted(PROJECTS)
    work = tempfile.mkdtemp(prefix="orm_corpus_")
    cluster = Cluster()
    results = []
    try:
        for name in names:
            for history in PROJECTS[name]["histories"]:
                for engine in PROJECTS[name]["engines"]:
                  for target in PROJECTS[name].get("targets", ["heads"]):
                    sub = os.path.join(work, "%s_%d_%s" % (name, len(results), engine))
                    os.makedirs(sub)
                    r = run_history(name, os.path.abspath(args.corpus), os.path.abspath(args.orm), cluster, history,
                                    engine, target, sub)
                    r = relative_paths(r, [(os.path.join(os.path.abspath(args.corpus), "alembic", name) + os.sep, ""),
                                           (os.path.dirname(os.path.dirname(HERE)) + os.sep, ""), (sub + os.sep, "")])
                    print(json.dumps(r), file=sys.stderr)
                    results.append(r)
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    write_report(markdown(results), args.out)


if __name__ == "__main__":
    main()
