// Hostile input through the command line (issue 15, items 14-18): deep
// nesting, huge or odd names and values, numbers out of range, backslashes
// in literals and passwords in odd places. Each ends with a documented exit
// code and a message with its location; none crashes, hangs, reports an
// internal error or prints a password.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

const char* kHeader =
    "from sqlalchemy import Column, Integer, String, Enum, CheckConstraint, create_engine\n"
    "from sqlalchemy.orm import declarative_base\n"
    "Base = declarative_base()\n";

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }

// Runs orm under `timeout`, so that a regression to a hang fails instead of stopping the suite.
RunResult run_bounded(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    std::vector<std::string> argv = {"timeout", "120", ORM_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"ORM_URL", ""}, {"DATABASE_URL", ""}, {"ORM_MODELS", ""}, {"ORM_MIGRATIONS", ""}}, "",
                       cwd);
}

// A migrations folder with one revision whose module body is `body`.
void write_revision(const TempDir& dir, const std::string& docstring, const std::string& body) {
    write_file(dir / "migrations/versions/0001_first.py",
               "\"\"\"" + docstring + "\"\"\"\n"
               "from alembic import op\n"
               "import sqlalchemy as sa\n"
               "revision = '0001'\n"
               "down_revision = None\n"
               "branch_labels = None\n"
               "depends_on = None\n" +
                   body);
}

}  // namespace

// ------------------------------------------------------------------ item 14

TEST_CASE("item 14: x = 10,000 '(' in a models file is 'nesting too deep' at its line:col, exit 3") {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) + "x = " + repeat("(", 10000) + "\n");
    auto r = run_bounded({"--models", "models.py", "--url", "sqlite:///t.db", "create-all"}, dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::StartsWith("models.py:4:205: error: nesting too deep"));
    CHECK_FALSE(std::filesystem::exists(dir / "t.db"));
}

TEST_CASE("item 14: deep nesting in a revision file and in a query expression is exit 3, not a crash") {
    TempDir dir;
    write_revision(dir, "deep", "def upgrade():\n    x = " + repeat("[", 10000) + "\n\ndef downgrade():\n    pass\n");
    auto r = run_bounded({"--models", shop_models(), "--url", "sqlite:///t.db", "migrate"}, dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("0001_first.py:9:") && Catch::Contains("nesting too deep"));

    auto q = run_bounded({"--models", shop_models(), "--url", "sqlite:///t.db", "query",
                          "session.query(" + repeat("(", 10000) + "Customer" + repeat(")", 10000) + ").all()"},
                         dir.path());
    CHECK(q.exit_code == 3);
    CHECK_THAT(q.err, Catch::Contains("<query>:1:214: error: nesting too deep"));
}

TEST_CASE("item 14: a long chain of operators is 'nesting too deep', not a crash") {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) + "x = 1" + repeat(" + 1", 100000) + "\n");
    auto r = run_bounded({"--models", "models.py", "--url", "sqlite:///t.db", "create-all", "--sql"}, dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("nesting too deep: an expression more than 1000 levels deep"));
}

// ------------------------------------------------------------------ item 15

TEST_CASE("item 15: a 100,000-character Create Date line is read, not a crash") {
    TempDir dir;
    write_revision(dir, "first\n\nRevision ID: 0001\nCreate Date: " + repeat("2024-01-01 ", 10000),
                   "def upgrade():\n    pass\n\ndef downgrade():\n    pass\n");
    auto r = run_bounded({"--models", shop_models(), "--url", "sqlite:///t.db", "migrate", "history", "--verbose"},
                         dir.path());
    INFO(r.err.substr(0, 500));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("0001") && Catch::Contains("Create Date: 2024-01-01 2024-01-01"));
}

namespace {

// inspect --format models of a database made by `ddl`, then the rendered
// models read back by orm: both succeed within the time limit.
void check_inspect_models(const std::string& url, const TempDir& dir, const std::string& expected_fragment) {
    auto r = run_bounded({"--url", url, "inspect", "--format", "models"}, dir.path());
    INFO(r.err.substr(0, 500));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains(expected_fragment));
    write_file(dir / "reflected.py", r.out);
    auto back = run_bounded({"--models", "reflected.py", "--url", "sqlite://", "create-all", "--sql"}, dir.path());
    INFO(back.err.substr(0, 500));
    CHECK(back.exit_code == 0);
}

}  // namespace

TEST_CASE("item 15: inspect --format models with a 100,000-character default and a column named $$, SQLite") {
    TempDir dir;
    const std::string long_text = repeat("x", 100000);
    auto db = dir / "t.db";
    REQUIRE(run_process({"sqlite3", db.string(),
                         "CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT DEFAULT '" + long_text +
                             "', \"$$\" INTEGER);"})
                .exit_code == 0);
    check_inspect_models("sqlite:///" + db.string(), dir, "c__ = sa.Column(\"$$\", sa.INTEGER)");
    auto r = run_bounded({"--url", "sqlite:///" + db.string(), "inspect", "--format", "models"}, dir.path());
    CHECK_THAT(r.out, Catch::Contains("server_default=sa.text(\"'" + long_text + "'\")"));
}

TEST_CASE("item 15: inspect --format models with a 100,000-character default and a column named $$, PostgreSQL") {
    TempDir dir;
    auto url = create_database("orm_hostile_inspect");
    PgCluster::instance().admin_exec("CREATE TABLE t (id integer PRIMARY KEY, note text DEFAULT '" +
                                         repeat("x", 100000) + "', \"$$\" integer, "
                                         "CONSTRAINT long_check CHECK (note <> '" + repeat("y", 100000) + "'))",
                                     "orm_hostile_inspect");
    check_inspect_models(url, dir, "c__ = sa.Column(\"$$\", sa.INTEGER)");
}

// ------------------------------------------------------------------ item 16

TEST_CASE("item 16: get(1e999) and out-of-range numbers in a query are exit 3 with the literal's place") {
    TempDir dir;
    for (std::string expr : {"session.query(Customer).get(1e999)",
                                    "session.query(Customer).get(99999999999999999999)",
                                    "session.query(Customer).filter(Customer.id == 1e999).all()",
                                    "session.query(Customer).limit(99999999999999999999).all()"}) {
        INFO(expr);
        auto r = run_bounded({"--models", shop_models(), "--url", "sqlite:///t.db", "query", expr}, dir.path());
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Catch::Contains("<query>:1:"));
        CHECK_THAT(r.err, !Catch::Contains("internal error"));
    }
}

TEST_CASE("item 16: migrate downgrade -99999999999 is a clear error, never an internal one") {
    TempDir dir;
    write_revision(dir, "first", "def upgrade():\n    pass\n\ndef downgrade():\n    pass\n");
    for (std::string target : {"-99999999999", "-99999999999999999999999", "+99999999999999999999999"}) {
        INFO(target);
        auto r = run_bounded({"--models", shop_models(), "--url", "sqlite:///t.db", "migrate",
                              target[0] == '+' ? "upgrade" : "downgrade", target},
                             dir.path());
        CHECK((r.exit_code == 2 || r.exit_code == 0));
        CHECK_THAT(r.err, !Catch::Contains("internal error"));
        if (r.exit_code == 2) CHECK_THAT(r.err, Catch::Contains(target));
    }
}

TEST_CASE("item 16: String(0o17) and String(0b101) keep their lengths, in models and in revisions") {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) +
                                      "class A(Base):\n"
                                      "    __tablename__ = 'a'\n"
                                      "    id = Column(Integer, primary_key=True)\n"
                                      "    octal = Column(String(0o17))\n"
                                      "    binary = Column(String(0b101))\n"
                                      "    hexadecimal = Column(String(0x1_0), server_default='0o17')\n");
    auto r = run_bounded({"--models", "models.py", "--url", "sqlite://", "create-all", "--sql"}, dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("octal VARCHAR(15)") && Catch::Contains("binary VARCHAR(5)") &&
                          Catch::Contains("hexadecimal VARCHAR(16)"));

    write_revision(dir, "first",
                   "def upgrade():\n"
                   "    op.create_table('b', sa.Column('id', sa.Integer, primary_key=True),\n"
                   "                    sa.Column('octal', sa.String(0o17)), sa.Column('binary', sa.String(0b101)))\n"
                   "\ndef downgrade():\n    op.drop_table('b')\n");
    auto m = run_bounded({"--models", "models.py", "--url", "sqlite://", "migrate", "upgrade", "--sql"}, dir.path());
    INFO(m.err);
    CHECK(m.exit_code == 0);
    CHECK_THAT(m.out, Catch::Contains("octal VARCHAR(15)") && Catch::Contains("binary VARCHAR(5)"));
}

TEST_CASE("item 16: a length beyond 64 bits is exit 3 at the literal") {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) +
                                      "class A(Base):\n"
                                      "    __tablename__ = 'a'\n"
                                      "    id = Column(Integer, primary_key=True)\n"
                                      "    name = Column(String(99999999999999999999999))\n");
    auto r = run_bounded({"--models", "models.py", "--url", "sqlite://", "create-all", "--sql"}, dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::StartsWith("models.py:7:"));
    CHECK_THAT(r.err, !Catch::Contains("internal error"));
}

// ------------------------------------------------------------------ item 17

namespace {

// A model whose enum label, comment, server default and CHECK hold backslashes,
// created on `url` and seeded with the model's own values.
void check_backslash_literals(const std::string& url, bool native_enum, bool comments) {
    TempDir dir;
    write_file(dir / "models.py",
               std::string(kHeader) +
                   "class A(Base):\n"
                   "    __tablename__ = 'a'\n"
                   "    __table_args__ = {'comment': 'table c:\\\\dir'}\n"
                   "    id = Column(Integer, primary_key=True)\n"
                   "    mood = Column(Enum('plain', 'e\\\\f', name='mood', native_enum=" +
                   (native_enum ? "True" : "False") + "))\n"
                   "    path = Column(String(20), server_default='c:\\\\tmp', comment='column c:\\\\dir')\n");
    write_file(dir / "seed.json", R"({"A": [{"id": 1, "mood": "e\\f"}]})");
    auto create = run_bounded({"--models", "models.py", "--url", url, "create-all"}, dir.path());
    INFO(create.err);
    REQUIRE(create.exit_code == 0);
    auto seed = run_bounded({"--models", "models.py", "--url", url, "seed", "seed.json"}, dir.path());
    INFO(seed.err);
    CHECK(seed.exit_code == 0);
    auto q = run_bounded({"--models", "models.py", "--url", url, "query", "session.query(A.mood, A.path).all()",
                          "--format", "json"},
                         dir.path());
    INFO(q.err);
    CHECK(q.exit_code == 0);
    CHECK(q.out == "[\n{\"mood\": \"e\\\\f\", \"path\": \"c:\\\\tmp\"}\n]\n");
    // The comments came back as written (SQLite keeps none), and the database matches the models.
    if (comments) {
        auto inspect = run_bounded({"--url", url, "inspect", "--format", "json"}, dir.path());
        CHECK_THAT(inspect.out, Catch::Contains("\"column c:\\\\dir\"") && Catch::Contains("\"table c:\\\\dir\""));
    }
    auto diff = run_bounded({"--models", "models.py", "--url", url, "diff", "--exit-code"}, dir.path());
    INFO(diff.out + diff.err);
    CHECK(diff.exit_code == 0);
}

}  // namespace

TEST_CASE("item 17: literals with backslashes round-trip on SQLite") {
    TempDir dir;
    check_backslash_literals("sqlite:///" + (dir / "t.db").string(), false, false);
}

TEST_CASE("item 17: literals with backslashes round-trip on PostgreSQL, enum labels and comments included") {
    check_backslash_literals(create_database("orm_hostile_backslash_native"), true, true);
    check_backslash_literals(create_database("orm_hostile_backslash_check"), false, true);
    // The DDL writes each backslash once (standard_conforming_strings is on).
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) +
                                      "class A(Base):\n"
                                      "    __tablename__ = 'a'\n"
                                      "    id = Column(Integer, primary_key=True)\n"
                                      "    mood = Column(Enum('e\\\\f', name='mood'), comment='c:\\\\dir')\n");
    auto sql = run_bounded({"--models", "models.py", "--url", "postgresql://localhost/db", "create-all", "--sql"},
                           dir.path());
    CHECK_THAT(sql.out, Catch::Contains("CREATE TYPE mood AS ENUM ('e\\f')") &&
                            Catch::Contains("IS 'c:\\dir'"));
}

// ------------------------------------------------------------------ item 18

TEST_CASE("item 18: a password in a models file's create_engine() is masked in an error's source snippet") {
    TempDir dir;
    write_file(dir / "models.py", std::string(kHeader) +
                                      "engine = create_engine('postgresql://u:s3cr3t-pw@localhost/db', "
                                      "pool_size=undefined_name)\n");
    auto r = run_bounded({"--models", "models.py", "--url", "sqlite://", "create-all", "--sql"}, dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::StartsWith("models.py:4:") && Catch::Contains("undefined_name"));
    CHECK_THAT(r.err, !Catch::Contains("s3cr3t"));
    // The caret still points at the name, under the shorter masked line.
    CHECK_THAT(r.err, Catch::Contains("\n  engine = create_engine('postgresql://u:***@localhost/db', pool_size=undefined_name)\n"
                                      "                                                                      ^~~~~~~~~~~~~~"));
}

TEST_CASE("item 18: a URL with unencoded '@', '/', '%' and ':' in its password shows no piece of it") {
    TempDir dir;
    for (const std::string& url : {"postgresql://bob:p@ss/w%rd:x@127.0.0.1:" + std::to_string(unused_port()) + "/db",
                                   std::string("postgresql://bob:p@ss/w%rd:x@host/db")}) {
        INFO(url);
        const std::vector<std::vector<std::string>> commands = {
            {"create-all"}, {"create-all", "--sql"}, {"migrate", "current"}, {"inspect"}, {"config"}};
        for (const auto& command : commands) {
            std::vector<std::string> args = {"--models", shop_models(), "--url", url};
            args.insert(args.end(), command.begin(), command.end());
            auto r = run_bounded(args, dir.path());
            INFO(command[0] + ": " + r.out + r.err);
            CHECK(r.exit_code != 70);
            for (const char* piece : {"ss/w", "w%rd", "rd:x", "p@ss"}) {
                CHECK_THAT(r.err, !Catch::Contains(piece));
                CHECK_THAT(r.out, !Catch::Contains(piece));
            }
        }
    }
}
