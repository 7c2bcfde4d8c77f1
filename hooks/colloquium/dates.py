"""Dates and times as readers see them, and the day the site is built for.

Pages are static, yet they say whether a video or material is out yet. They do so against the
build date: today, or the day named in COLLOQUIUM_BUILD_DATE (for previews of a future day and
for tests that must give the same pages on every day they run). The site is rebuilt daily, so
a release appears on its day.

Times are local to the event: an event's `timezone` applies to every time in it, and pages
show the zone's abbreviation for that day (KST, CEST ...), which follows daylight saving.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo

BUILD_DATE_VARIABLE = "COLLOQUIUM_BUILD_DATE"


def build_date(environ: Mapping[str, str] = os.environ) -> dt.date:
    """The day the pages describe: COLLOQUIUM_BUILD_DATE (YYYY-MM-DD) if set, else today."""
    value = environ.get(BUILD_DATE_VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{BUILD_DATE_VARIABLE}={value!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"{BUILD_DATE_VARIABLE}={value!r} is not a date ({error})") from None


def day(date: dt.date) -> str:
    """'Sep 2, 2025'."""
    return f"{date:%b} {date.day}, {date.year}"


def weekday_day(date: dt.date) -> str:
    """'Tue, Sep 2, 2025': schedules are read by weekday."""
    return f"{date:%a}, {day(date)}"


def day_range(start: dt.date, end: dt.date | None) -> str:
    """'Mar 30 – Apr 3, 2026', 'Sep 1, 2025 – Jan 3, 2026', or one day."""
    if end is None or end == start:
        return day(start)
    if start.year == end.year:
        return f"{start:%b} {start.day} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def clock(time: dt.time) -> str:
    """'9:30', '16:00': a 24-hour clock reads the same everywhere."""
    return f"{time.hour}:{time.minute:02d}"


def time_range(start: dt.time, end: dt.time | None, timezone: str, on: dt.date | None) -> str:
    """'10:30–11:45 KST': local times with the zone's abbreviation on that day.

    Without a day (a weekly meeting time) the abbreviation may change over the year, so the
    zone's IANA name is shown instead.
    """
    text = f"{clock(start)}–{clock(end)}" if end else clock(start)
    return f"{text} {zone_label(timezone, on, start) if on else timezone}"


def zone_label(timezone: str, on: dt.date, at: dt.time = dt.time(12)) -> str:
    """The abbreviation in use (KST, CET/CEST); the IANA name where a zone has none ('+09')."""
    abbreviation = dt.datetime.combine(on, at, tzinfo=ZoneInfo(timezone)).tzname() or ""
    return abbreviation if abbreviation.isalpha() else timezone
