"""Text from the YAML files, made safe for the pages.

Organizers write Markdown in descriptions, summaries and notes, but whatever they (or a
copied-and-pasted snippet) write must never become HTML or script on the site:

- `render` / `render_inline` turn a Markdown field (with tables, fenced code and math) into HTML with Python-Markdown configured
  so that raw HTML is not recognised at all (the HTML block preprocessor and the inline HTML
  pattern are removed: `<script>` stays text and is escaped on output), and a tree processor
  keeps only links to http, https and mailto. Any other link becomes its text; images become
  links, so that nothing from a third party loads before the reader asks for it. Math
  (`$...$`, `$$...$$`) is kept for KaTeX, as arithmatex marks it on the rest of the site, by
  Pandoc's rule for dollars (see _InlineMath), so that prose with prices stays prose.
- `markdown_literal` puts plain text (a title, a name) into the Markdown source of a generated
  page, e.g. a heading, so that it reads literally: no Markdown, HTML, attribute lists or math.
- Plain-text fields that go straight into HTML are escaped by the templates' autoescaping.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import re
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from markdown import util as markdown_util
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from colloquium import build_cache

SAFE_LINK = re.compile(r"^(?:https?://|mailto:)[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)


def is_safe_link(url: str | None) -> bool:
    return bool(url) and SAFE_LINK.match(url) is not None


class _SafeLinks(Treeprocessor):
    """Keeps links with a web or mail address; other links become their text, images links."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and not is_safe_link(element.get("href")):
                _make_plain(element)
            elif element.tag == "img":
                source, alt = element.get("src"), element.get("alt") or "image"
                _make_plain(element)
                element.text = alt
                if is_safe_link(source):
                    element.tag = "a"
                    element.set("href", source)


def _make_plain(element: etree.Element) -> None:
    """An inline element without attributes: a <span> shows its text and does nothing."""
    tail = element.tail
    element.attrib.clear()
    element.tag = "span"
    element.tail = tail


class _InlineMath(InlineProcessor):
    r"""Math inside a paragraph, by Pandoc's rule (the `tex_math_dollars` extension):

    - `$...$` is inline math when the opening `$` is followed by a non-space and the closing
      `$` is preceded by a non-space and not followed by a digit. So "$50-$100" and "costs $5
      and $10" stay text, with both dollar signs.
    - `$$...$$` is display math wherever it stands, also inside a paragraph: a folded (`>-`)
      summary joins the lines of a `$$` block into its paragraph.
    - `\$` is a dollar sign.

    arithmatex's own inline pattern (registered by the extension) is replaced by this one; its
    block pattern still handles `$$` on lines of their own.
    """

    PATTERN = (
        r"(?<!\\)(?:(?P<escapes>(?:\\{2})+)(?=\$)"
        r"|\$\$(?P<display>(?:\\.|[^\\$])+?)\$\$"
        r"|\$(?![\s$])(?P<inline>(?:\\.|[^\\$])*?[^\s\\$])\$(?!\d))"
    )

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (the markdown API's name)
        if m["escapes"]:
            return m["escapes"].replace("\\\\", f"{markdown_util.STX}{ord(chr(92))}{markdown_util.ETX}"), m.start(0), m.end(0)
        element = etree.Element("span", {"class": "arithmatex"})
        math = m["display"].strip() if m["display"] is not None else m["inline"]
        element.text = markdown_util.AtomicString(f"\\[{math}\\]" if m["display"] is not None else f"\\({math}\\)")
        return element, m.start(0), m.end(0)


def _safe_markdown() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "fenced_code", "pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.register(_InlineMath(_InlineMath.PATTERN, md), "arithmatex-inline", 189.9)
    # After links and images are built ('inline', 20), before serialisation.
    md.treeprocessors.register(_SafeLinks(md), "safe_links", 15)
    return md


_MARKDOWN = _safe_markdown()


def render(text: str | None) -> Markup:
    """A Markdown field as block HTML (paragraphs, lists, tables, math)."""
    return _render(text) if text else Markup("")


@functools.lru_cache(maxsize=4096)
def _render(text: str) -> Markup:
    # Cached: the same summary or topic is shown on an event page and on its session page,
    # and from one build to the next (the renderer's code and versions are in the key).
    return Markup(build_cache.cached("markdown", (_RENDERER_VERSION, text), lambda: _convert(text).encode()).decode())


def _convert(text: str) -> str:
    _MARKDOWN.reset()
    return _MARKDOWN.convert(text)


# What the rendering depends on besides the text: this module's code and the libraries' versions.
_RENDERER_VERSION = (
    hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    markdown.__version__,
    importlib.metadata.version("pymdown-extensions"),
)


def render_inline(text: str | None) -> Markup:
    """A one-line Markdown field (a list item, a table cell) without its enclosing paragraph."""
    html = render(text)
    match = re.fullmatch(r"<p>(.*)</p>", html, re.DOTALL)
    return Markup(match.group(1)) if match else html


# Characters that start Markdown syntax in a line: Python-Markdown's backslash escapes (the
# attribute-list braces among them) and arithmatex's dollar. Parentheses are left alone: `\(`
# opens math for arithmatex, and without `[...]` they cannot form a link.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]#+\-.!$])")


def markdown_literal(text: str | None) -> Markup:
    """Plain text for a Markdown source line that renders exactly as written.

    HTML characters become entities (so no tag or entity survives), Markdown punctuation is
    backslash-escaped, and line breaks become spaces (a heading is one line).
    """
    if not text:
        return Markup("")
    one_line = " ".join(str(text).split())
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(one_line, quote=False)))
