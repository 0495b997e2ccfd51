from sqlalchemy import Column, Integer, Numeric, String, Text

from app.constants import SHORT, STATUSES
from app.db import Base
from app.enums import Colour
from app.mixins import OwnedMixin, TimestampMixin
from app.types import JSONText, Money
from sqlalchemy import Enum

__all__ = ["Product", "Order"]


class _Abstract(Base):
    __abstract__ = True
    id = Column(Integer, primary_key=True)
    code = Column(String(SHORT), nullable=False)


class Product(OwnedMixin, TimestampMixin, _Abstract):
    __tablename__ = "products"
    price = Column(Money(), nullable=False, default=0)
    colour = Column(Enum(Colour, values_callable=lambda e: [m.value for m in e]))
    attributes = Column(JSONText, default=dict)
    __table_args__ = ({"comment": "things we sell"},)


class Order(OwnedMixin, _Abstract):
    __tablename__ = "orders"
    status = Column(Enum(*STATUSES, name="order_status"), default=STATUSES[0])
    total = Column(Numeric(10, 2))
    notes = Column(Text)


# Columns added in a loop, as projects do for repetitive fields.
for i in range(1, 4):
    setattr(Order, "line_%d" % i, Column(String(20)))
