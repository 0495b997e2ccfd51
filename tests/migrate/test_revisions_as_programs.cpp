// Revision files run as programs, on SQLite and PostgreSQL: a data
// migration looping over rows and updating them through op.get_bind();
// inspector guards; a dialect branch; autocommit_block with CREATE INDEX
// CONCURRENTLY; op.execute of a Core UPDATE; a project module a revision
// imports; a lazy error in a downgrade that is not run; the offline script
// (context.is_offline_mode(), the bind's mock execute(), op.execute(text)).
#include <catch2/catch.hpp>

#include "migrate/migrate_helpers.hpp"
#include "orm/core/error.hpp"
#include "orm/migrate/runner.hpp"

using namespace orm;
using namespace orm::migrate;
using migrate_test::History;
using migrate_test::downgrade;
using migrate_test::kEngines;
using migrate_test::upgrade;

namespace {



const char* kAccounts = R"(    op.create_table('accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=100), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint('id'))
    accounts = sa.table('accounts', sa.column('id', sa.Integer), sa.column('email', sa.String),
                        sa.column('status', sa.String))
    op.bulk_insert(accounts, [{'id': i, 'email': 'User%d@Example.COM' % i, 'status': None} for i in range(1, 6)]))";

}  // namespace

TEST_CASE("revisions as programs: a data migration loops over rows and updates them", "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", kAccounts, "    op.drop_table('accounts')");
            h.add("r2", R"(    conn = op.get_bind()
    accounts = sa.table('accounts', sa.column('id', sa.Integer), sa.column('email', sa.String),
                        sa.column('status', sa.String))
    rows = conn.execute(sa.select(accounts.c.id, accounts.c.email).order_by(accounts.c.id)).fetchall()
    assert len(rows) == 5, rows
    for row in rows:
        status = 'even' if row.id % 2 == 0 else 'odd'
        conn.execute(sa.text('UPDATE accounts SET email = :email, status = :status WHERE id = :id'),
                     {'email': row[1].lower(), 'status': status, 'id': row._mapping['id']})
    count = conn.execute(sa.text('SELECT count(*) FROM accounts WHERE status = :s'), {'s': 'odd'}).scalar()
    op.execute(accounts.update().where(accounts.c.id == 1).values(status='first of %d odd' % count))
    done = conn.execute(accounts.delete().where(accounts.c.id > 4))
    assert done.rowcount == 1, done.rowcount
    first = conn.execute(sa.select(accounts).where(accounts.c.email.like('user2%'))).first()
    assert first.status == 'even' and first['email'] == 'user2@example.com', first)",
                  "    op.execute(\"UPDATE accounts SET status = NULL\")");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            CHECK(migrate_test::scalar(url, "SELECT email FROM accounts WHERE id = 3") == "'user3@example.com'");
            CHECK(migrate_test::scalar(url, "SELECT status FROM accounts WHERE id = 1") == "'first of 3 odd'");
            CHECK(migrate_test::scalar(url, "SELECT status FROM accounts WHERE id = 2") == "'even'");
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM accounts") == "4");
            downgrade(url, h, "r1");
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM accounts WHERE status IS NULL") == "4");
        }
    }
}

TEST_CASE("revisions as programs: inspector guards and a dialect branch", "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", kAccounts, "    op.drop_table('accounts')");
            // Guards: created only when absent, columns read from the inspector, a branch per dialect.
            h.add("r2", R"(    bind = op.get_bind()
    insp = sa.inspect(bind)
    if not insp.has_table('accounts'):
        raise RuntimeError('accounts is missing')
    if 'audit' not in insp.get_table_names():
        op.create_table('audit', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('note', sa.Text()))
    columns = [c['name'] for c in insp.get_columns('accounts')]
    if 'nickname' not in columns:
        op.add_column('accounts', sa.Column('nickname', sa.String(length=50)))
    pk = insp.get_pk_constraint('accounts')
    assert pk['constrained_columns'] == ['id'], pk
    assert [i['name'] for i in insp.get_indexes('accounts')] == [], insp.get_indexes('accounts')
    if bind.dialect.name == 'postgresql':
        op.execute("COMMENT ON TABLE accounts IS 'on postgresql'")
        op.create_index('ix_accounts_lower_email', 'accounts', [sa.text('lower(email)')])
    else:
        op.create_index('ix_accounts_email', 'accounts', ['email'])
    for name in ['a', 'b']:
        op.add_column('audit', sa.Column('extra_' + name, sa.Integer()))
    # Run twice (as a guard would be): nothing is created the second time.
    if 'audit' not in sa.inspect(bind).get_table_names():
        raise RuntimeError('the inspector does not see audit'))",
                  R"(    op.drop_table('audit')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_accounts_lower_email', table_name='accounts')
    else:
        op.drop_index('ix_accounts_email', table_name='accounts')
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.drop_column('nickname'))");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            auto tables = orm_test::table_names(url);
            CHECK(std::find(tables.begin(), tables.end(), "audit") != tables.end());
            std::string schema = migrate_test::schema_of(url);
            CHECK(schema.find(engine == "postgresql" ? "ix_accounts_lower_email" : "ix_accounts_email") != std::string::npos);
            CHECK(schema.find("extra_b") != std::string::npos);
            CHECK(schema.find("nickname") != std::string::npos);
            downgrade(url, h, "r1");
            CHECK(migrate_test::schema_of(url).find("nickname") == std::string::npos);
            // Upgrading again takes the same path.
            upgrade(url, h);
            CHECK(migrate_test::schema_of(url) == schema);
        }
    }
}

TEST_CASE("revisions as programs: autocommit_block runs CREATE INDEX CONCURRENTLY outside the transaction",
          "[migrate][program][db]") {
    History h;
    h.add("r1", kAccounts, "    op.drop_table('accounts')");
    h.add("r2", R"(    with op.get_context().autocommit_block():
        op.create_index('ix_accounts_email', 'accounts', ['email'], postgresql_concurrently=True)
    op.add_column('accounts', sa.Column('seen', sa.Boolean(), nullable=True)))",
          "    op.drop_index('ix_accounts_email', table_name='accounts')\n    op.drop_column('accounts', 'seen')");
    std::string url = migrate_test::fresh_url("postgresql", h.dir);
    auto reports = upgrade(url, h);
    REQUIRE(reports.size() == 2);
    CHECK(reports[1].statements[0] == "CREATE INDEX CONCURRENTLY ix_accounts_email ON accounts (email)");
    CHECK(migrate_test::schema_of(url).find("ix_accounts_email") != std::string::npos);
    CHECK(migrate_test::scalar(url, "SELECT version_num FROM alembic_version") == "'r2'");
    // Offline, the block is a COMMIT before it and a BEGIN after it.
    auto graph = h.graph();
    std::string script = offline_script(graph, {"r1"}, "r2", true, "postgresql");
    CHECK(script.find("BEGIN;\n\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY ix_accounts_email ON accounts (email);\n\nBEGIN;") !=
          std::string::npos);
}

TEST_CASE("revisions as programs: a project module imported by a revision", "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            orm_test::write_file(h.dir / "shop_types/__init__.py", "");
            orm_test::write_file(h.dir / "shop_types/columns.py", R"(import sqlalchemy as sa

MONEY = sa.Numeric(12, 2)


def money_column(name, **kw):
    return sa.Column(name, MONEY, nullable=False, server_default='0', **kw)


def tables_to_price():
    return ['items', 'services']
)");
            h.add("r1", R"(    from shop_types.columns import money_column, tables_to_price
    for name in tables_to_price():
        op.create_table(name, sa.Column('id', sa.Integer(), primary_key=True), money_column('price')))",
                  "    op.drop_table('services')\n    op.drop_table('items')");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            std::string schema = migrate_test::schema_of(url);
            CHECK(schema.find("\"services\"") != std::string::npos);
            CHECK(schema.find("NUMERIC(12, 2)") != std::string::npos);
        }
    }
}

TEST_CASE("revisions as programs: a sitecustomize sets what the application sets before revisions run",
          "[migrate][program][db]") {
    // pgAdmin's application assigns config.SETTINGS_SCHEMA_VERSION at start-up and a revision
    // writes it into a table; a sitecustomize in the project does that for orm, as for Python.
    History h;
    orm_test::write_file(h.dir / "config.py", "DEFAULT_SERVER = 'localhost'\n");
    orm_test::write_file(h.dir / "sitecustomize.py", "import config\nconfig.SETTINGS_SCHEMA_VERSION = 44\n");
    h.add("r1", R"(    import config
    op.create_table('version', sa.Column('name', sa.String(32), primary_key=True), sa.Column('value', sa.Integer()))
    version = sa.table('version', sa.column('name', sa.String), sa.column('value', sa.Integer))
    op.bulk_insert(version, [{'name': 'ConfigDB', 'value': config.SETTINGS_SCHEMA_VERSION}]))",
          "    op.drop_table('version')");
    std::string url = migrate_test::fresh_url("sqlite", h.dir);
    upgrade(url, h);
    CHECK(migrate_test::scalar(url, "SELECT value FROM version WHERE name = 'ConfigDB'") == "44");
}

TEST_CASE("revisions as programs: a models module two revisions import, its classes queried in the second",
          "[migrate][program][db]") {
    // The module runs once, in the first revision that imports it; the second
    // revision's session still maps its classes (Flask-SQLAlchemy's db.Model),
    // and db.session is a session on the migration's connection.
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            orm_test::write_file(h.dir / "app/__init__.py", "");
            orm_test::write_file(h.dir / "app/model.py", R"(from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()


class Keys(db.Model):
    __tablename__ = 'keys'
    name = db.Column(db.String(64), primary_key=True)
    value = db.Column(db.String(256), nullable=False)
)");
            h.add("r1", R"(    import base64, hashlib, os
    from app.model import Keys
    op.create_table('keys', sa.Column('name', sa.String(64), primary_key=True),
                    sa.Column('value', sa.String(256), nullable=False))
    op.bulk_insert(Keys.__table__, [
        {'name': 'SECRET_KEY', 'value': base64.urlsafe_b64encode(os.urandom(32)).decode()},
        {'name': 'SALT', 'value': hashlib.sha256(b'salt').hexdigest()}]))",
                  "    op.drop_table('keys')");
            h.add("r2", R"(    from sqlalchemy.orm.session import Session
    from app.model import Keys
    session = Session(bind=op.get_bind())
    salt = session.query(Keys).filter_by(name='SALT').first().value
    session.query(Keys).filter(Keys.name == 'SECRET_KEY').update({'value': salt[:8]})
    session.commit()
    # Flask-SQLAlchemy's db.session works on the migration's connection too.
    from app.model import db
    db.session.query(Keys).filter_by(name='SALT').update({'value': 'len %d' % len(salt)})
    db.session.commit())",
                  "    pass");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            // sha256(b'salt') begins 63479ad6
            CHECK(migrate_test::scalar(url, "SELECT value FROM keys WHERE name = 'SECRET_KEY'") == "'63479ad6'");
            CHECK(migrate_test::scalar(url, "SELECT value FROM keys WHERE name = 'SALT'") == "'len 64'");
        }
    }
}

TEST_CASE("revisions as programs: an error in a downgrade that is not run is no error", "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", kAccounts, "    op.drop_table('accounts')");
            // Alembic fails only when this line runs: drop_constraint needs a name.
            std::string second = h.add("r2", "    op.add_column('accounts', sa.Column('age', sa.Integer()))",
                                       "    op.drop_constraint(None, 'accounts', type_='foreignkey')\n"
                                       "    op.drop_column('accounts', 'age')");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            CHECK(migrate_test::scalar(url, "SELECT version_num FROM alembic_version") == "'r2'");
            std::string message;
            try {
                downgrade(url, h, "r1");
            } catch (const InputError& e) {
                message = e.what();
            }
            INFO(message);
            CHECK(message.find(second + ":24:5: error: op.drop_constraint(): constraint must have a name") !=
                  std::string::npos);
            CHECK(migrate_test::scalar(url, "SELECT version_num FROM alembic_version") == "'r2'");   // nothing of it ran
        }
    }
}

TEST_CASE("revisions as programs: offline, the bind is Alembic's mock and op.execute is written", "[migrate][program]") {
    History h;
    h.add("r1", kAccounts, "    op.drop_table('accounts')");
    h.add("r2", R"(    from alembic import context
    if context.is_offline_mode():
        op.execute("UPDATE accounts SET status = 'offline'")
    else:
        op.execute("UPDATE accounts SET status = 'online'")
    bind = op.get_bind()
    assert bind.dialect.name in ('sqlite', 'postgresql')
    result = bind.execute(sa.text("DELETE FROM accounts WHERE status = 'gone'"))
    assert result is None
    accounts = sa.table('accounts', sa.column('id', sa.Integer), sa.column('status', sa.String))
    op.execute(accounts.update().where(accounts.c.id == 7).values(status="it's"))
    op.execute(sa.text('UPDATE accounts SET status = :s WHERE id = :i').bindparams(s='bound', i=8)))",
          "    pass");
    auto graph = h.graph();
    for (const auto& engine : kEngines) {
        std::string script = offline_script(graph, {"r1"}, "r2", true, engine);
        INFO(script);
        CHECK(script.find("UPDATE accounts SET status = 'offline';") != std::string::npos);
        CHECK(script.find("DELETE FROM accounts WHERE status = 'gone';") != std::string::npos);
        CHECK(script.find("UPDATE accounts SET status='it''s' WHERE accounts.id = 7;") != std::string::npos);
        CHECK(script.find("UPDATE accounts SET status = 'bound' WHERE id = 8;") != std::string::npos);
    }
}

namespace {

// An env.py as projects write it: the application hands its own objects to
// context.configure() (config.attributes), which revisions read back from
// op.get_context().opts. orm reads it without running it.
const char* kEnvPy = R"(from alembic import context

config = context.config


def run_migrations_offline():
    context.configure(url=config.get_main_option('sqlalchemy.url'), literal_binds=True, mode='offline')


def run_migrations_online():
    connection = config.attributes['connection']
    context.configure(connection=connection, transaction_per_migration=True, retries=3, mode='online',
                      app_profile=config.attributes.get('profile'))
)";

const char* kLogs = R"(    op.create_table('logs', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('body', sa.Text()))
    opts = op.get_context().opts
    assert 'app_profile' in opts and 'url' not in opts, sorted(opts))";

// A data migration that needs the application's object only when there is data to move.
const char* kExportLogs = R"(    opts = op.get_context().opts
    assert opts['transaction_per_migration'] is True and opts['retries'] == 3 and opts['mode'] == 'online', opts
    assert opts['connection'].dialect.name in ('sqlite', 'postgresql')
    profile = opts['app_profile']
    assert profile is not None
    rows = op.get_bind().execute(sa.text('SELECT id, body FROM logs')).fetchall()
    if rows:
        export(profile.repository_path, rows)
    op.add_column('logs', sa.Column('exported', sa.Boolean())))";

}  // namespace

TEST_CASE("revisions as programs: env.py's context.configure() keywords are op.get_context().opts",
          "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            orm_test::write_file(h.dir / "env.py", kEnvPy);
            h.add("r1", kLogs, "    op.drop_table('logs')");
            h.add("r2", kExportLogs, "    op.drop_column('logs', 'exported')");
            std::string third = h.add("r3", R"py(    op.execute("INSERT INTO logs (id, body) VALUES (1, 'x')")
    repository = op.get_context().opts['app_profile'].repository_path)py");
            ScriptOptions options;
            options.env_py = (h.dir / "env.py").string();
            options.dialect = engine;
            auto graph = load_revision_graph(h.folder(), options);
            std::string url = migrate_test::fresh_url(engine, h.dir);
            auto db = engine::create_engine(url);
            std::string message;
            try {
                Migrator(db, graph).upgrade("head");
            } catch (const InputError& e) {
                message = e.what();
            }
            INFO(message);
            // Over an empty table the object is never used: r2 runs whole.
            CHECK(migrate_test::scalar(url, "SELECT version_num FROM alembic_version") == "'r2'");
            CHECK(migrate_test::schema_of(url).find("\"exported\"") != std::string::npos);
            // r3 uses it: an error at that line naming the option and where env.py passes it, and r3 undone.
            CHECK(message.find(third + ":21:") != std::string::npos);
            CHECK(message.find("RuntimeError: opts['app_profile'] (its attribute 'repository_path' read) is what "
                               "env.py passes to context.configure() at " + options.env_py + ":13:") !=
                  std::string::npos);
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM logs") == "0");
        }
    }
}

TEST_CASE("revisions as programs: offline, opts are the offline context.configure()'s", "[migrate][program]") {
    History h;
    orm_test::write_file(h.dir / "env.py", kEnvPy);
    h.add("r1", R"(    opts = op.get_context().opts
    assert sorted(opts) == ['literal_binds', 'mode', 'url'], opts
    assert opts['literal_binds'] is True and opts['mode'] == 'offline', opts
    op.execute("UPDATE logs SET body = '%s'" % opts['mode']))");
    ScriptOptions options;
    options.env_py = (h.dir / "env.py").string();
    auto graph = load_revision_graph(h.folder(), options);
    for (const auto& engine : kEngines) {
        std::string script = offline_script(graph, {}, "r1", true, engine);
        INFO(script);
        CHECK(script.find("UPDATE logs SET body = 'offline';") != std::string::npos);
    }
}

TEST_CASE("revisions as programs: the column types SQLModel projects' autogenerated revisions name",
          "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", R"(    import sqlmodel
    import sqlmodel.sql.sqltypes
    op.create_table('hero',
        sa.Column('id', sqlmodel.sql.sqltypes.GUID(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('motto', sqlmodel.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint('id')))");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            std::string schema = migrate_test::schema_of(url);
            INFO(schema);
            CHECK(schema.find(engine == "postgresql" ? "\"UUID\"" : "\"CHAR(32)\"") != std::string::npos);
            CHECK(schema.find("\"VARCHAR(40)\"") != std::string::npos);
        }
    }
}
