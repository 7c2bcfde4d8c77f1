"""Where every output of the site lives (DESIGN §5), and how one page links to another.

One `Outputs` names every generated file: pages (by URL), calendars, the feed, the BibTeX
file, figure images; and, from the site's address (`site_url`), their absolute addresses.
What each file holds and how it is written is the registry's (colloquium.site_files). Page URLs follow MkDocs' `use_directory_urls`: `week-2/` with it (the
default), `week-2/index.html` without it, which is what works when the site is opened from
disk. URLs are paths under the site root without a leading slash, so that the site works
wherever it is published (a GitHub Pages project site lives under /<repository>/); pages link
to each other with relative URLs (`relative`), which a static page resolves without knowing
the site's address.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

PAGE_SOURCE = "index.md"


@dataclass(frozen=True)
class Outputs:
    use_directory_urls: bool = True
    # The site's address (mkdocs.yml's site_url), ending in '/'; calendars, the feed and the
    # sessions' JSON link back to pages with it, so a site has them only with an address.
    site_url: str | None = None

    def __post_init__(self) -> None:
        if self.site_url and not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")

    @property
    def calendars(self) -> bool:
        """Whether the site has calendars, the feed and JSON (they need absolute links)."""
        return bool(self.site_url)

    def absolute(self, path: str) -> str:
        """The address of a page URL or file path on the published site."""
        return self.site_url + path

    def subscription(self, path: str) -> dict[str, str]:
        """The addresses of a calendar file: `webcal` (opens the reader's calendar app, which
        then keeps it up to date) and `https` (to paste into Google, Apple or Outlook)."""
        address = self.absolute(path)
        return {"webcal": "webcal://" + address.split("://", 1)[1], "https": address}

    # -- files that are not pages (paths under the site root)

    bibtex: str = "readings/readings.bib"
    site_calendar: str = "calendar.ics"
    feed: str = "feed.xml"

    @staticmethod
    def event_calendar(event_id: str) -> str:
        return f"{event_id}/calendar.ics"

    @staticmethod
    def session_calendar(event_id: str, session_id: str) -> str:
        """Named after the session, so that downloads of two sessions do not clash."""
        return f"{event_id}/{session_id}/{event_id}-{session_id}.ics"

    @staticmethod
    def event_sessions_json(event_id: str) -> str:
        return f"{event_id}/sessions.json"

    sessions_schema: str = "sessions.schema.json"

    @staticmethod
    def event_embed(event_id: str) -> str:
        return f"{event_id}/embed.html"

    @staticmethod
    def script_labels(code: str) -> str:
        """The words of the site's schedule script (assets/js/schedule.js) in the language `code`."""
        return f"assets/js/labels/{code}.js"

    @staticmethod
    def event_programme(event_id: str) -> str:
        """The printable programme: a standalone page (no navigation), made for paper and PDF."""
        return f"{event_id}/programme/index.html"

    @staticmethod
    def figure_image(file_name: str) -> str:
        return f"figures/{file_name}"

    # -- pages (URLs)

    def page(self, folder: str) -> str:
        """The URL of the page whose source is `<folder>/index.md` ('' is the home page)."""
        return folder if self.use_directory_urls else f"{folder}index.html"

    @property
    def home(self) -> str:
        return self.page("")

    @property
    def people(self) -> str:
        return self.page("people/")

    def people_page(self, number: int) -> str:
        """A page of the People page, once it is split (colloquium.paging): the first is `people/`."""
        return self.people if number == 1 else self.page(f"people/page/{number}/")

    @property
    def readings(self) -> str:
        return self.page("readings/")

    def reading_page(self, reading_id: str, number: int = 1) -> str:
        """A reading's own pages: every session that read it (colloquium.paging)."""
        return self.page(f"readings/{reading_id}/" if number == 1 else f"readings/{reading_id}/{number}/")

    @property
    def past(self) -> str:
        """The archive of past events, by year (`past-events` is no event's id: loader.RESERVED_EVENT_IDS)."""
        return self.page("past-events/")

    def past_year(self, year: int) -> str:
        return self.page(f"past-events/{year}/")

    def undated_events(self, number: int = 1) -> str:
        """A page of the events without dates, in the archive."""
        return self.page("past-events/undated/" if number == 1 else f"past-events/undated/{number}/")

    @property
    def figures(self) -> str:
        return self.page("figures/")

    def event(self, event_id: str) -> str:
        return self.page(f"{event_id}/")

    def session(self, event_id: str, session_id: str) -> str:
        return self.page(f"{event_id}/{session_id}/")

    def event_sessions_page(self, event_id: str, number: int) -> str:
        """A page of an event's sessions, once they are split (colloquium.paging)."""
        return self.page(f"{event_id}/sessions/{number}/")

    def person(self, person_id: str) -> str:
        return self.page(f"people/{person_id}/")

    def reading(self, reading_id: str) -> str:
        return f"{self.readings}#{reading_id}"

    def figure(self, name: str) -> str:
        return f"{self.figures}#{name}"

    def figure_sessions(self, name: str, number: int = 1) -> str:
        """A figure's own pages: every session that shows it (colloquium.paging)."""
        return self.page(f"figures/{name}/" if number == 1 else f"figures/{name}/{number}/")

    @staticmethod
    def source(url: str) -> str:
        """The Markdown file under the docs folder that becomes the page at `url`."""
        return url.removesuffix("index.html") + PAGE_SOURCE

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def relative(from_page: str, to: str) -> str:
        """The link from the page at URL `from_page` to `to` (a page URL, optionally with a
        #fragment, or a file path under the site root)."""
        target, hash_mark, fragment = to.partition("#")
        if target == from_page:
            return f"#{fragment}" if hash_mark else posixpath.basename(target) or "./"
        folder = from_page if from_page == "" or from_page.endswith("/") else posixpath.dirname(from_page)
        path = posixpath.relpath(target or ".", folder or ".")
        if target == "" or target.endswith("/"):
            path = "./" if path == "." else path + "/"
        return path + hash_mark + fragment
