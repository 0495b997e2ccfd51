# dialects: sqlite postgresql
# Idioms of real projects' models that SQLAlchemy 1.4 reads: a member of a
# str enum as a server default (a str: its value); a Column object on no
# table inside an Index expression (rendered by its bare name); an Index that
# names one column by string and another by Column object (it joins the
# table it is given, not the first one its Column object lands on:
# SQLAlchemy #3411); a WHERE of a partial index given as a string (SQL text,
# not a string literal); the names of a CheckConstraint and a
# ForeignKeyConstraint given positionally, under a naming convention that
# uses them; a primary key column also marked unique (PostgreSQL makes no
# UNIQUE constraint over exactly the primary key: diff must not miss it).
import enum

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base(metadata=sa.MetaData(naming_convention={
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(constraint_name)s",
}))


class Status(str, enum.Enum):
    submitted = "submitted"
    declined = "declined"


class Course(Base):
    __tablename__ = "courses"

    id = sa.Column(sa.String(128), unique=True, primary_key=True)


class Organization(Base):
    __tablename__ = "organizations"

    id = sa.Column(sa.Integer, primary_key=True)


class Application(Base):
    __tablename__ = "applications"

    id = sa.Column(sa.Integer, primary_key=True)
    status = sa.Column(sa.String(20), nullable=False, server_default=Status.submitted)
    email = sa.Column(sa.String(100))
    code = sa.Column(sa.String(20))
    organization_id = sa.Column(sa.Integer, nullable=False)
    deleted_at = sa.Column(sa.DateTime)

    __table_args__ = (
        sa.Index("ix_applications_lower_email", sa.func.lower(sa.Column("email")), "deleted_at",
                 postgresql_where="email IS NOT NULL"),
        sa.Index("ix_applications_code", "organization_id", sa.func.lower(code), unique=True,
                 postgresql_where="deleted_at IS NULL"),
        sa.CheckConstraint("code = lower(code)", "lowercase_code"),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], "organization", None, "CASCADE"),
    )
