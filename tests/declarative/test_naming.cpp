// Naming conventions from the models file, applied after reading.
#include "read_helpers.hpp"

using namespace decl_test;

TEST_CASE("naming conventions name constraints and indexes", "[declarative][naming]") {
    auto m = read(R"(from sqlalchemy import Column, Integer, String, ForeignKey, MetaData, UniqueConstraint, CheckConstraint
from sqlalchemy.orm import declarative_base
convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base = declarative_base(metadata=MetaData(naming_convention=convention))
class P(Base):
    __tablename__ = "parent"
    id = Column(Integer, primary_key=True)
class C(Base):
    __tablename__ = "child"
    __table_args__ = (CheckConstraint("id > 0", name="positive"),)
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("parent.id"), index=True)
    email = Column(String, unique=True)
)");
    const auto& c = table(m, "child");
    CHECK(c.primary_key.name == "pk_child");
    CHECK(c.foreign_keys.at(0).name == "fk_child_parent_id_parent");
    CHECK(c.unique_constraints.at(0).name == "uq_child_email");
    CHECK(c.check_constraints.at(0).name == "ck_child_positive");
    CHECK(c.indexes.at(0).name == "ix_child_parent_id");
}

TEST_CASE("Base.metadata.naming_convention set after the base", "[declarative][naming]") {
    auto m = read(R"(from sqlalchemy import Column, Integer
from sqlalchemy.orm import declarative_base
Base = declarative_base()
Base.metadata.naming_convention = {"pk": "pk_%(table_name)s"}
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
)");
    CHECK(table(m, "a").primary_key.name == "pk_a");
}
