"""What a preview (`mkdocs serve --dirty`) needs beyond a build, kept out of the hook.

A dirty rebuild rebuilds only the files whose source is newer than their output. A generated
file given to MkDocs as content always counts as new, so each one is kept in a backing file
under the project's .cache/ (ignored by git, unwatched), rewritten only when its content
changes. Material's search plugin keeps a dirty build's previous index badly (it drops only
the first rebuilt page's entries, and every page under its URL), so the index is merged page
by page here. The preview lives at site_url's path; the server's redirect from its root is
not worth a warning on every visit.
"""

from __future__ import annotations

import logging
from pathlib import Path

from colloquium.files import write_if_changed


def file_sources(build, project: Path, dirty: bool) -> dict[str, dict[str, str]]:
    """How MkDocs gets each file of a site_build.SiteBuild: as content, or, for a dirty
    rebuild, from its backing file under `project`; figure images from figures/."""
    backing = project / ".cache" / "colloquium" / "sources"
    sources = {
        path: {"abs_src_path": str(write_if_changed(backing / path, content))} if dirty else {"content": content}
        for path, content in build.sources.items()
    }
    return sources | {path: {"abs_src_path": str(image)} for path, image in build.figure_images.items()}


def keep_titles(nav_pages, documentation_files, titles: dict[str, str], config) -> tuple[set[str], set[str]]:
    """A dirty rebuild reads only the modified pages: give the others their titles (a
    generated page's from the build's `titles`, a hand-written page's from its file). Returns
    the URLs of all pages and of the rebuilt ones."""
    pages = [file.page for file in documentation_files if file.page is not None]
    every, rebuilt = {page.url for page in pages}, {page.url for page in pages if page.file.is_modified()}
    for page in nav_pages:
        if page.url in rebuilt:
            continue
        if page.file.src_uri in titles:
            page.title = titles[page.file.src_uri]
        else:
            page.read_source(config)
    return every, rebuilt


def merge_search_index(plugins, pages: set[str], rebuilt: set[str]) -> None:
    """Keep the previous index's entries of the pages that were not rebuilt (and still
    exist), with this build's entries for the rebuilt ones."""
    for plugin in plugins:
        previous, index = getattr(plugin, "search_index_prev", None), getattr(plugin, "search_index", None)
        if previous is None or not hasattr(index, "entries"):
            continue
        kept = [e for e in previous.entries if (page := e["location"].split("#")[0]) in pages and page not in rebuilt]
        index.entries = kept + index.entries
        plugin.search_index_prev = None  # merged already


def quiet_root_redirect() -> None:
    logging.getLogger("mkdocs.livereload").addFilter(
        lambda record: not (record.levelno == logging.WARNING and '"GET / HTTP/1.1" code 302' in record.getMessage())
    )
