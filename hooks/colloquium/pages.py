"""The pages of the site, made from the validated Site: pure functions, no MkDocs.

`site_sources` returns the Markdown source of every generated page (and the BibTeX file),
keyed by its path under the docs folder; the MkDocs hook hands them to MkDocs as generated
files, and a benchmark writes the same sources out as plain files. Each kind of page has one
Jinja2 template in templates/pages/.

The sources are Markdown with HTML blocks. Headings are Markdown, so that the table of
contents, permalinks and search sections work; their text from YAML goes through
`markdown_literal`. Everything else is HTML that the templates build with autoescaping on, and
Markdown fields of the YAML go through the safe renderer (markdown_text). MkDocs passes HTML
blocks through unchanged, so links inside them are relative URLs computed here (links).
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from colloquium import bibtex, dates, figure_manifest, links
from colloquium.markdown_text import markdown_literal, render, render_inline
from colloquium.model import Event, Guest, Session, Site

TEMPLATES = Path(__file__).parent / "templates" / "pages"
# libyaml's dumper where PyYAML has it (every wheel does): front matter of ~100 pages per build.
_YamlDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

KIND_NAMES = {
    "seminar": "Seminar",
    "reading-group": "Reading group",
    "course": "Course",
    "lecture": "Lecture",
    "workshop": "Workshop",
}
MATERIAL_NAMES = {
    "slides": "Slides",
    "recording": "Recording",
    "code": "Code",
    "notes": "Notes",
    "handout": "Handout",
    "paper": "Paper",
    "data": "Data",
    "other": "Material",
}
# How many upcoming sessions the home page lists.
NEXT_SESSIONS = 8


# ---------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Figure:
    """What the pages show of one generated figure (read from the figure manifest)."""

    name: str
    caption: str
    alt: str
    image: str | None = None  # file name under figures/, None while it has not been made
    numbers: Mapping[str, str] = field(default_factory=dict)  # label -> value as shown
    provenance: Mapping[str, str] = field(default_factory=dict)  # label -> value as shown
    state: str = "fresh"  # fresh | stale | missing (figure_manifest)
    reasons: tuple[str, ...] = ()  # why it is stale or missing

    @classmethod
    def from_status(cls, status) -> "Figure":
        """From a colloquium.figure_manifest.FigureStatus: numbers and provenance as shown."""
        made = status.provenance
        provenance = {}
        if made:
            device = made.get("device_name") or made.get("device")
            provenance = {
                "Made on": f"{device} ({made['device']})" if device != made.get("device") else str(device),
                "Time": f"{figure_manifest.format_number(made['seconds'])} s",
                "PyTorch": str(made.get("torch")),
                "Configuration": str(made.get("mode")),
                "Seed": str(made.get("seed")),
                "Cache key": str(made.get("cache_key")),
            }
        images = [name for name in status.images if name.endswith(".png")] or list(status.images)
        return cls(
            name=status.name,
            caption=status.caption,
            alt=status.alt,
            image=images[0] if images else None,
            numbers={label: figure_manifest.format_number(value) for label, value in status.numbers.items()},
            provenance=provenance,
            state=status.state,
            reasons=status.reasons,
        )


@dataclass(frozen=True)
class Feeds:
    """Where the calendar and feed files are, when the site has them (paths under the root)."""

    site_calendar: str | None = None
    feed: str | None = None
    event_calendars: Mapping[str, str] = field(default_factory=dict)  # event id -> path
    session_calendars: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (event, session) -> path


# ---------------------------------------------------------------------------- sessions across the site


@dataclass(frozen=True)
class SessionEntry:
    """A session with what its pages need to know about where it sits."""

    event_id: str
    event: Event
    id: str
    session: Session
    position: int

    @property
    def url(self) -> str:
        return links.session(self.event_id, self.id)

    @property
    def label(self) -> str | None:
        """'Week 3', 'Part 2', 'Lecture 5'; for unnumbered sessions the day (and slot)."""
        session = self.session
        if session.number is not None:
            return f"{self.event.number_prefix.capitalize()} {session.number}"
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

    @property
    def time(self) -> str | None:
        times = self.event.time_of(self.session)
        if times is None or self.session.date is None:
            return None
        return dates.time_range(times[0], times[1], self.event.timezone, self.session.date)

    @property
    def is_off(self) -> bool:
        return self.session.status in ("cancelled", "no-class")


def session_entries(site: Site) -> list[SessionEntry]:
    """Every session of the site, event by event, in the order organizers wrote them."""
    return [
        SessionEntry(event_id, event, session_id, session, position)
        for event_id, event in site.events.items()
        for position, (session_id, session) in enumerate(site.sessions(event_id))
    ]


def event_span(event: Event) -> tuple[dt.date, dt.date] | None:
    """First and last day: the event's `dates`, else its dated sessions."""
    if event.dates is not None:
        return event.dates.start, event.dates.end or event.dates.start
    days = [s.date for s in event.sessions if s.date is not None]
    return (min(days), max(days)) if days else None


def events_for_home(site: Site, today: dt.date) -> list[tuple[str, str]]:
    """(event id, phase): current events first, then upcoming, undated and past ones.

    Current events are ordered by their last day, upcoming by their first day, past ones most
    recent first; undated events (nothing scheduled yet, or a lecture without a date) keep
    their order.
    """

    def phase(event: Event) -> tuple[int, dt.date, str]:
        span = event_span(event)
        if span is None:
            return 2, dt.date.min, "undated"
        start, end = span
        if end < today:
            return 3, dt.date.max - (end - dt.date.min), "past"
        if start > today:
            return 1, start, "upcoming"
        return 0, end, "current"

    ordered = sorted(site.events, key=lambda event_id: phase(site.events[event_id])[:2])
    return [(event_id, phase(site.events[event_id])[2]) for event_id in ordered]


def next_sessions(entries: list[SessionEntry], today: dt.date, count: int = NEXT_SESSIONS) -> list[SessionEntry]:
    """The next dated sessions from today on, across events (sessions that do not meet left out)."""
    upcoming = [e for e in entries if e.session.date is not None and e.session.date >= today and not e.is_off]
    upcoming.sort(key=lambda e: (e.session.date, e.event.time_of(e.session) or (dt.time.min,)))
    return upcoming[:count]


# ---------------------------------------------------------------------------- rendering


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Compiled templates are kept in the system's temp folder (checked against the template
        # source): compiling them would otherwise be a good part of every build's cost.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        markdown=render,
        markdown_inline=render_inline,
        literal=markdown_literal,
        day=dates.day,
        weekday_day=dates.weekday_day,
        clock=dates.clock,
        iso=lambda date: date.isoformat(),
    )
    env.globals.update(links=links, dates=dates, kind_names=KIND_NAMES, material_names=MATERIAL_NAMES)
    return env


_ENV = _environment()


class _Renderer:
    """Renders the pages of one Site; holds what several pages share."""

    def __init__(
        self, site: Site, today: dt.date, figures: Mapping[str, Figure], figure_suite: Mapping | None, feeds: Feeds
    ) -> None:
        self.site = site
        self.today = today
        self.figures = figures
        self.figure_suite = figure_suite
        self.feeds = feeds
        self.entries = session_entries(site)
        self.by_event: dict[str, list[SessionEntry]] = defaultdict(list)
        for entry in self.entries:
            self.by_event[entry.event_id].append(entry)
        # Which sessions cite each reading and use each figure, for the readings and figures pages.
        self.citing: dict[str, list[SessionEntry]] = defaultdict(list)
        self.using: dict[str, list[SessionEntry]] = defaultdict(list)
        for entry in self.entries:
            for reading_id in dict.fromkeys(entry.session.readings):
                self.citing[reading_id].append(entry)
            for name in dict.fromkeys(entry.session.figures):
                self.using[name].append(entry)
        self.presented_by: dict[str, list[SessionEntry]] = defaultdict(list)  # person id -> sessions
        for entry in self.entries:
            for ref in entry.session.presenters:
                if isinstance(ref, str):
                    self.presented_by[ref].append(entry)
        self.listing: dict[str, list[str]] = defaultdict(list)  # reading id -> event ids listing it
        for event_id, event in site.events.items():
            listed = [r for group in event.reading_list for r in group.readings]
            book = getattr(event, "book", None)
            for reading_id in dict.fromkeys(([book] if book else []) + listed):
                self.listing[reading_id].append(event_id)

    # -- helpers the templates call

    def person(self, ref: str | Guest) -> dict:
        """A presenter or staff member, from people.yml (with a page) or an inline guest."""
        if isinstance(ref, Guest):
            return {"id": None, "person": ref}
        return {"id": ref, "person": self.site.people[ref]}

    def has_times(self, event: Event) -> bool:
        """Whether the event shows any time of day (then its time zone matters to readers)."""
        if getattr(event, "meetings", None):
            return True
        return any(s.date is not None and event.time_of(s) is not None for s in event.sessions)

    def video_state(self, session: Session) -> str:
        video = session.video
        if video is None:
            return "none"
        if video.is_released(self.today):
            return "released"
        return "scheduled" if video.release and video.release > self.today else "soon"

    def material_state(self, material) -> str:
        if material.is_released(self.today):
            return "released"
        return "scheduled" if material.release and material.release > self.today else "unavailable"

    def page(self, template: str, url: str, title: str, **context) -> str:
        """A page source: front matter with the page title, then the rendered template."""
        # MkDocs and the theme treat page titles as HTML; the title is text, so escape it.
        front_matter = yaml.dump({"title": html.escape(title, quote=False)}, Dumper=_YamlDumper, allow_unicode=True)
        body = _ENV.get_template(template).render(
            r=self,
            site=self.site,
            today=self.today,
            page_url=url,
            href=lambda target: links.relative(url, target),
            **context,
        )
        return f"---\n{front_matter}---\n\n{body}"

    # -- pages

    def home(self, intro: str) -> str:
        return self.page(
            "home.md.j2",
            links.HOME,
            "Home",
            intro=intro,
            events=events_for_home(self.site, self.today),
            next_sessions=next_sessions(self.entries, self.today),
        )

    def event(self, event_id: str) -> str:
        event = self.site.events[event_id]
        return self.page(
            f"event-{event.kind}.md.j2",
            links.event(event_id),
            event.title,
            event_id=event_id,
            event=event,
            sessions=self.by_event[event_id],
            span=event_span(event),
            # A calendar without a single dated session would be an empty subscription.
            calendar=self.feeds.event_calendars.get(event_id) if any(s.date for s in event.sessions) else None,
        )

    def session(self, entry: SessionEntry) -> str:
        siblings = self.by_event[entry.event_id]
        return self.page(
            "session.md.j2",
            entry.url,
            entry.full_title,
            entry=entry,
            event=entry.event,
            session=entry.session,
            previous=siblings[entry.position - 1] if entry.position > 0 else None,
            next=siblings[entry.position + 1] if entry.position + 1 < len(siblings) else None,
            calendar=self.feeds.session_calendars.get((entry.event_id, entry.id)),
        )

    def people(self) -> str:
        roles = self.roles()
        events = {
            person_id: list(dict.fromkeys([event_id for _, event_id in roles[person_id]]
                                          + [entry.event_id for entry in self.presented_by[person_id]]))
            for person_id in self.site.people
        }
        return self.page("people.md.j2", links.PEOPLE, "People", events=events)

    def person_page(self, person_id: str, roles: list[tuple[str, str]]) -> str:
        person = self.site.people[person_id]
        presented = self.presented_by[person_id]
        return self.page(
            "person.md.j2",
            links.person(person_id),
            person.name,
            person_id=person_id,
            person=person,
            roles=roles,
            presented=presented,
            email=obfuscated_email(person.email) if person.email else None,
        )

    def readings(self) -> str:
        return self.page("readings.md.j2", links.READINGS, "Readings", topics=readings_by_topic(self.site))

    def figures_page(self) -> str:
        return self.page("figures.md.j2", links.FIGURES, "Figures", suite=self.figure_suite)

    def roles(self) -> dict[str, list[tuple[str, str]]]:
        """person id -> [(role, event id)] for organizers, instructors and staff."""
        roles: dict[str, list[tuple[str, str]]] = {person_id: [] for person_id in self.site.people}
        for event_id, event in self.site.events.items():
            for person_id in event.organizers:
                roles[person_id].append(("Organizer", event_id))
            for person_id in getattr(event, "instructors", []):
                roles[person_id].append(("Instructor", event_id))
            for member in getattr(event, "staff", []):
                roles[member.person].append((member.role, event_id))
        return roles


def readings_by_topic(site: Site) -> list[tuple[str, list[str]]]:
    """(topic, reading ids) in the order topics first appear; untopical readings last."""
    topics: dict[str, list[str]] = {}
    for reading_id, reading in site.readings.items():
        for topic in reading.topics or ["Other"]:
            topics.setdefault(topic, []).append(reading_id)
    if "Other" in topics:
        topics["Other"] = topics.pop("Other")
    return list(topics.items())


def obfuscated_email(address: str) -> str:
    """'ada (at) example (dot) org': readable by people, not by address harvesters."""
    user, domain = address.split("@", 1)
    return f"{user} (at) {domain.replace('.', ' (dot) ')}"


def site_sources(
    site: Site,
    *,
    today: dt.date,
    home_intro: str = "",
    figures: Mapping[str, Figure] | None = None,
    figure_suite: Mapping | None = None,
    feeds: Feeds | None = None,
) -> dict[str, str]:
    """Every generated file, keyed by its path under the docs folder (pages end in index.md).

    `figures` are the registered figures by name; `figure_suite` is the manifest's record of
    the last run that made them all (figure_manifest.suite).
    """
    renderer = _Renderer(site, today, figures or {}, figure_suite, feeds or Feeds())
    sources = {
        links.source_path(links.HOME): renderer.home(home_intro),
        links.source_path(links.PEOPLE): renderer.people(),
        links.source_path(links.READINGS): renderer.readings(),
        links.BIBTEX: bibtex.bibliography(site.readings),
        links.source_path(links.FIGURES): renderer.figures_page(),
    }
    for event_id in site.events:
        sources[links.source_path(links.event(event_id))] = renderer.event(event_id)
    for entry in renderer.entries:
        sources[links.source_path(entry.url)] = renderer.session(entry)
    for person_id, roles in renderer.roles().items():
        sources[links.source_path(links.person(person_id))] = renderer.person_page(person_id, roles)
    return sources


# Up to this many events, the navigation lists them all; beyond it, past events are grouped
# by the year they ended, so that the navigation (and every page, which carries it) stays short.
NAV_EVENTS_UNGROUPED = 8


def navigation(site: Site, extra_pages: list[str] = (), *, today: dt.date | None = None) -> list:
    """The site's navigation in mkdocs.yml's `nav` form: each event with its sessions.

    Events come in the home page's order (current, upcoming, undated, past) when `today` is
    given, else in the order of the data. A site with more than NAV_EVENTS_UNGROUPED events
    lists its current and upcoming events directly, its past events in one section per year
    ("Past events: 2024", most recent first) and its undated events in "Other events". With the
    theme's `navigation.prune`, a page carries the sessions of its own event only, and the
    events of its own year, so its size does not grow with the rest of the site.

    Section titles are HTML in the theme, so event titles are escaped; page titles come from
    each page's own front matter.
    """
    titles = [event.title for event in site.events.values()]

    def event_section(event_id: str) -> dict:
        event = site.events[event_id]
        # Two events may share a title (a seminar series and its reading group): tell them apart.
        title = event.title
        if titles.count(title) > 1 and (event.subtitle or event.term):
            title = f"{title}: {event.subtitle or event.term}"
        pages = [links.source_path(links.event(event_id))]
        pages += [links.source_path(links.session(event_id, session_id)) for session_id, _ in site.sessions(event_id)]
        return {html.escape(title, quote=False): pages}

    ordered = events_for_home(site, today) if today is not None else [(event_id, None) for event_id in site.events]
    if len(ordered) <= NAV_EVENTS_UNGROUPED:
        events = [event_section(event_id) for event_id, _ in ordered]
    else:
        # Current and upcoming events stay in view; past ones by year, undated ones last.
        events = [event_section(event_id) for event_id, phase in ordered if phase in ("current", "upcoming")]
        groups: dict[int | None, list] = {}
        for event_id, phase in ordered:
            if phase not in ("current", "upcoming"):
                span = event_span(site.events[event_id])
                groups.setdefault(span[1].year if span else None, []).append(event_section(event_id))
        label = "Past events: {}" if today is not None else "Events: {}"
        for year in sorted(groups, key=lambda year: -year if year is not None else 1):
            events.append({label.format(year) if year is not None else "Other events": groups[year]})
    return [
        links.source_path(links.HOME),
        {"Events": events},
        links.source_path(links.PEOPLE),
        links.source_path(links.READINGS),
        links.source_path(links.FIGURES),
        *extra_pages,
    ]
