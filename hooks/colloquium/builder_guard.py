"""A Markdown extension that stops a build which did not run the generator.

mkdocs.yml lists it under `markdown_extensions`. The MkDocs hook, which generates every
event, session, calendar and feed, takes it out before any page is converted. A builder that
reads mkdocs.yml but ignores `hooks:` (Zensical does, without a word) would otherwise publish
the hand-written pages alone, an almost empty site, and report success; with the guard the
first page it converts stops the build with the way to build with that builder. A folder
written by `colloquium render` does not list it.
"""

from __future__ import annotations

import sys

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

NAME = "colloquium.builder_guard"

GUIDANCE = (
    "This site's pages are generated from data/ by colloquium, and this builder did not run its "
    "MkDocs hook (hooks/colloquium_hooks.py): publishing now would leave out every event, session, "
    "calendar and feed. Build with MkDocs (or a fork that runs hooks), or render the complete "
    "sources first and build those:\n"
    "    colloquium render site-src --strict --builder zensical   (or: --builder properdocs)\n"
    "    cd site-src && zensical build --strict                   (or: properdocs build --strict)\n"
    "    colloquium finish site                                   (each page's Content-Security-Policy)\n"
)


class UnrenderedSite(Exception):
    """The builder converts pages without having run the generator."""


class _Stop(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        sys.stderr.write(GUIDANCE)
        raise UnrenderedSite(GUIDANCE)


class BuilderGuard(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_Stop(md), "colloquium_builder_guard", 1000)


def makeExtension(**kwargs) -> BuilderGuard:  # noqa: N802 (Python-Markdown's entry point)
    return BuilderGuard(**kwargs)
