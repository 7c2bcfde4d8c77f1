"""`colloquium render OUT`: the complete sources of the site as plain files, for any
MkDocs-compatible builder.

The folder holds what the MkDocs hook hands MkDocs in a build: the hand-written pages with
every generated page, figure, calendar, JSON file and feed under docs/, the theme overrides
under theme/, and a mkdocs.yml without the hook (and without the guard that stops builders
which ignore it), its navigation written out. Plain MkDocs, a maintained fork of MkDocs 1.x
(ProperDocs) or Zensical then builds it as it would any documentation site. The folder is
written beside OUT and moved into place whole, so a failure leaves the previous one intact.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from colloquium import builder_guard, dates, settings_file
from colloquium.dates import Clock
from colloquium.outputs import Outputs
from colloquium.pages import organizer_navigation
from colloquium.site_build import SiteBuild, build_site

DOCS, THEME = "docs", "theme"
# Builders whose theme differs from Material for MkDocs' where the project overrides it: the
# overrides they cannot use stay out (Zensical draws its own search dialog, which has its
# accessible name; Material's partial would show as unstyled markup in its header).
BUILDERS = {"mkdocs": (), "properdocs": (), "zensical": ("search.html",)}


class Unpublishable(Exception):
    """A strict render met the generator's warnings (a stale figure, no site_url)."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        super().__init__("\n".join(warnings))


def render(
    project: Path, out: Path, *, config_file: str = "mkdocs.yml", strict: bool = False, builder: str = "mkdocs",
    clock: Clock | None = None,
) -> SiteBuild:
    """Write the site sources of the project at `project` (its mkdocs.yml) into `out`, for
    `builder` (one of BUILDERS).

    Raises errors.DataErrors, site_build.FigureProblems, figure_manifest.FigureBuildError, or
    ValueError (unreadable settings, a bad build date) as a build would; with `strict`,
    Unpublishable where a build would only warn."""
    settings = settings_file.read(project / config_file)
    options = settings_file.GeneratorOptions.of((settings.get("extra") or {}).get("colloquium"))
    docs = project / settings.get("docs_dir", "docs")
    build = build_site(
        project, data_dir=options.data_dir, figure_policy=options.figure_policy, clock=clock or dates.build_clock(),
        outputs=Outputs(settings.get("use_directory_urls", True), settings.get("site_url")),
        site_name=settings["site_name"], docs_dir=docs, home_event=options.home, language=settings_file.site_language(settings),
    )
    if strict and build.warnings:
        raise Unpublishable(build.warnings)
    staging = out.with_name(f".{out.name}.rendering")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(docs, staging / DOCS)
    for path, content in build.sources.items():
        target = staging / DOCS / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    for path, image in build.figure_images.items():
        (staging / DOCS / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image, staging / DOCS / path)
    theme = settings.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        shutil.copytree(project / theme["custom_dir"], staging / THEME, ignore=shutil.ignore_patterns(*BUILDERS[builder]))
        theme["custom_dir"] = THEME
    (staging / "mkdocs.yml").write_text(settings_file.dump(_builder_settings(settings, build)), encoding="utf-8")
    _replace(out, staging)
    return build


def _builder_settings(settings, build: SiteBuild):
    """The project's settings as a builder without the hook needs them."""
    for key in ("hooks", "watch"):
        settings.pop(key, None)
    extensions = settings.get("markdown_extensions") or []
    for entry in [e for e in extensions if e == builder_guard.NAME or (isinstance(e, dict) and builder_guard.NAME in e)]:
        extensions.remove(entry)
    (settings.get("extra") or {}).pop("colloquium", None)
    settings["docs_dir"] = DOCS
    settings["nav"] = organizer_navigation(settings["nav"], build.navigation) if settings.get("nav") else build.navigation
    return settings


def _replace(out: Path, staging: Path) -> None:
    """Move the finished folder into place; the previous one goes only once it is there."""
    previous = out.with_name(f".{out.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
