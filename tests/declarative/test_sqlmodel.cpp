// SQLModel, read natively: what SQLModel 0.0.2x does beyond the 0.0.8 that
// Debian packages (the differential test models/sqlmodel_models.py covers
// what both do alike): sa_type=, foreign keys with ondelete=, max_digits /
// decimal_places, a str-valued Enum stored as an Enum, `X | None` and
// annotations naming classes defined later (Python 3.14 evaluates them
// lazily), pydantic's string types, and the errors for a field whose type
// orm cannot tell.
#include <catch2/catch.hpp>

#include "declarative/read_helpers.hpp"

using namespace orm;
using namespace orm::declarative;
using namespace decl_test;
using orm::schema::TypeKind;

namespace {

const char* kModels = R"(import enum
import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import EmailStr
from sqlalchemy import DateTime
from sqlmodel import Field, Relationship, SQLModel


class Status(str, enum.Enum):
    open = "open"
    closed = "closed"


class UserBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=255)
    full_name: str | None = Field(default=None, max_length=255)


class User(UserBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    hashed_password: str
    created_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    items: list[Item] = Relationship(back_populates="owner", cascade_delete=True)


class UserPublic(User):
    pass


class Item(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    price: Decimal = Field(max_digits=10, decimal_places=2)
    status: Status = Status.open
    note: str | None = Field(default=..., max_length=20)
    owner_id: uuid.UUID = Field(foreign_key="user.id", nullable=False, ondelete="CASCADE")
    owner: User | None = Relationship(back_populates="items")
)";

}  // namespace

TEST_CASE("SQLModel: table=True classes and their fields, as SQLModel 0.0.2x maps them", "[declarative][sqlmodel]") {
    auto m = read(kModels);
    REQUIRE(m.metadata.tables.size() == 2);   // UserBase, UserPublic: no tables
    const auto& user = table(m, "user");
    CHECK(column_names(user) == std::vector<std::string>{"email", "full_name", "id", "hashed_password", "created_at"});
    CHECK(column(user, "email").type.kind == TypeKind::String);
    CHECK(column(user, "email").type.length == 255);
    CHECK_FALSE(column(user, "email").nullable);
    CHECK(column(user, "full_name").nullable);
    CHECK_FALSE(column(user, "id").nullable);
    CHECK(column(user, "id").primary_key);
    CHECK(column(user, "hashed_password").type.kind == TypeKind::String);
    CHECK_FALSE(column(user, "hashed_password").type.length);
    CHECK(column(user, "created_at").type.kind == TypeKind::DateTime);
    CHECK(column(user, "created_at").type.timezone);
    REQUIRE(user.indexes.size() == 1);
    CHECK(user.indexes[0].unique);
    const auto& item = table(m, "item");
    CHECK(column(item, "price").type.kind == TypeKind::Numeric);
    CHECK(column(item, "price").type.precision == 10);
    CHECK(column(item, "price").type.scale == 2);
    CHECK(column(item, "status").type.kind == TypeKind::Enum);   // an Enum before a str
    CHECK(column(item, "note").nullable);                         // Optional, though required
    CHECK_FALSE(column(item, "owner_id").nullable);
    REQUIRE(item.foreign_keys.size() == 1);
    CHECK(item.foreign_keys[0].referred_table == "user");
    CHECK(item.foreign_keys[0].ondelete == "CASCADE");
    CHECK(mapper(m, "User").class_name == "User");
}

TEST_CASE("SQLModel: a field whose type orm cannot tell is an error at the class", "[declarative][sqlmodel]") {
    auto e = read_error(R"(from money import Money
from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    balance: Money
)");
    CHECK(e.message().find("Account.balance: orm cannot tell which SQLAlchemy type SQLModel gives money.Money") !=
          std::string::npos);
    CHECK(e.message().find("give the field sa_type=") != std::string::npos);
    CHECK(e.location().line == 5);
    auto u = read_error(R"(from sqlmodel import Field, SQLModel


class Reading(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    value: int | str
)");
    CHECK(u.message().find("Reading.value: Cannot have a (non-optional) union as a SQLAlchemy field") != std::string::npos);
}
