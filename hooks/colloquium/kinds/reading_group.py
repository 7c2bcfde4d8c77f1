"""A reading group: one chapter (or paper) a week, presented by a member."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from colloquium.kinds import register
from colloquium.kinds.base import EventBase
from colloquium.model import ReadingRef, Session, Text
from colloquium.translations import N_


class ReadingGroupSession(Session):
    chapter: int | Text | None = Field(None, description="Chapter (or section) of the book read")
    paper: ReadingRef | None = Field(None, description="Reading id of the paper read, for groups that read papers")


@register
class ReadingGroupEvent(EventBase):
    kind: Literal["reading-group"]
    book: ReadingRef | None = Field(None, description="Reading id of the book being read")
    sessions: list[ReadingGroupSession] = []
    display_name: ClassVar[str] = N_("Reading group")
    schema_type: ClassVar[str] = "EventSeries"
    about: ClassVar[str] = "A reading group: one chapter (or paper) a week, presented by a member."
    number_prefix: ClassVar[str] = "week"
    number_label: ClassVar[str] = N_("Week %(number)s")
    weekly: ClassVar[bool] = True
    session_template: ClassVar[str] = "session-reading-group.md.j2"
    session_skeleton: ClassVar[str] = "session-reading-group.yml"

    def listed_readings(self) -> list[str]:
        """The book first, then the reading list."""
        return list(dict.fromkeys(([self.book] if self.book else []) + super().listed_readings()))

    def readings_of(self, session: ReadingGroupSession) -> list[str]:
        """The paper read, then the session's other readings."""
        return list(dict.fromkeys(([session.paper] if session.paper else []) + session.readings))
