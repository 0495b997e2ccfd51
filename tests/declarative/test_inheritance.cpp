// Single-table and joined inheritance where SQLAlchemy accepts them.
#include "read_helpers.hpp"

using namespace decl_test;

TEST_CASE("single-table inheritance adds columns to the parent's table", "[declarative][inheritance]") {
    auto m = read(std::string(kPreamble) + R"(
class Employee(Base):
    __tablename__ = "employee"
    id = Column(Integer, primary_key=True)
    type = Column(String(20))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}
class Manager(Employee):
    manager_data = Column(String(50))
    __mapper_args__ = {"polymorphic_identity": "manager"}
)");
    REQUIRE(m.metadata.tables.size() == 1);
    CHECK(column_names(table(m, "employee")) == std::vector<std::string>{"id", "type", "manager_data"});
    const auto& mgr = mapper(m, "Manager");
    CHECK(mgr.single_table);
    CHECK(mgr.inherits == "Employee");
    CHECK(mgr.table == "employee");
    CHECK(mgr.polymorphic_identity->text == "manager");
    CHECK(mgr.primary_key == std::vector<std::string>{"id"});
    CHECK(mapper(m, "Employee").polymorphic_on->text == "type");
}

TEST_CASE("joined inheritance needs a foreign key to the parent", "[declarative][inheritance]") {
    auto m = read(std::string(kPreamble) + R"(
class Employee(Base):
    __tablename__ = "employee"
    id = Column(Integer, primary_key=True)
class Engineer(Employee):
    __tablename__ = "engineer"
    id = Column(Integer, ForeignKey("employee.id"), primary_key=True)
    lang = Column(String)
)");
    CHECK(m.metadata.tables.size() == 2);
    CHECK(mapper(m, "Engineer").inherits == "Employee");
    CHECK_FALSE(mapper(m, "Engineer").single_table);

    auto e = read_error(std::string(kPreamble) + R"(
class Employee(Base):
    __tablename__ = "employee"
    id = Column(Integer, primary_key=True)
class Engineer(Employee):
    __tablename__ = "engineer"
    id = Column(Integer, primary_key=True)
)");
    CHECK_THAT(e.message(), Catch::StartsWith("Can't determine the inherit condition between inherited table 'employee' and inheriting table 'engineer'"));
    CHECK(e.location().line == 8);
}

TEST_CASE("single-table inheritance errors", "[declarative][inheritance]") {
    std::string parent = std::string(kPreamble) + "class P(Base):\n    __tablename__ = 'p'\n    id = Column(Integer, primary_key=True)\n    x = Column(Integer)\n";
    auto pk = read_error(parent + "class C(P):\n    y = Column(Integer, primary_key=True)\n");
    CHECK(pk.message() == "Can't place primary key columns on an inherited class with no table.");
    auto args = read_error(parent + "class C(P):\n    __table_args__ = {'comment': 'x'}\n");
    CHECK(args.message() == "Can't place __table_args__ on an inherited class with no table.");
    auto clash = read_error(parent + "class C(P):\n    x = Column(String)\n");
    CHECK(clash.message() == "Column 'x' on class C conflicts with existing column 'p.x'");
    auto none = read_error(std::string(kPreamble) + "class C(Base):\n    id = Column(Integer, primary_key=True)\n");
    CHECK_THAT(none.message(), Catch::StartsWith("Class C does not have a __table__ or __tablename__"));
}
