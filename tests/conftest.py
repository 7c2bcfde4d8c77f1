"""Fixtures shared by every test folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# tests/site/tiny_site.py builds small projects; the browser tests build some too.
sys.path.insert(0, str(Path(__file__).parent / "site"))

# A fixed build date makes the example site the same on every day it is built: videos and
# materials with a release date are shown as released or "will be released" against this day.
BUILD_DATE = "2025-09-20"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per test run the way CI builds it (`mkdocs build --strict`)."""
    site_dir = tmp_path_factory.mktemp("site")
    env = {**os.environ, "COLLOQUIUM_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{build.stdout}{build.stderr}", pytrace=False)
    return site_dir
