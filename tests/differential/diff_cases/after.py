# dialects: sqlite postgresql
# The "after" models of the diff cases: against a database built from
# before.py, a type widened, a column made NOT NULL, a server default
# changed, a column added and one removed, UNIQUE / CHECK / index / FK
# changes, a table added and one removed.
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(80), nullable=False)
    email = sa.Column(sa.String(100), nullable=False)
    status = sa.Column(sa.String(10), server_default="active")
    note = sa.Column(sa.Text)
    __table_args__ = (
        sa.UniqueConstraint("name"),
        sa.CheckConstraint("length(name) > 1", name="ck_name"),
        sa.Index("ix_customers_name", "name", unique=True),
        sa.Index("ix_customers_email", sa.func.lower(email)),
    )


class Order(Base):
    __tablename__ = "orders"
    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey("customers.id", ondelete="CASCADE"))


class Note(Base):
    __tablename__ = "notes"
    id = sa.Column(sa.Integer, primary_key=True)
