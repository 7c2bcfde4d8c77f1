"""Checks of this repository's own site, whatever data/ holds (the example, or an organizer's
own events after `colloquium init`): the data validates, every data file follows its schema,
the site builds strictly, every internal link resolves, calendars, feed and JSON parse.

The generator's own tests (tests/site, tests/browser) run on the frozen example in
tests/fixtures/example; these run on data/."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import site_checks
from colloquium.cli import main
from colloquium.yaml_source import parse_yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SCHEMA_COMMENT = re.compile(r"# yaml-language-server: \$schema=(?P<path>\S+)\n")


def data_files() -> list[Path]:
    return [path for path in (DATA / "people.yml", DATA / "readings.yml") if path.exists()] + sorted(
        (DATA / "events").glob("*.yml")
    )


def test_the_data_validates():
    result = CliRunner().invoke(main, ["validate", "--data", str(DATA)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("path", data_files(), ids=lambda path: path.name)
def test_each_data_file_names_its_schema_and_follows_it(path: Path):
    """What editors check as the organizer types (the YAML language server reads the first line)."""
    match = SCHEMA_COMMENT.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} does not start with `# yaml-language-server: $schema=...`"
    schema_path = (path.parent / match["path"]).resolve()
    assert schema_path.is_file() and schema_path.parent == (DATA / "schema").resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    document = parse_yaml(path.read_bytes(), path.name)
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(document.data)]
    assert errors == []


def test_every_link_and_asset_resolves(your_site: Path):
    root_path = urlsplit(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"] or "/").path
    broken = site_checks.broken_references(your_site, root_path)
    assert not broken, "\n".join(broken[:20])


def test_calendars_feed_and_json_parse(your_site: Path):
    assert (your_site / "calendar.ics").is_file() and (your_site / "feed.xml").is_file()
    problems = site_checks.calendar_problems(your_site) + site_checks.feed_problems(your_site)
    assert problems + site_checks.json_problems(your_site) == []
