// The value modules' hooks and C++ side: datetime.now() and uuid.uuid4()
// read the clock and randomness only through InterpreterOptions (and fail
// clearly without them), and the seed layer's helpers read and make
// date/time/datetime/timedelta/Decimal/UUID values.
#include <catch2/catch.hpp>

#include "orm/python/datetime_values.hpp"
#include "python/interpreter_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;

namespace {

// 2021-03-04T05:06:07.089000Z
constexpr std::int64_t kInstant = 1614834367089000;

InterpreterOptions with_clock() {
    InterpreterOptions o;
    o.clock_micros = [] { return std::optional<std::int64_t>(kInstant); };
    return o;
}

InterpreterOptions with_random() {
    InterpreterOptions o;
    o.random_bytes = [] {
        std::array<std::uint8_t, 16> b{};
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(i);
        return b;
    };
    return o;
}

}  // namespace

TEST_CASE("stdlib values: without a clock, reading it gives an opaque value and a warning", "[python][stdlib][datetime]") {
    const char* uses[] = {
        "from datetime import datetime\nx = datetime.now()\n",
        "from datetime import datetime\nx = datetime.utcnow()\n",
        "from datetime import datetime, timezone\nx = datetime.now(timezone.utc)\n",
        "from datetime import date\nx = date.today()\n",
        "import time\nx = time.time()\n",
        "from datetime import datetime\nmake = lambda: datetime.utcnow()\nx = make()\n",
    };
    for (const char* text : uses) {
        INFO(text);
        auto ran = run_source(text);
        CHECK(ran.get("x").is(ObjKind::Opaque));
        REQUIRE(ran.interp->warnings().size() == 1);
        CHECK_THAT(ran.interp->warnings()[0], Catch::Contains("needs the clock, which orm gives models and migrations no access to"));
        CHECK_THAT(ran.interp->warnings()[0], Catch::StartsWith("prog.py:"));
    }
    // An opaque time is an error where its meaning is needed (strict), or taken as false with a warning.
    InterpreterOptions strict;
    strict.strict_opaque = true;
    CHECK_THAT(run_error("from datetime import datetime\nx = datetime.now()\nif x: pass\n", strict),
               Catch::Contains("cannot tell whether 'datetime.now()' is true"));
    // A hook that answers nullopt: no clock either.
    InterpreterOptions none;
    none.clock_micros = [] { return std::optional<std::int64_t>(); };
    CHECK(run_source("from datetime import datetime\nx = datetime.now()\n", none).get("x").is(ObjKind::Opaque));
    // Reading the model is fine without a clock: defaults are only referenced.
    CHECK(run_error("from datetime import datetime, timezone\ndefault = datetime.utcnow\nlater = lambda: datetime.now(timezone.utc)\n") ==
          "no error");
    CHECK_THAT(run_error("import time\ntime.sleep(1)\n"), Catch::Contains("PermissionError"));
}

TEST_CASE("stdlib values: a fixed clock gives that instant", "[python][stdlib][datetime]") {
    auto ran = run_source(
        "import time\n"
        "from datetime import date, datetime, timedelta, timezone\n"
        "utc = datetime.utcnow()\n"
        "naive = datetime.now()\n"
        "aware = datetime.now(timezone.utc)\n"
        "plus2 = datetime.now(timezone(timedelta(hours=2)))\n"
        "today = date.today()\n"
        "stamp = time.time()\n"
        "ns = time.time_ns()\n"
        "later = utc + timedelta(days=30)\n",
        with_clock());
    CHECK(ran.repr("utc") == "datetime.datetime(2021, 3, 4, 5, 6, 7, 89000)");
    CHECK(ran.repr("naive") == "datetime.datetime(2021, 3, 4, 5, 6, 7, 89000)");
    CHECK(ran.repr("aware") == "datetime.datetime(2021, 3, 4, 5, 6, 7, 89000, tzinfo=datetime.timezone.utc)");
    CHECK(ran.repr("plus2") ==
          "datetime.datetime(2021, 3, 4, 7, 6, 7, 89000, tzinfo=datetime.timezone(datetime.timedelta(seconds=7200)))");
    CHECK(ran.repr("today") == "datetime.date(2021, 3, 4)");
    CHECK(ran.repr("stamp") == "1614834367.089");
    CHECK(ran.repr("ns") == "1614834367089000000");
    CHECK(ran.repr("later") == "datetime.datetime(2021, 4, 3, 5, 6, 7, 89000)");
    auto v = datetime_value(*ran.interp, ran.get("aware"));
    REQUIRE(v);
    CHECK(v->date == DateValue{2021, 3, 4});
    CHECK(v->time.utc_offset_micros == std::optional<std::int64_t>(0));
    CHECK(to_iso_string(*v) == "2021-03-04T05:06:07.089000+00:00");
}

TEST_CASE("stdlib values: uuid4 needs the random hook", "[python][stdlib][uuid]") {
    CHECK(run_source("import uuid\nx = uuid.uuid4()\n").get("x").is(ObjKind::Opaque));
    CHECK(run_error("import uuid\ndefault = uuid.uuid4\nname = uuid.uuid5(uuid.NAMESPACE_DNS, 'x')\n") == "no error");
    auto ran = run_source("import uuid\nu = uuid.uuid4()\nversion = u.version\nvariant = u.variant\n", with_random());
    CHECK(ran.repr("u") == "UUID('00010203-0405-4607-8809-0a0b0c0d0e0f')");
    CHECK(ran.repr("version") == "4");
    CHECK(ran.repr("variant") == "'specified in RFC 4122'");
    auto u = uuid_value(ran.get("u"));
    REQUIRE(u);
    CHECK(u->to_string() == "00010203-0405-4607-8809-0a0b0c0d0e0f");
    CHECK(u->bytes[6] >> 4 == 4);
}

TEST_CASE("stdlib values: os.urandom and secrets need the random hook", "[python][stdlib]") {
    CHECK(run_source("import os\nx = os.urandom(4)\n").get("x").is(ObjKind::Opaque));
    CHECK(run_source("import secrets\nx = secrets.token_hex(4)\n").get("x").is(ObjKind::Opaque));
    // 16 bytes per call of the hook, taken as many times as the size needs.
    auto ran = run_source("import os, secrets, base64\n"
                          "raw = os.urandom(20)\n"
                          "key = base64.urlsafe_b64encode(os.urandom(3)).decode()\n"
                          "hexed = secrets.token_hex(2)\n"
                          "url = secrets.token_urlsafe(4)\n"
                          "size = len(secrets.token_bytes())\n",
                          with_random());
    CHECK(ran.repr("raw") == "b'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x0c\\r\\x0e\\x0f\\x00\\x01\\x02\\x03'");
    CHECK(ran.repr("key") == "'AAEC'");
    CHECK(ran.repr("hexed") == "'0001'");
    CHECK(ran.repr("url") == "'AAECAw'");
    CHECK(ran.repr("size") == "32");
}

TEST_CASE("stdlib values: reading values computed by Python", "[python][stdlib]") {
    auto ran = run_source(
        "from datetime import date, datetime, time, timedelta, timezone, tzinfo\n"
        "from decimal import Decimal\n"
        "import uuid\n"
        "class Fixed(tzinfo):\n"
        "    def utcoffset(self, dt):\n"
        "        return timedelta(hours=-5, minutes=-30)\n"
        "class Stamp(datetime):\n"
        "    pass\n"
        "d = date(2020, 2, 29)\n"
        "dt = datetime(2020, 1, 2, 3, 4, 5, 6)\n"
        "user_tz = datetime(2020, 1, 2, 3, 4, tzinfo=Fixed())\n"
        "sub = Stamp(2001, 2, 3, 4, 5, 6)\n"
        "t = time(23, 59, 58, 999999, tzinfo=timezone(timedelta(hours=1)))\n"
        "td = timedelta(days=-1, seconds=5)\n"
        "money = Decimal('0.00')\n"
        "tiny = Decimal('-1.5E-10')\n"
        "nan = Decimal('NaN')\n"
        "u = uuid.UUID('12345678-1234-5678-1234-567812345678')\n");
    Interpreter& in = *ran.interp;
    CHECK(date_value(ran.get("d")) == DateValue{2020, 2, 29});
    CHECK_FALSE(date_value(ran.get("dt")));   // a datetime is read as a datetime
    CHECK_FALSE(date_value(ran.get("money")));
    auto dt = datetime_value(in, ran.get("dt"));
    REQUIRE(dt);
    CHECK(dt->time == TimeValue{3, 4, 5, 6, 0, std::nullopt});
    CHECK(to_iso_string(*dt, ' ') == "2020-01-02 03:04:05.000006");
    auto user = datetime_value(in, ran.get("user_tz"));
    REQUIRE(user);
    CHECK(user->time.utc_offset_micros == std::optional<std::int64_t>(-(5 * 3600 + 30 * 60) * 1000000LL));
    CHECK(to_iso_string(*user) == "2020-01-02T03:04:00-05:30");
    auto sub = datetime_value(in, ran.get("sub"));
    REQUIRE(sub);
    CHECK(sub->date == DateValue{2001, 2, 3});
    auto t = time_value(in, ran.get("t"));
    REQUIRE(t);
    CHECK(to_iso_string(*t) == "23:59:58.999999+01:00");
    CHECK(timedelta_value(ran.get("td")) == TimeDeltaValue{-1, 5, 0});
    auto money = decimal_value(ran.get("money"));
    REQUIRE(money);
    CHECK(money->digits == "0");
    CHECK(money->exponent == -2);
    CHECK(money->to_string() == "0.00");
    CHECK(decimal_value(ran.get("tiny"))->to_string() == "-1.5E-10");
    CHECK(decimal_value(ran.get("nan"))->kind == DecimalValue::Kind::nan);
    CHECK(uuid_value(ran.get("u"))->to_string() == "12345678-1234-5678-1234-567812345678");
    CHECK_FALSE(uuid_value(ran.get("d")));
}

TEST_CASE("stdlib values: making values round-trips", "[python][stdlib]") {
    Interpreter in;
    Value d = make_date(in, DateValue{1999, 12, 31});
    CHECK(in.repr(d) == "datetime.date(1999, 12, 31)");
    CHECK(date_value(d) == DateValue{1999, 12, 31});

    DateTimeValue naive{{2020, 5, 6}, {7, 8, 9, 10, 0, std::nullopt}};
    Value n = make_datetime(in, naive);
    CHECK(in.repr(n) == "datetime.datetime(2020, 5, 6, 7, 8, 9, 10)");
    CHECK(datetime_value(in, n) == naive);

    DateTimeValue aware{{2020, 5, 6}, {7, 8, 9, 0, 0, std::int64_t(-3600) * 1000000}};
    Value a = make_datetime(in, aware);
    CHECK(in.repr(a) == "datetime.datetime(2020, 5, 6, 7, 8, 9, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=82800)))");
    CHECK(datetime_value(in, a) == aware);
    DateTimeValue utc{{2020, 5, 6}, {0, 0, 0, 0, 0, std::int64_t(0)}};
    CHECK(in.repr(make_datetime(in, utc)) == "datetime.datetime(2020, 5, 6, 0, 0, tzinfo=datetime.timezone.utc)");

    TimeValue tv{12, 30, 0, 0, 0, std::nullopt};
    CHECK(in.repr(make_time(in, tv)) == "datetime.time(12, 30)");
    CHECK(time_value(in, make_time(in, tv)) == tv);

    Value td = make_timedelta(in, TimeDeltaValue{2, 3600, 5});
    CHECK(in.repr(td) == "datetime.timedelta(days=2, seconds=3600, microseconds=5)");
    CHECK(timedelta_value(td) == TimeDeltaValue{2, 3600, 5});

    Value dec = make_decimal(in, "12.3400");
    CHECK(in.repr(dec) == "Decimal('12.3400')");
    DecimalValue dv = *decimal_value(dec);
    CHECK(dv.digits == "123400");
    CHECK(dv.exponent == -4);
    CHECK(in.repr(make_decimal(in, DecimalValue{DecimalValue::Kind::finite, true, "15", -1})) == "Decimal('-1.5')");
    CHECK(in.repr(make_decimal(in, DecimalValue{DecimalValue::Kind::infinity, false, "0", 0})) == "Decimal('Infinity')");

    UuidValue uv;
    for (std::size_t i = 0; i < 16; ++i) uv.bytes[i] = static_cast<std::uint8_t>(0xf0 + i);
    Value u = make_uuid(in, uv);
    CHECK(in.repr(u) == "UUID('f0f1f2f3-f4f5-f6f7-f8f9-fafbfcfdfeff')");
    CHECK(uuid_value(u) == uv);

    // Made values behave as Python's: arithmetic, comparison, dict keys.
    Ref<DictObject> keys = make_dict();
    keys->set(in, make_date(in, DateValue{1999, 12, 31}), Value::integer(1));
    CHECK(keys->find(in, d) != nullptr);
    CHECK(in.equal(dec, make_decimal(in, "12.34")));

    // Invalid fields raise Python's errors.
    CHECK_THROWS_WITH(make_date(in, DateValue{2021, 2, 29}), Catch::Contains("day is out of range for month"));
    CHECK_THROWS_WITH(make_decimal(in, "12,5"), Catch::Contains("InvalidOperation"));
    CHECK_THROWS_WITH(make_timedelta(in, TimeDeltaValue{1000000000, 0, 0}), Catch::Contains("must have magnitude <= 999999999"));
}

TEST_CASE("stdlib values: subclasses of datetime and Decimal", "[python][stdlib]") {
    auto ran = run_source(
        "from datetime import datetime, timedelta\n"
        "from decimal import Decimal\n"
        "class Stamp(datetime):\n"
        "    def label(self):\n"
        "        return self.strftime('%Y/%m/%d')\n"
        "class Money(Decimal):\n"
        "    pass\n"
        "class Slot(datetime):\n"
        "    def __new__(cls, y, m, d):\n"
        "        return super().__new__(cls, y, m, d, 12)\n"
        "s = Stamp(2020, 1, 2)\n"
        "result = [s, s.label(), isinstance(s, datetime), s + timedelta(days=1), type(s + timedelta(days=1)).__name__,\n"
        "          Money('1.5'), isinstance(Money('1.5'), Decimal), Money('1.5') + 1, Slot(2020, 1, 2), Stamp.fromisoformat('2020-01-02')]\n");
    CHECK(ran.repr("result") ==
          "[Stamp(2020, 1, 2, 0, 0), '2020/01/02', True, Stamp(2020, 1, 3, 0, 0), 'Stamp', Decimal('1.5'), True, "
          "Decimal('2.5'), Slot(2020, 1, 2, 12, 0), Stamp(2020, 1, 2, 0, 0)]");
}

TEST_CASE("a class on a base from a module orm does not run: an __init__ that fails gives an opaque instance",
          "[python][opaque]") {
    // wtforms' fields are such a class: their metaclass never calls __init__ at class level.
    const char* text =
        "from wtforms import TextAreaField\n"
        "class MarkdownField(TextAreaField):\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        self.orig_id = kwargs['_prefix'] + kwargs['name']\n"
        "class Plain(TextAreaField):\n"
        "    def __init__(self, label):\n"
        "        self.label = label\n"
        "field = MarkdownField(rows=5)\n"
        "plain = Plain('x')\n"
        "label = plain.label\n";
    auto ran = run_source(text);
    CHECK(ran.get("field").is(ObjKind::Opaque));
    CHECK(ran.repr("label") == "'x'");  // an __init__ that runs keeps its effects
    REQUIRE(ran.interp->warnings().size() == 1);
    CHECK_THAT(ran.interp->warnings()[0], Catch::StartsWith("prog.py:8:"));
    CHECK_THAT(ran.interp->warnings()[0], Catch::Contains("MarkdownField() raised KeyError: '_prefix' in its __init__"));
    // A class of the project's own raises as Python does.
    CHECK_THAT(run_error("class A:\n    def __init__(self):\n        raise KeyError('k')\nA()\n"), Catch::Contains("KeyError: 'k'"));
    InterpreterOptions strict;
    strict.strict_opaque = true;
    CHECK_THAT(run_error(text, strict), Catch::Contains("KeyError: '_prefix'"));
}
