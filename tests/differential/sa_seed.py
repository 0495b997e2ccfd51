"""Loads an orm seed file (SPEC section 6: class keys, nested records, $id /
"@alias") through SQLAlchemy 1.4's ORM, the way a program would: objects
created in document order, each added to the session as it is created, one
commit. Or, with --dump, prints every table's rows, typed and raw, for
comparing two databases (see dump()).

usage: /usr/bin/python3 sa_seed.py MODELS URL SEED.json
       /usr/bin/python3 sa_seed.py --dump MODELS URL
"""
import datetime
import decimal
import importlib.util
import json
import sys
import warnings

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

warnings.filterwarnings("ignore")


def load_models(path):
    spec = importlib.util.spec_from_file_location("models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def convert(column_type, value):
    python_type = None
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        pass
    if value is None:
        return None
    if python_type is decimal.Decimal:
        return decimal.Decimal(str(value))
    if python_type is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if python_type is datetime.date:
        return datetime.date.fromisoformat(value)
    return value


def seed(models, url, seed_path):
    with open(seed_path) as f:
        data = json.load(f, parse_float=decimal.Decimal)
    mappers = {m.class_.__name__: m for m in models.Base.registry.mappers}
    engine = create_engine(url)
    session = Session(engine)
    aliases, refs = {}, []

    def record(mapper, rec):
        obj = mapper.class_()
        session.add(obj)
        for key, value in rec.items():
            if key == "$id":
                aliases[value] = obj
            elif key in mapper.relationships:
                rel = mapper.relationships[key]
                for item in (value if rel.uselist else [value]):
                    if isinstance(item, str):
                        refs.append((obj, rel, item[1:]))
                    else:
                        link(obj, rel, record(rel.mapper, item))
            else:
                setattr(obj, key, convert(mapper.columns[key].type, value))
        return obj

    def link(obj, rel, target):
        if rel.uselist:
            getattr(obj, rel.key).append(target)
        else:
            setattr(obj, rel.key, target)

    for class_name, records in data.items():
        for rec in records:
            record(mappers[class_name], rec)
    for obj, rel, alias in refs:
        link(obj, rel, aliases[alias])
    session.commit()
    session.close()
    engine.dispose()


def dump(models, url):
    """Every table twice: as SQLAlchemy's types read it, and as the driver
    returns it raw (the stored forms: text datetimes on SQLite, ...). Values
    that a callable default filled in during the last day print as <now>."""
    engine = create_engine(url)
    now = datetime.datetime.now()

    def mask(column, value):
        if column.default is not None and column.default.is_callable and value is not None:
            typed = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
            if abs((typed - now).total_seconds()) < 86400:
                return "<now>"
        return value

    with engine.connect() as conn:
        for table in models.Base.metadata.sorted_tables:
            columns = list(table.columns)
            print("==", table.name, [c.name for c in columns])
            for row in conn.execute(select(*columns).order_by(*table.primary_key.columns)):
                print(tuple(mask(c, v) for c, v in zip(columns, row)))
            names = ", ".join('"%s"' % c.name for c in columns)
            order = ", ".join('"%s"' % c.name for c in table.primary_key.columns)
            print("-- raw")
            for row in conn.exec_driver_sql('SELECT %s FROM "%s" ORDER BY %s' % (names, table.name, order)):
                print(tuple(mask(c, v) for c, v in zip(columns, row)))
    engine.dispose()


if __name__ == "__main__":
    if sys.argv[1] == "--dump":
        dump(load_models(sys.argv[2]), sys.argv[3])
    else:
        seed(load_models(sys.argv[1]), sys.argv[2], sys.argv[3])
