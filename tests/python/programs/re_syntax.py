# re pattern syntax: escapes, classes, anchors, quantifiers (greedy, lazy,
# possessive), backreferences, lookaround, atomic groups, conditionals, flags.
import re

def g(pattern, text, flags=0):
    m = re.search(pattern, text, flags)
    return m.group() if m else None

def spans(pattern, text, flags=0):
    return [m.span() for m in re.finditer(pattern, text, flags)]

escapes = [g(r"\d\D\w\W\s\S", "1a_ \tx"), g(r"a\.b", "axb a.b"), g(r"\x41\u00e9\U0001F600\101\0", "Aé😀A\0"),
           g(r"\t\n\r\f\v\a\\", "\t\n\r\f\v\a\\"), g(r"[\d.]+", "v1.2.3"), g(r"[^\W\d]+", "12ab_3"),
           g(r"[\]\\-]+", "a]\\-b"), g(r"[]a]+", "]a]"), g(r"[^]]+", "ab]"), g(r"[a-]+", "-a-"), g(r"[\b]", "a\bb"),
           g(r"[-a]+", "a-a"), g(r"[\s\S]+", "a\nb"), g(r"[^a-z0-9]+", "abc!@#1"), g(r"[\x41-\x43]+", "ABCD"),
           g(r"\-\#\ \!\@", "-# !@"), g(r"a{", "a{"), g(r"a{,2}", "aaa"), g(r"a{1,}b", "aaab"), g(r"x{}", "x{}"),
           g(r"a{2}", "aaa"), g(r"{}", "{}"), g(r"a{1,x}", "a{1,x}"), g(r"\w+", "_under_score9")]

anchors = [spans("^", "a\nb"), spans("(?m)^", "a\nb\n"), spans("$", "a\nb\n"), spans("(?m)$", "a\nb\n"),
           spans(r"\A", "ab"), spans(r"\Z", "ab\n"), spans(r"\b", "ab cd"), spans(r"\B", "ab cd"),
           re.search(r"\b", ""), re.search(r"\B", ""), re.search("^$", "") is not None, spans(r"(?m)^\w", "ab\ncd"),
           g(r"^abc$", "abc\n"), g(r"^abc\Z", "abc\n"), g(r"(?s).+", "a\nb"), g(r".+", "a\nb"), spans(r"\b\w+\b", "é-café x")]

quantifiers = [g("a*", "aaa"), g("a*?", "aaa"), g("a+?", "aaa"), g("a??b", "ab"), g("<.*>", "<a><b>"), g("<.*?>", "<a><b>"),
               g("a{2,3}", "aaaa"), g("a{2,3}?", "aaaa"), g("(ab)*c", "ababc"), g("(a|ab)(c|bcd)(d*)", "abcd"),
               re.match("(a+)(a*)", "aaaa").groups(), re.match("(a+?)(a*)", "aaaa").groups(), re.match("(a*)*", "b").groups(),
               re.match("(a*)+", "b").groups(), re.match("(a|)*", "aa").groups(), re.match(r"(?:a*)*b", "aab").group(),
               re.match("(a{0,2}?)(a*)", "aaa").groups(), g("x*+x", "xxx"), g("x++y", "xxy"), g("(?>a+)b", "aab"),
               g("(?>a|ab)c", "abc"), g("a?+a", "a"), re.match(r"(\w+?)(\d*)$", "abc123").groups(),
               re.match(r"((a)|b)+", "ab").groups(), g(r"(?:x|y){3}", "xyxy")]

backrefs = [g(r"(\w)\1", "abccd"), g(r"(?P<q>['\"]).*?(?P=q)", "say \"hi\" 'x'"), g(r"(a)|\1", "x"), g(r"(a)?b\1", "b"),
            g(r"(?i)(a)\1", "aA"), re.sub(r"(\w)\1+", r"\1", "aaabccdddd"), g(r"(\d)(\d)\2\1", "12213443"),
            g(r"(?P<x>a)(?P<y>b)(?P=y)(?P=x)", "abba"), g(r"(a)\1(0)", "aa0")]

looks = [spans("(?=a)", "aba"), g(r"\w+(?=:)", "key: value"), g(r"\w+(?!:)\b", "key: value"), g(r"(?<=\$)\d+", "cost $42"),
         g(r"(?<!\$)\b\d+", "$42 17"), g(r"(?<=ab|cd)x", "cdx"), re.match(r"(?=(\w+))\w", "abc").groups(),
         re.search(r"(?<=(a))b", "ab").groups(), g(r"(?<=\b)\w", " x"), g(r"foo(?!bar)\w*", "foobar foobaz"),
         g(r"(?<![a-z])\d", "a1 2"), g(r"(?<=a(?=b))b", "ab"), g(r"(a)(?<=\1)", "xa"), g(r"(?!$)", "a")]

flags = [g("abc", "xABCx", re.I), g("(?i)abc", "ABC"), g("a(?i:b)c", "aBc"), g("a(?i:b)c", "aBC"), g("(?i)a(?-i:b)", "Ab"),
         g("(?i)a(?-i:b)", "AB"), g("[a-c]+", "ABC", re.IGNORECASE), g("[^a]", "A", re.I), g(r"\w+", "café", re.A),
         g(r"(?a)\w+", "café"), g(r"\d", "٣", re.ASCII), g(r"(?u)\w+", "é"), g(".", "\n", re.S), g("(?s:.)", "\n"),
         g("(?x) a b c # comment", "abc"), g("a b", "ab", re.X), g(r"(?x) [ ]a", " a"), g(r"(?x)a\ b", "a b"),
         g("(?x)a#b\nc", "ac"), g("(?im)^b", "a\nB"), re.compile("(?im)x").flags, re.compile("x", re.X | re.S).flags,
         g(r"(?#comment)a", "a"), re.compile("(?x:a b)c").flags, g(r"é", "É", re.I), g("Σ", "ς", re.I),
         g(r"[à-ÿ]+", "ÀÉÎ", re.I), g(r"K", "k", re.I | re.A)]

cond = [g(r"(<)?(\w+)(?(1)>|$)", "<abc>"), g(r"(<)?(\w+)(?(1)>|$)", "abc"), g(r"(<)?(\w+)(?(1)>|$)", "<abc"),
        g(r"(?P<q>')?\w+(?(q)')", "'x'"), g(r"(a)?(?(1)b)c", "c")]
result = [escapes, anchors, quantifiers, backrefs, looks, flags, cond]
