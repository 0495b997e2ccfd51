# dialects: sqlite postgresql
# Name resolution through every import style: `import sqlalchemy`
# (fully qualified), `import sqlalchemy as sa`, `from x import a as b`,
# declarative_base from sqlalchemy.ext.declarative, the types and sql
# submodules, and a same-named local that must not be confused with a
# SQLAlchemy name.
import datetime
import enum as py_enum

import sqlalchemy
import sqlalchemy as sa
from sqlalchemy import Column as Col, ForeignKey as FK, Integer as Int
from sqlalchemy import types
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import relationship as rel
from sqlalchemy.sql import func, text
from sqlalchemy.types import Numeric as Money

Model = declarative_base()

String = 5  # a module-level name that shadows nothing used below


class Mood(py_enum.Enum):
    happy = 1
    grumpy = 2


class Author(Model):
    __tablename__ = "authors"

    id = sqlalchemy.Column(sqlalchemy.Integer, primary_key=True)
    name = sqlalchemy.Column(sqlalchemy.String(80), nullable=False)
    mood = sqlalchemy.Column(sqlalchemy.Enum(Mood), server_default="happy")
    born = sa.Column(sa.Date, default=datetime.date.today)
    royalties = Col(Money(10, 2), server_default=text("0"))

    books = rel("Book", backref="author")


class Book(Model):
    __tablename__ = "books"

    id = Col(Int, primary_key=True)
    author_id = Col(Int, FK("authors.id", ondelete="CASCADE"), nullable=False)
    title = Col(types.Unicode(300), nullable=False)
    isbn = Col(types.CHAR(13), unique=True)
    pages = Col(sa.types.SmallInteger)
    price = Col(Money(6, 2))
    added = Col(sa.DateTime(timezone=True), server_default=func.now())
    edited = Col(types.DateTime, default=datetime.datetime.now, onupdate=datetime.datetime.now)

    __table_args__ = (
        sa.Index("ix_books_title", func.lower(title)),
        sqlalchemy.schema.CheckConstraint("pages > 0", name="ck_books_pages"),
    )
