#!/usr/bin/env python3
"""Writes a models file with N mapped classes (default 2,000) for benchmarks.

Each class has an integer key, a few typed columns, an index, a unique column,
a server default and a foreign key to the previous class, so create-all --sql
exercises the whole reader and DDL compiler.
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
out = [
    "from sqlalchemy import Column, Integer, String, Numeric, DateTime, Boolean, ForeignKey, Text, func",
    "from sqlalchemy.orm import declarative_base",
    "",
    "Base = declarative_base()",
    "",
]
for i in range(n):
    out += [
        f"class Model{i}(Base):",
        f"    __tablename__ = 'table_{i}'",
        "    id = Column(Integer, primary_key=True)",
        "    name = Column(String(100), nullable=False, index=True)",
        "    code = Column(String(20), unique=True)",
        "    price = Column(Numeric(10, 2), nullable=False, server_default='0')",
        "    active = Column(Boolean, nullable=False, default=True)",
        "    created_at = Column(DateTime, server_default=func.now())",
        "    notes = Column(Text)",
    ]
    if i > 0:
        out.append(f"    parent_id = Column(Integer, ForeignKey('table_{i - 1}.id', ondelete='CASCADE'))")
    out.append("")
sys.stdout.write("\n".join(out) + "\n")
