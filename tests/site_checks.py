"""Checks of a built site, shared by the generator's tests (on the example site) and by
tests/your_site (on whatever data/ holds). Each returns the problems it found, one line each."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import icalendar
import jsonschema


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append((tag, value))


def references(page: Path) -> list[tuple[str, str]]:
    """(tag, URL) of every href and src of an HTML page."""
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def broken_references(site: Path, root_path: str = "/") -> list[str]:
    """Links and assets of the site's pages that point at no file of the site. `root_path`
    is the path of site_url (the 404 page links from there: it is served at any depth)."""
    broken = []
    for page in site.rglob("*.html"):
        for tag, url in references(page):
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "//")):
                continue
            path = unquote(parts.path)
            target = (site / path.removeprefix(root_path)) if path.startswith(root_path) else (page.parent / path)
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: <{tag}> {url}")
    return broken


def calendar_problems(site: Path) -> list[str]:
    """Every .ics parses with its time zones included and unique UIDs, and each session's own
    file links back to the page beside it."""
    problems = []
    for path in sorted(site.rglob("*.ics")):
        name = path.relative_to(site).as_posix()
        try:
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
        except ValueError as error:
            problems.append(f"{name}: does not parse ({error})")
            continue
        if calendar.get_missing_tzids():
            problems.append(f"{name}: no VTIMEZONE for {sorted(calendar.get_missing_tzids())}")
        uids = [str(entry["UID"]) for entry in calendar.events]
        if len(uids) != len(set(uids)):
            problems.append(f"{name}: a UID is used twice")
        if name.count("/") == 2:  # <event>/<session>/<event>-<session>.ics
            page = path.parent.relative_to(site).as_posix()
            if len(uids) != 1 or not str(calendar.events[0]["URL"]).endswith(f"/{page}/"):
                problems.append(f"{name}: is not the one entry of the page {page}/")
    return problems


def feed_problems(site: Path) -> list[str]:
    """The Atom feed parses, its ids are unique and every entry links to a page of the site."""
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    if feed.bozo or feed.version != "atom10":
        return [f"feed.xml: not valid Atom ({feed.get('bozo_exception')})"]
    problems = []
    if len({entry.id for entry in feed.entries}) != len(feed.entries):
        problems.append("feed.xml: an entry id is used twice")
    base = next(link.href for link in feed.feed.links if link.rel == "self").removesuffix("feed.xml")
    for entry in feed.entries:
        if not (site / entry.link.removeprefix(base) / "index.html").is_file():
            problems.append(f"feed.xml: {entry.link} is no page of the site")
    return problems


def json_problems(site: Path) -> list[str]:
    """Each event's sessions.json follows the published sessions.schema.json."""
    schema = json.loads((site / "sessions.schema.json").read_text(encoding="utf-8"))
    problems = []
    for path in sorted(site.glob("*/sessions.json")):
        try:
            jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
        except (ValueError, jsonschema.ValidationError) as error:
            problems.append(f"{path.relative_to(site)}: {getattr(error, 'message', error)}")
    return problems


class _SearchExclusions(HTMLParser):
    """Blocks marked data-search-exclude that hold an element of their own tag. Material's
    search plugin keeps its excluded blocks in a set keyed by tag name, so the first nested
    element of the same tag ends the exclusion when it closes, and the rest of the block is
    indexed after all."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, bool]] = []  # (tag, excluded) of the elements we are inside
        self.nested: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        if (tag, True) in self.open:
            self.nested.append(tag)
        self.open.append((tag, any(name == "data-search-exclude" for name, _ in attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return


def search_exclusion_problems(site: Path) -> list[str]:
    """Pages where a block left out of the search index would leak into it (see _SearchExclusions)."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _SearchExclusions()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(site)}: a <{tag}> inside a <{tag} data-search-exclude>" for tag in parser.nested]
    return problems
