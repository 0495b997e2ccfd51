# dialects: sqlite postgresql
# Mixins and inheritance: column mixins (copied into every table; columns
# come out in the order the Column objects were created in the file, mixins
# and abstract bases included, as in SQLAlchemy), an __abstract__ base with
# shared columns, joined-table inheritance
# (subclass with its own table and a PK that is an FK to the parent) and
# single-table inheritance (subclass without __tablename__ adding a column
# to the parent's table); a mixin whose declared_attr __table_args__ indexes
# expressions over its own columns, read back with getattr(): a declared_attr
# column (the declarative scan runs each declared_attr once per class) and a
# plain one (copied onto the class before any declared_attr runs), each the
# column the table gets.
from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, Numeric, String, func, true
from sqlalchemy.orm import declarative_base, declared_attr, relationship

Base = declarative_base()


class TimestampMixin:
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow, server_default=func.now())
    updated_at = Column(DateTime, onupdate=datetime.utcnow)


class SoftDeleteMixin(object):
    deleted = Column(Boolean, nullable=False, default=False, server_default="0")


def lower_index(model, column_name):
    return Index(f"ix_{model.__tablename__}_{column_name}_lower", func.lower(getattr(model, column_name)))


class SearchableTitleMixin:
    code = Column(String(12))

    @declared_attr
    def title(cls):
        return Column(String(80), nullable=False)

    @declared_attr
    def __table_args__(cls):
        return (lower_index(cls, "title"), lower_index(cls, "code"))


class Model(Base):
    __abstract__ = True

    id = Column(Integer, primary_key=True)


class Department(SearchableTitleMixin, TimestampMixin, Model):
    __tablename__ = "departments"

    name = Column(String(60), nullable=False, unique=True)

    employees = relationship("Employee", back_populates="department")


class Employee(SoftDeleteMixin, TimestampMixin, Model):
    __tablename__ = "employees"

    name = Column(String(100), nullable=False)
    type = Column(String(20), nullable=False)
    department_id = Column(Integer, ForeignKey("departments.id", ondelete="SET NULL", onupdate="CASCADE"))
    active = Column(Boolean, server_default=true())

    department = relationship("Department", back_populates="employees")

    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}


class Engineer(Employee):
    """Joined-table inheritance."""

    __tablename__ = "engineers"

    id = Column(Integer, ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    language = Column(String(30))
    level = Column(Integer, nullable=False, server_default="1")

    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    """Single-table inheritance: the column goes into employees."""

    budget = Column(Numeric(12, 2))

    __mapper_args__ = {"polymorphic_identity": "manager"}
