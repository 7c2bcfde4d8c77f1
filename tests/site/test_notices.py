"""Notices: worth knowing, never a failure (`colloquium validate` exits 0, a strict build publishes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

import tiny_site
from colloquium import notices
from colloquium.cli import main
from colloquium.dates import Clock
from colloquium.loader import load_site
from colloquium.schedule import build_index


def test_people_and_readings_nothing_refers_to_are_notices(tmp_path: Path) -> None:
    people = {**tiny_site.PEOPLE, "left-over": {"name": "Left Over"}}
    readings = {**tiny_site.READINGS, "unread": {"title": "Nobody reads this"}}
    root = tiny_site.write_project(tmp_path, people=people, readings=readings)
    index = build_index(load_site(root / "data", root=root), Clock(day=dt.date(2025, 9, 20)))
    found = {(n.file, n.field): n.message for n in notices.notices(index)}
    assert found[("data/people.yml", "left-over")].startswith("no event or session names this person")
    assert found[("data/readings.yml", "unread")].startswith("no event or session reads this")
    # book2025 is read by nobody either; ho2020ddpm is, and both people present or teach
    assert ("data/readings.yml", "book2025") in found and ("data/readings.yml", "ho2020ddpm") not in found
    assert not [key for key in found if key[1] in tiny_site.PEOPLE]

    result = CliRunner().invoke(main, ["validate", "--data", str(root / "data")])
    assert result.exit_code == 0
    assert "notice: " in result.output and "left-over: no event or session names this person" in result.output
    built = tiny_site.build(root, tmp_path / "site")  # --strict: a notice does not stop it
    assert built.returncode == 0 and "notice: data/people.yml" in built.stderr
