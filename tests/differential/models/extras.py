# dialects: sqlite postgresql
# no-drop-sql: sqlite (the FK cycle: SQLAlchemy cannot sort the drops without ALTER and warns)
# Harder corners of SPEC §1: two tables that reference each other (a
# dependency cycle: SQLAlchemy creates the cycle's foreign key with ALTER
# TABLE on PostgreSQL and drops it first), ForeignKey(Class.column),
# descending and multi-function index expressions, func.* server defaults
# with arguments, comments holding quotes, a column whose attribute name
# differs from its column name ("metadata" is reserved by declarative),
# names that need quoting because of non-ASCII characters or a leading
# digit, and one that does not despite a '$'.
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Customer(Base):
    __tablename__ = "cust"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(80), nullable=False, comment='shown as "name"')
    main_address_id = sa.Column(
        sa.Integer, sa.ForeignKey("addr.id", name="fk_cust_main_address", ondelete="SET NULL"))
    meta = sa.Column("metadata", sa.JSON)
    created = sa.Column(sa.DateTime, server_default=sa.func.coalesce(sa.func.current_timestamp(), sa.text("'2000-01-01'")))
    code = sa.Column(sa.String(12), server_default=sa.func.lower("ABC"))

    addresses = relationship("Address", back_populates="customer", foreign_keys="Address.customer_id")
    main_address = relationship("Address", foreign_keys=[main_address_id], post_update=True)

    __table_args__ = (
        sa.Index("ix_cust_created_desc", created.desc()),
        sa.Index("ix_cust_name_code", sa.func.lower(name), sa.func.upper(code)),
        {"comment": "the customer's own table"},
    )


class Address(Base):
    __tablename__ = "addr"

    id = sa.Column(sa.Integer, primary_key=True)
    customer_id = sa.Column(sa.Integer, sa.ForeignKey(Customer.id, name="fk_addr_customer", ondelete="CASCADE"),
                            nullable=False)
    street = sa.Column(sa.String(120), nullable=False)

    customer = relationship(Customer, back_populates="addresses", foreign_keys=[customer_id])


class Odd(Base):
    __tablename__ = "odd names"

    id = sa.Column(sa.Integer, primary_key=True)
    prenom = sa.Column("prénom", sa.String(40))
    first = sa.Column("1st", sa.Integer)
    price = sa.Column("price$", sa.Numeric(8, 2))
    camel = sa.Column("camelCase", sa.Integer, index=True)
