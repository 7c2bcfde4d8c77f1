"""MkDocs hooks: the thin adapter between MkDocs' build and the colloquium generator.

on_config reads the options (`extra: colloquium:`, settings_file.GeneratorOptions) and builds
every file (colloquium.site_build, as `colloquium render` does for other builders); MkDocs writes
into a staging folder that becomes the site only when the whole build succeeded (files.StagedSite).
`mkdocs serve` shows data errors in the browser. on_files hands the files to MkDocs; on_nav and
on_post_build keep a dirty rebuild's titles and search index whole (colloquium.preview).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from colloquium import builder_guard, built_pages, dates, figure_manifest, pages, preview
from colloquium.errors import DataErrors
from colloquium.files import BuildRunning, StagedSite
from colloquium.outputs import Outputs
from colloquium.settings_file import GeneratorOptions, site_language
from colloquium.site_build import FigureProblems, build_site, error_site

log = get_plugin_logger("colloquium")

# One build at a time (hooks are a module): this build, the last good one, a dirty rebuild's pages.
_state = {"serving": False, "dirty": False, "current": None, "good": None, "pages": set(), "rebuilt": set()}


def on_startup(command: str, dirty: bool) -> None:
    _state.update(serving=command == "serve", dirty=dirty)
    preview.quiet_root_redirect()  # `mkdocs serve` only logs through it


def on_config(config):
    project = Path(config.config_file_path).parent
    _state.update(config=config, site=StagedSite(project, Path(config.site_dir), staged=not (_state["serving"] or _state["dirty"])))
    try:
        options = GeneratorOptions.of(config.extra.get("colloquium"))  # `extra: colloquium:`; unknown options too
        config.site_dir = str(_state["site"].open())  # one build at a time; the site is replaced at the end
    except (ValueError, BuildRunning) as error:
        raise PluginError(str(error)) from None
    if builder_guard.NAME in config.markdown_extensions:  # this build runs the generator: no guard needed
        config.markdown_extensions.remove(builder_guard.NAME)
    try:
        build = build_site(
            project, data_dir=options.data_dir, figure_policy=options.figure_policy, clock=dates.build_clock(),
            outputs=Outputs(config.use_directory_urls, config.site_url), site_name=config.site_name,
            docs_dir=Path(config.docs_dir), home_event=options.home, language=site_language(config),
        )
    except DataErrors as errors:
        for error in errors.errors:
            log.error(str(error))
        if not _state["serving"]:
            raise PluginError(f"{errors.counted} in {options.data_dir}/: nothing was built, the published site is as it was") from None
        build = error_site(errors, _state["good"])  # every page shows the errors until they are fixed
    except FigureProblems as stale:
        raise PluginError("\n".join([*stale.problems, f"{len(stale.problems)} figure(s) not up to date: nothing was built"])) from None
    except (ValueError, figure_manifest.FigureBuildError) as error:  # a bad build date, language, manifest or figure run
        raise PluginError(str(error)) from None
    for notice in build.notices:
        log.info(f"notice: {notice}")
    for warning in build.warnings:
        log.warning(warning)
    _state.update(current=build, good=build if build.index is not None else _state["good"])
    config.nav = pages.organizer_navigation(config.nav, build.navigation) if config.nav and build.index else build.navigation
    return config


def on_files(files, config):
    for path, source in preview.file_sources(_state["current"], Path(config.config_file_path).parent, _state["dirty"]).items():
        if (existing := files.get_file_from_path(path)) is not None:  # the hand-written home text, folded in
            files.remove(existing)
        files.append(File.generated(config, path, **source))
    return files


def on_nav(nav, config, files):
    if _state["dirty"]:  # only the modified pages are read: the others keep their titles
        kept, rebuilt = preview.keep_titles(nav.pages, files.documentation_pages(), _state["current"].titles, config)
        _state.update(pages=kept, rebuilt=rebuilt)
    return nav


@event_priority(50)  # before the search plugin writes its index
def on_post_build(config) -> None:
    preview.merge_search_index(config.plugins.values(), _state["pages"], _state["rebuilt"])
    if not _state["serving"]:  # the preview's live reload is an inline script of its own
        built_pages.finish(Path(config.site_dir))  # each page's Content-Security-Policy, no indentation
    _state["site"].built()


def on_build_error(error) -> None:  # also after on_post_build, when `--strict` finds warnings
    _state["site"].discard()


def on_shutdown() -> None:  # after MkDocs' last check: a staged build that got here is whole
    if "site" in _state:
        _state["config"].site_dir = str(_state["site"].close())  # gh-deploy publishes from there
