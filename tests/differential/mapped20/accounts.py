# dialects: sqlite postgresql
# SQLAlchemy 2.0 style with `import sqlalchemy as sa`: a Uuid primary key
# from Mapped[uuid.UUID], a BigInteger primary key, a leading column-name
# string, unique + index, nullable= overriding Optional[...] and int,
# DateTime(timezone=True) under Mapped[datetime], `X | None`, a
# self-referential FK, and a module-level association table used through
# relationship(secondary=...) with Mapped[list["X"]].
# The expected DDL (SQLAlchemy 2.0's) is written by hand in test_mapped20.cpp.
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


membership = sa.Table(
    "membership",
    Base.metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("group_id", sa.BigInteger, sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("since", sa.DateTime, server_default=sa.func.now()),
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    handle: Mapped[str] = mapped_column("user_handle", sa.String(30), unique=True, index=True)
    balance: Mapped[Decimal]
    nickname: Mapped[Optional[str]] = mapped_column(sa.String(30), nullable=False)
    score: Mapped[int] = mapped_column(nullable=True)
    joined_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    last_seen: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(server_default=sa.true())

    groups: Mapped[list["Group"]] = relationship(secondary=membership, back_populates="members")


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(50), unique=True)
    parent_id: Mapped[Optional[int]] = mapped_column(sa.BigInteger, sa.ForeignKey("groups.id", ondelete="SET NULL"))

    members: Mapped[list[User]] = relationship(secondary=membership, back_populates="groups")
    parent: Mapped[Optional["Group"]] = relationship(remote_side=[id])
