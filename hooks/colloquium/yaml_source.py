"""YAML files as plain data plus the line of every field, for errors that say where.

libyaml (through PyYAML's C loader) parses the file into a node tree that keeps the position
of every key and item; this module turns the tree into plain data itself, for three reasons:

- YAML 1.2 semantics. PyYAML resolves plain scalars by YAML 1.1 rules, where `yes`/`no`/`on`
  are booleans and `10:30` is the number 630. Here plain scalars follow the YAML 1.2 core
  schema (spec §10.3.2), as the editors' YAML language server does: those stay text.
- Dates stay text. The data model parses them, so an impossible date (2025-02-30) gets an
  error with its field and line, and the data stays JSON-like: the JSON Schema then checks it
  exactly as an editor does.
- Duplicate keys are errors (with both lines), where loaders usually keep the last value.

The round-trip loader of ruamel.yaml would give the same information, but it is pure Python
and parses the example data about twenty times slower; validation runs on every build and
on every `colloquium validate`, so it has to be quick.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from colloquium.errors import DataError, DataErrors, format_path

FieldPath = tuple[str | int, ...]

_PLAIN = "!plain"  # tag given to untagged plain scalars, resolved below by YAML 1.2 rules
_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)


class _Parser(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when PyYAML has it
    """Composes nodes only; every untagged plain scalar gets the tag `!plain`."""

    yaml_implicit_resolvers: dict = {}


_Parser.add_implicit_resolver(_PLAIN, re.compile(r".*", re.DOTALL), None)

# YAML 1.2 core schema, tag resolution of plain scalars (spec §10.3.2).
_CORE_SCHEMA = [
    (_NULL, re.compile(r"null|Null|NULL|~|")),
    (_BOOL, re.compile(r"true|True|TRUE|false|False|FALSE")),
    (_INT, re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    (_FLOAT, re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")),
]


def _scalar(tag: str, text: str) -> Any:
    if tag == _PLAIN:
        tag = next((tag for tag, pattern in _CORE_SCHEMA if pattern.fullmatch(text)), _STR)
    if tag == _STR:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return text.lower() == "true"
    if tag == _INT:
        return int(text, 8) if text.startswith("0o") else int(text, 0) if text.startswith("0x") else int(text)
    if tag == _FLOAT:
        lowered = text.lower().lstrip("+")
        return math.nan if lowered == ".nan" else float(lowered.replace(".inf", "inf"))
    raise ValueError(f"the YAML tag {tag!r} is not supported here; remove it")


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


class _Builder:
    """Plain data from a node tree, noting the line of every field and every duplicate key."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[FieldPath, int] = {}
        self.errors: list[DataError] = []

    def build(self, node: yaml.Node, path: FieldPath, line: int, depth: int = 0) -> Any:
        self.lines[path] = line
        if depth > 100:  # only a recursive alias (&a [*a]) nests this deep
            raise self._fail(line, "the data nests more than 100 levels deep (a recursive alias?)")
        if not isinstance(node, yaml.ScalarNode) and node.tag not in (_MAP, _SEQ):
            raise self._fail(line, f"the YAML tag {node.tag!r} is not supported here; remove it")
        if isinstance(node, yaml.MappingNode):
            data: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_line, "a key must be a single value, not a list or mapping")
                key = self._scalar(key_node)
                if key in first_line:
                    message = f"duplicate key {key!r} (first on line {first_line[key]})"
                    self.errors.append(DataError(self.file, key_line, format_path((*path, key)), message))
                    continue
                first_line[key] = key_line
                data[key] = self.build(value_node, (*path, key), key_line, depth + 1)
            return data
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), item.start_mark.line + 1, depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return _scalar(node.tag, node.value)
        except ValueError as error:
            raise self._fail(node.start_mark.line + 1, str(error)) from None

    def _fail(self, line: int, message: str) -> DataErrors:
        return DataErrors([*self.errors, DataError(self.file, line, "", message)])


def _has_tab_indent(text: str, line: int) -> bool:
    lines = text.splitlines()
    return 0 < line <= len(lines) and "\t" in re.match(r"[ \t]*", lines[line - 1]).group()


def parse_yaml(raw: bytes, file: str) -> YamlDocument:
    """Parse the bytes of a file that errors call `file`; raise DataErrors when it is not
    valid UTF-8 YAML holding one value."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataErrors([DataError(file, line, "", (
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start} "
            "cannot be decoded); save it with UTF-8 encoding"
        ))]) from None
    try:
        node = yaml.compose(text, Loader=_Parser)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        if _has_tab_indent(text, line):
            raise DataErrors([DataError(file, line, "", "tab character in indentation; use spaces")]) from None
        context = ""
        if error.context:
            started = error.context_mark.line + 1 if error.context_mark else None
            context = f" ({error.context} started on line {started})" if started and started != line else f" ({error.context})"
        raise DataErrors([DataError(file, line, "", f"YAML syntax error: {error.problem}{context}")]) from None
    except yaml.YAMLError as error:
        raise DataErrors([DataError(file, 1, "", f"YAML error: {error}")]) from None
    if node is None:
        raise DataErrors([DataError(file, 1, "", "the file is empty")])
    builder = _Builder(file)
    data = builder.build(node, (), node.start_mark.line + 1)
    if builder.errors:
        raise DataErrors(builder.errors)
    return YamlDocument(file, data, builder.lines)


def load_yaml(path: Path, file: str) -> YamlDocument:
    """Read and parse a YAML file; `file` is how errors name it (relative to the project)."""
    return parse_yaml(path.read_bytes(), file)
