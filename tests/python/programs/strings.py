s = "Hello, World"
a = [s.lower(), s.upper(), s.title(), s.swapcase(), s.split(", "), s.replace("l", "L", 2), s.find("o"), s.rfind("o"), s.count("l")]
b = [s[0], s[-1], s[2:5], s[::-1], s[::2], s[100:], len("café"), "café"[3], "naïve"[1:3], "x".join(["a", "b", "c"])]
c = ["  pad  ".strip(), "xxhixx".strip("x"), "a,b,,c".split(","), "a b  c".split(), "a b c".split(None, 1), "a.b.c".rsplit(".", 1)]
d = ["abc".startswith("ab"), "abc".endswith(("x", "c")), "abc".isalpha(), "123".isdigit(), "Abc".istitle(), "ABC".isupper(), "a1".isalnum()]
e = ["%s-%d-%05.2f-%x-%r" % ("a", 42, 3.14159, 255, "q"), "%(x)s=%(y)d" % {"x": "k", "y": 7}, "%-5s|" % "ab", "%+d %%" % 5]
f = ["{} {}".format(1, 2), "{1} {0}".format("a", "b"), "{name}!".format(name="n"), "{:>6}".format("r"), "{:<6}|".format("l"), "{:^7}".format("c"), "{:08.3f}".format(3.14159), "{:,}".format(1234567), "{:x}".format(255), "{:#x}".format(255), "{!r}".format("s"), "{0[1]}".format([5, 6])]
x, y = 3, "why"
g = [f"{x}-{y}", f"{x*2:>4}", f"{y!r}", f"{x=}", f"{{literal}}", f"{'nested'}", f"{3.14159:.2f}", f"{x:03d}", f"{y:.2}", f"a{x}b{y}c"]
h = [repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\tnew\nline\\"), str(1.5), str(None), repr([1, "a", (2,), {"k": None}])]
i = ["ab" * 3, "abc".center(9, "*"), "7".zfill(3), "-7".zfill(4), "Hello".ljust(8, "."), "x".rjust(3), "a\nb\r\nc".splitlines(), "key=value=x".partition("="), "a.b.c".rpartition(".")]
j = ["CamelCaseName".lower(), "snake_case".title().replace("_", ""), "abc".removeprefix("a"), "abc".removesuffix("c"), "é".encode(), b"abc".decode(), "abc" < "abd", "Z" < "a"]
result = [a, b, c, d, e, f, g, h, i, j]
