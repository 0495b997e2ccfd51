// Alembic projects as they are, against Alembic 1.8.1, on SQLite and
// PostgreSQL:
// - two branches made from the same head: `orm migrate heads` shows both,
//   `orm migrate` refuses naming them, `orm migrate merge` joins them, and
//   `orm migrate` then applies every revision once; `alembic upgrade head`
//   runs the same folder to the same schema and version table;
// - a merge, a branch label and depends_on, upgraded by label and downgraded
//   with label@-1 by both tools to the same schema;
// - an Alembic project (alembic.ini + env.py + versions/) migrated by
//   `orm migrate` with no flags (the ini's script_location, sqlalchemy.url
//   with %(here)s and version_table) and by `alembic upgrade head`: the same
//   schema and version table; `orm check` there reads env.py's target_metadata.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "differential/diff_support.hpp"
#include "orm/engine/engine.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"

using namespace orm_diff;
using nlohmann::json;
using orm_test::run_orm;
using orm_test::run_python;
using orm_test::TempDir;
using orm_test::write_file;

namespace {

const std::vector<std::string> kDialects = {"sqlite", "postgresql"};

bool bookkeeping(const std::string& t) {
    return t == "alembic_version" || t == "orm_migration_log" || t == "my_versions";
}

std::string schema_of(const std::string& url) {
    auto r = run_orm({"--url", url, "inspect", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    json j = json::parse(r.out);
    json tables = json::array();
    for (auto& t : j["tables"])
        if (!bookkeeping(t["name"].get<std::string>())) tables.push_back(t);
    j["tables"] = tables;
    return j.dump(1);
}

// The rows of a version table, sorted.
std::string versions_of(const std::string& url, const std::string& table = "alembic_version") {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    std::vector<std::string> rows;
    for (auto& r : conn.query("SELECT version_num FROM " + table)->all()) rows.push_back(r[0].as_text());
    std::sort(rows.begin(), rows.end());
    std::string out;
    for (auto& r : rows) out += r + " ";
    return out;
}

std::string revision(const std::string& id, const std::string& down, const std::string& upgrade,
                     const std::string& downgrade, const std::string& extra = "") {
    return "\"\"\"revision " + id + "\n\nRevision ID: " + id + "\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
           "revision = '" + id + "'\ndown_revision = " + down + "\n" +
           (extra.empty() ? "branch_labels = None\ndepends_on = None\n" : extra) + "\n\ndef upgrade():\n" + upgrade +
           "\n\n\ndef downgrade():\n" + downgrade + "\n";
}

std::string table(const std::string& name) {
    return "    op.create_table('" + name + "', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('note', sa.String(40)))";
}

// A migrations folder Alembic runs through the differential env.py.
struct Folder {
    TempDir dir;
    fs::path migrations() const { return dir.path() / "migrations"; }
    fs::path ini() const { return dir.path() / "alembic.ini"; }
    Folder() {
        fs::create_directories(migrations() / "versions");
        fs::copy_file(differential_dir() / "alembic/env.py", migrations() / "env.py");
        fs::copy_file("/usr/lib/python3/dist-packages/alembic/templates/generic/script.py.mako",
                      migrations() / "script.py.mako");
        write_file(dir.path() / "alembic_test.ini", "[alembic]\nscript_location = " + migrations().string() + "\n");
    }
    void add(const std::string& id, const std::string& text) const { write_file(migrations() / ("versions/" + id + ".py"), text); }
    orm_test::RunResult orm(const std::string& url, std::vector<std::string> args) const {
        std::vector<std::string> argv = {"--url", url, "--migrations", migrations().string()};
        argv.insert(argv.end(), args.begin(), args.end());
        auto r = run_orm(argv, {}, "", dir.path());
        INFO("orm " << args[0] << ":\n" << r.out << r.err);
        return r;
    }
    std::string alembic(const std::string& url, const std::vector<std::string>& args) const {
        std::vector<std::string> argv = {"-m", "alembic", "-c", (dir.path() / "alembic_test.ini").string()};
        argv.insert(argv.end(), args.begin(), args.end());
        auto r = run_python(argv, {{"ORM_TEST_URL", url}});
        INFO("alembic " << args[0] << ":\n" << r.out << r.err);
        REQUIRE(r.exit_code == 0);
        return r.out + r.err;
    }
};

}  // namespace

TEST_CASE("alembic projects: two branches from one head, refused, merged, run once, Alembic agrees",
          "[differential][db][migrate][branches]") {
    for (const auto& dialect : kDialects) {
        DYNAMIC_SECTION(dialect) {
            Folder f;
            f.add("r1", revision("r1", "None", table("base_things"), "    op.drop_table('base_things')"));
            f.add("r2a", revision("r2a", "'r1'", table("left_things"), "    op.drop_table('left_things')"));
            f.add("r2b", revision("r2b", "'r1'", table("right_things"), "    op.drop_table('right_things')"));
            std::string url = fresh_database(dialect, "branches_o", f.dir.path());
            auto heads = f.orm(url, {"migrate", "heads"});
            REQUIRE(heads.exit_code == 0);
            CHECK(heads.out.find("r2a (head)") != std::string::npos);
            CHECK(heads.out.find("r2b (head)") != std::string::npos);
            auto refused = f.orm(url, {"migrate"});
            CHECK(refused.exit_code == 2);
            CHECK(refused.err.find("Multiple head revisions are present") != std::string::npos);
            CHECK(refused.err.find("r2a") != std::string::npos);
            CHECK(refused.err.find("r2b") != std::string::npos);
            CHECK(orm_test::table_names(url).empty());   // nothing ran
            auto branches = f.orm(url, {"migrate", "branches"});
            CHECK(branches.out.find("r1 (branchpoint)") != std::string::npos);
            auto merged = f.orm(url, {"migrate", "merge", "-m", "join the branches", "heads", "--rev-id", "m1"});
            REQUIRE(merged.exit_code == 0);
            std::string merge_file = orm_test::read_file(f.migrations() / "versions/m1_join_the_branches.py");
            CHECK(merge_file.find("down_revision = ('r2a', 'r2b')") != std::string::npos);
            CHECK(f.orm(url, {"migrate", "heads"}).out == "m1 (head)\n");
            auto run = f.orm(url, {"migrate", "--format", "json"});
            REQUIRE(run.exit_code == 0);
            CHECK(json::parse(run.out)["applied"].size() == 4);
            CHECK(json::parse(f.orm(url, {"migrate", "--format", "json"}).out)["applied"].empty());
            CHECK(versions_of(url) == "m1 ");
            // Alembic runs the same folder (the merge file orm wrote included) to the same place.
            std::string alembic_url = fresh_database(dialect, "branches_a", f.dir.path());
            f.alembic(alembic_url, {"upgrade", "head"});
            CHECK(json_diff(schema_of(alembic_url), schema_of(url)) == "");
            CHECK(versions_of(alembic_url) == "m1 ");
            // Down below the merge (-1 from a merge point is ambiguous in both): both heads are back.
            CHECK(f.orm(url, {"migrate", "downgrade", "-1", "--yes"}).err.find("Ambiguous walk") != std::string::npos);
            f.alembic(alembic_url, {"downgrade", "r2a"});
            REQUIRE(f.orm(url, {"migrate", "downgrade", "r2a", "--yes"}).exit_code == 0);
            CHECK(versions_of(url) == "r2a r2b ");
            CHECK(versions_of(alembic_url) == versions_of(url));
            // Both are current, neither is a head now (m1 is).
            auto current = f.orm(url, {"migrate", "current"});
            CHECK(current.out.find("r2a") != std::string::npos);
            CHECK(current.out.find("r2b") != std::string::npos);
            CHECK(current.out.find("(head)") == std::string::npos);
        }
    }
}

TEST_CASE("alembic projects: branch labels, depends_on and label@-1 as Alembic runs them",
          "[differential][db][migrate][branches]") {
    for (const auto& dialect : kDialects) {
        DYNAMIC_SECTION(dialect) {
            Folder f;
            f.add("a1", revision("a1", "None", table("core_things"), "    op.drop_table('core_things')"));
            f.add("b1", revision("b1", "None", table("plugin_things"), "    op.drop_table('plugin_things')",
                                 "branch_labels = ('plugin',)\ndepends_on = 'a1'\n"));
            f.add("b2", revision("b2", "'b1'", "    op.add_column('plugin_things', sa.Column('extra', sa.Integer()))",
                                 "    op.drop_column('plugin_things', 'extra')"));
            f.add("a2", revision("a2", "'a1'", table("more_core"), "    op.drop_table('more_core')"));
            std::string orm_url = fresh_database(dialect, "labels_o", f.dir.path());
            std::string alembic_url = fresh_database(dialect, "labels_a", f.dir.path());
            // plugin@head needs a1 first (depends_on), not a2.
            REQUIRE(f.orm(orm_url, {"migrate", "upgrade", "plugin@head"}).exit_code == 0);
            f.alembic(alembic_url, {"upgrade", "plugin@head"});
            CHECK(json_diff(schema_of(alembic_url), schema_of(orm_url)) == "");
            CHECK(versions_of(orm_url) == versions_of(alembic_url));
            REQUIRE(f.orm(orm_url, {"migrate", "downgrade", "plugin@-1", "--yes"}).exit_code == 0);
            f.alembic(alembic_url, {"downgrade", "plugin@-1"});
            CHECK(json_diff(schema_of(alembic_url), schema_of(orm_url)) == "");
            CHECK(versions_of(orm_url) == versions_of(alembic_url));
            REQUIRE(f.orm(orm_url, {"migrate", "upgrade", "heads"}).exit_code == 0);
            f.alembic(alembic_url, {"upgrade", "heads"});
            CHECK(json_diff(schema_of(alembic_url), schema_of(orm_url)) == "");
            CHECK(versions_of(orm_url) == versions_of(alembic_url));
            // The history lists the same links.
            std::string ours = f.orm(orm_url, {"migrate", "history"}).out;
            std::string theirs = f.alembic(alembic_url, {"history"});
            for (const char* link : {"<base> -> a1", "<base> (a1) -> b1 (plugin)", "b1 -> b2 (plugin) (head)", "a1 -> a2 (head)"}) {
                CHECK(ours.find(link) != std::string::npos);
                CHECK(theirs.find(link) != std::string::npos);
            }
        }
    }
}

TEST_CASE("alembic projects: alembic.ini and env.py with no flags, as alembic upgrade head runs them",
          "[differential][db][migrate][alembic-ini]") {
    for (const auto& dialect : kDialects) {
        DYNAMIC_SECTION(dialect) {
            // Two copies of one project, each migrated by one tool.
            TempDir root;
            auto make = [&](const std::string& name) {
                fs::path p = root / name;
                std::string url = dialect == "sqlite" ? "sqlite:///%(here)s/app.db"
                                                      : fresh_database(dialect, "ini_" + name, root.path());
                write_file(p / "alembic.ini", "[alembic]\nscript_location = %(here)s/migrations\n"
                                              "prepend_sys_path = .\nversion_table = my_versions\n"
                                              "sqlalchemy.url = " + url + "\n\n[loggers]\nkeys = root\n");
                write_file(p / "app/__init__.py", "");
                write_file(p / "app/models.py", R"(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Account(Base):
    __tablename__ = "accounts"
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(100), nullable=False)
    status = sa.Column(sa.String(20))
)");
                write_file(p / "migrations/env.py", R"(from alembic import context
from sqlalchemy import engine_from_config, pool

from app.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                                     poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          version_table=config.get_main_option("version_table"))
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
)");
                write_file(p / "migrations/versions/x1_accounts.py", revision("x1", "None", R"(    op.create_table('accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.bulk_insert(sa.table('accounts', sa.column('id'), sa.column('email')), [{'id': 1, 'email': 'a@b.c'}]))",
                                                                             "    op.drop_table('accounts')"));
                write_file(p / "migrations/versions/x2_status.py", revision("x2", "'x1'", R"(    op.add_column('accounts', sa.Column('status', sa.String(length=20)))
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE accounts SET status = :s"), {"s": "active"}))",
                                                                           "    op.drop_column('accounts', 'status')"));
                return std::pair{p, dialect == "sqlite" ? "sqlite:///" + (p / "app.db").string() : url};
            };
            auto [orm_dir, orm_url] = make("one");
            auto [alembic_dir, alembic_url] = make("two");
            auto r = run_orm({"migrate"}, {}, "", orm_dir);
            INFO(r.out << r.err);
            REQUIRE(r.exit_code == 0);
            auto a = orm_test::run_process({"/usr/bin/python3", "-m", "alembic", "upgrade", "head"}, {}, "", alembic_dir);
            INFO(a.out << a.err);
            REQUIRE(a.exit_code == 0);
            CHECK(json_diff(schema_of(alembic_url), schema_of(orm_url)) == "");
            CHECK(versions_of(orm_url, "my_versions") == "x2 ");
            CHECK(versions_of(alembic_url, "my_versions") == "x2 ");
            CHECK(orm_test::data_snapshot(orm_url, {"my_versions", "orm_migration_log"}) ==
                  orm_test::data_snapshot(alembic_url, {"my_versions", "orm_migration_log"}));
            // orm check reads env.py's target_metadata: app.models.
            auto check = run_orm({"check"}, {}, "", orm_dir);
            INFO(check.out << check.err);
            CHECK(check.exit_code == 0);
            // A missing migrations folder is an error naming where orm looked.
            auto missing = run_orm({"--migrations", (orm_dir / "nowhere").string(), "migrate"}, {}, "", orm_dir);
            CHECK(missing.exit_code == 3);
            CHECK(missing.err.find((orm_dir / "nowhere/versions").string()) != std::string::npos);
        }
    }
}
