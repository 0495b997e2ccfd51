# dialects: sqlite postgresql
# beyond-metadata-json: Sequence Identity-options (the format carries an identity's kind, not its sequence options)
"""How columns' values are generated: Sequence (created before its table
where the backend has sequences), Identity (GENERATED ... AS IDENTITY on
PostgreSQL, NOT NULL elsewhere), Computed (GENERATED ALWAYS AS), and
FetchedValue / DefaultClause (issue 13, constructs seen in real models)."""
from sqlalchemy import (BigInteger, Column, Computed, DefaultClause, FetchedValue, Identity, Integer, Sequence,
                        String, text)
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Counter(Base):
    __tablename__ = "counters"
    id = Column(Integer, Sequence("counters_id_seq"), primary_key=True)
    serial = Column(BigInteger, Sequence("counters_serial_seq", start=3, increment=2, minvalue=1, cycle=False))
    doubled = Column(Integer, Computed("id * 2"))
    stored = Column(Integer, Computed("id + 1", persisted=True))


class Ticket(Base):
    __tablename__ = "tickets"
    id = Column(Integer, Identity(), primary_key=True)
    number = Column(Integer, Identity(start=100, increment=5, always=True))
    bounded = Column(Integer, Identity(start=1, maxvalue=1000, cache=5))
    label = Column(String(20), server_default=FetchedValue())
    touched = Column(String(20), FetchedValue(), server_onupdate=FetchedValue())
    three = Column(Integer, DefaultClause(text("3")))
    four = Column(String(4), server_default=DefaultClause("four"))
