"""`mkdocs build --strict` of the example site, and what a failed build must leave alone."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
import types
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

import site_checks
import tiny_site
from colloquium.loader import load_site

REPO = tiny_site.REPO


# ---------------------------------------------------------------------------- the example site


@pytest.fixture(scope="module")
def example_site():
    return load_site(tiny_site.EXAMPLE_DATA, root=REPO)


def test_every_page_of_the_example_site_is_built(built_site: Path, example_site) -> None:
    expected = ["index.html", "about/index.html", "people/index.html", "readings/index.html",
                "readings/readings.bib", "figures/index.html", "calendar.ics", "feed.xml"]
    for event_id in example_site.events:
        expected += [f"{event_id}/index.html", f"{event_id}/calendar.ics"]
        event = example_site.events[event_id]
        expected += [f"{event_id}/{event.session_id(s, i)}/index.html" for i, s in enumerate(event.sessions)]
    expected += [f"people/{person_id}/index.html" for person_id in example_site.people]
    missing = [path for path in expected if not (built_site / path).is_file()]
    assert not missing


def test_internal_links_and_assets_resolve(built_site: Path) -> None:
    root_path = urlsplit(tiny_site.EXAMPLE_SITE_URL).path
    broken = site_checks.broken_references(built_site, root_path)
    assert not broken, "\n".join(broken[:20])


def test_calendars_feed_and_json_of_the_example_site_parse(built_site: Path) -> None:
    problems = site_checks.calendar_problems(built_site) + site_checks.feed_problems(built_site)
    assert problems + site_checks.json_problems(built_site) == []


def test_blocks_left_out_of_search_stay_out_of_the_index(built_site: Path) -> None:
    """Session blocks on event pages and figures on session pages are indexed on their own
    pages only (each copy costs every reader who searches, in download and in duplicate results)."""
    assert site_checks.search_exclusion_problems(built_site) == []
    docs = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [doc["location"] for doc in docs if "Open the session page" in doc["text"]]
    # a session page's state at the build, its button and its neighbours' titles (the pager)
    session_docs = [doc for doc in docs if doc["location"].startswith("cs492c-fall-2025/lecture-")]
    assert session_docs and not [doc["location"] for doc in session_docs if re.search(r"Ended|Add to calendar|Lecture \d+: .*Next", doc["text"])]
    figure_links = [doc["location"] for doc in docs if "How “" in doc["text"]]
    assert not figure_links, figure_links
    gallery = [doc["text"] for doc in docs if doc["location"].startswith("figures/#")]
    assert any("alphabar" in text for text in gallery)  # the figures themselves stay searchable


def test_pages_load_scripts_styles_and_fonts_only_from_the_site(built_site: Path) -> None:
    external = [
        f"{page.relative_to(built_site)}: <{tag}> {url}"
        for page in built_site.rglob("*.html")
        for tag, url in site_checks.references(page)
        if tag in ("script", "link", "img", "iframe", "source") and urlsplit(url).scheme and tag != "link"
        or tag == "link" and urlsplit(url).netloc and not url.startswith("https://example.github.io/")
    ]
    assert not external, external[:10]
    css = "".join(path.read_text(encoding="utf-8") for path in built_site.rglob("*.css"))
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), "a stylesheet loads something from elsewhere"
    assert "fonts.googleapis" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_math_is_typeset_by_the_site_s_own_katex(built_site: Path) -> None:
    # Pages with math load these (tests/site/test_site_growth.py); pages without math do not.
    for asset in ("assets/katex/katex.min.js", "assets/katex/auto-render.min.js", "assets/katex/katex.min.css",
                  "assets/js/math.js"):
        assert (built_site / asset).is_file()
    fonts = re.findall(r"url\((fonts/[^)]+)\)", (built_site / "assets/katex/katex.min.css").read_text(encoding="utf-8"))
    assert fonts and all((built_site / "assets/katex" / font).is_file() for font in fonts)


def test_video_facades_carry_no_iframe_until_clicked(built_site: Path) -> None:
    seminar = (built_site / "diffusion-seminar-2025" / "index.html").read_text(encoding="utf-8")
    assert seminar.count('class="cq-video__play"') == 7
    assert "<iframe" not in seminar and "i.ytimg.com" not in seminar
    assert "assets/js/video-facade.js" in seminar


# ---------------------------------------------------------------------------- a failed build


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_bad_data_stops_the_build_with_every_error_and_leaves_the_old_site(tmp_path: Path) -> None:
    project = tiny_site.write_project(tmp_path / "project")
    site_dir = tmp_path / "site"
    first = tiny_site.build(project, site_dir)
    assert first.returncode == 0, first.stderr
    before = _tree_digest(site_dir)
    assert "tiny-seminar/week-1/index.html" in before

    # Two mistakes in two files: a typo'd key and a video link that is not a video.
    people = yaml.safe_load((project / "data/people.yml").read_text(encoding="utf-8"))
    people["ada-lovelace"]["afiliation"] = "typo"
    (project / "data/people.yml").write_text(yaml.safe_dump(people), encoding="utf-8")
    seminar = project / "data/events/tiny-seminar.yml"
    seminar.write_text(seminar.read_text(encoding="utf-8").replace(tiny_site.VIDEO, "javascript:alert(1)", 1), encoding="utf-8")

    second = tiny_site.build(project, site_dir)
    assert second.returncode != 0
    output = second.stdout + second.stderr
    assert re.search(r"data/people\.yml:\d+: ada-lovelace\.afiliation: ", output), output
    assert re.search(r"data/events/tiny-seminar\.yml:\d+: week 1 \(Released\)\.video: .*javascript:alert\(1\)", output), output
    assert "2 errors in data/" in output
    assert _tree_digest(site_dir) == before


def test_a_malformed_build_date_stops_the_build(tmp_path: Path) -> None:
    project = tiny_site.write_project(tmp_path)
    result = tiny_site.build(project, tmp_path / "site", build_date="20/09/2025")
    assert result.returncode != 0
    assert "COLLOQUIUM_BUILD_DATE='20/09/2025' is neither a date (YYYY-MM-DD) nor a date and time" in result.stderr
    assert not (tmp_path / "site").exists()


def _hooks() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("colloquium_hooks", REPO / "hooks" / "colloquium_hooks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass resolves annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_unknown_generator_options_are_errors(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    hooks = _hooks()
    config = types.SimpleNamespace(extra={"colloquium": {"data_dir": "data", "figure_polcy": "warn"}},
                                   config_file_path=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(PluginError, match=r"extra.colloquium: figure_polcy: unknown option \(did you mean 'figure_policy'\?\)"):
        hooks.on_config(config)


def test_without_directory_urls_every_link_opens_a_file_from_disk(tmp_path: Path) -> None:
    """`use_directory_urls: false` (a site opened from disk): the generated links name
    index.html files, as MkDocs' own navigation does; none points at a folder."""
    project = tiny_site.write_project(tmp_path)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["use_directory_urls"] = False
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = tiny_site.build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    folders, broken = [], []
    for page in (tmp_path / "site").rglob("*.html"):
        for tag, url in site_checks.references(page):
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "//")) or not parts.path or parts.path.startswith("/"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                folders.append(f"{page.relative_to(tmp_path)}: {url}")
            elif not target.is_file():
                broken.append(f"{page.relative_to(tmp_path)}: {url}")
    assert not folders and not broken, (folders[:10], broken[:10])


@pytest.mark.parametrize("writer", ["calendar", "feed", "page"])
def test_a_writer_that_fails_is_reported_at_its_session_not_as_a_stack(tmp_path: Path, monkeypatch, writer) -> None:
    """Validation should leave nothing a writer cannot take; should a library still fail on
    a session, the error names the file, line and session, like a data error."""
    import datetime as dt

    from colloquium import calendar, feed, pages
    from colloquium.dates import Clock
    from colloquium.errors import DataErrors
    from colloquium.outputs import Outputs
    from colloquium.site_build import build_site

    if writer == "calendar":
        original = calendar.Calendars._session_entry
        monkeypatch.setattr(calendar.Calendars, "_session_entry", lambda self, s: (
            (_ for _ in ()).throw(AssertionError("icalendar says no")) if s.id == "week-2" else original(self, s)))
    elif writer == "feed":  # a control character lxml refuses, in the feed's text of week 2 only
        original = feed._session_summary
        monkeypatch.setattr(feed, "_session_summary", lambda s: original(s) + ("\x08" if s.id == "week-2" else ""))
    else:
        original = pages.Pages.session
        monkeypatch.setattr(pages.Pages, "session", lambda self, e: (
            (_ for _ in ()).throw(KeyError("x")) if e.id == "week-2" else original(self, e)))
    project = tiny_site.write_project(tmp_path)
    with pytest.raises(DataErrors) as caught:
        build_site(project, data_dir="data", figure_policy="warn", clock=Clock(day=dt.date(2025, 12, 1)),
                   outputs=Outputs(site_url="https://example.org/tiny/"), site_name="Tiny")
    (error,) = caught.value.errors
    lines = (project / "data" / "events" / "tiny-seminar.yml").read_text().splitlines()
    assert error.file == "data/events/tiny-seminar.yml"
    assert lines[error.line - 1].lstrip().startswith("- ") and error.field == "week 2 (Later)"
    output = {"calendar": "its calendar entry", "feed": "its feed entry", "page": "its page"}[writer]
    assert error.message.startswith(f"{output} could not be made (")
