# dialects: sqlite postgresql
# SQLAlchemy 2.0 idioms of real projects: a declared_attr that makes a class
# per parent with type() (an events table each, and a single-table subclass
# made with "__tablename__": None); annotations only under
# `if typing.TYPE_CHECKING:` (no columns); single-table subclasses that map
# a column of the parent's table with use_existing_column=True (their own
# annotation, even Mapped[None], gives no type); a hybrid_property with
# `.inplace.expression`; a StrEnum member as a server default; names that
# only 2.0 exports (ORMDescriptor, sqlalchemy.ColumnElement).
# The expected DDL (SQLAlchemy 2.0's) is written by hand in test_mapped20.cpp.
import enum
import typing
from typing import Any, Optional

from sqlalchemy import Boolean, ColumnElement, ForeignKey, Integer, String, type_coerce
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, ORMDescriptor, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Model(Base):
    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)


class Kind(enum.StrEnum):
    fixed = "fixed"
    custom = "custom"


class Note(Model):
    __tablename__ = "notes"

    discriminator: Mapped[str] = mapped_column(String(20))
    body: Mapped[Optional[str]]

    __mapper_args__ = {"polymorphic_on": discriminator}


class Event:
    tag: Mapped[str]

    if typing.TYPE_CHECKING:
        source_id: Mapped[int]
        extra: Mapped[str]


class HasEvents:
    @declared_attr
    def events(cls):
        event_cls = type(
            f"{cls.__name__}Event",
            (Event, Model),
            {
                "__tablename__": f"{cls.__name__.lower()}_events",
                "source_id": mapped_column(ForeignKey(f"{cls.__tablename__}.id", ondelete="CASCADE"), index=True),
            },
        )
        return relationship(event_cls)

    @declared_attr
    def note(cls) -> Mapped[Note]:
        note_cls = type(
            f"{cls.__name__}Note",
            (Note,),
            {"__tablename__": None, "__mapper_args__": {"polymorphic_identity": cls.__name__.lower()}},
        )
        return relationship(note_cls)

    @declared_attr
    def note_id(cls) -> Mapped[Optional[int]]:
        return mapped_column(ForeignKey("notes.id"))


class Price(HasEvents, Model):
    __tablename__ = "prices"

    kind: Mapped[str] = mapped_column(String(10), server_default=Kind.fixed)
    amount: Mapped[Optional[int]]
    interval: Mapped[Any] = mapped_column(String(5), nullable=True)
    deleted: Mapped[bool] = mapped_column(default=False)

    __mapper_args__ = {"polymorphic_on": kind}

    @hybrid_property
    def is_deleted(self) -> bool:
        return self.deleted

    @is_deleted.inplace.expression
    @classmethod
    def _is_deleted_expression(cls) -> ColumnElement[bool]:
        return type_coerce(cls.deleted, Boolean)

    label: ORMDescriptor[str]


class FixedPrice(Price):
    kind: Mapped[str] = mapped_column(use_existing_column=True)
    interval: Mapped[None] = mapped_column(use_existing_column=True, nullable=True)

    __mapper_args__ = {"polymorphic_identity": "fixed"}


class CustomPrice(Price):
    interval: Mapped[None] = mapped_column(use_existing_column=True, nullable=True)
    minimum: Mapped[Optional[int]] = mapped_column(Integer)

    __mapper_args__ = {"polymorphic_identity": "custom"}
