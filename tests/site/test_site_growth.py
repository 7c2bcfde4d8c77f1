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
from colloquium import pages, paging, site_files
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.schedule import build_index

SESSION_PAGE = "tiny-seminar/week-1/index.html"
LISTED = pages.NAV_SESSIONS_LISTED  # the most sessions of one event the navigation lists
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
    """The tiny site beside another event of 3 sessions, and beside one of as many as the
    navigation lists (LISTED)."""
    tmp = tmp_path_factory.mktemp("growth")
    small = _build(tmp, "small", {**tiny_site.EVENTS, "other": _other_event(3)})
    large = _build(tmp, "large", {**tiny_site.EVENTS, "other": _other_event(LISTED)})
    return small, large


def test_a_session_page_does_not_grow_with_the_sessions_of_other_events(small_and_large) -> None:
    small, large = small_and_large
    small_page = (small / SESSION_PAGE).read_text(encoding="utf-8")
    large_page = (large / SESSION_PAGE).read_text(encoding="utf-8")
    assert f"Talk {LISTED}" not in large_page and f"other/week-{LISTED}/" not in large_page
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
    assert all(f'href="../week-{n}/"' in _navigation(large / "other/week-12/index.html") for n in (1, 11, 13, LISTED))
    # The event's page too: each session is one click away.
    assert all(f'href="week-{n}/"' in _navigation(large / "other/index.html") for n in range(1, LISTED + 1))


def test_the_home_page_lists_every_event(small_and_large) -> None:
    _, large = small_and_large
    navigation = _navigation(large / "index.html")
    assert all(f'href="{event}/"' in navigation for event in ("tiny-seminar", "tiny-course", "other"))
    assert "week-1/" not in navigation


def test_the_sidebars_carry_no_indentation(small_and_large) -> None:
    _, large = small_and_large
    page = (large / "other/week-12/index.html").read_text(encoding="utf-8")
    sidebars = page[page.index('class="md-sidebar md-sidebar--primary"'):page.index('class="md-content"')]
    sidebars = sidebars[:sidebars.rindex("</nav>")]
    assert f'href="../week-{LISTED}/"' in sidebars
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


def _many_events(tmp_path: Path, years: range, per_year: int = 2, undated: int = 1) -> object:
    events = {}
    for year in years:
        for n in range(per_year):
            event = _other_event(2, year)
            event["title"] = f"Seminar {year} {n}"
            events[f"seminar-{year}-{n}"] = event
    events["now"] = {**_other_event(2, 2025), "title": "Current", "dates": {"start": "2025-01-01", "end": "2025-12-31"}}
    events["someday"] = {"kind": "seminar", "title": "Someday", "sessions": [{"number": 1, "title": "To be announced"}]}
    for n in range(1, undated):
        events[f"someday-{n}"] = {"kind": "seminar", "title": f"Someday {n}", "sessions": [{"number": 1, "title": "To be announced"}]}
    tiny_site.write_project(tmp_path, events=events)
    return load_site(tmp_path / "data", root=tmp_path)


def test_a_few_events_are_listed_as_they_are(tmp_path: Path) -> None:
    site = _many_events(tmp_path, range(2023, 2025))  # 6 events
    events = pages.navigation(build_index(site, Clock(day=dt.date(2025, 9, 20))))[1]["Events"]
    titles = [list(section)[0] for section in events]
    # In the home page's order: current, upcoming, undated, then past ones, most recent first.
    assert titles == ["Current", "Someday", "Seminar 2024 0", "Seminar 2024 1", "Seminar 2023 0", "Seminar 2023 1"]
    assert all(isinstance(page, str) for section in events for page in list(section.values())[0])


def _titles(section: list) -> list[str]:
    return [list(entry)[0] if isinstance(entry, dict) else entry for entry in section]


def test_past_events_of_a_large_site_are_grouped_by_year(tmp_path: Path) -> None:
    site = _many_events(tmp_path, range(2015, 2025))  # 22 events
    events = pages.navigation(build_index(site, Clock(day=dt.date(2025, 9, 20))))[1]["Events"]
    titles = _titles(events)
    # Past events are one section, whose title links the archive's page (which leads to every
    # year); in it the most recent years have a section each.
    assert titles == ["Current", "Past events", "Other events"]
    assert [list(event)[0] for event in events[-1]["Other events"]] == ["Someday"]
    past = events[1]["Past events"]
    assert past[0] == "past-events/index.md"
    recent = range(2024, 2024 - paging.NAV_PAST_YEARS, -1)
    assert _titles(past[1:]) == [f"Past events: {year}" for year in recent]
    # A year's section: its page (which the section's title links), then its events.
    year_2021 = past[1:][_titles(past[1:]).index("Past events: 2021")]["Past events: 2021"]
    assert year_2021[0] == "past-events/2021/index.md"
    assert [list(event)[0] for event in year_2021[1:]] == ["Seminar 2021 0", "Seminar 2021 1"]
    assert list(year_2021[1].values())[0][0] == "seminar-2021-0/index.md"
    # The events of those years and theirs sessions are in the navigation, once; earlier ones are not.
    listed = re.findall(r"'([^']+/index\.md)'", str(events))
    assert len(listed) == len(set(listed))
    in_view = [event_id for event_id in site.events if not re.fullmatch(r"seminar-(2015|2016|2017|2018|2019)-\d", event_id)]
    assert {path.split("/")[0] for path in listed} == {*in_view, "past-events"}


def _navigation_entries(nav) -> int:
    """Every entry of a navigation (sections, their pages, and the pages of sections within)."""
    if isinstance(nav, list):
        return sum(_navigation_entries(entry) for entry in nav)
    if isinstance(nav, dict):
        return sum(1 + _navigation_entries(value) for value in nav.values())
    return 1


def test_the_navigation_does_not_grow_with_the_years_of_a_site(tmp_path: Path) -> None:
    """A century of past events: the navigation (which every page carries) holds as many entries
    as a site of ten years; the years before are on the archive's pages."""
    clock = Clock(day=dt.date(2025, 9, 20))
    decade = pages.navigation(build_index(_many_events(tmp_path / "decade", range(2015, 2025), per_year=1, undated=5), clock))
    century = build_index(_many_events(tmp_path / "century", range(1925, 2025), per_year=1, undated=150), clock)
    navigation = pages.navigation(century)
    assert _navigation_entries(navigation) == _navigation_entries(decade)
    assert "seminar-1990-0/index.md" not in str(navigation)
    files = tiny_site.generated(century, only=(site_files.PastEventsPage, site_files.HomePage))
    # The archive lists every year; each year's page its events; events without dates, in pages.
    archive = files["past-events/index.md"]
    assert all(f'href="{year}/"' in archive for year in range(1925, 2025))
    assert 'href="undated/"' in archive and 'href="undated/2/"' in archive
    assert 'href="../../seminar-1990-0/"' in files["past-events/1990/index.md"]
    assert sorted(path for path in files if path.startswith("past-events/")) == sorted(
        ["past-events/index.md", "past-events/undated/index.md", "past-events/undated/2/index.md"]
        + [f"past-events/{year}/index.md" for year in range(1925, 2025)])
    undated = files["past-events/undated/index.md"] + files["past-events/undated/2/index.md"]
    assert all(f'href="../../someday-{n}/"' in undated or f'href="../../../someday-{n}/"' in undated for n in range(1, 150))
    # The home page shows the most recent past events, a few undated ones, and links the archive.
    home = files["index.md"]
    assert 'href="past-events/"' in home
    assert [year for year in range(1925, 2025) if f'href="seminar-{year}-0/"' in home] == list(range(2025 - paging.HOME_PAST_EVENTS, 2025))
    assert len(re.findall(r'href="someday[-0-9]*/"', home)) == paging.UNDATED_IN_VIEW


def test_a_built_site_of_many_years_links_its_archive_from_the_navigation(tmp_path: Path) -> None:
    _many_events(tmp_path, range(2012, 2025), per_year=1)
    build = tiny_site.build(tmp_path, tmp_path / "site")
    assert build.returncode == 0, build.stdout + build.stderr
    home = _navigation(tmp_path / "site/index.html")
    # Outside the archive, past events are one line, which opens the archive's page; the Events
    # section's title links nothing.
    pairs = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*"> <span class="md-ellipsis"> ([^<]+?) </span>', home)
    assert [text for href, text in pairs if href.startswith("past-events/")] == ["Past events"]
    assert dict(pairs)["past-events/"] == "Past events" and "Seminar 2024 0" not in home
    # On a page of a recent past event, the archive's section is open: its years, each opening
    # its year's page, and the events of the page's year.
    recent = _navigation(tmp_path / "site/seminar-2024-0/index.html")
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*"> <span class="md-ellipsis"> ([^<]+?) </span>', recent))
    assert links["Past events: 2023"] == "../past-events/2023/" and "Seminar 2015 0" not in recent
    # An event of an earlier year has its page, and is on its year's page.
    assert (tmp_path / "site/seminar-2013-0/index.html").is_file()
    assert 'href="../../seminar-2013-0/"' in (tmp_path / "site/past-events/2013/index.html").read_text(encoding="utf-8")


def test_a_site_under_every_bound_has_no_pages_of_pieces(tmp_path: Path) -> None:
    """The example site, whose lists are all under their bounds, is built as it always was."""
    project = tiny_site.example_project(tmp_path)
    index = build_index(load_site(project / "data", root=project), Clock(day=dt.date(2025, 9, 20)))
    paths = set(tiny_site.generated(index))
    assert not [path for path in paths if re.search(r"^past-events/|/sessions/\d|^people/page/|^readings/[^/]+/index|^figures/[^/]+/index", path)]
    assert not paging.grouped(index)


# ---------------------------------------------------------------------------- long lists in pages


def _long_event(sessions: int) -> dict:
    first = dt.date(2025, 1, 6)
    return {"kind": "seminar", "title": "Long", "timezone": "Europe/Brussels", "sessions": [
        {"number": n, "title": f"Talk {n}", "date": (first + dt.timedelta(weeks=n - 1)).isoformat(),
         "start": "14:00", "end": "15:00", "readings": ["ho2020ddpm"]}
        for n in range(1, sessions + 1)]}


@pytest.fixture()
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "SESSIONS_PER_PAGE", 10)
    monkeypatch.setattr(paging, "SESSIONS_NAMED", 3)
    monkeypatch.setattr(paging, "PEOPLE_PER_PAGE", 2)


def test_a_long_event_lists_its_sessions_in_pages(tmp_path: Path, small_bounds) -> None:
    tiny_site.write_project(tmp_path, events={"long": _long_event(25), "short": _long_event(10)})
    # On 2025-04-01 the next session is number 13 (Monday 2025-04-07).
    index = build_index(load_site(tmp_path / "data", root=tmp_path), Clock(day=dt.date(2025, 4, 1)))
    files = tiny_site.generated(index)
    assert sorted(path for path in files if "/sessions/" in path) == [f"long/sessions/{n}/index.md" for n in (1, 2, 3)]
    # The event's page shows the page with its next session, and links every page.
    event = files["long/index.md"]
    shown = [n for n in range(1, 26) if f'href="week-{n}/"' in event]
    assert shown == list(range(11, 21))
    assert all(f'href="sessions/{n}/"' in event for n in (1, 3)) and 'href="sessions/2/"' not in event  # the page shown
    assert '<a href="sessions/1/">1–10 <span class="cq-muted">(2025)</span></a>' in event
    # Each page lists its sessions and links the others; a session links its page.
    second = files["long/sessions/3/index.md"]
    assert [n for n in range(1, 26) if f'href="../../week-{n}/"' in second] == list(range(21, 26))
    assert 'href="../1/"' in second and 'href="../../"' in second
    assert 'href="../sessions/2/"' in files["long/week-17/index.md"]
    # Its schema.org data and its programme hold the sessions of its page too.
    assert 'Talk 12' in event and "Talk 21" not in event and "Talk 10 " not in event
    programme = files["long/programme/index.html"]
    assert "Talk 12" in programme and "Talk 21" not in programme and "Talk 9<" not in programme
    # An event under the bound lists every session, as before.
    assert all(f'href="week-{n}/"' in files["short/index.md"] for n in range(1, 11))
    assert "sessions/" not in files["short/index.md"] and 'href="../sessions/' not in files["short/week-2/index.md"]


def test_the_sessions_that_read_a_paper_are_named_on_its_own_pages(tmp_path: Path, small_bounds) -> None:
    tiny_site.write_project(tmp_path, events={"long": _long_event(25)})
    index = build_index(load_site(tmp_path / "data", root=tmp_path), Clock(day=dt.date(2025, 4, 1)))
    files = tiny_site.generated(index)
    readings = files["readings/index.md"]
    named = re.findall(r'href="\.\./long/week-(\d+)/"', readings)
    assert len(named) == 3 and 'href="ho2020ddpm/">all 25 sessions</a>' in readings
    pieces = [files[path] for path in ("readings/ho2020ddpm/index.md", "readings/ho2020ddpm/2/index.md", "readings/ho2020ddpm/3/index.md")]
    weeks = [n for piece in pieces for n in re.findall(r'href="[./]*long/week-(\d+)/"', piece)]
    assert sorted(map(int, weeks)) == list(range(1, 26))
    assert "readings/ho2020ddpm/4/index.md" not in files and "readings/book2025/index.md" not in files


def test_the_feed_holds_the_newest_entries_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from colloquium import feed

    monkeypatch.setattr(feed, "FEED_ENTRIES", 5)
    tiny_site.write_project(tmp_path, events={"long": _long_event(25)})
    index = build_index(load_site(tmp_path / "data", root=tmp_path), Clock(day=dt.date(2025, 4, 1)),
                        Outputs(site_url="https://example.org/tiny/"))
    atom = feed.atom_feed(index, "Tiny").decode()
    # Sessions up to a week ahead (2025-04-07: week 14) are announced; the five newest are in the feed.
    assert re.findall(r"<title>Long: Talk (\d+)<", atom) == ["14", "13", "12", "11", "10"]


def test_the_people_page_is_split_by_name_past_its_bound(tmp_path: Path, small_bounds) -> None:
    people = {f"p{n}": {"name": name} for n, name in enumerate(["Eve", "bob", "Dan", "Ann", "Cid"])}
    tiny_site.write_project(tmp_path, people=people, events={"long": _long_event(2)})
    index = build_index(load_site(tmp_path / "data", root=tmp_path), Clock(day=dt.date(2025, 4, 1)))
    files = tiny_site.generated(index, only=(site_files.PeoplePage,))
    assert sorted(files) == ["people/index.md", "people/page/2/index.md", "people/page/3/index.md"]
    listed = [re.findall(r'<li><a href="[./]*(p\d)/">', files[path]) for path in ("people/index.md", "people/page/2/index.md", "people/page/3/index.md")]
    assert listed == [["p3", "p1"], ["p4", "p2"], ["p0"]]  # Ann, bob; Cid, Dan; Eve
    assert 'href="page/2/"' in files["people/index.md"] and 'href="../../"' in files["people/page/3/index.md"]


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

    short = _build(tmp_path, "short", {"series": series(LISTED)})  # every session in the navigation
    long = _build(tmp_path, "long", {"series": series(paging.SESSIONS_PER_PAGE + 50)})
    page = "series/week-20/index.html"
    assert (long / page).stat().st_size <= 1.2 * (short / page).stat().st_size
    assert 'href="../week-21/"' in (long / page).read_text()  # its neighbour, through the pager
    assert 'href="../"' in (long / page).read_text()  # its event
    assert 'href="../sessions/1/"' in (long / page).read_text()  # its page of sessions, which lists it
    assert all(f'href="../../week-{n}/"' in (long / "series/sessions/1/index.html").read_text() for n in (1, 50, 100))
