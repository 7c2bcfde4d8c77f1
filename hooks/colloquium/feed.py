"""The Atom feed (`/feed.xml`): upcoming sessions and newly released videos, newest first.

A feed is read over time, so each entry carries the day it becomes news and is left out of
any build before that day. The site is rebuilt daily, so entries appear on their day:

- a session is announced ANNOUNCE_AHEAD before its date (cancelled ones too, saying so);
- a video appears on its `release` date once it has a URL (without a release date: on the
  session's date, or for an undated session on the event's first day); its entry is
  "Video released: ...".

Entry ids are the session page's URL (with `#video` for the video), so a rebuild never makes a
reader's feed client show an entry twice. Entry and feed timestamps are the entry's day at
midnight in the event's time zone, never the wall clock: the same data on the same build date
gives the same bytes. Sessions without a date are not announced (they have no day yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from colloquium import dates
from colloquium.calendar import plain_text, presenter_names, session_page_url, status_line
from colloquium.model import Event, Session, Site

FEED_PATH = "feed.xml"

# Readers of the feed hear of a session this long before it takes place.
ANNOUNCE_AHEAD = dt.timedelta(days=7)


@dataclass(frozen=True)
class _Entry:
    day: dt.date
    id: str
    title: str
    link: str
    summary: str
    authors: list[str]
    category: str
    event_id: str
    event_title: str
    timezone: str


def atom_feed(site: Site, *, site_url: str, site_name: str, build_date: dt.date) -> bytes:
    """The feed as of `build_date`: only entries whose day is on or before it."""
    entries = [e for e in _entries(site, site_url, build_date) if e.day <= build_date]
    entries.sort(key=lambda e: e.day, reverse=True)  # stable: ties keep event and session order

    base = site_url if site_url.endswith("/") else site_url + "/"
    feed = FeedGenerator()
    feed.id(base)
    feed.title(site_name)
    feed.subtitle(f"Sessions and new videos of {site_name}")
    feed.author(name=site_name)  # Atom needs an author; entries with presenters name them
    feed.link(href=base, rel="alternate")
    feed.link(href=f"{base}{FEED_PATH}", rel="self")
    feed.language("en")
    feed.generator("colloquium")
    feed.updated(_midnight(entries[0].day, entries[0].timezone) if entries else _midnight(build_date, "UTC"))
    for entry in entries:
        item = feed.add_entry(order="append")  # feedgen prepends by default
        item.id(entry.id)
        item.title(entry.title)
        # One link only: feedgen 1.0.0 drops `rel` from entry links, so a second link would
        # be a second rel=alternate, which Atom forbids. The session page embeds the video.
        item.link(href=entry.link, rel="alternate")
        item.published(_midnight(entry.day, entry.timezone))
        item.updated(_midnight(entry.day, entry.timezone))
        item.summary(entry.summary)
        for name in entry.authors:
            item.author(name=name)
        item.category(term=entry.category)
        item.category(term=entry.event_id, label=entry.event_title)
    return feed.atom_str(pretty=True)


def _entries(site: Site, site_url: str, build_date: dt.date) -> list[_Entry]:
    entries = []
    for event_id, event in site.events.items():
        for session_id, session in site.sessions(event_id):
            url = session_page_url(site_url, event_id, session_id)
            common = dict(
                link=url,
                authors=[_name(site, ref) for ref in session.presenters],
                event_id=event_id,
                event_title=event.title,
                timezone=event.timezone,
            )
            title = f"{event.title}: {session.title}"
            if session.date is not None:
                cancelled = session.status in ("cancelled", "no-class") or getattr(session, "type", None) == "no-class"
                entries.append(_Entry(
                    day=session.date - ANNOUNCE_AHEAD,
                    id=url,
                    title=f"Cancelled: {title}" if cancelled else title,
                    summary=_session_summary(site, event, session),
                    category="session",
                    **common,
                ))
            video = session.video
            video_day = video and (video.release or session.date or (event.dates and event.dates.start))
            if video_day and video.is_released(build_date):
                entries.append(_Entry(
                    day=video_day,
                    id=f"{url}#video",
                    title=f"Video released: {title}",
                    summary=f"The video of {session.title} ({event.title}) is online.\n\n{url}",
                    category="video",
                    **common,
                ))
    return entries


def _session_summary(site: Site, event: Event, session: Session) -> str:
    when = dates.weekday_day(session.date)
    times = event.time_of(session)
    if times is not None:
        when += ", " + dates.time_range(*times, event.timezone, session.date)
    lines = [when]
    location = session.location or event.location
    if location:
        lines.append(location)
    presenters = presenter_names(site, session)
    if presenters:
        lines.append(", ".join(presenters))
    if status_line(session):
        lines.append(status_line(session))
    if session.summary:
        lines.append("\n" + plain_text(session.summary))
    return "\n".join(lines)


def _name(site: Site, ref) -> str:
    return site.people[ref].name if isinstance(ref, str) else ref.name


def _midnight(day: dt.date, timezone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=ZoneInfo(timezone))
