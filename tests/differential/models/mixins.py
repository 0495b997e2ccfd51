# dialects: sqlite postgresql
# Mixins and inheritance: column mixins (copied into every table; columns
# come out in the order the Column objects were created in the file, mixins
# and abstract bases included, as in SQLAlchemy), an __abstract__ base with
# shared columns, joined-table inheritance
# (subclass with its own table and a PK that is an FK to the parent) and
# single-table inheritance (subclass without __tablename__ adding a column
# to the parent's table).
from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, Numeric, String, func, true
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class TimestampMixin:
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow, server_default=func.now())
    updated_at = Column(DateTime, onupdate=datetime.utcnow)


class SoftDeleteMixin(object):
    deleted = Column(Boolean, nullable=False, default=False, server_default="0")


class Model(Base):
    __abstract__ = True

    id = Column(Integer, primary_key=True)


class Department(TimestampMixin, Model):
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
