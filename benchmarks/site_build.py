"""Build cost of the hooks: the example site through the hooks vs. the same pages as plain files.

    python benchmarks/site_build.py [--repeat 3]

Both builds run `mkdocs build` in a fresh process, alternately, `--repeat` times each:

- hooks: the repository as it is (mkdocs.yml with hooks/colloquium_hooks.py: load and validate
  data/, render every page, calendars and feed);
- plain: the very same generated files written out beforehand into a docs folder next to the
  hand-written content/, built with the same mkdocs.yml minus the hooks (and with the
  navigation the hooks would have set).

It prints the median CPU time (user + system) and wall time of each, and their ratios (target:
hooks at most 1.3x plain). The ratio of CPU times is the one to quote: it does not change when
other work shares the machine, which wall time does. The build date is fixed, so both build
identical pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "COLLOQUIUM_BUILD_DATE": "2025-09-20", "NO_MKDOCS_2_WARNING": "1"}


def plain_project(folder: Path, project: Path = REPO) -> Path:
    """Write the hooks' output as plain files plus a hook-free mkdocs.yml into `folder`.

    `project` is a folder with a mkdocs.yml that uses the hooks (the repository, or a synthetic
    site of benchmarks/site_scaling.py); the hand-written pages come from the repository.
    """
    from mkdocs.config import load_config

    os.environ.update(ENV)
    spec = importlib.util.spec_from_file_location("colloquium_hooks", REPO / "hooks" / "colloquium_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = hooks
    spec.loader.exec_module(hooks)
    config = hooks.on_config(load_config(str(project / "mkdocs.yml")))

    docs = folder / "docs"
    shutil.copytree(REPO / "content", docs)
    build = hooks._state["current"]
    for path, content in build.sources.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for path, image in build.figure_images.items():
        shutil.copyfile(image, docs / path)

    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    del settings["hooks"]
    settings.pop("watch", None)
    settings["docs_dir"] = str(docs)
    settings["theme"]["custom_dir"] = str(REPO / settings["theme"]["custom_dir"])
    settings["nav"] = config.nav
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return folder


def timed_build(project: Path, site_dir: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one `mkdocs build` process."""
    build = measured_build(project, site_dir)
    return build.cpu, build.wall


@dataclass(frozen=True)
class Build:
    cpu: float  # seconds, user + system
    wall: float  # seconds
    peak_memory: int  # bytes: the process's largest resident set


def measured_build(project: Path, site_dir: Path) -> Build:
    """CPU time, wall time and peak memory of one `mkdocs build` process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=project, env=ENV,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args)
    return Build(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss * 1024)


def html_pages(site_dir: Path) -> set[str]:
    return {str(path.relative_to(site_dir)) for path in site_dir.rglob("*.html")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind (default 3)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = plain_project(tmp / "plain")
        runs: dict[str, list[tuple[float, float]]] = {"hooks": [], "plain": []}
        for _ in range(args.repeat):
            runs["hooks"].append(timed_build(REPO, tmp / "site-hooks"))
            runs["plain"].append(timed_build(plain, tmp / "site-plain"))
        pages = html_pages(tmp / "site-hooks")
        assert pages == html_pages(tmp / "site-plain"), "the two builds made different pages"

    print(f"pages built: {len(pages)}, {args.repeat} builds of each kind, medians:")
    medians = {}
    for measure, index in (("CPU", 0), ("wall", 1)):
        hooks = statistics.median(run[index] for run in runs["hooks"])
        plain_time = statistics.median(run[index] for run in runs["plain"])
        medians[measure] = hooks / plain_time
        print(f"  {measure:4} time: hooks {hooks:.2f} s, plain {plain_time:.2f} s, ratio {hooks / plain_time:.2f}x")
    print(f"ratio hooks/plain (CPU time): {medians['CPU']:.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
