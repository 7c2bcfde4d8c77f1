"""The kinds of event: one module each, and the registry that loader, pages and CLI ask.

A kind is a subclass of `kinds.base.EventBase` decorated with `@register`; its module
declares its session model and answers for itself (see kinds/base.py). A new kind is a new
module, a page template (templates/pages/event-<kind>.md.j2) and a skeleton
(templates/new/<kind>.yml); a session template and a session skeleton only where its
sessions have fields of their own.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field, RootModel

if TYPE_CHECKING:  # the kinds' modules import `register` from here
    from colloquium.kinds.base import EventBase

# kind name -> its class, in the order `colloquium new event --kind` offers them.
KINDS: dict[str, type[EventBase]] = {}


def register(cls: type[EventBase]) -> type[EventBase]:
    """Make `cls` a kind of event (a class decorator)."""
    KINDS[cls.kind_name()] = cls
    return cls


def event_file() -> type[RootModel]:
    """The model of an event file: one of the registered kinds, chosen by its `kind:`."""
    return _event_file(tuple(KINDS.values()))


@functools.cache
def _event_file(classes: tuple[type[EventBase], ...]) -> type[RootModel]:
    event = Annotated[Union[classes], Field(discriminator="kind")] if len(classes) > 1 else classes[0]
    return RootModel[event]


def number_words() -> dict[str, str]:
    """Each kind -> the word its sessions are numbered with ('seminar' -> 'week')."""
    return {name: cls.number_prefix for name, cls in KINDS.items()}


def template_folders() -> list:
    """The folders that hold the kinds' templates (pages/ and new/ under each), the package's first."""
    return list(dict.fromkeys(cls.templates for cls in KINDS.values()))


# The built-in kinds, in the order they are offered.
from colloquium.kinds import seminar, reading_group, course, lecture, workshop  # noqa: E402,F401,I001  (registers each)
