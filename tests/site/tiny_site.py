"""A small project in a temporary folder (mkdocs.yml and data/), built the way the real site is.

The project uses the repository's hooks, theme and content/ but its own data, so tests can
build sites with data of their choosing (a release date tomorrow, hostile text, broken YAML)
without touching data/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
# A frozen copy of the example events, people and readings: the generator's tests run on it,
# whatever data/ holds (an organizer's own site replaces data/; tests/your_site checks that).
EXAMPLE = REPO / "tests" / "fixtures" / "example"
EXAMPLE_DATA = EXAMPLE / "data"
EXAMPLE_SITE_NAME = "Diffusion Colloquium"
EXAMPLE_SITE_URL = "https://example.github.io/colloquium/"

PEOPLE = {
    "ada-lovelace": {"name": "Ada Lovelace", "affiliation": "Analytical Engines", "email": "ada@example.org"},
    "alan-turing": {"name": "Alan Turing", "title": "Fellow", "homepage": "https://example.org/turing"},
}
READINGS = {
    "ho2020ddpm": {
        "title": "Denoising Diffusion Probabilistic Models",
        "authors": ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"],
        "year": 2020,
        "venue": "NeurIPS",
        "arxiv": "2006.11239",
        "topics": ["Foundations"],
    },
    "book2025": {"title": "A Book {with} 100% of $math$", "type": "book", "topics": ["Foundations", "Books"]},
}
VIDEO = "https://youtu.be/dQs8gQJ5rxI?si=tracking"
EVENTS = {
    "tiny-seminar": {
        "kind": "seminar",
        "title": "Tiny Seminar",
        "timezone": "Europe/Brussels",
        "dates": {"start": "2025-09-01", "end": "2025-12-31"},
        "curriculum": [{"title": "Basics", "items": ["Forward process"]}],
        "sessions": [
            {"number": 1, "title": "Released", "date": "2025-09-15", "start": "14:00", "end": "15:30",
             "presenters": ["ada-lovelace"], "video": VIDEO, "readings": ["ho2020ddpm"],
             "materials": [
                 {"kind": "slides", "url": "https://example.org/slides.pdf"},
                 {"kind": "code", "url": "https://example.org/code", "release": "2025-10-01"},
                 {"kind": "notes"},
             ]},
            {"number": 2, "title": "Later", "date": "2025-10-20",
             "presenters": ["alan-turing", {"name": "Grace Guest", "affiliation": "Elsewhere"}],
             "video": {"url": VIDEO, "release": "2025-10-21"}},
            {"number": 3, "title": "Soon", "video": {}},
            {"number": 4, "title": "Silent"},
        ],
    },
    "tiny-course": {
        "kind": "course",
        "title": "Tiny Course",
        "timezone": "Asia/Seoul",
        "meetings": [{"days": ["Mon"], "start": "10:30", "end": "11:45"}],
        "instructors": ["alan-turing"],
        "assignments": [{"id": "hw-1", "title": "Homework 1", "url": "https://example.org/hw1",
                         "release": "2025-09-25", "due": "2025-10-02"}],
        "sessions": [
            {"week": 1, "number": 1, "date": "2025-09-22", "title": "Intro", "assignments": ["hw-1"]},
            {"week": 1, "date": "2025-09-24", "title": "No Class", "type": "no-class", "status": "no-class",
             "status_note": "Holiday"},
        ],
    },
}


def write_project(root: Path, *, people=PEOPLE, readings=READINGS, events=EVENTS, site_url: str = "https://example.org/tiny/") -> Path:
    """Write mkdocs.yml and data/ under `root`; return `root`."""
    data = root / "data"
    (data / "events").mkdir(parents=True, exist_ok=True)
    (data / "people.yml").write_text(yaml.safe_dump(people, allow_unicode=True), encoding="utf-8")
    (data / "readings.yml").write_text(yaml.safe_dump(readings, allow_unicode=True), encoding="utf-8")
    for event_id, event in events.items():
        (data / "events" / f"{event_id}.yml").write_text(yaml.safe_dump(event, allow_unicode=True), encoding="utf-8")

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = site_url
    config["docs_dir"] = str(REPO / "content")
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["hooks"] = [str(REPO / hook) for hook in config["hooks"]]
    config.pop("watch", None)
    config["extra"]["colloquium"] = {"data_dir": "data", "figure_policy": "warn"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def example_project(root: Path) -> Path:
    """The example site as a project under `root`: the frozen example data and home text, the
    repository's settings, pages, assets, hooks and figures (figures and the code that made
    them are linked, so their cache keys are checked as in the repository), under the
    example's name and address whatever the repository's own site is called."""
    shutil.copytree(EXAMPLE_DATA, root / "data")
    for shared in ("figures", "reference_impl"):
        (root / shared).symlink_to(REPO / shared, target_is_directory=True)
    content = root / "content"
    content.mkdir()
    for page in (REPO / "content").iterdir():
        if page.name != "index.md":
            (content / page.name).symlink_to(page, target_is_directory=page.is_dir())
    shutil.copyfile(EXAMPLE / "content" / "index.md", content / "index.md")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(site_name=EXAMPLE_SITE_NAME, site_url=EXAMPLE_SITE_URL, docs_dir=str(content))
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["hooks"] = [str(REPO / hook) for hook in config["hooks"]]
    config.pop("watch", None)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def generated(index, site_name: str = "Tiny", only: tuple = (), **options) -> dict[str, str | bytes]:
    """The files a build generates from the site index `index` (colloquium.site_files),
    without MkDocs: every output's, or those of the output classes in `only`."""
    from colloquium import site_files

    outputs = [output for output in site_files.OUTPUTS if not only or isinstance(output, only)]
    return site_files.write_all(site_files.Build(index, site_name, **options), outputs).sources


def build(project: Path, site_dir: Path, build_date: str = "2025-09-20") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project into `site_dir`."""
    env = {**os.environ, "COLLOQUIUM_BUILD_DATE": build_date, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


# A New York reading group across the November change of clocks (2025-11-02: EDT to EST), with
# a session that ends after midnight, and a Seoul course with a day without class: the time
# zone tests build these beside each other.
TIME_ZONE_EVENTS = {
    "ny-group": {
        "kind": "reading-group",
        "title": "New York Reading Group",
        "timezone": "America/New_York",
        "dates": {"start": "2025-10-20", "end": "2025-12-15"},
        "session_time": {"start": "16:00", "end": "17:30"},
        "sessions": [
            {"number": 1, "title": "Before the change", "date": "2025-10-27", "paper": "ho2020ddpm"},
            {"number": 2, "title": "After the change", "date": "2025-11-03"},
            {"number": 3, "title": "Late night", "date": "2025-11-10", "start": "23:00", "end": "00:30",
             "video": {"release": "2025-11-12"}},
            {"number": 4, "title": "Holiday", "date": "2025-11-24", "status": "cancelled", "status_note": "Thanksgiving week"},
            {"number": 5, "title": "Whole day", "date": "2025-12-01", "start": "09:00", "end": "24:00"},
        ],
    },
    "seoul-course": {
        "kind": "course",
        "title": "Seoul Course",
        "timezone": "Asia/Seoul",
        "meetings": [{"days": ["Mon", "Wed"], "start": "10:30", "end": "11:45"}],
        "sessions": [
            {"number": 1, "title": "Intro", "date": "2025-10-27", "start": "10:30", "end": "11:45"},
            {"id": "2025-10-29", "title": "No Class", "date": "2025-10-29", "type": "no-class"},
            {"number": 2, "title": "Score matching", "date": "2025-11-03", "start": "10:30", "end": "11:45"},
            {"number": 3, "title": "Exam day", "date": "2025-11-05"},
        ],
    },
}
