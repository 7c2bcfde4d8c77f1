"""Caption files (WebVTT) checked line by line, so that a mistake is told at its line.

Browsers drop a cue they cannot read without a word, and a file without the WEBVTT line
entirely: captions that silently vanish. This check is stricter than a player and says, in
the organizer's words, where and what. (A parser library would read the file, but none tells
the line of a mistake, and the lenient ones accept what browsers then drop.)
"""

from __future__ import annotations

import re

_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMINGS = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t].*)?$")
_BLOCKS_BEFORE_CUES = ("STYLE", "REGION")
EXAMPLE = "00:01.000 --> 00:04.500"


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _starts_with_word(line: str, word: str) -> bool:
    return line == word or line.startswith((word + " ", word + "\t"))


def problems(text: str) -> list[tuple[int, str]]:
    """(line, what is wrong) for each mistake of a WebVTT file's text; none for a valid file."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not _starts_with_word(lines[0], "WEBVTT"):
        return [(1, "a WebVTT caption file starts with the line WEBVTT")]
    found: list[tuple[int, str]] = []
    cues, last_start = 0, 0.0
    number = 1
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        block_start = number
        block = []
        while number < len(lines) and lines[number].strip():
            block.append(lines[number])
            number += 1
        if block_start == 1:  # the header's own lines, straight after WEBVTT
            if any("-->" in line for line in block):
                found.append((2, "leave a blank line between the WEBVTT line and the first caption"))
            continue
        first = block[0]
        if _starts_with_word(first, "NOTE") or (not cues and first in _BLOCKS_BEFORE_CUES):
            continue
        timing_at = 0 if "-->" in first else 1
        line_number = block_start + timing_at + 1
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            found.append((block_start + 1, (
                f"{first!r} is not followed by the caption's times; each caption starts with a line such as {EXAMPLE} "
                "(after an optional name line)"
            )))
            continue
        timing = _TIMINGS.match(block[timing_at].strip())
        if timing is None:
            comma = "," in block[timing_at]
            found.append((line_number, (
                f"{block[timing_at].strip()!r} are not a caption's times; write them as {EXAMPLE}"
                + (" (a dot before the milliseconds, not a comma as in .srt files)" if comma else "")
            )))
            continue
        start, end = _seconds(*timing.groups()[:4]), _seconds(*timing.groups()[4:])
        if end <= start:
            found.append((line_number, "the caption ends before it starts (or when it starts)"))
        elif start < last_start:
            found.append((line_number, "the caption starts before the one above it; captions come in the order they are shown"))
        for offset, line in enumerate(block[timing_at + 1 :], start=line_number + 1):
            if "-->" in line:
                found.append((offset, "'-->' in a caption's text; leave a blank line before the next caption"))
        cues, last_start = cues + 1, max(last_start, start)
    if not cues and not found:
        found.append((len(lines), "the file holds no captions (each is a line of times, such as " + EXAMPLE + ", and its text)"))
    return found
