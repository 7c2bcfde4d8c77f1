"""MkDocs hooks: the thin adapter between MkDocs' build and the colloquium generator.

- on_config: read the options (`extra: colloquium:` in mkdocs.yml), load and validate ALL
  data, and render every generated file. This runs before MkDocs cleans the output folder, so
  bad data stops the build with every error listed and the previously built site untouched.
- on_files: hand the generated pages, the BibTeX file, calendars, feed and figure images to
  MkDocs as generated files (the home page's hand-written text is folded into the generated
  home page). Each is backed by a file rewritten only when its content changes, so that
  `mkdocs serve --dirty` rebuilds only the pages an edit changed.
- on_nav, on_post_build: keep a dirty rebuild's navigation titles and search index whole.

Everything else (which pages exist, what they say) is the generator's: colloquium.pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from colloquium import calendar, dates, feed, figure_manifest, pages
from colloquium.errors import DataErrors
from colloquium.loader import load_site

log = get_plugin_logger("colloquium")
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# `extra: colloquium:` in mkdocs.yml, with these defaults.
DEFAULT_OPTIONS = {
    "data_dir": "data",  # the YAML organizers edit
    # What to do when a figure that a session shows is stale or missing (figures/manifest.json):
    # regenerate it (runs the reference implementation), fail the build, or warn (which
    # `mkdocs build --strict` turns into a failure).
    "figure_policy": "warn",
}
FIGURE_POLICIES = ("regenerate", "fail", "warn")
HOME_PAGE = "index.md"  # hand-written home text in docs_dir, shown above the generated lists
EXTRA_PAGES = ["about.md"]  # hand-written pages listed in the navigation after the generated ones


@dataclass
class _Build:
    """What on_config prepares for on_files (hooks are a module: one build at a time)."""

    sources: dict[str, str | bytes] = field(default_factory=dict)
    figure_images: dict[str, Path] = field(default_factory=dict)  # site path -> image file
    pages: set[str] = field(default_factory=set)  # URL of every page (on_nav)
    rebuilt: set[str] = field(default_factory=set)  # URL of the pages a dirty build rebuilds (on_nav)


_build = _Build()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    root = Path(config.config_file_path).parent
    options = _options(config)
    try:
        today = dates.build_date()
    except ValueError as error:
        raise PluginError(str(error)) from None

    data_dir = root / options["data_dir"]
    try:
        site = load_site(data_dir, known_figures=figure_manifest.known_figures(), root=root)
    except DataErrors as errors:
        for error in errors.errors:
            log.error(str(error))
        count = len(errors.errors)
        raise PluginError(
            f"{count} error{'s' if count != 1 else ''} in {options['data_dir']}/: nothing was built, "
            f"the site in {config.site_dir} is as it was"
        ) from None

    site_url = config.site_url or ""
    generated: dict[str, str | bytes] = {}
    feeds = pages.Feeds()
    if site_url:  # calendars and the feed need absolute links back to the pages
        calendars = calendar.calendar_files(site, site_url=site_url, site_name=config.site_name, build_date=today)
        generated.update(calendars)
        generated[feed.FEED_PATH] = feed.atom_feed(site, site_url=site_url, site_name=config.site_name, build_date=today)
        feeds = pages.Feeds(
            site_calendar=calendar.site_calendar_path(),
            feed=feed.FEED_PATH,
            event_calendars={event_id: calendar.event_calendar_path(event_id) for event_id in site.events},
            session_calendars={
                (event_id, session_id): calendar.session_calendar_path(event_id, session_id)
                for event_id in site.events
                for session_id, _ in site.sessions(event_id)
                if calendar.session_calendar_path(event_id, session_id) in calendars
            },
        )
    else:
        log.warning("site_url is not set in mkdocs.yml: the site is built without calendars and feed")

    statuses = _checked_figures(root, site, options["figure_policy"])
    figures = {name: pages.Figure.from_status(status) for name, status in statuses.items()}
    figures_dir = root / figure_manifest.FIGURES_DIR
    images = {
        f"figures/{image}": figures_dir / image
        for status in statuses.values()
        for image in status.images
        if (figures_dir / image).is_file()
    }

    intro_file = Path(config.docs_dir) / HOME_PAGE
    intro = intro_file.read_text(encoding="utf-8") if intro_file.is_file() else ""
    generated.update(pages.site_sources(
        site, today=today, home_intro=intro, figures=figures, figure_suite=figure_manifest.suite(root), feeds=feeds,
    ))

    _build = _Build(sources=generated, figure_images=images)
    if not config.nav:
        config.nav = pages.navigation(site, EXTRA_PAGES, today=today)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in list(_build.sources) + list(_build.figure_images):
        existing = files.get_file_from_path(path)
        if existing is not None:  # the hand-written home text, folded into the generated home page
            files.remove(existing)
    backing = _backing_folder(config)
    for path, content in _build.sources.items():
        files.append(File.generated(config, path, abs_src_path=str(_backing_file(backing, path, content))))
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
        file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(f".{file.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, file)  # whole or not at all, also with two builds at once
    return file


def on_nav(nav, config: MkDocsConfig, files: Files):
    """A dirty build reads only the modified pages: the others keep their titles in the navigation."""
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    _build.pages = {page.url for page in pages}
    _build.rebuilt = {page.url for page in pages if page.file.is_modified()}
    for page in nav.pages:
        if page.url in _build.rebuilt:
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
            if (page := entry["location"].split("#")[0]) in _build.pages and page not in _build.rebuilt
        ]
        index.entries = kept + index.entries
        plugin.search_index_prev = None  # merged already


def _front_matter_title(source: str) -> str | None:
    if not source.startswith("---\n"):
        return None
    return (yaml.load(source[4:source.find("\n---", 3)], Loader=_YamlLoader) or {}).get("title")


def _options(config: MkDocsConfig) -> dict[str, str]:
    given = config.extra.get("colloquium") or {}
    unknown = sorted(set(given) - set(DEFAULT_OPTIONS))
    if unknown:
        raise PluginError(
            f"mkdocs.yml: extra.colloquium: unknown option(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(DEFAULT_OPTIONS)})"
        )
    options = {**DEFAULT_OPTIONS, **given}
    if options["figure_policy"] not in FIGURE_POLICIES:
        raise PluginError(
            f"mkdocs.yml: extra.colloquium.figure_policy: {options['figure_policy']!r} "
            f"(allowed: {', '.join(FIGURE_POLICIES)})"
        )
    return options


def _checked_figures(root: Path, site, policy: str) -> dict:
    """Every registered figure's status; stale or missing figures that sessions show are
    regenerated, fail the build, or are warned about, as `policy` says."""
    shown = {name for event in site.events.values() for session in event.sessions for name in session.figures}

    def outdated(statuses: dict) -> list:
        return [status for name, status in statuses.items() if name in shown and not status.fresh]

    try:
        statuses = figure_manifest.check(root)
        if outdated(statuses) and policy == "regenerate":
            names = [status.name for status in outdated(statuses)]
            log.info(f"regenerating figures: {', '.join(names)}")
            figure_manifest.regenerate(root, names)
            statuses = figure_manifest.check(root)
    except (figure_manifest.ManifestError, figure_manifest.FigureBuildError) as error:
        raise PluginError(str(error)) from None

    problems = [
        f"figure '{status.name}' is {status.state}: {'; '.join(status.reasons)} "
        f"(make it with: python -m reference_impl.figures --only {status.name})"
        for status in outdated(statuses)
    ]
    if problems and policy == "warn":
        for problem in problems:
            log.warning(problem)
    elif problems:
        for problem in problems:
            log.error(problem)
        raise PluginError(f"{len(problems)} figure(s) not up to date: nothing was built")
    return statuses
