# dialects: sqlite postgresql
# A small shop: customers, items, orders and order lines (the tutorial's
# schema, grown up): named-import style, FK actions, unique and indexed
# columns, Numeric money, server and Python-side defaults, relationships
# with backref, back_populates, uselist=False and foreign_keys=, a rename
# declared through info=, and methods, properties and decorators that must
# be passed over.
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    text,
)
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import relationship

engine = create_engine("postgresql+psycopg2://shop:secret@localhost/shop")

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer(), primary_key=True)
    first_name = Column(String(100), nullable=False)
    last_name = Column(String(100), nullable=False)
    username = Column(String(50), nullable=False, unique=True)
    email = Column(String(200), nullable=False, index=True)
    town = Column(String(100))
    is_active = Column(Boolean, nullable=False, default=True, server_default=text("true"))
    created_on = Column(DateTime(), default=datetime.now, server_default=func.now())
    updated_on = Column(DateTime(), default=datetime.now, onupdate=datetime.now)

    orders = relationship("Order", back_populates="customer", cascade="all, delete-orphan")
    default_address = relationship("Address", uselist=False, lazy="joined",
                                   primaryjoin="and_(Customer.id == Address.customer_id, Address.is_default)")

    def __repr__(self):
        return f"<Customer {self.username}>"

    @property
    def full_name(self):
        """First and last name."""
        return f"{self.first_name} {self.last_name}"

    @classmethod
    def by_username(cls, session, username):
        return session.query(cls).filter_by(username=username).one()


class Address(Base):
    __tablename__ = "addresses"

    id = Column(Integer(), primary_key=True)
    customer_id = Column(Integer(), ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)
    line1 = Column(String(200), nullable=False)
    postcode = Column(String(16), nullable=False, info={"renamed_from": "zip"})
    is_default = Column(Boolean, nullable=False, server_default=text("false"))


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (
        CheckConstraint("selling_price >= cost_price", name="price_above_cost"),
        UniqueConstraint("name", "sku"),
    )

    id = Column(Integer(), primary_key=True)
    name = Column(String(200), nullable=False)
    sku = Column(String(32), nullable=False, info={"renamed_from": "code"})
    description = Column(Text)
    cost_price = Column(Numeric(10, 2), nullable=False)
    selling_price = Column(Numeric(10, 2), nullable=False)
    quantity = Column(Integer(), nullable=False, server_default="0")


class Order(Base):
    __tablename__ = "orders"

    id = Column(Integer(), primary_key=True)
    customer_id = Column(Integer(), ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True)
    date_placed = Column(DateTime(), default=datetime.now, nullable=False)
    date_shipped = Column(DateTime())
    note = Column(String(500), server_default="")
    billing_address_id = Column(Integer(), ForeignKey("addresses.id"))
    shipping_address_id = Column(Integer(), ForeignKey("addresses.id", ondelete="SET NULL"))

    customer = relationship("Customer", back_populates="orders")
    billing_address = relationship("Address", foreign_keys=[billing_address_id])
    shipping_address = relationship("Address", foreign_keys="Order.shipping_address_id")
    line_items = relationship("OrderLine", backref="order", order_by="OrderLine.id")


class OrderLine(Base):
    __tablename__ = "order_lines"

    id = Column(Integer(), primary_key=True)
    order_id = Column(Integer(), ForeignKey("orders.id", ondelete="CASCADE", onupdate="CASCADE"))
    item_id = Column(Integer(), ForeignKey("items.id", ondelete="RESTRICT"))
    quantity = Column(SmallInteger(), nullable=False, default=1)

    item = relationship("Item")


Base.metadata.create_all(engine)
