// SQLAlchemy 2.0: Mapped[...] annotations give types and nullability.
#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::TypeKind;

TEST_CASE("Mapped[] type and nullability inference", "[declarative][mapped]") {
    auto m = read(R"(from __future__ import annotations
import datetime as dt
import enum
import uuid
from datetime import datetime, date, time, timedelta
from decimal import Decimal
from typing import Optional, List, Union, Literal
from sqlalchemy import String, ForeignKey, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Mood(enum.Enum):
    HAPPY = "h"
    SAD = "s"

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    nick: Mapped[Optional[str]]
    bio: Mapped[str | None] = mapped_column(Text)
    alt: Mapped[Union[str, None]]
    born: Mapped[date]
    seen: Mapped[datetime]
    wake: Mapped[time]
    span: Mapped[timedelta]
    balance: Mapped[Decimal]
    ok: Mapped[bool]
    score: Mapped[float]
    blob: Mapped[bytes]
    token: Mapped[uuid.UUID]
    when: Mapped[dt.datetime]
    mood: Mapped[Mood]
    size: Mapped[Literal["s", "m"]]
    forced: Mapped[Optional[int]] = mapped_column(nullable=False)
    db_named: Mapped[int] = mapped_column("dbn")
    posts: Mapped[List["Post"]] = relationship(back_populates="author")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")
    editor: Mapped[Optional["User"]] = relationship()
)");
    const auto& u = table(m, "users");
    CHECK(column(u, "id").type.kind == TypeKind::Integer);
    CHECK_FALSE(column(u, "id").nullable);
    CHECK(column(u, "name").type.length == 50);
    CHECK_FALSE(column(u, "name").nullable);
    CHECK(column(u, "nick").type.kind == TypeKind::String);
    CHECK_FALSE(column(u, "nick").type.length);
    CHECK(column(u, "nick").nullable);
    CHECK(column(u, "bio").type.kind == TypeKind::Text);
    CHECK(column(u, "bio").nullable);
    CHECK(column(u, "alt").nullable);
    CHECK(column(u, "born").type.kind == TypeKind::Date);
    CHECK(column(u, "seen").type.kind == TypeKind::DateTime);
    CHECK(column(u, "wake").type.kind == TypeKind::Time);
    CHECK(column(u, "span").type.kind == TypeKind::Interval);
    CHECK(column(u, "balance").type.kind == TypeKind::Numeric);
    CHECK(column(u, "ok").type.kind == TypeKind::Boolean);
    CHECK(column(u, "score").type.kind == TypeKind::Float);
    CHECK(column(u, "blob").type.kind == TypeKind::LargeBinary);
    CHECK(column(u, "token").type.kind == TypeKind::Uuid);
    CHECK(column(u, "when").type.kind == TypeKind::DateTime);
    CHECK(column(u, "mood").type.enum_spec->values == std::vector<std::string>{"HAPPY", "SAD"});
    CHECK(column(u, "size").type.enum_spec->values == std::vector<std::string>{"s", "m"});
    CHECK_FALSE(column(u, "forced").nullable);
    CHECK(column(u, "dbn").key == "dbn");
    CHECK(column_names(u).front() == "id");

    const auto& user = mapper(m, "User");
    REQUIRE(user.relationships.size() == 1);
    CHECK(user.relationships[0].target == "Post");
    CHECK(user.relationships[0].uselist == true);
    CHECK(user.relationships[0].collection_class == "list");
    CHECK(user.relationships[0].back_populates == "author");
    const auto& post = mapper(m, "Post");
    CHECK(post.relationships[0].target == "User");
    CHECK(post.relationships[0].uselist == false);
    CHECK(post.relationships[1].target == "User");
    CHECK(column(table(m, "posts"), "author_id").type.kind == TypeKind::Integer);
}

TEST_CASE("Mapped[] of a type with no SQL type is SQLAlchemy's error", "[declarative][mapped]") {
    auto e = read_error(R"(from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict]
)");
    CHECK(e.message() == "Could not locate SQLAlchemy Core type for Python type dict inside the 'data' attribute Mapped annotation");
    CHECK(e.location().line == 7);
}

TEST_CASE("type_annotation_map on the base", "[declarative][mapped]") {
    auto m = read(R"(from sqlalchemy import String, JSON
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    type_annotation_map = {str: String(30), dict: JSON}
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    data: Mapped[dict]
)");
    CHECK(column(table(m, "a"), "name").type.length == 30);
    CHECK(column(table(m, "a"), "data").type.kind == TypeKind::JSON);
}

TEST_CASE("Mapped[] with a ForeignKey and no type takes the referenced column's type, not the annotation's",
          "[declarative][mapped]") {
    auto m = read(R"(import uuid
from typing import Optional
from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Release(Base):
    __tablename__ = "releases"
    id: Mapped[str] = mapped_column(UUID(as_uuid=False), primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger, unique=True)

class Vulnerability(Base):
    __tablename__ = "vulnerabilities"
    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id"), primary_key=True)
    release_number: Mapped[Optional[int]] = mapped_column(ForeignKey("releases.number"))
    label: Mapped[str] = mapped_column(String(20), ForeignKey("releases.id"))
)");
    const auto& t = table(m, "vulnerabilities");
    CHECK(column(t, "release_id").type.kind == TypeKind::PG_UUID);
    CHECK(column(t, "release_number").type.kind == TypeKind::BigInteger);
    CHECK(column(t, "release_number").nullable);   // nullability still from the annotation
    CHECK(column(t, "label").type.kind == TypeKind::String);   // a type of its own stays
}
