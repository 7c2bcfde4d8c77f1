"""What each builder costs: the example site built by MkDocs with the hook, and rendered
(`colloquium render`) then built by MkDocs, ProperDocs and Zensical.

    make builders && python benchmarks/builders.py [--rounds 3]

Each round builds the site once per way, in fresh processes, the ways in turn (so that other
work on the machine spoils a round rather than one way). Printed per way: the median CPU time
(user + system of the processes, children included) and wall time, with the range over the
rounds, and each way's CPU time over that of MkDocs with the hook. Rendering is counted with
the builder that needs it. Zensical's own wall time is its Rust engine's; its CPU time includes
the Python it runs (Markdown, the theme's templates). The build date is fixed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUILDERS = REPO / ".venv-builders"
ENV = {**os.environ, "COLLOQUIUM_BUILD_DATE": "2025-09-20", "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one command, its children included."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system), wall


def ways(tmp: Path) -> dict[str, list[tuple[list[str], Path]]]:
    """Each way of publishing: its commands, in order, with the folder each runs in."""
    render = lambda builder: ([str(BIN / "colloquium"), "render", str(tmp / builder), "--strict", "--builder", builder], REPO)  # noqa: E731
    found = {
        "MkDocs with the hook": [([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "hook-site")], REPO)],
        "render + MkDocs": [render("mkdocs"), ([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], tmp / "mkdocs")],
    }
    if (BUILDERS / "properdocs" / "bin" / "properdocs").exists():
        properdocs = str(BUILDERS / "properdocs" / "bin" / "properdocs")
        found["render + ProperDocs"] = [render("properdocs"), ([properdocs, "build", "--strict", "-q", "-f", "mkdocs.yml"], tmp / "properdocs")]
    if (BUILDERS / "zensical" / "bin" / "zensical").exists():
        found["render + Zensical"] = [render("zensical"), ([str(BUILDERS / "zensical" / "bin" / "zensical"), "build", "--strict"], tmp / "zensical")]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds over every way (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        runs: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.rounds):
            for name, steps in ways(tmp).items():
                cpu = wall = 0.0
                for command, cwd in steps:
                    step_cpu, step_wall = timed(command, cwd)
                    cpu, wall = cpu + step_cpu, wall + step_wall
                runs.setdefault(name, []).append((cpu, wall))
                shutil.rmtree(tmp / "zensical" / "site", ignore_errors=True)
    base = statistics.median(cpu for cpu, _ in runs["MkDocs with the hook"])
    print(f"| way | CPU time | wall time | CPU / MkDocs with the hook |  ({args.rounds} rounds, median [range])")
    print("| --- | ---: | ---: | ---: |")
    for name, measured in runs.items():
        cpus, walls = [c for c, _ in measured], [w for _, w in measured]
        print(f"| {name} | {statistics.median(cpus):.2f} s [{min(cpus):.2f}, {max(cpus):.2f}] "
              f"| {statistics.median(walls):.2f} s [{min(walls):.2f}, {max(walls):.2f}] | {statistics.median(cpus) / base:.2f}x |")


if __name__ == "__main__":
    main()
