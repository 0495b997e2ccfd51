// No silent success (issue "No silent success, no crash", items 1 to 4 and
// 8): a command that cannot do what was asked says so with its exit code
// and leaves the database as it was; every command that touches a database
// names it; a command that only reads never creates a database file.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kEngines = {"sqlite", "postgresql"};

std::string url_for(const std::string& engine, const TempDir& dir, const std::string& name) {
    if (engine == "sqlite") return "sqlite:///" + (dir / (name + ".db")).string();
    return create_database("cli_silent_" + name + "_" + std::to_string(::getpid()));
}

const char* kCustomers = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False)
)py";

// The same models a release later: a column and a table more.
const char* kCustomersLater = R"py(
    email = sa.Column(sa.String(200))


class Item(Base):
    __tablename__ = "items"
    id = sa.Column(sa.Integer, primary_key=True)
)py";

const char* kRevision = R"py("""customers"""
from alembic import op
import sqlalchemy as sa

revision = 'r1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('customers', sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('name', sa.String(50), nullable=False), sa.PrimaryKeyConstraint('id'))


def downgrade():
    op.drop_table('customers')
)py";

}  // namespace

TEST_CASE("silent: migrate with no migrations folder (a dangling link) is exit 3 naming where orm looked, database untouched") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            TempDir dir;
            std::string url = url_for(engine, dir, "nofolder");
            fs::create_directory_symlink(dir / "gone", dir / "migrations");   // a copied example's link, dangling
            std::string before = engine == "sqlite" ? "" : schema_snapshot(url);
            for (std::vector<std::string> command : {std::vector<std::string>{"migrate"}, {"migrate", "upgrade", "head"},
                                                     {"migrate", "history"}, {"migrate", "heads"}, {"migrate", "current"}}) {
                std::vector<std::string> args = {"--url", url};
                args.insert(args.end(), command.begin(), command.end());
                auto r = run_orm(args, {}, "", dir.path());
                INFO(command.back() << ": " << r.err);
                CHECK(r.exit_code == 3);
                CHECK(r.out.empty());
                CHECK_THAT(r.err, Catch::Contains("no migrations folder: orm looked for 'migrations/versions' (the default; "
                                                  "give --migrations DIR or run orm migrate init)"));
                CHECK_THAT(r.err, !Catch::Contains("nothing to do"));
            }
            if (engine == "sqlite") CHECK_FALSE(fs::exists(dir / "nofolder.db"));
            else CHECK(schema_snapshot(url) == before);
        }
    }
}

TEST_CASE("silent: an Alembic project's alembic/versions without its alembic.ini is exit 3 pointing at it") {
    TempDir dir;
    write_file(dir / "alembic/versions/r1.py", kRevision);
    auto r = run_orm({"--url", "sqlite:///app.db", "migrate"}, {}, "", dir.path());
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("orm looked for 'migrations/versions'") &&
                          Catch::Contains("'alembic/versions' is here: give --migrations alembic"));
    CHECK_FALSE(fs::exists(dir / "app.db"));
    // With the folder named, the same project migrates.
    auto named = run_orm({"--url", "sqlite:///app.db", "--migrations", "alembic", "migrate"}, {}, "", dir.path());
    INFO(named.err);
    CHECK(named.exit_code == 0);
    CHECK(table_names("sqlite:///" + (dir / "app.db").string()) ==
          std::vector<std::string>{"alembic_version", "customers", "orm_migration_log"});
}

TEST_CASE("silent: a create_engine() URL orm cannot compute is exit 3, never a silent sqlite:///orm.db") {
    TempDir dir;
    write_file(dir / "models.py", std::string("from app_settings import DATABASE_URL\nfrom sqlalchemy import create_engine\n"
                                              "engine = create_engine(DATABASE_URL)\n") + kCustomers);
    for (const char* command : {"create-all", "check", "inspect"}) {
        auto r = run_orm({command}, {}, "", dir.path());
        INFO(command << ": " << r.err);
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Catch::Contains("models.py:3:") && Catch::Contains("orm cannot tell which database the models mean"));
    }
    CHECK_FALSE(fs::exists(dir / "orm.db"));
}

TEST_CASE("silent: a custom compilation registered with compiles() is a warning at its line, as orm does not run it") {
    // nova's first revision drops its foreign keys' names on PostgreSQL through a compiles() hook.
    TempDir dir;
    write_file(dir / "models.py", std::string("import sqlalchemy as sa\nfrom sqlalchemy.ext.compiler import compiles\n\n\n"
                                              "@compiles(sa.ForeignKeyConstraint, 'postgresql')\n"
                                              "def unnamed(element, compiler, **kw):\n    element.name = None\n"
                                              "    return compiler.visit_foreign_key_constraint(element, **kw)\n") +
                                      kCustomers);
    auto r = run_orm({"--models", "models.py", "--url", "sqlite://", "create-all", "--sql"}, {}, "", dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("models.py:5:2: compiles(sqlalchemy.ForeignKeyConstraint) for postgresql registers a "
                                      "custom compilation that orm does not run"));
}

TEST_CASE("silent: an event listener that adds DDL is a warning at its line, as orm does not run listeners") {
    // indico adds a trigger after CREATE TABLE and a CHECK per enum column through listeners.
    TempDir dir;
    write_file(dir / "models.py", std::string("import sqlalchemy as sa\nfrom sqlalchemy import event\n\n\n"
                                              "@event.listens_for(sa.Table, 'after_create')\n"
                                              "def add_trigger(table, connection, **kw):\n    pass\n\n\n"
                                              "def before(target, connection, **kw):\n    pass\n\n\n"
                                              "event.listen(sa.MetaData, 'before_create', before)\n"
                                              "event.listen(sa.Table, 'column_reflect', before)\n") +
                                      kCustomers);
    auto r = run_orm({"--models", "models.py", "--url", "sqlite://", "create-all", "--sql"}, {}, "", dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("models.py:5:2: listens_for(..., 'after_create') registers an event listener that "
                                      "orm does not run: the DDL it adds in SQLAlchemy's create_all is not in orm's schema"));
    CHECK_THAT(r.err, Catch::Contains("models.py:14:1: listen(..., 'before_create') registers an event listener"));
    CHECK_THAT(r.err, !Catch::Contains("column_reflect"));  // not a DDL event
}

TEST_CASE("silent: a mapped class on a base from a module orm does not run is a warning, an error under --strict") {
    TempDir dir;
    write_file(dir / "models.py", R"py(import sqlalchemy as sa
from authlib.integrations.sqla_oauth2 import OAuth2TokenMixin
from flask_login import UserMixin
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Token(Base, OAuth2TokenMixin):
    __tablename__ = "tokens"
    id = sa.Column(sa.Integer, primary_key=True)


class Stamped(OAuth2TokenMixin):
    pass


class Grant(Stamped, Base):
    __tablename__ = "grants"
    id = sa.Column(sa.Integer, primary_key=True)


class User(Base, UserMixin):
    __tablename__ = "users"
    id = sa.Column(sa.Integer, primary_key=True)
)py");
    auto r = run_orm({"--models", "models.py", "--url", "sqlite://", "create-all", "--sql"}, {}, "", dir.path());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("models.py:9:7: class Token is mapped on authlib.integrations.sqla_oauth2."
                                      "OAuth2TokenMixin, from a module orm does not run: columns, constraints or "
                                      "table options it declares are not in orm's schema"));
    CHECK_THAT(r.err, Catch::Contains("models.py:18:7: class Grant is mapped through Stamped on "
                                      "authlib.integrations.sqla_oauth2.OAuth2TokenMixin"));
    CHECK_THAT(r.err, !Catch::Contains("class User"));   // flask_login's UserMixin declares no columns
    auto strict = run_orm({"--strict", "--models", "models.py", "--url", "sqlite://", "create-all", "--sql"}, {}, "",
                          dir.path());
    CHECK(strict.exit_code == 3);
    CHECK_THAT(strict.err, Catch::Contains("models.py:9:7: error: class Token is mapped on"));
}

TEST_CASE("silent: every command that touches a database names it first, password masked, and in --format json") {
    std::string url = PgCluster::instance().password_url("cli_silent_names_" + std::to_string(::getpid()));
    PgCluster::instance().create_database("cli_silent_names_" + std::to_string(::getpid()));
    TempDir dir;
    write_file(dir / "models.py", kCustomers);
    std::string masked = "postgresql://" + std::string(PgCluster::kPasswordRole) + ":***@";
    auto created = run_orm({"--url", url, "create-all"}, {}, "", dir.path());
    INFO(created.err);
    REQUIRE(created.exit_code == 0);
    CHECK_THAT(created.err, Catch::StartsWith("database: " + masked) && Catch::Contains("(--url)"));
    CHECK_THAT(created.err, !Catch::Contains(PgCluster::kPassword));
    auto checked = run_orm({"check", "--format", "json"}, {{"DATABASE_URL", url}}, "", dir.path());
    INFO(checked.err);
    REQUIRE(checked.exit_code == 0);
    CHECK_THAT(checked.err, Catch::StartsWith("database: " + masked) && Catch::Contains("(DATABASE_URL)"));
    CHECK_THAT(json::parse(checked.out)["database"].get<std::string>(), Catch::StartsWith(masked));
    CHECK_THAT(checked.out + checked.err, !Catch::Contains(PgCluster::kPassword));
    // Nothing named a database: the default is used, and said to be.
    auto fallback = run_orm({"create-all"}, {}, "", dir.path());
    CHECK(fallback.exit_code == 0);
    CHECK_THAT(fallback.err, Catch::StartsWith("database: sqlite:///orm.db (the default: nothing named a database)"));
    // -q: nothing but errors.
    auto quiet = run_orm({"-q", "--url", url, "create-all"}, {}, "", dir.path());
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
}

TEST_CASE("silent: read-only commands on a mistyped SQLite path are exit 4 and create no file") {
    TempDir dir;
    write_file(dir / "models.py", kCustomers);
    fs::create_directories(dir / "migrations/versions");
    std::string typo = "sqlite:///" + (dir / "typo.db").string();
    for (std::vector<std::string> command :
         {std::vector<std::string>{"check"}, {"inspect"}, {"diff"}, {"migrate", "current"},
          {"query", "session.query(Customer).all()"}}) {
        std::vector<std::string> args = {"--url", typo};
        args.insert(args.end(), command.begin(), command.end());
        auto r = run_orm(args, {}, "", dir.path());
        INFO(command.front() << ": " << r.err);
        CHECK(r.exit_code == 4);
        CHECK_THAT(r.err, Catch::Contains("no such database file '" + (dir / "typo.db").string() + "'"));
        CHECK_FALSE(fs::exists(dir / "typo.db"));
    }
    // A command that writes still creates it.
    REQUIRE(run_orm({"--url", typo, "create-all"}, {}, "", dir.path()).exit_code == 0);
    CHECK(run_orm({"--url", typo, "check"}, {}, "", dir.path()).exit_code == 0);
}

TEST_CASE("silent: create-all names the existing tables that differ from the models, --strict makes it exit 1") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            TempDir dir;
            std::string url = url_for(engine, dir, "differ");
            write_file(dir / "models.py", kCustomers);
            REQUIRE(run_orm({"--url", url, "create-all"}, {}, "", dir.path()).exit_code == 0);
            std::string customers_before = schema_snapshot(url);
            write_file(dir / "models.py", std::string(kCustomers) + kCustomersLater);
            auto r = run_orm({"--url", url, "create-all"}, {}, "", dir.path());
            INFO(r.err);
            CHECK(r.exit_code == 0);
            CHECK_THAT(r.err, Catch::Contains("created items (1 table)"));
            CHECK_THAT(r.err, Catch::Contains("warning: existing customers (1 table) differ from the models (1 difference): "
                                              "create-all only creates what is missing; orm diff shows the differences"));
            std::string after = schema_snapshot(url);
            auto strict = run_orm({"--strict", "--url", url, "create-all", "--format", "json"}, {}, "", dir.path());
            INFO(strict.err);
            CHECK(strict.exit_code == 1);
            CHECK_THAT(strict.err, Catch::Contains("error: existing customers (1 table) differ from the models"));
            auto doc = json::parse(strict.out);
            CHECK(doc["differ_from_models"]["customers"] == 1);
            CHECK(doc["created"].empty());
            CHECK(schema_snapshot(url) == after);   // nothing was altered
            CHECK(after != customers_before);       // items was created, customers left alone
            CHECK(run_orm({"--url", url, "diff"}, {}, "", dir.path()).out.find("customers.email") != std::string::npos);
        }
    }
}

TEST_CASE("silent: drop-all says the version table still records a revision, migrate at head warns of missing tables") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            TempDir dir;
            std::string url = url_for(engine, dir, "dropped");
            write_file(dir / "models.py", kCustomers);
            write_file(dir / "migrations/versions/r1.py", kRevision);
            REQUIRE(run_orm({"--url", url, "migrate"}, {}, "", dir.path()).exit_code == 0);
            auto dropped = run_orm({"--url", url, "drop-all", "--yes"}, {}, "", dir.path());
            INFO(dropped.err);
            REQUIRE(dropped.exit_code == 0);
            CHECK_THAT(dropped.err, Catch::Contains("warning: alembic_version still records revision r1: orm migrate "
                                                    "would find nothing to do over the dropped tables"));
            auto again = run_orm({"--url", url, "migrate"}, {}, "", dir.path());
            INFO(again.err);
            CHECK(again.exit_code == 0);
            CHECK_THAT(again.err, Catch::Contains("warning: the database is recorded at r1 but holds no table besides "
                                                  "alembic_version"));
            CHECK(table_names(url) == std::vector<std::string>{"alembic_version", "orm_migration_log"});
            auto cleared = run_orm({"--url", url, "drop-all", "--yes", "--with-version-table", "--format", "json"}, {}, "",
                                   dir.path());
            INFO(cleared.err);
            REQUIRE(cleared.exit_code == 0);
            CHECK(json::parse(cleared.out)["version_table_dropped"] == true);
            CHECK(table_names(url) == std::vector<std::string>{"orm_migration_log"});
            auto rebuilt = run_orm({"--url", url, "migrate"}, {}, "", dir.path());
            INFO(rebuilt.err);
            CHECK(rebuilt.exit_code == 0);
            CHECK_THAT(rebuilt.err, !Catch::Contains("warning"));
            CHECK(table_names(url) == std::vector<std::string>{"alembic_version", "customers", "orm_migration_log"});
        }
    }
}
