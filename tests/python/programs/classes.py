class Base:
    kind = "base"
    registry = []
    def __init__(self, name):
        self.name = name
    def describe(self):
        return f"{self.kind}:{self.name}"
    @classmethod
    def create(cls, name):
        return cls(name)
    @staticmethod
    def helper(x):
        return x + 1
    @property
    def upper(self):
        return self.name.upper()
    def __repr__(self):
        return f"<{type(self).__name__} {self.name}>"
    def __init_subclass__(cls, **kw):
        Base.registry.append(cls.__name__)
class Child(Base):
    kind = "child"
    def __init__(self, name, extra=0):
        super().__init__(name)
        self.extra = extra
    def describe(self):
        return "child/" + super().describe()
class A:
    def who(self): return ["A"]
class B(A):
    def who(self): return ["B"] + super().who()
class C(A):
    def who(self): return ["C"] + super().who()
class D(B, C):
    def who(self): return ["D"] + super().who()
c = Child.create("x")
a = [c.describe(), c.upper, Base.helper(1), c.helper(2), repr(c), Base.registry, [k.__name__ for k in D.__mro__], D().who()]
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __add__(self, o):
        return Point(self.x + o.x, self.y + o.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __len__(self):
        return 2
    def __iter__(self):
        return iter([self.x, self.y])
    def __getitem__(self, i):
        return [self.x, self.y][i]
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __bool__(self):
        return bool(self.x or self.y)
    def __repr__(self):
        return "P(%d, %d)" % (self.x, self.y)
p = Point(1, 2) + Point(3, 4)
b = [p, p == Point(4, 6), len({Point(1, 1), Point(1, 1)}), sorted([Point(2, 1), Point(1, 5)]), list(p), p[1], 6 in p, bool(Point(0, 0)), len(p)]
class WithSlots:
    x = 1
obj = WithSlots()
obj.y = 2
setattr(obj, "z", 3)
T = type("T", (Base,), {"kind": "dyn"})
cd = [getattr(obj, "x"), getattr(obj, "q", "none"), hasattr(obj, "z"), sorted(vars(obj)), T("t").describe(), isinstance(T("t"), Base), issubclass(T, (int, Base)), type(obj).__name__]
class Meta:
    def __init__(self):
        self.__dict__["hidden"] = 1
    def __getattr__(self, name):
        return "dyn_" + name
m = Meta()
e = [m.hidden, m.whatever, Child.__name__, Child.__qualname__, Child.__bases__[0].__name__, Child.kind, Base.kind]
class Counter:
    count = 0
    def __init__(self):
        Counter.count += 1
        type(self).count += 0
Counter(); Counter()
class Prop:
    def __init__(self): self._v = 0
    @property
    def v(self): return self._v
    @v.setter
    def v(self, value): self._v = value * 10
pr = Prop(); pr.v = 3
f = [Counter.count, pr.v]
result = [a, b, cd, e, f]
