from sqlalchemy import Boolean, CheckConstraint, Column, Enum, Index, Integer, String, Table, ForeignKey, UniqueConstraint

from ..db import Base, TABLE_PREFIX
from ..enums import Role
from ..mixins import RequiredString, TableNameMixin, TimestampMixin
from ..types import GUID, Slug

user_groups = Table(
    TABLE_PREFIX + "user_groups",
    Base.metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("group_name", String(40), primary_key=True),
)


class User(TableNameMixin, TimestampMixin, Base):
    id = Column(Integer, primary_key=True)
    public_id = Column(GUID(), unique=True, default=lambda: None)
    name = RequiredString()
    slug = Column(Slug(80), index=True)
    role = Column(Enum(Role, name="user_role"), nullable=False, default=Role.member)
    active = Column(Boolean, default=True, nullable=False)

    __table_args__ = (
        UniqueConstraint("name", "slug"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )


class Membership(TableNameMixin, Base):
    id = Column(Integer, primary_key=True)
    user_id = Column(None, ForeignKey("users.id"), nullable=False)  # the type comes from users.id
    note = Column(String(20), server_default="", server_onupdate=None)


Index("ix_membership_user_note", Membership.__table__.c.user_id, Membership.__table__.c.note)
