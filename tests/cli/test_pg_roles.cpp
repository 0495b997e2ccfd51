// orm under least-privilege PostgreSQL roles the test creates: the role that
// owns the tables runs the migrations; a role with only SELECT and INSERT
// (and USAGE on the sequences it draws keys from) runs `orm seed`, whose
// foreign-key set-aside, which needs ownership, falls back to checking rows
// one by one and says so in --echo and -v; a role without CREATE on the schema
// gets exit 4 naming the privilege, with nothing created; a role that does
// not own a table cannot alter it, exit 4 naming the owner rule, the
// database left at its revision.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

const char* kModels = R"py(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False, unique=True)
    books = relationship("Book", back_populates="author")


class Book(Base):
    __tablename__ = "books"
    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(100), nullable=False)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("authors.id"), nullable=False)
    author = relationship("Author", back_populates="books")
)py";

// Enough rows per table (120 authors, 240 books) that the seed loads them in bulk.
std::string seed_json() {
    std::string out = "{\"Author\": [\n";
    for (int i = 0; i < 120; ++i)
        out += std::string(i ? ",\n" : "") + "{\"name\": \"author " + std::to_string(i) +
               "\", \"books\": [{\"title\": \"first of " + std::to_string(i) + "\"}, {\"title\": \"second of " +
               std::to_string(i) + "\"}]}";
    return out + "\n]}\n";
}

std::string revision(const std::string& id, const std::string& down, const std::string& upgrade) {
    return "from alembic import op\nimport sqlalchemy as sa\nrevision = '" + id + "'\ndown_revision = " + down +
           "\n\ndef upgrade():\n" + upgrade + "\n\ndef downgrade():\n    pass\n";
}

struct Project {
    TempDir dir;
    std::string db;
    explicit Project(const std::string& name) : db("cli_roles_" + name + "_" + std::to_string(::getpid())) {
        create_database(db);
        write_file(dir / "models.py", kModels);
        write_file(dir / "seed.json", seed_json());
        write_file(dir / "migrations/versions/r1.py",
                   revision("r1", "None",
                            "    op.create_table('authors', sa.Column('id', sa.Integer(), primary_key=True), "
                            "sa.Column('name', sa.String(50), nullable=False, unique=True))\n"
                            "    op.create_table('books', sa.Column('id', sa.Integer(), primary_key=True), "
                            "sa.Column('title', sa.String(100), nullable=False), "
                            "sa.Column('author_id', sa.Integer(), sa.ForeignKey('authors.id'), nullable=False))"));
    }
    std::string url(const std::string& role) const {
        return "postgresql://" + role + "@127.0.0.1:" + std::to_string(PgCluster::instance().port()) + "/" + db;
    }
    RunResult orm(const std::string& role, std::vector<std::string> args) const {
        std::vector<std::string> all = {"--url", url(role)};
        all.insert(all.end(), args.begin(), args.end());
        return run_orm(all, {}, "", dir.path());
    }
    void admin(const std::string& sql) const { PgCluster::instance().admin_exec(sql, db); }
};

// Roles are the cluster's: names unique to this process's test.
std::string role(const std::string& name) { return "orm_" + name + "_" + std::to_string(::getpid()); }

}  // namespace

TEST_CASE("cli with least-privilege roles: the owner migrates, an INSERT/SELECT role seeds with row-by-row key "
          "checks, said in --echo and -v",
          "[cli][postgresql][roles]") {
    Project p("seed");
    const std::string owner = role("owner"), seeder = role("seeder");
    auto& cluster = PgCluster::instance();
    cluster.admin_exec("CREATE ROLE " + owner + " LOGIN");
    cluster.admin_exec("CREATE ROLE " + seeder + " LOGIN");
    p.admin("GRANT USAGE, CREATE ON SCHEMA public TO " + owner);
    p.admin("GRANT USAGE ON SCHEMA public TO " + seeder);

    auto migrate = p.orm(owner, {"migrate"});
    INFO(migrate.err);
    REQUIRE(migrate.exit_code == 0);
    CHECK(rows(p.url("postgres"), "SELECT tableowner FROM pg_tables WHERE tablename = 'books'") ==
          "'" + owner + "'\n");
    p.admin("GRANT SELECT, INSERT ON authors, books TO " + seeder);
    p.admin("GRANT USAGE ON SEQUENCE authors_id_seq, books_id_seq TO " + seeder);

    auto seed = p.orm(seeder, {"--echo", "seed", "seed.json"});
    INFO(seed.err);
    REQUIRE(seed.exit_code == 0);
    CHECK_THAT(seed.out, Catch::Contains("total: 360 inserted"));
    CHECK_THAT(seed.err, Catch::Contains("-- foreign keys of books checked row by row: the role \"" + seeder +
                                         "\" does not own books"));
    CHECK_THAT(seed.err, !Catch::Contains("DROP CONSTRAINT"));
    CHECK(rows(p.url("postgres"), "SELECT count(*) FROM books b JOIN authors a ON a.id = b.author_id "
                                  "WHERE b.title LIKE '% of ' || substr(a.name, 8)") == "240\n");
    // The keys are still there and still checked.
    CHECK(rows(p.url("postgres"), "SELECT count(*) FROM pg_constraint WHERE conrelid = 'books'::regclass AND contype = 'f'") ==
          "1\n");
    // -v says it too, without the statements.
    p.admin("TRUNCATE books, authors");
    auto verbose = p.orm(seeder, {"seed", "seed.json", "-v"});
    INFO(verbose.err);
    CHECK(verbose.exit_code == 0);
    CHECK_THAT(verbose.err, Catch::Contains("foreign keys of books checked row by row: the role \"" + seeder +
                                            "\" does not own books"));
    CHECK_THAT(verbose.err, !Catch::Contains("INSERT"));
    // The owner's own seed of the same rows into empty tables does set them aside.
    p.admin("TRUNCATE books, authors");
    auto by_owner = p.orm(owner, {"--echo", "seed", "seed.json"});
    INFO(by_owner.err);
    CHECK(by_owner.exit_code == 0);
    CHECK_THAT(by_owner.err, Catch::Contains("DROP CONSTRAINT"));
}

TEST_CASE("cli with least-privilege roles: no CREATE on the schema is exit 4 naming the privilege with nothing "
          "created, and a role that does not own a table cannot alter it",
          "[cli][postgresql][roles]") {
    Project p("nocreate");
    const std::string owner = role("owner2"), reader = role("reader");
    auto& cluster = PgCluster::instance();
    cluster.admin_exec("CREATE ROLE " + owner + " LOGIN");
    cluster.admin_exec("CREATE ROLE " + reader + " LOGIN");
    p.admin("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    p.admin("GRANT USAGE ON SCHEMA public TO " + reader);

    auto refused = p.orm(reader, {"migrate"});
    CHECK(refused.exit_code == 4);
    CHECK_THAT(refused.err, Catch::Contains("permission denied for schema public") &&
                                Catch::Contains("the role \"" + reader + "\" lacks the CREATE privilege on schema public"));
    CHECK(table_names(p.url("postgres")).empty());

    // The owner migrates; a later revision run by the other role (which may now create, but owns nothing) fails whole.
    p.admin("GRANT USAGE, CREATE ON SCHEMA public TO " + owner + ", " + reader);
    REQUIRE(p.orm(owner, {"migrate"}).exit_code == 0);
    p.admin("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + reader);
    write_file(p.dir / "migrations/versions/r2.py",
               revision("r2", "'r1'",
                        "    op.create_table('notes', sa.Column('id', sa.Integer(), primary_key=True))\n"
                        "    op.add_column('books', sa.Column('isbn', sa.String(13)))"));
    const std::string before = schema_snapshot(p.url("postgres"));
    auto not_owner = p.orm(reader, {"migrate"});
    CHECK(not_owner.exit_code == 4);
    CHECK_THAT(not_owner.err, Catch::Contains("must be owner of table books") &&
                                  Catch::Contains("the role \"" + reader + "\" does not own table books") &&
                                  Catch::Contains("the database stays at revision r1"));
    CHECK(schema_snapshot(p.url("postgres")) == before);   // not even the first table of r2
    CHECK(rows(p.url("postgres"), "SELECT version_num FROM alembic_version") == "'r1'\n");
}
