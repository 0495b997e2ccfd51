# dialects: sqlite postgresql
# Every constraint and index kind: composite primary and foreign keys
# (PrimaryKeyConstraint, ForeignKeyConstraint with name and actions), named
# and unnamed UniqueConstraint / CheckConstraint, column-level unique and
# index, Index by string, by class-body column, over func.lower(...),
# unique indexes, partial indexes (postgresql_where; plain on SQLite), a
# __table_args__ that ends in a dict, and a table-args dict alone.
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Account(Base):
    __tablename__ = "accounts"

    id = Column(Integer, primary_key=True)
    region = Column(String(8), nullable=False)
    login = Column(String(40), nullable=False)
    email = Column(String(200), nullable=False)
    external_ref = Column(String(36))
    balance = Column(Numeric(14, 2), nullable=False, server_default="0")
    status = Column(String(10), nullable=False, server_default="active", index=True)

    __table_args__ = (
        UniqueConstraint("region", "login"),
        UniqueConstraint("external_ref", name="uq_accounts_external"),
        CheckConstraint("length(login) >= 3"),
        CheckConstraint("balance >= 0", name="ck_accounts_balance_positive"),
        Index("ix_accounts_email_lower", func.lower(email)),
        {"comment": "customer accounts"},
    )


class Region(Base):
    __tablename__ = "regions"

    country = Column(String(2), nullable=False)
    code = Column(String(8), nullable=False)
    name = Column(String(100), nullable=False)

    __table_args__ = (
        PrimaryKeyConstraint("country", "code", name="pk_regions"),
        Index("ix_regions_name", name, unique=True),
    )


class Office(Base):
    __tablename__ = "offices"

    id = Column(Integer, primary_key=True)
    country = Column(String(2), nullable=False)
    region_code = Column(String(8), nullable=False)
    manager_id = Column(Integer, ForeignKey("accounts.id", name="fk_office_manager", ondelete="SET NULL"))
    opened = Column(Date)
    closed = Column(Date)

    region = relationship(Region)
    manager = relationship("Account")

    __table_args__ = (
        ForeignKeyConstraint(
            ["country", "region_code"],
            ["regions.country", "regions.code"],
            name="fk_offices_region",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
        CheckConstraint("closed IS NULL OR closed >= opened", name="ck_offices_dates"),
        Index("ix_offices_open", "country", "region_code", postgresql_where=text("closed IS NULL")),
        Index("ix_offices_country_lower_code", country, func.lower(region_code)),
    )


class Shift(Base):
    """Composite primary key declared on the columns; composite foreign key
    without a name or actions; a unique partial index."""

    __tablename__ = "shifts"

    office_id = Column(Integer, ForeignKey("offices.id"), primary_key=True)
    day = Column(Date, primary_key=True)
    slot = Column(Integer, primary_key=True, autoincrement=False)
    account_id = Column(Integer, nullable=False)
    country = Column(String(2))
    region_code = Column(String(8))

    __table_args__ = (
        ForeignKeyConstraint(["country", "region_code"], ["regions.country", "regions.code"]),
        Index(
            "uq_shifts_one_per_day",
            "account_id",
            "day",
            unique=True,
            postgresql_where=text("slot > 0"),
        ),
    )


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = {"comment": "free-form notes", "info": {"renamed_from": "remarks"}}

    id = Column(Integer, primary_key=True)
    shift_office_id = Column(Integer)
    shift_day = Column(Date)
    shift_slot = Column(Integer)
    body = Column(String(1000), nullable=False, info={"pii": True})
