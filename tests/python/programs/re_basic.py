# re: compiling, matching and the Pattern and Match objects.
import re

p = re.compile(r"(?P<key>[a-z_]+)\s*=\s*(?P<value>\d+)")
m = p.match("retries = 42; other")
basic = [
    m.group(), m.group(0), m.group(1), m.group("value"), m.group(1, "value", 0),
    m.groups(), m.groupdict(), m.start(), m.end(), m.span(), m.start("value"), m.end(2), m.span("key"),
    m[0], m[1], m["value"], m.lastindex, m.lastgroup, m.string, m.re is p, m.pos, m.endpos, m.regs,
    bool(m), repr(m), m.expand(r"\g<value>:\1:\g<0>"),
]
attrs = [p.pattern, p.flags, p.groups, dict(p.groupindex), repr(p), p == re.compile(p.pattern),
         repr(re.compile("a+")), repr(re.compile("x", re.I | re.M)), repr(re.compile("(?s)x")),
         repr(re.compile("it's")), repr(re.compile("a" * 300))[-8:], re.compile("a", re.ASCII).flags,
         type(p).__name__, type(m).__name__, isinstance(p, re.Pattern), isinstance(m, re.Match)]

modes = [
    re.match("b", "abc"), re.search("b", "abc").span(), re.fullmatch("a.c", "abc").group(),
    re.fullmatch("a.", "abc"), re.fullmatch("a|ab", "ab").group(), re.match("a|ab", "ab").group(),
    p.search("x: n = 7", 2).span(), p.match("  n = 7", 2).group(), p.match("n = 789", 0, 5).group(),
    p.search("n = 7", 10), p.fullmatch("n=1x", 0, 3).group(), re.compile("$").search("ab", 0, 1).span(),
    re.compile("^a").search("ba", 1), re.compile(r"\bb").search("ab", 1),
]

# Groups that do not take part, defaults, and lastindex.
m2 = re.match(r"(a)(b)?(?P<c>c)?", "a")
optional = [m2.groups(), m2.groups("-"), m2.groupdict(), m2.groupdict(0), m2.span(2), m2.start(3),
            m2.group(2), m2.lastindex, m2.lastgroup]
nested = [re.match(r"((a)b)", "ab").lastindex, re.match(r"(a)(b)", "ab").lastindex,
          re.match(r"(?:(a)|(b))+", "ab").groups(), re.match(r"(a|b)*", "abab").group(1),
          re.match(r"(?:(a)|b)*", "ab").groups(), re.match(r"x*", "y").span()]

errors = []
for key in [5, "nope", -1]:
    try:
        m.group(key)
    except IndexError as e:
        errors.append(str(e))
try:
    m[9]
except IndexError as e:
    errors.append(str(e))

# Unicode text: positions count characters.
u = re.search(r"(\w+)é", "ça et là: café crème")
uni = [u.span(), u.group(1), re.search("è", "crème").start(), re.findall(r"\w+", "naïve café ĳssel Ωmega"),
       re.sub(r"é", "e", "été"), re.split(r"\s+", "añ  bø c"), re.match(r".", "€uro").end(),
       repr(re.search("ü", "Grüße")), re.search(r"\d+", "№ ٣4").group(), [ord(c) for c in re.findall(r"\s", "a\u00a0b\u2003c")],
       re.search("(?i)straße", "STRAßE").group(), re.search("(?i)ΣΊΣΥΦΟΣ", "σίσυφος") is not None]

cached = [re.compile("a+b") is re.compile("a+b"), re.purge(), re.compile("a+b").pattern]
# Unicode names in patterns, outside and inside sets.
named = re.findall(r"\N{EMPTY SET}|[\N{LEFTWARDS ARROW}-\N{DOWNWARDS ARROW}]+", "a\u2205b\u2192\u2193c")
result = [basic, attrs, modes, optional, nested, errors, uni, cached, named]
