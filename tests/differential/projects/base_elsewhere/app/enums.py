import enum


class Role(enum.Enum):
    admin = "admin"
    member = "member"


class Colour(str, enum.Enum):
    RED = "red"
    GREEN = "green"
