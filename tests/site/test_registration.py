"""Registration (issue 23): a link, when it opens and closes, a note; shown until it closes,
then said to be closed; carried by calendars, sessions.json, the embed and announcements;
validated in plain words at file:line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import tiny_site
from colloquium import announce, site_files
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.schedule import build_index
from test_validation import event_errors

FORM = "https://example.org/register"
TALKS = {
    "kind": "seminar",
    "title": "Talks",
    "timezone": "Asia/Seoul",
    "dates": {"start": "2025-09-01", "end": "2025-12-31"},
    "registration": {"url": "https://example.org/series", "closes": "2025-12-01"},
    "sessions": [
        {"number": 1, "title": "Guest talk", "date": "2025-09-25", "start": "16:00", "end": "17:30",
         "registration": {"url": FORM, "opens": "2025-09-15", "closes": "2025-09-24 12:00", "note": "Places are limited"}},
        {"number": 2, "title": "Series talk", "date": "2025-10-02", "start": "16:00", "end": "17:30"},
        {"number": 3, "title": "Called off", "date": "2025-10-09", "start": "16:00", "end": "17:30", "status": "cancelled"},
    ],
}


def _index(tmp_path, instant: str):
    root = tiny_site.write_project(tmp_path, events={"talks": TALKS})
    moment = dt.datetime.fromisoformat(instant)
    return build_index(load_site(root / "data", root=root), Clock(instant=moment), Outputs(site_url="https://example.org/tiny/"))


def _page(index, path="talks/week-1/index.md") -> str:
    return site_files.write_all(site_files.Build(index, "Tiny"), [site_files.SessionPage(), site_files.EventPage()]).sources[path]


@pytest.mark.parametrize("instant, state", [
    ("2025-09-14T23:59+09:00", "upcoming"),
    ("2025-09-15T00:00+09:00", "open"),
    ("2025-09-24T11:59+09:00", "open"),
    ("2025-09-24T12:00+09:00", "closed"),
])
def test_registration_opens_and_closes_at_the_event_s_local_times(tmp_path, instant, state):
    session = _index(tmp_path, instant).events["talks"].sessions[0]
    assert session.registration.state == state


def test_a_page_shows_the_form_until_registration_closes_then_says_it_closed(tmp_path):
    upcoming = _page(_index(tmp_path / "a", "2025-09-10T09:00+09:00"))
    assert f'href="{FORM}"' in upcoming
    assert "Registration opens on Mon, Sep 15, 2025 and closes Wed, Sep 24, 2025, 12:00 KST." in upcoming
    assert "Places are limited" in upcoming
    open_ = _page(_index(tmp_path / "b", "2025-09-20T09:00+09:00"))
    assert f'<a class="md-button md-button--primary" href="{FORM}">Register</a>' in open_
    assert "Registration closes Wed, Sep 24, 2025, 12:00 KST." in open_
    closed = _page(_index(tmp_path / "c", "2025-09-24T13:00+09:00"))
    assert "Registration is closed." in closed
    assert FORM not in closed.split("---\n", 2)[2]


def test_a_session_uses_the_event_s_registration_unless_it_has_its_own_and_a_cancelled_one_has_none(tmp_path):
    index = _index(tmp_path, "2025-09-20T09:00+09:00")
    first, second, cancelled = index.events["talks"].sessions
    assert first.registration.url == FORM
    assert second.registration.url == "https://example.org/series" and second.registration.state == "open"
    assert cancelled.registration is None
    event_page = _page(index, "talks/index.md")
    assert 'href="https://example.org/series">Register</a>' in event_page
    assert "Registration closes Mon, Dec 1, 2025." in event_page


def test_without_a_closing_day_registration_closes_when_the_session_ends(tmp_path):
    during = _index(tmp_path / "a", "2025-10-02T17:00+09:00").events["talks"].sessions[1]
    assert during.registration.state == "open"
    # The series' registration closes Dec 1; a session's copy of it closes when the session is over.
    after = _index(tmp_path / "b", "2025-10-02T17:30+09:00").events["talks"].sessions[1]
    assert after.registration.state == "closed"


def test_calendars_json_embed_and_announcements_carry_registration(tmp_path):
    index = _index(tmp_path, "2025-09-20T09:00+09:00")
    build = site_files.Build(index, "Tiny")
    sources = site_files.write_all(build).sources
    calendar = sources["talks/week-1/talks-week-1.ics"].decode()
    unfolded = calendar.replace("\r\n ", "")
    assert f"Register: {FORM} (until Wed\\, Sep 24\\, 2025\\, 12:00 KST\\; Places are limited)" in unfolded
    record = json.loads(sources["talks/sessions.json"])["sessions"][0]["registration"]
    assert record == {"url": FORM, "state": "open", "opens": "2025-09-15T00:00:00+09:00",
                      "closes": "2025-09-24T12:00:00+09:00", "note": "Places are limited"}
    assert json.loads(sources["talks/sessions.json"])["sessions"][2]["registration"] is None
    assert f'href="{FORM}" target="_top">Register</a>' in sources["talks/embed.html"]
    mail = " ".join(announce.announcement(index, index.events["talks"].sessions[0]).get_content().split())
    assert f"Register: {FORM} (until Wed, Sep 24, 2025, 12:00 KST; Places are limited)" in mail


def test_closed_registration_leaves_the_embed_and_says_so_in_the_calendar(tmp_path):
    index = _index(tmp_path, "2025-09-24T13:00+09:00")
    sources = site_files.write_all(site_files.Build(index, "Tiny")).sources
    assert FORM not in sources["talks/embed.html"]
    assert "Registration is closed." in sources["talks/week-1/talks-week-1.ics"].decode().replace("\r\n ", "")


# ---------------------------------------------------------------------------- validation


SEMINAR = """\
kind: seminar
title: S
timezone: Asia/Seoul
sessions:
  - number: 1
    title: Talk
    date: 2025-09-25
    start: "16:00"
    end: "17:30"
    registration:
      url: {url}
      opens: {opens}
      closes: {closes}
"""


def test_registration_closing_before_it_opens_is_an_error(tmp_path):
    assert event_errors(tmp_path, SEMINAR.format(url=FORM, opens="2025-09-20", closes="2025-09-19")) == [
        "data/events/s.yml:10: week 1 (Talk).registration: registration closes (2025-09-19) before it opens (2025-09-20)",
    ]


def test_registration_closing_after_the_session_is_an_error(tmp_path):
    assert event_errors(tmp_path, SEMINAR.format(url=FORM, opens="2025-09-01", closes="'2025-09-25 18:00'")) == [
        "data/events/s.yml:13: week 1 (Talk).registration.closes: registration closes on Thu, Sep 25, 2025 at 18:00, "
        "after the session (Thu, Sep 25, 2025, until 17:30); close it before the session ends",
    ]
    assert event_errors(tmp_path / "day", SEMINAR.format(url=FORM, opens="2025-09-01", closes="2025-09-26")) == [
        "data/events/s.yml:13: week 1 (Talk).registration.closes: registration closes on Fri, Sep 26, 2025, "
        "after the session (Thu, Sep 25, 2025, until 17:30); close it before the session ends",
    ]


def test_closing_on_the_session_s_day_or_before_it_ends_is_fine(tmp_path):
    from test_validation import loads

    assert loads(tmp_path, SEMINAR.format(url=FORM, opens="2025-09-01", closes="2025-09-25"))
    assert loads(tmp_path, SEMINAR.format(url=FORM, opens="2025-09-01", closes="'2025-09-25 16:30'"))


def test_an_event_s_registration_closing_after_its_last_day_is_an_error(tmp_path):
    text = "kind: seminar\ntitle: S\ndates: {start: 2025-09-01, end: 2025-09-30}\nregistration:\n  url: " + FORM + "\n  closes: 2025-10-01\n"
    assert event_errors(tmp_path, text) == [
        "data/events/s.yml:6: registration.closes: registration closes on Wed, Oct 1, 2025, after the event's last day "
        "(Tue, Sep 30, 2025); close it before the event ends",
    ]


def test_a_registration_link_must_be_https_and_its_days_real(tmp_path):
    assert event_errors(tmp_path / "a", SEMINAR.format(url="http://example.org/r", opens="2025-09-01", closes="2025-09-02")) == [
        "data/events/s.yml:11: week 1 (Talk).registration.url: 'http://example.org/r' must start with https:// "
        "(what this link leads to must not travel unencrypted)",
    ]
    errors = event_errors(tmp_path / "b", SEMINAR.format(url=FORM, opens="next week", closes="2025-09-02"))
    assert errors == [
        "data/events/s.yml:12: week 1 (Talk).registration.opens: 'next week' is not a day or a day and time "
        "(write YYYY-MM-DD or 'YYYY-MM-DD HH:MM', local to the event, e.g. '2025-09-15 12:00')",
    ]


def test_registration_may_be_just_a_link(tmp_path):
    from test_validation import loads

    assert loads(tmp_path, "kind: seminar\ntitle: S\nregistration: " + FORM + "\n")
