// Model code runs as Python runs it (loops, setattr, computed names), and
// what cannot work is an error at its location, never a silently wrong
// schema; SQLAlchemy's own errors keep their meaning.
#include "read_helpers.hpp"

using namespace decl_test;

namespace {
std::string with_class(const std::string& tail) {
    return std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n" + tail;
}
}  // namespace

TEST_CASE("loops, setattr, locals() and comprehensions build schema as Python runs them", "[declarative]") {
    auto loop = read(with_class("for n in ['x', 'y']:\n    setattr(A, n, Column(Integer))\n"));
    CHECK(column_names(table(loop, "a")) == std::vector<std::string>{"id", "x", "y"});
    CHECK(mapper(loop, "A").columns.size() == 3);
    auto body_loop = read(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n"
                          "    for i in range(3):\n        locals()['c%d' % i] = Column(Integer)\n    del i\n");
    CHECK(column_names(table(body_loop, "a")) == std::vector<std::string>{"id", "c0", "c1", "c2"});
    auto comp = read(with_class("cols = [Column(Integer) for _ in range(3)]\n"));
    CHECK(column_names(table(comp, "a")) == std::vector<std::string>{"id"});
    auto append = read(with_class("A.__table__.append_column(Column('x', Integer))\n"));
    CHECK(column_names(table(append, "a")) == std::vector<std::string>{"id", "x"});
}

TEST_CASE("a computed __tablename__", "[declarative]") {
    auto f = read(std::string(kPreamble) + "PREFIX = 'app_'\nclass A(Base):\n    __tablename__ = f'{PREFIX}a'\n    id = Column(Integer, primary_key=True)\n");
    CHECK(f.metadata.tables.at(0)->name == "app_a");
    auto ok = read(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'app_' + 'a'\n    id = Column(Integer, primary_key=True)\n");
    CHECK(ok.metadata.tables.at(0)->name == "app_a");
    auto bad = read_error(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 42\n    id = Column(Integer, primary_key=True)\n");
    CHECK_THAT(bad.message(), Catch::StartsWith("__tablename__ must be a string"));
}

TEST_CASE("a class without a primary key", "[declarative][errors]") {
    auto e = read_error(std::string(kPreamble) + "class Note(Base):\n    __tablename__ = 'notes'\n    body = Column(Text)\n");
    CHECK(e.message() == "Mapper mapped class Note->notes could not assemble any primary key columns for mapped table 'notes'");
    CHECK(e.location().line == 4);
    CHECK(e.location().column == 7);
}

TEST_CASE("foreign keys to missing tables and columns, found after the whole file", "[declarative][errors]") {
    // The referenced table may come later in the file.
    auto later = read(std::string(kPreamble) + "class O(Base):\n    __tablename__ = 'orders'\n    id = Column(Integer, primary_key=True)\n"
                      "    customer_id = Column(Integer, ForeignKey('customers.id'))\n"
                      "class C(Base):\n    __tablename__ = 'customers'\n    id = Column(Integer, primary_key=True)\n");
    CHECK(table(later, "orders").foreign_keys.at(0).referred_table == "customers");

    auto table_missing = read_error(std::string(kPreamble) + "class O(Base):\n    __tablename__ = 'orders'\n    id = Column(Integer, primary_key=True)\n"
                                    "    customer_id = Column(Integer, ForeignKey('customer.id'))\n");
    CHECK(table_missing.message() == "Foreign key associated with column 'orders.customer_id' could not find table 'customer' "
                                     "with which to generate a foreign key to target column 'id'");
    CHECK(table_missing.location().line == 7);
    CHECK(table_missing.location().column == 35);

    auto column_missing = read_error(std::string(kPreamble) + "class C(Base):\n    __tablename__ = 'customers'\n    id = Column(Integer, primary_key=True)\n"
                                     "class O(Base):\n    __tablename__ = 'orders'\n    id = Column(Integer, primary_key=True)\n"
                                     "    customer_id = Column(Integer, ForeignKey('customers.idx'))\n");
    CHECK(column_missing.message() == "Could not initialize target column for ForeignKey 'customers.idx' on table 'orders': "
                                      "table 'customers' has no column named 'idx'");
    CHECK(column_missing.location().line == 10);
}

TEST_CASE("a duplicate table is reported at the second definition", "[declarative][errors]") {
    auto e = read_error(with_class("class B(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n"));
    CHECK_THAT(e.message(), Catch::StartsWith("Table 'a' is already defined for this MetaData instance."));
    CHECK(e.location().line == 7);
}

TEST_CASE("errors render file:line:col with the source line and a caret", "[declarative][errors]") {
    auto e = read_error(std::string(kPreamble) + "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integr, primary_key=True)\n");
    std::string what = e.what();
    CHECK_THAT(what, Catch::StartsWith("models.py:6:17: error: NameError: name 'Integr' is not defined. Did you mean: 'Integer'?"));
    CHECK_THAT(what, Catch::Contains("    id = Column(Integr, primary_key=True)"));
    CHECK_THAT(what, Catch::Contains("^~~~~~"));
}
