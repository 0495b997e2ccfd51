out = []
for i in range(10):
    if i == 2:
        continue
    if i == 5:
        break
    out.append(i)
else:
    out.append("no")
for i in []:
    pass
else:
    out.append("empty-else")
n = 3
while n:
    n -= 1
    out.append(n)
else:
    out.append("while-else")
x = 15
label = "big" if x > 10 else "small"
y = x > 10 and "and-true" or "or-false"
z = None or [] or 0 or "last"
chain = 1 < x < 20 < 30
if (w := len(out)) > 3:
    out.append(w)
k = 0
while True:
    k += 1
    if k > 4:
        break
def find(items, target):
    for i, item in enumerate(items):
        if item == target:
            return i
    return -1
result = [out, label, y, z, chain, k, find("abc", "c"), find("abc", "z"), not None, not [1]]
