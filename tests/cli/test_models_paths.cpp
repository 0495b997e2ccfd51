// What --models accepts beyond one file (a package directory, a dotted
// module, --python-path, --strict) and the errors that keep a schema from
// being silently wrong: a class on a base orm cannot resolve, a path with
// no mapped table, a module that is not there.
#include <catch2/catch.hpp>

#include "support/process.hpp"

using namespace orm_test;

namespace {

// A project in `dir`: the base comes from a third-party package that is
// not installed (orm makes it opaque), so the class cannot be mapped.
void write_opaque_base_project(const TempDir& dir) {
    write_file(dir / "app/__init__.py", "");
    write_file(dir / "app/models.py",
               "from sqlalchemy import Column, Integer\n"
               "from somelib.db import Model\n"
               "\n"
               "\n"
               "class Thing(Model):\n"
               "    __tablename__ = 'things'\n"
               "    id = Column(Integer, primary_key=True)\n");
}

}  // namespace

TEST_CASE("a mapped class on a base orm cannot resolve is exit 3 at the class, never an empty schema") {
    TempDir dir;
    write_opaque_base_project(dir);
    for (const std::string models : {"app", "app/", "app/models.py", "app.models"}) {
        auto r = run_orm({"--models", models, "--url", "sqlite://", "create-all", "--sql"}, {}, "", dir.path());
        INFO("--models " << models << "\n" << r.err);
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Catch::Contains("models.py:5:"));
        CHECK(r.out.find("CREATE TABLE") == std::string::npos);
    }
}

TEST_CASE("a models folder with no mapped class is exit 3 naming the folder and what was read") {
    TempDir dir;
    write_file(dir / "pkg/__init__.py", "");
    write_file(dir / "pkg/helpers.py", "def helper():\n    return 1\n");
    auto r = run_orm({"--models", "pkg/", "--url", "sqlite://", "create-all", "--sql"}, {}, "", dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("no mapped tables found in"));
    CHECK_THAT(r.err, Catch::Contains("read 2 modules"));
    // Said once, where it happened: "pkg/: error: ...", not "error: pkg/: error: ...".
    CHECK(r.err.find("error:") == r.err.rfind("error:"));
}

TEST_CASE("a dotted models module that is not under the project root is an error naming both") {
    TempDir dir;
    write_file(dir / "pkg/__init__.py", "");
    auto r = run_orm({"--models", "pkg.missing", "--url", "sqlite://", "create-all", "--sql"}, {}, "", dir.path());
    INFO(r.err);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.err, Catch::Contains("models module 'pkg.missing' not found under the project root"));
}

TEST_CASE("the --python-path flag and ORM_PYTHONPATH make a shared package importable, as PYTHONPATH does") {
    TempDir dir;
    write_file(dir / "shared/common/__init__.py",
               "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\nNAME_LENGTH = 33\n");
    write_file(dir / "service/models.py",
               "from sqlalchemy import Column, Integer, String\nfrom common import Base, NAME_LENGTH\n\n"
               "class User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n"
               "    name = Column(String(NAME_LENGTH))\n");
    const std::string models = (dir / "service/models.py").string();
    auto flag = run_orm({"--models", models, "--python-path", (dir / "shared").string(), "--url", "sqlite://",
                         "create-all", "--sql"});
    INFO(flag.err);
    CHECK(flag.exit_code == 0);
    CHECK_THAT(flag.out, Catch::Contains("name VARCHAR(33)"));
    auto env = run_orm({"--models", models, "--url", "sqlite://", "create-all", "--sql"},
                       {{"ORM_PYTHONPATH", (dir / "shared").string()}});
    CHECK(env.exit_code == 0);
    CHECK(env.out == flag.out);
    // Without it, the base is an opaque name: no table can be mapped on it.
    auto without = run_orm({"--models", models, "--url", "sqlite://", "create-all", "--sql"});
    CHECK(without.exit_code == 3);
}

TEST_CASE("a sitecustomize module on the python path runs first as CPython site runs it") {
    // The application sets a config value at start-up that the models read; a
    // sitecustomize beside the project does the same for orm (and for Python).
    TempDir dir;
    write_file(dir / "app/__init__.py", "");
    write_file(dir / "app/config.py", "DEBUG = False\n");
    write_file(dir / "app/models.py",
               "from sqlalchemy import Column, Integer, String\nfrom sqlalchemy.orm import declarative_base\n"
               "from app import config\nBase = declarative_base()\n\n"
               "class User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n"
               "    name = Column(String(config.NAME_LENGTH))\n");
    write_file(dir / "site/sitecustomize.py", "from app import config\nconfig.NAME_LENGTH = 41\n");
    auto with_site = run_orm({"--models", "app/models.py", "--python-path", (dir / "site").string(), "--url",
                              "sqlite://", "create-all", "--sql"}, {}, "", dir.path());
    INFO(with_site.err);
    CHECK(with_site.exit_code == 0);
    CHECK_THAT(with_site.out, Catch::Contains("name VARCHAR(41)"));
    // Without it the value is missing, and the error is at the line that reads it.
    auto without = run_orm({"--models", "app/models.py", "--url", "sqlite://", "create-all", "--sql"}, {}, "",
                           dir.path());
    CHECK(without.exit_code == 3);
    CHECK_THAT(without.err, Catch::Contains("models.py:9:"));
    CHECK_THAT(without.err, Catch::Contains("NAME_LENGTH"));
}

TEST_CASE("the --strict flag makes a third-party value used for its meaning an error instead of a warning") {
    TempDir dir;
    write_file(dir / "models.py",
               "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n"
               "import somelib\n\nBase = declarative_base()\n\n"
               "class A(Base):\n    __tablename__ = 'a'\n    id = Column(Integer, primary_key=True)\n"
               "    if somelib.FEATURE:\n        extra = Column(Integer)\n");
    auto lenient = run_orm({"--models", (dir / "models.py").string(), "--url", "sqlite://", "create-all", "--sql"});
    INFO(lenient.err);
    CHECK(lenient.exit_code == 0);
    CHECK_THAT(lenient.err, Catch::Contains("warning:"));
    CHECK_THAT(lenient.err, Catch::Contains("somelib.FEATURE"));
    auto strict = run_orm({"--models", (dir / "models.py").string(), "--strict", "--url", "sqlite://", "create-all",
                           "--sql"});
    INFO(strict.err);
    CHECK(strict.exit_code == 3);
    CHECK_THAT(strict.err, Catch::Contains("models.py:10:"));
}
