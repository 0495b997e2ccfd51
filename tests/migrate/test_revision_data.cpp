// What real data migrations call beyond op.*: the ORM session over
// op.get_bind() (queries of classes the revision declares, changes
// flushed on commit, bulk updates, query deletes, joins), Column._copy()
// of reflected columns, JSON.NULL, ALTER TYPE ... ADD VALUE as op.execute
// gives it, indexes with if_exists / if_not_exists and operator classes,
// and alembic_postgresql_enum's sync_enum_values over a column with a
// default. On SQLite and PostgreSQL where the construct exists on both.
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



std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

// Models declared in the revision, as optuna's and pgAdmin's data migrations do.
const char* kModels = R"PY(from sqlalchemy import orm
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Study(Base):
    __tablename__ = 'studies'
    study_id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column('study_name', sa.String(50))


class Trial(Base):
    __tablename__ = 'trials'
    trial_id = sa.Column(sa.Integer, primary_key=True)
    study_id = sa.Column(sa.Integer, sa.ForeignKey('studies.study_id'))
    number = sa.Column(sa.Integer)
    state = sa.Column(sa.String(20))
)PY";

const char* kTables = R"PY(    op.create_table('studies', sa.Column('study_id', sa.Integer(), primary_key=True),
                    sa.Column('study_name', sa.String(50)))
    op.create_table('trials', sa.Column('trial_id', sa.Integer(), primary_key=True),
                    sa.Column('study_id', sa.Integer(), sa.ForeignKey('studies.study_id')),
                    sa.Column('number', sa.Integer()), sa.Column('state', sa.String(20)))
    op.bulk_insert(sa.table('studies', sa.column('study_id', sa.Integer), sa.column('study_name', sa.String)),
                   [{'study_id': 1, 'study_name': 'a'}, {'study_id': 2, 'study_name': 'b'}])
    op.bulk_insert(sa.table('trials', sa.column('trial_id', sa.Integer), sa.column('study_id', sa.Integer),
                            sa.column('state', sa.String)),
                   [{'trial_id': i, 'study_id': 1 + i % 2, 'state': 'COMPLETE' if i < 4 else 'FAIL'}
                    for i in range(1, 7)]))PY";

}  // namespace

TEST_CASE("revision data: the ORM session queries, changes and deletes rows of mapped classes", "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", kTables, "    op.drop_table('trials')\n    op.drop_table('studies')");
            h.add("r2", R"PY(    session = orm.Session(bind=op.get_bind())
    try:
        trials = session.query(Trial).filter(Trial.state == 'COMPLETE').order_by(Trial.trial_id.desc()).all()
        assert [t.trial_id for t in trials] == [3, 2, 1], [t.trial_id for t in trials]
        for n, trial in enumerate(trials):
            trial.number = n * 10
        session.commit()
        mapping = [{'trial_id': t.trial_id, 'state': 'DONE'} for t in session.query(Trial).filter_by(state='COMPLETE')]
        session.bulk_update_mappings(Trial, mapping)
        joined = (session.query(Trial).join(Study, Trial.study_id == Study.study_id)
                  .filter(Study.name == 'a', Trial.state == 'FAIL').count())
        assert joined == 2, joined
        # Column methods only queries use (in_, between, startswith) work on mapped attributes.
        failed = session.query(Trial).filter(Trial.state.in_(['FAIL', 'NONE'])).count()
        assert failed == 3, failed
        middle = [t.trial_id for t in session.query(Trial).filter(Trial.trial_id.between(2, 3), Trial.state.startswith('D'))]
        assert sorted(middle) == [2, 3], middle
        inferred = session.query(Trial.trial_id, Study.name).join(Study).filter(Trial.trial_id == 5).one()
        assert inferred.name == 'b' and inferred[0] == 5, inferred
        gone = session.query(Trial).filter(Trial.state == 'FAIL', Trial.trial_id > 5).delete(synchronize_session=False)
        assert gone == 1, gone
        session.add(Trial(trial_id=10, study_id=2, number=99, state='NEW'))
        assert session.query(Trial).get(10).number == 99
        first = session.query(Study).order_by(Study.study_id).first()
        assert first.name == 'a' and session.query(Study).filter_by(name='zzz').first() is None
        session.query(Study).filter(Study.study_id == 2).update({Study.name: 'renamed'}, synchronize_session=False)
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close())PY",
                  "    pass");
            // The models sit at module level, as in real revision files.
            std::string path = (h.dir / "versions/r2.py").string();
            std::string text = orm_test::read_file(path);
            text.replace(text.find("\n\nrevision = "), 0, "\n" + std::string(kModels));
            orm_test::write_file(path, text);
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            CHECK(migrate_test::scalar(url, "SELECT number FROM trials WHERE trial_id = 1") == "20");
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM trials WHERE state = 'DONE'") == "3");
            CHECK(migrate_test::scalar(url, "SELECT count(*) FROM trials WHERE trial_id = 6") == "0");
            CHECK(migrate_test::scalar(url, "SELECT state FROM trials WHERE trial_id = 10") == "'NEW'");
            CHECK(migrate_test::scalar(url, "SELECT study_name FROM studies WHERE study_id = 2") == "'renamed'");
        }
    }
}

TEST_CASE("revision data: a query that finds nothing to work on is an error at its line", "[migrate][program][db]") {
    History h;
    h.add("r1", kTables, "    op.drop_table('trials')\n    op.drop_table('studies')");
    std::string file = h.add("r2", "    session = orm.Session(bind=op.get_bind())\n"
                                   "    session.query(Trial).filter(Trial.trial_id == 99).one()");
    std::string text = orm_test::read_file(file);
    text.replace(text.find("\n\nrevision = "), 0, "\n" + std::string(kModels));
    orm_test::write_file(file, text);
    std::string url = migrate_test::fresh_url("sqlite", h.dir);
    std::string message = error_of([&] { upgrade(url, h); });
    CHECK(message.find("NoResultFound: No row was found when one was required") != std::string::npos);
    CHECK(migrate_test::scalar(url, "SELECT version_num FROM alembic_version") == "'r1'");
}

TEST_CASE("revision data: shadow tables from reflected columns' _copy()", "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", kTables, "    op.drop_table('trials')\n    op.drop_table('studies')");
            h.add("r2", R"PY(    bind = op.get_bind()
    meta = sa.MetaData()
    meta.reflect(bind=bind)
    for name in sorted(meta.tables):
        if name.startswith('alembic') or name.startswith('orm_'):
            continue
        table = sa.Table(name, meta, autoload_with=bind)
        op.create_table('shadow_' + name, *[c._copy() for c in table.columns]))PY",
                  "    op.drop_table('shadow_trials')\n    op.drop_table('shadow_studies')");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            std::string schema = migrate_test::schema_of(url);
            CHECK(schema.find("\"shadow_trials\"") != std::string::npos);
            // The columns, not the foreign keys of the table they were copied from.
            auto engine_ = engine::create_engine(url);
            auto conn = engine_.connect();
            auto state = engine::reflect(conn);
            const schema::Table* shadow = nullptr;
            for (auto& t : state.metadata.tables)
                if (t->name == "shadow_trials") shadow = t.get();
            REQUIRE(shadow);
            CHECK(shadow->columns.size() == 4);
            CHECK(shadow->foreign_keys.empty());
            CHECK(shadow->primary_key.columns == std::vector<std::string>{"trial_id"});
            downgrade(url, h, "r1");
        }
    }
}

TEST_CASE("revision data: JSON.NULL is the JSON value null", "[migrate][program][db]") {
    History h;
    h.add("r1", R"PY(    op.create_table('settings', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('data', postgresql.JSONB()))
    op.execute("INSERT INTO settings (id, data) VALUES (1, 'null'::jsonb), (2, NULL), (3, '{\"a\": 1}')"))PY",
          "    op.drop_table('settings')");
    h.add("r2", R"PY(    from sqlalchemy.dialects.postgresql import JSONB
    settings = sa.table('settings', sa.column('id', sa.Integer), sa.column('data', JSONB))
    op.execute(settings.update().where(settings.c.data == JSONB.NULL).values(data={}))
    op.execute(settings.update().where(settings.c.data.is_(None)).values(data={'empty': True})))PY");
    std::string url = migrate_test::fresh_url("postgresql", h.dir);
    upgrade(url, h);
    CHECK(migrate_test::scalar(url, "SELECT data::text FROM settings WHERE id = 1") == "'{}'");
    CHECK(migrate_test::scalar(url, "SELECT data::text FROM settings WHERE id = 2") == "'{\"empty\": true}'");
    CHECK(migrate_test::scalar(url, "SELECT data::text FROM settings WHERE id = 3") == "'{\"a\": 1}'");
}

TEST_CASE("revision data: cast() in Core statements as a column method and as sa.cast", "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", R"PY(    op.create_table('logs', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('level', sa.String(255)), sa.Column('code', sa.String(10)), sa.Column('n', sa.Integer()))
    op.execute("INSERT INTO logs (id, level, code) VALUES (1, 'warning', '42'), (2, 'info', '7')"))PY",
                  "    op.drop_table('logs')");
            // aiida's parity revision narrows a column's values with .cast(String(50)); a literal inside
            // cast() is bound as the type cast to.
            h.add("r2", R"PY(    logs = sa.table('logs', sa.column('id', sa.Integer), sa.column('level', sa.String(255)),
                    sa.column('code', sa.String(10)), sa.column('n', sa.Integer))
    op.execute(logs.update().values(level=logs.c.level.cast(sa.String(4))))
    op.execute(logs.update().values(n=sa.cast(logs.c.code, sa.Integer) + sa.cast('100', sa.Integer)))
    conn = op.get_bind()
    total = conn.execute(sa.select(sa.func.sum(sa.cast(logs.c.code, sa.Integer)))).scalar()
    assert total == 49, total
    big = conn.execute(sa.select(logs.c.id).where(sa.cast(logs.c.code, sa.Integer) > 10)).fetchall()
    assert [r[0] for r in big] == [1], big)PY");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            // SQLite's CAST to VARCHAR(4) keeps the text whole (no length), PostgreSQL's cuts it.
            CHECK(migrate_test::scalar(url, "SELECT level FROM logs WHERE id = 1") ==
                  (engine == std::string("sqlite") ? "'warning'" : "'warn'"));
            CHECK(migrate_test::scalar(url, "SELECT n FROM logs WHERE id = 1") == "142");
            CHECK(migrate_test::scalar(url, "SELECT n FROM logs WHERE id = 2") == "107");
        }
    }
}

TEST_CASE("revision data: ALTER TYPE ... ADD VALUE runs as op.execute wrote it", "[migrate][program][db]") {
    History h;
    h.add("r1", R"PY(    sa.Enum('new', 'done', name='status').create(op.get_bind())
    op.create_table('tasks', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('status', postgresql.ENUM('new', 'done', name='status', create_type=False)))
    op.execute("CREATE TYPE public.color AS ENUM ('red')"))PY",
          "    op.drop_table('tasks')\n    op.execute('DROP TYPE status')\n    op.execute('DROP TYPE public.color')");
    // Schema-qualified, IF NOT EXISTS on a value that is there, and a type replay never saw being made.
    h.add("r2", R"PY(    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'done'")
        op.execute("ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'late' AFTER 'new'")
        op.execute("ALTER TYPE public.color ADD VALUE 'blue'"))PY");
    std::string url = migrate_test::fresh_url("postgresql", h.dir);
    upgrade(url, h);
    CHECK(migrate_test::scalar(url, "SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e "
                                    "JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'status'") ==
          "'new,late,done'");
    CHECK(migrate_test::scalar(url, "SELECT count(*) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
                                    "WHERE t.typname = 'color'") == "2");
    auto graph = h.graph();
    std::string script = offline_script(graph, {"r1"}, "r2", true, "postgresql");
    INFO(script);
    CHECK(script.find("ALTER TYPE public.status ADD VALUE IF NOT EXISTS 'done';") != std::string::npos);
    CHECK(script.find("ALTER TYPE public.color ADD VALUE 'blue';") != std::string::npos);
}

TEST_CASE("revision data: indexes dropped if they exist, made if they do not, with operator classes",
          "[migrate][program][db]") {
    for (const auto& engine : kEngines) {
        DYNAMIC_SECTION(engine) {
            History h;
            h.add("r1", kTables, "    op.drop_table('trials')\n    op.drop_table('studies')");
            h.add("r2", R"PY(    op.drop_index('ix_trials_state', table_name='trials', if_exists=True)
    op.create_index('ix_trials_state', 'trials', ['state'], if_not_exists=True)
    op.create_index('ix_trials_state', 'trials', ['state'], if_not_exists=True))PY",
                  "    op.drop_index('ix_trials_state', table_name='trials', if_exists=True)\n"
                  "    op.drop_index('ix_trials_state', table_name='trials', if_exists=True)");
            std::string url = migrate_test::fresh_url(engine, h.dir);
            upgrade(url, h);
            CHECK(migrate_test::schema_of(url).find("ix_trials_state") != std::string::npos);
            downgrade(url, h, "r1");
            CHECK(migrate_test::schema_of(url).find("ix_trials_state") == std::string::npos);
            auto graph = h.graph();
            std::string script = offline_script(graph, {"r1"}, "r2", true, engine);
            INFO(script);
            CHECK(script.find("DROP INDEX IF EXISTS ix_trials_state;") != std::string::npos);
            CHECK(script.find("CREATE INDEX IF NOT EXISTS ix_trials_state ON trials (state);") != std::string::npos);
        }
    }
    History h;
    h.add("r1", kTables, "    op.drop_table('trials')\n    op.drop_table('studies')");
    h.add("r2", R"PY(    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_index('ix_trials_state_trgm', 'trials', ['state'], postgresql_using='gin',
                    postgresql_ops={'state': 'gin_trgm_ops'}))PY");
    auto graph = h.graph();
    std::string script = offline_script(graph, {"r1"}, "r2", true, "postgresql");
    CHECK(script.find("CREATE INDEX ix_trials_state_trgm ON trials USING gin (state gin_trgm_ops);") != std::string::npos);
    std::string url = migrate_test::fresh_url("postgresql", h.dir);
    upgrade(url, h);
    CHECK(migrate_test::scalar(url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_trials_state_trgm'") ==
          "'CREATE INDEX ix_trials_state_trgm ON public.trials USING gin (state gin_trgm_ops)'");
}

TEST_CASE("revision data: sync_enum_values moves a column that has a default", "[migrate][program][db]") {
    History h;
    h.add("r1", R"PY(    sa.Enum('a', 'b', name='grade').create(op.get_bind())
    op.create_table('marks', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('grade', postgresql.ENUM('a', 'b', name='grade', create_type=False),
                              server_default='a', nullable=False))
    op.execute("INSERT INTO marks (id, grade) VALUES (1, 'b')"))PY",
          "    op.drop_table('marks')\n    op.execute('DROP TYPE grade')");
    h.add("r2", R"PY(    op.sync_enum_values('public', 'grade', ['a', 'b', 'c'], [('marks', 'grade')], enum_values_to_rename=[]))PY",
          R"PY(    op.sync_enum_values('public', 'grade', ['a', 'b'], [('marks', 'grade')], enum_values_to_rename=[]))PY");
    std::string url = migrate_test::fresh_url("postgresql", h.dir);
    upgrade(url, h);
    CHECK(migrate_test::scalar(url, "SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e "
                                    "JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'grade'") == "'a,b,c'");
    CHECK(migrate_test::scalar(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'marks' "
                                    "AND column_name = 'grade' AND column_default = '''a''::grade'") == "1");
    CHECK(migrate_test::scalar(url, "SELECT grade::text FROM marks WHERE id = 1") == "'b'");
    downgrade(url, h, "r1");
    CHECK(migrate_test::scalar(url, "SELECT count(*) FROM pg_type WHERE typname = 'grade_old'") == "0");
}

TEST_CASE("revision data: sync_enum_values keeps an array of the enum an array, renamed values replaced",
          "[migrate][program][db]") {
    History h;
    h.add("r1", R"PY(    sa.Enum('Summary', 'Home-Page', name='dynamic_fields').create(op.get_bind())
    op.create_table('releases', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('dynamic', postgresql.ARRAY(postgresql.ENUM(name='dynamic_fields', create_type=False))))
    op.execute("INSERT INTO releases (id, dynamic) VALUES (1, '{Summary,Home-Page}')"))PY",
          "    op.drop_table('releases')\n    op.execute('DROP TYPE dynamic_fields')");
    h.add("r2", R"PY(    from alembic_postgresql_enum import ColumnType, TableReference
    op.sync_enum_values('public', 'dynamic_fields', ['Summary', 'Home-page', 'License'],
                        [TableReference(table_schema='public', table_name='releases', column_name='dynamic',
                                        column_type=ColumnType.ARRAY)],
                        enum_values_to_rename=[('Home-Page', 'Home-page')]))PY");
    std::string url = migrate_test::fresh_url("postgresql", h.dir);
    upgrade(url, h);
    CHECK(migrate_test::scalar(url, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                                    "'releases'::regclass AND attname = 'dynamic'") == "'dynamic_fields[]'");
    CHECK(migrate_test::scalar(url, "SELECT dynamic::text FROM releases WHERE id = 1") == "'{Summary,Home-page}'");
    CHECK(migrate_test::scalar(url, "SELECT count(*) FROM pg_type WHERE typname = 'dynamic_fields_old'") == "0");
}
