# dialects: sqlite postgresql
# CheckConstraint given to Column(...): rendered after its column, in the
# declarative and the Table() forms, and copied with a mixin column into
# every table (also one on the mixin's own Column object). One on a named
# Column object also joins that column's table, so SQLAlchemy renders it
# twice (unnamed here: PostgreSQL refuses one name twice). CheckConstraint on
# class attributes at module level joins their table. An empty
# PrimaryKeyConstraint(name=...) takes over the primary_key=True columns.
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

# No "ck" naming convention: it would give the doubled CHECK one name twice.
Base = declarative_base()


class Priced:
    price = sa.Column(sa.Numeric(10, 2), sa.CheckConstraint("price >= 0", name="price_nonnegative"))
    # On the mixin's own Column object: only the copies join tables.
    list_price = sa.Column("list_price", sa.Numeric(10, 2))
    discount = sa.Column(sa.Numeric(10, 2), sa.CheckConstraint(list_price > 0, name="list_price_positive"))


class Item(Priced, Base):
    __tablename__ = "items"

    id = sa.Column(sa.Integer, primary_key=True)
    qty = sa.Column(sa.Integer, sa.CheckConstraint("qty > 0", name="qty_positive"), nullable=False)
    flag = sa.Column(sa.Boolean(create_constraint=True), sa.CheckConstraint("flag IS NOT NULL", name="flag_set"))
    lim = sa.Column("lim", sa.Integer)
    cap = sa.Column(sa.Integer, sa.CheckConstraint(lim > 1))

    __table_args__ = (sa.CheckConstraint("qty < 1000", name="qty_small"),)


class Offer(Priced, Base):
    __tablename__ = "offers"

    code = sa.Column(sa.String(10), primary_key=True)
    seq = sa.Column(sa.Integer, primary_key=True)

    __table_args__ = (sa.PrimaryKeyConstraint(name="pk_offers"),)


sa.CheckConstraint(Offer.seq >= 0, name="seq_nonnegative")

ledger = sa.Table(
    "ledger",
    Base.metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("amount", sa.Numeric(12, 2), sa.CheckConstraint("amount <> 0", name="amount_nonzero")),
    sa.Column("memo", sa.String(40), sa.CheckConstraint("length(memo) > 2")),
)
