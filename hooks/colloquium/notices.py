"""Notices: what an organizer should know about the data, though nothing is wrong with it.

People and readings that nothing refers to are notices too (they are often left from the
example site or another term). A release date that has passed without a link (the video was expected on Oct 14 and is not
online) is not an error: the site still builds and says when it was expected. Nor is a
session whose address comes from its date, slot or place in the list: but a change to those
would move its page and its calendar entry, so the organizer is told how to pin it. The
organizer hears of both in `colloquium validate` and in the build log, with the file and line
to change, as errors say it. Notices never fail a build, `mkdocs build --strict` included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from colloquium.kinds.base import ENGLISH  # notices are for the organizer
from colloquium.loader import PEOPLE_FILE, READINGS_FILE
from colloquium.schedule import SessionEntry, SiteIndex


@dataclass(frozen=True, order=True)
class Notice:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


def notices(index: SiteIndex) -> list[Notice]:
    """Every notice about the data as of the build, in file and line order."""
    found = []
    for session in index.sessions:
        found += _overdue_releases(index, session) + _unpinned_id(index, session)
    return sorted(found + _unused(index) + _missing_secrets(index) + _addresses_in_text(index))


# An e-mail address as it is written in running text.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


def _addresses_in_text(index: SiteIndex) -> list[Notice]:
    """An e-mail address written into a text (a bio, an abstract) is published as it is, where
    harvesters read it; a person's `email:` is shown obfuscated and kept out of the search index."""
    found = []
    for document in index.site.documents.values():
        for path, text in _texts(document.data, ()):
            if path[-1:] != ("email",) and (match := _ADDRESS.search(text)):
                found.append(Notice(document.file, document.line_of(path), document.field_name(path), (
                    f"{match[0]} is published as written, where address harvesters read it; give it as the "
                    "person's `email:` (shown obfuscated), or leave it out"
                )))
    return found


def _texts(data: object, path: tuple) -> list[tuple[tuple, str]]:
    """(path, text) of every text in a file's data."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _texts(value, (*path, key))]
    if isinstance(data, list):
        return [found for position, value in enumerate(data) for found in _texts(value, (*path, position))]
    return [(path, data)] if isinstance(data, str) and "@" in data else []


def _missing_secrets(index: SiteIndex) -> list[Notice]:
    """A meeting or stream link named by a repository secret that this build lacks (a local
    preview usually does) or that holds no https link: the link is left out."""
    found = []
    for event in index.events.values():
        document = index.site.documents.get(event.id)
        places = [((name,), link) for name, link in (("meeting", event.event.meeting), ("stream", event.event.stream))]
        places += [(("sessions", s.position, name), link) for s in event.sessions
                   for name, link in (("meeting", s.session.meeting), ("stream", s.session.stream))]
        for path, link in places:
            if document is None or link is None or link.secret is None or event.link(link) is not None:
                continue
            problem = "does not hold an https link" if event.secrets.get(link.secret, "").strip() else "is not set in this build"
            found.append(Notice(document.file, document.line_of((*path, "secret")), document.field_name((*path, "secret")), (
                f"the secret {link.secret} {problem}, so the link is left out (on GitHub: Settings, Secrets and "
                f"variables, Actions; and `{link.secret}: ${{{{ secrets.{link.secret} }}}}` under the Build step's env:)"
            )))
    return found



def _unused(index: SiteIndex) -> list[Notice]:
    """People and readings that no event or session refers to (left from another site?)."""
    found = []
    people = index.site.documents.get(PEOPLE_FILE)
    for person_id in index.site.people:
        if people and not index.roles[person_id] and not index.presented_by[person_id]:
            found.append(Notice(people.file, people.line_of((person_id,)), person_id, (
                "no event or session names this person: name them (organizers, presenters, staff), or remove them"
            )))
    readings = index.site.documents.get(READINGS_FILE)
    for reading_id in index.site.readings:
        if readings and not index.citing[reading_id] and not index.listing[reading_id]:
            found.append(Notice(readings.file, readings.line_of((reading_id,)), reading_id, (
                "no event or session reads this: list it (a session's readings, an event's reading_list or book), "
                "or remove it"
            )))
    return found


def _unpinned_id(index: SiteIndex, session: SessionEntry) -> list[Notice]:
    """A session without `id` or `number` is addressed by its date (and slot) or position."""
    document = index.site.documents.get(session.event_id)
    if document is None or session.session.id or session.session.number is not None:
        return []
    source = session.event.event.address_source(session.session)
    path = ("sessions", session.position)
    return [Notice(document.file, document.line_of(path), document.field_name(path), (
        f"the session's address (/{session.url}) comes from {source}: changing it would move "
        f"the session's page and calendar entry; pin it with `id: {session.id}`"
    ))]


def _overdue_releases(index: SiteIndex, session: SessionEntry) -> list[Notice]:
    document = index.site.documents.get(session.event_id)
    if document is None:
        return []
    base = ("sessions", session.position)

    def notice(path: tuple, message: str) -> Notice:
        return Notice(document.file, document.line_of(path), document.field_name(path), message)

    found = []
    if session.video_state == "overdue":
        release = session.session.video.release
        found.append(notice((*base, "video", "release"), (
            f"the video was expected on {ENGLISH.day(release)} and has no link yet: "
            "add its `url`, or a new `release` date"
        )))
    for position, material in enumerate(session.session.materials):
        if session.material_state(material) == "overdue":
            found.append(notice((*base, "materials", position, "release"), (
                f"the {material.kind} were expected on {ENGLISH.day(material.release)} "
                "and have no link yet: add the `url`, or a new `release` date"
            )))
    return found
