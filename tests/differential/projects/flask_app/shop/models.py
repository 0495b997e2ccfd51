from datetime import datetime

from .extensions import db

product_tags = db.Table(
    "product_tags",
    db.Column("product_id", db.Integer, db.ForeignKey("product.id"), primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tag.id"), primary_key=True),
)


class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False, unique=True)
    price = db.Column(db.Numeric(10, 2), nullable=False)
    created = db.Column(db.DateTime, default=datetime.utcnow)
    tags = db.relationship("Tag", secondary=product_tags, backref="products")


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(30), index=True)


class HTTPRequestLog(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    path = db.Column(db.Text)


class Person(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20))
    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "person"}


class Employee(Person):
    """No primary key of its own: single-table inheritance, no table."""
    badge = db.Column(db.String(10))
    __mapper_args__ = {"polymorphic_identity": "employee"}


class Manager(Person):
    """Its own primary key: a joined table named from the class."""
    id = db.Column(db.Integer, db.ForeignKey("person.id"), primary_key=True)
    level = db.Column(db.SmallInteger, default=1)
    __mapper_args__ = {"polymorphic_identity": "manager"}


class Invoice(db.Model):
    __tablename__ = "invoices"
    id = db.Column(db.BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True)
    product_id = db.Column(db.Integer, db.ForeignKey(Product.id, ondelete="SET NULL"))
    payload = db.Column(db.JSON)
