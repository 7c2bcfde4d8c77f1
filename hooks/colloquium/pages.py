"""The pages of the site, made from the site index: pure functions, no MkDocs.

`Pages` renders the Markdown source of each generated page (and each event's embeddable
view); the registry of outputs (site_files) asks it for every page of a build. Each kind of
page has one Jinja2 template in templates/pages/; an event page and a session page are
frames (event.md.j2, session.md.j2) whose blocks each kind's own templates fill.

The sources are Markdown with HTML blocks. Headings are Markdown, so that the table of
contents, permalinks and search sections work; their text from YAML goes through
`markdown_literal`. Everything else is HTML that the templates build with autoescaping on, and
Markdown fields of the YAML go through the safe renderer (markdown_text). MkDocs passes HTML
blocks through unchanged, so links inside them are relative URLs (outputs.Outputs.relative).

Times are `<time datetime="...">` elements with the full offset (a date-only session keeps a
plain date); their text is the event's local time with its zone for that day. The site's own
script (content/assets/js/schedule.js) adds the reader's local time beside it and corrects
the live state (next session, happening now, ended) from the same data, so a page built at
midnight is right in the afternoon; without JavaScript the state as built stays.

Every page is written in its language (colloquium.translations, in use around each output):
labels through Jinja2's i18n extension, dates through the language's CLDR formats, and the
script's words from a file per language (`script_labels`), which each page names at its end.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markupsafe
import yaml

from colloquium import figure_manifest, kinds, paging, qr, translations
from colloquium.model import is_site_file
from colloquium.page_meta import Previews
from colloquium.markdown_text import markdown_literal, render, render_inline
from colloquium.schedule import NEXT_SESSIONS, STATUS_NAMES, EventEntry, SessionEntry, SiteIndex
from colloquium.translations import N_, gettext, ngettext
# libyaml's dumper where PyYAML has it (every wheel does): front matter of ~100 pages per build.
_YamlDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MATERIAL_NAMES = {  # translated where shown
    "slides": N_("Slides"),
    "recording": N_("Recording"),
    "code": N_("Code"),
    "notes": N_("Notes"),
    "handout": N_("Handout"),
    "paper": N_("Paper"),
    "data": N_("Data"),
    "other": N_("Material"),
}
READING_TYPES = {  # a reading's badge (a paper has none); translated where shown
    "book": N_("book"), "chapter": N_("chapter"), "blog": N_("blog"), "tutorial": N_("tutorial"), "video": N_("video"),
    "code": N_("code"), "course": N_("course"), "dataset": N_("dataset"), "tool": N_("tool"), "other": N_("other"),
}
# The home page lists this many sessions beyond its NEXT_SESSIONS, hidden: the page's script
# shows them in turn as listed sessions end between two builds.
SPARE_NEXT_SESSIONS = 4
# How many sessions an event's embeddable view lists.
EMBED_SESSIONS = 5


# ---------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Figure:
    """What the pages show of one generated figure (read from the figure manifest)."""

    name: str
    caption: str
    alt: str
    image: str | None = None  # the PNG under figures/ (the fallback), None while it has not been made
    webp: Mapping[str, str] = field(default_factory=dict)  # pixel density ("1x", "2x") -> WebP file under figures/
    width: int | None = None  # pixels of the PNG and the 1x WebP: the size the figure is shown at
    height: int | None = None
    numbers: Mapping[str, str] = field(default_factory=dict)  # label -> value as shown
    provenance: Mapping[str, str] = field(default_factory=dict)  # label -> value as shown
    state: str = "fresh"  # fresh | stale | missing (figure_manifest)
    reasons: tuple[str, ...] = ()  # why it is stale or missing
    # The code beside the figure: the definitions its cache key hashes, each {"key", "id", "title",
    # "html" (highlighted), "as_made"}; the command that makes it; seed, configuration and
    # tolerance (JSON); the commit the listings are from.
    code: tuple[Mapping[str, object], ...] = ()
    command: str = ""
    config: str = ""
    commit: str | None = None

    @classmethod
    def from_status(cls, status) -> "Figure":
        """From a colloquium.figure_manifest.FigureStatus: numbers and provenance as shown."""
        made = status.provenance
        provenance = {}
        if made:
            device = made.get("device_name") or made.get("device")
            provenance = {  # labels translated where shown
                N_("Made on"): f"{device} ({made['device']})" if device != made.get("device") else str(device),
                N_("Time"): f"{figure_manifest.format_number(made['seconds'])} s",
                "PyTorch": str(made.get("torch")),
                N_("Configuration"): str(made.get("mode")),
                N_("Seed"): str(made.get("seed")),
                N_("Cache key"): str(made.get("cache_key")),
            }
        images = [name for name in status.images if name.endswith(".png")] or list(status.images)
        webp = {("2x" if name.endswith("@2x.webp") else "1x"): name for name in status.images if name.endswith(".webp")}
        width, height = status.pixels or (None, None)
        return cls(
            name=status.name,
            caption=status.caption,
            alt=status.alt,
            image=images[0] if images else None,
            webp=dict(sorted(webp.items())),
            width=width,
            height=height,
            numbers={label: figure_manifest.format_number(value) for label, value in status.numbers.items()},
            provenance=provenance,
            state=status.state,
            reasons=status.reasons,
            code=tuple(
                {"key": listing.key, "id": listing.anchor, "title": listing.title, "html": figure_manifest.highlighted(listing), "as_made": listing.as_made}
                for listing in status.code
            ),
            command=status.command,
            config=json.dumps(status.config, indent=1) if status.config else "",
            commit=status.commit,
        )


# ---------------------------------------------------------------------------- rendering


def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([folder / "pages" for folder in folders]),
        # Compiled templates are kept in the system's temp folder (checked against the template
        # source): compiling them would otherwise be a good part of every build's cost.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        markdown=render,
        markdown_inline=render_inline,
        literal=markdown_literal,
        # Dates in the language in use (translations.using): the page's.
        day=lambda date: translations.current().day(date),
        weekday_day=lambda date: translations.current().weekday_day(date),
        clock=lambda time: translations.current().clock(time),
        iso=lambda value: value.isoformat(),
        number=lambda value: translations.current().number(value),
        # A word kept as data (a kind's name, a status, a role), in the language in use; text
        # the organizer wrote (a staff role) stays as it is. Not `_()`: that formats with %.
        translated=gettext,
    )
    # {% trans %}, _() and ngettext() read the catalog of the language in use.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(
        day_range=lambda start, end: translations.current().day_range(start, end),
        material_names=MATERIAL_NAMES,
        status_names=STATUS_NAMES,
        reading_types=READING_TYPES,
    )
    return env


@functools.cache
def _templates(folders: tuple[Path, ...]) -> jinja2.Environment:
    """The page templates of the package and of every registered kind (one environment per set)."""
    return _environment(folders)


def _page_templates() -> jinja2.Environment:
    return _templates(tuple(kinds.template_folders()))


class Pages:
    """Renders the pages of one site index; what the templates call is here or on the index
    and its entries (which know the build's moment: no template reads a clock)."""

    def __init__(
        self, index: SiteIndex, figures: Mapping[str, Figure], figure_suite: Mapping | None, previews: Previews | None = None
    ) -> None:
        self.index = index
        self.previews = previews or Previews(index, "", figures)
        self.site = index.site
        self.outputs = index.outputs
        self.figures = figures
        self.figure_suite = figure_suite
        self.templates = _page_templates()

    def page(self, template: str, url: str, title: str, meta: dict | None = None, **context) -> str:
        """A page source: front matter with the page title and its preview facts (`meta`,
        page_meta; by default those of a page beside the events), then the rendered template."""
        meta = meta if meta is not None else self.previews.page(title, url)
        # MkDocs and the theme treat page titles as HTML; the title is text, so escape it.
        # cq_language: the page's <html lang> and the theme's own words (theme/partials/language.html).
        language = translations.current()
        front_matter = yaml.dump({"title": title_html(title), "cq_language": language.code, **meta},
                                 Dumper=_YamlDumper, allow_unicode=True, width=1 << 16)
        return f"---\n{front_matter}---\n\n{self.render(template, url, **context)}\n{self.script_labels_tag(url, language.code)}\n"

    def script_labels_tag(self, url: str, code: str) -> str:
        """The `<script>` that gives the page at `url` the schedule script's words in `code`
        (before the script itself, which the theme puts at the end of the body)."""
        return f'<script src="{html.escape(self.outputs.relative(url, self.outputs.script_labels(code)))}"></script>'

    def render(self, template: str, url: str, **context) -> str:
        """`template` for the file at `url`, with what every template may use."""
        return self.templates.get_template(template).render(
            r=self,
            index=self.index,
            site=self.site,
            outputs=self.outputs,
            page_url=url,
            href=lambda target: self.outputs.relative(url, target),
            language=translations.current(),
            # a web link as it is, a file under content/ relative to the page
            link=lambda target: self.outputs.relative(url, target.lstrip("/")) if is_site_file(target) else target,
            **context,
        )

    # -- pages

    def home(self, intro: str) -> str:
        events = self.index.events_for_home()
        if paging.grouped(self.index):  # the most recent past events, a few undated ones; the others are a click away
            undated = [(event, phase) for event, phase in events if phase == "undated"]
            past = [(event, phase) for event, phase in events if phase == "past"]
            events = ([(event, phase) for event, phase in events if phase in ("current", "upcoming")]
                      + undated[:paging.UNDATED_IN_VIEW] + past[:paging.HOME_PAST_EVENTS])
        return self.page(
            "home.md.j2",
            self.outputs.home,
            gettext("Home"),
            self.previews.page(self.previews.site_name or gettext("Home"), self.outputs.home),
            intro=intro,
            events=events,
            archive=paging.grouped(self.index),
            next_sessions=self.index.next_sessions(NEXT_SESSIONS + SPARE_NEXT_SESSIONS),
            shown=NEXT_SESSIONS,
        )

    def event(self, event: EventEntry, url: str | None = None) -> str:
        """The event's page, at its own address or at `url` (the home page of a one-event site).
        An event with pages of sessions (paging) shows the one with its next session."""
        shown = paging.current_session_page(event, self.outputs)
        return self.page(
            event.event.page_template(),
            url if url is not None else event.url,
            event.event.title,
            self.previews.event(event, url),
            entry=event,
            event=event.event,
            sessions=shown.items if shown else event.sessions,
            session_pages=paging.session_pages(event, self.outputs),
            shown_page=shown,
            next_session=event.next_session,
            calendar=event.calendar,
        )

    def event_sessions(self, event: EventEntry, piece: paging.Piece) -> str:
        """One page of a long event's sessions (paging)."""
        return self.page(
            "event-sessions.md.j2", piece.url, session_page_title(event, piece),
            entry=event, event=event.event, piece=piece, session_pages=paging.session_pages(event, self.outputs),
        )

    def past_events(self) -> str:
        """The archive: every year with past events, most recent first, and the events without dates."""
        return self.page("past.md.j2", self.outputs.past, gettext("Past events"), years=paging.past_years(self.index),
                         undated_pages=paging.undated_pages(self.index))

    def past_year(self, year: int) -> str:
        title = gettext("Past events: %(year)s") % {"year": year}
        return self.page("event-cards.md.j2", self.outputs.past_year(year), title, heading=title,
                         events=[(event, "past") for event in paging.past_years(self.index)[year]], pieces=[], piece=None)

    def undated_events(self, piece: paging.Piece, pieces: list[paging.Piece]) -> str:
        title = gettext("Events without dates")
        return self.page("event-cards.md.j2", piece.url, title, heading=title,
                         events=[(event, "undated") for event in piece.items], pieces=pieces, piece=piece)

    def session(self, entry: SessionEntry) -> str:
        siblings = entry.event.sessions
        return self.page(
            entry.event.event.session_template,
            entry.url,
            entry.full_title,
            self.previews.session(entry),
            entry=entry,
            event=entry.event.event,
            session=entry.session,
            previous=siblings[entry.position - 1] if entry.position > 0 else None,
            next=siblings[entry.position + 1] if entry.position + 1 < len(siblings) else None,
            listed_on=paging.session_page_of(entry, self.outputs),
            calendar=entry.calendar,
        )

    def people(self, piece: paging.Piece | None = None) -> str:
        """The People page, or one of its pages once it is split (paging)."""
        people = piece.items if piece else list(self.site.people)
        events = {
            person_id: list(dict.fromkeys([event_id for _, event_id in self.index.roles[person_id]]
                                          + [entry.event_id for entry in self.index.presented_by[person_id]]))
            for person_id in people
        }
        pieces = paging.people_pages(self.index)
        return self.page("people.md.j2", piece.url if piece else self.outputs.people, gettext("People"),
                         people=people, events=events, piece=piece, pieces=pieces)

    def person_page(self, person_id: str) -> str:
        person = self.site.people[person_id]
        return self.page(
            "person.md.j2",
            self.outputs.person(person_id),
            person.name,
            person_id=person_id,
            person=person,
            roles=self.index.roles[person_id],
            presented=self.index.presented_by[person_id],
            email=obfuscated_email(person.email) if person.email else None,
        )

    def readings(self) -> str:
        return self.page("readings.md.j2", self.outputs.readings, gettext("Readings"), topics=readings_by_topic(self.site.readings),
                         named=paging.SESSIONS_NAMED)

    def reading_page(self, reading_id: str, piece: paging.Piece, pieces: list[paging.Piece]) -> str:
        """The sessions that read a reading read more often than the readings page names (paging)."""
        reading = self.site.readings[reading_id]
        return self.page("reading.md.j2", piece.url, reading.title, reading_id=reading_id, reading=reading,
                         total=len(self.index.citing[reading_id]), piece=piece, pieces=pieces)

    def figures_page(self) -> str:
        return self.page("figures.md.j2", self.outputs.figures, gettext("Figures"), suite=self.figure_suite, named=paging.SESSIONS_NAMED)

    def figure_sessions(self, name: str, piece: paging.Piece, pieces: list[paging.Piece]) -> str:
        """The sessions that show a figure shown more often than the figures page names (paging)."""
        return self.page("figure-sessions.md.j2", piece.url, gettext("Sessions that show %(figure)s") % {"figure": name}, name=name,
                         total=len(self.index.using[name]), piece=piece, pieces=pieces)

    def embed(self, event: EventEntry) -> str:
        """The event's next sessions for another site's iframe (a standalone HTML file)."""
        return self.render(
            "embed.html.j2",
            self.outputs.event_embed(event.id),
            entry=event,
            event=event.event,
            next_sessions=event.upcoming[: EMBED_SESSIONS + SPARE_NEXT_SESSIONS],
            labels=markupsafe.Markup(self.script_labels_tag(self.outputs.event_embed(event.id), translations.current().code)),
            shown=EMBED_SESSIONS,
            webcal=self.outputs.subscription(event.calendar)["webcal"] if event.calendar else None,
        )

    def programme(self, event: EventEntry) -> str:
        """The event's printable programme (a standalone HTML file): every session, past ones
        too, by day in the event's zone, with places, presenters and status, and a QR code
        for the event's page and each session's (with the site's address; none without)."""
        url = self.outputs.event_programme(event.id)
        # A long event's programme holds the sessions its page shows (paging), as paper would.
        shown = paging.current_session_page(event, self.outputs)
        listed = set(map(id, shown.items)) if shown else None
        days: dict[object, list[SessionEntry]] = {}
        for session in event.by_time + [s for s in event.sessions if s.session.date is None]:
            if listed is None or id(session) in listed:
                days.setdefault(session.session.date, []).append(session)

        def code(page_url: str, label: str) -> str | None:
            return qr.svg(self.outputs.absolute(page_url), label) if self.outputs.site_url else None

        return self.render(
            "programme.html.j2", url, entry=event, event=event.event, days=list(days.items()), qr=code, shown_page=shown,
            address=self.outputs.absolute(event.url) if self.outputs.site_url else None,
        )


@functools.cache
def script_labels(code: str) -> str:
    """The words of the site's script (assets/js/schedule.js) in the language `code`, with the
    language's clock: a script file (outputs.script_labels) that pages in `code` name, so
    that each page carries a link to them instead of the words (370 bytes a page), and no
    inline script."""
    with translations.using(code) as language:
        labels = {
            "now": gettext("Happening now"), "next": gettext("Next session"),
            "upcoming": gettext("Upcoming"), "ended": gettext("Ended"),
            # %(time)s and %(zone)s are filled in by the script
            "yourTime": gettext("%(time)s your time, %(zone)s"), "nextDay": gettext("(next day)"),
            "showPast": [ngettext("Show %(count)s past session", "Show %(count)s past sessions", n) for n in (1, 2)],
            "hidePast": [ngettext("Hide %(count)s past session", "Hide %(count)s past sessions", n) for n in (1, 2)],
            "hourCycle": language.hour_cycle,
        }
    return f"var cqLabels = {json.dumps(labels, ensure_ascii=False, indent=1)};\n"


def title_html(title: str) -> str:
    """A page title as MkDocs and the theme take it: HTML, so the text is escaped (front matter
    and a dirty rebuild's navigation alike)."""
    return html.escape(title, quote=False)


def session_page_title(event: EventEntry, piece: paging.Piece) -> str:
    """'Seminar: sessions 101–200', the title of a page of an event's sessions."""
    language = translations.current()
    return gettext("%(event)s: sessions %(first)s–%(last)s") % {
        "event": event.title, "first": language.number(piece.first + 1), "last": language.number(piece.first + len(piece.items))}


def error_page(errors: list) -> str:
    """The page a preview shows while the data has errors (colloquium.errors.DataError each)."""
    count = len(errors)
    title = f"The data has {count} error{'s' if count != 1 else ''}"
    front_matter = yaml.dump({"title": title}, Dumper=_YamlDumper)
    return f"---\n{front_matter}---\n\n" + _page_templates().get_template("errors.md.j2").render(title=title, errors=errors)


def readings_by_topic(readings: Mapping) -> list[tuple[str, list[str]]]:
    """(topic, reading ids) in the order topics first appear; untopical readings last."""
    topics: dict[str, list[str]] = {}
    for reading_id, reading in readings.items():
        for topic in reading.topics or [None]:
            topics.setdefault(topic, []).append(reading_id)
    if None in topics:  # untopical readings last, under "Other"
        other = gettext("Other")
        topics[other] = topics.pop(other, []) + topics.pop(None)
    return list(topics.items())


def obfuscated_email(address: str) -> str:
    """'ada (at) example (dot) org': readable by people, not by address harvesters."""
    user, domain = address.split("@", 1)
    return f"{user} (at) {domain.replace('.', ' (dot) ')}"


# An event's sessions are listed in the navigation (each page of the event carries them) up to
# this many, a term of two meetings a week; beyond it the navigation has the event's page,
# which lists them (by pages, paging), and each session page links its neighbours, its event
# and its page of sessions: a page then does not repeat its whole event (a course of 31
# lectures put 6 kB of links on each of its pages; a series of 5,000 sessions would put 5,000).
NAV_SESSIONS_LISTED = 24


EVENTS_PLACEHOLDER = "colloquium:events"


def organizer_navigation(nav: list, generated: list) -> list:
    """An organizer's own `nav:` (mkdocs.yml) with the generated events section in the place
    of the entry `colloquium:events` (alone, or as the value of a titled entry); generated pages
    (people/index.md, readings/index.md, figures/index.md) are named by their paths as usual."""
    events = next(next(iter(item.values())) for item in generated if isinstance(item, dict))  # the first section: Events

    def expand(item):
        if item == EVENTS_PLACEHOLDER:
            return {gettext("Events"): events}
        if isinstance(item, dict):
            return {title: events if value == EVENTS_PLACEHOLDER else expand(value) for title, value in item.items()}
        if isinstance(item, list):
            return [expand(entry) for entry in item]
        return item

    return expand(nav)


def navigation(index: SiteIndex, extra_pages: list[str] = ()) -> list:
    """The site's navigation in mkdocs.yml's `nav` form: each event with its sessions.

    Events come in the home page's order (current, upcoming, undated, past). A site with more
    than paging.NAV_EVENTS_UNGROUPED events lists its current and upcoming events directly, then
    "Past events" (which links the archive's page, `past-events/`, and leads to every year's
    events and to the other undated events) holding the past events of its
    paging.NAV_PAST_YEARS most recent years in one section per year ("Past events: 2024", which
    links the year's page), then its first paging.UNDATED_IN_VIEW undated events in "Other
    events"; other events, and their sessions, are on no page's navigation. With the theme's
    `navigation.prune`, a page carries the sessions of its own event only, and the events of
    its own year; a page outside the past events shows them as one line. So its size does not
    grow with the rest of the site.

    Section titles are HTML in the theme, so event titles are escaped; page titles come from
    each page's own front matter.
    """
    outputs = index.outputs
    titles = [event.event.title for event in index.events.values()]

    def event_section(event: EventEntry) -> dict:
        # Two events may share a title (a seminar series and its reading group): tell them apart.
        title = event.event.title
        if titles.count(title) > 1 and (event.event.subtitle or event.event.term):
            title = f"{title}: {event.event.subtitle or event.event.term}"
        sessions = event.sessions if len(event.sessions) <= NAV_SESSIONS_LISTED else []
        pages = [outputs.source(event.url)] + [outputs.source(session.url) for session in sessions]
        return {html.escape(title, quote=False): pages}

    ordered = index.events_for_home()
    if not paging.grouped(index):
        events = [event_section(event) for event, _ in ordered]
    else:
        # Current and upcoming events stay in view; past ones in one section (the archive) by
        # year, which a page outside it shows as one line; then undated ones.
        events = [event_section(event) for event, phase in ordered if phase in ("current", "upcoming")]
        # A section's index.md is the page its title links (the theme's navigation.indexes):
        # the archive's page for the past events' section, a year's page for the year's.
        past = [outputs.source(outputs.past)]
        for year, events_of_year in list(paging.past_years(index).items())[:paging.NAV_PAST_YEARS]:
            past.append({gettext("Past events: %(year)s") % {"year": year}: [outputs.source(outputs.past_year(year)), *map(event_section, events_of_year)]})
        events.append({gettext("Past events"): past})
        if undated := [event_section(event) for event, phase in ordered if phase == "undated"][:paging.UNDATED_IN_VIEW]:
            events.append({gettext("Other events"): undated})
    return [
        outputs.source(outputs.home),
        {gettext("Events"): events},
        outputs.source(outputs.people),
        outputs.source(outputs.readings),
        *([outputs.source(outputs.figures)] if index.using else []),
        *extra_pages,
    ]
