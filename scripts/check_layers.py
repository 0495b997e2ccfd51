#!/usr/bin/env python3
"""The layer rules of src/ and tests/, checked (run by ctest as check_layers).

1. Every `#include "orm/<layer>/..."` goes to the file's own layer or one
   below it, in this order (a layer may use only those before it):

       core < python < schema < sql < dialect < engine < session
            < declarative, seed, query (siblings: none uses another)
            < migrate (revision files run with declarative's SQLAlchemy)
            < cli

   A test file under tests/<layer>/ counts as that layer; tests/support and
   tests/differential may use any layer.
2. No file under src/ outside src/orm/dialect/ compares a value with a
   backend's name ("sqlite", "postgresql", "postgres"): backends differ only
   behind dialect::Dialect.

Exits 1, listing every breach, when a rule is broken.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# migrate sits above declarative: revision files and the metadata JSON
# reader use the models' constructs (SQLAlchemy's API implemented there).
ORDER = [["core"], ["python"], ["schema"], ["sql"], ["dialect"], ["engine"], ["session"],
         ["declarative", "seed", "query"], ["migrate"], ["cli"]]
RANK = {layer: rank for rank, group in enumerate(ORDER) for layer in group}

# Known breaches, each with its reason; the list may only shrink.
ALLOWED_INCLUDES = set()
ALLOWED_NAME_COMPARISONS = {
    # A Python module name (sqlalchemy.dialects.postgresql), not a backend.
    "src/orm/declarative/types_reader.cpp",
    # The metadata JSON names PostgreSQL's type namespace ({"class": "JSONB", "dialect": "postgresql"}).
    "src/orm/migrate/schema_json_reader.cpp",
    "src/orm/declarative/bridge.cpp",
    "src/orm/declarative/sa_modules.cpp",
    # Python source of sqlalchemy_utils' types, which branch on dialect.name
    # as the library does (the dialect object comes from dialect/).
    "src/orm/declarative/third_party.cpp",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"orm/([a-z_]+)/')
NAME_COMPARISON = re.compile(r'(==|!=)\s*"(sqlite|postgresql|postgres)"|"(sqlite|postgresql|postgres)"\s*(==|!=)')


def layer_of(rel):
    parts = rel.split("/")
    if parts[0] == "src" and parts[1] == "orm":
        return parts[2]
    if parts[0] == "src" and parts[1] == "cli":
        return "cli"
    if parts[0] == "tests" and parts[1] in RANK:
        return parts[1]
    return None   # tests/support, tests/differential: may use any layer


def sources():
    for top in ("src", "tests"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                if f.endswith((".cpp", ".hpp", ".cc", ".h")):
                    path = os.path.join(dirpath, f)
                    yield os.path.relpath(path, ROOT), path


def main():
    breaches = []
    checked = 0
    for rel, path in sources():
        layer = layer_of(rel)
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        checked += 1
        for n, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if m and layer is not None:
                target = m.group(1)
                if target not in RANK:
                    breaches.append(f"{rel}:{n}: includes an unknown layer '{target}'")
                elif target != layer and RANK[target] >= RANK[layer] and (rel, target) not in ALLOWED_INCLUDES:
                    breaches.append(f"{rel}:{n}: layer '{layer}' includes '{target}', which is not below it")
            if (rel.startswith("src/") and not rel.startswith("src/orm/dialect/")
                    and rel not in ALLOWED_NAME_COMPARISONS and NAME_COMPARISON.search(line.split("//")[0])):
                breaches.append(f"{rel}:{n}: compares a backend's name outside dialect/: {line.strip()}")
    for b in breaches:
        print(b)
    print(f"check_layers: {checked} files, {len(breaches)} breach(es)")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
