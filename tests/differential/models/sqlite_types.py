# dialects: sqlite
# Upper-case SQL types that SQLite accepts but PostgreSQL does not.
from sqlalchemy import BLOB, CLOB, DATETIME, NCHAR, NVARCHAR, Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class LiteOnly(Base):
    __tablename__ = "lite_only"

    id = Column(Integer, primary_key=True)
    a_datetime = Column(DATETIME)
    a_blob = Column(BLOB)
    a_clob = Column(CLOB)
    an_nchar = Column(NCHAR(3))
    an_nvarchar = Column(NVARCHAR(30))
