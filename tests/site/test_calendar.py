"""iCalendar files: parsed back with the icalendar library, as a calendar application would."""

import datetime as dt
from pathlib import Path

import icalendar
import pytest

import tiny_site
from colloquium import kinds, site_files
from colloquium.dates import Clock
from colloquium.loader import Site, load_site
from colloquium.model import Person
from colloquium.outputs import Outputs
from colloquium.schedule import DEFAULT_DURATION, build_index

REPO_ROOT = Path(__file__).resolve().parents[2]

SITE_URL = "https://organizer.github.io/colloquium/"
BUILD_DATE = dt.date(2025, 9, 20)

# Brussels leaves summer time on 2025-10-26 and New York enters it on 2026-03-08: both events
# have sessions on either side of the switch, at the same local time.
SEMINAR = {
    "kind": "seminar",
    "title": "Diffusion Seminar",
    "timezone": "Europe/Brussels",
    "location": "Room 1",
    "session_time": {"start": "14:00", "end": "15:30"},
    "sessions": [
        {
            "number": 1,
            "title": "DDPM",
            "date": "2025-10-20",
            "presenters": ["ada", {"name": "Grace Guest", "affiliation": "Elsewhere University"}],
            "summary": "Denoising as a [Markov chain](https://arxiv.org/abs/2006.11239).",
        },
        {"number": 2, "title": "DDIM", "date": "2025-10-27", "location": "Room 2"},
        {"number": 3, "title": "Holiday", "date": "2025-11-03", "status": "cancelled", "status_note": "All Saints"},
        {"number": 4, "title": "Score matching", "date": "2025-11-10", "start": "10:00"},
        {"number": 5, "title": "Not scheduled yet"},
    ],
}
COURSE = {
    "kind": "course",
    "title": "Flow Models",
    "timezone": "America/New_York",
    "session_time": {"start": "10:30", "end": "11:45"},
    "sessions": [
        {"number": 1, "title": "Before the switch", "date": "2026-03-04"},
        {"number": 2, "title": "After the switch", "date": "2026-03-11"},
        {"number": 3, "title": "Moved", "date": "2026-03-13", "status": "rescheduled", "rescheduled_from": "2026-03-12"},
        {"title": "Spring break", "date": "2026-03-16", "type": "no-class"},
    ],
}
WORKSHOP = {
    "kind": "workshop",
    "title": "Diffusion Workshop",
    "timezone": "Asia/Taipei",
    "dates": {"start": "2026-03-30", "end": "2026-04-03"},
    "slots": {"morning": {"start": "09:30", "end": "12:00"}},
    "sessions": [
        {"title": "Opening", "date": "2026-03-30", "slot": "morning"},
        {"title": "Poster day", "date": "2026-04-01"},
    ],
}


def make_site() -> Site:
    events = {name: kinds.event_file().model_validate(data).root for name, data in
              [("seminar", SEMINAR), ("course", COURSE), ("workshop", WORKSHOP)]}
    return Site(people={"ada": Person(name="Ada Lovelace")}, readings={}, events=events)


def all_files(site: Site, build_date: dt.date = BUILD_DATE) -> dict[str, bytes]:
    return calendar_files(build_index(site, Clock(day=build_date), Outputs(site_url=SITE_URL)))


def calendar_files(index) -> dict[str, bytes]:
    """The site's, every event's and every session's calendar file."""
    calendars = (site_files.SiteCalendar, site_files.EventCalendar, site_files.SessionCalendar)
    return tiny_site.generated(index, "Colloquium", only=calendars)


def site_calendar(site: Site, *, build_date: dt.date = BUILD_DATE) -> bytes:
    return all_files(site, build_date)["calendar.ics"]


def event_calendar(site: Site, event_id: str) -> bytes:
    return all_files(site)[f"{event_id}/calendar.ics"]


def session_calendar(site: Site, event_id: str, session_id: str) -> bytes | None:
    return all_files(site).get(f"{event_id}/{session_id}/{event_id}-{session_id}.ics")


def parse(ics: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(ics)


def entries(ics: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in parse(ics).events}


def test_every_file_parses_with_its_time_zones_included():
    files = all_files(make_site())
    # the site, three events, and one file per dated session (10 of the 11 sessions)
    assert len(files) == 1 + 3 + 10
    for path, ics in files.items():
        calendar = parse(ics)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"], path
        subscribed = path.endswith("calendar.ics")
        # subscribers re-fetch daily, as often as the site is rebuilt; a session's own file is
        # imported into the reader's calendar (Outlook would open a file that names a calendar
        # as a calendar of its own)
        for line in (b"REFRESH-INTERVAL;VALUE=DURATION:P1D", b"X-PUBLISHED-TTL:P1D", b"\r\nNAME:", b"X-WR-CALNAME:"):
            assert (line in ics) == subscribed, (path, line)
        assert calendar.events, path
        assert calendar.get_missing_tzids() == set(), path


def test_uids_are_stable_across_builds_and_the_stamp_follows_the_build_date():
    first = site_calendar(make_site())
    again = site_calendar(make_site())
    assert first == again  # reproducible: no wall clock, no random UID, no set order
    later = site_calendar(make_site(), build_date=BUILD_DATE + dt.timedelta(days=1))
    assert entries(later).keys() == entries(first).keys()
    assert "seminar/week-1@organizer.github.io" in entries(first)
    stamps = {e.DTSTAMP for e in parse(later).events}
    assert stamps == {dt.datetime(2025, 9, 21, tzinfo=dt.timezone.utc)}


@pytest.mark.parametrize(
    ("event_id", "before_uid", "after_uid", "zone", "offsets"),
    [
        ("seminar", "seminar/week-1", "seminar/week-2", "Europe/Brussels", (2, 1)),
        ("course", "course/lecture-1", "course/lecture-2", "America/New_York", (-5, -4)),
    ],
)
def test_local_times_hold_across_a_daylight_saving_change(event_id, before_uid, after_uid, zone, offsets):
    ics = event_calendar(make_site(), event_id)
    found = entries(ics)
    before, after = found[f"{before_uid}@organizer.github.io"], found[f"{after_uid}@organizer.github.io"]
    # same local wall-clock time on both sides of the switch ...
    assert before.start.time() == after.start.time()
    assert before.start.tzinfo.key == after.start.tzinfo.key == zone
    assert "TZID=" + zone in ics.decode()
    # ... so the UTC offsets differ by exactly one hour
    assert (before.start.utcoffset().total_seconds() / 3600, after.start.utcoffset().total_seconds() / 3600) == offsets
    (timezone,) = parse(ics).timezones
    assert timezone.tz_name == zone


@pytest.mark.parametrize(
    ("event_id", "kind", "day", "offsets"),
    [
        ("seminar", "STANDARD", dt.date(2025, 10, 26), (2, 1)),
        ("course", "DAYLIGHT", dt.date(2026, 3, 8), (-5, -4)),
    ],
)
def test_the_embedded_vtimezone_defines_the_switch(event_id, kind, day, offsets):
    """Clients without a zone database of their own read the switch from the file (icalendar
    rebuilds the zone from the VTIMEZONE alone, without looking its name up)."""
    ics = event_calendar(make_site(), event_id)
    (timezone,) = parse(ics).timezones
    assert timezone.walk(kind)
    from_file = timezone.to_tz(lookup_tzid=False)
    around = [dt.datetime.combine(day + dt.timedelta(days=d), dt.time(12), tzinfo=from_file) for d in (-1, 1)]
    assert [moment.utcoffset() for moment in around] == [dt.timedelta(hours=hours) for hours in offsets]


def test_date_only_sessions_are_all_day_and_a_workshop_spans_its_days():
    ics = event_calendar(make_site(), "workshop")
    found = entries(ics)
    poster = found["workshop/2026-04-01@organizer.github.io"]
    assert poster.start == dt.date(2026, 4, 1) and not isinstance(poster.start, dt.datetime)
    assert poster.end == dt.date(2026, 4, 2)  # DTEND of an all-day event is the next day
    assert "DTSTART;VALUE=DATE:20260401" in ics.decode()
    whole = found["workshop@organizer.github.io"]
    assert (whole.start, whole.end) == (dt.date(2026, 3, 30), dt.date(2026, 4, 4))
    assert whole["TRANSP"] == "TRANSPARENT"
    opening = found["workshop/2026-03-30-morning@organizer.github.io"]  # the slot gives the time
    assert (opening.start.hour, opening.start.minute, opening.end.hour) == (9, 30, 12)


def test_cancelled_and_no_class_sessions_are_marked_cancelled_and_moved_ones_are_not():
    site = make_site()
    seminar = entries(event_calendar(site, "seminar"))
    course = entries(event_calendar(site, "course"))
    assert seminar["seminar/week-3@organizer.github.io"]["STATUS"] == "CANCELLED"
    assert "All Saints" in seminar["seminar/week-3@organizer.github.io"]["DESCRIPTION"]
    assert course["course/2026-03-16@organizer.github.io"]["STATUS"] == "CANCELLED"
    assert seminar["seminar/week-1@organizer.github.io"]["STATUS"] == "CONFIRMED"
    moved = course["course/lecture-3@organizer.github.io"]  # rescheduled: it takes place on its new day
    assert moved["STATUS"] == "CONFIRMED"
    assert "Rescheduled (from Thu, Mar 12, 2026)" in moved["DESCRIPTION"]


def test_an_entry_links_back_and_says_what_who_and_where():
    ics = session_calendar(make_site(), "seminar", "week-1")
    (entry,) = parse(ics).events
    assert entry["URL"] == SITE_URL + "seminar/week-1/"
    assert entry["SUMMARY"] == "Diffusion Seminar: DDPM"
    assert entry["LOCATION"] == "Room 1"
    description = entry["DESCRIPTION"]
    assert "Ada Lovelace" in description and "Grace Guest (Elsewhere University)" in description
    assert "Markov chain (https://arxiv.org/abs/2006.11239)" in description  # Markdown link as text
    assert SITE_URL + "seminar/week-1/" in description
    second = session_calendar(make_site(), "seminar", "week-2")
    assert parse(second).events[0]["LOCATION"] == "Room 2"  # a session's own place wins


def test_start_without_end_lasts_the_default_duration():
    (entry,) = parse(session_calendar(make_site(), "seminar", "week-4")).events
    assert entry.start.hour == 10
    assert entry.end - entry.start == DEFAULT_DURATION


def test_undated_sessions_are_left_out():
    site = make_site()
    assert session_calendar(site, "seminar", "week-5") is None
    found = entries(event_calendar(site, "seminar"))
    assert "seminar/week-5@organizer.github.io" not in found
    assert len(found) == 4


def test_every_calendar_of_the_example_site_parses():
    index = build_index(load_site(tiny_site.EXAMPLE_DATA), Clock(day=BUILD_DATE), Outputs(site_url=SITE_URL))
    files = calendar_files(index)
    dated = [(s.event_id, s.id) for s in index.sessions if s.session.date is not None]
    assert {path for path in files if path.count("/") == 2} == {
        f"{event_id}/{session_id}/{event_id}-{session_id}.ics" for event_id, session_id in dated}
    for path, ics in files.items():
        calendar = parse(ics)
        assert calendar.get_missing_tzids() == set(), path
        uids = [str(e["UID"]) for e in calendar.events]
        assert len(uids) == len(set(uids)), path
    spanning = sum(event.event.spans_days for event in index.events.values())
    dated_items = sum(len(event.dated_items) for event in index.events.values())
    assert len(parse(files["calendar.ics"]).events) == len(dated) + spanning + dated_items


def test_a_files_time_zone_rules_cover_its_own_years_not_the_whole_sites():
    """A site that spans decades (an archive of past events) would otherwise put decades of a
    zone's rules into every session's file."""
    import copy

    old = copy.deepcopy(SEMINAR)
    old["title"] = "Old Seminar"
    old["sessions"] = [{**s, "date": s["date"].replace("2025", "1975")} for s in old["sessions"] if "date" in s]
    site = make_site()
    site.events["old-seminar"] = kinds.event_file().model_validate(old).root
    files = all_files(site)

    def rule_years(ics: bytes) -> set[int]:
        zone = next(c for c in parse(ics).walk("VTIMEZONE") if c["TZID"] == "Europe/Brussels")
        return {sub.decoded("DTSTART").year for sub in zone.subcomponents}

    assert min(rule_years(files["calendar.ics"])) <= 1975  # the site's calendar holds both decades
    assert min(rule_years(files["seminar/calendar.ics"])) >= 2024
    session = files["seminar/week-1/seminar-week-1.ics"]
    assert min(rule_years(session)) >= 2024 and len(session) < len(files["calendar.ics"]) / 2
    assert parse(session).get_missing_tzids() == set()
