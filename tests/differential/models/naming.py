# dialects: sqlite postgresql
# Naming conventions through declarative_base(metadata=MetaData(naming_convention=...)):
# every constraint kind named by the convention (ix, uq, ck, fk, pk), a
# multi-column token, explicit names going through %(constraint_name)s,
# index=True / unique=True columns, an association table, and convention
# names longer than PostgreSQL's 63 characters (SQLAlchemy shortens them
# with a hash suffix there; SQLite keeps them whole).
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base(
    metadata=MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
)

team_members = Table(
    "team_members",
    Base.metadata,
    Column("team_id", Integer, ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), nullable=False, server_default="member"),
    CheckConstraint("role IN ('member', 'lead')", name="role_known"),
)


class Team(Base):
    __tablename__ = "teams"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False, unique=True)
    slug = Column(String(80), nullable=False, index=True, unique=True)
    parent_id = Column(Integer, ForeignKey("teams.id"))

    members = relationship("Person", secondary=team_members, back_populates="teams")
    children = relationship("Team")


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (
        UniqueConstraint("first_name", "last_name", "birth_year"),
        CheckConstraint("birth_year > 1900", name="born_recently"),
        Index(None, "birth_year", "last_name"),
        Index("explicit_ix_name", "nickname"),
    )

    id = Column(Integer, primary_key=True)
    first_name = Column(String(50), nullable=False)
    last_name = Column(String(50), nullable=False, index=True)
    nickname = Column(String(50))
    birth_year = Column(Integer)
    email = Column(String(120), unique=True)

    teams = relationship("Team", secondary=team_members, back_populates="members")


class ExtremelyLongTableNameForTestingIdentifierLimits(Base):
    __tablename__ = "extremely_long_table_name_for_testing_identifier_limits"

    id = Column(Integer, primary_key=True)
    a_rather_long_column_name_number_one = Column(String(10), nullable=False)
    a_rather_long_column_name_number_two = Column(String(10), nullable=False, index=True)
    team_id = Column(Integer, ForeignKey("teams.id"))

    __table_args__ = (
        UniqueConstraint("a_rather_long_column_name_number_one", "a_rather_long_column_name_number_two"),
        CheckConstraint("a_rather_long_column_name_number_one <> ''", name="first_long_column_is_not_empty"),
    )
