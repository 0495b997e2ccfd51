# dialects: sqlite postgresql
# Every generic type of SPEC §1 and the upper-case SQL types that both
# SQLite and PostgreSQL accept, with and without their arguments.
import sqlalchemy
from sqlalchemy import (
    BIGINT,
    BOOLEAN,
    CHAR,
    DATE,
    DECIMAL,
    FLOAT,
    INTEGER,
    JSON,
    NUMERIC,
    REAL,
    SMALLINT,
    TEXT,
    TIME,
    TIMESTAMP,
    VARCHAR,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    Time,
    Unicode,
    UnicodeText,
)
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class GenericTypes(Base):
    __tablename__ = "generic_types"

    id = Column(Integer, primary_key=True)
    an_integer = Column(Integer)
    a_small_integer = Column(SmallInteger)
    a_big_integer = Column(BigInteger)
    a_string = Column(String)
    a_string_50 = Column(String(50))
    a_unicode = Column(Unicode(30))
    a_unicode_nolen = Column(Unicode)
    a_text = Column(Text)
    a_unicode_text = Column(UnicodeText)
    a_boolean = Column(Boolean)
    a_date = Column(Date)
    a_datetime = Column(DateTime)
    a_datetime_tz = Column(DateTime(timezone=True))
    a_datetime_notz = Column(DateTime(timezone=False))
    a_time = Column(Time)
    an_interval = Column(Interval)
    a_float = Column(Float)
    a_float_precision = Column(Float(precision=24))
    a_numeric = Column(Numeric)
    a_numeric_p = Column(Numeric(12))
    a_numeric_ps = Column(Numeric(12, 4))
    a_decimal = Column(sqlalchemy.DECIMAL(8, 3))
    a_large_binary = Column(LargeBinary)
    a_json = Column(JSON)
    an_enum = Column(Enum("small", "medium", "large", name="size"))


class UpperTypes(Base):
    __tablename__ = "upper_types"

    id = Column(INTEGER, primary_key=True)
    an_integer = Column(INTEGER, nullable=False)
    a_smallint = Column(SMALLINT)
    a_bigint = Column(BIGINT)
    a_varchar = Column(VARCHAR(40))
    a_char = Column(CHAR(2))
    a_text = Column(TEXT)
    a_boolean = Column(BOOLEAN)
    a_date = Column(DATE)
    a_time = Column(TIME)
    a_timestamp = Column(TIMESTAMP)
    a_timestamp_tz = Column(TIMESTAMP(timezone=True))
    a_float = Column(FLOAT)
    a_real = Column(REAL)
    a_numeric = Column(NUMERIC(10, 2))
    a_decimal = Column(DECIMAL(5, 1))
    a_json = Column(JSON)


class BigKey(Base):
    """A BigInteger primary key: BIGSERIAL on PostgreSQL."""

    __tablename__ = "big_keys"

    id = Column(BigInteger, primary_key=True)
    label = Column(String(20))


class SmallKey(Base):
    """A SmallInteger primary key: SMALLSERIAL on PostgreSQL."""

    __tablename__ = "small_keys"

    id = Column(SmallInteger, primary_key=True)
    label = Column(String(20))


class ManualKey(Base):
    """autoincrement=False: plain INTEGER, no SERIAL."""

    __tablename__ = "manual_keys"

    id = Column(Integer, primary_key=True, autoincrement=False)
    code = Column(String(10), primary_key=False, nullable=False)
