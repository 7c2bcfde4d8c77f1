"""MkDocs hooks: the thin adapter between MkDocs' build and the colloquium generator.

- on_config: read the options (`extra: colloquium:` in mkdocs.yml, declared below as a MkDocs
  config class), and build everything (colloquium.site_build): load and validate ALL data,
  check the figures, render every generated file. This runs before MkDocs cleans the output
  folder, so bad data stops the build with every error listed and the previous site untouched.
- on_files: hand the generated files and figure images to MkDocs (the home page's
  hand-written text is folded into the generated home page).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from colloquium import dates, figure_manifest
from colloquium.errors import DataErrors
from colloquium.outputs import Outputs
from colloquium.site_build import FIGURE_POLICIES, FigureProblems, SiteBuild, build_site

log = get_plugin_logger("colloquium")

HOME_PAGE = "index.md"  # hand-written home text in docs_dir, shown above the generated lists
EXTRA_PAGES = ["about.md"]  # hand-written pages listed in the navigation after the generated ones


class ColloquiumConfig(base.Config):
    """`extra: colloquium:` in mkdocs.yml."""

    data_dir = c.Type(str, default="data")  # the YAML organizers edit
    # A figure that a session shows is stale or missing (figures/manifest.json): regenerate
    # it (runs the reference implementation), fail the build, or warn (which
    # `mkdocs build --strict` turns into a failure).
    figure_policy = c.Choice(FIGURE_POLICIES, default="warn")


_build: SiteBuild | None = None  # what on_config made for on_files (hooks are a module: one build at a time)


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
            extra_pages=EXTRA_PAGES,
        )
    except DataErrors as errors:
        for error in errors.errors:
            log.error(str(error))
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
    if not config.nav:
        config.nav = _build.navigation
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in list(_build.sources) + list(_build.figure_images):
        existing = files.get_file_from_path(path)
        if existing is not None:  # the hand-written home text, folded into the generated home page
            files.remove(existing)
    for path, content in _build.sources.items():
        files.append(File.generated(config, path, content=content))
    for path, image in _build.figure_images.items():
        files.append(File.generated(config, path, abs_src_path=str(image)))
    return files


def _options(config: MkDocsConfig) -> ColloquiumConfig:
    options = ColloquiumConfig()
    options.load_dict(config.extra.get("colloquium") or {})
    errors, warnings = options.validate()  # an unknown option is a warning to MkDocs: a typo here
    if errors or warnings:
        raise PluginError("mkdocs.yml: extra.colloquium: " + "; ".join(f"{key}: {problem}" for key, problem in errors + warnings))
    return options
