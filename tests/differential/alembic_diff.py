"""Alembic 1.8's autogenerate comparison of a models file with a live
database, as sorted operation keys the orm tests compare with `orm diff`.

usage: /usr/bin/python3 alembic_diff.py MODELS URL

compare_type and compare_server_default are switched on (Alembic 1.8 has
both off by default). Each key is "kind table[.column] [index name]", in
Alembic's vocabulary: add_table, remove_table, add_column, remove_column,
modify_type, modify_nullable, modify_default, modify_comment, add_index,
remove_index, add_constraint, remove_constraint, add_fk, remove_fk.
"""
import json
import sys
import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from sa_load import load_metadata


def key(diff):
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return f"{kind} {diff[1].name}"
    if kind in ("add_column", "remove_column"):
        return f"{kind} {diff[2]}.{diff[3].name}"
    if kind in ("add_index", "remove_index"):
        return f"{kind} {diff[1].table.name} {diff[1].name}"
    if kind in ("add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        return f"{kind} {diff[1].table.name}"
    if kind.startswith("modify_"):
        return f"{kind} {diff[2]}.{diff[3]}"
    return kind


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    metadata = load_metadata(argv[0])
    engine = create_engine(argv[1])
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        keys = []
        for diff in compare_metadata(ctx, metadata):
            # Column modifications come grouped in a list per column.
            for d in diff if isinstance(diff, list) else [diff]:
                keys.append(key(d))
    print(json.dumps(sorted(keys)))


if __name__ == "__main__":
    main(sys.argv[1:])
