"""Markdown fields as plain text, for calendars, the feed and e-mail, which show no HTML."""

from __future__ import annotations

import re


def from_markdown(markdown: str | None) -> str | None:
    """Markdown reads as plain text already; only links are rewritten to show their target."""
    if markdown is None:
        return None
    text = re.sub(r"\[([^\]]+)\]\((\S+?)\)", r"\1 (\2)", markdown)
    return text.replace("**", "").replace("`", "")


# A link preview or a search result shows about this many characters of a description.
SUMMARY_LENGTH = 200


def summary(markdown: str | None, length: int = SUMMARY_LENGTH) -> str | None:
    """A Markdown field as one line of plain text for link previews and search engines:
    links keep their text, emphasis, code and heading marks go, at most `length` characters
    (cut at a word, with an ellipsis)."""
    if not markdown:
        return None
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^\s*(?:#+|[-*+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"\*+|`+|(?<!\w)__|__(?!\w)", "", text)
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
