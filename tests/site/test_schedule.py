"""The site index: each fact about a session decided once, and every output agreeing on it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest

import tiny_site
from colloquium import notices
from colloquium.outputs import Outputs
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.schedule import build_index

NEW_YORK, SEOUL = ZoneInfo("America/New_York"), ZoneInfo("Asia/Seoul")
SITE_URL = "https://example.org/tiny/"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return tiny_site.write_project(tmp_path_factory.mktemp("zones"), events=tiny_site.TIME_ZONE_EVENTS)


@pytest.fixture(scope="module")
def site(project):
    return load_site(project / "data", root=project)


def index_at(site, clock: Clock):
    return build_index(site, clock, Outputs(site_url=SITE_URL))


def outputs(site, clock: Clock) -> tuple[dict, dict, feedparser.FeedParserDict]:
    """Every page source, every calendar file and the parsed feed of one build."""
    generated = tiny_site.generated(index_at(site, clock))
    files = {path: content for path, content in generated.items() if path.endswith(".ics")}
    return generated, files, feedparser.parse(generated["feed.xml"])


def sessions(site, clock=Clock(day=dt.date(2025, 10, 30))):
    return {(s.event_id, s.id): s for s in index_at(site, clock).sessions}


# ---------------------------------------------------------------------------- one home per fact


def test_a_no_class_day_does_not_meet_anywhere(site) -> None:
    """`type: no-class` without a `status`: not in the next sessions, cancelled in the calendar
    and the feed, no time and no link on the event page."""
    clock = Clock(day=dt.date(2025, 10, 27))
    no_class = sessions(site, clock)[("seoul-course", "2025-10-29")]
    assert not no_class.meets and no_class.status == "no-class"
    assert "No Class" not in [s.session.title for s in index_at(site, clock).next_sessions()]
    sources, files, parsed = outputs(site, clock)
    (entry,) = [e for e in icalendar.Calendar.from_ical(files["seoul-course/calendar.ics"]).events
                if str(e["UID"]).startswith("seoul-course/2025-10-29@")]
    assert entry["STATUS"] == "CANCELLED"
    assert any(e.title == "Cancelled: Seoul Course: No Class" for e in parsed.entries)
    row = re.search(r'<tr id="2025-10-29".*?</tr>', sources["seoul-course/index.md"], re.DOTALL).group()
    assert "cq-when" not in row and "href=" not in row and "No Class" in row


def test_sessions_are_zone_aware_instants_and_an_end_before_the_start_is_the_next_day(site) -> None:
    found = sessions(site)
    before, after = found[("ny-group", "week-1")], found[("ny-group", "week-2")]
    assert before.start == dt.datetime(2025, 10, 27, 16, tzinfo=NEW_YORK) and before.start.utcoffset() == dt.timedelta(hours=-4)
    assert after.start.utcoffset() == dt.timedelta(hours=-5)
    assert (before.time_text, after.time_text) == ("16:00–17:30 EDT", "16:00–17:30 EST")
    late = found[("ny-group", "week-3")]
    assert late.end == dt.datetime(2025, 11, 11, 0, 30, tzinfo=NEW_YORK)
    assert late.time_text == "23:00–00:30 (next day) EST"
    whole_day = found[("ny-group", "week-5")]
    assert whole_day.end == dt.datetime(2025, 12, 2, 0, 0, tzinfo=NEW_YORK)
    assert whole_day.time_text == "09:00–24:00 EST"


def test_the_event_header_names_both_abbreviations_when_the_clocks_change(site) -> None:
    sources, _, _ = outputs(site, Clock(day=dt.date(2025, 10, 30)))
    assert "<dt>Sessions</dt><dd>16:00–17:30 New York time (EDT/EST)</dd>" in sources["ny-group/index.md"]
    assert "<dt>Time</dt><dd>Mon/Wed 10:30–11:45 KST</dd>" in sources["seoul-course/index.md"]


def test_pages_calendars_and_feed_agree_on_every_instant(site) -> None:
    clock = Clock(day=dt.date(2025, 11, 20))
    sources, files, parsed = outputs(site, clock)
    for session in index_at(site, clock).sessions:
        if not session.is_timed:
            continue
        ics = files[f"{session.event_id}/{session.id}/{session.event_id}-{session.id}.ics"]
        (entry,) = icalendar.Calendar.from_ical(ics).events
        assert (entry.start, entry.end) == (session.start, session.end)
        page = sources[f"{session.event_id}/{session.id}/index.md"]
        times = re.findall(r'<time class="cq-when" datetime="([^"]+)" data-cq-end="([^"]+)">', page)
        assert times == [(entry.start.isoformat(), entry.end.isoformat())] if session.meets else times == []
        announced = [e for e in parsed.entries if e.id == SITE_URL + session.url]
        if announced:
            assert session.time_text in announced[0].summary


def test_date_only_sessions_keep_a_plain_date(site) -> None:
    sources, files, _ = outputs(site, Clock(day=dt.date(2025, 10, 30)))
    page = sources["seoul-course/lecture-3/index.md"]
    assert '<time datetime="2025-11-05">Wed, Nov 5, 2025</time>' in page and "cq-when" not in page
    (entry,) = icalendar.Calendar.from_ical(files["seoul-course/lecture-3/seoul-course-lecture-3.ics"]).events
    assert entry.start == dt.date(2025, 11, 5)


def test_the_next_session_is_marked_and_past_ones_carry_their_state(site) -> None:
    sources, _, _ = outputs(site, Clock(instant=dt.datetime(2025, 11, 3, 21, 30, tzinfo=dt.timezone.utc)))
    page = sources["ny-group/index.md"]
    row = lambda session_id: re.search(rf'<tr id="{session_id}"[^>]*>', page).group()  # noqa: E731
    assert 'data-cq-phase="ended"' in row("week-1")
    assert 'data-cq-phase="now"' in row("week-2") and "data-cq-next" in row("week-2")  # 16:30 EST: happening
    assert 'data-cq-phase="upcoming"' in row("week-3") and "data-cq-next" not in row("week-3")
    assert "data-cq-off" in row("week-4") and "data-cq-next" not in row("week-4")  # cancelled: never next
    assert re.search(r'<tr id="week-2".*?Happening now</span>', page, re.DOTALL)


# ---------------------------------------------------------------------------- releases


def test_releases_take_effect_at_midnight_in_the_event_zone(tmp_path: Path) -> None:
    events = {
        "ny": {"kind": "seminar", "title": "NY", "timezone": "America/New_York",
               "sessions": [{"number": 1, "title": "A", "video": {"url": tiny_site.VIDEO, "release": "2025-12-10"}}]},
        "seoul": {"kind": "seminar", "title": "Seoul", "timezone": "Asia/Seoul",
                  "sessions": [{"number": 1, "title": "A", "video": {"url": tiny_site.VIDEO, "release": "2025-12-10"}}]},
    }
    root = tiny_site.write_project(tmp_path, events=events)
    site = load_site(root / "data", root=root)
    # 00:17 UTC on Dec 10 is 19:17 on Dec 9 in New York and 9:17 on Dec 10 in Seoul.
    found = sessions(site, Clock(instant=dt.datetime(2025, 12, 10, 0, 17, tzinfo=dt.timezone.utc)))
    assert found[("ny", "week-1")].video_state == "scheduled"
    assert found[("seoul", "week-1")].video_state == "released"
    at_ny_midnight = sessions(site, Clock(instant=dt.datetime(2025, 12, 10, 5, 0, tzinfo=dt.timezone.utc)))
    assert at_ny_midnight[("ny", "week-1")].video_state == "released"


def test_an_overdue_release_keeps_its_date_and_is_a_notice(project, site) -> None:
    clock = Clock(day=dt.date(2025, 11, 20))
    index = index_at(site, clock)
    late = {(s.event_id, s.id): s for s in index.sessions}[("ny-group", "week-3")]
    assert late.video_state == "overdue"
    page = tiny_site.generated(index)["ny-group/week-3/index.md"]
    assert 'The video is expected on <time datetime="2025-11-12">Nov 12, 2025</time>.' in page
    (notice,) = [n for n in notices.notices(index) if n.file.startswith("data/events/")]
    written = (project / "data" / "events" / "ny-group.yml").read_text().splitlines()
    line = next(n for n, text in enumerate(written, 1) if "release: '2025-11-12'" in text)
    assert str(notice) == (
        f"data/events/ny-group.yml:{line}: week 3 (Late night).video.release: the video was expected on Nov 12, 2025"
        " and has no link yet: add its `url`, or a new `release` date"
    )
    on_the_day = notices.notices(index_at(site, Clock(day=dt.date(2025, 11, 12))))
    assert [n for n in on_the_day if n.file.startswith("data/events/")] == []  # due today: not yet overdue


# ---------------------------------------------------------------------------- event pages that read right


def test_columns_without_values_are_not_shown_and_a_group_may_read_papers(site) -> None:
    sources, _, _ = outputs(site, Clock(day=dt.date(2025, 10, 30)))
    group = sources["ny-group/index.md"]
    header = re.search(r"<thead>.*?</thead>", group).group()
    assert "<th scope=\"col\">Reading</th>" in header and "Presenter" not in header  # nobody presents
    assert re.search(r'<tr id="week-1".*?Denoising Diffusion Probabilistic Models', group, re.DOTALL)
    course = re.search(r"<thead>.*?</thead>", sources["seoul-course/index.md"]).group()
    assert "Materials" not in course and "Assignments" not in course and "Week" not in course


def test_cancelled_sessions_show_their_reason_and_no_time_or_link(site) -> None:
    sources, _, _ = outputs(site, Clock(day=dt.date(2025, 10, 30)))
    row = re.search(r'<tr id="week-4".*?</tr>', sources["ny-group/index.md"], re.DOTALL).group()
    assert "Thanksgiving week" in row and "cq-when" not in row and "Open session" not in row
