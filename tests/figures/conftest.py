"""The quick figure suite, built once per test run into a temporary folder by the real command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def build_figures(out: Path, *args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess:
    """`python -m reference_impl.figures --quick --device cpu --out OUT ARGS...` in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "reference_impl.figures", "--quick", "--device", "cpu", "--out", str(out), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


@pytest.fixture(name="build_figures", scope="session")
def build_figures_fixture():
    return build_figures


@pytest.fixture(scope="session")
def quick_figures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """figures/ of a `python -m reference_impl.figures --quick` run (every registered figure)."""
    out = tmp_path_factory.mktemp("quick") / "figures"
    done = build_figures(out)
    if done.returncode != 0:
        pytest.fail(f"quick figure build failed:\n{done.stdout}\n{done.stderr[-6000:]}", pytrace=False)
    return out


@pytest.fixture
def project_copy(tmp_path: Path, quick_figures: Path) -> Path:
    """A copy of reference_impl/ with the quick figures beside it: a project root tests may change."""
    root = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "reference_impl", root / "reference_impl", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(quick_figures, root / "figures")
    return root
