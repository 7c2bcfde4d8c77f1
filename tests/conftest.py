"""Fixtures shared by every test folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# tests/site/tiny_site.py builds small projects; the browser tests build some too.
sys.path.insert(0, str(Path(__file__).parent / "site"))
# Chromium, the local server and the page walk (tests/browser_harness.py), for every folder.
pytest_plugins = ["browser_harness"]

# A fixed build date makes the example site the same on every day it is built: videos and
# materials with a release date are shown as released or "will be released" against this day.
BUILD_DATE = "2025-09-20"


def _strict_build(project: Path, site_dir: Path) -> Path:
    env = {**os.environ, "COLLOQUIUM_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.stdout}{build.stderr}", pytrace=False)
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site (tests/fixtures/example), built once per test run the way CI builds
    a site (`mkdocs build --strict`): what the generator's own tests read."""
    import tiny_site

    project = tiny_site.example_project(tmp_path_factory.mktemp("example"))
    return _strict_build(project, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def your_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's own site, from whatever data/ holds: what tests/your_site checks."""
    return _strict_build(REPO_ROOT, tmp_path_factory.mktemp("your-site"))
