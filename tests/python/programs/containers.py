l = [3, 1, 2]
l.append(4); l.extend([5, 6]); l.insert(0, 0); l.remove(3); p = l.pop(); q = l.pop(0)
a = [l, p, q, l.index(2), l.count(1), sorted(l, reverse=True), l[::-1], l * 2, l + [9]]
t = (1, 2, 3)
first, *rest = t
*init, last = [1, 2, 3, 4]
x, (y, z) = 1, (2, 3)
b = [first, rest, init, last, x, y, z, t.index(2), t.count(3), (1,), tuple([4, 5]), list("ab")]
d = {"b": 2, "a": 1}
d["c"] = 3
d.update({"d": 4}, e=5)
popped = d.pop("a")
c = [d, list(d), list(d.keys()), list(d.values()), list(d.items()), d.get("zz", 0), d.setdefault("f", 6), popped, "b" in d, len(d)]
dd = dict(zip(["x", "y"], [1, 2]))
dd2 = {**dd, "z": 3}
s = {3, 1, 2}
s.add(4); s.discard(1)
e = [dd, dd2, sorted(s), sorted(s | {9}), sorted(s & {2, 3}), sorted(s - {2}), sorted(s ^ {4, 5}), {1, 2} <= {1, 2, 3}, frozenset([1]) == {1}]
sq = [i * i for i in range(6) if i % 2 == 0]
nested = [(i, j) for i in range(3) for j in range(i)]
dc = {k: v for k, v in [("a", 1), ("b", 2)]}
sc = sorted({c for c in "hello"})
ge = sum(i for i in range(5))
f = [sq, nested, dc, sc, ge, list(enumerate("ab", start=1)), list(zip([1, 2, 3], "ab")), list(reversed([1, 2, 3])), list(map(str, [1, 2])), list(filter(None, [0, 1, 2]))]
words = ["bb", "a", "ccc", "dd"]
g = [sorted(words, key=len), min(words, key=len), max(words, key=len), sorted([(2, "b"), (1, "z"), (2, "a")]), any([]), all([]), any(x > 2 for x in [1, 3])]
m = [[0] * 2 for _ in range(2)]
m[0][1] = 5
h = [m, [1, 2, 3][1:], [1, 2, 3, 4, 5][1:4:2], list(range(10, 0, -3)), list(range(5))[-2:], 3 in range(5), len(range(0, 10, 3))]
del l[0]
lst = [1, 2, 3, 4, 5]
lst[1:3] = ["a"]
result = [a, b, c, e, f, g, h, l, lst]
