"""Pages that travel (issue 23): Open Graph and Twitter card tags on every page, and
schema.org data (JSON-LD) that search engines read as events, checked against the required
and recommended properties of Google's guidelines for events."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import tiny_site
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.schedule import build_index
from colloquium.site_files import SessionPage, EventPage

SITE_URL = tiny_site.EXAMPLE_SITE_URL
SCHEMA = "https://schema.org/"
STATUSES = {SCHEMA + s for s in ("EventScheduled", "EventCancelled", "EventRescheduled", "EventPostponed", "EventMovedOnline")}
MODES = {SCHEMA + m for m in ("OfflineEventAttendanceMode", "OnlineEventAttendanceMode", "MixedEventAttendanceMode")}
# An ISO 8601 instant with its offset, or a day.
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Head(HTMLParser):
    """The meta tags, the canonical link and the JSON-LD of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical = None
        self.json_ld: list = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (key := attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_json = self._in_json and tag != "script"

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data

    def one(self, key: str) -> str | None:
        values = self.meta.get(key, [])
        assert len(values) <= 1, f"{key} given {len(values)} times"
        return values[0] if values else None


def head_of(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    head.json_ld = [json.loads(text) for text in head.json_ld]
    return head


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "programme" not in p.parts) + [site / "404.html"]


def local_file(site: Path, address: str) -> Path:
    assert address.startswith(SITE_URL), f"{address} is not served by the site itself"
    return site / address.removeprefix(SITE_URL)


# ---------------------------------------------------------------------------- Open Graph, every page


def test_every_page_carries_open_graph_and_twitter_tags(built_site):
    checked = long_alts = 0
    for path in pages(built_site):
        if path.name == "404.html":
            continue
        head = head_of(path)
        where = path.relative_to(built_site)
        for key in ("og:title", "og:description", "og:url", "og:site_name", "og:locale", "og:image", "twitter:card"):
            assert head.one(key), f"{where}: no {key}"
        # X falls back to the Open Graph tags: its own copies would only add bytes to every page
        assert not {"twitter:title", "twitter:description", "twitter:image"} & set(head.meta), where
        assert head.one("og:site_name") == tiny_site.EXAMPLE_SITE_NAME
        assert head.one("og:locale") == "en"
        assert head.one("og:url") == head.canonical, f"{where}: og:url is not the canonical address"
        assert local_file(built_site, head.one("og:image")).is_file(), f"{where}: the preview image is not on the site"
        assert "<" not in head.one("og:description"), f"{where}: the description is not plain text"
        # X reads at most 420 characters of a picture's description (its cards' markup)
        alt, card_alt = head.one("og:image:alt") or "", head.one("twitter:image:alt") or ""
        assert len(card_alt) <= 420 and card_alt.removesuffix("…") in alt and bool(card_alt) == bool(alt), where
        long_alts += len(alt) > 420
        checked += 1
    assert long_alts > 0  # the example has figures with longer descriptions, which og:image:alt keeps whole
    assert checked > 90


def test_a_session_preview_has_its_title_summary_event_and_figure(built_site):
    head = head_of(built_site / "cs492c-fall-2025" / "lecture-3" / "index.html")
    assert head.one("og:title") == "Lecture 3: DDPM 1"
    assert head.one("twitter:data1") == "CS492(C): Diffusion and Flow Models"
    assert head.one("twitter:label1") == "Event"
    # the session's first figure, served by the site itself
    assert head.one("og:image") == SITE_URL + "figures/forward-process.png"
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("og:image:alt")


def test_a_session_without_a_figure_is_previewed_with_the_site_image(built_site):
    head = head_of(built_site / "ntu-workshop-2026" / "2026-03-30-afternoon" / "index.html")
    assert head.one("og:image") == SITE_URL + "assets/images/preview.png"
    assert head.one("og:description")  # from its date, presenters and event when it has no summary
    assert "2026" in head.one("og:description")


def test_a_summary_becomes_a_plain_description_without_markdown(built_site):
    head = head_of(built_site / "diffusion-seminar-2025" / "week-2" / "index.html")
    description = head.one("og:description")
    assert description.startswith("What a generative model is")
    assert "**" not in description and "](" not in description
    assert len(description) <= 200


def test_an_event_with_its_own_image_is_previewed_with_it(tmp_path):
    events = {"tiny-seminar": {**tiny_site.EVENTS["tiny-seminar"], "image": "assets/images/preview.png"}}
    index = _index(tmp_path, events)
    (tmp_path / "content" / "assets" / "images").mkdir(parents=True)
    meta = _front_matter(tiny_site.generated(index, only=(EventPage,))["tiny-seminar/index.md"])
    tags = {name: content for _, name, content in meta["cq_preview"]}
    assert tags["og:image"] == "https://example.org/tiny/assets/images/preview.png"
    assert tags["og:image:alt"] == "Tiny Seminar"


def test_an_event_image_that_is_not_on_the_site_is_an_error(tmp_path):
    events = {"tiny-seminar": {**tiny_site.EVENTS["tiny-seminar"], "image": "assets/images/elsewhere.png"}}
    tiny_site.write_project(tmp_path, events=events)
    (tmp_path / "content").mkdir()
    from colloquium.errors import DataErrors

    with pytest.raises(DataErrors) as caught:
        load_site(tmp_path / "data", root=tmp_path, content_dir=tmp_path / "content")
    (error,) = caught.value.errors
    assert str(error).startswith("data/events/tiny-seminar.yml:")
    assert "'assets/images/elsewhere.png' is not a file under content/" in str(error)


# ---------------------------------------------------------------------------- JSON-LD of the example


def _event_data(head: Head, where) -> dict:
    assert len(head.json_ld) == 1, f"{where}: {len(head.json_ld)} JSON-LD blocks"
    data = head.json_ld[0]
    assert data["@context"] == "https://schema.org"
    return data


def check_location(location, where):
    """A Place with a name and address, or a VirtualLocation with a url (Google: required)."""
    for place in location if isinstance(location, list) else [location]:
        if place["@type"] == "Place":
            assert place["name"] and place["address"]["streetAddress"], where
        else:
            assert place["@type"] == "VirtualLocation" and place["url"].startswith("https://"), where


def check_event(event: dict, where):
    """Google's required (name, startDate, location) and recommended properties of an Event."""
    assert event["@type"] == "Event", where
    assert event["name"], where
    for key in ("startDate", "endDate"):
        assert INSTANT.match(event[key]) or DAY.match(event[key]), f"{where}: {key} {event[key]!r}"
    assert event["endDate"] >= event["startDate"] or "T" in event["startDate"], where
    assert event["eventStatus"] in STATUSES, where
    check_location(event["location"], where)
    assert event.get("eventAttendanceMode", SCHEMA + "OfflineEventAttendanceMode") in MODES, where
    assert event["organizer"], where
    assert event["url"].startswith(SITE_URL), where
    if event["eventStatus"] == SCHEMA + "EventRescheduled":
        assert DAY.match(event.get("previousStartDate", "")) or INSTANT.match(event.get("previousStartDate", "")), where
    for performer in event.get("performer", []):
        assert performer["@type"] == "Person" and performer["name"], where


def test_every_dated_session_of_the_example_is_an_event_with_start_status_and_location(built_site):
    index = build_index(load_site(tiny_site.EXAMPLE_DATA), Clock(day=dt.date(2025, 9, 20)), Outputs(site_url=SITE_URL))
    dated = 0
    for entry in index.sessions:
        path = built_site / entry.url / "index.html"
        data = _event_data(head_of(path), entry.url)
        if entry.session.date is None:  # no day: no Event; what it is, with its video
            assert data["@type"] == "LearningResource", entry.url
            assert data["isPartOf"]["url"] == SITE_URL + entry.event.url
            assert ("video" in data) == (entry.video_state == "released"), entry.url
            continue
        dated += 1
        check_event(data, entry.url)
        assert data["url"] == SITE_URL + entry.url
        if entry.is_timed:  # a time of day: the instant with its offset, as the page says
            assert INSTANT.match(data["startDate"]), entry.url
            assert dt.datetime.fromisoformat(data["startDate"]) == entry.start
            assert dt.datetime.fromisoformat(data["endDate"]) == entry.end
        expected = {"scheduled": "EventScheduled", "tentative": "EventScheduled", "rescheduled": "EventRescheduled",
                    "cancelled": "EventCancelled", "no-class": "EventCancelled"}[entry.status]
        assert data["eventStatus"] == SCHEMA + expected, entry.url
        assert data["superEvent"]["url"] == SITE_URL + entry.event.url
    assert dated == 50


def test_a_day_without_class_is_cancelled_and_a_moved_lecture_is_rescheduled_from_its_first_day(built_site):
    index = build_index(load_site(tiny_site.EXAMPLE_DATA), Clock(day=dt.date(2025, 9, 20)), Outputs(site_url=SITE_URL))
    course = index.events["cs492c-fall-2025"]
    off = next(s for s in course.sessions if s.status == "no-class")
    moved = next(s for s in course.sessions if s.status == "rescheduled")
    assert _event_data(head_of(built_site / off.url / "index.html"), off.url)["eventStatus"] == SCHEMA + "EventCancelled"
    data = _event_data(head_of(built_site / moved.url / "index.html"), moved.url)
    assert data["eventStatus"] == SCHEMA + "EventRescheduled"
    assert data["previousStartDate"] == moved.session.moved_from.isoformat()


def test_the_course_is_a_course_with_its_sessions(built_site):
    data = _event_data(head_of(built_site / "cs492c-fall-2025" / "index.html"), "course")
    assert data["@type"] == "Course"
    assert data["name"] and data["description"]
    assert data["provider"]["name"] == "KAIST"
    (instance,) = data["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["courseMode"] == "onsite"
    assert [p["name"] for p in instance["instructor"]]
    sessions = instance["subEvent"]
    assert len(sessions) == 32
    for session in sessions:
        check_event(session, session["name"])


def test_event_pages_with_days_are_events_and_a_lecture_without_a_day_is_a_learning_resource(built_site):
    workshop = _event_data(head_of(built_site / "ntu-workshop-2026" / "index.html"), "workshop")
    check_event(workshop, "workshop")
    assert workshop["startDate"] == "2026-03-30" and workshop["endDate"] == "2026-04-03"
    assert len(workshop["subEvent"]) == 10
    series = _event_data(head_of(built_site / "principles-of-diffusion-2026" / "index.html"), "reading group")
    assert series["@type"] == "EventSeries"
    lecture = _event_data(head_of(built_site / "lecture-16-diffusion" / "index.html"), "lecture")
    assert lecture["@type"] == "LearningResource"
    assert len(lecture["hasPart"]) == 7


def test_a_released_video_is_a_video_object(built_site):
    data = _event_data(head_of(built_site / "diffusion-seminar-2025" / "week-2" / "index.html"), "week 2")
    video = data["video"]
    assert video["@type"] == "VideoObject"
    # Google's required properties of a video
    assert video["name"] and video["thumbnailUrl"].startswith("https://") and DAY.match(video["uploadDate"])
    assert video["embedUrl"].startswith("https://www.youtube-nocookie.com/embed/")


# ---------------------------------------------------------------------------- JSON-LD of tiny sites


def _index(root: Path, events: dict, day: str = "2025-09-20", site_url: str = "https://example.org/tiny/"):
    tiny_site.write_project(root, events=events)
    return build_index(load_site(root / "data", root=root), Clock(day=dt.date.fromisoformat(day)), Outputs(site_url=site_url))


def _front_matter(source: str) -> dict:
    return yaml.safe_load(source.split("---\n", 2)[1])


def _json_ld(source: str) -> dict:
    script = _front_matter(source)["cq_jsonld"]
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script, re.S)
    assert match and "<" not in match[1]
    return json.loads(match[1])


def _session_ld(index, session_id: str, event_id: str = "online") -> dict:
    sources = tiny_site.generated(index, only=(SessionPage,))
    return _json_ld(sources[f"{event_id}/{session_id}/index.md"])


ONLINE = {
    "kind": "seminar",
    "title": "Online </script><b>Seminar</b>",
    "timezone": "Asia/Seoul",
    "meeting": {"url": "https://zoom.us/j/123", "visible_before": 60},
    "sessions": [
        {"number": 1, "title": "Held back", "date": "2025-09-22", "start": "10:00", "end": "11:00"},
        {"number": 2, "title": "Soon", "date": "2025-09-20", "start": "12:30", "end": "13:30"},
        {"number": 3, "title": "In a room too", "date": "2025-09-29", "start": "10:00", "end": "11:00",
         "location": "Room 101", "meeting": "https://zoom.us/j/456"},
        {"number": 4, "title": "Called off", "date": "2025-10-06", "start": "10:00", "end": "11:00",
         "status": "cancelled", "status_note": "Chuseok"},
    ],
}


def test_a_held_back_meeting_link_is_not_in_the_data_the_session_page_stands_in(tmp_path):
    # 2025-09-20 12:00 in Seoul: session 2 starts in 30 minutes, session 1 in two days
    index = build_index(
        load_site(tiny_site.write_project(tmp_path, events={"online": ONLINE}) / "data", root=tmp_path),
        Clock(instant=dt.datetime(2025, 9, 20, 3, 0, tzinfo=dt.timezone.utc)),
        Outputs(site_url="https://example.org/tiny/"),
    )
    held = _session_ld(index, "week-1")
    assert held["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert held["location"] == {"@type": "VirtualLocation", "url": "https://example.org/tiny/online/week-1/"}
    assert "zoom.us" not in json.dumps(held)
    soon = _session_ld(index, "week-2")
    assert soon["location"] == {"@type": "VirtualLocation", "url": "https://zoom.us/j/123"}
    mixed = _session_ld(index, "week-3")
    assert mixed["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert [place["@type"] for place in mixed["location"]] == ["Place", "VirtualLocation"]
    assert mixed["location"][0]["name"] == "Room 101"


def test_a_cancelled_session_is_event_cancelled(tmp_path):
    index = _index(tmp_path, {"online": ONLINE})
    data = _session_ld(index, "week-4")
    assert data["eventStatus"] == SCHEMA + "EventCancelled"
    assert data["startDate"] == "2025-10-06T10:00:00+09:00"


def test_text_cannot_close_the_json_ld_script(tmp_path):
    index = _index(tmp_path, {"online": ONLINE})
    data = _session_ld(index, "week-1")
    assert data["superEvent"]["name"] == "Online </script><b>Seminar</b>"
    source = tiny_site.generated(index, only=(SessionPage,))["online/week-1/index.md"]
    assert "</script><b>" not in _front_matter(source)["cq_jsonld"]


def test_a_site_without_an_address_has_no_absolute_links_in_its_data(tmp_path):
    tiny_site.write_project(tmp_path, events={"online": ONLINE})
    index = build_index(load_site(tmp_path / "data", root=tmp_path), Clock(day=dt.date(2025, 9, 20)), Outputs())
    sources = tiny_site.generated(index, only=(SessionPage,))
    meta = _front_matter(sources["online/week-3/index.md"])
    names = [name for _, name, _ in meta["cq_preview"]]
    assert "og:title" in names and "og:url" not in names and "og:image" not in names
    assert "example.org/tiny" not in meta["cq_jsonld"]


def test_an_event_image_from_elsewhere_is_refused_in_words(tmp_path):
    from test_validation import event_errors

    errors = event_errors(tmp_path, "kind: seminar\ntitle: S\nimage: https://example.org/a.png\n")
    assert errors == [
        "data/events/s.yml:3: image: 'https://example.org/a.png' is not a path under content/ (give the file's path "
        "under content/, e.g. assets/images/seminar.png: the site serves its pictures itself)"
    ]
