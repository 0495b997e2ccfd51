import datetime
import functools
import re

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import declared_attr

from app.constants import NAME_LENGTH


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def now():
    return datetime.datetime.now()


RequiredString = functools.partial(Column, String(NAME_LENGTH), nullable=False)


def reference(table, **kw):
    """A helper returning a Column, as projects write them."""
    return Column(Integer, ForeignKey(f"{table}.id", ondelete=kw.pop("ondelete", "CASCADE")), **kw)


class TableNameMixin:
    @declared_attr
    def __tablename__(cls):
        name = snake(cls.__name__)
        if name.endswith("y"):
            return name[:-1] + "ies"
        return "{}s".format(name)


class TimestampMixin:
    created_at = Column(DateTime, default=now, nullable=False)
    updated_at = Column(DateTime, default=datetime.datetime.now, onupdate=lambda: datetime.datetime.now())


class OwnedMixin:
    @declared_attr
    def owner_id(cls):
        return reference("users", nullable=True, index=True)
