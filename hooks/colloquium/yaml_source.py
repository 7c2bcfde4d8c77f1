"""YAML files as plain data plus the line of every field, for errors that say where.

ruamel.yaml's round-trip loader keeps the position of every key and list item and rejects
duplicate keys. It reads YAML 1.2, where `yes`, `no` and `on` are text and `10:30` is text
(YAML 1.1 read it as the number 630). Dates are also left as text: the data model parses them,
so an impossible date (2025-02-30) gets an error with its field and line instead of crashing the
parser, and the data stays JSON-like so that the JSON Schema can check it exactly as an editor
does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, SequenceNode

from colloquium.errors import DataError, DataErrors

FieldPath = tuple[str | int, ...]


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, except that timestamps stay text (see module docstring)."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: `data` holds only dict, list, str, int, float, bool and None."""

    file: str
    data: Any
    lines: dict[FieldPath, int]

    def line_of(self, path: Sequence[str | int]) -> int:
        """Line (1-based) of a field; for a path that is not in the file (a missing field),
        the line of the nearest enclosing one."""
        path = tuple(path)
        while path not in self.lines:
            path = path[:-1]
        return self.lines[path]


def _plain(node: Any, path: FieldPath, line: int, lines: dict[FieldPath, int]) -> Any:
    """Copy ruamel's round-trip objects into plain Python data, noting each field's line."""
    lines[path] = line
    if isinstance(node, CommentedMap):
        positions = node.lc.data
        # Keys brought in by a `<<:` merge have no position of their own: use the mapping's.
        return {
            str(key) if isinstance(key, str) else key: _plain(
                value, (*path, key), positions[key][0] + 1 if key in positions else line, lines
            )
            for key, value in node.items()
        }
    if isinstance(node, CommentedSeq):
        positions = node.lc.data
        return [_plain(item, (*path, i), positions[i][0] + 1, lines) for i, item in enumerate(node)]
    if isinstance(node, TaggedScalar):
        return str(node.value)
    if isinstance(node, bool) or node is None:
        return node
    for plain_type in (str, int, float):  # ScalarString, ScalarInt, ScalarFloat subclasses
        if isinstance(node, plain_type):
            return plain_type(node)
    return node


def _has_tab_indent(text: str, line: int) -> bool:
    lines = text.splitlines()
    return 0 < line <= len(lines) and "\t" in re.match(r"[ \t]*", lines[line - 1]).group()


def _duplicate_keys(yaml: YAML, text: str, file: str) -> list[DataError]:
    """Every duplicate key of the file with both lines (ruamel stops at the first)."""
    errors, seen_nodes, stack = [], set(), [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            first_line: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                if isinstance(key.value, str):
                    line = key.start_mark.line + 1
                    where = first_line.setdefault((key.tag.value, key.value), line)
                    if where != line:
                        errors.append(DataError(file, line, "", f"duplicate key {key.value!r} (first on line {where})"))
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return errors


def parse_yaml(raw: bytes, file: str) -> YamlDocument:
    """Parse the bytes of a file shown as `file` in errors; raise DataErrors when it is not
    valid UTF-8 YAML with at least one value."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataErrors([DataError(file, line, "", (
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start} "
            "cannot be decoded); save it with UTF-8 encoding"
        ))]) from None
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        node = yaml.load(text)
    except DuplicateKeyError:
        raise DataErrors(_duplicate_keys(yaml, text, file)) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        if _has_tab_indent(text, line):
            raise DataErrors([DataError(file, line, "", "tab character in indentation; use spaces")]) from None
        problem = " ".join(part for part in (error.problem, f"({error.context})" if error.context else None) if part)
        raise DataErrors([DataError(file, line, "", f"YAML syntax error: {problem or error}")]) from None
    except YAMLError as error:
        raise DataErrors([DataError(file, 1, "", f"YAML error: {error}")]) from None
    if node is None:
        raise DataErrors([DataError(file, 1, "", "the file is empty")])
    lines: dict[FieldPath, int] = {}
    first_line = node.lc.line + 1 if isinstance(node, (CommentedMap, CommentedSeq)) else 1
    return YamlDocument(file, _plain(node, (), first_line, lines), lines)


def load_yaml(path: Path, file: str) -> YamlDocument:
    """Read and parse a YAML file; `file` is how errors name it (relative to the project)."""
    return parse_yaml(path.read_bytes(), file)
