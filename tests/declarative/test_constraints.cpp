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

TEST_CASE("a CheckConstraint given to Column stays that column's", "[declarative][constraints]") {
    // SQLAlchemy keeps it in Column.constraints and renders it after the
    // column; a mixin column is copied with its constraint into every table.
    auto m = read(std::string(kPreamble) + R"(
Base.metadata.naming_convention = {"ck": "ck_%(table_name)s_%(column_0_name)s"}
class Priced:
    price = Column(Numeric(10, 2), CheckConstraint("price >= 0", name="price_nonnegative"))
    base = Column("base", Integer)
    extra = Column(Integer, CheckConstraint(base > 0, name="base_positive"))
class A(Priced, Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    qty = Column(Integer, CheckConstraint("qty > 0"), nullable=False)
    __table_args__ = (CheckConstraint("qty < 10", name="qty_small"),)
class B(Priced, Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
t = Table("t", Base.metadata, Column("id", Integer, primary_key=True),
          Column("n", Integer, CheckConstraint("n <> 0", name="n_nonzero", deferrable=True)))
)");
    auto check_named = [](const orm::schema::Table& t, const std::string& name) {
        auto it = std::find_if(t.check_constraints.begin(), t.check_constraints.end(),
                               [&](auto& ck) { return ck.name == name; });
        REQUIRE(it != t.check_constraints.end());
        return *it;
    };
    const auto& a = table(m, "a");
    REQUIRE(a.check_constraints.size() == 4);
    CHECK(check_named(a, "price_nonnegative").column == "price");
    // The mixin's own `base` never joins a table: the copy renders its name.
    CHECK(check_named(a, "base_positive").column == "extra");
    CHECK(check_named(a, "base_positive").sqltext->args[0]->text == "base");
    // Unnamed: the convention names it; a text() CHECK refers to no column.
    CHECK(check_named(a, "ck_a_").column == "qty");
    CHECK(check_named(a, "ck_a_").conventional_name);
    CHECK_FALSE(check_named(a, "qty_small").column);
    const auto& b = table(m, "b");
    REQUIRE(b.check_constraints.size() == 2);
    CHECK(check_named(b, "price_nonnegative").column == "price");
    CHECK(check_named(b, "base_positive").column == "extra");
    const auto& t = table(m, "t");
    REQUIRE(t.check_constraints.size() == 1);
    CHECK(t.check_constraints[0].column == "n");
    CHECK(t.check_constraints[0].deferrable == "DEFERRABLE");
}

TEST_CASE("only the primary key made from primary_key=True columns is implicit", "[declarative][constraints]") {
    // PrimaryKeyConstraint._implicit_generated decides whether DDL lists the
    // autoincrement column first; PrimaryKeyConstraint(name=...) without
    // columns takes over the primary_key=True columns in table order.
    auto m = read(std::string(kPreamble) + R"(
class Flags(Base):
    __tablename__ = "flags"
    sensor = Column(String(20), primary_key=True)
    seq = Column(Integer, primary_key=True, autoincrement=True)
class Explicit(Base):
    __tablename__ = "explicit"
    __table_args__ = (PrimaryKeyConstraint("seq", "sensor"),)
    sensor = Column(String(20))
    seq = Column(Integer, autoincrement=True)
class Empty(Base):
    __tablename__ = "empty"
    __table_args__ = (PrimaryKeyConstraint(name="pk_empty"),)
    sensor = Column(String(20), primary_key=True)
    seq = Column(Integer, primary_key=True, autoincrement=True)
    note = Column(String)
)");
    const auto& flags = table(m, "flags");
    CHECK(flags.primary_key.implicit_generated);
    CHECK(flags.primary_key.columns == std::vector<std::string>{"sensor", "seq"});
    CHECK(flags.autoincrement_column() == &column(flags, "seq"));
    const auto& ex = table(m, "explicit");
    CHECK_FALSE(ex.primary_key.implicit_generated);
    CHECK(ex.primary_key.columns == std::vector<std::string>{"seq", "sensor"});
    const auto& empty = table(m, "empty");
    CHECK_FALSE(empty.primary_key.implicit_generated);
    CHECK(empty.primary_key.name == "pk_empty");
    CHECK(empty.primary_key.columns == std::vector<std::string>{"sensor", "seq"});
    CHECK(column(empty, "seq").primary_key);
    CHECK_FALSE(column(empty, "note").primary_key);
}

TEST_CASE("a CheckConstraint on Column objects joins their table once they are all on one",
          "[declarative][constraints]") {
    // ColumnCollectionMixin._check_attach: at module level, and also for one
    // given to Column(...), which then stays the column's as well (SQLAlchemy
    // renders it in both places). Columns of two tables: it joins none.
    auto m = read(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    qty = Column(Integer)
    lim = Column("lim", Integer)
    cap = Column(Integer, CheckConstraint(lim > 1, name="lim_min"))
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    n = Column(Integer)
CheckConstraint(A.qty > 0, name="qty_pos")
CheckConstraint(A.qty > B.n, name="cross")
)");
    const auto& a = table(m, "a");
    std::vector<std::pair<std::optional<std::string>, std::optional<std::string>>> got;
    for (auto& ck : a.check_constraints) got.emplace_back(ck.name, ck.column);
    using P = decltype(got)::value_type;
    // lim_min joins the table as `lim` attaches, before `cap` does.
    CHECK(got == std::vector<P>{{"lim_min", std::nullopt}, {"lim_min", "cap"}, {"qty_pos", std::nullopt}});
    CHECK(table(m, "b").check_constraints.empty());

    auto e = read_error(std::string(kPreamble) + R"(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    x = Column(Integer)
    y = Column(Integer, CheckConstraint(x < 5))
)");
    CHECK(e.message() == "Can't add unnamed column to column collection");
    CHECK(e.location().line == 9);
}
