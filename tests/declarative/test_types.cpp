// Column types: generic, upper-case, PostgreSQL, Enum over strings or a
// same-file enum.Enum class, ARRAY, and unknown names.
#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::TypeKind;

TEST_CASE("types with their arguments", "[declarative][types]") {
    auto m = read(R"(import enum
import sqlalchemy as sa
from sqlalchemy import Column, Integer, String, Numeric, DateTime, Enum, ARRAY, Float, Boolean, Interval, LargeBinary
from sqlalchemy import VARCHAR, TIMESTAMP, DECIMAL, Time, Unicode, UnicodeText, Text, JSON, SmallInteger, BigInteger
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Status(enum.Enum):
    ACTIVE = "active"
    DISABLED = "disabled"

class T(Base):
    __tablename__ = "t"
    id = Column(Integer(), primary_key=True)
    s = Column(String)
    s2 = Column(sa.String(length=50, collation="NOCASE"))
    n = Column(Numeric(10, 2))
    n2 = Column(DECIMAL(precision=8))
    f = Column(Float(53))
    dt = Column(DateTime(timezone=True))
    ts = Column(TIMESTAMP)
    e = Column(Enum("a", "b", name="ab"))
    pe = Column(Enum(Status))
    pe2 = Column(Enum(Status, name="st", native_enum=False, length=20))
    arr = Column(ARRAY(Integer))
    parr = Column(postgresql.ARRAY(String(3), dimensions=2))
    b = Column(Boolean(create_constraint=True, name="ck_b"))
    iv = Column(Interval)
    lb = Column(LargeBinary(100))
    v = Column(VARCHAR(12))
    u = Column(Unicode(5))
    ut = Column(UnicodeText)
    tm = Column(Time(timezone=True))
    j = Column(JSON)
    pj = Column(postgresql.JSONB(none_as_null=True))
    inet = Column(postgresql.INET)
    tsv = Column(postgresql.TSVECTOR)
    pts = Column(postgresql.TIMESTAMP(timezone=True, precision=3))
    si = Column(SmallInteger)
    bi = Column(BigInteger)
)");
    const auto& t = table(m, "t");
    CHECK(column(t, "s").type.kind == TypeKind::String);
    CHECK_FALSE(column(t, "s").type.length);
    CHECK(column(t, "s2").type.length == 50);
    CHECK(column(t, "s2").type.collation == "NOCASE");
    CHECK(column(t, "n2").type.kind == TypeKind::DECIMAL);
    CHECK(column(t, "n2").type.precision == 8);
    CHECK(column(t, "f").type.precision == 53);
    CHECK(column(t, "dt").type.timezone);
    CHECK(column(t, "ts").type.kind == TypeKind::TIMESTAMP);
    const auto& e = *column(t, "e").type.enum_spec;
    CHECK(e.values == std::vector<std::string>{"a", "b"});
    CHECK(e.name == "ab");
    const auto& pe = *column(t, "pe").type.enum_spec;
    CHECK(pe.values == std::vector<std::string>{"ACTIVE", "DISABLED"});  // member names, as SQLAlchemy stores
    CHECK(pe.name == "status");
    CHECK(pe.python_class == "Status");
    const auto& pe2 = *column(t, "pe2").type.enum_spec;
    CHECK(pe2.name == "st");
    CHECK_FALSE(pe2.native_enum);
    CHECK(pe2.length == 20);
    CHECK(column(t, "arr").type.kind == TypeKind::ARRAY);
    CHECK(column(t, "arr").type.item_type->kind == TypeKind::Integer);
    CHECK(column(t, "parr").type.kind == TypeKind::PG_ARRAY);
    CHECK(column(t, "parr").type.item_type->length == 3);
    CHECK(column(t, "parr").type.dimensions == 2);
    CHECK(column(t, "b").type.create_constraint);
    CHECK(column(t, "b").type.constraint_name == "ck_b");
    CHECK(column(t, "lb").type.length == 100);
    CHECK(column(t, "tm").type.timezone);
    CHECK(column(t, "pj").type.kind == TypeKind::PG_JSONB);
    CHECK(column(t, "pj").type.none_as_null);
    CHECK(column(t, "inet").type.kind == TypeKind::PG_INET);
    CHECK(column(t, "tsv").type.kind == TypeKind::PG_TSVECTOR);
    CHECK(column(t, "pts").type.kind == TypeKind::PG_TIMESTAMP);
    CHECK(column(t, "pts").type.precision == 3);
    CHECK(column(t, "si").type.kind == TypeKind::SmallInteger);
}

TEST_CASE("an unknown type name is reported at the name", "[declarative][types]") {
    auto e = read_error(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n    name = Column(Strin(50))\n");
    CHECK(e.message() == "NameError: name 'Strin' is not defined. Did you mean: 'String'?");
    CHECK(e.location().line == 7);
    CHECK(e.location().column == 19);
    auto e2 = read_error("import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"
                         "class A(Base):\n    __tablename__ = 'a'\n    id = sa.Column(sa.Integr, primary_key=True)\n");
    CHECK(e2.message() == "AttributeError: module 'sqlalchemy' has no attribute 'Integr'. Did you mean: 'Integer'?");
    CHECK(e2.location().line == 6);
    CHECK(e2.location().column == 23);
}

TEST_CASE("TypeDecorator subclasses use their impl", "[declarative][types]") {
    auto m = read(std::string(kPreamble) + R"(
class GUID(TypeDecorator):
    impl = CHAR
    cache_ok = True
    def process_bind_param(self, value, dialect):
        return str(value)
class A(Base):
    __tablename__ = 'a'
    id = Column(GUID(32), primary_key=True)
    other = Column(GUID)
)");
    CHECK(column(table(m, "a"), "id").type.kind == TypeKind::CHAR);
    CHECK(column(table(m, "a"), "id").type.length == 32);
    CHECK(column(table(m, "a"), "other").type.kind == TypeKind::CHAR);
}
