"""A stand-in for oslo_db.sqlalchemy.models, written for the corpus runs:
the mixins OpenStack's model classes derive from, with the columns oslo.db
documents for them (created_at / updated_at, deleted_at / deleted) and the
dict-like access of ModelBase. Nothing here talks to a database."""
import datetime

from sqlalchemy import Column, DateTime, Integer


def _utcnow():
    return datetime.datetime.utcnow()


class ModelBase(object):
    """Base class for models: item access by attribute name."""

    __table_initialized__ = False

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        setattr(self, key, value)

    def __contains__(self, key):
        return hasattr(self, key)

    def get(self, key, default=None):
        return getattr(self, key, default)

    def update(self, values):
        for k, v in values.items():
            setattr(self, k, v)


class ModelIterator(object):
    pass


class TimestampMixin(object):
    created_at = Column(DateTime, default=_utcnow)
    updated_at = Column(DateTime, onupdate=_utcnow)


class SoftDeleteMixin(object):
    deleted_at = Column(DateTime)
    deleted = Column(Integer, default=0)
