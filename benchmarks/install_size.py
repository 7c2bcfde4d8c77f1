"""Install time and size of the site alone against everything, each in a fresh venv.

    python benchmarks/install_size.py

Publishing and editing need only the site's packages (requirements/site.lock); before the
split, every install (the Pages workflow's on every publish included) took the whole set that
the tests need today (requirements/test.lock: torch, diffusers, playwright ...), each as the
Makefile installs it: the lock with `--require-hashes`, then the project without dependencies. Both are
installed here side by side, on the same machine, from the same package sources, into a new
virtual environment each (pip's cache warm for both, as on a developer's machine or in CI
with its pip cache); it reports the wall time of `pip install` and the size of the venv.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"site (requirements/site.lock)": "requirements/site.lock", "everything (requirements/test.lock)": "requirements/test.lock"}


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def install(lock: str, folder: Path) -> tuple[float, int, int]:
    """(seconds, bytes, packages) of installing `lock` and the project into a fresh venv at `folder`."""
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    start = time.perf_counter()
    for command in (["--require-hashes", "-r", lock], ["--no-deps", "--no-build-isolation", "."]):
        done = subprocess.run([python, "-m", "pip", "install", "-q", *command], cwd=REPO, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"pip install {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    seconds = time.perf_counter() - start
    packages = subprocess.run([python, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True)
    return seconds, size(folder), len(packages.stdout.splitlines())


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        rows = []
        for label, target in TARGETS.items():
            for warm_up in (True, False):  # the first install fills pip's cache; the second is timed
                seconds, used, packages = install(target, Path(scratch) / f"{len(rows)}-{warm_up}")
            rows.append((label, seconds, used, packages))
            print(f"{label}: {seconds:.1f} s, {used / 2**20:.0f} MiB, {packages} packages", file=sys.stderr)
    print("| install | time | size | packages |\n| --- | --- | --- | --- |")
    for label, seconds, used, packages in rows:
        print(f"| {label} | {seconds:.0f} s | {used / 2**20:.0f} MiB | {packages} |")


if __name__ == "__main__":
    main()
