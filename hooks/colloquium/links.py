"""Where each page lives (DESIGN §5), and how one page links to another.

URLs are paths under the site root without a leading slash ("people/woojin-kim/"), so that
the site works wherever it is published (a GitHub Pages project site lives under
/<repository>/). Pages link to each other with relative URLs (`relative`), which is what a
static page can resolve without knowing the site's address.
"""

from __future__ import annotations

import functools
import posixpath

HOME = ""
PEOPLE = "people/"
READINGS = "readings/"
FIGURES = "figures/"
BIBTEX = "readings/readings.bib"


def event(event_id: str) -> str:
    return f"{event_id}/"


def session(event_id: str, session_id: str) -> str:
    return f"{event_id}/{session_id}/"


def person(person_id: str) -> str:
    return f"{PEOPLE}{person_id}/"


def reading(reading_id: str) -> str:
    return f"{READINGS}#{reading_id}"


def figure(name: str) -> str:
    return f"{FIGURES}#{name}"


def figure_image(file_name: str) -> str:
    return f"{FIGURES}{file_name}"


def source_path(url: str) -> str:
    """The Markdown file that becomes the page at `url` ("people/" -> "people/index.md")."""
    return f"{url}index.md"


@functools.lru_cache(maxsize=None)
def relative(from_page: str, to: str) -> str:
    """The link from the page at `from_page` to `to` (both site-root paths as above)."""
    target, hash_mark, fragment = to.partition("#")
    if target == from_page:
        return f"#{fragment}" if hash_mark else "./"
    path = posixpath.relpath(target or ".", from_page or ".")
    if target == "" or target.endswith("/"):
        path += "/"
    return path + hash_mark + fragment
