"""Classes made with type() from a table of specs."""
from sqlalchemy import Column, Integer, String

from app.db import Base

SPECS = {"Country": 2, "Currency": 3}

for class_name, width in SPECS.items():
    globals()[class_name] = type(class_name, (Base,), {
        "__tablename__": class_name.lower() + "_codes",
        "id": Column(Integer, primary_key=True),
        "code": Column(String(width), unique=True, nullable=False),
    })
