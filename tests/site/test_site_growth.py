"""A site that grows: each page's size depends on its own event, math assets only where math is.

Sizes and timings of large sites are measured in benchmarks/site_scaling.py; these tests hold
the rules that make them scale.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest

import tiny_site
from colloquium import pages
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.schedule import build_index

SESSION_PAGE = "tiny-seminar/week-1/index.html"
KATEX = ("assets/katex/katex.min.js", "assets/katex/auto-render.min.js", "assets/katex/katex.min.css", "assets/js/math.js")


def _other_event(sessions: int, year: int = 2025) -> dict:
    return {
        "kind": "seminar",
        "title": f"Other Seminar {year}",
        "timezone": "Europe/Brussels",
        "dates": {"start": f"{year}-01-01", "end": f"{year}-06-30"},
        "sessions": [{"number": n, "title": f"Talk {n}", "date": f"{year}-03-{1 + n % 28:02d}"} for n in range(1, sessions + 1)],
    }


def _build(tmp_path: Path, name: str, events: dict) -> Path:
    project = tiny_site.write_project(tmp_path / name, events=events)
    build = tiny_site.build(project, project / "site")
    assert build.returncode == 0, build.stdout + build.stderr
    return project / "site"


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny site beside another event of 3 sessions, and beside one of 150."""
    tmp = tmp_path_factory.mktemp("growth")
    small = _build(tmp, "small", {**tiny_site.EVENTS, "other": _other_event(3)})
    large = _build(tmp, "large", {**tiny_site.EVENTS, "other": _other_event(150)})
    return small, large


def test_a_session_page_does_not_grow_with_the_sessions_of_other_events(small_and_large) -> None:
    small, large = small_and_large
    small_page = (small / SESSION_PAGE).read_text(encoding="utf-8")
    large_page = (large / SESSION_PAGE).read_text(encoding="utf-8")
    assert "Talk 150" not in large_page and "other/week-150/" not in large_page
    # The other event is one link in the navigation, to its own page.
    assert 'href="../../other/"' in large_page
    # The same page, but for whitespace: the theme's navigation template leaves a few blanks
    # for each session of an event it shows as one link (about 16 bytes; grouping past events
    # by year bounds how many such events a page shows).
    assert re.sub(r"\s+", " ", large_page) == re.sub(r"\s+", " ", small_page)


def _navigation(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index('class="md-nav md-nav--primary"'):html.index('class="md-sidebar md-sidebar--secondary"')]


def test_a_session_page_lists_the_sessions_of_its_own_event(small_and_large) -> None:
    _, large = small_and_large
    assert all(f'href="../week-{n}/"' in _navigation(large / "other/week-77/index.html") for n in (1, 76, 78, 150))
    # The event's page too: each session is one click away.
    assert all(f'href="week-{n}/"' in _navigation(large / "other/index.html") for n in range(1, 151))


def test_the_home_page_lists_every_event(small_and_large) -> None:
    _, large = small_and_large
    navigation = _navigation(large / "index.html")
    assert all(f'href="{event}/"' in navigation for event in ("tiny-seminar", "tiny-course", "other"))
    assert "week-1/" not in navigation


def test_the_sidebars_carry_no_indentation(small_and_large) -> None:
    _, large = small_and_large
    page = (large / "other/week-77/index.html").read_text(encoding="utf-8")
    sidebars = page[page.index('class="md-sidebar md-sidebar--primary"'):page.index('class="md-content"')]
    sidebars = sidebars[:sidebars.rindex("</nav>")]
    assert 'href="../week-150/"' in sidebars
    assert max(len(blanks) for blanks in re.findall(r"\s+", sidebars)) <= 4


@pytest.fixture(scope="module")
def math_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny site with a formula in one session's summary."""
    events = copy.deepcopy(tiny_site.EVENTS)
    events["tiny-seminar"]["sessions"][1]["summary"] = "The loss is $\\|\\epsilon - \\epsilon_\\theta(x_t, t)\\|^2$."
    return _build(tmp_path_factory.mktemp("math"), "math", events)


def test_katex_loads_only_on_pages_with_math(math_site: Path) -> None:
    site = math_site
    with_math = {str(page.relative_to(site)) for page in site.rglob("*.html")
                 if 'class="arithmatex"' in page.read_text(encoding="utf-8")}
    assert with_math == {"tiny-seminar/week-2/index.html", "tiny-seminar/index.html"}  # the event lists summaries
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loaded = [asset for asset in KATEX if re.search(rf'(src|href)="[./]*{re.escape(asset)}"', html)]
        assert loaded == (list(KATEX) if str(page.relative_to(site)) in with_math else []), page
    assert all((site / asset).is_file() for asset in KATEX)


def test_the_search_index_holds_a_summary_and_a_video_link_once(math_site: Path) -> None:
    """The event page repeats its sessions' summaries and videos; the index holds them once,
    on the session's own page (a reader who searches downloads the index, and finds each once)."""
    docs = json.loads((math_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    summary = [doc["location"] for doc in docs if "The loss is" in doc["text"]]
    assert len(summary) == 1 and summary[0].startswith("tiny-seminar/week-2/")
    event_page = (math_site / "tiny-seminar/index.html").read_text(encoding="utf-8")
    assert "The loss is" in event_page and "Play video" in event_page
    assert not [doc["location"] for doc in docs if "Play video" in doc["text"]]


# ---------------------------------------------------------------------------- grouping past events


def _many_events(tmp_path: Path, years: range, per_year: int = 2) -> object:
    events = {}
    for year in years:
        for n in range(per_year):
            event = _other_event(2, year)
            event["title"] = f"Seminar {year} {n}"
            events[f"seminar-{year}-{n}"] = event
    events["now"] = {**_other_event(2, 2025), "title": "Current", "dates": {"start": "2025-01-01", "end": "2025-12-31"}}
    events["someday"] = {"kind": "seminar", "title": "Someday", "sessions": [{"number": 1, "title": "To be announced"}]}
    tiny_site.write_project(tmp_path, events=events)
    return load_site(tmp_path / "data", root=tmp_path)


def test_a_few_events_are_listed_as_they_are(tmp_path: Path) -> None:
    site = _many_events(tmp_path, range(2023, 2025))  # 6 events
    events = pages.navigation(build_index(site, Clock(day=dt.date(2025, 9, 20))))[1]["Events"]
    titles = [list(section)[0] for section in events]
    # In the home page's order: current, upcoming, undated, then past ones, most recent first.
    assert titles == ["Current", "Someday", "Seminar 2024 0", "Seminar 2024 1", "Seminar 2023 0", "Seminar 2023 1"]
    assert all(isinstance(page, str) for section in events for page in list(section.values())[0])


def test_past_events_of_a_large_site_are_grouped_by_year(tmp_path: Path) -> None:
    site = _many_events(tmp_path, range(2015, 2025))  # 22 events
    events = pages.navigation(build_index(site, Clock(day=dt.date(2025, 9, 20))))[1]["Events"]
    titles = [list(section)[0] for section in events]
    assert titles == ["Current"] + [f"Past events: {year}" for year in range(2024, 2014, -1)] + ["Other events"]
    assert [list(event)[0] for event in events[-1]["Other events"]] == ["Someday"]
    year_2019 = events[titles.index("Past events: 2019")]["Past events: 2019"]
    assert [list(event)[0] for event in year_2019] == ["Seminar 2019 0", "Seminar 2019 1"]
    assert list(year_2019[0].values())[0][0] == "seminar-2019-0/index.md"
    # Every event and session is still in the navigation, once.
    listed = re.findall(r"'([^']+/index\.md)'", str(events))
    expected = [f"{event_id}/" for event_id in site.events]
    assert len(listed) == len(set(listed)) == sum(1 + len(event.sessions) for event in site.events.values())
    assert all(any(path.startswith(prefix) for path in listed) for prefix in expected)


# ---------------------------------------------------------------------------- `mkdocs serve --dirty`


def test_a_dirty_rebuild_rebuilds_only_the_pages_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds in one process, as `mkdocs serve --dirty` runs them after an edit."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("COLLOQUIUM_BUILD_DATE", "2025-09-20")
    project = tiny_site.write_project(tmp_path)
    site = tmp_path / "site"

    def rebuild() -> None:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)

    rebuild()
    pages = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    time.sleep(0.05)
    event = project / "data/events/tiny-course.yml"
    event.write_text(event.read_text(encoding="utf-8").replace("title: Intro", "title: Introduction"), encoding="utf-8")
    rebuild()

    rebuilt = {str(path.relative_to(site)) for path, mtime in pages.items() if path.stat().st_mtime_ns != mtime}
    # The session, its event, its neighbour (previous/next), its event's printable programme and
    # the home page (next sessions); the 404 page has no source and is made by every build.
    assert rebuilt == {"tiny-course/index.html", "tiny-course/lecture-1/index.html", "tiny-course/2025-09-24/index.html",
                       "tiny-course/embed.html", "tiny-course/programme/index.html", "index.html", "404.html"}
    assert "Lecture 1: Introduction" in (site / "tiny-course/lecture-1/index.html").read_text(encoding="utf-8")
    # A page that was not rebuilt; a rebuilt page lists it in its navigation with its title.
    course = (site / "tiny-course/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="2025-09-24/" class="md-nav__link"> <span class="md-ellipsis"> Wed, Sep 24, 2025: No Class', course)
    # The search index has every page once: this build's entries for the rebuilt ones.
    after = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert sorted(entry["location"] for entry in after["docs"]) == sorted(entry["location"] for entry in index["docs"])
    titles = {entry["location"]: entry["title"] for entry in after["docs"]}
    assert titles["tiny-course/lecture-1/"] == "Lecture 1: Introduction"


def test_a_session_page_of_a_very_long_series_is_as_light_as_one_of_a_short_series(tmp_path: Path) -> None:
    """Past NAV_SESSIONS_LISTED sessions, the navigation holds the event's page, not every
    session: the pages of a long series stay the size of a short one's."""
    def series(sessions: int) -> dict:
        first = dt.date(2000, 1, 3)
        return {"kind": "seminar", "title": "Series", "timezone": "Europe/Brussels", "sessions": [
            {"number": n, "title": f"Talk {n}", "date": (first + dt.timedelta(weeks=n)).isoformat(), "start": "14:00", "end": "15:00"}
            for n in range(1, sessions + 1)]}

    short = _build(tmp_path, "short", {"series": series(50)})
    long = _build(tmp_path, "long", {"series": series(pages.NAV_SESSIONS_LISTED + 50)})
    page = "series/week-25/index.html"
    assert (long / page).stat().st_size <= 1.2 * (short / page).stat().st_size
    assert 'href="../week-26/"' in (long / page).read_text()  # its neighbour, through the pager
    assert 'href="../"' in (long / page).read_text()  # its event, which lists every session
    assert all(f'href="week-{n}/"' in (long / "series/index.html").read_text() for n in (1, 125, 250))
