"""`colloquium init`: from a fresh copy of the repository to an organizer's own site, on which
the generator's tests (tests/site) and the site's own checks (tests/your_site) pass.

These tests run in the repository of an organizer too (`make test`), where data/ is their own:
the fresh copy takes the example's data from the frozen copy in tests/fixtures/example, as a
clone of this repository has it, whatever data/ holds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import tiny_site

REPO = Path(__file__).resolve().parents[2]
COLLOQUIUM = [str(Path(sys.executable).parent / "colloquium")]  # the installed command


def run(copy: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COLLOQUIUM, *args], cwd=copy, capture_output=True, text=True)


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Path:
    """The repository's files as a fresh clone of this project has them: the generator, and
    the example's data and home text (node_modules linked: axe-core)."""
    copy = tmp_path / "copy"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    for name in map(os.fsdecode, filter(None, files)):
        source = REPO / name
        if source.is_symlink():  # the example fixture's links to the example's media under content/
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).symlink_to(os.readlink(source))
        elif source.is_file() and not _organizers_own(Path(name)):
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    shutil.copytree(tiny_site.EXAMPLE_DATA, copy / "data", dirs_exist_ok=True)
    shutil.copy2(tiny_site.EXAMPLE / "content" / "index.md", copy / "content" / "index.md")
    # a clone is a repository: the tests run inside the copy make fresh copies of it in turn
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "copy"]):
        subprocess.run(["git", *command], cwd=copy, capture_output=True, check=True)
    (copy / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return copy


def _organizers_own(name: Path) -> bool:
    """A file that `colloquium init` makes the organizer's: the data (not its JSON Schemas,
    which the generator makes) and the home text."""
    return (name.parts[0] == "data" and name.parts[1:2] != ("schema",)) or name == Path("content", "index.md")


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


def test_init_makes_an_own_site_on_which_every_site_test_passes(fresh_copy: Path) -> None:
    """After `init` and two sessions, the generator's tests and the site's own checks pass,
    as the README promises for `make test` (this test itself is left out of the inner run,
    which would otherwise start it again)."""
    settings_comments = comments((fresh_copy / "mkdocs.yml").read_text())
    done = run(fresh_copy, "init", "--name", "Flow Reading Group", "--url", "https://ada.github.io/flow",
               "--kind", "reading-group", "--timezone", "Asia/Taipei", "flow-2027")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (fresh_copy / "data" / "events").iterdir()) == ["flow-2027.yml"]
    event = yaml.safe_load((fresh_copy / "data" / "events" / "flow-2027.yml").read_text())
    assert (event["title"], event["timezone"]) == ("Flow Reading Group", "Asia/Taipei")
    for name in ("people.yml", "readings.yml"):  # an example in comments, and nothing else yet
        assert yaml.safe_load((fresh_copy / "data" / name).read_text()) is None
    settings = yaml.safe_load((fresh_copy / "mkdocs.yml").read_text())
    assert (settings["site_name"], settings["site_url"]) == ("Flow Reading Group", "https://ada.github.io/flow/")
    assert comments((fresh_copy / "mkdocs.yml").read_text()) == settings_comments  # its comments stay
    assert (fresh_copy / "content" / "index.md").read_text().startswith("# Flow Reading Group\n")
    for _ in range(2):
        assert run(fresh_copy, "new", "session", "flow-2027").returncode == 0
    # the first person and reading, written below the commented examples
    with open(fresh_copy / "data" / "people.yml", "a") as people:
        people.write("ada-lovelace:\n  name: Ada Lovelace\n")
    with open(fresh_copy / "data" / "readings.yml", "a") as readings:
        readings.write("flow-matching:\n  title: Flow Matching for Generative Modeling\n  doi: 10.48550/arXiv.2210.02747\n")
    event_file = fresh_copy / "data" / "events" / "flow-2027.yml"
    event_file.write_text(event_file.read_text().replace("# organizers: [person-id]", "organizers: [ada-lovelace]")
                          .replace("# book: reading-id", "book: flow-matching"))
    validated = run(fresh_copy, "validate")
    assert validated.returncode == 0 and "1 people, 1 readings" in validated.stdout, validated.stdout

    this_test = f"tests/site/test_init.py::{test_init_makes_an_own_site_on_which_every_site_test_passes.__name__}"
    checks = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/site", "tests/your_site",
                             "--deselect", this_test],
                            cwd=fresh_copy, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert checks.returncode == 0, checks.stdout[-4000:] + checks.stderr[-2000:]
    assert " passed" in checks.stdout.splitlines()[-1]


def test_init_refuses_data_that_is_not_the_examples_unless_forced(fresh_copy: Path) -> None:
    event = fresh_copy / "data" / "events" / "diffusion-seminar-2025.yml"
    event.write_text(event.read_text().replace("Diffusion Seminar", "Our Seminar", 1))
    before = {p: p.read_bytes() for p in (fresh_copy / "data").rglob("*") if p.is_file()}
    refused = run(fresh_copy, "init", "--name", "X", "--url", "https://x.github.io/x/", "--kind", "seminar", "--timezone", "UTC", "x")
    assert refused.returncode == 1
    assert "(data/events/diffusion-seminar-2025.yml differs from the example's); nothing was changed" in refused.stderr
    assert {p: p.read_bytes() for p in (fresh_copy / "data").rglob("*") if p.is_file()} == before
    forced = run(fresh_copy, "init", "--name", "X", "--url", "https://x.github.io/x/", "--kind", "seminar", "--timezone", "UTC", "x", "--force")
    assert forced.returncode == 0, forced.stderr
    assert [p.name for p in (fresh_copy / "data" / "events").iterdir()] == ["x.yml"]


@pytest.mark.parametrize("zone, problem", [
    (None, "Missing option '--timezone'"),
    ("KST", "Invalid value for --timezone: 'KST' is an abbreviation or a fixed offset, not a time zone region"),
    ("Asia/Soul", "Invalid value for --timezone: 'Asia/Soul' is not a time zone (did you mean 'Asia/Seoul'?)"),
])
def test_init_asks_for_the_events_time_zone_region(fresh_copy: Path, zone: str | None, problem: str) -> None:
    before = {p: p.read_bytes() for p in (fresh_copy / "data").rglob("*") if p.is_file()}
    refused = run(fresh_copy, "init", "--name", "X", "--url", "https://x.github.io/x/", "--kind", "seminar",
                  *(["--timezone", zone] if zone else []), "x")
    assert refused.returncode == 2 and problem in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert {p: p.read_bytes() for p in (fresh_copy / "data").rglob("*") if p.is_file()} == before


def test_a_site_name_that_yaml_would_misread_is_the_events_title_as_written(fresh_copy: Path) -> None:
    done = run(fresh_copy, "init", "--name", "Flow: a #1 reading group", "--url", "https://x.github.io/x/",
               "--kind", "seminar", "--timezone", "Europe/Berlin", "flow")
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load((fresh_copy / "data" / "events" / "flow.yml").read_text())["title"] == "Flow: a #1 reading group"
