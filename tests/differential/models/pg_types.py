# dialects: postgresql
# PostgreSQL-only types through `from sqlalchemy.dialects import postgresql`
# and `from sqlalchemy.dialects.postgresql import ...`: JSONB, UUID (with
# and without as_uuid), ARRAY of several element types (including a
# dimensioned one), INET, TSVECTOR; server defaults that call PostgreSQL
# functions; a partial unique index over an expression; a composite
# primary key with an explicit autoincrement=True column (SERIAL, and
# SQLAlchemy lists that column first in PRIMARY KEY; SQLite refuses it).
import uuid
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, INET, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import declarative_base, relationship

engine = sa.create_engine("postgres://app@localhost/app")

Base = declarative_base()


class Document(Base):
    __tablename__ = "documents"

    id = sa.Column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4,
                   server_default=sa.text("gen_random_uuid()"))
    external_id = sa.Column(postgresql.UUID, unique=True, default=uuid4)
    title = sa.Column(sa.String(200), nullable=False)
    body = sa.Column(sa.Text, nullable=False, server_default="")
    attributes = sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))
    raw = sa.Column(postgresql.JSONB(none_as_null=True))
    plain_json = sa.Column(postgresql.JSON)
    tags = sa.Column(ARRAY(sa.String(40)), nullable=False, server_default="{}")
    scores = sa.Column(postgresql.ARRAY(sa.Integer))
    matrix = sa.Column(ARRAY(sa.Float, dimensions=2))
    search = sa.Column(TSVECTOR)
    created_at = sa.Column(sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())
    updated_at = sa.Column(postgresql.TIMESTAMP(timezone=True), onupdate=sa.func.now())

    __table_args__ = (
        sa.Index("ix_documents_title_lower", sa.func.lower(title), unique=True,
                 postgresql_where=sa.text("body <> ''")),
        sa.CheckConstraint("char_length(title) > 0", name="ck_documents_title_nonempty"),
    )

    views = relationship("PageView", back_populates="document", passive_deletes=True)


class PageView(Base):
    __tablename__ = "page_views"

    id = sa.Column(sa.BigInteger, primary_key=True)
    document_id = sa.Column(UUID(as_uuid=True), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)
    client_addr = sa.Column(INET, nullable=False)
    seen_at = sa.Column(sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"))
    duration = sa.Column(sa.Interval)
    is_bot = sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    is_first = sa.Column(sa.Boolean, nullable=False, server_default=sa.true())

    document = relationship("Document", back_populates="views")

    __table_args__ = (
        sa.Index("ix_page_views_recent", "document_id", "seen_at", postgresql_where=sa.text("NOT is_bot")),
    )


class Reading(Base):
    __tablename__ = "readings"

    sensor = sa.Column(sa.String(20), primary_key=True)
    seq = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    value = sa.Column(sa.Float, nullable=False)
    token = sa.Column(UUID(as_uuid=True), server_default=sa.func.gen_random_uuid())


# Operators PostgreSQL stores in another spelling than the models write
# (BETWEEN expanded, NOT ILIKE as !~~*, != as <>): the diff against the
# database must see them as the same.
class Classifier(Base):
    __tablename__ = "classifiers"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(64), nullable=False)
    kind = sa.Column(sa.String(16), nullable=False)

    __table_args__ = (
        sa.CheckConstraint("char_length(name) BETWEEN 1 AND 32", name="classifiers_valid_name"),
        sa.CheckConstraint("name NOT ILIKE 'private ::_'", name="classifiers_not_private"),
        sa.Index("ix_classifiers_open", "kind", postgresql_where=sa.text("kind != 'closed' AND name LIKE 'a_'")),
    )


Base.metadata.create_all(engine)
