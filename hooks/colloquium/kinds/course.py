"""A course: class meetings with lectures, assignments, deadlines and grading."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from colloquium.errors import DataError, Located, closest_match, error_at
from colloquium.kinds import register
from colloquium.kinds.base import DatedItem, EventBase
from colloquium.model import (
    Date,
    EndTime,
    Identifier,
    Link,
    Markdown,
    PersonRef,
    Releasable,
    Section,
    Session,
    SessionStatus,
    Strict,
    Text,
    TimeOfDay,
    TimeRange,
    Url,
    check_times,
)
from colloquium.translations import N_, WEEKDAYS, gettext



# A session's `type` as its page names it ('guest-lecture': "Guest lecture"), translated where
# shown (templates/pages/session-course.md.j2); marked here for the catalogs.
SESSION_TYPE_NAMES = (N_("Guest lecture"), N_("Assignment session"), N_("Presentations"), N_("Orientation"), N_("No class"))


class CourseSession(Session):
    """A class meeting: lecture, guest lecture, assignment session, or a day without class."""

    week: int | None = Field(None, ge=1)
    type: Literal["lecture", "guest-lecture", "assignment-session", "presentations", "orientation", "no-class"] = "lecture"
    assignments: list[Identifier] = Field([], description="Ids of assignments introduced in this session")
    rescheduled_from: Date | None = None

    @property
    def effective_status(self) -> SessionStatus:
        return "no-class" if self.type == "no-class" else self.status

    @property
    def moved_from(self) -> dt.date | None:
        return self.rescheduled_from


class StaffMember(Strict):
    person: PersonRef
    role: Text


class Meeting(Strict):
    """A recurring meeting time, e.g. Mon/Wed 10:30-11:45."""

    days: list[Literal[WEEKDAYS]]
    start: TimeOfDay
    end: EndTime

    @model_validator(mode="after")
    def _meant(self) -> "Meeting":
        check_times(self.start, self.end)
        return self


class Assignment(Releasable, Strict):
    id: Identifier
    title: Text
    url: Url | None = None
    release: Date | None = None
    due: Date | None = None
    due_time: TimeOfDay | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Assignment":
        if self.due_time is not None and self.due is None:
            raise ValueError("due_time is given without `due`: add the day it is due (due: YYYY-MM-DD)")
        if self.release and self.due and self.due < self.release:
            raise ValueError(f"due {self.due} is before release {self.release}")
        return self


class Deadline(Strict):
    id: Identifier | None = Field(None, description="Keeps the calendar entry when the title changes; derived from the title when absent")
    title: Text
    due: Date
    due_time: TimeOfDay | None = None
    note: Text | None = None


class GradeItem(Strict):
    item: Text
    weight: float = Field(ge=0, le=100, description="Percent of the final grade")
    note: Markdown | None = None


@register
class CourseEvent(EventBase):
    kind: Literal["course"]
    code: Text | None = Field(None, description="Course code, e.g. 'CS492(C)'")
    instructors: list[PersonRef] = []
    staff: list[StaffMember] = []
    meetings: list[Meeting] = []
    prerequisites: Markdown | None = None
    grading: list[GradeItem] = []
    assignments: list[Assignment] = []
    deadlines: list[Deadline] = []
    deadline_note: Markdown | None = None
    schedule_note: Markdown | None = None
    policies: list[Section] = []
    past_offerings: list[Link] = []
    sessions: list[CourseSession] = []
    display_name: ClassVar[str] = N_("Course")
    schema_type: ClassVar[str] = "Course"
    about: ClassVar[str] = "A course: class meetings with lectures, assignments, deadlines and grading."
    number_prefix: ClassVar[str] = "lecture"
    number_label: ClassVar[str] = N_("Lecture %(number)s")
    session_template: ClassVar[str] = "session-course.md.j2"
    session_skeleton: ClassVar[str] = "session-course.yml"

    def recurring_times(self) -> list[tuple[str, TimeRange, tuple[str, ...]]]:
        if self.meetings:
            return [(N_("Time"), meeting, tuple(meeting.days)) for meeting in self.meetings]
        return super().recurring_times()

    def next_meeting_day(self, last: dt.date) -> dt.date | None:
        """The next of the meeting days after `last`."""
        days = {day for meeting in self.meetings for day in meeting.days}
        if not days:
            return super().next_meeting_day(last)
        return next(last + dt.timedelta(days=n) for n in range(1, 8) if WEEKDAYS[(last + dt.timedelta(days=n)).weekday()] in days)

    def people_roles(self) -> list[tuple[str, str]]:
        return (
            super().people_roles()
            + [(N_("Instructor"), person_id) for person_id in self.instructors]
            + [(member.role, member.person) for member in self.staff]
        )

    def assignment(self, assignment_id: str) -> Assignment:
        return next(a for a in self.assignments if a.id == assignment_id)

    def dated_items(self, zone: dt.tzinfo, today: dt.date) -> list[DatedItem]:
        """Each assignment released and due, and the deadlines, in time order; an item without
        a time of day comes last on its day."""
        found = []

        def moment(day: dt.date, time: dt.time | None) -> dt.datetime | None:
            return dt.datetime.combine(day, time, tzinfo=zone) if time else None

        for assignment in self.assignments:
            released = assignment.url if assignment.release_state(today) == "released" else None
            if assignment.release:
                found.append(DatedItem(f"{assignment.id}-release", gettext("%(title)s released") % {"title": assignment.title}, assignment.release, None, released))
            if assignment.due:
                found.append(DatedItem(f"{assignment.id}-due", gettext("%(title)s due") % {"title": assignment.title}, assignment.due,
                                       moment(assignment.due, assignment.due_time), released))
        taken = {item.id for item in found}
        for deadline in self.deadlines:
            base = deadline.id or re.sub(r"[^a-z0-9]+", "-", deadline.title.lower()).strip("-") or "deadline"
            deadline_id, n = base, 1
            while deadline_id in taken:  # two deadlines with one title: number them
                n += 1
                deadline_id = f"{base}-{n}"
            taken.add(deadline_id)
            found.append(DatedItem(deadline_id, deadline.title, deadline.due, moment(deadline.due, deadline.due_time),
                                   note=deadline.note))
        return sorted(found, key=lambda d: (d.day, d.moment.time() if d.moment else dt.time(23, 59, 59)))

    def cross_checks(self, document: Located) -> list[DataError]:
        """Assignment ids are unique, and sessions name assignments that exist."""
        errors, first = [], {}
        for index, assignment in enumerate(self.assignments):
            if assignment.id in first:
                other = first[assignment.id]
                errors.append(error_at(document, ("assignments", index, "id"), (
                    f"duplicate assignment id {assignment.id!r}, already used by assignments[{other}] "
                    f"(line {document.line_of(('assignments', other))})"
                )))
            first.setdefault(assignment.id, index)
        for index, session in enumerate(self.sessions):
            for position, assignment_id in enumerate(session.assignments):
                if assignment_id not in first:
                    guess = closest_match(assignment_id, first)
                    hint = f"did you mean {guess!r}?" if guess else f"known: {', '.join(first) or 'none'}"
                    errors.append(error_at(document, ("sessions", index, "assignments", position), (
                        f"unknown assignment {assignment_id!r} (not in this course's assignments; {hint})"
                    )))
        return super().cross_checks(document) + errors
