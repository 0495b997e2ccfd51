# re.sub, subn, split, findall and finditer: templates, callables, counts,
# and empty matches as Python 3.7+ treats them.
import re

subs = [
    re.sub("x*", "-", "abxd"), re.sub("", "-", "abc"), re.sub("a*", "-", "baaac"), re.sub(r"\b", "|", "ab cd"),
    re.sub("(?=b)", "^", "abab"), re.sub("$", "!", "a\nb\n"), re.sub("(?m)$", "!", "a\nb\n"), re.sub("(?m)^", "> ", "a\nb\n"),
    re.sub("a", "b", "aaa", 2), re.sub("a", "b", "aaa", count=1), re.sub("a", "b", "aaa", count=-1),
    re.subn("a", "b", "banana"), re.subn("z", "b", "banana"), re.subn("x*", "-", "abc"),
    re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world foo bar"), re.sub(r"(?P<w>\w+)", r"<\g<w>>", "a bc"),
    re.sub(r"(a)|b", r"[\1]", "ab"), re.sub(r"(\d)", r"\g<1>0", "1 2"), re.sub("a", r"\n\t\\", "a"),
    re.sub("a", r"\.\-", "a"), re.sub(r"(a)", r"\101\0\01", "a"), re.sub("(.)", r"\g<0>\g<0>", "ab"),
    re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "a1b22c333"), re.sub("(?i)hello", "bye", "Hello HELLO"),
    re.sub(r"\s+", " ", "  lots   of\t\nspace  ").strip(), re.sub("é", "e", "éé", flags=re.I),
    re.compile("o").sub("0", "foo boo", 3), re.compile("o").subn(lambda m: m.group().upper(), "foo"),
    re.sub("b*", lambda m: "<" + m.group() + ">", "abbc"),
]

splits = [
    re.split(r"\W+", "Words, words, words."), re.split(r"(\W+)", "Words, words, words."),
    re.split(r"\W+", "Words, words, words.", 1), re.split(r"\W+", "Words, words", maxsplit=-1),
    re.split("[a-f]+", "0a3B9", flags=re.IGNORECASE), re.split(r"(\W+)", "...words, words..."),
    re.split(r"\b", "a b"), re.split("x*", "axbc"), re.split("(x*)", "axbc"), re.split("", "abc"),
    re.split(r"(a)|(b)", "xaybz"), re.split(",", ""), re.split("(?m)^$", "a\n\nb"), re.compile(";").split("a;b;;c", 2),
    re.split(r"\s*,\s*", "a , b,c ,d"),
]

finds = [
    re.findall(r"\d+", "12 drummers, 11 pipers, 10 lords"), re.findall(r"(\w+)=(\d+)", "a=1, b=2, c=x"),
    re.findall(r"(\w)(\w)?", "abc"), re.findall(r"(a)|b", "ab"), re.findall("", "ab"), re.findall("a*", "baac"),
    re.findall(r"\b\w", "one two  three"), re.findall(r"(?:ab)+", "ababxab"), re.findall("(?i)[a-c]", "AbCd"),
    re.compile(r"\w").findall("abcdef", 2, 4), re.compile(r"^\w").findall("abc", 1), re.findall(r"x??", "xx"),
    [m.span() for m in re.finditer(r"\w+", "one two  three")], [m.group(1) for m in re.finditer(r"<(\w*)>", "<a><><bc>")],
    [m.span() for m in re.finditer("", "ab")], [m.span() for m in re.finditer(r"a|(?=b)", "abab")],
    [(m.start(), m.pos) for m in re.compile("a").finditer("aaaa", 1, 3)],
]
it = re.finditer("a", "aa")
first = next(it)
rest = list(it)
iters = [first.span(), [m.span() for m in rest], list(re.finditer("z", "abc"))]
result = [subs, splits, finds, iters]
