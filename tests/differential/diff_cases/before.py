# dialects: sqlite postgresql
# The "before" schema of the diff cases: a database is built from it and
# compared with after.py (every kind of change between the two).
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
    email = sa.Column(sa.String(100))
    status = sa.Column(sa.String(10), server_default="new")
    legacy = sa.Column(sa.Integer)
    __table_args__ = (
        sa.UniqueConstraint("email"),
        sa.CheckConstraint("length(name) > 0", name="ck_name"),
        sa.Index("ix_customers_name", "name"),
    )


class Old(Base):
    __tablename__ = "old"
    id = sa.Column(sa.Integer, primary_key=True)


class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id"))
