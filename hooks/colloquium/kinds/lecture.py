"""A single lecture in parts, each with its slides, topics and learning outcomes."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

from colloquium.errors import DataError, Located, error_at
from colloquium.kinds import register
from colloquium.kinds.base import EventBase
from colloquium.model import (
    Chapter, Date, LinkOrFile, Markdown, OrText, OrUrl, PersonRef, Releasable, Section, Session, Slides, Strict, Text,
    Timestamp, check_chapters, is_site_file,
)


class Topic(OrText):
    """A topic of a lecture part, optionally pinned to a slide, with its bullet points."""

    title: Text
    slide: int | None = Field(None, ge=1)
    time: Timestamp | None = Field(None, description="Where the topic starts in the part's recording: it becomes a chapter")
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

    @model_validator(mode="after")
    def _chapters_in_order(self) -> "LecturePart":
        check_chapters(self.chapters)
        return self

    @property
    def chapters(self) -> list[Chapter]:
        """The recording's chapters and the topics with a time, in order of time."""
        timed = [Chapter(time=topic.time, title=topic.title) for topic in self.topics if topic.time is not None]
        return sorted(super().chapters + timed, key=lambda chapter: chapter.time)


class Deck(Releasable, Slides, OrUrl):
    """The lecture's slides: a PDF under content/ (shown in the browser's own viewer), a Speaker
    Deck or Google Slides link (in the host's player), or any other link; each part's slide
    range opens it at the part's first slide."""

    url: LinkOrFile | None = None
    release: Date | None = Field(None, description="First day the slides are shown")
    text_means: ClassVar[str] = "The slides' link or file"

    @model_validator(mode="after")
    def _known_deck(self) -> "Deck":
        _ = self.deck  # a Speaker Deck or Google Slides link that names no deck is an error here
        return self


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
    deck: Deck | None = Field(None, description="The slides: a PDF under content/, a Speaker Deck or Google Slides link, or any link")
    level: Text | None = None
    duration: Text | None = None
    format: Text | None = None
    learning_objectives: list[Markdown] = []
    prerequisites: list[Section] = []
    projects: list[Project] = []
    assessment: list[AssessmentItem] = []
    sessions: list[LecturePart] = []
    display_name: ClassVar[str] = "Lecture"
    about: ClassVar[str] = "A single lecture in parts, each with its slides, topics and learning outcomes."
    number_prefix: ClassVar[str] = "part"
    session_template: ClassVar[str] = "session-lecture.md.j2"
    session_skeleton: ClassVar[str] = "session-lecture.yml"

    def people_roles(self) -> list[tuple[str, str]]:
        return super().people_roles() + [("Instructor", person_id) for person_id in self.instructors]

    def projects_of(self, part: LecturePart) -> list[Project]:
        """The projects attached to a lecture part (by its number)."""
        return [project for project in self.projects if part.number is not None and project.part == part.number]

    def site_files(self) -> list[tuple[tuple, str]]:
        deck = [(("deck", "url"), self.deck.url.partition("#")[0])] if self.deck and self.deck.url and is_site_file(self.deck.url) else []
        return super().site_files() + deck

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
