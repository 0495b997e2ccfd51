// Libraries that model code builds on SQLAlchemy with: Flask-SQLAlchemy (3.0's
// behaviour: db.Model with table names derived from class names, db.Column
// and every other SQLAlchemy name through `db.`, db.Table without a
// MetaData) and sqlalchemy_utils' common types (each with the impl it
// renders in SQLAlchemy, per dialect). They are written here in Python, on
// top of orm's native sqlalchemy modules, and run by the interpreter like
// any module; `_orm` gives them the few native hooks they need.
#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

namespace py = orm::python;
using K = Value::Kind;

namespace {

const char* const kFlaskSqlalchemy = R"PY(
"""Flask-SQLAlchemy, as orm reads it (its 3.0 behaviour)."""
import sqlalchemy as _sa
import sqlalchemy.orm as _orm_api
import _orm
from flask_sqlalchemy.model import Model, DefaultMeta, NameMetaMixin, BindMetaMixin, DefaultMetaNoName


class SQLAlchemy:
    def __init__(self, app=None, *, metadata=None, session_options=None, query_class=None,
                 model_class=Model, engine_options=None, add_models_to_shell=True,
                 disable_autonaming=False, **kwargs):
        self.metadatas = {}
        if metadata is not None:
            self.metadatas[None] = metadata
        self.Query = _orm.opaque("flask_sqlalchemy.Query")
        self.Model = _orm.model_base(self.metadatas.get(None), model_class, not disable_autonaming)
        self.metadatas[None] = self.Model.metadata
        self.metadata = self.Model.metadata

    @property
    def session(self):
        # In a revision: a Session on the migration's connection, one per run.
        return _orm.flask_session()

    def init_app(self, app):
        pass

    def create_all(self, *args, **kwargs):
        pass

    def drop_all(self, *args, **kwargs):
        pass

    def reflect(self, *args, **kwargs):
        pass

    def Table(self, *args, bind_key=None, **kwargs):
        if len(args) >= 2 and _orm.is_metadata(args[1]):
            return _sa.Table(*args, **kwargs)
        return _sa.Table(args[0], self.metadata, *args[1:], **kwargs)

    def relation(self, *args, **kwargs):
        return _orm_api.relationship(*args, **kwargs)

    @property
    def event(self):
        return _sa.event

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in ("engine", "engines", "get_engine", "get_or_404", "first_or_404", "paginate", "one_or_404", "get_binds"):
            return _orm.opaque("flask_sqlalchemy.SQLAlchemy." + name)
        if hasattr(_orm_api, name):
            return getattr(_orm_api, name)
        return getattr(_sa, name)


BaseQuery = _orm.opaque("flask_sqlalchemy.BaseQuery")
Pagination = _orm.opaque("flask_sqlalchemy.Pagination")
)PY";

const char* const kFlaskSqlalchemyModel = R"PY(
"""flask_sqlalchemy.model: the default model class and the metaclass mixins
projects build their own metaclasses from (a metaclass with NameMetaMixin
derives table names; orm reads the mixins, it does not run metaclasses)."""
import re
import sqlalchemy.orm as _orm_api


class Model:
    query_class = None
    query = None
    __fsa__ = None

    def __repr__(self):
        return "<%s>" % type(self).__name__


class NameMetaMixin(type):
    pass


class BindMetaMixin(type):
    pass


class DefaultMeta(BindMetaMixin, NameMetaMixin, _orm_api.DeclarativeMeta):
    pass


class DefaultMetaNoName(BindMetaMixin, _orm_api.DeclarativeMeta):
    pass


def camel_to_snake_case(name):
    name = re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name)
    return name.lower().lstrip("_")
)PY";

const char* const kSqlalchemyUtils = R"PY(
"""sqlalchemy_utils' common column types, as orm reads them: each renders
the impl sqlalchemy_utils gives it for the dialect."""
import datetime as _datetime
import sqlalchemy as _sa
from sqlalchemy import types as _types
from sqlalchemy.dialects import postgresql as _postgresql
import _orm


class UUIDType(_types.TypeDecorator):
    impl = _types.BINARY(16)
    cache_ok = True

    def __init__(self, binary=True, native=True):
        self.binary = binary
        self.native = native

    def load_dialect_impl(self, dialect):
        if self.native and dialect.name == "postgresql":
            return dialect.type_descriptor(_postgresql.UUID())
        return dialect.type_descriptor(self.impl if self.binary else _types.CHAR(32))


class JSONType(_types.TypeDecorator):
    impl = _sa.UnicodeText
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(_postgresql.JSON())
        return dialect.type_descriptor(self.impl)


class ScalarListType(_types.TypeDecorator):
    impl = _sa.UnicodeText()
    cache_ok = True

    def __init__(self, coerce_func=str, separator=","):
        self.coerce_func = coerce_func
        self.separator = separator


class EnrichedDateTimeType(_types.TypeDecorator):
    impl = _types.DateTime
    cache_ok = True

    def __init__(self, datetime_processor=None, *args, **kwargs):
        super().__init__(*args, **kwargs)


class EnrichedDateType(_types.TypeDecorator):
    impl = _types.Date
    cache_ok = True

    def __init__(self, date_processor=None, *args, **kwargs):
        super().__init__(*args, **kwargs)


class ArrowType(EnrichedDateTimeType):
    pass


class EmailType(_types.TypeDecorator):
    impl = _sa.Unicode
    cache_ok = True

    def __init__(self, length=255, *args, **kwargs):
        super().__init__(length=length, *args, **kwargs)


class URLType(_types.TypeDecorator):
    impl = _types.UnicodeText
    cache_ok = True


class ChoiceType(_types.TypeDecorator):
    impl = _types.Unicode(255)
    cache_ok = True

    def __init__(self, choices, impl=None):
        self.choices = tuple(choices) if isinstance(choices, list) else choices
        if impl:
            self.impl = impl


class TSVectorType(_types.TypeDecorator):
    impl = _postgresql.TSVECTOR
    cache_ok = True

    def __init__(self, *args, **kwargs):
        self.columns = args
        self.options = kwargs
        super().__init__()


class PasswordType(_types.TypeDecorator):
    impl = _types.VARBINARY(1024)
    cache_ok = True

    def __init__(self, max_length=None, **kwargs):
        self.length = max_length if max_length is not None else _orm.passlib_max_length(kwargs.get("schemes", []))

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(_postgresql.BYTEA(self.length))
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_sa.dialects.sqlite.BLOB(self.length))
        return dialect.type_descriptor(_types.VARBINARY(self.length))


class CountryType(_types.TypeDecorator):
    impl = _types.String(2)
    cache_ok = True


class CurrencyType(_types.TypeDecorator):
    impl = _types.String(3)
    cache_ok = True


class LocaleType(_types.TypeDecorator):
    impl = _types.Unicode(10)
    cache_ok = True


class TimezoneType(_types.TypeDecorator):
    impl = _types.Unicode(50)
    cache_ok = True

    def __init__(self, backend="dateutil"):
        self.backend = backend


class IPAddressType(_types.TypeDecorator):
    impl = _types.Unicode(50)
    cache_ok = True

    def __init__(self, max_length=50, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.impl = _types.Unicode(max_length)


class ColorType(_types.TypeDecorator):
    impl = _types.Unicode(20)
    cache_ok = True

    def __init__(self, max_length=20, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.impl = _types.Unicode(max_length)


class PhoneNumberType(_types.TypeDecorator):
    impl = _types.Unicode(20)
    cache_ok = True

    def __init__(self, region="US", max_length=20, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.impl = _types.Unicode(max_length)


class IntRangeType(_types.TypeDecorator):
    impl = _postgresql.INT4RANGE
    cache_ok = True


class Int8RangeType(_types.TypeDecorator):
    impl = _postgresql.INT8RANGE
    cache_ok = True


class NumericRangeType(_types.TypeDecorator):
    impl = _postgresql.NUMRANGE
    cache_ok = True


class DateRangeType(_types.TypeDecorator):
    impl = _postgresql.DATERANGE
    cache_ok = True


class DateTimeRangeType(_types.TypeDecorator):
    impl = _postgresql.TSRANGE
    cache_ok = True


class Timestamp:
    created = _sa.Column(_sa.DateTime, default=_datetime.datetime.utcnow, nullable=False)
    updated = _sa.Column(_sa.DateTime, default=_datetime.datetime.utcnow, nullable=False)


def generic_repr(*fields):
    if len(fields) == 1 and isinstance(fields[0], type):
        return fields[0]
    return lambda cls: cls


def aggregated(attr, field):
    return lambda fn: field


def observes(*paths, **kwargs):
    return lambda fn: fn


def force_auto_coercion(mapper=None):
    pass


def force_instant_defaults(mapper=None):
    pass


def generic_relationship(*args, **kwargs):
    return _orm.opaque("sqlalchemy_utils.generic_relationship")


def __getattr__(name):
    return _orm.opaque("sqlalchemy_utils." + name)
)PY";

// passlib's largest encoded hash per scheme (CryptContext schemes), as
// sqlalchemy_utils.PasswordType computes its column length: 1024 or the
// longest of 4 + len(name) + len(str(max_rounds)) + max_salt_size + checksum size.
std::optional<std::int64_t> passlib_length(const std::string& scheme) {
    static const std::vector<std::pair<std::string, std::int64_t>> known = {
        {"pbkdf2_sha512", 4 + 13 + 10 + 1024 + 86}, {"pbkdf2_sha256", 4 + 13 + 10 + 1024 + 43},
        {"pbkdf2_sha1", 4 + 11 + 10 + 1024 + 27}, {"bcrypt", 1024}, {"sha256_crypt", 1024}, {"sha512_crypt", 1024},
        {"md5_crypt", 1024},
    };
    for (auto& [n, l] : known)
        if (n == scheme) return l;
    return std::nullopt;
}

}  // namespace

void register_flask_modules(Bridge& b) {
    b.in.register_module("_orm", [&b](py::Interpreter& in, py::ModuleObject& m) {
        m.dict->set_str("opaque", py::make_native("_orm.opaque", [](py::Interpreter&, py::CallArgs& a) {
            std::string name = a.pos.empty() || !py::str_of(a.pos[0]) ? "?" : *py::str_of(a.pos[0]);
            return py::Value(new py::OpaqueObject(name, name.substr(0, name.find('.')), a.loc));
        }));
        m.dict->set_str("flask_session", py::make_native("_orm.flask_session", [&b](py::Interpreter& in, py::CallArgs& a) {
            if (b.flask_session) return b.flask_session(in, a.loc);
            return py::Value(new py::OpaqueObject("flask_sqlalchemy.SQLAlchemy.session", "flask_sqlalchemy", a.loc));
        }));
        m.dict->set_str("is_metadata", py::make_native("_orm.is_metadata", [&b](py::Interpreter&, py::CallArgs& a) {
            return py::Value::boolean(!a.pos.empty() && b.to_decl(a.pos[0], a.loc).is(K::MetaData));
        }));
        m.dict->set_str("model_base", py::make_native("_orm.model_base", [&b](py::Interpreter& in, py::CallArgs& a) {
            // SQLAlchemy(model_class=...): a declarative base already made is the
            // model (its metadata the db's); any other class is the base's mixin.
            if (a.pos.size() < 3) in.raise(in.exc.TypeError, "model_base(metadata, model_class, autonaming)", a.loc);
            if (auto* c = a.pos[1].as<py::ClassObject>(); c && is_declarative_base(*c)) {
                if (!a.pos[0].is_none()) set_base_metadata(b, *c, a.pos[0], a.loc);
                return a.pos[1];
            }
            int md = -1;
            if (!a.pos[0].is_none()) {
                Value mv = b.to_decl(a.pos[0], a.loc);
                if (!mv.is(K::MetaData)) b.r.fail("SQLAlchemy(metadata=) must be a MetaData", a.loc);
                md = mv.index;
            }
            py::CallArgs options;
            options.loc = a.loc;
            options.kw.emplace_back("name", py::make_str("Model"));
            if (a.pos[1].as<py::ClassObject>()) options.kw.emplace_back("cls", a.pos[1]);
            return make_declarative_base(b, options, md, a.loc, in.truthy(a.pos[2], a.loc) ? "flask" : "1.4");
        }));
        m.dict->set_str("passlib_max_length", py::make_native("_orm.passlib_max_length", [](py::Interpreter& in, py::CallArgs& a) {
            std::int64_t longest = 1024;
            if (!a.pos.empty())
                for (auto& s : in.to_vector(a.pos[0], a.loc)) {
                    const std::string* name = py::str_of(s);
                    auto l = name ? passlib_length(*name) : std::nullopt;
                    if (!l) in.raise(in.exc.ValueError, "PasswordType: the length of passlib scheme " + in.repr(s) +
                                                            " is not known to orm; pass max_length=", a.loc);
                    longest = std::max(longest, *l);
                }
            return py::Value::integer(longest);
        }));
        (void)in;
    });
    b.in.register_source_module("flask_sqlalchemy", kFlaskSqlalchemy, true);
    b.in.register_source_module("flask_sqlalchemy.model", kFlaskSqlalchemyModel);
    b.in.register_source_module("sqlalchemy_utils", kSqlalchemyUtils, true);
    b.in.register_source_module("sqlalchemy_utils.types", "from sqlalchemy_utils import *\n", true);
    // The modules sqlalchemy_utils defines its types in (sqlalchemy_utils.types.uuid.UUIDType, ...).
    for (const char* sub : {"uuid", "json", "choice", "password", "timezone", "url", "email", "scalar_list", "ip_address",
                            "color", "country", "currency", "locale", "phone_number", "range", "arrow", "ts_vector",
                            "encrypted", "enriched_datetime"})
        b.in.register_source_module(std::string("sqlalchemy_utils.types.") + sub, "from sqlalchemy_utils import *\n", false);
}

}  // namespace orm::declarative
