"""Build cost and size of sites that grow: synthetic sites at k times the example, and sites
of one event with N sessions.

    python benchmarks/site_scaling.py [--sizes 1,5,20,50] [--sessions 50,500,5000] [--rounds 3] [--no-plain] [--json FILE]

A site of size k holds k copies of the example's events (data/events/): copy 0 is the example
itself; copy i has new event ids (`<id>-<i>`), titles marked "#i", all its dates 26·i weeks
earlier (so weekdays and meeting days stay what they were) and its own people (`<person>-<i>`,
copies of data/people.yml); readings and figures are shared. A site of N sessions (`--sessions`)
is one weekly seminar of N sessions, each with a presenter, a summary and a reading
(event_linearity.write_data), under the repository's settings.

Per size, `mkdocs build` runs on the site through the hooks and on the very same pages as
plain Markdown files (site_build.plain_project: the same theme, features and navigation),
alternately, `--rounds` times each, each build in a fresh process (`--no-plain`: the hooks'
build only, for sizes that take minutes). The table gives, for the
hooks' build, the median CPU time with its spread (min–max over the rounds), the peak memory,
the HTML pages, the site's size, the search index, the mean and the largest HTML page, and the
ratio hooks/plain of CPU time (median over the alternating pairs, with min–max). The last
column is `colloquium validate` on the site's data (a fresh process, imports included; median
CPU time, and wall time, which grows when other work shares the machine). Each series ends with
the mean HTML page, the largest page, the site's size and the CPU time per page as ratios to
its smallest size, and issue 27's targets, met or not (`verdicts`).

Targets (issue 15): CPU time per page and HTML bytes per page at 50x within 1.5x of the
example's; the 50x site under 300 MB; hooks within 1.3x of plain at every size; validate under
one second at 20x. Issue 27: HTML bytes per page at 200x the example, and in one event of 5,000
sessions, within 1.2x of the smallest size's; the 200x site under 500 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from event_linearity import write_data as write_event_data  # noqa: E402
from site_build import ENV, REPO, measured_build, plain_project  # noqa: E402

EXAMPLE_DATA = REPO / "data"
SHIFT = dt.timedelta(weeks=26)  # between copies: whole weeks keep every weekday
PERSON_KEYS = ("presenters", "organizers", "instructors", "person")  # where data refers to people


def _shifted(value, days: dt.timedelta):
    """Every date (and date-time) in a YAML document moved by `days`."""
    if isinstance(value, dict):
        return {key: _shifted(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [_shifted(item, days) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value - days
    return value


def _people_renamed(value, copy: int):
    """References to people (presenters, organizers, instructors, staff) point to copy `copy`."""
    if isinstance(value, list):
        return [_people_renamed(item, copy) for item in value]
    if not isinstance(value, dict):
        return value
    renamed = {}
    for key, item in value.items():
        if key in PERSON_KEYS and isinstance(item, str):
            renamed[key] = f"{item}-{copy}"
        elif key in PERSON_KEYS and isinstance(item, list):
            renamed[key] = [f"{ref}-{copy}" if isinstance(ref, str) else ref for ref in item]
        else:
            renamed[key] = _people_renamed(item, copy)
    return renamed


def synthetic_data(data_dir: Path, copies: int) -> int:
    """Write `copies` copies of the example's data into `data_dir`; return the sessions written."""
    (data_dir / "events").mkdir(parents=True)
    shutil.copyfile(EXAMPLE_DATA / "readings.yml", data_dir / "readings.yml")
    people = yaml.safe_load((EXAMPLE_DATA / "people.yml").read_text(encoding="utf-8"))
    all_people = dict(people)
    for copy in range(1, copies):
        all_people.update({f"{pid}-{copy}": {**person, "name": f"{person['name']} {copy}"} for pid, person in people.items()})
    (data_dir / "people.yml").write_text(yaml.safe_dump(all_people, allow_unicode=True, sort_keys=False), encoding="utf-8")
    sessions = 0
    for path in sorted((EXAMPLE_DATA / "events").glob("*.yml")):
        event = yaml.safe_load(path.read_text(encoding="utf-8"))
        for copy in range(copies):
            if copy == 0:
                shutil.copyfile(path, data_dir / "events" / path.name)
            else:
                copied = _people_renamed(_shifted(event, SHIFT * copy), copy)
                copied["title"] = f"{event['title']} #{copy}"
                (data_dir / "events" / f"{path.stem}-{copy}.yml").write_text(
                    yaml.safe_dump(copied, allow_unicode=True, sort_keys=False), encoding="utf-8")
            sessions += len(event.get("sessions") or [])
    return sessions


def synthetic_project(folder: Path, copies: int) -> tuple[Path, int]:
    """A project with the repository's mkdocs.yml, hooks, theme and hand-written pages, and
    `copies` copies of the example's data; (its folder, its number of sessions)."""
    return _project(folder, lambda data: synthetic_data(data, copies))


def event_project(folder: Path, sessions: int) -> tuple[Path, int]:
    """A project with the repository's settings and one seminar of `sessions` sessions."""
    return _project(folder, lambda data: write_event_data(data, sessions) or sessions)


def _project(folder: Path, write_data) -> tuple[Path, int]:
    folder.mkdir(parents=True)
    sessions = write_data(folder / "data")
    for shared in ("figures", "reference_impl"):  # the figure manifest and the sources it is checked against
        (folder / shared).symlink_to(REPO / shared, target_is_directory=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / config["docs_dir"])
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["hooks"] = [str(REPO / hook) for hook in config["hooks"]]
    config.pop("watch", None)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder, sessions


def site_facts(site_dir: Path) -> dict:
    """Sizes of a built site: every file, the search index, the HTML pages."""
    pages = {}
    total = 0
    for path in site_dir.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html" and path.name != "404.html":
                pages[str(path.relative_to(site_dir))] = size
    largest = max(pages, key=pages.get)
    return {
        "pages": len(pages),
        "site_bytes": total,
        "search_index_bytes": (site_dir / "search" / "search_index.json").stat().st_size,
        "html_bytes_per_page": sum(pages.values()) / len(pages),
        "largest_page": largest,
        "largest_page_bytes": pages[largest],
    }


def validate_seconds(project: Path, rounds: int) -> tuple[float, float]:
    """Median (CPU, wall) seconds of `colloquium validate` on the project's data, in fresh
    processes (wall time grows when other work shares the machine; CPU time does not)."""
    command = [sys.executable, "-c", "from colloquium.cli import main; main()", "validate", "--data", "data"]
    cpu, wall = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=ENV, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall.append(time.perf_counter() - start)
        cpu.append(usage.ru_utime + usage.ru_stime)
        assert os.waitstatus_to_exitcode(status) == 0, "colloquium validate failed"
    return statistics.median(cpu), statistics.median(wall)


def measure(label: str, make_project, rounds: int, plain_too: bool, tmp: Path) -> dict:
    """Build the project `make_project(folder)` makes (folder, sessions) `rounds` times, and
    as many times its pages as plain Markdown when `plain_too`."""
    project, sessions = make_project(tmp / label)
    plain = plain_project(tmp / f"{label}-plain", project) if plain_too else None
    hooks_runs, plain_runs = [], []
    for _ in range(rounds):
        hooks_runs.append(measured_build(project, tmp / f"{label}-site-hooks"))
        if plain:
            plain_runs.append(measured_build(plain, tmp / f"{label}-site-plain"))
    facts = site_facts(tmp / f"{label}-site-hooks")
    if plain:
        assert facts["pages"] == site_facts(tmp / f"{label}-site-plain")["pages"], "the two builds made different pages"
    cpu = [run.cpu for run in hooks_runs]
    ratios = [h.cpu / p.cpu for h, p in zip(hooks_runs, plain_runs)] or [float("nan")]
    result = {
        "label": label,
        "sessions": sessions,
        "rounds": rounds,
        **facts,
        "cpu_s": statistics.median(cpu),
        "cpu_s_min": min(cpu),
        "cpu_s_max": max(cpu),
        "plain_cpu_s": statistics.median(run.cpu for run in plain_runs) if plain_runs else None,
        "wall_s": statistics.median(run.wall for run in hooks_runs),
        "peak_memory_bytes": max(run.peak_memory for run in hooks_runs),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
    }
    result["validate_cpu_s"], result["validate_wall_s"] = validate_seconds(project, max(3, rounds))
    result["cpu_ms_per_page"] = 1000 * result["cpu_s"] / result["pages"]
    for name in (label, f"{label}-site-hooks", f"{label}-site-plain", f"{label}-plain"):
        shutil.rmtree(tmp / name, ignore_errors=True)
    return result


def table(results: list[dict]) -> str:
    mb = 1024 * 1024
    rows = [
        "| size | sessions | HTML pages | build CPU s (min–max) | CPU ms / page | peak memory | site size "
        "| search index | HTML / page | largest page | hooks / plain (min–max) | validate: CPU (wall) | rounds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = f"{r['ratio']:.2f}x ({r['ratio_min']:.2f}–{r['ratio_max']:.2f})" if r["plain_cpu_s"] else "–"
        rows.append(
            f"| {r['label']} | {r['sessions']:,} | {r['pages']:,} "
            f"| {r['cpu_s']:.1f} ({r['cpu_s_min']:.1f}–{r['cpu_s_max']:.1f}) | {r['cpu_ms_per_page']:.1f} "
            f"| {r['peak_memory_bytes'] / mb:.0f} MB | {r['site_bytes'] / mb:.0f} MB | {r['search_index_bytes'] / mb:.2f} MB "
            f"| {r['html_bytes_per_page'] / 1000:.1f} kB | {r['largest_page_bytes'] / 1000:.0f} kB ({r['largest_page'].removesuffix('index.html') or '/'}) "
            f"| {ratio} | {r['validate_cpu_s']:.2f} s ({r['validate_wall_s']:.2f} s) | {r['rounds']} |"
        )
    return "\n".join(rows)


def growth(results: list[dict]) -> str:
    """Each size against the series' first: mean and largest HTML page, site size, CPU per page."""
    base = results[0]
    rows = [f"| size | HTML / page | largest page | site size | CPU per page | (against {base['label']}) |",
            "| --- | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        rows.append(f"| {r['label']} | {r['html_bytes_per_page'] / base['html_bytes_per_page']:.2f}x "
                    f"| {r['largest_page_bytes'] / base['largest_page_bytes']:.2f}x | {r['site_bytes'] / base['site_bytes']:.1f}x "
                    f"| {r['cpu_ms_per_page'] / base['cpu_ms_per_page']:.2f}x | |")
    return "\n".join(rows)


# Issue 27's targets: HTML bytes per page within this ratio of the series' smallest size's, and
# the site of 200 times the example under this many bytes (GitHub Pages publishes at most 1 GB).
PER_PAGE_GROWTH = 1.2
SITE_200X_BYTES = 500_000_000


def verdicts(results: list[dict]) -> list[str]:
    """Each target of issue 27 that a series measures, met or not."""
    base = results[0]
    lines = []
    for r in results[1:]:
        growth_ratio = r["html_bytes_per_page"] / base["html_bytes_per_page"]
        lines.append(f"{r['label']}: HTML per page {growth_ratio:.2f}x the {base['label']}'s (target {PER_PAGE_GROWTH}x): "
                     + ("met" if growth_ratio <= PER_PAGE_GROWTH else "NOT met"))
        if r["label"] == "200x":
            lines.append(f"200x: {r['site_bytes'] / 1e6:.0f} MB (target {SITE_200X_BYTES / 1e6:.0f} MB): "
                         + ("met" if r["site_bytes"] < SITE_200X_BYTES else "NOT met"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5,20,50", help="copies of the example's events (default 1,5,20,50; '' for none)")
    parser.add_argument("--sessions", default="", help="sessions of one event, a site each (e.g. 50,500,5000)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating pairs of builds per size (default 3)")
    parser.add_argument("--no-plain", action="store_true", help="build through the hooks only (no hooks/plain ratio)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    series = [
        [(("example" if k == 1 else f"{k}x"), lambda folder, k=k: synthetic_project(folder, k)) for k in _sizes(args.sizes)],
        [(f"1 event of {n:,}", lambda folder, n=n: event_project(folder, n)) for n in _sizes(args.sessions)],
    ]
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        for sizes in filter(None, series):
            measured.append([])
            for label, make in sizes:
                measured[-1].append(measure(label, make, args.rounds, not args.no_plain, Path(tmp)))
                print(table(measured[-1][-1:]).splitlines()[-1], flush=True)
    for results in measured:
        print()
        print(table(results))
        print()
        print(growth(results))
        print()
        print("\n".join(verdicts(results)))
    if args.json:
        args.json.write_text(json.dumps([r for results in measured for r in results], indent=2), encoding="utf-8")


def _sizes(text: str) -> list[int]:
    return [int(size) for size in text.split(",") if size]


if __name__ == "__main__":
    main()
