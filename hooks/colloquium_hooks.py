"""MkDocs hooks: the thin adapter between MkDocs' build and the colloquium generator.

- on_config: read the options (`extra: colloquium:` in mkdocs.yml, declared below as a MkDocs
  config class), and build everything (colloquium.site_build): load and validate ALL data,
  check the figures, render every generated file. This runs before MkDocs cleans the output
  folder, so bad data stops the build with every error listed and the previous site untouched.
- on_files: hand the generated files and figure images to MkDocs (the home page's
  hand-written text is folded into the generated home page). Each is backed by a file
  rewritten only when its content changes, so that `mkdocs serve --dirty` rebuilds only the
  pages an edit changed.
- on_nav, on_post_build: keep a dirty rebuild's navigation titles and search index whole.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from colloquium import dates, figure_manifest
from colloquium.errors import DataErrors
from colloquium.files import write_atomically
from colloquium.outputs import Outputs
from colloquium.pages import organizer_navigation
from colloquium.site_build import FIGURE_POLICIES, FigureProblems, SiteBuild, build_site, error_site

log = get_plugin_logger("colloquium")
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HOME_PAGE = "index.md"  # hand-written home text in docs_dir, shown above the generated lists


class ColloquiumConfig(base.Config):
    """`extra: colloquium:` in mkdocs.yml."""

    data_dir = c.Type(str, default="data")  # the YAML organizers edit
    # A figure that a session shows is stale or missing (figures/manifest.json): regenerate
    # it (runs the reference implementation), fail the build, or warn (which
    # `mkdocs build --strict` turns into a failure).
    figure_policy = c.Choice(FIGURE_POLICIES, default="warn")
    # An event whose page is the home page (a site of one event), e.g. `home: flow-group-2027`.
    home = c.Optional(c.Type(str))


# What on_config made for on_files, and which pages a dirty build rebuilds (hooks are a module:
# one build at a time).
_serving = False  # `mkdocs serve`: data errors are shown in the browser
_dirty = False  # `--dirty`: only the pages whose source changed are rebuilt
_build: SiteBuild | None = None
_pages: set[str] = set()  # URL of every page (on_nav)
_rebuilt: set[str] = set()  # URL of the pages this build rebuilds (on_nav)


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving, _dirty = command == "serve", dirty


def on_serve(server, config: MkDocsConfig, builder):
    """The preview lives at site_url's path (/colloquium/); a browser opened at the server's root
    is sent there, which MkDocs would log as a warning on every visit."""
    logging.getLogger("mkdocs.livereload").addFilter(
        lambda record: not (record.levelno == logging.WARNING and '"GET / HTTP/1.1" code 302' in record.getMessage())
    )
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    options = _options(config)
    root = Path(config.config_file_path).parent
    intro_file = Path(config.docs_dir) / HOME_PAGE
    try:
        _build = build_site(
            root,
            data_dir=options.data_dir,
            figure_policy=options.figure_policy,
            clock=dates.build_clock(),
            outputs=Outputs(use_directory_urls=config.use_directory_urls),
            site_url=config.site_url,
            site_name=config.site_name,
            docs_dir=Path(config.docs_dir),
            home_intro=intro_file.read_text(encoding="utf-8") if intro_file.is_file() else "",
            home_event=options.home,
            extra_pages=_hand_written_pages(Path(config.docs_dir)),
        )
    except DataErrors as errors:
        for error in errors.errors:
            log.error(str(error))
        if _serving:  # the preview shows them in the browser, and the site again once they are fixed
            _build = error_site(errors)
            config.nav = _build.navigation
            return config
        count = len(errors.errors)
        raise PluginError(
            f"{count} error{'s' if count != 1 else ''} in {options.data_dir}/: nothing was built, "
            "the published site is as it was"
        ) from None
    except FigureProblems as problems:
        for problem in problems.problems:
            log.error(problem)
        raise PluginError(f"{len(problems.problems)} figure(s) not up to date: nothing was built") from None
    except (ValueError, figure_manifest.FigureBuildError) as error:  # a bad build date, manifest or figure run
        raise PluginError(str(error)) from None
    for notice in _build.notices:
        log.info(f"notice: {notice}")
    for warning in _build.warnings:
        log.warning(warning)
    config.nav = organizer_navigation(config.nav, _build.navigation) if config.nav else _build.navigation
    return config


def _hand_written_pages(docs_dir: Path) -> list[str]:
    """The organizer's own pages (content/*.md but the home text), in the navigation after the
    generated sections, by file name; a `nav:` in mkdocs.yml orders them otherwise."""
    return sorted(path.name for path in docs_dir.glob("*.md") if path.name != HOME_PAGE)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in list(_build.sources) + list(_build.figure_images):
        existing = files.get_file_from_path(path)
        if existing is not None:  # the hand-written home text, folded into the generated home page
            files.remove(existing)
    backing = _backing_folder(config)
    for path, content in _build.sources.items():
        if _dirty:
            files.append(File.generated(config, path, abs_src_path=str(_backing_file(backing, path, content))))
        else:  # a full build rebuilds every page anyway
            files.append(File.generated(config, path, content=content))
    for path, image in _build.figure_images.items():
        files.append(File.generated(config, path, abs_src_path=str(image)))
    return files


# ---------------------------------------------------------------------------- rebuilding what changed
# `mkdocs serve --dirty` (and `build --dirty`) rebuilds only the files MkDocs sees as modified:
# a file whose source is newer than its output. A generated file given as content always counts
# as modified, so each generated file is kept in a backing file, rewritten only when its content
# changes: after a one-line edit, only the pages that show it are rebuilt.


def _backing_folder(config: MkDocsConfig) -> Path:
    """The backing files: in the project's .cache/ folder (ignored by git, as Material's own
    plugins keep theirs), which nothing watches, so writing them triggers no rebuild."""
    return Path(config.config_file_path).parent / ".cache" / "colloquium" / "sources"


def _backing_file(folder: Path, path: str, content: str | bytes) -> Path:
    data = content.encode("utf-8") if isinstance(content, str) else content
    file = folder / path
    try:
        if file.read_bytes() == data:
            return file
    except OSError:
        pass
    write_atomically(file, data)  # also with two builds at once
    return file


def on_nav(nav, config: MkDocsConfig, files: Files):
    """A dirty build reads only the modified pages: the others keep their titles in the navigation."""
    global _pages, _rebuilt
    if not _dirty:
        return nav
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    _pages = {page.url for page in pages}
    _rebuilt = {page.url for page in pages if page.file.is_modified()}
    for page in nav.pages:
        if page.url in _rebuilt:
            continue  # read as usual
        source = _build.sources.get(page.file.src_uri)
        if isinstance(source, str):
            page.title = _front_matter_title(source)
        elif source is None:  # a hand-written page
            page.read_source(config)
    return nav


@event_priority(50)  # before the search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    """`mkdocs serve --dirty`: the search index keeps the pages that were not rebuilt.

    Material's search plugin, rebuilding dirty, keeps the previous index but drops only the
    first rebuilt page's entries (and every page under its URL); with several pages rebuilt it
    loses some and repeats others. Here the index is merged page by page: this build's entries
    for the rebuilt pages, the previous ones for the others, none for pages that are gone.
    """
    for plugin in config.plugins.values():
        previous, index = getattr(plugin, "search_index_prev", None), getattr(plugin, "search_index", None)
        if previous is None or not hasattr(index, "entries"):
            continue
        kept = [
            entry for entry in previous.entries
            if (page := entry["location"].split("#")[0]) in _pages and page not in _rebuilt
        ]
        index.entries = kept + index.entries
        plugin.search_index_prev = None  # merged already


def _front_matter_title(source: str) -> str | None:
    if not source.startswith("---\n"):
        return None
    return (yaml.load(source[4:source.find("\n---", 3)], Loader=_YamlLoader) or {}).get("title")


def _options(config: MkDocsConfig) -> ColloquiumConfig:
    options = ColloquiumConfig()
    options.load_dict(config.extra.get("colloquium") or {})
    errors, warnings = options.validate()  # an unknown option is a warning to MkDocs: a typo here
    if errors or warnings:
        raise PluginError("mkdocs.yml: extra.colloquium: " + "; ".join(f"{key}: {problem}" for key, problem in errors + warnings))
    return options
