import enum
from enum import Enum, IntEnum, auto
class Color(Enum):
    RED = "red"
    GREEN = "green"
    CRIMSON = "red"
    def label(self):
        return self.value.title()
class Status(str, enum.Enum):
    ACTIVE = "active"
    DISABLED = "disabled"
class Level(IntEnum):
    LOW = 1
    HIGH = 2
class Auto(Enum):
    A = auto()
    B = auto()
class Planet(Enum):
    EARTH = (5.97, 6.37)
    MARS = (0.642, 3.39)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
a = [Color.RED.name, Color.RED.value, Color.CRIMSON is Color.RED, [c.name for c in Color], len(Color), Color("green").name, Color["GREEN"].value, Color.RED.label()]
b = [Status.ACTIVE == "active", Status.ACTIVE.value, Status("disabled").name, [s.value for s in Status], isinstance(Status.ACTIVE, str), Status.ACTIVE.upper()]
c = [Level.HIGH > Level.LOW, Level.HIGH == 2, Level(1).name, Level.LOW + 1, Auto.A.value, Auto.B.value, Planet.MARS.mass, Planet.EARTH.value]
d = [repr(Color.RED), str(Color.GREEN), list(Color.__members__), Color.RED in Color, sorted(m.name for m in Level), isinstance(Color.RED, Color), type(Color.RED).__name__]
try:
    Color("blue")
except ValueError as e:
    d.append(str(e))
Dyn = Enum("Dyn", "X Y Z")
d.append([m.value for m in Dyn])


# A descriptor in an enum's body (an instance of a property subclass) is not a member.
class classproperty(property):
    def __get__(self, obj, type=None):
        return self.fget.__get__(None, type)()


class Kind(int, Enum):
    ONE = 1
    TWO = 2

    @classproperty
    @classmethod
    def FIRST(cls):
        return [cls.ONE]


d.append([[m.name for m in Kind], Kind.FIRST[0].name])
result = [a, b, c, d]
