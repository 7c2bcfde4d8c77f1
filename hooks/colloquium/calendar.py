"""iCalendar (RFC 5545) files: one per site, one per event, one per session.

Readers subscribe to `/calendar.ics` or `/<event-id>/calendar.ics`, or add one session with
its "Add to calendar" file `/<event-id>/<session-id>/session.ics`. Every file is made from the
validated Site alone, so two builds of the same data on the same day give the same bytes:

- UID `<event-id>/<session-id>@<site host>`: a calendar that imported a session recognizes it
  again after a rebuild (and sees it change, e.g. to cancelled) instead of duplicating it.
- DTSTAMP is midnight UTC of the build date, not the wall clock, so a rebuild on the same day is
  byte-identical; a rebuild on a later day still tells subscribers the data may have changed.
- Timed sessions carry the event's IANA time zone (TZID) and a VTIMEZONE, so calendars show
  the local time the organizer wrote, on both sides of a daylight-saving change.
- Sessions with a date but no time are all-day events; a session with a start but no end
  lasts DEFAULT_DURATION. Sessions without a date are left out (there is nothing to put in a
  calendar yet). Cancelled and no-class sessions stay in, with STATUS:CANCELLED, so that a
  calendar that already has them shows the cancellation.
- A workshop (several consecutive days) also gets one all-day entry spanning its days, marked
  transparent so that it does not show the reader as busy for the whole week.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from colloquium import dates, links
from colloquium.model import Event, Session, Site
from colloquium.pages import event_span

# A session with a start time but no end, and no default session time, is shown this long.
DEFAULT_DURATION = dt.timedelta(hours=1)

# Calendars re-fetch subscriptions at this interval; the site itself is rebuilt daily.
REFRESH_INTERVAL = dt.timedelta(days=1)

PRODID = "-//colloquium//calendar//EN"

STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",  # moved to this date: it takes place here (status_note says from where)
    "tentative": "TENTATIVE",
    "cancelled": "CANCELLED",
    "no-class": "CANCELLED",
}


def site_calendar_path() -> str:
    return "calendar.ics"


def event_calendar_path(event_id: str) -> str:
    return f"{event_id}/calendar.ics"


def session_calendar_path(event_id: str, session_id: str) -> str:
    return f"{event_id}/{session_id}/session.ics"


# The page URL, presenter names, status line and plain text below are shared with the feed.


def session_page_url(site_url: str, event_id: str, session_id: str) -> str:
    return _base(site_url) + links.session(event_id, session_id)


def presenter_names(site: Site, session: Session) -> list[str]:
    """'Name (Affiliation)' for people in people.yml and inline guests alike."""
    names = []
    for ref in session.presenters:
        person = site.people[ref] if isinstance(ref, str) else ref
        names.append(f"{person.name} ({person.affiliation})" if person.affiliation else person.name)
    return names


def status_line(session: Session) -> str | None:
    """'Status: cancelled (Chuseok)', 'Status: rescheduled (from Thu, Oct 9, 2025)'; None if scheduled."""
    moved_from = getattr(session, "rescheduled_from", None)
    note = session.status_note or (f"from {dates.weekday_day(moved_from)}" if moved_from else None)
    if session.status == "scheduled" and not note:
        return None
    return f"Status: {session.status}" + (f" ({note})" if note else "")


def plain_text(markdown: str | None) -> str | None:
    """Markdown reads as plain text already; only links are rewritten to show their target."""
    if markdown is None:
        return None
    text = re.sub(r"\[([^\]]+)\]\((\S+?)\)", r"\1 (\2)", markdown)
    return text.replace("**", "").replace("`", "")


# ---------------------------------------------------------------------------- files


def site_calendar(site: Site, *, site_url: str, site_name: str, build_date: dt.date) -> bytes:
    """`/calendar.ics`: every dated session of every event."""
    entries = [
        entry
        for event_id in site.events
        for entry in _event_entries(site, event_id, site_url, build_date)
    ]
    return _calendar(entries, name=site_name, url=_base(site_url))


def event_calendar(site: Site, event_id: str, *, site_url: str, build_date: dt.date) -> bytes:
    """`/<event-id>/calendar.ics`: the event's dated sessions (and, for a workshop, its days)."""
    entries = _event_entries(site, event_id, site_url, build_date)
    return _calendar(entries, name=site.events[event_id].title, url=_base(site_url) + links.event(event_id))


def session_calendar(
    site: Site, event_id: str, session_id: str, *, site_url: str, build_date: dt.date
) -> bytes | None:
    """The "Add to calendar" file of one session, or None when the session has no date."""
    event = site.events[event_id]
    session = dict(site.sessions(event_id))[session_id]
    if session.date is None:
        return None
    entry = _session_entry(site, event_id, event, session_id, session, site_url, build_date)
    return _calendar([entry], name=f"{event.title}: {session.title}", url=entry["URL"])


def calendar_files(site: Site, *, site_url: str, site_name: str, build_date: dt.date) -> dict[str, bytes]:
    """Every calendar file of the site, keyed by its path under the site root (no leading /).

    A session without a date has no file; its page should not offer "Add to calendar".
    """
    files = {site_calendar_path(): site_calendar(site, site_url=site_url, site_name=site_name, build_date=build_date)}
    for event_id in site.events:
        files[event_calendar_path(event_id)] = event_calendar(site, event_id, site_url=site_url, build_date=build_date)
        for session_id, _ in site.sessions(event_id):
            ics = session_calendar(site, event_id, session_id, site_url=site_url, build_date=build_date)
            if ics is not None:
                files[session_calendar_path(event_id, session_id)] = ics
    return files


# ---------------------------------------------------------------------------- entries


def _event_entries(site: Site, event_id: str, site_url: str, build_date: dt.date) -> list[icalendar.Event]:
    event = site.events[event_id]
    entries = [
        _session_entry(site, event_id, event, session_id, session, site_url, build_date)
        for session_id, session in site.sessions(event_id)
        if session.date is not None
    ]
    if event.kind == "workshop":
        days = event_span(event)
        if days is not None:
            entries.insert(0, _event_span_entry(event_id, event, days, site_url, build_date))
    return entries


def _session_entry(
    site: Site, event_id: str, event: Event, session_id: str, session: Session, site_url: str, build_date: dt.date
) -> icalendar.Event:
    start, end = _session_times(event, session)
    url = session_page_url(site_url, event_id, session_id)
    return icalendar.Event.new(
        uid=f"{event_id}/{session_id}@{_host(site_url)}",
        stamp=_stamp(build_date),
        start=start,
        end=end,
        summary=f"{event.title}: {session.title}",
        description=_description(site, session, url),
        location=session.location or event.location,
        url=url,
        status=STATUS["no-class" if getattr(session, "type", None) == "no-class" else session.status],
    )


def _event_span_entry(
    event_id: str, event: Event, days: tuple[dt.date, dt.date], site_url: str, build_date: dt.date
) -> icalendar.Event:
    url = _base(site_url) + links.event(event_id)
    first, last = days
    return icalendar.Event.new(
        uid=f"{event_id}@{_host(site_url)}",
        stamp=_stamp(build_date),
        start=first,
        end=last + dt.timedelta(days=1),  # DTEND of an all-day event is exclusive
        summary=event.title,
        description="\n\n".join(filter(None, [event.subtitle, plain_text(event.description), url])),
        location=event.location,
        url=url,
        transparency="TRANSPARENT",
    )


def _session_times(event: Event, session: Session) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    times = event.time_of(session)
    if times is None:
        return session.date, session.date + dt.timedelta(days=1)
    start_time, end_time = times
    zone = ZoneInfo(event.timezone)
    start = dt.datetime.combine(session.date, start_time, tzinfo=zone)
    end = dt.datetime.combine(session.date, end_time, tzinfo=zone) if end_time else start + DEFAULT_DURATION
    return start, end


def _description(site: Site, session: Session, url: str) -> str:
    parts = []
    presenters = presenter_names(site, session)
    if presenters:
        parts.append(("Presenter: " if len(presenters) == 1 else "Presenters: ") + ", ".join(presenters))
    if status_line(session):
        parts.append(status_line(session))
    if session.summary:
        parts.append(plain_text(session.summary))
    parts.append(url)
    return "\n\n".join(parts)


# ---------------------------------------------------------------------------- the calendar


def _calendar(entries: list[icalendar.Event], *, name: str, url: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    calendar.calendar_name = name  # NAME and X-WR-CALNAME: the title calendars show
    calendar.url = url
    calendar.refresh_interval = REFRESH_INTERVAL
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
    # the same hint, for clients that predate RFC 7986
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))
    for entry in entries:
        calendar.add_component(entry)
    _add_timezones(calendar, entries)
    return calendar.to_ical()


def _add_timezones(calendar: icalendar.Calendar, entries: list[icalendar.Event]) -> None:
    """One VTIMEZONE per TZID used, in a fixed (sorted) order, covering the calendar's years.

    (Calendar.add_missing_timezones would do this too, but in set order, which changes from run
    to run, and over 1970-2038, which makes every file large.)
    """
    if not entries:
        return
    years = [e.start.year for e in entries] + [e.end.year for e in entries]
    first, last = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        calendar.subcomponents.insert(position, _vtimezone(tzid, first, last))


@functools.cache
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """Computing a VTIMEZONE takes tens of milliseconds and every session file needs one:
    compute each once (calendars only read it)."""
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _stamp(build_date: dt.date) -> dt.datetime:
    return dt.datetime.combine(build_date, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def _host(site_url: str) -> str:
    return urlsplit(site_url).hostname or "localhost"
