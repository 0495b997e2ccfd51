# Prints CPython's AST of each file named on the command line, one line per
# file, in the compact format of tests/python/ast_dump.cpp.
import ast
import sys


def q(s, is_bytes=False):
    out = "b'" if is_bytes else "'"
    for c in (s if is_bytes else map(ord, s)):
        if c == 0x5C:
            out += "\\\\"
        elif c == 0x27:
            out += "\\'"
        elif c == 0x0A:
            out += "\\n"
        elif c == 0x09:
            out += "\\t"
        elif c == 0x0D:
            out += "\\r"
        elif c < 0x20 or c == 0x7F or (is_bytes and c >= 0x80):
            out += "\\x%02x" % c
        else:
            out += chr(c)
    return out + "'"


def lst(xs):
    return "[" + ", ".join(d(x) for x in xs) + "]"


def opt(x):
    return "None" if x is None else d(x)


def params(a):
    out = []
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)

    def one(arg, default, prefix=""):
        s = prefix + arg.arg
        if arg.annotation is not None:
            s += ":" + d(arg.annotation)
        if default is not None:
            s += "=" + d(default)
        return s

    for i, arg in enumerate(positional):
        out.append(one(arg, defaults[i]))
        if a.posonlyargs and i == len(a.posonlyargs) - 1:
            out.append("/")
    if a.vararg is not None:
        out.append(one(a.vararg, None, "*"))
    elif a.kwonlyargs:
        out.append("*")
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        out.append(one(arg, default))
    if a.kwarg is not None:
        out.append(one(a.kwarg, None, "**"))
    return "[" + ", ".join(out) + "]"


def body(b):
    return "[" + ", ".join(d(s) for s in b) + "]"


def gens(gs):
    return "[" + ", ".join(
        "comprehension(%s, %s, %s%s)" % (d(g.target), d(g.iter), lst(g.ifs), ", async" if g.is_async else "")
        for g in gs) + "]"


def kws(ks):
    return "[" + ", ".join(("%s=" % k.arg if k.arg else "**") + d(k.value) for k in ks) + "]"


def const(n):
    v = n.value
    if v is None or v is True or v is False:
        return repr(v)
    if v is Ellipsis:
        return "..."
    if isinstance(v, str):
        return q(v)
    if isinstance(v, bytes):
        return q(v, True)
    return ast.get_source_segment(SOURCE, n).replace("_", "")


def name(o):
    return type(o).__name__


def d(n):
    t = name(n)
    if t == "Module":
        return "Module(" + body(n.body) + ")"
    if t == "Name":
        return "Name(%s)" % q(n.id)
    if t == "Constant":
        return "Constant(%s)" % const(n)
    if t == "Attribute":
        return "Attribute(%s, %s)" % (d(n.value), q(n.attr))
    if t == "Call":
        return "Call(%s, %s, %s)" % (d(n.func), lst(n.args), kws(n.keywords))
    if t == "Subscript":
        return "Subscript(%s, %s)" % (d(n.value), d(n.slice))
    if t == "Slice":
        return "Slice(%s, %s, %s)" % (opt(n.lower), opt(n.upper), opt(n.step))
    if t in ("Starred", "Await"):
        return "%s(%s)" % (t, d(n.value))
    if t in ("List", "Tuple", "Set"):
        return "%s(%s)" % (t, lst(n.elts))
    if t == "Dict":
        return "Dict([%s], %s)" % (", ".join(opt(k) for k in n.keys), lst(n.values))
    if t == "Lambda":
        return "Lambda(%s, %s)" % (params(n.args), d(n.body))
    if t == "UnaryOp":
        return "UnaryOp(%s, %s)" % (name(n.op), d(n.operand))
    if t == "BinOp":
        return "BinOp(%s, %s, %s)" % (d(n.left), name(n.op), d(n.right))
    if t == "BoolOp":
        return "BoolOp(%s, %s)" % (name(n.op), lst(n.values))
    if t == "Compare":
        return "Compare(%s, [%s], %s)" % (d(n.left), ", ".join(name(o) for o in n.ops), lst(n.comparators))
    if t == "IfExp":
        return "IfExp(%s, %s, %s)" % (d(n.test), d(n.body), d(n.orelse))
    if t in ("ListComp", "SetComp", "GeneratorExp"):
        return "%s(%s, %s)" % (t, d(n.elt), gens(n.generators))
    if t == "DictComp":
        return "DictComp(%s, %s, %s)" % (d(n.key), d(n.value), gens(n.generators))
    if t == "NamedExpr":
        return "NamedExpr(%s, %s)" % (d(n.target), d(n.value))
    if t in ("Yield", "YieldFrom"):
        return "%s(%s)" % (t, opt(n.value))
    if t == "Expr":
        return "Expr(%s)" % d(n.value)
    if t == "Assign":
        return "Assign(%s, %s)" % (lst(n.targets), d(n.value))
    if t == "AnnAssign":
        return "AnnAssign(%s, %s, %s)" % (d(n.target), d(n.annotation), opt(n.value))
    if t == "AugAssign":
        return "AugAssign(%s, %s, %s)" % (d(n.target), name(n.op), d(n.value))
    if t in ("Import", "ImportFrom"):
        aliases = "[" + ", ".join(
            "alias(%s%s)" % (q(a.name), ", " + q(a.asname) if a.asname else "") for a in n.names) + "]"
        if t == "Import":
            return "Import(%s)" % aliases
        return "ImportFrom(%s, %s, %d)" % (q(n.module or ""), aliases, n.level)
    if t == "ClassDef":
        return "ClassDef(%s, %s, %s, %s, %s)" % (q(n.name), lst(n.bases), kws(n.keywords), body(n.body),
                                                 lst(n.decorator_list))
    if t in ("FunctionDef", "AsyncFunctionDef"):
        return "%s(%s, %s, %s, %s, %s)" % (t, q(n.name), params(n.args), body(n.body), lst(n.decorator_list),
                                           opt(n.returns))
    if t == "If" or t == "While":
        return "%s(%s, %s, %s)" % (t, d(n.test), body(n.body), body(n.orelse))
    if t in ("For", "AsyncFor"):
        return "%s(%s, %s, %s, %s)" % (t, d(n.target), d(n.iter), body(n.body), body(n.orelse))
    if t in ("With", "AsyncWith"):
        items = ", ".join("withitem(%s, %s)" % (d(i.context_expr), opt(i.optional_vars)) for i in n.items)
        return "%s([%s], %s)" % (t, items, body(n.body))
    if t == "Try":
        hs = ", ".join("ExceptHandler(%s, %s, %s)" % (opt(h.type), q(h.name) if h.name else "None", body(h.body))
                       for h in n.handlers)
        return "Try(%s, [%s], %s, %s)" % (body(n.body), hs, body(n.orelse), body(n.finalbody))
    if t == "Return":
        return "Return(%s)" % opt(n.value)
    if t == "Raise":
        return "Raise(%s, %s)" % (opt(n.exc), opt(n.cause))
    if t in ("Pass", "Break", "Continue"):
        return t
    if t in ("Global", "Nonlocal"):
        return "%s([%s])" % (t, ", ".join(q(x) for x in n.names))
    if t == "Delete":
        return "Delete(%s)" % lst(n.targets)
    if t == "Assert":
        return "Assert(%s, %s)" % (d(n.test), opt(n.msg))
    if t == "Match":
        return "Match(%s)" % d(n.subject)
    raise SystemExit("unsupported node " + t)


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        SOURCE = f.read()
    print(d(ast.parse(SOURCE)))
