"""The Atom feed (`/feed.xml`): upcoming sessions and newly released videos, the newest
FEED_ENTRIES, newest first.

A feed is read over time, so each entry carries the day it becomes news and is left out of
any build before that day (a day in the event's own zone, as releases are). The site is
rebuilt every hour, so entries appear on their day:

- a session is announced ANNOUNCE_AHEAD before its date (those that do not meet too, saying so);
- a video appears on its `release` date once it has a URL (without a release date: on the
  session's date, or for an undated session on the event's first day); its entry is
  "Video released: ...".

Entry ids are the session page's URL (with `#video` for the video), so a rebuild never makes a
reader's feed client show an entry twice. Entry and feed timestamps are the entry's day at
midnight in the event's time zone, never the wall clock: the same data at the same build
gives the same bytes. Sessions without a date are not announced (they have no day yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator

from colloquium import dates, plain_text, translations
from colloquium.schedule import SessionEntry, SiteIndex, writing
from colloquium.translations import gettext

# Readers of the feed hear of a session this long before it takes place.
ANNOUNCE_AHEAD = dt.timedelta(days=7)
# The feed holds this many entries, the newest: a feed reader keeps what it has read, and a
# site of decades would otherwise send every session it ever had at each poll.
FEED_ENTRIES = 100


class _Language(BaseEntryExtension):
    """An entry's language where it is not the feed's: Atom's xml:lang on the entry (RFC 4287
    §2, XML 1.0 §2.12), which feedgen has no setting for. Its texts are in its event's language."""

    code: str | None = None

    def extend_atom(self, entry):
        if self.code:
            entry.set("{http://www.w3.org/XML/1998/namespace}lang", self.code)
        return entry


@dataclass(frozen=True)
class _Entry:
    published: dt.datetime  # midnight of the entry's day in its event's zone
    id: str
    title: str
    session: SessionEntry
    summary: str
    category: str


def atom_feed(index: SiteIndex, site_name: str) -> bytes:
    """The feed as of the build: only entries whose day has come in their event's zone.

    Raises schedule.OutputError naming the session whose entry could not be written."""
    base = index.outputs.site_url
    entries = sorted(_entries(index, base), key=lambda e: e.published, reverse=True)[:FEED_ENTRIES]  # stable: ties keep order
    try:
        return _atom(index, base, site_name, entries)
    except Exception:
        for entry in entries:  # the whole feed failed: find the entry that fails alone
            with writing(entry.session, "its feed entry"):
                _atom(index, base, site_name, [entry])
        raise


def _atom(index: SiteIndex, base: str, site_name: str, entries: list[_Entry]) -> bytes:

    feed = FeedGenerator()
    feed.id(base)
    feed.title(site_name)
    feed.subtitle(gettext("Sessions and new videos of %(site)s") % {"site": site_name})
    feed.author(name=site_name)  # Atom needs an author; entries with presenters name them
    feed.link(href=base, rel="alternate")
    feed.link(href=f"{base}{index.outputs.feed}", rel="self")
    feed.language(index.language)  # the site's; each entry is in its event's language
    feed.generator("colloquium")
    feed.updated(entries[0].published if entries else dt.datetime.combine(index.built_on, dt.time(0), tzinfo=dates.UTC))
    for entry in entries:
        session = entry.session
        item = feed.add_entry(order="append")  # feedgen prepends by default
        item.id(entry.id)
        item.title(entry.title)
        # One link only: feedgen 1.0.0 drops `rel` from entry links, so a second link would
        # be a second rel=alternate, which Atom forbids. The session page embeds the video.
        item.link(href=base + session.url, rel="alternate")
        item.published(entry.published)
        item.updated(entry.published)
        item.summary(entry.summary)
        for presenter in session.presenters:
            item.author(name=presenter.person.name)
        item.category(term=entry.category)
        item.category(term=session.event_id, label=session.event.event.title)
        if session.event.language != index.language:
            item.register_extension("language", _Language, atom=True, rss=False)
            item.language.code = session.event.language
    return feed.atom_str(pretty=True)


def _entries(index: SiteIndex, base: str) -> list[_Entry]:
    entries = []
    for session in index.sessions:
        with translations.using(session.event.language):
            entries += _session_entries(session, base)
    return entries


def _session_entries(session: SessionEntry, base: str) -> list[_Entry]:
    entries = []
    zone = session.event.zone
    today = session.event.today
    url = base + session.url
    title = f"{session.event.event.title}: {session.session.title}"
    announced = session.session.date and session.session.date - ANNOUNCE_AHEAD
    if announced and announced <= today:
        entries.append(_Entry(
            published=dt.datetime.combine(announced, dt.time(0), tzinfo=zone),
            id=url,
            title=title if session.meets else gettext("Cancelled: %(title)s") % {"title": title},
            session=session,
            summary=_session_summary(session),
            category="session",
        ))
    video_day = session.video_day()
    if video_day and session.video_state == "released":
        entries.append(_Entry(
            published=dt.datetime.combine(video_day, dt.time(0), tzinfo=zone),
            id=f"{url}#video",
            title=gettext("Video released: %(title)s") % {"title": title},
            session=session,
            summary=gettext("The video of %(session)s (%(event)s) is online.") % {"session": session.session.title, "event": session.event.event.title} + f"\n\n{url}",
            category="video",
        ))
    return entries


def _session_summary(session: SessionEntry) -> str:
    when = translations.current().weekday_day(session.session.date)
    if session.is_timed:
        when = gettext("%(day)s, %(time)s") % {"day": when, "time": session.time_text}
    lines = [when]
    if session.location:
        lines.append(session.location)
    names = [p.name_with_affiliation for p in session.presenters]
    if names:
        lines.append(", ".join(names))
    if session.status_line():
        lines.append(session.status_line())
    if session.session.summary:
        lines.append("\n" + plain_text.from_markdown(session.session.summary))
    return "\n".join(lines)
