// SQLModel, as orm reads it (SQLModel 0.0.2x's behaviour on SQLAlchemy):
// `class Hero(SQLModel, table=True)` maps a table named after the class
// (lowercased) whose columns come from the model's fields, its own and its
// SQLModel bases', in field order: the type from the annotation (str and
// pydantic's string types AutoString(max_length), int Integer, float Float,
// bool Boolean, datetime/date/time/timedelta, bytes, Decimal
// Numeric(max_digits, decimal_places), uuid.UUID GUID, an Enum class
// Enum), NULL where the annotation admits None and the field is no primary
// key, and what Field() says (primary_key, foreign_key with ondelete,
// unique, index, nullable, default/default_factory, sa_type, sa_column,
// sa_column_args/kwargs); Relationship() fields become relationship()s.
// A SQLModel class without table=True is a plain model: not mapped.
// Written in Python on the native sqlalchemy modules, like
// flask_sqlalchemy (third_party.cpp); `_orm_sqlmodel` gives it the
// annotations as Python evaluates them.
#include "orm/declarative/bridge.hpp"
#include "orm/python/parser.hpp"

namespace orm::declarative {

namespace py = orm::python;

namespace {

const char* const kSqlTypes = R"PY(
"""sqlmodel.sql.sqltypes, as SQLModel defines its types."""
from sqlalchemy import types as _types
from sqlalchemy.dialects import postgresql as _postgresql


class AutoString(_types.TypeDecorator):
    impl = _types.String
    cache_ok = True
    mysql_default_length = 255

    def load_dialect_impl(self, dialect):
        return self.impl


class GUID(_types.TypeDecorator):
    impl = _types.CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(_types.CHAR(32).with_variant(_postgresql.UUID(), "postgresql"))
)PY";

const char* const kSqlModel = R"PY(
"""sqlmodel: SQLModel, Field, Relationship, as orm reads them."""
import datetime as _dt
import decimal as _decimal
import enum as _enum
import uuid as _uuid
import typing as _typing
import sqlalchemy as _sa
from sqlalchemy import *
from sqlalchemy.orm import declarative_base as _declarative_base, relationship as _sa_relationship
from sqlmodel.sql.sqltypes import AutoString, GUID
import _orm_sqlmodel


class _UndefinedType:
    def __repr__(self):
        return "PydanticUndefined"


Undefined = _UndefinedType()


class FieldInfo:
    def __init__(self, default=Undefined, **kwargs):
        self.default = default
        self.options = kwargs

    def get(self, name, fallback=Undefined):
        value = self.options.get(name, Undefined)
        return fallback if value is Undefined or value is None and fallback is not Undefined else value


def Field(default=Undefined, **kwargs):
    return FieldInfo(default, **kwargs)


class RelationshipInfo:
    def __init__(self, **kwargs):
        self.options = kwargs


def Relationship(*, back_populates=None, cascade_delete=False, passive_deletes=False, link_model=None,
                 sa_relationship=None, sa_relationship_args=None, sa_relationship_kwargs=None):
    return RelationshipInfo(back_populates=back_populates, cascade_delete=cascade_delete,
                            passive_deletes=passive_deletes, link_model=link_model,
                            sa_relationship=sa_relationship, sa_relationship_args=sa_relationship_args,
                            sa_relationship_kwargs=sa_relationship_kwargs)


# pydantic's string types SQLModel stores as AutoString, by name: pydantic
# itself is a module orm does not run.
_PYDANTIC_STRINGS = ("EmailStr", "NameEmail", "ImportString", "AnyUrl", "AnyHttpUrl", "HttpUrl", "FileUrl",
                     "PostgresDsn", "SecretStr", "constr", "IPvAnyAddress", "IPvAnyInterface", "IPvAnyNetwork")


def _is_none(t):
    return t is None or t is type(None)


def _strip_optional(cls, name, annotation):
    """(the type inside Optional/Union with None/X | None/Annotated, whether None is allowed)."""
    origin = _typing.get_origin(annotation)
    if origin is not None and repr(origin) in ("typing.Annotated",):
        return _strip_optional(cls, name, _typing.get_args(annotation)[0])
    if origin is not None and repr(origin) == "typing.Union":
        members = [a for a in _typing.get_args(annotation) if not _is_none(a)]
        if len(members) != len(_typing.get_args(annotation)):
            if len(members) > 1:
                raise ValueError("%s.%s: Cannot have a (non-optional) union as a SQLAlchemy field" % (cls.__name__, name))
            return members[0], True
        if len(members) > 1:
            raise ValueError("%s.%s: Cannot have a (non-optional) union as a SQLAlchemy field" % (cls.__name__, name))
    return annotation, False


def _sqlalchemy_type(cls, name, type_, info):
    sa_type = info.get("sa_type")
    if sa_type is not Undefined:
        return sa_type
    if isinstance(type_, str):
        raise NameError("%s.%s: the annotation %r names nothing defined where the class is" % (cls.__name__, name, type_))
    origin = _typing.get_origin(type_)
    if origin is not None:
        type_ = origin
    opaque = _orm_sqlmodel.opaque_name(type_)
    if opaque is not None:
        if opaque.rsplit(".", 1)[-1] in _PYDANTIC_STRINGS:
            return AutoString(length=info.get("max_length", None))
        raise ValueError("%s.%s: orm cannot tell which SQLAlchemy type SQLModel gives %s (from a module orm does "
                         "not run); give the field sa_type=" % (cls.__name__, name, opaque))
    if not isinstance(type_, type):
        raise ValueError("%s.%s: %r has no matching SQLAlchemy type" % (cls.__name__, name, type_))
    if issubclass(type_, _enum.Enum):
        return _sa.Enum(type_)
    if issubclass(type_, str):
        return AutoString(length=info.get("max_length", None))
    if issubclass(type_, float):
        return _sa.Float
    if issubclass(type_, bool):
        return _sa.Boolean
    if issubclass(type_, int):
        return _sa.Integer
    if issubclass(type_, _dt.datetime):
        return _sa.DateTime
    if issubclass(type_, _dt.date):
        return _sa.Date
    if issubclass(type_, _dt.timedelta):
        return _sa.Interval
    if issubclass(type_, _dt.time):
        return _sa.Time
    if issubclass(type_, bytes):
        return _sa.LargeBinary
    if issubclass(type_, _decimal.Decimal):
        return _sa.Numeric(precision=info.get("max_digits", None), scale=info.get("decimal_places", None))
    if issubclass(type_, _uuid.UUID):
        return GUID
    raise ValueError("%s.%s: %r has no matching SQLAlchemy type" % (cls.__name__, name, type_))


def _column(cls, name, value):
    info = value if isinstance(value, FieldInfo) else FieldInfo(value)
    sa_column = info.get("sa_column")
    if sa_column is not Undefined:
        return sa_column
    type_, optional = _strip_optional(cls, name, _orm_sqlmodel.annotation(cls, name))
    primary_key = info.get("primary_key", False)
    nullable = info.get("nullable")
    if nullable is Undefined:
        nullable = optional and not primary_key
    args = []
    foreign_key = info.get("foreign_key", None)
    if foreign_key:
        ondelete = info.get("ondelete", None)
        args.append(_sa.ForeignKey(foreign_key, ondelete=ondelete) if ondelete else _sa.ForeignKey(foreign_key))
    kwargs = {"primary_key": primary_key, "nullable": nullable, "index": info.get("index", False),
              "unique": info.get("unique", False)}
    factory = info.get("default_factory", None)
    if factory is not None:
        kwargs["default"] = factory
    elif info.default is not Undefined and info.default is not ...:
        kwargs["default"] = info.default
    sa_column_args = info.get("sa_column_args")
    if sa_column_args is not Undefined:
        args.extend(list(sa_column_args))
    sa_column_kwargs = info.get("sa_column_kwargs")
    if sa_column_kwargs is not Undefined:
        kwargs.update(sa_column_kwargs)
    return _sa.Column(_sqlalchemy_type(cls, name, type_, info), *args, **kwargs)


def _relationship_target(cls, name):
    """The class a relationship field's annotation names: list["Item"], Optional[User], "User | None"."""
    annotation = _orm_sqlmodel.annotation(cls, name)
    while True:
        if isinstance(annotation, str):
            text = annotation.strip().strip("'\"")
            for wrapper in ("list[", "List[", "typing.List[", "Optional[", "typing.Optional[", "set[", "Set["):
                if text.startswith(wrapper) and text.endswith("]"):
                    text = text[len(wrapper):-1]
            text = text.replace("| None", "").replace("None |", "").strip().strip("'\"")
            return text
        args = [a for a in _typing.get_args(annotation) if not _is_none(a)]
        if not args:
            return annotation
        annotation = args[0]


def _relationship(cls, name, info):
    o = info.options
    if o["sa_relationship"] is not None:
        return o["sa_relationship"]
    kwargs = {}
    if o["back_populates"]:
        kwargs["back_populates"] = o["back_populates"]
    if o["cascade_delete"]:
        kwargs["cascade"] = "all, delete-orphan"
    if o["passive_deletes"]:
        kwargs["passive_deletes"] = o["passive_deletes"]
    if o["link_model"] is not None:
        kwargs["secondary"] = o["link_model"].__table__
    args = list(o["sa_relationship_args"] or ())
    kwargs.update(o["sa_relationship_kwargs"] or {})
    return _sa_relationship(_relationship_target(cls, name), *args, **kwargs)


def _fields(cls):
    """The model's field names in pydantic's order: its SQLModel bases' first, a redefined name where it first came."""
    names = []
    for klass in reversed(cls.__mro__):
        if klass is SQLModel or not issubclass(klass, SQLModel):
            continue
        for name, text in klass.__dict__.get("__annotations__", {}).items():
            if name.startswith("_") or name in names or text.replace("typing.", "").startswith("ClassVar"):
                continue
            names.append(name)
    return names


def _lookup(cls, name):
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return Undefined


def _is_table(cls):
    return cls.__dict__.get("__sqlmodel_table__", False)


_Base = _declarative_base()


class SQLModel(_Base):
    __abstract__ = True

    def __init_subclass__(cls, table=False, registry=None, **kwargs):
        if not table or any(_is_table(b) for b in cls.__mro__[1:]):
            # A plain model (a request or response schema), or a model
            # cloned from a table model: nothing SQLAlchemy maps.
            cls.__abstract__ = True
            return
        cls.__sqlmodel_table__ = True
        for name in _fields(cls):
            value = _lookup(cls, name)
            if isinstance(value, RelationshipInfo):
                setattr(cls, name, _relationship(cls, name, value))
            else:
                setattr(cls, name, _column(cls, name, value))
        if _lookup(cls, "__tablename__") is Undefined:
            cls.__tablename__ = cls.__name__.lower()


default_registry = _Base.registry
)PY";

// The annotation of `name` as Python evaluates it where it was written (the
// nearest class in `cls`'s MRO that annotates it, in its module); a string
// annotation is read as the expression it holds. One naming what is not
// defined (yet) comes back as its text, as the class's __annotations__
// keeps it.
py::Value evaluated_annotation(py::Interpreter& in, py::ClassObject& cls, const std::string& name, SourceLocation loc) {
    for (py::ClassObject* k : cls.mro) {
        for (auto& [n, expr] : k->annotation_exprs) {
            if (n != name || !expr) continue;
            py::ModuleObject* module = in.loaded_module(k->module_name);
            if (!module) return py::make_str(name);
            try {
                py::Value v = in.eval_in(*expr, *module, k->dict.get());
                if (const std::string* s = py::str_of(v)) {
                    auto source = std::make_shared<SourceFile>(expr->loc.file ? expr->loc.file->name() : "<annotation>", *s);
                    py::ExprPtr parsed = py::parse_expression(source);
                    v = in.eval_in(*parsed, *module, k->dict.get());
                }
                return v;
            } catch (const py::PythonException&) {
            } catch (const InputError&) {
            }
            if (const py::Value* anns = k->dict->find_str("__annotations__"))
                if (auto* d = anns->as<py::DictObject>())
                    if (const py::Value* text = d->find_str(name)) return *text;
            return py::make_str(name);
        }
    }
    in.raise(in.exc.AttributeError, cls.name + " has no annotation '" + name + "'", loc);
}

}  // namespace

void register_sqlmodel_modules(Bridge& b) {
    b.in.register_module("_orm_sqlmodel", [](py::Interpreter&, py::ModuleObject& m) {
        m.dict->set_str("annotation", py::make_native("_orm_sqlmodel.annotation", [](py::Interpreter& in, py::CallArgs& a) {
            auto* cls = a.pos.size() == 2 ? a.pos[0].as<py::ClassObject>() : nullptr;
            const std::string* name = a.pos.size() == 2 ? py::str_of(a.pos[1]) : nullptr;
            if (!cls || !name) in.raise(in.exc.TypeError, "annotation(cls, name)", a.loc);
            return evaluated_annotation(in, *cls, *name, a.loc);
        }));
        m.dict->set_str("opaque_name", py::make_native("_orm_sqlmodel.opaque_name", [](py::Interpreter&, py::CallArgs& a) {
            const auto* o = a.pos.empty() ? nullptr : a.pos[0].as<py::OpaqueObject>();
            return o ? py::make_str(o->name) : py::Value();
        }));
    });
    b.in.register_source_module("sqlmodel", kSqlModel, true);
    b.in.register_source_module("sqlmodel.sql", "", true);
    b.in.register_source_module("sqlmodel.sql.sqltypes", kSqlTypes);
}

}  // namespace orm::declarative
