"""Long lists split into pages, so that no page's size grows with the site.

Each page carries the navigation, and a few pages list everything of a kind: past events, an
event's sessions, people, the sessions that read a paper. Past a bound each of these lists is
split, and every piece gets a page of its own at a stable address (outputs.Outputs):

- past events by the year they ended: the navigation keeps the NAV_PAST_YEARS most recent
  years, the home page the HOME_PAST_EVENTS most recent events; every year has a page under
  `past-events/<year>/`, and `past-events/` lists the years; events without dates past
  UNDATED_IN_VIEW (the home page and the navigation show that many) are on pages of
  EVENTS_PER_PAGE under `past-events/undated/`;
- an event's sessions in pages of SESSIONS_PER_PAGE (`<event>/sessions/<n>/`); the
  event's page shows the piece with its next session;
- people in pages of PEOPLE_PER_PAGE by name (`people/`, then `people/page/<n>/`);
- the sessions that read a paper or show a figure: the readings and figures pages name the
  first SESSIONS_NAMED, the reading's or figure's own page (`readings/<id>/`,
  `figures/<name>/`) every one.

A site under every bound (the example) has none of these pages and looks as it always did.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from colloquium.outputs import Outputs
from colloquium.schedule import EventEntry, SessionEntry, SiteIndex

# Up to this many events, the navigation and the home page list them all; beyond it, past
# events are grouped by the year they ended.
NAV_EVENTS_UNGROUPED = 8
# The navigation's "Past events: <year>" sections, most recent first; earlier years are on the
# archive's pages (`past-events/`), which the navigation links.
NAV_PAST_YEARS = 5
# Past events on the home page of a grouped site, most recent first, beside a link to the archive.
HOME_PAST_EVENTS = 4
# Events without dates on the home page and in the navigation's "Other events" of a grouped site.
UNDATED_IN_VIEW = 4
EVENTS_PER_PAGE = 100
# An event's sessions, and the sessions that read a paper or show a figure, in pages of this many.
SESSIONS_PER_PAGE = 100
PEOPLE_PER_PAGE = 200
# The readings page and the figures page name this many of the sessions that read a paper or
# show a figure; the reading's or figure's own page names them all.
SESSIONS_NAMED = 10


def grouped(index: SiteIndex) -> bool:
    """Whether the site has more events than the navigation lists one by one."""
    return len(index.events) > NAV_EVENTS_UNGROUPED


def past_years(index: SiteIndex) -> dict[int, list[EventEntry]]:
    """Past events by the year they ended, most recent year and event first; empty for a
    site that lists its events one by one (it has no archive)."""
    if not grouped(index):
        return {}
    years: dict[int, list[EventEntry]] = {}
    for event, phase in index.events_for_home():
        if phase == "past":
            years.setdefault(event.span[1].year, []).append(event)
    return years


def undated_pages(index: SiteIndex) -> list[Piece]:
    """The archive's pages of events without dates, once there are more than the navigation shows."""
    undated = [event for event, phase in index.events_for_home() if phase == "undated"]
    if not grouped(index) or len(undated) <= UNDATED_IN_VIEW:
        return []
    return split(undated, EVENTS_PER_PAGE, index.outputs.undated_events)


@dataclass(frozen=True)
class Piece:
    """One page of a split list: its number (from 1), URL, items, and where they start in the list."""

    number: int
    url: str
    items: Sequence
    first: int


def split(items: Sequence, size: int, url: Callable[[int], str]) -> list[Piece]:
    """`items` in pages of `size`, the page numbered n at `url(n)`."""
    return [Piece(number, url(number), items[start:start + size], start) for number, start in enumerate(range(0, len(items), size), start=1)]


def session_pages(event: EventEntry, outputs: Outputs) -> list[Piece]:
    """The pages of an event's sessions, in its order; none for an event that lists them all."""
    if len(event.sessions) <= SESSIONS_PER_PAGE:
        return []
    return split(event.sessions, SESSIONS_PER_PAGE, lambda number: outputs.event_sessions_page(event.id, number))


def session_page_of(entry: SessionEntry, outputs: Outputs) -> Piece | None:
    """The page of its event's sessions that lists `entry`, if the event has such pages."""
    return _session_piece(entry.event, outputs, entry.position) if len(entry.event.sessions) > SESSIONS_PER_PAGE else None


def current_session_page(event: EventEntry, outputs: Outputs) -> Piece | None:
    """The piece the event's page shows: the one with its next session, else its last."""
    if len(event.sessions) <= SESSIONS_PER_PAGE:
        return None
    following = event.next_session
    return _session_piece(event, outputs, following.position if following else len(event.sessions) - 1)


def _session_piece(event: EventEntry, outputs: Outputs, position: int) -> Piece:
    number = position // SESSIONS_PER_PAGE
    start = number * SESSIONS_PER_PAGE
    return Piece(number + 1, outputs.event_sessions_page(event.id, number + 1), event.sessions[start:start + SESSIONS_PER_PAGE], start)


def people_pages(index: SiteIndex) -> list[Piece]:
    """The People page's pages, by name; none while it lists everyone on one page."""
    people: Mapping = index.site.people
    if len(people) <= PEOPLE_PER_PAGE:
        return []
    by_name = sorted(people, key=lambda person_id: (people[person_id].name.casefold(), person_id))
    return split(by_name, PEOPLE_PER_PAGE, index.outputs.people_page)


def reading_pages(index: SiteIndex) -> dict[str, list[Piece]]:
    """Reading id -> the pages of the sessions that read it, for readings read in more
    sessions than the readings page names."""
    outputs = index.outputs
    return {reading_id: split(citing, SESSIONS_PER_PAGE, functools.partial(outputs.reading_page, reading_id))
            for reading_id, citing in index.citing.items() if len(citing) > SESSIONS_NAMED}


def figure_pages(index: SiteIndex) -> dict[str, list[Piece]]:
    """Figure name -> the pages of the sessions that show it, for figures shown in more
    sessions than the figures page names."""
    outputs = index.outputs
    return {name: split(using, SESSIONS_PER_PAGE, functools.partial(outputs.figure_sessions, name))
            for name, using in index.using.items() if len(using) > SESSIONS_NAMED}
