"""One build of the site, from data/ to every generated file; no MkDocs.

`build_site` loads and checks all data, brings the figures the sessions show up to date (or
not, as the figure policy says), builds the site index and asks each output of the registry
(site_files.OUTPUTS) for its files: pages, BibTeX, calendars, the feed, JSON. Everything is computed before anything is written, so
a data error or a stale figure stops the build with the previous site untouched. The MkDocs
hook (hooks/colloquium_hooks.py) and the benchmarks call this; the hook only adapts it to
MkDocs' events.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from colloquium import build_cache, figure_manifest, history, notices, page_meta, pages, site_files, translations
from colloquium.dates import Clock
from colloquium.errors import DataError, DataErrors, closest_match, error_at
from colloquium.loader import EVENTS_DIR, load_site
from colloquium.outputs import Outputs
from colloquium.schedule import EventEntry, OutputError, SiteIndex, build_index

SHALLOW_CLONE = (
    "the repository is a shallow clone: the calendars' SEQUENCE numbers count only the commits it holds, "
    "so subscribed calendars would ignore later changes; check out the whole history (git fetch --unshallow, "
    "or fetch-depth: 0 in the workflow's checkout)"
)
# GitHub disables a public repository's scheduled workflows after 60 days without activity;
# builds say so from 50 days on, while there is time to push.
SCHEDULE_OFF_AFTER_DAYS, QUIET_DAYS_NOTICE = 60, 50
HOME_PAGE = "index.md"  # the hand-written home text in the docs folder, shown above the generated lists


class FigureProblems(Exception):
    """Figures that sessions show are stale or missing, under the policy `fail`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class SiteBuild:
    """What one build makes: every generated file, keyed by its path under the docs folder."""

    index: SiteIndex | None  # None for the error page of a preview (error_site)
    sources: dict[str, str | bytes]  # pages (Markdown), BibTeX, calendars, feed, JSON
    titles: dict[str, str]  # path of each page -> its title
    figure_images: dict[str, Path]  # site path -> image file under figures/
    navigation: list
    notices: list[str] = field(default_factory=list)  # worth knowing, never a failure
    warnings: list[str] = field(default_factory=list)  # stale figures under the policy `warn`


def build_site(
    root: Path,
    *,
    data_dir: str,
    figure_policy: str,
    clock: Clock,
    outputs: Outputs,
    site_name: str,
    docs_dir: Path | None = None,
    home_event: str | None = None,
    language: str = translations.SOURCE_LANGUAGE,
) -> SiteBuild:
    """Build every generated file of the project at `root`: pages, the BibTeX file, each
    event's embeddable view and, when `outputs` has the site's address, calendars, the feed
    and the sessions as JSON.

    `docs_dir` holds the hand-written pages (the home text, and others the navigation lists
    after the generated ones, by file name) and the people's photos (default: content/);
    `home_event` is an event whose page is the home page (a site of one event); `language` is
    the site's (theme.language: its pages about the whole site, and every event without its own).
    Raises colloquium.errors.DataErrors (every data error), FigureProblems, or
    figure_manifest.ManifestError / FigureBuildError (a broken manifest, a failed regeneration)."""
    with translations.using(language):
        return _build_site(root, data_dir, figure_policy, clock, outputs, site_name, docs_dir, home_event, language)


def _build_site(root, data_dir, figure_policy, clock, outputs, site_name, docs_dir, home_event, language) -> SiteBuild:
    docs_dir = docs_dir if docs_dir is not None else root / "content"
    site = load_site(root / data_dir, known_figures=figure_manifest.known_figures(), root=root, content_dir=docs_dir)
    build_cache.keep_in(root)
    changes = history.revisions(root / data_dir / EVENTS_DIR)
    revisions = {
        event_id: changes.get((root / site.documents[event_id].file).resolve(), history.Revision())
        for event_id in site.events
    }
    index = build_index(site, clock, outputs, revisions, secrets=os.environ, language=language)
    if home_event is not None and home_event not in index.events:
        guess = closest_match(home_event, index.events)
        hint = f"did you mean {guess!r}?" if guess else f"events: {', '.join(index.events) or 'none'}"
        raise ValueError(f"mkdocs.yml: extra.colloquium.home: there is no event {home_event!r} ({hint})")
    statuses, warnings = _checked_figures(root, index, figure_policy)
    figures = {name: pages.Figure.from_status(status) for name, status in statuses.items()}
    figures_dir = root / figure_manifest.FIGURES_DIR
    images = {  # for the gallery, which a site has once a session shows a figure
        outputs.figure_image(image): figures_dir / image
        for status in statuses.values()
        for image in status.images
        if (figures_dir / image).is_file()
    } if index.using else {}
    if not outputs.calendars:
        warnings.append("site_url is not set in mkdocs.yml: the site is built without calendars and feed")
    intro = docs_dir / HOME_PAGE
    home_intro = intro.read_text(encoding="utf-8") if intro.is_file() else ""
    site_image = page_meta.SITE_IMAGE if (docs_dir / page_meta.SITE_IMAGE).is_file() else None
    build = site_files.Build(index, site_name, home_intro, home_event, figures, figure_manifest.suite(root), site_image)
    try:
        written = site_files.write_all(build)
    except OutputError as failure:
        raise DataErrors([_output_error(site, failure)]) from None
    return SiteBuild(
        index=index,
        sources=written.sources,
        titles=written.titles,
        figure_images=images,
        navigation=pages.navigation(index, sorted(path.name for path in docs_dir.glob("*.md") if path.name != HOME_PAGE)),
        notices=[str(notice) for notice in notices.notices(index)] + _repository_notices(root / data_dir, clock),
        warnings=warnings,
    )


def _repository_notices(data: Path, clock: Clock) -> list[str]:
    """What the repository's state means for publishing: a shallow clone's calendars, and a
    scheduled rebuild that GitHub is about to turn off."""
    found = [SHALLOW_CLONE] if history.is_shallow(data) else []
    last = history.last_commit(data)
    if last is not None:
        idle = (clock.utc_day - last.date()).days
        if idle >= QUIET_DAYS_NOTICE:
            off = last.date() + dt.timedelta(days=SCHEDULE_OFF_AFTER_DAYS)
            found.append(
                f"the last commit is {idle} days old: GitHub turns off the hourly rebuild of a public repository after "
                f"{SCHEDULE_OFF_AFTER_DAYS} days without one (from {off.isoformat()}), and videos and materials with a "
                "release date then stop appearing; push a commit (any change), or turn the workflow on again in Actions"
            )
    return found


def error_site(errors: DataErrors, previous: SiteBuild | None = None) -> SiteBuild:
    """What `mkdocs serve` shows while the data has errors: a page that lists them, at the
    home page and at every page of the `previous` build (the page being edited among them),
    which the preview would otherwise keep showing as it was."""
    page = pages.error_page(errors.errors)
    paths = ["index.md", *(path for path in (previous.titles if previous else {}) if path != "index.md")]
    return SiteBuild(index=None, sources=dict.fromkeys(paths, page), titles=dict.fromkeys(paths, "Errors"),
                     figure_images={}, navigation=["index.md"])


def _output_error(site, failure: OutputError) -> DataError:
    """What failed, said at the session (or event) it was made from."""
    where = failure.where
    event_id = where.id if isinstance(where, EventEntry) else where.event_id
    path = () if isinstance(where, EventEntry) else ("sessions", where.position)
    return error_at(site.documents[event_id], path, (
        f"{failure.output} could not be made ({type(failure.error).__name__}: {failure.error}); "
        "look for unusual characters in its text, and please report this: validation should have said what is wrong"
    ))


def _checked_figures(root: Path, index: SiteIndex, policy: str) -> tuple[dict, list[str]]:
    """Every registered figure's status, and warnings; stale or missing figures that sessions
    show are regenerated, fail the build, or are warned about, as `policy` says."""
    shown = set(index.using)

    def outdated(statuses: dict) -> list:
        return [status for name, status in statuses.items() if name in shown and not status.fresh]

    statuses = figure_manifest.check(root)
    if outdated(statuses) and policy == "regenerate":
        figure_manifest.regenerate(root, [status.name for status in outdated(statuses)])
        statuses = figure_manifest.check(root)
    problems = [
        f"figure '{status.name}' is {status.state}: {'; '.join(status.reasons)} "
        f"(make it with: python -m reference_impl.figures --only {status.name})"
        for status in outdated(statuses)
    ]
    if problems and policy != "warn":
        raise FigureProblems(problems)
    return statuses, problems
