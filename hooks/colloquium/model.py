"""The data model: what organizers may write in data/*.yml, and nothing else.

Every model forbids unknown keys, so a typo (`presenter:` for `presenters:`) is an error, not a
silently missing field. Field names are the YAML keys. The models check what one object can
check by itself (dates in order, URLs safe, videos on a known provider). References to people,
readings and figures are checked against the ids the loader passes as validation context (it
knows every file); what spans a whole event (unique session ids) is checked by the loader.

Events are one of five kinds; each kind has its own session model, so a field that means
something for one kind (a lecture part's `slides`) is an error in another (a seminar week).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
import zoneinfo
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from colloquium.errors import character_name, closest_match, show
from colloquium.video import VideoRef, parse_video_url

# ---------------------------------------------------------------------------- value types

SAFE_URL_SCHEMES = ("http", "https")

# Characters that end a line: a title, a calendar's summary line or a feed's title cannot carry them.
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"


def _unshowable(char: str, multiline: bool) -> bool:
    """A character the pages, calendars (.ics) and the Atom feed (XML 1.0) cannot carry."""
    if multiline and char in "\n\t":
        return False
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cs")  # control characters, lone surrogates
        or char in _LINE_BREAKS
        or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE  # Unicode noncharacters
    )


def _check_text(value: str, multiline: bool) -> str:
    for char in value:
        if not _unshowable(char, multiline):
            continue
        if not multiline and char in _LINE_BREAKS:
            raise ValueError(
                f"{character_name(char)} breaks the line of a one-line field; write the text on one line "
                "(a long line can be folded with >-)"
            )
        if not multiline and char == "\t":
            raise ValueError("a tab in a one-line field; use a space")
        raise ValueError(
            f"the text has {character_name(char)}, which pages, calendars and feeds cannot show; delete it "
            "(LaTeX such as \\beta in double quotes makes such characters: use single quotes or a block scalar)"
        )
    return value


def _one_line(value: str) -> str:
    """One line of plain text: a title, a name, a place."""
    return _check_text(value, multiline=False)


def _multiline(value: str) -> str:
    """Markdown: line breaks and tabs are fine, other control characters are not."""
    return _check_text(value, multiline=True)


def _safe_url(value: str) -> str:
    """Links become href attributes: only web links pass (no javascript:, data:, file:)."""
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if (
        scheme not in SAFE_URL_SCHEMES
        or not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.I)
        or any(_unshowable(char, multiline=False) for char in value)
    ):
        raise ValueError(f"{show(value)} is not a web link (only http:// and https:// links are allowed)")
    return value


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}", value) or any(_unshowable(c, False) for c in value):
        raise ValueError(f"{show(value)} is not an e-mail address")
    return value


IDENTIFIER_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _identifier(value: str) -> str:
    if not re.fullmatch(IDENTIFIER_PATTERN, value):
        raise ValueError(
            f"{show(value)} is not a valid id (lowercase letters, digits and single hyphens, "
            "e.g. 'woojin-kim' or 'week-3')"
        )
    return value


def _timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone (e.g. 'Asia/Seoul', 'Europe/Brussels')") from None
    return value


def _date(value: object) -> object:
    """Only YYYY-MM-DD text (or a date) is a date: pydantic alone would read a number as a
    Unix timestamp, and `date: 0` would silently become 1970-01-01."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"{show(value)} is not a date (write dates as YYYY-MM-DD, e.g. 2025-09-01)")
    try:
        date = dt.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ValueError(f"{value!r} is not a real date ({error})") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ValueError(f"{value!r} is out of range (dates are between {FIRST_YEAR} and {LAST_YEAR})")
    return date


# Years a date may have. Calendars and the feed turn dates into instants in the event's time
# zone; near the ends of Python's dates (years 1 and 9999) that overflows, and a year far from
# today is a typo. The build is tested at both ends (tests/site/test_mistakes_text.py).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _arxiv(value: object) -> object:
    """An arXiv paper as organizers name it: 2006.11239, 2006.11239v2, math/0211159,
    arXiv:2210.02747 or an arxiv.org link (abs/ or pdf/); kept as the bare id."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    link = re.fullmatch(r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?", text, re.I)
    text = link[1] if link else re.sub(r"^arxiv:\s*", "", text, flags=re.I)
    if ARXIV_ID.fullmatch(text):
        return text
    raise ValueError(
        f"{show(value)} is not an arXiv id (write it as 2006.11239, as an old-style id such as "
        "math/0211159, as arXiv:2006.11239, or as an arxiv.org link)"
    )


# New-style ids (YYMM.NNNNN since 2015, YYMM.NNNN before) and old-style archive/YYMMNNN ids,
# each with an optional version.
ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


def _time_of_day(value: object) -> object:
    """'10:30' and '9:30' are times of day. YAML 1.2 reads 10:30 as text; a number such as
    1030 is refused rather than read as seconds after midnight."""
    if isinstance(value, dt.time):
        return value
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{show(value)} is not a time of day (write HH:MM, e.g. '10:30')")
    try:
        return dt.time(int(match[1]), int(match[2]))
    except ValueError as error:
        raise ValueError(f"{value!r} is not a time of day ({error})") from None


def _known(kind: str, what: str, where: str):
    """A reference to something defined elsewhere (a person, a reading, a figure). The loader
    passes the known ids as validation context; without one (a model built in code) any
    well-formed id passes."""

    def check(value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get(kind)
        if known is not None and value not in known:
            # only a valid id is worth suggesting (an id with a typo of its own gets its own error)
            guess = closest_match(value, [id for id in known if re.fullmatch(IDENTIFIER_PATTERN, id)])
            raise ValueError(f"unknown {what} {show(value)} (not in {where}{f'; did you mean {guess!r}?' if guess else ''})")
        return value

    return AfterValidator(check)


Url = Annotated[
    str,
    AfterValidator(_safe_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}),
]
Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]
Identifier = Annotated[str, AfterValidator(_identifier), WithJsonSchema({"type": "string", "pattern": IDENTIFIER_PATTERN})]
TimeZone = Annotated[str, AfterValidator(_timezone), WithJsonSchema({"type": "string", "description": "IANA time zone, e.g. 'Asia/Seoul'"})]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
TimeOfDay = Annotated[
    dt.time,
    BeforeValidator(_time_of_day),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "description": "HH:MM, local to the event"}),
]
Text = Annotated[str, AfterValidator(_one_line)]
Markdown = Annotated[str, AfterValidator(_multiline), Field(description="Markdown text; raw HTML is shown as text")]
# The checks that make a field free text (tests find every text field by them).
TEXT_CHECKS = (_one_line, _multiline)
Arxiv = Annotated[str, BeforeValidator(_arxiv), WithJsonSchema({"type": "string", "description": "arXiv id or link, e.g. '2006.11239'"})]

# References, checked against the other files when the loader validates (see _known).
PersonRef = Annotated[Identifier, _known("people", "person", "people.yml")]
ReadingRef = Annotated[Identifier, _known("readings", "reading", "readings.yml")]
FigureRef = Annotated[Text, _known("figures", "figure", "the figure registry")]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class OrText(Strict):
    """A model that may also be written as one line of text (its before-validator turns the
    text into the mapping); the JSON Schema says so, or editors would flag the short form."""

    text_means: ClassVar[str]

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler.resolve_ref_schema(handler(core_schema))
        mapping = {key: schema.pop(key) for key in list(schema) if key not in ("title", "description")}
        schema["anyOf"] = [{"type": "string", "description": cls.text_means}, mapping]
        return schema


# ---------------------------------------------------------------------------- people, readings


class Person(Strict):
    """An entry of data/people.yml, keyed by id."""

    name: Text
    affiliation: Text | None = None
    title: Text | None = Field(None, description="Position, e.g. 'Ph.D. student'")
    homepage: Url | None = None
    photo: Text | None = Field(None, description="Path under content/ or a web link")
    email: Email | None = Field(None, description="Shown obfuscated on the person's page")
    bio: Markdown | None = None


class Reading(Strict):
    """An entry of data/readings.yml, keyed by id: a paper, book, blog post, tutorial, code."""

    title: Text
    authors: list[Text] = []
    year: int | None = Field(None, ge=1000, le=2100)
    venue: Text | None = None
    url: Url | None = None
    arxiv: Arxiv | None = None
    type: Literal["paper", "book", "chapter", "blog", "tutorial", "video", "code", "course", "dataset", "tool", "other"] = "paper"
    topics: list[Text] = []
    note: Markdown | None = None

    @property
    def link(self) -> str | None:
        return self.url or (f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None)


class Guest(Strict):
    """A presenter who is not in people.yml (an outside speaker named once)."""

    name: Text
    affiliation: Text | None = None
    title: Text | None = None
    homepage: Url | None = None


PresenterRef = Annotated[
    Union[Annotated[PersonRef, Tag("person")], Annotated[Guest, Tag("guest")]],
    # Decide by shape, so that an error names one alternative instead of both.
    Discriminator(lambda value: "guest" if isinstance(value, (dict, Guest)) else "person"),
]


# ---------------------------------------------------------------------------- building blocks


class Link(Strict):
    title: Text
    url: Url | None = Field(None, description="Omit when the link is not public (the title still shows)")
    note: Markdown | None = None


class Section(Strict):
    """A titled block of Markdown: prerequisites, policies, notes, credits ..."""

    title: Text
    body: Markdown


class DateRange(Strict):
    start: Date
    end: Date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "DateRange":
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class TimeRange(Strict):
    start: TimeOfDay
    end: TimeOfDay

    @model_validator(mode="after")
    def _ordered(self) -> "TimeRange":
        if self.end <= self.start:
            raise ValueError(f"end {self.end:%H:%M} is not after start {self.start:%H:%M}")
        return self


class Video(OrText):
    """A recording. Without `url` (not uploaded yet) or before `release`, pages say when it comes."""

    url: Text | None = Field(None, description="A YouTube link in any form (watch, youtu.be, embed, shorts)")
    release: Date | None = Field(None, description="First day the video is shown")
    text_means: ClassVar[str] = "The video's URL"

    @model_validator(mode="before")
    @classmethod
    def _from_plain_url(cls, value: object) -> object:
        return {"url": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _known_provider(self) -> "Video":
        if self.url is not None:
            parse_video_url(self.url)
        return self

    @property
    def ref(self) -> VideoRef | None:
        return parse_video_url(self.url) if self.url else None

    def is_released(self, today: dt.date) -> bool:
        return self.url is not None and (self.release is None or self.release <= today)


class Material(Strict):
    """Slides, a recording, code or notes; hidden until `release` when that is set."""

    kind: Literal["slides", "recording", "code", "notes", "handout", "paper", "data", "other"]
    url: Url | None = None
    title: Text | None = None
    release: Date | None = None

    def is_released(self, today: dt.date) -> bool:
        return self.url is not None and (self.release is None or self.release <= today)


SessionStatus = Literal["scheduled", "tentative", "cancelled", "rescheduled", "no-class"]


class Session(Strict):
    """What every kind of session has. `id` is derived when absent (see Event.session_id)."""

    id: Identifier | None = None
    number: int | None = Field(None, ge=0)
    title: Text
    date: Date | None = None
    start: TimeOfDay | None = None
    end: TimeOfDay | None = None
    location: Text | None = None
    presenters: list[PresenterRef] = []
    summary: Markdown | None = None
    video: Video | None = None
    materials: list[Material] = []
    readings: list[ReadingRef] = []
    figures: list[FigureRef] = []
    status: SessionStatus = "scheduled"
    status_note: Text | None = Field(None, description="Why, e.g. 'Chuseok' or 'moved from Oct 9'")

    @model_validator(mode="after")
    def _times(self) -> "Session":
        if self.end is not None and self.start is None:
            raise ValueError("end is given without start")
        if self.start and self.end and self.end <= self.start:
            raise ValueError(f"end {self.end:%H:%M} is not after start {self.start:%H:%M}")
        if (self.start or self.end) and self.date is None:
            raise ValueError("a start or end time needs a date")
        return self


# ---------------------------------------------------------------------------- kind-specific sessions


class SeminarSession(Session):
    """A week of a seminar series: `number` is the week."""


class ReadingGroupSession(Session):
    chapter: int | Text | None = Field(None, description="Chapter (or section) of the book read")


class Topic(OrText):
    """A topic of a lecture part, optionally pinned to a slide, with its bullet points."""

    title: Text
    slide: int | None = Field(None, ge=1)
    points: list[Markdown] = []
    text_means: ClassVar[str] = "The topic's title"

    @model_validator(mode="before")
    @classmethod
    def _from_plain_title(cls, value: object) -> object:
        return {"title": value} if isinstance(value, str) else value


class SlideRange(Strict):
    first: int = Field(ge=1)
    last: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> "SlideRange":
        if self.last < self.first:
            raise ValueError(f"last slide {self.last} is before first slide {self.first}")
        return self

    @property
    def count(self) -> int:
        return self.last - self.first + 1


class LecturePart(Session):
    """A part of a single lecture: slides, topics, key concepts, learning outcomes."""

    slides: SlideRange | None = None
    topics: list[Topic] = []
    key_concepts: list[Markdown] = []
    learning_outcomes: list[Markdown] = []


class CourseSession(Session):
    """A class meeting: lecture, guest lecture, assignment session, or a day without class."""

    week: int | None = Field(None, ge=1)
    type: Literal["lecture", "guest-lecture", "assignment-session", "presentations", "orientation", "no-class"] = "lecture"
    assignments: list[Identifier] = Field([], description="Ids of assignments introduced in this session")
    rescheduled_from: Date | None = None


Slot = Literal["morning", "afternoon", "evening"]


class WorkshopSession(Session):
    slot: Slot | None = None


# ---------------------------------------------------------------------------- kind-specific extras


class CurriculumPart(Strict):
    title: Text
    items: list[Text]


class ReadingList(Strict):
    """A group of readings under one heading (e.g. 'Guidance'), in the order given."""

    title: Text
    readings: list[ReadingRef]
    note: Markdown | None = None


class StaffMember(Strict):
    person: PersonRef
    role: Text


class Meeting(Strict):
    """A recurring meeting time, e.g. Mon/Wed 10:30-11:45."""

    days: list[Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]]
    start: TimeOfDay
    end: TimeOfDay


class Assignment(Strict):
    id: Identifier
    title: Text
    url: Url | None = None
    release: Date | None = None
    due: Date | None = None
    due_time: TimeOfDay | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Assignment":
        if self.release and self.due and self.due < self.release:
            raise ValueError(f"due {self.due} is before release {self.release}")
        return self


class Deadline(Strict):
    title: Text
    due: Date
    due_time: TimeOfDay | None = None
    note: Text | None = None


class GradeItem(Strict):
    item: Text
    weight: float = Field(ge=0, le=100, description="Percent of the final grade")
    note: Markdown | None = None


class Project(Strict):
    """A hands-on project attached to a lecture part."""

    title: Text
    part: int | None = Field(None, ge=1, description="Number of the lecture part it belongs to")
    description: Markdown | None = None
    tasks: list[Markdown] = []


class AssessmentItem(Strict):
    title: Text
    weight: float = Field(ge=0, le=100)
    bonus: bool = False
    items: list[Markdown] = []


# ---------------------------------------------------------------------------- events


class EventBase(Strict):
    """Fields every kind of event has. The event id is the file name (data/events/<id>.yml)."""

    title: Text
    subtitle: Text | None = None
    term: Text | None = None
    institution: Text | None = None
    dates: DateRange | None = None
    timezone: TimeZone = "UTC"
    location: Text | None = None
    organizers: list[PersonRef] = []
    description: Markdown | None = None
    sections: list[Section] = []
    resources: list[Link] = []
    reading_list: list[ReadingList] = []
    session_time: TimeRange | None = Field(None, description="Default time of sessions that give none")

    def session_id(self, session: Session, index: int) -> str:
        """The URL segment of a session: its `id`, else derived from number, date or position."""
        if session.id:
            return session.id
        if session.number is not None:
            return f"{self.number_prefix}-{session.number}"
        if session.date is not None:
            slot = getattr(session, "slot", None)
            return f"{session.date.isoformat()}-{slot}" if slot else session.date.isoformat()
        return f"session-{index + 1}"

    number_prefix: ClassVar[str] = "session"

    def time_of(self, session: Session) -> tuple[dt.time, dt.time | None] | None:
        """Local start and end (end may be unknown) of a session, or None for an all-day one."""
        if session.start:
            return session.start, session.end
        if self.session_time:
            return self.session_time.start, self.session_time.end
        return None


class SeminarEvent(EventBase):
    kind: Literal["seminar"]
    curriculum: list[CurriculumPart] = []
    sessions: list[SeminarSession] = []
    number_prefix: ClassVar[str] = "week"


class ReadingGroupEvent(EventBase):
    kind: Literal["reading-group"]
    book: ReadingRef | None = Field(None, description="Reading id of the book being read")
    sessions: list[ReadingGroupSession] = []
    number_prefix: ClassVar[str] = "week"


class CourseEvent(EventBase):
    kind: Literal["course"]
    code: Text | None = Field(None, description="Course code, e.g. 'CS492(C)'")
    instructors: list[PersonRef] = []
    staff: list[StaffMember] = []
    meetings: list[Meeting] = []
    prerequisites: Markdown | None = None
    grading: list[GradeItem] = []
    assignments: list[Assignment] = []
    deadlines: list[Deadline] = []
    deadline_note: Markdown | None = None
    schedule_note: Markdown | None = None
    policies: list[Section] = []
    past_offerings: list[Link] = []
    sessions: list[CourseSession] = []
    number_prefix: ClassVar[str] = "lecture"


class LectureEvent(EventBase):
    kind: Literal["lecture"]
    instructors: list[PersonRef] = []
    total_slides: int | None = Field(None, ge=1)
    level: Text | None = None
    duration: Text | None = None
    format: Text | None = None
    learning_objectives: list[Markdown] = []
    prerequisites: list[Section] = []
    projects: list[Project] = []
    assessment: list[AssessmentItem] = []
    sessions: list[LecturePart] = []
    number_prefix: ClassVar[str] = "part"


class WorkshopEvent(EventBase):
    kind: Literal["workshop"]
    slots: dict[Slot, TimeRange] = Field({}, description="Times of the morning/afternoon slots")
    prerequisites: list[Markdown] = []
    sessions: list[WorkshopSession] = []

    def time_of(self, session: Session) -> tuple[dt.time, dt.time | None] | None:
        slot = getattr(session, "slot", None)
        if session.start is None and slot in self.slots:
            return self.slots[slot].start, self.slots[slot].end
        return super().time_of(session)


Event = Annotated[
    Union[SeminarEvent, ReadingGroupEvent, CourseEvent, LectureEvent, WorkshopEvent],
    Field(discriminator="kind"),
]
EVENT_KINDS = ("seminar", "reading-group", "course", "lecture", "workshop")


def number_word(kind: object) -> str:
    """The word an event's kind numbers its sessions with ('week' 3), as errors name sessions."""
    classes = {typing.get_args(cls.model_fields["kind"].annotation)[0]: cls for cls in typing.get_args(typing.get_args(Event)[0])}
    cls = classes.get(kind)
    return cls.number_prefix if cls else "session"


# ---------------------------------------------------------------------------- files and the site

PeopleFile = RootModel[dict[Identifier, Person]]
ReadingsFile = RootModel[dict[Identifier, Reading]]
EventFile = RootModel[Event]


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from, validated and cross-checked by the loader."""

    people: dict[str, Person]
    readings: dict[str, Reading]
    events: dict[str, Event]  # event id -> event, in the order of data/events/ file names

    def sessions(self, event_id: str) -> list[tuple[str, Session]]:
        """The sessions of an event with their URL ids, in the order the organizer wrote them."""
        event = self.events[event_id]
        return [(event.session_id(s, i), s) for i, s in enumerate(event.sessions)]
