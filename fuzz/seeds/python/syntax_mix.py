import enum, re, json, datetime, decimal
from dataclasses import dataclass

class Mood(enum.Enum):
    happy = 'h'
    sad = 's'

def gen(n, *args, key=None, **kw):
    for i in range(n):
        if i % 2 == 0 and not (i > 5 or i < -1):
            yield {i: [x ** 2 for x in args if x], 'k': key, **kw}
        elif (w := i * 0b11) > 4:
            continue
    return None

x = [*gen(5, 1, 2, key='a', z=0o7)]
s = f"{x!r:>20} {len(x):03d} {Mood.happy.value}" + "%s-%d" % ('a', 3) + "{0}{k}".format(1, k=2)
m = re.sub(r"(\w+)_(\d+)", lambda g: g.group(2) + g.group(1), "abc_12 def_3")
d = json.loads('{"a": [1, 2.5, null, true]}')
t = datetime.date(2024, 2, 29) + datetime.timedelta(days=1)
q = decimal.Decimal("1.10") * 3
try:
    {}['missing']
except KeyError as e:
    err = str(e)
finally:
    done = True
lam = (lambda a, b=2: a if a > b else b)(1)
