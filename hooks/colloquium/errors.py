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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, RootModel, Tag, ValidationError

if TYPE_CHECKING:
    from colloquium.yaml_source import YamlDocument


@dataclass(frozen=True, order=True)
class DataError:
    """One problem: `file` relative to the project root, `field` a path like `sessions[3].video`
    (empty for a problem with the whole file)."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{field} {self.message}"


class DataErrors(Exception):
    """All errors of a run, sorted by file and line; str() gives one error per line."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))


def format_path(path: Sequence[str | int]) -> str:
    """("sessions", 3, "video") -> "sessions[3].video"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


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


def describe(value: Any) -> str:
    """A found value, as an error message shows it."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _allowed(values: Iterable[Any]) -> str:
    return ", ".join(repr(value) for value in values)


def _message(error: dict[str, Any], place: _Place) -> tuple[tuple[str | int, ...], str]:
    """The YAML path an error belongs to and what to tell the organizer."""
    kind, ctx, found = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "extra_forbidden":
        name = str(place.path[-1])
        allowed = list(place.owner.model_fields) if place.owner else []
        guess = closest_match(name, allowed)
        hint = f"did you mean {guess!r}?" if guess else f"allowed: {', '.join(allowed)}"
        return place.path, f"unknown field {name!r} ({hint})"
    if kind == "missing":
        return place.path[:-1], f"missing required field {place.path[-1]!r}"
    if kind == "union_tag_not_found":
        field = ctx["discriminator"].strip("'")
        allowed = _allowed(_discriminator_values(place.expected, field))
        return place.path, f"missing required field {field!r} (one of {allowed})"
    if kind == "union_tag_invalid":
        field = ctx["discriminator"].strip("'")
        return (*place.path, field), f"{ctx['tag']!r} is not one of the allowed values: {ctx['expected_tags']}"
    if kind == "literal_error":
        allowed = _allowed(typing.get_args(place.expected)) if typing.get_origin(place.expected) is Literal else ctx["expected"]
        return place.path, f"{describe(found)} is not one of the allowed values: {allowed}"
    if kind in ("value_error", "assertion_error"):
        return place.path, str(ctx["error"])
    if kind in _EXPECTED:
        hint = " (put it in quotes to keep it as text)" if kind == "string_type" and isinstance(found, (int, float)) else ""
        return place.path, f"expected {_EXPECTED[kind]}, found {describe(found)}{hint}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return place.path, f"{describe(found)} is out of range (must be {words} {ctx[key]})"
    if kind == "string_pattern_mismatch":
        return place.path, f"{describe(found)} is not in the expected form (pattern {ctx['pattern']})"
    return place.path, f"{describe(found)}: {error['msg']}"


def validation_errors(error: ValidationError, root: Any, document: YamlDocument) -> list[DataError]:
    """Translate pydantic's errors for `document` validated as type `root` into DataErrors.

    Where a value fits none of a union's plain types (a chapter that is neither a number nor
    text), pydantic reports one type error per alternative; they become one message."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    type_error_at: dict[tuple[str | int, ...], int] = {}  # index in `found`
    expected: dict[tuple[str | int, ...], list[str]] = {}
    for item in error.errors(include_url=False):
        place = _locate(root, item["loc"])
        if item["type"] in _EXPECTED:
            if place.path in type_error_at:
                expected[place.path].append(_EXPECTED[item["type"]])
                alternatives = " or ".join(dict.fromkeys(expected[place.path]))
                found[type_error_at[place.path]] = (place.path, f"expected {alternatives}, found {describe(item['input'])}")
                continue
            type_error_at[place.path], expected[place.path] = len(found), [_EXPECTED[item["type"]]]
        found.append(_message(item, place))
    return [DataError(document.file, document.line_of(path), format_path(path), message) for path, message in found]
