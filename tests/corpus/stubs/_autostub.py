"""For the SQLAlchemy oracle only: any module that neither Debian's Python
nor this stubs directory provides is replaced by a permissive stand-in, so
that a project's models import as far as SQLAlchemy itself can take them.
A stand-in name can be read, called (as a decorator it returns what it
decorates), subscripted, and listed among a class's bases (where it becomes
a plain class that takes any constructor arguments, so it never clashes with
a declarative metaclass). orm needs none of
this: it treats such modules as opaque on its own.

The corpus lays out a project's model code, not all of it: a module of the
project itself that is not laid out (an `ext.py` its `__init__.py` imports)
gets a stand-in too once PROJECT_ROOT is set, as orm makes it opaque."""
import importlib.abc
import importlib.machinery
import os
import sys
import types


class _PermissiveBase:
    def __init__(self, *args, **kwargs):
        try:
            super().__init__(*args, **kwargs)
        except TypeError:
            pass

    def __init_subclass__(cls, **kwargs):
        try:
            super().__init_subclass__(**kwargs)
        except TypeError:
            pass

    # What the real base would have given its instances (a parser's
    # error_handler decorator) is a stand-in.
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Standin(type(self).__name__ + "()." + name)


class _StandinMeta(type):
    """The metaclass of a stand-in base when no other base has one of its
    own: the class's missing attributes (a registry's register()) are
    stand-ins too."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Standin(cls.__name__ + "." + name)

    # The real base may never run a subclass's __init__ where the class is
    # called (wtforms' fields give an unbound field at class level): one that
    # fails here gives a stand-in instance.
    def __call__(cls, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception:
            return _Standin(cls.__name__ + "()")


class _Standin:
    def __init__(self, name):
        self._name = name

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Standin(self._name + "." + name)

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]
        return _Standin(self._name + "()")

    def __getitem__(self, item):
        return self

    def __setitem__(self, key, value):
        pass

    def __or__(self, other):
        return self

    def __ror__(self, other):
        return self

    def __iter__(self):
        return iter(())

    # Arithmetic with a stand-in (53.98 * units.mm) is a stand-in.
    def _arith(self, *other):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _arith
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _arith
    __pow__ = __rpow__ = __neg__ = __pos__ = _arith

    def __int__(self):
        return 0

    __index__ = __int__

    def __float__(self):
        return 0.0

    # Version checks (`if numpy.__version__ > ...`) compare stand-ins.
    def __lt__(self, other):
        return False

    __le__ = __gt__ = __ge__ = __lt__

    def __bool__(self):
        return False

    def __mro_entries__(self, bases):
        # A base of its own that takes any constructor arguments, so that a
        # subclass's super().__init__(**kwargs) works as with the real base.
        name = "_Standin_" + self._name.replace(".", "_")
        if self._name.rsplit(".", 1)[-1].endswith("Meta"):
            return (type(name, (_StandinMeta,), {}),)   # by its name a metaclass (wtforms' FormMeta)
        if any(isinstance(b, type) and type(b) is not type for b in bases):
            return (type(name, (_PermissiveBase,), {}),)   # another base has a metaclass (declarative)
        return (_StandinMeta(name, (_PermissiveBase,), {}),)

    # isinstance(x, stand_in) / issubclass(c, stand_in): nothing is one.
    def __instancecheck__(self, obj):
        return False

    def __subclasscheck__(self, cls):
        return False

    def __repr__(self):
        return "<stand-in %s>" % self._name


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = _Standin(self.__name__ + "." + name)
        setattr(self, name, value)
        return value


PROJECT_ROOT = None


def _in_project(module_name):
    """A module of the project: laid out under PROJECT_ROOT, or a stand-in
    made for a package of the project that is not laid out."""
    module = sys.modules.get(module_name)
    if isinstance(module, _StubModule) and "." in module_name:
        return _in_project(module_name.split(".")[0])
    where = getattr(module, "__file__", None) or ""
    return PROJECT_ROOT is not None and where.startswith(PROJECT_ROOT)


def _in_stubs(module_name):
    """A module written in this directory, or a stand-in made under one."""
    module = sys.modules.get(module_name)
    if isinstance(module, _StubModule) and "." in module_name:
        return _in_stubs(module_name.split(".")[0])
    where = getattr(module, "__file__", None) or ""
    return where.startswith(os.path.dirname(os.path.abspath(__file__)) + os.sep)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        top = fullname.split(".")[0]
        # Finders before this one did not find it: a module of the project
        # that is not laid out.
        if "." in fullname and _in_project(fullname.rsplit(".", 1)[0]):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        # A submodule the hand-written stand-ins of this directory leave
        # out (flask_security.confirmable) is a stand-in too.
        if "." in fullname and _in_stubs(fullname.rsplit(".", 1)[0]):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        # Only packages that are missing altogether get stand-ins: a module
        # that an installed package looks for optionally stays missing.
        if top in sys.modules and not isinstance(sys.modules[top], _StubModule):
            return None
        if top != fullname and not isinstance(sys.modules.get(top), _StubModule):
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            try:
                if finder.find_spec(top, None) is not None:
                    return None
            except Exception:  # noqa: BLE001
                pass
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = _StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


sys.meta_path.append(_Finder())
