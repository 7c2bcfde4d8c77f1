"""Errors in the organizers' data, each saying where (file:line, field) and what is wrong.

A run collects every error it finds into one DataErrors, so that an organizer fixes all of
them in one go instead of one per build. pydantic's errors are translated here: their
locations hold union tags (`seminar`, `guest`) that are not in the YAML, and their messages
("Extra inputs are not permitted") do not say what was found or what is allowed.
"""

from __future__ import annotations

import difflib
import types
import typing
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol, Union

from pydantic import BaseModel, RootModel, Tag, ValidationError


@dataclass(frozen=True, order=True)
class DataError:
    """One problem: `file` relative to the project root, `line` 0 for a file or folder as a
    whole, `field` a path like `week 3 (DDIM).video` (empty for a problem with the whole file)."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        line = f":{self.line}" if self.line else ""  # 0: a problem with a file or folder as a whole
        return f"{self.file}{line}:{field} {self.message}"


class DataErrors(Exception):
    """All errors of a run, sorted by file and line; str() gives one error per line."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))

    @property
    def counted(self) -> str:
        """'1 error', '3 errors': for the line that closes a list of them."""
        return f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}"


class Located(Protocol):
    """A parsed data file (yaml_source.YamlDocument): what an error needs to say where."""

    file: str
    data: Any
    raw: Mapping[tuple, str]  # numbers as written in the file
    number_words: Mapping[str, str]

    def line_of(self, path: Sequence[str | int]) -> int: ...

    def field_name(self, path: Sequence[str | int]) -> str: ...


def error_at(document: Located, path: Sequence[str | int], message: str) -> DataError:
    """An error at a field of a parsed file, with its line and its name as organizers say it."""
    return DataError(document.file, document.line_of(path), document.field_name(path), message)


def format_path(path: Sequence[str | int], data: Any = None, number_words: Mapping[str, str] | None = None) -> str:
    """How an error names a field: ("readings", 0) -> "readings[0]". With the file's data, a
    session is named as organizers name it, by its number and title: ("sessions", 5, "video")
    -> "week 6 (DDIM).video" (see session_name; `number_words` maps each kind of event to the
    word its sessions are numbered with)."""
    text = ""
    if len(path) >= 2 and path[0] == "sessions" and isinstance(path[1], int) and isinstance(data, dict):
        text, path = session_name(data, path[1], number_words), path[2:]
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def session_name(event: dict, index: int, number_words: Mapping[str, str] | None = None) -> str:
    """A session of an event file's data as organizers name it: 'week 6 (DDIM)' (the word
    the event's kind numbers its sessions with, the number, the title), 'session (Opening)'
    without a number, 'the 3rd session' with neither."""
    sessions = event.get("sessions")
    session = sessions[index] if isinstance(sessions, list) and index < len(sessions) else None
    session = session if isinstance(session, dict) else {}
    number, title = session.get("number"), session.get("title")
    kind = event.get("kind")
    word = (number_words or {}).get(kind, "session") if isinstance(kind, str) else "session"
    if isinstance(title, (str, int, float)) and not isinstance(title, bool) and str(title).strip():
        shown = "".join(c if c.isprintable() else " " for c in str(title))
        shown = " ".join(shown.split())
        shown = f" ({shown if len(shown) <= 40 else shown[:37] + '...'})"
    else:
        shown = ""
    if isinstance(number, int) and not isinstance(number, bool):
        return f"{word} {number}{shown}"
    if shown:
        return f"session{shown}"
    return f"the {_ordinal(index + 1)} session"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_CHARACTER_NAMES = {
    "\x00": "null character", "\x07": "bell", "\x08": "backspace", "\t": "tab", "\n": "line break",
    "\x0b": "vertical tab", "\x0c": "form feed", "\r": "carriage return", "\x1b": "escape character",
    "\x85": "next line", "\ufeff": "byte order mark",
}


def character_name(char: str) -> str:
    """'U+0008 (backspace)': how messages name a character one cannot see."""
    name = _CHARACTER_NAMES.get(char) or unicodedata.name(char, "").lower()
    if not name:
        name = "control character" if unicodedata.category(char) == "Cc" else "unnamed character"
    return f"U+{ord(char):04X} ({name})"


def show(value: object, limit: int = 60) -> str:
    """A value in a message: quoted, and never more than the offending token."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def closest_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice the organizer most likely meant, for 'did you mean' hints."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


# ---------------------------------------------------------------------------- pydantic errors


def _strip(annotation: Any) -> Any:
    """The type under Annotated[...], RootModel[...] and `X | None`."""
    while True:
        if typing.get_origin(annotation) is Annotated:
            annotation = annotation.__origin__
        elif isinstance(annotation, type) and issubclass(annotation, RootModel):
            annotation = annotation.model_fields["root"].annotation
        elif typing.get_origin(annotation) in (Union, types.UnionType):
            members = [m for m in typing.get_args(annotation) if m is not type(None)]
            if len(members) > 1:
                return Union[tuple(members)]
            annotation = members[0]
        else:
            return annotation


def _union_member(union: Any, tag: str) -> Any:
    """The member of a union that pydantic names `tag` in an error location: a Tag(...), the
    value of a Literal discriminator field, or the class name in a plain union."""
    for member in typing.get_args(union):
        if typing.get_origin(member) is Annotated and any(
            isinstance(meta, Tag) and meta.tag == tag for meta in member.__metadata__
        ):
            return member
        model = _strip(member)
        if isinstance(model, type) and issubclass(model, BaseModel):
            if model.__name__ == tag or any(
                typing.get_origin(field.annotation) is Literal and tag in typing.get_args(field.annotation)
                for field in model.model_fields.values()
            ):
                return member
    return None


def _discriminator_values(union: Any, field: str) -> list[str]:
    return [
        value
        for member in typing.get_args(union)
        if isinstance(model := _strip(member), type) and issubclass(model, BaseModel) and field in model.model_fields
        for value in typing.get_args(model.model_fields[field].annotation)
    ]


@dataclass
class _Place:
    """Where a pydantic error location points: the YAML path, the model holding the last
    field, and the type expected there."""

    path: tuple[str | int, ...]
    owner: type[BaseModel] | None
    expected: Any


def _locate(root: Any, loc: tuple[str | int, ...]) -> _Place:
    """Follow a pydantic error location through the types from `root`, dropping union tags."""
    path: list[str | int] = []
    owner, annotation = None, root
    for i, part in enumerate(loc):
        annotation = _strip(annotation)
        if part == "[key]":
            continue
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            owner = annotation
            field = annotation.model_fields.get(part)
            annotation = field.annotation if field else None
            path.append(part)
        elif typing.get_origin(annotation) is list:
            annotation = typing.get_args(annotation)[0]
            path.append(part)
        elif typing.get_origin(annotation) is dict:
            key_type, value_type = typing.get_args(annotation)
            annotation = key_type if loc[i + 1 : i + 2] == ("[key]",) else value_type
            path.append(part)
        elif typing.get_origin(annotation) is Union:
            annotation = _union_member(annotation, part)  # a tag: not part of the YAML
        else:
            annotation = None
            path.append(part)
    return _Place(tuple(path), owner, _strip(annotation))


# Words organizers write for an allowed value that is spelled otherwise ('postponed' for
# 'rescheduled'); "did you mean" offers the allowed value when the field has it.
SYNONYMS = {
    "postponed": "rescheduled", "moved": "rescheduled", "delayed": "rescheduled",
    "confirmed": "scheduled", "planned": "scheduled",
    "tbd": "tentative", "tba": "tentative", "provisional": "tentative",
    "called off": "cancelled", "holiday": "no-class", "break": "no-class",
}

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}

_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def describe(value: Any, raw: str | None = None) -> str:
    """A found value, as an error message shows it (a number as it was written, `raw`)."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if raw is not None and isinstance(value, (int, float)):
        return raw
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _allowed(values: Iterable[Any]) -> str:
    return ", ".join(repr(value) for value in values)


def _about_field(place: _Place, message: str) -> tuple[tuple[str | int, ...], str]:
    """A check of two fields of one model ("end 09:00 is not after start 10:30") is placed at
    the field its message starts with: the one to change."""
    model = place.expected
    first = message.split(" ", 1)[0]
    if isinstance(model, type) and issubclass(model, BaseModel) and first in model.model_fields:
        return (*place.path, first), message
    return place.path, message


def _quote_hint(found: Any, raw: str | None) -> str:
    """Where text was expected and YAML read a number: how to keep it as written."""
    if not isinstance(found, (int, float)) or isinstance(found, bool):
        return ""
    if raw is not None and raw != str(found):
        return f" (YAML reads {raw} as the number {found}; write it in quotes, '{raw}', to keep it as text)"
    return " (put it in quotes to keep it as text)"


def _message(error: dict[str, Any], place: _Place, raw: str | None = None) -> tuple[tuple[str | int, ...], str]:
    """The YAML path an error belongs to and what to tell the organizer; `raw` is the value as
    written in the file, where YAML read it as a number."""
    error_type, ctx, found = error["type"], error.get("ctx", {}), error.get("input")
    if error_type == "extra_forbidden":
        name = str(place.path[-1])
        allowed = list(place.owner.model_fields) if place.owner else []
        guess = closest_match(name, allowed)
        hint = f"did you mean {guess!r}?" if guess else f"allowed: {', '.join(allowed)}"
        return place.path, f"unknown field {show(name)} ({hint})"
    if error_type == "missing":
        return place.path[:-1], f"missing required field {place.path[-1]!r}"
    if error_type == "union_tag_not_found":
        field = ctx["discriminator"].strip("'")
        allowed = _allowed(_discriminator_values(place.expected, field))
        return place.path, f"missing required field {field!r} (one of {allowed})"
    if error_type == "union_tag_invalid":
        field = ctx["discriminator"].strip("'")
        guess = closest_match(str(ctx["tag"]), _discriminator_values(place.expected, field))
        hint = f" (did you mean {guess!r}?)" if guess else ""
        return (*place.path, field), f"{show(ctx['tag'])} is not one of the allowed values: {ctx['expected_tags']}{hint}"
    if error_type == "literal_error":
        choices = typing.get_args(place.expected) if typing.get_origin(place.expected) is Literal else ()
        allowed = _allowed(choices) if choices else ctx["expected"]
        guess = closest_match(str(found), [str(c) for c in choices]) if isinstance(found, str) else None
        if guess is None and isinstance(found, str) and SYNONYMS.get(found.strip().lower()) in choices:
            guess = SYNONYMS[found.strip().lower()]
        hint = f" (did you mean {guess!r}?)" if guess else ""
        return place.path, f"{describe(found)} is not one of the allowed values: {allowed}{hint}"
    if error_type in ("value_error", "assertion_error"):
        return _about_field(place, str(ctx["error"]))
    if error_type in _EXPECTED:
        hint = _quote_hint(found, raw) if error_type == "string_type" else ""
        return place.path, f"expected {_EXPECTED[error_type]}, found {describe(found, raw)}{hint}"
    if error_type in _BOUNDS:
        key, words = _BOUNDS[error_type]
        return place.path, f"{describe(found)} is out of range (must be {words} {ctx[key]})"
    if error_type == "string_pattern_mismatch":
        return place.path, f"{describe(found)} is not in the expected form"
    return place.path, f"{describe(found)}: {error['msg']}"


def validation_errors(error: ValidationError, root: Any, document: Located) -> list[DataError]:
    """Translate pydantic's errors for `document` validated as type `root` into DataErrors.

    Where a value fits none of a union's plain types (a chapter that is neither a number nor
    text), pydantic reports one type error per alternative; they become one message."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    type_error_at: dict[tuple[str | int, ...], int] = {}  # index in `found`
    expected: dict[tuple[str | int, ...], list[str]] = {}
    for item in error.errors(include_url=False):
        place = _locate(root, item["loc"])
        raw = document.raw.get(place.path)
        if item["type"] in _EXPECTED:
            if place.path in type_error_at:
                expected[place.path].append(_EXPECTED[item["type"]])
                alternatives = " or ".join(dict.fromkeys(expected[place.path]))
                hint = _quote_hint(item["input"], raw) if "text" in expected[place.path] else ""
                found[type_error_at[place.path]] = (place.path, f"expected {alternatives}, found {describe(item['input'], raw)}{hint}")
                continue
            type_error_at[place.path], expected[place.path] = len(found), [_EXPECTED[item["type"]]]
        found.append(_message(item, place, raw))
    # A value of the right type for one alternative (text for `int | Text`) that fails that
    # alternative's check: the check says what is wrong, not "expected a whole number".
    checked = {place for place, _ in found} & {
        _locate(root, item["loc"]).path for item in error.errors(include_url=False) if item["type"] == "value_error"
    }
    found = [item for i, item in enumerate(found) if not (item[0] in checked and type_error_at.get(item[0]) == i)]
    return [error_at(document, path, message) for path, message in found]
