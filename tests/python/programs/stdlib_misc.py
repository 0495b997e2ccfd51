import functools
import os
import textwrap
import copy
import itertools
import string
from collections import OrderedDict, defaultdict, namedtuple
from functools import partial, wraps
from typing import Optional, List, Dict, Union, TYPE_CHECKING
if TYPE_CHECKING:
    from nowhere import Nothing
def add(a, b, c=0):
    return a + b + c
add5 = partial(add, 5)
add5c = partial(add, c=100)
def logged(fn):
    @wraps(fn)
    def wrapper(*a):
        return fn(*a)
    return wrapper
@logged
def named():
    "doc"
    return 1
a = [add5(1), add5c(1, 2), add5.args, functools.reduce(lambda x, y: x * y, [1, 2, 3, 4]), named.__name__, named()]
dd = defaultdict(list)
dd["x"].append(1)
dd["x"].append(2)
od = OrderedDict([("b", 1), ("a", 2)])
Pt = namedtuple("Pt", "x y")
pt = Pt(1, y=2)
b = [dict(dd), list(od), pt.x, pt.y, pt[0], tuple(pt), len(pt)]
c = [textwrap.dedent("""
    line one
      indented
    line three
"""), os.path.join("a", "b", "c.py"), os.path.dirname("/x/y/z.py"), os.path.basename("/x/y/z.py"), os.path.splitext("f.tar.gz"), os.path.join("/abs", "/root")]
orig = {"k": [1, [2]]}
sh = copy.copy(orig)
dp = copy.deepcopy(orig)
orig["k"][1].append(3)
d = [sh["k"][1], dp["k"][1], list(itertools.chain([1], (2, 3))), list(itertools.product("ab", [1, 2])), [k for k, g in itertools.groupby("aabbbc")], string.ascii_lowercase[:5]]
e = [os.environ.get("ORM_SURELY_UNSET_VARIABLE", "fallback"), os.getenv("ORM_SURELY_UNSET_VARIABLE") is None, "ORM_SURELY_UNSET_VARIABLE" in os.environ]
result = [a, b, c, d, e]
