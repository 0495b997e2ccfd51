# re as model and migration code uses it: table names from class names,
# naming conventions, identifier validation, revision ids, column parsing.
import re

def snake_lookbehind(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()

def snake_groups(name):
    return re.sub("((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower()

_first_cap = re.compile("(.)([A-Z][a-z]+)")
_all_cap = re.compile("([a-z0-9])([A-Z])")

def snake_two_pass(name):
    s1 = _first_cap.sub(r"\1_\2", name)
    return _all_cap.sub(r"\1_\2", s1).lower()

def camel(name):
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)

names = ["User", "UserAccount", "HTTPRequestLog", "OAuth2Token", "APIKey", "already_snake", "A", "",
         "getHTTPResponseCode", "Address2Line", "CaféModel"]
converted = [(n, snake_lookbehind(n), snake_groups(n), snake_two_pass(n)) for n in names]
camels = [camel(n) for n in ["user_account", "http_request_log", "a", "x__y"]]

IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
valid = [bool(IDENT.match(s)) for s in ["users", "user_2", "2users", "Users", "user-name", "", "ok_\n"]]
valid_full = [bool(re.fullmatch(r"[a-z_][a-z0-9_]*", s)) for s in ["ok_", "ok_\n"]]

EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
emails = [bool(EMAIL.match(e)) for e in ["a.b@example.com", "bad@", "x@y.z", "first+tag@sub.example.org"]]

# Alembic-style revision ids and file names.
REV = re.compile(r"^(?P<rev>[0-9a-f]{12})_(?P<slug>\w+)\.py$")
files = ["1a2b3c4d5e6f_add_users_table.py", "zzzz_bad.py", "0123456789ab_.py", "0123456789ab_x.pyc"]
revs = [REV.match(f).groupdict() if REV.match(f) else None for f in files]

# Column type strings: VARCHAR(255), NUMERIC(10, 2), enum lists.
TYPE = re.compile(r"(?P<name>\w+)(?:\((?P<args>[^)]*)\))?")
types = []
for t in ["VARCHAR(255)", "NUMERIC(10, 2)", "TEXT", "ENUM('a', 'b')"]:
    m = TYPE.fullmatch(t)
    args = [a.strip().strip("'") for a in m.group("args").split(",")] if m.group("args") else []
    types.append((m.group("name"), args))

# Naming conventions and a verbose pattern.
conv = "ix_%(column_0_label)s uq_%(table_name)s_%(column_0_name)s"
tokens = re.findall(r"%\((\w+)\)s", conv)
VERSION = re.compile(r"""
    ^(?P<major>\d+)      # major
    \.(?P<minor>\d+)     # minor
    (?:\.(?P<patch>\d+))?  # optional patch
    (?P<pre>[ab]|rc)?(?P<n>\d+)?$
""", re.VERBOSE)
versions = [VERSION.match(v).groupdict() if VERSION.match(v) else v for v in ["1.4", "2.0.23", "2.1.0b1", "x"]]
plural = [re.sub(r"(?:([^aeiou])y|(s|x|ch|sh))$", lambda m: (m.group(1) + "ie") if m.group(1) else m.group(2) + "e", w) + "s"
          for w in ["category", "box", "user", "day", "match"]]
result = [converted, camels, valid, valid_full, emails, revs, types, tokens, versions, plural]
