"""A seminar series: a session a week, each with presenters, a summary and, later, a video."""

from __future__ import annotations

from typing import ClassVar, Literal

from colloquium.kinds import register
from colloquium.kinds.base import EventBase
from colloquium.model import Session, Strict, Text
from colloquium.translations import N_


class SeminarSession(Session):
    """A week of a seminar series: `number` is the week."""


class CurriculumPart(Strict):
    title: Text
    items: list[Text]


@register
class SeminarEvent(EventBase):
    kind: Literal["seminar"]
    curriculum: list[CurriculumPart] = []
    sessions: list[SeminarSession] = []
    display_name: ClassVar[str] = N_("Seminar")
    schema_type: ClassVar[str] = "EventSeries"
    about: ClassVar[str] = "A seminar series: a session a week, each with presenters, a summary and, later, a video."
    number_prefix: ClassVar[str] = "week"
    number_label: ClassVar[str] = N_("Week %(number)s")
    weekly: ClassVar[bool] = True
    videos_expected: ClassVar[bool] = True
