#!/usr/bin/env python3
"""Writes a models package as real projects lay one out, for benchmarks:
DIR/app/db.py (the declarative base and a naming convention),
DIR/app/mixins.py (a mixin with a declared_attr and a helper returning a
Column), and MODULES modules of TABLES_PER_MODULE classes each under
DIR/app/models/, each importing the base and the mixins and referring to a
table of the module before it.

usage: gen_package.py DIR [MODULES=200] [TABLES_PER_MODULE=10]
"""
import os
import sys

out = sys.argv[1]
modules = int(sys.argv[2]) if len(sys.argv) > 2 else 200
per_module = int(sys.argv[3]) if len(sys.argv) > 3 else 10
os.makedirs(os.path.join(out, "app", "models"), exist_ok=True)


def write(rel, text):
    with open(os.path.join(out, rel), "w") as f:
        f.write(text)


write("app/__init__.py", "")
write("app/db.py", '''from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

convention = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
              "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}
Base = declarative_base(metadata=MetaData(naming_convention=convention))
''')
write("app/mixins.py", '''import datetime
import re

from sqlalchemy import Column, DateTime, ForeignKey, Integer
from sqlalchemy.orm import declared_attr


def reference(table, **kw):
    return Column(Integer, ForeignKey(table + ".id", ondelete="CASCADE"), **kw)


class Timestamps:
    created_at = Column(DateTime, default=datetime.datetime.utcnow, nullable=False)

    @declared_attr
    def __tablename__(cls):
        return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()
''')
write("app/models/__init__.py", "".join(f"from .m{m} import *  # noqa\n" for m in range(modules)))
for m in range(modules):
    lines = ["from sqlalchemy import Boolean, Column, Integer, Numeric, String, Text",
             "", "from app.db import Base", "from app.mixins import Timestamps, reference", ""]
    names = []
    for t in range(per_module):
        name = f"Model{m}x{t}"
        names.append(name)
        lines += [f"class {name}(Timestamps, Base):",
                  "    id = Column(Integer, primary_key=True)",
                  "    name = Column(String(100), nullable=False, index=True)",
                  "    code = Column(String(20), unique=True)",
                  "    price = Column(Numeric(10, 2), nullable=False, server_default='0')",
                  "    active = Column(Boolean, nullable=False, default=True)",
                  "    notes = Column(Text)"]
        if m > 0:
            lines.append(f"    parent_id = reference('model{m - 1}x{t}', index=True)")
        lines.append("")
    lines.append("__all__ = %r" % names)
    write(f"app/models/m{m}.py", "\n".join(lines) + "\n")
