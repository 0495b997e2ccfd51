# re errors: malformed patterns raise re.error with CPython's message and
# position; bad templates, arguments and flags raise what CPython raises.
import re

patterns = [
    "(", "a)", "(?P<a>x)(?P<a>y)", "a\n(b", "(?<=a|bc)x", "x{3,2}", "a**", "*", "+a", "?", "a|*", "^*", r"\b+",
    "[z-a]", r"\q", "(?P=x)", r"(a)\2", r"[\d-z]", "(?i", "(?z)", "a(?i)", "(?<x)", r"(?<=(a)\1)", "\\", "(?#x",
    "[a", "[", "[]", "[^]", r"\x4", r"\u12", r"\8", "(?P<1a>x)", "(?P<>x)", "(?P<a", "(?P", "(?Px)", "(?(2)a|b)(x)",
    "(?(a)x)", "(?(1)a|b|c)", "(?(0)a)", "(?", "(a", "((a)", "(?:", "(?=", "(?<=a", "x|(?i)y", "(?-i)", "(?i-:x)",
    "(?i-i:x)", "(?L)", "(?au)", r"\777", r"[\777]", r"(a)(?<=\1x*)", r"(?<=a+)b", "(?>", "a{1,2}{3}", "a*??",
    r"(a\1)", "(?P<a-b>x)", "(?P=a-b)", r"(?P<a>x)(?P=a", "x(?x)", "(?x) a (?m)b",
    r"\N", r"\Nx", r"\N{", r"\N{}", r"\N{AB", r"x\N{NO SUCH}", r"[\N{NO SUCH}]",
]
errors = []
for p in patterns:
    try:
        re.compile(p)
        errors.append((p, "compiled"))
    except re.error as e:
        errors.append((p, str(e), e.msg, e.pos, e.lineno, e.colno, e.pattern == p))

others = []
def attempt(f):
    try:
        return f()
    except (re.error, IndexError, TypeError, ValueError, OverflowError) as e:
        return type(e).__name__ + ": " + str(e)

others = [
    attempt(lambda: re.sub("(a)", r"\2", "a")), attempt(lambda: re.sub("(a)", r"\g<x>", "a")),
    attempt(lambda: re.sub("(a)", r"\g<2>", "a")), attempt(lambda: re.sub("(a)", r"\g<a-b>", "a")),
    attempt(lambda: re.sub("(a)", r"\g", "a")), attempt(lambda: re.sub("(a)", r"\g<1", "a")),
    attempt(lambda: re.sub("(a)", r"\g<>", "a")), attempt(lambda: re.sub("(a)", "\\", "a")),
    attempt(lambda: re.sub("(a)", r"\q", "a")), attempt(lambda: re.sub("(a)", r"x\400", "a")),
    attempt(lambda: re.sub("a", lambda m: 1, "a")), attempt(lambda: re.match("a", 1)),
    attempt(lambda: re.match(1, "a")), attempt(lambda: re.compile(re.compile("a"), re.I)),
    attempt(lambda: re.compile("a", re.A | re.U)), attempt(lambda: re.compile("(?a)a", re.U)),
    attempt(lambda: re.compile("x{99999999999}")), attempt(lambda: re.match(r"(a)", "a").group(2)),
    attempt(lambda: re.match(r"(a)", "a").start("x")), attempt(lambda: re.compile("a").match("a", "0")),
    attempt(lambda: re.search("(a", "a")), attempt(lambda: re.compile("a").sub("b", "a", 1, 2)),
]
hierarchy = [issubclass(re.error, Exception), re.error.__name__]
try:
    raise re.error("custom")
except re.error as e:
    hierarchy.append(str(e))
result = [errors, others, hierarchy]
