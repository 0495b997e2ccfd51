// What orm writes for people to keep (issue "No silent success", item 10):
// autogenerate never writes a constraint with an empty name (an unnamed
// SQLite UNIQUE is named by the batch's naming_convention, Alembic's
// recipe), and `inspect --format models` leaves the migration bookkeeping
// out and declares the relationships the foreign keys imply.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
namespace fs = std::filesystem;

namespace {

const char* kUsers = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(100), unique=True)
)py";

const char* kBlog = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()

post_tags = sa.Table(
    "post_tags", Base.metadata,
    sa.Column("post_id", sa.ForeignKey("posts.id")),
    sa.Column("tag_id", sa.ForeignKey("tags.id")),
)


class Author(Base):
    __tablename__ = "authors"
    id = sa.Column(sa.Integer, primary_key=True)


class Post(Base):
    __tablename__ = "posts"
    id = sa.Column(sa.Integer, primary_key=True)
    author_id = sa.Column(sa.ForeignKey("authors.id"))
    editor_id = sa.Column(sa.ForeignKey("posts.id"))


class Tag(Base):
    __tablename__ = "tags"
    id = sa.Column(sa.Integer, primary_key=True)
)py";

std::string only_file(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".py") files.push_back(e.path());
    REQUIRE(files.size() == 1);
    return files[0].string();
}

}  // namespace

TEST_CASE("names: autogenerate drops an unnamed SQLite UNIQUE by the batch's naming convention, never by ''") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "app.db").string();
    write_file(dir / "models.py", kUsers);
    auto orm = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--url", url});
        return run_orm(args, {}, "", dir.path());
    };
    REQUIRE(orm({"create-all"}).exit_code == 0);
    REQUIRE(orm({"migrate", "init"}).exit_code == 0);
    std::string without_unique = kUsers;
    without_unique.replace(without_unique.find(", unique=True"), 13, "");
    write_file(dir / "models.py", without_unique);
    auto rev = orm({"migrate", "revision", "--autogenerate", "-m", "email not unique"});
    INFO(rev.err);
    REQUIRE(rev.exit_code == 0);
    std::string text = read_file(only_file(dir / "migrations/versions"));
    INFO(text);
    CHECK_THAT(text, Catch::Contains("with op.batch_alter_table('users', schema=None, "
                                     "naming_convention={'uq': 'uq_%(table_name)s_%(column_0_N_name)s'}) as batch_op:"));
    CHECK_THAT(text, Catch::Contains("batch_op.drop_constraint('uq_users_email', type_='unique')"));
    CHECK_THAT(text, !Catch::Contains("drop_constraint(''"));
    auto up = orm({"migrate"});
    INFO(up.err);
    REQUIRE(up.exit_code == 0);
    CHECK(orm({"check"}).exit_code == 0);
    // The constraint is gone: two users may share an address.
    write_file(dir / "two.json", R"({"User": [{"id": 1, "email": "a@x"}, {"id": 2, "email": "a@x"}]})");
    auto two = orm({"seed", "two.json"});
    INFO(two.err);
    CHECK(two.exit_code == 0);
    // And the downgrade puts it back (refusing the duplicate rows, rolled back).
    auto down = orm({"migrate", "downgrade", "base", "--yes"});
    CHECK(down.exit_code == 4);
    CHECK(rows(url, "SELECT count(*) FROM users") == "2\n");
}

TEST_CASE("names: inspect --format models leaves the bookkeeping out and declares relationships that round-trip") {
    for (std::string engine : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(engine) {
            TempDir dir;
            std::string url = engine == "sqlite" ? "sqlite:///" + (dir / "blog.db").string()
                                                 : create_database("cli_names_blog_" + std::to_string(::getpid()));
            std::string copy = engine == "sqlite" ? "sqlite:///" + (dir / "copy.db").string()
                                                  : create_database("cli_names_copy_" + std::to_string(::getpid()));
            write_file(dir / "models.py", kBlog);
            REQUIRE(run_orm({"--url", url, "create-all"}, {}, "", dir.path()).exit_code == 0);
            REQUIRE(run_orm({"--url", url, "migrate", "init"}, {}, "", dir.path()).exit_code == 0);
            REQUIRE(run_orm({"--url", url, "migrate", "stamp", "base"}, {}, "", dir.path()).exit_code == 0);
            auto r = run_orm({"--url", url, "inspect", "--format", "models"}, {}, "", dir.path());
            INFO(r.err);
            REQUIRE(r.exit_code == 0);
            INFO(r.out);
            CHECK_THAT(r.out, !Catch::Contains("alembic_version") && !Catch::Contains("orm_migration_log"));
            CHECK_THAT(r.out, Catch::Contains("from sqlalchemy.orm import declarative_base, relationship"));
            CHECK_THAT(r.out, Catch::Contains("    author = relationship(\"Authors\", back_populates=\"posts\")"));
            CHECK_THAT(r.out, Catch::Contains("    posts = relationship(\"Posts\", back_populates=\"author\")"));
            CHECK_THAT(r.out, Catch::Contains("    tags = relationship(\"Tags\", secondary=\"post_tags\", back_populates=\"posts\")"));
            CHECK_THAT(r.out, Catch::Contains("    posts = relationship(\"Posts\", secondary=\"post_tags\", back_populates=\"tags\")"));
            CHECK_THAT(r.out, Catch::Contains("# posts -> posts: refers to itself"));
            write_file(dir / "rendered.py", r.out);
            // orm reads it, and builds the same schema.
            auto created = run_orm({"--models", "rendered.py", "--url", copy, "create-all"}, {}, "", dir.path());
            INFO(created.err);
            REQUIRE(created.exit_code == 0);
            std::vector<std::string> original;
            for (const auto& t : table_names(url))
                if (t != "alembic_version" && t != "orm_migration_log") original.push_back(t);
            CHECK(table_names(copy) == original);
            CHECK(run_orm({"--models", "rendered.py", "--url", url, "diff", "--exit-code"}, {}, "", dir.path()).exit_code == 0);
            // SQLAlchemy 1.4 configures its mappers without complaint.
            auto py = run_python({"-W", "error", "-c",
                                  "import sys; sys.path.insert(0, '" + dir.path().string() +
                                      "'); import rendered; from sqlalchemy.orm import configure_mappers; configure_mappers();"
                                      " print(sorted(rendered.Posts.__mapper__.relationships.keys()))"});
            INFO(py.err);
            CHECK(py.exit_code == 0);
            CHECK(py.out == "['author', 'tags']\n");
        }
    }
}
