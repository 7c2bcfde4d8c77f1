"""A Content-Security-Policy on every page: what a page may load and run, read from the page.

GitHub Pages sets no response headers, so the policy is a `<meta http-equiv>` element, first in
each page's `<head>` (a policy applies to what follows it). Each page gets its own, made from
what the page holds (W3C CSP Level 3, §2.3 and §6.7.3):

- scripts: the site's own files (`'self'`) and, by their SHA-256 hashes, exactly the inline
  scripts the page holds (the theme writes a few small ones whose text depends on the page's
  depth, so the hashes are taken from each page as written, whatever the theme's version).
  Neither `'unsafe-inline'` nor `'unsafe-eval'`: an event-handler attribute (`onload=`), a
  `javascript:` link or a script that a page's own code adds later does not run. Data blocks
  (`application/json`, JSON-LD) are not scripts and need nothing.
- frames: only the players the page offers behind its video and slide facades (their
  `data-embed` addresses; a PDF deck of the site's own: `'self'`), which load when the reader
  presses play; media: the site's own files and the
  video files the page links to; images, fonts, requests: the site itself (and `data:` images).
- styles: the site's own, and inline ones, which the theme and KaTeX set on elements (a style
  cannot run script, and the pages' text never carries HTML of its own: markdown_text).

colloquium.built_pages gives every page of a built site its policy. `mkdocs serve` is left
without one: its live reload injects a script of its own.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")  # HTML §4.12.1.1
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
_EMBEDS = re.compile(r' data-embed="([^"]*)"')
_MEDIA = re.compile(r'<(?:video|source|track)\b[^>]*\bsrc="(https://[^"/]+)/')


def inline_script_hashes(page: str) -> list[str]:
    """CSP source expressions (`'sha256-…'`) of the inline scripts a browser would run in
    `page` (an HTML document), in order of appearance, without repeats."""
    hashes = []
    for attributes, body in _SCRIPT.findall(page):
        kind = _TYPE.search(attributes)
        if re.search(r"\bsrc\s*=", attributes) or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        if (source := f"'sha256-{digest}'") not in hashes:
            hashes.append(source)
    return hashes


def policy(page: str) -> str:
    """The Content-Security-Policy for `page` (an HTML document), as a header value."""
    frames = sorted({_origin(address) for address in _EMBEDS.findall(page)})
    media = sorted(set(_MEDIA.findall(page)))
    # What is not named falls back to default-src 'none' (objects, manifests, frames on a page
    # without a player); workers fall back to script-src's 'self' (CSP3 §6.1.2 and §6.8.1).
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'", *inline_script_hashes(page)],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *media],
        "frame-src": frames,
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items() if sources)


def _origin(address: str) -> str:
    """A player's origin, or 'self' for a file of the site (a PDF deck, at a relative address)."""
    absolute = re.match(r"[a-z][a-z0-9+.-]*://[^/?#]+", address, re.I)
    return absolute[0] if absolute else "'self'"


def with_policy(page: str) -> str:
    """`page` with its policy as the first element of its `<head>` (replacing one it had, so
    that a page kept from an earlier build gets the policy of what it holds now); a document
    without a `<head>` is returned as it was."""
    page = _POLICY_META.sub("", page)
    head = _HEAD.search(page)
    if head is None:
        return page
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page)}">\n'
    return page[: head.end()] + meta + page[head.end() :]
