// Declarative bases: declarative_base() from either module, MetaData options,
// 2.0's DeclarativeBase, registry().generate_base().
#include "read_helpers.hpp"

using namespace decl_test;

TEST_CASE("declarative_base(metadata=MetaData(naming_convention=..., schema=...))", "[declarative][bases]") {
    auto m = read(R"(from sqlalchemy import Column, Integer, MetaData
from sqlalchemy.ext.declarative import declarative_base
Base = declarative_base(metadata=MetaData(naming_convention={"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s"}, schema="shop"))
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
)");
    CHECK(m.metadata.schema == "shop");
    REQUIRE(m.metadata.naming_convention.size() == 2);
    CHECK(m.metadata.naming_convention[1].first == "uq");
    CHECK(table(m, "shop.a").schema == "shop");
}

TEST_CASE("module-level metadata shared with declarative_base and Table", "[declarative][bases]") {
    auto m = read(R"(from sqlalchemy import Column, Integer, MetaData, Table, ForeignKey
from sqlalchemy.orm import declarative_base
metadata = MetaData()
Base = declarative_base(metadata=metadata)
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
t = Table("t", metadata, Column("a_id", ForeignKey("a.id")))
)");
    REQUIRE(m.metadata.tables.size() == 2);
    CHECK(column(table(m, "t"), "a_id").type.kind == orm::schema::TypeKind::Integer);
}

TEST_CASE("2.0 DeclarativeBase with metadata in its body", "[declarative][bases]") {
    auto m = read(R"(from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={"pk": "pk_%(table_name)s"})
class A(Base):
    __tablename__ = "a"
    id: Mapped[int] = mapped_column(primary_key=True)
)");
    REQUIRE(m.metadata.naming_convention.size() == 1);
    CHECK(table(m, "a").primary_key.name == "pk_a");
}

TEST_CASE("registry().generate_base()", "[declarative][bases]") {
    auto m = read(R"(from sqlalchemy import Column, Integer
from sqlalchemy.orm import registry
mapper_registry = registry()
Base = mapper_registry.generate_base()
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
)");
    CHECK(m.metadata.tables.size() == 1);
}

TEST_CASE("two MetaData objects owning tables is reported", "[declarative][bases]") {
    auto e = read_error(R"(from sqlalchemy import Column, Integer, MetaData, Table
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
other = MetaData()
t = Table("t", other, Column("x", Integer))
)");
    CHECK_THAT(e.message(), Catch::Contains("one MetaData"));
    CHECK(e.location().line == 8);
}
