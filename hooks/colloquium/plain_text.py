"""Markdown fields as plain text, for calendars, the feed and e-mail, which show no HTML."""

from __future__ import annotations

import re


def from_markdown(markdown: str | None) -> str | None:
    """Markdown reads as plain text already; only links are rewritten to show their target."""
    if markdown is None:
        return None
    text = re.sub(r"\[([^\]]+)\]\((\S+?)\)", r"\1 (\2)", markdown)
    return text.replace("**", "").replace("`", "")
