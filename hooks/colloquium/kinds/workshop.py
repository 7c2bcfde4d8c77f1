"""A workshop over a few days, with morning and afternoon sessions named by day and slot."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field

from colloquium import translations
from colloquium.kinds import register
from colloquium.kinds.base import EventBase
from colloquium.model import Markdown, Session, TimeRange
from colloquium.translations import N_

Slot = Literal["morning", "afternoon", "evening"]
# A slot's name is translated where shown (session titles, the event's plan): marked here for the catalogs.
SLOT_NAMES = (N_("morning"), N_("afternoon"), N_("evening"))
SLOT_SESSIONS = {"morning": N_("Morning sessions"), "afternoon": N_("Afternoon sessions"), "evening": N_("Evening sessions")}


class WorkshopSession(Session):
    slot: Slot | None = None


@register
class WorkshopEvent(EventBase):
    kind: Literal["workshop"]
    slots: dict[Slot, TimeRange] = Field({}, description="Times of the morning/afternoon slots")
    prerequisites: list[Markdown] = []
    sessions: list[WorkshopSession] = []
    display_name: ClassVar[str] = N_("Workshop")
    number_label: ClassVar[str] = N_("Session %(number)s")
    about: ClassVar[str] = "A workshop over a few days, with morning and afternoon sessions."
    numbered: ClassVar[bool] = False
    spans_days: ClassVar[bool] = True
    session_template: ClassVar[str] = "session-workshop.md.j2"
    session_skeleton: ClassVar[str] = "session-workshop.yml"

    @classmethod
    def session_id(cls, session: WorkshopSession, index: int) -> str:
        """'2026-07-14-morning': by day and slot when neither id nor number is given."""
        if not session.id and session.number is None and session.date is not None and session.slot:
            return f"{session.date.isoformat()}-{session.slot}"
        return super().session_id(session, index)

    @classmethod
    def session_label(cls, session: WorkshopSession) -> str | None:
        """'Tue, Jul 14, 2026, morning' for a session named by day and slot."""
        if session.number is None and session.date is not None and session.slot:
            day = translations.current().weekday_day(session.date)
            return translations.gettext("%(day)s, %(slot)s") % {"day": day, "slot": translations.gettext(session.slot)}
        return super().session_label(session)

    @classmethod
    def address_source(cls, session: WorkshopSession) -> str:
        return "its date and slot" if session.slot else super().address_source(session)

    @classmethod
    def draft_session(cls, number: int | None, date: dt.date | None) -> WorkshopSession:
        return WorkshopSession(title=translations.gettext("To be announced"), number=number, date=date, slot="morning")

    def time_of(self, session: WorkshopSession) -> tuple[dt.time, dt.time | None] | None:
        if session.start is None and session.slot in self.slots:
            return self.slots[session.slot].start, self.slots[session.slot].end
        return super().time_of(session)

    def recurring_times(self) -> list[tuple[str, TimeRange, tuple[str, ...]]]:
        return super().recurring_times() + [(SLOT_SESSIONS[slot], times, ()) for slot, times in self.slots.items()]
