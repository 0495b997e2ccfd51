import json

from sqlalchemy import types
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import TypeDecorator, CHAR, String, Text


class GUID(TypeDecorator):
    """A UUID: native on PostgreSQL, CHAR(32) elsewhere (the recipe from
    SQLAlchemy's documentation, with a dialect branch)."""
    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        return dialect.type_descriptor(CHAR(32))


class JSONText(TypeDecorator):
    impl = Text()             # impl as an instance

    def process_bind_param(self, value, dialect):
        return json.dumps(value)


class LowerString(TypeDecorator):
    impl = String

    def __init__(self, length=None, **kw):
        super().__init__(length, **kw)


class Slug(LowerString):  # a chain of TypeDecorators
    pass


class Money(types.TypeDecorator):
    impl = types.Numeric

    def __init__(self):
        super().__init__(precision=12, scale=2)
