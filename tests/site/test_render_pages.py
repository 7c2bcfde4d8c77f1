"""The page generator as pure functions: Site in, page sources out, no MkDocs build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from zoneinfo import ZoneInfo

import tiny_site
from colloquium import bibtex, dates, pages, translations
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.schedule import build_index

SEMINAR = "tiny-seminar/index.md"
ENGLISH = translations.language("en")  # the dates pages have always written


def _site(tmp_path: Path, events=tiny_site.EVENTS):
    tiny_site.write_project(tmp_path, events=events)
    return load_site(tmp_path / "data", root=tmp_path)


@pytest.fixture
def site(tmp_path: Path):
    return _site(tmp_path)


def _index(site, today: str, outputs: Outputs = Outputs()):
    return build_index(site, Clock(day=dt.date.fromisoformat(today)), outputs)


def _sources(site, today: str, site_url: str | None = None, **options) -> dict[str, str]:
    return tiny_site.generated(_index(site, today, Outputs(site_url=site_url)), **options)


def _front_matter_title(source: str) -> str:
    return yaml.safe_load(source.split("---\n")[1])["title"]


# ---------------------------------------------------------------------------- which pages exist


def test_every_page_of_design_section_5_is_generated(site) -> None:
    sources = _sources(site, "2025-09-20")
    expected = {
        "index.md", "people/index.md", "readings/index.md", "readings/readings.bib",
        "tiny-seminar/index.md", "tiny-course/index.md", "tiny-seminar/embed.html", "tiny-course/embed.html",
        "tiny-seminar/week-1/index.md", "tiny-seminar/week-2/index.md", "tiny-seminar/week-3/index.md",
        "tiny-seminar/week-4/index.md", "tiny-course/lecture-1/index.md", "tiny-course/2025-09-24/index.md",
        "people/ada-lovelace/index.md", "people/alan-turing/index.md",
        "tiny-seminar/programme/index.html", "tiny-course/programme/index.html",  # printable, standalone
        "assets/js/labels/en.js",  # the schedule script's words, which every page names
    }
    assert set(sources) == expected


def test_the_figure_gallery_is_there_once_a_session_shows_a_figure(tmp_path: Path, site) -> None:
    assert "figures/index.md" not in _sources(site, "2025-09-20")  # no session shows one
    assert "figures/index.md" not in str(pages.navigation(_index(site, "2025-09-20")))
    events = {"s": {"kind": "seminar", "title": "S", "sessions": [{"number": 1, "title": "A", "figures": ["guidance"]}]}}
    tiny_site.write_project(tmp_path, events=events)
    shown = load_site(tmp_path / "data", known_figures=["guidance"], root=tmp_path)
    assert "figures/index.md" in _sources(shown, "2025-09-20")
    assert "figures/index.md" in str(pages.navigation(_index(shown, "2025-09-20")))


def test_navigation_lists_each_event_with_its_sessions(site) -> None:
    nav = pages.navigation(_index(site, "2025-09-20"), ["about.md"])
    assert nav[0] == "index.md" and nav[-1] == "about.md"
    events = {title: pages for section in nav[1]["Events"] for title, pages in section.items()}
    assert events["Tiny Seminar"] == ["tiny-seminar/index.md"] + [f"tiny-seminar/week-{n}/index.md" for n in range(1, 5)]
    assert events["Tiny Course"] == ["tiny-course/index.md", "tiny-course/lecture-1/index.md", "tiny-course/2025-09-24/index.md"]


def test_events_sharing_a_title_are_told_apart_in_the_navigation(tmp_path: Path) -> None:
    events = {
        "a": {"kind": "seminar", "title": "Diffusion Seminar", "subtitle": "Summer <2025>"},
        "b": {"kind": "reading-group", "title": "Diffusion Seminar", "term": "Summer 2026"},
    }
    nav = pages.navigation(_index(_site(tmp_path, events), "2025-09-20"))
    assert [list(e)[0] for e in nav[1]["Events"]] == ["Diffusion Seminar: Summer &lt;2025&gt;", "Diffusion Seminar: Summer 2026"]


def test_relative_links_work_from_every_depth() -> None:
    out = Outputs()
    assert out.relative("tiny-seminar/week-1/", out.person("ada-lovelace")) == "../../people/ada-lovelace/"
    assert out.relative("", out.event("tiny-seminar")) == "tiny-seminar/"
    assert out.relative("tiny-seminar/", out.home) == "../"
    assert out.relative("readings/", out.reading("ho2020ddpm")) == "#ho2020ddpm"
    assert out.relative("tiny-seminar/week-1/", out.reading("ho2020ddpm")) == "../../readings/#ho2020ddpm"
    assert out.relative("readings/", out.bibtex) == "readings.bib"


def test_without_directory_urls_every_link_names_its_page_file(site) -> None:
    """use_directory_urls: false (a site opened from disk): links end in index.html, as
    MkDocs' own navigation does, never in a folder that would show a directory listing."""
    out = Outputs(use_directory_urls=False)
    assert out.relative("tiny-seminar/week-1/index.html", out.person("ada-lovelace")) == "../../people/ada-lovelace/index.html"
    assert out.relative("index.html", out.event("tiny-seminar")) == "tiny-seminar/index.html"
    assert out.relative("tiny-seminar/index.html", out.home) == "../index.html"
    sources = tiny_site.generated(_index(site, "2025-09-20", Outputs(use_directory_urls=False, site_url="https://example.org/tiny/")))
    assert set(sources) == set(_sources(site, "2025-09-20", site_url="https://example.org/tiny/"))  # the same files
    hrefs = [href for source in sources.values() if isinstance(source, str)
             for href in re.findall(r'href="([^"#:]+)[#"]', source)]
    assert hrefs and all(not href.endswith("/") for href in hrefs), [h for h in hrefs if h.endswith("/")]


# ---------------------------------------------------------------------------- session pages


def test_session_page_has_title_presenters_readings_materials_and_neighbours(site) -> None:
    page = _sources(site, "2025-09-20")["tiny-seminar/week-1/index.md"]
    assert _front_matter_title(page) == "Week 1: Released"
    assert "# Week 1: Released" in page
    assert 'href="../../people/ada-lovelace/">Ada Lovelace</a> <span class="cq-muted">(Analytical Engines)</span>' in page
    assert 'href="../../readings/#ho2020ddpm"' in page and "Denoising Diffusion Probabilistic Models" in page
    assert '<time datetime="2025-09-15">Mon, Sep 15, 2025</time>' in page
    assert "14:00–15:30 CEST" in page  # local time with the zone's abbreviation on that day
    assert 'rel="next"' in page and 'href="../week-2/"' in page and 'rel="prev"' not in page


def test_guest_presenters_are_named_without_a_person_page(site) -> None:
    page = _sources(site, "2025-09-20")["tiny-seminar/week-2/index.md"]
    assert '<span class="cq-guest">Grace Guest</span> <span class="cq-muted">(Elsewhere)</span>' in page
    assert "people/grace-guest" not in page


def test_course_schedule_shows_no_class_days_and_assignments(site) -> None:
    page = _sources(site, "2025-09-30")["tiny-course/index.md"]
    assert "<strong>No Class</strong> (Holiday)" in page
    assert '<a href="https://example.org/hw1">Homework 1</a>' in page
    assert "Mon 10:30–11:45 KST" in page


def test_times_show_the_zone_abbreviation_of_their_day() -> None:
    brussels = ZoneInfo("Europe/Brussels")
    summer = dt.datetime(2025, 7, 1, 14, tzinfo=brussels)
    assert ENGLISH.instant_range(summer, summer.replace(hour=15, minute=30)) == "14:00–15:30 CEST"
    winter = dt.datetime(2025, 12, 1, 23, tzinfo=brussels)
    assert ENGLISH.instant_range(winter, dt.datetime(2025, 12, 2, 0, 30, tzinfo=brussels)) == "23:00–00:30 (next day) CET"
    # A weekly time over a change of daylight saving time names the city and both abbreviations.
    days = [dt.date(2025, 10, 20), dt.date(2025, 10, 27)]
    assert dates.recurring_zone(brussels, days, dt.time(14)) == "Brussels time (CEST/CET)"
    assert dates.recurring_zone(ZoneInfo("Asia/Seoul"), days, dt.time(14)) == "KST"
    assert dates.abbreviation(dt.datetime(2025, 7, 1, tzinfo=ZoneInfo("America/Sao_Paulo"))) == "Sao Paulo time"  # not '-03' 


@pytest.mark.parametrize("zone, shown", [
    ("Asia/Taipei", "Taipei time"),  # tzdata's CST, which a reader in the US takes for Chicago's
    ("Asia/Shanghai", "Shanghai time"),
    ("America/Chicago", "Chicago time"),  # CST and CDT also name Shanghai's and Havana's offsets
    ("America/Los_Angeles", "Los Angeles time"),  # PST is Manila's too
    ("Asia/Kolkata", "Kolkata time"),  # IST is Dublin's and Jerusalem's too
    ("America/New_York", "EST"),
    ("Asia/Seoul", "KST"),
])
def test_an_abbreviation_that_names_two_offsets_is_replaced_by_the_city(zone, shown) -> None:
    winter = dt.datetime(2025, 1, 10, 13, 30, tzinfo=ZoneInfo(zone))
    assert ENGLISH.instant_range(winter, winter.replace(hour=15, minute=0)) == f"13:30–15:00 {shown}"
    if shown.endswith(" time"):  # the city all year, not in one season only (PST is shared, PDT is not)
        assert dates.recurring_zone(ZoneInfo(zone), [dt.date(2025, 1, 6), dt.date(2025, 7, 7)], dt.time(9)) == shown


def test_times_are_written_on_a_24_hour_clock_with_a_leading_zero() -> None:
    seoul = ZoneInfo("Asia/Seoul")
    assert ENGLISH.instant_range(dt.datetime(2025, 3, 4, 1, 30, tzinfo=seoul), dt.datetime(2025, 3, 4, 4, tzinfo=seoul)) == "01:30–04:00 KST"


def test_an_assignment_link_appears_on_its_release_date(site) -> None:
    before = _sources(site, "2025-09-24")["tiny-course/index.md"]
    assert "https://example.org/hw1" not in before
    assert 'Homework 1 <span class="cq-muted">(released on <time datetime="2025-09-25">' in before
    assert "https://example.org/hw1" in _sources(site, "2025-09-25")["tiny-course/index.md"]


# ---------------------------------------------------------------------------- videos and the build date


def _video_block(source: str, week: int) -> str:
    return source.split(f"### Week {week}:")[1].split("###")[0]


def test_a_released_video_is_a_facade_with_a_link_and_no_third_party_request(site) -> None:
    block = _video_block(_sources(site, "2025-09-20")[SEMINAR], 1)
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQs8gQJ5rxI?autoplay=1&amp;rel=0"' in block
    assert '<button type="button" class="cq-video__play" hidden>' in block
    assert '<span class="cq-video__hint">Play video</span> <span class="cq-video__title">Week 1: Released</span>' in block
    assert 'href="https://www.youtube.com/watch?v=dQs8gQJ5rxI"' in block
    assert "si=" not in block  # tracking parameter dropped
    assert "<iframe" not in block and "ytimg" not in block and "<img" not in block


def test_a_video_before_its_release_date_says_when_it_comes(site) -> None:
    before = _video_block(_sources(site, "2025-10-20")[SEMINAR], 2)
    assert 'The video will be released on <time datetime="2025-10-21">Oct 21, 2025</time>.' in before
    assert "dQs8gQJ5rxI" not in before
    on_the_day = _video_block(_sources(site, "2025-10-21")[SEMINAR], 2)
    assert "youtube-nocookie.com/embed/dQs8gQJ5rxI" in on_the_day and "will be released" not in on_the_day


def test_a_video_without_link_or_date_is_released_soon(site) -> None:
    source = _sources(site, "2025-09-20")[SEMINAR]
    assert "The video will be released soon." in _video_block(source, 3)
    assert "video" not in _video_block(source, 4).lower()  # undated, no video: nothing to say yet


def test_a_session_says_what_a_reader_needs_to_know_of_its_video(tmp_path: Path) -> None:
    """No 'This session has no video.' on a session still to come; a recorded one says the
    video comes afterwards; whether a session is recorded reads as a sentence of its own."""
    week = lambda n, title, day, **more: {"number": n, "title": title, "date": day, **more}  # noqa: E731
    events = {"s": {"kind": "seminar", "title": "S", "sessions": [
        week(1, "Past", "2025-09-01"), week(2, "Coming", "2025-10-01"), week(3, "Recorded later", "2025-10-08", recorded=True),
        week(4, "Recorded before", "2025-09-08", recorded=True), week(5, "Unrecorded", "2025-09-02", recorded=False),
    ]}}
    root = tiny_site.write_project(tmp_path, events=events)
    sources = _sources(load_site(root / "data", root=root), "2025-09-20")
    page = lambda n: sources[f"s/week-{n}/index.md"]  # noqa: E731
    assert "This session has no video." in page(1)
    assert "video" not in page(2).lower()
    assert "The session will be recorded; the video will be published here afterwards." in page(3)
    assert "The session is recorded." in page(3)
    assert "The recording will be published here." in page(4) and "has no video" not in page(4)
    assert "The session is not recorded." in page(5) and "has no video" not in page(5)


def test_materials_are_linked_from_their_release_date_on(site) -> None:
    before = _sources(site, "2025-09-30")["tiny-seminar/week-1/index.md"]
    assert '<a href="https://example.org/slides.pdf">Slides</a>' in before
    assert "https://example.org/code" not in before
    assert 'Code <span class="cq-muted">(available on <time datetime="2025-10-01">Oct 1, 2025</time>)</span>' in before
    assert 'Notes <span class="cq-muted">(not online)</span>' in before
    after = _sources(site, "2025-10-01")["tiny-seminar/week-1/index.md"]
    assert '<a href="https://example.org/code">Code</a>' in after


def test_the_build_clock_comes_from_the_environment_or_now() -> None:
    assert dates.build_clock({"COLLOQUIUM_BUILD_DATE": "2025-09-20"}) == Clock(day=dt.date(2025, 9, 20))
    instant = dates.build_clock({"COLLOQUIUM_BUILD_DATE": "2025-12-10T00:17Z"})
    assert instant.today(ZoneInfo("America/New_York")) == dt.date(2025, 12, 9)  # 19:17 the day before there
    assert instant.today(ZoneInfo("Asia/Seoul")) == dt.date(2025, 12, 10)
    now = dates.build_clock({}).instant
    assert abs(now - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=1)
    for bad in ("20.09.2025", "2025-02-30", "2025-09-20T10:00"):  # a time needs its offset
        with pytest.raises(ValueError, match="COLLOQUIUM_BUILD_DATE"):
            dates.build_clock({"COLLOQUIUM_BUILD_DATE": bad})


# ---------------------------------------------------------------------------- home, people, readings


def test_home_lists_current_and_upcoming_events_first_and_the_next_sessions(tmp_path: Path) -> None:
    events = {
        "past": {"kind": "seminar", "title": "Past", "dates": {"start": "2024-01-01", "end": "2024-02-01"}},
        "later": {"kind": "seminar", "title": "Later", "dates": {"start": "2026-01-01"}},
        "now": {"kind": "seminar", "title": "Now", "sessions": [
            {"number": 1, "title": "Gone", "date": "2025-09-01"},
            {"number": 2, "title": "Next", "date": "2025-09-22"},
            {"number": 3, "title": "Off", "date": "2025-09-23", "status": "cancelled"},
            {"number": 4, "title": "Last", "date": "2025-09-29"},
        ]},
        "undated": {"kind": "lecture", "title": "Undated"},
    }
    index = _index(_site(tmp_path, events), "2025-09-20")
    assert [(e.id, phase) for e, phase in index.events_for_home()] == [
        ("now", "current"), ("later", "upcoming"), ("undated", "undated"), ("past", "past")]
    assert [e.session.title for e in index.next_sessions()] == ["Next", "Last"]
    home = tiny_site.generated(index, home_intro="# Welcome\n\nHand-written text.")["index.md"]
    assert home.index("# Welcome") < home.index("## Events") < home.index("## Next sessions")
    assert home.index('href="now/"') < home.index('href="later/"') < home.index('href="undated/"') < home.index('href="past/"')


def test_person_page_lists_roles_and_sessions_and_obfuscates_the_email(site) -> None:
    sources = _sources(site, "2025-09-20")
    ada = sources["people/ada-lovelace/index.md"]
    assert "ada@example.org" not in ada and "ada (at) example (dot) org" in ada
    assert 'href="../../tiny-seminar/week-1/">Week 1: Released</a>' in ada
    turing = sources["people/alan-turing/index.md"]
    assert re.search(r"Instructor, <a href=\"../../tiny-course/\">Tiny Course</a>", turing)
    assert 'href="../../tiny-seminar/week-2/"' in turing


def test_readings_page_groups_by_topic_and_links_back_to_sessions(site) -> None:
    page = _sources(site, "2025-09-20")["readings/index.md"]
    assert page.index("## Foundations") < page.index("## Books")
    assert page.count('id="book2025"') == 1  # listed under both topics, anchored once
    assert 'href="../tiny-seminar/week-1/">Tiny Seminar · Week 1: Released</a>' in page
    assert 'href="readings.bib"' in page


def test_bibtex_entries_escape_tex_and_keep_capitalisation(site) -> None:
    bib = _sources(site, "2025-09-20")["readings/readings.bib"]
    assert "@article{ho2020ddpm," in bib
    assert "  title = {{Denoising Diffusion Probabilistic Models}}," in bib
    assert "  author = {Jonathan Ho and Ajay Jain and Pieter Abbeel}," in bib
    assert "  eprint = {2006.11239}," in bib and "  url = {https://arxiv.org/abs/2006.11239}" in bib
    assert r"  title = {{A Book \{with\} 100\% of \$math\$}}" in bib
    unescaped = bib.replace(r"\{", "").replace(r"\}", "")
    assert unescaped.count("{") == unescaped.count("}")
    assert bibtex.tex_escape("a_b & c#d ~ ^") == r"a\_b \& c\#d \textasciitilde{} \textasciicircum{}"


def test_calendar_links_on_event_and_session_pages(site) -> None:
    """Subscriptions stay live (webcal opens the calendar app, which follows changes), the
    https address is there to copy, and a session's download is named after the session."""
    sources = _sources(site, "2025-09-20", site_url="https://example.org/tiny/")
    event = sources["tiny-seminar/index.md"]
    assert 'href="webcal://example.org/tiny/tiny-seminar/calendar.ics">Subscribe to the calendar</a>' in event
    assert "<code>https://example.org/tiny/tiny-seminar/calendar.ics</code>" in event
    assert all(name in event for name in ("Google Calendar", "Apple Calendar", "Outlook"))
    assert ('href="tiny-seminar-week-1.ics" download="tiny-seminar-week-1.ics">Add to calendar</a>'
            in sources["tiny-seminar/week-1/index.md"])
    assert "Add to calendar" not in sources["tiny-seminar/week-3/index.md"]  # no date, no calendar entry
    assert 'href="webcal://example.org/tiny/calendar.ics">Subscribe to all sessions (calendar)</a>' in sources["index.md"]
    assert 'href="feed.xml">News feed (Atom)</a>' in sources["index.md"]


def test_an_event_without_dated_sessions_offers_no_empty_calendar(tmp_path: Path) -> None:
    site = _site(tmp_path, {"lecture": {"kind": "lecture", "title": "L", "sessions": [{"number": 1, "title": "P"}]}})
    assert "calendar.ics" not in _sources(site, "2025-09-20", site_url="https://example.org/tiny/")["lecture/index.md"]
