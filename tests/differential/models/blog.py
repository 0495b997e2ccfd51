# dialects: sqlite postgresql
# A blog with tags: `import sqlalchemy as sa` style, a many-to-many through
# a module-level association Table (composite primary key, ON DELETE
# CASCADE), a second association table referenced by variable, a third
# whose foreign-key columns have no type (taken from the referenced
# column), self reference, comments on tables and columns, reserved-word and mixed-case
# names.
import datetime

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import backref, declarative_base, relationship

Base = declarative_base()

post_tags = sa.Table(
    "post_tags",
    Base.metadata,
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tagged_at", sa.DateTime, server_default=sa.func.current_timestamp()),
)

followers = sa.Table(
    "followers",
    Base.metadata,
    sa.Column("follower_id", sa.Integer, sa.ForeignKey("user.id"), nullable=False),
    sa.Column("followed_id", sa.Integer, sa.ForeignKey("user.id"), nullable=False),
    sa.UniqueConstraint("follower_id", "followed_id", name="uq_follow_pair"),
)

bookmarks = sa.Table(
    "bookmarks",
    Base.metadata,
    sa.Column("user_id", sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("post_id", sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A reserved word as table name: must be quoted."""

    __tablename__ = "user"
    __table_args__ = {"comment": "people who write"}

    id = sa.Column(sa.Integer, primary_key=True)
    UserName = sa.Column(sa.String(64), nullable=False, unique=True, comment="shown on posts")
    email = sa.Column("email_address", sa.String(255), nullable=False, key="email")
    bio = sa.Column(sa.UnicodeText, comment="free text, markdown")
    joined = sa.Column(sa.Date, default=datetime.date.today)

    posts = relationship("Post", back_populates="author", lazy="dynamic")
    bookmarked = relationship("Post", secondary="bookmarks")
    following = relationship(
        "User",
        secondary=followers,
        primaryjoin=id == followers.c.follower_id,
        secondaryjoin=id == followers.c.followed_id,
        backref=backref("followed_by", lazy="dynamic"),
        lazy="dynamic",
    )


class Post(Base):
    __tablename__ = "posts"

    id = sa.Column(sa.Integer, primary_key=True)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title = sa.Column(sa.Unicode(200), nullable=False)
    slug = sa.Column(sa.String(200), nullable=False, unique=True, index=True)
    body = sa.Column(sa.Text, nullable=False, server_default="")
    published = sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    order = sa.Column(sa.Integer, nullable=False, server_default=sa.text("0"), comment="position in feed")
    created = sa.Column(sa.DateTime, default=datetime.datetime.utcnow)

    author = relationship("User", back_populates="posts")
    tags = relationship("Tag", secondary=post_tags, back_populates="posts")
    comments = relationship("Comment", backref="post", cascade="all, delete-orphan")


class Tag(Base):
    __tablename__ = "tags"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False, unique=True)

    posts = relationship("Post", secondary="post_tags", back_populates="tags")


class Comment(Base):
    __tablename__ = "comments"

    id = sa.Column(sa.Integer, primary_key=True)
    post_id = sa.Column(sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False)
    parent_id = sa.Column(sa.Integer, sa.ForeignKey("comments.id"))
    text = sa.Column(sa.Text, nullable=False)

    replies = relationship("Comment", backref=backref("parent", remote_side=[id]))
