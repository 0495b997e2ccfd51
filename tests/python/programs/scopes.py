x = "global"
class K:
    x = "class"
    y = [x for _ in range(1)]
    z = x.upper()
    def method(self):
        return x
def f():
    x = "local"
    class Inner:
        attr = x
    return Inner.attr
def g():
    vals = []
    for i in range(3):
        vals.append(lambda: i)
    return [v() for v in vals]
def h():
    total = 0
    items = [1, 2, 3]
    def add():
        nonlocal total
        for it in items:
            total += it
    add()
    return total
def shadow(list=list):
    return list("ab")
def comp_closure():
    base = 10
    return [base + i for i in range(3)]
result = [K.y, K.z, K().method(), f(), g(), h(), shadow(), comp_closure(), [x for x in "ab"], x]
