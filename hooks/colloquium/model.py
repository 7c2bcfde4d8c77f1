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
import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal, Union
from urllib.parse import quote, unquote, urlsplit

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

from colloquium.dates import FIRST_YEAR, LAST_YEAR
from colloquium.errors import character_name, closest_match, show
from colloquium.video_hosts import Ref, parse_slides_url, parse_video_url

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


# Printable characters and spaces, which every output carries: most text is only these, and
# then needs no look at each character (a build checks thousands of fields).
_PLAIN_TEXT = re.compile(r"[\x20-\x7e\u00a0-\u02ff\u0370-\u1fff\u2010-\u2027\u2030-\u218f\u2460-\u27ff\u3000-\ud7ff]*")


def _check_text(value: str, multiline: bool) -> str:
    if _PLAIN_TEXT.fullmatch(value.replace("\n", " ").replace("\t", " ") if multiline else value):
        return value
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
    if "@" in urlsplit(value).netloc:
        raise ValueError(
            "the link holds a user name or password (user:password@host), which the site would publish on its "
            "pages, calendars and JSON; remove it (give the passcode to participants another way)"
        )
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
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"the id has {len(value)} characters; ids are addresses and file names, at most {MAX_ID_LENGTH}")
    return value


# Ids become folder and file names (a session's calendar file is named <event>-<session>.ics):
# bounded so that every path fits every file system's 255-byte names.
MAX_ID_LENGTH = 64


# Areas of the IANA time zone database whose zones are places (tzdata's "zone1970.tab").
# Zones outside them are fixed offsets or abbreviations (`EST`, `Etc/GMT-9`) that ignore
# daylight saving time; a New York event written as `EST` would be an hour off all summer.
_IANA_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")

# What organizers write instead of a region, and the regions they usually mean.
_ZONE_GUESSES = {
    "EST": "America/New_York", "EDT": "America/New_York", "ET": "America/New_York",
    "EST5EDT": "America/New_York", "US/EASTERN": "America/New_York",
    "CST": "America/Chicago or Asia/Shanghai", "CDT": "America/Chicago", "CST6CDT": "America/Chicago",
    "US/CENTRAL": "America/Chicago",
    "MST": "America/Denver or America/Phoenix", "MDT": "America/Denver", "MST7MDT": "America/Denver",
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "PT": "America/Los_Angeles",
    "PST8PDT": "America/Los_Angeles", "US/PACIFIC": "America/Los_Angeles",
    "GMT": "Europe/London", "BST": "Europe/London", "WET": "Europe/Lisbon",
    "CET": "Europe/Brussels or Europe/Berlin", "CEST": "Europe/Brussels or Europe/Berlin", "MET": "Europe/Brussels",
    "EET": "Europe/Athens", "EEST": "Europe/Athens", "MSK": "Europe/Moscow",
    "IST": "Asia/Kolkata", "KST": "Asia/Seoul", "JST": "Asia/Tokyo", "HKT": "Asia/Hong_Kong",
    "SGT": "Asia/Singapore", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland",
    "ROK": "Asia/Seoul", "JAPAN": "Asia/Tokyo", "PRC": "Asia/Shanghai", "ROC": "Asia/Taipei",
}
# Regions for a fixed offset from UTC, in hours (the offset's standard-time meaning).
_OFFSET_GUESSES = {
    -8: "America/Los_Angeles", -7: "America/Denver", -6: "America/Chicago", -5: "America/New_York",
    -3: "America/Sao_Paulo", 0: "Europe/London", 1: "Europe/Brussels or Europe/Berlin", 2: "Europe/Athens",
    3: "Europe/Moscow", 8: "Asia/Taipei or Asia/Shanghai or Asia/Singapore", 9: "Asia/Seoul or Asia/Tokyo",
    10: "Australia/Brisbane", 11: "Australia/Sydney",
}


def _zone_guess(value: str) -> str | None:
    """The region an abbreviation or offset ('KST', 'UTC+9', 'GMT-05:00') probably means."""
    key = value.strip().upper()
    if key in _ZONE_GUESSES:
        return _ZONE_GUESSES[key]
    offset = re.fullmatch(r"(?:UTC|GMT|Z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", key.removeprefix("ETC/"))
    if offset:
        hours = int(offset[2]) * (1 if offset[1] == "+" else -1)
        if key.startswith("ETC/GMT"):  # POSIX: Etc/GMT-9 is nine hours ahead of UTC
            hours = -hours
        return _OFFSET_GUESSES.get(hours)
    return None


def _timezone(value: str) -> str:
    """An IANA region such as 'America/New_York' or 'Asia/Seoul', or 'UTC' itself.

    Abbreviations and fixed offsets are refused with the region they probably mean: they do
    not follow daylight saving time, so the calendars would be an hour off for part of the year.
    """
    known = True
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        known = False
    if known and (value == "UTC" or value.split("/", 1)[0] in _IANA_AREAS):
        return value
    guess = _zone_guess(value)
    if known or guess:
        hint = f"write the region, e.g. '{guess}'" if guess else "write the region, e.g. 'Asia/Seoul' or 'Europe/Brussels'"
        raise ValueError(
            f"{value!r} is an abbreviation or a fixed offset, not a time zone region: it ignores daylight "
            f"saving time, so times would be off for part of the year; {hint}"
        )
    guess = closest_match(value, _regions())
    hint = f"did you mean {guess!r}?" if guess else "write the IANA region of the event's city, e.g. 'Asia/Seoul' or 'America/New_York'"
    raise ValueError(f"{value!r} is not a time zone ({hint})")


@functools.cache
def _regions() -> list[str]:
    return sorted(zone for zone in zoneinfo.available_timezones() if zone.split("/", 1)[0] in _IANA_AREAS)


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


def _doi(value: object) -> object:
    """A DOI as organizers copy it: 10.1000/xyz123, doi:10.1000/xyz123 or a doi.org link;
    kept as the bare DOI."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    link = re.fullmatch(r"(?:https?://)?(?:dx\.)?doi\.org/(.+)", text, re.I)
    text = unquote(link[1]) if link else re.sub(r"^doi:\s*", "", text, flags=re.I)
    if DOI.fullmatch(text):
        return text
    raise ValueError(
        f"{show(value)} is not a DOI (write it as 10.1000/xyz123, as doi:10.1000/xyz123, or as a doi.org link)"
    )


# A DOI is "10.", the registrant's number, "/" and a suffix of any printable characters.
DOI = re.compile(r"10\.\d{4,9}/\S+")


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
    except ValueError:
        raise ValueError(f"{value!r} is not a time of day (hours 0-23, minutes 0-59)") from None


def _end_time(value: object) -> object:
    """An end time: a time of day, or '24:00' for midnight at the end of the day (the same as
    '00:00': an end earlier than the start is on the next day)."""
    return dt.time(0, 0) if isinstance(value, str) and value.strip() == "24:00" else _time_of_day(value)


def ends_next_day(start: dt.time, end: dt.time) -> bool:
    """An end earlier than the start (23:00-00:30, or 24:00) falls on the day after the start."""
    return end < start


# The longest session that an end earlier than its start may make. Any time of the afternoon
# written on a 12-hour clock (14:00 to 3:00 for 3 pm) or a start and end swapped gives more,
# and a session that really runs past midnight (an evening talk, a night of a hackathon) less.
LONGEST_OVERNIGHT = dt.timedelta(hours=12)


def check_times(start: dt.time, end: dt.time) -> None:
    """Refuse an end that cannot be meant: the start itself, or an end earlier than the start
    that is not plausibly the next morning. The message starts with the field to change."""
    if end == start:
        raise ValueError(f"end {end:%H:%M} is the same as start (an end earlier than the start means the next day)")
    if not ends_next_day(start, end) or end == dt.time(0):  # 24:00: to the end of the day
        return
    length = dt.datetime.combine(dt.date.min + dt.timedelta(days=1), end) - dt.datetime.combine(dt.date.min, start)
    if length <= LONGEST_OVERNIGHT:
        return
    afternoon = dt.time(end.hour + 12, end.minute) if end.hour < 12 else None
    hint = f"if you mean {end.hour or 12}:{end.minute:02d} pm, write {afternoon:%H:%M} (times are on the 24-hour clock); " if afternoon and afternoon > start else ""
    hours = f"{length.seconds // 3600} hours" + (f" {length.seconds // 60 % 60} minutes" if length.seconds % 3600 else "")
    raise ValueError(
        f"end {end:%H:%M} is before start {start:%H:%M}, which would make a session of {hours} ending the next day; "
        f"{hint}a session that really runs past midnight: write an end such as 01:30 with a start in the evening"
    )


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


def _site_path(value: str) -> str:
    """A file the site serves itself: a path under content/ (whether it is there, the loader checks)."""
    if (
        re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I)
        or ".." in value.split("/")
        or not re.fullmatch(r"/?[\w./ -]+", value)
    ):
        raise ValueError(
            f"{show(value)} is not a path under content/ (give the file's path under content/, e.g. "
            "assets/images/seminar.png: the site serves its pictures itself)"
        )
    return value


SitePath = Annotated[str, AfterValidator(_site_path), WithJsonSchema({"type": "string", "description": "A path under content/"})]
Url = Annotated[
    str,
    AfterValidator(_safe_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}),
]
def _secret_name(value: str) -> str:
    if not re.fullmatch(r"[A-Z_][A-Z0-9_]*", value):
        raise ValueError(f"{show(value)} is not the name of a secret (capital letters, digits and _, e.g. ZOOM_LINK)")
    return value


def _https(value: str) -> str:
    """Meeting, stream and registration links: what they lead to (a meeting's passcode, a
    form's names and e-mail addresses) must not travel unencrypted."""
    if not value.lower().startswith("https://"):
        raise ValueError(f"{show(value)} must start with https:// (what this link leads to must not travel unencrypted)")
    return value


HttpsUrl = Annotated[Url, AfterValidator(_https), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]://"})]
Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]
Identifier = Annotated[
    str, AfterValidator(_identifier), WithJsonSchema({"type": "string", "pattern": IDENTIFIER_PATTERN, "maxLength": MAX_ID_LENGTH})
]
TimeZone = Annotated[str, AfterValidator(_timezone), WithJsonSchema({"type": "string", "description": "IANA time zone, e.g. 'Asia/Seoul'"})]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
TimeOfDay = Annotated[
    dt.time,
    BeforeValidator(_time_of_day),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "description": "HH:MM, local to the event"}),
]
EndTime = Annotated[
    dt.time,
    BeforeValidator(_end_time),
    WithJsonSchema({
        "type": "string", "pattern": r"^\d{1,2}:\d{2}$",
        "description": "HH:MM, local to the event; earlier than the start means the next day, at most 12 hours after the start (24:00 is midnight)",
    }),
]
Text = Annotated[str, AfterValidator(_one_line)]
Markdown = Annotated[str, AfterValidator(_multiline), Field(description="Markdown text; raw HTML is shown as text")]
# The checks that make a field free text (tests find every text field by them).
TEXT_CHECKS = (_one_line, _multiline)
Arxiv = Annotated[str, BeforeValidator(_arxiv), WithJsonSchema({"type": "string", "description": "arXiv id or link, e.g. '2006.11239'"})]
def _minutes(value: object) -> object:
    """A number of minutes; '1h' or '90 min' is told in minutes rather than refused as text."""
    if not isinstance(value, str) or value.strip().isdigit():
        return value
    hours = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)", value.strip(), re.I)
    minutes = re.fullmatch(r"(\d+)\s*(?:m|mins?|minutes?)", value.strip(), re.I)
    example = int(float(hours[1]) * 60) if hours else int(minutes[1]) if minutes else 60
    raise ValueError(f"{show(value)} is not a number of minutes; write the minutes as a number, e.g. {example}")


# At most four weeks: a link held back longer is one to publish later by hand.
Minutes = Annotated[int, BeforeValidator(_minutes), Field(ge=0, le=4 * 7 * 24 * 60)]
Doi = Annotated[str, BeforeValidator(_doi), WithJsonSchema({"type": "string", "description": "DOI or doi.org link, e.g. '10.1000/xyz123'"})]

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
    doi: Doi | None = None
    type: Literal["paper", "book", "chapter", "blog", "tutorial", "video", "code", "course", "dataset", "tool", "other"] = "paper"
    topics: list[Text] = []
    note: Markdown | None = None

    @property
    def doi_link(self) -> str | None:
        # characters of a DOI that mean something in a link (#, ?, %) are percent-encoded
        return f"https://doi.org/{quote(self.doi, safe='/:;()')}" if self.doi else None

    @property
    def link(self) -> str | None:
        return self.url or self.doi_link or (f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None)


class Guest(Strict):
    """A presenter who is not in people.yml (an outside speaker named once)."""

    name: Text
    affiliation: Text | None = None
    title: Text | None = None
    homepage: Url | None = None
    bio: Markdown | None = None


def _not_a_name(value: object, info: ValidationInfo) -> object:
    """A presenter written by name ('Ada Lovelace') where a people.yml id belongs: say how to
    name the person by id, or as a guest."""
    if not isinstance(value, str) or re.fullmatch(IDENTIFIER_PATTERN, value.strip()) or " " not in value.strip():
        return value
    as_id = "-".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", value).lower()))
    known = (info.context or {}).get("people") or ()
    person = (f"write the person's id from people.yml, {as_id!r}" if as_id in known
              else f"add the person to people.yml under an id such as {as_id!r} and write that id here")
    raise ValueError(
        f"{show(value)} is a name, not an id: {person}, or, for a guest who is not in people.yml, "
        f"write `- name: {value.strip()}`"
    )


PresenterRef = Annotated[
    Union[Annotated[PersonRef, BeforeValidator(_not_a_name), Tag("person")], Annotated[Guest, Tag("guest")]],
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
    """Start and end, local to the event; an end earlier than the start is on the next day."""

    start: TimeOfDay
    end: EndTime

    @model_validator(mode="after")
    def _meant(self) -> "TimeRange":
        check_times(self.start, self.end)
        return self


class OrUrl(OrText):
    """A model with a `url` that may also be written as the link alone."""

    @model_validator(mode="before")
    @classmethod
    def _from_plain_url(cls, value: object) -> object:
        return {"url": value} if isinstance(value, str) else value


class Releasable:
    """Something published from its `release` day on, once it has a `url` (a video, a material,
    a course's assignment): the one rule for when it is shown."""

    url: str | None
    release: dt.date | None

    def release_state(self, today: dt.date) -> str:
        """'released' (a link, and its day has come), 'scheduled' (its day is today or to
        come, no link yet), 'overdue' (its day has passed without a link), 'unavailable' (no
        link, no day); `today` in the event's zone."""
        if self.url is not None and (self.release is None or self.release <= today):
            return "released"
        if self.release is not None:  # without a link on its day it is still expected that day
            return "scheduled" if self.release >= today else "overdue"
        return "unavailable"


def _timestamp(value: object) -> object:
    """A time in a recording: '1:05:30', '12:30' or a number of seconds."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d{2})", value.strip()) if isinstance(value, str) else None
    if match is None or int(match[3]) >= 60 or (match[1] and int(match[2]) >= 60):
        raise ValueError(f"{show(value)} is not a time in the recording (write H:MM:SS or M:SS, e.g. '1:05:30' or '12:30')")
    return int(match[1] or 0) * 3600 + int(match[2]) * 60 + int(match[3])


Timestamp = Annotated[
    int,
    BeforeValidator(_timestamp),
    WithJsonSchema({"type": "string", "pattern": r"^(\d+:)?\d{1,2}:\d{2}$", "description": "H:MM:SS or M:SS, e.g. '12:30'"}),
]


def clock_time(seconds: int) -> str:
    """'1:05:30', '12:30', '0:00': how players and video descriptions write a time."""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Chapter(Strict):
    """A chapter of a recording: where it starts and what it is about."""

    time: Timestamp
    title: Text

    @property
    def clock(self) -> str:
        return clock_time(self.time)


def check_chapters(chapters: list[Chapter]) -> None:
    for before, after in zip(chapters, chapters[1:]):
        if after.time <= before.time:
            raise ValueError(
                f"chapter {after.title!r} at {after.clock} does not come after {before.title!r} at {before.clock}; "
                "list chapters in the order they come"
            )


def _language(value: str) -> str:
    import babel  # only sites with captions pay for loading it

    try:
        babel.Locale.parse(value, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        raise ValueError(f"{show(value)} is not a language code (e.g. en, ko, zh-Hant)") from None
    return value


def _suffix(*suffixes: str, what: str):
    def check(value: str) -> str:
        if not value.lower().endswith(suffixes):
            raise ValueError(f"{show(value)} is not {what}")
        return value

    return AfterValidator(check)


class Caption(Strict):
    """Captions in one language: a WebVTT file under content/ (the loader checks it)."""

    file: Annotated[SitePath, _suffix(".vtt", what="a WebVTT caption file (.vtt)")]
    language: Annotated[str, AfterValidator(_language)] = Field(description="The captions' language, e.g. en, ko, zh-Hant")
    label: Text | None = Field(None, description="How players name the track (default: the language's own name)")

    @property
    def name(self) -> str:
        """The track's name in its own language ('English', '한국어')."""
        import babel

        return self.label or babel.Locale.parse(self.language, sep="-").get_display_name().capitalize()


def _transcript(value: str) -> str:
    if re.match(r"^https?://", value, re.I):
        return _safe_url(value)
    path = _site_path(value)
    if not path.lower().endswith((".txt", ".md")):
        raise ValueError(f"{show(value)} is not a transcript (a text or Markdown file under content/, .txt or .md, or a web link)")
    return path


class Video(Releasable, OrUrl):
    """A recording. Without `url` (not uploaded yet) or before `release`, pages say when it comes."""

    url: Text | None = Field(None, description=(
        "A link to the video on YouTube, Vimeo, Bilibili or Panopto (any form you paste), or an .mp4 or .webm file "
        "(a path under content/ or an https address)"))
    release: Date | None = Field(None, description="First day the video is shown")
    captions: list[Caption] = Field([], description="Caption files (WebVTT under content/), one per language")
    transcript: Annotated[str, AfterValidator(_transcript)] | None = Field(None, description=(
        "The transcript: a text or Markdown file under content/, or a web link"))
    chapters: list[Chapter] = Field([], description="Chapters of the recording, in order: time and title")
    text_means: ClassVar[str] = "The video's URL"

    @model_validator(mode="after")
    def _known_host(self) -> "Video":
        ref = self.ref
        if ref is not None and ref.is_file:
            _site_path(ref.id)
        check_chapters(self.chapters)
        languages = [caption.language.lower() for caption in self.captions]
        if len(set(languages)) < len(languages):
            raise ValueError("two caption files have the same language; give one file per language")
        return self

    @property
    def ref(self) -> Ref | None:
        return parse_video_url(self.url) if self.url else None


class OnlineLink(OrUrl):
    """A meeting (Zoom, Teams, Meet, any https link) or a stream. A static site cannot hide
    what it publishes: once on a page, the link is public. With `visible_before`, pages and
    calendars built earlier than that many minutes before a session leave it out (the site
    is rebuilt hourly, so give an hour or more)."""

    url: HttpsUrl | None = None
    secret: Annotated[str, AfterValidator(_secret_name)] | None = Field(None, description=(
        "Instead of url: the name of an environment variable (a repository secret) that holds the link when the site "
        "is built, so that the link is never in git"))
    visible_before: Minutes | None = Field(None, description="Minutes before the session from which the link is published")
    text_means: ClassVar[str] = "The link"

    @model_validator(mode="after")
    def _one_source(self) -> "OnlineLink":
        if (self.url is None) == (self.secret is None):
            raise ValueError("give the link either as `url` or as `secret` (the name of the repository secret that holds it)")
        return self

    def resolved(self, environ: Mapping[str, str]) -> "OnlineLink | None":
        """The link with its address: a `secret`'s from `environ` (None while the build has no
        such secret); raises ValueError when the secret holds no https link."""
        if self.secret is None:
            return self
        value = environ.get(self.secret, "").strip()
        if not value:
            return None
        try:
            return self.model_copy(update={"url": _https(_safe_url(value)), "secret": None})
        except ValueError as error:
            raise ValueError(f"the secret {self.secret} does not hold a meeting link: {error}") from None

    @property
    def service(self) -> str | None:
        """'Zoom', 'Microsoft Teams', 'Google Meet', 'Webex', 'YouTube'; None for other hosts."""
        host = (urlsplit(self.url).hostname or "").lower()
        for suffix, name in _SERVICES:
            if host == suffix or host.endswith("." + suffix):
                return name
        return None


_SERVICES = (
    ("zoom.us", "Zoom"), ("teams.microsoft.com", "Microsoft Teams"), ("teams.live.com", "Microsoft Teams"),
    ("meet.google.com", "Google Meet"), ("webex.com", "Webex"), ("youtube.com", "YouTube"), ("youtu.be", "YouTube"),
    ("twitch.tv", "Twitch"),
)


def is_site_file(link: str) -> bool:
    """A path under content/ rather than a web link."""
    return not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I)


def _link_or_file(value: str) -> str:
    """A web link, or a file the site serves itself (a path under content/, e.g. a PDF, with
    an optional #page=N to open it at a page)."""
    if not is_site_file(value):
        return _safe_url(value)
    path, _, fragment = value.partition("#")
    if fragment and not re.fullmatch(r"page=[1-9]\d*", fragment):
        raise ValueError(f"{show(value)} has #{fragment}; a file under content/ can only be opened at a page (#page=12)")
    _site_path(path)
    return value


LinkOrFile = Annotated[str, AfterValidator(_link_or_file), WithJsonSchema({
    "type": "string", "description": "A web link, or a path under content/ (a PDF may end in #page=N)",
})]


class Slides:
    """How a deck is shown: a PDF under content/ in the browser's own viewer, a Speaker Deck or
    Google Slides link in the host's player (both only once the reader asks), anything else as
    a plain link."""

    url: str | None

    @property
    def pdf(self) -> str | None:
        """The PDF under content/ (without #page)."""
        path = self.url.partition("#")[0] if self.url and is_site_file(self.url) else None
        return path if path and path.lower().endswith(".pdf") else None

    @property
    def first_page(self) -> int | None:
        """The page a link opens the deck at (#page=12, Speaker Deck's ?slide=12)."""
        if self.pdf:
            return int(self.url.partition("#page=")[2] or 0) or None
        return self.deck.start if self.deck else None

    @property
    def deck(self) -> Ref | None:
        return parse_slides_url(self.url) if self.url else None


class Material(Releasable, Slides, Strict):
    """Slides, a recording, code or notes; hidden until `release` when that is set."""

    kind: Literal["slides", "recording", "code", "notes", "handout", "paper", "data", "other"]
    url: LinkOrFile | None = Field(None, description=(
        "A web link or a path under content/; slides as a PDF under content/ (#page=N opens it at a page), "
        "or a Speaker Deck or Google Slides link, are shown in a viewer the reader opens"))
    title: Text | None = None
    release: Date | None = None
    # the kinds of material shown in a viewer when they can be (a PDF, a slide host's deck)
    viewed_kinds: ClassVar[frozenset[str]] = frozenset({"slides"})

    @model_validator(mode="after")
    def _known_deck(self) -> "Material":
        if self.kind in self.viewed_kinds:
            _ = self.deck  # a Speaker Deck or Google Slides link that names no deck is an error here
        return self

    @property
    def in_viewer(self) -> bool:
        """Shown in a viewer the reader opens rather than as a link."""
        return self.kind in self.viewed_kinds and bool(self.pdf or self.deck)


def _local_moment(value: object) -> object:
    """A day ('2025-09-15') or a day and time ('2025-09-15 12:00'), local to the event."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(f"{show(value)} has a time zone; write the time as the event's local time, without a zone")
        return value
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?", value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f"{show(value)} is not a day or a day and time (write YYYY-MM-DD or 'YYYY-MM-DD HH:MM', "
            "local to the event, e.g. '2025-09-15 12:00')"
        )
    day = _date(match[1])
    return dt.datetime.combine(day, _time_of_day(match[2])) if match[2] else day


LocalMoment = Annotated[
    Union[dt.datetime, dt.date],
    BeforeValidator(_local_moment),
    WithJsonSchema({
        "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$",
        "description": "YYYY-MM-DD or 'YYYY-MM-DD HH:MM', local to the event",
    }),
]


def starts_at(moment: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The instant a day or a local day and time begins in `zone` (a day: its midnight)."""
    if isinstance(moment, dt.datetime):
        return moment.replace(tzinfo=zone)
    return dt.datetime.combine(moment, dt.time(0), tzinfo=zone)


def ends_at(moment: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The instant a day or a local day and time is over in `zone` (a day: the next midnight)."""
    if isinstance(moment, dt.datetime):
        return moment.replace(tzinfo=zone)
    return dt.datetime.combine(moment + dt.timedelta(days=1), dt.time(0), tzinfo=zone)


class Registration(OrUrl):
    """Where to sign up for an event or a session: a form (https), when it opens and closes
    (a day, or a day and time, local to the event), and a note ('places are limited').
    Pages show it until it closes, then say it closed; without `closes` it closes when the
    session (or the event) is over."""

    url: HttpsUrl = Field(description="The sign-up form (https://)")
    opens: LocalMoment | None = Field(None, description="From when one can register; local to the event")
    closes: LocalMoment | None = Field(None, description="Until when one can register (a day: until its end); local to the event")
    note: Text | None = Field(None, description="e.g. 'Places are limited' or 'Register to get the Zoom link'")
    text_means: ClassVar[str] = "The registration link"

    @model_validator(mode="after")
    def _checked(self) -> "Registration":
        if self.opens is not None and self.closes is not None and ends_at(self.closes, dt.timezone.utc) <= starts_at(self.opens, dt.timezone.utc):
            raise ValueError(f"registration closes ({_moment_text(self.closes)}) before it opens ({_moment_text(self.opens)})")
        return self

    def state(self, now: dt.datetime, over: dt.datetime | None) -> str:
        """'upcoming' (before `opens`), 'open' or 'closed' (after `closes`, or once what it is
        for is `over`) at `now`, an instant in the event's zone."""
        zone = now.tzinfo
        if (self.closes is not None and now >= ends_at(self.closes, zone)) or (over is not None and now >= over):
            return "closed"
        if self.opens is not None and now < starts_at(self.opens, zone):
            return "upcoming"
        return "open"


def _moment_text(moment: dt.date) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if isinstance(moment, dt.datetime) else moment.isoformat()


SessionStatus = Literal["scheduled", "tentative", "cancelled", "rescheduled", "no-class"]


class Session(Strict):
    """What every kind of session has. `id` is derived when absent (see Event.session_id)."""

    id: Identifier | None = None
    number: int | None = Field(None, ge=0)
    title: Text
    date: Date | None = None
    start: TimeOfDay | None = None
    end: EndTime | None = Field(None, description="Earlier than start means the next day (23:00-00:30); 24:00 is midnight")
    location: Text | None = None
    presenters: list[PresenterRef] = []
    summary: Markdown | None = None
    video: Video | None = None
    materials: list[Material] = []
    readings: list[ReadingRef] = []
    figures: list[FigureRef] = []
    status: SessionStatus = "scheduled"
    status_note: Text | None = Field(None, description="Why, e.g. 'Chuseok' or 'moved from Oct 9'")
    abstract: Markdown | None = Field(None, description="The talk's abstract, e.g. from a guest speaker")
    meeting: OnlineLink | None = Field(None, description="Where to join online (Zoom, Teams, Meet ...); overrides the event's")
    stream: OnlineLink | None = Field(None, description="Where to watch live; overrides the event's")
    recorded: bool | None = Field(None, description="Whether the session is recorded; overrides the event's")
    registration: Registration | None = Field(None, description="Where to sign up for this session; overrides the event's")

    @model_validator(mode="after")
    def _times(self) -> "Session":
        if self.end is not None and self.start is None:
            raise ValueError("end is given without start")
        if self.start is not None and self.end is not None:
            check_times(self.start, self.end)
        if (self.start or self.end) and self.date is None:
            raise ValueError("a start or end time needs a date")
        return self

    @property
    def effective_status(self) -> SessionStatus:
        """The status pages, calendars and feeds show (a course's no-class day is 'no-class')."""
        return self.status

    @property
    def meets(self) -> bool:
        """Whether the session takes place: not cancelled, not a day without class."""
        return self.effective_status not in ("cancelled", "no-class")

    @property
    def moved_from(self) -> dt.date | None:
        """The day a rescheduled session was first planned on, where its kind records it."""
        return None

    @property
    def chapters(self) -> list[Chapter]:
        """The chapters of its recording (a kind may add its own: a lecture part's timed topics)."""
        return self.video.chapters if self.video else []

    def site_files(self) -> list[tuple[tuple, str]]:
        """(field path, path under content/) of each file the session names: a video file, its
        captions and transcript, materials; the loader checks that each is there."""
        found = []
        if self.video is not None:
            ref = self.video.ref
            if ref is not None and ref.is_file:
                found.append((("video", "url"), ref.id))
            found += [(("video", "captions", i, "file"), caption.file) for i, caption in enumerate(self.video.captions)]
            if self.video.transcript and is_site_file(self.video.transcript):
                found.append((("video", "transcript"), self.video.transcript))
        found += [
            (("materials", i, "url"), material.url.partition("#")[0])
            for i, material in enumerate(self.materials) if material.url and is_site_file(material.url)
        ]
        return found


class ReadingList(Strict):
    """A group of readings under one heading (e.g. 'Guidance'), in the order given."""

    title: Text
    readings: list[ReadingRef]
    note: Markdown | None = None


# ---------------------------------------------------------------------------- files and the site

PeopleFile = RootModel[dict[Identifier, Person]]
ReadingsFile = RootModel[dict[Identifier, Reading]]
