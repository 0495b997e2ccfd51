import enum
import json
import uuid
from collections import OrderedDict
from decimal import Decimal
from uuid import UUID


def err(f):
    try:
        return f()
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


# UUID: the constructor's forms, attributes, ordering, hashing; uuid3/uuid5.
u = UUID("12345678-1234-5678-1234-567812345678")
uuids = [
    u, str(u), u.hex, u.urn, u.version, u.variant, u.bytes, u.bytes_le, u.fields, u.time_low, u.time_mid, u.time_hi_version,
    u.clock_seq_hi_variant, u.clock_seq_low, u.node, u.time, u.clock_seq,
    UUID("{12345678-1234-5678-1234-567812345678}"), UUID("urn:uuid:12345678123456781234567812345678"), UUID("ABCDEF01" * 4),
    UUID(bytes=b"\x12\x34\x56\x78\x12\x34\x56\x78\x12\x34\x56\x78\x12\x34\x56\x78"),
    UUID(bytes_le=b"\x78\x56\x34\x12\x34\x12\x78\x56" + b"\x12\x34\x56\x78\x12\x34\x56\x78"),
    UUID(fields=(0x12345678, 0x1234, 0x5678, 0x12, 0x34, 0x567812345678)), UUID(int=0), UUID(int=255), UUID(int=255).int,
    UUID("12345678123456781234567812345678", version=4), UUID(int=0, version=1).version,
    uuid.uuid3(uuid.NAMESPACE_DNS, "python.org"), uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"),
    uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/ü"), uuid.uuid3(uuid.NAMESPACE_OID, ""), uuid.NAMESPACE_X500,
    uuid.uuid5(uuid.NAMESPACE_DNS, "a" * 200).version, uuid.RFC_4122, uuid.RESERVED_NCS,
    u == UUID(str(u)), u != uuid.NAMESPACE_DNS, u < UUID(int=0) , sorted([uuid.NAMESPACE_URL, uuid.NAMESPACE_DNS]),
    {u: 1}[UUID(u.hex)], hash(u) == hash(UUID(bytes=u.bytes)), u in {UUID(u.hex)}, u == str(u),
    err(lambda: UUID("xyz")), err(lambda: UUID(bytes=b"x")), err(lambda: UUID()), err(lambda: UUID(u.hex, int=5)),
    err(lambda: UUID(u.hex, version=9)), err(lambda: UUID(int=-1)), err(lambda: UUID(fields=(1, 2))),
    err(lambda: UUID("12345678-1234-5678-1234-56781234567z")),
]


class Color(enum.IntEnum):
    RED = 1


class Shade(str, enum.Enum):
    DARK = "dark"


# json.dumps: CPython's exact text.
doc = {"a": [1, 2.5, None, True, False, "é\n\U0001F600\x7f\"\\"], "b": {}, "c": [], "d": {"x": (1, 2)}}
dumps = [
    json.dumps("\u2028\x00\x1f\b\f\r\t"),
    json.dumps(doc), json.dumps(doc, ensure_ascii=False), json.dumps(doc, indent=2), json.dumps(doc, indent="\t", sort_keys=True),
    json.dumps([1, 2], indent=0), json.dumps([1, [2]], indent=1), json.dumps({"b": 1, "a": 2}, sort_keys=True, separators=(",", ":")),
    json.dumps([1, 2], indent=2, separators=(", ", ": ")), json.dumps({1: 2, 1.5: 3, True: 4, None: 5, False: 6}),
    json.dumps(1e100), json.dumps(float("inf")), json.dumps(-0.0), json.dumps(1.0), json.dumps(0.1), json.dumps(-17),
    json.dumps("x"), json.dumps(None), json.dumps([]), json.dumps({}), json.dumps(Color.RED), json.dumps({Shade.DARK: Shade.DARK}),
    json.dumps(OrderedDict([("z", 1), ("a", 2)])), json.dumps({"k": Decimal("1.10")}, default=str),
    json.dumps([uuid.NAMESPACE_DNS], default=lambda o: o.hex), json.dumps({(1, 2): 3}, skipkeys=True),
    err(lambda: json.dumps({(1, 2): 3})), err(lambda: json.dumps(object())), err(lambda: json.dumps(b"x")),
    err(lambda: json.dumps(float("nan"), allow_nan=False)), err(lambda: json.dumps({"b": 1, 2: 3}, sort_keys=True)),
]


class DecimalEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


encoders = [
    json.dumps({"price": Decimal("9.99")}, cls=DecimalEncoder), json.dumps([Decimal(1)], cls=DecimalEncoder, indent=1),
    DecimalEncoder(sort_keys=True).encode({"b": Decimal("2"), "a": 1}), err(lambda: json.dumps([object()], cls=DecimalEncoder)),
    json.JSONEncoder().encode([1, "a"]),
]

# json.loads: values, hooks and CPython's error messages and positions.
loads = [
    json.loads('{"a": [1, 2.5, -0, 1E+2, 1.5e-3, null, true, false, "x\\u00e9\\ud83d\\ude00\\n\\/"], "b": {}}'),
    json.loads(" [ 1 , 2 ] "), json.loads('{"a": 1, "a": 2}'), json.loads("NaN") != json.loads("NaN"), json.loads("-Infinity"),
    json.loads(b'{"bytes": true}'), json.loads('"\\"quoted\\""'), json.loads("123456789012345678"),
    json.loads('{"a": 1.5}', parse_float=Decimal), json.loads('[1, 2]', parse_int=str), json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d)),
    json.loads('{"b": 1, "a": 2}', object_pairs_hook=lambda pairs: pairs), json.loads('"a\\tb"'), json.loads('"tab\there"', strict=False),
]
errors = []
for text in ['{"a":}', "[1,]", '{"a":1,}', "", '"abc', "[1] x", "{1:2}", '{"a" 1}', "[1 2]", '"\\x"', '"\\u12"', '"\\u12zz"',
             '"a\nb"', "[", "{", '{"a"', '{"a":', "[1", "-", "1.", "01", "nul", "é", '["é", x]', "\n\n  x", '"abc\\', "\ufeff[]"]:
    try:
        json.loads(text)
        errors.append(None)
    except json.JSONDecodeError as e:
        errors.append((str(e), e.msg, e.pos, e.lineno, e.colno, e.doc == text, isinstance(e, ValueError)))
errors.append(err(lambda: json.loads(5)))
made = json.JSONDecodeError("Boom", "ab\ncd", 4)
errors.append((str(made), made.lineno, made.colno, made.args))
roundtrip = json.loads(json.dumps(doc))



class PairsDecoder(json.JSONDecoder):
    """A decoder subclass as projects write them (pgAdmin's column params)."""
    def __init__(self, *args, **kwargs):
        super().__init__(object_hook=self.hook, *args, **kwargs)

    def hook(self, obj):
        return sorted(obj.items())


decoders = [json.JSONDecoder().decode('{"a": [1, 2.5]}'), PairsDecoder().decode('{"b": 1, "a": {"c": 2}}'),
            json.JSONDecoder(parse_int=str).decode('[1, 2]'), isinstance(PairsDecoder(), json.JSONDecoder)]

result = [uuids, dumps, encoders, loads, errors, roundtrip, decoders]
