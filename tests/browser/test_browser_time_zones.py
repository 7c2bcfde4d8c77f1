"""Times in the reader's own zone and the live state of the schedule, in Chromium with the
reader's time zone and clock emulated.

The site is built on Oct 30, 2025 from a New York reading group across the November change of
clocks (with a session that ends after midnight) and a Seoul course; its calendar files are
the reference for every instant the pages show.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

import tiny_site

READERS = ["Europe/Berlin", "Asia/Seoul", "America/Los_Angeles"]


@pytest.fixture(scope="module")
def zones_site(tmp_path_factory) -> Path:
    root = tiny_site.write_project(tmp_path_factory.mktemp("zones"), events=tiny_site.TIME_ZONE_EVENTS)
    result = tiny_site.build(root, root / "site", build_date="2025-10-30")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def zones_browser(serve, zones_site):
    with serve(zones_site, "/tiny/") as site_browser:
        yield site_browser


def calendar_instants(site: Path, event_id: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """session id -> (start, end) of the timed sessions in the event's calendar."""
    events = icalendar.Calendar.from_ical((site / event_id / "calendar.ics").read_bytes()).events
    return {
        str(e["UID"]).split("@")[0].split("/")[1]: (e.start, e.end)
        for e in events
        if isinstance(e.start, dt.datetime)
    }


def clock_text(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"  # the page's 24-hour clock, with its leading zero


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("event_id", ["ny-group", "seoul-course"])
def test_each_time_shows_the_readers_own_time_of_the_calendars_instant(zones_browser, zones_site, reader, event_id):
    instants = calendar_instants(zones_site, event_id)
    zone = ZoneInfo(reader)
    with zones_browser.open(f"{event_id}/", timezone_id=reader) as tab:
        rows = tab.page.locator("tr.cq-item")
        checked = 0
        for i in range(rows.count()):
            row = rows.nth(i)
            session_id = row.get_attribute("id")
            when = row.locator("time.cq-when")
            if session_id not in instants or when.count() == 0:
                continue
            start, end = instants[session_id]
            assert dt.datetime.fromisoformat(when.get_attribute("datetime")) == start
            assert dt.datetime.fromisoformat(when.get_attribute("data-cq-end")) == end
            local = row.locator(".cq-local")
            if start.astimezone(zone).utcoffset() == start.utcoffset():
                expect(local).to_have_count(0)  # the reader's clock is the event's: nothing added
            else:
                text = local.inner_text()
                span = f"{clock_text(start.astimezone(zone))}–{clock_text(end.astimezone(zone))}"
                assert span in text and "your time" in text, (session_id, text)
                assert re.search(r"your time, GMT[+-]\d+$", text), text  # an offset: no abbreviation of two places
                if start.astimezone(zone).date() != start.date():  # another day there: it says which
                    assert start.astimezone(zone).strftime("%b") in text, text
            checked += 1
        assert checked >= 2


@pytest.mark.parametrize("reader", READERS)
def test_date_only_sessions_stay_on_their_day(zones_browser, zones_site, reader):
    with zones_browser.open("seoul-course/", timezone_id=reader) as tab:
        row = tab.page.locator("tr#lecture-3")
        day = row.locator("time")
        expect(day).to_have_count(1)
        assert day.get_attribute("datetime") == "2025-11-05"
        assert day.inner_text() == "Wed, Nov 5, 2025"
        expect(row.locator(".cq-local")).to_have_count(0)


def test_the_live_state_follows_the_readers_clock(zones_browser):
    """Built on Oct 30; read on Nov 3 at 16:30 New York time, then a week later."""
    with zones_browser.open(timezone_id="Europe/Berlin") as tab:
        page = tab.page
        page.clock.set_fixed_time(dt.datetime(2025, 11, 3, 21, 30, tzinfo=dt.timezone.utc))
        tab.goto("ny-group/")
        expect(page.locator("tr#week-2")).to_have_attribute("data-cq-phase", "now")
        expect(page.locator("tr#week-2 [data-cq-label]")).to_have_text("Happening now")
        expect(page.locator("tr#week-1")).to_be_hidden()  # past: collapsed
        toggle = page.get_by_role("button", name="Show 1 past session")
        expect(toggle).to_be_visible()

        page.clock.set_fixed_time(dt.datetime(2025, 11, 10, 12, 0, tzinfo=dt.timezone.utc))
        tab.goto("ny-group/")
        expect(page.locator("tr#week-2")).to_have_attribute("data-cq-phase", "ended")
        expect(page.locator("tr#week-3")).to_have_attribute("data-cq-next", "")
        expect(page.locator("tr#week-3 [data-cq-label]")).to_have_text("Next session")
        expect(page.locator("tr#week-1")).to_be_hidden()
        expect(page.locator("tr#week-2")).to_be_hidden()
        page.get_by_role("button", name="Show 2 past sessions").click()
        expect(page.locator("tr#week-1")).to_be_visible()

        tab.goto("")  # the home page's next sessions: only those not yet over
        titles = page.locator("[data-cq-next-sessions] li:visible").all_inner_texts()
        assert titles and all("After the change" not in title and "Before the change" not in title for title in titles)
        assert "Late night" in titles[0]

        tab.goto("ny-group/week-3/")
        expect(page.locator("[data-cq-label='status']")).to_have_text("Upcoming")
        page.clock.set_fixed_time(dt.datetime(2025, 11, 11, 4, 45, tzinfo=dt.timezone.utc))  # 23:45 EST
        tab.goto("ny-group/week-3/")
        expect(page.locator("[data-cq-label='status']")).to_have_text("Happening now")


def test_without_javascript_the_built_state_stays(zones_browser):
    with zones_browser.open("ny-group/", java_script_enabled=False) as tab:
        page = tab.page
        assert page.locator("tr#week-1").get_attribute("data-cq-phase") == "ended"
        expect(page.locator("tr#week-1")).to_be_visible()  # nothing collapses without the script
        expect(page.locator("tr#week-2")).to_have_attribute("data-cq-next", "")
        expect(page.locator(".cq-local")).to_have_count(0)
        assert re.search(r"16:00–17:30 EST", page.locator("tr#week-2").inner_text())


@pytest.mark.parametrize("fragment", ["#%", "#%E0%A4%A", "#week-1%"])
def test_the_script_survives_any_fragment_a_reader_types(zones_browser, fragment):
    """A fragment that is no valid escape (#%) once stopped the script half-way: no local
    times, no button for past sessions."""
    with zones_browser.open() as tab:
        tab.page.clock.set_fixed_time(dt.datetime(2025, 11, 20, 12, tzinfo=dt.timezone.utc))
        load = tab.goto("ny-group/" + fragment)
        assert load.console_errors == []
        expect(tab.page.locator(".cq-past-toggle")).to_be_visible()
        assert tab.page.locator(".cq-local").count() > 0
