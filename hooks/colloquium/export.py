"""Each event's sessions as JSON (`/<event-id>/sessions.json`), for lab pages and other sites.

The field names are a contract: they only ever gain fields. The JSON Schema that describes
them is generated from the models below and published beside the site
(`/sessions.schema.json`); every file names it in `$schema`. Times are ISO 8601 with their
offset; a session without a time of day has `start` and `end` null and `date` set. A meeting
or stream link appears once the session page shows it (schedule: `published_meeting`).
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from colloquium.schedule import EventEntry, SessionEntry, SiteIndex


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PresenterRecord(_Record):
    name: str
    affiliation: str | None
    url: str | None = Field(description="Their page on this site, else their homepage")


class RegistrationRecord(_Record):
    url: str = Field(description="The sign-up form")
    state: str = Field(description="upcoming, open or closed at the build")
    opens: str | None = Field(description="ISO 8601 with offset; null when it is open from the start")
    closes: str | None = Field(description="ISO 8601 with offset: when it closes (given, else when the session ends)")
    note: str | None


class SessionRecord(_Record):
    id: str = Field(description="Stable: the URL segment and calendar id of the session")
    number: int | None
    title: str
    label: str | None = Field(description="'Week 3', 'Part 2', or the day for unnumbered sessions")
    url: str
    date: str | None = Field(description="YYYY-MM-DD in the event's time zone")
    start: str | None = Field(description="ISO 8601 with offset; null for a session without a time")
    end: str | None
    status: str = Field(description="scheduled, tentative, rescheduled, cancelled or no-class")
    meets: bool = Field(description="False for cancelled sessions and days without class")
    presenters: list[PresenterRecord]
    location: str | None
    meeting: str | None = Field(description="Link to join online, once published")
    stream: str | None = Field(description="Link to watch live, once published")
    recorded: bool | None
    video: str | None = Field(description="The recording, once released")
    calendar: str | None = Field(description="The session's .ics file")
    registration: RegistrationRecord | None = Field(None, description="Where to sign up (the session's, else the event's)")


class EventRecord(_Record):
    schema_url: str = Field(alias="$schema")
    id: str
    title: str
    kind: str
    timezone: str | None
    url: str
    calendar: str = Field(description="The event's calendar, to subscribe to")
    sessions: list[SessionRecord]


def schema() -> str:
    """The JSON Schema of `sessions.json`, as published."""
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **EventRecord.model_json_schema(by_alias=True)}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def sessions_json(index: SiteIndex, event: EventEntry) -> str:
    outputs = index.outputs
    record = EventRecord.model_validate({
        "$schema": outputs.absolute(outputs.sessions_schema),
        "id": event.id,
        "title": event.event.title,
        "kind": event.event.kind,
        "timezone": event.event.timezone,
        "url": outputs.absolute(event.url),
        "calendar": outputs.absolute(outputs.event_calendar(event.id)),
        "sessions": [_session(index, session) for session in event.sessions],
    })
    return record.model_dump_json(by_alias=True, indent=2) + "\n"


def _session(index: SiteIndex, session: SessionEntry) -> SessionRecord:
    outputs = index.outputs
    meeting, stream = session.published_meeting, session.published_stream
    return SessionRecord(
        id=session.id,
        number=session.session.number,
        title=session.session.title,
        label=session.label,
        url=outputs.absolute(session.url),
        date=session.session.date.isoformat() if session.session.date else None,
        start=session.start.isoformat() if session.is_timed else None,
        end=session.end.isoformat() if session.is_timed else None,
        status=session.status,
        meets=session.meets,
        presenters=[
            PresenterRecord(
                name=p.person.name,
                affiliation=p.person.affiliation,
                url=outputs.absolute(outputs.person(p.id)) if p.id else p.person.homepage,
            )
            for p in session.presenters
        ],
        location=session.location,
        meeting=meeting.url if meeting else None,
        stream=stream.url if stream else None,
        recorded=session.recorded,
        video=_video_address(session.session.video.ref, outputs) if session.video_state == "released" else None,
        calendar=outputs.absolute(session.calendar) if session.calendar else None,
        registration=_registration(session.registration),
    )


def _video_address(ref, outputs) -> str:
    """The recording's address: the host's page, or a file's address on the site."""
    return outputs.absolute(ref.watch_url.lstrip("/")) if ref.is_file else ref.watch_url


def _registration(registration) -> RegistrationRecord | None:
    if registration is None:
        return None
    return RegistrationRecord(
        url=registration.url,
        state=registration.state,
        opens=registration.opens.isoformat() if registration.opens else None,
        closes=registration.closes.isoformat() if registration.closes else None,
        note=registration.note,
    )
