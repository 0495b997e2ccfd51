"""A stand-in for invenio-db (not in Debian), written for the corpus runs:
what Invenio modules use from it is `db`, a Flask-SQLAlchemy instance whose
MetaData carries Invenio's naming convention, and `db.Timestamp`, a mixin
with `created` and `updated` columns, and `db.UTCDateTime`, a TypeDecorator
over DateTime."""
from datetime import datetime

from flask_sqlalchemy import SQLAlchemy as FlaskSQLAlchemy
from sqlalchemy import Column, DateTime, MetaData
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    impl = DateTime
    cache_ok = True


class Timestamp:
    created = Column(UTCDateTime, default=datetime.utcnow, nullable=False)
    updated = Column(UTCDateTime, default=datetime.utcnow, nullable=False)


class SQLAlchemy(FlaskSQLAlchemy):
    Timestamp = Timestamp
    UTCDateTime = UTCDateTime


db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
