"""Reaching the audience: live calendars with stable identities, deadlines, online sessions,
announcements and embeddable session lists."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import subprocess
from pathlib import Path

import icalendar
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import tiny_site
from colloquium import notices
from colloquium.cli import main
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.outputs import Outputs
from colloquium.schedule import build_index
from colloquium.site_build import build_site

SITE_URL = "https://example.org/tiny/"
REPO = tiny_site.REPO
EXAMPLE_EVENTS = sorted(path.stem for path in (tiny_site.EXAMPLE_DATA / "events").glob("*.yml"))

WORKSHOP = {
    "kind": "workshop",
    "title": "Workshop",
    "timezone": "Asia/Taipei",
    "dates": {"start": "2026-03-30", "end": "2026-04-03"},
    "slots": {"morning": {"start": "09:30", "end": "12:00"}, "afternoon": {"start": "13:30", "end": "16:00"}},
    "sessions": [
        {"id": "friday-talk", "title": "Lecture on guidance", "date": "2026-04-03", "slot": "morning", "readings": ["ho2020ddpm"]},
        {"id": "friday-discussion", "title": "Discussion of projects", "date": "2026-04-03", "slot": "afternoon"},
        {"title": "Unpinned", "date": "2026-04-02", "slot": "morning"},
    ],
}
ONLINE = {
    "kind": "seminar",
    "title": "Online Seminar",
    "timezone": "Europe/Brussels",
    "session_time": {"start": "16:00", "end": "17:00"},
    "meeting": {"url": "https://zoom.us/j/123456789", "visible_before": 60},
    "recorded": True,
    "sessions": [
        {"number": 1, "title": "Guest talk", "date": "2025-11-03",
         "presenters": [{"name": "Grace Guest", "affiliation": "Elsewhere", "bio": "Grace studies *samplers*."}],
         "abstract": "We show that **fewer steps** suffice.",
         "stream": "https://www.youtube.com/live/abcdefghijk"},
        {"number": 2, "title": "Off week", "date": "2025-11-10", "status": "cancelled", "recorded": False},
    ],
}
COURSE = {
    "kind": "course",
    "title": "Course",
    "timezone": "America/New_York",
    "assignments": [{"id": "hw-1", "title": "Homework 1", "url": "https://example.org/hw1", "release": "2025-10-27",
                     "due": "2025-11-03", "due_time": "23:59"}],
    "deadlines": [{"title": "Project proposal", "due": "2025-11-10"}],
    "sessions": [{"number": 1, "title": "Intro", "date": "2025-10-27"}],
}


def project(root: Path, events: dict) -> Path:
    return tiny_site.write_project(root, events=events, site_url=SITE_URL)


def build(root: Path, clock: Clock = Clock(day=dt.date(2025, 11, 1))):
    return build_site(root, data_dir="data", figure_policy="warn", clock=clock, outputs=Outputs(site_url=SITE_URL),
                      site_name="Tiny")


def entries(ics: bytes | str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(ics).events}


def commit(root: Path, when: str) -> None:
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "data"], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
                        "PATH": "/usr/bin:/bin"})


# ---------------------------------------------------------------------------- live calendars, stable identity


def test_a_subscriber_keeps_the_right_sessions_after_titles_and_times_are_swapped(tmp_path: Path) -> None:
    root = project(tmp_path, {"workshop": WORKSHOP})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    commit(root, "2026-01-05T10:00:00+00:00")
    before = entries(build(root).sources["workshop/calendar.ics"])

    swapped = {**WORKSHOP, "sessions": [
        {**WORKSHOP["sessions"][0], "slot": "afternoon", "title": "Lecture on guidance (moved)"},
        {**WORKSHOP["sessions"][1], "slot": "morning"},
        WORKSHOP["sessions"][2],
    ]}
    (root / "data" / "events" / "workshop.yml").write_text(yaml.safe_dump(swapped), encoding="utf-8")
    commit(root, "2026-02-01T12:30:00+00:00")
    after = entries(build(root).sources["workshop/calendar.ics"])

    assert before.keys() == after.keys()  # the same entries: nothing duplicated, nothing lost
    talk_before, talk_after = before["workshop/friday-talk"], after["workshop/friday-talk"]
    assert talk_before["SUMMARY"] == "Workshop: Lecture on guidance"
    assert talk_after["SUMMARY"] == "Workshop: Lecture on guidance (moved)"
    assert (talk_before.start.hour, talk_after.start.hour) == (9, 13)  # the lecture moved, under its own UID
    assert after["workshop/friday-discussion"].start.hour == 9
    # Clients take the change: SEQUENCE grows, LAST-MODIFIED is the change's time.
    assert (talk_before["SEQUENCE"], talk_after["SEQUENCE"]) == (1, 2)
    assert talk_after["LAST-MODIFIED"].dt == dt.datetime(2026, 2, 1, 12, 30, tzinfo=dt.timezone.utc)
    assert talk_after["CATEGORIES"].cats == ["Workshop", "Foundations"]  # the kind and the readings' topics


def test_outside_a_repository_the_sequence_is_zero(tmp_path: Path) -> None:
    calendar = entries(build(project(tmp_path, {"workshop": WORKSHOP})).sources["workshop/calendar.ics"])
    assert calendar["workshop/friday-talk"]["SEQUENCE"] == 0
    assert "LAST-MODIFIED" not in calendar["workshop/friday-talk"]


def test_an_id_taken_from_a_date_or_slot_gets_a_notice_that_says_how_to_pin_it(tmp_path: Path) -> None:
    root = project(tmp_path, {"workshop": WORKSHOP})
    index = build_index(load_site(root / "data", root=root), Clock(day=dt.date(2026, 1, 1)))
    (notice,) = [n for n in notices.notices(index) if n.file.startswith("data/events/")]
    assert notice.field == "session (Unpinned)"
    assert notice.message == (
        "the session's address (/workshop/2026-04-02-morning/) comes from its date and slot:"
        " changing it would move the session's page and calendar entry; pin it with `id: 2026-04-02-morning`"
    )


def test_the_example_events_pin_every_id() -> None:
    index = build_index(load_site(tiny_site.EXAMPLE_DATA, root=REPO), Clock(day=dt.date(2025, 9, 20)))
    assert [n for n in notices.notices(index) if "pin it" in n.message] == []


# ---------------------------------------------------------------------------- deadlines


def test_a_courses_deadlines_are_in_its_calendar_and_on_its_page(tmp_path: Path) -> None:
    made = build(project(tmp_path, {"course": COURSE}))
    found = entries(made.sources["course/calendar.ics"])
    due = found["course/deadline/hw-1-due"]
    assert due.start == dt.datetime(2025, 11, 3, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert str(due.start.tzinfo) == "America/New_York" and "DTEND" not in due  # a moment, in the event's zone
    assert found["course/deadline/hw-1-release"].start == dt.date(2025, 10, 27)
    proposal = found["course/deadline/project-proposal"]
    assert (proposal.start, proposal.end) == (dt.date(2025, 11, 10), dt.date(2025, 11, 11))  # all day
    page = made.sources["course/index.md"]
    section = page.split("## Deadlines { #deadlines }")[1]
    assert ('<strong><a href="https://example.org/hw1">Homework 1 due</a></strong>: <time datetime="2025-11-03">'
            'Mon, Nov 3, 2025</time>, <time class="cq-when" datetime="2025-11-03T23:59:00-05:00"') in section
    assert section.index("Homework 1 released") < section.index("Homework 1 due") < section.index("Project proposal")


# ---------------------------------------------------------------------------- online sessions


def test_a_meeting_link_is_published_from_its_time_on(tmp_path: Path) -> None:
    """The session starts at 16:00 in Brussels (15:00 UTC); its link is published from 60
    minutes before, in pages, calendars and JSON alike."""
    root = project(tmp_path, {"online": ONLINE})
    too_early = build(root, Clock(instant=dt.datetime(2025, 11, 3, 13, 59, tzinfo=dt.timezone.utc)))
    early = build(root, Clock(instant=dt.datetime(2025, 11, 3, 14, 30, tzinfo=dt.timezone.utc)))
    for made, shown in ((too_early, False), (early, True)):
        page = made.sources["online/week-1/index.md"]
        entry = entries(made.sources["online/calendar.ics"])["online/week-1"]
        record = json.loads(made.sources["online/sessions.json"])["sessions"][0]
        assert ("zoom.us/j/123456789" in page) is shown
        assert ("CONFERENCE" in entry) is shown and (record["meeting"] is not None) is shown
        if shown:
            assert 'href="https://zoom.us/j/123456789">Join on Zoom</a>' in page
            assert entry["CONFERENCE"] == "https://zoom.us/j/123456789"
            assert entry["CONFERENCE"].params["LABEL"] == "Zoom"
        else:
            assert "appears here 60 minutes before the session" in page
    page = early.sources["online/week-1/index.md"]
    assert 'href="https://www.youtube.com/live/abcdefghijk">Watch live on YouTube</a>' in page
    assert "The session is recorded." in page and "The session is not recorded." in early.sources["online/week-2/index.md"]
    # each a sentence of its own: "recorded." ends before the note on the link begins
    assert "The session is recorded.</span>" in too_early.sources["online/week-1/index.md"]
    assert "zoom.us" not in early.sources["online/week-2/index.md"]  # a cancelled session has no link to join


def test_a_recurring_meeting_link_is_published_only_from_its_window_until_the_session_ends(tmp_path: Path) -> None:
    """The event's Zoom link (visible_before: 60) for a session 15:00-16:00 UTC: in no file
    before 14:00, in the session's page, calendars and JSON during its window and the session,
    and in no file once it has ended (nor a button, nor a note that it will appear)."""
    root = project(tmp_path, {"online": ONLINE})
    at = lambda hour, minute: build(root, Clock(instant=dt.datetime(2025, 11, 3, hour, minute, tzinfo=dt.timezone.utc)))  # noqa: E731

    def holding(made) -> set[str]:
        return {path for path, content in made.sources.items()
                if "zoom.us/j/123456789" in (content if isinstance(content, str) else content.decode())}

    published = {"online/week-1/index.md", "online/calendar.ics", "calendar.ics", "online/week-1/online-week-1.ics",
                 "online/sessions.json"}
    assert holding(at(13, 59)) == set()
    assert holding(at(14, 30)) == published
    assert holding(at(15, 30)) == published
    ended = at(16, 1)
    assert holding(ended) == set()
    page = ended.sources["online/week-1/index.md"]
    assert "Join on Zoom" not in page and "appears here" not in page and "Watch live" not in page


def test_a_guest_has_a_bio_and_the_session_an_abstract(tmp_path: Path) -> None:
    page = build(project(tmp_path, {"online": ONLINE})).sources["online/week-1/index.md"]
    assert "## Abstract" in page and "<strong>fewer steps</strong>" in page
    assert "## About the speaker" in page and "Grace studies <em>samplers</em>." in page


# ---------------------------------------------------------------------------- announcements


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return tiny_site.example_project(tmp_path_factory.mktemp("example"))


def announce(example: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["announce", "--data", str(example / "data"), "--config", str(example / "mkdocs.yml"), *args],
                                env={"COLLOQUIUM_BUILD_DATE": "2025-09-20"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("event_id", EXAMPLE_EVENTS)
def test_an_announcement_for_every_kind_is_ready_to_send(example: Path, event_id: str) -> None:
    index = build_index(load_site(tiny_site.EXAMPLE_DATA, root=REPO), Clock(day=dt.date(2025, 9, 20)))
    session = next(s for s in index.events[event_id].sessions if s.meets)
    text = announce(example, event_id, session.id)
    assert text == announce(example, event_id, session.id)  # deterministic
    message = email.message_from_bytes(text.encode(), policy=email.policy.default)
    assert message["Subject"].startswith(f"[{index.events[event_id].title}] {session.short_title}")
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    words = " ".join(body.split())  # as read, across wrapped lines
    assert session.full_title in words and f"https://example.github.io/colloquium/{session.url}" in body
    for presenter in session.presenters:
        assert presenter.person.name in words
    if session.is_timed:
        assert session.time_text in words and "UTC)" in words
    if session.session.date:
        assert f"{session.event_id}-{session.id}.ics" in body
    assert all(len(line) <= 72 or "://" in line for line in body.splitlines())
    markdown = announce(example, event_id, session.id, "--markdown")
    assert email.message_from_string(markdown).get_content_type() == "text/markdown"
    assert f"# {session.full_title}" in markdown


def test_an_announcement_gives_both_clocks_the_place_and_the_link_to_join(tmp_path: Path) -> None:
    root = project(tmp_path, {"online": ONLINE})
    result = CliRunner().invoke(main, ["announce", "--data", str(root / "data"), "--config", str(root / "mkdocs.yml"),
                                       "online", "1"], env={"COLLOQUIUM_BUILD_DATE": "2025-10-01"})
    assert result.exit_code == 0, result.output
    message = email.message_from_bytes(result.output.encode(), policy=email.policy.default)
    assert message["Subject"] == "[Online Seminar] Week 1: Guest talk, Mon, Nov 3, 2025, 16:00 CET"
    assert "When: Mon, Nov 3, 2025, 16:00–17:00 CET (15:00–16:00 UTC)" in result.output
    assert "Join online: Zoom, https://zoom.us/j/123456789" in result.output  # the e-mail is not the public page
    assert "Presented by: Grace Guest (Elsewhere)" in result.output
    assert "We show that fewer steps suffice." in result.output and "About Grace Guest" in result.output


def test_an_unknown_session_is_named_with_the_ones_there_are(example: Path) -> None:
    result = CliRunner().invoke(main, ["announce", "--data", str(example / "data"), "--config", str(example / "mkdocs.yml"),
                                       "diffusion-seminar-2025", "week-99"])
    assert result.exit_code != 0 and "has no session 'week-99' (sessions: week-1, week-2" in result.output


# ---------------------------------------------------------------------------- embedding


def test_each_events_sessions_json_follows_the_published_schema(built_site: Path) -> None:
    schema = json.loads((built_site / "sessions.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    index = build_index(load_site(tiny_site.EXAMPLE_DATA, root=REPO), Clock(day=dt.date(2025, 9, 20)))
    for event_id in EXAMPLE_EVENTS:
        document = json.loads((built_site / event_id / "sessions.json").read_text())
        jsonschema.validate(document, schema)
        assert document["$schema"] == "https://example.github.io/colloquium/sessions.schema.json"
        assert [s["id"] for s in document["sessions"]] == [s.id for s in index.events[event_id].sessions]
        for record, session in zip(document["sessions"], index.events[event_id].sessions):
            assert record["start"] == (session.start.isoformat() if session.is_timed else None)
            assert record["meets"] is session.meets
    broken = {**document, "sessions": [{**document["sessions"][0], "start": 5}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
