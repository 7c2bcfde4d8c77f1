"""Dates and times as readers see them, and the moment the site is built for.

Pages are static, yet they say whether a video is out yet and which session comes next. They
do so against the build's `Clock`: the moment of the build, or the one named in
COLLOQUIUM_BUILD_DATE (previews of another day, and tests that must give the same pages on
every day they run). A release date is a day in the event's own time zone: it takes effect at
midnight there, not at midnight where the build machine happens to be.

Times are local to the event: an event's `timezone` applies to every time in it, and English
pages show the zone's abbreviation for that day (KST; EDT before the November change, EST
after). How dates and times are written in each language: colloquium.translations.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from colloquium import build_cache

BUILD_DATE_VARIABLE = "COLLOQUIUM_BUILD_DATE"
UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class Clock:
    """When the site is built: an `instant` (aware datetime), or a `day` that is "today" in
    every time zone (a preview of that day; the same pages wherever the build runs)."""

    instant: dt.datetime | None = None
    day: dt.date | None = None

    def today(self, zone: ZoneInfo) -> dt.date:
        """The date in `zone` at the build: what release dates in that zone are compared with."""
        return self.day if self.day is not None else self.instant.astimezone(zone).date()

    def now(self, zone: ZoneInfo) -> dt.datetime:
        """The build's moment as seen in `zone` (a day clock: the start of that day there)."""
        if self.day is not None:
            return dt.datetime.combine(self.day, dt.time(0), tzinfo=zone)
        return self.instant.astimezone(zone)

    @property
    def utc_day(self) -> dt.date:
        """The build's day in UTC: DTSTAMP of the calendars, so that a rebuild on the same day
        gives the same bytes."""
        return self.today(UTC)


# Years a date may have. Calendars and the feed turn dates into instants in the event's time
# zone; near the ends of Python's dates (years 1 and 9999) that overflows, and a year far from
# today is a typo. The build is tested at both ends (tests/site/test_mistakes_text.py).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def build_clock(environ: Mapping[str, str] = os.environ) -> Clock:
    """The build's clock: COLLOQUIUM_BUILD_DATE if set (YYYY-MM-DD for a day, or an ISO
    date and time with its offset, e.g. 2025-11-03T15:00-05:00, for an instant), else now.

    Raises ValueError with a message for the organizer when the variable is malformed."""
    value = environ.get(BUILD_DATE_VARIABLE, "").strip()
    if not value:
        return Clock(instant=dt.datetime.now(UTC))
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return _in_range(Clock(day=dt.date.fromisoformat(value)), value)
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ValueError(
            f"{BUILD_DATE_VARIABLE}={value!r} is neither a date (YYYY-MM-DD) nor a date and time "
            "with its offset from UTC (e.g. 2025-11-03T15:00-05:00 or 2025-11-03T20:00Z)"
        )
    return _in_range(Clock(instant=instant), value)


def _in_range(clock: Clock, value: str) -> Clock:
    """A build date within the years the data may have (every zone's day must exist)."""
    day = clock.day or clock.instant.date()
    if not FIRST_YEAR < day.year < LAST_YEAR:
        raise ValueError(f"{BUILD_DATE_VARIABLE}={value!r} is out of range (a build date is between {FIRST_YEAR + 1} and {LAST_YEAR - 1})")
    return clock


def local_time_problem(day: dt.date, time: dt.time, zone: ZoneInfo) -> str | None:
    """Why `time` on `day` is not one instant in `zone`, or None: it falls in the hour the
    clocks skip, it happens twice as they go back, or the zone's offset then was not in whole
    minutes (local mean time, before 1900-1970 in many places), which calendars and browsers
    cannot write."""
    naive = dt.datetime.combine(day, time)
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    when = f"{time:%H:%M} on {day.isoformat()}"
    if first.utcoffset() != second.utcoffset():
        moved = first.astimezone(UTC).astimezone(zone)
        if moved.replace(tzinfo=None) != naive:
            return (f"{when} does not exist in {zone.key}: the clocks skip it for daylight saving time; "
                    f"write the time after the change, e.g. {moved:%H:%M}")
        return (f"{when} happens twice in {zone.key}: the clocks go back over it; write a time outside the "
                "repeated hour (a session that really starts then can be moved by a few minutes)")
    if first.utcoffset().total_seconds() % 60:
        return (f"in {day.year}, {zone.key} kept local mean time (UTC offset {first:%z}, with seconds), which "
                "calendars and browsers cannot show; check the year")
    return None


def abbreviation(moment: dt.datetime) -> str:
    """The zone's abbreviation at `moment` (KST, CEST); the city where a zone has none ('+08'
    is no name readers know) or where its abbreviation also names another offset elsewhere
    ('CST' is Taipei's, Shanghai's and Chicago's: Taipei time)."""
    name = moment.tzname() or ""
    shared = _shared_abbreviations(moment.year)
    if not name.isalpha() or any(other in shared for other in _names_in_year(moment.tzinfo, moment.year)):
        return zone_city(moment.tzinfo)  # the city all year round, not CST in winter and CDT in summer
    return name


def _names_in_year(zone: dt.tzinfo | None, year: int) -> set[str | None]:
    """The zone's abbreviations in `year`: January's and July's, both sides of daylight saving time."""
    return {dt.datetime(year, month, 15, 12, tzinfo=zone).tzname() for month in (1, 7)}


@functools.cache
def _shared_abbreviations(year: int) -> frozenset[str]:
    """Abbreviations that stand for more than one UTC offset in `year` across the time zone
    database: CST (Chicago, Shanghai, Havana), IST (Kolkata, Dublin, Jerusalem), PST. Going
    through every zone takes some 60 ms: kept between builds for the same database
    (build_cache)."""

    def find() -> bytes:
        offsets: dict[str | None, set[dt.timedelta | None]] = {}
        for key in zoneinfo.available_timezones():
            for month in (1, 7):
                moment = dt.datetime(year, month, 15, 12, tzinfo=ZoneInfo(key))
                offsets.setdefault(moment.tzname(), set()).add(moment.utcoffset())
        return "\n".join(sorted(name for name, found in offsets.items() if name and len(found) > 1)).encode()

    return frozenset(build_cache.cached("shared-abbreviations", (year, _database_version()), find).decode().split("\n"))


def _database_version() -> str:
    """The version of the time zone database zoneinfo reads (the system's, else tzdata's)."""
    for folder in zoneinfo.TZPATH:
        try:
            with open(os.path.join(folder, "tzdata.zi"), encoding="utf-8") as file:
                return file.readline().strip()
        except OSError:
            continue
    import tzdata

    return tzdata.IANA_VERSION


def zone_city(zone: ZoneInfo | dt.tzinfo | None) -> str:
    """'New York time' for America/New_York; 'UTC' for UTC."""
    key = getattr(zone, "key", None) or str(zone)
    return key if "/" not in key else f"{key.rsplit('/', 1)[1].replace('_', ' ')} time"


def recurring_zone(zone: ZoneInfo, days: Iterable[dt.date], at: dt.time) -> str:
    """How a weekly time over `days` names its zone: the one abbreviation in use on all of
    them (KST), or the city with every abbreviation in turn when daylight saving changes in
    between ('New York time (EDT/EST)')."""
    names = list(dict.fromkeys(abbreviation(dt.datetime.combine(d, at, tzinfo=zone)) for d in days))
    if len(names) == 1:
        return names[0]
    return f"{zone_city(zone)} ({'/'.join(names)})"
