// Server-side and Python-side defaults.
#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::ClauseKind;
using DK = orm::schema::ColumnDefault::Kind;

TEST_CASE("server defaults", "[declarative][defaults]") {
    auto m = read(R"(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class A(Base):
    __tablename__ = "a"
    id = sa.Column(sa.Integer, primary_key=True)
    s = sa.Column(sa.String, server_default="new")
    t = sa.Column(sa.Integer, server_default=sa.text("0"))
    now = sa.Column(sa.DateTime, server_default=sa.func.now(), server_onupdate=sa.func.now())
    ok = sa.Column(sa.Boolean, server_default=sa.true())
    no = sa.Column(sa.Boolean, server_default=sa.false())
    coalesce = sa.Column(sa.String, server_default=sa.func.coalesce("a", 1))
    nul = sa.Column(sa.String, server_default=sa.null())
)");
    const auto& t = table(m, "a");
    CHECK(column(t, "s").server_default->kind == ClauseKind::String);
    CHECK(column(t, "s").server_default->text == "new");
    CHECK(column(t, "t").server_default->kind == ClauseKind::Text);
    CHECK(column(t, "now").server_default->kind == ClauseKind::Function);
    CHECK(column(t, "now").server_default->text == "now");
    CHECK(column(t, "now").server_onupdate->text == "now");
    CHECK(column(t, "ok").server_default->kind == ClauseKind::True);
    CHECK(column(t, "no").server_default->kind == ClauseKind::False);
    REQUIRE(column(t, "coalesce").server_default->args.size() == 2);
    CHECK(column(t, "coalesce").server_default->args[1]->kind == ClauseKind::Number);
    CHECK(column(t, "nul").server_default->kind == ClauseKind::Null);
}

TEST_CASE("a server default of the wrong type is rejected", "[declarative][defaults]") {
    auto e = read_error(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True, server_default=0)\n");
    CHECK_THAT(e.message(), Catch::Contains("server_default must be a string"));
    CHECK(e.location().line == 6);
}

TEST_CASE("python defaults: literals and well-known callables", "[declarative][defaults]") {
    auto m = read(R"(import datetime, uuid, enum
from datetime import date
from uuid import uuid4
from sqlalchemy import Column, Integer, String, DateTime, Date, Boolean, Enum, func
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Color(enum.Enum):
    RED = 1
    BLUE = 2
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    n = Column(Integer, default=5)
    s = Column(String, default="x", onupdate="y")
    b = Column(Boolean, default=False)
    f = Column(String, default=None)
    d1 = Column(DateTime, default=datetime.datetime.utcnow)
    d2 = Column(Date, default=date.today)
    u1 = Column(String, default=uuid.uuid4)
    u2 = Column(String, default=uuid4)
    c = Column(Enum(Color), default=Color.RED)
    sql = Column(DateTime, default=func.now())
    neg = Column(Integer, default=-1)
)");
    const auto& t = table(m, "a");
    CHECK(column(t, "n").default_value->scalar->kind == ClauseKind::Number);
    CHECK(column(t, "n").default_value->scalar->text == "5");
    CHECK(column(t, "s").onupdate->scalar->text == "y");
    CHECK(column(t, "b").default_value->scalar->kind == ClauseKind::False);
    CHECK_FALSE(column(t, "f").default_value);
    CHECK(column(t, "d1").default_value->callable == "datetime.utcnow");
    CHECK(column(t, "d2").default_value->callable == "date.today");
    CHECK(column(t, "u1").default_value->callable == "uuid.uuid4");
    CHECK(column(t, "u2").default_value->kind == DK::Callable);
    CHECK(column(t, "c").default_value->scalar->text == "RED");
    CHECK(column(t, "sql").default_value->kind == DK::Sql);
    CHECK(column(t, "neg").default_value->scalar->text == "-1");
}

TEST_CASE("any callable or value Python computes is kept as a Python-side default", "[declarative][defaults]") {
    auto m = read(std::string("import time\nimport functools\nfrom decimal import Decimal\n") + kPreamble +
                  "def make():\n    return 1\nclass A(Base):\n    __tablename__ = 'a'\n"
                  "    id = Column(Integer, primary_key=True)\n"
                  "    x = Column(Integer, default=lambda: 42)\n"
                  "    y = Column(Integer, onupdate=make)\n"
                  "    z = Column(Float, default=time.time)\n"
                  "    p = Column(Integer, default=functools.partial(int, '7'))\n"
                  "    d = Column(Numeric(10, 2), default=Decimal('0.00'))\n"
                  "    j = Column(JSON, default=[])\n");
    const auto& t = table(m, "a");
    using K = orm::schema::ColumnDefault::Kind;
    CHECK(column(t, "x").default_value->kind == K::Python);
    CHECK(column(t, "x").default_value->python_callable);
    CHECK(column(t, "x").default_value->loc.line == 12);
    CHECK(column(t, "y").onupdate->kind == K::Python);
    CHECK(column(t, "z").default_value->python_callable);
    CHECK(column(t, "p").default_value->python_callable);
    CHECK(column(t, "d").default_value->kind == K::Python);
    CHECK_FALSE(column(t, "d").default_value->python_callable);
    CHECK_FALSE(column(t, "j").default_value->python_callable);

    // A name that does not exist is Python's error, where it is written.
    auto mod = read_error(std::string("import datetime\n") + kPreamble + "class A(Base):\n    __tablename__ = 'a'\n"
                          "    id = Column(Integer, primary_key=True)\n    y = Column(DateTime, default=datetime.now)\n");
    CHECK_THAT(mod.message(), Catch::Contains("module 'datetime' has no attribute 'now'"));
    CHECK(mod.location().line == 8);
}
