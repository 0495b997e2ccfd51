# dialects: sqlite postgresql
# Names that must be quoted: SQL reserved words for tables, columns,
# constraints and indexes ("order", "user", "group", "select", "from",
# "check", "table"), mixed case and upper case, a name with a space, and
# names that look like keywords but are not reserved.
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

group_members = Table(
    "group",
    Base.metadata,
    Column("user", Integer, ForeignKey("User.ID"), primary_key=True),
    Column("order", Integer, ForeignKey("order.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "User"

    ID = Column(Integer, primary_key=True)
    FullName = Column(String(100), nullable=False)
    select = Column(String(10), index=True)
    from_ = Column("from", String(10))
    lowercase = Column("MiXeD", String(10), unique=True)

    orders = relationship("Order", back_populates="user")


class Order(Base):
    __tablename__ = "order"
    __table_args__ = (
        UniqueConstraint("user_id", "table", name="Unique Order Table"),
        CheckConstraint('"check" >= 0', name="check"),
        Index("Order Index", "table"),
    )

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("User.ID", ondelete="CASCADE"), nullable=False)
    table = Column(String(20))
    check = Column(Integer, server_default="0")
    name = Column(String(20))
    value = Column(String(20))

    user = relationship("User", back_populates="orders")
