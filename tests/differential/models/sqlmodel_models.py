# dialects: sqlite postgresql
"""SQLModel models (table=True classes over plain SQLModel bases), read by
orm natively and by SQLModel itself: each field's column type, nullability,
primary and foreign keys, unique and index flags, defaults, sa_column and
sa_column_kwargs, a link table for a many-to-many relationship, and
classes that are no table (request and response schemas)."""
import datetime
import decimal
import enum
import uuid
from typing import List, Optional

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel


class Rank(enum.Enum):
    cadet = 1
    captain = 2


def next_code() -> str:
    return "X"


class TeamBase(SQLModel):
    name: str = Field(index=True, max_length=60)
    headquarters: str
    founded: Optional[datetime.date] = None


class Team(TeamBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    budget: decimal.Decimal = decimal.Decimal("0")
    heroes: List["Hero"] = Relationship(back_populates="team")


class TeamCreate(TeamBase):
    pass


class HeroMissionLink(SQLModel, table=True):
    __tablename__ = "hero_mission"
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)
    mission_id: Optional[int] = Field(default=None, foreign_key="mission.id", primary_key=True)


class Hero(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("name", "secret_name"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    secret_name: str = Field(max_length=100, unique=True)
    age: Optional[int] = Field(default=None, index=True)
    strength: float = 1.0
    active: bool = True
    rank: Rank = Rank.cadet
    code: str = Field(default_factory=next_code, max_length=8)
    external_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    born_at: Optional[datetime.datetime] = None
    wakes_at: Optional[datetime.time] = None
    shift: Optional[datetime.timedelta] = None
    portrait: Optional[bytes] = None
    motto: Optional[str] = Field(default=None, sa_column_kwargs={"server_default": "onward"})
    biography: Optional[str] = Field(default=None, sa_column=Column("biography", Text, nullable=True))
    nickname: str = Field(nullable=True, max_length=30)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="heroes")
    missions: List["Mission"] = Relationship(back_populates="heroes", link_model=HeroMissionLink)


class Mission(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    heroes: List[Hero] = Relationship(back_populates="missions", link_model=HeroMissionLink)


class HeroRead(SQLModel):
    id: int
    name: str
