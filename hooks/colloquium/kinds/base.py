"""What every kind of event has, and the seams where a kind answers for itself.

A kind of event is a subclass of `EventBase` in a module of its own (kinds/seminar.py, ...),
registered in `colloquium.kinds`. It declares its fields and its session model, and answers
every question the rest of the generator asks about it, so that no writer, template, loader
or command asks which kind it holds or whether a field exists:

- its name and words: `display_name`, `about`, `number_prefix` ('week 3'), `numbered`
  (new sessions get numbers, or are named by day and slot);
- its rhythm: `weekly`, `spans_days`, `time_of` (a session's local times, from its own, the
  event's usual time or its slot), `recurring_times`, `next_meeting_day`;
- how its sessions are addressed and named: `session_id`, `session_label`, `address_source`;
- its people and readings: `people_roles`, `listed_readings`, `readings_of`;
- its dated items (a course's assignments and deadlines): `dated_items`;
- its own cross-field checks: `cross_checks`;
- its templates: the event page (`page_template`), the session page (`session_template`, a
  frame whose blocks the kind fills), the skeletons `colloquium new` writes (`skeleton`,
  `session_skeleton`), found in `templates` (the package's own folder for the built-in kinds).
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from colloquium import dates
from colloquium.errors import DataError, Located, error_at, session_name
from colloquium.model import (
    DateRange,
    Link,
    Markdown,
    OnlineLink,
    PersonRef,
    ReadingList,
    Registration,
    Section,
    Session,
    SitePath,
    Strict,
    Text,
    TimeRange,
    TimeZone,
    ends_at,
    ends_next_day,
)

# templates/pages/ (page templates) and templates/new/ (skeletons) of the built-in kinds.
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@dataclass(frozen=True)
class DatedItem:
    """A dated item of an event beside its sessions: an assignment released or due, a deadline."""

    id: str  # unique in the event: 'hw-1-due', 'hw-1-release', 'project-proposal'
    title: str  # 'Homework 1 due'
    day: dt.date
    moment: dt.datetime | None  # in the event's zone, when a time of day is given
    url: str | None = None  # the assignment, once released
    note: str | None = None

    @property
    def time_text(self) -> str | None:
        return f"{dates.clock(self.moment.time())} {dates.abbreviation(self.moment)}" if self.moment else None


class EventBase(Strict):
    """Fields every kind of event has. The event id is the file name (data/events/<id>.yml)."""

    title: Text
    subtitle: Text | None = None
    term: Text | None = None
    institution: Text | None = None
    dates: DateRange | None = None
    timezone: TimeZone | None = Field(
        None, description="IANA time zone of the event's city, e.g. 'Asia/Seoul'; required when sessions have times"
    )
    location: Text | None = None
    organizers: list[PersonRef] = []
    description: Markdown | None = None
    sections: list[Section] = []
    resources: list[Link] = []
    reading_list: list[ReadingList] = []
    session_time: TimeRange | None = Field(None, description="Default time of sessions that give none")
    meeting: OnlineLink | None = Field(None, description="Where to join every session online, unless a session gives its own")
    stream: OnlineLink | None = Field(None, description="Where to watch every session live, unless a session gives its own")
    recorded: bool | None = Field(None, description="Whether sessions are recorded, unless a session says otherwise")
    registration: Registration | None = Field(None, description="Where to sign up for the event, unless a session gives its own")
    image: SitePath | None = Field(
        None, description="The event's picture for link previews (a path under content/, e.g. assets/images/seminar.png)"
    )

    # Each kind declares `kind: Literal["<kind>"]` and, last, `sessions: list[<its session model>]`.

    display_name: ClassVar[str]
    about: ClassVar[str]  # one line, shown by `colloquium new`
    number_prefix: ClassVar[str] = "session"
    numbered: ClassVar[bool] = True  # new sessions get the next number (else: named by day and slot)
    spans_days: ClassVar[bool] = False  # a few consecutive days: its calendar has one entry for them all
    weekly: ClassVar[bool] = False  # meets once a week: `colloquium new session` proposes a week later
    videos_expected: ClassVar[bool] = False  # its sessions are recorded as a rule: a page says when one has none
    templates: ClassVar[Path] = PACKAGE_TEMPLATES
    session_template: ClassVar[str] = "session.md.j2"
    session_skeleton: ClassVar[str] = "session.yml"
    # What search engines are told the event is (schema.org): an 'Event' with its sessions as
    # sub-events, an 'EventSeries' (a weekly series), or a 'Course' (structured_data.py).
    schema_type: ClassVar[str] = "Event"

    @classmethod
    def kind_name(cls) -> str:
        """The `kind:` value of this class ('reading-group')."""
        return typing.get_args(cls.model_fields["kind"].annotation)[0]

    @classmethod
    def page_template(cls) -> str:
        return f"event-{cls.kind_name()}.md.j2"

    @classmethod
    def skeleton(cls) -> str:
        return f"{cls.kind_name()}.yml"

    # -- sessions: addresses and names

    @classmethod
    def session_id(cls, session: Session, index: int) -> str:
        """The URL segment of a session: its `id`, else derived from number, date or position."""
        if session.id:
            return session.id
        if session.number is not None:
            return f"{cls.number_prefix}-{session.number}"
        if session.date is not None:
            return session.date.isoformat()
        return f"session-{index + 1}"

    @classmethod
    def session_label(cls, session: Session) -> str | None:
        """'Week 3', 'Part 2', 'Lecture 5'; for unnumbered sessions the day."""
        if session.number is not None:
            return f"{cls.number_prefix.capitalize()} {session.number}"
        if session.date is not None:
            return dates.weekday_day(session.date)
        return None

    @classmethod
    def address_source(cls, session: Session) -> str:
        """What the address of a session without `id` or `number` comes from (for notices)."""
        return "its date" if session.date else "its place in the list"

    @classmethod
    def draft_session(cls, number: int | None, date: dt.date | None) -> Session:
        """The session `colloquium new session` writes (its session skeleton shows these values)."""
        return Session(title="To be announced", number=number, date=date)

    # -- times

    def time_of(self, session: Session) -> tuple[dt.time, dt.time | None] | None:
        """Local start and end (end may be unknown) of a session, or None for an all-day one."""
        if session.start:
            return session.start, session.end
        if self.session_time:
            return self.session_time.start, self.session_time.end
        return None

    def recurring_times(self) -> list[tuple[str, TimeRange, tuple[str, ...]]]:
        """(label, times, days of the week) of the event's regular meeting times, as the
        event header lists them (days empty where every session day counts)."""
        return [("Sessions", self.session_time, ())] if self.session_time else []

    def next_meeting_day(self, last: dt.date) -> dt.date | None:
        """The day a session added after one on `last` would take place, if the kind knows."""
        return last + dt.timedelta(days=7) if self.weekly else None

    # -- people and readings

    def people_roles(self) -> list[tuple[str, str]]:
        """(role, person id) of everyone the event names beside its presenters."""
        return [("Organizer", person_id) for person_id in self.organizers]

    def listed_readings(self) -> list[str]:
        """Ids of the readings the event page lists (its reading list), in order."""
        return [reading_id for group in self.reading_list for reading_id in group.readings]

    def readings_of(self, session: Session) -> list[str]:
        """Ids of the readings a session reads, in order, each once."""
        return list(dict.fromkeys(session.readings))

    def site_files(self) -> list[tuple[tuple, str]]:
        """(field path, path under content/) of every file the event names (kinds add their own)."""
        return [(("sessions", i, *path), file) for i, session in enumerate(self.sessions) for path, file in session.site_files()]

    # -- dated items and checks

    def dated_items(self, zone: dt.tzinfo, today: dt.date) -> list[DatedItem]:
        """Dated items beside the sessions (a course's assignments and deadlines), in time
        order; `today` in the event's zone decides what is released."""
        return []

    def cross_checks(self, document: Located) -> list[DataError]:
        """What one session or field cannot check alone, at the lines of `document`: unique
        session addresses, sessions inside the event's dates. Kinds add their own."""
        return (
            self._session_id_errors(document) + self._session_date_errors(document) + self._local_time_errors(document)
            + self._registration_errors(document)
        )

    def _session_id_errors(self, document: Located) -> list[DataError]:
        """Session ids are URL segments (/<event>/<session>/), explicit or derived: unique."""
        errors, first = [], {}
        for index, session in enumerate(self.sessions):
            session_id = self.session_id(session, index)
            if session_id not in first:
                first[session_id] = index
                continue
            other = first[session_id]
            where = f"{session_name(document.data, other, document.number_words)} (line {document.line_of(('sessions', other))})"
            if session.id:
                errors.append(error_at(document, ("sessions", index, "id"), f"duplicate session id {session_id!r}, already used by {where}"))
            else:
                errors.append(error_at(document, ("sessions", index), (
                    f"the session id {session_id!r} derived for this session is already used by {where}; "
                    "give one of them an explicit `id:`"
                )))
        return errors

    def _session_date_errors(self, document: Located) -> list[DataError]:
        if self.dates is None:
            return []
        start, end = self.dates.start, self.dates.end
        span = f"{start} to {end}" if end else f"from {start}"
        return [
            error_at(document, ("sessions", index, "date"), f"{session.date} is outside the event's dates ({span})")
            for index, session in enumerate(self.sessions)
            if session.date is not None and (session.date < start or (end is not None and session.date > end))
        ]

    def _local_time_errors(self, document: Located) -> list[DataError]:
        """Each session's start and end are one instant in the event's zone (dates.local_time_problem)."""
        if self.timezone is None:
            return []
        zone, errors = ZoneInfo(self.timezone), []
        for index, session in enumerate(self.sessions):
            times = self.time_of(session)
            if session.date is None or times is None:
                continue
            start, end = times
            for name, time, own in (("start", start, session.start), ("end", end, session.end)):
                day = session.date + dt.timedelta(days=1 if name == "end" and end is not None and ends_next_day(start, end) else 0)
                problem = time is not None and dates.local_time_problem(day, time, zone)
                if problem:  # at the session's own time, else at the session (its time is the event's)
                    errors.append(error_at(document, ("sessions", index, name) if own else ("sessions", index), problem))
        return errors

    def _registration_errors(self, document: Located) -> list[DataError]:
        """Registration cannot close after what it is for: a session's after the session
        ends, the event's after its last day (local times; a day closes at its end)."""
        errors = []
        for index, session in enumerate(self.sessions):
            registration = session.registration
            if registration is None or registration.closes is None or session.date is None:
                continue
            times = self.time_of(session)
            closes = registration.closes
            if isinstance(closes, dt.datetime) and times is not None and times[1] is not None:
                end_day = session.date + dt.timedelta(days=1 if ends_next_day(times[0], times[1]) else 0)
                late = closes > dt.datetime.combine(end_day, times[1])
            else:  # a day closes at its end: the session's own day is fine
                late = (closes.date() if isinstance(closes, dt.datetime) else closes) > session.date
            if late:
                errors.append(error_at(document, ("sessions", index, "registration", "closes"), (
                    f"registration closes {_moment(closes)}, after the session ({dates.weekday_day(session.date)}"
                    f"{', until ' + dates.clock(times[1]) if times and times[1] else ''}); close it before the session ends"
                )))
        last = self._last_day()
        if self.registration is not None and self.registration.closes is not None and last is not None:
            closes = self.registration.closes
            if ends_at(closes, dt.timezone.utc) > ends_at(last, dt.timezone.utc):
                errors.append(error_at(document, ("registration", "closes"), (
                    f"registration closes {_moment(closes)}, after the event's last day ({dates.weekday_day(last)}); "
                    "close it before the event ends"
                )))
        return errors

    def _last_day(self) -> dt.date | None:
        if self.dates is not None:
            return self.dates.end or self.dates.start
        days = [session.date for session in self.sessions if session.date is not None]
        return max(days) if days else None

    @model_validator(mode="after")
    def _zone_for_times(self) -> "EventBase":
        """Times mean nothing without their zone; UTC is no safe default for a local event."""
        if self.timezone is None and (self.recurring_times() or any(s.start for s in self.sessions)):
            raise ValueError(
                "the event has session times but no `timezone`: add the IANA region of its city, "
                "e.g. `timezone: Asia/Seoul` or `timezone: America/New_York`"
            )
        return self



def _moment(moment: dt.date) -> str:
    """'on Mon, Sep 15, 2025' or 'on Mon, Sep 15, 2025 at 12:00'."""
    if isinstance(moment, dt.datetime):
        return f"on {dates.weekday_day(moment.date())} at {dates.clock(moment.time())}"
    return f"on {dates.weekday_day(moment)}"
