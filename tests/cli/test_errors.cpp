// Bad input through the command line: each error names its location (with
// the source line and a caret), says what was expected, exits with SPEC §3's
// code, and touches no database.
#include <catch2/catch.hpp>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

const char* kHeader =
    "from sqlalchemy import Column, Integer, String, ForeignKey, DateTime\n"
    "from sqlalchemy.orm import declarative_base\n"
    "Base = declarative_base()\n";

struct Outcome {
    RunResult run;
    bool database_created;
};

// Runs create-all on a models file made of kHeader + `body` against a SQLite
// file in a temp dir.
Outcome create_all_with(const std::string& body) {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) + body);
    auto r = run_orm({"--models", "models.py", "--url", "sqlite:///t.db", "create-all"}, {}, "", dir.path());
    return {r, std::filesystem::exists(dir / "t.db")};
}

}  // namespace

TEST_CASE("a syntax error gives file:line:col, the line, a caret, and exit 3") {
    auto o = create_all_with("class A(Base)\n    __tablename__ = 'a'\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:4:14: error: ") && Catch::Contains("expected ':'"));
    CHECK_THAT(o.run.err, Catch::Contains("\n  class A(Base)\n               ^"));
    CHECK_FALSE(o.database_created);
}

TEST_CASE("an unknown column type is an error at the type's name") {
    auto o = create_all_with(
        "class A(Base):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    name = Column(Strin(50))\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:7:19: error: ") && Catch::Contains("Strin"));
    CHECK_THAT(o.run.err, Catch::Contains("\n      name = Column(Strin(50))\n                    ^~~~~\n"));
    CHECK_FALSE(o.database_created);
}

TEST_CASE("a foreign key to a missing table names the column and the table") {
    auto o = create_all_with(
        "class A(Base):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    b_id = Column(Integer, ForeignKey('b.id'))\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:7:") &&
                              Catch::Contains("'a.b_id'") && Catch::Contains("could not find table 'b'"));
    CHECK_FALSE(o.database_created);
}

TEST_CASE("a foreign key to a missing column names the column") {
    auto o = create_all_with(
        "class B(Base):\n"
        "    __tablename__ = 'b'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "class A(Base):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    b_id = Column(Integer, ForeignKey('b.nope'))\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:10:") && Catch::Contains("'nope'") &&
                              Catch::Contains("'b'"));
}

TEST_CASE("a duplicate table is an error at the second definition") {
    auto o = create_all_with(
        "class A(Base):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "class B(Base):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(Integer, primary_key=True)\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:7:") && Catch::Contains("'a' is already defined"));
}

TEST_CASE("a mapped class without a primary key is an error at the class") {
    auto o = create_all_with(
        "class A(Base):\n"
        "    __tablename__ = 'a'\n"
        "    name = Column(String(20))\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:4:") && Catch::Contains("primary key"));
}

TEST_CASE("a loop that adds columns runs as Python runs it") {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) +
                                      "class A(Base):\n"
                                      "    __tablename__ = 'a'\n"
                                      "    id = Column(Integer, primary_key=True)\n"
                                      "for name in ['x', 'y']:\n"
                                      "    setattr(A, name, Column(String(10)))\n");
    auto r = run_orm({"--models", "models.py", "--url", "sqlite:///t.db", "create-all", "--sql"}, {}, "", dir.path());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("x VARCHAR(10)") && Catch::Contains("y VARCHAR(10)"));
}

TEST_CASE("a class with a table on a base orm cannot run is an error at the class, never a missing table") {
    auto o = create_all_with(
        "import some_orm_extension\n"
        "class A(some_orm_extension.Model):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "class B(Base):\n"
        "    __tablename__ = 'b'\n"
        "    id = Column(Integer, primary_key=True)\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:5:7: error: class A declares a table") &&
                              Catch::Contains("some_orm_extension.Model"));
    CHECK_FALSE(o.database_created);
}

TEST_CASE("a Python exception in the models is exit 3 at the raising line, with the frames above") {
    auto o = create_all_with(
        "def column_for(kind):\n"
        "    return {'int': Integer}[kind]\n"
        "class A(Base):\n"
        "    __tablename__ = 'a'\n"
        "    id = Column(column_for('uuid'), primary_key=True)\n");
    CHECK(o.run.exit_code == 3);
    CHECK_THAT(o.run.err, Catch::StartsWith("models.py:5:12: error: KeyError: 'uuid'"));
    CHECK_THAT(o.run.err, Catch::Contains("called from models.py:8:17 (in A)"));
    CHECK_FALSE(o.database_created);
}

TEST_CASE("a Python-side default that fails is reported at its file:line when a seed needs it") {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) +
                                      "def make_code():\n"
                                      "    raise ValueError('no code today')\n"
                                      "class A(Base):\n"
                                      "    __tablename__ = 'a'\n"
                                      "    id = Column(Integer, primary_key=True)\n"
                                      "    code = Column(String(10), default=make_code)\n");
    write_file(dir / "seed.json", R"({"A": [{"id": 1}]})");
    auto created = run_orm({"--models", "models.py", "--url", "sqlite:///t.db", "create-all"}, {}, "", dir.path());
    REQUIRE(created.exit_code == 0);
    auto r = run_orm({"--models", "models.py", "--url", "sqlite:///t.db", "seed", "seed.json"}, {}, "", dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("models.py:9:") && Catch::Contains("make_code") && Catch::Contains("ValueError: no code today"));
}

TEST_CASE("a PostgreSQL-only type is a clear error on SQLite, fine on PostgreSQL") {
    TempDir dir;
    write_file(dir / "models.py",
               std::string(kHeader) +
                   "from sqlalchemy.dialects.postgresql import JSONB\n"
                   "class A(Base):\n"
                   "    __tablename__ = 'a'\n"
                   "    id = Column(Integer, primary_key=True)\n"
                   "    doc = Column(JSONB)\n");
    auto r = run_orm({"--models", "models.py", "--url", "sqlite:///t.db", "create-all", "--sql"}, {}, "", dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::StartsWith("models.py:8:") && Catch::Contains("JSONB") &&
                          Catch::Contains("PostgreSQL"));
    auto pg = run_orm({"--models", "models.py", "--url", "postgresql://localhost/x", "create-all", "--sql"}, {}, "",
                      dir.path());
    CHECK(pg.exit_code == 0);
    CHECK_THAT(pg.out, Catch::Contains("doc JSONB"));
}

TEST_CASE("a malformed URL is a usage error (exit 2) that never shows the password") {
    auto shop = (source_dir() / "share/examples/shop/models.py").string();
    for (std::string url : {"postgresql://bob:hunter2@host:notaport/db", "mysql://bob:hunter2@host/db", "nonsense"}) {
        INFO(url);
        auto r = run_orm({"--models", shop, "--url", url, "create-all", "--sql"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("error:"));
        CHECK_THAT(r.err, !Catch::Contains("hunter2"));
    }
}

TEST_CASE("an unreachable server is a database error (exit 4) without the password") {
    auto shop = (source_dir() / "share/examples/shop/models.py").string();
    std::string url = "postgresql://bob:hunter2@127.0.0.1:" + std::to_string(unused_port()) + "/db";
    auto r = run_orm({"--models", shop, "--url", url, "create-all"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("127.0.0.1"));
    CHECK_THAT(r.err, !Catch::Contains("hunter2"));
}

TEST_CASE("a missing models file is a usage error") {
    TempDir dir;
    auto r = run_orm({"create-all", "--sql"}, {}, "", dir.path());
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("models.py"));
}

TEST_CASE("an unknown table in --tables is a usage error") {
    auto shop = (source_dir() / "share/examples/shop/models.py").string();
    auto r = run_orm({"--models", shop, "--url", "sqlite://", "create-all", "--sql", "--tables", "customers,nope"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("nope"));
}
