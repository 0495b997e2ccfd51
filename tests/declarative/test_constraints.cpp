// Constraints and indexes: every spelling, the creation order SQLAlchemy
// emits them in, module-level Index on mapped columns.
#include <algorithm>

#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::ClauseKind;

TEST_CASE("table args, column flags and their creation order", "[declarative][constraints]") {
    auto m = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
class B(Base):
    __tablename__ = "b"
    __table_args__ = (Index("ix_b_lower", func.lower("name")), UniqueConstraint("x", "y", name="uq_xy"),
                      CheckConstraint("x > 0", name="ck_x"), {"comment": "bees", "sqlite_autoincrement": True})
    id = Column(Integer, primary_key=True)
    x = Column(Integer, ForeignKey("a.id", ondelete="CASCADE", name="fk_x"), unique=True)
    y = Column(Integer)
    name = Column(String)
    email = Column(String)
    Index("ix_email", func.lower(email), email.desc())
)");
    const auto& b = table(m, "b");
    CHECK(b.comment == "bees");
    CHECK(b.dialect_options.at("sqlite_autoincrement") == "True");
    // SQLAlchemy: UNIQUE(x, y), CHECK, then UNIQUE(x), FOREIGN KEY (made as x attaches).
    REQUIRE(b.unique_constraints.size() == 2);
    REQUIRE(b.check_constraints.size() == 1);
    REQUIRE(b.foreign_keys.size() == 1);
    // Vectors are in attach order; creation_order gives SQLAlchemy's CREATE TABLE order.
    const auto& uq_xy = b.unique_constraints[1];
    const auto& uq_x = b.unique_constraints[0];
    CHECK(uq_xy.name == "uq_xy");
    CHECK(uq_x.columns == std::vector<std::string>{"x"});
    CHECK(uq_xy.creation_order < b.check_constraints[0].creation_order);
    CHECK(b.check_constraints[0].creation_order < uq_x.creation_order);
    CHECK(uq_x.creation_order < b.foreign_keys[0].creation_order);
    CHECK(b.primary_key.creation_order > b.check_constraints[0].creation_order);
    CHECK(b.foreign_keys[0].name == "fk_x");
    CHECK(b.foreign_keys[0].ondelete == "CASCADE");
    CHECK(b.check_constraints[0].sqltext->kind == ClauseKind::Text);
    CHECK(b.check_constraints[0].sqltext->text == "x > 0");
    REQUIRE(b.indexes.size() == 2);
    auto find_index = [&](const std::string& n) {
        auto it = std::find_if(b.indexes.begin(), b.indexes.end(), [&](auto& i) { return i.name == n; });
        REQUIRE(it != b.indexes.end());
        return *it;
    };
    auto lower = find_index("ix_b_lower");
    REQUIRE(lower.expressions.size() == 1);
    CHECK(lower.expressions[0]->kind == ClauseKind::Function);
    CHECK(lower.expressions[0]->text == "lower");
    CHECK(lower.expressions[0]->args[0]->kind == ClauseKind::String);  // func.lower("name") is a literal, as in SQLAlchemy
    auto email = find_index("ix_email");
    REQUIRE(email.expressions.size() == 2);
    CHECK(email.expressions[0]->args[0]->kind == ClauseKind::Column);
    CHECK(email.expressions[0]->args[0]->text == "email");
    CHECK(email.expressions[1]->kind == ClauseKind::Desc);
}

TEST_CASE("PrimaryKeyConstraint and ForeignKeyConstraint in table args", "[declarative][constraints]") {
    auto m = read(std::string(kPreamble) + R"(
class P(Base):
    __tablename__ = "p"
    a = Column(Integer, primary_key=True)
    b = Column(Integer, primary_key=True)
class C(Base):
    __tablename__ = "c"
    __table_args__ = (PrimaryKeyConstraint("x", "ykey", name="pk_c"),
                      ForeignKeyConstraint(["x", "ykey"], ["p.a", "p.b"], onupdate="CASCADE", name="fk_c"))
    x = Column(Integer)
    y = Column("yy", Integer, key="ykey")
)");
    const auto& c = table(m, "c");
    CHECK(c.primary_key.name == "pk_c");
    CHECK(c.primary_key.columns == std::vector<std::string>{"x", "yy"});
    CHECK_FALSE(column(c, "x").nullable);
    CHECK(column(c, "yy").primary_key);
    REQUIRE(c.foreign_keys.size() == 1);
    CHECK(c.foreign_keys[0].columns == std::vector<std::string>{"x", "yy"});
    CHECK(c.foreign_keys[0].referred_table == "p");
    CHECK(c.foreign_keys[0].referred_columns == std::vector<std::string>{"a", "b"});
    CHECK(c.foreign_keys[0].onupdate == "CASCADE");
    CHECK_FALSE(c.foreign_keys[0].from_column);
}

TEST_CASE("Index forms: partial, unique, module level", "[declarative][constraints]") {
    auto m = read(std::string(kPreamble) + R"(
class U(Base):
    __tablename__ = "users"
    __table_args__ = (Index("ix_active_email", "email", unique=True, postgresql_where=text("active")),)
    id = Column(Integer, primary_key=True)
    email = Column(String(100))
    active = Column(Boolean)
    name = Column(String)
Index("ix_users_name", U.name)
Index("ix_users_name_lower", func.lower(U.__table__.c.name), postgresql_using="btree")
t = Table("tags", Base.metadata, Column("id", Integer, primary_key=True), Column("label", String))
Index("ix_tags_label", t.c.label)
)");
    const auto& u = table(m, "users");
    REQUIRE(u.indexes.size() == 3);
    CHECK(u.indexes[0].unique);
    REQUIRE(u.indexes[0].postgresql_where);
    CHECK(u.indexes[0].postgresql_where->text == "active");
    CHECK(u.indexes[1].name == "ix_users_name");
    CHECK(u.indexes[2].postgresql_using == "btree");
    CHECK(table(m, "tags").indexes.size() == 1);
}

TEST_CASE("a CheckConstraint from a column expression", "[declarative][constraints]") {
    auto m = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    price = Column(Numeric(10, 2), CheckConstraint("price >= 0", name="ck_price"))
    qty = Column(Integer)
    __table_args__ = (CheckConstraint(qty > 0),)
)");
    const auto& a = table(m, "a");
    REQUIRE(a.check_constraints.size() == 2);
    CHECK(a.check_constraints[1].sqltext->kind == ClauseKind::Binary);
    CHECK(a.check_constraints[1].sqltext->text == ">");
    CHECK(a.check_constraints[1].sqltext->args[0]->text == "qty");
}

TEST_CASE("a constraint naming a missing column is reported", "[declarative][constraints]") {
    auto e = read_error(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    __table_args__ = (UniqueConstraint("nmae"),)
    id = Column(Integer, primary_key=True)
    name = Column(String)
)");
    CHECK_THAT(e.message(), Catch::Contains("'nmae'"));
    CHECK(e.location().line == 7);
    CHECK(e.location().column == 40);
}
