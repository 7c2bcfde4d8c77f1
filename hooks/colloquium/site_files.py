"""Every file a build generates, as one registry of outputs.

Each output is a small class that declares the files it makes for a site (`files`: path and
subject, before anything is written, as Lektor's build programs declare theirs) and how one
is written (`write`); pages also give their title (`title`), which the navigation of a dirty
rebuild needs. Paths come from the one `Outputs` (outputs.py). The build (site_build), the
MkDocs hook, `--dirty` rebuilds, the benchmarks and the tests all iterate over `OUTPUTS`, so
a new output (a printable programme, per-topic calendars) is one new class in that list.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from colloquium import bibtex, calendar, export, feed, paging, translations
from colloquium.page_meta import Previews
from colloquium.pages import Figure, Pages, script_labels, session_page_title, title_html
from colloquium.schedule import EventEntry, SessionEntry, SiteIndex, writing
from colloquium.translations import gettext


@dataclass
class Build:
    """What the outputs of one build share: the index, the site's name and home page, the
    figures, and the writers that serve several files (made once, on first use)."""

    index: SiteIndex
    site_name: str
    home_intro: str = ""
    home_event: str | None = None  # an event whose page is also the home page (a site of one event)
    figures: Mapping[str, Figure] = field(default_factory=dict)
    figure_suite: Mapping | None = None  # the manifest's record of the run that made every figure
    site_image: str | None = None  # the site's own preview picture (page_meta.SITE_IMAGE), when it has one

    @functools.cached_property
    def pages(self) -> Pages:
        previews = Previews(self.index, self.site_name, self.figures, self.site_image)
        return Pages(self.index, self.figures, self.figure_suite, previews)

    @functools.cached_property
    def calendars(self) -> calendar.Calendars:
        return calendar.Calendars(self.index, self.site_name)

    @property
    def outputs(self):
        return self.index.outputs


class Output:
    """One kind of generated file. `needs_site_url`: it links back with absolute addresses,
    so a site without a site_url has none."""

    name: ClassVar[str]  # how a failure names it: "its page", "its calendar entry"
    needs_site_url: ClassVar[bool] = False

    def files(self, build: Build) -> Iterable[tuple[str, Any]]:
        """(path under the site root, subject) of every file this output makes."""
        raise NotImplementedError

    def write(self, build: Build, subject: Any) -> str | bytes:
        raise NotImplementedError

    def title(self, build: Build, subject: Any) -> str | None:
        """The page title in the navigation, for pages; None for other files."""
        return None

    def event(self, subject: Any) -> EventEntry | None:
        """The event a file is of (written in its language), or None for a file of the whole
        site (written in the site's)."""
        return subject if isinstance(subject, EventEntry) else subject.event if isinstance(subject, SessionEntry) else None


# ---------------------------------------------------------------------------- calendars, feed, JSON


class SiteCalendar(Output):
    name = "the site's calendar"
    needs_site_url = True

    def files(self, build):
        yield build.outputs.site_calendar, None

    def write(self, build, subject):
        return build.calendars.site()


class EventCalendar(Output):
    """Every event's, even without dated sessions yet (its page offers it once it has some)."""

    name = "its calendar"
    needs_site_url = True

    def files(self, build):
        return ((build.outputs.event_calendar(event.id), event) for event in build.index.events.values())

    def write(self, build, event: EventEntry):
        return build.calendars.event(event)


class SessionCalendar(Output):
    name = "its calendar file"
    needs_site_url = True

    def files(self, build):
        return ((session.calendar, session) for session in build.index.sessions if session.calendar)

    def write(self, build, session: SessionEntry):
        return build.calendars.session(session)


class Feed(Output):
    name = "the feed"
    needs_site_url = True

    def files(self, build):
        yield build.outputs.feed, None

    def write(self, build, subject):
        return feed.atom_feed(build.index, build.site_name)


class SessionsSchema(Output):
    name = "the JSON Schema of sessions.json"
    needs_site_url = True

    def files(self, build):
        yield build.outputs.sessions_schema, None

    def write(self, build, subject):
        return export.schema()


class SessionsJson(Output):
    name = "its sessions.json"
    needs_site_url = True

    def files(self, build):
        return ((build.outputs.event_sessions_json(event.id), event) for event in build.index.events.values())

    def write(self, build, event: EventEntry):
        return export.sessions_json(build.index, event)


class ScriptLabels(Output):
    """The schedule script's words in each language a page is written in (the site's and the
    events' own), which the pages name instead of carrying them."""

    name = "the schedule script's words"

    def files(self, build):
        codes = {build.index.language} | {event.language for event in build.index.events.values()}
        return ((build.outputs.script_labels(code), code) for code in sorted(codes))

    def write(self, build, code: str):
        return script_labels(code)


# ---------------------------------------------------------------------------- pages and files beside them


class HomePage(Output):
    name = "the home page"

    def files(self, build):
        yield build.outputs.source(build.outputs.home), None

    def write(self, build, subject):
        if build.home_event:  # a site of one event: its page, in its language
            event = build.index.events[build.home_event]
            with translations.using(event.language):
                return build.pages.event(event, url=build.outputs.home)
        return build.pages.home(build.home_intro)

    def title(self, build, subject):
        return build.index.events[build.home_event].title if build.home_event else gettext("Home")


class PeoplePage(Output):
    """The People page; past paging.PEOPLE_PER_PAGE people, its pages by name."""

    name = "the people page"

    def files(self, build):
        pieces = paging.people_pages(build.index)
        return ((build.outputs.source(piece.url), piece) for piece in pieces) if pieces else [(build.outputs.source(build.outputs.people), None)]

    def write(self, build, piece: paging.Piece | None):
        return build.pages.people(piece)

    def title(self, build, subject):
        return gettext("People")


class ReadingsPage(Output):
    name = "the readings page"

    def files(self, build):
        yield build.outputs.source(build.outputs.readings), None

    def write(self, build, subject):
        return build.pages.readings()

    def title(self, build, subject):
        return gettext("Readings")


class ReadingPage(Output):
    """The pages of a reading read in more sessions than the readings page names (paging)."""

    name = "its reading page"

    def files(self, build):
        return ((build.outputs.source(piece.url), (reading_id, piece, pieces))
                for reading_id, pieces in paging.reading_pages(build.index).items() for piece in pieces)

    def write(self, build, subject: tuple[str, paging.Piece, list[paging.Piece]]):
        return build.pages.reading_page(*subject)

    def title(self, build, subject: tuple[str, paging.Piece, list[paging.Piece]]):
        return build.index.site.readings[subject[0]].title


class Bibliography(Output):
    name = "the BibTeX file"

    def files(self, build):
        yield build.outputs.bibtex, None

    def write(self, build, subject):
        return bibtex.bibliography(build.index.site.readings)


class FiguresPage(Output):
    """The gallery, once a session shows a figure."""

    name = "the figures page"

    def files(self, build):
        if build.index.using:
            yield build.outputs.source(build.outputs.figures), None

    def write(self, build, subject):
        return build.pages.figures_page()

    def title(self, build, subject):
        return gettext("Figures")


class FigureSessionsPage(Output):
    """The pages of a figure shown in more sessions than the figures page names (paging)."""

    name = "its figure page"

    def files(self, build):
        return ((build.outputs.source(piece.url), (name, piece, pieces))
                for name, pieces in paging.figure_pages(build.index).items() for piece in pieces)

    def write(self, build, subject: tuple[str, paging.Piece, list[paging.Piece]]):
        return build.pages.figure_sessions(*subject)

    def title(self, build, subject: tuple[str, paging.Piece, list[paging.Piece]]):
        return gettext("Sessions that show %(figure)s") % {"figure": subject[0]}


class EventPage(Output):
    name = "its page"

    def files(self, build):
        return ((build.outputs.source(event.url), event) for event in build.index.events.values())

    def write(self, build, event: EventEntry):
        return build.pages.event(event)

    def title(self, build, event: EventEntry):
        return event.title


class EventSessionsPage(Output):
    """The pages of a long event's sessions (paging)."""

    name = "its pages of sessions"

    def files(self, build):
        return ((build.outputs.source(piece.url), (event, piece))
                for event in build.index.events.values() for piece in paging.session_pages(event, build.outputs))

    def write(self, build, subject: tuple[EventEntry, paging.Piece]):
        return build.pages.event_sessions(*subject)

    def title(self, build, subject: tuple[EventEntry, paging.Piece]):
        return session_page_title(*subject)

    def event(self, subject: tuple[EventEntry, paging.Piece]) -> EventEntry:
        return subject[0]


class PastEventsPage(Output):
    """The archive of a site with more events than its navigation lists (paging): `past-events/`,
    a page per year, and the pages of events without dates past those in view."""

    name = "the past events page"

    def files(self, build):
        if paging.grouped(build.index):
            yield build.outputs.source(build.outputs.past), None
            for year in paging.past_years(build.index):
                yield build.outputs.source(build.outputs.past_year(year)), year
            pieces = paging.undated_pages(build.index)
            for piece in pieces:
                yield build.outputs.source(piece.url), (piece, pieces)

    def write(self, build, subject: int | tuple | None):
        if isinstance(subject, tuple):
            return build.pages.undated_events(*subject)
        return build.pages.past_events() if subject is None else build.pages.past_year(subject)

    def title(self, build, subject: int | tuple | None):
        if isinstance(subject, tuple):
            return gettext("Events without dates")
        return gettext("Past events") if subject is None else gettext("Past events: %(year)s") % {"year": subject}


class EventEmbed(Output):
    """The event's next sessions, for another site's iframe."""

    name = "its embeddable view"

    def files(self, build):
        return ((build.outputs.event_embed(event.id), event) for event in build.index.events.values())

    def write(self, build, event: EventEntry):
        return build.pages.embed(event)


class EventProgramme(Output):
    """Every session of the event on paper: a page of its own with QR codes (templates/pages/programme.html.j2)."""

    name = "its printable programme"

    def files(self, build):
        return ((build.outputs.event_programme(event.id), event) for event in build.index.events.values())

    def write(self, build, event: EventEntry):
        return build.pages.programme(event)


class SessionPage(Output):
    name = "its page"

    def files(self, build):
        return ((build.outputs.source(session.url), session) for session in build.index.sessions)

    def write(self, build, session: SessionEntry):
        return build.pages.session(session)

    def title(self, build, session: SessionEntry):
        return session.full_title


class PersonPage(Output):
    name = "their page"

    def files(self, build):
        return ((build.outputs.source(build.outputs.person(person_id)), person_id) for person_id in build.index.site.people)

    def write(self, build, person_id: str):
        return build.pages.person_page(person_id)

    def title(self, build, person_id: str):
        return build.index.site.people[person_id].name


# In this order: the pages in the order MkDocs lists them (which orders its search index).
OUTPUTS: tuple[Output, ...] = (
    SiteCalendar(), EventCalendar(), SessionCalendar(), Feed(), SessionsSchema(), SessionsJson(), ScriptLabels(),
    HomePage(), PeoplePage(), ReadingsPage(), ReadingPage(), Bibliography(), FiguresPage(), FigureSessionsPage(), PastEventsPage(), EventPage(),
    EventSessionsPage(), EventEmbed(), EventProgramme(), SessionPage(), PersonPage(),
)


@dataclass
class Written:
    """The files of a build: content and, for pages, title, by path under the site root."""

    sources: dict[str, str | bytes] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


def write_all(build: Build, outputs: Iterable[Output] = OUTPUTS) -> Written:
    """Every file of `outputs` for `build`; those that need a site_url only when it has one.

    Raises schedule.OutputError naming the event or session a file could not be made from."""
    written = Written()
    for output in outputs:
        if output.needs_site_url and not build.outputs.calendars:
            continue
        for path, subject in output.files(build):
            event = output.event(subject)
            with translations.using(event.language if event else build.index.language):
                if isinstance(subject, (EventEntry, SessionEntry)):
                    with writing(subject, output.name):
                        written.sources[path] = output.write(build, subject)
                else:
                    written.sources[path] = output.write(build, subject)
                title = output.title(build, subject)
            if title is not None:
                written.titles[path] = title_html(title)
    return written
