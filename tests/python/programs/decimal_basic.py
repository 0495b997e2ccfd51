import decimal
from decimal import (
    ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal,
    DivisionByZero, InvalidOperation, getcontext, localcontext,
)


def err(f):
    try:
        return f()
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


def etype(f):
    # Messages that name types differ (CPython says 'decimal.Decimal'): the type only.
    try:
        return f()
    except Exception as e:
        return type(e).__name__


# Construction: str (exact), int, float (its exact binary value), specials.
construct = [
    Decimal("0.00"), Decimal("1.10"), Decimal("-0"), Decimal("00012.3400"), Decimal(" 1_000.5 "), Decimal(".5"), Decimal("5."),
    Decimal("1e5"), Decimal("1E-5"), Decimal("+.5e+3"), Decimal("1e-7"), Decimal("123456789e-20"), Decimal("Infinity"), Decimal("-inf"),
    Decimal("NaN"), Decimal("sNaN12"), Decimal(), Decimal(42), Decimal(-7), Decimal(True), Decimal(0.1), Decimal(0.5), Decimal(-2.75),
    Decimal(1e22), Decimal(1e-5), Decimal(float("inf")), Decimal(-0.0), Decimal(Decimal("3.14")), Decimal((0, (1, 2), -1)),
    Decimal((1, (0,), 2)), Decimal.from_float(0.25), str(Decimal("1E+3")), str(Decimal("0.000001")), str(Decimal("0.0000001")),
    str(Decimal("-1.5E-10")), repr(Decimal("100")),
    err(lambda: Decimal("abc")), err(lambda: Decimal("1e")), err(lambda: Decimal("1.2.3")), err(lambda: Decimal(None)),
    err(lambda: Decimal([1])),
]

# Arithmetic: exact, then rounded to 28 digits half-even.
D = Decimal
arith = [
    D("1.1") + D("2.2"), D("0.1") + D("0.2") == D("0.3"), D("1.30") + D("1.20"), D("1") - D("0.01"), D("1.5") * D("2"),
    D("1.10") * 3, D(1) / D(3), D(2) / D(3), D(1) / D(4), D(10) / D(4), D(100) / D(10), D("1.00") / D(3), D(1) / D(8),
    D("12.34") / D("0.02"), D(7) // D(2), D(-7) // D(2), D(7) % D(-3), D(-7) % D(3), divmod(D(7), 3), D("1.1") ** 3, D(2) ** -3,
    D(3) ** 40, D(10) ** 30, D("1.10") ** 2, 2 + D("0.5"), D("0.5") + 2, 10 - D(3), 3 * D("1.5"), 1 / D(8), 7 // D(2), 7 % D(4),
    -D("1.50"), +D("-0"), -D("0"), D("-3.5").__abs__(), D("1E+2") + D(1), D("1e30") + D("1e-30"), D("9" * 28) + 1,
    D("1") / D("7") * 7, D(0) * D("1.23"), D("0.00") + D("0.000"), D("-0") + D("0"), D("5") - D("5"), D("Infinity") + 1,
    D("-Infinity") * -2, D("NaN") + 1, D(1) / D("Infinity"), err(lambda: D(1) / 0), err(lambda: D(0) / 0),
    err(lambda: D(1) // 0), err(lambda: D(1) % 0), err(lambda: D("Infinity") - D("Infinity")), err(lambda: D(0) ** 0),
    err(lambda: D("1e999999") * 10), etype(lambda: D(1) + 1.0), etype(lambda: D(1) + "1"),
    isinstance(err(lambda: D(1) / 0), str), issubclass(DivisionByZero, ZeroDivisionError), issubclass(InvalidOperation, ArithmeticError),
]

# Comparisons, equality with int and float, hashing.
compare = [
    D("1.0") == D("1"), D("1.0") == 1, D("0.1") == 0.1, D("0.5") == 0.5, D("1.5") < 2, D("1.5") < 1.75, 2 > D("1.99"),
    D("-1") < D("-0.5"), D("1E+2") > D(99), D("Infinity") > D("1e999"), D("-Infinity") < -10 ** 18, D("NaN") == D("NaN"),
    D("NaN") != 1, sorted([D("1.10"), D("-2"), D("1.1"), D("0.5")]), max(D("1"), D("1.00")), min([D(3), D(2), D("2.5")]),
    hash(D(5)) == hash(5), hash(D("5.000")) == hash(5), hash(D("1.5")) == hash(1.5), hash(D("1.10")) == hash(D("1.1")),
    {D("1.0"): "a"}[D(1)], {1: "int"}[D("1.00")], D("2.50") in [D("2.5")], len({D("1"), D("1.0"), D("1.00"), D(2)}),
    err(lambda: D("NaN") < 1), err(lambda: hash(D("sNaN"))), etype(lambda: D(1) < "x"),
]

# quantize, rounding modes, integral values, predicates, conversions.
q = D("0.01")
methods = [
    D("1.005").quantize(q), D("1.015").quantize(q), D("1.005").quantize(q, rounding=ROUND_HALF_UP), D("2.675").quantize(q, ROUND_HALF_UP),
    D("-1.005").quantize(q, rounding=ROUND_HALF_UP), D("1.001").quantize(q, rounding=ROUND_UP), D("1.009").quantize(q, rounding=ROUND_DOWN),
    D("-1.001").quantize(q, rounding=ROUND_CEILING), D("-1.001").quantize(q, rounding=ROUND_FLOOR), D("1.025").quantize(q, ROUND_HALF_DOWN),
    D("123").quantize(D("1.00")), D("1234.5").quantize(D("1E+2")), D(1).quantize(1), D("0").quantize(D("0.000")),
    err(lambda: D("1.234").quantize(D("1E-30"))), err(lambda: D(1).quantize(q, rounding="bad")),
    D("2.5").to_integral_value(), D("3.5").to_integral_value(), D("-2.5").to_integral_value(rounding=ROUND_HALF_UP),
    D("2.7").to_integral(ROUND_DOWN), D("1E+3").to_integral_value(), D("1.2300").normalize(), D("100").normalize(), D("0.00").normalize(),
    D("NaN").is_nan(), D(1).is_nan(), D("Infinity").is_finite(), D(1).is_finite(), D("-Infinity").is_infinite(), D(0).is_zero(),
    D("-1").is_signed(), D("123.45").adjusted(), D("0.001").adjusted(), D("-1.5").copy_abs(), D("1.5").copy_negate(),
    D("1.5").compare(2), D("2").compare(D("2.0")), D("1.23").as_tuple(), D("-Infinity").as_tuple(), D("NaN").as_tuple(),
    D("1.23").as_tuple().exponent, int(D("1.99")), int(D("-1.99")), int(D("1E+3")), float(D("0.1")), float(D("-1.5E-3")),
    float(D("NaN")) != float(D("NaN")), D("1.5").__round__(), D("2.5").__round__(), D("2.567").__round__(2), D("125").__round__(-1),
    err(lambda: int(D("NaN"))), err(lambda: int(D("Infinity"))), err(lambda: float(D("sNaN"))),
    bool(D(0)), bool(D("0.00")), bool(D("0.01")), str(D("-0.00")), f"{D('1234.5678'):,.2f}", format(D("1234.5678"), ""),
    format(D("1E+3"), "f"), format(D("0.000012345"), ".3e"), format(D("12.5"), ".0f"), format(D("13.5"), ".0f"),
    format(D("-0.5"), "+.3%"), format(D("123.456"), ">12.1f"), format(D("123.456"), "012.2f"), format(D("1.5"), "<8"),
    format(D("-1234567.891"), ",.1f"), format(D("1.2345"), ".3g"), format(D("0.00001234"), "g"), f"{D('3.14159'):.2f}",
    err(lambda: format(D("1.5"), "x")),
]

# The context: precision and rounding.
ctx = getcontext()
before = (ctx.prec, ctx.rounding)
with localcontext() as local:
    local.prec = 5
    inside = [D(1) / D(3), D("123456789") + 0, +D("1.234567")]
    local.rounding = ROUND_DOWN
    inside.append(D(2) / D(3))
after = [D(1) / D(3), ctx.prec, ctx.rounding]
with localcontext(prec=3):
    inside.append(D(22) / D(7))
context = [
    before, inside, after, decimal.Context(prec=10).prec, decimal.Context(rounding=ROUND_HALF_UP).rounding, decimal.MAX_PREC,
    err(lambda: setattr(decimal.Context(), "prec", 0)), ROUND_HALF_EVEN, decimal.Context(prec=4).create_decimal("1.23456"),
]

result = [construct, arith, compare, methods, context]
