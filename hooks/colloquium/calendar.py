"""iCalendar (RFC 5545) files: one per site, one per event, one per session.

Readers subscribe to `/calendar.ics` or `/<event-id>/calendar.ics`, or add one session with
its "Add to calendar" file. Every file is made from the site index alone, so two builds of the
same data on the same day give the same bytes:

- UID `<event-id>/<session-id>@<site host>`: a calendar that imported a session recognizes it
  again after a rebuild (and sees it change, e.g. to cancelled) instead of duplicating it. The
  session id is its `id`, or its number: a new title, time or slot keeps both.
- SEQUENCE and LAST-MODIFIED come from the history of the event's file (history.py), so a
  change to a session updates it in subscribers' calendars; CATEGORIES name the event's kind
  and the topics of the session's readings.
- A session's meeting link, once published (schedule: `published_meeting`), is its CONFERENCE
  (RFC 7986 §5.11), and the LOCATION when the session has no place of its own.
- A course's deadlines (assignments released and due, its `deadlines`) are entries of the
  event's calendar: at their time of day in the event's zone, or all day.
- DTSTAMP is midnight UTC of the build's day, not the wall clock, so a rebuild on the same day
  is byte-identical; a rebuild on a later day still tells subscribers the data may have changed.
- Timed sessions carry the event's IANA time zone (TZID) and a VTIMEZONE, so calendars show
  the local time the organizer wrote, on both sides of a daylight-saving change; start and
  end are the index's instants (an overnight session ends on the next day).
- Sessions with a date but no time are all-day events. Sessions without a date are left out
  (there is nothing to put in a calendar yet). Sessions that do not meet (cancelled, no
  class) stay in with STATUS:CANCELLED, so that a calendar that already has them shows it.
- An event that spans days (a workshop) also gets one all-day entry over its days, marked
  transparent so that it does not show the reader as busy for the whole week.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.resources
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

from colloquium import build_cache, plain_text, translations
from colloquium.kinds.base import DatedItem
from colloquium.schedule import EventEntry, SessionEntry, SiteIndex, writing
from colloquium.translations import gettext

# Calendars re-fetch subscriptions at this interval; the site itself is rebuilt hourly.
REFRESH_INTERVAL = dt.timedelta(days=1)

PRODID = "-//colloquium//calendar//EN"

STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",  # moved to this date: it takes place here (status_note says from where)
    "tentative": "TENTATIVE",
    "cancelled": "CANCELLED",
    "no-class": "CANCELLED",
}


class Calendars:
    """The site's calendar files: the site's, each event's (`event`) and each dated session's
    (`session`), written from one set of entries. A session is in three files: its entry is
    made and serialized once; each file's VTIMEZONEs cover the years of its own entries (a
    session's file on a site that spans a century would otherwise carry a century of a zone's
    rules), each made once per zone and span."""

    def __init__(self, index: SiteIndex, site_name: str) -> None:
        self.index = index
        self.site_name = site_name
        self.outputs = index.outputs
        self.host = urlsplit(self.outputs.site_url).hostname or "localhost"
        self.stamp = dt.datetime.combine(index.built_on, dt.time(0), tzinfo=dt.timezone.utc)
        self.entries: dict[SessionEntry, icalendar.Event] = {}
        self.serialized: dict[int, bytes] = {}  # id(entry) -> its lines
        self.by_event = {event_id: self.event_entries(event) for event_id, event in index.events.items()}

    def site(self) -> bytes:
        return self.calendar([e for es in self.by_event.values() for e in es], self.site_name, self.outputs.absolute(""))

    def event(self, event: EventEntry) -> bytes:
        return self.calendar(self.by_event[event.id], event.event.title, self.url(event.url))

    def session(self, session: SessionEntry) -> bytes:
        """The file of one session, which "Add to calendar" downloads: its entry, to be added to
        the reader's own calendar, so the file names no calendar and asks for no refresh (a file
        with a calendar name opens in Outlook as a calendar of its own)."""
        return self.calendar([self.session_entry(session)])

    def url(self, page: str) -> str:
        return self.outputs.absolute(page)

    def event_entries(self, event: EventEntry) -> list[icalendar.Event]:
        with translations.using(event.language):
            return self._event_entries(event)

    def _event_entries(self, event: EventEntry) -> list[icalendar.Event]:
        entries = [self.session_entry(session) for session in event.dated]
        if event.event.spans_days and event.span is not None:
            entries.insert(0, self.span_entry(event))
        return entries + [self.dated_item_entry(event, item) for item in event.dated_items]

    def revised(self, entry: icalendar.Event, event: EventEntry) -> icalendar.Event:
        """`entry` with its revision, and the language of the texts the generator wrote (RFC 5545 §3.2.10)."""
        for name in ("SUMMARY", "DESCRIPTION"):
            if name in entry:
                entry[name].params["LANGUAGE"] = event.language
        entry.sequence = event.revision.sequence
        if event.revision.last_modified is not None:
            entry.last_modified = event.revision.last_modified
        return entry

    def session_entry(self, session: SessionEntry) -> icalendar.Event:
        if session not in self.entries:
            with writing(session, "its calendar entry"):
                entry = self.entries[session] = self._session_entry(session)
                self.serialized[id(entry)] = entry.to_ical()
        return self.entries[session]

    def _session_entry(self, session: SessionEntry) -> icalendar.Event:
        if session.is_timed:
            start, end = session.start, session.end
        else:
            start, end = session.session.date, session.session.date + dt.timedelta(days=1)
        url = self.url(session.url)
        meeting = session.published_meeting
        entry = icalendar.Event.new(
            uid=f"{session.event_id}/{session.id}@{self.host}",
            stamp=self.stamp,
            start=start,
            end=end,
            summary=f"{session.event.event.title}: {session.session.title}",
            description=self.description(session, url),
            location=session.location or (meeting.url if meeting else None),
            url=url,
            status=STATUS[session.status],
            categories=session.categories(self.index.site),
        )
        if meeting is not None:
            conference = icalendar.vUri(meeting.url)
            conference.params.update({"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": meeting.service or gettext("Join online")})
            entry.add("CONFERENCE", conference)
        return self.revised(entry, session.event)

    def dated_item_entry(self, event: EventEntry, deadline: DatedItem) -> icalendar.Event:
        """At its time (an instant: no DTEND, RFC 5545 §3.6.1), or all day."""
        url = self.url(event.url) + "#deadlines"
        entry = icalendar.Event.new(
            uid=f"{event.id}/deadline/{deadline.id}@{self.host}",
            stamp=self.stamp,
            start=deadline.moment or deadline.day,
            end=None if deadline.moment else deadline.day + dt.timedelta(days=1),
            summary=f"{event.event.title}: {deadline.title}",
            description="\n\n".join(filter(None, [deadline.note, deadline.url, url])),
            url=url,
            transparency="TRANSPARENT",
            categories=[gettext(event.event.display_name), gettext("Deadline")],
        )
        return self.revised(entry, event)

    def span_entry(self, event: EventEntry) -> icalendar.Event:
        url = self.url(event.url)
        first, last = event.span
        entry = icalendar.Event.new(
            uid=f"{event.id}@{self.host}",
            stamp=self.stamp,
            start=first,
            end=last + dt.timedelta(days=1),  # DTEND of an all-day event is exclusive
            summary=event.event.title,
            description="\n\n".join(filter(None, [
                event.event.subtitle, plain_text.from_markdown(event.event.description),
                event.registration and event.registration.line(), url,
            ])),
            location=event.event.location,
            url=url,
            transparency="TRANSPARENT",
            categories=[gettext(event.event.display_name)],
        )
        return self.revised(entry, event)

    def description(self, session: SessionEntry, url: str) -> str:
        parts = []
        names = [p.name_with_affiliation for p in session.presenters]
        if names:
            parts.append(translations.ngettext("Presenter: %(names)s", "Presenters: %(names)s", len(names)) % {"names": ", ".join(names)})
        if session.status_line():
            parts.append(session.status_line())
        if session.session.summary:
            parts.append(plain_text.from_markdown(session.session.summary))
        for label, link in ((gettext("Join online"), session.published_meeting), (gettext("Watch live"), session.published_stream)):
            if link:
                parts.append(f"{label}: {link.url}")
        if session.registration:
            parts.append(session.registration.line())
        parts.append(url)
        return "\n\n".join(parts)

    def calendar(self, entries: list[icalendar.Event], name: str | None = None, url: str | None = None) -> bytes:
        """A VCALENDAR of `entries` with the VTIMEZONEs they use, in a fixed (sorted) order,
        covering the years of these entries. (Calendar.add_missing_timezones would add them
        too, but in set order, which changes from run to run, and over 1970-2038, which makes
        every file large.) Each entry is serialized once for the site's, its event's and its own file.
        A calendar to subscribe to has a `name` and the `url` of its page, and asks for a daily refresh."""
        calendar = icalendar.Calendar()
        calendar.prodid = PRODID
        calendar.version = "2.0"
        calendar.calscale = "GREGORIAN"
        if name is not None:
            calendar.calendar_name = name  # NAME and X-WR-CALNAME: the title calendars show
            calendar.url = url
            calendar.refresh_interval = REFRESH_INTERVAL
            calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
            # the same hint, for clients that predate RFC 7986
            calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))
        head = calendar.to_ical().removesuffix(_END)
        moments = [moment for e in entries for moment in (e.start, e.end) if isinstance(moment, dt.datetime)]
        years = (dt.date(min(m.year for m in moments), 1, 1), dt.date(max(m.year for m in moments) + 1, 1, 1)) if moments else None
        parts = [_vtimezone(tzid, *years) for tzid in sorted({moment.tzinfo.key for moment in moments})]
        for entry in entries:
            if id(entry) not in self.serialized:
                self.serialized[id(entry)] = entry.to_ical()
            parts.append(self.serialized[id(entry)])
        return head + b"".join(parts) + _END


_END = b"END:VCALENDAR\r\n"


@functools.cache
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE of `tzid` over these years, serialized: computed once per process (every
    file shares it) and kept between builds (build_cache), keyed by the zone's data, the years
    and icalendar's version."""
    key = (tzid, first, last, icalendar.__version__, _zone_data(tzid))
    return build_cache.cached("vtimezone", key, lambda: icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical())


def _zone_data(tzid: str) -> bytes:
    """The zone's rules as Python's zoneinfo reads them (the system's database or tzdata's)."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / tzid
        if path.is_file():
            return hashlib.sha256(path.read_bytes()).digest()
    return importlib.resources.files("tzdata.zoneinfo").joinpath(tzid).read_bytes()
