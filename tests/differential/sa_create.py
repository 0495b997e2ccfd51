"""Runs SQLAlchemy 1.4's own metadata.create_all() (or drop_all()) for a
models file against a live database.

usage: /usr/bin/python3 sa_create.py MODELS.py URL [create|drop]

URL is a SQLAlchemy URL: sqlite:///path.db or postgresql://user@host/db
(psycopg2). The models file's own create_engine() URL is ignored.
"""
import sys

from sqlalchemy import create_engine

import sa_load


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and argv[2] not in ("create", "drop")):
        raise SystemExit(__doc__)
    metadata = sa_load.load_metadata(argv[0])
    engine = create_engine(argv[1])
    try:
        if len(argv) == 3 and argv[2] == "drop":
            metadata.drop_all(engine)
        else:
            metadata.create_all(engine)
    finally:
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
