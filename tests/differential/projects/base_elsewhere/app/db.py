from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

from app.constants import SCHEMA_PREFIX

convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=convention))
TABLE_PREFIX = SCHEMA_PREFIX + "_"
