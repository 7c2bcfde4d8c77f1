"""The site index: every event and session with each fact about it decided once.

Pages, calendars, the feed, the notices and the command line all read one `SiteIndex`, so
they cannot disagree. Each fact has one home here:

- whether a session meets (`SessionEntry.meets`, from the model's `effective_status`: a
  course's `type: no-class` day does not meet, whatever its `status` says);
- its start and end as time-zone-aware instants (`start`, `end`), or its day when it has no
  time (`is_timed` false). An end earlier than the start is on the next day; a start without
  an end lasts DEFAULT_DURATION;
- whether it is upcoming, happening or over at the build (`phase`), and which session of an
  event comes next (`EventEntry.next_session`);
- the release state of its video and materials (`video_state`, `material_state`), against
  the build's day in the event's own zone;
- its URL (`url`), from the one `Outputs`;
- its meeting and stream links (the session's, else the event's) and whether they are
  published yet (`published_link`);
- an event's deadlines (a course's assignments released and due, its other deadlines) as
  dated entries in the event's zone (`EventEntry.deadlines`), and how often its file changed
  (`EventEntry.revision`, for the calendars' SEQUENCE).

Building the index is linear in the number of sessions: every lookup a writer needs (an
event's sessions, a person's sessions, the sessions citing a reading) is a dictionary made
here once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from colloquium import dates
from colloquium.dates import Clock
from colloquium.history import Revision
from colloquium.model import Event, Guest, Material, OnlineLink, Person, Session, Site, ends_next_day
from colloquium.outputs import Outputs

# A session with a start time but no end, and no default session time, is shown this long.
DEFAULT_DURATION = dt.timedelta(hours=1)
# How many upcoming sessions the home page lists.
NEXT_SESSIONS = 8


class OutputError(Exception):
    """An output could not be made from data that validation let through: reported as an
    error at the session (or event) it was made from, never as a stack."""

    def __init__(self, where: EventEntry | SessionEntry, output: str, error: Exception) -> None:
        self.where, self.output, self.error = where, output, error
        super().__init__(f"{output}: {type(error).__name__}: {error}")


@contextlib.contextmanager
def writing(where: EventEntry | SessionEntry, output: str):
    """Run a writer on one event or session; any exception becomes an OutputError naming it."""
    try:
        yield
    except OutputError:
        raise
    except Exception as error:  # noqa: BLE001 -- whatever a library raises, the organizer hears where
        raise OutputError(where, output, error) from error


@dataclass(frozen=True)
class Presenter:
    """A presenter or staff member: from people.yml (`id` set, with a page) or an inline guest."""

    id: str | None
    person: Person | Guest

    @property
    def name_with_affiliation(self) -> str:
        """'Name (Affiliation)', as calendars and feeds write it."""
        p = self.person
        return f"{p.name} ({p.affiliation})" if p.affiliation else p.name


@dataclass(frozen=True)
class DeadlineEntry:
    """A course's deadline: an assignment released or due, or one of its `deadlines`."""

    id: str  # unique in the event: 'hw-1-due', 'hw-1-release', 'project-proposal'
    title: str  # 'Homework 1 due'
    day: dt.date
    moment: dt.datetime | None  # in the event's zone, when a time of day is given
    url: str | None = None  # the assignment, once released
    note: str | None = None

    @property
    def time_text(self) -> str | None:
        return f"{dates.clock(self.moment.time())} {dates.abbreviation(self.moment)}" if self.moment else None


@dataclass(eq=False)
class EventEntry:
    """An event of the site with its sessions in the order the organizer wrote them."""

    id: str
    event: Event
    url: str
    sessions: list[SessionEntry] = field(default_factory=list)
    revision: Revision = Revision()
    deadlines: list[DeadlineEntry] = field(default_factory=list)  # in time order

    @property
    def title(self) -> str:
        return self.event.title

    @functools.cached_property
    def zone(self) -> ZoneInfo:
        """The event's zone; events without times of day have none and count days in UTC."""
        return ZoneInfo(self.event.timezone or "UTC")

    @functools.cached_property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """First and last day: the event's `dates`, else its dated sessions."""
        event = self.event
        if event.dates is not None:
            return event.dates.start, event.dates.end or event.dates.start
        days = [s.session.date for s in self.sessions if s.session.date is not None]
        return (min(days), max(days)) if days else None

    @property
    def has_times(self) -> bool:
        """Whether the event shows any time of day (then its time zone matters to readers)."""
        return bool(self.event.recurring_times()) or any(s.is_timed for s in self.sessions)

    @property
    def dated(self) -> list[SessionEntry]:
        return [s for s in self.sessions if s.session.date is not None]

    def recurring_times(self) -> list[tuple[str, str]]:
        """(label, '16:00–17:30 New York time (EDT/EST)') of the event's regular times."""
        days = sorted({s.session.date for s in self.dated}) or ([self.span[0]] if self.span else [])
        shown = []
        for label, times in self.event.recurring_times():
            days_of_week = "/".join(getattr(times, "days", []))
            text = dates.clock(times.start) + f"–{dates.clock(times.end)}"
            if ends_next_day(times.start, times.end):
                text += " (next day)"
            zone = dates.recurring_zone(self.zone, days, times.start) if days else dates.zone_city(self.zone)
            shown.append((label, f"{days_of_week} {text} {zone}".strip()))
        return shown

    def upcoming(self, clock: Clock) -> list[SessionEntry]:
        """The sessions that meet and have not ended at the build, in time order."""
        return [s for s in self.by_time if s.meets and s.phase(clock) != "ended"]

    def next_session(self, clock: Clock) -> SessionEntry | None:
        return next(iter(self.upcoming(clock)), None)

    @functools.cached_property
    def by_time(self) -> list[SessionEntry]:
        """Dated sessions in the order they take place."""
        return sorted(self.dated, key=lambda s: s.sort_key)

    def phase(self, clock: Clock) -> str:
        """'current', 'upcoming', 'past' or 'undated' at the build."""
        if self.span is None:
            return "undated"
        today = clock.today(self.zone)
        start, end = self.span
        return "past" if end < today else "upcoming" if start > today else "current"


@dataclass(eq=False)
class SessionEntry:
    """A session with everything the outputs need to know about it."""

    event: EventEntry
    id: str
    session: Session
    position: int
    url: str
    presenters: list[Presenter]

    # -- identity and titles

    @property
    def event_id(self) -> str:
        return self.event.id

    @property
    def label(self) -> str | None:
        """'Week 3', 'Part 2', 'Lecture 5'; for unnumbered sessions the day (and slot)."""
        session = self.session
        if session.number is not None:
            return f"{self.event.event.number_prefix.capitalize()} {session.number}"
        if session.date is not None:
            slot = getattr(session, "slot", None)
            day = dates.weekday_day(session.date)
            return f"{day}, {slot}" if slot else day
        return None

    @property
    def full_title(self) -> str:
        """The page title: the label and the title ('Week 3: DDPM', 'Tue, Sep 16, 2025: No Class')."""
        return f"{self.label}: {self.session.title}" if self.label else self.session.title

    @property
    def short_title(self) -> str:
        """For lists that show the date already: the number stays, the date goes."""
        return self.full_title if self.session.number is not None else self.session.title

    # -- whether and when it meets

    @property
    def status(self) -> str:
        return self.session.effective_status

    @property
    def meets(self) -> bool:
        return self.session.meets

    @functools.cached_property
    def _times(self) -> tuple[dt.datetime, dt.datetime] | None:
        times = self.event.event.time_of(self.session)
        if times is None or self.session.date is None:
            return None
        start_time, end_time = times
        start = dt.datetime.combine(self.session.date, start_time, tzinfo=self.event.zone)
        if end_time is None:
            return start, _elapsed(start, DEFAULT_DURATION)
        end_day = self.session.date + dt.timedelta(days=1 if ends_next_day(start_time, end_time) else 0)
        return start, dt.datetime.combine(end_day, end_time, tzinfo=self.event.zone)

    @property
    def is_timed(self) -> bool:
        return self._times is not None

    @property
    def start(self) -> dt.datetime | None:
        """The start as an aware datetime in the event's zone; None without a time of day."""
        return self._times[0] if self._times else None

    @property
    def end(self) -> dt.datetime | None:
        return self._times[1] if self._times else None

    @property
    def time_text(self) -> str | None:
        """'16:00–17:30 EST', in the event's zone with the abbreviation of that day."""
        return dates.instant_range(self.start, self.end) if self._times else None

    @property
    def sort_key(self) -> tuple:
        if self._times:
            return (self.session.date, self.start.astimezone(dates.UTC))
        return (self.session.date or dt.date.max, dt.datetime.min.replace(tzinfo=dates.UTC))

    def bounds(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The instants between which the session happens; a session without a time lasts
        its whole day in the event's zone. None for undated sessions."""
        if self._times:
            return self._times
        if self.session.date is None:
            return None
        day = self.session.date
        zone = self.event.zone
        return dt.datetime.combine(day, dt.time(0), tzinfo=zone), dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)

    def phase(self, clock: Clock) -> str | None:
        """'upcoming', 'now' or 'ended' at the build; None when the session has no date."""
        bounds = self.bounds()
        if bounds is None:
            return None
        now = clock.now(self.event.zone)
        return "ended" if bounds[1] <= now else "now" if bounds[0] <= now else "upcoming"

    # -- releases

    def video_state(self, clock: Clock) -> str:
        """'released', 'scheduled' (a release date to come), 'overdue' (the release date
        has passed but there is no link yet), 'soon' (no link, no date) or 'none'."""
        video = self.session.video
        if video is None:
            return "none"
        today = clock.today(self.event.zone)
        if video.url is not None and (video.release is None or video.release <= today):
            return "released"
        if video.release is not None:  # without a link on its day it is still expected that day
            return "scheduled" if video.release >= today else "overdue"
        return "soon"

    def video_day(self) -> dt.date | None:
        """The day the video counts as news: its release, else the session's day, else the
        event's first day."""
        video = self.session.video
        return video and (video.release or self.session.date or (self.event.span[0] if self.event.span else None))

    def material_state(self, material: Material, clock: Clock) -> str:
        """'released', 'scheduled', 'overdue' or 'unavailable' (no link, no date)."""
        today = clock.today(self.event.zone)
        if material.url is not None and (material.release is None or material.release <= today):
            return "released"
        if material.release is not None:
            return "scheduled" if material.release >= today else "overdue"
        return "unavailable"

    # -- text for calendars, feed and announcements

    def status_line(self) -> str | None:
        """'Status: cancelled (Chuseok)', 'Status: rescheduled (from Thu, Oct 9, 2025)'; None if scheduled."""
        session = self.session
        moved_from = getattr(session, "rescheduled_from", None)
        note = session.status_note or (f"from {dates.weekday_day(moved_from)}" if moved_from else None)
        if self.status == "scheduled" and not note:
            return None
        return f"Status: {self.status}" + (f" ({note})" if note else "")

    @property
    def location(self) -> str | None:
        return self.session.location or self.event.event.location

    # -- online

    @property
    def meeting(self) -> OnlineLink | None:
        return self.session.meeting or self.event.event.meeting

    @property
    def stream(self) -> OnlineLink | None:
        return self.session.stream or self.event.event.stream

    @property
    def recorded(self) -> bool | None:
        return self.session.recorded if self.session.recorded is not None else self.event.event.recorded

    def published_link(self, link: OnlineLink | None, clock: Clock) -> OnlineLink | None:
        """`link` if it may be published at the build: always, or from `visible_before`
        minutes before the session starts (never for a session that does not meet)."""
        if link is None or not self.meets:
            return None
        if link.visible_before is None:
            return link
        bounds = self.bounds()
        if bounds is None:
            return None
        return link if clock.now(self.event.zone) >= bounds[0] - dt.timedelta(minutes=link.visible_before) else None

    def categories(self, site: Site) -> list[str]:
        """The event's kind and the topics of what the session reads (calendar CATEGORIES)."""
        topics = [topic for reading_id in self.session.readings for topic in site.readings[reading_id].topics]
        return list(dict.fromkeys([self.event.event.display_name, *topics]))


@dataclass(eq=False)
class SiteIndex:
    """The whole site, indexed once: what every output reads."""

    site: Site
    clock: Clock
    outputs: Outputs
    events: dict[str, EventEntry]
    sessions: list[SessionEntry]
    presented_by: dict[str, list[SessionEntry]]  # person id -> sessions presented
    citing: dict[str, list[SessionEntry]]  # reading id -> sessions that read it
    using: dict[str, list[SessionEntry]]  # figure name -> sessions that show it
    listing: dict[str, list[str]]  # reading id -> ids of events that list it
    roles: dict[str, list[tuple[str, str]]]  # person id -> [(role, event id)]

    def person(self, ref: str | Guest) -> Presenter:
        return _presenter(self.site, ref)

    def next_sessions(self, count: int = NEXT_SESSIONS) -> list[SessionEntry]:
        """The next sessions that meet and have not ended, across events, in time order."""
        upcoming = [s for event in self.events.values() for s in event.upcoming(self.clock)]
        upcoming.sort(key=lambda s: s.bounds()[0])
        return upcoming[:count]

    def events_for_home(self) -> list[tuple[EventEntry, str]]:
        """(event, phase): current events first, then upcoming, undated and past ones.

        Current events are ordered by their last day, upcoming by their first day, past ones
        most recent first; undated events keep their order."""

        def key(entry: EventEntry) -> tuple[int, dt.date]:
            phase = entry.phase(self.clock)
            if phase == "undated":
                return 2, dt.date.min
            start, end = entry.span
            if phase == "past":
                return 3, dt.date.max - (end - dt.date.min)
            return (1, start) if phase == "upcoming" else (0, end)

        ordered = sorted(self.events.values(), key=key)
        return [(entry, entry.phase(self.clock)) for entry in ordered]


def build_index(
    site: Site, clock: Clock, outputs: Outputs = Outputs(), revisions: Mapping[str, Revision] | None = None
) -> SiteIndex:
    """Index `site` as of `clock`, with URLs from `outputs` and each event file's `revisions`
    (event id -> Revision; history.revisions)."""
    events: dict[str, EventEntry] = {}
    sessions: list[SessionEntry] = []
    presented_by: dict[str, list[SessionEntry]] = defaultdict(list)
    citing: dict[str, list[SessionEntry]] = defaultdict(list)
    using: dict[str, list[SessionEntry]] = defaultdict(list)
    listing: dict[str, list[str]] = defaultdict(list)
    roles: dict[str, list[tuple[str, str]]] = {person_id: [] for person_id in site.people}

    for event_id, event in site.events.items():
        entry = EventEntry(event_id, event, outputs.event(event_id), revision=(revisions or {}).get(event_id, Revision()))
        entry.deadlines = _deadlines(entry, clock)
        events[event_id] = entry
        for position, session in enumerate(event.sessions):
            session_id = event.session_id(session, position)
            item = SessionEntry(
                entry, session_id, session, position, outputs.session(event_id, session_id),
                [_presenter(site, ref) for ref in session.presenters],
            )
            entry.sessions.append(item)
            sessions.append(item)
            for ref in session.presenters:
                if isinstance(ref, str):
                    presented_by[ref].append(item)
            paper = getattr(session, "paper", None)
            for reading_id in dict.fromkeys([*([paper] if paper else []), *session.readings]):
                citing[reading_id].append(item)
            for name in dict.fromkeys(session.figures):
                using[name].append(item)
        book = getattr(event, "book", None)
        listed = [r for group in event.reading_list for r in group.readings]
        for reading_id in dict.fromkeys(([book] if book else []) + listed):
            listing[reading_id].append(event_id)
        for person_id in event.organizers:
            roles[person_id].append(("Organizer", event_id))
        for person_id in getattr(event, "instructors", []):
            roles[person_id].append(("Instructor", event_id))
        for member in getattr(event, "staff", []):
            roles[member.person].append((member.role, event_id))
    return SiteIndex(site, clock, outputs, events, sessions, presented_by, citing, using, listing, roles)


def _deadlines(event: EventEntry, clock: Clock) -> list[DeadlineEntry]:
    """A course's assignments (released, due) and deadlines, in time order."""
    found = []
    today = clock.today(event.zone)

    def moment(day: dt.date, time: dt.time | None) -> dt.datetime | None:
        return dt.datetime.combine(day, time, tzinfo=event.zone) if time else None

    for assignment in getattr(event.event, "assignments", []):
        released = assignment.url if assignment.release is None or assignment.release <= today else None
        if assignment.release:
            found.append(DeadlineEntry(f"{assignment.id}-release", f"{assignment.title} released",
                                       assignment.release, None, released))
        if assignment.due:
            found.append(DeadlineEntry(f"{assignment.id}-due", f"{assignment.title} due", assignment.due,
                                       moment(assignment.due, assignment.due_time), released))
    taken = {d.id for d in found}
    for deadline in getattr(event.event, "deadlines", []):
        base = deadline.id or re.sub(r"[^a-z0-9]+", "-", deadline.title.lower()).strip("-") or "deadline"
        deadline_id, n = base, 1
        while deadline_id in taken:  # two deadlines with one title: number them
            n += 1
            deadline_id = f"{base}-{n}"
        taken.add(deadline_id)
        found.append(DeadlineEntry(deadline_id, deadline.title, deadline.due, moment(deadline.due, deadline.due_time),
                                   note=deadline.note))
    return sorted(found, key=lambda d: (d.day, d.moment.time() if d.moment else dt.time(23, 59, 59)))


def _presenter(site: Site, ref: str | Guest) -> Presenter:
    return Presenter(None, ref) if isinstance(ref, Guest) else Presenter(ref, site.people[ref])


def _elapsed(moment: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """`duration` of real time after `moment`, on the same zone's clock (Python's `+` on an
    aware datetime moves the wall clock, which is not the elapsed time across a change of offset)."""
    return (moment.astimezone(dates.UTC) + duration).astimezone(moment.tzinfo)
