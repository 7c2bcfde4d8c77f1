"""What a page says about itself to link previews and search engines: decided here, once.

A link pasted into Slack, KakaoTalk or a mailing list is previewed from the page's Open Graph
and Twitter card tags; a search engine reads its schema.org data (structured_data.py). Both
are decided here from the site index and handed to MkDocs in the page's front matter, which
the theme (theme/main.html, block `extrahead`) writes into the page's head as it is:

- `description`: the page's description, HTML-escaped (Material writes it unescaped into
  `<meta name="description">`);
- `cq_preview`: the tags, as [attribute, name, content] (the theme escapes the content);
- `cq_jsonld`: the page's `<script type="application/ld+json">` element, if it has one.

The preview's picture is the session's first figure that has an image, else the event's own
`image`, else the site's (SITE_IMAGE under content/, when there is one): all served by the site
itself, named by absolute address (previews need one: without a site_url there is none).
Nothing is fetched at build time. The site's language is the theme's setting
(`og:locale`, written by the theme for every page, hand-written ones included).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from colloquium import plain_text, translations
from colloquium.schedule import EventEntry, SessionEntry, SiteIndex
from colloquium.structured_data import StructuredData, script
from colloquium.translations import gettext as _

# X reads at most this many characters of a picture's description (twitter:image:alt, in its
# cards' markup reference); the Open Graph tag has no limit and keeps the whole text.
X_IMAGE_ALT_LENGTH = 420

# The site's own preview picture, under the docs folder (content/): replace it with yours.
SITE_IMAGE = "assets/images/preview.png"


class Previews:
    """The preview facts of every page of one index."""

    def __init__(self, index: SiteIndex, site_name: str, figures: Mapping, site_image: str | None = None) -> None:
        self.index = index
        self.outputs = index.outputs
        self.site_name = site_name
        self.figures = figures
        self.site_image = site_image  # path under the site root, when the site has its picture
        self.structured = StructuredData(index, site_name, self.image_url)

    # -- the picture

    def image(self, entry: EventEntry | SessionEntry | None) -> tuple[str, str] | None:
        """(path under the site root, alt text) of the picture a page is previewed with."""
        if isinstance(entry, SessionEntry):
            for name in entry.session.figures:
                figure = self.figures.get(name)
                if figure is not None and figure.image:
                    return self.outputs.figure_image(figure.image), figure.alt
            entry = entry.event
        if entry is not None and entry.event.image:
            return entry.event.image.lstrip("/"), entry.title
        return (self.site_image, self.site_name) if self.site_image else None

    def image_url(self, entry: EventEntry | SessionEntry | None) -> str | None:
        image = self.image(entry)
        return self.outputs.absolute(image[0]) if image and self.outputs.site_url else None

    # -- pages

    def session(self, entry: SessionEntry) -> dict:
        session = entry.session
        when = [session.date and dates_text(entry)]
        people = ", ".join(p.person.name for p in entry.presenters)
        fallback = " · ".join(filter(None, [*when, people and f"with {people}", entry.event.title]))
        description = plain_text.summary(session.summary or session.abstract) or fallback
        return self.front_matter(
            entry.full_title, entry.url, description, entry,
            labels=[(_("Event"), entry.event.title), (_("When"), when[0])],
            structured=self.structured.session_page(entry),
        )

    def event(self, entry: EventEntry, url: str | None = None) -> dict:
        event = entry.event
        description = plain_text.summary(event.description) or " · ".join(
            filter(None, [event.subtitle, event.display_name, event.term, event.institution])
        )
        return self.front_matter(
            event.title, url if url is not None else entry.url, description, entry,
            labels=[(_("Event"), event.title), (_("Dates"), _span_text(entry))],
            structured=self.structured.event_page(entry),
        )

    def page(self, title: str, url: str, description: str | None = None) -> dict:
        """A page of the site beside the events (home, people, readings, figures, a person)."""
        return self.front_matter(title, url, description, None)

    def front_matter(self, title, url, description, entry, labels=(), structured=None) -> dict:
        address = self.outputs.absolute(url) if self.outputs.site_url else None
        image = self.image(entry)
        image_url = self.image_url(entry)
        tags = [
            ("property", "og:type", "website"),
            ("property", "og:title", title),
            ("property", "og:description", description),
            ("property", "og:url", address),
            ("property", "og:site_name", self.site_name),
            ("property", "og:image", image_url),
            ("property", "og:image:alt", image[1] if image_url else None),
            # X reads the title, description and picture from the Open Graph tags when its own
            # are absent: only what has no Open Graph form is repeated (on every page: bytes).
            ("name", "twitter:card", "summary_large_image" if image_url else "summary"),
            ("name", "twitter:image:alt", plain_text.summary(image[1], X_IMAGE_ALT_LENGTH) if image_url else None),
        ]
        # Slack and others show these as extra lines of the preview (the event, its days).
        for number, (label, value) in enumerate([(label, value) for label, value in labels if value], start=1):
            tags += [("name", f"twitter:label{number}", label), ("name", f"twitter:data{number}", value)]
        meta = {"cq_preview": [[attribute, name, content] for attribute, name, content in tags if content]}
        if description:
            meta["description"] = html.escape(description)
        if structured:
            meta["cq_jsonld"] = script(structured)
        return meta


def dates_text(entry: SessionEntry) -> str:
    """'Tue, Sep 16, 2025, 16:00–17:30 KST' (a session that does not meet: its day)."""
    day = translations.current().weekday_day(entry.session.date)
    return _("%(day)s, %(time)s") % {"day": day, "time": entry.time_text} if entry.is_timed and entry.meets else day


def _span_text(entry: EventEntry) -> str | None:
    return translations.current().day_range(*entry.span) if entry.span else None
