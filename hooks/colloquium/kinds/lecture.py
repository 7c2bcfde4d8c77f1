"""A single lecture in parts, each with its slides, topics and learning outcomes."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from colloquium.errors import DataError, Located, error_at
from colloquium.kinds import register
from colloquium.kinds.base import EventBase
from colloquium.model import Markdown, OrText, PersonRef, Section, Session, Strict, Text
from colloquium.translations import N_


class Topic(OrText):
    """A topic of a lecture part, optionally pinned to a slide, with its bullet points."""

    title: Text
    slide: int | None = Field(None, ge=1)
    points: list[Markdown] = []
    text_means: ClassVar[str] = "The topic's title"

    @model_validator(mode="before")
    @classmethod
    def _from_plain_title(cls, value: object) -> object:
        return {"title": value} if isinstance(value, str) else value


class SlideRange(Strict):
    first: int = Field(ge=1)
    last: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> "SlideRange":
        if self.last < self.first:
            raise ValueError(f"last slide {self.last} is before first slide {self.first}")
        return self

    @property
    def count(self) -> int:
        return self.last - self.first + 1


class LecturePart(Session):
    """A part of a single lecture: slides, topics, key concepts, learning outcomes."""

    slides: SlideRange | None = None
    topics: list[Topic] = []
    key_concepts: list[Markdown] = []
    learning_outcomes: list[Markdown] = []


class Project(Strict):
    """A hands-on project attached to a lecture part."""

    title: Text
    part: int | None = Field(None, ge=1, description="Number of the lecture part it belongs to")
    description: Markdown | None = None
    tasks: list[Markdown] = []


class AssessmentItem(Strict):
    title: Text
    weight: float = Field(ge=0, le=100)
    bonus: bool = False
    items: list[Markdown] = []


@register
class LectureEvent(EventBase):
    kind: Literal["lecture"]
    instructors: list[PersonRef] = []
    total_slides: int | None = Field(None, ge=1)
    level: Text | None = None
    duration: Text | None = None
    format: Text | None = None
    learning_objectives: list[Markdown] = []
    prerequisites: list[Section] = []
    projects: list[Project] = []
    assessment: list[AssessmentItem] = []
    sessions: list[LecturePart] = []
    display_name: ClassVar[str] = N_("Lecture")
    about: ClassVar[str] = "A single lecture in parts, each with its slides, topics and learning outcomes."
    number_prefix: ClassVar[str] = "part"
    number_label: ClassVar[str] = N_("Part %(number)s")
    session_template: ClassVar[str] = "session-lecture.md.j2"
    session_skeleton: ClassVar[str] = "session-lecture.yml"

    def people_roles(self) -> list[tuple[str, str]]:
        return super().people_roles() + [(N_("Instructor"), person_id) for person_id in self.instructors]

    def projects_of(self, part: LecturePart) -> list[Project]:
        """The projects attached to a lecture part (by its number)."""
        return [project for project in self.projects if part.number is not None and project.part == part.number]

    def cross_checks(self, document: Located) -> list[DataError]:
        """A project names a lecture part that exists."""
        numbers = [session.number for session in self.sessions if session.number is not None]
        return super().cross_checks(document) + [
            error_at(document, ("projects", index, "part"), (
                f"no lecture part has number {project.part} (parts: {', '.join(map(str, numbers)) or 'none'})"
            ))
            for index, project in enumerate(self.projects)
            if project.part is not None and project.part not in numbers
        ]
