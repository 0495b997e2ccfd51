import datetime
from datetime import date, datetime as DT, time, timedelta, timezone, tzinfo


def err(f):
    try:
        return f()
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


class Fixed(tzinfo):
    """A user tzinfo: a fixed offset with a name, as model code writes one."""

    def __init__(self, minutes, name):
        self.offset = timedelta(minutes=minutes)
        self.name = name

    def utcoffset(self, dt):
        return self.offset

    def dst(self, dt):
        return timedelta(0)

    def tzname(self, dt):
        return self.name

    def __repr__(self):
        return "Fixed(%r)" % self.name


class NoOffset(tzinfo):
    def utcoffset(self, dt):
        return None


utc = timezone.utc
plus1 = timezone(timedelta(hours=1))
named = timezone(timedelta(hours=-5, minutes=-30), "IST?")
est = Fixed(-300, "EST")
a = DT(2020, 6, 1, 12, 0, tzinfo=utc)
b = DT(2020, 6, 1, 13, 0, tzinfo=plus1)
c = DT(2020, 6, 1, 7, 0, tzinfo=est)

zones = [
    utc, plus1, named, str(utc), str(plus1), str(named), str(timezone(timedelta(seconds=-1))), timezone(timedelta(0)) is utc,
    timezone(timedelta(0), "UTC"), datetime.UTC is utc, timezone.min, timezone.max, plus1.utcoffset(None), plus1.dst(None),
    plus1.tzname(None), named.tzname(None), utc.utcoffset(a), timezone(timedelta(hours=1)) == plus1,
    timezone(timedelta(hours=1), "x") == plus1, hash(timezone(timedelta(hours=1))) == hash(plus1), isinstance(utc, tzinfo),
    err(lambda: timezone(timedelta(hours=24))), err(lambda: timezone(1)), err(lambda: timezone(timedelta(0), 1)),
    err(lambda: utc.utcoffset(1)), err(lambda: tzinfo().utcoffset(None)),
]

aware = [
    a, b, c, a == b, a == c, b == c, hash(a) == hash(b), len({a, b, c}), a < DT(2020, 6, 1, 12, 1, tzinfo=est),
    a.utcoffset(), b.utcoffset(), c.utcoffset(), c.tzname(), c.dst(), a.tzname(), DT(2020, 1, 1).utcoffset(),
    DT(2020, 1, 1).tzname(), b - a, c - DT(2020, 6, 1, 11, tzinfo=utc), b + timedelta(hours=1),
    a.astimezone(plus1), b.astimezone(utc), a.astimezone(est), c.astimezone(utc), a.astimezone(named), c.astimezone(est) is c,
    a.timestamp(), b.timestamp(), DT(2020, 6, 1, 12, 0, 0, 123457, tzinfo=utc).timestamp(), DT(1960, 1, 1, 0, 0, 0, 1, tzinfo=est).timestamp(), DT(1970, 1, 1, tzinfo=utc).timestamp(), DT(1969, 12, 31, 23, 59, 59, 500000, tzinfo=utc).timestamp(),
    DT.fromtimestamp(0, utc), DT.fromtimestamp(1591012800.25, plus1), DT.fromtimestamp(1591012800, est), DT.utcfromtimestamp(86400.5),
    a.isoformat(), c.isoformat(), str(b), DT(2020, 1, 1, tzinfo=timezone(timedelta(seconds=30))).isoformat(),
    DT(2020, 1, 1, tzinfo=timezone(timedelta(microseconds=-1))).isoformat(), a.replace(tzinfo=None), a.replace(tzinfo=est),
    a.timetz(), a.time(), DT(2020, 1, 1, tzinfo=NoOffset()).utcoffset(), DT(2020, 1, 1, tzinfo=NoOffset()) == DT(2020, 1, 1),
    DT(2020, 1, 1, tzinfo=utc) == DT(2020, 1, 1), DT(2020, 1, 1, tzinfo=utc) != DT(2020, 1, 1),
    err(lambda: DT(2020, 1, 1, tzinfo=utc) < DT(2020, 1, 1)), err(lambda: DT(2020, 1, 1, tzinfo=utc) - DT(2020, 1, 1)),
    err(lambda: a.astimezone(1)), err(lambda: DT.now(1)),
]

times = [
    time(12, tzinfo=plus1), time(12, tzinfo=plus1).isoformat(), time(12, tzinfo=plus1).utcoffset(), time(12, tzinfo=est).tzname(),
    time(12, tzinfo=plus1) == time(11, tzinfo=utc), time(12, tzinfo=plus1) < time(11, 30, tzinfo=utc), time(1) < time(2),
    time(1, 2, 3, 4) == time(1, 2, 3, 4), hash(time(1)) == hash(time(1)), time(12, tzinfo=utc) == time(12),
    err(lambda: time(12, tzinfo=utc) < time(12)), time(5, 6, fold=1), time(12, tzinfo=plus1).strftime("%H%z"),
    time.fromisoformat("12:00+01:00"), time.fromisoformat("12:00:00Z"),
]


class Stamp(DT):
    def label(self):
        return self.strftime("%Y/%m/%d")


class Day(date):
    pass


subclasses = [
    Stamp(2020, 1, 2), Stamp(2020, 1, 2).label(), isinstance(Stamp(2020, 1, 2), DT), Stamp(2020, 1, 2) + timedelta(days=1),
    type(Stamp(2020, 1, 2) + timedelta(days=1)).__name__, Stamp.fromisoformat("2020-01-02T03:04"), Stamp(2020, 1, 2).replace(day=5),
    Day(2020, 1, 2), Day(2020, 1, 2) + timedelta(days=1), Day.fromordinal(1), Stamp.combine(date(2020, 1, 1), time(3)),
    Stamp(2020, 1, 2) == DT(2020, 1, 2), {Stamp(2020, 1, 2): 1}[DT(2020, 1, 2)], type(DT.fromordinal(3)).__name__,
]

result = [zones, aware, times, subclasses]
