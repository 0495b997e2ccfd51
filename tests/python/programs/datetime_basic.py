import datetime as dtmod
from datetime import date, datetime, time, timedelta, timezone, tzinfo


def err(f):
    try:
        return f()
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


def etype(f):
    # Messages that name types differ (CPython says 'datetime.timedelta'): the type only.
    try:
        return f()
    except Exception as e:
        return type(e).__name__


# Constructors, keyword arguments, attributes, range checks.
d = date(2020, 2, 29)
dt = datetime(2020, 1, 2, 3, 4, 5)
dt_us = datetime(year=2021, month=12, day=31, hour=23, minute=59, second=59, microsecond=999999)
t = time(13, 45, 30, 123)
constructors = [
    d, dt, dt_us, t, datetime(2020, 1, 1), time(), time(1), time(1, 2), date.min, date.max, datetime.min,
    datetime.max, time.max, (d.year, d.month, d.day), (dt.hour, dt.minute, dt.second, dt.microsecond, dt.tzinfo, dt.fold),
    (t.hour, t.minute, t.second, t.microsecond), dtmod.MINYEAR, dtmod.MAXYEAR,
    err(lambda: date(2019, 2, 29)), err(lambda: date(2020, 13, 1)), err(lambda: date(0, 1, 1)),
    err(lambda: datetime(2020, 1, 1, 24)), err(lambda: datetime(2020, 1, 1, 1, 60)), err(lambda: datetime(2020, 1, 1, 1, 1, 60)),
    err(lambda: datetime(2020, 1, 1, 1, 1, 1, 1000000)), err(lambda: datetime(2020)), err(lambda: datetime(2020, "1", 1)),
    err(lambda: datetime(2020, 1.0, 1)), err(lambda: datetime(2020, 1, 1, tzinfo=1)), err(lambda: datetime(2020, 1, 1, foo=1)),
    err(lambda: datetime(2020, 1, 1, year=1)), err(lambda: time(fold=2)),
]

# timedelta: normalisation, repr/str, arithmetic, comparisons.
td = timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5)
deltas = [
    td, str(td), timedelta(0), timedelta(-1), str(timedelta(-1, 5)), timedelta(microseconds=-1), str(timedelta(microseconds=-1)),
    timedelta(weeks=2, milliseconds=1500), timedelta(hours=1.5), timedelta(minutes=0.1), timedelta(microseconds=2.5),
    timedelta(microseconds=3.5), timedelta(days=0.5, seconds=0.25), str(timedelta(days=2, seconds=3723, microseconds=4)),
    (td.days, td.seconds, td.microseconds), td.total_seconds(), timedelta(days=30).total_seconds(),
    td + td, td - timedelta(days=2), -td, +td, td * 2, 3 * td, td * 1.5, td / 2, td / 4.0, td / timedelta(hours=1),
    td // timedelta(hours=1), td // 3, td % timedelta(hours=1), divmod(timedelta(hours=5), timedelta(hours=2)),
    timedelta(hours=1) < timedelta(hours=2), timedelta(0) == timedelta(), timedelta(1) != timedelta(2),
    timedelta(1) == 1, bool(timedelta(0)), bool(timedelta(microseconds=1)), timedelta.max, timedelta.min, timedelta.resolution,
    sorted([timedelta(3), timedelta(-1), timedelta(1)]), td.__abs__(), timedelta(-2).__abs__(),
    err(lambda: timedelta(days=1000000000)), err(lambda: timedelta("1")), err(lambda: timedelta(1) / 0),
    err(lambda: timedelta(1) // 0), err(lambda: timedelta(1) % timedelta(0)),
    err(lambda: timedelta(days=1e10)), err(lambda: timedelta(1) * 2 ** 40), err(lambda: timedelta(1) * 1e30),
    err(lambda: timedelta(1) / 0.0), err(lambda: timedelta(1) * float("nan")), timedelta(1) * 1e-30, timedelta(0) / 1e-300, etype(lambda: timedelta(1) + 1),
    etype(lambda: timedelta(1) < 1), err(lambda: timedelta.max + timedelta(1)),
]

# date and datetime arithmetic and comparisons.
arith = [
    d + timedelta(days=1), timedelta(days=366) + d, d - timedelta(days=60), d - date(2020, 1, 1), date(2020, 1, 1) - d,
    d + timedelta(hours=25), dt + timedelta(hours=30, microseconds=7), dt - timedelta(days=3), timedelta(minutes=1) + dt,
    dt - datetime(2019, 12, 31), datetime(2019, 12, 31) - dt, dt_us - dt, d < date(2021, 1, 1), d == date(2020, 2, 29),
    d != date(2020, 3, 1), dt > datetime(2020, 1, 2), dt <= datetime(2020, 1, 2, 3, 4, 5), max(dt, dt_us), min(d, date(2000, 1, 1)),
    date(2020, 1, 1) == datetime(2020, 1, 1), datetime(2020, 1, 1) == date(2020, 1, 1),
    sorted([datetime(2021, 5, 1), datetime(2020, 5, 1, 12), datetime(2020, 5, 1)]),
    err(lambda: date(2020, 1, 1) < datetime(2020, 1, 1)), err(lambda: datetime(2020, 1, 1) < date(2020, 1, 1)),
    err(lambda: datetime(9999, 12, 31) + timedelta(days=1)), err(lambda: date(1, 1, 1) - timedelta(days=1)),
    etype(lambda: dt + 1), etype(lambda: dt - d), etype(lambda: d + d), etype(lambda: d < 5),
]

# Methods: isoformat, str, repr, replace, ordinals, weekdays, combine, date(), time().
methods = [
    dt.isoformat(), dt.isoformat(" "), dt_us.isoformat(), dt.isoformat(timespec="minutes"), dt_us.isoformat(timespec="milliseconds"),
    dt.isoformat(sep="_", timespec="hours"), dt.isoformat(timespec="microseconds"), str(dt), str(dt_us), str(d), d.isoformat(),
    t.isoformat(), t.isoformat("seconds"), str(time(1, 2)), repr(time(1, 2, 0, 5)), repr(time(1, 2, 3)),
    dt.replace(year=2000), dt.replace(hour=0, minute=0, second=0), d.replace(day=1), t.replace(microsecond=0),
    dt.date(), dt.time(), dt.timetz(), datetime.combine(d, t), datetime.combine(date(2020, 1, 1), time(5), tzinfo=timezone.utc),
    d.toordinal(), date.fromordinal(737791), datetime.fromordinal(737791), dt.toordinal(), d.weekday(), d.isoweekday(),
    dt.weekday(), d.isocalendar(), tuple(d.isocalendar()), d.isocalendar().week, date(2021, 1, 3).isocalendar(),
    date(2020, 12, 31).isocalendar(), date(2019, 12, 30).isocalendar(), date.fromisocalendar(2020, 53, 5), d.ctime(), dt.ctime(),
    err(lambda: dt.isoformat(timespec="x")), err(lambda: date.fromordinal(0)), err(lambda: d.replace(month=2, day=30)),
    err(lambda: dt.replace(foo=1)), err(lambda: datetime.combine(1, t)), hash(d) == hash(date(2020, 2, 29)),
    {d: "a", date(2020, 2, 29): "b"}, {dt: 1}[datetime(2020, 1, 2, 3, 4, 5)], datetime(2020, 1, 2, 3, 4, 5) in [dt],
    (dt, d) == (datetime(2020, 1, 2, 3, 4, 5), date(2020, 2, 29)), len({dt, datetime(2020, 1, 2, 3, 4, 5), dt_us}),
]

# strftime and format().
strf = [
    dt.strftime("%Y-%m-%d %H:%M:%S"), dt_us.strftime("%y %j %f %a %A %b %B %p %I %%"), d.strftime("%d/%m/%Y %H:%M"),
    t.strftime("%H:%M:%S.%f"), datetime(2020, 1, 1, 0).strftime("%I %p"), datetime(2020, 1, 1, 12).strftime("%I %p"),
    datetime(2020, 1, 5).strftime("%U %W %w %u %V %G"), datetime(2021, 1, 1).strftime("%U %W %V %G %g"),
    datetime(2020, 1, 2, tzinfo=timezone(timedelta(hours=5, minutes=30))).strftime("%z %Z"), dt.strftime("[%z][%Z]"),
    datetime(2020, 1, 2, tzinfo=timezone.utc).strftime("%z %Z"), dt.strftime("%c|%x|%X|%D|%F|%T|%R|%e|%-d|%-m"),
    format(dt, "%Y"), f"{dt:%d.%m.%Y}", f"{d:%B %d}", f"{dt}", format(dt, ""), format(t, "%H"), "{:%H:%M}".format(dt),
]

# fromisoformat (3.11 rules).
iso = [
    date.fromisoformat("2020-01-02"), date.fromisoformat("20200102"), date.fromisoformat("2020-W01-2"), date.fromisoformat("2020W012"),
    datetime.fromisoformat("2020-01-02"), datetime.fromisoformat("2020-01-02T03:04:05"), datetime.fromisoformat("2020-01-02 03:04"),
    datetime.fromisoformat("2020-01-02T03"), datetime.fromisoformat("2020-01-02T03:04:05.123"),
    datetime.fromisoformat("2020-01-02T03:04:05.1234567"), datetime.fromisoformat("2020-01-02T03:04:05+01:00"),
    datetime.fromisoformat("2020-01-02T03:04:05Z"), datetime.fromisoformat("2020-01-02T03:04:05-05:30"),
    datetime.fromisoformat("20200102T030405,5+0130"), datetime.fromisoformat("2020-W01-2T10"), datetime.fromisoformat(dt_us.isoformat()),
    time.fromisoformat("10:11:12"), time.fromisoformat("T1011"), time.fromisoformat("10:11:12.5+00:00"), time.fromisoformat("10"),
    err(lambda: date.fromisoformat("2020-1-1")), err(lambda: date.fromisoformat("2020-02-30")), err(lambda: datetime.fromisoformat("2020-01-02T")),
    err(lambda: datetime.fromisoformat("2020-01-02T03:")), err(lambda: datetime.fromisoformat("2020-01-02X03:04:05x")),
    err(lambda: time.fromisoformat("25:00")), err(lambda: datetime.fromisoformat(5)), err(lambda: datetime.fromisoformat("x")),
]

# strptime.
strp = [
    datetime.strptime("2020-01-02 03:04:05", "%Y-%m-%d %H:%M:%S"), datetime.strptime("02/01/20", "%d/%m/%y"),
    datetime.strptime("2020-01-01T10:00:00+0130", "%Y-%m-%dT%H:%M:%S%z"), datetime.strptime("2020-01-01 Z", "%Y-%m-%d %z"),
    datetime.strptime("March 5 2021 4PM", "%B %d %Y %I%p"), datetime.strptime("5 mar 2021  12:30 am", "%d %b %Y %I:%M %p"),
    datetime.strptime("2020 100", "%Y %j"), datetime.strptime("12:34:56.789", "%H:%M:%S.%f"), datetime.strptime("20200102", "%Y%m%d"),
    err(lambda: datetime.strptime("2020-01-01", "%Y-%m")), err(lambda: datetime.strptime("2020-01", "%Y-%m-%d")),
    err(lambda: datetime.strptime("2020-02-30", "%Y-%m-%d")),
]

result = [constructors, deltas, arith, methods, strf, iso, strp]
