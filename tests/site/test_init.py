"""`colloquium init`: from a fresh copy of the repository to an organizer's own site, whose
own checks (tests/your_site) pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COLLOQUIUM = [str(Path(sys.executable).parent / "colloquium")]  # the installed command


def run(copy: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COLLOQUIUM, *args], cwd=copy, capture_output=True, text=True)


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Path:
    """The repository's files as a fresh clone has them (node_modules linked: axe-core)."""
    copy = tmp_path / "copy"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            (copy / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / os.fsdecode(name))
    (copy / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return copy


def test_init_makes_an_own_site_whose_own_checks_pass(fresh_copy: Path) -> None:
    done = run(fresh_copy, "init", "--name", "Flow Reading Group", "--url", "https://ada.github.io/flow",
               "--kind", "reading-group", "flow-2027")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (fresh_copy / "data" / "events").iterdir()) == ["flow-2027.yml"]
    assert yaml.safe_load((fresh_copy / "data" / "people.yml").read_text()) == {}
    assert yaml.safe_load((fresh_copy / "data" / "readings.yml").read_text()) == {}
    settings = yaml.safe_load((fresh_copy / "mkdocs.yml").read_text())
    assert (settings["site_name"], settings["site_url"]) == ("Flow Reading Group", "https://ada.github.io/flow/")
    assert "# Site-wide settings." in (fresh_copy / "mkdocs.yml").read_text()  # its comments stay
    assert (fresh_copy / "content" / "index.md").read_text().startswith("# Flow Reading Group\n")
    for _ in range(2):
        assert run(fresh_copy, "new", "session", "flow-2027").returncode == 0

    checks = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/your_site"],
                            cwd=fresh_copy, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert checks.returncode == 0, checks.stdout[-4000:] + checks.stderr[-2000:]
    assert " passed" in checks.stdout.splitlines()[-1]


def test_init_refuses_data_that_is_not_the_examples_unless_forced(fresh_copy: Path) -> None:
    event = fresh_copy / "data" / "events" / "diffusion-seminar-2025.yml"
    event.write_text(event.read_text().replace("Diffusion Seminar", "Our Seminar", 1))
    before = {p: p.read_bytes() for p in (fresh_copy / "data").rglob("*") if p.is_file()}
    refused = run(fresh_copy, "init", "--name", "X", "--url", "https://x.github.io/x/", "--kind", "seminar", "x")
    assert refused.returncode == 1
    assert "(data/events/diffusion-seminar-2025.yml differs from the example's); nothing was changed" in refused.stderr
    assert {p: p.read_bytes() for p in (fresh_copy / "data").rglob("*") if p.is_file()} == before
    forced = run(fresh_copy, "init", "--name", "X", "--url", "https://x.github.io/x/", "--kind", "seminar", "x", "--force")
    assert forced.returncode == 0, forced.stderr
    assert [p.name for p in (fresh_copy / "data" / "events").iterdir()] == ["x.yml"]
