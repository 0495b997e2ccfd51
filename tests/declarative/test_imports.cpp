// Imports and name resolution: every spelling of a SQLAlchemy name resolves,
// and a name that is never bound is an error at its location.
#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::TypeKind;

TEST_CASE("import styles resolve to SQLAlchemy names", "[declarative][imports]") {
    auto m = read(R"(import sqlalchemy as sa
import sqlalchemy
from sqlalchemy import Column as C, Integer
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.declarative import declarative_base
import datetime
import uuid
from uuid import uuid4
from decimal import Decimal

Base = declarative_base()

class Thing(Base):
    __tablename__ = "things"
    id = C(Integer, primary_key=True)
    a = sa.Column(sa.String(length=50))
    b = sqlalchemy.Column(sqlalchemy.types.Text)
    c = sa.Column(postgresql.UUID(as_uuid=True), default=uuid4)
    d = C(JSONB)
    e = C(sa.DateTime, default=datetime.datetime.now)
    f = C(sa.String(36), default=uuid.uuid4)
    g = C(sa.sql.sqltypes.Numeric(10, 2))
)");
    const auto& t = table(m, "things");
    CHECK(column(t, "a").type.kind == TypeKind::String);
    CHECK(column(t, "a").type.length == 50);
    CHECK(column(t, "b").type.kind == TypeKind::Text);
    CHECK(column(t, "c").type.kind == TypeKind::PG_UUID);
    CHECK(column(t, "c").type.as_uuid);
    CHECK(column(t, "c").default_value->callable == "uuid.uuid4");
    CHECK(column(t, "d").type.kind == TypeKind::PG_JSONB);
    CHECK(column(t, "e").default_value->callable == "datetime.now");
    CHECK(column(t, "f").default_value->callable == "uuid.uuid4");
    CHECK(column(t, "g").type.precision == 10);
}

TEST_CASE("a name that is never bound is an error at its location", "[declarative][imports]") {
    auto e = read_error("from sqlalchemy import Column, Integer\n"
                        "from sqlalchemy.orm import declarative_base\n"
                        "Base = declarative_base()\n"
                        "class A(Base):\n"
                        "    __tablename__ = 'a'\n"
                        "    id = Column(Integer, primary_key=True)\n"
                        "    b = Column(Integer, ForeignKey('a.id'))\n");
    CHECK_THAT(e.message(), Catch::Contains("ForeignKey"));
    CHECK(e.location().line == 7);
    CHECK(e.location().column == 25);
}

TEST_CASE("an undefined base class is NameError", "[declarative][imports]") {
    auto e = read_error("from sqlalchemy import Column, Integer\nclass A(Base):\n    id = Column(Integer)\n");
    CHECK(e.message() == "NameError: name 'Base' is not defined");
    CHECK(e.location().line == 2);
    CHECK(e.location().column == 9);
}

TEST_CASE("a star import brings SQLAlchemy's names", "[declarative][imports]") {
    auto m = read(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n"
                  "    s = Column(String(5))\n");
    CHECK(column(table(m, "a"), "s").type.length == 5);
}

TEST_CASE("statements that do not define schema are passed over", "[declarative][imports]") {
    auto m = read(R"(from sqlalchemy import create_engine, Column, Integer
from sqlalchemy.orm import declarative_base, sessionmaker
"""Docstring."""
engine = create_engine("sqlite:///x.db")
Session = sessionmaker(bind=engine)
Base = declarative_base()

def helper(x):
    return undefined_name(x)

class A(Base):
    """A docstring."""
    __tablename__ = 'a'
    id = Column(Integer, primary_key=True)

    def __repr__(self):
        return f"<A {self.id}>"

    @property
    def double(self):
        return self.id * 2

Base.metadata.create_all(engine)
print("done")
if __name__ == "__main__":
    for i in range(3):
        setattr(A, "x%d" % i, Column(Integer))
)");
    CHECK(m.metadata.tables.size() == 1);
    CHECK(column_names(table(m, "a")) == std::vector<std::string>{"id"});
    CHECK(*m.engine_url == "sqlite:///x.db");
}
