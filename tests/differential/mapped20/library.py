# dialects: sqlite postgresql
# SQLAlchemy 2.0 style: DeclarativeBase, Mapped[...] annotations with and
# without mapped_column(), type and nullability inferred from the
# annotation (int, str, Optional[...], X | None, datetime, date, Decimal,
# bool, float, bytes, an enum.Enum), explicit types and nullable= winning
# over the annotation, relationship() with Mapped[List["X"]].
# SQLAlchemy 2.0 is not installed here: the expected DDL is written by hand
# in test_mapped20.cpp.
import enum
from datetime import date, datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import ForeignKey, Numeric, String, Text, create_engine, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

engine = create_engine("sqlite:///library.db")


class Base(DeclarativeBase):
    pass


class Genre(enum.Enum):
    fiction = "F"
    science = "S"
    poetry = "P"


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(50), unique=True)
    bio: Mapped[Optional[str]]
    website: Mapped[str | None] = mapped_column(String(200))
    born: Mapped[Optional[date]]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    books: Mapped[List["Book"]] = relationship(back_populates="author")

    def __repr__(self) -> str:
        return f"Author(id={self.id!r}, name={self.name!r})"


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    price: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    weight: Mapped[Optional[float]]
    in_print: Mapped[bool] = mapped_column(default=True)
    cover: Mapped[Optional[bytes]]
    genre: Mapped[Genre]
    published: Mapped[Optional[date]]
    sku: Mapped[str] = mapped_column(String(20), nullable=True)

    author: Mapped["Author"] = relationship(back_populates="books")
