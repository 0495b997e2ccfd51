# The descriptor protocol as model code uses it: classproperty recipes
# (a property subclass whose __get__ works on the class), data and
# non-data descriptors, __set_name__, and staticmethod/classmethod __get__.
class classproperty(property):
    def __get__(self, obj, type=None):
        return self.fget.__get__(None, type)()


class strict_classproperty(classproperty):
    def __get__(self, obj, type=None):
        if obj is not None:
            raise AttributeError('not on instances of ' + type.__name__)
        return super().__get__(obj, type)


class Base:
    @strict_classproperty
    @staticmethod
    def __auto_args():
        return ('a', 'b')

    @classproperty
    @classmethod
    def label(cls):
        return cls.__name__.lower()


class Child(Base):
    pass


names = sorted(a for a in dir(Child) if a.endswith('__auto_args'))
try:
    Child().label
    instance = 'no error'
except AttributeError as e:
    instance = str(e)
try:
    getattr(Child(), names[0])
    strict = 'no error'
except AttributeError as e:
    strict = str(e)


class Typed:
    def __set_name__(self, owner, name):
        self.name = '_' + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj, self.name, 0)

    def __set__(self, obj, value):
        setattr(obj, self.name, int(value))


class Lazy:
    def __get__(self, obj, owner=None):
        return 'computed'


class Record:
    size = Typed()
    other = Lazy()


r = Record()
r.size = '42'
r.__dict__['other'] = 'own'   # a non-data descriptor yields to the instance dict
sm = staticmethod(len)
result = [getattr(Child, names[0]), Child.label, instance, strict, r.size, r.__dict__, Record.size.name,
          r.other, Record.other, sm.__get__(None, Record)('abc')]
