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
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from colloquium.errors import DataError, DataErrors, character_name, format_path, show

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


class EmptyFile(DataErrors):
    """A file that holds no value: nothing, or only comments. Whether that is a mistake
    depends on the file (people.yml with only its commented example means no people yet)."""


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: `data` holds only dict, list, str, int, float, bool and None."""

    file: str
    data: Any
    lines: dict[FieldPath, int]
    raw: dict[FieldPath, str] = field(default_factory=dict)  # numbers as written (3.10, read as 3.1)
    # Errors that left the data readable (duplicate keys, LaTeX escapes), with keep_going.
    errors: list[DataError] = field(default_factory=list)
    # Each kind of event -> the word its sessions are numbered with, for naming them ('week 3').
    number_words: Mapping[str, str] = field(default_factory=dict)

    def field_name(self, path: Sequence[str | int]) -> str:
        """A field as organizers name it: 'week 6 (DDIM).video', 'readings[0]'."""
        return format_path(path, self.data, self.number_words)

    def line_of(self, path: Sequence[str | int]) -> int:
        """Line (1-based) of a field; for a path that is not in the file (a missing field),
        the line of the nearest enclosing one."""
        path = tuple(path)
        while path not in self.lines:
            path = path[:-1]
        return self.lines[path]


class _Builder:
    """Plain data from a node tree, noting the line of every field and every duplicate key."""

    def __init__(self, file: str, text: str = "", number_words: Mapping[str, str] | None = None) -> None:
        self.file, self.text, self.number_words = file, text, number_words
        self.lines: dict[FieldPath, int] = {}
        self.raw: dict[FieldPath, str] = {}
        self.errors: list[DataError] = []
        self.found: list[tuple[int, FieldPath, str]] = []  # (line, path, message), named once the data is complete

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
                    raise self._fail(key_line, (
                        "a key must be a single value, not a list or mapping "
                        "(a value that starts with '{' or '[' is read as one: put it in quotes)"
                    ))
                key = self._scalar(key_node)
                if key in first_line:
                    self.found.append((key_line, (*path, key), f"duplicate key {show(key)} (first on line {first_line[key]})"))
                    continue
                first_line[key] = key_line
                data[key] = self.build(value_node, (*path, key), key_line, depth + 1)
            return data
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), item.start_mark.line + 1, depth + 1) for i, item in enumerate(node.value)]
        if node.style == '"' and (latex := _latex_escapes(self.text, node)):
            self.found.append((latex[0], path, latex[1]))
        if not node.style and (cut := _cut_by_comment(self.text, node)):  # a plain scalar
            self.found.append((node.end_mark.line + 1, path, cut))
        value = self._scalar(node)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.raw[path] = node.value
        return value

    def named_errors(self, data: Any) -> list[DataError]:
        """The errors found while building, their fields named with the complete data."""
        return [*self.errors, *(DataError(self.file, line, format_path(path, data, self.number_words), message) for line, path, message in self.found)]

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return _scalar(node.tag, node.value)
        except ValueError as error:
            raise self._fail(node.start_mark.line + 1, str(error)) from None

    def _fail(self, line: int, message: str) -> DataErrors:
        return DataErrors([*self.named_errors(None), DataError(self.file, line, "", message)])


# ---------------------------------------------------------------------------- bounds

# A data file is a page of text: these bounds are far above any real one, and keep a hostile
# or broken file (the "billion laughs": aliases of aliases) from exhausting memory or time.
MAX_BYTES = 1_000_000
MAX_DEPTH = 40  # nesting of mappings and lists; real data nests about 6 deep
MAX_VALUES = 100_000  # keys and values once every alias is expanded; the largest example file has 823


def _check_bounds(text: str, file: str) -> None:
    """Walk the parser's events (libyaml's parser is a loop, not a recursion) and refuse data
    that nests too deep or whose aliases expand too far, before anything is composed."""
    sizes: dict[str, int | None] = {}  # anchor -> values its node stands for (None: still open)
    stack: list[list] = []  # per open collection: [anchor, values in it so far, itself included]
    total = 0  # values of the whole file, every alias expanded

    def fail(event: yaml.Event, message: str) -> DataErrors:
        return DataErrors([DataError(file, event.start_mark.line + 1, "", message)])

    def count(values: int, event: yaml.Event) -> None:
        nonlocal total
        total += values
        if total > MAX_VALUES:
            raise fail(event, (
                f"the aliases (*name) in this file expand to more than {MAX_VALUES:,} values; "
                "a data file needs far fewer (aliases of aliases, a \"billion laughs\"?)"
                if sizes else
                f"the file holds more than {MAX_VALUES:,} values; a data file needs far fewer (is it the right file?)"
            ))
        if stack:
            stack[-1][1] += values

    for event in yaml.parse(text, Loader=_Parser):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise fail(event, f"the data nests more than {MAX_DEPTH} levels deep (lists in lists, or mappings in mappings)")
            count(1, event)
            if event.anchor:
                sizes[event.anchor] = None
            stack.append([event.anchor, 1])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, values = stack.pop()
            if anchor:
                sizes[anchor] = values
            if stack:  # the values inside are counted in the total already
                stack[-1][1] += values - 1
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            count(1, event)
        elif isinstance(event, yaml.AliasEvent):
            if sizes.get(event.anchor, 0) is None:
                raise fail(event, (
                    f"the alias *{event.anchor} is inside the value it names (&{event.anchor}), "
                    "so the value would never end; remove the alias"
                ))
            count(sizes.get(event.anchor) or 1, event)


# ---------------------------------------------------------------------------- characters

# Invisible characters that editors do not show and that word processors and web pages paste
# along with text. In a value they are at best invisible, between the keys and indentation of
# YAML they make a line mean something else than it shows.
_INVISIBLE = {"\u200b", "\u2060", "\ufeff", "\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
# Spaces that look like a space: fine inside text ("10\u00a0km"), not as YAML's own spaces.
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _is_control(char: str) -> bool:
    """A control character (tab and carriage return aside) or a Unicode noncharacter."""
    code = ord(char)
    return (unicodedata.category(char) == "Cc" and char not in "\t\r") or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


_SUSPECT = re.compile(
    "[" + "".join(sorted(_INVISIBLE)) + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane * 0x10000 + end) for plane in range(1, 17) for end in (0xFFFE, 0xFFFF))
    + "]|^[ \t-]*[" + _ODD_SPACES + "]",
    re.MULTILINE,
)


def _character_errors(text: str, file: str) -> list[DataError]:
    """Characters that cannot be in a data file, or not where they are, one error per line."""
    if not _SUSPECT.search(text):  # the usual case, found at the speed of a regular expression
        return []
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):
        bad = next((c for c in line if c in _INVISIBLE or _is_control(c)), None)
        if bad is not None:
            what = (
                "an invisible character" if bad in _INVISIBLE
                else "a control character" if unicodedata.category(bad) == "Cc" else "a character that is not text"
            )
            errors.append(DataError(file, number, "", (
                f"{what}, {character_name(bad)}, is on this line; delete it (it probably came with pasted text)"
            )))
            continue
        structure = re.match(r"[ \t" + _ODD_SPACES + r"]*(?:-[ \t" + _ODD_SPACES + r"]+)*", line).group()
        odd = next((c for c in structure if c in _ODD_SPACES), None)
        if odd is not None:
            errors.append(DataError(file, number, "", (
                f"the indentation of this line has a {character_name(odd)} instead of a plain space; "
                "retype the spaces at the start of the line"
            )))
    return errors


# ---------------------------------------------------------------------------- syntax errors in plain words

# A line as `  - key: value`: indentation, list dashes, key, value.
_LINE = re.compile(r"""(?P<indent>\s*)(?:-\s+)*(?:(?P<key>[^\s#'"\[\]{}][^#]*?|"[^"]*"|'[^']*')\s*:(?=\s|$))?\s*(?P<value>.*)""")
_ESCAPE_NAMES = {"0": "a null character", "a": "a bell character", "b": "a backspace", "e": "an escape character",
                 "f": "a form feed", "n": "a line break", "r": "a carriage return", "t": "a tab", "v": "a vertical tab",
                 "N": "a line break", "L": "a line separator", "P": "a paragraph separator", "_": "a no-break space"}
# Escapes YAML knows in double quotes (group 1), and anything else after a backslash (group 2).
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abtnvfre \"/\\N_LP\t])|\\([A-Za-z]+|.)")
# LaTeX commands that begin with the letter of a YAML escape that Markdown text may hold.
_LATEX_COMMANDS = {
    "nabla", "nu", "ne", "neq", "neg", "not", "ni", "nmid", "newline", "noindent", "nonumber", "nolimits", "natural",
    "theta", "tau", "times", "text", "textbf", "textit", "textrm", "texttt", "textsf", "tilde", "to", "top", "tfrac",
    "tan", "tanh", "triangle", "therefore", "tt", "tiny",
}
_LATEX_FIX = "put the value in single quotes ('...') or write it as a block scalar (| and the text on the next lines)"


def _closing_quote(value: str) -> int | None:
    """Index of the quote that closes a quoted value starting at value[0], or None."""
    quote, i = value[0], 1
    while i < len(value):
        if quote == '"' and value[i] == "\\":
            i += 2
            continue
        if value[i] == quote:
            if quote == "'" and value[i + 1 : i + 2] == "'":  # '' is a quote inside single quotes
                i += 2
                continue
            return i
        i += 1
    return None


def _closing_bracket(value: str) -> int | None:
    """Index of the bracket that closes the flow list or mapping opening value, or None."""
    depth, quote = 0, None
    for i, char in enumerate(value):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return i
    return None


def _quoted(key: str | None, value: str) -> str:
    """The fix for a value that needs quotes, shown as the line to write when it is short."""
    value = value.split(" #")[0].rstrip()
    if len(value) > 60:
        return "put the whole value in quotes"
    if "'" not in value:
        fixed = "'" + value + "'"
    elif '"' not in value and "\\" not in value:
        fixed = '"' + value + '"'
    else:
        fixed = "'" + value.replace("'", "''") + "'"
    return f"put the whole value in quotes: {key + ': ' if key else ''}{fixed}"


def _line_mistake(line: str) -> str | None:
    """What is wrong with one line that YAML cannot read, in words, or None when nothing
    in the line itself explains it."""
    match = _LINE.fullmatch(line.rstrip("\r"))
    if not match:
        return None
    key, value = match["key"], match["value"].rstrip()
    field = f"the value of {show(key)}" if key else "the value"
    if not value or value.startswith("#"):
        return None
    glued = re.fullmatch(r"([A-Za-z_][\w-]*):([^\s/].*)", value)
    if not key and glued:
        return f"a space is missing after the colon: write {glued[1]}: {glued[2][:40]}"
    first = value[0]
    if first in "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e":
        return (
            f"{field} starts with a curly quote ({first}), which YAML does not read as a quote; "
            "use straight quotes (\" or ') around the whole value"
        )
    if first in "\"'":
        end = _closing_quote(value)
        if end is None:
            return None
        rest = value[end + 1 :].strip()
        if rest and not rest.startswith("#"):
            return (
                f"{field} starts with a quote, so YAML ends it at the closing quote and cannot read "
                f"the text after it; {_quoted(key, value)}"
            )
        return None
    if key and re.match(r"-(\s|$)", value):
        return (
            "a list item ('- ') cannot stand here; start it on a line of its own, its '-' lined up with the other items"
        )
    if first in "@`%":
        return f"{field} cannot start with {first!r} in YAML; {_quoted(key, value)}"
    if first in "*&!":
        meaning = {"*": "an alias (a reference to another value)", "&": "an anchor", "!": "a tag"}[first]
        return f"{field} starts with {first!r}, which YAML reads as {meaning}; {_quoted(key, value)}"
    if first in "[{":
        what, close = ("list", "]") if first == "[" else ("mapping", "}")
        end = _closing_bracket(value)
        if end is None:
            return f"the {what} that starts with {first!r} is not closed on this line; end it with {close!r}"
        rest = value[end + 1 :].strip()
        if rest and not rest.startswith("#"):
            return f"{field} starts with {first!r}, which YAML reads as the start of a {what}; {_quoted(key, value)}"
        return None
    if first in "|>" and value[1:].strip(" -+0123456789") and not value[1:].strip(" -+0123456789").startswith("#"):
        return f"after {first} the text goes on the next lines, indented; move it there"
    if re.search(r":(\s|$)", value.split(" #")[0]):
        return (
            f"{field} has a colon followed by a space, which YAML reads as the start of a new field; "
            f"{_quoted(key, value)}"
        )
    return None


def _unclosed_quote(lines: list[str], last: int) -> int | None:
    """The first line up to `last` (1-based) whose value opens a quote it does not close."""
    for number in range(1, min(last, len(lines)) + 1):
        match = _LINE.fullmatch(lines[number - 1].rstrip("\r"))
        value = match["value"] if match else ""
        if value[:1] in ("'", '"') and _closing_quote(value) is None:
            return number
    return None


def _syntax_error(text: str, error: yaml.MarkedYAMLError, file: str) -> DataError:
    """A parser error as the organizer's mistake, at the line where it was made."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.split("\n")
    problem = error.problem or ""
    if _has_tab_indent(text, line):
        return DataError(file, line, "", "tab character in indentation; use spaces")
    # A quote that is not closed on its line runs on to the next quote in the file, often far
    # below: the mistake is where it opened.
    opened = _unclosed_quote(lines, line)
    if opened is not None:
        quote = _LINE.fullmatch(lines[opened - 1].rstrip("\r"))["value"][0]
        return DataError(file, opened, "", (
            f"the quote ({quote}) that starts this value is not closed on this line; "
            f"end the value with {quote} (a quote inside the text: use the other kind of quote around it)"
        ))
    if "unknown escape character" in problem or "hexdecimal number" in problem:
        escape = next((m[2] for m in _ESCAPE.finditer(lines[line - 1]) if m[2]), "") if line <= len(lines) else ""
        return DataError(file, line, "", (
            f"a backslash in a double-quoted value starts an escape, and '\\{escape}' is not one "
            f"(LaTeX?); {_LATEX_FIX}"
        ))
    # libyaml reports some mistakes at the next token, one line below.
    nearby = [number for number in (line, line - 1) if 0 < number <= len(lines)]
    for number in nearby:
        mistake = _line_mistake(lines[number - 1])
        if mistake:
            return DataError(file, number, "", mistake)
    for number in nearby:
        odd = next((c for c in lines[number - 1] if c in _ODD_SPACES), None)
        if odd:
            return DataError(file, number, "", (
                f"a {character_name(odd)} is on this line where YAML needs a plain space; retype it as a space"
            ))
    if "another document" in problem:
        return DataError(file, line, "", "a second document starts here (---); a data file holds one: remove the line")
    if "could not find expected ':'" in problem and error.context_mark:
        started = error.context_mark.line + 1
        mistake = _line_mistake(lines[started - 1]) if started <= len(lines) else None
        if mistake:
            return DataError(file, started, "", mistake)
        return DataError(file, started, "", (
            "this line is neither `field: value` nor indented as part of the text above it "
            "(a missing colon and space, or text less indented than the lines before it?)"
        ))
    if "cannot start any token" in problem and mark is not None and mark.index < len(text):
        return DataError(file, line, "", (
            f"{text[mark.index]!r} cannot start a field or a value in YAML; remove it, or put the text in quotes"
        ))
    if "block sequence entries are not allowed" in problem:
        return DataError(file, line, "", (
            "a list item ('- ') cannot stand here; start it on a line of its own, its '-' lined up with the other items"
        ))
    if "mapping keys are not allowed" in problem:
        return DataError(file, line, "", "'? ' starts a key in YAML and cannot stand here; put the text in quotes")
    if "found unexpected ':'" in problem:
        return DataError(file, line, "", "YAML cannot read the ':' on this line; put the value in quotes")
    if "undefined alias" in problem:
        return DataError(file, line, "", (
            "a value starts with '*', which YAML reads as an alias, but no value above is named so (&name); "
            "put the value in quotes"
        ))
    if "directive" in problem or "directive" in (error.context or ""):
        return DataError(file, line, "", "a line cannot start with '%' in YAML; remove it, or put the text in quotes")
    if "did not find expected" in problem or "mapping values are not allowed" in problem or "block end" in problem:
        return DataError(file, line, "", (
            "this line does not fit the lines above it: check its indentation (a field lines up "
            "with the other fields of its mapping, a list item's '-' with the other items)"
        ))
    context = ""
    if error.context:
        started = error.context_mark.line + 1 if error.context_mark else None
        context = f" ({error.context} started on line {started})" if started and started != line else f" ({error.context})"
    return DataError(file, line, "", f"YAML syntax error: {problem}{context}")


def _latex_escapes(text: str, node: yaml.ScalarNode) -> tuple[int, str] | None:
    """LaTeX in a double-quoted value (`"$\\beta_t$"`): YAML reads `\\b` as a backspace and
    `\\nabla` as a line break and 'abla'. The line and message, or None."""
    source = text[node.start_mark.index : node.end_mark.index]
    math = "$" in source or "\\(" in source
    for match in re.finditer(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.)([A-Za-z]*))", source):
        line = node.start_mark.line + source.count("\n", 0, match.start()) + 1
        code = match[1] or match[2] or match[3]
        if code:  # \x1b, \u2028: a character by its number
            char = chr(int(code, 16)) if int(code, 16) <= 0x10FFFF else ""
            if char and char not in "\t\n" and (unicodedata.category(char) == "Cc" or _is_control(char) or char in _INVISIBLE):
                return line, (
                    f"'{match[0]}' in a double-quoted value makes {character_name(char)}, which pages, "
                    "calendars and feeds cannot carry; remove it"
                )
            continue
        escape, word = match[4], match[5]
        if escape not in _ESCAPE_NAMES:
            continue
        # \n, \t and \_ make characters Markdown may hold ("Line one\nLine two" is fine):
        # they are LaTeX when they begin a LaTeX command, or a lowercase word in a value with math.
        if escape in "nt_" and not (escape + word in _LATEX_COMMANDS or (math and word[:1].islower())):
            continue
        if not word:
            return line, (
                f"'\\{escape}' in a double-quoted value makes {_ESCAPE_NAMES[escape]}, which pages, "
                "calendars and feeds cannot carry; remove it"
            )
        return line, (
            f"'\\{escape}{word}' in a double-quoted value is not LaTeX to YAML: it reads \\{escape} as "
            f"{_ESCAPE_NAMES[escape]}; {_LATEX_FIX}"
        )
    return None


_COMMENT_AFTER = re.compile(r"[ \t]+(#[^\s#]\S*)")


def _cut_by_comment(text: str, node: yaml.ScalarNode) -> str | None:
    """`title: Lecture #3`: YAML reads ' #' as the start of a comment and the title as
    'Lecture'. A comment that starts with '#' and a character other than a space is most
    likely part of the text."""
    match = _COMMENT_AFTER.match(text, node.end_mark.index)
    if not match:
        return None
    return (
        f"'{match[1][:20]}' and what follows it are read as a comment, not as part of the value; "
        "put the whole value in quotes to keep them (or write the comment as '# ...')"
    )


def _has_tab_indent(text: str, line: int) -> bool:
    lines = text.splitlines()
    return 0 < line <= len(lines) and "\t" in re.match(r"[ \t]*", lines[line - 1]).group()


def parse_yaml(raw: bytes, file: str, keep_going: bool = False, number_words: Mapping[str, str] | None = None) -> YamlDocument:
    """Parse the bytes of a file that errors call `file`; raise DataErrors when it is not
    valid UTF-8 YAML holding one value. With `keep_going`, errors that leave the data readable
    (a duplicate key, LaTeX in double quotes) come back in the document's `errors`, so that
    the rest of the file is validated too. `number_words` (an event file's: kinds.number_words)
    name its sessions in errors as organizers do ('week 3')."""
    if len(raw) > MAX_BYTES:
        raise DataErrors([DataError(file, 1, "", (
            f"the file has {len(raw):,} bytes; a data file may have at most {MAX_BYTES:,} (is it the right file?)"
        ))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataErrors([DataError(file, line, "", (
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start} "
            "cannot be decoded); save it with UTF-8 encoding"
        ))]) from None
    errors = _character_errors(text, file)
    if errors:
        raise DataErrors(errors)
    try:
        _check_bounds(text, file)
        node = yaml.compose(text, Loader=_Parser)
    except yaml.MarkedYAMLError as error:
        raise DataErrors([_syntax_error(text, error, file)]) from None
    except yaml.YAMLError as error:
        raise DataErrors([DataError(file, 1, "", f"YAML error: {error}")]) from None
    if node is None:
        raise EmptyFile([DataError(file, 1, "", "the file is empty")])
    builder = _Builder(file, text, number_words)
    data = builder.build(node, (), node.start_mark.line + 1)
    errors = builder.named_errors(data)
    if errors and not keep_going:
        raise DataErrors(errors)
    return YamlDocument(file, data, builder.lines, builder.raw, errors, dict(number_words or {}))
def load_yaml(path: Path, file: str, keep_going: bool = False, number_words: Mapping[str, str] | None = None) -> YamlDocument:
    """Read and parse a YAML file; `file` is how errors name it (relative to the project)."""
    return parse_yaml(path.read_bytes(), file, keep_going, number_words)
