# dialects: sqlite postgresql
# Enums: Enum("a", "b", name=...) with literal values, Enum(PyEnum) over
# same-file enum.Enum classes (member names are stored, not values; the
# type name defaults to the lower-cased class name), an explicit name, one
# Enum object shared by two tables (one CREATE TYPE), server defaults on
# enum columns and a value that needs quoting.
import enum

from sqlalchemy import Column, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Priority(enum.Enum):
    LOW = 1
    NORMAL = 2
    HIGH = 3
    CRITICAL = 4


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"
    BLUE = "b"


workflow_state = Enum("draft", "in review", "published", "won't do", name="workflow_state")


class Ticket(Base):
    __tablename__ = "tickets"

    id = Column(Integer, primary_key=True)
    title = Column(String(120), nullable=False)
    priority = Column(Enum(Priority), nullable=False, default=Priority.NORMAL, server_default="NORMAL")
    state = Column(workflow_state, nullable=False, server_default="draft")
    label_color = Column(Enum(Color, name="label_color"))
    kind = Column(Enum("bug", "feature", "chore", name="ticket_kind"), index=True)

    history = relationship("TicketEvent", back_populates="ticket")


class TicketEvent(Base):
    __tablename__ = "ticket_events"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False)
    from_state = Column(workflow_state)
    to_state = Column(workflow_state, nullable=False)

    ticket = relationship("Ticket", back_populates="history")
