"""A site that outlives its builder: `colloquium render` writes the complete sources, which plain
MkDocs builds into the hook's own site, and which ProperDocs and Zensical publish whole; a
builder that ignores the hook stops with the way to build instead of publishing a hollow site."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import site_checks
import tiny_site
from browser_harness import url_prefix

REPO = Path(__file__).resolve().parents[2]
# The alternative builders, each in its own environment (`make builders`).
BUILDERS = {
    "zensical": REPO / ".venv-builders" / "zensical" / "bin" / "zensical",
    "properdocs": REPO / ".venv-builders" / "properdocs" / "bin" / "properdocs",
}
ENV = {**os.environ, "COLLOQUIUM_BUILD_DATE": "2025-09-20", "NO_MKDOCS_2_WARNING": "1"}


def render_example(folder: Path, builder: str = "mkdocs") -> Path:
    """The example project rendered by `colloquium render --strict` for `builder`."""
    project = tiny_site.example_project(folder / "project")
    out = folder / "site-src"
    result = subprocess.run([str(Path(sys.executable).parent / "colloquium"), "render", str(out), "--strict", "--builder", builder],
                            cwd=project, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    return render_example(tmp_path_factory.mktemp("rendered"))


def build_with(command: list[str], folder: Path, site: Path) -> Path:
    result = subprocess.run([*command, "build", "--strict", "--site-dir", str(site)] if "zensical" not in command[0]
                            else [*command, "build", "--strict"], cwd=folder, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    if "zensical" in command[0]:  # it builds into the folder's site/
        shutil.move(folder / "site", site)
    finished = subprocess.run([str(Path(sys.executable).parent / "colloquium"), "finish", str(site)], env=ENV,
                             capture_output=True, text=True)  # as the README's recipe, after any builder
    assert finished.returncode == 0 and "pages given their Content-Security-Policy" in finished.stdout, finished.stderr
    return site


def _ordered(path: Path) -> bytes:
    """A file's content, with what builders write in no fixed order put in order."""
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    if path.name == "search_index.json":
        index = json.loads(data)
        return json.dumps({**index, "docs": sorted(index["docs"], key=lambda d: json.dumps(d, sort_keys=True))}).encode()
    if path.name.startswith("sitemap.xml"):
        return b"\n".join(sorted(re.findall(rb"<url>.*?</url>", data, re.S)))
    return data


def test_render_then_plain_mkdocs_reproduces_the_hooks_build(rendered: Path, built_site: Path, tmp_path: Path) -> None:
    settings = yaml.safe_load((rendered / "mkdocs.yml").read_text())
    assert "hooks" not in settings and "colloquium.builder_guard" not in settings["markdown_extensions"]
    plain = build_with([sys.executable, "-m", "mkdocs"], rendered, tmp_path / "plain")
    ours = {p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(plain) for p in plain.rglob("*") if p.is_file()}
    assert ours == theirs
    differing = [str(p) for p in sorted(ours) if _ordered(built_site / p) != _ordered(plain / p)]
    assert differing == []


def test_a_failed_render_leaves_the_previous_folder_as_it_was(rendered: Path, tmp_path: Path) -> None:
    project = tiny_site.write_project(tmp_path / "project")
    out = tmp_path / "site-src"
    shutil.copytree(rendered, out)
    (project / "data" / "events" / "tiny-seminar.yml").write_text("kind: seminar\ntitel: Typo\n")
    result = subprocess.run([str(Path(sys.executable).parent / "colloquium"), "render", str(out)],
                            cwd=project, env=ENV, capture_output=True, text=True)
    assert result.returncode != 0 and "titel: unknown field" in result.stdout
    assert (out / "docs" / "diffusion-seminar-2025" / "index.md").is_file()  # untouched


def test_a_strict_render_fails_on_the_generators_warnings(tmp_path: Path) -> None:
    project = tiny_site.write_project(tmp_path / "project")
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    del config["site_url"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    strict = subprocess.run([str(Path(sys.executable).parent / "colloquium"), "render", "out", "--strict"],
                            cwd=project, env=ENV, capture_output=True, text=True)
    assert strict.returncode != 0 and "site_url is not set" in strict.stdout and not (project / "out").exists()
    lenient = subprocess.run([str(Path(sys.executable).parent / "colloquium"), "render", "out"],
                             cwd=project, env=ENV, capture_output=True, text=True)
    assert lenient.returncode == 0 and "warning: site_url is not set" in lenient.stderr


def test_a_builder_that_ignores_the_hook_stops_and_says_how_to_build(tmp_path: Path) -> None:
    """MkDocs without `hooks:` stands for any builder that reads mkdocs.yml but not its hooks."""
    project = tiny_site.example_project(tmp_path / "project")
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    del config["hooks"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=project, env=ENV, capture_output=True, text=True)
    assert result.returncode != 0
    assert "colloquium render site-src --strict --builder zensical" in result.stderr and "did not run its MkDocs hook" in result.stderr


def test_verify_refuses_a_site_without_its_event_pages(built_site: Path, tmp_path: Path) -> None:
    project = tiny_site.example_project(tmp_path / "project")
    colloquium = [str(Path(sys.executable).parent / "colloquium"), "verify"]
    whole = subprocess.run([*colloquium, str(built_site)], cwd=project, env=ENV, capture_output=True, text=True)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    hollow = tmp_path / "hollow"
    shutil.copytree(built_site, hollow, ignore=shutil.ignore_patterns("ntu-workshop-2026"))
    refused = subprocess.run([*colloquium, str(hollow)], cwd=project, env=ENV, capture_output=True, text=True)
    assert refused.returncode != 0 and "lacks" in refused.stderr and "ntu-workshop-2026" in refused.stderr


@pytest.mark.skipif(not BUILDERS["zensical"].exists(), reason="Zensical is not installed here (make builders)")
def test_zensical_on_the_repository_itself_fails_with_the_guidance(tmp_path: Path) -> None:
    project = tmp_path / "project"  # a copy of the repository as an organizer has it, with the example's data
    for part in ("content", "hooks", "figures"):
        shutil.copytree(REPO / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(tiny_site.EXAMPLE_DATA, project / "data")
    shutil.copyfile(REPO / "mkdocs.yml", project / "mkdocs.yml")
    env = {**ENV, "PYTHONPATH": str(REPO / "hooks")}  # as in the project's environment, where colloquium is installed
    result = subprocess.run([str(BUILDERS["zensical"]), "build", "--strict"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "colloquium render site-src" in result.stdout + result.stderr
    assert not (project / "site" / "diffusion-seminar-2025").exists()


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def other_build(request, tmp_path_factory) -> Path:
    builder = BUILDERS[request.param]
    if not builder.exists():
        pytest.skip(f"{request.param} is not installed here (make builders)")
    folder = render_example(tmp_path_factory.mktemp(request.param), request.param)
    return build_with([str(builder)], folder, tmp_path_factory.mktemp(f"{request.param}-site") / "site")


def test_another_builder_publishes_the_whole_site(other_build: Path, built_site: Path) -> None:
    pages = {p.relative_to(built_site) for p in built_site.rglob("index.html")}
    assert pages <= {p.relative_to(other_build) for p in other_build.rglob("index.html")}
    for name in ("calendar.ics", "feed.xml", "sessions.schema.json"):
        assert (other_build / name).is_file()
    assert site_checks.broken_references(other_build, url_prefix(tiny_site.EXAMPLE_SITE_URL)) == []
    assert site_checks.calendar_problems(other_build) == []
    assert site_checks.feed_problems(other_build) == []
    assert site_checks.json_problems(other_build) == []


def test_another_builders_pages_load_cleanly_and_accessibly(other_build: Path, serve) -> None:
    with serve(other_build, url_prefix(tiny_site.EXAMPLE_SITE_URL)) as site_browser:
        with site_browser.open() as tab:
            pages = ["", *sorted(p.parent.name + "/" for p in other_build.glob("*/calendar.ics"))]
            loads = {path: tab.goto(path) for path in site_browser.files.html_pages()}
            problems = {path or "(home)": load.problems() for path, load in loads.items() if load.problems()}
            violations = {}
            for path in pages:
                tab.goto(path)
                violations[path or "(home)"] = tab.axe_violations()
    assert problems == {}
    assert {path: v for path, v in violations.items() if v} == {}
