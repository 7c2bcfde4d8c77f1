"""schema.org data (JSON-LD) of events and sessions, for search engines; from the index alone.

One function per type, each a plain dict built from the index's entries, so every fact comes
from its one home (schedule.py): start and end with their offsets, whether a session meets,
its published meeting link (a held-back link is never named: its session's page stands in
for it), its released video, its registration. `script` turns a dict into the page's
`<script type="application/ld+json">` element.

What Google's guidelines for events ask (https://developers.google.com/search/docs/appearance/structured-data/event):
required `name`, `startDate`, `location` (a `Place` with an `address`, or a `VirtualLocation`
with a `url`); recommended `description`, `endDate`, `eventStatus`, `eventAttendanceMode`,
`image`, `offers`, `organizer`, `performer`, `previousStartDate` (rescheduled). A session
without a date has no start, so it is no `Event` (its page carries none). A kind says what
its event is (`EventBase.schema_type`): an `Event` or `EventSeries` with its sessions as
sub-events, or a `Course` whose instance holds the sessions.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from colloquium import paging, plain_text
from colloquium.schedule import EventEntry, Presenter, SessionEntry, SiteIndex

SCHEMA = "https://schema.org/"
STATUS = {
    "scheduled": "EventScheduled",
    "tentative": "EventScheduled",  # schema.org has no 'tentative'; the page says so
    "rescheduled": "EventRescheduled",
    "cancelled": "EventCancelled",
    "no-class": "EventCancelled",
}
# Registration as an Offer's availability: not open yet, open, closed.
AVAILABILITY = {"upcoming": "PreOrder", "open": "InStock", "closed": "SoldOut"}


def script(data: dict) -> str:
    """`data` as a JSON-LD script element. `<`, `>` and `&` are written as JSON escapes
    (\\u003c ...), so no text from the data can close the element or open another."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return '<script type="application/ld+json">' + text + "</script>"


def _clean(value):
    """Without empty fields (None, '', [], {}), at every depth."""
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (_clean(item) for item in value) if item not in (None, "", [], {})]
    return value


class StructuredData:
    """The JSON-LD of the pages of one index. `image(entry)` is the picture a page is
    previewed with (page_meta decides it; an absolute address or None)."""

    def __init__(self, index: SiteIndex, site_name: str, image: Callable[[EventEntry | SessionEntry], str | None]) -> None:
        self.index = index
        self.outputs = index.outputs
        self.site_name = site_name
        self.image = image

    def absolute(self, path: str) -> str | None:
        return self.outputs.absolute(path) if self.outputs.site_url else None

    # -- pages

    def session_page(self, entry: SessionEntry) -> dict:
        """The session as an Event in its event's context; an undated session (a seminar's
        posted talk, a part of a lecture) as a LearningResource with its video."""
        data = self.session_event(entry)
        parent = _clean({"@type": self._event_type(entry.event), "name": entry.event.title, "url": self.absolute(entry.event.url)})
        if data is None:
            data = self.undated_session(entry)
            data["isPartOf"] = parent
        else:
            data["superEvent"] = parent
        return {"@context": "https://schema.org", **data, "inLanguage": entry.event.language}  # BCP 47, as <html lang>

    def undated_session(self, entry: SessionEntry) -> dict:
        session = entry.session
        return _clean({
            "@type": "LearningResource",
            "name": f"{entry.full_title} ({entry.event.title})",
            "url": self.absolute(entry.url),
            "description": plain_text.summary(session.summary or session.abstract),
            "image": [image] if (image := self.image(entry)) else None,
            "author": [self.person(p) for p in entry.presenters] or None,
            "video": self.video(entry) if entry.video_state == "released" else None,
        })

    def _event_type(self, event: EventEntry) -> str:
        """An event without days is no Event to search engines: a LearningResource."""
        schema_type = event.event.schema_type
        return schema_type if schema_type == "Course" or event.span else "LearningResource"

    def event_page(self, event: EventEntry) -> dict:
        """The event as its kind's schema.org type says: a Course, else an Event or EventSeries."""
        schema_type = self._event_type(event)
        if schema_type == "Course":
            data = self.course(event)
        elif schema_type == "LearningResource":
            facts = self._event_facts(event)
            data = _clean({
                "@type": schema_type, **{key: facts.get(key) for key in ("name", "url", "description", "image")},
                "author": self.organizer(event),
                "hasPart": [self.undated_session(entry) for entry in self._listed(event)],
            })
        else:
            data = self.event(event, schema_type)
        return {"@context": "https://schema.org", **data, "inLanguage": event.language}

    def _listed(self, event: EventEntry) -> list[SessionEntry]:
        """The sessions the event's page shows: all, or a long event's page of them (paging)."""
        shown = paging.current_session_page(event, self.outputs)
        return shown.items if shown else event.sessions

    # -- types

    def session_event(self, entry: SessionEntry, links: bool = True) -> dict | None:
        """The session as an Event; None without a date. `links`: name its published meeting
        link (on its own page); as a sub-event on the event's page, its page stands in, as
        the event page shows no session's link."""
        if entry.session.date is None:
            return None
        session = entry.session
        description = plain_text.summary(session.summary or session.abstract)
        data = {
            "@type": "Event",
            "name": f"{entry.full_title} ({entry.event.title})",
            "url": self.absolute(entry.url),
            "startDate": (entry.start or session.date).isoformat(),
            "endDate": (entry.end or session.date).isoformat(),
            "eventStatus": SCHEMA + STATUS[entry.status],
            "description": description,
            "image": [image] if (image := self.image(entry)) else None,
            "performer": [self.person(p) for p in entry.presenters] or None,
            "organizer": self.organizer(entry.event),
            "offers": self.offer(entry.registration),
        }
        if entry.status == "rescheduled" and session.moved_from:
            data["previousStartDate"] = session.moved_from.isoformat()
        data.update(self.attendance(entry, links))
        if entry.video_state == "released":
            data["recordedIn"] = self.video(entry)
        return _clean(data)

    def attendance(self, entry: SessionEntry, links: bool = True) -> dict:
        """Attendance mode and location: a place (the session's, else the event's), a
        virtual location (its published meeting or stream link; while the link is held back,
        the session's page), or both. A session with neither is held at the event's place,
        or where its page will say (no attendance mode then: it is not known)."""
        place = entry.location
        online = entry.meeting or entry.stream
        link = (entry.published_meeting or entry.published_stream) if links else None
        virtual = {"@type": "VirtualLocation", "url": link.url if link else self.absolute(entry.url)}
        physical = self.place(place, entry.event) if place else None
        if physical and online:
            return {"eventAttendanceMode": SCHEMA + "MixedEventAttendanceMode", "location": [physical, virtual]}
        if online:
            return {"eventAttendanceMode": SCHEMA + "OnlineEventAttendanceMode", "location": virtual}
        if physical:
            return {"eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode", "location": physical}
        return {"location": virtual}  # where is not known yet: its page will say

    def place(self, location: str, event: EventEntry) -> dict:
        """A Place named as the organizer wrote it, its address that text and the institution."""
        institution = event.event.institution
        return {
            "@type": "Place",
            "name": location,
            "address": {"@type": "PostalAddress", "streetAddress": location, "addressLocality": institution},
        }

    def person(self, presenter: Presenter) -> dict:
        person = presenter.person
        url = self.absolute(self.outputs.person(presenter.id)) if presenter.id else person.homepage
        return {
            "@type": "Person",
            "name": person.name,
            "url": url,
            "affiliation": {"@type": "Organization", "name": person.affiliation} if person.affiliation else None,
        }

    def organizer(self, event: EventEntry) -> list[dict] | dict:
        """The event's people (organizers, instructors), else the site (named, with its address)."""
        people = [self.person(self.index.person(person_id)) for person_id in dict.fromkeys(p for _, p in event.event.people_roles())]
        if people:
            return people
        return {"@type": "Organization", "name": event.event.institution or self.site_name, "url": self.absolute(self.outputs.home)}

    def offer(self, registration) -> dict | None:
        """Registration as an Offer: its link, from when, and whether one can sign up now."""
        if registration is None:
            return None
        return {
            "@type": "Offer",
            "url": registration.url,
            "availability": SCHEMA + AVAILABILITY[registration.state],
            "validFrom": registration.opens.isoformat() if registration.opens else None,
            "validThrough": registration.closes.isoformat() if registration.closes else None,
            "description": registration.note,
        }

    def video(self, entry: SessionEntry) -> dict:
        """The released recording as a VideoObject (Google asks name, thumbnailUrl, uploadDate).
        The thumbnail is the host's address where it has one; nothing is fetched."""
        ref = entry.session.video.ref
        return {
            "@type": "VideoObject",
            "name": entry.full_title,
            "description": plain_text.summary(entry.session.summary or entry.session.abstract) or entry.full_title,
            "uploadDate": day.isoformat() if (day := entry.video_day()) else None,  # a lecture's parts have no day
            "thumbnailUrl": ref.thumbnail_url,
            "embedUrl": None if ref.in_page else ref.embed_url,
            "contentUrl": self.absolute(ref.watch_url.lstrip("/")) if ref.is_file else ref.watch_url,
        }

    def event(self, event: EventEntry, kind: str) -> dict:
        """An Event (or EventSeries) over the event's days, with its dated sessions as sub-events."""
        data = self._event_facts(event)
        data.update({
            "@type": kind,
            "eventStatus": SCHEMA + "EventScheduled",
            "organizer": self.organizer(event),
            "offers": self.offer(event.registration),
            "subEvent": [s for s in (self.session_event(entry, links=False) for entry in self._listed(event)) if s],
        })
        return _clean(data)

    def course(self, event: EventEntry) -> dict:
        """A Course, its provider the institution (else the site), with one CourseInstance
        (its days, mode, place, instructors) that holds the sessions as sub-events."""
        facts = self._event_facts(event)
        instructors = [self.person(self.index.person(p)) for role, p in event.event.people_roles() if role == "Instructor"]
        instance = {
            "@type": "CourseInstance",
            "name": event.title,
            "courseMode": {"OfflineEventAttendanceMode": "onsite", "OnlineEventAttendanceMode": "online",
                           "MixedEventAttendanceMode": "blended"}.get((facts["eventAttendanceMode"] or "").removeprefix(SCHEMA)),
            "startDate": facts.get("startDate"),
            "endDate": facts.get("endDate"),
            "location": facts["location"],
            "eventAttendanceMode": facts["eventAttendanceMode"],
            "eventStatus": SCHEMA + "EventScheduled",
            "instructor": instructors,
            "organizer": self.organizer(event),
            "offers": self.offer(event.registration),
            "subEvent": [s for s in (self.session_event(entry, links=False) for entry in self._listed(event)) if s],
        }
        return _clean({
            "@type": "Course",
            "name": event.title,
            "description": facts.get("description") or event.title,
            "url": facts.get("url"),
            "image": facts.get("image"),
            "provider": {"@type": "Organization", "name": event.event.institution or self.site_name,
                         "url": self.absolute(self.outputs.home)},
            "hasCourseInstance": [instance],
        })

    def _event_facts(self, event: EventEntry) -> dict:
        """Name, address, description, image, days, place and attendance of an event."""
        e = event.event
        place = e.location
        online = e.meeting or e.stream
        virtual = {"@type": "VirtualLocation", "url": self.absolute(event.url)}
        if place and online:
            mode, location = "MixedEventAttendanceMode", [self.place(place, event), virtual]
        elif place:
            mode, location = "OfflineEventAttendanceMode", self.place(place, event)
        else:
            mode, location = ("OnlineEventAttendanceMode" if online else None), virtual
        return {
            "name": e.title,
            "url": self.absolute(event.url),
            "description": plain_text.summary(e.description) or e.subtitle,
            "image": [image] if (image := self.image(event)) else None,
            "startDate": event.span[0].isoformat() if event.span else None,
            "endDate": event.span[1].isoformat() if event.span else None,
            "eventAttendanceMode": SCHEMA + mode if mode else None,
            "location": location,
        }
