// sqlalchemy.orm's Session as data migrations use it on op.get_bind():
// session.query() of mapped classes (a class the revision declares, or one
// a project module does) and of columns, with filter/filter_by/join/
// order_by/limit and all/first/one/scalar/count/delete/update;
// add/delete/flush/commit; get(); the bulk_* methods; execute(). Written in
// Python over orm's SQLAlchemy Core (core_statements.cpp), so each
// statement is compiled by the sql layer and every value is bound; the
// native helper _orm_mapping.columns(cls) gives a mapped class's columns in
// table order with the attribute each is mapped to.
#include "orm/migrate/core_objects.hpp"
#include "orm/migrate/script_runtime_impl.hpp"

namespace orm::migrate {

namespace py = orm::python;

namespace {

const char* const kSession = R"PY(
import sqlalchemy as _sa
from _orm_mapping import columns as _columns


class NoResultFound(Exception):
    pass


class MultipleResultsFound(Exception):
    pass


def _is_entity(e):
    return isinstance(e, type) and hasattr(e, "__table__")


def _key_of(entity, name):
    # An attribute name, or a column attribute, as the column key a statement sets.
    if not isinstance(name, str):
        return name.key
    for attr, key, pk in _columns(entity):
        if attr == name:
            return key
    raise AttributeError("%s has no mapped attribute %r" % (entity.__name__, name))


def _pk_criteria(entity, values):
    # values: attribute name -> value; the primary key's columns compared with them.
    crit = []
    for attr, key, pk in _columns(entity):
        if pk:
            if attr not in values:
                raise ValueError("the primary key attribute %r of %s has no value" % (attr, entity.__name__))
            crit.append(getattr(entity, attr) == values[attr])
    if not crit:
        raise ValueError("%s has no primary key to find its row by" % entity.__name__)
    return crit


class Row:
    def __init__(self, keys, values):
        self._keys = keys
        self._values = values

    def __getitem__(self, i):
        return self._values[i]

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __eq__(self, other):
        return tuple(self._values) == tuple(other)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        for k, v in zip(self._keys, self._values):
            if k == name:
                return v
        raise AttributeError("Row has no attribute %r" % name)

    def _asdict(self):
        return dict(zip(self._keys, self._values))

    def __repr__(self):
        return repr(tuple(self._values))


class Query:
    def __init__(self, session, entities):
        self.session = session
        self._entities = list(entities)
        self._where = []
        self._order = []
        self._joins = []
        self._limit = None
        self._offset = None
        self._distinct = False

    def _copy(self):
        q = Query(self.session, self._entities)
        q._where = list(self._where)
        q._order = list(self._order)
        q._joins = list(self._joins)
        q._limit = self._limit
        q._offset = self._offset
        q._distinct = self._distinct
        return q

    def _primary(self):
        for e in self._entities:
            if _is_entity(e):
                return e
        raise NotImplementedError("this query has no mapped class to work on")

    def filter(self, *criteria):
        q = self._copy()
        q._where.extend(criteria)
        return q

    where = filter

    def filter_by(self, **kwargs):
        entity = self._joins[-1][0] if self._joins and _is_entity(self._joins[-1][0]) else self._primary()
        return self.filter(*[getattr(entity, k) == v for k, v in kwargs.items()])

    def order_by(self, *clauses):
        q = self._copy()
        q._order.extend(c for c in clauses if c is not None)
        return q

    def join(self, target, onclause=None, isouter=False, full=False):
        q = self._copy()
        q._joins.append((target, onclause, isouter))
        return q

    def outerjoin(self, target, onclause=None, full=False):
        return self.join(target, onclause, isouter=True)

    def with_entities(self, *entities):
        q = self._copy()
        q._entities = list(entities)
        return q

    def add_columns(self, *columns):
        q = self._copy()
        q._entities.extend(columns)
        return q

    def limit(self, n):
        q = self._copy()
        q._limit = n
        return q

    def offset(self, n):
        q = self._copy()
        q._offset = n
        return q

    def distinct(self, *expr):
        q = self._copy()
        q._distinct = True
        return q

    def options(self, *options):
        return self

    def execution_options(self, **options):
        return self

    def yield_per(self, count):
        return self

    def enable_eagerloads(self, value):
        return self

    def populate_existing(self):
        return self

    def select_from(self, *froms):
        return self

    @property
    def statement(self):
        return self._select()

    def _select(self):
        cols = [e.__table__ if _is_entity(e) else e for e in self._entities]
        stmt = _sa.select(*cols)
        for target, onclause, outer in self._joins:
            stmt = stmt.join(target.__table__ if _is_entity(target) else target, onclause, isouter=outer)
        if self._where:
            stmt = stmt.where(*self._where)
        if self._order:
            stmt = stmt.order_by(*self._order)
        if self._limit is not None:
            stmt = stmt.limit(self._limit)
        if self._offset is not None:
            stmt = stmt.offset(self._offset)
        if self._distinct:
            stmt = stmt.distinct()
        return stmt

    def _key(self, e):
        # A row's name for what was queried: a class's name, a mapped attribute's name, a column's key.
        if _is_entity(e):
            return e.__name__
        for cls in self._entities + [j[0] for j in self._joins]:
            if _is_entity(cls):
                for attr, key, pk in _columns(cls):
                    if attr is not None and getattr(cls, attr) is e:
                        return attr
        return getattr(e, "key", None)

    def _rows(self):
        self.session._autoflush()
        result = self.session.bind.execute(self._select())
        out = []
        keys = [self._key(e) for e in self._entities]
        single_entity = len(self._entities) == 1 and _is_entity(self._entities[0])
        for row in result:
            values = []
            i = 0
            for e in self._entities:
                if _is_entity(e):
                    n = len(_columns(e))
                    values.append(self.session._instance(e, [row[j] for j in range(i, i + n)]))
                    i += n
                else:
                    values.append(row[i])
                    i += 1
            out.append(values[0] if single_entity else Row(keys, values))
        return out

    def all(self):
        return self._rows()

    def __iter__(self):
        return iter(self._rows())

    def first(self):
        rows = self.limit(1)._rows()
        return rows[0] if rows else None

    def one_or_none(self):
        rows = self._rows()
        if len(rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return rows[0] if rows else None

    def one(self):
        rows = self._rows()
        if not rows:
            raise NoResultFound("No row was found when one was required")
        if len(rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return rows[0]

    def scalar(self):
        row = self.one_or_none()
        if row is None:
            return None
        return row if len(self._entities) == 1 and _is_entity(self._entities[0]) else row[0]

    def count(self):
        return len(self._rows())

    def exists(self):
        return len(self.limit(1)._rows()) > 0

    def get(self, ident):
        entity = self._primary()
        pks = [attr for attr, key, pk in _columns(entity) if pk]
        idents = list(ident) if isinstance(ident, (tuple, list)) else [ident]
        return self.filter(*_pk_criteria(entity, dict(zip(pks, idents)))).first()

    def delete(self, synchronize_session="evaluate"):
        self.session._autoflush()
        stmt = _sa.delete(self._primary().__table__)
        if self._where:
            stmt = stmt.where(*self._where)
        return self.session.bind.execute(stmt).rowcount

    def update(self, values, synchronize_session="evaluate", update_args=None):
        self.session._autoflush()
        entity = self._primary()
        stmt = _sa.update(entity.__table__).values({_key_of(entity, k): v for k, v in values.items()})
        if self._where:
            stmt = stmt.where(*self._where)
        return self.session.bind.execute(stmt).rowcount


class _NoAutoflush:
    def __init__(self, session):
        self.session = session

    def __enter__(self):
        self.saved = self.session.autoflush
        self.session.autoflush = False
        return self.session

    def __exit__(self, *exc):
        self.session.autoflush = self.saved
        return False


class Session:
    def __init__(self, bind=None, autoflush=True, **options):
        self.bind = bind
        self.autoflush = autoflush
        self._new = []
        self._deleted = []
        self._loaded = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def begin(self, *args, **kwargs):
        return self

    def begin_nested(self):
        return self

    def get_bind(self, *args, **kwargs):
        return self.bind

    @property
    def no_autoflush(self):
        return _NoAutoflush(self)

    def query(self, *entities):
        return Query(self, entities)

    def get(self, entity, ident):
        return self.query(entity).get(ident)

    def _values(self, obj):
        d = obj.__dict__
        return {attr: d[attr] for attr, key, pk in _columns(type(obj)) if attr is not None and attr in d}

    def _instance(self, entity, values):
        obj = object.__new__(entity)
        for (attr, key, pk), v in zip(_columns(entity), values):
            if attr is not None:
                obj.__dict__[attr] = v
        self._loaded.append([obj, self._values(obj)])
        return obj

    def _is_loaded(self, obj):
        for entry in self._loaded:
            if entry[0] is obj:
                return True
        return False

    def add(self, obj, _warn=True):
        if not self._is_loaded(obj) and not any(o is obj for o in self._new):
            self._new.append(obj)

    def add_all(self, objs):
        for obj in objs:
            self.add(obj)

    def merge(self, obj, load=True):
        self.add(obj)
        return obj

    def delete(self, obj):
        self._deleted.append(obj)

    def _autoflush(self):
        if self.autoflush:
            self.flush()

    def _insert(self, entity, values):
        self.bind.execute(_sa.insert(entity.__table__).values({_key_of(entity, a): v for a, v in values.items()}))

    def flush(self, objects=None):
        new, self._new = self._new, []
        for obj in new:
            values = self._values(obj)
            self._insert(type(obj), values)
            self._loaded.append([obj, values])
        for entry in self._loaded:
            obj, before = entry
            now = self._values(obj)
            changed = {a: v for a, v in now.items() if a not in before or before[a] != v}
            if changed:
                entity = type(obj)
                stmt = _sa.update(entity.__table__).where(*_pk_criteria(entity, before))
                self.bind.execute(stmt.values({_key_of(entity, a): v for a, v in changed.items()}))
                entry[1] = now
        deleted, self._deleted = self._deleted, []
        for obj in deleted:
            entity = type(obj)
            self.bind.execute(_sa.delete(entity.__table__).where(*_pk_criteria(entity, self._values(obj))))
            self._loaded = [e for e in self._loaded if e[0] is not obj]

    def commit(self):
        self.flush()

    def rollback(self):
        self._new = []
        self._deleted = []

    def close(self):
        self._new = []
        self._deleted = []
        self._loaded = []

    def expire_all(self):
        pass

    def expunge_all(self):
        self._loaded = []

    def refresh(self, obj, attribute_names=None):
        pass

    def execute(self, statement, params=None, **kwargs):
        self._autoflush()
        if params is None:
            return self.bind.execute(statement)
        return self.bind.execute(statement, params)

    def scalar(self, statement, params=None, **kwargs):
        return self.execute(statement, params).scalar()

    def scalars(self, statement, params=None, **kwargs):
        return self.execute(statement, params).scalars()

    def bulk_update_mappings(self, mapper, mappings):
        self._autoflush()
        pks = set(attr for attr, key, pk in _columns(mapper) if pk)
        for m in mappings:
            values = {_key_of(mapper, a): v for a, v in m.items() if a not in pks}
            if values:
                self.bind.execute(_sa.update(mapper.__table__).where(*_pk_criteria(mapper, m)).values(values))

    def bulk_insert_mappings(self, mapper, mappings, return_defaults=False, render_nulls=False):
        self._autoflush()
        for m in mappings:
            self._insert(mapper, m)

    def bulk_save_objects(self, objects, return_defaults=False, update_changed_only=True, preserve_order=True):
        for obj in objects:
            if not self._is_loaded(obj):
                self._new.append(obj)
        self.flush()


_flask_scoped = {}


def _flask_session(run):
    # Flask-SQLAlchemy's db.session while a revision runs: one Session on the
    # migration's connection per run of a revision, as the application's
    # scoped session is one per request.
    s = _flask_scoped.get(run)
    if s is None:
        from alembic import op
        s = Session(bind=op.get_bind())
        _flask_scoped.clear()
        _flask_scoped[run] = s
    return s


def sessionmaker(bind=None, class_=None, autoflush=True, **options):
    def make(**kwargs):
        return (class_ or Session)(bind=kwargs.get("bind", bind), autoflush=kwargs.get("autoflush", autoflush))
    return make
)PY";

// _orm_mapping.columns(cls): [(attribute or None, column key, is primary key)], in the table's column order.
py::Value mapped_columns(ScriptRuntime::Impl& rt, py::CallArgs& a) {
    py::Interpreter& in = *rt.in;
    auto* cls = a.pos.empty() ? nullptr : a.pos[0].as<py::ClassObject>();
    std::shared_ptr<core::TableData> t = cls ? core::table_of(a.pos[0]) : nullptr;
    if (!t) in.raise(in.exc.TypeError, "a mapped class was expected", a.loc);
    declarative::ClassInfo* info = rt.bridge->info_of(*cls);
    std::vector<py::Value> out;
    for (const auto& col : t->columns) {
        const schema::Column& c = col->schema_column();
        py::Value attr;
        if (info)
            for (const auto& [name, decl] : info->column_attrs)
                if (decl.get() == col->value.column.get()) attr = py::make_str(name);
        if (attr.is_none() && cls->lookup(c.key.empty() ? c.name : c.key)) attr = py::make_str(c.key.empty() ? c.name : c.key);
        out.push_back(py::make_tuple({attr, py::make_str(c.key.empty() ? c.name : c.key), py::Value::boolean(c.primary_key)}));
    }
    return py::make_list(std::move(out));
}

}  // namespace

void register_orm_session(ScriptRuntime::Impl& rt) {
    ScriptRuntime::Impl* r = &rt;
    rt.in->register_module("_orm_mapping", [r](py::Interpreter&, py::ModuleObject& m) {
        m.dict->set_str("columns", py::make_native("_orm_mapping.columns", [r](py::Interpreter&, py::CallArgs& a) {
            return mapped_columns(*r, a);
        }));
    });
    rt.in->register_source_module("_orm_session", kSession);
    rt.bridge->flask_session = [r](py::Interpreter& in, SourceLocation loc) -> py::Value {
        if (!r->running) return py::Value(new py::OpaqueObject("flask_sqlalchemy.SQLAlchemy.session", "flask_sqlalchemy", loc));
        py::Ref<py::ModuleObject> m = in.import_module("_orm_session", loc);
        const py::Value* make = m->dict->find_str("_flask_session");
        return in.call(*make, {py::Value::integer(r->run_serial)}, loc);
    };
}

}  // namespace orm::migrate
