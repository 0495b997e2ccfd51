# dialects: sqlite postgresql
# A module-level MetaData(naming_convention=...) shared by a declarative
# base and a plain Table; conventions using column_0N_name and
# referred_column_0_name.
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

convention = {
    "ix": "ix_%(table_name)s_%(column_0N_name)s",
    "uq": "uq_%(table_name)s_%(column_0N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=convention)
Base = declarative_base(metadata=metadata)

class Project(Base):
    __tablename__ = "projects"

    id = sa.Column(sa.Integer, primary_key=True)
    owner = sa.Column(sa.String(40), nullable=False)
    name = sa.Column(sa.String(80), nullable=False)
    budget = sa.Column(sa.Numeric(12, 2), sa.CheckConstraint("budget >= 0", name="budget_nonnegative"))

    __table_args__ = (
        sa.UniqueConstraint(owner, name),
        sa.Index(None, sa.func.lower(name)),
    )


# After Project: referred_column_0_name needs the referred table to exist.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="SET NULL")),
    sa.Column("action", sa.String(30), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Index(None, "project_id", "at"),
)
