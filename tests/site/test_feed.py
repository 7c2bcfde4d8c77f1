"""The Atom feed, read back with feedparser as a feed reader would."""

import datetime as dt
import time
from pathlib import Path

import feedparser
from lxml import etree

import tiny_site
from colloquium import feed as feed_writer
from colloquium import kinds
from colloquium.dates import Clock
from colloquium.feed import ANNOUNCE_AHEAD
from colloquium.loader import Site, load_site
from colloquium.model import Person
from colloquium.outputs import Outputs
from colloquium.schedule import build_index

SITE_URL = "https://organizer.github.io/colloquium/"
REPO_ROOT = Path(__file__).resolve().parents[2]

SEMINAR = {
    "kind": "seminar",
    "title": "Diffusion Seminar",
    "timezone": "Asia/Seoul",
    "dates": {"start": "2025-08-25"},
    "session_time": {"start": "14:00", "end": "15:30"},
    "sessions": [
        # video without a release date: out since the session
        {"number": 1, "title": "DDPM", "date": "2025-09-01", "presenters": ["ada"],
         "video": "https://www.youtube.com/watch?v=dQs8gQJ5rxI"},
        # video released on Oct 14, well after the session
        {"number": 2, "title": "DDIM", "date": "2025-09-08",
         "video": {"url": "https://youtu.be/Hg7gXjfUGmI", "release": "2025-10-14"}},
        # video announced, no link yet: never in the feed
        {"number": 3, "title": "Guidance", "date": "2025-09-15", "video": {"release": "2025-10-20"}},
        {"number": 4, "title": "Cancelled week", "date": "2025-10-20", "status": "cancelled"},
        # undated session: not announced, its video counts from the event's first day
        {"number": 5, "title": "Undated", "video": "https://youtu.be/YbvVJAxMHTE"},
    ],
}


def make_site() -> Site:
    return Site(
        people={"ada": Person(name="Ada Lovelace")},
        readings={},
        events={"seminar": kinds.event_file().model_validate(SEMINAR).root},
    )


def atom_feed(site: Site, *, site_url: str, site_name: str, build_date: dt.date) -> bytes:
    return feed_writer.atom_feed(build_index(site, Clock(day=build_date), Outputs(site_url=site_url)), site_name)


def read(build_date: dt.date) -> feedparser.FeedParserDict:
    feed = feedparser.parse(atom_feed(make_site(), site_url=SITE_URL, site_name="Colloquium", build_date=build_date))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def day(entry) -> dt.date:
    """The entry's date where the event takes place (its timestamp carries that offset)."""
    return dt.date.fromisoformat(entry.published[:10])


def test_the_feed_is_valid_atom_with_links_and_ids():
    data = atom_feed(make_site(), site_url=SITE_URL, site_name="Colloquium", build_date=dt.date(2025, 10, 14))
    root = etree.fromstring(data)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    feed = read(dt.date(2025, 10, 14))
    assert feed.feed.title == "Colloquium"
    assert feed.feed.id == SITE_URL
    assert {(link.rel, link.href) for link in feed.feed.links} == {
        ("alternate", SITE_URL), ("self", SITE_URL + "feed.xml")}
    for entry in feed.entries:
        assert entry.id.startswith(SITE_URL) and entry.title and entry.summary
        assert [link.href for link in entry.links] == [entry.link]
        assert entry.link.startswith(SITE_URL + "seminar/week-")
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_entries_are_newest_first():
    feed = read(dt.date(2025, 12, 1))
    times = [time.mktime(entry.published_parsed) for entry in feed.entries]
    assert times == sorted(times, reverse=True)
    assert [entry.title for entry in feed.entries][:2] == [
        "Video released: Diffusion Seminar: DDIM",  # Oct 14
        "Cancelled: Diffusion Seminar: Cancelled week",  # Oct 20, announced a week ahead
    ]


def test_an_entry_appears_on_its_day_and_not_before():
    before = read(dt.date(2025, 10, 13))
    on_the_day = read(dt.date(2025, 10, 14))
    video = SITE_URL + "seminar/week-2/#video"
    assert video not in {entry.id for entry in before.entries}
    (released,) = [entry for entry in on_the_day.entries if entry.id == video]
    assert released.title == "Video released: Diffusion Seminar: DDIM"
    assert day(released) == dt.date(2025, 10, 14)
    assert released.link == SITE_URL + "seminar/week-2/"
    for feed, build_date in ((before, dt.date(2025, 10, 13)), (on_the_day, dt.date(2025, 10, 14))):
        assert all(day(entry) <= build_date for entry in feed.entries)
    # the Oct 20 session is announced on Oct 13
    announced = SITE_URL + "seminar/week-4/"
    assert announced not in {entry.id for entry in read(dt.date(2025, 10, 12)).entries}
    assert announced in {entry.id for entry in before.entries}


def test_sessions_are_announced_ahead_and_videos_without_a_link_never_appear():
    feed = read(dt.date(2025, 10, 14))
    by_id = {entry.id: entry for entry in feed.entries}
    assert day(by_id[SITE_URL + "seminar/week-1/"]) == dt.date(2025, 9, 1) - ANNOUNCE_AHEAD
    assert day(by_id[SITE_URL + "seminar/week-1/#video"]) == dt.date(2025, 9, 1)  # no release date
    assert by_id[SITE_URL + "seminar/week-1/"].author == "Ada Lovelace"
    assert SITE_URL + "seminar/week-3/#video" not in by_id
    assert SITE_URL + "seminar/week-4/" in by_id  # Oct 20 minus a week is Oct 13
    assert day(by_id[SITE_URL + "seminar/week-5/#video"]) == dt.date(2025, 8, 25)
    assert sorted(by_id) == sorted([
        SITE_URL + "seminar/week-1/", SITE_URL + "seminar/week-1/#video",
        SITE_URL + "seminar/week-2/", SITE_URL + "seminar/week-2/#video",
        SITE_URL + "seminar/week-3/", SITE_URL + "seminar/week-4/",
        SITE_URL + "seminar/week-5/#video",  # but no announcement of the undated session
    ])


def test_the_same_data_and_day_give_the_same_feed():
    build = lambda: atom_feed(make_site(), site_url=SITE_URL, site_name="Colloquium", build_date=dt.date(2025, 10, 14))
    assert build() == build()
    assert read(dt.date(2025, 10, 14)).feed.updated.startswith("2025-10-14")  # the newest entry, not now


def test_the_example_site_feed_parses_with_unique_ids_up_to_the_build_date():
    build_date = dt.date(2025, 10, 14)
    data = atom_feed(load_site(tiny_site.EXAMPLE_DATA), site_url=SITE_URL, site_name="Colloquium", build_date=build_date)
    feed = feedparser.parse(data)
    assert not feed.bozo and feed.version == "atom10"
    assert feed.entries
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert all(day(entry) <= build_date for entry in feed.entries)
    assert any(entry.title.startswith("Video released: ") for entry in feed.entries)


def test_an_event_in_another_language_marks_its_entries_with_it():
    """Atom's xml:lang on the entry (RFC 4287 §2): a reader's client reads a Japanese event's
    entries as Japanese in a feed that is English; the other entries are the feed's."""
    site = make_site()
    japanese = kinds.event_file().model_validate({**SEMINAR, "title": "拡散モデル輪読会", "language": "ja"}).root
    site = Site(people=site.people, readings={}, events={**site.events, "rinko": japanese})
    feed = feedparser.parse(atom_feed(site, site_url=SITE_URL, site_name="Colloquium", build_date=dt.date(2025, 11, 1)))
    assert not feed.bozo and feed.feed.title_detail.language == "en"
    languages = {entry.title_detail.language for entry in feed.entries if entry.title.startswith("拡散モデル輪読会")}
    assert languages == {"ja"}
    assert {entry.title_detail.language for entry in feed.entries if "Diffusion Seminar" in entry.title} == {"en"}
