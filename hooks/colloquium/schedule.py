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
  the build's day in the event's own zone (one rule: model.Releasable);
- its URL (`url`) and calendar file (`calendar`), from the one `Outputs`;
- its meeting and stream links (the session's, else the event's), published from their
  `visible_before` window until the session ends (`published_meeting`, `published_stream`);
- its registration (the session's, else the event's) and whether it is upcoming, open or
  closed at the build (`registration`; an event's own: `EventEntry.registration`);
- an event's dated items (a course's assignments released and due, its other deadlines) in
  the event's zone (`EventEntry.dated_items`, from its kind), and how often its file changed
  (`EventEntry.revision`, for the calendars' SEQUENCE).

Every entry knows the build's moment (the index's clock, in its event's zone): a writer or
template asks an entry's phase or release state without handing the clock back.

Building the index is linear in the number of sessions: every lookup a writer needs (an
event's sessions, a person's sessions, the sessions citing a reading) is a dictionary made
here once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from colloquium import dates, translations
from colloquium.dates import Clock
from colloquium.history import Revision
from colloquium.kinds.base import DatedItem, EventBase
from colloquium.loader import Site
from colloquium.model import Guest, Material, OnlineLink, Person, Registration, Releasable, Session, ends_at, ends_next_day, starts_at
from colloquium.outputs import Outputs
from colloquium.translations import N_, gettext

# A session with a start time but no end, and no default session time, is shown this long.
DEFAULT_DURATION = dt.timedelta(hours=1)
# How many upcoming sessions the home page lists.
NEXT_SESSIONS = 8
# A session's status as pages, calendars and the feed name it (a scheduled session with a note: "Note").
STATUS_NAMES = {"scheduled": N_("Note"), "tentative": N_("Tentative"), "cancelled": N_("Cancelled"),
                "rescheduled": N_("Rescheduled"), "no-class": N_("No class")}


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
class RegistrationEntry:
    """A registration as the outputs show it: its link and note, its state at the build
    ('upcoming', 'open', 'closed'), and when it opens and closes as instants in the event's
    zone (`closes`: given, else when what it is for is over)."""

    link: Registration
    state: str
    opens: dt.datetime | None
    closes: dt.datetime | None

    @property
    def url(self) -> str:
        return self.link.url

    @property
    def note(self) -> str | None:
        return self.link.note

    @property
    def opens_text(self) -> str | None:
        """'Mon, Sep 15, 2025' or 'Mon, Sep 15, 2025, 12:00 KST'."""
        return _moment_text(self.link.opens, self.opens) if self.link.opens is not None else None

    def line(self) -> str:
        """One line for calendars and e-mail: 'Register: <link> (until ...; Places are limited)',
        'Registration opens on ...: <link>', or 'Registration is closed.'."""
        if self.state == "closed":
            return gettext("Registration is closed.")
        notes = [gettext("until %(moment)s") % {"moment": self.closes_text} if self.closes_text else None, self.note]
        notes = "; ".join(filter(None, notes))
        head = gettext("Registration opens on %(moment)s") % {"moment": self.opens_text} if self.state == "upcoming" else gettext("Register")
        return f"{head}: {self.url}" + (f" ({notes})" if notes else "")

    @property
    def closes_text(self) -> str | None:
        """When it closes, as the organizer wrote it; None when it closes with the session."""
        return _moment_text(self.link.closes, starts_at(self.link.closes, self.closes.tzinfo)) if self.link.closes is not None else None


def _moment_text(written: dt.date, moment: dt.datetime) -> str:
    if isinstance(written, dt.datetime):
        return translations.current().moment(moment)
    return translations.current().weekday_day(written)


def _registration(link: Registration | None, now: dt.datetime, over: dt.datetime | None) -> RegistrationEntry | None:
    if link is None:
        return None
    zone = now.tzinfo
    closes = ends_at(link.closes, zone) if link.closes is not None else over
    opens = starts_at(link.opens, zone) if link.opens is not None else None
    return RegistrationEntry(link, link.state(now, over), opens, closes)


@dataclass(eq=False)
class EventEntry:
    """An event of the site with its sessions in the order the organizer wrote them."""

    id: str
    event: EventBase
    url: str
    clock: Clock  # the build's moment
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)  # the build's environment: links kept out of git
    calendar: str | None = None  # the calendar its page offers: with calendars on the site and a dated session
    sessions: list[SessionEntry] = field(default_factory=list)
    revision: Revision = Revision()
    dated_items: list[DatedItem] = field(default_factory=list)  # in time order
    language: str = translations.SOURCE_LANGUAGE  # its own `language`, else the site's: what its outputs are written in

    @property
    def title(self) -> str:
        return self.event.title

    @functools.cached_property
    def zone(self) -> ZoneInfo:
        """The event's zone; events without times of day have none and count days in UTC."""
        return ZoneInfo(self.event.timezone or "UTC")

    @functools.cached_property
    def today(self) -> dt.date:
        """The build's day in the event's zone: what release dates are compared with."""
        return self.clock.today(self.zone)

    @functools.cached_property
    def now(self) -> dt.datetime:
        """The build's moment in the event's zone."""
        return self.clock.now(self.zone)

    def link(self, link: OnlineLink | None) -> OnlineLink | None:
        """`link` with its address, a secret's from the build's environment; None while the
        build lacks the secret or it holds no https link (a notice says which)."""
        try:
            return link.resolved(self.secrets) if link is not None else None
        except ValueError:
            return None

    def release_state(self, item: Releasable) -> str:
        """'released', 'scheduled', 'overdue' or 'unavailable' at the build (model.Releasable)."""
        return item.release_state(self.today)

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
        language = translations.current()
        for label, times, days_of_week in self.event.recurring_times():
            days_of_week = "/".join(language.weekday_name(day) for day in days_of_week)
            text = language.time_range(times.start, times.end)
            if ends_next_day(times.start, times.end):
                text += " " + gettext("(next day)")
            zone = language.recurring_zone(self.zone, days, times.start) if days else language.zone_of(self.zone)
            shown.append((gettext(label), f"{days_of_week} {language.at(text, zone)}".strip()))
        return shown

    @functools.cached_property
    def upcoming(self) -> list[SessionEntry]:
        """The sessions that meet and have not ended at the build, in time order."""
        return [s for s in self.by_time if s.meets and s.phase != "ended"]

    @property
    def next_session(self) -> SessionEntry | None:
        return next(iter(self.upcoming), None)

    @functools.cached_property
    def by_time(self) -> list[SessionEntry]:
        """Dated sessions in the order they take place."""
        return sorted(self.dated, key=lambda s: s.sort_key)

    @functools.cached_property
    def registration(self) -> RegistrationEntry | None:
        """The event's own registration; without `closes` it closes after the event's last day."""
        over = dt.datetime.combine(self.span[1] + dt.timedelta(days=1), dt.time(0), tzinfo=self.zone) if self.span else None
        return _registration(self.event.registration, self.now, over)

    @functools.cached_property
    def phase(self) -> str:
        """'current', 'upcoming', 'past' or 'undated' at the build."""
        if self.span is None:
            return "undated"
        start, end = self.span
        return "past" if end < self.today else "upcoming" if start > self.today else "current"


@dataclass(eq=False)
class SessionEntry:
    """A session with everything the outputs need to know about it."""

    event: EventEntry
    id: str
    session: Session
    position: int
    url: str
    presenters: list[Presenter]
    calendar: str | None = None  # its calendar file, when the site has calendars and it has a date

    # -- identity and titles

    @property
    def event_id(self) -> str:
        return self.event.id

    @property
    def label(self) -> str | None:
        """'Week 3', 'Part 2', 'Lecture 5'; for unnumbered sessions the day (and slot)."""
        return self.event.event.session_label(self.session)

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
        return translations.current().instant_range(self.start, self.end) if self._times else None

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

    @functools.cached_property
    def phase(self) -> str | None:
        """'upcoming', 'now' or 'ended' at the build; None when the session has no date."""
        bounds = self.bounds()
        if bounds is None:
            return None
        now = self.event.now
        return "ended" if bounds[1] <= now else "now" if bounds[0] <= now else "upcoming"

    # -- releases

    @functools.cached_property
    def video_state(self) -> str:
        """'released', 'scheduled' (a release date to come), 'overdue' (the release date
        has passed but there is no link yet), 'soon' (no link, no date) or 'none'."""
        video = self.session.video
        if video is None:
            return "none"
        state = self.event.release_state(video)
        return "soon" if state == "unavailable" else state

    def video_day(self) -> dt.date | None:
        """The day the video counts as news: its release, else the session's day, else the
        event's first day."""
        video = self.session.video
        return video and (video.release or self.session.date or (self.event.span[0] if self.event.span else None))

    def material_state(self, material: Material) -> str:
        """'released', 'scheduled', 'overdue' or 'unavailable' (no link, no date)."""
        return self.event.release_state(material)

    # -- text for calendars, feed and announcements

    def status_line(self) -> str | None:
        """'Status: cancelled (Chuseok)', 'Status: rescheduled (from Thu, Oct 9, 2025)'; None if scheduled."""
        session = self.session
        moved_from = session.moved_from
        moved = gettext("from %(day)s") % {"day": translations.current().weekday_day(moved_from)} if moved_from else None
        note = session.status_note or moved
        if self.status == "scheduled" and not note:
            return None
        return gettext("Status: %(status)s") % {"status": gettext(STATUS_NAMES[self.status])} + (f" ({note})" if note else "")

    @property
    def location(self) -> str | None:
        return self.session.location or self.event.event.location

    # -- online

    @property
    def meeting(self) -> OnlineLink | None:
        return self.event.link(self.session.meeting or self.event.event.meeting)

    @property
    def stream(self) -> OnlineLink | None:
        return self.event.link(self.session.stream or self.event.event.stream)

    @property
    def recorded(self) -> bool | None:
        return self.session.recorded if self.session.recorded is not None else self.event.event.recorded

    @property
    def published_meeting(self) -> OnlineLink | None:
        """The meeting link, where the build may publish it (`_published`)."""
        return self._published(self.meeting)

    @property
    def published_stream(self) -> OnlineLink | None:
        return self._published(self.stream)

    @property
    def pending_meeting(self) -> OnlineLink | None:
        """The meeting link held back until shortly before a session that is still to come."""
        if self.meeting is None or self.published_meeting or not self.meets or self.phase == "ended":
            return None
        return self.meeting

    def _published(self, link: OnlineLink | None) -> OnlineLink | None:
        """`link` while it may be published: from `visible_before` minutes before the session
        starts (or always, without `visible_before`) until the session has ended; never for a
        session that does not meet. An undated session has no window for a held-back link."""
        if link is None or not self.meets or self.phase == "ended":
            return None
        if link.visible_before is None:
            return link
        bounds = self.bounds()
        if bounds is None:
            return None
        return link if self.event.now >= bounds[0] - dt.timedelta(minutes=link.visible_before) else None

    @functools.cached_property
    def registration(self) -> RegistrationEntry | None:
        """The session's registration, else the event's; none for a session that does not
        meet. Without `closes` it closes when the session ends."""
        if not self.meets:
            return None
        bounds = self.bounds()
        return _registration(self.session.registration or self.event.event.registration, self.event.now, bounds[1] if bounds else None)

    def categories(self, site: Site) -> list[str]:
        """The event's kind and the topics of what the session reads (calendar CATEGORIES)."""
        topics = [topic for reading_id in self.session.readings for topic in site.readings[reading_id].topics]
        return list(dict.fromkeys([gettext(self.event.event.display_name), *topics]))


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
    language: str = translations.SOURCE_LANGUAGE  # the site's (theme.language): pages about the whole site

    def person(self, ref: str | Guest) -> Presenter:
        return _presenter(self.site, ref)

    @property
    def built_on(self) -> dt.date:
        """The build's day in UTC (calendars' DTSTAMP, the feed's date when it has no entry)."""
        return self.clock.utc_day

    def next_sessions(self, count: int = NEXT_SESSIONS) -> list[SessionEntry]:
        """The next sessions that meet and have not ended, across events, in time order."""
        upcoming = [s for event in self.events.values() for s in event.upcoming]
        upcoming.sort(key=lambda s: s.bounds()[0])
        return upcoming[:count]

    def events_for_home(self) -> list[tuple[EventEntry, str]]:
        """(event, phase): current events first, then upcoming, undated and past ones.

        Current events are ordered by their last day, upcoming by their first day, past ones
        most recent first; undated events keep their order."""

        def key(entry: EventEntry) -> tuple[int, dt.date]:
            phase = entry.phase
            if phase == "undated":
                return 2, dt.date.min
            start, end = entry.span
            if phase == "past":
                return 3, dt.date.max - (end - dt.date.min)
            return (1, start) if phase == "upcoming" else (0, end)

        ordered = sorted(self.events.values(), key=key)
        return [(entry, entry.phase) for entry in ordered]


def build_index(
    site: Site, clock: Clock, outputs: Outputs = Outputs(), revisions: Mapping[str, Revision] | None = None,
    secrets: Mapping[str, str] | None = None, language: str = translations.SOURCE_LANGUAGE,
) -> SiteIndex:
    """Index `site` as of `clock`, with URLs from `outputs`, each event file's `revisions`
    (event id -> Revision; history.revisions) and the build's environment (`secrets`: the
    meeting and stream links that the data names by a repository secret), in the site's `language`
    (an event's own `language` for its own outputs)."""
    events: dict[str, EventEntry] = {}
    sessions: list[SessionEntry] = []
    presented_by: dict[str, list[SessionEntry]] = defaultdict(list)
    citing: dict[str, list[SessionEntry]] = defaultdict(list)
    using: dict[str, list[SessionEntry]] = defaultdict(list)
    listing: dict[str, list[str]] = defaultdict(list)
    roles: dict[str, list[tuple[str, str]]] = {person_id: [] for person_id in site.people}

    for event_id, event in site.events.items():
        entry = EventEntry(event_id, event, outputs.event(event_id), clock, secrets or {},
                           revision=(revisions or {}).get(event_id, Revision()), language=event.language or language)
        with translations.using(entry.language):  # the titles of its dated items
            entry.dated_items = event.dated_items(entry.zone, entry.today)
        events[event_id] = entry
        for position, session in enumerate(event.sessions):
            session_id = event.session_id(session, position)
            item = SessionEntry(
                entry, session_id, session, position, outputs.session(event_id, session_id),
                [_presenter(site, ref) for ref in session.presenters],
                calendar=outputs.session_calendar(event_id, session_id) if outputs.calendars and session.date else None,
            )
            entry.sessions.append(item)
            sessions.append(item)
            for ref in session.presenters:
                if isinstance(ref, str):
                    presented_by[ref].append(item)
            for reading_id in event.readings_of(session):
                citing[reading_id].append(item)
            for name in dict.fromkeys(session.figures):
                using[name].append(item)
        if outputs.calendars and entry.dated:  # a calendar without a dated session would be an empty subscription
            entry.calendar = outputs.event_calendar(event_id)
        for reading_id in event.listed_readings():
            listing[reading_id].append(event_id)
        for role, person_id in event.people_roles():
            roles[person_id].append((role, event_id))
    return SiteIndex(site, clock, outputs, events, sessions, presented_by, citing, using, listing, roles, language)


def _presenter(site: Site, ref: str | Guest) -> Presenter:
    return Presenter(None, ref) if isinstance(ref, Guest) else Presenter(ref, site.people[ref])


def _elapsed(moment: dt.datetime, duration: dt.timedelta) -> dt.datetime:
    """`duration` of real time after `moment`, on the same zone's clock (Python's `+` on an
    aware datetime moves the wall clock, which is not the elapsed time across a change of offset)."""
    return (moment.astimezone(dates.UTC) + duration).astimezone(moment.tzinfo)
