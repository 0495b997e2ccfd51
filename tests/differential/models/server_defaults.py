# dialects: sqlite postgresql
# Server defaults of every kind: string literals (quoted, with an embedded
# quote, empty), numbers given as strings, text() fragments, func.now(),
# func.current_timestamp(), other func.* calls, sa.true()/sa.false(), a
# cast() (its type spelled by the dialect); and
# Python-side defaults and onupdates of every well-known kind, which must
# not appear in the DDL.
import datetime as dt
import uuid
from datetime import date, datetime
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Setting(Base):
    __tablename__ = "settings"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False, server_default="unnamed")
    quoted = sa.Column(sa.String(50), server_default="it's")
    empty = sa.Column(sa.String(50), server_default="")
    count = sa.Column(sa.Integer, nullable=False, server_default="0")
    ratio = sa.Column(sa.Float, server_default="0.5")
    price = sa.Column(sa.Numeric(8, 2), server_default=sa.text("9.99"))
    negative = sa.Column(sa.Integer, server_default=sa.text("-1"))
    flag_on = sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    flag_off = sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    flag_text = sa.Column(sa.Boolean, server_default=sa.text("false"))
    created = sa.Column(sa.DateTime, server_default=sa.func.now())
    stamped = sa.Column(sa.DateTime, server_default=sa.func.current_timestamp())
    stamped_text = sa.Column(sa.DateTime, server_default=sa.text("CURRENT_TIMESTAMP"))
    today = sa.Column(sa.Date, server_default=sa.func.current_date())
    label = sa.Column(sa.String(20), server_default=sa.text("'label'"))
    upper_label = sa.Column(sa.String(20), server_default=sa.func.upper("x"))
    computed = sa.Column(sa.Integer, server_default=sa.text("(1 + 2)"))
    cast_label = sa.Column(sa.String(20), server_default=sa.cast(sa.text("'5'"), sa.String(20)))


class PythonDefaults(Base):
    __tablename__ = "python_defaults"

    id = sa.Column(sa.Integer, primary_key=True)
    a_literal = sa.Column(sa.Integer, default=42)
    a_string = sa.Column(sa.String(10), default="x")
    a_bool = sa.Column(sa.Boolean, default=False)
    a_float = sa.Column(sa.Float, default=1.5)
    a_none = sa.Column(sa.String(10), default=None)
    now = sa.Column(sa.DateTime, default=datetime.now, onupdate=datetime.now)
    utcnow = sa.Column(sa.DateTime, default=datetime.utcnow, onupdate=datetime.utcnow)
    module_now = sa.Column(sa.DateTime, default=dt.datetime.now)
    today = sa.Column(sa.Date, default=date.today)
    token = sa.Column(sa.String(36), default=uuid.uuid4)
    token2 = sa.Column(sa.String(36), default=uuid4, unique=True)
    both = sa.Column(sa.String(10), default="py", server_default="db", onupdate="changed")
