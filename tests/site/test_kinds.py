"""Kinds of event as modules: every registered kind renders without MkDocs, and a new kind is
a class, a page template and a skeleton (README, "A new kind of event")."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path
from typing import ClassVar, Literal

import icalendar
import pytest
import yaml
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

import tiny_site
from colloquium import kinds
from colloquium.cli import main
from colloquium.dates import Clock
from colloquium.kinds.base import EventBase
from colloquium.loader import load_site
from colloquium.model import Session
from colloquium.outputs import Outputs
from colloquium.schedule import build_index

SITE_URL = "https://example.org/tiny/"
REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "hooks" / "colloquium"


def minimal_event(kind: type[EventBase]) -> dict:
    """The least an event of `kind` needs: a title, a zone and one timed session."""
    session = {"title": "First meeting", "date": "2025-10-01", "start": "10:00", "end": "11:30"}
    if kind.numbered:
        session["number"] = 1
    return {"kind": kind.kind_name(), "title": f"A {kind.display_name.lower()}", "timezone": "Europe/Brussels",
            "sessions": [session]}


@pytest.mark.parametrize("name", list(kinds.KINDS))
def test_every_registered_kind_renders_its_pages_and_calendar_without_mkdocs(tmp_path: Path, name: str) -> None:
    kind = kinds.KINDS[name]
    root = tiny_site.write_project(tmp_path, events={"only": minimal_event(kind)})
    index = build_index(load_site(root / "data", root=root), Clock(day=dt.date(2025, 9, 20)), Outputs(site_url=SITE_URL))
    (session,) = index.sessions
    files = tiny_site.generated(index)
    event_page = files["only/index.md"]
    assert f"# A {kind.display_name.lower()}" in event_page and kind.display_name in event_page
    assert f'href="{session.id}/"' in event_page or f'href="./#{session.id}"' in event_page or session.id in event_page
    session_page = files[f"only/{session.id}/index.md"]
    assert f"# {session.full_title}" in session_page
    assert '<time class="cq-when" datetime="2025-10-01T10:00:00+02:00"' in session_page
    (entry,) = icalendar.Calendar.from_ical(files[session.calendar]).events
    assert entry.start == dt.datetime(2025, 10, 1, 10, tzinfo=index.events["only"].zone)
    assert str(entry["SUMMARY"]) == f"A {kind.display_name.lower()}: First meeting"


# ---------------------------------------------------------------------------- a new kind


@pytest.fixture
def toy_kind(tmp_path: Path, monkeypatch):
    """A kind registered here, as an organizer's own module would: a class, a page template
    and a skeleton, nothing else."""
    folder = tmp_path / "toy-templates"
    (folder / "pages").mkdir(parents=True)
    (folder / "new").mkdir()
    (folder / "pages" / "event-toy.md.j2").write_text(textwrap.dedent("""\
        {% extends "event.md.j2" %}
        {% block body %}

        ## Meetings

        <ul>
        {% for entry in sessions %}<li><a href="{{ href(entry.url) }}">{{ entry.full_title }}</a> ({{ entry.session.toys }} toys)</li>
        {% endfor %}</ul>
        {% endblock %}
    """))
    (folder / "new" / "toy.yml").write_text('{% extends "event.yml" %}\n')
    monkeypatch.setattr(kinds, "KINDS", dict(kinds.KINDS))  # the registry as it was, after the test

    class ToySession(Session):
        toys: int = 0

    @kinds.register
    class ToyEvent(EventBase):
        kind: Literal["toy"]
        sessions: list[ToySession] = []
        display_name: ClassVar[str] = "Toy meeting"
        about: ClassVar[str] = "A meeting with toys."
        number_prefix: ClassVar[str] = "round"
        templates: ClassVar[Path] = folder

    return ToyEvent


def test_a_new_kind_is_a_class_a_template_and_a_skeleton(tmp_path: Path, toy_kind, monkeypatch) -> None:
    project = tiny_site.write_project(tmp_path / "project", site_url=SITE_URL)
    data = project / "data"
    runner = CliRunner()
    created = runner.invoke(main, ["new", "event", "--kind", "toy", "--data", str(data), "toy-club"])
    assert created.exit_code == 0, created.output
    skeleton = yaml.safe_load((data / "events" / "toy-club.yml").read_text())
    assert skeleton["kind"] == "toy" and skeleton["sessions"][0]["id"] == "round-1"
    added = runner.invoke(main, ["new", "session", "--data", str(data), "toy-club"])
    assert added.exit_code == 0, added.output
    assert "round-2" in (data / "events" / "toy-club.yml").read_text()
    checked = runner.invoke(main, ["validate", "--data", str(data)])
    assert checked.exit_code == 0, checked.output

    # A mistake in a toy session's own field is reported like any other, naming its round.
    text = (data / "events" / "toy-club.yml").read_text()
    (data / "events" / "toy-club.yml").write_text(text.replace("    title: To be announced\n", "    title: To be announced\n    toys: many\n", 1))
    wrong = runner.invoke(main, ["validate", "--data", str(data)])
    assert wrong.exit_code == 1 and re.search(r"toy-club\.yml:\d+: round 1 \(To be announced\)\.toys: ", wrong.output), wrong.output
    (data / "events" / "toy-club.yml").write_text(text)

    # The whole site, built by MkDocs in this process (where the toy kind is registered).
    monkeypatch.setenv("COLLOQUIUM_BUILD_DATE", str(skeleton["sessions"][0]["date"]))  # its day: in the feed
    site = tmp_path / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)  # the events `mkdocs build` runs around a build
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()  # where a whole build takes the site folder's place
    event_page = (site / "toy-club" / "index.html").read_text()
    assert "Toy meeting" in event_page and "Round 1: To be announced" in event_page and "(0 toys)" in event_page
    assert (site / "toy-club" / "round-2" / "index.html").is_file()
    calendar = icalendar.Calendar.from_ical((site / "toy-club" / "calendar.ics").read_bytes())
    # round 2 has no date yet (a toy meeting is not weekly): nothing to put in a calendar
    assert [str(e["UID"]).split("@")[0] for e in calendar.events] == ["toy-club/round-1"]
    assert "Toy meeting" in [str(c) for e in calendar.events for c in e["CATEGORIES"].cats]
    sessions = json.loads((site / "toy-club" / "sessions.json").read_text())
    assert sessions["kind"] == "toy" and [s["label"] for s in sessions["sessions"]] == ["Round 1", "Round 2"]
    assert "toy-club/round-1/" in (site / "feed.xml").read_text()
    assert "Toy meeting" in (site / "index.html").read_text()


def test_no_generator_code_asks_which_kind_it_holds_or_whether_a_field_exists() -> None:
    """Outside the kinds' own modules and templates, nothing tests `kind ==`, probes a field
    with getattr or asks a template whether a field `is defined`."""
    kind_templates = {f"event-{name}.md.j2" for name in kinds.KINDS} | {f"session-{name}.md.j2" for name in kinds.KINDS} | {
        f"session-{name}.yml" for name in kinds.KINDS} | {f"{name}.yml" for name in kinds.KINDS}
    found = []
    for path in [*GENERATOR.rglob("*.py"), *GENERATOR.rglob("*.j2"), *GENERATOR.rglob("*.yml")]:
        if "kinds" in path.relative_to(GENERATOR).parts or path.name in kind_templates:
            continue
        text = path.read_text()
        for pattern in (r"\bkind ==", r"\bis defined\b", r"getattr\((event|session|self\.event|s|entry)\b", r"isinstance\(\w+, \w+Event\b"):
            found += [f"{path.relative_to(REPO)}: {match}" for match in re.findall(pattern, text)]
    hook = (REPO / "hooks" / "colloquium_hooks.py").read_text()
    assert not found, found
    assert len(hook.splitlines()) <= 100
