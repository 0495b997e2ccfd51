// Column(...) arguments with SQLAlchemy's semantics.
#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::TypeKind;

TEST_CASE("Column keywords", "[declarative][columns]") {
    auto m = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True, autoincrement=False, comment="the key")
    named = Column("db_name", String(20), nullable=False)
    keyed = Column(Integer, key="k")
    u = Column(Integer, unique=True)
    ix = Column(Integer, index=True)
    uix = Column(Integer, index=True, unique=True)
    old = Column(Integer, info={"renamed_from": "older", "n": [1, 2.5, None, True]})
    pk2 = Column(Integer, primary_key=True, nullable=True)
    quoted = Column("Select", Integer, quote=True, doc="x")
)");
    const auto& t = table(m, "a");
    CHECK(column_names(t) == std::vector<std::string>{"id", "db_name", "keyed", "u", "ix", "uix", "old", "pk2", "Select"});
    const auto& id = column(t, "id");
    CHECK(id.primary_key);
    CHECK_FALSE(id.nullable);
    CHECK(id.autoincrement == orm::schema::Autoincrement::False);
    CHECK(id.comment == "the key");
    CHECK(column(t, "db_name").key == "db_name");
    CHECK_FALSE(column(t, "db_name").nullable);
    CHECK(column(t, "keyed").key == "k");
    CHECK(column(t, "pk2").nullable);  // explicit nullable wins, as in SQLAlchemy
    CHECK(t.primary_key.columns == std::vector<std::string>{"id", "pk2"});
    REQUIRE(t.unique_constraints.size() == 1);
    CHECK(t.unique_constraints[0].columns == std::vector<std::string>{"u"});
    REQUIRE(t.indexes.size() == 2);
    CHECK(t.indexes[0].from_column);
    CHECK_FALSE(t.indexes[0].unique);
    CHECK(t.indexes[0].name == "ix_a_ix");  // the default ix convention
    CHECK(t.indexes[1].unique);
    CHECK(column(t, "old").info["renamed_from"] == "older");
    CHECK(column(t, "old").info["n"][1] == 2.5);

    const auto& a = mapper(m, "A");
    REQUIRE(a.columns.size() == 9);
    CHECK(a.columns[1].key == "named");
    CHECK(a.columns[1].column_name == "db_name");
    CHECK(a.columns[2].key == "keyed");
    CHECK(a.columns[2].column_key == "k");
}

TEST_CASE("a foreign-key column without a type takes its target's type", "[declarative][columns]") {
    auto m = read(std::string(kPreamble) + R"(
class B(Base):
    __tablename__ = "b"
    b_id = Column(Integer, ForeignKey("a.id"))
    id = Column(Integer, primary_key=True)
class A(Base):
    __tablename__ = "a"
    id = Column(BigInteger, primary_key=True)
)");
    CHECK(column(table(m, "b"), "b_id").type.kind == TypeKind::Integer);
    auto m2 = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(BigInteger, primary_key=True)
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(ForeignKey("a.id"))
)");
    CHECK(column(table(m2, "b"), "a_id").type.kind == TypeKind::BigInteger);
}

TEST_CASE("unknown Column arguments are rejected as SQLAlchemy does", "[declarative][columns]") {
    auto e = read_error(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True, nulable=False)\n");
    CHECK(e.message() == "Unknown arguments passed to Column: ['nulable']");
    CHECK(e.location().line == 6);
}

TEST_CASE("a Column assigned after the class joins its table", "[declarative][columns]") {
    auto m = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
A.extra = Column(String(10), unique=True)
)");
    CHECK(column_names(table(m, "a")) == std::vector<std::string>{"id", "extra"});
    CHECK(table(m, "a").unique_constraints.size() == 1);
    CHECK(mapper(m, "A").attribute_order.back() == "extra");
}

TEST_CASE("Column on the class and by Class.col in other classes", "[declarative][columns]") {
    auto m = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey(A.id, ondelete="CASCADE"))
    a2_id = Column(Integer, ForeignKey(A.__table__.c.id))
)");
    const auto& b = table(m, "b");
    REQUIRE(b.foreign_keys.size() == 2);
    CHECK(b.foreign_keys[0].referred_table == "a");
    CHECK(b.foreign_keys[0].ondelete == "CASCADE");
    CHECK(b.foreign_keys[1].referred_columns == std::vector<std::string>{"id"});
}

TEST_CASE("mapper attribute order follows SQLAlchemy's Mapper", "[declarative][columns]") {
    auto m = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    named = Column("db_name", String(20), nullable=False)
    keyed = Column(Integer, key="k")
    u = Column(Integer, unique=True)
)");
    CHECK(mapper(m, "A").attribute_order == std::vector<std::string>{"named", "keyed", "id", "u"});
}
