def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
a = [f(1, c=3), f(1, 2, 3, 4, c=5, z=6), f(*[1, 2], **{"c": 7, "y": 8})]
def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
inc = counter()
inc(); inc(5)
b = [inc(), inc.__name__]
def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]
c = [g(10) for g in make_adders()]
def deco(tag):
    def wrap(fn):
        def inner(*a, **k):
            return tag + ":" + str(fn(*a, **k))
        return inner
    return wrap
@deco("t")
def h(x):
    return x * 2
d = [h(21)]
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
e = [fact(10), (lambda *a: len(a))(1, 2, 3), (lambda **k: sorted(k))(x=1, y=2)]
G = 1
def setg():
    global G
    G = 2
setg()
def outer():
    x = "outer"
    def mid():
        def inner():
            return x
        return inner()
    return mid()
def gen(n):
    for i in range(n):
        if i % 2:
            yield i
    yield from ["end"]
def kwonly(*, a, b=1):
    return a + b
f2 = [G, outer(), list(gen(5)), kwonly(a=1), f.__name__, (lambda: 0).__name__]
try:
    f()
except TypeError as ex:
    f2.append(str(ex))
try:
    kwonly(1)
except TypeError as ex:
    f2.append(str(ex))
result = [a, b, c, d, e, f2]
