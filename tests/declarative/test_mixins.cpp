// Mixins, __abstract__ bases and declared_attr, with SQLAlchemy 1.4's
// column order (creation order: mixin columns usually first) and 2.0's
// (the class's own columns first, then the mixins').
#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::TypeKind;

TEST_CASE("mixin columns, declared_attr and __abstract__ (SQLAlchemy 1.4 order)", "[declarative][mixins]") {
    auto m = read(std::string(kPreamble) + R"(
class TimestampMixin:
    created_at = Column(DateTime, server_default=func.now())
class NameMixin:
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()
    @declared_attr
    def owner_id(cls):
        return Column(Integer, ForeignKey("owner.id"))
    @declared_attr
    def owner(cls):
        return relationship("Owner")
class Owner(Base):
    __tablename__ = "owner"
    id = Column(Integer, primary_key=True)
class Widget(NameMixin, TimestampMixin, Base):
    id = Column(Integer, primary_key=True)
    name = Column(String)
class Gizmo(NameMixin, TimestampMixin, Base):
    id = Column(Integer, primary_key=True)
class Abs(Base):
    __abstract__ = True
    id = Column(Integer, primary_key=True)
    note = Column(String)
class Gadget(Abs):
    __tablename__ = "gadget"
    extra = Column(Integer)
    note = Column(Text)
)");
    const auto& widget = table(m, "widget");
    CHECK(column_names(widget) == std::vector<std::string>{"created_at", "id", "name", "owner_id"});
    CHECK(widget.foreign_keys.size() == 1);
    CHECK(column_names(table(m, "gizmo")) == std::vector<std::string>{"created_at", "id", "owner_id"});
    CHECK(mapper(m, "Widget").attribute_order == std::vector<std::string>{"owner", "created_at", "id", "name", "owner_id"});
    CHECK(mapper(m, "Widget").relationships.at(0).target == "Owner");
    CHECK(mapper(m, "Widget").columns.at(0).from_mixin);
    const auto& gadget = table(m, "gadget");
    CHECK(column_names(gadget) == std::vector<std::string>{"id", "extra", "note"});
    CHECK(column(gadget, "note").type.kind == TypeKind::Text);
    CHECK(m.metadata.tables.size() == 4);  // no table for the abstract base or the mixins
}

TEST_CASE("2.0 order: the class's own columns, then the mixins'", "[declarative][mixins]") {
    auto m = read(R"(from datetime import datetime
from sqlalchemy import func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime | None]
class Widget(TimestampMixin, Base):
    __tablename__ = "widget"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    rank: Mapped[int] = mapped_column(sort_order=-1)
)");
    const auto& w = table(m, "widget");
    CHECK(column_names(w) == std::vector<std::string>{"rank", "id", "name", "created_at", "updated_at"});
    CHECK_FALSE(column(w, "created_at").nullable);
    CHECK(column(w, "updated_at").nullable);
    CHECK(column(w, "updated_at").type.kind == TypeKind::DateTime);
}

TEST_CASE("a plain mixin column with a ForeignKey is SQLAlchemy 1.4's error", "[declarative][mixins]") {
    auto e = read_error(std::string(kPreamble) + R"(
class OwnedMixin:
    owner_id = Column(Integer, ForeignKey("owner.id"))
class Owner(Base):
    __tablename__ = "owner"
    id = Column(Integer, primary_key=True)
class Widget(OwnedMixin, Base):
    __tablename__ = "widget"
    id = Column(Integer, primary_key=True)
)");
    CHECK_THAT(e.message(), Catch::StartsWith("Columns with foreign keys to other columns must be declared as @declared_attr"));
    CHECK(e.location().line == 6);
}

TEST_CASE("a relationship on a mixin must be a declared_attr", "[declarative][mixins]") {
    auto e = read_error(std::string(kPreamble) + R"(
class OwnedMixin:
    owner = relationship("Owner")
class Widget(OwnedMixin, Base):
    __tablename__ = "widget"
    id = Column(Integer, primary_key=True)
)");
    CHECK_THAT(e.message(), Catch::Contains("must be declared as @declared_attr"));
}

TEST_CASE("declared_attr bodies run as Python: locals, conditions, re.sub", "[declarative][mixins]") {
    auto m = read(std::string("import re\n") + kPreamble + R"PY(
class NameMixin:
    @declared_attr
    def __tablename__(cls):
        name = cls.__name__
        if name.endswith("y"):
            return name[:-1].lower() + "ies"
        return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + "s"
    @declared_attr
    def owner_id(cls):
        return Column(Integer, ForeignKey("owner.id"), nullable=cls.__name__ != "Widget")
class Owner(Base):
    __tablename__ = "owner"
    id = Column(Integer, primary_key=True)
class Widget(NameMixin, Base):
    id = Column(Integer, primary_key=True)
class StockItem(NameMixin, Base):
    id = Column(Integer, primary_key=True)
class Company(NameMixin, Base):
    id = Column(Integer, primary_key=True)
)PY");
    CHECK(column(table(m, "widgets"), "owner_id").nullable == false);
    CHECK(column(table(m, "stock_items"), "owner_id").nullable == true);
    CHECK(table(m, "companies").foreign_keys.at(0).referred_table == "owner");
}

TEST_CASE("a declared_attr __tablename__ returning a literal", "[declarative][mixins]") {
    auto m = read(std::string(kPreamble) + R"(
class Fixed:
    @declared_attr
    def __tablename__(cls):
        return "fixed_name"
class Widget(Fixed, Base):
    id = Column(Integer, primary_key=True)
)");
    CHECK(m.metadata.tables.at(0)->name == "fixed_name");
}
